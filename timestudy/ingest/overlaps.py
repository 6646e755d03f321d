"""Concurrent time counted once: which entry of a worker each covered minute goes to.

A minute that several entries of one worker cover is counted once, for the entry that
**ends first**: where an entry runs on into the next (09:00-10:00, then 09:30-10:30) the
one that started first keeps the shared time; an entry wholly inside a longer one that
started earlier is an interruption (lunch 12:30-13:30 with a call 13:00-13:15: the call
counts its 15 minutes, lunch 45); of entries starting together the one that ends first
counts its time and the longer one the rest. Entries with the same start **and** end
(siblings visited together, written once per child) share the minutes they own equally:
those minutes, in time order, are cut into equal consecutive parts, one per entry, so each
minute still has one owner. The row order of the file never decides: ties are broken by
the times, and the parts of a shared span are laid out in ``tie`` order
(:func:`counted_pieces`), which only moves where on the clock each share lies.
(Exact duplicates, equal in every column, are counted once before this:
:mod:`timestudy.ingest.duplicates`.) A row recorded as multitasking, or placed without a
time of day, is never an interruption (:func:`may_interrupt`): it never takes time from
a row it starts together with either (it ranks after them), and it shares only with rows
like it. :func:`overlap_minutes` gives each entry's minutes counted for
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
    entries ending together the one that started later counts; of entries starting
    together the one that ends first. Entries of the same start and end share the
    minutes they own between them equally (two visits 09:40-10:40 to siblings: 30 each).
    A row that ``interrupts`` marks false (recorded multitasking, a row placed without a
    time of day) is never an interruption: it counts only time no other entry that
    started earlier or together covers, and shares only with rows like it. So each
    worker's clock minutes less these are the length of the union of its episodes, and
    no figure depends on the order of rows that start together.

    Rows must be sorted by worker then start (rows starting together in any order). Also
    returns the latest end of the worker's episodes that started earlier (int64 ns, or the
    minimum int64 for a worker's first start).

    Examples
    --------
    >>> w = np.array([0, 0, 0, 1])
    >>> s = np.array([0, 30, 90, 0]) * NS_PER_MIN
    >>> e = np.array([60, 50, 120, 10]) * NS_PER_MIN
    >>> overlap_minutes(w, s, e)[0].tolist()  # 30-50 is inside 0-60: an interruption
    [20.0, 0.0, 0.0, 0.0]
    >>> overlap_minutes(w, s, e, np.array([True, False, True, True]))[0].tolist()
    [0.0, 20.0, 0.0, 0.0]

    Visits to two siblings 0-60 written once per child, with the journey there 0-40 that
    starts with them (it ends first: it counts its 40), in either order: the visits own
    40-60 together and count 10 each.

    >>> w, s, e = np.zeros(3, int), np.zeros(3, np.int64), np.array([60, 60, 40]) * NS_PER_MIN
    >>> overlap_minutes(w, s, e)[0].tolist(), overlap_minutes(w, s, e[::-1])[0].tolist()
    ([50.0, 50.0, 0.0], [0.0, 50.0, 50.0])
    """
    order = _tie_order(worker, start_at, end_at, interrupts)
    ordered = order is None
    if not ordered:
        worker, start_at, end_at = worker[order], start_at[order], end_at[order]
        interrupts = None if interrupts is None else interrupts[order]
    first, previous, cells = _cover(worker, start_at, end_at, interrupts)
    covered = np.minimum(previous, end_at)  # worked in place: one array, not three
    covered -= start_at
    np.clip(covered, 0, None, out=covered)
    covered[first] = 0
    if cells is not None:  # an interruption's cluster: each row keeps the cells it owns
        rows, lo, hi, owner = cells
        kept = np.bincount(owner, weights=hi - lo, minlength=len(rows)).astype(np.int64)
        covered[rows] = end_at[rows] - start_at[rows] - kept  # exact: whole ns, below 2**53
    minutes = _shared(worker, start_at, end_at, interrupts, covered) / NS_PER_MIN
    previous = _before_start(first, start_at, previous)
    if not ordered:  # back to the caller's rows, in place of a second permutation
        minutes[order], previous[order] = minutes.copy(), previous.copy()
    return minutes, previous


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
        Order of the episodes of one start and end (each takes its part of their shared
        span in this order; it decides no minutes): the rows' order if not given.
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
    keys = _tie_keys(np.asarray(worker), start_at, end_at, interrupts)
    order = _lexsort((np.arange(n) if tie is None else np.asarray(tie), *keys))
    w, s, e = np.asarray(worker)[order], start_at[order], end_at[order]
    i = None if interrupts is None else interrupts[order]
    first, previous, cells = _cover(w, s, e, i)
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
    rows, lo, hi = _shared_pieces(_tie_groups(w, s, e, i), rows, lo, hi)
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


