"""Concurrent time counted once: which entry of a worker each covered minute goes to.

A minute that several entries of one worker cover is counted once, for the entry that
**ends first**: where an entry runs on into the next (09:00-10:00, then 09:30-10:30) the
one that started first keeps the shared time; an entry wholly inside a longer one that
started earlier is an interruption (lunch 12:30-13:30 with a call 13:00-13:15: the call
counts its 15 minutes, lunch 45); an entry written twice, or starting together with one
listed before it, counts only what that one does not cover. A row recorded as
multitasking, or placed without a time of day, is never an interruption
(:func:`may_interrupt`). :func:`overlap_minutes` gives each entry's minutes counted for
others (``counted_min`` is its own minutes less them: :mod:`timestudy.ingest.flags`);
:func:`counted_pieces` gives where its counted minutes lie on the clock, from the same
sweep (out of hours, the time-of-day profile, the observation measures).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NS_PER_MIN = 60_000_000_000

def overlap_minutes(
    worker: np.ndarray,
    start_at: np.ndarray,
    end_at: np.ndarray,
    interrupts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Minutes of each episode counted for another episode of the same worker.

    A minute that several episodes of a worker cover is counted once, for the one of them
    that ends first. So where one entry overlaps the next (09:00-10:00, then 09:30-10:30)
    the entry that started first keeps the time and the later counts only the part not
    already counted; an *interruption*, an entry lying wholly inside a longer one that
    started earlier (lunch 12:30-13:30, a call 13:00-13:15), counts its own minutes and
    the longer entry loses them (nested interruptions alike: the innermost counts). Of two
    entries ending together the one that started later counts; an entry starting together
    with one listed before it (a form sent twice) never counts time that one covers. A row
    that ``interrupts`` marks false (recorded multitasking, a row placed without a time of
    day) is never an interruption: it counts only time no earlier entry covers, as before.
    So each worker's clock minutes less these are the length of the union of its episodes.

    Rows must be sorted by worker then start (ties in file order). Also returns the latest
    end of the worker's earlier episodes (int64 ns, or the minimum int64 for a first one).

    Examples
    --------
    >>> w = np.array([0, 0, 0, 1])
    >>> s = np.array([0, 30, 90, 0]) * NS_PER_MIN
    >>> e = np.array([60, 50, 120, 10]) * NS_PER_MIN
    >>> overlap_minutes(w, s, e)[0].tolist()  # 30-50 is inside 0-60: an interruption
    [20.0, 0.0, 0.0, 0.0]
    >>> overlap_minutes(w, s, e, np.array([True, False, True, True]))[0].tolist()
    [0.0, 20.0, 0.0, 0.0]
    """
    first, previous, cells = _cover(worker, start_at, end_at, interrupts)
    covered = np.minimum(previous, end_at)  # worked in place: one array, not three
    covered -= start_at
    np.clip(covered, 0, None, out=covered)
    covered[first] = 0
    if cells is not None:  # an interruption's cluster: each row keeps the cells it owns
        rows, lo, hi, owner = cells
        kept = np.bincount(owner, weights=hi - lo, minlength=len(rows)).astype(np.int64)
        covered[rows] = end_at[rows] - start_at[rows] - kept  # exact: whole ns, below 2**53
    return covered / NS_PER_MIN, previous


