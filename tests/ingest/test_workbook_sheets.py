"""Which sheet, and which row of it, a workbook's diary is read from (audit of Excel workbooks).

The workbooks are rebuilt with openpyxl from /tmp/audit3/make_xlsx.py: a title row or a
form block above the header (x3, x3b), an instructions sheet first (x5), a diary on two
sheets (x5b).
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from timestudy import SchemaError, read_diary
from timestudy.cli import main

D = dt.datetime
T = dt.time
HEADER = ["worker_id", "date", "start_time", "end_time", "activity", "case_id"]
ROWS = [  # 9:10-10:47 = 97, 10:47-11:13 = 26, 13:01-14:59 = 118: 241 minutes
    ["W001", D(2026, 3, 9), T(9, 10), T(10, 47), "statutory visit", "C00003"],
    ["W001", D(2026, 3, 9), T(10, 47), T(11, 13), "travel", "C00003"],
    ["W001", D(2026, 3, 9), T(13, 1), T(14, 59), "case notes", None],
]


def put(ws, first_row, rows):
    for i, row in enumerate(rows, first_row):
        for j, v in enumerate(row, 1):
            cell = ws.cell(i, j, v)
            if isinstance(v, dt.datetime | dt.time):
                cell.number_format = "dd/mm/yyyy" if j == 2 else "hh:mm"


def save(wb, path):
    wb.save(path)
    return path


def warnings_of(result):
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", ())}


def test_title_row_above_the_header(tmp_path):
    """x3_title_row.xlsx: a title in A1, a blank row, the header in row 3.

    By hand: the header is row 3 (6 filled cells against a lone title cell); its 3 rows
    (sheet rows 4-6) are read, 97 + 26 + 118 = 241 minutes. Before: exit 2, "cannot tell
    how this diary is laid out", columns 'Time diary - North team..', 'column_2'.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Time diary - North team - w/c 9 March 2026"
    put(ws, 3, [HEADER, *ROWS])
    result = read_diary(save(wb, tmp_path / "x3.xlsx"), warn=False)
    assert result.episodes["source_row"].tolist() == [4, 5, 6]
    assert result.episodes["duration_min"].sum() == 241
    note = warnings_of(result)["rows_above_header"]
    assert "row 3 was read as the header" in note and "Time diary - North team" in note


def test_form_block_above_the_header(tmp_path):
    """x3b_form_block.xlsx: two rows of two cells (Worker: Sam Jones; Team: North), a blank
    row, then the header in row 4: 2 filled cells against the 6 (or 5) of the rows below
    is less than half, so both are passed over; 241 minutes from rows 5-7."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["A2"], ws["B2"] = "Worker", "Sam Jones", "Team", "North"
    put(ws, 4, [HEADER, *ROWS])
    result = read_diary(save(wb, tmp_path / "x3b.xlsx"), warn=False)
    assert result.episodes["source_row"].tolist() == [5, 6, 7]
    assert result.episodes["duration_min"].sum() == 241
    assert "rows above it (1, 2: 'Worker Sam Jones')" in warnings_of(result)["rows_above_header"]


def test_a_header_with_blank_names_is_still_the_header(tmp_path):
    """A header naming 4 of 6 columns (4 > 6 / 2) stays the header: no row is passed over,
    and a first row of data (dates, times) is never taken for a header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, 1, [["worker_id", "date", "start_time", "end_time", None, None], *ROWS])
    result = read_diary(save(wb, tmp_path / "h.xlsx"), warn=False)
    assert result.episodes["source_row"].tolist() == [2, 3, 4]
    assert "rows_above_header" not in warnings_of(result)


