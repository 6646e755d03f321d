"""Linking: a diary's sittings as integer codes, and which piece of work each belongs to.

The linking rule of :mod:`timestudy.panels.pieces`: sittings with one ``instance_id`` of one
worker on one case are one piece; without an id, sittings of one task type on one case by one
worker are one piece when each follows the one before within the task type's linking window
(in working days). :func:`link_sittings` applies it; :func:`link_order` is the sort it needs
(made once per coded diary); :func:`sitting_gaps` the days between a piece's sittings (for the
censoring margins).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.journeys import NS_PER_MIN


def code_sittings(e: pd.DataFrame, id_col: str | None) -> tuple[pd.DataFrame, dict]:
    """The sittings as integer codes (fast to sort and join), and the labels of each code.

    Columns ``worker``, ``case`` and ``iid`` (-1: none), ``task``, ``category``,
    ``day`` (days since 1970), ``start`` and ``end`` (ns), ``minutes``, ``weight``.
    """
    labels = {}
    coded = {}
    for name, col in (("worker", "worker_id"), ("case", "case_id"), ("task", "task_type"),
                      ("category", "category")):
        coded[name], labels[name] = pd.factorize(e[col], use_na_sentinel=True)
    coded["iid"], labels["iid"] = (pd.factorize(e[id_col], use_na_sentinel=True) if id_col
                                   else (np.full(len(e), -1), pd.Index([])))
    s = pd.DataFrame(coded)
    s["day"] = e["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    s["start"] = e["start"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    s["end"] = e["end"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    s["minutes"] = e["minutes"].to_numpy(float)
    s["weight"] = e["weight"].to_numpy(float)
    return s, labels


def link_sittings(s: pd.DataFrame, windows: np.ndarray, by_id: np.ndarray | None = None,
                  same_day_gap_min: float = 1.0, events: np.ndarray | None = None,
                  order: np.ndarray | None = None, each: np.ndarray | None = None,
                  break_min: float = 0.0, id_windows: np.ndarray | None = None) -> np.ndarray:
    """Piece code of each coded sitting: by ``instance_id`` where ``by_id``, else by the window.

    ``windows`` holds each row's linking window in working days. Rows are grouped by
    worker, case and task type; sorted by day and time once, a new piece starts
    where the gap to the previous sitting of the group exceeds the window. With a
    window of 0 (the same day only), two sittings of one task on one case on the same
    day are one piece only when the second starts within ``same_day_gap_min`` minutes
    (1) of the end of the first: one visit or call written as two rows (a slot diary's
    quarter hours), or within ``break_min`` minutes with no other entry of the worker
    starting between them (a visit or conference written in two sittings around a break:
    one visit); with another entry between them they are two. This applies to
    the ``events`` rows (by default all case work); non-case work, travel and notes of
    one task type on one case and day stay one piece. The ``each`` rows (calls) are
    a piece per row, touching or not.

    The ``by_id`` rows of one worker, id, case and task type are one piece, however far
    apart; of a task of one day (window 0: a visit, a call), one piece per ``date``: an id
    written again on a later day for a visit is an id used again, two visits
    (:func:`~timestudy.panels.instances.ids_on_two_days` warns of them).

    Parameters
    ----------
    s : DataFrame
        Coded sittings (as :func:`code_sittings` makes them): integer
        ``worker``, ``case``, ``task``, ``iid`` and ``day`` (the working-day number)
        columns, ``start`` and ``end`` (ns; without ``end``, same-day sittings of a
        window-0 task are one piece), and ``date`` (the diary date, days since 1970;
        default ``day``).
    windows : ndarray
        Linking window of each row, in working days.
    by_id : ndarray of bool, optional
        Rows linked by their ``instance_id`` (``iid``) rather than by the window.
    same_day_gap_min : float
        Largest gap in minutes between two same-day sittings of one window-0 piece.
    break_min : float
        Largest break in minutes between two same-day sittings of one window-0 piece with
        no other entry between them (:data:`~timestudy.panels.attribution.SITTING_BREAK_MIN`
        for the guide; 0 by default: no break).
    events : ndarray of bool, optional
        Rows a same-day gap may split (default: those with a case).
    order : ndarray of int, optional
        :func:`link_order` of ``s`` and ``by_id``, when the caller has it (it does not
        depend on the windows: a diary linked under several rules is sorted once).
    each : ndarray of bool, optional
        Rows that are each a piece of their own (the taxonomy's calls), unless linked by
        ``instance_id``.
    id_windows : ndarray, optional
        The windows that say which ``by_id`` rows are of a task of one day (0), default
        ``windows``. The sensitivity's other windows (a multiple of the taxonomy's) leave
        the pieces an id defines as the taxonomy's windows make them: an id is the worker's
        word, not a window's.

    Returns
    -------
    ndarray of int64
        Piece code of each row, numbered from 0.

    Examples
    --------
    >>> s = pd.DataFrame({"worker": 0, "case": 0, "task": 0, "iid": -1,
    ...     "day": [0, 3, 20], "start": [0, 1, 2]})
    >>> link_sittings(s, np.full(3, 10)).tolist()  # day 20 is 17 working days after day 3
    [0, 0, 1]
    >>> h = 3_600_000_000_000  # an hour in ns: calls at 9:00-9:15 and 14:00-14:15
    >>> calls = pd.DataFrame({"worker": 0, "case": 0, "task": 0, "iid": -1, "day": 0,
    ...     "start": [9 * h, 14 * h], "end": [9 * h + h // 4, 14 * h + h // 4]})
    >>> link_sittings(calls, np.zeros(2, int)).tolist()  # window 0: two calls, two pieces
    [0, 1]
    >>> touch = calls.assign(start=[9 * h, 9 * h + h // 4], end=[9 * h + h // 4, 9 * h + h // 2])
    >>> link_sittings(touch, np.zeros(2, int)).tolist()  # one entry in two rows (a visit)
    [0, 0]
    >>> link_sittings(touch, np.zeros(2, int), each=np.ones(2, bool)).tolist()  # two calls
    [0, 1]
    >>> link_sittings(calls, np.zeros(2, int), break_min=300).tolist()  # a break, nothing else
    [0, 0]
    >>> two = s.assign(iid=7)  # one id on days 0, 3 and 20: one statement, or three visits
    >>> link_sittings(two, np.full(3, 10), np.ones(3, bool)).tolist()
    [0, 0, 0]
    >>> link_sittings(two, np.zeros(3, int), np.ones(3, bool)).tolist()
    [0, 1, 2]
    """
    n = len(s)
    worker, case, task = (s[c].to_numpy() for c in ("worker", "case", "task"))
    day, start = s["day"].to_numpy(), s["start"].to_numpy()
    end = s["end"].to_numpy() if "end" in s else start - NS_PER_MIN * same_day_gap_min
    o = link_order(s, by_id) if order is None else order
    same = (worker[o][1:] == worker[o][:-1]) & (case[o][1:] == case[o][:-1]) & (
        task[o][1:] == task[o][:-1])
    events = case >= 0 if events is None else events
    gap = start[o][1:] - end[o][:-1]
    apart = (windows[o][1:] == 0) & events[o][1:] & events[o][:-1] & (
        gap > same_day_gap_min * NS_PER_MIN)
    ask = np.flatnonzero(apart & ~(gap > break_min * NS_PER_MIN))  # only a break between?
    apart[ask] = _entries_between(worker, start, o[:-1][ask], o[1:][ask], end)
    if each is not None:
        apart |= each[o][1:]
    new = (np.r_[True, ~same | (day[o][1:] - day[o][:-1] > windows[o][1:]) | apart]
           if len(o) else [])
    piece = np.full(n, -1, dtype=np.int64)
    piece[o] = np.cumsum(new) - 1
    if by_id is not None and by_id.any():
        # an id is unique within a worker and case: one reused on two cases is two pieces;
        # on a task of one day (window 0), one reused on two days is two pieces (fix25c)
        date = (s["date"] if "date" in s else s["day"]).to_numpy()
        one_day = windows if id_windows is None else id_windows
        keys = pd.MultiIndex.from_arrays([worker[by_id], s["iid"].to_numpy()[by_id],
                                          case[by_id], task[by_id],
                                          np.where(one_day[by_id] == 0, date[by_id], -1)])
        piece[by_id] = keys.factorize()[0] + (piece.max() + 1)
    return piece


def _entries_between(worker: np.ndarray, start: np.ndarray, a: np.ndarray, b: np.ndarray,
                     end: np.ndarray) -> np.ndarray:
    """Whether any row of the worker starts from the end of each row ``a`` up to the start
    of row ``b`` (``b`` itself not counted): something other than a break came between.

    Examples
    --------
    >>> w, s, e = np.zeros(3, int), np.array([0, 70, 90]), np.array([60, 80, 120])
    >>> _entries_between(w, s, np.array([0, 0]), np.array([2, 1]), e).tolist()
    [True, False]
    """
    times, at = np.unique(start, return_inverse=True)  # at: each start's place in times
    key = worker.astype(np.int64) * (len(times) + 1) + at
    keys = np.sort(key)
    span = worker[a].astype(np.int64) * (len(times) + 1)
    lo = np.searchsorted(keys, span + np.searchsorted(times, end[a]), side="left")
    hi = np.searchsorted(keys, span + at[b], side="left")
    return hi > lo


def link_order(s: pd.DataFrame, by_id: np.ndarray | None = None) -> np.ndarray:
    """The rows :func:`link_sittings` links by window (all but ``by_id``), sorted by worker,
    case, task type, day and start: the order in which a new piece is looked for.

    Examples
    --------
    >>> s = pd.DataFrame({"worker": 0, "case": [1, 0, 0], "task": 0, "day": [0, 5, 2],
    ...     "start": 0})
    >>> link_order(s).tolist()
    [2, 1, 0]
    """
    worker, case, task = (s[c].to_numpy() for c in ("worker", "case", "task"))
    day, start = s["day"].to_numpy(), s["start"].to_numpy()
    idx = np.flatnonzero(np.ones(len(s), bool) if by_id is None else ~by_id)
    return idx[np.lexsort((start[idx], day[idx], task[idx], case[idx], worker[idx]))]


def sitting_gaps(piece: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days between each sitting and the one before it in its piece (0 for a first sitting)."""
    o = np.lexsort((day, piece))
    gap = np.zeros(len(piece), dtype=np.int64)
    if len(o) > 1:
        same = piece[o][1:] == piece[o][:-1]
        gap[o[1:]] = np.where(same, day[o][1:] - day[o][:-1], 0)
    return gap
