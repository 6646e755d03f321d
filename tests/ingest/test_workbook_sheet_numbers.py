"""Which sheet a number reads, said; the example of the sheets not read is one Excel shows.

The audit of 2026-12-06 (/tmp/audit24x/F_sheets.xlsx): tabs ``Lists`` (hidden, lookup
lists), then ``W1``, ``W2``, ``W3`` (one worker each: 09:00-10:00, 60 minutes). By default
``W1`` (the first tab Excel shows) is read, and the warning's example of how to read another
sheet was ``--sheet 'Lists'``, the hidden one. ``--sheet 1`` reads ``W1`` (sheets are counted
from 0 over every tab, hidden ones too: ``Lists`` is 0), not ``W2``, the second tab Excel
shows, and nothing said which sheet was read.

The meaning of a number is kept (a study file with ``sheet: 1`` reads the sheet it read
before); the read now names the sheet a number read (``sheet_by_number``), and says that
``Lists`` before it is hidden, so ``W1`` is tab 1 of those Excel shows.
"""

from __future__ import annotations

import datetime as dt

import openpyxl

from timestudy.ingest import read_diary


def _book(path):
    wb = openpyxl.Workbook()
    lists = wb.active
    lists.title = "Lists"
    lists.append(["code", "label"])
    lists.append(["V", "Visit"])
    lists.sheet_state = "hidden"
    for w in ("W1", "W2", "W3"):
        ws = wb.create_sheet(w)
        ws.append(["Worker ID", "Date", "Start time", "End time", "Activity", "Case ID"])
        ws.append([w, dt.date(2026, 3, 9), dt.time(9), dt.time(10), "Visit", "C1"])
    wb.active = 1
    wb.save(path)
    return path


def _said(result, code):
    found = [w for w in result.report.details.get("warnings", ()) if w["code"] == code]
    return found[0]["message"] if found else None


def test_the_example_of_the_sheets_not_read_is_one_excel_shows(tmp_path):
    r = read_diary(_book(tmp_path / "f.xlsx"), warn=False)
    assert r.report.details["sheet"] == "W1" and r.episodes["worker_id"].tolist() == ["W1"]
    assert _said(r, "sheets_not_read") == (
        "only sheet 'W1' was read; sheets 'Lists', 'W2', 'W3' were not read ('Lists' is "
        "hidden in Excel): to read another, give --sheet 'W2' (or sheet: 'W2' in the "
        "mapping)")


def test_a_sheet_number_keeps_its_meaning_and_is_said(tmp_path):
    path = _book(tmp_path / "f.xlsx")
    one = read_diary(path, sheet=1, warn=False)
    assert one.report.details["sheet"] == "W1" and one.episodes["worker_id"].tolist() == ["W1"]
    assert _said(one, "sheet_by_number") == (
        "sheet_by_number: sheet 1 is 'W1', the sheet read (sheets are counted from 0 over "
        "every tab, hidden and chart sheets too; 'Lists' before it is not shown in Excel, so "
        "'W1' is tab 1 of those Excel shows, counted from 1): to be sure of the sheet read, "
        "give its name (--sheet 'W1', or sheet: 'W1' in the mapping)")
    two = read_diary(path, sheet=2, warn=False)
    assert two.episodes["worker_id"].tolist() == ["W2"]
    assert "sheet 2 is 'W2'" in _said(two, "sheet_by_number")
    assert _said(read_diary(path, sheet="W2", warn=False), "sheet_by_number") is None
