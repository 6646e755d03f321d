"""Estimators against hand-computed cases and data generated from known parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.models import (
    available_time,
    estimate_case_weights,
    estimate_task_times,
    regress_full_hours,
)

MONTH = 365.25 / 12


def test_task_times_by_hand():
    inst = pd.DataFrame({
        "worker_id": ["A", "A", "B", "B", "B"],
        "case_id": ["1", "2", "3", "4", None],
        "task_type": ["visit", "visit", "visit", "notes", "email"],
        "category": ["direct_work", "direct_work", "direct_work", "recording", "admin"],
        "direct_min": [60.0, 30.0, 90.0, 40.0, 20.0],
        "full_min": [120.0, 60.0, 150.0, 40.0, 20.0],
        "primary": [True, True, True, False, True],
        "weight": 1.0,
    })
    t = estimate_task_times(inst, n_boot=200, seed=1).table
    assert t.loc["visit", "direct_min"] == 60.0
    assert t.loc["visit", "direct_min_median"] == 60.0
    assert t.loc["visit", "full_hours"] == pytest.approx(330 / 3 / 60)
    assert t.loc["visit", "n_workers"] == 2 and t.loc["visit", "n_pieces"] == 3
    assert np.isnan(t.loc["notes", "full_hours"])  # never primary: no full time of its own
    # Resampling two workers gives means of 45, 60 or 90 only; a percentile interval would
    # claim that range. Two workers are too few for an honest interval: none is given.
    assert np.isnan(t.loc["visit", "direct_min_ci_low"])
    assert np.isnan(t.loc["email", "direct_min_ci_low"])


def test_time_per_piece_of_writing_allows_for_the_diary_edges():
    # Three statements: A seen whole over 2 days; B begun before the diary (one day seen,
    # with no margin of diary before it); C still open at the end (3 days seen, the first
    # two with a margin of diary after them). Days per piece by Kaplan-Meier
    # (panels.censoring), forwards and backwards pooled: at risk on day 1: A twice, C once;
    # day 2: A twice, C once; ends on day 2: A twice. h = (0, 2/3, 1) -> E[D] = 1 + 1 + 1/3.
    # Steady flow: days followed and preceded over starts and ends seen, (4 + 1 + 2) / (2 + 1
    # + 1) = 7/4. The edge rule is their mean: (7/3 + 7/4) / 2 = 49/24.
    pieces = pd.DataFrame({
        "worker_id": ["A", "B", "C"], "case_id": ["1", "2", "3"], "task_type": "statement",
        "category": "recording", "link_within_days": 14, "n_days": [2, 1, 3],
        "left_censored": [False, True, False], "right_censored": [False, False, True],
        "days_followed": [2, 1, 2], "days_preceded": [2, 0, 0],
        "direct_min": [240.0, 100.0, 300.0], "primary": True, "weight": 1.0})
    pieces["full_min"] = pieces["direct_min"]
    t = estimate_task_times(pieces, n_boot=50).table.loc["statement"]
    per_day = 640 / 6
    assert t["sittings_per_piece"] == pytest.approx(49 / 24)
    assert t["direct_min"] == pytest.approx(49 / 24 * per_day)
    assert t["n_censored"] == 2 and np.isnan(t["direct_min_median"])  # no median: length bias
    naive = pieces["direct_min"].mean()
    assert t["direct_min"] != pytest.approx(naive)


def test_interval_widens_honestly_with_few_workers():
    rng = np.random.default_rng(7)
    rows = []
    for g in range(4):
        for _ in range(10):
            rows.append((f"W{g}", rng.gamma(4, 15 * (1 + g / 4))))
    inst = pd.DataFrame(rows, columns=["worker_id", "direct_min"]).assign(
        case_id="c", task_type="visit", category="direct_work", primary=True, weight=1.0)
    inst["full_min"] = inst["direct_min"]
    t = estimate_task_times(inst, n_boot=400, seed=2).table.loc["visit"]
    means = inst.groupby("worker_id")["direct_min"].mean()
    # Wider than the range of the four workers' own means: a percentile interval is not.
    assert t["direct_min_ci_low"] < means.min() and t["direct_min_ci_high"] > means.max()


def test_survey_weights_equal_duplicated_workers():
    rng = np.random.default_rng(0)
    n = 60
    inst = pd.DataFrame({"worker_id": rng.choice(list("ABCDEF"), n), "case_id": "c",
                         "task_type": rng.choice(["x", "y"], n), "category": "direct_work",
                         "direct_min": rng.gamma(3, 20, n), "primary": True, "weight": 1.0})
    inst["full_min"] = inst["direct_min"] * 2
    weighted = inst.assign(weight=np.where(inst["worker_id"] == "A", 2.0, 1.0))
    dup = pd.concat([inst, inst[inst["worker_id"] == "A"]])
    a = estimate_task_times(weighted, n_boot=10).table
    b = estimate_task_times(dup, n_boot=10).table
    np.testing.assert_allclose(a["direct_min"], b["direct_min"])
    np.testing.assert_allclose(a["full_hours"], b["full_hours"])


def test_case_weights_by_hand():
    cm = pd.DataFrame({"case_id": ["a", "b", "c", "d"], "case_type": ["CIN", "CIN", "CP", "CP"],
                       "worker_id": ["W1", "W2", "W1", "W2"],
                       "case_months": [1.0, 0.5, 1.0, 1.0], "hours": [6.0, 3.0, 10.0, 14.0],
                       "weight": 1.0})
    inst = pd.DataFrame({"worker_id": ["W1", "W1", "W2", "W2"], "case_id": ["a", "c", "c", "d"],
                         "task_type": ["visit", "visit", "visit", "court"],
                         "full_min": [120.0, 180.0, 240.0, 600.0], "primary": True,
                         "weight": 1.0})
    t = estimate_case_weights(cm, inst, n_boot=50).table
    assert t.loc["CIN", "hours_per_case_month"] == pytest.approx(9 / 1.5)
    assert t.loc["CP", "hours_per_case_month"] == pytest.approx(12.0)
    assert t.loc["CP", "relative_weight"] == pytest.approx(2.0)
    # Event-based: visits pooled at (120+180+240)/3 = 180 min = 3 h; court 10 h.
    assert t.loc["CIN", "event_hours_per_case_month"] == pytest.approx(1 / 1.5 * 3)
    assert t.loc["CP", "event_hours_per_case_month"] == pytest.approx(2 / 2 * 3 + 1 / 2 * 10)
    assert t.loc["CIN", "relative_weight_ci_low"] == pytest.approx(1.0)


def test_case_weights_piece_without_task_type_is_its_own_type():
    """A primary piece with no task type is pooled with its like, as if it had a name of its
    own, and never counted to another task type (by hand: CP = 1/2 x 3 h + 1/2 x 10 h)."""
    cm = pd.DataFrame({"case_id": ["a", "c", "d"], "case_type": ["CIN", "CP", "CP"],
                       "worker_id": ["W1", "W1", "W2"], "case_months": [1.5, 1.0, 1.0],
                       "hours": [9.0, 10.0, 14.0], "weight": 1.0})
    inst = pd.DataFrame({"worker_id": ["W1", "W2"], "case_id": ["a", "d"],
                         "task_type": ["visit", None], "full_min": [180.0, 600.0],
                         "primary": True, "weight": 1.0})
    t = estimate_case_weights(cm, inst, n_boot=20).table
    named = estimate_case_weights(cm, inst.fillna({"task_type": "zz_unnamed"}), n_boot=20).table
    assert t.loc["CIN", "event_hours_per_case_month"] == pytest.approx(1 / 1.5 * 3)
    assert t.loc["CP", "event_hours_per_case_month"] == pytest.approx(1 / 2 * 10)
    pd.testing.assert_frame_equal(t, named)


def test_case_weights_refuse_a_case_with_no_group():
    """A case-month with no case type cannot be weighted: it was counted to the last group."""
    cm = pd.DataFrame({"case_id": ["a", "b", "c"], "case_type": ["CIN", "CP", None],
                       "worker_id": ["W1", "W2", "W2"], "case_months": [1.0, 1.0, 1.0],
                       "hours": [3.0, 6.0, 9.0], "weight": 1.0})
    inst = pd.DataFrame({"worker_id": ["W1"], "case_id": ["a"], "task_type": ["visit"],
                         "full_min": [60.0], "primary": True, "weight": 1.0})
    with pytest.raises(ValueError, match="1 case\\(s\\) of the case-month table have no "
                                         "'case_type'"):
        estimate_case_weights(cm, inst, n_boot=9)


def test_fit_study_refuses_cases_with_no_case_type():
    from timestudy import simulate_study
    from timestudy.errors import TimestudyError
    from timestudy.models import fit_study

    s = simulate_study(n_workers=4, weeks=1, seed=2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    cases = s.cases.astype({"case_type": object})
    cases.loc[cases.index[:2], "case_type"] = None
    with pytest.raises(TimestudyError, match="2 case\\(s\\) in the cases table have no case_type"):
        fit_study(ep, cases, s.workers, n_boot=9, sensitivity=False)


def test_available_time_by_hand():
    ww = pd.DataFrame({"worker_id": ["A", "A", "B"], "hours_worked": [45.0, 40.0, 20.0],
                       "hours_non_case": [8.0, 10.0, 3.0], "hours_case": [37.0, 30.0, 17.0],
                       "hours_out_of_hours": [5.0, 2.0, 1.0], "fte_weeks": [1.0, 1.0, 0.5],
                       "weight": 1.0})
    t = available_time(ww, leave_days=25, bank_holidays=8, sickness_days=7, n_boot=20).table
    assert t.loc["non_case_hours_per_fte_week", "estimate"] == pytest.approx(21 / 2.5)
    assert t.loc["available_case_hours_per_fte_week", "estimate"] == pytest.approx(37 - 8.4)
    weeks = 365.25 / 7 - 40 / 5
    assert t.loc["working_weeks_per_year", "estimate"] == pytest.approx(weeks)
    assert t.loc["available_case_hours_per_fte_year", "estimate"] == pytest.approx(28.6 * weeks)


def test_regression_recovers_known_hours_per_task():
    rng = np.random.default_rng(4)
    n = 400
    ww = pd.DataFrame({"worker_id": np.repeat(np.arange(100), 4).astype(str),
                       "fte_weeks": rng.choice([0.6, 1.0], n),
                       "n_visit": rng.poisson(6, n), "n_court": rng.poisson(1.5, n),
                       "n_rare": rng.poisson(0.02, n), "weight": 1.0})
    ww["hours_worked"] = (9 * ww["fte_weeks"] + 2.5 * ww["n_visit"] + 5 * ww["n_court"]
                          + rng.normal(0, 2, n))
    t = regress_full_hours(ww, min_pieces=30, hours="worked").table
    assert t.loc["overhead_per_fte_week", "estimate"] == pytest.approx(9, rel=0.1)
    assert t.loc["visit", "estimate"] == pytest.approx(2.5, rel=0.05)
    assert t.loc["court", "estimate"] == pytest.approx(5, rel=0.05)
    assert "other" in t.index  # rare task types pooled
    nn = regress_full_hours(ww, nonnegative=True, n_boot=30, hours="worked").table
    assert (nn["estimate"] >= 0).all()
    assert nn.loc["visit", "estimate"] == pytest.approx(2.5, rel=0.05)


def test_unknown_reference_is_a_clear_error():
    cm = pd.DataFrame({"case_id": ["a"], "case_type": ["CIN"], "worker_id": ["W"],
                       "case_months": [1.0], "hours": [3.0]})
    inst = pd.DataFrame(columns=["worker_id", "case_id", "task_type", "full_min", "primary",
                                 "weight"])
    with pytest.raises(ValueError, match="reference 'XX'"):
        estimate_case_weights(cm, inst, reference="XX")
