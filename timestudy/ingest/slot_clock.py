"""Slot diaries on the days the clocks change: what a fixed grid of clock slots can say.

A slot grid (or a long-format slot diary) names its slots by the clock. On the day a
spring change skips an hour, the slots of that hour did not happen: they count no minutes
(:func:`skipped_hour`). On the day an autumn change repeats an hour, the grid has one set
of slots for two hours of time: each episode is read on the clock, the slots of the
repeated hour before the change as its first time (summer time), and the episode over the
change takes the repeated hour, so it counts 60 minutes more than its slots (a run of the
same activity across the change lasted that long). That is never silent
(:func:`repeated_hour`): a warning names the day, the slots and each worker's episode
that takes the hour, flagged ``clock_change``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.zones import in_range
from timestudy.schema import parse


def skipped_hour(frame: pd.DataFrame, origin: np.ndarray, out: pd.DataFrame, value: str,
                 slots: dict[str, float], mapping: DiaryMapping,
                 kind: str = "slot columns") -> list[str]:
    """Slots in the hour a spring clock change skips count no minutes, as a timer would count
    them: a run's start or end written in that hour is moved to the change (its start to
    01:00, its end to 02:00 on 29 March 2026 in Europe/London), so every run over that hour
    is read across the change (flagged ``clock_change``). ``slots`` gives each slot
    column's start minute (``kind`` names them: a long-format diary's are ``"slots"``).
    Changes ``out`` in place; returns a line per day naming the slot columns and each
    worker's activities there.

    Examples
    --------
    >>> grid = pd.DataFrame({"worker_id": ["W1"], "date": ["29/03/2026"]})
    >>> runs = pd.DataFrame({"activity": ["sleep", "work"], "_start_min": [0.0, 90.0],
    ...                      "_end_min": [90.0, 120.0]})
    >>> slots = {"00:00": 0.0, "00:30": 30.0, "01:00": 60.0, "01:30": 90.0}
    >>> m = DiaryMapping(timezone="Europe/London")
    >>> print(skipped_hour(grid, np.array([0, 0]), runs, "activity", slots, m)[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    29/03/2026: the clocks went forward at 01:00 in Europe/London, so slot columns 01:00,
    01:30 did not happen that day and count no minutes, as a timer would count them ('W1':
    'sleep', 'work'; their episodes are read across the change, flagged clock_change)
    >>> runs[["_start_min", "_end_min"]].values.tolist()
    [[0.0, 120.0], [60.0, 120.0]]
    """
    tz = mapping.timezone
    if not tz or "date" not in frame or not len(out):
        return []
    day = _row_days(frame["date"], mapping.dayfirst)[origin]
    start, end = (out[c].to_numpy(float).copy() for c in ("_start_min", "_end_min"))
    who = _workers(frame)
    lines = []
    for d in np.unique(day[_near_change(day, tz)]):  # the days of a change: one or two a year
        lo, hi = _skipped(d, tz)
        on = np.flatnonzero((day == d) & (start < hi) & (end > lo))  # runs over the gap
        if lo == hi or not len(on):
            continue
        start[on] = np.where((start[on] > lo) & (start[on] < hi), lo, start[on])
        end[on] = np.where((end[on] > lo) & (end[on] < hi), hi, end[on])
        gone = [n for n, m in slots.items() if lo <= m < hi]
        each = _by_worker(who[origin[on]], out[value].to_numpy(object)[on])
        lines.append(
            f"{frame['date'].iloc[origin[on[0]]]}: the clocks went forward at {_hhmm(lo)} in "
            f"{tz}, so {kind} {', '.join(gone) or '(none)'} did not happen that day and "
            f"count no minutes, as a timer would count them ({each}; their episodes are read "
            "across the change, flagged clock_change)")
    out["_start_min"], out["_end_min"] = start, end
    return lines


def _near_change(day: np.ndarray, tz: str) -> np.ndarray:
    """Rows whose day or the next has a clock change in ``tz`` (their UTC offsets differ)."""
    days, which = np.unique(day, return_inverse=True)
    idx = pd.DatetimeIndex(in_range(days))
    ends = [(idx + pd.Timedelta(days=k)).tz_localize(tz, nonexistent="shift_forward",
                                                     ambiguous=np.ones(len(idx), bool))
            for k in (0, 2)]
    span = np.asarray((ends[1] - ends[0]) != pd.Timedelta(days=2)) & ~np.isnat(days)
    return span[which.ravel()]


def _skipped(day: np.datetime64, tz: str) -> tuple[float, float]:
    """The minutes (after ``day``'s midnight, over two days) the clocks skipped in ``tz``:
    (60, 120) on 29 March 2026 in Europe/London; equal when none were skipped."""
    wall = pd.DatetimeIndex(day + np.arange(0, 2880).astype("m8[m]"))
    lost = np.flatnonzero(np.asarray(wall.tz_localize(
        tz, nonexistent="NaT", ambiguous=np.ones(2880, bool)).isna()))
    return (float(lost[0]), float(lost[-1] + 1)) if len(lost) else (0.0, 0.0)


def _row_days(dates: pd.Series, dayfirst: bool | None) -> np.ndarray:
    """Each row's date (M8[ns], NaT unknown); read both ways when the order is not known yet,
    and NaT where the two readings differ."""
    text = dates.astype("string").fillna("")
    first = parse.dates(text, dayfirst=True if dayfirst is None else dayfirst).astype("M8[ns]")
    if dayfirst is not None:
        return first
    other = parse.dates(text, dayfirst=False).astype("M8[ns]")
    same = (first == other) | np.isnat(other)
    return np.where(same, first, np.where(np.isnat(first), other, parse.NAT))


def _hhmm(minutes: float) -> str:
    return f"{int(minutes) // 60 % 24:02d}:{int(minutes) % 60:02d}"


def repeated_hour(frame: pd.DataFrame, origin: np.ndarray, out: pd.DataFrame, value: str,
                  slots: dict[str, float], mapping: DiaryMapping,
                  kind: str = "slot columns", flagged: bool = True) -> list[str]:
    """A line per autumn change day naming the episodes that take the repeated hour.

    The grid has one set of slots for the hour the clocks repeat: an episode that starts
    before the change (02:00 summer time, 25 October 2026 in Europe/London) and ends at it
    or after is read over both of that hour's times, 60 minutes more than its slots; the
    slots before the change are the hour's first time. ``out`` is not changed: the times
    read that way are the true elapsed minutes of the clock times written.

    Parameters
    ----------
    frame : DataFrame
        The diary's rows (``date``, ``worker_id``).
    origin : ndarray of int
        Each episode's row in ``frame``.
    out : DataFrame
        The episodes: ``value``, ``_start_min``, ``_end_min`` (minutes after the row's date).
    value : str
        The column of the activity.
    slots : dict
        Each slot's name and start minute (``kind`` names them).
    mapping : DiaryMapping
        Its ``timezone`` (none: no line) and ``dayfirst``.
    kind : str
        What the slots are called in the line.
    flagged : bool
        Whether the episodes are flagged ``clock_change`` (secondary ones are not).

    Returns
    -------
    list of str

    Examples
    --------
    >>> grid = pd.DataFrame({"worker_id": ["W1"], "date": ["24/10/2026"]})
    >>> runs = pd.DataFrame({"activity": ["sleep", "work"], "_start_min": [1440.0, 1530.0],
    ...                      "_end_min": [1530.0, 1560.0]})
    >>> slots = {"00:00": 1440.0, "01:00": 1500.0, "01:30": 1530.0, "02:00": 1560.0}
    >>> m = DiaryMapping(timezone="Europe/London")
    >>> print(repeated_hour(grid, np.array([0, 0]), runs, "activity", slots, m)[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    24/10/2026: the clocks went back at 02:00 in Europe/London, so the hour from 01:00
    happened twice and slot columns 01:00, 01:30 stand for both times: the episode over the
    change takes the repeated hour, 60 minutes more than its slots ('W1': 'work'; flagged
    clock_change), and the slots before it are the hour's first time; if the second time
    was spent otherwise, write that day with times (start and end, with the UTC offset)
    """
    tz = mapping.timezone
    if not tz or "date" not in frame or not len(out):
        return []
    day = _row_days(frame["date"], mapping.dayfirst)[origin]
    start, end = (out[c].to_numpy(float) for c in ("_start_min", "_end_min"))
    who = _workers(frame)
    lines = []
    for d in np.unique(day[_near_change(day, tz)]):  # the days of a change: one or two a year
        lo, hi = _repeated(d, tz)
        on = np.flatnonzero((day == d) & (start < hi) & (end >= hi))  # runs over the change
        if lo == hi or not len(on):
            continue
        twice = [n for n, m in slots.items() if lo <= m < hi]
        each = _by_worker(who[origin[on]], out[value].to_numpy(object)[on])
        lines.append(
            f"{frame['date'].iloc[origin[on[0]]]}: the clocks went back at {_hhmm(hi)} in {tz}, "
            f"so the hour from {_hhmm(lo)} happened twice and {kind} "
            f"{', '.join(twice) or '(none)'} stand for both times: the episode over the change "
            f"takes the repeated hour, {int(hi - lo)} minutes more than its slots ({each}"
            f"{'; flagged clock_change' if flagged else ''}), and the slots before it are the "
            "hour's first time; if the "
            "second time was spent otherwise, write that day with times (start and end, with "
            "the UTC offset)")
    return lines


def _repeated(day: np.datetime64, tz: str) -> tuple[float, float]:
    """The minutes (after ``day``'s midnight, over two days) whose clock times happened twice
    in ``tz``: (1500, 1560) for 24 October 2026 in Europe/London; equal when none did."""
    wall = pd.DatetimeIndex(day + np.arange(0, 2880).astype("m8[m]"))
    twice = np.flatnonzero(np.asarray(wall.tz_localize(
        tz, nonexistent="NaT", ambiguous="NaT").isna()) & ~np.asarray(wall.tz_localize(
            tz, nonexistent="NaT", ambiguous=np.ones(2880, bool)).isna()))
    return (float(twice[0]), float(twice[-1] + 1)) if len(twice) else (0.0, 0.0)


def _workers(frame: pd.DataFrame) -> np.ndarray:
    """Each diary row's worker as written ("" where the diary names none)."""
    return frame["worker_id"].to_numpy(object) if "worker_id" in frame else np.full(len(frame), "")


def _by_worker(who: np.ndarray, what: np.ndarray) -> str:
    """The activities of the runs named, worker by worker in order, quoted (withheld when
    published): ``'W1': 'sleep', 'work'; 'W2': 'phone'``."""
    runs = pd.DataFrame({"who": who, "what": what})
    return "; ".join(f"{str(w)!r}: {', '.join(repr(str(x)) for x in g['what'])}"
                     for w, g in runs.groupby("who", sort=False))
