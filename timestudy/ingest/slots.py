"""Wide slot grids (time-use-survey style): a row per worker-day, a column per fixed slot.

Headers such as ``08:00``, ``08:15`` or ``08:00-08:15`` name the slots; each cell
holds the activity (or code) done in that slot. Consecutive slots of one row with
the same value are merged into one episode; blank slots are not episodes. Slots
after a wrap past midnight (``23:50`` then ``00:00``) belong to the next calendar
day. Each merged episode is one candidate: ``n_read`` counts episodes, and the
report's ``rows_in_file`` counts grid rows.
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


def slot_headers(columns: list[str]) -> dict[str, float]:
    """Headers naming a clock time (``08:00``, ``8.15``, ``0830``, ``08:00-08:15``) and their minute.

    Examples
    --------
    >>> slot_headers(["worker_id", "08:00", "08:15-08:30", "0830"])
    {'08:00': 480.0, '08:15-08:30': 495.0, '0830': 510.0}
    """
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


def slot_layout(
    columns: list[str], slot_minutes: int | None, name: str
) -> tuple[list[str], np.ndarray, int]:
    """Slot headers in order, their start in minutes after the row's date, and the slot length.

    Examples
    --------
    >>> slot_layout(["id", "23:30", "00:00", "00:30"], None, "x.csv")[1:]
    (array([1410., 1440., 1470.]), 30)
    """
    found = slot_headers(columns)
    if len(found) < 2 and not slot_minutes:
        raise SchemaError(
            "has fewer than two time-slot columns (headers such as 08:00, 08:15); "
            "a slot grid needs one column per slot, or set slot_minutes in the "
            "mapping",
            source=name,
        )
    names = list(found)
    minutes = np.array([found[c] for c in names])
    wrapped = np.concatenate([[0], np.cumsum(np.diff(minutes) < 0)]) * 1440
    minutes = minutes + wrapped
    steps = np.unique(np.diff(minutes))
    if slot_minutes is None:
        if len(steps) != 1 or steps[0] <= 0:
            shown = ", ".join(names[:6])
            raise SchemaError(
                f"its time-slot columns ({shown}, ...) are not evenly spaced; "
                "put one column per slot in time order, or set slot_minutes in "
                "the mapping",
                source=name,
            )
        slot_minutes = int(steps[0])
    return names, minutes, int(slot_minutes)


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
    names, minutes, length = slot_layout(list(frame.columns), mapping.slot_minutes, name)
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
    last_slot = pd.Series(slot[filled]).groupby(run[filled]).max().to_numpy()
    origin = row[first]
    keep = [c for c in frame.columns if c not in names]
    out = frame[keep].iloc[origin].reset_index(drop=True)
    out[mapping.slot_value] = pd.Series(values[first], dtype="string")
    out["_start_min"] = minutes[slot[first]]
    out["_end_min"] = minutes[last_slot] + length
    span = [
        f"{names[a]}-{names[b]}" if a != b else names[a]
        for a, b in zip(slot[first], last_slot, strict=True)
    ]
    labels = {**labels, mapping.slot_value: "slot", "_start_min": "slot", "_end_min": "slot"}
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in keep if c not in known]
    out["slots"] = pd.Series(span, dtype="string")
    return Candidates(
        out,
        origin,
        labels,
        [*extras, "slots"],
        "slots",
        {"slot_minutes": length, "slot_columns": n_slots},
    )
