"""Panels against a hand-computed diary, and minutes conserved on a simulated study."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels import case_month, task_instances, worker_day, worker_week

MONTH = 365.25 / 12


def _episodes():
    rows = [
        # worker, start, end, task, category, case
        ("W1", "2026-03-02 09:00", "2026-03-02 09:30", "travel", "travel", "C1"),
        ("W1", "2026-03-02 09:30", "2026-03-02 10:30", "statutory_visit", "direct_work", "C1"),
        ("W1", "2026-03-02 10:30", "2026-03-02 11:00", "travel", "travel", "C1"),
        ("W1", "2026-03-02 11:00", "2026-03-02 11:20", "professional_liaison", "admin", "C2"),
        ("W1", "2026-03-02 12:00", "2026-03-02 12:30", "break", "non_work", None),
        ("W1", "2026-03-02 13:00", "2026-03-02 13:45", "case_notes", "recording", "C1"),
        ("W1", "2026-03-02 17:00", "2026-03-02 19:00", "email_admin", "admin", None),
        ("W1", "2026-03-02 22:00", "2026-03-03 00:30", "case_notes", "recording", "C1"),
        ("W1", "2026-03-03 09:00", "2026-03-03 16:24", "leave", "non_work", None),
        ("W2", "2026-03-02 10:00", "2026-03-02 12:00", "court_statement", "recording", "C3"),
        ("W2", "2026-03-02 14:00", "2026-03-02 15:00", "court_statement", "recording", "C3"),
    ]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "task_type", "category",
                                    "case_id"])
    e["start"] = pd.to_datetime(e["start"])
    e["end"] = pd.to_datetime(e["end"])
    e["duration_min"] = (e["end"] - e["start"]).dt.total_seconds() / 60
    return e


def _cases():
    return pd.DataFrame({
        "case_id": ["C1", "C2", "C3"], "case_type": ["CP", "CIN", "PROCEEDINGS"],
        "worker_id": ["W1", "W1", "W2"], "travel_miles": [5.0, 2.0, 10.0],
        "n_professionals": [4, 2, 6], "n_children": [2, 1, 1],
        "in_proceedings": [False, False, True],
        "opened": pd.to_datetime(["2025-06-01", "2026-03-16", "2025-01-01"]),
        "closed": pd.to_datetime([None, None, "2026-03-09"]),
    })


def _workers():
    return pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [1.0, 0.5],
                         "contracted_hours": [37.0, 18.5], "role": "social_worker",
                         "team": "North"})


def test_task_instances_by_hand():
    inst = task_instances(_episodes()).set_index(["worker_id", "task_type"])
    visit = inst.loc[("W1", "statutory_visit")]
    assert visit["direct_min"] == 60
    assert visit["primary"]
    assert visit["full_min"] == 30 + 60 + 30 + 45 + 150  # travel both ways + two sittings of notes
    assert visit["linked_min"] == 255
    notes = inst.loc[("W1", "case_notes")]
    assert notes["direct_min"] == 195 and not notes["primary"] and notes["linked_min"] == 0
    statement = inst.loc[("W2", "court_statement")]  # two sittings, one instance
    assert statement["direct_min"] == 180 and statement["primary"]
    assert statement["full_min"] == 180
    assert inst.loc[("W1", "email_admin"), "full_min"] == 120
    assert "travel" not in inst.index.get_level_values("task_type")
    assert "break" not in inst.index.get_level_values("task_type")


def test_worker_day_by_hand():
    d = worker_day(_episodes()).set_index(["worker_id", "diary_date"])
    mon = d.loc[("W1", pd.Timestamp("2026-03-02"))]
    assert mon["hours_worked"] == pytest.approx(455 / 60)
    assert mon["hours_case"] == pytest.approx(335 / 60)
    assert mon["hours_non_case"] == pytest.approx(2.0)
    # 60 minutes of email after 18:00 and the 150 minutes from 22:00 to 00:30.
    assert mon["hours_out_of_hours"] == pytest.approx(3.5)
    assert mon["hours_non_work"] == pytest.approx(0.5)
    assert mon["hours_recording"] == pytest.approx(195 / 60)
    tue = d.loc[("W1", pd.Timestamp("2026-03-03"))]
    assert tue["absent"] and tue["hours_absence"] == pytest.approx(7.4)


def test_worker_week_by_hand():
    w = worker_week(_episodes(), _workers()).set_index("worker_id")
    w1 = w.loc["W1"]
    assert w1["days_worked"] == 1 and w1["days_absent"] == 1
    assert w1["fte_weeks"] == pytest.approx(0.5)
    assert w1["contracted_hours"] == pytest.approx(18.5)
    assert w1["overtime_hours"] == pytest.approx(455 / 60 - 18.5)
    assert w1["n_statutory_visit"] == 1 and w1["n_professional_liaison"] == 1
    assert w.loc["W2", "fte_weeks"] == pytest.approx(0.5)
    assert w.loc["W2", "n_court_statement"] == 1


def test_case_month_by_hand():
    period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))
    cm = case_month(_episodes(), _cases(), period=period, workers=_workers()).set_index("case_id")
    # Exposure is limited to the holder's diary window (W1 and W2 kept the week of 2 March)
    # times the share of their working days present (W1: Monday worked, Tuesday on leave).
    assert cm.loc["C1", "case_months"] == pytest.approx(7 * 0.5 / MONTH)
    assert "C2" not in cm.index  # opened 16 March, after W1's diary ended: not observed
    assert cm.loc["C3", "case_months"] == pytest.approx(7 / MONTH)  # closed 9 March
    assert cm.loc["C1", "hours"] == pytest.approx(5.25)
    assert cm.loc["C1", "hours_travel"] == pytest.approx(1.0)
    assert cm.loc["C1", "hours_per_month"] == pytest.approx(5.25 / (3.5 / MONTH))
    assert cm.loc["C3", "hours"] == pytest.approx(3.0)
    assert cm.loc["C1", "cases_held"] == 1 and cm.loc["C3", "cases_per_fte"] == 2


def test_default_period_is_whole_weeks():
    cm = case_month(_episodes(), _cases())
    assert cm.set_index("case_id").loc["C1", "case_months"] == pytest.approx(3.5 / MONTH)
    late_start = _episodes().iloc[[1]].assign(start=pd.Timestamp("2026-03-04 10:00"))
    from timestudy.panels import study_period

    assert study_period(late_start) == (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-08"))


def test_lone_travel_and_co_working_are_instances_of_their_own():
    e = _episodes()
    extra = pd.DataFrame({
        "worker_id": ["W1", "W2"], "case_id": ["C3", "C1"],
        "start": pd.to_datetime(["2026-03-02 15:00", "2026-03-02 09:30"]),
        "end": pd.to_datetime(["2026-03-02 15:40", "2026-03-02 10:30"]),
        "task_type": ["travel", "statutory_visit"], "category": ["travel", "direct_work"]})
    extra["duration_min"] = [40.0, 60.0]
    inst = task_instances(pd.concat([e, extra], ignore_index=True))
    lone = inst[(inst["task_type"] == "travel")]
    assert lone[["case_id", "direct_min", "primary"]].values.tolist() == [["C3", 40.0, True]]
    visits = inst[inst["task_type"] == "statutory_visit"].set_index("worker_id")
    assert visits.loc["W1", "full_min"] == 315 and visits.loc["W2", "full_min"] == 60
    assert visits["primary"].all()
    work = pd.concat([e, extra])
    work = work.loc[work["category"] != "non_work", "duration_min"].sum()
    primary_case = inst.loc[inst["primary"] & inst["case_id"].notna(), "full_min"].sum()
    non_case = inst.loc[inst["case_id"].isna(), "direct_min"].sum()
    assert primary_case + non_case == pytest.approx(work)


def test_missing_categories_is_a_clear_error():
    with pytest.raises(ValueError, match="categorise them first"):
        task_instances(_episodes().drop(columns="category"))


def test_minutes_conserved_through_panels(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    work = ep.loc[ep["category"] != "non_work", "duration_min"].sum() / 60
    days = worker_day(ep)
    weeks = worker_week(ep, study.workers)
    assert days["hours_worked"].sum() == pytest.approx(work)
    assert weeks["hours_worked"].sum() == pytest.approx(work)
    cats = [c for c in days if c.startswith("hours_") and c[6:] in set(ep["category"])]
    assert days[cats].sum().sum() == pytest.approx(ep["duration_min"].sum() / 60)
    inst = task_instances(ep)
    non_case = inst.loc[inst["case_id"].isna(), "direct_min"].sum()
    on_case_primary = inst.loc[inst["primary"] & inst["case_id"].notna(), "full_min"].sum()
    assert on_case_primary + non_case == pytest.approx(work * 60)
    on_case = ep.loc[ep["case_id"].notna() & (ep["category"] != "non_work"), "duration_min"].sum()
    assert inst.loc[inst["primary"] & inst["case_id"].notna(), "full_min"].sum() == pytest.approx(
        on_case)
    cm = case_month(ep, study.cases)
    assert cm["hours"].sum() == pytest.approx(on_case / 60)
    np.testing.assert_allclose(cm["hours_per_month"], cm["hours"] / cm["case_months"])
