"""Whether a duration column read as minutes holds hours, seconds or Excel's fractions of
a day: the source checked against itself, and its header.

A council export's ``Hours spent`` of ``1.5`` mapped to ``duration_min`` is read as 1.5
minutes unless the mapping says ``duration_unit: hours``
(:meth:`~timestudy.ingest.mapping.DiaryMapping.in_minutes`). When the mapping gives no
unit, :func:`duration_unit_warning` looks in the accepted episodes for evidence.

An entry is *checked* when its duration is above 0 and it has a next entry of its worker
later on the same diary day, or an end of its own (one more than
``mismatch_tolerance_seconds`` away from start + duration). It *fits hours* when the next
start, or its end, is the duration x 60 minutes after its start (within the tolerance),
*fits minutes* when the next start is the duration in minutes after it, and *agrees with
hours* when, read as hours, it ends by the next start and its end (if any) fits. A row
placed in file order (``time_of_day_unknown``: a dated diary's) is never checked by its
next start, which the placing put the duration in minutes later (dated_hours.csv: 30
entries of 0.5 to 3 hours were 43 minutes, unwarned).

* **Strong evidence**: at least two entries fit hours, and at least a quarter of all
  entries; more fit hours than fit minutes; more than half of those checked agree with
  hours. (Most entries of a diary in minutes are checked; so are those of a timesheet in
  hours, of which a third to all fit hours, depending on the gaps between entries.)
* **Weak evidence**, only when no entry can be checked: at least three durations, all 24
  or less, their median under 10, and either a quarter of them in quarter or half hours
  (``7.5``, ``1.25``) or worker-days (two or more) that as hours average 1 to 16 hours,
  none over 24 (dated_hours_big.csv: 2 + 3 + 2.5 and 4 + 3.5, 7.5 minutes a day as read).

**Seconds** (``duration_looks_like_seconds``): at least two entries, and a quarter of all,
fit seconds (the next start, or an end of its own after the start, is the duration / 60
minutes after the start); more than fit minutes; and more than half of those checked.
**Days** (``duration_looks_like_days``): every duration 1 or less (0.0625 is Excel's 1:30),
and the evidence for hours at 1,440 minutes a unit (dayfrac_dur.csv: 0.0625 at 09:00 before
10:30; with nothing to check, worker-days of 1 to 16 hours as days); or, with no evidence
either way, every duration under a minute (:func:`under_a_minute`), in a workbook or a CSV.

**A header that names its unit.** A duration column headed ``Hours``, ``Hours spent``,
``hrs``, ``Seconds``, ``secs`` or ``Duration (s)`` (:func:`header_unit`), read with no
``duration_unit``, is refused (:class:`~timestudy.errors.SchemaError`: one line naming the
column and the fix): read as minutes it would be wrong on every row (h1.csv: seven entries
of 1 to 6 hours were 19 minutes). A bare ``(h)`` names no unit: Clockify writes
``Duration (h)`` over ``hh:mm:ss``, ``h:mm`` or decimal hours
(:func:`timestudy.ingest.toggl.clockify_hours`). A header naming hours and minutes
(``Duration (hh:mm)``: :func:`names_hours_minutes`) over values written with a point reads
them as hours and minutes (``1.30`` for 1 h 30 min, 90; ``1:30`` reads as 90), warned, when
every one has two digits under 60 after its point, and is refused when one cannot be
(``1.5``, ``1.75``): :mod:`timestudy.ingest.hours_minutes`. Under a header naming no unit,
a bare number of 24 or less among values mostly written ``1:30`` (``2``: 2 h or 2 min?) is
told by its row's own start and end, or the row rejected: the warning
``duration_told_by_clock`` (:mod:`timestudy.ingest.bare_numbers`) says so, in place of the
checks below.

Single entries are named line by line (:mod:`timestudy.ingest.hour_entries`): **hours
among minutes** (``duration_hours_among_minutes``) and **entries under two minutes**
(``duration_under_two_minutes``). No rule fires on the simulated diaries, the layouts'
examples or the test files; ``duration_unit: minutes`` in the mapping silences them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.bare_numbers import told_warning
from timestudy.ingest.hour_entries import (  # noqa: F401 (short_minutes: layouts imports it here)
    SHORT_CODE,
    all_flagged,
    hours_among_minutes,
    in_minutes,
    placed_rows,
    same_worker,
    short_minutes,
    worker_day_totals,
)
from timestudy.ingest.hours_minutes import (  # noqa: F401 (names_hours_minutes: as before)
    dot_minutes_warning,
    names_hours_minutes,
    refuse_hours_minutes,
)
from timestudy.ingest.mapping import DiaryMapping

CODE = "duration_looks_like_hours"
SECONDS_CODE = "duration_looks_like_seconds"
DAYS_CODE = "duration_looks_like_days"
_MIN_FIT = 2  # entries that must fit hours before a warning
_FIX = (
    "if the column holds {unit}, set duration_unit: {unit} in the mapping (duration_unit: "
    "minutes keeps minutes and silences this)"
)
# clock minutes per unit of a number read as minutes, and the words of a header naming it;
# not a bare ``(h)``: Clockify's ``Duration (h)`` is hh:mm:ss, h:mm or h.hh (toggl.py)
_BLOCK = 1 << 16  # rows counted at a time by _fits_at_most
_PER_UNIT = {"hours": 60.0, "seconds": 1 / 60, "days": 1440.0}
_DAY_HOURS = (1.0, 16.0)  # a worker-day's average that is a working day, in hours
_CODES = {"hours": CODE, "days": DAYS_CODE}
_HEADER_UNITS = (
    ("hours", re.compile(r"(?:^|[^a-z])(?:hours?|hrs?)(?:[^a-z]|$)")),
    ("seconds", re.compile(r"(?:^|[^a-z])(?:seconds?|secs?)(?:[^a-z]|$)|\(\s*s\s*\)")),
)


# minutes named too (hours:minutes), or a time of day: no single unit of the numbers
_NOT_A_UNIT = re.compile(r"(?:^|[^a-z])(?:mins?|minutes?)(?:[^a-z]|$)|of\s+(?:the\s+)?day|o'clock")


def header_unit(label: str) -> str | None:
    """The unit a duration column's header names, ``hours`` or ``seconds`` (else None).

    Examples
    --------
    >>> [header_unit(h) for h in ("Hours", "Hours spent", "time_hrs", "Seconds", "secs",
    ...                           "Duration (s)", "Duration (h)", "duration_min", "Shours")]
    ['hours', 'hours', 'hours', 'seconds', 'seconds', 'seconds', None, None, None]

    A header that also names minutes (``hours:minutes``, ``hrs:mins``: values such as
    ``1:30``, read as they are), or a time of day, names no single unit:

    >>> [header_unit(h) for h in ("Duration (hours:minutes)", "Time spent (hrs:mins)",
    ...                           "Contact hours (mins)", "Hour of day")]
    [None, None, None, None]
    """
    text = str(label).strip().lower()
    if _NOT_A_UNIT.search(text):
        return None
    return next((unit for unit, words in _HEADER_UNITS if words.search(text)), None)


def duration_unit_warning(
    episodes: pd.DataFrame, mapping: DiaryMapping, label: str = "duration_min",
    source: str | None = None, written: pd.Series | None = None,
) -> dict | None:
    """The warning ``duration_looks_like_hours`` (or ``duration_looks_like_seconds``) when a
    duration read as minutes looks like hours (seconds), else None; a duration column whose
    header names hours or seconds, with no ``duration_unit`` in the mapping, is refused.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes sorted by worker and start (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``diary_date``), as :func:`~timestudy.read_diary` returns them.
    mapping : DiaryMapping
        The mapping read with: no warning when it gives ``duration_unit``; its
        ``mismatch_tolerance_seconds`` is how near a time must be to fit.
    label : str
        The duration column's header in the file, for the message.
    source : str, optional
        The file's name, which a refusal names.

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line), ``checked`` (entries that could be checked),
        ``fit_hours`` (or ``fit_seconds``) and ``fit_minutes`` (how many fit each unit).

    Raises
    ------
    SchemaError
        The header names hours or seconds (``Hours``, ``hrs``, ``Seconds``, ``secs``,
        ``Duration (s)``) and the mapping gives no ``duration_unit``.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W1"] * 4,
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:30",
    ...                              "2026-03-09 10:45", "2026-03-09 13:00"]),
    ...     "duration_min": [1.5, 0.25, 2, 3.5]})
    >>> e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    >>> e["diary_date"] = e["start"].dt.normalize()
    >>> w = duration_unit_warning(e, DiaryMapping(), "Time spent")
    >>> w["code"], w["checked"], w["fit_hours"], w["fit_minutes"]
    ('duration_looks_like_hours', 3, 2, 0)
    >>> duration_unit_warning(e, DiaryMapping(duration_unit="minutes")) is None
    True
    >>> duration_unit_warning(e, DiaryMapping(), "Hours")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: the duration column 'Hours' names hours, ...
    """
    if mapping.duration_unit is not None:
        return None
    if len(episodes) and "flags" in episodes and all_flagged(episodes["flags"],
                                                              "duration_read_as_hours"):
        return None  # every row read as hours by its own clock times (.clock_hours said so)
    _refuse_named_unit(episodes, label, source)
    refuse_hours_minutes(episodes, label, source, written)
    told = told_warning(episodes, written, label)  # 2 among 1:30 (.bare_numbers)
    if told:
        return told
    dots = dot_minutes_warning(written, label)
    if dots or len(episodes) < 2:  # (h.mm read as the header says: the unit is known)
        return dots
    return _evidence(episodes, mapping, label, "hours") or \
        _evidence(episodes, mapping, label, "seconds") or \
        _evidence(episodes, mapping, label, "days") or \
        hours_among_minutes(episodes, mapping, label) or \
        under_a_minute(episodes["duration_min"], label)


def under_a_minute(minutes: pd.Series, label: str) -> dict | None:
    """The warning ``duration_looks_like_days`` when every duration is under a minute, in
    any format: Excel's fractions of a day (0.0625 is 1:30) in cells not formatted as times,
    or those cells saved as CSV; the last of :func:`duration_unit_warning`'s checks.

    Examples
    --------
    >>> under_a_minute(pd.Series([0.0625, 0.03125]), "Duration")["code"]
    'duration_looks_like_days'
    >>> under_a_minute(pd.Series([0.5, 90.0]), "Duration") is None
    True
    """
    if minutes.empty or not (minutes < 1).all():
        return None
    return {"code": "duration_looks_like_days", "message": (
        f"every duration in {label!r} is under a minute (median {minutes.median():g}): they "
        "look like Excel's fractions of a day (0.0625 is 1:30) in cells not formatted as "
        "times; format the column as [h]:mm, or give minutes")}


def _refuse_named_unit(episodes: pd.DataFrame, label: str, source: str | None = None) -> None:
    """Refuse a duration column whose header names hours or seconds, read as minutes."""
    unit = header_unit(label)
    if unit is None:
        return
    example = ""
    if len(episodes):
        row = episodes.iloc[0]
        where = f"source row {row['source_row']}: " if "source_row" in episodes else ""
        example = f" ({where}{row['duration_min']:g} would be {row['duration_min']:g} min)"
    raise SchemaError(
        f"the duration column {label!r} names {unit}, but the mapping gives no "
        f"duration_unit, so its numbers would be read as minutes{example}: set "
        f"duration_unit: {unit} in the mapping (duration_unit: minutes if they are minutes)",
        source=source)


def _evidence(episodes: pd.DataFrame, mapping: DiaryMapping, label: str,
              unit: str) -> dict | None:
    """The warning for ``unit`` (``hours``, ``seconds`` or ``days``) on the evidence of the
    module notes, else None; rows placed in file order are never checked by their next
    start."""
    tol = mapping.mismatch_tolerance_seconds / 60
    minutes = episodes["duration_min"].to_numpy(float)
    if unit == "days" and not np.nanmax(minutes) <= 1:
        return None  # (fractions of a day: every duration a day or less)
    per = _PER_UNIT[unit]
    need = max(_MIN_FIT, len(episodes) / 4)  # entries that must fit the unit
    weak = unit == "days" or (unit == "hours" and minutes.max() <= 24)  # (may apply)
    if not weak and _fits_at_most(episodes, minutes * per, tol) < need:
        return None  # (the usual diary: no more is computed)
    start = in_minutes(episodes["start"])
    day = episodes["diary_date"].to_numpy().view("i8")
    gap = np.append(start[1:] - start[:-1], np.nan)  # to the next entry
    paired = np.append((day[1:] == day[:-1]) & same_worker(episodes["worker_id"]), False)
    placed = placed_rows(episodes)
    paired &= (gap > 0) & ~placed & ~np.append(placed[1:], False)  # placed: no evidence
    span = in_minutes(episodes["end"]) - start
    ended = np.abs(span - minutes) > tol  # an end of its own, not start + duration
    clock = minutes * per
    ends_fit = np.abs(span - clock) <= tol
    next_fits = np.abs(gap - clock) <= tol
    own = ended & (span > 0) if unit == "seconds" else ended  # (a 0-length end fits seconds)
    fit, checked = _fit(next_fits, ends_fit, paired, own, minutes > 0)
    n_fit, n_checked = int(np.count_nonzero(fit)), int(np.count_nonzero(checked))
    n_minutes = int(np.count_nonzero(paired & (np.abs(gap - minutes) <= tol) & checked))
    if unit == "seconds":
        if n_fit < need or n_fit <= n_minutes or 2 * n_fit <= n_checked:
            return None
        return _seconds(episodes, fit, label, n_fit, n_checked, n_minutes)
    agree = checked & ~(paired & (gap < clock - tol)) & ~(ended & ~ends_fit)
    n_agree = int(np.count_nonzero(agree))
    if n_fit < need or n_fit <= n_minutes or 2 * n_agree <= n_checked:
        return None if n_checked else _weak(episodes, minutes, label, unit)
    return {
        "code": _CODES[unit],
        "message": (
            f"{_CODES[unit]}: {label!r} was read as minutes, but on {n_fit} of {n_checked} "
            f"entries checked ({n_fit / n_checked:.0%}) the next start or the end is that "
            f"many {unit} after the start, and {n_agree / n_checked:.0%} end by the next "
            f"start when read as {unit}; {n_minutes} fit minutes ({_first(episodes, fit)}); "
            f"{_fix(unit)}"
        ),
        "checked": n_checked,
        f"fit_{unit}": n_fit,
        "fit_minutes": n_minutes,
    }


def _fix(unit: str) -> str:
    """What to do about a column that looks like ``unit``."""
    if unit != "days":
        return _FIX.format(unit=unit)
    return ("if they are Excel's fractions of a day (0.0625 is 1:30), format the column as "
            "[h]:mm before exporting, or give minutes (duration_unit: minutes keeps minutes "
            "and silences this)")


def _seconds(episodes, fit, label, n_fit, n_checked, n_minutes) -> dict:
    """The warning ``duration_looks_like_seconds``."""
    return {
        "code": SECONDS_CODE,
        "message": (
            f"{SECONDS_CODE}: {label!r} was read as minutes, but on {n_fit} of {n_checked} "
            f"entries checked ({n_fit / n_checked:.0%}) the end or the next start is that "
            f"many seconds after the start (the duration is 60 times the clock); {n_minutes} "
            f"fit minutes ({_first(episodes, fit)}); {_FIX.format(unit='seconds')}"
        ),
        "checked": n_checked,
        "fit_seconds": n_fit,
        "fit_minutes": n_minutes,
    }


def _fits_at_most(episodes: pd.DataFrame, clock: np.ndarray, tol: float) -> int:
    """At most how many entries fit a unit: their next start or end, on any day and of any
    worker, ``clock`` minutes (the duration in that unit) after their start."""
    start = episodes["start"].to_numpy()
    per_minute = np.timedelta64(1, "m") / np.timedelta64(1, np.datetime_data(start.dtype)[0])
    at = start.view("i8")
    end = episodes["end"].to_numpy().astype(start.dtype, copy=False).view("i8")
    near = tol * per_minute + 1  # (a unit more: never fewer than the check below finds)
    # |end - start - expected| <= near and |next start - start - expected| <= near, counted a
    # block at a time: the same operations on the same types as on whole columns, in
    # arrays small enough to stay in the processor's cache (whole columns of a million
    # values each were faulted in afresh)
    n, last = 0, len(at) - 1
    for i in range(0, len(at), _BLOCK):
        j = min(i + _BLOCK, len(at))
        expected = clock[i:j] * per_minute
        n += np.count_nonzero(np.abs((end[i:j] - at[i:j]) - expected) <= near)
        k = min(j, last)  # rows i..k-1 have a next start
        if k > i:
            n += np.count_nonzero(np.abs((at[i + 1 : k + 1] - at[i:k]) - expected[: k - i]) <= near)
    return n


def _fit(next_fits, ends_fit, paired, ended, positive) -> tuple[np.ndarray, np.ndarray]:
    """Which entries fit hours, and which were checked."""
    checked = (paired | ended) & positive
    return ((next_fits & paired) | (ends_fit & ended)) & positive, checked


def _first(episodes: pd.DataFrame, fit: np.ndarray) -> str:
    """The first entry that fits hours, as read."""
    row = episodes.iloc[int(np.argmax(fit))]
    value = row["duration_min"]
    where = f"source row {row['source_row']}: " if "source_row" in episodes else ""
    return f"{where}{value:g} read as {value:g} min"


def _weak(episodes: pd.DataFrame, minutes: np.ndarray, label: str,
          unit: str = "hours") -> dict | None:
    """The weaker evidence, when no entry can be checked against a next start or an end:
    the durations' sizes, and their worker-days' totals.

    Examples
    --------
    Hand-worked (dated_hours_big.csv): W1 writes 2, 3 and 2.5, W2 4 and 3.5 on one day:
    7.5 minutes a worker-day as read, none in quarters; read as hours 7.5 hours each.

    >>> e = pd.DataFrame({"worker_id": ["W1"] * 3 + ["W2"] * 2,
    ...                   "diary_date": pd.to_datetime(["2026-03-09"] * 5)})
    >>> w = _weak(e, np.array([2, 3, 2.5, 4, 3.5]), "Duration")
    >>> w["code"], w["worker_days"], w["minutes_as_read"], w["minutes_if_hours"]
    ('duration_looks_like_hours', 2, 15.0, 900.0)
    >>> _weak(e, np.array([20, 30, 25, 40, 35]), "Duration") is None
    True
    """
    values = minutes[~np.isnan(minutes)]
    top = 1.0 if unit == "days" else 24.0
    if len(values) < 3 or values.max() > top:
        return None
    median = float(np.median(values))
    share = float(np.mean((np.mod(values * 4, 1) == 0) & (np.mod(values, 1) != 0)))
    per = _PER_UNIT[unit]
    sums = worker_day_totals(episodes, minutes) * per  # minutes a worker-day, read as ``unit``
    lo, hi = _DAY_HOURS
    days_fit = len(sums) >= 2 and lo * 60 <= sums.mean() <= hi * 60 and sums.max() <= 1440
    quarters = unit == "hours" and share >= 0.25
    if median >= 10 or not (quarters or days_fit):
        return None
    said = (f"{share:.0%} of them in quarter or half hours" if quarters else
            f"their {len(sums)} worker-days average {sums.mean() / per:.3g} min as read, "
            f"{sums.mean() / 60:.1f} hours if {unit}, none over 24 hours")
    as_read = float(values.sum())
    return {
        "code": _CODES[unit],
        "message": (
            f"{_CODES[unit]}: {label!r} was read as minutes, but all {len(values)} values are "
            f"{top:g} or less (median {median:g}), {said}, and no entry has a next start or "
            f"an end to check them by ({round(as_read, 2):,g} min accepted; "
            f"{round(as_read * per, 2):,g} if {unit}); {_fix(unit)}"
        ),
        "checked": 0,
        f"fit_{unit}": 0,
        "fit_minutes": 0,
        "worker_days": int(len(sums)),
        "minutes_as_read": round(as_read, 4),
        f"minutes_if_{unit}": round(as_read * per, 4),
    }
