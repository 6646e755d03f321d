"""fit_complexity and fit_mixed against R on the simulator's case-month panel.

The panel of ``tests/stats/fixtures/panel.npz`` (120 workers, seed 18) and R's fits
of it in ``r_reference.json`` (statmod's tweedie glm with clubSandwich CR2,
glmmTMB; written by ``benchmarks/r_reference.py``). The case-month frame is
rebuilt from the fixture's design matrix, so ``case_design`` must give that
matrix back and the models must agree with R where their designs match.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timestudy.models import fit_complexity, fit_mixed
from timestudy.models.design import case_design

FIXTURES = Path(__file__).resolve().parents[1] / "stats" / "fixtures"


@pytest.fixture(scope="module")
def panel():
    with np.load(FIXTURES / "panel.npz") as f:
        d = {k: f[k] for k in f.files}
    names = [str(n) for n in d["names"]]
    X = pd.DataFrame(d["X"], columns=names)
    types = [n.split("=")[1] for n in names if n.startswith("case_type=")]
    case_type = np.array(["CIN"] * len(X), dtype=object)
    for t in types:
        case_type[X[f"case_type={t}"].to_numpy() == 1] = t
    cm = pd.DataFrame({"case_type": case_type, "worker_id": d["g"].astype(str),
                       "case_months": np.exp(d["off"]), "hours": d["hours"],
                       **{c: X[c] for c in names[1 + len(types):]}})
    ref = json.loads((FIXTURES / "r_reference.json").read_text())["panel"]
    return cm, d, ref


def _rel(actual, ref):
    """Difference relative to max(|coef|, se), as in tests/stats."""
    coef, se = np.asarray(ref["coef"]), np.asarray(ref["se"])
    return np.max(np.abs(np.asarray(actual) - coef) / np.maximum(np.abs(coef), se))


def test_case_design_gives_the_fixture_matrix_back(panel):
    cm, d, _ = panel
    design = case_design(cm)
    np.testing.assert_array_equal(design.X, d["X"])
    np.testing.assert_allclose(design.offset, d["off"], rtol=1e-14)


def test_tweedie_power_estimated_as_glmmtmb(panel):
    cm, _, ref = panel
    m = fit_complexity(cm, family="tweedie")
    r = ref["tweedie_power_ml"]
    assert m.power == pytest.approx(r["power"], abs=5e-4)  # Brent to 1e-3 in the power
    assert _rel(np.log(m.table["multiplier"]), r) < 5e-4
    assert m.choice.loglik == pytest.approx(r["loglik"], rel=1e-8)


def test_tweedie_glm_cr2_intervals_as_clubsandwich(panel):
    cm, _, ref = panel
    m = fit_complexity(cm, family="tweedie", power=1.5)
    r = ref["glm_tweedie15"]
    assert _rel(np.log(m.table["multiplier"]), r) < 1e-6
    se, df = np.asarray(r["se_cr2"]), np.asarray(r["df_cr2"])
    from scipy import stats  # not at collection: every test process collects this module

    half = stats.t.ppf(0.975, df) * se
    ci = np.column_stack([np.asarray(r["coef"]) - half, np.asarray(r["coef"]) + half])
    # clubSandwich takes the CR2 square root in the response metric: 3e-3 apart (tests/stats)
    np.testing.assert_allclose(np.log(m.table[["ci_low", "ci_high"]]), ci,
                               atol=5e-3 * se.max())


def test_glmm_as_glmmtmb(panel):
    cm, _, ref = panel
    m = fit_mixed(cm, family="tweedie", power=1.5, interval="model")
    r = ref["glmm_tweedie15"]
    assert _rel(np.log(m.table["multiplier"]), r) < 1e-4
    assert m.variance["between_worker_sd"] == pytest.approx(r["sd_re"], rel=1e-4)
    np.testing.assert_allclose(m.table["se"], r["se"], rtol=3e-3)
