"""Excel's fractions of a day in a CSV's duration column are warned, not read as minutes in
silence.

The audit of messy CSV exports (/tmp/audit23m): ``dayfrac_dur.csv`` (start and duration)
and ``dayfrac_dated.csv`` (date and duration), values 0.0625, 0.020833333, 0.125...: "0.46
in", exit 0, no warning, where 660 minutes were meant. ``duration_looks_like_days`` ran for
workbooks only. Now a CSV is judged on its own evidence: next starts the duration x 1,440
minutes later, or, with no time of day, worker-days that read as days are a working day.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from timestudy import read_diary

DUR = """Worker ID,Start,Duration,Activity,Case ID
W1,09/03/2026 09:00,0.0625,visit,C1
W1,09/03/2026 10:30,0.020833333,notes,C1
W1,09/03/2026 11:00,0.125,court,C1
W1,10/03/2026 09:00,0.0625,visit,C2
W1,10/03/2026 10:30,0.041666667,notes,C2
W2,10/03/2026 09:00,0.083333333,visit,C3
W2,10/03/2026 11:00,0.0625,notes,C3
"""
# as days: 90, 30, 180 | 90, 60 | 120, 90 minutes = 660
DATED = DUR.replace("Start", "Date").replace(" 09:00", "").replace(" 10:30", "").replace(
    " 11:00", "")


def _days(result) -> list[dict]:
    return [w for w in result.report.details.get("warnings", ())
            if w["code"] == "duration_looks_like_days"]


def test_day_fractions_with_start_times_are_warned():
    """dayfrac_dur.csv. Checked (a next start the same day): 09:00 0.0625 x 1440 = 90 ->
    10:30; 10:30 0.0208 x 1440 = 30 -> 11:00; 10/03 09:00 90 -> 10:30; W2 09:00 0.0833 x
    1440 = 120 -> 11:00: 4 of 4 fit days, 0 fit minutes. Read as 0.4583 minutes in all."""
    r = read_diary(io.StringIO(DUR), mapping={"dayfirst": True}, warn=False)
    assert round(r.episodes["duration_min"].sum(), 4) == 0.4583
    (w,) = _days(r)
    assert (w["checked"], w["fit_days"], w["fit_minutes"]) == (4, 4, 0)
    assert "format the column as [h]:mm" in w["message"] and "\n" not in w["message"]


def test_day_fractions_without_times_are_warned_by_their_worker_days():
    """dayfrac_dated.csv: nothing to check. Worker-days as days: W1 09/03 90 + 30 + 180 =
    300, W1 10/03 90 + 60 = 150, W2 10/03 120 + 90 = 210: average 220 minutes (3.7 hours),
    none over 24 hours. As read 0.46 minutes; as days 660."""
    r = read_diary(io.StringIO(DATED), mapping={"dayfirst": True}, warn=False)
    (w,) = _days(r)
    assert (w["worker_days"], w["minutes_if_days"]) == (3, 660)
    assert "3.7 hours if days" in w["message"]


def test_a_workbook_says_it_once(tmp_path):
    """The same start-and-duration diary as number cells of a workbook: the workbook's own
    check (every duration under a minute) and the evidence of the next starts say the same
    thing; one warning."""
    book = openpyxl.Workbook()
    sheet = book.active
    for line in DUR.strip().splitlines():
        cells = line.split(",")
        sheet.append(cells[:2] + [float(cells[2]) if cells[2][0].isdigit() else cells[2]]
                     + cells[3:])
    book.save(tmp_path / "d.xlsx")
    r = read_diary(tmp_path / "d.xlsx", mapping={"dayfirst": True}, warn=False)
    assert len(_days(r)) == 1


def test_minutes_under_a_minute_with_gaps_are_not_days():
    """Control: 0.5 and 0.75 minutes (a timer's short pieces) at 09:00, 09:30, 10:00, next
    starts 30 minutes later, not 720 or 1,080: no days warning (nor hours)."""
    text = """worker_id,start,duration_min
W1,2026-03-09 09:00,0.5
W1,2026-03-09 09:30,0.75
W1,2026-03-09 10:00,0.5
"""
    r = read_diary(io.StringIO(text), warn=False)
    assert not _days(r)


def test_day_fractions_among_minutes_are_named(tmp_path):
    """review23b mixfrac.csv: start and a duration column of minutes (30, 60, 45, 90, 30)
    with three spreadsheet fractions of a day among them: 0.0625 at 09:00 before 10:30,
    0.041666667 at 12:00 before 13:00, W2's 0.0625 at 10:30 before 12:00. By hand each
    fits its next start as days (0.0625 x 1,440 = 90; 0.0416667 x 1,440 = 60): source rows
    2, 5 and 8 named; 255.17 min accepted as read, 255 + 90 + 60 + 90 = 495 if days. Before
    the review: no
    warning."""
    path = tmp_path / "mixfrac.csv"
    path.write_text("Worker ID,Start,Duration,Activity,Case ID\n"
                    "W1,09/03/2026 09:00,0.0625,visit,C1\nW1,09/03/2026 10:30,30,notes,C1\n"
                    "W1,09/03/2026 11:00,60,court,C1\nW1,09/03/2026 12:00,0.041666667,notes,C2\n"
                    "W1,09/03/2026 13:00,45,visit,C2\nW2,09/03/2026 09:00,90,visit,C3\n"
                    "W2,09/03/2026 10:30,0.0625,notes,C3\nW2,09/03/2026 12:00,30,notes,C3\n")
    r = read_diary(path, warn=False)
    said = [w for w in r.report.details["warnings"] if w["code"] == "duration_hours_among_minutes"]
    assert said and said[0]["lines"] == [2, 5, 8]
    assert said[0]["minutes_if_hours"] == pytest.approx(495, abs=0.01)


def test_every_duration_under_a_minute_is_said_in_a_csv_as_in_a_workbook(tmp_path):
    """review23b (the rule written twice): a CSV with starts and durations 0.0625, 0.03125,
    0.0416667 whose next starts are hours away (no fit either way): every duration under
    a minute, median 0.0417: ``duration_looks_like_days``, as the same values in a workbook
    gave. Before: said for a workbook only."""
    path = tmp_path / "under.csv"
    path.write_text("worker_id,start,duration_min,activity\n"
                    "W1,2026-03-09T09:00,0.0625,visit\nW1,2026-03-09T13:00,0.03125,notes\n"
                    "W1,2026-03-10T09:00,0.0416667,visit\n")
    said = _days(read_diary(path, warn=False))
    assert said and "is under a minute (median 0.0416667)" in said[0]["message"]
