"""A workbook whose first tab is hidden (a stale copy): the first visible sheet is read.

audit22x: tabs ``Old`` (hidden: 09:00-17:00, 480 minutes) and ``Diary`` (09:00-10:00, the
diary meant). Before, ``Old`` was read by default, though Excel opens on ``Diary`` and shows
no ``Old`` tab: 480 minutes for 60, the warning saying only that ``Diary`` was not read. Now
``Diary`` is read, and ``Old`` named as not read; ``sheet="Old"`` reads it.
"""

from __future__ import annotations

import xlsxwriter

from timestudy import read_diary


def _book(path):
    wb = xlsxwriter.Workbook(path)
    for title, end in (("Old", "2026-03-09T17:00"), ("Diary", "2026-03-09T10:00")):
        ws = wb.add_worksheet(title)
        ws.write_row(0, 0, ["worker_id", "start", "end", "activity"])
        ws.write_row(1, 0, ["W1", "2026-03-09T09:00", end, "visit"])
        if title == "Old":
            old = ws
    wb.worksheets()[1].activate()
    old.hide()
    wb.close()
    return path


def test_the_first_visible_sheet_is_read(tmp_path):
    got = read_diary(_book(tmp_path / "d.xlsx"), warn=False)
    assert got.episodes["duration_min"].tolist() == [60.0]
    assert got.report.details["sheet"] == "Diary"
    said = " ".join(w["message"] for w in got.report.details["warnings"])
    assert "sheet 'Old' was not read" in said


def test_a_hidden_sheet_named_is_read(tmp_path):
    got = read_diary(_book(tmp_path / "d.xlsx"), sheet="Old", warn=False)
    assert got.episodes["duration_min"].tolist() == [480.0]
