"""GLM and GLMM engines: rank checks, breads, bootstrap, quadrature, recovery, messages."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate
from stats_data import close, dataset, tweedie_power_fit

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats import _glmm_laplace as gl
from timestudy.stats import fit_glm, fit_glmm
from timestudy.stats.families import loglik_rows


def gamma_data(seed=0, groups=30, m=40, sd=0.3, shape=3.0):
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(groups), m)
    x = rng.uniform(0, 2, size=groups * m)
    X = np.column_stack([np.ones(len(g)), x])
    mu = np.exp(0.5 + 0.4 * x + rng.normal(0, sd, groups)[g])
    return rng.gamma(shape, mu / shape), X, g


def test_collinear_column_dropped_once_and_reported():
    y, X, g = gamma_data()
    X3 = np.column_stack([X, 3 * X[:, 1] - X[:, 0]])
    with pytest.warns(EstimationWarning, match="dropped x2"):
        fit = fit_glm(y, X3, groups=g)
    assert fit.column_names == ("x0", "x1") and fit.dropped == ("x2",)
    close(fit.coef, fit_glm(y, X).coef, 1e-12)


@pytest.mark.parametrize("fit", [fit_glm, fit_glmm])
def test_names_for_every_column_or_a_clear_error(fit):
    """One rule for every fit's design (``stats._arrays.full_rank``): fit_glmm took two names
    for three columns and failed in its optimiser ("operands could not be broadcast")."""
    y, X, g = gamma_data()
    X3 = np.column_stack([X, X[:, 1] ** 2])
    with pytest.raises(TimestudyError, match="`column_names` has 2 names for 3 columns"):
        fit(y, X3, groups=g, column_names=["one", "x"])


def test_a_dropped_column_s_warning_points_at_the_fit_s_caller():
    y, X, g = gamma_data()
    X3 = np.column_stack([X, 3 * X[:, 1] - X[:, 0]])
    for fit in (fit_glm, fit_glmm):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit(y, X3, groups=g)
        (w,) = [w for w in caught if "rank deficient" in str(w.message)]
        assert w.filename == __file__, fit.__name__


def test_poisson_observed_and_expected_breads_coincide():
    rng = np.random.default_rng(2)
    y, X, g = gamma_data(seed=2)
    counts = rng.poisson(y).astype(float)
    fit = fit_glm(counts, X, family="poisson", groups=g)
    close(fit.robust("CR1", "observed").se, fit.robust("CR1", "expected").se, 1e-10)
    assert fit.dispersion == 1.0


def test_gamma_observed_bread_differs_and_is_stated():
    y, X, g = gamma_data()
    fit = fit_glm(y, X, groups=g)
    exp_, obs = fit.robust("CR1", "expected"), fit.robust("CR1", "observed")
    assert exp_.bread == "expected" and obs.bread == "observed"
    assert not np.allclose(exp_.se, obs.se, rtol=1e-4)
    with pytest.raises(TimestudyError, match="CR2 is defined with the expected"):
        fit.robust("CR2", "observed")


def test_cr2_df_below_groups_and_wild_bootstrap_close_to_cr1():
    y, X, g = gamma_data(groups=10, m=30)
    fit = fit_glm(y, X, groups=g)
    cr2 = fit.robust("CR2")
    assert np.all(cr2.df < 9) and np.all(cr2.se > fit.robust("CR0").se)
    wb = fit.bootstrap(n_boot=1999, seed=1)
    assert np.all(wb.conf_int[:, 0] < fit.coef) and np.all(fit.coef < wb.conf_int[:, 1])
    width = np.diff(wb.conf_int).ravel() / (2 * 1.96 * fit.robust("CR1").se)
    assert np.all((width > 0.8) & (width < 2.5))


def test_tweedie_power_profile_brackets_the_estimate():
    fit = tweedie_power_fit("unbalanced")
    prof = fit.power_profile
    assert prof[:, 1].max() == pytest.approx(fit.loglik, abs=1e-6)
    assert prof[0, 0] < fit.power < prof[-1, 0]


def test_zero_hours_with_gamma_names_the_fix():
    y, X, _ = gamma_data()
    y[3] = 0.0
    with pytest.raises(TimestudyError, match="use family='tweedie'"):
        fit_glm(y, X)


def test_glm_recovers_truth():
    rng = np.random.default_rng(4)
    n = 20000
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x])
    y = rng.gamma(2.0, np.exp(1 - 0.3 * x) / 2.0)
    fit = fit_glm(y, X)
    assert np.all(np.abs(fit.coef - [1, -0.3]) < 3 * fit.se)
    assert fit.dispersion == pytest.approx(0.5, rel=0.05)


def test_agq_converges_to_the_exact_integral():
    """Each group's integral by adaptive quadrature equals scipy.integrate.quad."""
    y, X, g = gamma_data(groups=4, m=6)
    params = np.array([0.5, 0.4, np.log(0.5), np.log(1 / 3)])
    tau, phi = 0.25, 1 / 3
    exact = 0.0
    for k in range(4):
        rows = g == k
        eta = X[rows] @ params[:2]

        def integrand(b, eta=eta, rows=rows):
            ll = loglik_rows(y[rows], np.exp(eta + b), phi, 2.0).sum()
            return np.exp(ll - b**2 / (2 * tau)) / np.sqrt(2 * np.pi * tau)

        exact += np.log(integrate.quad(integrand, -6, 6, epsabs=0, epsrel=1e-12)[0])
    pr = gl.Problem(y, X, np.zeros(len(y)), np.ones(len(y)), g, 4, 2.0, 25)
    close(gl.agq(pr, params), exact, 1e-10)
    laplace = gl.laplace(gl.Problem(y, X, np.zeros(len(y)), np.ones(len(y)), g, 4, 2.0, 1),
                         params)[0]
    assert abs(laplace - exact) < 0.05


