"""The words of a read: which minutes were counted (audit24c).

- A Toggl report (its own ``Duration``) with entries across both clock changes and no time
  zone said the minutes were "counted on the clock as written (00:30 to 02:30 counts
  120 ...)", though Toggl's durations were counted: 23:30-03:00 with Duration 2:30:00
  counted 150 (the clock as written says 210). Now it says the durations are counted and
  the clock times may be an hour out.
- A diary of start and end times only said "counted: the source's own duration": it has
  none; now "the clock times (the file gives no duration of its own)".
"""

from __future__ import annotations

import pytest

from timestudy.cli import main
from timestudy.errors import DataQualityWarning
from timestudy.ingest import read_diary


def test_a_tools_own_durations_across_a_clock_change_are_said_to_be_counted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("worker_id,start,end,duration_min,activity\n"
                    "W1,2026-03-28T23:30,2026-03-29T03:00,150,night duty\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning) as said:
        res = read_diary(path)
    assert res.episodes["duration_min"].tolist() == [150]
    text = " ".join(str(w.message) for w in said)
    assert "their minutes are the source's own durations, but their clock times are read as " \
           "written" in text
    assert "counted on the clock as written" not in text


def test_clock_times_only_are_said_to_be_counted_by_the_clock(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("worker_id,start,end,activity\n"
                    "W1,2026-03-28T23:30,2026-03-29T03:00,night duty\n", encoding="utf-8")
    assert main(["validate", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "counted: the clock times (the file gives no duration of its own)" in out
    assert "their minutes are counted on the clock as written (00:30 to 02:30 counts 120" in out


def test_some_with_durations_and_some_without_are_each_said(tmp_path):
    """Row 2 gives 150 (counted, its clock says 210); row 3 none: 00:30-02:30 counts 120."""
    path = tmp_path / "m.csv"
    path.write_text("worker_id,start,end,duration_min,activity\n"
                    "W1,2026-03-28T23:30,2026-03-29T03:00,150,night duty\n"
                    "W2,2026-03-29T00:30,2026-03-29T02:30,,night duty\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning) as said:
        res = read_diary(path)
    assert sorted(res.episodes["duration_min"].tolist()) == [120, 150]
    text = " ".join(str(w.message) for w in said)
    assert "1 of them count the source's own durations (their clock times may be an hour " \
           "out), and the other 1 their minutes are counted on the clock as written" in text
