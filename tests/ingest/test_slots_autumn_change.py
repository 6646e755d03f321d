"""Slot diaries on the day an autumn clock change repeats an hour (the twentieth stop's audit:
a 144-slot grid on the 25-hour day was read over 1,500 minutes without a word).

The grid has one set of slots for the hour 01:00-02:00 that happened twice on 25 October 2026
in Europe/London (HETUS ``Main127``-``Main132`` of a diary from 04:00 in 10-minute slots):
each episode is read on the clock, so the episode over the change (02:00 summer time) takes
the repeated hour, 60 minutes more than its slots. The warning says so, naming each worker's
episode."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from timestudy import read_diary

EXAMPLES = Path(__file__).resolve().parents[2] / "data_schema" / "examples"
HEADER = next(csv.reader((EXAMPLES / "timeuse_hetus.csv").open()))


def _grid(tmp_path: Path, rows: dict[str, list[str]]) -> Path:
    path = tmp_path / "autumn.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(
            [HEADER, *([w, "2026-10-24", *slots, *[""] * 144] for w, slots in rows.items())])
    return path


def _mapping(timezone: str | None = "Europe/London") -> dict:
    m = yaml.safe_load((EXAMPLES / "timeuse_hetus.mapping.yaml").read_text())
    if timezone:
        m["timezone"] = timezone
    return m


def _warnings(result) -> dict[str, str]:
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", ())}


ROWS = {  # Main1 = 04:00; Main121 = 00:00, Main127 = 01:00, Main133 = 02:00 (25 October)
    "W1": ["sleep"] * 126 + ["phone"] * 6 + ["sleep"] * 12,  # phone 01:00-02:00
    "W2": ["sleep"] * 126 + ["phone"] * 3 + ["sleep"] * 15,  # phone 01:00-01:30
    "W3": ["sleep"] * 120 + ["work"] * 9 + ["sleep"] * 15,  # work 00:00-01:30
}


def test_the_episode_over_the_change_takes_the_repeated_hour_and_is_named(tmp_path):
    """W1's phone (6 slots, 60 min) ends at the change: 01:00 BST to 02:00 GMT = 120 min.
    W2's phone (3 slots) is the hour's first time: 30 min; its sleep from 01:30 BST to 04:00
    GMT (15 slots, 150 min) takes the hour: 210 min. W3's work 00:00-01:30 BST (9 slots):
    90 min; its sleep 210 min. Each day: 144 slots x 10 = 1,440 + 60 = 1,500 minutes."""
    result = read_diary(_grid(tmp_path, ROWS), mapping=_mapping(), warn=False)
    ep = result.episodes.set_index(["worker_id", "slots"])["duration_min"]
    assert ep[("W1", "Main127-Main132")] == 120.0
    assert ep[("W2", "Main127-Main129")] == 30.0
    assert ep[("W2", "Main130-Main144")] == 210.0
    assert ep[("W3", "Main121-Main129")] == 90.0
    assert ep[("W3", "Main130-Main144")] == 210.0
    assert result.episodes.groupby("worker_id")["duration_min"].sum().tolist() == [1500.0] * 3
    message = _warnings(result)["clock_change_slots"]
    assert message.startswith(
        "2026-10-24: the clocks went back at 02:00 in Europe/London, so the hour from 01:00 "
        "happened twice and slot columns Main127, Main128, Main129, Main130, Main131, Main132 "
        "stand for both times")
    assert "60 minutes more than its slots ('W1': 'phone'; 'W2': 'sleep'; 'W3': 'sleep';" in (
        message)
    assert result.report.details["clock_change_slots"] == [message]


def test_without_a_timezone_the_clock_is_read_as_written_and_nothing_is_said(tmp_path):
    result = read_diary(_grid(tmp_path, ROWS), mapping=_mapping(None), warn=False)
    assert result.episodes.groupby("worker_id")["duration_min"].sum().tolist() == [1440.0] * 3
    assert "clock_change_slots" not in _warnings(result)


def test_a_night_left_blank_over_the_change_is_not_named(tmp_path):
    """A working day 08:00-17:00 (Main25-Main78) and blank slots round the change: 540 min."""
    rows = {"W1": [""] * 24 + ["visit"] * 54 + [""] * 66}
    result = read_diary(_grid(tmp_path, rows), mapping=_mapping(), warn=False)
    assert result.episodes["duration_min"].sum() == 540.0
    assert "clock_change_slots" not in _warnings(result)


def test_long_slots_name_the_episode_over_the_change(tmp_path):
    """Slots 127-132 (01:00-02:00 from 04:00 in 10-minute slots) say "phone", 133 "sleep":
    phone 01:00 BST to 02:00 GMT = 120 min, sleep 02:00-02:10 GMT = 10 min."""
    path = tmp_path / "ls.csv"
    path.write_text("diary,date,slot,activity\n" + "".join(
        f"D1,24/10/2026,{n},{'phone' if n < 133 else 'sleep'}\n" for n in range(127, 134)))
    mapping = {"columns": {"worker_id": "diary", "slot_number": "slot"},
               "layout": "long_slots", "first_slot_start": "04:00", "slot_minutes": 10,
               "timezone": "Europe/London"}
    result = read_diary(path, mapping=mapping, warn=False)
    assert result.episodes["duration_min"].tolist() == [120.0, 10.0]
    message = _warnings(result)["clock_change_slots"]
    assert "slots 127, 128, 129, 130, 131, 132 stand for both times" in message
    assert "('D1': 'phone';" in message


def test_secondary_activities_over_the_change_are_named_too(tmp_path):
    """Review21: W1's secondary "radio" in Sec121-Sec135 (00:00-02:30, 15 slots, 150 min of
    slots) runs over the change: read as 210 minutes and named in the same warning."""
    slots = ["sleep"] * 144
    path = tmp_path / "autumn.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([HEADER, ["W1", "2026-10-24", *slots,
                                          *([""] * 120 + ["radio"] * 15 + [""] * 9)]])
    result = read_diary(path, mapping=_mapping(), warn=False)
    assert result.secondary["duration_min"].tolist() == [210.0]
    message = _warnings(result)["clock_change_slots"]
    assert "secondary slot columns Sec127, Sec128" in message and "('W1': 'radio')" in message
