"""Diaries with a date and a duration but no time of day: the ``dated`` layout.

A paper activity log typed up, a minutes-per-task sheet, a case-recording system's
"contacts" export or a timesheet has one row per piece of work with a worker, a date,
what was done, the case and how long it took, and no clock time::

    worker_id,date,activity,case_id,duration_min
    W1,2026-03-02,home visit,C1,90

Its hours per week, hours per case-month and time per piece of work are all measurable;
its time of day is not. :func:`place_rows` gives each row a start so that the rest of the
pipeline can take it like any other episode, and the row is flagged
:data:`FLAG` so that no figure takes that start for the time the work was done:

- Each worker-day's rows follow one another in file order from the diary day's start
  (``diary_day_start``, 04:00 by default: :mod:`timestudy.schema.clock`). A day of up to
  24 hours then lies wholly inside its own diary date, placed rows never overlap each
  other, and the travel and case notes written next to a visit stay next to it, so that
  pieces of work link them as the file orders them.
- With a ``timezone`` (:func:`place_in_zone`) each row starts the true minutes of the rows
  before it after the instant its day starts, written on the zone's clock as an end made
  from a start and a duration is: no placed time is in the hour the clocks skip, a row
  whose clock times differ from its minutes is flagged ``clock_change``, and a day holds
  its true length (23 hours on the spring night, 25 on the autumn one in Europe/London).
  Without one the rows stay on the clock as written, whose days are 24 hours, and those
  Europe/London would read otherwise are flagged ``clock_change_unchecked`` as any other
  end made from a duration is.
- A worker-day whose rows add up to more than its day (24 hours, or its true length in a
  time zone) cannot have happened: every row of it is rejected (``day_over_24_hours``)
  with a reason naming the worker, the date and the total, as the readers reject other
  impossible rows, so minutes in = accepted + rejected still holds.
- Time-of-day figures (out-of-hours hours and shares, time-of-day profiles, overlaps,
  gaps between entries, the 12-hour-clock check) leave flagged rows out.

Two rows alike in every column are both kept: without a clock time two equal rows are
two pieces of work as likely as a copy (two 15-minute calls on one case), and dropping
one would lose real minutes silently. :func:`file_order` numbers the rows so the
duplicate search, which compares whole rows, tells them apart;
:func:`dated_warning` says how many such rows there are.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from timestudy.ingest.timerules import NAT_I8
from timestudy.ingest.zones import CHECKED_ZONE, localise, wall_clock

#: The flag of a row placed by file order: its clock times are not the time of day.
FLAG = "time_of_day_unknown"
#: The reject code of every row of a worker-day over 24 hours.
OVER_DAY = "day_over_24_hours"
#: The helper column holding each row's position in the file (see :func:`file_order`).
ORDER_COLUMN = "_file_order"
#: Columns whose presence means a diary has clock times (and is not ``dated``).
CLOCK_COLUMNS = frozenset({"start", "end", "start_time", "end_time", "start_date",
                           "slot_number"})
_DAY_MIN = 1440.0
_NS_PER_MIN = 60_000_000_000


def is_dated(columns) -> bool:
    """Whether canonical column names are those of a diary without times: ``date`` and
    ``duration_min`` and none of :data:`CLOCK_COLUMNS`.

    Examples
    --------
    >>> is_dated(["worker_id", "date", "activity", "case_id", "duration_min"])
    True
    >>> is_dated(["worker_id", "date", "start_time", "duration_min"])
    False
    """
    cols = set(columns)
    return {"date", "duration_min"} <= cols and not cols & CLOCK_COLUMNS


def file_order(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :data:`ORDER_COLUMN`, each row's position (a copy).

    Examples
    --------
    >>> file_order(pd.DataFrame({"date": ["2026-03-02"] * 2}))[ORDER_COLUMN].tolist()
    [0, 1]
    """
    return frame.assign(**{ORDER_COLUMN: np.arange(len(frame), dtype=np.int64)})