def counted_pieces(
    worker: np.ndarray,
    start_at: np.ndarray,
    end_at: np.ndarray,
    counted: np.ndarray | None = None,
    *,
    own: np.ndarray | None = None,
    interrupts: np.ndarray | None = None,
    tie: np.ndarray | None = None,
    per_minute: int = NS_PER_MIN,
) -> pd.DataFrame:
    """Where each episode's counted minutes lie on the clock: the pieces it owns.

    Each minute of the clock that several episodes of a worker cover is the one episode's
    that :func:`overlap_minutes` counts it for (the one that ends first), so an episode
    owns one or more disjoint pieces of its clock span (lunch 12:30-13:30 with a call
    13:00-13:15 in it: the call 13:00-13:15, lunch 12:30-13:00 and 13:15-13:30), and
    each worker's pieces make up the union of its episodes. The episode's counted
    minutes are spread over its pieces in proportion to their length; where it owns no
    clock time (equal start and end, or all of it counted for others) they sit at one
    point, a piece from its start to its start.

    Parameters
    ----------
    worker : ndarray
        Worker codes, any order.
    start_at, end_at : ndarray of int64
        Clock times in units of ``1 / per_minute`` minute (ns by default).
    counted : ndarray of float, optional
        Counted minutes of each episode (``counted_min``). Where missing (None or NaN)
        ingest's rule: ``own`` less the clock minutes counted for other episodes,
        at least 0. A source's own duration that differs from the clock span (a Toggl
        timer timed as 15 minutes over 7.5 on the clock) so scales its pieces: 15
        minutes on 7.5 clock minutes count 2 a minute.
    own : ndarray of float, optional
        Each episode's own minutes (``duration_min``); the clock span when not given.
    interrupts : ndarray of bool, optional
        As :func:`overlap_minutes`: false for a row that is never an interruption.
    tie : ndarray, optional
        Order of episodes that start together (``source_row``); the rows' order if not
        given.
    per_minute : int
        Time units per minute.

    Returns
    -------
    DataFrame
        One row per piece, by episode then start: ``row`` (the episode's position),
        ``start``, ``end`` (clock times), ``minutes`` (counted) and ``rate`` (counted
        minutes per clock minute; exactly 1 where the counted minutes are the clock's to
        a microsecond, 0 at a point). An episode of no counted minutes and no clock time
        has no piece; ``minutes`` summed by ``row`` is ``counted``.

    Examples
    --------
    >>> s = np.array([30, 60]) * NS_PER_MIN  # lunch 12:30-13:30, a call 13:00-13:15
    >>> p = counted_pieces(np.array([0, 0]), s + 720 * NS_PER_MIN,
    ...                    np.array([90, 75]) * NS_PER_MIN + 720 * NS_PER_MIN)
    >>> p[["start", "end"]] //= NS_PER_MIN
    >>> p.to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'row': [0, 0, 1], 'start': [750, 795, 780], 'end': [780, 810, 795],
     'minutes': [30.0, 15.0, 15.0], 'rate': [1.0, 1.0, 1.0]}
    """
    n = len(worker)
    order = _lexsort((np.arange(n) if tie is None else np.asarray(tie), start_at, worker))
    w, s, e = np.asarray(worker)[order], start_at[order], end_at[order]
    first, previous, cells = _cover(w, s, e, None if interrupts is None else interrupts[order])
    lo = np.maximum(s, previous)
    plain = np.flatnonzero(e > lo)
    rows, lo, hi = plain, lo[plain], e[plain]
    if cells is not None:  # those clusters' rows own their cells instead
        clustered, c_lo, c_hi, owner = cells
        c_lo, c_hi, owner = _merged(c_lo, c_hi, clustered[owner])
        held = np.zeros(n, bool)
        held[clustered] = True
        keep = ~held[rows]
        rows = np.concatenate([rows[keep], owner])
        lo, hi = np.concatenate([lo[keep], c_lo]), np.concatenate([hi[keep], c_hi])
    rows = order[rows]  # the caller's positions
    clock = np.bincount(rows, weights=hi - lo, minlength=n) / per_minute
    value = np.full(n, np.nan) if counted is None else np.asarray(counted, float)
    if own is None:
        own = np.maximum(end_at - start_at, 0) / per_minute
    value = np.where(np.isfinite(value), value, own - (end_at - start_at) / per_minute + clock)
    value = np.maximum(value, 0.0)
    exact = np.abs(value - clock) * 60e6 < 1  # within a microsecond: the clock itself
    rate = np.divide(value, clock, out=np.zeros(n), where=clock > 0)
    rate[exact] = 1.0
    point = np.flatnonzero((clock == 0) & (value > 0))
    rows = np.concatenate([rows, point])
    lo = np.concatenate([lo, start_at[point]])
    hi = np.concatenate([hi, start_at[point]])
    minutes = (hi - lo) / per_minute * rate[rows]
    minutes[len(minutes) - len(point):] = value[point]
    rate = np.where(hi > lo, rate[rows], 0.0)
    by = _lexsort((lo, rows))
    return pd.DataFrame({"row": rows[by], "start": lo[by], "end": hi[by],
                         "minutes": minutes[by], "rate": rate[by]})


