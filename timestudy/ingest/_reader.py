"""Reading the time columns of candidate episodes: datetimes, dates, clock times, durations.

:class:`ColumnReader` holds one candidate frame with the mapping and collects every
failure as it reads; each value is parsed once per distinct spelling.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.mapping import DiaryMapping
from timestudy.schema import parse
from timestudy.schema.daterange import DateRange, bounded
from timestudy.schema.tables import failure_rows, load_schema, text_codes

_TIME_SHAPE = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s*m\.?)?"
_LONG = re.compile(
    r"^\s*(?:(?P<w>\d+)\s*weeks?)?\s*(?:and|,)?\s*(?:(?P<d>\d+)\s*days?)?\s*(?:and|,)?\s*"
    r"(?P<rest>.*)$",
    re.I,
)


class ColumnReader:
    """Shared state: the frame, labels, missing spellings and the failures collected."""

    def __init__(
        self, frame: pd.DataFrame, labels: dict, mapping: DiaryMapping, encoded: dict | None = None
    ) -> None:
        self.frame, self.labels, self.mapping = frame, labels, mapping
        self.encoded = encoded or {}  # text columns dictionary-encoded already, by name
        self.missing = load_schema("episodes").missing_values
        self.failures: list[pd.DataFrame] = []
        self._coded: dict[str, tuple] = {}
        self.dayfirst = mapping.dayfirst is not False
        self.range = DateRange.from_spec(mapping.date_range)
        self._explained: dict[str, np.ndarray] = {}
        # the pass (0 first, 1 second, -1 not named) each row's UTC offset puts its time on,
        # by column, where a time the clocks pass twice has one (zones.passes)
        self.passes: dict[str, np.ndarray] = {}

    def label(self, col: str) -> str:
        return self.labels.get(col, col)

    def coded(self, col: str) -> tuple[pd.Series, np.ndarray, pd.Series]:
        """Cleaned text of ``col``, its codes and distinct values (computed once per column)."""
        if col not in self._coded:
            self._coded[col] = text_codes(
                self.frame[col], self.missing, encoded=self.encoded.get(col)
            )
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
        hint = ""
        if col in self.mapping.fill_down:
            hint = (" (fill_down takes it from the rows above of the same worker: none "
                    "has one)" if col != "worker_id" else " (fill_down: no row above has one)")
        elif col in ("date", "worker_id") and not absent.all():  # perhaps once per block
            hint = (f" (if it is written once at the top of each block of rows, give "
                    f"fill_down: [{col}] in the mapping)")
        self.fail(col, absent, "missing_required",
                  f"{self.label(col)} is missing: every row needs one{hint}")

    def stamps(self, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Datetimes of ``col`` (ns, inside the study's date range), minutes of time-only
        values, and which cells are blank; dates outside the range and UTC offsets that
        cannot be placed are rejected here with their own reasons."""
        raw = self.frame[col]
        if raw.dtype.kind == "M":
            tz = getattr(raw.dt, "tz", None)
            if tz is not None:
                utc = raw.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("M8[ns]")
                raw = raw.dt.tz_convert(self.mapping.timezone or tz).dt.tz_localize(None)
                self._second(col, raw.to_numpy("M8[ns]"), utc)
            values = self._within(col, raw.to_numpy(), np.zeros(len(raw), bool))
            # no time of day without a date here: one NaN for every row, read only (no array)
            return values, np.broadcast_to(np.nan, len(raw)), raw.isna().to_numpy()
        _, codes, uniques = self.coded(col)
        stamp_u, clock_u = parse.datetimes(uniques, self.dayfirst, self.mapping.timezone)
        offset_u = parse.has_offset(uniques)
        if offset_u.any() and self.mapping.timezone:
            utc_u = np.full(len(uniques), np.datetime64("NaT", "ns"))
            utc_u[offset_u] = pd.to_datetime(uniques[offset_u], format="ISO8601", utc=True,
                                             errors="coerce").dt.tz_localize(None).to_numpy("M8[ns]")
            self._second(col, stamp_u.astype("M8[ns]"), utc_u, codes)
        offset = np.append(offset_u, False)[codes]
        stamp = self._within(col, np.append(stamp_u, parse.NAT_US), offset, codes)
        clock = np.append(clock_u, np.nan)[codes]
        return stamp, clock, codes < 0

    def _second(self, col: str, wall: np.ndarray, utc: np.ndarray,
                codes: np.ndarray | None = None) -> None:
        """Note the pass of the clock each row of ``col`` is on, by its instant ``utc`` and
        wall clock ``wall`` (of the distinct values, spread by ``codes``, when given), where
        one of them is a second pass."""
        from timestudy.ingest.zones import passes

        if not self.mapping.timezone:
            return
        named = passes(wall, utc, self.mapping.timezone)
        if (named >= 0).any():  # some instant named
            self.passes[col] = named if codes is None else np.append(named, np.int8(-1))[codes]

    def _within(self, col: str, stamps: np.ndarray, offset: np.ndarray,
                codes: np.ndarray | None = None) -> np.ndarray:
        """``stamps`` in ns, rejecting dates outside the range and offsets without a zone;
        with ``codes``, ``stamps`` are the distinct values' (and a last for code -1), each
        checked once and spread to the rows."""
        values, outside = bounded(stamps, self.range)
        if codes is not None:
            values = values[codes]
            outside = outside[codes] if outside.any() else np.zeros(len(codes), bool)
        self.refuse(
            col, outside, "date_out_of_range",
            f"{self.label(col)} '{{}}' is outside the study's dates ({self.range.describe()}): "
            "check the year, or set date_range in the mapping",
        )
        unplaced = offset & ~outside & np.isnat(values) if offset.any() else offset
        self.refuse(
            col, unplaced, "offset_without_timezone" if not self.mapping.timezone else "bad_offset",
            f"{self.label(col)} '{{}}' carries a UTC offset but the study has no time zone: set "
            "timezone (e.g. Europe/London) in the mapping so it can be converted"
            if not self.mapping.timezone else
            f"{self.label(col)} '{{}}' has a UTC offset that cannot be read: use +01:00 or Z",
        )
        return values

    def refuse(self, col: str, mask: np.ndarray, code: str, template: str) -> None:
        """Reject the rows of ``mask`` with a reason about their dates (:meth:`fail`), so
        that :func:`explain_stamp_failures` gives them no second one."""
        self.fail(col, mask, code, template)
        self._explained[col] = self.explained(col) | mask

    def explained(self, col: str) -> np.ndarray | bool:
        """Rows of ``col`` already rejected with a reason about their dates."""
        return self._explained.get(col, False)

    def timed(self, col: str) -> bool:
        """Whether ``col`` may hold bare times of day (it is not a column of datetimes)."""
        return self.frame[col].dtype.kind != "M"

    def dates(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        raw = self.frame[col]
        if raw.dtype.kind == "M":
            values = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
            values = self._within(col, values.to_numpy().astype("M8[D]"),
                                  np.zeros(len(raw), bool))
            return values, np.isnat(values) & ~self.explained(col)
        text, codes, uniques = self.coded(col)
        out = self._within(col, np.append(self._parse_dates(uniques), parse.NAT_US),
                           np.zeros(len(text), bool), codes)
        blank = codes < 0  # code -1: blank or a missing spelling
        hint = (
            ""
            if not self.dayfirst
            else " (dates are read day first; set dayfirst: false in the mapping for month-first dates)"
        )
        bad = np.isnat(out) & ~blank & ~self.explained(col)
        timed = np.zeros(len(bad), bool)
        if bad.any():  # a date with its time of day (a case system's "contact date")
            timed[bad] = ~np.isnat(parse.datetimes(text[bad], self.dayfirst)[0])
        self.fail(col, timed, "bad_date",
                  f"{self.label(col)} '{{}}' is a date with a time of day: map it as the "
                  f"start (columns: {{start: \"{self.label(col)}\"}}) to keep the time, "
                  "or write the date alone")
        self.fail(
            col,
            bad & ~timed,
            "bad_date",
            f"{self.label(col)} '{{}}' is not a date: use 2026-03-09 or 09/03/2026{hint}",
        )
        return out, blank

    def _parse_dates(self, uniques: pd.Series) -> np.ndarray:
        """Dates by the mapping's ``date_format``, ``YYYYMMDD``, or the usual spellings."""
        fmt = self.mapping.date_format
        if fmt:
            return pd.to_datetime(uniques, format=fmt, errors="coerce").to_numpy("M8[us]")
        out = parse.dates(uniques, bool(self.mapping.dayfirst is not False))
        basic = uniques.str.fullmatch(r"\d{8}").to_numpy(bool) & np.isnat(out)
        if basic.any():  # ISO 8601 basic format, as ATUS TUDIARYDATE
            out[basic] = pd.to_datetime(uniques[basic], format="%Y%m%d",
                                        errors="coerce").to_numpy("M8[us]")
        return out

    def clock(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        out = self.by_unique(col, parse.time_minutes, np.nan)
        blank = self.coded(col)[1] < 0  # code -1: blank or a missing spelling
        self.fail(
            col,
            np.isnan(out) & ~blank,
            "bad_time",
            f"{self.label(col)} '{{}}' is not a time: use 09:30, 9.30am or 21:15",
        )
        return out, blank


    def minutes(self, col: str, label_unit: str = "a duration") -> tuple[np.ndarray, np.ndarray]:
        """Lengths in minutes of ``col`` (``45``, ``1:30``, ``01:30:00``, ``1 week and 05:24:59``)
        and which cells hold something; an unreadable value fails ``bad_duration``. Plain
        numbers of ``duration_min`` are in the mapping's ``duration_unit``."""
        raw = self.frame[col]
        plain = col == "duration_min" and self.mapping.duration_unit not in (None, "minutes")
        unit = self.mapping.in_minutes if plain else None  # (minutes: the numbers as read)
        if raw.dtype.kind in "iuf":
            values = raw.to_numpy(float)
            return values if unit is None else unit(values), ~np.isnan(values)
        text = self.text(col)
        out = self.by_unique(col, lambda uniques: source_durations(uniques, unit), np.nan)
        given = text.notna().to_numpy()
        self.fail(
            col,
            np.isnan(out) & given,
            "bad_duration",
            f"{self.label(col)} '{{}}' is not {label_unit}: give minutes (45), h:mm (1:30) "
            "or 01:30:00",
        )
        return out, given


def source_durations(values: pd.Series, unit=None) -> np.ndarray:
    """Minutes of durations as exports write them, long timers included; ``unit`` turns
    plain numbers (``1.5``) into minutes (:meth:`DiaryMapping.in_minutes`), whatever is
    written with its unit (``1:30``, ``1h 30m``) is read as written.

    Examples
    --------
    >>> source_durations(pd.Series(["00:16:22", "1 week and 05:24:59", "40:00:00", "2 days and 01:00:00"])).round(2).tolist()
    [16.37, 10404.98, 2400.0, 2940.0]
    >>> hours = DiaryMapping(duration_unit="hours").in_minutes
    >>> source_durations(pd.Series(["1.5", "1,5", "1:30", "1h 30m", "90 min"]), hours).tolist()
    [90.0, 90.0, 90.0, 90.0, 90.0]
    """
    text = values.astype("str").str.strip()
    parts = text.str.extract(_LONG)
    long = (parts["w"].notna() | parts["d"].notna()).to_numpy(bool)
    out = parse.durations(text)
    if unit is not None:
        plain = parse.numbers(text)  # what parse.durations read as a bare number
        out = np.where(np.isnan(plain), out, unit(plain))
    if long.any():
        weeks = pd.to_numeric(parts["w"], errors="coerce").fillna(0).to_numpy(float)
        days = pd.to_numeric(parts["d"], errors="coerce").fillna(0).to_numpy(float)
        rest = parts["rest"].fillna("").str.strip()
        tail = np.where(rest == "", 0.0, parse.durations(rest.where(rest != "", "0")))
        out = np.where(long, (weeks * 7 + days) * 1440 + tail, out)
    return out


def explain_stamp_failures(r: ColumnReader, col: str, stamp, clock, blank, has_day: bool) -> None:
    """One reject per unreadable value, with the reason that best says what to fix (only the
    text of those rows is looked at: a few in a file, not every row of the column)."""
    bad = np.isnat(stamp) & ~blank & ~r.explained(col)
    if not bad.any():
        return
    label = r.label(col)
    at = np.flatnonzero(bad)
    text = r.text(col).iloc[at].fillna("")
    is_time = ~np.isnan(np.asarray(clock)[at])
    time_shaped = text.str.fullmatch(_TIME_SHAPE, case=False).to_numpy(bool)
    parts = text.str.extract(rf"^(?P<date>.+?)[T ]+(?P<time>{_TIME_SHAPE})$", flags=re.I)
    with_time = parts["date"].notna().to_numpy() & ~is_time
    bad_clock = np.zeros(len(text), bool)
    if with_time.any():
        sub = parts[with_time]
        day_ok = ~np.isnat(parse.dates(sub["date"], r.dayfirst))
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
            ~is_time & ~time_shaped & ~bad_clock & slashed & r.dayfirst,
            f"{label} '{{}}' is not a date and time: dates are read day first (31/03/2026); set "
            "dayfirst: false in the mapping for month-first dates",
        ),
        (
            ~is_time & ~time_shaped & ~bad_clock & ~(slashed & r.dayfirst),
            f"{label} '{{}}' is not a date and time: use ISO 8601 like 2026-03-09T09:30",
        ),
    ]
    for mask, template in cases:
        rows = np.zeros(len(bad), bool)
        rows[at[np.asarray(mask, bool)]] = True  # (``~has_day`` of a bool is an int)
        r.fail(col, rows, "bad_datetime", template)
