"""Case models: the design, the family rule, fit_complexity and fit_mixed on known truths.

References: the stats engines (``timestudy.stats``, themselves checked against R in
``tests/stats``) on the same design matrix; closed forms worked by hand.
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from case_data import TRUTH, gamma_cases, tweedie_cases

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.models import fit_complexity, fit_mixed
from timestudy.models.design import case_design
from timestudy.models.family import choose_family
from timestudy.stats import fit_glm

MODELS = Path(__file__).resolve().parents[2] / "timestudy" / "models"


def test_design_is_built_once_with_numpy_and_says_what_it_left_out():
    cm = pd.DataFrame({
        "case_type": ["CIN", "CP", "PROCEEDINGS", "CP", "CIN", "PROCEEDINGS"],
        "worker_id": list("ababab"), "case_months": [1.0, 0.5, 1.0, 1.0, 0.0, 1.0],
        "hours": [2.0, 5.0, 9.0, 6.0, 0.0, 8.0], "travel_miles": [1.0, 4.0, 2.0, 0.0, 3.0, 5.0],
        "n_children": 1.0, "in_proceedings": [False, False, True, False, False, True]})
    d = case_design(cm)
    # in_proceedings is the PROCEEDINGS indicator again; n_children is constant.
    assert d.columns == ("intercept", "case_type=CP", "case_type=PROCEEDINGS", "travel_miles")
    assert d.dropped == ("n_children", "in_proceedings")
    assert len(d.hours) == 5 and d.n_missing == 0  # the row without exposure is not a case-month
    np.testing.assert_allclose(d.offset, np.log([1.0, 0.5, 1.0, 1.0, 1.0]))
    np.testing.assert_array_equal(d.matrix(cm.iloc[[1, 2]]), d.X[[1, 2]])
    with pytest.raises(TimestudyError, match=r"case types \['CLA'\] were not in the data"):
        d.matrix(cm.assign(case_type="CLA"))
    with pytest.raises(TimestudyError, match="reference case type 'XX'"):
        case_design(cm, reference="XX")


def test_case_type_multipliers_by_hand():
    """With case type alone, the log-link estimating equation has a closed form.

    ``sum_i (y_i - r t_i) t_i^(1-p) = 0`` gives ``r = sum y t^(1-p) / sum t^(2-p)`` for
    each case type: the mean of the rates for Gamma (p = 2).
    """
    cm = pd.DataFrame({"case_type": ["CIN"] * 3 + ["CP"] * 3, "worker_id": list("abcabc"),
                       "case_months": [1.0, 0.5, 0.25, 1.0, 0.5, 1.0],
                       "hours": [4.0, 3.0, 0.5, 12.0, 5.0, 7.0]})
    t, y = cm["case_months"].to_numpy(), cm["hours"].to_numpy()
    for family, p in (("gamma", 2.0), ("tweedie", 1.5)):
        m = fit_complexity(cm, family=family, power=1.5 if family == "tweedie" else None)
        rate = [(y[s] * t[s] ** (1 - p)).sum() / (t[s] ** (2 - p)).sum()
                for s in (slice(0, 3), slice(3, 6))]
        table = m.table["multiplier"]
        assert table["baseline_hours_per_month"] == pytest.approx(rate[0], rel=1e-9)
        assert table["case_type=CP"] == pytest.approx(rate[1] / rate[0], rel=1e-9)
        if family == "gamma":  # the mean of the rates 4, 3/0.5 and 0.5/0.25
            assert rate[0] == pytest.approx((4 + 6 + 2) / 3)


def test_fit_complexity_is_the_stats_engine_on_the_same_design():
    cm = gamma_cases(n_workers=30, seed=4)
    m = fit_complexity(cm, family="gamma")
    d = case_design(cm)
    direct = fit_glm(d.hours, d.X, family="gamma", offset=d.offset, groups=d.worker)
    np.testing.assert_allclose(np.log(m.table["multiplier"]), direct.coef, rtol=1e-12)
    ci = direct.robust("CR2").conf_int(direct.coef, 0.95)
    np.testing.assert_allclose(np.log(m.table[["ci_low", "ci_high"]]), ci, rtol=1e-12)
    assert "CR2 (Bell-McCaffrey)" in m.notes[2] and "expected (Fisher) information" in m.notes[2]
    wild = fit_complexity(cm, family="gamma", interval="wild", n_boot=199)
    assert "wild cluster bootstrap-t" in wild.notes[2]
    np.testing.assert_allclose(wild.table["multiplier"], m.table["multiplier"])


def test_known_multipliers_recovered():
    m = fit_complexity(gamma_cases(n_workers=100), family="gamma")
    for term, value in TRUTH.items():
        assert m.table.loc[term, "multiplier"] == pytest.approx(value, rel=0.08), term
        assert m.table.loc[term, "ci_low"] < value < m.table.loc[term, "ci_high"], term


def test_predict_multiplies_the_multipliers():
    cm = gamma_cases(n_workers=30, seed=2)
    m = fit_complexity(cm, family="gamma")
    t, row = m.table["multiplier"], cm.iloc[0]
    by_hand = (t["baseline_hours_per_month"] * t["travel_miles"] ** row["travel_miles"]
               * t["n_professionals"] ** row["n_professionals"]
               * t["n_children"] ** row["n_children"]
               * t["in_proceedings"] ** float(row["in_proceedings"])
               * (t[f"case_type={row['case_type']}"] if row["case_type"] != "CIN" else 1.0))
    assert m.predict(cm.head(3)).iloc[0] == pytest.approx(by_hand, rel=1e-9)


def test_family_rule_gamma_without_zeros_and_tweedie_power_estimated():
    gamma = choose_family(case_design(gamma_cases(n_workers=25, per_worker=12, seed=7)))
    assert gamma.family == "gamma" and gamma.power == 2.0
    assert "no case has zero hours" in gamma.reason and "likelihood ratio" in gamma.reason
    cp = tweedie_cases(power=1.4, phi=1.5, n_workers=80, seed=3)
    choice = choose_family(case_design(cp))
    assert choice.family == "tweedie" and choice.n_zero == int((cp["hours"] == 0).sum()) > 0
    assert choice.power == pytest.approx(1.4, abs=0.05)
    lo, hi = choice.power_interval()
    assert lo < 1.4 < hi
    # The fitted model's expected zeros match the zeros seen (the compound Poisson's zeros).
    assert choice.expected_zero == pytest.approx(choice.n_zero, rel=0.25)
    # Many case-months: the power is estimated on a random subset, and the choice says so.
    sub = choose_family(case_design(cp), max_rows=600)
    assert "estimated on 600 of 1,200 case-months" in sub.reason
    assert abs(sub.power - 1.4) < 3 * sub.power_se


def test_one_zero_hour_case_is_reported_and_moves_the_multipliers_little():
    cm = gamma_cases(n_workers=25, per_worker=12, seed=7)
    before = fit_complexity(cm)
    assert before.family == "gamma"
    one = cm.copy()
    one.loc[5, ["hours", "hours_per_month"]] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)  # may add: more zeros than expected
        after = fit_complexity(one)
    # Not silent: the family, its estimated power and the zero are in the notes.
    assert after.family == "tweedie" and after.choice.n_zero == 1
    assert "1 of 300 case-months have zero hours" in after.notes[0]
    assert "power" in after.notes[0] and after.power < 2
    se = np.log(before.table["ci_high"] / before.table["ci_low"]) / (2 * 1.96)
    shift = np.abs(np.log(after.table["multiplier"] / before.table["multiplier"])) / se
    assert shift.max() < 0.5, shift.round(2).to_dict()


def test_fit_mixed_recovers_multipliers_and_worker_sd():
    m = fit_mixed(gamma_cases(n_workers=60, per_worker=15, seed=5, worker_sd=0.3),
                  family="gamma")
    assert m.kind == "glmm" and m.engine == "timestudy.stats.fit_glmm"
    for term in ("baseline_hours_per_month", "case_type=CP", "n_children", "in_proceedings"):
        assert m.table.loc[term, "multiplier"] == pytest.approx(TRUTH[term], rel=0.1), term
        assert m.table.loc[term, "ci_low"] < TRUTH[term] < m.table.loc[term, "ci_high"], term
    v = m.variance
    assert v["between_worker_sd"] == pytest.approx(0.3, rel=0.25)
    assert v["between_worker_ci_low"] < 0.09 < v["between_worker_ci_high"]
    assert v["converged"] and not v["singular"]
    assert len(m.random_effects()) == 60


def test_lmm_recovers_variance_components_and_is_the_stats_engine():
    from timestudy.stats import fit_lmm

    rng = np.random.default_rng(3)
    d = gamma_cases(n_workers=120, per_worker=12, seed=3).assign(case_months=1.0)
    effect = pd.Series(rng.normal(0, 2.0, 120), index=sorted(d["worker_id"].unique()))
    d["hours"] = (4 + 3 * (d["case_type"] == "CP") + 0.05 * d["travel_miles"]
                  + d["worker_id"].map(effect) + rng.normal(0, 3.0, len(d)))
    m = fit_mixed(d, kind="lmm")
    v = m.variance
    assert v["between_worker"] == pytest.approx(4.0, rel=0.3)
    assert v["between_worker_ci_low"] < 4.0 < v["between_worker_ci_high"]
    assert v["residual"] == pytest.approx(9.0, rel=0.1)
    design = case_design(d)
    direct = fit_lmm(design.hours_per_month, design.X, design.worker)
    np.testing.assert_allclose(m.table["estimate"], direct.coef, rtol=1e-10)
    assert v["between_worker"] == pytest.approx(direct.cov_re[0, 0], rel=1e-10)


def test_fit_mixed_twice_on_identical_data_is_identical_and_quiet(study):
    from timestudy.panels import case_month

    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    cm = case_month(ep, study.cases, workers=study.workers)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning, convergence or other, fails the test
        first, second = fit_mixed(cm), fit_mixed(cm)
    pd.testing.assert_frame_equal(first.table, second.table, check_exact=True)
    assert first.variance == second.variance and first.variance["converged"]


def test_a_singular_fit_says_so_with_its_boundary_estimate():
    rng = np.random.default_rng(7)
    g = np.repeat(np.arange(12), 8)
    x = rng.normal(size=len(g))
    x -= np.bincount(g, x)[g] / 8
    mu = np.exp(1 + 0.3 * x)
    hours = rng.gamma(5.0, mu / 5.0)
    hours *= (np.bincount(g, hours / mu)[g] / 8) ** -1  # no worker differs from another
    cm = pd.DataFrame({"case_type": "CIN", "worker_id": g.astype(str), "case_months": 1.0,
                       "hours": hours, "travel_miles": x})
    # the engine warns, as lme4 messages; the model reports it in its notes and guide.json,
    # not as a warning in every guide (a maximum at the boundary is an answer, issue 16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = fit_mixed(cm, family="gamma")
    assert m.variance["singular"] and m.variance["between_worker"] == 0.0
    assert np.isnan(m.variance["between_worker_ci_high"])
    assert any("Singular fit" in n and "boundary (zero)" in n for n in m.notes)
    assert m.table.loc["travel_miles", "multiplier"] == pytest.approx(np.exp(0.3), rel=0.05)


def test_the_case_models_do_not_use_statsmodels_or_patsy():
    for name in ("complexity", "mixed", "compare", "design", "family"):
        tree = ast.parse((MODELS / f"{name}.py").read_text())
        imported = {a.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for a in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert not imported & {"statsmodels", "patsy"}, name


def test_glmm_sandwich_is_the_glms_at_the_boundary_and_its_information_the_models():
    from timestudy.models.glmm_robust import glmm_cluster_parts, glmm_robust
    from timestudy.stats import fit_glmm

    rng = np.random.default_rng(7)
    g = np.repeat(np.arange(12), 8)
    x = rng.normal(size=len(g))
    x -= np.bincount(g, x)[g] / 8
    X = np.column_stack([np.ones(len(g)), x])
    mu = np.exp(1 + 0.3 * x)
    y = rng.gamma(5.0, mu / 5.0)
    y *= (np.bincount(g, y / mu)[g] / 8) ** -1
    zero, one = np.zeros(len(g)), np.ones(len(g))
    with pytest.warns(EstimationWarning, match="singular fit"):
        boundary = fit_glmm(y, X, g)
    glm = fit_glm(y, X, groups=g).robust("CR2")
    rob = glmm_robust(boundary, X, y, zero, one, g)
    np.testing.assert_allclose(rob.se, glm.se, rtol=1e-5)
    np.testing.assert_allclose(rob.df, glm.df, rtol=1e-5)
    # Away from the boundary: the information summed over workers is (in expectation) the
    # inverse of the model-based covariance, and the scores sum to zero at the optimum.
    d = case_design(gamma_cases(n_workers=40, per_worker=15, seed=8, worker_sd=0.3))
    fit = fit_glmm(d.hours, d.X, d.worker, offset=d.offset)
    parts = glmm_cluster_parts(fit, d.X, d.hours, d.offset, d.weight, d.worker)
    np.testing.assert_allclose(np.sqrt(np.diag(np.linalg.inv(parts.info_expected))), fit.se,
                               rtol=0.05)
    assert np.all(np.abs(parts.scores.sum(0)) < 1e-5 * np.abs(parts.scores).sum(0))
