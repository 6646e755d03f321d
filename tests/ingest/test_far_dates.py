"""A diary day far from every other is named, with its rows, the diary's days and the fix.

The audit of 2026-12-06 (/tmp/audit24x/study_outlier.xlsx): 5 workers keep a diary on the
10 weekdays from Monday 9 to Friday 20 March 2026, and W2 adds one 30-minute entry whose
date cell reads 3 December 2026 (12/03 typed where Excel reads month first). ``validate``
said nothing; the guide's diary period became 2026-03-09 to 2026-12-03, its caseload day 3
December, and W2 had 178 "missing" days. The row is kept as read (it may be a day of the
study); the read now warns ``date_far_from_diary``.

By hand: 5 x 10 = 50 worker-days from 9 to 20 March and 1 on 3 December, 258 days after
20 March: two periods (a gap of more than 28 days), of 50 and 1 worker-days. A period is
far under max(3, 51 / 10 = 5.1) worker-days: the 1 is, and 1 <= 51 / 5 = 10.2 together.
3 December with day and month swapped is 12 March, a day of the diary.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from timestudy.ingest import read_diary
from timestudy.ingest.far_dates import far_dates_warning

HEAD = "worker_id,date,start_time,end_time,activity,case_id\n"


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = pd.bdate_range(first, last)
    return [d.date() for d in days]


def _diary(days: list[dt.date], workers=("W1", "W2", "W3", "W4", "W5"), extra=()) -> str:
    """One 09:00-10:00 entry per worker and day (dates day first), then ``extra`` lines."""
    lines = [f"{w},{d:%d/%m/%Y},09:00,10:00,home visit,C1" for w in workers for d in days]
    return HEAD + "\n".join([*lines, *extra]) + "\n"


def _far(text: str) -> dict | None:
    r = read_diary(io.StringIO(text), mapping={"dayfirst": True}, warn=False)
    found = [w for w in r.report.details.get("warnings", ())
             if w["code"] == "date_far_from_diary"]
    return found[0] if found else None


MARCH = _weekdays(dt.date(2026, 3, 9), dt.date(2026, 3, 20))


def test_a_date_in_the_other_day_order_is_named_with_its_fix():
    """The audit's study: W2's 17:00-17:30 on 03/12/2026 is line 52 (the header is line 1,
    then 50 lines); named with its minutes (30), the diary's days (9 to 20 March), the
    other day order (12 March), and what it does (the period runs to 3 December)."""
    assert len(MARCH) == 10
    w = _far(_diary(MARCH, extra=["W2,03/12/2026,17:00,17:30,recording,C3"]))
    assert w is not None
    assert w["rows"] == [52] and w["dates"] == ["2026-12-03"]
    assert w["body"] == [["2026-03-09", "2026-03-20"]] and w["minutes"] == 30
    m = w["message"]
    assert m.startswith("date_far_from_diary: 1 worker-day is more than 4 weeks from every "
                        "other day of the diary, whose days run 2026-03-09 to 2026-03-20: "
                        "W2 on 2026-12-03 (line 52, 30 min), which is 2026-03-12 with its day "
                        "and month the other way round")
    assert "the diary period runs 2026-03-09 to 2026-12-03" in m
    assert "the caseload is counted on 2026-12-03" in m and "\n" not in m


def test_the_workbook_of_the_audit_is_warned(tmp_path):
    """The same study as a workbook: the date a date cell (3 Dec 2026), sheet row 52."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEAD.strip().split(","))
    for w in ("W1", "W2", "W3", "W4", "W5"):
        for d in MARCH:
            ws.append([w, d, dt.time(9), dt.time(10), "home visit", "C1"])
    ws.append(["W2", dt.date(2026, 12, 3), dt.time(17), dt.time(17, 30), "recording", "C3"])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=4):
        row[0].number_format, row[1].number_format, row[2].number_format = (
            "dd/mm/yyyy", "hh:mm", "hh:mm")
    path = tmp_path / "outlier.xlsx"
    book.save(path)
    r = read_diary(path, warn=False)
    w = [w for w in r.report.details["warnings"] if w["code"] == "date_far_from_diary"]
    assert len(w) == 1 and w[0]["rows"] == [52]
    assert "W2 on 2026-12-03 (row 52, 30 min), which is 2026-03-12" in w[0]["message"]
    assert len(r.episodes) == 51  # kept as read: nothing dropped or moved


