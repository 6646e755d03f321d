"""Time cells holding a date, a time cell of more than a day, and a date serial in a workbook.

The audit of 2026-12-06 (/tmp/audit24x/R_timecells.xlsx, B_dates.xlsx):

* row 2: W1 on 09/03/2026, Start and End cells holding 2026-01-05 09:00 and 10:00 formatted
  ``hh:mm`` (Excel shows 09:00 and 10:00). Before: rejected, "'2026-01-05T09:00:00' is not a
  time". Now read as the times shown, on the row's date: 09:00-10:00 on 9 March, 60
  minutes; the warning ``time_cell_dates`` names C2 and D2, whose 5 January is not the
  row's 9 March.
* row 3: 23:00 to ``=C3+TIME(1,30,0)`` saved as 1.0208 (1 + 30/1440) in ``h:mm``, which Excel
  shows as 0:30. The data dictionary reads a time cell of a day or more as 24:00 or more
  (1.0625 is 25:30, a duration's reading: it cannot tell a clock column from a duration
  column), so the cell is 24:30, not a time of day: the row stays rejected, its reason now
  saying what the cell holds, what Excel shows and how to write it (00:30, or MOD).
* B_dates row 6: 46092 in a General cell. Excel counts days from 1899-12-30: 2026-01-01 is
  45658 + 365 = 46023, and 46092 - 46023 = 69 = 31 (January) + 28 (February) + 10, so
  2026-03-11. Before: "not a date: use 2026-03-09"; now said to be the serial of 2026-03-11,
  by the rule the cases table uses (``cell_reasons.excel_serial_days``).
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd

from timestudy.ingest import read_diary
from timestudy.ingest.cell_reasons import excel_serial_days

HEAD = ["Worker ID", "Date", "Start time", "End time", "Activity", "Case ID"]
D = dt.date(2026, 3, 9)


def _book(path, rows, head=HEAD):
    """A sheet 'Diary' of ``rows``; a cell given as (value, format) gets that format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Diary"
    ws.append(head)
    for r, row in enumerate(rows, 2):
        for j, v in enumerate(row, 1):
            if isinstance(v, tuple):
                ws.cell(r, j, v[0]).number_format = v[1]
            else:
                ws.cell(r, j, v)
    wb.save(path)
    return path


def _said(result, code):
    found = [w for w in result.report.details.get("warnings", ()) if w["code"] == code]
    return found[0] if found else None


def test_a_time_cell_holding_a_date_reads_the_time_shown(tmp_path):
    """R_timecells rows 2 and 3 (see the module's docstring): row 2 accepted, 60 minutes on
    9 March, its hidden 5 January named; row 3 rejected with what its cell holds."""
    path = _book(tmp_path / "r.xlsx", [
        ["W1", (D, "dd/mm/yyyy"), (dt.datetime(2026, 1, 5, 9), "hh:mm"),
         (dt.datetime(2026, 1, 5, 10), "hh:mm"), "Visit", "C1"],
        ["W1", (D, "dd/mm/yyyy"), (dt.time(23), "hh:mm"), (1 + 1 / 48, "h:mm"), "OOH call",
         "C1"]])
    r = read_diary(path, warn=False)
    e = r.episodes
    assert e["source_row"].tolist() == [2] and e["duration_min"].tolist() == [60.0]
    assert e["start"].iloc[0] == dt.datetime(2026, 3, 9, 9)
    w = _said(r, "time_cell_dates")
    assert w["cells"] == ["C2", "D2"] and w["rows"] == [2]
    assert ("C2 (Start time: 2026-01-05 09:00; the entry starts 2026-03-09), D2 (End time: "
            "2026-01-05 10:00; the entry ends 2026-03-09)") in w["message"]
    assert "_time_cell_dates" not in r.report.details  # (private: out of the report)
    reason = r.rejects.loc[r.rejects["source_row"] == 3, "reason"].iloc[0]
    assert reason.startswith("End time '24:30:00' is not a time: the cell holds a day and "
                             "00:30 (Excel's 1.0208, which an h:mm format shows as 00:30")
    assert "type 00:30 or write the formula inside MOD(..., 1)" in reason


def test_a_date_that_agrees_or_an_end_on_the_next_day_is_not_warned(tmp_path):
    """W1 09:00-10:00 on 9 March with its own date in the cells (60); W2 23:00 on 9 March to
    00:30 on 10 March, both cells with their dates (the end read 00:30, before its start:
    the next day, 90 minutes). Every hidden date is the entry's own: no warning."""
    path = _book(tmp_path / "agree.xlsx", [
        ["W1", (D, "dd/mm/yyyy"), (dt.datetime(2026, 3, 9, 9), "hh:mm"),
         (dt.datetime(2026, 3, 9, 10), "hh:mm"), "Visit", "C1"],
        ["W2", (D, "dd/mm/yyyy"), (dt.datetime(2026, 3, 9, 23), "hh:mm"),
         (dt.datetime(2026, 3, 10, 0, 30), "hh:mm"), "OOH call", "C2"]])
    r = read_diary(path, warn=False)
    assert r.episodes["duration_min"].tolist() == [60.0, 90.0]
    assert r.report.n_rejected == 0 and _said(r, "time_cell_dates") is None


def test_a_start_column_of_dates_and_times_keeps_its_dates(tmp_path):
    """Control: the canonical layout's start and end need the date: datetimes formatted
    ``hh:mm`` there are read with it, as before (09:00-10:00 on 9 March, 60 minutes)."""
    path = _book(tmp_path / "canon.xlsx", [
        ["W1", (dt.datetime(2026, 3, 9, 9), "hh:mm"), (dt.datetime(2026, 3, 9, 10), "hh:mm"),
         "visit"]], head=["worker_id", "start", "end", "activity"])
    r = read_diary(path, warn=False)
    assert r.episodes["duration_min"].tolist() == [60.0] and r.report.n_rejected == 0
    assert r.episodes["start"].iloc[0] == dt.datetime(2026, 3, 9, 9)


def test_a_date_serial_in_a_general_cell_is_named(tmp_path):
    """B_dates row 6: 46092 is Excel's serial for 2026-03-11 (by hand in the docstring)."""
    path = _book(tmp_path / "b.xlsx", [
        ["W1", (D, "dd/mm/yyyy"), (dt.time(9), "hh:mm"), (dt.time(10), "hh:mm"), "Visit", "C1"],
        ["W1", 46092, (dt.time(9), "hh:mm"), (dt.time(10), "hh:mm"), "Visit", "C1"]])
    r = read_diary(path, warn=False)
    reason = r.rejects.loc[r.rejects["source_row"] == 3, "reason"].iloc[0]
    assert reason == ("Date '46092' is not a date: it is Excel's date serial for 2026-03-11, "
                      "in a cell formatted as a number or General, which shows the serial: "
                      "format the column as a date (dd/mm/yyyy) in the workbook, or type the "
                      "date, and read it again")
    assert excel_serial_days(pd.Series(["46023", "46092"])).tolist() == ["2026-01-01", "2026-03-11"]
