"""The quantiles and tails of ``timestudy.stats.distributions`` equal scipy.stats' to the bit.

They are the scipy.special functions scipy.stats calls; this holds them equal over a grid
that includes the edges (probabilities 0 and 1, fractional, infinite and non-positive
degrees of freedom, NaN), scalars and arrays alike.
"""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.stats import distributions as d

Q = np.array([0.0, 1e-12, 0.025, 0.05, 0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 1 - 1e-12, 1.0,
              -0.1, 1.1, np.nan])
DF = np.array([0.5, 1.0, 1.7, 2.0, 3.0, 7.25, 19.0, 120.0, 1e6, np.inf, 0.0, -1.0, np.nan])
X = np.array([-40.0, -3.0, -1.0, 0.0, 0.3, 1.96, 2.5, 10.0, np.inf, -np.inf, np.nan])


@pytest.fixture(scope="module")
def stats():
    """scipy.stats, imported when a test of this module runs (not at collection, which every
    test process makes: about 0.4 s)."""
    from scipy import stats

    return stats


def _same(ours, theirs):
    np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))
    assert np.ndim(ours) == np.ndim(theirs)


def test_normal_quantile(stats):
    _same(d.norm_ppf(Q), stats.norm.ppf(Q))
    for q in (0.9, 0.95, 0.975):
        _same(d.norm_ppf(q), stats.norm.ppf(q))


@pytest.mark.parametrize("df", list(DF))
def test_t_quantile_and_tail(df, stats):
    _same(d.t_ppf(Q, df), stats.t.ppf(Q, df))
    _same(d.t_sf(X, df), stats.t.sf(X, df))
    _same(d.t_ppf(0.975, df), stats.t.ppf(0.975, df))
    _same(d.t_sf(2.0, df), stats.t.sf(2.0, df))


def test_t_with_an_array_of_degrees_of_freedom(stats):
    _same(d.t_ppf(0.975, DF), stats.t.ppf(0.975, DF))
    _same(d.t_sf(np.full(len(DF), 1.5), DF), stats.t.sf(np.full(len(DF), 1.5), DF))


@pytest.mark.parametrize("df", [0.5, 1.0, 2.0, 3.5, 10.0, 0.0, -2.0])
def test_chi_squared_quantile(df, stats):
    _same(d.chi2_ppf(Q, df), stats.chi2.ppf(Q, df))
    _same(d.chi2_ppf(0.95, df), stats.chi2.ppf(0.95, df))


@pytest.mark.parametrize("mu", [0.0, 0.3, 1.0, 4.5, 60.0])
def test_poisson_tail(mu, stats):
    k = np.array([0, 1, 2, 3, 5, 10, 100, 2.5, -1, -0.5, np.nan, np.inf])
    _same(d.poisson_sf(k, mu), stats.poisson.sf(k, mu))
    _same(d.poisson_sf(3, mu), stats.poisson.sf(3, mu))


def test_pandas_arguments_give_numpy_as_scipy_stats_does(stats):
    import pandas as pd

    g = pd.Series([1.0, 4.0, 9.0], index=[5, 6, 7])
    ours, theirs = d.t_ppf(0.975, g - 1), stats.t.ppf(0.975, g - 1)
    assert type(ours) is type(theirs) is np.ndarray
    _same(ours, theirs)
    _same(d.t_ppf(0.975, g), stats.t.ppf(0.975, g))
