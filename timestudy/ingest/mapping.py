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
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError
from timestudy.schema.tables import load_schema

Layout = Literal["canonical", "duration", "split", "slots", "wombat", "toggl"]
LAYOUTS: tuple[str, ...] = ("canonical", "duration", "split", "slots", "wombat", "toggl")
# Columns a layout may use besides the episode fields: a date with separate clock times.
HELPER_COLUMNS = ("date", "start_time", "end_time", "end_date")
SLOT_VALUES = ("activity", "activity_code", "task_type")


@dataclass(frozen=True)
class DiaryMapping:
    """How to read one diary file: its headers, date conventions and thresholds for warnings.

    Attributes
    ----------
    columns : dict
        Canonical name (an episodes field, or ``date``, ``start_time``,
        ``end_time``, ``end_date``) to the header used in the file.
    dayfirst : bool
        Read ``03/04/2026`` as 3 April (UK, default); false for month-first dates.
    timezone : str, optional
        IANA zone of the clock times (``Europe/London``); durations are then the
        true elapsed time across clock changes.
    diary_day_start : str
        Clock time at which a diary day starts (default ``04:00``).
    defaults : dict
        Values for a column the file lacks, or for its blank cells.
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
    """

    columns: dict[str, str] = field(default_factory=dict)
    dayfirst: bool = True
    timezone: str | None = None
    diary_day_start: str = "04:00"
    defaults: dict[str, Any] = field(default_factory=dict)
    layout: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    slot_minutes: int | None = None
    slot_value: str = "activity"
    gap_minutes: float = 60.0
    long_episode_hours: float = 12.0
    long_day_hours: float = 16.0
    source: str | None = None

    @property
    def day_start_hours(self) -> float:
        """``diary_day_start`` in hours after midnight (``04:30`` is 4.5)."""
        hours, minutes = self.diary_day_start.split(":")
        return int(hours) + int(minutes) / 60

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
    allowed = load_schema("episodes").names + list(HELPER_COLUMNS)
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
    _check_choices(spec, where)
    return DiaryMapping(**spec, source=source)


def _check_choices(spec: dict, where: str) -> None:
    tz = spec.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(str(tz))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"timezone {tz!r} is not a known time zone; use an IANA name such as Europe/London",
                source=where,
            ) from None
    start = str(spec.get("diary_day_start", "04:00"))
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", start):
        raise ConfigError(
            f'diary_day_start {start!r} must be a clock time like "04:00" (quote it in YAML)',
            source=where,
        )
    spec["diary_day_start"] = start.zfill(5)
    layout = spec.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}", source=where)
    if spec.get("slot_value", "activity") not in SLOT_VALUES:
        raise ConfigError(f"slot_value must be one of {', '.join(SLOT_VALUES)}", source=where)
    if not isinstance(spec.get("dayfirst", True), bool):
        raise ConfigError("dayfirst must be true or false", source=where)
    for key in ("gap_minutes", "long_episode_hours", "long_day_hours", "slot_minutes"):
        value = spec.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            raise ConfigError(f"{key} must be a positive number, not {value!r}", source=where)