def test_a_wrong_year_is_named():
    """W3's 16/03/2025 (a year early): 2026-03-16 is a diary day."""
    w = _far(_diary(MARCH, extra=["W3,16/03/2025,09:00,10:00,recording,C3"]))
    assert w["dates"] == ["2025-03-16"]
    assert "W3 on 2025-03-16 (line 52, 60 min), which is 2026-03-16 with the year 2026" \
        in w["message"]
    assert "caseload is counted" not in w["message"]  # the far day is before the diary


def test_a_whole_diary_in_the_wrong_year_is_named():
    """January: W1, W2, W4, W5 write 5 to 16 January 2026 (10 weekdays, 40 worker-days), W3
    writes the same days as 2025 (10 worker-days, 355 days before 5 January 2026). Its period
    holds 10 of 50 worker-days, not under max(3, 5): not far by its size, but every one of
    its days a year on is within 5 to 16 January 2026: named, the 10 worker-days (5 shown,
    "and 5 more"), each with the year 2026."""
    jan = _weekdays(dt.date(2026, 1, 5), dt.date(2026, 1, 16))
    wrong = [f"W3,{d:%d/%m}/2025,09:00,10:00,home visit,C1" for d in jan]
    w = _far(_diary(jan, workers=("W1", "W2", "W4", "W5"), extra=wrong))
    assert w["dates"] == [f"2025-01-{d.day:02d}" for d in jan]
    assert w["rows"] == list(range(42, 52)) and w["body"] == [["2026-01-05", "2026-01-16"]]
    assert "10 worker-days are more than 4 weeks" in w["message"]
    assert ("W3 on 2025-01-05 (line 42, 60 min), which is 2026-01-05 with the year 2026 "
            "(a wrong year?)") in w["message"] and "; and 5 more" in w["message"]


def test_two_fortnights_are_not_warned():
    """A real study of two fortnights (2-13 March and 4-15 May, 50 days apart), 5 workers
    each: two periods of 50 worker-days, neither under max(3, 10): no warning."""
    may = _weekdays(dt.date(2026, 5, 4), dt.date(2026, 5, 15))
    assert _far(_diary(_weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 13)) + may)) is None


def test_a_day_beside_two_fortnights_is_named_with_both():
    """Two fortnights and one far day (3 December): 101 worker-days; the day's period of 1
    is under 10.1; the body is both fortnights."""
    march = _weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 13))
    may = _weekdays(dt.date(2026, 5, 4), dt.date(2026, 5, 15))
    w = _far(_diary(march + may, extra=["W1,03/12/2026,09:00,10:00,recording,C3"]))
    assert w["body"] == [["2026-03-02", "2026-03-13"], ["2026-05-04", "2026-05-15"]]
    assert "whose days run 2026-03-02 to 2026-03-13 and 2026-05-04 to 2026-05-15" \
        in w["message"]
    assert "2026-03-12 with its day and month the other way round" in w["message"]


def test_near_days_and_scattered_logs_are_not_warned():
    """A day 3 weeks after the diary (10 April, 21 days after 20 March: one period): no
    warning. A log of one worker-day a month for a year (12 periods of 1, every one far,
    together 12 of 12): no body to be far from, no warning."""
    assert _far(_diary(MARCH, extra=["W2,10/04/2026,09:00,10:00,recording,C3"])) is None
    months = [dt.date(2026, m, 15) for m in range(1, 13)]
    assert _far(_diary(months, workers=("W1",))) is None


def test_the_rule_on_worker_days():
    """Unit: 1 worker keeping 10 days and 1 far day: 11 worker-days, the far period of 1
    is under max(3, 1.1) = 3, together 1 <= 2.2: named. 1 worker keeping 3 days and 2 far
    days on one date of 2 workers (a period of 2, under 3, but 2 > 5 / 5 = 1 together):
    not named."""
    days = pd.to_datetime([*(str(d) for d in MARCH), "2026-07-01"])
    e = pd.DataFrame({"worker_id": "W1", "diary_date": days})
    assert far_dates_warning(e)["dates"] == ["2026-07-01"]
    small = pd.DataFrame({"worker_id": ["W1", "W1", "W1", "W1", "W2"],
                          "diary_date": pd.to_datetime(["2026-03-09", "2026-03-10",
                                                        "2026-03-11", "2026-07-01",
                                                        "2026-07-01"])})
    assert far_dates_warning(small) is None


