"""The mapping file: how a local diary's headers and conventions map onto the canonical episodes.

A mapping is a small YAML file (read with ``yaml.safe_load``, within size limits), for example::

    columns:              # canonical name: "Their header"
      worker_id: Staff ID
      date: Date
      start_time: From
      end_time: To
      activity: What I did
    dayfirst: true        # 03/04/2026 is 3 April
    timezone: Europe/London
    diary_day_start: "04:00"
    defaults:
      location: office    # fills a missing column or blank cells

Every key is optional. ``data_schema/README.md`` documents them all.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError
from timestudy.ingest.layout_names import LAYOUTS, TIMER_LAYOUTS
from timestudy.schema.daterange import DateRange
from timestudy.schema.tables import load_schema

# Columns a layout may use besides the episode fields: a date with separate clock times, the
# source's elapsed time, the clock time a row's day starts at (times before it are on the next
# day), the slot number and secondary marker of a long-format slot diary, and the week of
# a row that names its weekday in place of a date (:mod:`timestudy.ingest.weekdays`), and a
# calendar's all-day marker and busy status (``Show time as``: :mod:`timestudy.ingest.all_day`).
HELPER_COLUMNS = (
    "date", "start_time", "end_time", "end_date", "elapsed", "day_start_time", "slot_number",
    "is_secondary", "week_commencing", "all_day", "show_as",
)
#: Other names a mapping may give a header: kept as extra columns with these names.
EXTRA_NAMES = (
    "observer", "session_id", "site", "participant_id", "task_id", "interrupted_by",
    "multitask_with",
)
SLOT_VALUES = ("activity", "activity_code", "task_type")
#: Units a source's plain-number durations may be in: (multiply by, divide by) for minutes.
DURATION_UNITS = {"minutes": (1, 1), "hours": (60, 1), "seconds": (1, 60)}
CHOICES = {
    "duration_unit": tuple(DURATION_UNITS),
    "zero_length": ("keep", "reject"),
    "minutes_from": ("duration", "clock"),
    "times_before_day_start": ("same_day", "next_day"),
    "times_stepping_back": ("next_day", "same_day"),
    "participant_ids": ("session", "site", "person"),
    "interruptions": ("auto", "recorded", "sequence"),
    "multitasking": ("auto", "recorded", "overlap"),
}


@dataclass(frozen=True)
class DiaryMapping:
    """How to read one diary file: its headers, date conventions and thresholds for warnings.

    Attributes
    ----------
    columns : dict
        Canonical name (an episodes field, or ``date``, ``start_time``,
        ``end_time``, ``end_date``) to the header used in the file.
    dayfirst : bool or None
        Read ``03/04/2026`` as 3 April (true) or as 4 March (false). When not given it is
        inferred from the file: month-first when some date can only be read that way
        (``03/25/2026``), else day-first (the UK default); a Toggl report whose dates are all
        ambiguous is refused.
    date_format : str, optional
        A strptime format for the date columns (``%Y%m%d`` for ATUS ``TUDIARYDATE``; eight
        digits such as ``20230315`` are read as ``YYYYMMDD`` without it).
    timezone : str, optional
        IANA zone of the clock times (``Europe/London``); durations are then the
        true elapsed time across clock changes, and a time with a UTC offset or ``Z`` is
        converted to this zone's clock (without a time zone such a time is rejected
        ``offset_without_timezone``, never read as if the offset were not there).
    date_range : list of two dates, optional
        First and last plausible day of the study (``[2020-01-01, 2030-12-31]``; years
        also do). Dates outside it are rejected ``date_out_of_range``. Default 1990-01-01
        to 31 December ten years after today (:mod:`timestudy.schema.daterange`).
    diary_day_start : str
        Clock time at which a diary day starts (default ``04:00``).
    defaults : dict
        Values for a column the file lacks, or for its blank cells.
    fill_down : tuple of str
        Canonical columns whose blank cells take the value of the nearest filled cell
        above, in file order (a diary that writes the date, or the worker, once at the
        top of each block of rows); such rows are flagged ``filled_down``.
    layout : str, optional
        Force a layout instead of detecting it.
    sheet : str or int, optional
        Worksheet of an XLSX file (default: the first).
    encoding, delimiter : str, optional
        Override what is detected in a CSV file.
    slot_minutes : int, optional
        Length of a slot in a slot grid (default: read from the headers).
    slot_value : str
        What the cells of a slot grid hold: ``activity`` (default), ``activity_code``
        or ``task_type``.
    gap_minutes, long_episode_hours, long_day_hours : float
        Thresholds of the ``gap_before``, ``long_episode`` and ``long_day`` warnings.
    zero_length : {"keep", "reject"}
        An end equal to its start: kept as an instantaneous event with 0 minutes (flag
        ``instantaneous``), or rejected ``no_length``. Never 24 hours.
    max_wrap_hours : float
        A bare end time earlier than its start rolls to the next day only when the episode is
        then no longer than this on the clock (default 16: a 17:00-09:00 night shift rolls);
        otherwise the row is rejected ``wrap_too_long``.
    max_entry_hours : float, optional
        Longest entry accepted. For timer layouts (WOMBAT, Toggl) an entry longer than this
        (default 16) is a timer left running, rejected ``long_running_timer``; other layouts
        default to 24 (``above_maximum``), hours on the clock from the entry's start (with a
        ``timezone``, 1,500 minutes over the autumn clock change, 1,380 over the spring one).
    duration_unit : {"minutes", "hours", "seconds"}, optional
        Unit of the ``duration_min`` column's plain numbers (``1.5``): minutes when not given.
        Durations written with their unit (``1:30``, ``01:30:00``, ``1h 30m``) are read as
        written whatever it says.
    minutes_from : {"duration", "clock"}
        When a row has its own duration and clock times, which is counted: the source's own
        duration (default) or end - start. A difference beyond the tolerance is flagged
        ``duration_mismatch`` either way.
    mismatch_tolerance_seconds : float
        Largest difference between a duration and the clock times not flagged (default 60).
    times_before_day_start : {"same_day", "next_day"}
        Where a bare start time earlier than ``diary_day_start`` goes: on the row's date
        (default), or the next calendar day (a diary day running 04:00 to 04:00, as ATUS).
    times_stepping_back : {"next_day", "same_day"}
        Split date and time columns: within one worker's date, in the file's order, a start
        earlier than the row before it (a night written under its shift's date: 22:00-02:00
        then 02:00-03:30) is read, with the rows after it on that date, on the next day
        when that leaves no longer a gap (default; flagged ``next_day_by_order``,
        :mod:`timestudy.ingest.shift_dates`), or every row on its date (``same_day``).
    clip_to_diary_day : bool
        End an episode that runs past the end of its row's diary day at that end (flag
        ``truncated_at_diary_end``), as ATUS truncates the last activity at 04:00.
    slot_pattern, secondary_slot_pattern : str, optional
        Regular expression of a slot grid's headers: two groups (hours, minutes) such as
        ``t(\\d{2})(\\d{2})``, or one group, the slot number, such as ``Main(\\d+)`` (then
        ``first_slot_start`` and ``slot_minutes`` are needed). The secondary pattern names
        columns of secondary activities, which add no minutes.
    first_slot_start : str, optional
        Clock time of slot 1 of a numbered slot grid or long-format slot diary.
    participant_ids : {"session", "site", "person"}
        WOMBAT: a participant id names a person within its session (default), within its
        site, or across the study. The worker is the session's (or site's) participant.
    normalise_keys : list of str
        Grouping columns whose spellings are folded (case, spaces, punctuation) into one key
        (default ``[site]``); the merged spellings are listed in the quality report.
    aliases : dict
        ``column: {spelling: key}``: spellings to merge that folding cannot (applied first).
    interruptions, multitasking : str
        The observation method for the study: ``recorded`` (the export's own record),
        ``sequence`` / ``overlap`` (derived), or ``auto`` (recorded when the layout has the
        columns, whatever their values).

    Examples
    --------
    >>> m = DiaryMapping(columns={"worker_id": "Staff ID", "start": "From"},
    ...                  timezone="Europe/London")
    >>> m.columns["start"], m.diary_day_start, m.zero_length
    ('From', '04:00', 'keep')
    >>> load_mapping(m) is m  # a mapping passes through
    True
    """

    columns: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None
    date_format: str | None = None
    timezone: str | None = None
    date_range: tuple[str, str] | None = None
    diary_day_start: str = "04:00"
    defaults: dict[str, Any] = field(default_factory=dict)
    fill_down: tuple[str, ...] = ()
    layout: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    slot_minutes: int | None = None
    slot_value: str = "activity"
    gap_minutes: float = 60.0
    long_episode_hours: float = 12.0
    long_day_hours: float = 16.0
    zero_length: str = "keep"
    max_wrap_hours: float = 16.0
    max_entry_hours: float | None = None
    duration_unit: str | None = None
    minutes_from: str = "duration"
    mismatch_tolerance_seconds: float = 60.0
    times_before_day_start: str = "same_day"
    times_stepping_back: str = "next_day"
    clip_to_diary_day: bool = False
    slot_pattern: str | None = None
    secondary_slot_pattern: str | None = None
    first_slot_start: str | None = None
    participant_ids: str = "session"
    normalise_keys: tuple[str, ...] = ("site",)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    interruptions: str = "auto"
    multitasking: str = "auto"
    source: str | None = None

    @property
    def day_start_hours(self) -> float:
        """``diary_day_start`` in hours after midnight (``04:30`` is 4.5)."""
        hours, minutes = self.diary_day_start.split(":")
        return int(hours) + int(minutes) / 60

    @property
    def timer(self) -> bool:
        """True for the layouts of timers (WOMBAT, Toggl)."""
        return self.layout in TIMER_LAYOUTS

    def in_minutes(self, numbers: np.ndarray) -> np.ndarray:
        """Plain-number durations of the source in minutes, by ``duration_unit``."""
        times, per = DURATION_UNITS[self.duration_unit or "minutes"]
        return numbers if times == per else numbers * times / per

    def entry_limit_minutes(self, layout: str | None = None) -> float:
        """Longest entry accepted, in minutes (``max_entry_hours``, by layout when not set)."""
        if self.max_entry_hours is not None:
            return float(self.max_entry_hours) * 60
        return 16 * 60.0 if (layout or self.layout) in TIMER_LAYOUTS else 1440.0

    def to_dict(self) -> dict:
        """The mapping as a plain dict (what a YAML file would hold)."""
        out = asdict(self)
        out.pop("source")
        return out

    def replace(self, **changes: Any) -> DiaryMapping:
        """A copy with the given (non-None) settings changed and checked again."""
        spec = {**self.to_dict(), **{k: v for k, v in changes.items() if v is not None}}
        return _build(spec, self.source)


def load_mapping(mapping: str | os.PathLike | dict | DiaryMapping | None) -> DiaryMapping:
    """Read and check a mapping from a YAML file, a dict, or pass one through.

    Parameters
    ----------
    mapping : path, dict, DiaryMapping or None
        A YAML file, its content as a dict, a mapping (returned as it is), or
        None for the defaults.

    Returns
    -------
    DiaryMapping

    Raises
    ------
    ConfigError
        An unknown key, a bad value or an unreadable file, named with the fix.

    Examples
    --------
    >>> m = load_mapping({"columns": {"worker_id": "Staff ID"}, "timezone": "Europe/London"})
    >>> m.columns["worker_id"], m.diary_day_start
    ('Staff ID', '04:00')
    >>> load_mapping({"colums": {}})
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: mapping: unknown key 'colums' (did you mean 'columns'?); ...
    """
    if mapping is None:
        return DiaryMapping()
    if isinstance(mapping, DiaryMapping):
        return mapping
    if isinstance(mapping, dict):
        return _build(mapping, None)
    path = Path(mapping)
    try:
        spec = safe_load(read_text(path, encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError("mapping file not found: check the path", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot be read as a YAML mapping file ({exc})", source=str(path)
        ) from None
    except YAMLLimitError as exc:
        raise ConfigError(str(exc), source=path.name) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise ConfigError(
            f"is not valid YAML{line}: {_one_line(getattr(exc, 'problem', None) or exc)}; see the "
            "example in data_schema/examples/mapping.yaml",
            source=path.name,
        ) from None
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise ConfigError(
            "must be a YAML mapping of keys such as 'columns:' and 'timezone:'", source=path.name
        )
    return _build(spec, path.name)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _build(spec: dict, source: str | None) -> DiaryMapping:
    where = source or "mapping"
    known = [k for k in DiaryMapping.__dataclass_fields__ if k != "source"]
    for key in spec:
        if key not in known:
            hint = difflib.get_close_matches(str(key), known, n=1)
            did = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(
                f"unknown key {key!r}{did}; valid keys are {', '.join(known)}", source=where
            )
    columns = spec.get("columns") or {}
    if not isinstance(columns, dict):
        raise ConfigError(
            "'columns' must map canonical names to headers, e.g. 'worker_id: Staff ID'",
            source=where,
        )
    allowed = load_schema("episodes").names + list(HELPER_COLUMNS) + list(EXTRA_NAMES)
    for name, header in columns.items():
        if name not in allowed:
            hint = difflib.get_close_matches(str(name), allowed, n=1)
            did = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(
                f"columns: {name!r} is not a canonical column{did}; the left-hand "
                f"names must be among {', '.join(allowed)}",
                source=where,
            )
        if not isinstance(header, str | int) or isinstance(header, bool):
            raise ConfigError(
                f"columns: {name!r} must name one header in the file, not {header!r}", source=where
            )
    spec = {**spec, "columns": {k: str(v) for k, v in columns.items()}}
    defaults = spec.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError(
            "'defaults' must map column names to values, e.g. 'worker_id: W007'", source=where
        )
    spec["defaults"] = defaults
    spec["fill_down"] = _fill_down(spec.get("fill_down"), allowed, where)
    _check_choices(spec, where)
    return DiaryMapping(**spec, source=source)


def _fill_down(value: Any, allowed: list[str], where: str) -> tuple[str, ...]:
    """The ``fill_down`` key: canonical column names (one name or a list)."""
    names = [value] if isinstance(value, str) else list(value or [])
    bad = [n for n in names if not isinstance(n, str) or n not in allowed]
    if bad:
        raise ConfigError(
            f"fill_down: {bad[0]!r} is not a canonical column; give a list of the canonical "
            "names whose blank cells take the value above, e.g. 'fill_down: [date]'",
            source=where)
    return tuple(names)


def _check_choices(spec: dict, where: str) -> None:
    tz = spec.get("timezone")
    if tz is not None:
        try:
            if not isinstance(tz, str) or len(tz) > 64:
                raise ValueError(tz)
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ConfigError(
                f"timezone {tz!r} is not a known time zone; use an IANA name such as Europe/London",
                source=where,
            ) from None
    if spec.get("date_range") is not None:
        try:
            DateRange.from_spec(spec["date_range"])
        except ValueError as exc:
            raise ConfigError(str(exc), source=where) from None
        spec["date_range"] = tuple(str(v) for v in spec["date_range"])
    for key, fallback in (("diary_day_start", "04:00"), ("first_slot_start", None)):
        value = spec.get(key, fallback)
        if value is None:
            continue
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", str(value)):
            raise ConfigError(
                f'{key} {value!r} must be a clock time like "04:00" (quote it in YAML)',
                source=where,
            )
        spec[key] = str(value).zfill(5)
    _check_more(spec, where)
    layout = spec.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}", source=where)
    if spec.get("slot_value", "activity") not in SLOT_VALUES:
        raise ConfigError(f"slot_value must be one of {', '.join(SLOT_VALUES)}", source=where)
    if spec.get("dayfirst") is not None and not isinstance(spec["dayfirst"], bool):
        raise ConfigError("dayfirst must be true or false", source=where)
    for key in (
        "gap_minutes", "long_episode_hours", "long_day_hours", "slot_minutes", "max_wrap_hours",
        "max_entry_hours",
    ):
        value = spec.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            raise ConfigError(f"{key} must be a positive number, not {value!r}", source=where)


def _check_more(spec: dict, where: str) -> None:
    """The closed choices, the patterns, the key lists and the alias tables."""
    for key, options in CHOICES.items():
        value = spec.get(key)
        if value is not None and value not in options:
            raise ConfigError(
                f"{key} {value!r} is not one of {', '.join(options)}", source=where
            )
    tolerance = spec.get("mismatch_tolerance_seconds")
    if tolerance is not None and (
        isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0
    ):
        raise ConfigError(
            f"mismatch_tolerance_seconds must be 0 or more seconds, not {tolerance!r}",
            source=where,
        )
    if not isinstance(spec.get("clip_to_diary_day", False), bool):
        raise ConfigError("clip_to_diary_day must be true or false", source=where)
    for key in ("slot_pattern", "secondary_slot_pattern"):
        pattern = spec.get(key)
        if pattern is None:
            continue
        try:
            groups = re.compile(str(pattern)).groups
        except re.error as exc:
            raise ConfigError(f"{key} {pattern!r} is not a regular expression ({exc})",
                              source=where) from None
        if groups not in (1, 2):
            raise ConfigError(
                f"{key} {pattern!r} must have one group (the slot number, as in 'Main(\\d+)') or "
                "two (hours and minutes, as in 't(\\d{2})(\\d{2})')",
                source=where,
            )
    keys = spec.get("normalise_keys", ("site",))
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
        raise ConfigError("normalise_keys must be a list of column names, e.g. [site, team]",
                          source=where)
    spec["normalise_keys"] = tuple(keys)
    aliases = spec.get("aliases") or {}
    if not isinstance(aliases, dict) or not all(
        isinstance(table, dict) for table in aliases.values()
    ):
        raise ConfigError(
            "aliases must map a column to a table of spellings, e.g. "
            "'aliases: {site: {Queen Elizabeth: QEH}}'",
            source=where,
        )
    spec["aliases"] = {
        str(col): {str(k): str(v) for k, v in table.items()} for col, table in aliases.items()
    }
