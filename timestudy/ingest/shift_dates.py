"""A night written under its shift's date: the rows after the step back read on the next day.

A paper rota, and the diary typed from it, writes a night shift under the date it began::

    worker_id,date,start_time,end_time,activity
    E1,16/03/2026,17:00,22:00,EDT duty calls
    E1,16/03/2026,22:00,02:00,EDT duty calls
    E1,16/03/2026,02:00,03:30,EDT call out
    E1,16/03/2026,03:30,07:00,EDT duty calls
    E1,16/03/2026,07:00,09:00,EDT handover

Read on its date, the 02:00 row would start at 02:00 on 16 March, fifteen hours before the
shift it follows. The file's order is the evidence: within one worker's date, in the file's
order, a start that steps back from the start of the row before it (02:00 after 22:00) is
read on the next day, with every row of that date after it, when that reading leaves no
longer a gap (of two equal gaps, as a 24-hour shift from 09:00 to 09:00 leaves, the file's
order decides): from the latest end before the step (02:00 on the 17th, the 22:00 row rolled)
to the step's start on the next day (02:00 on the 17th: no gap), against from the end of
the rows after the step, on their date (09:00 on the 16th), to the date's first start
(17:00: 8 hours). The rows before the step must have started in the afternoon or evening
(13:00 or later): a night shift begins then, and a diary on a 12-hour clock written without
am or pm (11:30-1:00 then 1:00-2:30: :mod:`timestudy.ingest.twelve_hour` warns of it) has no
such time and stays as read. The night must be continuous: the step's start is within 60
minutes of the latest end before it (22:00-02:00 then 02:00: 0), so a day worker's evening
visit 19:00-21:30 followed by a 07:30 breakfast visit stays on its date (10 h apart). Rows
written out of order in a day (a 10:00 call after a 09:00-12:00
visit, a forgotten 08:00 row after the afternoon's) read better on their date and stay
there; so does a row the next-day reading would put before the end of the row before it,
and one it would put on a time the worker's own rows of the next date already cover (an
08:00-12:00 office duty written under that date): that row stays, and the warning names it.

Rows so moved are flagged ``next_day_by_order`` and the report warns once
(:func:`next_day_warning`), naming the rows and minutes moved, the first of them, and the
mapping's ``times_stepping_back: same_day``, which reads every row on its date as written.
Only rows whose start is a bare time on a date column move (the ``split`` layout), each
with its end (its end time rolled, or its start plus its duration).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The flag of a row read on the next day because its start steps back in the file's order.
FLAG = "next_day_by_order"
_DAY_NS = 86_400_000_000_000
_NAT = np.iinfo(np.int64).min
#: Key of the rows that would have moved onto the worker's own rows of the next date (left
#: on their date; not a flag of the episodes: ``flag_episodes`` writes only its codes).
LEFT = "next_day_by_order_left"
#: 13:00 in ns: a date's rows step back to the next day only after a start this late.
_EVENING = 13 * 3_600_000_000_000
#: 60 minutes in ns: the longest gap from the latest end before a step to its next-day start.
_CONTINUOUS = 3_600_000_000_000


def steps_to_next_day(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which rows are read on the next day: those at and after the first step back of their
    group, after a start of 13:00 or later, whose next-day reading leaves a gap of 60 minutes
    at most and no longer than on its date (see the module's text).

    Parameters
    ----------
    group : ndarray of int
        A number per row's worker and written date (equal numbers, one worker-date; -1: a
        row that takes no part, as one without a worker, a date or a start).
    start, end : ndarray of datetime64[ns]
        Each row's start and end as read on its date (an end NaT: its start).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    The night above: 17:00-22:00, 22:00-02:00 (rolled), 02:00-03:30, 03:30-07:00,
    07:00-09:00 under 16 March; the last three move. A 10:00-10:15 call written after a
    09:00-12:00 visit stays (on its date it lies inside the visit).

    >>> d = np.datetime64("2026-03-16T00:00", "ns")
    >>> h = lambda *x: d + (np.array(x) * 60).astype("m8[m]")
    >>> steps_to_next_day(np.zeros(5, int), h(17, 22, 2, 3.5, 7),
    ...                   h(22, 26, 3.5, 7, 9)).tolist()
    [False, False, True, True, True]
    >>> steps_to_next_day(np.zeros(2, int), h(9, 10), h(12, 10.25)).tolist()
    [False, False]

    19:00-21:30 then 07:30-08:30: 10 h from 21:30 to 07:30 on the next day, not a night.

    >>> steps_to_next_day(np.zeros(2, int), h(19, 7.5), h(21.5, 8.5)).tolist()
    [False, False]
    """
    moved = np.zeros(len(group), bool)
    rows = _in_groups(group, start)
    if rows is None:  # (the usual diary: every worker-date in order)
        return moved
    g, s = group[rows], start[rows].view("i8")
    e = end[rows].view("i8").copy()
    e[e == _NAT] = s[e == _NAT]
    step = np.append(False, (g[1:] == g[:-1]) & (s[1:] < s[:-1]))
    evening = (s % _DAY_NS) >= _EVENING  # (a 12-hour clock without am/pm writes none)
    frame = pd.DataFrame({"g": g, "s": s, "e": e, "pm": evening})
    by = frame.groupby("g", sort=False)
    last_end = np.roll(by["e"].cummax().to_numpy(), 1)  # the latest end before each row
    first_start = np.roll(by["s"].cummin().to_numpy(), 1)  # the date's first start so far
    step &= np.roll(by["pm"].cummax().to_numpy(bool), 1)  # after a start of 13:00 or later
    run_end = frame[::-1].groupby("g", sort=False)["e"].cummax().to_numpy()[::-1]
    gap_next = s + _DAY_NS - last_end
    gap_same = first_start - run_end
    fits = step & (gap_next >= 0) & (gap_next <= _CONTINUOUS)  # a continuous night
    fits &= gap_next <= gap_same  # (a tie: the file's order)
    after = pd.Series(fits).groupby(g, sort=False).cummax().to_numpy(bool)
    moved[rows[after]] = True
    return moved


