"""Time off in lieu is a day at work with no work, not leave (audit 9, finding 2).

TOIL and flexi leave were classed ``leave``: a TOIL day was absent, out of the FTE-weeks
and of the case's exposure. But time available adds leave back as the yearly allowance,
never TOIL: TOIL is time off for overtime already worked, inside the working year. A
worker who worked 59 hours one week and took 3 days of TOIL the next showed 8.6 hours a
week unpaid. TOIL is now its own not-work task (``toil``); a contracted day with a TOIL
entry is complete and used, with the work written (none on a whole day of TOIL).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, run_study
from timestudy.panels import diary_completeness, worker_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH


def _toil_study(tmp_path):
    """Audit 9's p5: N1 works 09:00-10:00 emails and 10:00-17:00 case recording on X2 every
    weekday of 9-20 March 2026. T1 does the same on X1 with 18:00-21:00 more recording on
    X1 every evening and 4 hours on Saturday the 14th; then TOIL 09:00-17:00 on Monday to
    Wednesday of the second week and two usual days."""
    rows = []
    for worker, case in (("N1", "X2"), ("T1", "X1")):
        for day in pd.bdate_range("2026-03-09", "2026-03-20"):
            d = f"{day:%Y-%m-%d}"
            if worker == "T1" and day.day in (16, 17, 18):
                rows.append((worker, f"{d}T09:00", f"{d}T17:00", "TOIL", ""))
                continue
            rows += [
                (worker, f"{d}T09:00", f"{d}T10:00", "emails", ""),
                (worker, f"{d}T10:00", f"{d}T17:00", "case recording", case),
            ]
            if worker == "T1" and day.day <= 13:
                rows.append((worker, f"{d}T18:00", f"{d}T21:00", "case recording evening", case))
    rows.append(("T1", "2026-03-14T10:00", "2026-03-14T14:00", "case recording weekend", "X1"))
    pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"]).to_csv(
        tmp_path / "diary.csv", index=False
    )
    pd.DataFrame({"case_id": ["X1", "X2"], "case_type": "CIN", "worker_id": ["T1", "N1"]}).to_csv(
        tmp_path / "cases.csv", index=False
    )
    pd.DataFrame(
        {
            "worker_id": ["T1", "N1"],
            "fte": 1.0,
            "contracted_hours": 37,
            "role": "social_worker",
            "team": "T",
            "workdays": "Mon-Fri",
        }
    ).to_csv(tmp_path / "workers.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(
            tmp_path / "diary.csv",
            tmp_path / "cases.csv",
            tmp_path / "workers.csv",
            min_workers=1,
            n_boot=19,
            seed=0,
            sensitivity=False,  # no test here reads the pieces sensitivity: not run
        )


def test_overtime_repaid_as_toil_is_not_unpaid_hours(tmp_path):
    """By hand: T1 works 5 x 11 + 4 = 59 hours, then 2 x 8 = 16; N1 10 x 8 = 80: 155 hours.
    FTE-weeks: T1's 3 TOIL days are contracted days used, 2 x 5/5, and N1's 2: 4.
    155 / 4 = 38.75 hours per FTE-week (was 45.6: 155 / 3.4, TOIL days out).
    CIN: case hours X1 5 x 10 + 4 + 2 x 7 = 68, X2 10 x 7 = 70: 138 hours; each case
    open 10 working days (TOIL days are days the case is held): 20 / 21.0744
    case-months, 138 / (20 / 21.0744) = 145.41 (was 171.1: 17 days)."""
    run = _toil_study(tmp_path)
    e = run.episodes
    assert set(e.loc[e["activity"].eq("TOIL"), "task_type"]) == {"toil"}
    hours = run.guide.available["estimate"]
    assert hours["hours_worked_per_fte_week"] == pytest.approx(155 / 4)
    cin = run.guide.case_types.loc["CIN", "hours_per_case_month"]
    assert cin == pytest.approx(138 / (20 / WORKING_DAYS_PER_MONTH))
    assert round(cin, 1) == 145.4


def _week(friday: list[tuple[str, str, float]]) -> pd.DataFrame:
    """W1 (37 hours, Monday to Friday): 7.5 hours of case notes Monday to Wednesday, annual
    leave all Thursday, and ``friday``'s (activity, start, hours)."""
    rows = [(f"2026-03-0{d} 09:00", "case notes", 7.5) for d in (2, 3, 4)]
    rows += [("2026-03-05 09:00", "Annual leave", 7.5)]
    rows += [(f"2026-03-06 {start}", text, h) for text, start, h in friday]
    ep = pd.DataFrame(rows, columns=["start", "activity", "hours"]).assign(worker_id="W1")
    ep = ep.assign(start=pd.to_datetime(ep["start"]), duration_min=60 * ep.pop("hours"))
    return categorise(ep)


WORKERS = pd.DataFrame(
    {"worker_id": ["W1"], "fte": 1.0, "contracted_hours": 37.0, "workdays": "Mon-Fri"}
)


@pytest.mark.parametrize(
    ("friday", "worked", "per_fte_week"),
    [
        ([("TOIL", "09:00", 7.5)], 22.5, 22.5 / 0.8),
        ([("case notes", "09:00", 3.5), ("TOIL pm", "13:00", 4.0)], 26.0, 26.0 / 0.8),
        ([("Flexi day", "09:00", 7.5)], 22.5, 22.5 / 0.8),
    ],
)
def test_a_toil_day_or_afternoon_is_a_day_at_work(friday, worked, per_fte_week):
    """Thursday's annual leave is absent, out of the FTE-weeks (as before). Friday's TOIL
    (all day, or the afternoon after 3.5 hours of work) is a contracted day used: 4 of 5
    days, 0.8 FTE-weeks. All day: 22.5 hours, 28.1 per FTE-week (was 22.5 / 0.6 = 37.5).
    Afternoon: 26 hours, 32.5 per FTE-week (was 26 / (4 - 4 / 7.4) x 5 = 37.6, the TOIL
    hours' share of the day out as leave)."""
    ep = _week(friday)
    d = diary_completeness(ep, WORKERS).set_index("diary_date")
    assert d["status"].tolist() == ["complete"] * 3 + ["absent", "complete"]
    assert d["used"].tolist() == [True] * 3 + [False, True]
    assert not d["short"].any()
    w = worker_week(ep, WORKERS).iloc[0]
    assert (w["days_worked"], w["days_absent"], w["days_absent_part"]) == (4, 1, 0)
    assert w["fte_weeks"] == pytest.approx(0.8)
    assert w["hours_worked"] == pytest.approx(worked)
    assert w["hours_worked"] / w["fte_weeks"] == pytest.approx(per_fte_week)
