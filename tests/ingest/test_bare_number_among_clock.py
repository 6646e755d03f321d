"""A bare number under a plain ``Duration`` header among values written ``h:mm`` (the last
closing note's leftover: "a bare 2 among 1:30, 0:45 and 2:15 is read as 2 minutes,
silently").

A person who writes ``1:30`` for an hour and a half and ``2`` on the next line means two
hours far more often than two minutes. Under ``Duration (hh:mm)`` such a number refuses
the file already (:mod:`timestudy.ingest.hours_minutes`); under a header naming no unit it
was read as 2 minutes, unsaid. Now a bare number above 0 and at most 24, in a column more
than half of whose values are clock notation, is told by its row's own start and end, or
the row is rejected ``duration_hours_or_minutes`` with the fix; the warning
``duration_told_by_clock`` says which (:mod:`timestudy.ingest.bare_numbers`).
"""

from __future__ import annotations

import io

import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

DATED = {"layout": "dated", "dayfirst": True,
         "columns": {"worker_id": "Worker ID", "date": "Date", "duration_min": "Duration",
                     "activity": "Activity"}}
TIMED = {"layout": "split", "dayfirst": True,
         "columns": {"worker_id": "Worker ID", "date": "Date", "start_time": "Start",
                     "end_time": "End", "duration_min": "Duration", "activity": "Activity"}}


def _dated(*values, header="Duration"):
    text = f"Worker ID,Date,{header},Activity\n" + "".join(
        f"W1,09/03/2026,{v},visit\n" for v in values)
    mapping = {**DATED, "columns": {**DATED["columns"], "duration_min": header}}
    return read_diary(io.StringIO(text), mapping=mapping, warn=False)


def _timed(rows, mapping=TIMED):
    """``rows``: (start, end, duration) on 9 March 2026; a blank end is no end."""
    text = "Worker ID,Date,Start,End,Duration,Activity\n" + "".join(
        f"W1,09/03/2026,{a},{b},{d},visit\n" for a, b, d in rows)
    return read_diary(io.StringIO(text), mapping=mapping, warn=False)


def _told(result):
    return next((w for w in result.report.details.get("warnings", ())
                 if w["code"] == "duration_told_by_clock"), None)


def test_with_no_clock_the_row_is_rejected_naming_the_fix():
    """By hand: 1:30 = 90 and 0:45 = 45 are read; the bare 2 (source row 4) has no start
    and end to tell 2 h from 2 min: rejected duration_hours_or_minutes, its reason naming
    2:00 and 0:02. 135 minutes accepted, 1 row rejected (no minutes of its own). Before:
    137 minutes accepted (2 counted as 2 minutes), nothing said."""
    result = _dated("1:30", "0:45", "2")
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0]
    assert result.report.rejected_by_reason == {"duration_hours_or_minutes": 1}
    reject = result.rejects.iloc[0]
    assert reject["source_row"] == 4 and reject["column"] == "Duration"
    assert "Duration '2' is a bare number among durations written as h:mm (2 of the " \
        "column's 3): 2 hours (2:00) or 2 minutes (0:02)?" in reject["reason"]
    assert "write it 2:00 for 2 h or 0:02 for 2 min, or set duration_unit" in reject["reason"]
    assert result.report.details["minutes"]["minutes_accepted"] == 135.0
    said = _told(result)
    assert (said["rows"], said["read_as_hours"], said["not_accepted"]) == (1, 0, 1)
    assert "1 not accepted, rejected duration_hours_or_minutes: no start and end of its " \
        "own (source row 4)" in said["message"]


def test_its_own_start_and_end_tell_it_as_hours():
    """By hand: 09:00-10:30 1:30 (90), 11:00-11:45 0:45 (45), and 13:00-15:00 written 2:
    the clock's 120 minutes fit 2 hours, not 2 minutes: 120 counted, 90 + 45 + 120 = 255,
    no duration_mismatch, the warning naming source row 4. Before: 2 minutes counted
    (257 - 120 = 137 min), flagged duration_mismatch."""
    result = _timed([("09:00", "10:30", "1:30"), ("11:00", "11:45", "0:45"),
                     ("13:00", "15:00", "2")])
    assert result.report.n_rejected == 0
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 120.0]
    assert "duration_mismatch" not in result.episodes["flags"].fillna("").str.cat()
    said = _told(result)
    assert (said["rows"], said["read_as_hours"]) == (1, 1)
    assert "1 read as hours by its row's own start and end (source row 4: 2 = 120 min)" \
        in said["message"]


def test_a_clock_that_fits_minutes_keeps_minutes():
    """13:00-13:02 written 2: its clock fits 2 minutes (not 120): 2 kept, said; 137 in
    all. Before: the same 2 minutes, unsaid."""
    result = _timed([("09:00", "10:30", "1:30"), ("11:00", "11:45", "0:45"),
                     ("13:00", "13:02", "2")])
    assert result.episodes["duration_min"].sum() == 137.0
    assert "1 left as minutes, its row's own start and end fitting minutes (source row 4: " \
        "2 = 2 min)" in _told(result)["message"]