def test_glmm_recovers_truth_and_interval_covers():
    y, X, g = gamma_data(seed=9, groups=150, m=30, sd=0.4, shape=4.0)
    fit = fit_glmm(y, X, g)
    assert fit.converged and not fit.singular
    assert np.all(np.abs(fit.coef - [0.5, 0.4]) < 3 * fit.se)
    assert fit.sd_re_interval[0] < 0.4 < fit.sd_re_interval[1]
    assert fit.dispersion == pytest.approx(0.25, rel=0.1)


def test_glmm_singular_fit_is_reported():
    d = dataset("singular")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = fit_glmm(d["hours"], d["X"], d["g"])
    assert fit.singular and fit.sd_re == 0.0
    assert any(issubclass(w.category, EstimationWarning) and "singular" in str(w.message)
               for w in caught)


def test_glmm_rejects_bad_quadrature():
    y, X, g = gamma_data()
    with pytest.raises(TimestudyError, match="n_agq must be an integer from 1 to 50"):
        fit_glmm(y, X, g, n_agq=0)


def test_conf_int_helpers_agree_with_their_parts():
    y, X, g = gamma_data(groups=12)
    glm = fit_glm(y, X, groups=g)
    np.testing.assert_allclose(glm.conf_int(kind="CR2"),
                               glm.robust("CR2").conf_int(glm.coef))
    glmm = fit_glmm(y, X, g)
    lo, hi = glmm.conf_int(df=11).T
    assert np.all(lo < glmm.coef) and np.all(glmm.coef < hi)
    assert np.all(hi - lo > np.diff(glmm.conf_int()).ravel())  # t(11) is wider than normal


def test_glmm_between_within_df():
    y, X, g = gamma_data(groups=12, m=10)
    X = np.column_stack([X, (g % 2).astype(float)])  # a group-level column
    fit = fit_glmm(y, X, g)
    np.testing.assert_array_equal(fit.df_between_within, [10.0, 107.0, 10.0])  # 120 - 12 - 1
    with pytest.raises(TimestudyError, match="df must be a number"):
        fit.conf_int(df="kr")


def test_tweedie_density_sums_the_same_series_in_passes_of_any_size(monkeypatch):
    """Rows summed in several passes (a wide window) give the values of one pass, and the
    density integrates to one with its point mass at zero."""
    from timestudy.stats import families as fam

    rng = np.random.default_rng(3)
    y = np.concatenate([[0.0], rng.gamma(2.0, 3.0, 300)])
    mu = rng.gamma(4.0, 1.5, len(y))
    ll, d = fam.loglik_dphi(y, mu, 0.8, 1.4)
    monkeypatch.setattr(fam, "_CELLS", 64)  # a few rows a pass
    ll2, d2 = fam.loglik_dphi(y, mu, 0.8, 1.4)
    np.testing.assert_allclose(ll2, ll, rtol=1e-12)
    np.testing.assert_allclose(d2, d, rtol=1e-9, atol=1e-12)
    monkeypatch.setattr(fam, "_CELLS", 1 << 24)
    monkeypatch.setattr(fam, "_PASS_ROWS", 1 << 20)  # every row as wide as the widest
    ll3, d3 = fam.loglik_dphi(y, mu, 0.8, 1.4)
    np.testing.assert_allclose(ll3, ll, rtol=1e-12)
    np.testing.assert_allclose(d3, d, rtol=1e-9, atol=1e-12)
    grid = np.linspace(1e-9, 60, 20001)
    mass = np.exp(loglik_rows(np.zeros(1), np.array([3.0]), 0.8, 1.4))[0]
    dens = np.exp(loglik_rows(grid, np.full(len(grid), 3.0), 0.8, 1.4))
    assert abs(mass + integrate.trapezoid(dens, grid) - 1) < 1e-4


def test_exact_fit_tweedie_dispersion_is_refused_not_summed():
    """A model fitting every row exactly has a dispersion near zero, where the series
    would need more terms than memory holds: a TimestudyError says so (the guide then
    leaves the complexity model out), instead of a MemoryError."""
    y = np.array([3.167, 3.25, 1.667, 5.75, 1.5, 1.5])
    with pytest.raises(TimestudyError, match="too small"):
        loglik_rows(y, y, 4.6e-26, 1.38)
