"""The headline figures against the capacity functions they summarise, with intervals that
contain their estimate and never go below zero; role allowances count."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import max_caseload, run_study, simulate_study, staffing, weighted_load
from timestudy._lib.disclose import count_band, count_words
from timestudy.capacity import headline, role_shares
from timestudy.report.tables import open_caseload


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=20, weeks=2, seed=8)
    run = run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=99, roles={"asye": 0.9})
    return run, open_caseload(run.cases, pd.Timestamp(run.models.period[1]))


def test_headline_equals_the_capacity_functions(study):
    run, caseload = study
    g, h = run.guide, run.guide.meta["headline"]
    assert h == headline(g, caseload, run.workers, where=h["caseload"])
    mix = caseload["case_type"].astype(str).value_counts()
    np.testing.assert_allclose(h["supported_cases_per_fte"]["estimate"], max_caseload(g, mix),
                               rtol=1e-4)
    wl = weighted_load(g, caseload, run.workers).table
    over = int((wl["load"] >= 1.0).sum())  # 19 of 20: the 1 left is under 5, so in words
    assert h["n_over_capacity_words"] == count_words(over, len(wl), 5)
    assert h.get("n_over_capacity") == (over if count_band(over, len(wl), 5) == (over, over)
                                        else None)
    team = staffing(g, caseload, run.workers).table.loc["total"]
    np.testing.assert_allclose(h["fte_needed"]["estimate"], team["fte_needed"], rtol=1e-4)
    np.testing.assert_allclose(h["fte_in_post"], team["fte_in_post"], rtol=1e-4)
    np.testing.assert_allclose(h["gap_fte"]["estimate"], team["gap_fte"], atol=1e-3)
    np.testing.assert_allclose(h["staffing_ratio"]["estimate"], team["ratio"], rtol=1e-3)
    held = len(caseload) / (wl["fte"] * wl["caseload_share"]).sum()
    np.testing.assert_allclose(h["held_cases_per_fte"], held, rtol=1e-4)


def test_intervals_contain_the_estimate_and_stay_above_zero(study):
    h = study[0].guide.meta["headline"]
    shown = h["share_over_capacity"] is not None  # withheld with a count in words
    assert shown == (h["n_over_capacity"] is not None)
    for key in ("supported_cases_per_fte", "share_over_capacity", "fte_needed",
                "staffing_ratio", "hours_worked_per_fte_week"):
        if key == "share_over_capacity" and not shown:
            continue
        e = h[key]
        assert 0 <= e["ci_low"] <= e["estimate"] <= e["ci_high"], key
    assert not shown or h["share_over_capacity"]["ci_high"] <= 1
    assert h["gap_fte"]["ci_low"] <= h["gap_fte"]["estimate"] <= h["gap_fte"]["ci_high"]


def test_role_allowances(study):
    run, caseload = study
    workers = run.workers.assign(role=["asye"] * 3 + ["team_manager"] + [None] * (len(run.workers) - 4))
    shares = role_shares(run.guide, workers, {"ASYE": 0.9, "Team manager": 0.2})
    assert list(shares.iloc[:5]) == [0.9, 0.9, 0.9, 0.2, 1.0]
    full = weighted_load(run.guide, caseload, workers, roles={}).table
    some = weighted_load(run.guide, caseload, workers, roles={"asye": 0.9}).table
    w = workers["worker_id"].iloc[0]
    if w in full.index:
        np.testing.assert_allclose(some.loc[w, "load"], full.loc[w, "load"] / 0.9)
    in_post = staffing(run.guide, caseload, workers, roles={"team_manager": 0.2}).table
    np.testing.assert_allclose(in_post.loc["total", "fte_in_post"],
                               workers["fte"].sum() - 0.8 * workers["fte"].iloc[3])
