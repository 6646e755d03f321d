"""Diary completeness: the rule by hand, and hours per case-month recovered with days missing."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import fit_study
from timestudy.panels import (
    completeness_by,
    diary_completeness,
    observed_share,
    parse_workdays,
    worker_week,
)


def _day(worker, date, minutes, task="statutory_visit", category="direct_work"):
    return {"worker_id": worker, "start": pd.Timestamp(f"{date} 09:00"), "duration_min": minutes,
            "task_type": task, "category": category, "case_id": "C1"}


def _diary():
    rows = [_day("W1", d, 480) for d in ("2026-03-02", "2026-03-03", "2026-03-05")]
    rows += [_day("W1", "2026-03-06", 150),  # 2.5 of a usual 8 hours: written in part
             _day("W1", "2026-03-07", 60),  # a Saturday: extra
             _day("W1", "2026-03-09", 444, "leave", "non_work"),
             _day("W1", "2026-03-13", 470)]
    # W1: Wednesday 4 missing; 10, 11, 12 missing unless a leave record says otherwise.
    rows += [_day("W2", d, 400) for d in ("2026-03-02", "2026-03-05", "2026-03-09")]
    return pd.DataFrame(rows)


def _workers():
    return pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [1.0, 0.4],
                         "workdays": [None, "Mon Thu"]})


def test_each_worker_day_is_classed_by_the_stated_rule():
    leave = pd.DataFrame({"worker_id": ["W1"], "start": ["2026-03-10"], "end": ["2026-03-11"]})
    d = diary_completeness(_diary(), _workers(), leave=leave, holidays=["2026-03-12"])
    w1 = d.loc[d["worker_id"] == "W1"].set_index("diary_date")["status"]
    assert w1.to_dict() == {
        pd.Timestamp(k): v for k, v in {
            "2026-03-02": "complete", "2026-03-03": "complete", "2026-03-04": "missing",
            "2026-03-05": "complete", "2026-03-06": "partial", "2026-03-07": "extra",
            "2026-03-09": "absent", "2026-03-10": "absent", "2026-03-11": "absent",
            "2026-03-12": "holiday", "2026-03-13": "complete"}.items()}
    w2 = d.loc[d["worker_id"] == "W2"].set_index("diary_date")["status"]
    assert w2.tolist() == ["complete", "complete", "complete"]  # Mon and Thu only: none missing
    assert d.loc[d["worker_id"] == "W1", "used"].sum() == 5  # complete and extra days
    assert observed_share(d).round(4).to_dict() == {"W1": round(4 / 6, 4), "W2": 1.0}
    weeks = completeness_by(d)
    assert weeks.loc[pd.Timestamp("2026-03-02"), ["complete", "partial", "missing"]].tolist() == [
        5, 1, 1]


def test_without_a_leave_record_an_empty_contracted_day_is_missing():
    d = diary_completeness(_diary(), _workers())
    assert (d.loc[d["worker_id"] == "W1", "status"] == "missing").sum() == 4
    used = diary_completeness(_diary(), _workers(), use_partial=True)
    assert used.loc[used["status"] == "partial", "used"].all()


def test_part_time_days_are_inferred_without_a_workdays_column():
    d = diary_completeness(_diary(), _workers().drop(columns="workdays"))
    w2 = d.loc[d["worker_id"] == "W2"]
    assert w2["days_per_week"].iloc[0] == 2  # round(5 x 0.4): Monday and Thursday, as recorded
    assert (w2["status"] == "missing").sum() == 0


def test_workdays_are_read_in_several_spellings():
    assert parse_workdays("mon, Tue thu") == (0, 1, 3)
    assert parse_workdays("Mon-Fri") == (0, 1, 2, 3, 4)
    with pytest.raises(ValueError, match="is not a weekday"):
        parse_workdays("Mon Funday")


@pytest.mark.parametrize("missing", ["random", "workload"])
def test_hours_per_case_month_recovered_with_a_fifth_of_days_missing(missing):
    s = simulate_study(n_workers=120, weeks=4, seed=21, missing_days=0.2, missing=missing)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    fit = fit_study(ep, s.cases, s.workers, n_boot=9, sensitivity=False)
    share_missing = (fit.days["status"] == "missing").mean()
    assert 0.15 < share_missing < 0.25
    est = fit.case_weights.table["hours_per_case_month"]
    rel = est / pd.Series(s.truth["hours_per_case_month"]) - 1
    assert rel.abs().max() <= 0.05, rel.round(3).to_dict()
    av = fit.available.table["estimate"]
    assert av["non_case_hours_per_fte_week"] == pytest.approx(
        s.truth["non_case_hours_per_fte_week"], rel=0.05)


def test_worker_week_classes_the_days_with_its_own_day_start_hour():
    # 05:00 Monday belongs to Sunday when days start at 06:00: a day of work outside the
    # contracted week, counted (extra), not dropped by a completeness built at 04:00.
    ep = pd.DataFrame({"worker_id": "W1", "task_type": "email_admin", "category": "admin",
                       "start": pd.to_datetime(["2026-03-02 05:00", "2026-03-02 09:00",
                                                "2026-03-03 09:00"]),
                       "duration_min": [60.0, 360.0, 420.0]})
    for hour in (4.0, 6.0):
        ww = worker_week(ep, day_start_hour=hour)
        assert ww["hours_worked"].sum() == pytest.approx(14.0), hour


def test_fit_study_classes_the_days_with_the_day_start_hour_of_day_options(monkeypatch):
    import timestudy.models as models

    seen = {}

    class Stop(Exception):
        pass

    def spy(episodes, *args, **kwargs):
        seen["dates"] = episodes["diary_date"] if "diary_date" in episodes else None
        raise Stop

    monkeypatch.setattr(models, "diary_completeness", spy)
    ep = pd.DataFrame({"worker_id": ["W1", "W2"], "task_type": "email_admin",
                       "category": "admin", "duration_min": 60.0,
                       "start": pd.to_datetime(["2026-03-02 05:00", "2026-03-02 09:00"])})
    cases = pd.DataFrame({"case_id": ["C1"], "case_type": ["CIN"]})
    with pytest.raises(Stop):
        models.fit_study(ep, cases, day_options={"day_start_hour": 6.0})
    assert seen["dates"].dt.day.tolist() == [1, 2]
