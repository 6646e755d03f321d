"""Gamma, Tweedie and Poisson GLMMs with a log link and a group random intercept.

``log E[y_i | b_g] = x_i' beta + offset_i + b_g`` with ``b_g ~ N(0, sd^2)``. The
marginal likelihood is one-dimensional per group: Laplace (``n_agq=1``, the
default, with an analytic gradient) or adaptive Gauss-Hermite quadrature
(``n_agq > 1``). Parameters are optimised on ``(beta, log sd, log phi)`` by
L-BFGS-B from a GLM start; standard errors come from the Hessian of the
approximate log-likelihood (central differences of the gradient), as glmmTMB's
``sdreport``. Agreement with glmmTMB (Laplace) and lme4's ``glmer`` (nAGQ)
is kept as tests.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats import _glmm_laplace as gl
from timestudy.stats import families as fam
from timestudy.stats._arrays import (
    Groups,
    as_design,
    as_groups,
    as_vector,
    between_within_df,
    check_groups,
    full_rank,
)
from timestudy.stats._threads import one_blas_thread
from timestudy.stats.glm import irls

#: A random-effect sd below this is reported as a singular (boundary) fit.
SINGULAR_SD = 1e-4
_LOG_SD_MIN = np.log(1e-8)


@dataclass(frozen=True, repr=False)
class GlmmResult:
    """A fitted GLMM with a group random intercept.

    Attributes
    ----------
    coef, se : ndarray (p,)
        Fixed effects (log scale) and standard errors.
    vcov : ndarray (p, p)
        Covariance of the fixed effects.
    vcov_all : ndarray
        Covariance of ``(beta, log sd, log phi)`` (``log phi`` absent for Poisson).
    sd_re, dispersion : float
        Random-intercept standard deviation and dispersion ``phi`` (variance
        ``phi mu^p``; for Gamma the shape is ``1 / phi``).
    sd_re_interval : ndarray (2,)
        95% Wald interval for ``sd_re`` on the log scale.
    blups, blup_sd : ndarray (G,)
        Conditional modes of the group effects and their conditional sd
        (inverse square root of the curvature at the mode).
    group_labels : ndarray (G,)
    loglik, aic, bic : float
        Approximate log-likelihood (Laplace or AGQ) and criteria.
    family, power, n_agq
        The family, its variance power, and the number of quadrature nodes.
    df_between_within : ndarray (p,)
        Between-within degrees of freedom of each fixed effect (for ``conf_int``).
    power_profile : ndarray (k, 2) or None
        Tweedie power and profile log-likelihood at each power tried, when the
        power was estimated (standard errors then treat it as known; AIC/BIC
        count it).
    n_obs, n_groups, n_iter : int
    converged, singular : bool
    gradient : ndarray
        Gradient of the log-likelihood at the optimum.
    message : str
    column_names, dropped : tuple of str

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glmm
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(20), 10)
    >>> mu = np.exp(1 + rng.normal(0, 0.3, 20)[g])
    >>> fit = fit_glmm(rng.gamma(4.0, mu / 4.0), np.ones((200, 1)), g)
    >>> fit.family, fit.blups.shape, bool(fit.sd_re > 0)
    ('gamma', (20,), True)
    """

    coef: np.ndarray
    se: np.ndarray
    vcov: np.ndarray
    vcov_all: np.ndarray
    sd_re: float
    dispersion: float
    sd_re_interval: np.ndarray
    blups: np.ndarray
    blup_sd: np.ndarray
    group_labels: np.ndarray
    loglik: float
    aic: float
    bic: float
    family: str
    power: float
    n_agq: int
    n_obs: int
    n_groups: int
    n_iter: int
    converged: bool
    singular: bool
    gradient: np.ndarray
    message: str
    column_names: tuple[str, ...]
    dropped: tuple[str, ...]
    power_profile: np.ndarray | None = None
    df_between_within: np.ndarray | None = None

    def conf_int(self, level: float = 0.95, df: float | str | None = None) -> np.ndarray:
        """Wald intervals for the fixed effects (log scale), shape (p, 2).

        Normal reference by default; a number gives a t reference with that df;
        ``"between-within"`` a t reference with ``df_between_within`` (groups
        less the group-level columns for a group-level column, rows less groups
        less the other columns otherwise). See ``benchmarks/coverage_engines.py``.
        """
        from timestudy.stats.distributions import norm_ppf, t_ppf

        if isinstance(df, str):
            if df != "between-within":
                raise TimestudyError(f"df must be a number, None or 'between-within', "
                                     f"not {df!r}")
            df = self.df_between_within
        q = norm_ppf(0.5 + level / 2) if df is None else t_ppf(0.5 + level / 2, df)
        return np.column_stack([self.coef - q * self.se, self.coef + q * self.se])

    def summary(self) -> str:
        """Fixed effects, multipliers and variance components as text."""
        lines = [f"GLMM {self.family} (power {self.power:.4g}), log link, random intercept; "
                 f"{'Laplace' if self.n_agq == 1 else f'AGQ {self.n_agq}'}; {self.n_obs} rows, "
                 f"{self.n_groups} groups; {self.message}",
                 f"{'term':<24}{'estimate':>12}{'se':>12}{'multiplier':>12}"]
        for name, b, s in zip(self.column_names, self.coef, self.se, strict=True):
            lines.append(f"{name:<24}{b:>12.5g}{s:>12.5g}{np.exp(b):>12.5g}")
        lines.append(f"group sd {self.sd_re:.5g} (95% {self.sd_re_interval[0]:.4g} to "
                     f"{self.sd_re_interval[1]:.4g}), dispersion {self.dispersion:.5g}; "
                     f"loglik {self.loglik:.4f}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def fit_glmm(
    y: np.ndarray,
    X: np.ndarray,
    groups: np.ndarray,
    *,
    family: fam.Family = "gamma",
    power: float | None = None,
    offset: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    n_agq: int = 1,
    column_names: list[str] | None = None,
) -> GlmmResult:
    """Fit a log-link GLMM with a random intercept per group.

    Parameters
    ----------
    y : ndarray (n,)
        Response (> 0 for Gamma; >= 0 for Tweedie and Poisson).
    X : ndarray (n, p)
        Fixed-effects design with an intercept column if wanted.
    groups : ndarray (n,)
        Group labels (any dtype).
    family : {"gamma", "tweedie", "poisson"}
        Conditional distribution.
    power : float, optional
        Tweedie variance power in (1, 2); ``None`` estimates it by profile
        likelihood (one fit per power tried: for moderate data sizes).
    offset : ndarray (n,), optional
        Added to the linear predictor (e.g. ``log(exposure)``).
    weights : ndarray (n,), optional
        Multiply each row's log-likelihood (glmmTMB's convention).
    n_agq : int
        1 for the Laplace approximation; more for adaptive Gauss-Hermite
        quadrature with that many nodes per group (the gradient is then
        numerical, so prefer moderate data sizes).
    column_names : list of str, optional

    Returns
    -------
    GlmmResult

    Warns
    -----
    EstimationWarning
        Singular fit (group sd at the boundary 0) or no convergence.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glmm
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(40), 25)
    >>> x = rng.uniform(size=1000)
    >>> mu = np.exp(1 + 0.5 * x + rng.normal(0, 0.3, 40)[g])
    >>> fit = fit_glmm(rng.gamma(4.0, mu / 4.0), np.column_stack([np.ones(1000), x]), g)
    >>> fit.converged, round(float(fit.coef[1]), 1), round(float(fit.dispersion), 2)
    (True, 0.6, 0.25)
    """
    with one_blas_thread():  # (a block, not a decorator: its warnings point at the caller)
        y = as_vector("y", y)
        n = len(y)
        X = as_design(X, n)
        w = as_vector("weights", weights, n, default=1.0, positive=True)
        off = as_vector("offset", offset, n, default=0.0)
        grp = as_groups(groups, n)
        check_groups(grp)
        if int(n_agq) != n_agq or not 1 <= n_agq <= 50:
            raise TimestudyError(f"n_agq must be an integer from 1 to 50, not {n_agq!r}")
        X, names, dropped = full_rank(X, w, column_names, what="fixed-effect design")
        scale = np.abs(X).max(axis=0)  # columns on a unit scale: better conditioned optimisation
        if family == "tweedie" and power is None:
            fam.check_response(y, 1.5)
            power, profile = _profile_power(y, X / scale, off, w, grp, int(n_agq))
        else:
            profile = None
        p_var = fam.variance_power(family, power)
        fam.check_response(y, p_var)
        pr = gl.Problem(y, X / scale, off, w, grp.codes, grp.n_groups, p_var, int(n_agq))
        params, n_iter, converged, message = _optimise(pr, _start(pr))
        fit = _package(pr, params, n_iter, converged, message, family, grp.labels, names,
                       dropped, scale)
        fit = replace(fit, df_between_within=between_within_df(X, grp))
        return fit if profile is None else replace(fit, power_profile=profile,
                                                   aic=fit.aic + 2, bic=fit.bic + np.log(n))


def _profile_power(y: np.ndarray, X: np.ndarray, off: np.ndarray, w: np.ndarray, grp: Groups,
                   n_agq: int, bounds: tuple[float, float] = (1.01, 1.99)
                   ) -> tuple[float, np.ndarray]:
    """Tweedie power of the GLMM by profile likelihood (Brent; each power a full fit)."""
    trail: list[tuple[float, float]] = []
    start: list = [None]

    def neg(p: float) -> float:
        pr = gl.Problem(y, X, off, w, grp.codes, grp.n_groups, float(p), n_agq)
        x, _, _, _ = _optimise(pr, _start(pr) if start[0] is None else start[0])
        start[0] = x
        ll = gl.laplace(pr, x)[0] if n_agq == 1 else gl.agq(pr, x)
        trail.append((float(p), ll))
        return -ll

    res = optimize.minimize_scalar(neg, bounds=bounds, method="bounded",
                                   options={"xatol": 1e-5})
    if min(res.x - bounds[0], bounds[1] - res.x) < 1e-4:
        warnings.warn(f"Tweedie power estimate {res.x:.3f} is at the edge of {bounds}: "
                      "consider a Poisson or Gamma family", EstimationWarning, stacklevel=3)
    return float(res.x), np.array(sorted(trail))


def _start(pr: gl.Problem) -> np.ndarray:
    """GLM coefficients, a moment guess of the group sd, the Pearson dispersion."""
    beta, mu, _, _, _ = irls(pr.y, pr.X, pr.offset, pr.w, pr.power, tol=1e-8)
    ratio = pr.gsum(pr.w * pr.y) / pr.gsum(pr.w * mu)
    sd = max(float(np.std(np.log(np.maximum(ratio, 1e-3)))), 0.05)
    k = pr.X.shape[1]
    phi = fam.pearson_dispersion(pr.y, mu, pr.w, pr.power, max(len(pr.y) - k, 1))
    return np.r_[beta, np.log(sd), [np.log(phi)] if pr.has_dispersion else []]


def _neg(pr: gl.Problem):
    """Negative log-likelihood and gradient: analytic (Laplace) or central differences."""
    if pr.n_agq == 1:
        def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
            ll, g = gl.laplace(pr, x)
            return -ll, -g
        return fun

    def fun_agq(x: np.ndarray) -> tuple[float, np.ndarray]:
        h = 1e-6
        g = np.array([(gl.agq(pr, x + h * e) - gl.agq(pr, x - h * e)) / (2 * h)
                      for e in np.eye(len(x))])
        return -gl.agq(pr, x), -g
    return fun_agq


def _optimise(pr: gl.Problem, x0: np.ndarray) -> tuple[np.ndarray, int, bool, str]:
    k = pr.X.shape[1]
    bounds = [(None, None)] * len(x0)
    bounds[k] = (_LOG_SD_MIN, None)
    fun = _neg(pr)
    x, n_iter = x0, 0
    for _ in range(3):
        res = optimize.minimize(fun, x, jac=True, method="L-BFGS-B", bounds=bounds,
                                options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9,
                                         "maxcor": 30})
        n_iter += int(res.nit)
        moved = float(np.max(np.abs(res.x - x)))
        x = res.x
        if res.success and moved < 1e-7:
            break
    _, g = fun(x)
    free = np.ones(len(x), bool)
    free[k] = x[k] > _LOG_SD_MIN + 1e-8
    pg = float(np.max(np.abs(np.where(free, g, np.minimum(-g, 0)))))
    scale = max(1.0, len(pr.y) / 1e4)
    converged = pg < 1e-3 * scale
    msg = (f"converged (projected gradient {pg:.1e})" if converged
           else f"stopped with projected gradient {pg:.1e}: {res.message}")
    return x, n_iter, converged, msg


def _hessian(pr: gl.Problem, x: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Hessian of the log-likelihood in the free parameters by central differences."""
    fun = _neg(pr)
    idx = np.flatnonzero(free)
    hess = np.empty((len(idx), len(idx)))
    for a, j in enumerate(idx):
        h = 1e-5 * max(1.0, abs(x[j]))
        e = np.zeros(len(x))
        e[j] = h
        hess[a] = -(fun(x + e)[1] - fun(x - e)[1])[idx] / (2 * h)
    return (hess + hess.T) / 2


