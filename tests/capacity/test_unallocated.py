"""Cases with no holder (a blank worker_id) still need a worker's time.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CIN 5
and CP 12 a case-month. Worker A (1.0 FTE, team N) holds CIN, CIN, CP: 22 hours;
worker B (0.5 FTE, team S) holds CP: 12 hours; two cases have no holder, CIN and CP:
17 hours. All six cases need 51 hours a month, 0.51 FTE (the defect counted only the
34 hours of the held cases, 0.34 FTE). Cases held per FTE: 4 / 1.5.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy import run_study, simulate_study
from timestudy.capacity import case_hours, headline, staffing, weighted_load

CASELOAD = pd.DataFrame({
    "worker_id": pd.array(["A", "A", "A", "B", None, None], dtype="string"),
    "case_type": ["CIN", "CIN", "CP", "CP", "CIN", "CP"]})
WORKERS = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, 0.5], "team": ["N", "S"]})


def test_weighted_load_counts_the_unallocated_apart_by_hand():
    wl = weighted_load(hand_guide(), CASELOAD, WORKERS)
    t = wl.table
    assert t.index.tolist() == ["A", "B"]  # no pseudo-worker row
    assert t["n_cases"].tolist() == [3, 1]
    assert t["hours_needed_per_month"].tolist() == pytest.approx([22.0, 12.0])
    assert t["load"].tolist() == pytest.approx([0.22, 0.24])
    assert wl.unallocated_cases == 2
    assert wl.unallocated_hours_per_month == pytest.approx(17.0)
    assert wl.notes[-1] == ("2 cases have no holder (a blank worker id): they need 17.0 hours "
                            "a month (0.17 FTE), in no worker's load but counted in the staff "
                            "needed.")


def test_named_workers_loads_do_not_change():
    g = hand_guide()
    held = CASELOAD.loc[CASELOAD["worker_id"].notna()]
    with_free = weighted_load(g, CASELOAD, WORKERS)
    without = weighted_load(g, held, WORKERS)
    pd.testing.assert_frame_equal(with_free.table, without.table, check_exact=True)
    assert without.unallocated_cases == 0 and without.unallocated_hours_per_month == 0.0
    assert with_free.notes[:3] == without.notes and len(without.notes) == 3


def test_staffing_has_a_row_for_the_unallocated_by_hand():
    s = staffing(hand_guide(), CASELOAD, WORKERS)
    t = s.table
    row = t.loc["(unallocated)"]
    assert row["n_cases"] == 2 and row["hours_needed_per_month"] == pytest.approx(17.0)
    assert row["fte_needed"] == pytest.approx(0.17) and row["fte_in_post"] == 0
    assert row["gap_fte"] == pytest.approx(-0.17)
    assert t.loc["N", "hours_needed_per_month"] == pytest.approx(22.0)
    assert t.loc["S", "hours_needed_per_month"] == pytest.approx(12.0)
    total = t.loc["total"]
    assert total["n_cases"] == 6 and total["fte_needed"] == pytest.approx(0.51)
    assert total["fte_in_post"] == pytest.approx(1.5)
    assert "2 cases have no holder" in s.notes[-1]
    # a caseload that names each case's team keeps an unallocated case in its team
    teams = CASELOAD.assign(team=["N", "N", "N", "S", "S", "N"])
    t2 = staffing(hand_guide(), teams, WORKERS).table
    assert "(unallocated)" not in t2.index
    assert t2.loc["N", "hours_needed_per_month"] == pytest.approx(22.0 + 12.0)
    assert t2.loc["total", "fte_needed"] == pytest.approx(0.51)


def test_headline_counts_every_case_in_the_fte_needed_by_hand():
    h = headline(hand_guide(min_workers=1), CASELOAD, WORKERS)  # counts of 2 shown
    assert h["n_cases"] == 6 and h["cases_left_out"] == 0 and h["unallocated_cases"] == 2
    assert h["fte_needed"]["estimate"] == pytest.approx(0.51)  # not 0.34
    assert h["fte_in_post"] == pytest.approx(1.5)
    assert h["gap_fte"]["estimate"] == pytest.approx(1.5 - 0.51)
    assert h["held_cases_per_fte"] == pytest.approx(4 / 1.5, abs=1e-4)
    assert h["n_workers"] == 2 and h["n_over_capacity"] == 0
    total = staffing(hand_guide(), CASELOAD, WORKERS).table.loc["total"]
    assert h["fte_needed"]["estimate"] == pytest.approx(total["fte_needed"], abs=1e-4)


def test_headline_when_no_case_has_a_holder():
    alone = CASELOAD.assign(worker_id=pd.array([None] * 6, dtype="string"))
    h = headline(hand_guide(min_workers=1), alone, WORKERS)  # counts of 2 shown
    # the two listed workers hold no case: load 0, blue, in the workers and the FTE
    assert h["n_workers"] == 2 and h["unallocated_cases"] == 6
    assert h["share_over_capacity"]["estimate"] == 0 and h["held_cases_per_fte"] == 0
    assert h["fte_needed"]["estimate"] == pytest.approx(0.51)
    assert h["gap_fte"]["estimate"] == pytest.approx(1.5 - 0.51)


def test_unknown_hours_of_an_unallocated_case_are_not_zero():
    g = hand_guide()
    weights = g.case_types.assign(hours_per_case_month_should=[5.0, np.nan])
    g = replace(g, case_types=weights)
    wl = weighted_load(g, CASELOAD, WORKERS, on_suppressed="nan")
    assert np.isnan(wl.unallocated_hours_per_month)
    assert "hours the guide suppresses (unknown, not zero)" in wl.notes[-1]


@pytest.fixture(scope="module")
def sim():
    s = simulate_study(n_workers=12, weeks=2, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=19)
    free = run.cases.astype({"worker_id": "string"})
    free.loc[free.index[:10], "worker_id"] = None
    return run, free


def test_simulated_headline_weighted_load_and_staffing_agree(sim):
    run, free = sim
    g, workers = run.guide, run.workers
    month = g.available_hours_per_fte_month
    need = case_hours(g, free)
    h = headline(g, free, workers)
    assert h["n_cases"] == len(free) and h["unallocated_cases"] == 10
    np.testing.assert_allclose(h["fte_needed"]["estimate"], need.sum() / month, atol=1e-4)
    total = staffing(g, free, workers).table.loc["total"]
    np.testing.assert_allclose(total["fte_needed"], need.sum() / month, rtol=1e-12)
    wl = weighted_load(g, free, workers)
    np.testing.assert_allclose(wl.table["hours_needed_per_month"].sum()
                               + wl.unallocated_hours_per_month, need.sum(), rtol=1e-12)
    assert wl.table["n_cases"].sum() + wl.unallocated_cases == len(free)
    held = free.loc[free["worker_id"].notna()]
    pd.testing.assert_frame_equal(wl.table, weighted_load(g, held, workers).table,
                                  check_exact=True)
