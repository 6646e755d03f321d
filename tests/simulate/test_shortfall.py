"""Recovery of the true should-hours from a simulated study whose work falls short of standard.

The simulator's own visiting rhythms are its practice standard; workload removes visits
from a quarter of the cases and rushes chronologies. Each method of "should" must
recover the simulator's true should-hours per case-month within 10% at 120 workers
(issue 17's target).
"""

from __future__ import annotations

import pytest

from timestudy.guide import build_guide
from timestudy.guide.should import should_evidence
from timestudy.ingest.evidence import read_delphi, read_survey
from timestudy.models import fit_study
from timestudy.schema.standards import standards_from_dict
from timestudy.simulate.shortfall import simulate_shortfall


@pytest.fixture(scope="module")
def shortfall():
    s = simulate_shortfall(n_workers=120, weeks=4, seed=3)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    m = fit_study(ep, s.cases, s.workers, n_boot=199, sensitivity=False)  # not read
    g = build_guide(m)
    ev = should_evidence(g, m, standards=standards_from_dict(s.standards),
                         survey=read_survey(s.survey), delphi=read_delphi(s.delphi))
    return s, g, ev


def test_the_shortfall_is_real(shortfall):
    """"Is" falls below what the same pipeline measures on the full diary (every visit
    made) by more than 5% for CIN and CP. Compared with the full diary's estimate, not
    with the simulator's truth: the truth counts calendar case-months with the holders'
    leave in them, while case exposure counts working days with leave and bank holidays
    out (time available takes them out), so the two differ by design. Measured (seed 3,
    120 workers): CIN 5.37 against 5.95 on the full diary (-9.7%), CP 11.51 against
    12.23 (-5.8%); the full diary's estimates are 2.0% and 1.6% above the truth (5.83,
    12.03), against which CP's "is" is only 4.3% below (it was more than 5% below before
    case exposure took the holders' leave out)."""
    s, g, ev = shortfall
    assert 0.24 <= s.truth["share_missed"] <= 0.26
    cm = fit_study(s.full_diary.rename(columns={"true_task_type": "task_type",
                                                "true_category": "category"}),
                   s.cases, s.workers, n_boot=19, sensitivity=False).case_month
    sums = cm.groupby("case_type")[["hours", "case_months"]].sum()
    full = sums["hours"] / sums["case_months"]  # the ratio estimator, as the guide's
    for k in ("CIN", "CP"):  # is falls below should where visits were missed
        assert g.case_types.loc[k, "hours_per_case_month"] < 0.95 * full[k]
    met = ev.standards_met.by_type
    assert met.loc["CP", "share_met"] < 0.8
    assert (met["hours_per_case_month_not_met"].dropna()
            < met["hours_per_case_month_met"].reindex(met["hours_per_case_month_not_met"]
                                                      .dropna().index)).all()


@pytest.mark.parametrize("method", ["standards_events", "standards_met", "delphi"])
def test_should_hours_recovered_within_ten_percent(shortfall, method):
    s, _, ev = shortfall
    truth = s.truth["should_hours_per_case_month"]
    rows = ev.table.loc[(ev.table["method"] == method) & (ev.table["level"] == "case_type")]
    assert len(rows) == 4
    for r in rows.itertuples():
        assert r.should_value == pytest.approx(truth[r.item], rel=0.10), (method, r.item)


def test_chosen_should_recovers_truth_and_covers_it(shortfall):
    s, g, ev = shortfall
    truth = s.truth["should_hours_per_case_month"]
    pick = ev.summary().set_index("item")
    covered = 0
    for k, true in truth.items():
        assert pick.loc[k, "method"] == "standards_events"
        assert pick.loc[k, "should_value"] == pytest.approx(true, rel=0.10)
        covered += pick.loc[k, "should_ci_low"] <= true <= pick.loc[k, "should_ci_high"]
    assert covered >= 3
    from timestudy.guide import with_adjustments

    should = with_adjustments(g, ev.adjustments()).case_types["hours_per_case_month_should"]
    for k, true in truth.items():
        assert should[k] == pytest.approx(true, rel=0.10)


def test_survey_recovers_the_rushed_task(shortfall):
    s, _, ev = shortfall
    t = ev.survey.table
    assert t.loc["chronology", "uplift"] == pytest.approx(s.truth["rushed_uplift"], rel=0.10)
    assert t.loc["statutory_visit", "uplift"] == 1.0


def test_delphi_panel_converges(shortfall):
    _, _, ev = shortfall
    r = ev.panel.rounds
    first, last = r.loc[r["round"] == 1], r.loc[r["round"] == 3]
    assert (last["relative_iqr"].to_numpy() < first["relative_iqr"].to_numpy()).all()
    assert not first["consensus"].all() and last["consensus"].all()


def test_same_seed_same_shortfall():
    a = simulate_shortfall(n_workers=8, weeks=2, seed=5)
    b = simulate_shortfall(n_workers=8, weeks=2, seed=5)
    assert a.diary.equals(b.diary) and a.survey.equals(b.survey) and a.delphi.equals(b.delphi)
