"""Wide slot grids (time-use-survey style): a row per worker-day, a column per fixed slot.

Slot columns are recognised by their headers:

* a clock time: ``08:00``, ``8.15``, ``0830``, ``08:00-08:15``, ``9:00 AM``, ``1:00-1:30 PM``,
  or ``08:00:00`` (how a workbook's time cell typed as a header reaches the reader; a header
  whose seconds are not 00, ``08:00:30``, is refused, naming it: a slot starts on a minute);
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
Headers none of which is a time are refused, naming them. Consecutive slots of one row
with the same value are merged into one episode; blank slots are not episodes. Slots
after a wrap past midnight (``23:50`` then ``00:00``) belong to the next calendar day; a
step back of 12 hours less one spacing (``12:30`` then ``1:00``) is a 12-hour clock
without AM/PM, read as afternoon when the columns are then evenly spaced (any other step
back is refused). With a time zone, the slots in the hour a spring clock change skips
count no minutes, and the slots of the hour an autumn change repeats stand for both of its
times, named in a warning (:mod:`timestudy.ingest.slot_clock`). Each merged episode is one candidate: ``n_read``
counts episodes; the report's ``rows_in_file`` counts grid rows, ``blank_rows`` the rows
with every slot blank, and its warnings say both. Columns matching ``secondary_slot_pattern``
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
from timestudy.ingest.slot_clock import repeated_hour, skipped_hour
from timestudy.schema.parse import time_minutes
from timestudy.schema.tables import load_schema, text_values

_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z_ ]*?)[_ ]?(?P<h>[01]\d|2[0-3])[:.]?(?P<m>[0-5]\d)$")
_AUTO_STEPS = (5, 10, 15, 20, 30, 60)
# 08:00, 8.15, 0830, 08:00:00 (a time cell), and 12-hour times with AM/PM: 9:00 AM, 9 a.m.
_DIGIT = re.compile(r"\d")  # (any decimal digit: the clock's own \d are among them)
_CLOCK = r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?|\d{4})|\d{1,2}(?:[:.]\d{2}(?::\d{2})?)?\s*[ap]\.?\s?m\.?"
_SECONDS = re.compile(r"\d:\d{2}:(?!00)\d{2}")  # a time with seconds other than 00


def slot_headers(columns: list[str], mapping: DiaryMapping | None = None,
                 secondary: bool = False) -> dict[str, float]:
    """Slot headers and the minute (after the row's date) each slot starts at.

    Examples
    --------
    >>> slot_headers(["worker_id", "08:00", "08:15-08:30", "0830"])
    {'08:00': 480.0, '08:15-08:30': 495.0, '0830': 510.0}
    >>> slot_headers(["worker_id", "09:00", "09:30:00"])  # a time cell: 09:30:00
    {'09:00': 540.0, '09:30:00': 570.0}
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
    """Headers that are clock times (or ranges ``08:00-08:15``, ``1:00-1:30 PM``) and their
    start minute; a range's AM/PM, written once at its end, is its start's too."""
    halves = [re.split(r"\s*[-\u2013]\s*(?=\d)", str(c).strip()) for c in columns]
    if not any(_DIGIT.search(h[0]) for h in halves):  # every clock time has a digit
        return {}
    first = pd.Series([h[0] for h in halves], dtype="str")
    last = pd.Series([h[-1] for h in halves], dtype="str")
    shaped = first.str.fullmatch(_CLOCK, case=False).to_numpy(bool)
    if not len(first):
        return {}
    minutes = time_minutes(first)
    suffix = last.str.extract(r"(?i)\d\s*([ap]\.?\s?m\.?)$")[0]
    bare = (suffix.notna() & ~first.str.contains(r"(?i)[ap]\.?\s?m", regex=True)).to_numpy(bool)
    if bare.any():  # "1:00-1:30 PM" starts at 13:00, "11:30-12:00 PM" at 11:30
        ends = time_minutes(last)  # and "11:30-12:00 AM" at 23:30
        start = time_minutes(first + " " + suffix.fillna(""))
        start = np.where(start >= ends, (start - 720) % 1440, start)
        minutes = np.where(bare, start, minutes)
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
    if not found or (len(found) < 2 and not slot_minutes):
        raise SchemaError(_no_slots(columns, found), source=name)
    if any(_SECONDS.search(str(c)) for c in found):
        raise SchemaError(_with_seconds(list(found)), source=name)
    names = list(found)
    minutes, _ = unwrap_clock(names, np.array([found[c] for c in names]), name)
    pattern = mapping and (mapping.secondary_slot_pattern if secondary else mapping.slot_pattern)
    if pattern and re.compile(pattern).groups == 1:  # numbered: slot n lasts slot_minutes
        return names, minutes, minutes + slot_minutes, int(slot_minutes)
    length = _last_length(names, np.diff(minutes), slot_minutes, name)
    return names, minutes, np.append(minutes[1:], minutes[-1:] + length), length


def _with_seconds(headers: list[str]) -> str:
    """Why slot headers with seconds other than 00 are refused, naming them.

    Examples
    --------
    >>> _with_seconds(["09:00:00", "09:30:30"])
    "its time-slot column '09:30:30' is a time with seconds: a slot starts on a minute; write the header as its minute ('09:30', or 09:30:00)"
    """
    odd = [str(c) for c in headers if _SECONDS.search(str(c))]
    minute = re.sub(r"(:[0-5]\d):\d\d", r"\1", odd[0])
    return (f"its time-slot column{'s' if len(odd) > 1 else ''} "
            f"{', '.join(map(repr, odd[:4]))}{' ...' if len(odd) > 4 else ''} "
            f"{'are times' if len(odd) > 1 else 'is a time'} with seconds: a slot starts on a "
            f"minute; write the header as its minute ({minute!r}, or {minute}:00)")


def _no_slots(columns: list[str], found: dict) -> str:
    """Why a grid has no slot columns to read, naming the headers that are not times."""
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    other = [str(c) for c in columns if c not in known and c not in found
             and not str(c).startswith("_")]
    shown = ", ".join(repr(c) for c in other[:6]) + (" ..." if len(other) > 6 else "")
    return (
        f"is read as a slot grid but {'only one header is' if found else 'none of its headers is'}"
        f" a clock time ({shown or 'no other columns'} are not): a slot grid needs a column per "
        "slot headed by its time (08:00, 9:00 AM, 0815, t0815); rename the headers, or describe "
        "them with slot_pattern in the mapping ('Main(\\d+)' with first_slot_start and "
        "slot_minutes)"
    )


def unwrap_clock(names: list[str], minutes: np.ndarray, name: str) -> tuple[np.ndarray, list[str]]:
    """Slot starts in time order across midnight and a 12-hour clock without AM/PM, and the
    headers read as afternoon.

    Where a column's time goes back, the next column is after midnight (``23:30, 00:00``:
    +24 h) or, when it goes back by 12 hours less one spacing and the columns are then evenly
    spaced, in the afternoon of a 12-hour clock (``12:30, 1:00``: +12 h). Any other step back
    (a slot that would last longer than the others) is refused, naming the columns.

    Examples
    --------
    >>> unwrap_clock(["23:30", "00:00"], np.array([1410.0, 0.0]), "x.csv")
    (array([1410., 1440.]), [])
    >>> unwrap_clock(["12:00", "12:30", "1:00"], np.array([720.0, 750.0, 60.0]), "x.csv")
    (array([720., 750., 780.]), ['1:00'])
    """
    steps = np.diff(minutes)
    back = steps < 0
    if not back.any():
        return minutes, []
    half = np.concatenate([[0], np.cumsum(back)]) * 720.0
    afternoon = minutes + half
    if len(np.unique(np.diff(afternoon))) == 1 and np.diff(afternoon)[0] > 0:
        return afternoon, [n for n, h in zip(names, half, strict=True) if h]
    ahead = steps[~back]
    wrapped = steps + 1440 * back
    longest = max(ahead.max() if len(ahead) else 0, 60)  # an hour at most past 00:00
    if (wrapped[back] <= longest).all():  # past midnight: 23:30 then 00:00
        return minutes + np.concatenate([[0], np.cumsum(back)]) * 1440.0, []
    at = int(np.flatnonzero(back & (wrapped > longest))[0])
    raise SchemaError(
        f"its time-slot columns go back from {names[at]} to {names[at + 1]}: read as past "
        f"midnight, {names[at]} would last {wrapped[at]:g} minutes (the other slots at most "
        f"{longest:g}); if the headers are a 12-hour clock, write the afternoon as 13:00 or "
        "1:00 PM; a grid past midnight goes on 23:30, 00:00 (one column per slot, in time "
        "order)",
        source=name,
    )


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
    starts = dict(zip(names, minutes, strict=True))
    gap = skipped_hour(frame, origin, out, mapping.slot_value, starts, mapping)
    gap += repeated_hour(frame, origin, out, mapping.slot_value, starts, mapping)
    labels = {**labels, mapping.slot_value: "slot", "_start_min": "slot", "_end_min": "slot"}
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in keep if c not in known]
    blank_minutes, blank = _blank(frame, names, ends - minutes)
    cand = Candidates(
        out, origin, labels, [*extras, "slots"], "slots",
        {"slot_minutes": length, "slot_columns": len(names),
         "blank_slot_minutes": blank_minutes},
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
        skipped_hour(frame, sec_origin, sec, "activity", {}, mapping)
        gap += repeated_hour(frame, sec_origin, sec, "activity",
                             dict(zip(sec_names, sec_minutes, strict=True)), mapping,
                             "secondary slot columns", flagged=False)
        cand.secondary = Candidates(sec, sec_origin, labels, [*extras, "slots"], "slots")
        cand.details["secondary_slot_columns"] = len(sec_names)
    found = slot_headers(list(frame.columns), mapping)
    _, afternoon = unwrap_clock(names, np.array([found[c] for c in names]), name)
    _report(cand, frame, blank, afternoon, gap)
    return cand


def _report(cand: Candidates, frame: pd.DataFrame, blank: np.ndarray, afternoon: list[str],
            gap: list[str]) -> None:
    """The report's account of what the grid's reading interpreted: blank rows, headers read
    as afternoon, slots in the hour a clock change skipped (the summary's first line says how
    many rows made how many episodes)."""
    who = [" ".join(repr(str(v)) for v in r) for r in  # quoted: withheld when published
           frame.loc[blank, [c for c in ("worker_id", "date") if c in frame]].head(4).to_numpy()]
    cand.details["blank_rows"] = int(blank.sum())
    k = int(blank.sum())
    notes = [{"code": "blank_rows", "message": (
        f"{k:,} of the grid's {len(frame):,} row{'' if len(frame) == 1 else 's'} "
        f"{'has' if k == 1 else 'have'} every "
        f"slot blank ({', '.join(who)}{', ...' if k > 4 else ''}) and give no episode: a day "
        "with no entries is missing, not zero hours")}] if k else []
    if afternoon:
        cand.details["slots_read_as_afternoon"] = afternoon
        notes.append({"code": "twelve_hour_slots", "message": (
            f"slot columns {', '.join(afternoon[:4])}{' ...' if len(afternoon) > 4 else ''} "
            "come after 12:xx without AM/PM: read as a 12-hour clock, in the afternoon (write "
            "them as 13:00 or 1:00 PM to make that explicit)")})
    if gap:
        cand.details["clock_change_slots"] = gap
        notes.append({"code": "clock_change_slots", "message": "; ".join(gap[:3])})
    if notes:
        cand.details["warnings"] = notes


def _episodes(frame, keep, names, minutes, ends, value_name):
    origin, value, start, end, span = slot_runs(frame, names, minutes, ends)
    out = frame[keep].iloc[origin].reset_index(drop=True)
    out[value_name] = value
    out["_start_min"] = start
    out["_end_min"] = end
    out["slots"] = pd.Series(span, dtype="string")
    return out, origin


def _blank(frame: pd.DataFrame, names: list[str],
           lengths: np.ndarray) -> tuple[float | int, np.ndarray]:
    """Minutes of the blank slots (each slot its own length), and the rows all blank."""
    missing = load_schema("episodes").missing_values
    cells = text_values(pd.Series(frame[names].to_numpy(object).ravel()), missing)
    blank = cells.isna().to_numpy().reshape(len(frame), len(names))
    total = float(blank.sum(axis=0) @ lengths)
    return (int(total) if total.is_integer() else total), blank.all(axis=1)
