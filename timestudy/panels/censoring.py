"""Pieces open at the diary's edges: how many days a piece of work takes, censoring allowed for.

A diary of a few weeks cuts pieces of work written over several days: one begun
before the diary shows only its last sittings, one still open at its end only
its first. Averaging the pieces seen would make such work look short (and
leaving out the cut pieces would leave mostly short ones). The rule here:

- The *margin* of a task type is the 95th percentile of the gaps (in days) between
  two sittings of one of its pieces, at most its linking window. A piece's start
  is *seen* when its first sitting is at least the margin after its worker's first
  diary day (else it is **left-censored**: it may have begun before); its end is
  seen when its last sitting is at least the margin before their last diary day
  (else it is **right-censored**: it may go on).
- The number of days ``D`` on which a piece is worked is estimated like a survival
  time (Kaplan-Meier, in days worked): the hazard ``h_k = P(D = k | D >= k)`` is
  the share of pieces ending at their k-th day among those whose k-th day has a
  margin of diary after it, counting forwards from seen starts; and, since a
  piece read backwards ends where it began, also the share beginning at their
  k-th day from the end among those whose k-th day from the end has a margin of
  diary before it, counting backwards from seen ends. ``E[D] = sum_k prod_{j<k}
  (1 - h_j)``.
- The same ``E[D]`` is also estimated by *steady flow*: in a steady flow of work, the
  days worked on pieces of a task within any stretch of diary are its starts in that
  stretch times ``E[D]``. Over each worker's diary from the margin on, the days
  worked on the task's pieces (``days_preceded``, cut pieces included) over the
  pieces seen to start there (not left-censored); and backwards, the days up to the
  margin before the end (``days_followed``) over the pieces seen to end there: the
  two pooled, ``sum(days_preceded + days_followed) / sum(starts + ends seen)``.
  Kaplan-Meier leans on the few long pieces seen whole, steady flow on every day
  worked; each has a small bias of its own in a four-week diary (the first
  short, the second long when a piece's gaps exceed the margin), so the **edge
  rule** is their mean (:func:`edge_days`). Shown by simulation in
  ``benchmarks/coverage.py``.
- Time per piece is ``E[D]`` times the minutes per day worked on pieces of the task
  (all pieces, cut or not). For a one-day task (window 0) ``D = 1``: the plain mean.
- A diary too short for the margin (no piece's k-th day has a margin of diary on
  both sides) gives nothing to go on: the mean days of the pieces seen are used,
  which makes such work look short, and the estimate says so.

For a steady flow of work this has no bias from the diary's edges (shown by
simulation in ``benchmarks/coverage.py``); its price is precision: a four-week
diary sees a two-week statement whole only now and then.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MARGIN_QUANTILE = 0.95


def risk_counts(pieces: pd.DataFrame, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """At-risk and ending indicators of each piece on days 1..k_max, both directions pooled.

    Returns two arrays of shape (n_pieces, k_max): how many times (0, 1 or 2) the
    piece is at risk at its k-th day, and how many times it is seen to end there.

    Examples
    --------
    >>> p = pd.DataFrame({"n_days": [2, 3], "left_censored": [False, False],
    ...     "right_censored": [False, True], "days_followed": [2, 1], "days_preceded": [2, 3]})
    >>> at, ev = risk_counts(p, 3)
    >>> at.tolist(), ev.tolist()
    ([[2, 2, 0], [1, 0, 0]], [[0, 2, 0], [0, 0, 0]])
    """
    k = np.arange(1, k_max + 1)[None, :]
    n = pieces["n_days"].to_numpy()[:, None]
    start = ~pieces["left_censored"].to_numpy()[:, None]
    end = ~pieces["right_censored"].to_numpy()[:, None]
    fwd = start & (k <= pieces["days_followed"].to_numpy()[:, None])
    rev = end & (k <= pieces["days_preceded"].to_numpy()[:, None])
    ends = start & end & (k == n)
    return fwd.astype(np.int64) + rev, 2 * ends.astype(np.int64)


def risk_table(pieces: pd.DataFrame, group: np.ndarray, n_groups: int, k_max: int,
               weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """At-risk and ending counts summed by group (n_groups x k_max), without a row per piece.

    The same sums as :func:`risk_counts` over the pieces of each group: a piece is at
    risk on every day up to its days followed (preceded), so the counts are reversed
    cumulative histograms of those, built with one ``bincount`` each.

    Examples
    --------
    >>> p = pd.DataFrame({"n_days": [2, 3], "left_censored": [False, False],
    ...     "right_censored": [False, True], "days_followed": [2, 1], "days_preceded": [2, 3]})
    >>> at, ev = risk_table(p, np.array([0, 0]), 1, 3)
    >>> at.tolist(), ev.tolist()
    ([[3.0, 2.0, 0.0]], [[0.0, 2.0, 0.0]])
    """
    w = np.ones(len(pieces)) if weight is None else np.asarray(weight, float)
    start = ~pieces["left_censored"].to_numpy()
    end = ~pieces["right_censored"].to_numpy()
    n = np.clip(pieces["n_days"].to_numpy(), 0, k_max)
    size = n_groups * (k_max + 1)

    def hist(keep: np.ndarray, days: np.ndarray) -> np.ndarray:
        d = np.clip(days, 0, k_max)
        h = np.bincount(group[keep] * (k_max + 1) + d[keep], weights=w[keep], minlength=size)
        h = h.reshape(n_groups, k_max + 1)
        return np.cumsum(h[:, ::-1], axis=1)[:, ::-1][:, 1:]  # pieces with at least k days

    at = hist(start, pieces["days_followed"].to_numpy()) + hist(
        end, pieces["days_preceded"].to_numpy())
    both = start & end
    ev = np.bincount(group[both] * (k_max + 1) + n[both], weights=2 * w[both], minlength=size)
    return at, ev.reshape(n_groups, k_max + 1)[:, 1:]


def expected_days(at_risk: np.ndarray, events: np.ndarray) -> np.ndarray:
    """``E[D]`` from at-risk and event counts over the last axis (days 1..K).

    A day with no piece at risk ends the curve (hazard 1); with none at risk on the
    first day there is nothing to go on (NaN: the diary is too short for the margin
    of the task). Works on any leading shape, e.g. (replicates, tasks, K).

    Examples
    --------
    >>> float(expected_days(np.array([10, 8, 4]), np.array([2, 4, 4])))  # 1 + 0.8 + 0.4
    2.2
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(at_risk > 0, events / at_risk, 1.0)
    surv = np.cumprod(1 - h, axis=-1)
    return np.where(np.asarray(at_risk)[..., 0] > 0, 1 + surv[..., :-1].sum(axis=-1), np.nan)