def _in_groups(group: np.ndarray, start: np.ndarray) -> np.ndarray | None:
    """The rows of the groups with a step back (a start earlier than the row before it in
    its group), each group's rows together in the file's order; None: no group has one.
    Sorted only where a group's rows are not together in the file already.

    Examples
    --------
    >>> s = np.array([9, 8, 10, 7, 8], "M8[h]").astype("M8[ns]")
    >>> _in_groups(np.array([0, 1, 0, 1, 2]), s).tolist()
    [1, 3]
    >>> print(_in_groups(np.array([0, 0, 1, 1, 2]), np.sort(s)))
    None
    """
    rows = np.flatnonzero((group >= 0) & ~np.isnat(start))
    if len(rows) < 2:
        return None
    g = group[rows]
    head = np.append(True, g[1:] != g[:-1])
    if len(np.unique(g[head])) < int(np.count_nonzero(head)):  # a group's rows apart
        rows = rows[np.argsort(g, kind="stable")]
        g = group[rows]
        head = np.append(True, g[1:] != g[:-1])
    s = start[rows].view("i8")
    step = ~head
    step[1:] &= s[1:] < s[:-1]
    if not step.any():
        return None
    run = np.cumsum(head) - 1
    has = np.zeros(int(run[-1]) + 1, bool)
    has[run[step]] = True
    return rows[has[run]]


