"""When each candidate episode started and ended, and for how long, whatever way it was written.

Start comes from ``start`` (a date and time), from ``date`` plus ``start_time``,
or from a slot grid's ``date`` plus minutes. End comes from ``end``, from
``end_time`` (on ``end_date`` if given, else on the start's date, the next day when
it is not after the start: the episode crossed midnight), or from the start plus
``duration_min``. With a time zone the clock times stay as written (wall clock)
while the duration is the true elapsed time across a clock change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy.ingest.mapping import DiaryMapping
from timestudy.schema import parse
from timestudy.schema.tables import Field, failure_rows, load_schema, text_codes

NS_PER_MIN = 60_000_000_000
DAY = np.timedelta64(1, "D").astype("m8[ns]")
NAT_I8 = np.iinfo(np.int64).min
SAFE_RANGE = (np.datetime64("1700-01-01", "ns"), np.datetime64("2200-01-01", "ns"))
_TIME_SHAPE = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s*m\.?)?"


@dataclass
class Times:
    """Start, end and elapsed minutes of each candidate, with the failures found.

    ``start``/``end`` are wall-clock datetime64[ns] (NaT where unusable);
    ``start_at``/``end_at`` are int64 instants in ns (UTC with a time zone, wall clock
    without) used for ordering and overlaps.
    """

    start: np.ndarray
    end: np.ndarray
    minutes: np.ndarray
    start_at: np.ndarray
    end_at: np.ndarray
    failures: list[pd.DataFrame] = field(default_factory=list)
    duration_mismatch: np.ndarray | None = None
    clock_change: np.ndarray | None = None


class _Reader:
    """Shared state: the frame, labels, missing spellings and the failures collected."""

    def __init__(self, frame: pd.DataFrame, labels: dict, mapping: DiaryMapping) -> None:
        self.frame, self.labels, self.mapping = frame, labels, mapping
        self.missing = load_schema("episodes").missing_values
        self.failures: list[pd.DataFrame] = []
        self._coded: dict[str, tuple] = {}

    def label(self, col: str) -> str:
        return self.labels.get(col, col)

    def coded(self, col: str) -> tuple[pd.Series, np.ndarray, pd.Series]:
        """Cleaned text of ``col``, its codes and distinct values (computed once per column)."""
        if col not in self._coded:
            self._coded[col] = text_codes(self.frame[col], self.missing)
        return self._coded[col]

    def text(self, col: str) -> pd.Series:
        return self.coded(col)[0]

    def by_unique(self, col: str, reader, fill) -> np.ndarray:
        """``reader`` applied to the distinct values of ``col``, spread back to the rows."""
        _, codes, uniques = self.coded(col)
        parsed = np.asarray(reader(uniques))
        return np.concatenate([parsed, np.array([fill], dtype=parsed.dtype)])[codes]

    def fail(self, col: str, mask: np.ndarray, code: str, template: str) -> None:
        if mask.any():
            self.failures.append(failure_rows(self.frame[col], mask, col, code, template))

    def required(self, col: str, absent: np.ndarray) -> None:
        self.fail(
            col, absent, "missing_required", f"{self.label(col)} is missing: every row needs one"
        )

    def stamps(self, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Datetimes of ``col``, minutes of time-only values, and which cells are blank."""
        raw = self.frame[col]
        if raw.dtype.kind == "M":
            tz = getattr(raw.dt, "tz", None)
            if tz is not None:
                raw = raw.dt.tz_convert(self.mapping.timezone or tz).dt.tz_localize(None)
            values = raw.to_numpy("M8[ns]")
            return values, np.full(len(raw), np.nan), np.isnat(values)
        _, codes, uniques = self.coded(col)
        stamp_u, clock_u = parse.datetimes(uniques, self.mapping.dayfirst)
        stamp = np.append(stamp_u, parse.NAT)[codes]
        clock = np.append(clock_u, np.nan)[codes]
        return stamp, clock, codes < 0

    def timed(self, col: str) -> bool:
        """Whether ``col`` may hold bare times of day (it is not a column of datetimes)."""
        return self.frame[col].dtype.kind != "M"

    def dates(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        raw = self.frame[col]
        if raw.dtype.kind == "M":
            values = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
            values = values.dt.normalize().to_numpy("M8[ns]")
            return values, np.isnat(values)
        text = self.text(col)
        out = self.by_unique(col, lambda u: parse.dates(u, self.mapping.dayfirst), parse.NAT)
        blank = text.isna().to_numpy()
        hint = (
            ""
            if not self.mapping.dayfirst
            else " (dates are read day first; set dayfirst: false in the mapping for month-first dates)"
        )
        self.fail(
            col,
            np.isnat(out) & ~blank,
            "bad_date",
            f"{self.label(col)} '{{}}' is not a date: use 2026-03-09 or 09/03/2026{hint}",
        )
        return out, blank

    def clock(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        text = self.text(col)
        out = self.by_unique(col, parse.time_minutes, np.nan)
        blank = text.isna().to_numpy()
        self.fail(
            col,
            np.isnan(out) & ~blank,
            "bad_time",
            f"{self.label(col)} '{{}}' is not a time: use 09:30, 9.30am or 21:15",
        )
        return out, blank


def resolve_times(frame: pd.DataFrame, labels: dict, mapping: DiaryMapping) -> Times:
    """Start, end and duration of every candidate in ``frame``, collecting every failure.

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["09/03/2026"], "start_time": ["23:30"], "end_time": ["0:30"]})
    >>> t = resolve_times(f, {}, DiaryMapping())
    >>> str(t.end[0]), t.minutes.tolist()
    ('2026-03-10T00:30:00.000000000', [60.0])
    """
    r = _Reader(frame, labels, mapping)
    start = _start(r)
    end, end_given = _end(r, start)
    minutes_given = _duration(r)
    n = len(frame)
    no_end = np.isnat(end) & ~end_given
    lacking = no_end & np.isnan(minutes_given) & ~np.isnat(start) & ~_has(frame, "duration_min", r)
    if lacking.any():
        col = "end" if "end" in frame else "end_time" if "end_time" in frame else None
        raw = frame[col] if col else pd.Series("", index=frame.index)
        r.failures.append(
            failure_rows(
                raw,
                lacking,
                col or "end",
                "missing_end",
                "there is no end and no duration_min: give one of them",
            )
        )
    from_duration = no_end & ~np.isnan(minutes_given) & ~np.isnat(start)
    tz = mapping.timezone
    start_at = _instants(start, tz, np.ones(n, bool)) if tz else start.view("i8")
    if tz:
        end_first = _instants(end, tz, np.ones(n, bool))
        end_second = _instants(end, tz, np.zeros(n, bool))
        end_at = np.where(end_first > start_at, end_first, end_second)
    else:
        end_at = end.view("i8").copy()
    if from_duration.any():  # the end is the start plus the duration
        # to whole microseconds, the resolution of the episodes written: a duration too short
        # to show is then no length at all, never an end equal to its start
        micros = np.round(np.nan_to_num(minutes_given) * (NS_PER_MIN // 1000)).astype("i8")
        computed = start_at + micros * 1000
        end_at = np.where(from_duration, computed, end_at)
        if tz:
            stamps = np.where(from_duration, end_at, NAT_I8).view("M8[ns]")
            wall = pd.DatetimeIndex(_in_range(stamps)).tz_localize("UTC").tz_convert(tz)
            end = np.where(from_duration, wall.tz_localize(None).to_numpy("M8[ns]"), end)
        else:
            end = np.where(from_duration, end_at.view("M8[ns]"), end)
    valid = ~np.isnat(start) & ~np.isnat(end)
    minutes = np.where(valid, (end_at - start_at) / NS_PER_MIN, np.nan)
    _order(r, frame, start, end, minutes, valid, from_duration)
    given = ~np.isnan(minutes_given)
    if given.any():
        mismatch = valid & end_given & given & (np.abs(minutes - minutes_given) > 1)
    else:
        mismatch = np.zeros(n, bool)
    if tz:
        wall_minutes = (end.view("i8") - start.view("i8")) / NS_PER_MIN
        clock_change = valid & (np.abs(wall_minutes - minutes) > 0.5)
    else:
        clock_change = np.zeros(n, bool)
    return Times(start, end, minutes, start_at, end_at, r.failures, mismatch, clock_change)


def _has(frame: pd.DataFrame, col: str, r: _Reader) -> np.ndarray:
    """Cells of ``col`` that hold something (so a bad duration is not also 'missing_end')."""
    if col not in frame:
        return np.zeros(len(frame), bool)
    if frame[col].dtype.kind in "iufM":
        return frame[col].notna().to_numpy()
    return r.text(col).notna().to_numpy()


def _start(r: _Reader) -> np.ndarray:
    f = r.frame
    if "start" in f:
        stamp, clock, blank = r.stamps("start")
        if "date" in f:  # a time of day with a separate date column
            day, day_blank = r.dates("date")
            r.required("date", day_blank & ~np.isnan(clock))
            stamp = np.where(np.isnan(clock), stamp, _on_day(day, clock))
        r.required("start", blank)
        _explain_stamp_failures(r, "start", stamp, clock, blank, "date" in f)
        return stamp
    if "date" not in f:
        return np.full(len(f), parse.NAT)
    day, day_blank = r.dates("date")
    r.required("date", day_blank)
    if "_start_min" in f:
        return _on_day(day, f["_start_min"].to_numpy(float))
    clock, blank = r.clock("start_time")
    r.required("start_time", blank)
    return _on_day(day, clock)


def _end(r: _Reader, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """End times and which rows gave one; a bare end time on or before the start is next day."""
    f, n = r.frame, len(r.frame)
    day = start.astype("M8[D]").astype("M8[ns]") if "end" not in f or r.timed("end") else None
    if "end" in f:
        stamp, clock, blank = r.stamps("end")
        timed = ~np.isnan(clock)
        if day is not None and timed.any():  # bare times of day: on the start's day, or the next
            on_start_day = _on_day(day, clock)
            on_start_day = np.where(on_start_day <= start, on_start_day + DAY, on_start_day)
            stamp = np.where(timed, on_start_day, stamp)
        _explain_stamp_failures(r, "end", stamp, clock, blank, True)
        return stamp, ~blank
    if "_end_min" in f:  # a slot grid: the end is a known number of minutes after the start
        length = f["_end_min"].to_numpy(float) - f["_start_min"].to_numpy(float)
        return start + np.round(length * NS_PER_MIN).astype("i8").astype("m8[ns]"), np.ones(n, bool)
    if "end_time" not in f:
        return np.full(n, parse.NAT), np.zeros(n, bool)
    clock, blank = r.clock("end_time")
    end = _on_day(day, clock)
    if "end_date" in f:
        end_day, end_day_blank = r.dates("end_date")
        end = np.where(end_day_blank, end, _on_day(end_day, clock))
        wraps = end_day_blank
    else:
        wraps = np.ones(n, bool)
    end = np.where(wraps & (end <= start), end + DAY, end)
    return end, ~blank


def _duration(r: _Reader) -> np.ndarray:
    f = r.frame
    if "duration_min" not in f:
        return np.full(len(f), np.nan)
    raw = f["duration_min"]
    label = r.label("duration_min")
    if raw.dtype.kind in "iuf":
        minutes = raw.to_numpy(float)
    else:
        text = r.text("duration_min")
        minutes = r.by_unique("duration_min", parse.durations, np.nan)
        r.fail(
            "duration_min",
            np.isnan(minutes) & text.notna().to_numpy(),
            "bad_duration",
            f"{label} '{{}}' is not a duration: give minutes (45), h:mm (1:30) or 01:30:00",
        )
    spec: Field = load_schema("episodes").field("duration_min")
    low = minutes < (spec.minimum if spec.minimum is not None else -np.inf)
    high = minutes > (spec.maximum if spec.maximum is not None else np.inf)
    r.fail(
        "duration_min",
        low,
        "below_minimum",
        f"{label} '{{}}' is below the minimum of {spec.minimum}",
    )
    r.fail(
        "duration_min",
        high,
        "above_maximum",
        f"{label} '{{}}' is above the maximum of {spec.maximum} (24 hours)",
    )
    return np.where(low | high, np.nan, minutes)


def _order(r: _Reader, frame: pd.DataFrame, start, end, minutes, valid, from_duration) -> None:
    """End on or before start, and episodes longer than the schema's maximum duration."""
    col = next((c for c in ("end", "end_time", "duration_min") if c in frame), "end")
    before = valid & (minutes < 0)
    same = valid & (minutes == 0)
    if before.any():
        r.failures.append(
            _pair_failures(
                frame, col, before, start, end, "end_before_start", "is before the start"
            )
        )
    if same.any():
        r.failures.append(
            _pair_failures(
                frame,
                col,
                same,
                start,
                end,
                "no_length",
                "is the same as the start: the episode has no length",
            )
        )
    top = load_schema("episodes").field("duration_min").maximum
    long = valid & ~from_duration & (minutes > (top or np.inf))
    if long.any():
        r.failures.append(
            _pair_failures(
                frame,
                col,
                long,
                start,
                end,
                "above_maximum",
                f"is more than {top} minutes after the start: check the dates",
            )
        )


def _pair_failures(frame, col, mask, start, end, code, what) -> pd.DataFrame:
    pos = np.flatnonzero(mask)
    fmt = "%Y-%m-%d %H:%M"
    s = pd.DatetimeIndex(start[pos]).strftime(fmt)
    e = pd.DatetimeIndex(end[pos]).strftime(fmt)
    return pd.DataFrame(
        {
            "row": pos.astype(np.int64),
            "column": col,
            "code": code,
            "value": parse.as_text(frame[col].iloc[pos]).tolist() if col in frame else "",
            "reason": [f"end {b} {what} ({a})" for a, b in zip(s, e, strict=True)],
        }
    )


def _explain_stamp_failures(r: _Reader, col: str, stamp, clock, blank, has_day: bool) -> None:
    """One reject per unreadable value, with the reason that best says what to fix."""
    bad = np.isnat(stamp) & ~blank
    if not bad.any():
        return
    label = r.label(col)
    text = r.text(col).fillna("")
    is_time = ~np.isnan(clock)
    time_shaped = text.str.fullmatch(_TIME_SHAPE, case=False).to_numpy(bool)
    parts = text.str.extract(rf"^(?P<date>.+?)[T ]+(?P<time>{_TIME_SHAPE})$", flags=re.I)
    with_time = parts["date"].notna().to_numpy() & bad & ~is_time
    bad_clock = np.zeros(len(text), bool)
    if with_time.any():
        sub = parts[with_time]
        day_ok = ~np.isnat(parse.dates(sub["date"], r.mapping.dayfirst))
        time_bad = np.isnan(parse.time_minutes(sub["time"]))
        bad_clock[np.flatnonzero(with_time)[day_ok & time_bad]] = True
    slashed = text.str.contains(r"\d{1,2}/\d{1,2}/\d{2,4}").to_numpy(bool)
    cases = [
        (
            is_time & ~has_day,
            f"{label} '{{}}' has no date: give a date and time like "
            "2026-03-09T09:30, or a separate date column",
        ),
        (~is_time & time_shaped, f"{label} '{{}}' is not a time (hours 0-23, minutes 0-59)"),
        (bad_clock, f"{label} '{{}}' has an impossible time of day (hours 0-23, minutes 0-59)"),
        (
            ~is_time & ~time_shaped & ~bad_clock & slashed & r.mapping.dayfirst,
            f"{label} '{{}}' is not a date and time: dates are read day first (31/03/2026); set "
            "dayfirst: false in the mapping for month-first dates",
        ),
        (
            ~is_time & ~time_shaped & ~bad_clock & ~(slashed & r.mapping.dayfirst),
            f"{label} '{{}}' is not a date and time: use ISO 8601 like 2026-03-09T09:30",
        ),
    ]
    for mask, template in cases:
        r.fail(col, bad & mask, "bad_datetime", template)


def _on_day(day: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    offset = np.round(np.nan_to_num(minutes) * NS_PER_MIN).astype("i8").astype("m8[ns]")
    out = day + offset
    out[np.isnan(minutes)] = parse.NAT
    return out


def _in_range(stamps: np.ndarray) -> np.ndarray:
    """NaT for times too near the limits of datetime64[ns] to move between time zones."""
    out = stamps.copy()
    out[(stamps < SAFE_RANGE[0]) | (stamps > SAFE_RANGE[1])] = parse.NAT
    return out


def _instants(wall: np.ndarray, tz: str, first: np.ndarray) -> np.ndarray:
    """UTC nanoseconds of wall-clock times in ``tz``; ambiguous times resolved by ``first``."""
    idx = pd.DatetimeIndex(_in_range(wall)).tz_localize(
        tz, ambiguous=first, nonexistent="shift_forward"
    )
    out = idx.tz_convert("UTC").tz_localize(None).to_numpy("M8[ns]").view("i8")
    return out
