"""Capacity, weighted loads, staffing and scenarios on a hand-made guide."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from timestudy.capacity import (
    case_hours,
    case_mix_scenario,
    max_caseload,
    staffing,
    status,
    support_staff_scenario,
    weighted_load,
)
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide


def hand_guide() -> TimeGuide:
    """100 hours for casework per FTE-month; CIN 5 and CP 10 hours per case-month."""
    case_types = pd.DataFrame({
        "n_cases": [50, 40], "n_workers": [10, 10], "case_months": [60.0, 40.0],
        "hours_per_case_month": [5.0, 10.0], "uplift": [1.0, 1.2],
        "hours_per_case_month_should": [5.0, 12.0],
    }, index=pd.Index(["CIN", "CP"], name="case_type"))
    available = pd.DataFrame({"estimate": [1200.0, 43.6]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year"], name="measure"))
    tasks = pd.DataFrame({"category": ["admin", "admin"], "hours_per_fte_week": [2.0, 1.0],
                          "n_workers": [10, 10]},
                         index=pd.Index(["payments", "minute_taking"], name="task_type"))
    direct = pd.DataFrame({"minute_taking": [0.0, 1.5]}, index=["CIN", "CP"])
    mult = pd.DataFrame({"multiplier": [4.0, 2.0, 1.01]},
                        index=["baseline_hours_per_month", "case_type=CP", "travel_miles"])
    return TimeGuide({"reference_case_type": "CIN"}, tasks, case_types, mult, available,
                     pd.DataFrame(), direct, direct)


def test_status_bands():
    assert status([0.94, 0.95, 0.999, 1.0, 1.099, 1.1, 2]).tolist() == [
        "blue", "green", "green", "amber", "amber", "red", "red"]
    assert status([0.85], bands=(0.8, 0.9, 1.0)).tolist() == ["green"]


def test_max_caseload_by_hand():
    g = hand_guide()
    assert max_caseload(g, {"CIN": 1, "CP": 1}, should=False) == pytest.approx(100 / 7.5)
    assert max_caseload(g, {"CIN": 3, "CP": 1}, should=False) == pytest.approx(100 / 6.25)
    assert max_caseload(g, {"CIN": 1, "CP": 1}) == pytest.approx(100 / 8.5)
    assert max_caseload(g, {"CIN": 1}, fte=0.5, should=False) == pytest.approx(10)
    with pytest.raises(ConfigError, match=r"\['LAC'\].*not in the guide"):
        max_caseload(g, {"LAC": 1})


def test_weighted_load_by_hand():
    g = hand_guide()
    caseload = pd.DataFrame({
        "worker_id": ["A"] * 15 + ["B"] * 2 + ["C"] * 12 + ["D"] * 19,
        "case_type": ["CIN"] * 10 + ["CP"] * 5 + ["CP"] * 2 + ["CP"] * 12 + ["CIN"] * 19,
    })
    workers = pd.DataFrame({"worker_id": list("ABCD"), "fte": [1.0, 0.5, 1.0, 1.0],
                            "team": ["N", "N", "S", "S"]})
    t = weighted_load(g, caseload, workers, should=False).table
    assert t.loc["A", "hours_needed_per_month"] == pytest.approx(100)
    assert t.loc["A", "load"] == pytest.approx(1.0) and t.loc["A", "status"] == "amber"
    assert t.loc["B", "hours_available_per_month"] == pytest.approx(50)
    assert t.loc["B", "load"] == pytest.approx(0.4) and t.loc["B", "status"] == "blue"
    assert t.loc["C", "status"] == "red" and t.loc["D", "status"] == "green"
    should = weighted_load(g, caseload, workers).table
    assert should.loc["C", "hours_needed_per_month"] == pytest.approx(144)
    s = staffing(g, caseload, workers, should=False).table
    assert s.loc["N", "fte_needed"] == pytest.approx(1.2)
    assert s.loc["S", "fte_needed"] == pytest.approx((120 + 95) / 100)
    assert s.loc["N", "fte_in_post"] == pytest.approx(1.5)
    assert s.loc["total", "gap_fte"] == pytest.approx(3.5 - 3.35)


def test_case_hours_with_multipliers_by_hand():
    g = hand_guide()
    cases = pd.DataFrame({"case_type": ["CIN", "CP"], "travel_miles": [0.0, 100.0]})
    h = case_hours(g, cases, use_multipliers=True, should=False)
    assert h.tolist() == pytest.approx([4.0, 4.0 * 2.0 * 1.01**100])
    with pytest.raises(ConfigError, match="case_type"):
        case_hours(g, pd.DataFrame({"type": ["CIN"]}))


def test_support_staff_scenario_by_hand():
    g = hand_guide()
    r = support_staff_scenario(g, ["payments", "minute_taking"], mix={"CIN": 1, "CP": 1},
                               should=False)
    assert not r.table.loc["payments", "case_linked"]
    assert r.table.loc["minute_taking", "case_linked"]
    assert r.table.loc["minute_taking", "hours_per_case_month_freed"] == pytest.approx(1.5)
    after_avail = 100 + 2.0 * 43.6 / 12
    assert r.headline["available_hours_per_fte_month_after"] == pytest.approx(after_avail)
    assert r.headline["max_cases_per_fte_after"] == pytest.approx(after_avail / ((5 + 8.5) / 2))
    assert r.summary().loc["cases_gained_per_fte", "value"] > 0
    notes = " ".join(r.notes)
    assert f"{after_avail:.2f}" in notes
    assert f"{after_avail / ((5 + 8.5) / 2):.2f}" in notes
    with pytest.raises(ConfigError, match="not in the guide"):
        support_staff_scenario(g, ["filing"])


def test_case_mix_scenario_by_hand():
    g = hand_guide()
    t = case_mix_scenario(g, {"CIN": 10, "CP": 10}, {"CIN": 10, "CP": 20}, fte_in_post=2,
                          should=False).table
    assert t.loc["current", "fte_needed"] == pytest.approx(1.5)
    assert t.loc["new", "fte_needed"] == pytest.approx(2.5)
    assert t.loc["new", "gap_fte"] == pytest.approx(-0.5)


def test_weighted_load_on_a_real_guide(study):
    from timestudy.guide import build_guide
    from timestudy.models import fit_study

    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    g = build_guide(fit_study(ep, study.cases, study.workers, n_boot=49))
    wl = weighted_load(g, study.cases, study.workers)
    assert len(wl.table) == study.cases["worker_id"].nunique()
    assert set(wl.table["status"]) <= {"red", "amber", "green", "blue"}
    assert wl.plot() is not None and "Weighted caseload" in wl._repr_html_()
    g2 = replace(g, multipliers=g.multipliers)
    assert weighted_load(g2, study.cases, study.workers, use_multipliers=True).table[
        "hours_needed_per_month"].gt(0).all()
