"""Inference for a random-intercept LMM: profile intervals and Satterthwaite df.

Both work on the sufficient statistics a fit keeps, so their cost does not grow
with n or with refits: each evaluation of the likelihood at given variance
parameters is O(G p^2).

- :func:`profile_intervals`: likelihood-ratio intervals for the between-group
  and residual standard deviations (as lme4's ``confint(method = "profile")``),
  from the criterion the model was fitted with (REML or ML).
- :func:`satterthwaite_df`: degrees of freedom of t tests of the fixed effects
  (as lmerTest), from the Hessian of the criterion in the two variances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.linalg as sla
from scipy import optimize

from timestudy.errors import TimestudyError
from timestudy.stats import _lmm_intercept as ri
from timestudy.stats.distributions import chi2_ppf

if TYPE_CHECKING:  # the result type only: lmm_result imports this module when asked
    from timestudy.stats.lmm_result import LmmResult

__all__ = ["VarianceIntervals", "profile_intervals", "satterthwaite_df"]


def _criterion(st: ri.InterceptStats, reml: bool, lam: float, sigma2: float) -> float:
    """-2 log-likelihood (or REML criterion) at ratio ``lam`` and residual variance."""
    s = ri.solve(st, lam)
    p = st.xtx.shape[0]
    nu = st.n - p if reml else st.n
    out = nu * (ri.LOG_2PI + np.log(sigma2)) + s.pwrss / sigma2 + s.logdet_v - st.sum_log_w
    return float(out + (s.logdet_m if reml else 0.0))


def _state(fit: LmmResult) -> tuple[ri.InterceptStats, bool]:
    if not isinstance(fit.state, tuple) or not isinstance(fit.state[0], ri.InterceptStats):
        raise TimestudyError("profile intervals and Satterthwaite df need a random-intercept "
                             "fit (fit_lmm without Z)")
    return fit.state


def _min_over_lam(fun, lam_hat: float, zero: bool = True) -> float:
    """Minimum of ``fun(lam)`` over lam > 0 by Brent on log lam (and at lam = 0 if ``zero``)."""
    c = np.log(max(lam_hat, 1e-8))
    res = optimize.minimize_scalar(lambda t: fun(np.exp(t)), bounds=(c - 25, c + 25),
                                   method="bounded", options={"xatol": 1e-10})
    return float(min(res.fun, fun(0.0))) if zero else float(res.fun)


@dataclass(frozen=True)
class VarianceIntervals:
    """Profile-likelihood intervals of the standard deviations.

    Attributes
    ----------
    sd_between, sigma : ndarray (2,)
        Lower and upper limits for the between-group sd and the residual sd;
        a lower limit of 0 means the boundary is inside the interval.
    level : float
    n_eval : int
        Likelihood evaluations used (each O(G p^2)).

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_lmm, profile_intervals
    >>> rng = np.random.default_rng(0)
    >>> g = np.repeat(np.arange(30), 10)
    >>> y = 1 + rng.normal(0, 1.0, 30)[g] + rng.normal(0, 2.0, 300)
    >>> ci = profile_intervals(fit_lmm(y, np.ones((300, 1)), g), level=0.9)
    >>> ci.level, ci.sd_between.shape, bool(ci.sigma[0] < ci.sigma[1])
    (0.9, (2,), True)
    """

    sd_between: np.ndarray
    sigma: np.ndarray
    level: float
    n_eval: int


def profile_intervals(fit: LmmResult, level: float = 0.95) -> VarianceIntervals:
    """Likelihood-ratio intervals for the between-group and residual sd.

    Parameters
    ----------
    fit : LmmResult
        A random-intercept fit of :func:`~timestudy.stats.fit_lmm`.
    level : float
        Level of the intervals.

    Returns
    -------
    VarianceIntervals

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import profile_intervals
    >>> rng = np.random.default_rng(0)
    >>> g = np.repeat(np.arange(30), 10)
    >>> y = 1 + rng.normal(0, 1.0, 30)[g] + rng.normal(0, 2.0, 300)
    >>> from timestudy.stats import fit_lmm
    >>> ci = profile_intervals(fit_lmm(y, np.ones((300, 1)), g))
    >>> bool(ci.sd_between[0] < 1 < ci.sd_between[1]), bool(ci.sigma[0] < 2 < ci.sigma[1])
    (True, True)
    """
    st, reml = _state(fit)
    crit = chi2_ppf(level, 1)
    lam_hat, s2_hat = fit.theta[0] ** 2, fit.sigma2
    best = fit.criterion
    count = [0]

    def prof_sd(sd: float) -> float:  # sigma_b fixed: sigma^2 = sd^2 / lam
        count[0] += 1
        if sd <= 0:
            return ri.deviance(st, ri.solve(st, 0.0), reml) - best
        return _min_over_lam(lambda lam: _criterion(st, reml, lam, sd**2 / lam), lam_hat,
                             zero=False) - best

    def prof_sigma(sig: float) -> float:
        count[0] += 1
        return _min_over_lam(lambda lam: _criterion(st, reml, lam, sig**2), lam_hat) - best

    sd_hat = float(np.sqrt(lam_hat * s2_hat))
    sd_ci = _limits(prof_sd, sd_hat, crit, allow_zero=True)
    sig_ci = _limits(prof_sigma, float(np.sqrt(s2_hat)), crit, allow_zero=False)
    return VarianceIntervals(sd_between=sd_ci, sigma=sig_ci, level=level, n_eval=count[0])


def _limits(prof, hat: float, crit: float, allow_zero: bool) -> np.ndarray:
    """Where the profile crosses ``crit`` below and above the estimate."""
    f = lambda v: prof(v) - crit  # noqa: E731
    if hat <= 0:
        lo = 0.0
    elif allow_zero and f(0.0) <= 0:
        lo = 0.0
    else:
        a = hat / 2
        while f(a) < 0 and a > 1e-12 * max(hat, 1e-300):
            a /= 2
        lo = optimize.brentq(f, a, hat, xtol=1e-12 * hat, rtol=1e-10) if f(a) > 0 else a
    b = max(hat, 1e-6) * 2
    while f(b) < 0:
        b *= 2
    hi = optimize.brentq(f, max(hat, b / 2), b, xtol=1e-12 * b, rtol=1e-10)
    return np.array([lo, hi])


def satterthwaite_df(fit: LmmResult, contrasts: np.ndarray | None = None) -> np.ndarray:
    """Satterthwaite degrees of freedom for contrasts of the fixed effects (rows).

    ``df = 2 (c'Vc)^2 / (g' A g)`` with ``g`` the gradient of ``c'V c`` in the
    variance parameters ``(sigma_b^2, sigma^2)`` and ``A`` twice the inverse
    Hessian of the fitted criterion there (lmerTest's method). A boundary fit
    has one variance parameter, the residual one.

    Parameters
    ----------
    fit : LmmResult
        A random-intercept fit of :func:`~timestudy.stats.fit_lmm`.
    contrasts : ndarray (k, p), optional
        Contrasts in rows (default: one per fixed effect).

    Returns
    -------
    ndarray (k,)
        Degrees of freedom of each contrast.

    Examples
    --------
    The package exports it as ``lmm_satterthwaite_df`` (its ``satterthwaite_df`` is the
    sandwich estimators' df, for a :class:`~timestudy.stats.ClusterParts`).

    >>> import numpy as np
    >>> from timestudy.stats import fit_lmm, lmm_satterthwaite_df
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(10), 8)
    >>> y = rng.normal(0, 1.0, 10)[g] + rng.normal(size=80)
    >>> df = lmm_satterthwaite_df(fit_lmm(y, np.ones((80, 1)), g))
    >>> bool(8 < df[0] < 10)  # about the number of groups less one
    True
    """
    st, reml = _state(fit)
    cs = np.eye(len(fit.coef)) if contrasts is None else np.atleast_2d(contrasts)
    s2 = fit.sigma2
    vb = fit.cov_re[0, 0]
    free = [0, 1] if vb > 0 else [1]

    def crit(v: np.ndarray) -> float:
        return _criterion(st, reml, v[0] / v[1], v[1])

    def cvc(v: np.ndarray) -> np.ndarray:
        s = ri.solve(st, v[0] / v[1])
        m_inv = sla.cho_solve(s.m_chol, np.eye(len(fit.coef)), check_finite=False)
        return v[1] * np.einsum("ki,ij,kj->k", cs, m_inv, cs)

    v0 = np.array([vb, s2])
    hess = _fd_hessian(crit, v0, free)
    a = 2 * np.linalg.inv(hess)
    grads = np.column_stack([_fd_grad(cvc, v0, j) for j in free])  # (k, free)
    return 2 * cvc(v0) ** 2 / np.einsum("ki,ij,kj->k", grads, a, grads)


def _fd_grad(fun, v: np.ndarray, j: int) -> np.ndarray:
    h = 1e-4 * v[j]
    e = np.zeros(len(v))
    e[j] = h
    return (fun(v + e) - fun(v - e)) / (2 * h)


def _fd_hessian(fun, v: np.ndarray, free: list[int]) -> np.ndarray:
    hess = np.empty((len(free), len(free)))
    for a, i in enumerate(free):
        for b, j in enumerate(free):
            hi, hj = 1e-4 * v[i], 1e-4 * v[j]
            ei, ej = np.zeros(len(v)), np.zeros(len(v))
            ei[i], ej[j] = hi, hj
            hess[a, b] = (fun(v + ei + ej) - fun(v + ei - ej) - fun(v - ei + ej)
                          + fun(v - ei - ej)) / (4 * hi * hj)
    return (hess + hess.T) / 2
