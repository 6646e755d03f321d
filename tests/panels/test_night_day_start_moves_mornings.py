"""The night workers' diary day start moves a day worker's mornings to the day before: said
(fix36p).

The shift-tails warning advises night workers' studies to set ``diary_day_start: "12:00"``
so that each night is one diary day; the option is the study's, every worker's. A day
worker in the same study (A, Monday to Friday 09:00-16:24, 7.4 h, 12 to 23 October 2026)
then has every day's work on the diary day before it: Monday 12 on Sunday 11 (extra, a day
off worked), ..., Friday 16 on Thursday 15, so each Friday is *missing* and each Sunday
*extra*. By hand, A's diary read at 12:00: days Sunday 11 to Thursday 22 (their last), 9
contracted (Monday 12 to Friday 16, Monday 19 to Thursday 22), 8 written, Friday 16
missing, Sundays 11 and 18 extra; 74 h over 8 / 5 = 1.6 FTE-weeks: 46.25 h per FTE-week
(37.0 at 04:00, 25% too high); their case CA (1 h a day) 10 h over 9 days x 8 / 9 used =
8 days: 26.34 h per case-month (21.07 at 04:00; measured end to end through ``timestudy
guide --mapping`` with ``diary_day_start: "12:00"``: CIN 26.343006, case-months 0.379607). The warnings said a weekday was never written
and a day swapped, blaming the workers table; nothing named the day start. Now a
``DataQualityWarning`` names A (10 of 10 diary days begun the next morning) and says what
to do: leave ``diary_day_start`` at 04:00 (each night's end is read with its night) or
study the night workers apart. The figures are not changed.

At 04:00 the night worker N (Thursday to Sunday nights 17:00-09:00, written 17:00-18:00
on their case CN, 18:00-00:00, 00:00-05:00 and 05:00-09:00) reads right, the night the
clocks go back (Saturday 24 October, 17 h) included, checked end to end by
``test_night_clock_changes``.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, worker_week

SAID = "the next morning most of their"


def _entries() -> pd.DataFrame:
    rows = []
    for d in pd.date_range("2026-10-12", "2026-10-25"):
        if d.day_of_week < 5:
            rows += [("A", d + pd.Timedelta("9h"), 60, "statutory_visit", "CA"),
                     ("A", d + pd.Timedelta("10h"), 384, "email_admin", None)]
        if d.day_of_week >= 3:  # Thursday to Sunday nights, on the clock as written
            rows += [("N", d + pd.Timedelta("17h"), 60, "statutory_visit", "CN"),
                     ("N", d + pd.Timedelta("18h"), 360, "email_admin", None),
                     ("N", d + pd.Timedelta("24h"), 300, "email_admin", None),
                     ("N", d + pd.Timedelta("29h"), 240, "email_admin", None)]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "task_type",
                                    "case_id"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"),
                    category="admin")


WORKERS = pd.DataFrame({"worker_id": ["A", "N"], "fte": 1.0, "contracted_hours": 37.0,
                        "workdays": ["Mon-Fri", "Thu-Sun"]})


def _read(hour: float) -> tuple[pd.DataFrame, str]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        days = diary_completeness(_entries(), WORKERS, day_start_hour=hour)
    return days, " | ".join(str(w.message) for w in got if w.category is DataQualityWarning)


def test_at_noon_the_day_workers_mornings_are_read_on_the_day_before_and_said():
    """Before: A's Friday 16 missing, Sundays extra, 46.25 h per FTE-week, and no warning
    naming the day start. After: 'A (10 of 10 diary days)' named with the fix."""
    days, said = _read(12.0)
    a = days.loc[days["worker_id"] == "A"].set_index("diary_date")["status"]
    assert a[pd.Timestamp("2026-10-11")] == "extra" and a[pd.Timestamp("2026-10-16")] == "missing"
    week = worker_week(_entries(), WORKERS, days=days, day_start_hour=12.0)
    mine = week.loc[week["worker_id"] == "A", ["hours_worked", "fte_weeks"]].sum()
    assert mine.tolist() == pytest.approx([74.0, 1.6])
    assert SAID in said and "A (10 of 10 diary days)" in said
    assert 'diary_day_start is every worker\'s' in said and "N (" not in said.split(SAID)[1]


def test_at_four_both_read_right_and_nothing_is_said_of_mornings():
    """04:00: A 10 days complete, 37.0 h per FTE-week; N 8 nights complete, the tails of
    the nights read with their night (the warning of shift tails, not this one)."""
    days, said = _read(4.0)
    assert SAID not in said
    by = days.groupby("worker_id")["status"].value_counts().unstack(fill_value=0)
    assert by.loc["A", "complete"] == 10 and by.loc["N", "complete"] == 8
    assert by.to_numpy().sum() == 18
    week = worker_week(_entries(), WORKERS, days=days)
    g = week.groupby("worker_id")[["hours_worked", "fte_weeks"]].sum()
    assert (g["hours_worked"] / g["fte_weeks"]).round(4).to_dict() == {"A": 37.0, "N": 64.0}


def test_a_late_start_with_day_workers_only_in_the_morning_of_nights_is_not_said():
    """Night workers alone at 12:00: their nights begin on their own date: not named."""
    e = _entries()
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(e.loc[e["worker_id"] == "N"], WORKERS, day_start_hour=12.0)
    assert not [w for w in got if SAID in str(w.message)]
    assert dt.date(2026, 10, 24).weekday() == 5  # the night the clocks go back: a Saturday