def flow_terms(pieces: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each piece's days in the steady-flow numerator and its starts and ends seen (0 to 2).

    Examples
    --------
    >>> p = pd.DataFrame({"left_censored": [False, True], "right_censored": [True, False],
    ...     "days_followed": [1, 2], "days_preceded": [3, 1]})
    >>> [a.tolist() for a in flow_terms(p)]
    [[4, 3], [1, 1]]
    """
    days = pieces["days_preceded"].to_numpy() + pieces["days_followed"].to_numpy()
    seen = (~pieces["left_censored"].to_numpy()).astype(np.int64) + (
        ~pieces["right_censored"].to_numpy())
    return days, seen


def edge_days(km: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """The edge rule: the mean of the Kaplan-Meier and steady-flow days per piece, or the one
    that exists (NaN when neither does).

    Examples
    --------
    >>> edge_days(np.array([2.0, np.nan, np.nan]), np.array([3.0, 1.5, np.nan])).tolist()
    [2.5, 1.5, nan]
    """
    both = np.isfinite(km) & np.isfinite(flow)
    return np.where(both, (km + flow) / 2, np.where(np.isfinite(km), km, flow))


def days_per_piece(pieces: pd.DataFrame) -> pd.Series:
    """``E[D]``, the days worked per piece with censoring allowed for (the edge rule), by task.

    Pieces count by their ``weight`` (survey weights) when the column is there.

    Examples
    --------
    >>> p = pd.DataFrame({"task_type": "x", "n_days": [1, 2, 3], "left_censored": False,
    ...     "right_censored": False, "days_followed": [1, 2, 3], "days_preceded": [1, 2, 3]})
    >>> float(days_per_piece(p)["x"])
    2.0
    """
    k_max = int(max(pieces["n_days"].max(), 1)) if len(pieces) else 1
    codes, tasks = pd.factorize(pieces["task_type"], sort=True)
    w = pieces["weight"].to_numpy(float) if "weight" in pieces else None
    a, e = risk_table(pieces, codes, len(tasks), k_max, w)
    w = pieces["weight"] if "weight" in pieces else pd.Series(1.0, index=pieces.index)
    f_days, f_seen = flow_terms(pieces)
    wt = w.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        flow = (np.bincount(codes, weights=f_days * wt, minlength=len(tasks))
                / np.bincount(codes, weights=f_seen * wt, minlength=len(tasks)))
    days = pd.Series(edge_days(expected_days(a, e), flow),
                     index=pd.Index(tasks, name="task_type"), name="days_per_piece")
    g = pieces.assign(_d=pieces["n_days"] * w, _w=w).groupby("task_type")
    seen = g["_d"].sum() / g["_w"].sum()  # too short a diary: the days seen
    return days.fillna(seen.reindex(days.index))


def margins(gaps: np.ndarray, task: np.ndarray, windows: np.ndarray,
            weight: np.ndarray | None = None) -> np.ndarray:
    """Each row's censoring margin: its task's 95th percentile gap between sittings (weighted,
    by the inverse of the weighted distribution), at most its window; 0 when the task has
    no piece worked on two days or more.

    Examples
    --------
    >>> margins(np.array([0, 2, 3, 9, 0]), np.array([0, 0, 0, 0, 1]), np.array([14, 14, 14, 14, 5]))
    array([9, 9, 9, 9, 0])
    """
    w = np.ones(len(gaps)) if weight is None else np.asarray(weight, float)
    inner = gaps > 0
    out = np.zeros(len(gaps), dtype=np.int64)
    if inner.any():
        o = np.lexsort((gaps[inner], task[inner]))
        t, g, cw = task[inner][o], gaps[inner][o], w[inner][o]
        first = np.r_[True, t[1:] != t[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(len(t)), 0))
        total = np.cumsum(cw)
        before = np.where(start > 0, total[start - 1], 0.0)
        cum = total - before
        task_total = pd.Series(cw).groupby(t).transform("sum").to_numpy()
        hit = cum >= MARGIN_QUANTILE * task_total - 1e-9
        q = pd.Series(np.where(hit, g, np.iinfo(np.int64).max)).groupby(t).min()
        out = pd.Series(task).map(q).fillna(0).to_numpy().astype(np.int64)
    return np.minimum(windows, out).astype(np.int64)
