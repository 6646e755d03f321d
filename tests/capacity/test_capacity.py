"""Capacity, weighted loads, staffing and scenarios on a hand-made guide."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
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
from timestudy.guide import Adjustments, Suppressed, TimeGuide


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


def suppressed_guide() -> TimeGuide:
    """The hand guide with PROCEEDINGS from 2 workers: its hours are suppressed (NaN)."""
    g = hand_guide()
    ct = pd.concat([g.case_types, pd.DataFrame(
        {"n_cases": [4], "n_workers": [2], "case_months": [5.0], "hours_per_case_month": [np.nan],
         "uplift": [np.nan], "hours_per_case_month_should": [np.nan]},
        index=pd.Index(["PROCEEDINGS"], name="case_type"))])
    direct = pd.concat([g.task_case_direct, pd.DataFrame({"minute_taking": [np.nan]},
                                                         index=["PROCEEDINGS"])])
    mult = pd.concat([g.multipliers, pd.DataFrame({"multiplier": [np.nan]},
                                                  index=["case_type=PROCEEDINGS"])])
    return replace(g, meta={"reference_case_type": "CIN", "min_workers": 5}, case_types=ct,
                   task_case_direct=direct, multipliers=mult,
                   suppressed=[Suppressed("case_types", "PROCEEDINGS",
                                "fewer than 5 workers (2)")])


CASELOAD = pd.DataFrame({"worker_id": ["A"] * 4 + ["B"] * 2,
                         "case_type": ["CIN", "CIN", "CP", "PROCEEDINGS", "CIN", "CP"]})


@pytest.mark.parametrize("call", [
    lambda g: case_hours(g, CASELOAD),
    lambda g: case_hours(g, CASELOAD, use_multipliers=True),
    lambda g: weighted_load(g, CASELOAD),
    lambda g: staffing(g, CASELOAD),
    lambda g: max_caseload(g, {"CIN": 1, "PROCEEDINGS": 1}),
    lambda g: case_mix_scenario(g, {"CIN": 10}, {"CIN": 10, "PROCEEDINGS": 1}),
], ids=["case_hours", "multipliers", "weighted_load", "staffing", "max_caseload", "case_mix"])
def test_suppressed_case_types_are_not_zero_hours(call):
    with pytest.raises(ConfigError, match=r"\['PROCEEDINGS'\] whose hours the guide suppresses "
                       r"\(PROCEEDINGS: fewer than 5 workers \(2\)\)") as exc:
        call(suppressed_guide())
    assert "min_workers" in str(exc.value) and "calibrate" in str(exc.value)


def test_suppressed_case_types_on_request_give_unknown_not_zero():
    g = suppressed_guide()
    h = case_hours(g, CASELOAD, should=False, on_suppressed="nan")
    assert h.isna().tolist() == [False, False, False, True, False, False]
    t = weighted_load(g, CASELOAD, should=False, on_suppressed="nan").table
    assert np.isnan(t.loc["A", "hours_needed_per_month"]) and t.loc["A", "status"] == "none"
    assert t.loc["B", "hours_needed_per_month"] == pytest.approx(15)
    s = staffing(g, CASELOAD, should=False, on_suppressed="nan").table
    assert np.isnan(s.loc["all", "fte_needed"]) and np.isnan(s.loc["total", "fte_needed"])
    # a type with no cases in the mix is fine
    assert max_caseload(g, {"CIN": 1, "CP": 1, "PROCEEDINGS": 0}, should=False) == \
        pytest.approx(100 / 7.5)
    with pytest.raises(ConfigError, match="hours available"):
        max_caseload(replace(g, available=g.available * np.nan), {"CIN": 1})


def test_staffing_counts_teams_with_staff_and_no_cases():
    g = hand_guide()
    caseload = pd.DataFrame({"worker_id": ["A"] * 10, "case_type": ["CIN"] * 10})
    workers = pd.DataFrame({"worker_id": list("ABCD"), "fte": [1.0, 1.0, 1.0, 0.5],
                            "team": ["N", "N", "S", "S"]})
    s = staffing(g, caseload, workers, should=False).table
    assert s.loc["S", "fte_in_post"] == pytest.approx(1.5)
    assert s.loc["S", "n_cases"] == 0 and s.loc["S", "fte_needed"] == 0
    assert s.loc["S", "gap_fte"] == pytest.approx(1.5) and np.isnan(s.loc["S", "ratio"])
    assert s.loc["total", "fte_in_post"] == pytest.approx(3.5)
    assert s.loc["total", "fte_needed"] == pytest.approx(0.5)
    assert s.loc["total", "ratio"] == pytest.approx(7.0)


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
    # freed by case type, not summed over case types; the table gives it at the mix
    assert r.by_case_type.loc["CP", "freed_minute_taking"] == pytest.approx(1.5)
    assert r.by_case_type.loc["CIN", "freed_minute_taking"] == pytest.approx(0.0)
    assert r.by_case_type.loc["CP", "hours_per_case_month_after"] == pytest.approx(8.5)
    assert r.table.loc["minute_taking", "hours_per_case_month_freed"] == pytest.approx(0.75)
    after_avail = 100 + 2.0 * 43.6 / 12
    assert r.headline["available_hours_per_fte_month_after"] == pytest.approx(after_avail)
    assert r.headline["max_cases_per_fte_after"] == pytest.approx(after_avail / ((5 + 8.5) / 2))
    assert r.summary().loc["cases_gained_per_fte", "value"] > 0
    notes = " ".join(r.notes)
    assert f"{after_avail:.2f}" in notes
    assert f"{after_avail / ((5 + 8.5) / 2):.2f}" in notes
    assert "By case type" in r._repr_html_()
    with pytest.raises(ConfigError, match="not in the guide"):
        support_staff_scenario(g, ["filing"])


def test_support_staff_scenario_counts_both_parts_of_a_task():
    """Payments: 2 hours per FTE-week, 1.5 of them without a case, and 0.5 hours per
    CP case-month recorded on cases. Moving them frees both."""
    g = hand_guide()
    tasks = g.tasks.assign(non_case_hours_per_fte_week=[1.5, 0.0])
    direct = pd.DataFrame({"payments": [0.0, 0.5], "minute_taking": [0.0, 1.5]},
                          index=["CIN", "CP"])
    g = replace(g, tasks=tasks, task_case_direct=direct)
    r = support_staff_scenario(g, ["payments"], mix={"CIN": 1, "CP": 1}, should=False)
    assert r.table.loc["payments", "case_linked"]
    assert r.table.loc["payments", "non_case_hours_per_fte_week"] == pytest.approx(1.5)
    after_avail = 100 + 1.5 * 43.6 / 12
    assert r.headline["available_hours_per_fte_month_after"] == pytest.approx(after_avail)
    assert r.by_case_type.loc["CP", "freed_payments"] == pytest.approx(0.5)
    assert r.headline["max_cases_per_fte_after"] == pytest.approx(after_avail / ((5 + 9.5) / 2))
    # "should" weights carry the uplifts: what the move takes off them too
    adj = Adjustments("panel", "expert_panel", task_types={"payments": 2.0},
                      case_types={"CP": 1.2})
    g2 = replace(g, tasks=g.tasks.assign(uplift=[2.0, 1.0]), adjustments=adj)
    r2 = support_staff_scenario(g2, ["payments"], mix={"CIN": 1, "CP": 1})
    assert r2.by_case_type.loc["CP", "freed_payments"] == pytest.approx(0.5 * 2.0 * 1.2)
    assert r2.by_case_type.loc["CP", "hours_per_case_month_after"] == pytest.approx(12 - 1.2)


def test_support_staff_scenario_refuses_suppressed_figures():
    g = suppressed_guide()
    with pytest.raises(ConfigError, match=r"mix has case type\(s\) \['PROCEEDINGS'\]"):
        support_staff_scenario(g, ["payments"])  # the study's mix has proceedings
    r = support_staff_scenario(g, ["payments"], mix={"CIN": 1, "CP": 1, "PROCEEDINGS": 0})
    assert np.isfinite(r.headline["cases_gained_per_fte"])
    tasks = g.tasks.copy()
    tasks.loc["payments", "hours_per_fte_week"] = np.nan
    with pytest.raises(ConfigError, match=r"suppresses task type\(s\) \['payments'\]"):
        support_staff_scenario(replace(g, tasks=tasks), ["payments"], mix={"CIN": 1})
    direct = g.task_case_direct.copy()
    direct.loc["CP", "minute_taking"] = np.nan
    with pytest.raises(ConfigError, match=r"direct hours of \['CP/minute_taking'\]"):
        support_staff_scenario(replace(g, task_case_direct=direct), ["minute_taking"],
                               mix={"CIN": 1, "CP": 1})
    # a case type out of the mix does not need its cells
    support_staff_scenario(replace(g, task_case_direct=direct), ["minute_taking"],
                           mix={"CIN": 1})


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
    g = build_guide(fit_study(ep, study.cases, study.workers, sensitivity=False, n_boot=49))
    wl = weighted_load(g, study.cases, study.workers)
    assert len(wl.table) == study.cases["worker_id"].nunique()
    assert set(wl.table["status"]) <= {"red", "amber", "green", "blue"}
    assert wl.plot() is not None and "Weighted caseload" in wl._repr_html_()
    g2 = replace(g, multipliers=g.multipliers)
    assert weighted_load(g2, study.cases, study.workers, use_multipliers=True).table[
        "hours_needed_per_month"].gt(0).all()