def _lexsort(keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """``np.lexsort(keys)`` (last key first), or all positions in order where the rows
    already are (a check of neighbours, cheaper than a sort)."""
    n = len(keys[0])
    bad = np.zeros(max(n - 1, 0), bool)
    tied = np.ones(max(n - 1, 0), bool)
    for k in reversed(keys):
        bad |= tied & (k[1:] < k[:-1])
        tied &= k[1:] == k[:-1]
    return np.lexsort(keys) if bad.any() else np.arange(n)


def may_interrupt(episodes: pd.DataFrame) -> np.ndarray | None:
    """Which read episodes can be an interruption, from their ``flags``: not those flagged
    ``multitasking`` or ``time_of_day_unknown`` (as :func:`flag_episodes` counts them).

    Examples
    --------
    >>> may_interrupt(pd.DataFrame({"flags": ["overlap", "multitasking;overlap", None]}))
    array([ True, False,  True])
    """
    if "flags" not in episodes:
        return None
    held = episodes["flags"].astype("string").str.contains(
        r"(?:^|;)(?:multitasking|time_of_day_unknown)(?:;|$)", regex=True)
    return ~held.fillna(False).to_numpy(bool)


def _merged(lo, hi, owner):
    """Cells in time order joined where one owner's follow on without a gap."""
    if not len(lo):
        return lo, hi, owner
    new = np.ones(len(lo), bool)
    new[1:] = (owner[1:] != owner[:-1]) | (lo[1:] != hi[:-1])
    at = np.flatnonzero(new)
    last = np.r_[at[1:], len(lo)] - 1
    return lo[at], hi[last], owner[at]


def _cover(worker, start_at, end_at, interrupts):
    """The sweep behind :func:`overlap_minutes` and :func:`counted_pieces` (rows sorted).

    Returns where each row's worker starts, the latest end of the worker's earlier rows
    (``previous``) and, for the clusters of overlapping rows that hold an interruption,
    the cells between their consecutive times with a length and the row that owns each
    (``rows`` of those clusters, cell starts and ends, owner as a position in ``rows``),
    else None: elsewhere each row owns ``[max(start, previous), end)``.
    """
    first = np.ones(len(worker), bool)
    first[1:] = worker[1:] != worker[:-1]
    if not (~first[1:] & (start_at[1:] < end_at[:-1])).any():
        running = end_at  # no episode starts before its predecessor ends: ends only increase
    else:
        running = _running_max(end_at, first)
    previous = np.empty_like(running)
    previous[1:] = running[:-1]
    previous[first] = np.iinfo(np.int64).min
    if running is end_at:
        return first, previous, None
    inside = _interruptions(first, start_at, end_at, previous, interrupts)
    if not inside.any():
        return first, previous, None
    return first, previous, _owned_cells(first, start_at, end_at, previous, inside, interrupts)


def _interruptions(first, start_at, end_at, previous, interrupts) -> np.ndarray:
    """Rows wholly inside a longer row of the worker that started strictly earlier (its end
    no earlier), with a length, and allowed by ``interrupts``."""
    inside = previous >= end_at  # covered by the rows before it (those of its start too)
    inside &= end_at > start_at
    if interrupts is not None:
        inside &= interrupts
    if not inside.any():
        return inside
    same = np.zeros(len(first), bool)  # starts with the row before it
    np.logical_and(~first[1:], start_at[1:] == start_at[:-1], out=same[1:])
    if same[inside].any():  # only rows that started strictly earlier can hold it
        run = np.where(same, 0, np.arange(len(same)))
        np.maximum.accumulate(run, out=run)
        inside &= previous[run] >= end_at
    return inside


def _owned_cells(first, start_at, end_at, previous, inside, interrupts):
    """The cells of every cluster of overlapping rows that holds an interruption, each
    owned by the covering row that ends first (see :func:`overlap_minutes`): a sweep over
    the cluster's start and end times. Returns the cluster rows, the cells with a length
    and an owner (start, end) and the owner's position in the rows."""
    cluster = np.cumsum(first | (start_at >= previous))
    held = np.zeros(int(cluster[-1]) + 1, bool)
    held[cluster[inside]] = True
    rows = np.flatnonzero(held[cluster])  # every row of those clusters
    group, s, e = cluster[rows], start_at[rows], end_at[rows]
    n = len(rows)
    same = np.zeros(n, bool)
    np.logical_and(group[1:] == group[:-1], s[1:] == s[:-1], out=same[1:])
    # a row ranks as ending no earlier than the rows listed before it at its start (exact)
    ends = pd.Series(e).groupby(np.cumsum(~same)).cummax().to_numpy()
    if interrupts is not None:  # any other row ranks after the rows started before it
        ends = np.where(interrupts[rows], ends, np.maximum(ends, previous[rows] + 1))
    by_rank = np.lexsort((np.arange(n), -s, ends))  # the row of each rank
    rank = np.empty(n, np.int64)
    rank[by_rank] = np.arange(n)
    times, groups = np.concatenate([s, e]), np.concatenate([group, group])
    order = np.lexsort((times, groups))  # the clusters' times in order, starts first at a tie
    where = np.empty(2 * n, np.int64)
    where[order] = np.arange(2 * n)
    times, groups = times[order], groups[order]
    length = np.zeros(2 * n, np.int64)  # from each time to the next of its cluster
    np.subtract(times[1:], times[:-1], out=length[:-1])
    length[:-1][groups[1:] != groups[:-1]] = 0
    owner = _lowest_cover(where[:n], where[n:], rank, 2 * n)
    cell = np.flatnonzero((owner < n) & (length > 0))  # (between clusters: no owner)
    lo = times[cell]
    return rows, lo, lo + length[cell], by_rank[owner[cell]]


def _running_max(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running maximum of int64 ``values`` restarting where ``first`` is true.

    Each group is lifted above the one before so that one ``np.maximum.accumulate``
    serves all groups; exact to the microsecond (the resolution of the output),
    falling back to a pandas group-by when the lifted values would overflow.
    """
    if len(values) == 0:
        return values.copy()
    group = np.cumsum(first) - 1
    base = values.min()
    rel = (values - base) // 1000
    span = int(rel.max()) + 1
    if group[-1] >= np.iinfo(np.int64).max // span - 1:
        return pd.Series(values).groupby(group).cummax().to_numpy()
    lift = group * span
    peak = np.maximum.accumulate(rel + lift) - lift
    return np.maximum(base + peak * 1000, values)  # never below the value itself


def _lowest_cover(lo: np.ndarray, hi: np.ndarray, rank: np.ndarray, n_cells: int) -> np.ndarray:
    """For each cell ``0 <= k < n_cells``, the lowest ``rank`` of the ranges ``[lo, hi)``
    holding it (``len(rank)`` where none does): each range marks the O(log n) blocks of a
    binary tree that make it up, then each block's lowest rank is passed down to its cells.

    Examples
    --------
    >>> _lowest_cover(np.array([0, 1]), np.array([3, 2]), np.array([1, 0]), 4).tolist()
    [1, 0, 1, 2]
    """
    size = 1 << max(int(n_cells - 1).bit_length(), 0)
    tree = np.full(2 * size, len(rank), np.int64)
    left, right = lo + size, hi + size
    while (live := left < right).any():
        odd = live & (left & 1 == 1)
        np.minimum.at(tree, left[odd], rank[odd])
        left += odd
        odd = live & (right & 1 == 1)
        right -= odd
        np.minimum.at(tree, right[odd], rank[odd])
        left >>= 1
        right >>= 1
    width = 1
    while width < size:  # each level's lowest rank down to the level below
        child = tree[2 * width : 4 * width]
        np.minimum(child, np.repeat(tree[width : 2 * width], 2), out=child)
        width *= 2
    return tree[size : size + n_cells]
