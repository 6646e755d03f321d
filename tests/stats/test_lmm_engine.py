"""The LMM engine: hand-worked cases, lme4/lmerTest references, recovery, robustness."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from stats_data import close, dataset, reference

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats import fit_lmm
from timestudy.stats._arrays import as_groups
from timestudy.stats._lmm_slopes import fit_slopes
from timestudy.stats.lmm_inference import profile_intervals, satterthwaite_df


def anova_data(seed: int = 0, groups: int = 6, m: int = 5, sd_b: float = 2.0):
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(groups), m)
    y = 10 + rng.normal(0, sd_b, groups)[g] + rng.normal(size=groups * m)
    return y, g


def test_balanced_one_way_anova_is_closed_form():
    """REML: sigma^2 = MSW, var_b = (MSB - MSW) / m; ML: var_b = ((G-1)/G MSB - MSW) / m."""
    y, g = anova_data()
    G, m = 6, 5
    means = np.bincount(g, y) / m
    msw = ((y - means[g]) ** 2).sum() / (G * (m - 1))
    msb = m * ((means - y.mean()) ** 2).sum() / (G - 1)
    reml = fit_lmm(y, np.ones((G * m, 1)), g)
    close(reml.sigma2, msw, 1e-10)
    close(reml.cov_re[0, 0], (msb - msw) / m, 1e-10)
    close(reml.coef, y.mean(), 1e-12)
    close(reml.se, np.sqrt(msb / (G * m)), 1e-10)
    close(reml.blups[:, 0], (reml.cov_re[0, 0] / (reml.cov_re[0, 0] + msw / m))
          * (means - y.mean()), 1e-9)
    ml = fit_lmm(y, np.ones((G * m, 1)), g, reml=False)
    close(ml.sigma2, msw, 1e-10)
    close(ml.cov_re[0, 0], ((G - 1) / G * msb - msw) / m, 1e-10)


def test_anova_with_msb_below_msw_is_a_reported_boundary_fit():
    y, g = anova_data(seed=3, sd_b=0.0)
    y = y - np.bincount(g, y)[g] / 5 + y.mean() + np.tile(np.arange(5) * 0.1, 6)
    with pytest.warns(EstimationWarning, match="singular"):
        fit = fit_lmm(y, np.ones((30, 1)), g)
    assert fit.singular and fit.converged and fit.theta[0] == 0.0
    assert fit.gradient[0] >= 0  # the criterion rises into the interior
    close(fit.sigma2, y.var(ddof=1), 1e-10)  # no group variance: the OLS variance


def test_identical_data_give_identical_fits():
    d = dataset("panel")
    a = fit_lmm(d["y"], d["X"], d["g"])
    b = fit_lmm(d["y"].copy(), d["X"].copy(), d["g"].copy())
    assert a.converged and np.array_equal(a.coef, b.coef) and a.theta[0] == b.theta[0]


@pytest.mark.parametrize("scale", [1e-6, 1e6])
def test_fit_is_equivariant_to_the_scale_of_y(scale):
    d = dataset("unbalanced")
    a = fit_lmm(d["y"], d["X"], d["g"], weights=d["w"])
    b = fit_lmm(d["y"] * scale, d["X"], d["g"], weights=d["w"])
    close(b.coef, a.coef * scale, 1e-9)
    close(b.theta, a.theta, 1e-8)
    close(b.loglik, a.loglik - (len(d["y"]) - 3) * np.log(scale), 1e-10)  # REML: n - p


def test_intercept_path_equals_general_path():
    d = dataset("unbalanced")
    n = len(d["y"])
    for reml in (True, False):
        a = fit_lmm(d["y"], d["X"], d["g"], weights=d["w"], reml=reml)
        b = fit_slopes(d["y"], d["X"], np.ones((n, 1)), d["w"], as_groups(d["g"], n), reml,
                       a.column_names, ())
        close(b.criterion, a.criterion, 1e-10)
        close(b.theta, a.theta, 1e-6)
        close(b.vcov_robust, a.vcov_robust, 1e-5)


def test_profile_intervals_equal_lme4_for_ml_fits(name):
    """lme4 profiles the ML deviance (also for REML fits); its limits are read off an
    interpolating spline, hence the looser tolerance at the singular boundary."""
    d, ref = dataset(name), reference()[name]["lmer_ml"]["profile"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        ci = profile_intervals(fit_lmm(d["y"], d["X"], d["g"], weights=d["w"], reml=False))
    close(ci.sigma, ref["sigma"], 1e-6)
    if name == "singular":
        assert ci.sd_between[0] == 0 == ref["sd_between"][0]
        close(ci.sd_between[1], ref["sd_between"][1], 5e-3)
    else:
        close(ci.sd_between, ref["sd_between"], 1e-5)
    assert ci.n_eval < 100


@pytest.mark.parametrize("reml", [True, False], ids=["reml", "ml"])
def test_satterthwaite_df_equal_lmertest(name, reml):
    d = dataset(name)
    ref = reference()[name]["lmer_reml" if reml else "lmer_ml"]["df_satterthwaite"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EstimationWarning)
        fit = fit_lmm(d["y"], d["X"], d["g"], weights=d["w"], reml=reml)
    close(satterthwaite_df(fit), ref, 1e-5)


def test_recovers_known_variance_components():
    rng = np.random.default_rng(5)
    G, m = 400, 15
    g = np.repeat(np.arange(G), m)
    x = rng.normal(size=G * m)
    y = 1 + 0.5 * x + rng.normal(0, 1.5, G)[g] + rng.normal(0, 2.0, G * m)
    fit = fit_lmm(y, np.column_stack([np.ones(G * m), x]), g)
    ci = profile_intervals(fit)
    assert ci.sd_between[0] < 1.5 < ci.sd_between[1] and ci.sigma[0] < 2.0 < ci.sigma[1]
    assert np.all(np.abs(fit.coef - [1, 0.5]) < 3 * fit.se)


def test_random_slopes_recover_covariance():
    rng = np.random.default_rng(8)
    G, m = 300, 20
    g = np.repeat(np.arange(G), m)
    x = rng.normal(size=G * m)
    b = rng.multivariate_normal([0, 0], [[1.0, 0.3], [0.3, 0.25]], G)
    y = 2 + x + b[g, 0] + b[g, 1] * x + rng.normal(size=G * m)
    X = np.column_stack([np.ones(G * m), x])
    fit = fit_lmm(y, X, g, Z=X)
    assert fit.converged and not fit.singular
    np.testing.assert_allclose(fit.cov_re, [[1.0, 0.3], [0.3, 0.25]], atol=0.2)


def test_collinear_column_is_dropped_and_named():
    y, g = anova_data()
    X = np.column_stack([np.ones(30), np.arange(30.0), 2 * np.arange(30.0)])
    with pytest.warns(EstimationWarning, match="dropped double"):
        fit = fit_lmm(y, X, g, column_names=["one", "t", "double"])
    assert fit.column_names == ("one", "t") and fit.dropped == ("double",)


def test_bad_input_names_the_argument():
    y, g = anova_data()
    with pytest.raises(TimestudyError, match="`weights` has 1 values that are not finite and"):
        fit_lmm(y, np.ones((30, 1)), g, weights=np.r_[0.0, np.ones(29)])
    with pytest.raises(TimestudyError, match=r"`X` must have shape \(30, p\)"):
        fit_lmm(y, np.ones((29, 1)), g)


def test_one_group_or_singleton_groups_are_refused():
    y, g = anova_data()
    with pytest.raises(TimestudyError, match="`groups` has 1 group"):
        fit_lmm(y, np.ones((30, 1)), np.zeros(30))
    with pytest.raises(TimestudyError, match="every group in `groups` has one row"):
        fit_lmm(y, np.ones((30, 1)), np.arange(30))


def test_lmm_conf_int_methods():
    d = dataset("panel")
    fit = fit_lmm(d["y"], d["X"], d["g"])
    sat, normal = fit.conf_int(), fit.conf_int(method="normal")
    assert np.all(np.diff(sat).ravel() > np.diff(normal).ravel())  # t wider than normal
    assert fit.conf_int(method="robust").shape == (len(fit.coef), 2)
    with pytest.raises(TimestudyError, match="method must be"):
        fit.conf_int(method="kr")
