"""The usual day is judged weekday by weekday: a contract with a short Friday keeps its Fridays.

Found in review: with one median per worker, a 0.9 FTE worker doing 7.5 hours Monday
to Thursday and 3.5 on Friday had every Friday classed *partial* and dropped, and
hours per FTE-week came out 12% too high. The usual day of a weekday is now the
median of the worker's typical days on that weekday when there are at least 3 of
them (``panels.completeness.usual_day``), else the median of all their typical days
or the contracted day (contracted hours over contracted weekdays), the shorter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels import diary_completeness, worker_week

WORKERS = pd.DataFrame({"worker_id": ["W1"], "fte": [0.9], "contracted_hours": [33.5],
                        "workdays": ["Mon-Fri"]})


def _diary(minutes_by_day: dict[str, float]) -> pd.DataFrame:
    """One worker, one entry a day from 09:00 on the given dates."""
    dates = pd.to_datetime(list(minutes_by_day)) + pd.Timedelta(hours=9)
    return pd.DataFrame({"worker_id": "W1", "start": dates,
                         "duration_min": list(minutes_by_day.values()),
                         "task_type": "statutory_visit", "category": "direct_work",
                         "case_id": "C1"})


def _four_weeks(friday: float, odd_friday: float | None = None) -> dict[str, float]:
    days = pd.bdate_range("2026-03-02", "2026-03-27")
    minutes = {str(d.date()): (friday if d.day_of_week == 4 else 450.0) for d in days}
    if odd_friday is not None:
        minutes["2026-03-13"] = odd_friday
    return minutes


def test_a_contracted_short_friday_is_a_complete_day():
    ep = _diary(_four_weeks(friday=210.0))  # 7.5 h Mon-Thu, 3.5 h Fri: 33.5 h a week
    d = diary_completeness(ep, WORKERS)
    fridays = d.loc[d["diary_date"].dt.day_of_week == 4]
    assert (fridays["status"] == "complete").all()
    assert fridays["usual_hours"].tolist() == [3.5] * 4
    assert not fridays["short"].any()
    w = worker_week(ep, WORKERS)
    per_fte_week = w["hours_worked"].sum() / w["fte_weeks"].sum()
    # 4 weeks of 33.5 hours over 4 x 0.9 FTE-weeks (all 20 contracted days used).
    assert per_fte_week == pytest.approx(4 * 33.5 / (4 * 0.9))


def test_one_short_friday_among_ordinary_ones_is_still_written_in_part():
    ep = _diary(_four_weeks(friday=450.0, odd_friday=180.0))  # 3 h of a usual 7.5
    d = diary_completeness(ep, WORKERS).set_index("diary_date")
    assert d.loc["2026-03-13", "usual_hours"] == 7.5
    assert d.loc["2026-03-13", "status"] == "partial"
    assert (d.drop(pd.Timestamp("2026-03-13"))["status"] == "complete").all()


def test_too_few_days_of_a_weekday_fall_back_to_all_days():
    ep = _diary({"2026-03-02": 450.0, "2026-03-03": 450.0, "2026-03-04": 450.0,
                 "2026-03-05": 450.0, "2026-03-06": 180.0})  # one Friday only
    d = diary_completeness(ep, WORKERS).set_index("diary_date")
    assert d.loc["2026-03-06", "usual_hours"] == pytest.approx(33.5 / 5)  # the contracted day
    assert d.loc["2026-03-06", "status"] == "partial"  # 3 h is under half of 6.7
    assert np.isfinite(d["usual_hours"]).all()
    without = diary_completeness(ep, WORKERS.drop(columns="contracted_hours"))
    assert without.set_index("diary_date").loc["2026-03-06", "usual_hours"] == pytest.approx(
        0.9 * 37 / 5)  # 37 x FTE when contracted hours are not given: 6.66 h a day
