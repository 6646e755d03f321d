"""A job share's half day is a day of its contract, not a day written in part (audit 9, 1).

J1 is 0.5 FTE, 18.5 hours on Monday to Wednesday; J2 0.5 FTE, 18.5 hours on Wednesday to
Friday. Each works 7.5, 7.5 and a 3.5-hour half day on Wednesday, one week. With fewer
than 3 Wednesdays a Wednesday was judged against the worker's median day, 7.5 hours:
3.5 is under half of it, so both Wednesdays were *partial* and left out of the hours and
the FTE-weeks (45.0 hours per FTE-week, 14.5 for casework, CIN 47.4 per case-month). A
weekday seen fewer than 3 times is now judged against the contracted day when that is
shorter (18.5 / 3 = 6.17 hours: 3.5 is over half of it).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

DIARY = [
    ("J1", "2026-03-09T09:00", "2026-03-09T16:30", "case recording K1", "case_notes", "K1"),
    ("J1", "2026-03-10T09:00", "2026-03-10T16:30", "emails", "email_admin", ""),
    ("J1", "2026-03-11T09:00", "2026-03-11T12:30", "case recording K2", "case_notes", "K2"),
    ("J2", "2026-03-11T13:00", "2026-03-11T16:30", "case recording K1", "case_notes", "K1"),
    ("J2", "2026-03-12T09:00", "2026-03-12T16:30", "case recording K2", "case_notes", "K2"),
    ("J2", "2026-03-13T09:00", "2026-03-13T16:30", "emails", "email_admin", ""),
]
WORKERS = pd.DataFrame(
    {
        "worker_id": ["J1", "J2"],
        "fte": 0.5,
        "contracted_hours": 18.5,
        "role": "social_worker",
        "team": "T",
        "workdays": ["Mon Tue Wed", "Wed Thu Fri"],
    }
)


def test_a_job_shares_half_day_counts_by_hand(tmp_path):
    """By hand: 7.5 + 7.5 + 3.5 hours each, 37 hours over 2 x 0.5 FTE x 3/3 = 1 FTE-week:
    37.0 hours per FTE-week (was 45.0). Casework: K1 7.5 + 3.5, K2 3.5 + 7.5 = 22 hours,
    22.0 per FTE-week (was 14.5). CIN: both cases open all 5 working days, 10 / 21.0744
    case-months: 22 / (10 / 21.0744) = 46.36 hours per case-month (was 47.4)."""
    pd.DataFrame(
        DIARY, columns=["worker_id", "start", "end", "activity", "task_type", "case_id"]
    ).to_csv(tmp_path / "diary.csv", index=False)
    pd.DataFrame({"case_id": ["K1", "K2"], "case_type": "CIN", "worker_id": "J1"}).to_csv(
        tmp_path / "cases.csv", index=False
    )
    WORKERS.to_csv(tmp_path / "workers.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(
            tmp_path / "diary.csv",
            tmp_path / "cases.csv",
            tmp_path / "workers.csv",
            min_workers=1,
            n_boot=19,
            seed=0,
        )
    hours = run.guide.available["estimate"]
    assert hours["hours_worked_per_fte_week"] == pytest.approx(37.0)
    assert hours["case_hours_per_fte_week"] == pytest.approx(22.0)
    cin = run.guide.case_types.loc["CIN", "hours_per_case_month"]
    assert cin == pytest.approx(22 / (10 / WORKING_DAYS_PER_MONTH))
    assert round(cin, 2) == 46.36


def _episodes(fridays: list[float]) -> pd.DataFrame:
    """W1, 7.5 hours Monday to Thursday and ``fridays`` hours on each Friday, from 2 March."""
    days = pd.bdate_range("2026-03-02", periods=5 * len(fridays))
    hours = [fridays[i // 5] if d.day_of_week == 4 else 7.5 for i, d in enumerate(days)]
    return pd.DataFrame(
        {
            "worker_id": "W1",
            "start": days + pd.Timedelta(hours=9),
            "duration_min": [60 * h for h in hours],
            "task_type": "case_notes",
            "category": "case_work",
            "case_id": "C1",
        }
    )


def test_the_half_day_is_complete_and_the_contract_sets_the_usual_day():
    ep = pd.DataFrame(
        {
            "worker_id": [r[0] for r in DIARY],
            "start": pd.to_datetime([r[1] for r in DIARY]),
            "end": pd.to_datetime([r[2] for r in DIARY]),
            "task_type": "case_notes",
            "category": "case_work",
        }
    )
    ep["duration_min"] = (ep["end"] - ep["start"]).dt.total_seconds() / 60
    d = diary_completeness(ep, WORKERS).set_index(["worker_id", "diary_date"])
    wed = d.xs(pd.Timestamp("2026-03-11"), level="diary_date")
    assert wed["status"].tolist() == ["complete", "complete"]
    assert wed["usual_hours"].tolist() == pytest.approx([18.5 / 3] * 2)
    assert d["used"].all()


def test_a_weekday_partial_every_week_is_said():
    """37 hours Monday to Friday, 3 hours each Friday for 2 weeks: 3 / 7.4 = 0.41 of the
    contracted day, partial both times: a regular half day, said (a one-off is not)."""
    workers = pd.DataFrame(
        {"worker_id": ["W1"], "fte": 1.0, "contracted_hours": 37.0, "workdays": "Mon-Fri"}
    )
    with pytest.warns(DataQualityWarning, match=r"every week of the diary.*W1 \(Friday\)"):
        d = diary_completeness(_episodes([3.0, 3.0]), workers)
    assert d.loc[d["diary_date"].dt.day_of_week == 4, "status"].tolist() == ["partial"] * 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        diary_completeness(_episodes([3.0, 7.5]), workers)