def read_by_order(r, start: np.ndarray, end: np.ndarray, fixed: np.ndarray,
                  layout: str | None = "split") -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``start`` and ``end`` with the rows :func:`steps_to_next_day` finds a day later, and
    which: 1 moved, 2 left on its date because the next day would put it on a time the
    worker's own rows already cover (:func:`onto_own_rows`), 0 neither (None: the rule does
    not apply, or no row moved or was left; :func:`order_flags` makes the flags). It applies to a diary whose
    starts are bare times on a ``date`` column with a ``worker_id`` (``layout`` ``split``;
    a WOMBAT session has its own rule, :mod:`timestudy.ingest.wombat`), unless
    the mapping says ``times_stepping_back: same_day`` or the rows give their own day start
    (WOMBAT's ``day_start_time``); a row whose end has a date of its own (``fixed``)
    neither steps nor moves. Worker-dates are told apart by the spellings of the worker and
    the date (a date spelt two ways is two dates: no row of one moves for the other)."""
    f, m = r.frame, r.mapping
    if (layout != "split" or m.times_stepping_back != "next_day"
            or not {"worker_id", "date", "start_time"} <= set(f.columns)
            or "day_start_time" in f):
        return start, end, None
    worker, day = r.coded("worker_id")[1], r.coded("date")[1]
    group = worker.astype(np.int64) * (int(day.max(initial=0)) + 1) + day
    group[(worker < 0) | (day < 0) | fixed] = -1
    moved = steps_to_next_day(group, start, end)
    if not moved.any():
        return start, end, None
    shift = np.where(moved, np.int64(_DAY_NS), np.int64(0)).view("m8[ns]")
    left = onto_own_rows(np.where(group >= 0, worker, -1), start + shift, end + shift, moved)
    moved &= ~left
    shift[left] = np.timedelta64(0, "ns")
    return start + shift, end + shift, moved.astype(np.int8) + 2 * left.astype(np.int8)


def onto_own_rows(worker: np.ndarray, start: np.ndarray, end: np.ndarray,
                  moved: np.ndarray) -> np.ndarray:
    """Which ``moved`` rows (``start``/``end`` as moved; an end NaT: its start) lie on a time
    the same worker's rows not moved already cover (``worker`` -1: none).

    Examples
    --------
    F2's 07:30-08:30 moved to the 18th, onto F2's own 08:00-12:00 of the 18th: True.

    >>> d = np.datetime64("2026-03-18T00:00", "ns")
    >>> h = lambda *x: d + (np.array(x) * 60).astype("m8[m]")
    >>> onto_own_rows(np.zeros(3, int), h(7.5, 8, 12.5), h(8.5, 12, 16),
    ...               np.array([True, False, False])).tolist()
    [True, False, False]
    """
    s, e = start.view("i8"), end.view("i8").copy()
    e[e == _NAT] = s[e == _NAT]
    ok = (worker >= 0) & (s != _NAT)
    own = pd.DataFrame({"w": worker[ok & ~moved], "s": s[ok & ~moved], "e": e[ok & ~moved]})
    at = np.flatnonzero(ok & moved)
    if own.empty or not len(at):
        return np.zeros(len(worker), bool)
    own = own.sort_values(["w", "s"], kind="stable")
    own["e"] = own.groupby("w", sort=False)["e"].cummax()  # the latest end so far
    ask = pd.DataFrame({"w": worker[at], "at": at, "end": e[at]}).sort_values("end")
    found = pd.merge_asof(ask, own.sort_values("s"), left_on="end", right_on="s", by="w",
                          allow_exact_matches=False)  # the worker's rows starting before
    out = np.zeros(len(worker), bool)
    hit = found["e"].to_numpy(float) > s[found["at"].to_numpy()]  # (NaN: none before)
    out[found["at"].to_numpy()[hit]] = True
    return out


def order_flags(by_order: np.ndarray, valid: np.ndarray) -> dict[str, np.ndarray]:
    """The flag :data:`FLAG` (rows moved) and the rows :data:`LEFT` on their date, of the
    valid rows, from :func:`read_by_order`'s codes.

    Examples
    --------
    >>> f = order_flags(np.array([1, 2, 0], np.int8), np.array([True, True, False]))
    >>> f[FLAG].tolist(), f[LEFT].tolist()
    ([True, False, False], [False, True, False])
    """
    return {FLAG: (by_order == 1) & valid, LEFT: (by_order == 2) & valid}


def next_day_warning(moved: np.ndarray, minutes: np.ndarray, start: np.ndarray,
                     source_rows: np.ndarray, left: np.ndarray | None = None) -> dict | None:
    """The report's warning on the rows read on the next day by the file's order (None: none).

    Parameters
    ----------
    moved : ndarray of bool
        The rows moved (flagged :data:`FLAG`) and accepted.
    minutes : ndarray of float
        Each row's minutes.
    start : ndarray of datetime64[ns]
        Each row's start, as now read.
    source_rows : ndarray of int
        Each row's line in the file.
    left : ndarray of bool, optional
        The rows left on their date (:data:`LEFT`) and accepted.

    Returns
    -------
    dict or None
        ``code``, ``message``, ``rows``, ``minutes`` and ``first_source_row`` (of the rows
        moved), with ``left_source_rows`` where rows were left.

    Examples
    --------
    >>> s = np.array(["2026-03-17T02:00", "2026-03-17T03:30"], "M8[ns]")
    >>> w = next_day_warning(np.ones(2, bool), np.array([90.0, 210.0]), s, np.array([4, 5]))
    >>> w["rows"], w["minutes"], w["first_source_row"]
    (2, 300.0, 4)
    >>> print(w["message"])  # doctest: +ELLIPSIS
    next_day_by_order: 2 rows (300 minutes) read on the day after the date written beside them (source row 4 as 2026-03-17 02:00): ...
    >>> w = next_day_warning(np.zeros(2, bool), np.ones(2), s, np.array([4, 5]),
    ...                      np.array([False, True]))
    >>> w["rows"], w["left_source_rows"], w["message"][:69]
    (0, [5], 'next_day_by_order: 1 row left on its date (source row 5 as 2026-03-17')
    """
    n = int(np.count_nonzero(moved))
    kept = _left_text(left, start, source_rows)
    if not n and not kept:
        return None
    if not n:
        return {"code": FLAG, "message": f"{FLAG}: {kept[0]}: check its date", "rows": 0,
                "minutes": 0.0, "first_source_row": None, "left_source_rows": kept[1]}
    total = float(np.nansum(minutes[moved]))
    first = int(np.flatnonzero(moved)[0])
    when = pd.Timestamp(start[first]).strftime("%Y-%m-%d %H:%M")
    message = (  # what was moved first: a published warning keeps 300 characters
        f"{FLAG}: {n:,} row{'s' if n > 1 else ''} ({total:,.0f} minutes) read on the day "
        f"after the date written beside {'them' if n > 1 else 'it'} (source row "
        f"{int(source_rows[first])} as {when}){'; ' + kept[0] if kept else ''}: under one "
        "worker and date, in the file's order, a start earlier than the row before it "
        "(22:00-02:00 then 02:00) is a night shift written under the date it began, past "
        f"midnight, and the rows after it follow it; flagged {FLAG}. If the rows are out of "
        "order instead, set times_stepping_back: same_day in the mapping")
    said = {"code": FLAG, "message": message, "rows": n, "minutes": round(total, 4),
            "first_source_row": int(source_rows[first])}
    return {**said, "left_source_rows": kept[1]} if kept else said


def _left_text(left, start, source_rows) -> tuple[str, list[int]] | None:
    """The words on the rows ``left`` on their date, and their source rows (None: none)."""
    if left is None or not left.any():
        return None
    at = np.flatnonzero(left)
    rows = [int(x) for x in source_rows[at]]
    when = pd.Timestamp(start[at[0]]).strftime("%Y-%m-%d %H:%M")
    more = f" and {len(at) - 1:,} more" if len(at) > 1 else ""
    return (f"{len(at):,} row{'s' if len(at) > 1 else ''} left on {'their' if more else 'its'}"
            f" date (source row {rows[0]} as {when}{more}): on the next day {'they' if more else 'it'} would lie on "
            "the worker's own rows of that date"), rows


def next_day_said(times, kept: np.ndarray, source_rows: np.ndarray) -> dict | None:
    """:func:`next_day_warning` of the rows of ``times`` (:class:`~timestudy.ingest.times.
    Times`) flagged :data:`FLAG` (and :data:`LEFT`) among those ``kept`` (None: none)."""
    moved, left = times.flags.get(FLAG), times.flags.get(LEFT)
    if moved is None:
        return None
    return next_day_warning(moved & kept, times.minutes, times.start, source_rows,
                            None if left is None else left & kept)
