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


def test_a_duration_typed_as_end_minus_start_is_the_clocks(tmp_path):
    """review24a: a duration typed as the clock's span (23:30-03:00 written 210) was said
    to be "the source's own durations" (as right), though 150 minutes passed that night:
    a duration equal to its span is the clock's, and the words say so."""
    path = tmp_path / "typed.csv"
    path.write_text("worker_id,start,end,duration_min,activity\n"
                    "W1,2026-03-28T23:30,2026-03-29T03:00,210,night duty\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning) as said:
        read_diary(path)
    text = " ".join(str(w.message) for w in said)
    assert "1 episode crosses a clock change of Europe/London or falls in the hour" in text
    assert "their minutes are counted on the clock as written" in text


def test_a_tools_duration_across_a_change_is_not_called_a_rounding(tmp_path):
    """review24a: Toggl's 150 across the spring change (clock 210) was also summed as a
    duration_mismatch advising minutes_from: clock (which would count 210): the clock
    change's warning alone speaks for it."""
    path = tmp_path / "tool.csv"
    path.write_text("worker_id,start,end,duration_min,activity\n"
                    "W1,2026-03-28T23:30,2026-03-29T03:00,150,night duty\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning):
        res = read_diary(path)
    codes = [w["code"] for w in res.report.details["warnings"]]
    assert codes == ["clock_change_unchecked"]


def test_a_column_of_blank_durations_gives_none(tmp_path, capsys):
    path = tmp_path / "blank.csv"
    path.write_text("worker_id,start,end,duration_min,activity\n"
                    "W1,2026-03-10T09:00,2026-03-10T10:00,,visit\n", encoding="utf-8")
    assert main(["validate", str(path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "counted: the clock times (the file gives no duration of its own) " \
           "(minutes_from: duration)\n" in out