def test_a_decimal_with_a_start_and_no_end_is_rejected():
    """1.5 at 13:00 with no end: 1 h 30 min or 1.5 min? Rejected, naming 1:30 and 0:01:30;
    the warning duration_under_two_minutes no longer calls it a short entry read as
    written. Before: accepted as 1.5 minutes (end 13:01:30), warned under two minutes."""
    result = _timed([("09:00", "", "1:30"), ("11:00", "", "0:45"), ("13:00", "", "1.5")])
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0]
    assert "write it 1:30 for 1.5 h or 0:01:30 for 1.5 min" in result.rejects["reason"][0]
    codes = {w["code"] for w in result.report.details.get("warnings", ())}
    assert "duration_under_two_minutes" not in codes and "duration_told_by_clock" in codes


@pytest.mark.parametrize("values, header, mapping, minutes", [
    (("1:30", "0:45", "2"), "Duration (mins)", {}, [90.0, 45.0, 2.0]),
    (("1:30", "0:45", "2"), "Duration", {"duration_unit": "minutes"}, [90.0, 45.0, 2.0]),
    (("1:30", "0:45", "2"), "Duration", {"duration_unit": "hours"}, [90.0, 45.0, 120.0]),
    (("1:30", "0:45", "30"), "Duration", {}, [90.0, 45.0, 30.0]),
    (("90", "30", "1:15", "2"), "Duration", {}, [90.0, 30.0, 75.0, 2.0]),
], ids=["header_names_minutes", "unit_minutes", "unit_hours", "over_24", "mostly_numbers"])
def test_what_is_told_otherwise_reads_as_before(values, header, mapping, minutes):
    """Read as before, nothing rejected: a header naming minutes, or duration_unit, says
    what a bare number is (2 min; as hours 2 h = 120, 1:30 still 90); 30 cannot be one
    entry's hours (minutes); in a column mostly of numbers (2 of 4 in clock notation) a
    bare number is minutes as its neighbours are."""
    text = f"Worker ID,Date,{header},Activity\n" + "".join(
        f"W1,09/03/2026,{v},visit\n" for v in values)
    cols = {**DATED["columns"], "duration_min": header}
    result = read_diary(io.StringIO(text), mapping={**DATED, "columns": cols, **mapping},
                        warn=False)
    assert result.report.n_rejected == 0
    assert result.episodes["duration_min"].tolist() == minutes
    assert _told(result) is None


def test_validate_says_it_in_one_line(tmp_path, capsys):
    """Through ``validate``: exit 1 (a row rejected, outputs written), the row's reason on
    one line naming line 4 and the fix, and the warning printed; nothing on stderr but the
    usual lines (no traceback)."""
    path = tmp_path / "bare.csv"
    path.write_text("Worker ID,Date,Duration,Activity\nW1,09/03/2026,1:30,visit\n"
                    "W1,09/03/2026,0:45,visit\nW1,09/03/2026,2,visit\n")
    (tmp_path / "m.yaml").write_text(
        "layout: dated\ndayfirst: true\ncolumns: {worker_id: Worker ID, date: Date, "
        "duration_min: Duration, activity: Activity}\n")
    assert main(["validate", str(path), "--mapping", str(tmp_path / "m.yaml"),
                 "--out", str(tmp_path / "v")]) == 1
    out, err = capsys.readouterr()
    assert "line 4: Duration '2' is a bare number among durations written as h:mm" in out
    assert "duration_told_by_clock: 'Duration' is written h:mm on most rows (2 of 3)" in out
    assert "Traceback" not in err


def test_hours_dot_minutes_among_clock_notation():
    """1.30 among 1:30 and 0:45. Beside 13:00-14:30 (90 min) the clock fits 1.30 as h.mm
    (1 h 30 min = 90), not as 1.3 minutes nor 1.3 hours (78): 90 counted, 90 + 45 + 90 =
    225. Beside 13:00-13:10 (10 min) it fits none: left as read (1.3 min), flagged
    duration_mismatch, and the warning says it fits neither. With no clock, rejected, its reason offering 1:30
    as h.mm besides 1:18 (1.3 h) and 0:01:18 (1.3 min). Before: 1.3 minutes each time."""
    clock = [("09:00", "10:30", "1:30"), ("11:00", "11:45", "0:45")]
    result = _timed([*clock, ("13:00", "14:30", "1.30")])
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 90.0]
    assert "1 read as hours by its row's own start and end (source row 4: 1.30 = 90 min)" \
        in _told(result)["message"]
    result = _timed([*clock, ("13:00", "13:10", "1.30")])
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 1.3]
    assert "duration_mismatch" in result.episodes["flags"].iloc[2]
    assert "1 fitting neither by its own start and end: flagged duration_mismatch" \
        in _told(result)["message"]
    result = _dated("1:30", "0:45", "1.30")
    assert "1.3 hours (1:18) or 1.3 minutes (0:01:18), or 1:30 written h.mm?" \
        in result.rejects["reason"][0]
    assert "write it 1:18 for 1.3 h, 1:30 for 1 h 30 min or 0:01:18 for 1.3 min" \
        in result.rejects["reason"][0]


def test_under_an_hh_mm_header_among_values_with_seconds_the_file_is_refused():
    """``Duration (hh:mm)`` over 01:30:00, 00:45:00 and a bare 2: refused as among 1:30
    (:mod:`timestudy.ingest.hours_minutes`: 2 h or 2 min?), naming source row 4. Before:
    only h:mm without seconds counted as written so, and the 2 was read as 2 minutes,
    unsaid (90 + 45 + 2 = 137)."""
    with pytest.raises(SchemaError, match=r"source row 4: '2' is 2 h \(2:00 = 120 min\) or "
                                          r"2 min \(0:02\)\?"):
        _dated("01:30:00", "00:45:00", "2", header="Duration (hh:mm)")
