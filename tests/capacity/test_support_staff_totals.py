"""Moving a task to support staff frees what it counts for in the "should" hours.

When evidence gives a case type's should hours as a whole (``case_type_totals``, written
by ``timestudy should``), the guide's should hours are the measured hours times that
factor (the factor replaces the mix of task uplifts, ``guide.adjustments.apply_uplifts``).
Before this fix the scenario took the moved task's measured direct hours off the should
hours at full weight (task uplift 1 x case-type factor 1), so it freed more than the
task counts for.

Hand-worked: 100 hours for casework per FTE-month; CP measured 10 hours per case-month,
evidence total 0.9, so CP should = 9.0. Minute taking: 1.5 direct hours per CP
case-month, none without a case. A caseload of CP only:

* before the move: 100 / 9.0 = 11.111 cases per FTE;
* the move frees 1.5 x 0.9 = 1.35 of CP's should hours: 9.0 - 1.35 = 7.65, so
  100 / 7.65 = 13.072 cases per FTE, 1.961 gained;
* the defect freed 1.5: 100 / 7.5 = 13.333, 2.222 gained (13% too many).

Given the evidence the uplifts came from (``evidence=``, ``standards=``), a case type
whose should hours are by events is split as the events compute them: a task the
standards list counts at its standard's rate (the audit's trigger: core groups on CP,
0.846 cases per FTE gained, not 1.449).
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy.capacity import support_staff_scenario
from timestudy.capacity.scenarios import should_factors
from timestudy.errors import ConfigError
from timestudy.guide import Adjustments, TimeGuide


def totals_guide() -> TimeGuide:
    """CIN 5 and CP 10 measured; evidence totals CIN 1.0, CP 0.9; minute taking on CP."""
    case_types = pd.DataFrame({
        "n_cases": [50, 40], "n_workers": [10, 10], "case_months": [60.0, 40.0],
        "hours_per_case_month": [5.0, 10.0], "uplift": [1.0, 0.9],
        "hours_per_case_month_should": [5.0, 9.0],
    }, index=pd.Index(["CIN", "CP"], name="case_type"))
    available = pd.DataFrame({"estimate": [1200.0, 43.6]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year"], name="measure"))
    tasks = pd.DataFrame({"category": ["admin"], "hours_per_fte_week": [1.0],
                          "non_case_hours_per_fte_week": [0.0], "n_workers": [10],
                          "uplift": [1.0]},
                         index=pd.Index(["minute_taking"], name="task_type"))
    direct = pd.DataFrame({"minute_taking": [0.0, 1.5]}, index=["CIN", "CP"])
    adj = Adjustments("England statutory minimum", "evidence: standards_events",
                      case_type_totals={"CIN": 1.0, "CP": 0.9},
                      evidence=({"level": "case_type", "item": "CP", "chosen": True},))
    return TimeGuide({"reference_case_type": "CIN"}, tasks, case_types, pd.DataFrame(),
                     available, pd.DataFrame(), direct, direct, adjustments=adj)


def test_the_move_frees_the_task_at_the_case_types_evidence_factor_by_hand():
    g = totals_guide()
    r = support_staff_scenario(g, ["minute_taking"], mix={"CP": 1})
    assert r.by_case_type.loc["CP", "freed_minute_taking"] == pytest.approx(1.35)
    assert r.by_case_type.loc["CP", "hours_per_case_month_after"] == pytest.approx(7.65)
    h = r.headline
    assert h["max_cases_per_fte_before"] == pytest.approx(100 / 9.0)
    assert h["max_cases_per_fte_after"] == pytest.approx(100 / 7.65)
    assert h["cases_gained_per_fte"] == pytest.approx(100 / 7.65 - 100 / 9.0)  # 1.961
    assert any("come from evidence as a whole" in n and "CP" in n for n in r.notes)
    # measured figures: no factor at all
    m = support_staff_scenario(g, ["minute_taking"], mix={"CP": 1}, should=False)
    assert m.by_case_type.loc["CP", "freed_minute_taking"] == pytest.approx(1.5)


def test_should_factors_are_the_guides_rule():
    """Task and case-type uplifts multiply (u_t x c_k) unless a total replaces the mix."""
    g = totals_guide()
    f = should_factors(g, ["minute_taking"], ["CIN", "CP"])
    assert f["minute_taking"].tolist() == pytest.approx([1.0, 0.9])
    adj = Adjustments("panel", "expert_panel", task_types={"minute_taking": 2.0},
                      case_types={"CP": 1.2})
    g2 = replace(g, tasks=g.tasks.assign(uplift=[2.0]), adjustments=adj)
    assert should_factors(g2, ["minute_taking"], ["CIN", "CP"])["minute_taking"].tolist() \
        == pytest.approx([2.0, 2.4])


def evidence_guide(n_workers: int, weeks: int, seed: int):
    """simulate_study(n_workers, weeks, seed), build_guide(min_workers=1), then
    apply_evidence(standards="england"): (guide with the evidence's uplifts, evidence)."""
    from timestudy import run_study, simulate_study
    from timestudy.guide import build_guide
    from timestudy.guide.should import apply_evidence, should_evidence

    s = simulate_study(n_workers=n_workers, weeks=weeks, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=19)
        g = build_guide(run.models, min_workers=1)
        ev = should_evidence(g, run.models, standards="england")
        return apply_evidence(g, run.models, standards="england"), ev


@pytest.fixture(scope="module")
def audit_s11():
    """The audit's s11: simulate_study(10, 2, seed=3)."""
    return evidence_guide(10, 2, 3)


def test_with_the_evidence_a_task_counts_at_its_standards_rate(audit_s11):
    """The standards hold CP core groups at 0.7247 a month, below the 1.1567 measured: a
    standard is a minimum, so they count at their measured rate (applied / measured = 1;
    before the standards were read as minimums, 0.64568, and should by events took 35% of
    the core groups' hours out). CP's should figure is then its measured 12.2191 h (visits
    too are above the standard), and moving core groups (1.3945 direct hours per CP
    case-month) on a CP-only mix gains 105.9968 / (12.2191 - 1.3945) - 105.9968 / 12.2191
    = 1.1175 cases per FTE (1.1426, 12.0698, 1.3775 and 1.131 before fix33q: a part-time
    holder's own days in their cases' exposure, each 5/n of a day). The split sums to each case type's should hours. (Figures since
    case exposure counts working days, bank holidays and the holders' leave and sickness
    out, a case-month 21.07 of them; before: 1.1224 measured, 11.8564 h, 1.3531 direct
    hours, 1.152 cases gained.)"""
    g2, ev = audit_s11
    sc = support_staff_scenario(g2, ["core_group"], mix={"CP": 1}, evidence=ev,
                                standards="england")
    direct = float(g2.task_case_direct.loc["CP", "core_group"])
    it = ev.events.items.set_index(["case_type", "piece"]).loc[("CP", "core_group")]
    ratio = it["per_case_month_applied"] / it["per_case_month_measured"]
    assert ratio == pytest.approx(1.0)
    assert sc.by_case_type.loc["CP", "freed_core_group"] == pytest.approx(direct * ratio)
    month = g2.available_hours_per_fte_month
    should = float(g2.case_types.loc["CP", "hours_per_case_month_should"])
    assert sc.headline["cases_gained_per_fte"] == pytest.approx(
        month / (should - direct * ratio) - month / should)
    assert sc.headline["cases_gained_per_fte"] == pytest.approx(1.1175, abs=0.001)
    full = g2._task_case_hours_unsuppressed
    f = should_factors(g2, list(full.columns), list(full.index), ev, "england")
    np.testing.assert_allclose((full * f).sum(axis=1),
                               g2.case_types["hours_per_case_month_should"].reindex(full.index),
                               rtol=1e-3)  # the guide's totals are rounded to 4 digits
    with pytest.raises(ConfigError, match="together"):
        support_staff_scenario(g2, ["core_group"], mix={"CP": 1}, evidence=ev)


def test_the_audits_trigger_frees_less_than_the_measured_hours(audit_s11):
    """Without the evidence: the move frees the direct hours times CP's evidence factor
    (should / measured), never more than the measured hours. (Before the standards were
    read as minimums the factor was 0.9039, should 10.7170 of measured 11.8564; now CP's
    should is its measured hours, factor 1, and the move frees all 1.3531 hours.)"""
    g2, _ = audit_s11
    cp = g2.case_types.loc["CP"]
    factor = float(g2.adjustments.case_type_totals["CP"])
    assert float(cp["uplift"]) == pytest.approx(factor)
    sc = support_staff_scenario(g2, ["core_group"], mix={"CP": 1})
    direct = float(g2.task_case_direct.loc["CP", "core_group"])
    assert sc.by_case_type.loc["CP", "freed_core_group"] == pytest.approx(direct * factor)
    month = g2.available_hours_per_fte_month
    should = float(cp["hours_per_case_month_should"])
    gained = month / (should - direct * factor) - month / should
    assert sc.headline["cases_gained_per_fte"] == pytest.approx(gained)
    assert sc.headline["cases_gained_per_fte"] <= month / (should - direct) - month / should
    assert factor == pytest.approx(1.0)


def test_a_standard_never_measured_on_a_case_type_does_not_crash_the_split():
    """Review of the stop: on a small study PROCEEDINGS had no statutory visit or core group
    recorded (measured 0 a case-month, hours per piece pooled), and splitting its should
    hours by task divided by that zero (ZeroDivisionError) even for a task no standard
    lists. Now a task unrelated to the standards is split as measured, and a moved task
    whose standard has no measured piece on the case type is taken off at the case type's
    applied factor, with a note saying so."""
    g2, ev = evidence_guide(8, 1, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = ev.events.items
        never = items.loc[(items["case_type"] == "PROCEEDINGS")
                          & (items["per_case_month_measured"] == 0), "piece"]
        assert "core_group" in set(never)  # the case the review found
        admin = support_staff_scenario(g2, ["email_admin"], evidence=ev, standards="england")
        core = support_staff_scenario(g2, ["core_group"], evidence=ev, standards="england")
    assert np.isfinite(admin.headline["cases_gained_per_fte"])
    assert not any("cannot be split" in n for n in admin.notes)
    assert any(n.startswith("PROCEEDINGS: a moved task's standard has no piece measured")
               for n in core.notes)
    assert np.isfinite(core.headline["cases_gained_per_fte"])
