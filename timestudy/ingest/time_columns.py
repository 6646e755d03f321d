"""The start, end and duration columns of a diary read into instants and minutes: a start
from ``start``, ``date`` plus ``start_time`` or a slot's minutes (:func:`start_times`), an
end from ``end``, ``end_time`` (on ``end_date``) or none (:func:`end_times`), a duration
(:func:`durations`), each failure explained on its row. The rules that then decide which
counts are :mod:`timestudy.ingest.times`' and :mod:`timestudy.ingest.timerules`'."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest._reader import ColumnReader, explain_stamp_failures
from timestudy.ingest.bare_numbers import settle_bare
from timestudy.ingest.hours_minutes import read_hours_minutes
from timestudy.ingest.timerules import DAY, NAT_I8, NS_PER_DAY, NS_PER_MIN, midnight, on_day
from timestudy.schema import parse
from timestudy.schema.tables import failure_rows


def no_time_of_day(r: ColumnReader, col: str, stamp: np.ndarray) -> np.ndarray:
    """``stamp`` with the values of ``col`` written as a date alone made NaT and rejected:
    read as midnight they would put the entry in the small hours of the day before's
    diary day, all of it out of hours. Only the values read as midnight are looked at (a
    date alone is read as midnight), not every distinct value of the column."""
    if not r.timed(col):
        return stamp
    _, codes, uniques = r.coded(col)
    midnight = at_midnight(stamp)
    if not midnight.any():
        return stamp
    seen = np.unique(codes[midnight])
    seen = seen[seen >= 0]
    alone = np.zeros(len(uniques) + 1, bool)  # by code; the last, code -1: a blank cell
    alone[seen] = parse.date_only(uniques.iloc[seen], r.dayfirst)
    bare = alone[codes] & ~np.isnat(stamp)
    if not bare.any():
        return stamp
    r.refuse(col, bare, "bad_datetime",
           f"{r.label(col)} '{{}}' is a date with no time of day, which would be read as "
           "midnight: give the time (2026-03-09T09:30), or map the date as `date` beside a "
           "`start_time` column (layout split)")
    return np.where(bare, np.datetime64("NaT", "ns"), stamp)


def at_midnight(stamp: np.ndarray) -> np.ndarray:
    """Which of ``stamp`` are at midnight exactly (NaT: not).

    Examples
    --------
    >>> at_midnight(np.array(["2026-03-09", "2026-03-09T09:30", "NaT"], "M8[ns]")).tolist()
    [True, False, False]
    """
    if stamp.dtype == np.dtype("M8[ns]"):
        ns = stamp.view("i8")
        return (ns % NS_PER_DAY == 0) & (ns != NAT_I8)
    return ~np.isnat(stamp) & (stamp == stamp.astype("M8[D]"))


def zone_without_timezone(r: ColumnReader, col: str, stamp: np.ndarray) -> np.ndarray:
    """``stamp`` with the values of a time-zone-aware column made NaT and rejected when the
    study has no time zone, as a text time with a UTC offset is: read on the column's own
    clock, an instant would lose its real length across a clock change, and a column in
    UTC would put every summer entry an hour early."""
    raw = r.frame[col]
    zone = getattr(raw.dt, "tz", None) if raw.dtype.kind == "M" else None
    if zone is None or r.mapping.timezone:
        return stamp
    bad = ~np.isnat(stamp)
    r.refuse(col, bad, "offset_without_timezone",
           f"{r.label(col)} '{{}}' is a time in the zone {zone} but the study has no time zone: "
           "set timezone (e.g. Europe/London) in the mapping so it is read on the study's clock")
    return np.where(bad, np.datetime64("NaT", "ns"), stamp)


def start_times(r: ColumnReader) -> np.ndarray:
    f = r.frame
    if "start" in f:
        stamp, clock, blank = r.stamps("start")
        stamp = zone_without_timezone(r, "start", stamp)
        if "date" not in f:
            stamp = no_time_of_day(r, "start", stamp)
        if "date" in f:  # a time of day with a separate date column
            day, day_blank = r.dates("date")
            r.required("date", day_blank & ~np.isnan(clock))
            stamp = np.where(np.isnan(clock), stamp, on_day(next_day(r, day, clock), clock))
        r.required("start", blank)
        explain_stamp_failures(r, "start", stamp, clock, blank, "date" in f)
        return stamp
    if "date" not in f:
        return np.full(len(f), parse.NAT)
    day, day_blank = r.dates("date")
    r.required("date", day_blank)
    if "_start_min" in f:
        minutes = f["_start_min"].to_numpy(float)
        if "slot_number" in f:
            bad_slots(r, f["slot_number"], np.isnan(minutes) & ~day_blank)
        return on_day(day, minutes)
    clock, blank = r.clock("start_time")
    r.required("start_time", blank)
    return on_day(next_day(r, day, clock), clock)


def bad_slots(r: ColumnReader, slot: pd.Series, bad: np.ndarray) -> None:
    """The reasons of slot numbers no slot of the diary day has: not a whole number from 1,
    or a whole number beyond the day (145 of 144 ten-minute slots: the next day's first)."""
    n = parse.numbers(slot.astype("string").str.strip().fillna(""))
    beyond = bad & (n >= 1) & (n == np.round(n))
    m = r.mapping
    per_day = int(np.ceil(1440 / m.slot_minutes))
    r.fail("slot_number", bad & ~beyond, "bad_slot",
           f"{r.label('slot_number')} '{{}}' is not a slot number: use 1, 2, 3, ...")
    r.fail("slot_number", beyond, "bad_slot",
           f"{r.label('slot_number')} '{{}}' is beyond the {per_day} slots of "
           f"{m.slot_minutes:g} minutes in a diary day from {m.first_slot_start} (slot "
           f"{per_day + 1} would be the next diary day's first): correct the slot number, or "
           "slot_minutes and first_slot_start in the mapping")


def next_day(r: ColumnReader, day: np.ndarray, clock: np.ndarray) -> np.ndarray:
    """The row's date, or the next one for a clock time before the row's day start."""
    if "day_start_time" in r.frame:  # e.g. a WOMBAT session that runs past midnight
        threshold, _ = r.clock("day_start_time")
    elif r.mapping.times_before_day_start == "next_day":
        threshold = np.full(len(day), r.mapping.day_start_hours * 60)
    else:
        return day
    later = ~np.isnan(threshold) & (clock < threshold)
    return np.where(later, day + DAY, day)


def end_times(r: ColumnReader, start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """End times, which rows gave one, and which were bare times of day put on the start's date
    (those may roll to the next day: :func:`timestudy.ingest.timerules.apply_rules`)."""
    f, n = r.frame, len(r.frame)
    if "end" in f:
        stamp, clock, blank = r.stamps("end")
        if not r.timed("end"):  # a column of datetimes: no bare time to place
            return zone_without_timezone(r, "end", stamp), ~blank, np.zeros(n, bool)
        stamp = no_time_of_day(r, "end", stamp)
        bare = ~np.isnan(clock)
        if bare.any():
            day = midnight(start)
            stamp = np.where(bare, on_day(day, clock), stamp)
        explain_stamp_failures(r, "end", stamp, clock, blank, True)
        return stamp, ~blank, bare
    if "_end_min" in f:  # a slot grid: the end is a known number of minutes after the start
        length = f["_end_min"].to_numpy(float) - f["_start_min"].to_numpy(float)
        span = np.full(n, np.timedelta64("NaT", "ns"))  # NaT: a slot with no time (rejected)
        known = ~np.isnan(length)
        span[known] = np.round(length[known] * NS_PER_MIN).astype("i8").astype("m8[ns]")
        end = start + span
        return end, np.ones(n, bool), np.zeros(n, bool)
    if "end_time" not in f:
        return np.full(n, parse.NAT), np.zeros(n, bool), np.zeros(n, bool)
    clock, blank = r.clock("end_time")
    end = on_day(midnight(start), clock)
    bare = ~np.isnan(clock)
    if "end_date" in f:
        end_day, end_day_blank = r.dates("end_date")
        end = np.where(end_day_blank, end, on_day(end_day, clock))
        bare &= end_day_blank
    return end, ~blank, bare


def durations(r: ColumnReader, start=None, end=None) -> tuple[np.ndarray, np.ndarray]:
    """The source's own duration in minutes (NaN where none or unreadable), and which rows
    gave a value; a negative duration fails ``below_minimum``."""
    f = r.frame
    if "duration_min" not in f:
        return np.full(len(f), np.nan), np.zeros(len(f), bool)
    minutes, given = r.minutes("duration_min")
    minutes = read_hours_minutes(f["duration_min"], r.label("duration_min"),  # 1.30: 90
                                 r.mapping.duration_unit, minutes)
    minutes = settle_bare(r, minutes, start, end)  # 2 among 1:30: by its clock, or refused
    low = minutes < 0
    r.fail(
        "duration_min",
        low,
        "below_minimum",
        f"{r.label('duration_min')} '{{}}' is below the minimum of 0",
    )
    return np.where(low, np.nan, minutes), given


def missing_end(r, frame, no_end, given, source_given, start, layout) -> None:
    """No end (``no_end``: NaT) and no duration: ``missing_end``; for a timer,
    ``running_timer``."""
    lacking = no_end & ~given & ~source_given & ~np.isnat(start)
    if not lacking.any():
        return
    col = "end" if "end" in frame else "end_time" if "end_time" in frame else None
    raw = frame[col] if col else pd.Series("", index=frame.index)
    end_label = r.label(col or "end")
    if layout in ("wombat", "toggl"):
        what = f"no {end_label} and no {r.label('duration_min')}"
        r.failures.append(
            failure_rows(
                raw,
                lacking,
                col or "end",
                "running_timer",
                f"{what}: the timer was still running when the data were exported; stop it "
                "and export again, or drop the row",
            )
        )
        return
    r.failures.append(
        failure_rows(
            raw,
            lacking,
            col or "end",
            "missing_end",
            "there is no end and no duration_min: give one of them",
        )
    )


def start_column(frame: pd.DataFrame) -> str:
    return next(c for c in ("start", "start_time", "date") if c in frame)


def end_column(frame: pd.DataFrame) -> str:
    return next((c for c in ("end", "end_time") if c in frame), start_column(frame))
