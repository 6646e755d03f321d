"""The one rule for time, the same in every layout.

* **Zero length.** An end equal to its start (and no duration saying otherwise) is a
  zero-length record: kept as an instantaneous event with 0 minutes (flag
  ``instantaneous``), or rejected ``no_length`` with ``zero_length: reject``. Never
  24 hours.
* **A bare end before its start** (a time of day with no date of its own) rolls to the
  next day only when the episode is then no longer than ``max_wrap_hours`` (16) on the
  clock; otherwise the row is rejected ``wrap_too_long``, with the hours that would pass
  and the source's own duration in the reason (:mod:`timestudy.ingest.clock_limits`).
* **Long entries.** An entry longer than ``max_entry_hours`` is rejected: for a timer
  (WOMBAT, Toggl; 16 h by default, the time it ran) as ``long_running_timer``, otherwise
  ``above_maximum`` (24 h on the clock: a local day, 1,500 minutes over the autumn clock
  change with a time zone, :func:`timestudy.ingest.clock_limits.clock_allowance`).
* **Duration and clock.** Where a row has its own duration (or elapsed time) as well as
  clock times, both are read and compared; a difference beyond
  ``mismatch_tolerance_seconds`` (60) is flagged ``duration_mismatch``. ``minutes_from``
  says which counts: the source's own duration (default) or the clock.
* ``crossed_midnight`` flags an episode running into the next calendar day, and
  ``truncated_at_diary_end`` one ended at the end of its diary day
  (``clip_to_diary_day``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from timestudy.ingest.clock_hours import plain_numbers, reread
from timestudy.schema import parse

NS_PER_MIN = 60_000_000_000
NS_PER_DAY = 86_400_000_000_000
DAY = np.timedelta64(1, "D").astype("m8[ns]")
NAT_I8 = np.iinfo(np.int64).min


def on_day(day: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """``day`` (datetime64[ns] at midnight) plus ``minutes``; NaT where minutes are NaN.

    The values of ``day + round(nan_to_num(minutes) * NS_PER_MIN)`` with NaN minutes made
    NaT; where every minute is a finite number (the usual column) neither the copy that
    blanks NaN nor the NaN mask is made.

    Examples
    --------
    >>> str(on_day(np.array(["2026-03-09"], "M8[ns]"), np.array([1500.0]))[0])
    '2026-03-10T01:00:00.000000000'
    >>> [str(x)[:16] for x in on_day(np.array(["2026-03-09"] * 2, "M8[ns]"), np.array([np.nan, 1.0]))]
    ['NaT', '2026-03-09T00:01']
    """
    minutes = np.asarray(minutes)
    finite = minutes.dtype == np.float64 and bool(np.isfinite(minutes).all())
    if finite and day.dtype == np.dtype("M8[ns]") and day.shape == minutes.shape:
        return _on_day_blocks(day, minutes)
    ns = np.multiply(minutes if finite else np.nan_to_num(minutes), NS_PER_MIN)
    ns = np.round(ns, out=ns) if finite else np.round(ns)
    out = day + ns.astype("i8").view("m8[ns]")
    if not finite:
        out[np.isnan(minutes)] = parse.NAT
    return out


def _on_day_blocks(day: np.ndarray, minutes: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """:func:`on_day` of finite ``minutes`` on nanosecond days, a block at a time into one
    array (no whole-column temporaries); NaT where the day is NaT (or the sum is no time).

    Examples
    --------
    >>> day = np.array(["2026-03-09", "NaT", "2026-03-10"], "M8[ns]")
    >>> [str(x)[:16] for x in _on_day_blocks(day, np.array([90.0, 1.0, 0.5]), block=2)]
    ['2026-03-09T01:30', 'NaT', '2026-03-10T00:00']
    """
    out = np.empty(len(day), "M8[ns]")
    at, days = out.view("i8"), day.view("i8")
    for i in range(0, len(day), block):
        ns = np.multiply(minutes[i : i + block], NS_PER_MIN)
        np.round(ns, out=ns)
        step = ns.astype("i8")
        np.add(days[i : i + block], step, out=at[i : i + block])
        nat = (days[i : i + block] == NAT_I8) | (step == NAT_I8)  # NaT + anything: NaT
        if nat.any():
            at[i : i + block][nat] = NAT_I8
    return out


def midnight(stamps: np.ndarray) -> np.ndarray:
    """The midnight that starts each stamp's calendar day, ``stamps.astype("M8[D]")`` as
    datetime64[ns] (NaT stays NaT): for nanosecond stamps, whole days of nanoseconds
    (floored, as the cast floors), a fifth of the cost of the two casts.

    Examples
    --------
    >>> s = np.array(["2026-03-09T23:00", "1969-12-31T01:00", "NaT"], "M8[ns]")
    >>> [str(x)[:16] for x in midnight(s)]
    ['2026-03-09T00:00', '1969-12-31T00:00', 'NaT']
    """
    ns = stamps.view("i8") if stamps.dtype == np.dtype("M8[ns]") else None
    if ns is None or not len(ns):
        return stamps.astype("M8[D]").astype("M8[ns]")
    nat = ns == NAT_I8
    if np.min(ns, initial=np.iinfo(np.int64).max, where=~nat) < NAT_I8 + NS_PER_DAY:
        return stamps.astype("M8[D]").astype("M8[ns]")  # (its day starts before the ns range)
    day = ns // NS_PER_DAY
    day *= NS_PER_DAY
    if nat.any():
        day[nat] = NAT_I8
    return day.view("M8[ns]")


def hours_text(minutes: float) -> str:
    """``1395`` as ``23 h 15 min``.

    Examples
    --------
    >>> hours_text(1395.0), hours_text(45.5)
    ('23 h 15 min', '45.5 min')
    """
    if minutes < 60:
        return f"{minutes:g} min"
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m} min" if m else f"{h} h"


def limit_durations(r, source, elapsed, limit: float, timer: bool,
                    allowance: np.ndarray | None = None,
                    unzoned: np.ndarray | None = None) -> np.ndarray:
    """Reject rows whose own duration or elapsed time is longer than ``limit`` minutes
    (``allowance``: each row's real minutes of ``limit`` on the clock, where a clock change
    makes them differ, :func:`timestudy.ingest.clock_limits.clock_allowance`; ``unzoned``,
    without a time zone, those minutes in Europe/London: a row within them is told to set
    the time zone).

    Returns the rows rejected. One reject per row: the elapsed time is named first.
    """
    n = len(source)
    most = limit if allowance is None else allowance
    over_elapsed = (elapsed > most) if elapsed is not None else np.zeros(n, bool)
    over_source = (source > most) & ~over_elapsed
    for col, mask, values in (("elapsed", over_elapsed, elapsed), ("duration_min", over_source,
                                                                   source)):
        if mask.any():
            rows = _long_rows(r, col, mask, values, limit, timer)
            if allowance is not None:  # a day the clocks changed: its minutes named
                rows["reason"] = _on_the_clock(rows["reason"], allowance[mask], limit)
            if unzoned is not None:  # no time zone: where London's clock would allow it
                fits = values[mask] <= unzoned[mask] + 1e-9
                rows["reason"] = [f"{why}{ZONE_HINT}" if ok else why
                                  for why, ok in zip(rows["reason"], fits, strict=True)]
            r.failures.append(rows)
    return over_elapsed | over_source


def _on_the_clock(reasons: pd.Series, allowed: np.ndarray, limit: float) -> list[str]:
    """``reasons`` (``above the maximum of 1440 minutes (24 hours)``) naming, where a clock
    change makes ``limit`` minutes on the clock another number of ``allowed`` minutes,
    those minutes: ``above the maximum of 1500 minutes (24 hours on the clock from its
    start, which changed within them)``."""
    said = f"the maximum of {limit:g} minutes ({limit / 60:g} hours)"
    return [why if abs(a - limit) < 1e-9 else why.replace(
        said, f"the maximum of {a:g} minutes ({limit / 60:g} hours on the clock from its "
        "start, which changed within them)") for why, a in zip(reasons, allowed, strict=True)]


def _long_rows(r, col, mask, values, limit, timer) -> pd.DataFrame:
    pos = np.flatnonzero(mask)
    shown = parse.as_text(r.frame[col].iloc[pos]).str.slice(0, 60).tolist()
    label = r.label(col)
    if timer:
        code = "long_running_timer"
        reasons = [
            f"{label} '{v}' ({m:.6g} min) is more than {limit / 60:g} h: a timer left "
            "running; re-time the task or drop it"
            for v, m in zip(shown, values[pos], strict=True)
        ]
    else:
        code = "above_maximum"
        unit = r.mapping.duration_unit if col == "duration_min" else None
        read = f" (read as {unit}: {{:.6g}} min)" if unit and unit != "minutes" else ""
        reasons = [
            f"{label} '{v}'{read.format(m)} is above the maximum of {limit:g} minutes "
            f"({limit / 60:g} hours)"
            for v, m in zip(shown, values[pos], strict=True)
        ]
    return pd.DataFrame({"row": pos, "column": col, "code": code, "value": shown,
                         "reason": reasons})


#: Said of an entry over 24 hours that a day of Europe/London's autumn change would hold.
ZONE_HINT = (
    "; the clocks went back within it in Europe/London, 24 hours on the clock passing 25: if "
    "the diary was kept there, set timezone: Europe/London (or your zone) in the mapping, "
    "or --timezone"
)
#: Said of an end before its start at a clock change when the mapping gives no time zone.
REPEATED_HOUR_HINT = (
    "; the clocks changed that night in Europe/London: if the end is in the hour passed twice "
    "(an end on the second pass), set timezone: Europe/London (or your zone) in the mapping, "
    "or --timezone, and it is read so"
)


def _by_hint(rows: np.ndarray, start, end, near_change) -> list[tuple[np.ndarray, str]]:
    """``rows`` parted by the hint their reason takes: those ``near_change`` marks (at a
    clock change, no time zone given) get :data:`REPEATED_HOUR_HINT`, the others none;
    only the non-empty parts."""
    near = near_change(start, end, rows) if near_change is not None else None
    plain = rows & ~near if near is not None else rows
    return [(m, h) for m, h in ((plain, ""), (rows & ~plain, REPEATED_HOUR_HINT)) if m.any()]


@dataclass
class Ruled:
    """Times after the rules, the flags found, and what is needed to count minutes."""

    start: np.ndarray
    end: np.ndarray
    valid: np.ndarray
    source: np.ndarray
    elapsed: np.ndarray | None
    paused: np.ndarray | None  # None: no row has pauses
    from_duration: np.ndarray
    tolerance: float
    rule: str
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    #: which durations are plain numbers (None: the mapping gives their unit; no check of
    #: the unit by the clock, :mod:`timestudy.ingest.clock_hours`)
    plain: Callable[[], np.ndarray] | None = None

    def clock(self, start_at: np.ndarray, end_at: np.ndarray) -> np.ndarray:
        """Minutes between the instants, pauses left out (NaN where the times are not valid);
        worked in place, one array."""
        clock = ns_to_minutes(end_at - start_at)
        if self.paused is not None:
            clock -= self.paused
        clock[~self.valid] = np.nan
        return clock

    def counted(self, start_at: np.ndarray, end_at: np.ndarray, clock: np.ndarray) -> np.ndarray:
        """Minutes counted, from the :meth:`clock` minutes ``clock`` (left as they are); sets
        ``duration_mismatch`` (beyond the tolerance). A column of hours by the clock is
        read as hours first (:func:`~timestudy.ingest.clock_hours.reread`)."""
        given = ~np.isnan(self.source) & ~self.from_duration
        if self.plain is not None and given.any():
            reread(self, end_at, clock, given)
        mismatch = self.valid & given
        if mismatch.any():  # (no duration given: nothing to compare)
            apart = np.subtract(clock, self.source)
            mismatch &= np.abs(apart, out=apart) > self.tolerance
        if self.elapsed is not None:
            span = (end_at - start_at) / NS_PER_MIN
            has = ~np.isnan(self.elapsed)
            mismatch |= self.valid & has & (np.abs(span - self.elapsed) > self.tolerance)
        self.flags["duration_mismatch"] = mismatch
        if self.rule == "clock":
            minutes = clock.copy()
        else:
            minutes = np.where(given, self.source, clock)
        minutes[self.flags["instantaneous"]] = 0.0
        return minutes

    def source_minutes(self, clock: np.ndarray) -> np.ndarray:
        """The source's own minutes of each row (its duration, else the :meth:`clock` minutes
        ``clock``; NaN unknown): ``clock`` itself where no row has a duration of its own."""
        known = ~np.isnan(self.source)
        return np.where(known, self.source, clock) if known.any() else clock


def apply_rules(r, frame, start, end, excluded, source, elapsed, from_duration, paused, limit,
                layout, respan=None, near_change=None) -> Ruled:
    """Zero length, diary-day ends, order, long clock spans and the flags of the rule.

    ``excluded`` are rows already rejected for their times (too long a wrap or duration).
    ``respan(start, end, rows, span)``, given with a time zone, gives the minutes of
    ``rows`` between their instants (:func:`timestudy.ingest.zones.zoned_span`) in place of
    the clock's ``span``: the order and the length are judged on those. Without a time
    zone, ``near_change(start, end, rows)`` tells which rows are at a clock change of
    Europe/London: an end before its start there is rejected with a hint at the time zone
    (:data:`REPEATED_HOUR_HINT`).
    """
    m = r.mapping
    valid = ~np.isnat(start) & ~np.isnat(end) & ~excluded
    flags: dict[str, np.ndarray] = {}
    end, flags["truncated_at_diary_end"] = _clip(r, start, end, valid)
    span = on_clock = _span(start, end, valid)
    if respan is not None and valid.any():  # with a time zone: on the instants
        span = respan(start, end, valid & ~from_duration, span)
    before = valid & (span < 0)
    if before.any():
        for rows, hint in _by_hint(before, start, end, near_change):
            r.failures.append(_pair_failures(frame, _end_col(frame), rows, start, end,
                                             "end_before_start", "is before the start", hint))
    # no length: the clock says so and no duration says otherwise (one too short to show at
    # the microsecond resolution of the output is no length either)
    zero = valid & (span == 0)
    if zero.any():  # (only the rows of no length on the clock are looked at)
        at = np.flatnonzero(zero)
        own = source[at]
        zero[at] = np.isnan(own) | (np.abs(own) * 60e6 < 0.5)
    if m.zero_length == "reject" and zero.any():
        r.failures.append(_pair_failures(frame, _end_col(frame), zero, start, end, "no_length",
                                         "is the same as the start: the episode has no length"))
        valid &= ~zero
    timer = layout in ("wombat", "toggl")
    # a timer's limit is the time it ran; a day's is on the clock (09:00 to 09:00 over the
    # autumn change: 24 hours, 1,500 minutes passed)
    long = valid & ~from_duration & ((span if timer else on_clock) > limit)
    if long.any():
        what = (f"is more than {limit / 60:g} h after the start: a timer left running"
                if timer else f"is more than {limit:g} minutes after the start: check the dates")
        rows = _pair_failures(frame, _end_col(frame), long, start, end,
                              "long_running_timer" if timer else "above_maximum", what)
        if not timer and span is not on_clock:  # a time zone: the minutes passed named
            rows["reason"] = _passed_too(rows["reason"], span[long], on_clock[long])
        r.failures.append(_naming_duration(r, frame, rows, source[long]))
    valid &= ~before & ~long
    flags["instantaneous"] = valid & zero
    flags["crossed_midnight"] = past_midnight(start, end) & valid
    plain = (partial(plain_numbers, frame["duration_min"])
             if m.duration_unit is None and "duration_min" in frame else None)
    return Ruled(start, end, valid, source, elapsed, paused, from_duration,
                 m.mismatch_tolerance_seconds / 60, m.minutes_from, flags, plain)


def _passed_too(reasons: pd.Series, passed: np.ndarray, clock: np.ndarray) -> list[str]:
    """``reasons`` (``more than 1440 minutes after the start``) saying, where a clock change
    made the minutes that passed differ from the clock's, both."""
    return [why if abs(p - c) < 1e-9 else why.replace(
        " after the start", f" after the start on the clock ({p:,.0f} minutes passed: the "
        "clocks changed in between)", 1) for why, p, c in zip(reasons, passed, clock,
                                                            strict=True)]


