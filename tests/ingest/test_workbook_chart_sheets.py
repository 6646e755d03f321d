"""A chart sheet among a workbook's tabs (audit 22: t02_sheets, t02b_chart_hidden, t02c).

openpyxl's ``sheetnames`` lists chart sheets, its ``worksheets`` does not, and the reader
took the sheet's number in one and its name in the other. Built here as the audit built
them, with XlsxWriter:

* chart.xlsx: tabs ``Chart`` (a chart sheet), ``Old`` (09:00-17:00, 480 minutes) and
  ``Diary`` (09:00-10:00, 60 minutes). Before: the default read read Old's 480 minutes but
  said sheet 'Chart' was read and "'Old', 'Diary' were not read"; ``sheet=1`` read Diary's
  60 minutes and called it 'Old'. After: the default read reads Old (480) and says so, with
  Diary not read; ``sheet=1`` is Old (480), ``sheet=2`` Diary (60); ``sheet=0`` and
  ``sheet="Chart"`` are refused naming the worksheets.
* chart_hidden.xlsx: tabs ``Chart`` and ``Diary``; Diary's rows 09-10, 10-12 (row 3,
  hidden in Excel), 12-13. Before: 240 minutes read with no word of the hidden row (the
  check looked at the chart sheet's XML). After: the same 240 minutes, and the warning
  ``hidden_rows_read`` names row 3 of sheet 'Diary'.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from timestudy import SchemaError, read_diary


def _book(path, sheets: dict[str, list[tuple[int, int]]], hide: int | None = None):
    """A chart sheet first, then one worksheet per entry of ``sheets`` (start, end hours)."""
    wb = xlsxwriter.Workbook(path)
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    chart_tab = wb.add_chartsheet("Chart")
    for title, spans in sheets.items():
        ws = wb.add_worksheet(title)
        ws.write_row(0, 0, ["worker_id", "start", "end", "activity"])
        for i, (s, e) in enumerate(spans, start=1):
            ws.write(i, 0, "W1")
            ws.write_datetime(i, 1, dt.datetime(2026, 3, 9, s), stamp)
            ws.write_datetime(i, 2, dt.datetime(2026, 3, 9, e), stamp)
            ws.write(i, 3, "visit")
        if hide is not None:
            ws.set_row(hide, None, None, {"hidden": True})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": f"={title}!$B$2:$B$2"})
    chart_tab.set_chart(chart)
    wb.close()
    return path


def _codes(result):
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", [])}


@pytest.fixture
def chart(tmp_path):
    return _book(tmp_path / "chart.xlsx", {"Old": [(9, 17)], "Diary": [(9, 10)]})


def test_default_read_names_the_sheet_it_read(chart):
    result = read_diary(chart, warn=False)
    assert result.episodes["duration_min"].tolist() == [480.0]  # Old: 09:00-17:00
    assert result.report.details["sheet"] == "Old"
    said = _codes(result)["sheets_not_read"]
    assert "only sheet 'Old' was read" in said and "'Diary' was not read" in said
    assert "Chart" not in said


def test_sheet_number_counts_the_tabs_chart_included(chart):
    old = read_diary(chart, warn=False, sheet=1)
    diary = read_diary(chart, warn=False, sheet=2)
    assert (old.report.details["sheet"], old.episodes["duration_min"].tolist()) == (
        "Old", [480.0])
    assert (diary.report.details["sheet"], diary.episodes["duration_min"].tolist()) == (
        "Diary", [60.0])
    assert read_diary(chart, warn=False, sheet="Diary").episodes["duration_min"].tolist() \
        == [60.0]


@pytest.mark.parametrize("sheet", [0, "Chart"])
def test_a_chart_sheet_named_is_refused(chart, sheet):
    with pytest.raises(SchemaError) as err:
        read_diary(chart, warn=False, sheet=sheet)
    assert str(err.value) == (
        "chart.xlsx: sheet 'Chart' is a chart sheet, with no cells to read: name a "
        "worksheet; its worksheets are 'Old' (sheet 1), 'Diary' (sheet 2)")


def test_hidden_row_behind_a_chart_sheet_is_warned(tmp_path):
    path = _book(tmp_path / "chart_hidden.xlsx", {"Diary": [(9, 10), (10, 12), (12, 13)]},
                 hide=2)
    result = read_diary(path, warn=False)
    assert result.episodes["duration_min"].sum() == 240.0  # 60 + 120 + 60
    assert result.report.details["sheet"] == "Diary"
    said = _codes(result)
    assert "hidden_rows_read" in said and "sheet 'Diary'" in said["hidden_rows_read"]
    assert "(row 3)" in said["hidden_rows_read"]
