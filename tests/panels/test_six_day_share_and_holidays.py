"""A six-day week's bank holidays and used share, worked by hand (fix33p items 1-2).

A case-month is 21.0744 working days: the weekdays of a year less 8 bank holidays, each a
whole day. A holder on more than five days counts 5/n of a day on each of their days
(``windows.case_day_weight``), so before fix33p a bank holiday costs a Monday-to-Saturday
holder 5/6 of a day, the part of their working time it is, and a case open a year by them
comes to 12.06 case-months (fix33p proposed a whole day, the other days of that week
counting (5 - h) / (n - h); the lead kept the working-time reading, which fix33s's
independent generator's truth and fix33q's part-time rule share).

Easter 2026, Monday 30 March to Sunday 12 April (Good Friday 3, Easter Monday 6), a case
open throughout, every contracted day written:

- M (Monday to Friday): 10 weekdays less 2 = 8 days, 8 / 21.0744 = 0.379607 case-months.
- S6 (Monday to Saturday): 12 x 5/6 less 2 x 5/6 = 8.333 days (0.395424).
- Both working Easter Monday (a bank holiday worked counts as a day at work): M 8 + 1 =
  9; S6 8.333 + 5/6 = 9.167.

The used share (fix33p item 1): P works ``"Mon-Sat / Mon-Fri"`` from 2 March 2026, 37
hours a week, 370 minutes on each of week 1's six days, 444 on week 2's five, all on
case A (open throughout). A week's case time is 5 days whatever its length, so week 1's
days count 5/6 each: 10 days, 7.4 hours a day of exposure (37 / 5).

- Saturday 7 left blank: 5 x 370 + 5 x 444 = 4,070 minutes seen. Used share counted as
  days (before): 10 of 11, exposure 10 x 10/11 = 9.0909 days, 7.4617 hours a day (+0.83%).
  Weighed (now): (5 x 5/6 + 5) / (6 x 5/6 + 5) = 9.1667 / 10, exposure 9.1667 days,
  7.4 hours a day: the truth.
- Monday 9 left blank: 6 x 370 + 4 x 444 = 3,996 minutes. Before 10 of 11, 9.0909 days,
  7.326 hours a day (-1.0%); now 9 of 10, 9 days, 7.4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.panels import case_month, diary_completeness

MONTH = 21.074404761904763  # working days of a month, England and Wales' 8 holidays
EASTER = pd.to_datetime(["2026-04-03", "2026-04-06"])


def _easter(work_easter_monday: bool = False):
    rows = []
    for d in pd.date_range("2026-03-30", "2026-04-11"):
        if d in EASTER and not (work_easter_monday and d.day == 6):
            continue
        at = d + pd.Timedelta(hours=9)
        if d.day_of_week < 6:
            rows.append(("S6", at, 370, "A6"))
        if d.day_of_week < 5:
            rows.append(("M", at, 444, "A5"))
    workers = pd.DataFrame(
        {
            "worker_id": ["S6", "M"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Mon-Sat", "Mon-Fri"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A6", "A5"],
            "case_type": "CIN",
            "worker_id": ["S6", "M"],
            "opened": pd.NaT,
            "closed": pd.NaT,
        }
    )
    return _episodes(rows), workers, cases


def _mixed_weeks(blank: int):
    rows = []
    for d in pd.date_range("2026-03-02", "2026-03-13"):
        week1 = d.day <= 8
        if d.day == blank or d.day_of_week >= (6 if week1 else 5):
            continue
        rows.append(("P", d + pd.Timedelta(hours=9), 370 if week1 else 444, "A"))
    workers = pd.DataFrame(
        {
            "worker_id": ["P"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Mon-Sat / Mon-Fri"],
            "pattern_from": ["2026-03-02"],
        }
    )
    cases = pd.DataFrame(
        {
            "case_id": ["A"],
            "case_type": "CIN",
            "worker_id": ["P"],
            "opened": pd.NaT,
            "closed": pd.NaT,
        }
    )
    return _episodes(rows), workers, cases


def _episodes(rows):
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "case_id"])
    return ep.assign(task_type="visit", category="direct")


def _case_months(study):
    ep, workers, cases = study
    days = diary_completeness(ep, workers)
    return case_month(ep, cases, workers=workers, days=days).set_index("case_id"), days


def test_a_bank_holiday_takes_its_part_of_the_holders_week():
    """The lead's reading (integration): a bank holiday takes the part of the holder's
    working time it is, as a day of leave does: 5/6 of a day from a six-day holder."""
    cm, days = _case_months(_easter())
    assert days.loc[days["diary_date"].isin(EASTER), "status"].eq("holiday").all()
    assert cm.loc["A5", "case_months"] == pytest.approx(8 / MONTH)
    assert cm.loc["A6", "case_months"] == pytest.approx((12 - 2) * 5 / 6 / MONTH)  # 8.333


def test_a_bank_holiday_worked_counts_its_part_for_a_six_day_holder():
    cm, _ = _case_months(_easter(work_easter_monday=True))
    assert cm.loc["A5", "case_months"] == pytest.approx(9 / MONTH)
    assert cm.loc["A6", "case_months"] == pytest.approx((12 - 1) * 5 / 6 / MONTH)  # 9.167


@pytest.mark.parametrize(
    ("blank", "seen_min", "exposure_days"),
    [
        (7, 5 * 370 + 5 * 444, 5 * 5 / 6 + 5),  # was 10 x 10/11
        (9, 6 * 370 + 4 * 444, 9.0),  # was 10 x 10/11
    ],
)
def test_a_day_missing_in_a_six_day_week_of_a_pattern_loses_five_sixths_of_a_day(
    blank, seen_min, exposure_days
):
    cm, days = _case_months(_mixed_weeks(blank))
    assert days.loc[days["diary_date"].dt.day == blank, "status"].tolist() == ["missing"]
    assert cm.loc["A", "hours"] == pytest.approx(seen_min / 60)
    assert cm.loc["A", "case_months"] == pytest.approx(exposure_days / MONTH)
    assert cm.loc["A", "hours_per_month"] == pytest.approx(7.4 * MONTH)  # 37 h / 5 days


@settings(max_examples=60, deadline=None)
@given(
    weeks=st.integers(1, 8),
    start=st.integers(0, 400),
    holidays=st.lists(st.integers(0, 55), max_size=6, unique=True),
    bits=st.sampled_from([0b0111111, 0b1111111, 0b1011111, 0b1111110]),
)
def test_whole_weeks_count_five_days_and_a_bank_holiday_its_part(weeks, start, holidays, bits):
    """Over whole weeks (Monday to Sunday), a holder on n = six or seven days counts five
    days a week, as a Monday-to-Friday holder does, less 5/n for each bank holiday on one of
    their days (each day's weight summed, bank holidays left out as the exposure does): a
    bank holiday takes its part of the holder's working time."""
    from timestudy.panels.windows import case_days, day_weights

    monday = np.datetime64("2024-01-01") + 7 * start
    dates = np.arange(monday, monday + 7 * weeks)
    dow = (dates.astype(np.int64) + 3) % 7
    weekdays = dates[(dow < 5) & ((bits >> dow) & 1 == 1)]
    hol = weekdays[[h for h in holidays if h < len(weekdays)]]
    week = case_days(np.array([bits, 0b0011111]))
    off = ~np.isin(dates, hol)
    n = bin(bits).count("1")
    mine = day_weights(week, np.zeros(len(dates), int), dates)[off].sum()
    five = day_weights(week, np.ones(len(dates), int), dates)[off].sum()
    assert mine == pytest.approx(5 * weeks - len(hol) * 5 / n)
    assert five == pytest.approx(5 * weeks - len(hol))
