"""Panels against a hand-computed diary, and minutes conserved on a simulated study."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels import (
    case_month,
    diary_completeness,
    pieces_of_work,
    used_episodes,
    worker_day,
    worker_week,
)
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

MONTH = WORKING_DAYS_PER_MONTH  # 21.0744 working days a case-month


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
    assert w1["days_worked"] == 1 and w1["days_absent"] == 1 and w1["days_missing"] == 0
    # An FTE-week counts the contracted days used: Monday of W1's five (Tuesday on leave).
    assert w1["fte_weeks"] == pytest.approx(1 / 5)
    assert w1["contracted_hours"] == pytest.approx(37 / 5)
    assert w1["overtime_hours"] == pytest.approx(455 / 60 - 37 / 5)
    assert w1["n_statutory_visit"] == 1 and w1["n_professional_liaison"] == 1
    # W2 at 0.5 FTE works round(2.5) = 3 days a week: Monday is one of them.
    assert w.loc["W2", "fte_weeks"] == pytest.approx(0.5 / 3)
    assert w.loc["W2", "n_court_statement"] == 1


def test_a_missing_day_is_out_of_hours_and_fte_weeks():
    e = _episodes()
    thursday = e.iloc[[3]].assign(start=pd.Timestamp("2026-03-05 11:00"),
                                  end=pd.Timestamp("2026-03-05 13:00"), duration_min=120.0)
    w = worker_week(pd.concat([e, thursday]), _workers()).set_index("worker_id").loc["W1"]
    assert w["days_missing"] == 1  # Wednesday: no entry, no leave
    # Thursday's 2 hours are 0.42 of a usual day ((455 + 120) / 2 minutes): partial
    assert w["days_worked"] == 1
    assert w["days_partial"] == 1
    assert w["fte_weeks"] == pytest.approx(1 / 5)
    assert w["hours_worked"] == pytest.approx(455 / 60)


def test_case_month_by_hand():
    period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))
    cm = case_month(_episodes(), _cases(), period=period, workers=_workers()).set_index("case_id")
    # Exposure: the working days a case was open within its holder's diary window, less the
    # holder's days on leave (W1: Monday and Tuesday, on leave Tuesday: 1; W2: Monday), times
    # the holder's share of working days used (1: leave is not a missing day), over 21.0744
    # working days a month. Before the exposure fix C1 counted Tuesday too, with no hours
    # (2 x 7/5 / 30.4375 case-months): leave written in halved its hours per case-month,
    # while the same leave left blank (a missing day) did not.
    assert cm.loc["C1", "case_months"] == pytest.approx(1 / MONTH)
    assert "C2" not in cm.index  # opened 16 March, after W1's diary ended: not observed
    # W2 (0.5 FTE, 3 days a week) wrote Monday alone, a third of their week: 5/3 of a day
    # (fix33q: a case's days are its holder's own, each 5 / their days; before, 1 day)
    assert cm.loc["C3", "case_months"] == pytest.approx(5 / 3 / MONTH)
    assert cm.loc["C1", "hours"] == pytest.approx(5.25)
    assert cm.loc["C1", "hours_travel"] == pytest.approx(1.0)
    assert cm.loc["C1", "hours_per_month"] == pytest.approx(5.25 * MONTH)
    assert cm.loc["C3", "hours"] == pytest.approx(3.0)
    assert cm.loc["C1", "cases_held"] == 1 and cm.loc["C3", "cases_per_fte"] == 2
    assert (cm[["hours_by_others", "hours_outside_open", "hours_outside_window"]] == 0).all().all()


def test_case_month_counts_cover_and_closing_work_and_reports_them():
    e = _episodes()
    extra = pd.DataFrame({
        "worker_id": ["W2", "W2"], "case_id": ["C1", "C3"],
        "start": pd.to_datetime(["2026-03-02 16:00", "2026-03-02 17:00"]),
        "end": pd.to_datetime(["2026-03-02 17:00", "2026-03-02 17:30"]),
        "task_type": ["statutory_visit", "case_notes"], "category": ["direct_work", "recording"]})
    extra["duration_min"] = [60.0, 30.0]
    period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03"))
    cases = _cases().assign(closed=pd.to_datetime([None, None, "2026-03-02"]))
    cm = case_month(pd.concat([e, extra]), cases, period=period, workers=_workers())
    cm = cm.set_index("case_id")
    assert cm.loc["C1", "hours_by_others"] == pytest.approx(1.0)  # W2's cover visit
    assert cm.loc["C1", "hours"] == pytest.approx(6.25)
    assert "C3" not in cm.index  # closed on the first day: no open weekday in W2's window


def test_default_period_is_the_diary_window_used():
    from timestudy.panels import study_period

    late_start = _episodes().iloc[[1]].assign(start=pd.Timestamp("2026-03-04 10:00"))
    assert study_period(late_start) == (pd.Timestamp("2026-03-04"), pd.Timestamp("2026-03-04"))
    assert study_period(_episodes()) == (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03"))


def test_missing_categories_is_a_clear_error():
    with pytest.raises(ValueError, match="categorise them first"):
        pieces_of_work(_episodes().drop(columns="category"))


def test_minutes_conserved_through_panels(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    work = ep.loc[ep["category"] != "non_work", "duration_min"].sum() / 60
    days = worker_day(ep)
    assert days["hours_worked"].sum() == pytest.approx(work)
    cats = [c for c in days if c.startswith("hours_") and c[6:] in set(ep["category"])]
    assert days[cats].sum().sum() == pytest.approx(ep["duration_min"].sum() / 60)
    status = diary_completeness(ep, study.workers)
    used = used_episodes(ep, status)
    used_work = used.loc[used["category"] != "non_work", "duration_min"].sum() / 60
    weeks = worker_week(used, study.workers, days=status)
    assert weeks["hours_worked"].sum() == pytest.approx(used_work)
    pieces = pieces_of_work(used, days=status)
    assert pieces["direct_min"].sum() == pytest.approx(used_work * 60)
    on_case = used.loc[used["case_id"].notna() & (used["category"] != "non_work"), "duration_min"]
    assert pieces.loc[pieces["case_id"].notna(), "full_min"].sum() == pytest.approx(on_case.sum())
    cm = case_month(used, study.cases, workers=study.workers, days=status)
    np.testing.assert_allclose(cm["hours_per_month"], cm["hours"] / cm["case_months"])
    assert cm["hours_outside_window"].sum() < 0.01 * cm["hours"].sum()
