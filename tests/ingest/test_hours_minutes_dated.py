"""Durations under an ``hh:mm`` header in a diary without clock times: one reading, counted
and warned alike, and a bare whole number that could be hours refused (review24b
hhmm_dated.csv with hhmm.yaml).

``1.30`` and ``0.45`` under ``Duration (hh:mm)`` were counted as 90 and 45 minutes, but the
time_of_day_unknown warning said the rows held 95 minutes (1.3 + 90 + 0.45 + 1 + 2, the
numbers read as minutes) where 228 were accepted, and duration_under_two_minutes named
'1.30' and '0.45' as entries under 2 minutes. A bare ``1`` and ``2`` in that column were
read as 1 and 2 minutes, the 1 warned and the 2 not: in a column written as hours and
minutes they are as likely 1 h and 2 h, and nothing tells which.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HEAD = "worker_id,date,Duration (hh:mm),activity,case_id\n"
MAP = {"columns": {"duration_min": "Duration (hh:mm)"}}


def _rows(*values):
    return "".join(f"W1,2026-03-{9 + i // 3:02d},{v},visit,C{i}\n"
                   for i, v in enumerate(values))


def _warning(r, code):
    return next((w for w in r.report.details.get("warnings", ()) if w["code"] == code), None)


def test_every_warning_counts_the_minutes_as_read():
    """By hand: 1.30 = 90, 90 = 90, 0.45 = 45, 1.00 = 60: 285 minutes accepted, and
    time_of_day_unknown says the same 285 (4.8 hours); no entry is under 2 minutes, so no
    duration_under_two_minutes. Before: 285 accepted but the warning said 93 minutes
    (1.3 + 90 + 0.45 + 1.00 = 92.75), and '1.30', '0.45' and '1.00' were named as under 2
    minutes."""
    r = read_diary(io.StringIO(HEAD + _rows("1.30", "90", "0.45", "1.00")), mapping=MAP,
                   warn=False)
    assert r.episodes["duration_min"].tolist() == [90, 90, 45, 60]
    said = _warning(r, "time_of_day_unknown")["message"]
    assert "4 rows (285 minutes, 4.8 hours, as written)" in said
    assert _warning(r, "duration_under_two_minutes") is None


def test_an_entry_of_one_minute_as_read_is_named_by_its_reading():
    """By hand: 1.30 = 90, 0.45 = 45, 0.01 = 0 h 1 min = 1 minute, 90: only 0.01 is under
    2 minutes as read (source row 4); 226 minutes in the time_of_day_unknown warning.
    Before: 1.30, 0.45 and 0.01 were all named (1.3, 0.45 and 0.01 read as minutes) and the
    warning said 92 minutes."""
    r = read_diary(io.StringIO(HEAD + _rows("1.30", "0.45", "0.01", "90")), mapping=MAP,
                   warn=False)
    short = _warning(r, "duration_under_two_minutes")
    assert short["rows"] == 1 and "(source rows 4: '0.01')" in short["message"]
    assert "4 rows (226 minutes" in _warning(r, "time_of_day_unknown")["message"]


def test_a_bare_whole_number_among_hours_and_minutes_is_refused(tmp_path, capsys):
    """review24b's file: 1.30, 90, 0.45, then 1 and 2 at source rows 5 and 6. 1.30 and
    0.45 are hours and minutes, so is 1 an hour (1:00 = 60 min) or a minute? Refused,
    exit 2, one line naming the file, the column, row 5 and the fix. Before: read as 1 and
    2 minutes, 228 accepted."""
    path = tmp_path / "hhmm_dated.csv"
    path.write_text(HEAD + _rows("1.30", "90", "0.45", "1", "2"))
    with pytest.raises(SchemaError, match=r"source row 5: '1' is 1 h \(1:00 = 60 min\) or "
                                          r"1 min \(0:01\)\?"):
        read_diary(path, mapping=MAP, warn=False)
    (tmp_path / "m.yaml").write_text('columns: {duration_min: "Duration (hh:mm)"}\n')
    assert main(["validate", str(path), "--mapping", str(tmp_path / "m.yaml"),
                 "--out", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "hhmm_dated.csv" in err and "2 whole numbers" in err
    assert "write it as h:mm at those rows (1:00 for 1 hour, 0:01 for 1 minute)" in err


@pytest.mark.parametrize("values, minutes", [
    (("1.30", "90", "0", "25"), [90, 90, 0, 25]),
    (("90", "1", "2"), [90, 1, 2]),
], ids=["over_a_day_or_zero", "no_hours_minutes_written"])
def test_whole_numbers_that_cannot_be_hours_stay_minutes(values, minutes):
    """By hand: beside 1.30, 90 and 25 cannot be hours of one entry (over 24 h) and 0 is 0
    either way: minutes, as before. A column of whole numbers only (90, 1, 2) is not
    written as hours and minutes whatever its header: minutes, as before."""
    r = read_diary(io.StringIO(HEAD + _rows(*values)), mapping=MAP, warn=False)
    assert r.episodes["duration_min"].tolist() == minutes


def test_beside_h_colon_mm_and_in_number_cells_too(tmp_path):
    """1:30 (h:mm with a colon) then 2: 2 h or 2 min? refused at source row 3. A
    workbook's number cells 1.45 and 2 (a whole number cell): refused at row 3 alike.
    ``duration_unit: minutes`` keeps every plain number minutes: 1.30 is 1.3, 1 is 1."""
    with pytest.raises(SchemaError, match="source row 3: '2' is 2 h"):
        read_diary(io.StringIO(HEAD + _rows("1:30", "2")), mapping=MAP, warn=False)
    path = tmp_path / "b.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEAD.strip().split(","))
    for i, v in enumerate([1.45, 2], 1):
        ws.write_row(i, 0, ["W1", "2026-03-09", v, "visit", "C1"])
    wb.close()
    with pytest.raises(SchemaError, match="source row 3: '2' is 2 h"):
        read_diary(path, mapping=MAP, warn=False)
    r = read_diary(io.StringIO(HEAD + _rows("1.30", "1")),
                   mapping={**MAP, "duration_unit": "minutes"}, warn=False)
    assert r.episodes["duration_min"].round(6).tolist() == [1.3, 1]
