"""Limits on an entry's length judged on the clock as written, with the time that passed named.

* **A bare end before its start** (a time of day with no date of its own) rolls to the
  next day when the episode is then no longer than ``max_wrap_hours`` (16) on the clock:
  an Emergency Duty Team's 17:00 to 09:00 (16 h) rolls. A longer one is rejected
  ``wrap_too_long``; its reason gives the hours that would pass (with a time zone, across a
  clock change: 17:00 to 09:30 on 28 March 2026 in Europe/London is 15 h 30 min, 16 h 30
  min on the clock) and the source's own duration.
* **The maximum of an entry** that is not a timer (``max_entry_hours``, 24 by default) is
  a local day: that many hours on the clock from the entry's start (a diary without times:
  from its diary day's start). With a ``timezone`` its real minutes are those that pass
  between the two clock times (:func:`clock_allowance`): a weekend duty shift from 09:00 on
  24 October 2026 to 09:00 on the 25th is 24 hours on the clock and 1,500 minutes in
  Europe/London (the clocks went back that night), 1,380 over the spring change. A timer's
  limit (``long_running_timer``) is the time it ran, not a day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.timerules import DAY, NS_PER_MIN, _by_hint, hours_text
from timestudy.ingest.zones import localise
from timestudy.ingest.zones import near_change as _near
from timestudy.schema import parse


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
    longer than ``max_wrap_hours`` on the clock; reject the others ``wrap_too_long``. Returns
    the ends and the rows rejected. Only the rows that wrap (a few in a hundred) are worked on.

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
    too_long = np.zeros(len(end), bool)
    too_long[at[long]] = True
    if long.any():
        passed = _passed(respan, start, end, at, rolled, span, too_long)
        for rows, hint in _by_hint(too_long, start, end, near_change):
            pos = np.flatnonzero(rows)
            r.failures.append(_wrap_rows(r, pos, start, end, span[np.isin(at, pos)], source,
                                         elapsed, limit, hint, passed[pos]))
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
               passed=None) -> pd.DataFrame:
    """The ``wrap_too_long`` failures of the rows ``pos`` (``span``: their minutes rolled on
    the clock; ``passed``: the minutes that would pass, where a clock change makes them
    differ)."""
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
    reasons = []
    for a, b, m, t, said in zip(s, e, span, passed, says, strict=True):
        note = f" (its {r.label(own)} says {said})" if own and said else ""
        last = hours_text(m) if np.isnan(t) or abs(t - m) < 1e-9 else (
            f"{hours_text(t)} ({hours_text(m)} on the clock, which changed that night)")
        reasons.append(
            f"end time {b} is before start time {a}; rolled to the next day the task would "
            f"last {last}, more than {limit / 60:g} h on the clock{note}: check the end time "
            f"(or set max_wrap_hours in the mapping){hint}"
        )
    return pd.DataFrame({"row": pos, "column": col, "code": "wrap_too_long",
                         "value": parse.as_text(r.frame[col].iloc[pos]).tolist(),
                         "reason": reasons})