def _package(pr: gl.Problem, params: np.ndarray, n_iter: int, converged: bool, message: str,
             family: str, labels: np.ndarray, names: tuple[str, ...], dropped: tuple[str, ...],
             scale: np.ndarray) -> GlmmResult:
    k = len(names)
    beta, tau, phi = gl.unpack(pr, params)
    sd = float(np.sqrt(tau))
    singular = sd < SINGULAR_SD
    free = np.ones(len(params), bool)
    free[k] = not singular
    hess = _hessian(pr, params, free)
    try:
        cov_free = np.linalg.inv(-hess)
    except np.linalg.LinAlgError:
        cov_free = np.full(hess.shape, np.nan)
    cov = np.full((len(params), len(params)), np.nan)
    cov[np.ix_(free, free)] = cov_free
    unscale = np.r_[1 / scale, np.ones(len(params) - k)]
    cov = cov * np.outer(unscale, unscale)
    ll, grad = gl.laplace(pr, params) if pr.n_agq == 1 else (gl.agq(pr, params), np.full(
        len(params), np.nan))
    grad = grad * np.r_[scale, np.ones(len(params) - k)]  # in the original units of beta
    _, curv, _ = gl.find_modes(pr, pr.X @ beta + pr.offset, tau, phi)
    se_log_sd = float(np.sqrt(cov[k, k]))
    n_par = len(params)
    if singular:
        message = f"singular fit: group sd {sd:.2e} at the boundary 0; {message}"
        warnings.warn(f"GLMM: {message}", EstimationWarning, stacklevel=3)
    elif not converged:
        warnings.warn(f"GLMM did not converge: {message}", EstimationWarning, stacklevel=3)
    return GlmmResult(
        coef=beta / scale, se=np.sqrt(np.diag(cov[:k, :k])), vcov=cov[:k, :k], vcov_all=cov,
        sd_re=0.0 if singular else sd, dispersion=phi,
        sd_re_interval=np.exp(params[k] + np.array([-1, 1]) * 1.959963984540054 * se_log_sd)
        if not singular else np.array([0.0, np.nan]),
        blups=pr.modes.copy(), blup_sd=1 / np.sqrt(-curv), group_labels=labels, loglik=ll,
        aic=-2 * ll + 2 * n_par, bic=-2 * ll + n_par * np.log(len(pr.y)), family=family,
        power=pr.power, n_agq=pr.n_agq, n_obs=len(pr.y), n_groups=pr.n_groups, n_iter=n_iter,
        converged=converged, singular=singular, gradient=grad, message=message,
        column_names=names, dropped=dropped)