def _tie_keys(worker, start_at, end_at, interrupts) -> tuple[np.ndarray, ...]:
    """The sort keys of the sweep, last first (as ``np.lexsort``): by worker and start, then
    the rows that may interrupt before those that may not, each by end: never file order."""
    if interrupts is None:
        return end_at, start_at, worker
    return end_at, ~np.asarray(interrupts, bool), start_at, worker


def _tie_order(worker, start_at, end_at, interrupts) -> np.ndarray | None:
    """For rows sorted by worker and start, the order of :func:`_tie_keys` (None: as they
    are): only rows starting together move, sorted among themselves (a few rows, not all)."""
    held = None if interrupts is None else ~np.asarray(interrupts, bool)
    same = (start_at[1:] == start_at[:-1]) & (worker[1:] == worker[:-1])
    late = end_at[1:] < end_at[:-1]
    if held is not None:
        late = (held[1:] < held[:-1]) | ((held[1:] == held[:-1]) & late)
    if not (same & late).any():
        return None
    run = np.cumsum(np.r_[True, ~same])  # a number per worker and start
    bad = np.zeros(int(run[-1]) + 1, bool)
    bad[run[1:][same & late]] = True
    moved = np.flatnonzero(bad[run])
    keys = (end_at[moved], run[moved]) if held is None else (
        end_at[moved], held[moved], run[moved])
    order = np.arange(len(worker))
    order[moved] = moved[np.lexsort(keys)]
    return order


def _tie_groups(worker, start_at, end_at, interrupts):
    """The rows (sorted by :func:`_tie_keys`) of one worker, start, end and ``interrupts``:
    each row's group, each group's size and first row; None where no two rows are alike."""
    same = np.zeros(len(worker), bool)
    if len(worker) > 1:
        same[1:] = (start_at[1:] == start_at[:-1]) & (end_at[1:] == end_at[:-1])
        if same.any():
            same[1:] &= worker[1:] == worker[:-1]
            if interrupts is not None:
                same[1:] &= interrupts[1:] == interrupts[:-1]
    if not same.any():
        return None
    head = np.flatnonzero(~same)
    group = np.cumsum(~same) - 1
    return group, np.diff(np.append(head, len(worker))), head


def _shared(worker, start_at, end_at, interrupts, covered: np.ndarray) -> np.ndarray:
    """``covered`` (ns, rows sorted) with the rows of one start and end sharing what they
    own equally: each covers its length less the group's owned time over its size."""
    groups = _tie_groups(worker, start_at, end_at, interrupts)
    if groups is None:
        return covered
    group, size, _ = groups
    length = end_at - start_at
    owned = np.bincount(group, weights=length - covered, minlength=len(size))
    return length - owned[group] / size[group]


