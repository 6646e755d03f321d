"""A case held on a Sunday by a worker contracted on Sundays, worked by hand (fix31n).

S works Sunday to Thursday (``Sun,Mon,Tue,Wed,Thu``, 37 hours), 7.4 hours (444 minutes)
from 09:00 on each of their days from Sunday 1 to Thursday 12 March 2026, but Sunday 1 is
leave (a whole day's ``leave`` entry): 9 days at work. Case X is open only on Sunday 8
(opened 8, closed 9), visited that day; case A all the other days. M works Monday to
Friday, 444 minutes a day from Monday 2 to Friday 13 on case B, and 2 hours on Sunday 8
on case Y, open only that Sunday.

A case is open on its holder's week (``windows.case_week``): their own days, so S's cases
are open Sunday to Thursday. X: 1 day, used, 1 / 21.0744 = 0.047451 case-months, 7.4 hours. Before, the
exposure counted Monday to Friday: X had none, and its 7.4 hours were in no case-month
with a warning that its holder wrote on none of its days. A: S's days in the window (1 to
14 March) Sunday to Thursday, 10, less Sunday 1 on leave, 9: 0.427059 case-months, 59.2
hours (8 days at 7.4). Before: Monday to Friday, 10 (Fridays 6 and 13 counted, Sunday 1's
leave not taken out): 0.474509. B: M's 10 weekdays, 0.474509, 74 hours, as before. Y: a
Monday-to-Friday holder's case open only on a Sunday is open on none of their working days:
no case-months, its 2 hours left out and named. Every minute on a case in a case-month or
left out: 8,556 (S 9 x 444, M 10 x 444 + 120), 142.6 hours: 140.6 in case-months (X 7.4, A
59.2, B 74) and Y's 2 left out.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import case_month, diary_completeness

MONTH = 21.074404761904763  # working days of a month, England and Wales' 8 holidays


def _study():
    rows = []
    for d in pd.date_range("2026-03-01", "2026-03-13"):
        at = d + pd.Timedelta(hours=9)
        if d.day_of_week in (6, 0, 1, 2, 3):
            case, task = ("X" if d.day == 8 else "A"), ("leave" if d.day == 1 else "visit")
            rows.append(("S", at, 444, "" if task == "leave" else case, task))
        if d.day_of_week < 5:
            rows.append(("M", at, 444, "B", "visit"))
    rows.append(("M", pd.Timestamp("2026-03-08 10:00"), 120, "Y", "visit"))
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "case_id", "task_type"])
    ep["category"] = ep["task_type"].map({"visit": "direct", "leave": "non_work"})
    ep["case_id"] = ep["case_id"].replace("", None)
    workers = pd.DataFrame(
        {
            "worker_id": ["S", "M"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Sun,Mon,Tue,Wed,Thu", "Mon-Fri"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A", "X", "B", "Y"],
            "case_type": "CIN",
            "worker_id": ["S", "S", "M", "M"],
            "opened": pd.to_datetime([None, "2026-03-08", None, "2026-03-08"]),
            "closed": pd.to_datetime([None, "2026-03-09", None, "2026-03-09"]),
        }
    )
    return ep, workers, cases


def test_a_sunday_workers_case_open_on_a_sunday_has_its_case_month():
    ep, workers, cases = _study()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        days = diary_completeness(ep, workers)
        cm = case_month(ep, cases, workers=workers, days=days).set_index("case_id")
    assert days.loc[days["diary_date"].eq("2026-03-01"), "status"].tolist() == ["absent"]
    assert cm.loc["X", "case_months"] == pytest.approx(1 / MONTH)  # was 0
    assert cm.loc["X", "hours"] == pytest.approx(7.4)
    assert cm.loc["A", "case_months"] == pytest.approx(9 / MONTH)  # was 10 / MONTH
    assert cm.loc["A", "hours"] == pytest.approx(59.2)
    assert cm.loc["B", "case_months"] == pytest.approx(10 / MONTH)
    assert "Y" not in cm.index or cm.loc["Y", "case_months"] == 0
    left = [str(w.message) for w in caught if "no case-month" in str(w.message)]
    assert len(left) == 1 and left[0].startswith(
        "2.0 of 142.6 hours of work on cases are in no case-month (2.0 h on 1 case open on no "
        "working day its holder wrote in the diary)"
    )
    on_cases = ep.loc[ep["case_id"].notna(), "duration_min"].sum()
    assert on_cases == 8556
    assert (cm["hours"].sum() + 2.0) * 60 == pytest.approx(on_cases)
