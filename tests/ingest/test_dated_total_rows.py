"""Subtotal rows of a timesheet without clock times are sums, not work (audit22x
t16_dated_totals.py, t16b.py).

A ``dated`` diary (worker, date, duration, activity, case; no start) has no start to leave
blank, so its subtotal rows passed every check: each day's 60 + 45 + 30 minutes followed by
a row of the worker, the date and 135 (``=SUM(C2:C4)``, or the activity ``Day total``) read
540 minutes where the sheet holds 270. A subtotal with its date left blank was rejected
``missing_required`` advising ``fill_down: [date]``, and following that advice counted the
subtotals again.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from timestudy import read_diary

HEAD = ["worker_id", "date", "duration_min", "activity", "case_id"]
WORK = ((60, "visit"), (45, "notes"), (30, "call"))


def timesheet(path, label=None, dated=True, formula=True):
    """Two days of W1 (9 and 10 March 2026), 60 + 45 + 30 minutes each, each day closed by
    a subtotal row of W1, (the date) and 135 with no case (``label`` in its activity)."""
    wb = xlsxwriter.Workbook(path)
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, HEAD)
    r = 1
    for d in (9, 10):
        top = r
        for minutes, activity in WORK:
            ws.write_row(r, 0, ["W1"])
            ws.write_datetime(r, 1, dt.datetime(2026, 3, d), day)
            ws.write_row(r, 2, [minutes, activity, "C1"])
            r += 1
        ws.write(r, 0, "W1")
        if dated:
            ws.write_datetime(r, 1, dt.datetime(2026, 3, d), day)
        if formula:
            ws.write_formula(r, 2, f"=SUM(C{top + 1}:C{r})", None, 135)
        else:
            ws.write_number(r, 2, 135)
        if label:
            ws.write(r, 3, label)
        r += 1
    wb.close()
    return path


def _account(r):
    m = r.report.details["minutes"]
    return (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"],
            m["minutes_totals"], m["rows_totals"])


@pytest.mark.parametrize("label, formula", [(None, True), ("Day total", True), (None, False)],
                         ids=["sum_formula", "day_total", "typed_sum"])
def test_a_dated_sheets_subtotals_are_total_rows(tmp_path, label, formula):
    """By hand: 60 + 45 + 30 = 135 a day over two days, 270 minutes of work; each day's
    subtotal row (135) is a total row: 270 in = 270 accepted + 0 rejected, 270 in 2 total
    rows, 6 episodes. The code before accepted each subtotal as a 135-minute entry: 540
    accepted, 8 episodes, no total row."""
    r = read_diary(timesheet(tmp_path / "t.xlsx", label, formula=formula), warn=False)
    assert r.report.layout == "dated"
    assert _account(r) == (270, 270, 0, 270, 2)
    assert len(r.episodes) == 6 and r.episodes["duration_min"].sum() == 270
    assert r.report.rejected_by_reason == {"total_row": 1 + 1}
    assert (r.rejects["source_row"].tolist(), set(r.rejects["code"])) == ([5, 9], {"total_row"})
    assert r.rejects["reason"].str.contains("no activity or case of its own").all()


def test_a_subtotal_without_its_date_is_a_total_row_not_a_missing_date(tmp_path):
    """By hand: the subtotal rows leave the date blank; 135 is still 60 + 45 + 30 of W1
    directly above: 2 total rows of 270 minutes, none ``missing_required`` (whose advice,
    ``fill_down: [date]``, counted them as work), 270 accepted. Before: 270 accepted and
    270 rejected ``missing_required``."""
    r = read_diary(timesheet(tmp_path / "t.xlsx", dated=False), warn=False)
    assert _account(r) == (270, 270, 0, 270, 2)
    assert r.report.rejected_by_reason == {"total_row": 2}


def test_filling_the_date_down_does_not_count_the_subtotals(tmp_path):
    """By hand: with ``fill_down: [date]`` the subtotal rows take their day's date and are
    then W1's 135 of that day directly above: 270 accepted, 270 in 2 total rows. Before:
    540 accepted (each subtotal a 135-minute entry flagged ``filled_down``)."""
    path = timesheet(tmp_path / "t.xlsx", dated=False)
    r = read_diary(path, warn=False, mapping={"fill_down": ["date"]})
    assert _account(r) == (270, 270, 0, 270, 2)
    assert r.episodes["duration_min"].sum() == 270


CSV = "worker_id,date,duration_min,activity,case_id\n"
DAY = "W1,09/03/2026,60,visit,C1\nW1,09/03/2026,45,notes,C1\nW1,09/03/2026,30,call,C1\n"


@pytest.mark.parametrize("last, accepted", [
    ("W1,09/03/2026,135,visit,C2\n", 270),   # an activity and a case of its own
    ("W1,09/03/2026,135,Total knee review,C2\n", 270),  # an activity that is not a label
    ("W2,09/03/2026,135,,\n", 270),           # another worker's rows above
    ("W1,10/03/2026,135,,\n", 270),           # another date's rows above
    ("W1,09/03/2026,30,,\n", 165),            # equal to the one row above only
], ids=["own_activity", "total_knee", "other_worker", "other_date", "one_row"])
def test_a_real_entry_is_not_taken_for_a_total(tmp_path, last, accepted):
    """By hand: W1's 60 + 45 + 30 = 135 on 9 March, then a row that does not read as their
    sum: with an activity or case of its own, of W2, of 10 March, or 30 (the sum of the one
    row above): accepted, 135 + its minutes, no total row."""
    (tmp_path / "d.csv").write_text(CSV + DAY + last)
    r = read_diary(tmp_path / "d.csv", warn=False)
    assert _account(r)[1:] == (accepted, 0, 0, 0)


def test_without_an_activity_or_case_column_no_row_is_a_sum(tmp_path):
    """By hand: worker, date and minutes only: 30, 30, 60 are three entries (60 = 30 + 30
    by chance: no row has an activity for a sum to lack): 120 accepted, no total row."""
    (tmp_path / "d.csv").write_text("worker_id,date,duration_min\n"
                                    "W1,09/03/2026,30\nW1,09/03/2026,30\nW1,09/03/2026,60\n")
    r = read_diary(tmp_path / "d.csv", warn=False)
    assert _account(r) == (120, 120, 0, 0, 0)


def test_subtotals_then_a_grand_total(tmp_path):
    """By hand: two days of 135 each closed by a bare subtotal, then ``Total,,270``: three
    total rows of 135 + 135 + 270 = 540 minutes; 270 accepted."""
    day10 = DAY.replace("09/03", "10/03")
    text = (CSV + DAY + "W1,09/03/2026,135,,\n" + day10 + "W1,10/03/2026,135,,\n"
            + "Total,,270,,\n")
    (tmp_path / "d.csv").write_text(text)
    r = read_diary(tmp_path / "d.csv", warn=False)
    assert _account(r) == (270, 270, 0, 540, 3)


def test_a_blank_start_sum_across_two_dates_is_an_entry(tmp_path):
    """With times (layout ``split``): W1's 30 on 9 March and 60 on 10 March above a row of
    10 March with no start, activity or case, of 90: not a sum of its date's rows (60
    only), so an entry missing its start: 90 rejected ``missing_required``, no total row
    (before: a 90-minute total row)."""
    text = ("worker_id,date,start_time,duration_min,activity,case_id\n"
            "W1,09/03/2026,09:00,30,call,C1\nW1,10/03/2026,09:00,60,visit,C1\n"
            "W1,10/03/2026,,90,,\n")
    (tmp_path / "d.csv").write_text(text)
    r = read_diary(tmp_path / "d.csv", warn=False)
    assert _account(r) == (180, 90, 90, 0, 0)
    assert r.report.rejected_by_reason == {"missing_required": 1}


def _long_day(path, total_first=False):
    """W1 on 9 March 2026: 300 + 300 + 180 = 780 minutes (13 h) of work and a ``Day total``
    row of 780 (first or last), then 60 minutes on 10 March; a CSV, no clock times."""
    rows = [("W1", "09/03/2026", "visit", "C1", 300), ("W1", "09/03/2026", "notes", "C1", 300),
            ("W1", "09/03/2026", "call", "C2", 180)]
    total = ("W1", "09/03/2026", "Day total", "", 780)
    rows = [total, *rows] if total_first else [*rows, total]
    rows.append(("W1", "10/03/2026", "visit", "C1", 60))
    lines = ["worker_id,date,activity,case_id,duration_min",
             *(",".join(map(str, r)) for r in rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("total_first", [False, True], ids=["total_last", "total_first"])
def test_a_subtotal_takes_no_place_in_its_day(tmp_path, total_first):
    """By hand: 9 March holds 780 minutes of work (13 h, within 24); its ``Day total`` of
    780 is a total row. The entries are placed from 04:00 in file order, the total taking
    no place: 04:00, 09:00, 14:00 (a total written first does not push them to 17:00).
    840 in = 840 accepted + 0 rejected, 780 in 1 total row; the warning counts the 4
    entries and their 840 minutes, not the total's 780. The code before counted the total
    in the day (780 + 780 = 1,560 minutes = 26 h > 24): all three entries rejected
    ``day_over_24_hours``, 60 accepted; the warning said 5 rows and 1,620 minutes."""
    r = read_diary(_long_day(tmp_path / "d.csv", total_first), warn=False)
    assert _account(r) == (840, 840, 0, 780, 1)
    assert r.report.rejected_by_reason == {"total_row": 1}
    day = r.episodes[r.episodes["start"].dt.day == 9].sort_values("start")
    assert day["start"].dt.strftime("%H:%M").tolist() == ["04:00", "09:00", "14:00"]
    said = next(w for w in r.report.details["warnings"] if w["code"] == "time_of_day_unknown")
    assert said["message"].startswith("time_of_day_unknown: 4 rows (840 minutes, 14.0 hours")


def test_a_footer_naming_its_worker_before_total(tmp_path):
    """audit23m footer_dated2.csv: W1's 90 + 30 on 9 March, then a sum row of 120, W2's 45
    on 10 March and a ``Total for W2`` row, then footers ``W1 Total,,120`` and ``Grand
    Total,,285`` with no date. By hand: 165 minutes of work in 3 entries; 4 total rows of
    120 + 45 + 120 + 285 = 570. Before: ``W1 Total`` was rejected ``missing_required`` (no
    date) and its 120 minutes counted as rejected work (285 in = 165 + 120)."""
    path = tmp_path / "footer.csv"
    path.write_text("Worker ID,Date,Minutes,Activity,Case ID\n"
                    "W1,09/03/2026,90,visit,C1\nW1,09/03/2026,30,notes,C1\n"
                    "W1,09/03/2026,120,,\nW2,10/03/2026,45,visit,C3\n"
                    "W2,,45,Total for W2,\nW1 Total,,120,,\nGrand Total,,285,,\n")
    r = read_diary(path, warn=False)
    assert _account(r) == (165, 165, 0, 570, 4)
    assert r.report.rejected_by_reason == {"total_row": 4}


def test_a_worker_id_saying_total_with_work_of_its_own_is_an_entry(tmp_path):
    """review23a worker_total.csv: a worker ``Team Total`` with rows of its own activity
    (visit 60, notes 45) and W2's call 30: all three are entries (a row with an activity
    or case is an entry), 135 accepted. A bare ``W1 Total`` row stays a total row (above).
    Before the review: Team Total's rows rejected ``total_row``, 105 of 135 minutes."""
    path = tmp_path / "team.csv"
    path.write_text("worker_id,Date,Minutes,Activity\nTeam Total,09/03/2026,60,visit\n"
                    "Team Total,09/03/2026,45,notes\nW2,09/03/2026,30,call\n")
    r = read_diary(path, warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].sum() == 135


def test_a_footer_saying_total_in_a_diary_coded_by_task_type(tmp_path):
    """review23b tot_noact2.csv: a dated diary of Worker, Date, Duration and Task type (no
    activity or case column): W1's visit 30 and notes 45, a ``W1 Total`` row of 75 with no
    task type, W2's visit 60 and a ``W2 Total`` of 60. By hand: 135 minutes of work, 2
    total rows of 135. Before the review: the footers counted as work, 270 accepted (a row
    was judged to have nothing of its own by its activity and case alone)."""
    path = tmp_path / "coded.csv"
    path.write_text("Worker ID,Date,Duration,Task type\nW1,09/03/2026,30,visit\n"
                    "W1,09/03/2026,45,notes\nW1 Total,09/03/2026,75,\nW2,09/03/2026,60,visit\n"
                    "W2 Total,09/03/2026,60,\n")
    r = read_diary(path, warn=False)
    assert _account(r) == (135, 135, 0, 135, 2)