def place_rows(worker: np.ndarray, day: np.ndarray, minutes: np.ndarray,
               usable: np.ndarray, day_start_hours: float = 4.0
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starts of rows placed one after another, in file order, within each worker-day.

    Parameters
    ----------
    worker : ndarray of int
        A code per row's worker (equal codes, one worker).
    day : ndarray of datetime64
        Each row's date (NaT where unreadable).
    minutes : ndarray of float
        Each row's duration in minutes.
    usable : ndarray of bool
        Rows to place (a readable worker, date and duration); the others get NaT.
    day_start_hours : float
        Hour at which a diary day starts.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        Starts (datetime64[ns], NaT where not placed), each row's worker-day total in
        minutes (NaN where not placed) and which rows are on a worker-day over 24 hours.

    Examples
    --------
    W1's day of 90 + 30 minutes from 04:00: 04:00 and 05:30; W2's one row at 04:00.

    >>> d = np.array(["2026-03-02"] * 3, "M8[D]")
    >>> s, total, over = place_rows(np.array([0, 0, 1]), d, np.array([90.0, 30.0, 45.0]),
    ...                             np.ones(3, bool))
    >>> pd.DatetimeIndex(s).strftime("%H:%M").tolist(), total.tolist(), over.tolist()
    (['04:00', '05:30', '04:00'], [120.0, 120.0, 45.0], [False, False, False])
    """
    n = len(minutes)
    start = np.full(n, np.datetime64("NaT", "ns"))
    total = np.full(n, np.nan)
    pos, days, before = _earlier_minutes(worker, day, minutes, usable, total)
    if not len(pos):
        return start, total, np.zeros(n, bool)
    start[pos] = _day_starts(days, day_start_hours) + (before * 1000).astype("m8[ns]")
    over = np.zeros(n, bool)
    over[pos] = total[pos] > _DAY_MIN + 1e-9
    return start, total, over


def place_in_zone(worker: np.ndarray, day: np.ndarray, minutes: np.ndarray,
                  usable: np.ndarray, day_start_hours: float, tz: str) -> Placed:
    """Rows placed as by :func:`place_rows`, in the time zone ``tz``: each row starts the
    true minutes of the rows before it after the instant its diary day starts, and is
    written on the clock of ``tz`` (:func:`timestudy.ingest.zones.wall_clock`, the rule by
    which an end made from a start and a duration is written), so that no placed time is
    in the hour the clocks skip. A worker-day is over when its rows add up to more than
    that diary day's true length (from its start to the next day's: 23 hours on the night
    the clocks go forward, 25 on the night they go back).

    Parameters
    ----------
    worker, day, minutes, usable, day_start_hours
        As for :func:`place_rows`.
    tz : str
        The study's time zone (IANA name).

    Returns
    -------
    Placed
        ``start`` (wall clock, NaT where not placed), ``start_at`` (its instant, UTC ns),
        ``total`` (each row's worker-day total in minutes), ``over`` (rows on a worker-day
        longer than its day) and ``day_minutes`` (the true length of each row's day).

    Examples
    --------
    28 March 2026 in Europe/London runs 23 hours, 04:00 GMT to 04:00 BST: 1,290 + 30
    minutes from 04:00 GMT put the second row at 04:00 UTC + 1,290 minutes = 01:30 UTC,
    02:30 BST (01:30 did not happen that night).

    >>> d = np.array(["2026-03-28"] * 2, "M8[D]")
    >>> p = place_in_zone(np.zeros(2, int), d, np.array([1290.0, 30.0]), np.ones(2, bool),
    ...                   4.0, "Europe/London")
    >>> pd.DatetimeIndex(p.start).strftime("%d %H:%M").tolist(), p.day_minutes.tolist()
    (['28 04:00', '29 02:30'], [1380.0, 1380.0])
    """
    n = len(minutes)
    total, length = np.full(n, np.nan), np.full(n, np.nan)
    start, start_at = np.full(n, np.datetime64("NaT", "ns")), np.full(n, NAT_I8)
    pos, days, before = _earlier_minutes(worker, day, minutes, usable, total)
    over = np.zeros(n, bool)
    if len(pos):
        opens, length[pos] = day_length(days, day_start_hours, tz)
        start_at[pos] = opens + before * 1000
        start[pos] = wall_clock(start_at[pos], tz)
        over[pos] = total[pos] > length[pos] + 1e-9
    return Placed(start, start_at, total, over, length)


def day_length(days: np.ndarray, day_start_hours: float, tz: str
               ) -> tuple[np.ndarray, np.ndarray]:
    """The instant (UTC ns) each diary day of ``days`` starts in ``tz`` and its true length
    in minutes, to the next day's start.

    Examples
    --------
    >>> d = np.array(["2026-03-28", "2026-10-24", "2026-07-01"], "M8[D]")
    >>> day_length(d, 4.0, "Europe/London")[1].tolist()
    [1380.0, 1500.0, 1440.0]
    """
    first = np.ones(len(days), bool)
    opens = localise(_day_starts(days, day_start_hours), tz, first)[0]
    closes = localise(_day_starts(days + np.timedelta64(1, "D"), day_start_hours), tz,
                      first)[0]
    return opens, (closes - opens) / _NS_PER_MIN


class Placed(NamedTuple):
    """Rows placed in a time zone (:func:`place_in_zone`)."""

    start: np.ndarray
    start_at: np.ndarray
    total: np.ndarray
    over: np.ndarray
    day_minutes: np.ndarray


def _earlier_minutes(worker, day, minutes, usable, total):
    """The rows placed (``usable``), their days, and the whole microseconds of the rows
    before each in its worker-day; writes each worker-day's total minutes into ``total``."""
    pos = np.flatnonzero(usable)
    days = day[pos].astype("M8[D]")
    # whole microseconds, as an end is its start plus the duration (times._plus): a row
    # then starts exactly where the one before it ends, with no overlap of a nanosecond
    micros = np.round(minutes[pos].astype(float) * (_NS_PER_MIN // 1000)).astype("i8")
    frame = pd.DataFrame({"w": worker[pos], "d": days.view("i8"), "us": micros})
    groups = frame.groupby(["w", "d"], sort=False)["us"]
    before = groups.cumsum().to_numpy("i8") - micros  # earlier rows of the day
    total[pos] = groups.transform("sum").to_numpy("i8") / (_NS_PER_MIN // 1000)
    return pos, days, before


def _day_starts(days: np.ndarray, day_start_hours: float) -> np.ndarray:
    """The wall clock (datetime64[ns]) at which each diary day of ``days`` starts."""
    micros = round(day_start_hours * 60 * (_NS_PER_MIN // 1000))
    return days.astype("M8[ns]") + np.timedelta64(micros * 1000, "ns")


def over_day_reasons(worker: pd.Series, day: np.ndarray, total: np.ndarray,
                     label: str, day_minutes: np.ndarray | None = None,
                     day_start_hours: float = 4.0) -> list[str]:
    """The reason of each row of a worker-day over its diary day (one per row given);
    ``day_minutes``, the true length of each row's day in a time zone (24 hours where not
    given), names a day the clocks made 23 or 25 hours long. Without it (no time zone), a
    day whose rows would fit its length in Europe/London (the night the clocks go back,
    days from ``day_start_hours``) has a reason that says to set the time zone.

    Examples
    --------
    >>> print(over_day_reasons(pd.Series(["W1"]), np.array(["2026-03-02"], "M8[D]"),
    ...                        np.array([1530.0]), "duration_min")[0])  # doctest: +ELLIPSIS
    the rows of worker W1 dated 2026-03-02 add up to 25.5 hours (1,530 minutes), more than ...
    >>> print(over_day_reasons(pd.Series(["W1"]), np.array(["2026-03-28"], "M8[D]"),
    ...                        np.array([1400.0]), "duration_min", np.array([1380.0]))[0])
    ... # doctest: +ELLIPSIS
    the rows ... (1,400 minutes), more than the 23 hours of that diary day (the clocks changed that night): ...
    """
    when = pd.Series(np.datetime_as_string(day.astype("M8[D]")), dtype=object)
    hours = pd.Series(total / 60).map("{:.1f}".format)
    mins = pd.Series(total).map("{:,.0f}".format)
    who = worker.fillna("").astype(str).reset_index(drop=True)
    length = pd.Series(np.full(len(total), _DAY_MIN) if day_minutes is None else day_minutes)
    whole = "the 24 hours of a diary day"
    odd = ("the " + (length / 60).map("{:g}".format)
           + " hours of that diary day (the clocks changed that night)")
    limit = odd.where((length - _DAY_MIN).abs() > 1e-9, whole)
    fits = pd.Series(False, index=length.index)
    if day_minutes is None and len(total):
        checked = day_length(day.astype("M8[D]"), day_start_hours, CHECKED_ZONE)[1]
        fits = pd.Series(total <= checked + 1e-9)
    zone = pd.Series("", index=length.index).where(
        ~fits, f" (the clocks went back that night in {CHECKED_ZONE}, a day of 25 hours: if "
        "the diary was kept there, set timezone in the mapping, or --timezone)")
    return ("the rows of worker " + who + " dated " + when + " add up to " + hours
            + " hours (" + mins + " minutes), more than " + limit + zone + ": "
            f"check {label} (hours written as minutes?) and the dates; every row of that "
            "day is rejected").tolist()


def dated_warning(n_rows: int, minutes: float, repeats: int = 0) -> dict:
    """The report's warning for a diary whose rows have no time of day.

    It says how many rows and minutes (as written: a row rejected is listed with the
    rejects too) have no time of day, that out-of-hours work, overlaps and time-of-day
    profiles cannot be measured from them, that pieces of work are ordered by file order,
    and how many rows repeat an earlier row word for word (kept).

    Parameters
    ----------
    n_rows : int
        Rows of the diary.
    minutes : float
        Their minutes as written (the durations that read).
    repeats : int
        Rows equal in every column to an earlier row.

    Returns
    -------
    dict
        ``code``, ``message`` and ``rows``.

    Examples
    --------
    >>> print(dated_warning(2, 120.0)["message"])  # doctest: +ELLIPSIS
    time_of_day_unknown: 2 rows (120 minutes, 2.0 hours, as written) have a date and a duration but no time of day...
    """
    again = (f" {repeats:,} rows repeat an earlier row word for word: kept, and their "
             "minutes counted (without a time two equal rows may be two pieces of work); "
             "check for a copy pasted twice." if repeats else "")
    message = (  # what cannot be measured first: a published warning keeps 300 characters
        f"{FLAG}: {n_rows:,} rows ({minutes:,.0f} minutes, {minutes / 60:,.1f} hours, as "
        "written) have a date and a duration but no time of day: out-of-hours work, overlaps "
        "and time-of-day profiles cannot be measured from them and leave them out (not "
        "known, not 0); their hours, hours per case-month and time per piece are measured. "
        "Each worker-day's rows are placed one after another in file order from the diary "
        "day's start, so pieces of work, and the travel and notes beside a visit, follow the "
        "file's order; gaps between entries are not known." + again)
    return {"code": FLAG, "message": message, "rows": n_rows}


def time_of_day_known(episodes: pd.DataFrame) -> np.ndarray:
    """Which entries have a time of day: all but those flagged :data:`FLAG`.

    A diary without times gives each row a start and an end so that hours, case-months and
    pieces of work can be counted, but those clock times are the file's order from the
    diary day's start, not when the work was done: every time-of-day figure (out of hours,
    time-of-day profiles) leaves such rows out.

    Parameters
    ----------
    episodes : DataFrame
        Episodes, with ``flags`` (semicolon-separated codes) if ingest gave them.

    Returns
    -------
    ndarray of bool
        True where the entry's clock times are its time of day.

    Examples
    --------
    >>> e = pd.DataFrame({"flags": ["", "time_of_day_unknown", "overlap", None]})
    >>> time_of_day_known(e).tolist()
    [True, False, True, True]
    """
    if "flags" not in episodes:
        return np.ones(len(episodes), bool)
    placed = episodes["flags"].astype("string").str.contains(FLAG, regex=False)
    return ~placed.fillna(False).to_numpy(bool)
