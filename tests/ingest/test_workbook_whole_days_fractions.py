"""A whole day in a time cell is refused; a fraction of a day in a General cell is named.

The review of 2026-12-06 (/tmp/review24b):

* timecells.xlsx row 5: W1 on 07/01/2026, the Start cell holds 2026-01-07 (a date with no
  time: Excel's 46029.0) formatted ``hh:mm``, which Excel shows as 00:00; the End cell is
  10:00. Before: read as 00:00 to 10:00, 600 minutes, nothing said (a time cell's hidden
  date is read as the time it shows, and a whole day "shows" 00:00). A whole day is not a
  time of day (no time was typed): now the row is rejected, its reason naming the column,
  the date the cell holds and the fix; the other rows are read as before.
* general.xlsx rows 2 and 3: 0.375 and 0.4375, 0.5 and 0.5625 in General cells of the
  time columns. Excel keeps a time as a fraction of a day: 0.375 x 24 = 9 h (09:00),
  0.4375 x 24 = 10.5 h (10:30), 0.5 x 24 = 12 h (12:00), 0.5625 x 24 = 13.5 h (13:30).
  Before: "is not a time: use 09:30, 9.30am or 21:15"; now the reason says which time the
  number is and to format the column as a time, as a date serial's reason does.
"""

from __future__ import annotations

import datetime as dt

import openpyxl

from timestudy.ingest import read_diary

HEAD = ["Worker ID", "Date", "Start time", "End time", "Activity", "Case ID"]


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


def test_a_whole_day_in_a_time_cell_is_refused(tmp_path):
    """timecells.xlsx: row 2 09:00-10:30 (a hidden 5 January, the row's day: 90 min); row 3
    22:00 to 02:00 on the 6th (240 min); row 4 (a hidden 7 January 09:00 on the 6th's row)
    to 10:00 (60 min); row 5 the whole day 2026-01-07 to 10:00, before 600 min, now
    rejected. Accepted: 90 + 240 + 60 = 390 min, not 990."""
    day = "dd/mm/yyyy"
    path = _book(tmp_path / "t.xlsx", [
        ["W1", (dt.datetime(2026, 1, 5), day), (dt.datetime(2026, 1, 5, 9), "hh:mm"),
         (dt.datetime(2026, 1, 5, 10, 30), "hh:mm"), "Home visit", "C1"],
        ["W1", (dt.datetime(2026, 1, 5), day), (dt.time(22), "hh:mm"),
         (dt.datetime(2026, 1, 6, 2), "hh:mm"), "Emergency duty", None],
        ["W1", (dt.datetime(2026, 1, 6), day), (dt.datetime(2026, 1, 7, 9), "hh:mm"),
         (dt.time(10), "hh:mm"), "Case notes", "C1"],
        ["W1", (dt.datetime(2026, 1, 7), day), (dt.datetime(2026, 1, 7), "hh:mm"),
         (dt.time(10), "hh:mm"), "Supervision", None],
    ])
    r = read_diary(path, warn=False)
    assert r.episodes["source_row"].tolist() == [2, 3, 4]
    minutes = (r.episodes["end"] - r.episodes["start"]).dt.total_seconds() / 60
    assert minutes.tolist() == [90, 240, 60]
    assert r.rejects["source_row"].tolist() == [5]
    assert r.rejects["column"].tolist() == ["Start time"]
    assert r.rejects["reason"].iloc[0] == (
        "Start time '2026-01-07T00:00:00' is not a time: the cell holds the date 2026-01-07 "
        "with no time (a whole day, which a time format shows as 00:00): type the time of "
        "day in the cell (00:00 if it truly is midnight) and read it again")


def test_a_fraction_of_a_day_in_a_general_cell_is_named(tmp_path):
    """general.xlsx: 0.375 is 09:00, 0.4375 10:30, 0.5 12:00, 0.5625 13:30 (see the
    module's docstring); 0.0104166... (15/1440) is 00:15; row 4's typed 13:30-14:00 read."""
    path = _book(tmp_path / "g.xlsx", [
        ["W1", "09/03/2026", 0.375, 0.4375, "Home visit", "C1"],
        ["W1", "09/03/2026", 0.5, 0.5625, "Case notes", "C1"],
        ["W1", "09/03/2026", "13:30", "14:00", "Phone", "C1"],
        ["W1", "10/03/2026", 15 / 1440, "01:00", "Phone", "C1"],
    ], head=["worker_id", "date", "start_time", "end_time", "activity", "case_id"])
    r = read_diary(path, mapping={"dayfirst": True}, warn=False)
    assert r.episodes["source_row"].tolist() == [4]
    said = {(row, column): reason for row, column, reason in
            r.rejects[["source_row", "column", "reason"]].itertuples(index=False)}
    assert said[(2, "start_time")] == (
        "start_time '0.375' is not a time: it is Excel's 09:00 (0.375 of a day), in a cell "
        "formatted as a number or General, which shows the fraction: format the column as a "
        "time (hh:mm) in the workbook, or type the time, and read it again")
    assert "it is Excel's 10:30 (0.4375 of a day)" in said[(2, "end_time")]
    assert "it is Excel's 12:00 (0.5 of a day)" in said[(3, "start_time")]
    assert "it is Excel's 13:30 (0.5625 of a day)" in said[(3, "end_time")]
    assert "it is Excel's 00:15 (" in said[(5, "start_time")]
