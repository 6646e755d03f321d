"""A holder on more than five days, and a pattern alternating by week, worked by hand (fix32w).

A case-month is the share of its holder's working time the case is open, so a case open
a whole month is one case-month whatever the holder's week: each day of the holder's case
week (``windows.case_week``) counts 5 over its days (``windows.case_day_weight``).

S6 works Monday to Saturday (37 hours), 6 hours on each of their days from Monday 2 to
Saturday 14 March 2026 (12 days, no bank holiday): case A all of them, but Saturday 7
holds 2 hours on case X (open only that day, opened 7, closed 8) and 4 on A. M works
Monday to Friday (444 minutes a day, Monday 2 to Friday 13, case B), U Sunday to Thursday
(444 minutes a day, Sunday 1 to Thursday 12, case C). A month is 21.0744 working days.

- A: 12 days of S6's week x 5/6 = 10 days, 0.474509 case-months, 70 hours, 147.52 an
  hour per case-month: as before (read as Monday to Friday, 10 days).
- X: Saturday 7, 5/6 of a day, 0.039542 case-months, 2 hours, 50.58 per case-month.
  Before: no case-months, its 2 hours in none (named as open on no working day).
- With S6 on leave on Saturday 14 (a whole day, 6 hours less on A): A (12 - 1) x 5/6 =
  9.1667 days, 0.434967 case-months, 64 hours, 147.14 per case-month. Before: 10 days
  (a Saturday's leave not taken out of a Monday-to-Friday reading), 134.88 per
  case-month, 8.3% too low.
- B and C: 10 days each, 0.474509, 74 hours: as before.

P works ``"Mon-Fri / Tue-Sat"`` from the week of Monday 2 March: 444 minutes on each
contracted day, case A2, but on Saturday 14 (week 2) 2 hours on case Y (open only that
day) and 324 minutes on A2. Each week of the pattern is read on its own: Monday to
Friday, then Tuesday to Saturday. A2: 5 + 5 = 10 days, 0.474509, 72 hours (as before:
Monday to Friday both weeks, 10). Y: 1 day, 0.047451, 2 hours, 42.15 per case-month
(before: none, its hours in none: the weeks' days read together were 6, and read as
Monday to Friday). Z, open only on Monday 9 (week 2's day off, no work): no day of P's
week, no case-months (before: 1 day, 0.047451).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import case_month, diary_completeness

MONTH = 21.074404761904763  # working days of a month, England and Wales' 8 holidays


def _six_day_week(leave_on_14: bool = False):
    rows = []
    for d in pd.date_range("2026-03-01", "2026-03-14"):
        at = d + pd.Timedelta(hours=9)
        if d.day_of_week < 6:
            if leave_on_14 and d.day == 14:
                rows.append(("S6", at, 360, None, "leave"))
            elif d.day == 7:
                rows += [
                    ("S6", at, 120, "X", "visit"),
                    ("S6", at + pd.Timedelta(hours=2), 240, "A", "visit"),
                ]
            else:
                rows.append(("S6", at, 360, "A", "visit"))
        if d.day_of_week < 5 and d.day <= 13:
            rows.append(("M", at, 444, "B", "visit"))
        if d.day_of_week in (6, 0, 1, 2, 3) and d.day <= 12:
            rows.append(("U", at, 444, "C", "visit"))
    workers = pd.DataFrame(
        {
            "worker_id": ["S6", "M", "U"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Mon-Sat", "Mon-Fri", "Sun,Mon,Tue,Wed,Thu"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A", "X", "B", "C"],
            "case_type": "CIN",
            "worker_id": ["S6", "S6", "M", "U"],
            "opened": pd.to_datetime([None, "2026-03-07", None, None]),
            "closed": pd.to_datetime([None, "2026-03-08", None, None]),
        }
    )
    return _episodes(rows), workers, cases


def _alternating():
    rows = []
    for d in pd.date_range("2026-03-02", "2026-03-14"):
        at = d + pd.Timedelta(hours=9)
        if not ((1 <= d.day_of_week <= 5) if d.day >= 9 else d.day_of_week < 5):
            continue
        if d.day == 14:
            rows += [
                ("P", at, 120, "Y", "visit"),
                ("P", at + pd.Timedelta(hours=2), 324, "A2", "visit"),
            ]
        else:
            rows.append(("P", at, 444, "A2", "visit"))
    workers = pd.DataFrame(
        {
            "worker_id": ["P"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Mon-Fri / Tue-Sat"],
            "pattern_from": ["2026-03-02"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A2", "Y", "Z"],
            "case_type": "CIN",
            "worker_id": "P",
            "opened": pd.to_datetime([None, "2026-03-14", "2026-03-09"]),
            "closed": pd.to_datetime([None, "2026-03-15", "2026-03-10"]),
        }
    )
    return _episodes(rows), workers, cases


def _episodes(rows):
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "case_id", "task_type"])
    ep["category"] = ep["task_type"].map({"visit": "direct", "leave": "non_work"})
    return ep


def _case_months(study):
    ep, workers, cases = study
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        days = diary_completeness(ep, workers)
        cm = case_month(ep, cases, workers=workers, days=days).set_index("case_id")
    left = [str(w.message) for w in caught if "no case-month" in str(w.message)]
    return cm, days, left


def test_a_six_day_holders_saturday_case_has_five_sixths_of_a_day():
    cm, _, left = _case_months(_six_day_week())
    assert cm.loc["X", "case_months"] == pytest.approx(5 / 6 / MONTH)  # was none
    assert cm.loc["X", "hours"] == pytest.approx(2.0)
    assert cm.loc["X", "hours_per_month"] == pytest.approx(2 / (5 / 6) * MONTH)  # 50.58
    assert cm.loc["A", "case_months"] == pytest.approx(10 / MONTH)  # 12 days x 5/6
    assert cm.loc["A", "hours"] == pytest.approx(70.0)
    for case in ("B", "C"):  # Monday-to-Friday and Sunday-to-Thursday holders: as before
        assert cm.loc[case, "case_months"] == pytest.approx(10 / MONTH)
        assert cm.loc[case, "hours"] == pytest.approx(74.0)
    assert left == [] and "hours_left_out" not in cm.attrs  # was X's 2 hours, in none


def test_a_six_day_holders_saturday_away_is_taken_out_as_five_sixths():
    cm, _, _ = _case_months(_six_day_week(leave_on_14=True))
    assert cm.loc["A", "case_months"] == pytest.approx(11 * 5 / 6 / MONTH)  # was 10 days
    assert cm.loc["A", "hours"] == pytest.approx(64.0)
    assert cm.loc["A", "hours_per_month"] == pytest.approx(147.137662, rel=1e-6)  # 134.88


def test_a_pattern_alternating_by_week_is_read_week_by_week():
    cm, days, left = _case_months(_alternating())
    p = days.set_index(days["diary_date"].dt.day)
    assert p.loc[14, "contracted"] and p.loc[14, "status"] == "complete"  # week 2's Saturday
    assert 7 not in p.index and 9 not in p.index  # days off, not missing
    assert cm.loc["A2", "case_months"] == pytest.approx(10 / MONTH)
    assert cm.loc["A2", "hours"] == pytest.approx(72.0)
    assert cm.loc["Y", "case_months"] == pytest.approx(1 / MONTH)  # was none
    assert cm.loc["Y", "hours"] == pytest.approx(2.0)
    assert "Z" not in cm.index  # Monday 9, week 2's day off: no day of P's week (was 1)
    assert left == []