def _shared_pieces(groups, rows, lo, hi):
    """The pieces ``rows``, ``lo``, ``hi`` (sorted positions) with each group of rows of one
    start and end (:func:`_tie_groups`) owning its time in equal consecutive parts: the
    group's pieces in time order are laid on one line of owned time and cut into as many
    parts as it has rows (whole clock units: the parts differ by one at most), the first
    part the group's first row's, and so on."""
    if groups is None:
        return rows, lo, hi
    group, size, head = groups
    shared = size[group[rows]] > 1
    if not shared.any():
        return rows, lo, hi
    g, p_lo, p_hi = group[rows[shared]], lo[shared], hi[shared]
    by = np.lexsort((p_lo, g))
    g, p_lo, length = g[by], p_lo[by], (p_hi - p_lo)[by]
    at = np.cumsum(length) - length  # each piece's place on the line of owned time
    end = int(at[-1] + length[-1])
    present, first = np.unique(g, return_index=True)
    total = np.add.reduceat(length, first)
    k = size[present]
    j = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)  # 0 .. k-1 in each group
    t, kk = np.repeat(total, k), np.repeat(k, k)
    cut = np.repeat(at[first], k) + (t // kk) * j + (t % kk) * j // kk  # (no overflow)
    member = np.repeat(head[present], k) + j
    points = np.union1d(at, cut)
    points = points[points < end]
    piece = np.searchsorted(at, points, "right") - 1
    start = p_lo[piece] + (points - at[piece])
    stop = start + np.diff(np.append(points, end))
    owner = member[np.searchsorted(cut, points, "right") - 1]
    return (np.concatenate([rows[~shared], owner]), np.concatenate([lo[~shared], start]),
            np.concatenate([hi[~shared], stop]))


def _before_start(first, start_at, previous):
    """``previous`` of the first row of each start of a worker, for all its rows: the latest
    end of the rows that started earlier (a gap before rows starting together is one gap)."""
    run = np.ones(len(first), bool)
    run[1:] = first[1:] | (start_at[1:] != start_at[:-1])
    if run.all():
        return previous
    at = np.where(run, np.arange(len(run)), 0)
    np.maximum.accumulate(at, out=at)
    return previous[at]


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



#: Columns that say where or how a row was read, not what it says: never a tie's order.
NOT_CONTENT = ("source_row", "diary_date", "counted_min", "flags")


def content_tie(episodes: pd.DataFrame) -> np.ndarray:
    """An order for :func:`counted_pieces`' ``tie`` from the rows' content: rows of one
    worker, start and end rank by ``activity``, ``case_id`` and then the other columns as
    read (not ``source_row`` nor what ingest worked out), so which part of a shared span
    each takes never follows the file's order. Other rows keep their position.

    Examples
    --------
    >>> t = pd.to_datetime(["2026-03-11 09:40", "2026-03-11 10:40"])
    >>> e = pd.DataFrame({"worker_id": "W03", "start": t[0], "end": t[1],
    ...     "activity": ["SV younger", "SV older"], "case_id": ["E2", "E1"],
    ...     "source_row": [2, 3]})
    >>> content_tie(e).tolist(), content_tie(e.iloc[::-1]).tolist()  # E1's first either way
    ([1, 0], [0, 1])
    >>> e3 = pd.concat([e, e.iloc[:1].assign(activity="SV baby", case_id="E3")])
    >>> content_tie(e3).tolist()  # E3 ('SV baby'), E1 ('SV older'), E2 ('SV younger')
    [2, 1, 0]
    """
    n = len(episodes)
    tie = np.arange(n, dtype=np.int64)
    keys = [c for c in ("worker_id", "start", "end") if c in episodes]
    if n < 2 or len(keys) < 3:
        return tie
    alike = np.flatnonzero(episodes[keys].duplicated(keep=False).to_numpy(bool))
    if not len(alike):
        return tie
    first = [c for c in ("activity", "case_id") if c in episodes]
    cols = first + [c for c in episodes.columns if c not in (*first, *keys, *NOT_CONTENT)]
    part = episodes.iloc[alike]
    codes = [pd.factorize(part[c].astype("string").fillna("\x00"), sort=True)[0]
             for c in reversed(cols)]
    if codes:  # the k-th row in content order takes the k-th of their positions
        tie[alike[np.lexsort(codes)]] = alike
    return tie