def _naming_duration(r, frame, rows: pd.DataFrame, own: np.ndarray) -> pd.DataFrame:
    """``rows`` (a long clock span rejected) with the source's own duration, where the row
    gives one, named in the reason: a wrong end date and a timer left running differ."""
    given = ~np.isnan(own)
    if "duration_min" not in frame or not given.any():
        return rows
    said = parse.as_text(frame["duration_min"].iloc[rows["row"].to_numpy()]).to_numpy(object)
    label = r.label("duration_min")
    rows["reason"] = [f"{why}, but {label} says '{v}' ({m:g} min): check the end date"
                      if ok else why
                      for why, v, m, ok in zip(rows["reason"], said, own, given, strict=True)]
    return rows


def ns_to_minutes(ns: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """int64 nanoseconds as float64 minutes, ``ns / NS_PER_MIN``, written over ``ns`` itself
    (which is then used up) a block at a time: one array of 8 bytes a row, not two.

    Examples
    --------
    >>> ns_to_minutes(np.array([90, -30, 1], "i8") * NS_PER_MIN, block=2).tolist()
    [90.0, -30.0, 1.0]
    """
    if ns.dtype != np.dtype("i8") or not ns.flags.c_contiguous or not ns.flags.writeable:
        return ns / NS_PER_MIN
    out = ns.view(np.float64)
    for i in range(0, len(ns), block):
        np.divide(ns[i : i + block], NS_PER_MIN, out=out[i : i + block])
    return out


def _span(start: np.ndarray, end: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Minutes from ``start`` to ``end`` where ``valid``, NaN elsewhere: the values of
    ``np.where(valid, (end - start) / np.timedelta64(1, "m"), np.nan)``, in one array."""
    ns = np.dtype("M8[ns]")
    if start.dtype != ns or end.dtype != ns:
        return np.where(valid, (end - start) / np.timedelta64(1, "m"), np.nan)
    span = ns_to_minutes(np.subtract(end.view("i8"), start.view("i8")))
    span[~valid] = np.nan  # (a NaT's difference is no number: it is not valid)
    return span


def past_midnight(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which ends are after the midnight that follows their start (rows with a NaT: any value).

    Examples
    --------
    >>> s = np.array(["2026-03-09T23:00", "2026-03-09T01:00"], "M8[ns]")
    >>> past_midnight(s, s + np.array([2, 2], "m8[h]")).tolist()
    [True, False]
    """
    ns = np.dtype("M8[ns]")
    if start.dtype != ns or end.dtype != ns:
        return end > start.astype("M8[D]").astype("M8[ns]") + DAY
    # in whole days of nanoseconds: the cast to days floors as this does
    midnight = start.view("i8") // NS_PER_DAY
    midnight += 1
    midnight *= NS_PER_DAY
    return end.view("i8") > midnight


def _clip(r, start, end, valid) -> tuple[np.ndarray, np.ndarray]:
    """End episodes at the end of their row's diary day (``clip_to_diary_day``)."""
    n = len(end)
    if not (r.mapping.clip_to_diary_day and "date" in r.frame):
        return end, np.zeros(n, bool)
    day, _ = r.dates("date")
    day_end = on_day(day + DAY, np.full(n, r.mapping.day_start_hours * 60))
    clip = valid & ~np.isnat(day_end) & (end > day_end) & (start < day_end)
    return np.where(clip, day_end, end), clip


def _end_col(frame: pd.DataFrame) -> str:
    return next((c for c in ("end", "end_time", "duration_min") if c in frame), "end")


def _pair_failures(frame, col, mask, start, end, code, what, hint: str = "") -> pd.DataFrame:
    """Rows of ``mask`` rejected for their end against their start: the reason gives both
    as read (to the second where either has seconds) and the end as written where that
    differs (``end '09/03/2026 08:00' (2026-03-09 08:00) is before the start ...``)."""
    pos = np.flatnonzero(mask)
    s, e = (pd.DatetimeIndex(t[pos]) for t in (start, end))
    fmt = "%Y-%m-%d %H:%M" if not ((s.second != 0) | (e.second != 0)).any() else \
        "%Y-%m-%d %H:%M:%S"
    s, e = s.strftime(fmt), e.strftime(fmt)
    written = parse.as_text(frame[col].iloc[pos]).tolist() if col in frame else [""] * len(pos)
    quoted = written if col in ("end", "end_time") else [""] * len(pos)  # not a duration
    shown = [b if not w or w.strip().replace("T", " ") in (b, f"{b}:00") else f"'{w}' ({b})"
             for w, b in zip(quoted, e, strict=True)]
    return pd.DataFrame(
        {
            "row": pos.astype(np.int64),
            "column": col,
            "code": code,
            "value": written if col in frame else "",
            "reason": [f"end {b} {what} ({a}){hint}" for a, b in zip(s, shown, strict=True)],
        }
    )
