"""``wls_fit`` equals statsmodels' WLS to the bit, and says when the design is rank-deficient."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from timestudy.errors import EstimationWarning
from timestudy.stats import wls_fit


def WLS(*args, **kwargs):  # noqa: N802 (statsmodels' name)
    """statsmodels' WLS, imported when a test compares with it, not by every test process
    collecting this module (statsmodels is no dependency of timestudy's own fits)."""
    from statsmodels.regression.linear_model import WLS as statsmodels_wls

    return statsmodels_wls(*args, **kwargs)


@pytest.mark.parametrize("seed", range(6))
def test_coefficients_equal_statsmodels_to_the_bit(seed):
    rng = np.random.default_rng(seed)
    n, p = rng.integers(8, 400), rng.integers(1, 9)
    X = np.column_stack([rng.uniform(0.2, 1.0, n)] + [rng.poisson(3, n) for _ in range(p - 1)])
    X = X.astype(float)
    y = X @ rng.uniform(0, 5, p) + rng.normal(0, 2, n)
    w = rng.choice([0.5, 1.0, 2.0, 3.7], n)
    ours = wls_fit(X, y, w)
    theirs = WLS(y, X, weights=w).fit()
    np.testing.assert_array_equal(ours.coef, theirs.params)
    assert ours.rank == theirs.model.rank == p


def test_a_rank_deficient_design_warns_and_gives_statsmodels_minimum_norm_answer():
    X = np.column_stack([np.ones(6), np.arange(6.0), 2 * np.arange(6.0)])
    y = np.array([1.0, 2.0, 2.5, 4.0, 5.5, 6.0])
    with pytest.warns(EstimationWarning, match="rank-deficient"):
        ours = wls_fit(X, y, np.ones(6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = WLS(y, X, weights=np.ones(6)).fit()
    np.testing.assert_array_equal(ours.coef, theirs.params)
    assert ours.rank == 2


def test_a_hand_worked_fit():
    # weights 1, 1, 2 on points (0, 1), (1, 2), (2, 5): normal equations
    # [[4, 5], [5, 9]] b = [13, 22] give b = (7/11, 23/11)
    X = np.column_stack([np.ones(3), [0.0, 1.0, 2.0]])
    fit = wls_fit(X, [1.0, 2.0, 5.0], [1.0, 1.0, 2.0])
    np.testing.assert_allclose(fit.coef, [7 / 11, 23 / 11], rtol=1e-13)