def test_instructions_sheet_first_is_refused_naming_the_other_sheets(tmp_path):
    """x5_two_sheets.xlsx: an Instructions sheet (one column of text) before the Diary
    sheet. Before: the instructions were listed as the columns and no sheet was named."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Instructions"
    ws["A1"] = "Fill in one row per piece of work. Use 24h times."
    ws["A2"] = "Return by 20 March."
    put(wb.create_sheet("Diary"), 1, [HEADER, *ROWS])
    path = save(wb, tmp_path / "x5.xlsx")
    with pytest.raises(SchemaError, match=r"sheet 'Instructions', the first, holds no table"
                       r".*'Diary' was not read: give --sheet 'Diary' \(or sheet: 'Diary'"):
        read_diary(path, warn=False)
    assert read_diary(path, sheet="Diary", warn=False).episodes["duration_min"].sum() == 241


def test_empty_first_sheet_names_the_others(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    put(wb.create_sheet("Diary"), 1, [HEADER, *ROWS])
    with pytest.raises(SchemaError, match=r"sheet 'Cover' is empty.*--sheet 'Diary'"):
        read_diary(save(wb, tmp_path / "e.xlsx"), warn=False)


def test_second_diary_sheet_is_named_not_silently_left_out(tmp_path, capsys):
    """x5b_two_diary_sheets.xlsx: Week 1 (241 min) and Week 2 (one hour). The first sheet
    is read, as before, and one warning names the sheet not read and how to read it.
    Before: exit 0, only Week 1 read, no sheet named."""
    wb = openpyxl.Workbook()
    wb.active.title = "Week 1"
    put(wb.active, 1, [HEADER, *ROWS])
    put(wb.create_sheet("Week 2"), 1,
        [HEADER, ["W001", D(2026, 3, 16), T(9, 0), T(10, 0), "visit", "C00003"]])
    wb.create_sheet("Empty")
    path = save(wb, tmp_path / "x5b.xlsx")
    result = read_diary(path, warn=False)
    assert result.episodes["duration_min"].sum() == 241
    assert warnings_of(result)["sheets_not_read"] == (
        "only sheet 'Week 1' was read; sheet 'Week 2' was not read: to read another, give "
        "--sheet 'Week 2' (or sheet: 'Week 2' in the mapping)")
    with pytest.warns(UserWarning, match="only sheet 'Week 1' was read"):
        read_diary(path)
    assert main(["validate", str(path)]) == 0
    assert "warning: only sheet 'Week 1' was read" in capsys.readouterr().out
    named = read_diary(path, sheet="Week 2", warn=False)  # a sheet asked for: no warning
    assert named.episodes["duration_min"].sum() == 60
    assert "sheets_not_read" not in warnings_of(named)


def test_refusal_says_which_row_was_the_header(tmp_path):
    """A two-cell title over a three-column table: 2 filled cells are more than half of 3,
    so row 1 is read as the header (the rule cannot tell it from a header with a blank
    name). The refusal says so, how to fix it, and names the sheet not read."""
    wb = openpyxl.Workbook()
    wb.active.title = "Diary"
    for row in (["North team", "w/c 9 March"], ["Worker", "Start", "End"],
                ["W1", "09:00", "10:00"]):
        wb.active.append(row)
    wb.create_sheet("Week 2").append(["worker_id", "start"])
    with pytest.raises(SchemaError, match=(
            r"cannot tell how this diary is laid out.*'North team'.*\(row 1 of sheet 'Diary' "
            r"was read as the header: if the header is another row, delete the rows above it; "
            r"sheet 'Week 2' was not read: to read another, give --sheet 'Week 2'")):
        read_diary(save(wb, tmp_path / "t.xlsx"), warn=False)


def test_the_summary_names_the_sheet_read(tmp_path, capsys):
    """dates24's note: the summary never named the sheet read (a number counts hidden tabs
    too): a workbook of a hidden 'Lists' then 'W1' read with --sheet 1 says sheet 'W1'."""
    from openpyxl import Workbook

    from timestudy.cli import main

    wb = Workbook()
    wb.active.title = "Lists"
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("W1")
    ws.append(["worker_id", "start", "end", "activity"])
    ws.append(["W1", "2026-03-10T09:00", "2026-03-10T10:00", "visit"])
    wb.create_sheet("W2").append(["x"])
    wb.active = 1
    wb.save(tmp_path / "f.xlsx")
    assert main(["validate", str(tmp_path / "f.xlsx"), "--sheet", "1", "--out",
                 str(tmp_path / "out")]) == 0
    assert "rows read (xlsx, sheet 'W1', layout canonical)" in capsys.readouterr().out
