"""Journeys: which sitting each leg of case travel leads to or returns from.

A worker's travel legs on one case, each starting within the travel gap of the one before,
make a *journey*. A journey returns from the sitting just before it and leads to the
sitting just after it, when that sitting is on its case and within the gap
(:func:`travel_pairs`; a call needs no journey, so none returns from one, and case notes
written between a visit and the drive back, in the car, are passed over as a call is: the
journey returns from the visit, the gap counted from its end).

**Along the trip.** Where neither neighbour is on the journey's case, the journey belongs
to its case's sitting elsewhere on the same *trip*: the worker's run of case travel and
case sittings, each starting within the gap of the end of what came before. Siblings
visited together are often written a journey per child, back to back (travel 09:20-09:40
on A, 09:40-10:00 on B, the visits, then the way back the same way): each leg goes to its
own case's visit, whatever other legs and visits lie between (:func:`along_the_trip`). A
journey that has a neighbour on its case keeps it, as before; a call is never the sitting
found along the trip.

The rules for attributing travel and notes as a whole are in
:mod:`timestudy.panels.attribution`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NS_PER_MIN = 60_000_000_000
_EMPTY = pd.DataFrame({"row": np.empty(0, np.int64), "piece": np.empty(0, np.int64)})


def time_order(s: pd.DataFrame) -> np.ndarray:
    """Rows of the coded sittings ``s`` sorted by worker, start and end: each worker's day in
    the order it was worked (what :func:`travel_pairs` walks through)."""
    return np.lexsort((s["end"].to_numpy(), s["start"].to_numpy(), s["worker"].to_numpy()))


def travel_pairs(s: pd.DataFrame, piece: np.ndarray, travel: np.ndarray, direct: np.ndarray,
                 gap_min: float, order: np.ndarray | None = None,
                 calls: np.ndarray | None = None) -> pd.DataFrame:
    """Candidate pieces of each case travel episode, by adjacency in time, else along the
    trip (see module notes).

    ``order`` is :func:`time_order` of ``s``, when the caller has it (a diary whose pieces
    are built under several rules is sorted once). ``calls`` marks the rows that are calls
    (:func:`is_call`): a journey never returns from one (a call needs no journey).

    Returns
    -------
    DataFrame
        ``row``, ``piece``: one row per candidate (two for a contested leg).
    """
    order = time_order(s) if order is None else order
    worker, case = s["worker"].to_numpy()[order], s["case"].to_numpy()[order]
    start, end = s["start"].to_numpy()[order], s["end"].to_numpy()[order]
    is_t, is_d = travel[order], direct[order]
    gap = gap_min * NS_PER_MIN
    n = len(order)
    same = np.r_[False, (worker[1:] == worker[:-1]) & (case[1:] == case[:-1])]
    close = np.r_[False, start[1:] - end[:-1] <= gap]
    go_on = is_t & np.r_[False, is_t[:-1]] & same & close
    journey = np.cumsum(is_t & ~go_on) - 1
    pos = np.flatnonzero(is_t)
    if not len(pos):
        return _EMPTY
    j = journey[pos]
    first = pos[np.searchsorted(j, j, side="left")]
    last = pos[np.searchsorted(j, j, side="right") - 1]

    def neighbour(k: np.ndarray, leg: np.ndarray, after: bool) -> np.ndarray:
        ok = (k >= 0) & (k < n)
        kk = np.clip(k, 0, n - 1)
        ok &= (worker[kk] == worker[leg]) & (case[kk] == case[leg]) & is_d[kk]
        ok &= (start[kk] - end[leg] <= gap) if after else (start[leg] - end[kk] <= gap)
        return ok

    call = np.zeros(n, bool) if calls is None else calls[order]
    # case notes written straight after a visit (in the car) are passed over as a call is:
    # the drive back returns from the visit (audit22w: 105 full for 135)
    noted = ~is_t & ~is_d & (case >= 0)
    before = _returned_from(worker, end, first, call | noted)
    back = neighbour(before, first, after=False)
    after = _on_its_case(worker, start, case, is_d, last + 1, case[last])
    out = neighbour(after, last, after=True)
    lone = ~back & ~out  # no neighbour on its case: its case's sitting along the trip
    if lone.any():
        # (notes still end a trip here: a long write-up must not carry it on, review22d)
        trip = along_the_trip(worker, start, end, case, is_t, is_d, call, gap)
        b, a = trip.before(first[lone]), trip.after(last[lone])
        before[lone], back[lone] = np.where(b >= 0, b, before[lone]), b >= 0
        after[lone], out[lone] = np.where(a >= 0, a, after[lone]), a >= 0
    # With both sides, the first leg returns and the last leads; a lone or middle leg is both.
    to_back = back & (~out | (pos == first) | (pos != last))
    to_out = out & (~back | (pos == last) | (pos != first))
    rows = order[pos]
    p_back = piece[order[np.clip(before, 0, n - 1)]]
    p_out = piece[order[np.clip(after, 0, n - 1)]]
    return pd.DataFrame({"row": np.r_[rows[to_back], rows[to_out]],
                         "piece": np.r_[p_back[to_back], p_out[to_out]]})


class _Trip:
    """The sittings a journey may belong to along its trip (made by :func:`along_the_trip`)."""

    def __init__(self, group: np.ndarray, targets: np.ndarray) -> None:
        self.group, self.span = group, len(group) + 1
        pos = np.flatnonzero(targets & (group >= 0))
        self.keys = np.sort(group[pos] * self.span + pos)

    def _near(self, at: np.ndarray, side: str) -> np.ndarray:
        g = self.group[at]
        i = np.searchsorted(self.keys, g * self.span + at, side=side) - (side == "left")
        k = self.keys[np.clip(i, 0, max(len(self.keys) - 1, 0))] if len(self.keys) else i
        ok = (g >= 0) & (i >= 0) & (i < len(self.keys)) & (k // self.span == g)
        return np.where(ok, k % self.span, -1)

    def before(self, at: np.ndarray) -> np.ndarray:
        """The last sitting on the case of each position ``at`` before it on its trip, else -1."""
        return self._near(np.asarray(at), "left")

    def after(self, at: np.ndarray) -> np.ndarray:
        """The first sitting on the case of each position ``at`` after it on its trip, else -1."""
        return self._near(np.asarray(at), "right")


def along_the_trip(worker: np.ndarray, start: np.ndarray, end: np.ndarray, case: np.ndarray,
                   travel: np.ndarray, sittings: np.ndarray, calls: np.ndarray,
                   gap: float) -> _Trip:
    """A worker's trips, and on each the sittings of every case, for journeys that have no
    neighbour on their case (see module notes).

    The arrays are rows in time order (:func:`time_order`). A *trip* is a run of one
    worker's rows that are case ``travel`` or sittings on a case, each starting within
    ``gap`` (ns) of the latest end before it (an entry written inside a visit does not end
    it); any other row (work without a case, notes) ends it. A call is on the trip but is
    never what a journey belongs to (a call needs no journey).

    Parameters
    ----------
    worker, start, end, case : ndarray
        Each row's worker code, start and end (ns), and case code (-1: none).
    travel, sittings, calls : ndarray of bool
        Case travel; sittings (neither travel nor notes); calls.
    gap : float
        Largest gap in ns between two rows of one trip.

    Returns
    -------
    _Trip
        ``before(at)`` and ``after(at)``: for positions ``at``, the last sitting on their
        case before them, and the first after them, on their trip (-1: none).

    Examples
    --------
    >>> # travel A, travel B, visit A, visit B, travel A, travel B, then email (no case)
    >>> case = np.array([0, 1, 0, 1, 0, 1, -1])
    >>> start = np.arange(7) * 20
    >>> travel = np.array([1, 1, 0, 0, 1, 1, 0], bool)
    >>> trip = along_the_trip(np.zeros(7, int), start, start + 20, case, travel, ~travel,
    ...                       np.zeros(7, bool), 30)
    >>> trip.after(np.array([0, 1])).tolist(), trip.before(np.array([4, 5])).tolist()
    ([2, 3], [2, 3])
    >>> trip.after(np.array([4, 5])).tolist()  # the email ends the trip
    [-1, -1]
    """
    member = (np.asarray(travel, bool) | np.asarray(sittings, bool)) & (case >= 0)
    low = np.iinfo(np.int64).min
    reach = pd.Series(np.where(member, end, low)).groupby(worker).cummax().to_numpy()
    new = member & np.r_[True, (worker[1:] != worker[:-1]) | ~member[:-1]
                         | (start[1:] - reach[:-1] > gap)]
    trip = np.cumsum(new) - 1
    group = np.full(len(case), -1, np.int64)
    if member.any():
        pair = trip[member].astype(np.int64) * (int(case.max()) + 1) + case[member]
        group[member] = np.unique(pair, return_inverse=True)[1].reshape(-1)
    return _Trip(group, np.asarray(sittings, bool) & ~np.asarray(calls, bool))


def _on_its_case(worker, start, case, direct, at, leg_case) -> np.ndarray:
    """For each position ``at`` (in time order), the worker's first direct sitting starting
    at the same time on ``leg_case``, where there is one, else ``at``: of sittings starting
    together (visits to siblings written once per child) a journey leads to the one on
    its case, whatever the order of the rows.

    Examples
    --------
    >>> w, s, c = np.zeros(3, int), np.array([0, 40, 40]), np.array([0, 1, 0])
    >>> _on_its_case(w, s, c, np.array([False, True, True]), np.array([1]), np.array([0])).tolist()
    [2]
    >>> _on_its_case(w, s, c, np.zeros(3, bool), np.array([1]), np.array([0])).tolist()  # none
    [1]
    """
    n = len(start)
    at = np.asarray(at)
    if n < 2 or not (start[1:] == start[:-1]).any():  # no sittings start together
        return at
    rows = np.flatnonzero(direct)
    if not len(rows):  # no direct sitting: every journey keeps its own
        return at
    index = pd.MultiIndex.from_arrays([worker[rows], start[rows], case[rows]])
    first = ~index.duplicated()
    rows, index = rows[first], index[first]
    k = np.clip(at, 0, n - 1)
    found = index.get_indexer(pd.MultiIndex.from_arrays([worker[k], start[k], leg_case]))
    return np.where((at < n) & (found >= 0), rows[np.maximum(found, 0)], at)


def _returned_from(worker: np.ndarray, end: np.ndarray, first: np.ndarray,
                   calls: np.ndarray | None = None) -> np.ndarray:
    """For each leg ``first`` (positions in time order), the worker's earlier row that ended
    last before the leg ends, else -1: a call written inside the visit (an interruption)
    is not what the journey returns from, nor is an on-call duty that holds the journey,
    nor a row ``calls`` marks (a call made after the visit needs no journey: the journey
    home returns from the visit).

    Examples
    --------
    >>> w, e = np.zeros(4, int), np.array([110, 70, 120, 150])  # visit, call in it, travel
    >>> _returned_from(w, e, np.array([2])).tolist()
    [0]
    >>> e = np.array([60, 75, 120])  # a visit, a call after it, the travel home
    >>> _returned_from(w[:3], e, np.array([2])).tolist(), _returned_from(
    ...     w[:3], e, np.array([2]), np.array([False, True, False])).tolist()
    ([1], [0])
    """
    n = len(end)
    skip = np.zeros(n, bool) if calls is None else np.asarray(calls, bool)
    rank = np.unique(end, return_inverse=True)[1].reshape(-1)
    key = worker.astype(np.int64) * (n + 1) + rank
    by_end = np.lexsort((np.arange(n), key))
    at = np.searchsorted(key[by_end], key[first], side="left") - 1  # ended strictly earlier
    todo = np.arange(len(first))
    while len(todo):  # rows inside a leg (started after it) passed over, only those legs
        a = at[todo]  # still stepping back: the work is the rows passed over
        k = by_end[np.maximum(a, 0)]
        late = (a >= 0) & ((k > first[todo]) | skip[k]) & (worker[k] == worker[first[todo]])
        todo = todo[late]
        at[todo] -= 1
    k = by_end[np.maximum(at, 0)]
    return np.where((at >= 0) & (k < first) & (worker[k] == worker[first]), k, -1)




def between_two_stops(worker: np.ndarray, case: np.ndarray, start: np.ndarray, end: np.ndarray,
                      travel: np.ndarray, sitting: np.ndarray, call: np.ndarray,
                      before: np.ndarray, last: np.ndarray, gap: float) -> np.ndarray:
    """For each row, the sitting a journey written with no case leads to when it lies
    between two stops of a trip, else -1.

    On a trip office -> visit A -> visit B -> office, the middle leg is often written with
    no case. It ends where B's visit begins: it is the journey *to* B, not A's way back
    (the way back from the trip is the blank leg after its last visit, B's). So a travel
    row with no case whose sitting before it (``before``: the row it would return from,
    a sitting on a case ending within ``gap`` ns before it starts) is on another case than
    the worker's next row, a sitting on a case that is not a call (a call needs no journey)
    starting within ``gap`` of the journey's end, leads to that next row when the worker
    leaves that sitting by a journey too: the row after its ``last`` row is travel with no
    case or on its case, starting within ``gap`` of its end. A stop is reached and left
    by travel, as a journey out means a journey back; without a journey after it, the next
    sitting is work at the office (a statement, a conference) and the blank leg is the way
    back from the visit before. The arrays are one worker's rows after another's in time
    order, work only.

    Parameters
    ----------
    worker, case, start, end : ndarray
        Each row's worker code, case code (-1: none), start and end (ns).
    travel, sitting, call : ndarray of bool
        Travel; sittings (neither travel nor case notes); calls.
    before : ndarray of int
        Each row's sitting it would return from (:func:`_returned_from`), -1 for none.
    last : ndarray of int
        Each row's last row of its sitting (one sitting written as several rows).
    gap : float
        Largest gap in ns between a journey and its stops.

    Returns
    -------
    ndarray of int
        Position of the sitting each row leads to, -1 where it is not such a journey.

    Examples
    --------
    >>> # travel to A, visit A, blank travel, visit B, blank travel back (minutes as ns)
    >>> case, start = np.array([0, 0, -1, 1, -1]), np.array([0, 30, 90, 110, 160])
    >>> end = np.array([30, 90, 110, 160, 190])
    >>> travel = np.array([True, False, True, False, True])
    >>> between_two_stops(np.zeros(5, int), case, start, end, travel, ~travel,
    ...                   np.zeros(5, bool), np.array([-1, 0, 1, 2, 3]), np.arange(5), 30).tolist()
    [-1, -1, 3, -1, -1]
    >>> between_two_stops(np.zeros(4, int), case[:4], start[:4], end[:4], travel[:4],
    ...                   ~travel[:4], np.zeros(4, bool), np.array([-1, 0, 1, 2]),
    ...                   np.arange(4), 30).tolist()  # B left by no journey: A's way back
    [-1, -1, -1, -1]
    """
    n = len(case)
    nxt = np.minimum(np.arange(1, n + 1), n - 1)
    prev = np.maximum(before, 0)
    ok = (travel & (case < 0) & (before >= 0) & (worker[prev] == worker) & sitting[prev]
          & (case[prev] >= 0) & (start - end[prev] <= gap) & (np.arange(n) < n - 1))
    ok &= ((worker[nxt] == worker) & sitting[nxt] & ~call[nxt] & (case[nxt] >= 0)
           & (case[nxt] != case[prev]) & (start[nxt] - end <= gap))
    tail = last[nxt]
    away = np.minimum(tail + 1, n - 1)  # the journey that leaves the stop
    ok &= ((tail + 1 < n) & (worker[away] == worker) & travel[away]
           & ((case[away] < 0) | (case[away] == case[nxt])) & (start[away] - end[tail] <= gap))
    return np.where(ok, nxt, -1)