def test_the_guide_says_it_on_its_console(tmp_path, capsys):
    """The guide warns the diary's warnings again (pipeline._read): the far day is on its
    console, with the row and the fix, and in guide.json's warnings (the worker's id taken
    out, as every published warning's is)."""
    from timestudy.cli import main

    diary = tmp_path / "diary.csv"
    diary.write_text(_diary(MARCH, extra=["W2,03/12/2026,17:00,17:30,recording,C3"]),
                     encoding="utf-8")
    (tmp_path / "cases.csv").write_text(
        "case_id,case_type,worker_id,opened\nC1,CIN,W1,2025-10-01\nC3,CP,W2,2025-10-01\n",
        encoding="utf-8")
    (tmp_path / "workers.csv").write_text(
        "worker_id,fte,contracted_hours,role,team\n"
        + "".join(f"W{i},1.0,37,social_worker,North\n" for i in range(1, 6)), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["guide", str(diary), "--cases", str(tmp_path / "cases.csv"), "--workers",
                 str(tmp_path / "workers.csv"), "--out", str(out), "--formats", "json",
                 "--n-boot", "9", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "date_far_from_diary: 1 worker-day" in err and "W2 on 2026-12-03 (line 52" in err
    import json

    said = [w["message"] for w in json.loads((out / "guide.json").read_text())["meta"]
            ["warnings"] if "date_far_from_diary" in w["message"]]
    assert len(said) == 1 and "W2" not in said[0] and "2026-03-12" in said[0]


def _two_years(extra=()) -> str:
    """The review's two-year study (/tmp/review24b/two_years.csv): a baseline of A1-A3 on the
    7 weekdays from Monday 10 to Tuesday 18 March 2025 (21 worker-days) and a follow-up of
    B1-B4 on the 8 weekdays from Monday 9 to Wednesday 18 March 2026 (32 worker-days)."""
    base = _diary(_weekdays(dt.date(2025, 3, 10), dt.date(2025, 3, 18)),
                  workers=("A1", "A2", "A3"))
    follow = _diary(_weekdays(dt.date(2026, 3, 9), dt.date(2026, 3, 18)),
                    workers=("B1", "B2", "B3", "B4"), extra=extra)
    return base + follow[len(HEAD):]


def test_a_baseline_and_its_follow_up_a_year_on_are_not_a_wrong_year():
    """Two periods, 356 days apart, of 21 and 32 worker-days (53): the 2025 period is not far
    by its size (21 >= max(3, 5.3)), and every one of its days a year on (10 to 18 March
    2026) is within the 2026 period's 9 to 18 March. Before: its 21 worker-days were named
    "a wrong year?". Its workers A1-A3 keep no day in 2026 (B1-B4 none in 2025): a cohort
    of its own, not named."""
    assert _two_years().count("\n") == 1 + 21 + 32
    assert _far(_two_years()) is None


def test_a_far_day_beside_two_cohorts_is_named_alone():
    """The two-year study and B2's one entry on 03/12/2026 (line 55: the header, 53 lines,
    then it): three periods of 21, 32 and 1 worker-days (54). The 1 is far (under max(3,
    5.4)) and 1 <= 54 / 5 = 10.8: named, 12 March with day and month swapped. The 2025
    period, a cohort of its own, is not (before: its 21 worker-days named too, 22 in all);
    the body is both years' periods."""
    w = _far(_two_years(extra=["B2,03/12/2026,09:00,10:00,recording,C3"]))
    assert w["dates"] == ["2026-12-03"] and w["rows"] == [55]
    assert w["body"] == [["2025-03-10", "2025-03-18"], ["2026-03-09", "2026-03-18"]]
    assert "1 worker-day is more than 4 weeks" in w["message"]
    assert "2026-03-12 with its day and month the other way round" in w["message"]


def test_a_cohort_of_few_days_is_still_named():
    """Two workers X1 and X2 on 16 March 2025 only (2 worker-days, none in 2026) beside the
    follow-up's 32: the 2025 period is a cohort of its own, but far by its size (2 under
    max(3, 34 / 10 = 3.4), and 2 <= 34 / 5 = 6.8): named, each a wrong year."""
    follow = _diary(_weekdays(dt.date(2026, 3, 9), dt.date(2026, 3, 18)),
                    workers=("B1", "B2", "B3", "B4"),
                    extra=["X1,17/03/2025,09:00,10:00,recording,C3",
                           "X2,17/03/2025,09:00,10:00,recording,C3"])
    w = _far(follow)
    assert w["dates"] == ["2025-03-17"] and w["rows"] == [34, 35]
    assert "X1 on 2025-03-17 (line 34, 60 min), which is 2026-03-17 with the year 2026" \
        in w["message"]
