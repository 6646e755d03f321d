"""Wide slot grids (time-use-survey style): a row per worker-day, a column per fixed slot.

Slot columns are recognised by their headers:

* a clock time: ``08:00``, ``8.15``, ``0830``, ``08:00-08:15``;
* a clock time after a prefix, all with the same prefix: ``t0815``, ``slot_0815``;
* a pattern given in the mapping (``slot_pattern``): two groups for the hours and
  minutes (``t(\\d{2})(\\d{2})``), or one group for the slot number (``Main(\\d+)``),
  slot *n* then starting at ``first_slot_start + (n - 1) * slot_minutes``
  (``Main1..Main144`` from 04:00 in 10-minute slots: ``Main121`` starts at 00:00 the
  next day).

Each cell holds the activity (or code) done in that slot. A slot named by its clock time
lasts until the next column's time: a diary's slots follow one another with no time
between them, so a grid of ``09:00, 09:15, ..., 10:00, 11:00`` has 15-minute slots then
hour-long ones. The last slot lasts the columns' common spacing, or ``slot_minutes``
when they are not evenly spaced (without it such a grid is refused, naming the columns);
a ``slot_minutes`` that contradicts evenly spaced columns is refused too. A numbered slot
(``Main(\\d+)``) lasts ``slot_minutes``: its number gives its time. The report's details
list the slots whose length differs from ``slot_minutes`` (``slot_lengths``).
Consecutive slots of one row with the same value are merged into one episode; blank
slots are not episodes. Slots after a wrap past midnight (``23:50`` then ``00:00``)
belong to the next calendar day.
Each merged episode is one candidate: ``n_read`` counts episodes, and the report's
``rows_in_file`` counts grid rows. Columns matching ``secondary_slot_pattern``
(``Sec(\\d+)``) hold secondary activities: merged the same way into secondary
episodes, which overlap the main ones and add no minutes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.candidates import Candidates
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.schema.parse import time_minutes
from timestudy.schema.tables import load_schema, text_values

_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z_ ]*?)[_ ]?(?P<h>[01]\d|2[0-3])[:.]?(?P<m>[0-5]\d)$")
_AUTO_STEPS = (5, 10, 15, 20, 30, 60)


def slot_headers(columns: list[str], mapping: DiaryMapping | None = None,
                 secondary: bool = False) -> dict[str, float]:
    """Slot headers and the minute (after the row's date) each slot starts at.

    Examples
    --------
    >>> slot_headers(["worker_id", "08:00", "08:15-08:30", "0830"])
    {'08:00': 480.0, '08:15-08:30': 495.0, '0830': 510.0}
    >>> slot_headers(["id", "t0800", "t0815", "t0830", "t0845"])
    {'t0800': 480.0, 't0815': 495.0, 't0830': 510.0, 't0845': 525.0}
    >>> m = DiaryMapping(slot_pattern=r"Main(\\d+)", first_slot_start="04:00", slot_minutes=10)
    >>> slot_headers(["PID", "Main1", "Main2", "Main121"], m)
    {'Main1': 240.0, 'Main2': 250.0, 'Main121': 1440.0}
    """
    pattern = None
    if mapping is not None:
        pattern = mapping.secondary_slot_pattern if secondary else mapping.slot_pattern
    if pattern:
        return _by_pattern(columns, pattern, mapping)
    if secondary:
        return {}
    clock = _clock_headers(columns)
    if len(clock) >= 2:
        return clock
    prefixed = _prefixed_headers(columns)
    return prefixed if len(prefixed) >= 2 else clock


def _clock_headers(columns: list[str]) -> dict[str, float]:
    first = pd.Series(
        [re.split(r"\s*[-\u2013]\s*(?=\d)", str(c).strip())[0] for c in columns], dtype="str"
    )
    shaped = first.str.fullmatch(r"\d{1,2}[:.]\d{2}|\d{4}").to_numpy(bool)
    minutes = time_minutes(first) if len(first) else np.array([])
    return {
        c: float(m)
        for c, m, s in zip(columns, minutes, shaped, strict=True)
        if s and not np.isnan(m)
    }


def _prefixed_headers(columns: list[str]) -> dict[str, float]:
    """``t0815``, ``slot_0815``: a common prefix and a clock time, evenly spaced."""
    found = {c: m for c in columns if (m := _PREFIXED.match(str(c).strip()))}
    prefixes = {m.group("prefix").lower() for m in found.values()}
    if len(found) < 4 or len(prefixes) != 1:
        return {}
    minutes = {c: int(m.group("h")) * 60.0 + int(m.group("m")) for c, m in found.items()}
    steps = np.diff(np.array(list(minutes.values()))) % 1440
    if len(set(steps.tolist())) != 1 or int(steps[0]) not in _AUTO_STEPS:
        return {}
    return minutes


def _by_pattern(columns: list[str], pattern: str, mapping: DiaryMapping) -> dict[str, float]:
    regex = re.compile(pattern)
    found = {c: m for c in columns if (m := regex.fullmatch(str(c).strip()))}
    if regex.groups == 2:
        return {c: int(m.group(1)) * 60.0 + int(m.group(2)) for c, m in found.items()}
    if not (mapping.first_slot_start and mapping.slot_minutes):
        raise SchemaError(
            f"slot_pattern {pattern!r} numbers the slots: give first_slot_start (the clock time "
            "of slot 1, e.g. \"04:00\") and slot_minutes (e.g. 10) in the mapping",
            source=mapping.source or "mapping",
        )
    first = time_minutes(pd.Series([mapping.first_slot_start]))[0]
    number = {c: int(m.group(1)) for c, m in found.items()}
    ordered = sorted(number, key=number.get)
    return {c: float(first + (number[c] - 1) * mapping.slot_minutes) for c in ordered}


def slot_layout(
    columns: list[str], slot_minutes: int | None, name: str,
    mapping: DiaryMapping | None = None, secondary: bool = False,
) -> tuple[list[str], np.ndarray, np.ndarray, int]:
    """Slot headers in order, each slot's start and end in minutes after the row's date,
    and the slot length (the last slot's, for uneven columns).

    Examples
    --------
    >>> slot_layout(["id", "23:30", "00:00", "00:30"], None, "x.csv")[1:]
    (array([1410., 1440., 1470.]), array([1440., 1470., 1500.]), 30)
    >>> slot_layout(["09:45", "10:00", "11:00"], 15, "x.csv")[1:]
    (array([585., 600., 660.]), array([600., 660., 675.]), 15)
    """
    found = slot_headers(columns, mapping, secondary)
    if len(found) < 2 and not slot_minutes:
        raise SchemaError(
            "has fewer than two time-slot columns (headers such as 08:00, 08:15, t0815 or "
            "slot_0815); a slot grid needs one column per slot: describe other headers with "
            "slot_pattern in the mapping (e.g. 'Main(\\d+)' with first_slot_start and "
            "slot_minutes)",
            source=name,
        )
    names = list(found)
    minutes = np.array([found[c] for c in names])
    wrapped = np.concatenate([[0], np.cumsum(np.diff(minutes) < 0)]) * 1440
    minutes = minutes + wrapped
    pattern = mapping and (mapping.secondary_slot_pattern if secondary else mapping.slot_pattern)
    if pattern and re.compile(pattern).groups == 1:  # numbered: slot n lasts slot_minutes
        return names, minutes, minutes + slot_minutes, int(slot_minutes)
    length = _last_length(names, np.diff(minutes), slot_minutes, name)
    return names, minutes, np.append(minutes[1:], minutes[-1:] + length), length


def _last_length(names: list[str], steps: np.ndarray, slot_minutes: int | None, name: str) -> int:
    """The last clock-named slot's length: the columns' spacing, or ``slot_minutes`` when they
    are unevenly spaced; refused where the two disagree or neither is known."""
    uniq = np.unique(steps)
    if (steps <= 0).any():
        at = int(np.flatnonzero(steps <= 0)[0])
        raise SchemaError(
            f"its time-slot columns {names[at]} and {names[at + 1]} are the same time: put one "
            "column per slot in time order", source=name)
    if len(uniq) == 1 and slot_minutes and slot_minutes != uniq[0]:
        raise SchemaError(
            f"slot_minutes is {slot_minutes} but its time-slot columns are {uniq[0]:g} minutes "
            f"apart ({', '.join(names[:3])}, ...): each slot lasts until the next column's "
            "time, so leave slot_minutes out of the mapping (or give one column per slot)",
            source=name)
    if len(uniq) == 1:
        return int(uniq[0])
    if not slot_minutes:
        longer = [f"{names[k]} ({steps[k]:g} min)" for k in np.flatnonzero(steps != steps[0])]
        raise SchemaError(
            f"its time-slot columns are not evenly spaced ({names[0]} ... {names[-1]}: "
            f"{steps[0]:g} minutes apart, but {', '.join(longer[:4])}"
            f"{', ...' if len(longer) > 4 else ''}); each slot is read as lasting until the "
            f"next column's time: set slot_minutes in the mapping to the length of the last "
            f"slot ({names[-1]}), or put one column per slot",
            source=name)
    return int(slot_minutes)


def slot_runs(
    frame: pd.DataFrame, names: list[str], minutes: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, pd.Series, np.ndarray, np.ndarray, list[str]]:
    """Runs of equal values along each row: the row, value, start and end minute, slot span.

    ``minutes`` and ``ends`` are each slot's start and end.

    Examples
    --------
    >>> grid = pd.DataFrame({"a": ["x", None], "b": ["x", "y"]})
    >>> row, value, s, e, span = slot_runs(grid, ["a", "b"], np.array([0.0, 30.0]),
    ...                                    np.array([30.0, 60.0]))
    >>> row.tolist(), value.tolist(), s.tolist(), e.tolist(), span
    ([0, 1], ['x', 'y'], [0.0, 30.0], [60.0, 60.0], ['a-b', 'b'])
    """
    missing = load_schema("episodes").missing_values
    n_rows, n_slots = len(frame), len(names)
    cells = text_values(pd.Series(frame[names].to_numpy(object).ravel()), missing)
    values = cells.to_numpy(object)
    codes, _ = pd.factorize(cells)
    filled = codes >= 0
    row = np.repeat(np.arange(n_rows), n_slots)
    slot = np.tile(np.arange(n_slots), n_rows)
    same_as_before = np.zeros(len(values), bool)
    if len(values) > 1:
        same_as_before[1:] = (
            filled[1:] & filled[:-1] & (row[1:] == row[:-1]) & (codes[1:] == codes[:-1])
        )
    begins = filled & ~same_as_before
    run = np.cumsum(begins) - 1
    first = np.flatnonzero(begins)
    last_slot = pd.Series(slot[filled]).groupby(run[filled]).max().to_numpy(np.int64)
    span = [
        f"{names[a]}-{names[b]}" if a != b else names[a]
        for a, b in zip(slot[first], last_slot, strict=True)
    ]
    value = pd.Series(values[first], dtype="string")
    return row[first], value, minutes[slot[first]], ends[last_slot], span


def read_slots(frame: pd.DataFrame, labels: dict, mapping: DiaryMapping, name: str) -> Candidates:
    """Merge each row's runs of equal slot values into candidate episodes.

    Examples
    --------
    >>> grid = pd.DataFrame({"worker_id": ["W1"], "date": ["2026-03-09"], "08:00": ["visit"],
    ...                      "08:30": ["visit"], "09:00": ["notes"], "09:30": [None]})
    >>> c = read_slots(grid, {}, DiaryMapping(), "grid")
    >>> c.frame[["activity", "_start_min", "_end_min"]].values.tolist()
    [['visit', 480.0, 540.0], ['notes', 540.0, 570.0]]
    """
    names, minutes, ends, length = slot_layout(
        list(frame.columns), mapping.slot_minutes, name, mapping
    )
    second = slot_headers(list(frame.columns), mapping, secondary=True)
    keep = [c for c in frame.columns if c not in set(names) | set(second)]
    out, origin = _episodes(frame, keep, names, minutes, ends, mapping.slot_value)
    labels = {**labels, mapping.slot_value: "slot", "_start_min": "slot", "_end_min": "slot"}
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in keep if c not in known]
    cand = Candidates(
        out, origin, labels, [*extras, "slots"], "slots",
        {"slot_minutes": length, "slot_columns": len(names),
         "blank_slot_minutes": _blank(frame, names, ends - minutes)},
    )
    other = (ends - minutes) != length
    if other.any():  # uneven columns: say which slots last longer or shorter
        cand.details["slot_lengths"] = {n: float(v) for n, v, o in
                                        zip(names, ends - minutes, other, strict=True) if o}
    if second:
        sec_names, sec_minutes, sec_ends, _ = slot_layout(
            list(frame.columns), mapping.slot_minutes or length, name, mapping, secondary=True
        )
        sec, sec_origin = _episodes(frame, keep, sec_names, sec_minutes, sec_ends, "activity")
        cand.secondary = Candidates(sec, sec_origin, labels, [*extras, "slots"], "slots")
        cand.details["secondary_slot_columns"] = len(sec_names)
    return cand


def _episodes(frame, keep, names, minutes, ends, value_name):
    origin, value, start, end, span = slot_runs(frame, names, minutes, ends)
    out = frame[keep].iloc[origin].reset_index(drop=True)
    out[value_name] = value
    out["_start_min"] = start
    out["_end_min"] = end
    out["slots"] = pd.Series(span, dtype="string")
    return out, origin


def _blank(frame: pd.DataFrame, names: list[str], lengths: np.ndarray) -> float | int:
    """Minutes of the blank slots (each slot its own length)."""
    missing = load_schema("episodes").missing_values
    cells = text_values(pd.Series(frame[names].to_numpy(object).ravel()), missing)
    blank = cells.isna().to_numpy().reshape(len(frame), len(names))
    total = float(blank.sum(axis=0) @ lengths)
    return int(total) if total.is_integer() else total
