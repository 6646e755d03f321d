"""The regression cross-check of full hours recovers the truth (benchmarks/RESULTS.md,
"The regression cross-check", under "Held-out generator (issue 15)")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import fit_study, regress_full_hours

WRITTEN = ("assessment_writeup", "care_plan", "chronology", "conference_report", "court_statement")


def test_case_hours_recover_pieces_when_non_case_time_gives_way():
    # Each worker-week is filled up to 37 hours with non-case work when its pieces leave
    # room (as the held-out generator fills a light day with admin): hours worked barely
    # move with the counts, so only the case hours measure a piece.
    rng = np.random.default_rng(7)
    n = 400
    ww = pd.DataFrame(
        {
            "worker_id": np.repeat(np.arange(100), 4).astype(str),
            "fte_weeks": 1.0,
            "n_visit": rng.poisson(5, n).astype(float),
            "n_report": rng.poisson(2, n).astype(float),
            "weight": 1.0,
        }
    )
    ww["hours_case"] = 2.5 * ww["n_visit"] + 4.0 * ww["n_report"] + rng.normal(0, 1, n)
    ww["hours_worked"] = np.maximum(37.0, ww["hours_case"] + 5) + rng.normal(0, 1, n)
    case = regress_full_hours(ww, min_pieces=1).table["estimate"]
    assert case["visit"] == pytest.approx(2.5, rel=0.05)
    assert case["report"] == pytest.approx(4.0, rel=0.05)
    worked = regress_full_hours(ww, min_pieces=1, hours="worked").table["estimate"]
    assert worked["visit"] < 0.75 * 2.5 and worked["report"] < 0.75 * 4.0
    with pytest.raises(ValueError, match="hours='days'"):
        regress_full_hours(ww, hours="days")


@pytest.fixture(scope="module")
def study_fit():
    s = simulate_study(n_workers=120, weeks=4, seed=2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, fit_study(ep, s.cases, s.workers, n_boot=9, seed=2, sensitivity=False)


def test_written_work_full_hours_by_regression_within_10_percent(study_fit):
    # 120 workers x 4 weeks: written work with at least 200 pieces (care plans, about 250,
    # and chronologies, about 570) within 10% of the truth. The regression is imprecise at
    # this size (over seeds 0-3 its error has a standard deviation of 6% for care plans and
    # 15% for chronologies; seed 0 is -13% and -27%), so the bound holds for most seeds,
    # not all: seed 2 was fixed before this test was written. The rule before (counts
    # spread by calendar days, minutes-based equivalents, hours worked) gave chronologies
    # +23% here.
    s, fit = study_fit
    reg = fit.task_regression.table
    truth = s.truth["full_hours_per_piece"]
    tested = [t for t in WRITTEN if s.truth["n_pieces"].get(t, 0) >= 200]
    assert {"care_plan", "chronology"} <= set(tested)
    for t in tested:
        assert reg.loc[t, "estimate"] == pytest.approx(truth[t], rel=0.10), t
        assert reg.loc[t, "ci_low"] <= truth[t] <= reg.loc[t, "ci_high"], t
