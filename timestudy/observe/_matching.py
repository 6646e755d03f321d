"""The arithmetic of inter-observer agreement: slice tables, task matching, concordance.

Functions here take integer arrays (pair, side, label codes, times in
microseconds) and never touch a result object, so they can be tested on their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.observe._timeline import US_PER_S, split_periods, stack, trim


def slice_labels(
    pair: np.ndarray,
    side: np.ndarray,
    label: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    origin: np.ndarray,
    seconds: float,
    n_pairs: int,
) -> tuple[pd.DataFrame, float]:
    """Both observers' labels for each slice of ``seconds`` from the pair's ``origin``.

    Returns a frame of ``pair``, ``label_a``, ``label_b`` and ``weight`` (slices,
    or seconds) for the slices both observers recorded, and the number of slices
    only one of them did. The slices are those of :func:`slice_grid` with two sides.
    """
    group, labels, weight = slice_grid(pair, side, label, start, end, origin, seconds, n_pairs, 2)
    both = (labels >= 0).all(axis=1)
    out = pd.DataFrame(
        {
            "pair": group[both],
            "label_a": labels[both, 0],
            "label_b": labels[both, 1],
            "weight": weight[both],
        }
    )
    return out, float(weight[~both].sum())


def slice_grid(
    group: np.ndarray,
    side: np.ndarray,
    label: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    origin: np.ndarray,
    seconds: float,
    n_groups: int,
    n_sides: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each observer's label for each slice of ``seconds`` from the group's ``origin``.

    A group is a stretch of time several observers (``side`` 0 to ``n_sides - 1``)
    recorded of one worker: a pair of sessions, or the sessions of a joint
    observation. An observer's label for a slice is the one they recorded for most
    of it (the lower label code on a tie); overlapping records of one observer
    count once, the earlier-started one winning.

    One-second slices are counted exactly from the overlaps of the records,
    without cutting time into slices: the same counts when times are whole
    seconds (as WOMBAT exports them), and the continuous limit otherwise.

    Returns
    -------
    group : ndarray of int
        The group of each slice that at least one observer recorded.
    labels : ndarray of int, shape (slices, n_sides)
        Each observer's label code, ``-1`` where the observer recorded nothing.
    weight : ndarray of float
        Slices (ones), or for 1-second slices the seconds each row stands for.

    Examples
    --------
    Two observers of one group, 90 s apart on a change from label 0 to 1:

    >>> g, lab, w = slice_grid(np.array([0, 0, 0]), np.array([0, 0, 1]), np.array([0, 1, 0]),
    ...     np.array([0, 60, 0]) * 10**6, np.array([60, 120, 120]) * 10**6, np.array([0]),
    ...     60, 1, 2)
    >>> lab.tolist(), w.tolist()
    ([[0, 0], [1, 0]], [1.0, 1.0])
    """
    stream = group * n_sides + side
    kept = trim(stream, start, end, n_groups * n_sides)
    if seconds == 1:
        return _overlap_seconds(group, side, label, kept, end, n_groups, n_sides)
    period = max(1, int(round(seconds * US_PER_S)))
    rows, k, length = split_periods(kept, end, origin[group], period)
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros((0, n_sides), np.int64), np.zeros(0)
    g, lab = stream[rows], label[rows]
    # total length per (stream, slice, label), then the longest label of each slice
    order = np.lexsort((lab, k, g))
    g, k, lab, length = g[order], k[order], lab[order], length[order]
    new = np.concatenate([[True], (g[1:] != g[:-1]) | (k[1:] != k[:-1]) | (lab[1:] != lab[:-1])])
    starts = np.flatnonzero(new)
    g, k, lab = g[starts], k[starts], lab[starts]
    total = np.add.reduceat(length, starts) if len(starts) else length[:0]
    order = np.lexsort((lab, -total, k, g))
    g, k, lab = g[order], k[order], lab[order]
    first = np.concatenate([[True], (g[1:] != g[:-1]) | (k[1:] != k[:-1])])
    g, k, lab = g[first], k[first], lab[first]
    span = int(k.max()) + 1 if len(k) else 1
    keys, row = np.unique((g // n_sides) * span + k, return_inverse=True)
    labels = np.full((len(keys), n_sides), -1, dtype=np.int64)
    labels[row, g % n_sides] = lab
    return keys // span, labels, np.ones(len(keys))


def _overlap_seconds(group, side, label, kept, end, n_groups, n_sides):
    """Seconds during which each observer recorded each label, from interval overlaps."""
    keep = end > kept
    group, side, label, kept, end = group[keep], side[keep], label[keep], kept[keep], end[keep]
    st = stack(group, kept, end, n_groups)
    bounds = np.unique(np.concatenate([st.start, st.end]))
    left, length = bounds[:-1], np.diff(bounds)
    labels = np.full((len(left), n_sides), -1, dtype=np.int64)
    owner = np.full(len(left), -1, dtype=np.int64)
    for s in range(n_sides):
        idx = np.flatnonzero(side == s)
        if not len(idx):
            continue
        idx = idx[np.argsort(st.start[idx], kind="stable")]  # an observer's pieces are disjoint
        j = np.searchsorted(st.start[idx], left, side="right") - 1
        jj = idx[np.clip(j, 0, None)]
        on = (j >= 0) & (st.end[jj] > left)
        labels[on, s] = label[jj[on]]
        owner[on] = group[jj[on]]
    seen = owner >= 0
    return owner[seen], labels[seen], length[seen] / US_PER_S


def match_tasks(
    pair: np.ndarray, side: np.ndarray, start: np.ndarray, end: np.ndarray, n_pairs: int
) -> pd.DataFrame:
    """Pair each observer-A task with the observer-B task it overlaps most, when mutual.

    Tasks must already be clipped to the pair's common window. Returns the
    positions ``a`` and ``b`` (into the input arrays) of the matched tasks, their
    ``overlap`` in microseconds and ``iou``, the overlap over the time either
    covers. A task's best partner is the one with the largest ``iou`` (then the
    closest start, then the earlier), so a short task recorded inside a long one
    matches the other observer's short task, not the long one; a pair is matched
    when each is the other's best, so matching is one to one.
    """
    st = stack(pair, start, end, n_pairs)
    ia, ib = np.flatnonzero(side == 0), np.flatnonzero(side == 1)
    if not len(ia) or not len(ib):
        return pd.DataFrame({"a": [], "b": [], "overlap": [], "iou": []}, dtype=np.int64)
    order = ib[np.argsort(st.start[ib], kind="stable")]
    b_start = st.start[order]
    b_reach = np.maximum.accumulate(st.end[order])  # latest end so far, non-decreasing
    lo = np.searchsorted(b_reach, st.start[ia], side="right")
    hi = np.searchsorted(b_start, st.end[ia], side="left")
    count = np.clip(hi - lo, 0, None)
    cand_a = np.repeat(ia, count)
    cand_b = order[
        np.repeat(lo, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    ]
    overlap = np.minimum(st.end[cand_a], st.end[cand_b]) - np.maximum(
        st.start[cand_a], st.start[cand_b]
    )
    ok = overlap > 0
    a, b, overlap = cand_a[ok], cand_b[ok], overlap[ok]
    union = np.maximum(end[a], end[b]) - np.minimum(start[a], start[b])
    iou = overlap / union
    lag = np.abs(start[b] - start[a])
    # each task's best partner: largest iou, then closest start, then the earlier partner
    best_b = _first_of(a, np.lexsort((b, lag, -iou, a)))
    best_a = _first_of(b, np.lexsort((a, lag, -iou, b)))
    both = np.intersect1d(best_b, best_a)  # candidates that are each other's best
    both = both[np.argsort(a[both], kind="stable")]
    return pd.DataFrame({"a": a[both], "b": b[both], "overlap": overlap[both], "iou": iou[both]})


def _first_of(key: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The first position in ``order`` of each value of ``key``.

    Examples
    --------
    >>> _first_of(np.array([5, 3, 5, 3]), np.array([3, 1, 2, 0])).tolist()
    [3, 2]
    """
    k = key[order]
    return order[np.concatenate([[True], k[1:] != k[:-1]])] if len(k) else order


def kappa_by_group(
    group: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    n_groups: int,
    n_labels: int,
    weight: np.ndarray | None = None,
):
    """Cohen's kappa (point estimate) and observed agreement of each group's label pairs."""
    flat = (group * n_labels + a) * n_labels + b
    t = np.bincount(flat, weight, minlength=n_groups * n_labels * n_labels)
    t = t.reshape(n_groups, n_labels, n_labels).astype(float)
    n = t.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = t / n[:, None, None]
        po = np.trace(p, axis1=1, axis2=2)
        pe = np.einsum("gi,gi->g", p.sum(axis=2), p.sum(axis=1))
        kappa = np.where(np.isclose(pe, 1.0), np.nan, (po - pe) / (1 - pe))
    return kappa, po




def task_spans(
    task: np.ndarray,
    pair: np.ndarray,
    side: np.ndarray,
    label: np.ndarray,
    cs: np.ndarray,
    ce: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    minutes: np.ndarray,
) -> pd.DataFrame:
    """The fragments of each task (same ``task`` code, pair and side) as one task.

    ``task`` codes name a task within its pair and side (a negative code stands for
    itself alone); ``cs``/``ce`` are the fragments clipped to the pair's common window,
    ``start``/``end`` unclipped, ``minutes`` the clipped fragments' time on task. A task
    spans from its first fragment's start to its last fragment's end (pauses inside),
    and its time is the sum of its fragments'. Returns ``pos`` (the first fragment's
    position in the inputs), ``pair``, ``side``, ``label``, ``cs``, ``ce``, ``start``,
    ``end`` and ``minutes``, in the order of the first fragments.

    Examples
    --------
    A call from 0 to 10 paused from 4 to 6 is one task of 8 minutes spanning 0 to 10:

    >>> t = task_spans(np.array([7, 7]), np.zeros(2, int), np.zeros(2, int), np.zeros(2, int),
    ...     np.array([0, 6]), np.array([4, 10]), np.array([0, 6]), np.array([4, 10]),
    ...     np.array([4.0, 4.0]))
    >>> t[["cs", "ce", "minutes"]].values.tolist()
    [[0.0, 10.0, 8.0]]
    """
    n = len(pair)
    alone = task < 0
    code = np.where(alone, -np.arange(n) - 1, task)
    frame = pd.DataFrame({"pair": pair, "side": side, "task": code, "pos": np.arange(n),
                          "label": label, "cs": cs, "ce": ce, "start": start, "end": end,
                          "minutes": minutes})
    out = frame.groupby(["pair", "side", "task"], sort=False).agg(
        pos=("pos", "first"), label=("label", "first"), cs=("cs", "min"), ce=("ce", "max"),
        start=("start", "min"), end=("end", "max"), minutes=("minutes", "sum"),
    )
    out = out.reset_index().drop(columns="task").sort_values("pos", kind="stable")
    return out.reset_index(drop=True)
