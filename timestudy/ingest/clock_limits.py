"""Limits on an entry's length judged on the clock as written, with the time that passed named.

* **A bare end before its start** (a time of day with no date of its own) rolls to the
  next day when the episode is then no longer than ``max_wrap_hours`` (16) on the clock:
  an Emergency Duty Team's 17:00 to 09:00 (16 h) rolls. A longer one is rejected
  ``wrap_too_long``; its reason gives the hours that would pass (with a time zone, across a
  clock change: 17:00 to 09:30 on 28 March 2026 in Europe/London is 15 h 30 min, 16 h 30
  min on the clock) and the source's own duration. A roll of 12 h or more needs a start of
  13:00 or later (a night starts in the afternoon or evening): 9:00 to 1:00 on a 12-hour
  clock written without am or pm is 4 h if 1:00 is 13:00, not 16 h, and is rejected
  ``wrap_too_long`` with a reason that says so, unless the row's own duration gives the
  roll's minutes (an ATUS activity 12:00 to 02:00 of 840 minutes); 22:00 to 02:00 (4 h)
  rolls from any start.
* **The maximum of an entry** that is not a timer (``max_entry_hours``, 24 by default) is
  a local day: that many hours on the clock from the entry's start (a diary without times:
  from its diary day's start). With a ``timezone`` its real minutes are those that pass
  between the two clock times (:func:`clock_allowance`): a weekend duty shift from 09:00 on
  24 October 2026 to 09:00 on the 25th is 24 hours on the clock and 1,500 minutes in
  Europe/London (the clocks went back that night), 1,380 over the spring change. A timer's
  limit (``long_running_timer``) is the time it ran, not a day.
* **A task's pauses across a clock change** (WOMBAT's ``int start N`` to ``int end N``,
  bare clock times): with a ``timezone``, each time of a row (pause starts and ends, then
  its end) is the first instant at or after the time before it, on the first pass of an
  hour the clocks pass twice, else the second, else the next day
  (:func:`zoned_pauses`): a task from 00:50 on 25 October 2026 paused 01:20 to 01:00
  (the clocks went back at 02:00 BST) is paused 40 minutes, not refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.timerules import DAY, NAT_I8, NS_PER_DAY, NS_PER_MIN, _by_hint, hours_text
from timestudy.ingest.zones import localise
from timestudy.ingest.zones import near_change as _near
from timestudy.schema import parse

_DAY_NS = DAY // np.timedelta64(1, "ns")
#: A roll of this many minutes or more needs a start at :data:`_AFTERNOON` or later.
_HALF_DAY = 720.0
#: 13:00 in ns: a night shift starts in the afternoon or evening.
_AFTERNOON = 13 * 3_600_000_000_000


def clock_allowance(start: np.ndarray, limit: float, tz: str | None) -> np.ndarray:
    """The real minutes of ``limit`` minutes on the clock from each wall-clock ``start`` in
    ``tz`` (``limit`` where no zone is given, the start is NaT or no clock change is near).

    Parameters
    ----------
    start : ndarray of datetime64[ns]
        Wall-clock starts.
    limit : float
        Minutes on the clock.
    tz : str or None
        The study's time zone.

    Returns
    -------
    ndarray of float
        Minutes per row.

    Examples
    --------
    >>> s = np.array(["2026-10-24T09:00", "2026-03-28T09:00", "2026-07-01T09:00", "NaT"],
    ...              "M8[ns]")
    >>> clock_allowance(s, 1440.0, "Europe/London").tolist()
    [1500.0, 1380.0, 1440.0, 1440.0]
    """
    out = np.full(len(start), float(limit))
    if not tz or not len(start):
        return out
    start = start.astype("M8[ns]")
    end = start + np.timedelta64(int(round(limit * NS_PER_MIN)), "ns")
    near = _near(start, end, ~np.isnat(start), tz)
    if near is None or not near.any():  # (the usual diary: no change within its dates)
        return out
    pos = np.flatnonzero(near)
    first = np.ones(len(pos), bool)
    opens, _ = localise(start[pos], tz, first)
    closes, _ = localise(end[pos], tz, first)
    out[pos] = (closes - opens) / NS_PER_MIN
    return out


def entry_allowance(start: np.ndarray, limit: float, tz: str | None,
                    timer: bool = False) -> np.ndarray | None:
    """Each row's longest entry in real minutes, :func:`clock_allowance` of ``limit`` from
    ``start``, or None where it is ``limit`` for every row (no time zone, a timer, or no
    clock change near).

    Examples
    --------
    >>> s = np.array(["2026-10-24T09:00", "2026-07-01T09:00"], "M8[ns]")
    >>> entry_allowance(s, 1440.0, "Europe/London").tolist()
    [1500.0, 1440.0]
    >>> entry_allowance(s, 1440.0, None) is None, entry_allowance(s[1:], 1440.0, "UTC") is None
    (True, True)
    """
    if not tz or timer:
        return None
    allowed = clock_allowance(start, limit, tz)
    return None if (allowed == limit).all() else allowed


def roll_bare_ends(r, start, end, bare, source, elapsed, respan=None,
                   near_change=None) -> tuple[np.ndarray, np.ndarray]:
    """Roll bare ends earlier than their start to the next day when the episode is then no
    longer than ``max_wrap_hours`` on the clock, and, for 12 h or more, starts at 13:00 or
    later (a night; before then it reads as a 12-hour clock without am or pm); reject the
    others ``wrap_too_long``. Returns the ends and the rows rejected. Only the rows that wrap
    (a few in a hundred) are worked on.

    With a time zone (``respan``, as :func:`~timestudy.ingest.timerules.apply_rules` takes
    it), an end that is not before its start once read on the second pass of the hour the
    clocks pass twice (01:30 to 01:15 on the autumn night) stays on its day, and a reason
    gives the hours that would pass; without one, ``near_change`` marks the rows at a clock
    change, whose reason then hints at the time zone.

    Examples
    --------
    17:00 to 09:00 is 16 h on the clock, within 16 h: rolled.

    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(mapping=SimpleNamespace(max_wrap_hours=16), failures=[])
    >>> s = np.array(["2026-03-09T23:00", "2026-03-09T17:00"], "M8[ns]")
    >>> e = np.array(["2026-03-09T01:00", "2026-03-09T09:00"], "M8[ns]")
    >>> end, rejected = roll_bare_ends(r, s, e, np.array([True, True]), np.full(2, np.nan), None)
    >>> [str(x)[:16] for x in end], rejected.tolist()
    (['2026-03-10T01:00', '2026-03-10T09:00'], [False, False])

    9:00 to 1:00 would be 16 h from a morning start: rejected (4 h if 1:00 is 13:00).

    >>> r.frame, r.label = pd.DataFrame({"end_time": ["1:00"]}), str
    >>> _, rejected = roll_bare_ends(r, s[:1] - np.timedelta64(14, "h"), e[:1],
    ...                              np.array([True]), np.full(1, np.nan), None)
    >>> rejected.tolist(), "4 h if 01:00 is 13:00" in r.failures[0]["reason"].iloc[0]
    ([True], True)
    """
    if not bare.any():  # (ends written with their date: none to roll)
        return end, np.zeros(len(end), bool)
    wrap = ~np.isnat(start) & ~np.isnat(end) & bare & (end < start)
    if wrap.any() and respan is not None:
        wrap &= ~(respan(start, end, wrap, np.full(len(end), -1.0)) >= 0)
    if not wrap.any():
        return end, np.zeros(len(end), bool)
    at = np.flatnonzero(wrap)
    rolled = end[at] + DAY
    span = (rolled - start[at]) / np.timedelta64(1, "m")
    limit = r.mapping.max_wrap_hours * 60
    long = span > limit  # (16 h is not more than 16 h: an EDT shift 17:00-09:00 rolls)
    # 12 h or more from a morning start: 9:00-1:00 is 4 h on a 12-hour clock, not a night
    morning = ~long & (span >= _HALF_DAY) & (start[at].view("i8") % _DAY_NS < _AFTERNOON)
    morning &= ~(np.abs(source[at] - span) <= 1)  # (unless its own duration says so: ATUS)
    long |= morning
    too_long = np.zeros(len(end), bool)
    too_long[at[long]] = True
    if long.any():
        passed = _passed(respan, start, end, at, rolled, span, too_long)
        half = np.zeros(len(end), bool)
        half[at[morning]] = True
        for rows, hint in _by_hint(too_long, start, end, near_change):
            pos = np.flatnonzero(rows)
            r.failures.append(_wrap_rows(r, pos, start, end, span[np.isin(at, pos)], source,
                                         elapsed, limit, hint, passed[pos], half[pos]))
    out = end.copy()
    out[at[~long]] = rolled[~long]
    return out, too_long


def _passed(respan, start, end, at, rolled, span, rows) -> np.ndarray:
    """Minutes that would pass from each start to its end rolled (``span`` of the rows
    ``at``), for the ``rows`` rejected: the clock's span, or with a time zone
    (``respan``) the span between the instants."""
    clock = np.full(len(end), np.nan)
    clock[at] = span
    if respan is None:
        return clock
    ends = end.copy()
    ends[at] = rolled
    return respan(start, ends, rows, clock)


def _wrap_rows(r, pos, start, end, span, source, elapsed, limit, hint="",
               passed=None, half=None) -> pd.DataFrame:
    """The ``wrap_too_long`` failures of the rows ``pos`` (``span``: their minutes rolled on
    the clock; ``passed``: the minutes that would pass, where a clock change makes them
    differ; ``half``: the rows refused as 12 h or more from a start before 13:00)."""
    col = "end" if "end" in r.frame else "end_time"
    fmt = "%H:%M:%S"
    s = pd.DatetimeIndex(start[pos]).strftime(fmt)
    e = pd.DatetimeIndex(end[pos]).strftime(fmt)
    own = "elapsed" if elapsed is not None else "duration_min" if "duration_min" in r.frame \
        else None
    says = (
        parse.as_text(r.frame[own].iloc[pos]).tolist() if own else [""] * len(pos)
    )
    passed = span if passed is None else passed
    half = np.zeros(len(pos), bool) if half is None else half
    reasons = []
    for a, b, m, t, said, h in zip(s, e, span, passed, says, half, strict=True):
        note = f" (its {r.label(own)} says {said})" if own and said else ""
        last = hours_text(m) if np.isnan(t) or abs(t - m) < 1e-9 else (
            f"{hours_text(t)} ({hours_text(m)} on the clock, which changed that night)")
        said_so = f"end time {b} is before start time {a}; rolled to the next day the task " \
            f"would last {last}"
        reasons.append(f"{said_so}{_half_day(a, b, m)}{note}: write the times with am/pm "
                       f"or on a 24-hour clock, or check the end time{hint}" if h else
                       f"{said_so}, more than {limit / 60:g} h on the clock{note}: check the "
                       f"end time (or set max_wrap_hours in the mapping){hint}")
    return pd.DataFrame({"row": pos, "column": col, "code": "wrap_too_long",
                         "value": parse.as_text(r.frame[col].iloc[pos]).tolist(),
                         "reason": reasons})


def _half_day(start: str, end: str, minutes: float) -> str:
    """Why a roll of ``minutes`` (12 h or more) from ``start`` to ``end`` (``HH:MM:SS``, a
    start before 13:00) is refused, with the 12-hour clock's reading where it has one.

    Examples
    --------
    >>> _half_day("09:00:00", "01:00:00", 960.0)  # doctest: +ELLIPSIS
    ', 12 h or more from a start before 13:00 (...): on a 12-hour clock without am or pm, 09:00 to 01:00 is 4 h if 01:00 is 13:00'
    """
    why = (", 12 h or more from a start before 13:00 (a night shift starts in the afternoon "
           "or evening)")
    hour = int(end[:2])
    if hour >= 12 or minutes <= 720:  # (no 12-hour reading puts it after the start)
        return why
    return (f"{why}: on a 12-hour clock without am or pm, {start[:5]} to {end[:5]} is "
            f"{hours_text(minutes - 720)} if {end[:5]} is {hour + 12:02d}:{end[3:5]}")


#: Said of a pause not within its task at a clock change when no time zone is given.
PAUSE_HINT = (
    "; the clocks changed that night in Europe/London: if a time is in the hour passed "
    "twice, set timezone: Europe/London (or your zone) in the mapping, or --timezone, and "
    "the task's times are read in the order they happened"
)


def zoned_pauses(start: np.ndarray, end: np.ndarray, ps: np.ndarray, pe: np.ndarray,
                 tz: str, start_pass: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """A task's pause times, in ``tz``, read in the order they happened (module notes).

    Parameters
    ----------
    start, end : ndarray of datetime64[ns]
        Each row's wall-clock start and end.
    ps, pe : ndarray of int64, shape (rows, pauses)
        Wall-clock pause starts and ends on the start's day (``NAT_I8`` where none).
    tz : str
        The IANA time zone of the clock times.
    start_pass : ndarray of int8, optional
        The pass each start is on where named (1 the second: a time written with its UTC
        offset, or a WOMBAT task its session's order puts there,
        :mod:`timestudy.ingest.wombat_passes`); else the first.

    Returns
    -------
    ps, pe, ps_at, pe_at : ndarray of int64, shape (rows, pauses)
        The pauses' wall clock (a day later where the time came round again) and their
        instants (UTC ns).
    start_at, end_at : ndarray of int64
        The start's instant (its first pass) and the end's, read after the last pause.

    Examples
    --------
    00:50 BST (23:50 UTC), paused 01:20 BST to 01:00 GMT, ended 01:30 GMT (01:30 UTC):
    30 + 30 minutes on the task, 40 paused.

    >>> t = lambda s: np.array([np.datetime64("2026-10-25T" + s, "ns")])
    >>> out = zoned_pauses(t("00:50"), t("01:30"), t("01:20").view("i8")[:, None],
    ...                    t("01:00").view("i8")[:, None], "Europe/London")
    >>> ps, pe, ps_at, pe_at, s_at, e_at = (np.ravel(a) for a in out)
    >>> (np.concatenate([ps_at - s_at, pe_at - ps_at, e_at - pe_at]) // NS_PER_MIN).tolist()
    [30, 40, 30]
    """
    first = np.ones(len(start), bool) if start_pass is None else start_pass != 1
    start_at = localise(start, tz, first)[0]
    prev = np.where(np.isnat(start), NAT_I8, start_at)
    out = [np.full_like(ps, NAT_I8) for _ in range(4)]  # ps, pe, ps_at, pe_at
    for j in range(ps.shape[1]):  # a handful of columns, each vectorised over the rows
        for side in (0, 1):  # the pause's start, then its end
            out[side][:, j], out[side + 2][:, j] = _after((ps, pe)[side][:, j], prev, tz)
            prev = np.where(out[side + 2][:, j] != NAT_I8, out[side + 2][:, j], prev)
    end_at = _after(end.view("i8"), prev, tz, roll=False)[1]
    return (*out, start_at, end_at)


def _after(wall: np.ndarray, prev: np.ndarray, tz: str, roll: bool = True):
    """Wall clock and instant of each bare time (int64 ns): the first pass if at or after
    ``prev``, else the second, else (where ``roll``) the first pass a day later."""
    has = wall != NAT_I8
    n = len(wall)
    first = localise(wall.view("M8[ns]"), tz, np.ones(n, bool))[0]
    second = localise(wall.view("M8[ns]"), tz, np.zeros(n, bool))[0]
    later = np.where(has, wall + NS_PER_DAY, NAT_I8)
    next_day = localise(later.view("M8[ns]"), tz, np.ones(n, bool))[0]
    fits = (first >= prev) | (second >= prev) | (not roll)
    at = np.where(first >= prev, first, np.where(second >= prev, second,
                                                 next_day if roll else first))
    return np.where(has, np.where(fits, wall, later), NAT_I8), np.where(has, at, NAT_I8)


def fragment_instants(start: np.ndarray, end: np.ndarray, first_at: np.ndarray,
                      rows: np.ndarray, number: np.ndarray, tz: str
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Instants (UTC ns) of the fragments of paused rows, read as :func:`zoned_pauses`
    reads the pauses: each fragment's start at its row's start (``first_at``, as read)
    or at or after the fragment before it ended, each end at or after its start.

    Parameters
    ----------
    start, end : ndarray of datetime64[ns]
        Each fragment's wall clock.
    first_at : ndarray of int64
        Each fragment's start instant as read alone (kept for fragment 1).
    rows, number : ndarray of int
        The row each fragment is of, and its number in the row (1, 2, ...).
    tz : str
        The IANA time zone.

    Examples
    --------
    The task of :func:`zoned_pauses` cut in two: 00:50-01:20 BST, 01:00-01:30 GMT.

    >>> s = np.array(["2026-10-25T00:50", "2026-10-25T01:00"], "M8[ns]")
    >>> e = np.array(["2026-10-25T01:20", "2026-10-25T01:30"], "M8[ns]")
    >>> first = localise(s, "Europe/London", np.ones(2, bool))[0]
    >>> s_at, e_at = fragment_instants(s, e, first, np.array([2, 2]), np.array([1, 2]),
    ...                                "Europe/London")
    >>> np.datetime_as_string(np.r_[s_at, e_at].view("M8[ns]"), unit="m").tolist()
    ['2026-10-24T23:50', '2026-10-25T01:00', '2026-10-25T00:20', '2026-10-25T01:30']
    """
    start_at, end_at = first_at.copy(), np.full(len(start), NAT_I8)
    for j in range(1, int(number.max(initial=0)) + 1):  # a handful: pauses a task
        on = np.flatnonzero(number == j)
        if j > 1:
            before = np.flatnonzero(number == j - 1)
            at = pd.Index(rows[before]).get_indexer(rows[on])
            prev = np.where(at >= 0, end_at[before][at], NAT_I8)
            start_at[on] = _after(start[on].view("i8"), prev, tz, roll=False)[1]
        end_at[on] = _after(end[on].view("i8"), start_at[on], tz, roll=False)[1]
    return start_at, end_at
