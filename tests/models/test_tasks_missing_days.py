"""Time per piece when diary days are missing at random (models.tasks, panels.censoring).

A piece worked over several days loses the sittings that fall on days the diary
misses; the days worked per piece are corrected with each worker's observed share
``p`` (``panels.censoring.seen_weights``): hand-worked here, then recovered from
the project's simulator with a fifth of the days worked missing at random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import estimate_task_times, fit_study
from timestudy.models.piece_sums import piece_sums, task_point_estimates
from timestudy.models.sensitivity import _estimates
from timestudy.panels.censoring import missing_days_factor, seen_weights


def _pieces(share: float) -> pd.DataFrame:
    """Two workers; a statement of 1, 2 and 3 days seen whole, and one-day visits."""
    rows = []
    for w in ("W1", "W2"):
        for n in (1, 2, 3):
            rows.append({"worker_id": w, "task_type": "statement", "n_days": n, "category": "r",
                         "link_within_days": 10, "direct_min": 60.0 * n,
                         "full_min": 60.0 * n})
        for m in (30.0, 50.0):
            rows.append({"worker_id": w, "task_type": "visit", "n_days": 1, "category": "d",
                         "link_within_days": 0, "direct_min": m, "full_min": m})
    return pd.DataFrame(rows).assign(observed_share=share)


def test_seen_weights_count_every_piece_and_day_whatever_its_length():
    from scipy.stats import binom  # not at collection: every test process collects this module

    for d in range(1, 9):
        j = np.arange(1, d + 1)
        days, pieces = seen_weights(j, np.full(d, 0.7))
        pmf = binom.pmf(j, d, 0.7)
        assert (pmf * pieces).sum() == pytest.approx(1.0, abs=1e-12)
        assert (pmf * j * days).sum() == pytest.approx(d, abs=1e-12)


def test_hand_worked_statement_at_p_08():
    # Pieces seen whole with 1, 2, 3 days at p = 0.8: days over p sum to 6 / 0.8 = 7.5;
    # g(1) = 1.25, g(2) = 1 - 0.25^2 = 0.9375, g(3) = 1 + 0.25^3 = 1.015625: 3.203125 pieces.
    # Steady flow and Kaplan-Meier (factor 1.25 / (3.203125 / 3) on a mean of 2) agree.
    expected_days = 7.5 / 3.203125
    est = task_point_estimates(piece_sums(_pieces(0.8)))
    assert est.loc["statement", "sittings_per_piece"] == pytest.approx(expected_days, rel=1e-12)
    assert est.loc["statement", "direct_min"] == pytest.approx(60 * expected_days, rel=1e-12)
    assert est.loc["statement", "missing_factor"] == pytest.approx(expected_days / 2, rel=1e-12)
    assert est.loc["statement", "sittings_lost"] == pytest.approx(2 * 6 * 0.25, rel=1e-12)
    f = missing_days_factor(np.full(3, 1 / 3), np.array([1.0]), np.array([0.8]))
    assert 2 * f == pytest.approx(expected_days, rel=1e-12)


def test_one_day_tasks_and_complete_diaries_are_unchanged_to_the_last_bit():
    cols = ["sittings_per_piece", "direct_min", "full_hours"]
    plain = task_point_estimates(piece_sums(_pieces(0.8).drop(columns="observed_share")))
    gaps = task_point_estimates(piece_sums(_pieces(0.8)))
    complete = task_point_estimates(piece_sums(_pieces(1.0)))
    assert gaps.loc["visit", cols].tolist() == plain.loc["visit", cols].tolist()
    assert gaps.loc["visit", "sittings_per_piece"] == 1.0
    assert complete[cols].equals(plain[cols])
    assert (complete["missing_factor"] == 1.0).all()
    assert gaps.loc["statement", "direct_min"] > plain.loc["statement", "direct_min"]


def test_bootstrap_replicates_carry_the_correction():
    p = pd.concat([_pieces(0.8), _pieces(0.8).assign(worker_id=lambda d: d["worker_id"] + "b")])
    tt = estimate_task_times(p, n_boot=49, seed=1).table
    row = tt.loc["statement"]
    assert row["direct_min_ci_low"] <= row["direct_min"] <= row["direct_min_ci_high"]
    assert row["direct_min"] == _estimates(p).loc["statement", "direct_min"]
    assert row["sittings_per_piece_ci_low"] > 2.0  # every replicate corrected: above 2 days


@pytest.fixture(scope="module")
def gappy():
    s = simulate_study(n_workers=120, weeks=4, seed=0, missing_days=0.2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, fit_study(ep, s.cases, s.workers, n_boot=19, sensitivity=False)


@pytest.mark.slow
def test_multi_sitting_work_recovered_with_a_fifth_of_days_missing_at_random(gappy):
    # Seed 0 (the first seed, fixed before measuring): care plan -3.4%, chronology -1.7%,
    # statement -4.2%, against -7% to -22% with the days seen. Not every seed is within 5%:
    # at seeds 0-2 the worst was +7.8% (statement, seed 2); over 10 studies the means are
    # -3.5%..+1.3% (benchmarks/coverage.py, RESULTS.md "Recovery of pieces of work").
    s, fit = gappy
    tt = fit.task_times.table
    plain = estimate_task_times(fit.pieces.drop(columns="observed_share"), n_boot=2).table
    linked = fit.pieces.groupby("task_type")["link_within_days"].max() > 0
    truth = pd.Series(s.truth["direct_minutes_per_piece"])
    tasks = [t for t in tt.index if linked.get(t, False) and tt.loc[t, "n_pieces"] >= 200
             and t in truth]
    assert {"court_statement", "chronology", "care_plan"} <= set(tasks)
    assert (tt.loc[tasks, "missing_factor"] > 1.05).all()  # the diary lost sittings
    err = tt.loc[tasks, "direct_min"] / truth[tasks] - 1
    before = plain.loc[tasks, "direct_min"] / truth[tasks] - 1
    assert err.abs().max() < 0.05, err.round(3).to_dict()
    assert (err.abs() < before.abs()).all(), (err.round(3).to_dict(), before.round(3).to_dict())


def test_guide_and_report_say_how_many_sittings_were_lost():
    from timestudy.guide import build_guide
    from timestudy.report.method import method_sections

    s = simulate_study(n_workers=20, weeks=3, seed=3, missing_days=0.2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    fit = fit_study(ep, s.cases, s.workers, n_boot=9, sensitivity=False)
    text = build_guide(fit, min_workers=5).meta["definitions"]["missing_days"]
    lost = fit.task_times.table["sittings_lost"]
    linked = [t for t, w in fit.options["pieces"]["link_within_days"].items() if w > 0]
    assert f"an estimated {lost.reindex(linked).fillna(0).sum():,.0f} sittings" in text
    headings = [h for h, _ in method_sections(build_guide(fit, min_workers=5).meta)]
    assert "Days missing from the diary" in headings


def test_observed_share_leaves_out_the_window_ends():
    # Mon-Fri: entries on Mon, Wed, Fri. The window runs Mon to Fri, so Mon and Fri are
    # in the diary by definition: p is Tue, Wed, Thu's 1 in 3, not 3 in 5.
    from timestudy.panels import diary_completeness, pieces_of_work

    ep = pd.DataFrame({"worker_id": "W1", "case_id": "C1", "duration_min": 450.0,
                       "task_type": "court_statement", "category": "recording",
                       "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-04 09:00",
                                                "2026-03-06 09:00"])})
    days = diary_completeness(ep)
    assert days["status"].tolist() == ["complete", "missing", "complete", "missing", "complete"]
    p = pieces_of_work(ep, days=days, link_within_days={"court_statement": 10})
    assert p["observed_share"].tolist() == [pytest.approx(1 / 3)]
    assert pieces_of_work(ep, link_within_days={"court_statement": 10})[
        "observed_share"].tolist() == [1.0]  # no completeness table: nothing missing
