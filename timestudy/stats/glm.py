"""Generalised linear models with a log link: Gamma, Tweedie and Poisson, by IRLS.

The rank of the design is checked once (R factor by blocks of rows, then
sequential pivoting: later collinear columns are dropped and reported). IRLS
accumulates ``X'WX`` by blocks of rows, so memory beyond ``X`` is a few vectors
of length n. With ``groups``, the fit also keeps per-group scores and
information matrices, from which :mod:`timestudy.stats.sandwich` computes
cluster-robust covariances (CR0, CR1, CR2), Satterthwaite degrees of freedom
and a wild cluster bootstrap without touching the rows again.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy import optimize

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats import families as fam
from timestudy.stats._arrays import (
    as_design,
    as_groups,
    as_vector,
    full_rank,
    group_crossprods,
    sym_inverse,
    weighted_crossprod,
)
from timestudy.stats._threads import one_blas_thread
from timestudy.stats.sandwich import (
    ClusterParts,
    RobustFit,
    WildBootstrap,
    robust_fit,
    wild_cluster_bootstrap,
)

_BLOCK = 1 << 14  # rows per block of an IRLS pass


@dataclass(frozen=True, repr=False)
class GlmResult:
    """A fitted GLM with a log link.

    Attributes
    ----------
    coef, se : ndarray (p,)
        Coefficients (log scale) and model-based standard errors using the
        Pearson dispersion (R's ``summary.glm`` convention).
    vcov : ndarray (p, p)
        ``dispersion * (X' W X)^-1`` with the working weights at convergence.
    dispersion : float
        Pearson estimate ``sum w (y - mu)^2 / mu^p / (n - p)``; 1 for Poisson.
    family : str
        ``"gamma"``, ``"poisson"`` or ``"tweedie"``; ``power`` its variance power.
    power_profile : ndarray (k, 2) or None
        Tweedie power and profile log-likelihood at each power tried, when the
        power was estimated.
    deviance, loglik, aic : float
        Deviance; log-likelihood at the maximum-likelihood dispersion
        (``phi_ml``; prior weights are variance weights); AIC counting the
        coefficients, the dispersion and an estimated power. ``nan`` when
        ``loglik=False``.
    n_obs, df_resid, n_iter : int
    converged : bool
    message : str
    column_names, dropped : tuple of str
        Kept columns and columns dropped as collinear with earlier ones.
    cluster : ClusterParts or None
        Per-group scores and information, when ``groups`` was given.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glm
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(size=200)
    >>> X = np.column_stack([np.ones(200), x])
    >>> fit = fit_glm(rng.gamma(2.0, np.exp(1 + 0.5 * x) / 2.0), X, groups=np.arange(200) % 10)
    >>> fit.family, fit.n_obs, fit.df_resid, fit.cluster.n_groups
    ('gamma', 200, 198, 10)
    >>> fit.vcov.shape, bool(np.allclose(fit.se, np.sqrt(np.diag(fit.vcov))))
    ((2, 2), True)
    """

    coef: np.ndarray
    se: np.ndarray
    vcov: np.ndarray
    dispersion: float
    family: str
    power: float
    power_profile: np.ndarray | None
    deviance: float
    loglik: float
    phi_ml: float
    aic: float
    n_obs: int
    df_resid: int
    n_iter: int
    converged: bool
    message: str
    column_names: tuple[str, ...]
    dropped: tuple[str, ...]
    cluster: ClusterParts | None

    def robust(self, kind: str = "CR2", bread: str = "expected") -> RobustFit:
        """Cluster-robust covariance by group (see :func:`timestudy.stats.sandwich.robust_fit`)."""
        if self.cluster is None:
            raise TimestudyError("pass `groups` to fit_glm to get cluster-robust errors")
        return robust_fit(self.cluster, self.coef, kind=kind, bread=bread)

    def conf_int(self, level: float = 0.95, kind: str = "CR2") -> np.ndarray:
        """Intervals for the coefficients (log scale), shape (p, 2).

        ``kind`` ``"CR0"``/``"CR1"``/``"CR2"`` uses the cluster-robust errors (t
        with G - 1 or Satterthwaite df); ``"model"`` the model-based errors with a
        t reference on the residual df. Exponentiate for multiplier intervals.
        """
        if kind == "model":
            from timestudy.stats.distributions import t_ppf

            q = t_ppf(0.5 + level / 2, self.df_resid)
            return np.column_stack([self.coef - q * self.se, self.coef + q * self.se])
        return self.robust(kind).conf_int(self.coef, level)

    def bootstrap(self, n_boot: int = 999, level: float = 0.95, weights: str = "webb",
                  seed: int | None = 0) -> WildBootstrap:
        """Wild cluster bootstrap-t intervals by group (see :func:`wild_cluster_bootstrap`)."""
        if self.cluster is None:
            raise TimestudyError("pass `groups` to fit_glm to bootstrap by cluster")
        return wild_cluster_bootstrap(self.cluster, self.coef, n_boot=n_boot, level=level,
                                      weights=weights, seed=seed)

    def summary(self) -> str:
        """Coefficients, multipliers and model-based errors as text."""
        lines = [f"GLM {self.family} (power {self.power:.4g}), log link, {self.n_obs} rows; "
                 f"dispersion {self.dispersion:.5g}; {self.message}",
                 f"{'term':<24}{'estimate':>12}{'se':>12}{'multiplier':>12}"]
        for name, b, s in zip(self.column_names, self.coef, self.se, strict=True):
            lines.append(f"{name:<24}{b:>12.5g}{s:>12.5g}{np.exp(b):>12.5g}")
        if self.dropped:
            lines.append(f"dropped (collinear): {', '.join(self.dropped)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _pass(y: np.ndarray, X: np.ndarray, offset: np.ndarray, w: np.ndarray, p: float,
          beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """One pass over the rows by blocks: the deviance at ``beta`` and ``X'WX``, ``X'Wz``.

    Each block is read once while it is in cache (linear predictor, deviance,
    working weights and response, cross-products), so an IRLS iteration costs
    one pass over ``X`` and no n-sized temporaries.
    """
    k = X.shape[1]
    xtwx, xtwz, dev = np.zeros((k, k)), np.zeros(k), 0.0
    for start in range(0, len(y), _BLOCK):
        sl = slice(start, start + _BLOCK)
        xb = X[sl]
        eta = xb @ beta + offset[sl]
        mu = np.exp(eta)
        yb, wb = y[sl], w[sl]
        dev += float(wb @ fam.unit_deviance(yb, mu, p))
        ww = wb if p == 2.0 else wb * np.exp((2 - p) * eta)
        wx = xb * ww[:, None]
        xtwx += xb.T @ wx
        xtwz += wx.T @ (eta - offset[sl] + (yb - mu) / mu)
    return dev, xtwx, xtwz


def irls(y: np.ndarray, X: np.ndarray, offset: np.ndarray, w: np.ndarray, p: float,
         beta: np.ndarray | None = None, tol: float = 1e-10, max_iter: int = 100
         ) -> tuple[np.ndarray, np.ndarray, float, int, bool]:
    """Fisher scoring with step halving: ``(beta, mu, deviance, iterations, converged)``.

    Stops when the relative change in deviance is below ``tol`` (R's rule,
    ``|dev - dev_old| / (|dev| + 0.1)``) and no coefficient moved by 1e-8.
    """
    if beta is None:  # start from mu = (y + mean) / 2, as a GLM start from the data
        mu = (y + np.average(y, weights=w)) / 2
        ww = w * np.power(mu, 2 - p)
        beta = sla.solve(*weighted_crossprod(X, ww, np.log(mu) - offset + (y - mu) / mu),
                         assume_a="pos", check_finite=False)
    dev_old, old = np.inf, None
    for it in range(1, max_iter + 1):
        dev, xtwx, xtwz = _pass(y, X, offset, w, p, beta)
        halvings = 0
        while old is not None and not (np.isfinite(dev) and dev <= dev_old * (1 + 1e-12)
                                       + 1e-12) and halvings < 30:
            beta, halvings = (beta + old) / 2, halvings + 1
            dev, xtwx, xtwz = _pass(y, X, offset, w, p, beta)
        step = np.inf if old is None else float(np.max(np.abs(beta - old)))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol and step < 1e-8:
            return beta, np.exp(X @ beta + offset), dev, it, True
        dev_old, old = dev, beta
        beta = sla.solve(xtwx, xtwz, assume_a="pos", check_finite=False)
    return old, np.exp(X @ old + offset), dev_old, max_iter, False


def fit_glm(
    y: np.ndarray,
    X: np.ndarray,
    *,
    family: fam.Family = "gamma",
    power: float | None = None,
    offset: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    groups: np.ndarray | None = None,
    column_names: list[str] | None = None,
    loglik: bool = True,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> GlmResult:
    """Fit a log-link GLM (Gamma, Tweedie or Poisson) by IRLS.

    Parameters
    ----------
    y : ndarray (n,)
        Response: > 0 for Gamma, >= 0 otherwise.
    X : ndarray (n, p)
        Design matrix, with an intercept column if wanted.
    family : {"gamma", "poisson", "tweedie"}
        Variance ``phi mu^p`` with p = 2, 1 or ``power``.
    power : float, optional
        Tweedie variance power in (1, 2). ``None`` with ``family="tweedie"``
        estimates it by profile likelihood (Dunn-Smyth series density).
    offset : ndarray (n,), optional
        Added to the linear predictor, e.g. ``log(exposure)``.
    weights : ndarray (n,), optional
        Prior (variance) weights: row variance ``phi mu^p / w``.
    groups : ndarray (n,), optional
        Cluster labels: keeps what cluster-robust errors need (``.robust()``).
    column_names : list of str, optional
        Names of the columns of ``X``.
    loglik : bool
        Compute the log-likelihood at the ML dispersion (an extra O(n) pass).
    tol, max_iter
        Convergence tolerance on the relative deviance change; iteration cap.

    Returns
    -------
    GlmResult

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glm
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(size=2000)
    >>> X = np.column_stack([np.ones(2000), x])
    >>> y = rng.gamma(2.0, np.exp(1 + 0.5 * x) / 2.0)
    >>> fit = fit_glm(y, X, groups=np.arange(2000) % 40)
    >>> np.round(fit.coef, 1).tolist(), fit.converged
    ([1.0, 0.5], True)
    >>> fit.robust("CR2").se.shape
    (2,)
    """
    with one_blas_thread():  # (a block, not a decorator: its warnings point at the caller)
        y = as_vector("y", y)
        n = len(y)
        X = as_design(X, n)
        w = as_vector("weights", weights, n, default=1.0, positive=True)
        off = as_vector("offset", offset, n, default=0.0)
        X, names, dropped = full_rank(X, w, column_names)
        profile = None
        if family == "tweedie" and power is None:
            fam.check_response(y, 1.5)
            power, profile = estimate_power(y, X, off, w)
        p = fam.variance_power(family, power)
        fam.check_response(y, p)
        beta, mu, dev, n_iter, converged = irls(y, X, off, w, p, tol=tol, max_iter=max_iter)
        if not converged:
            warnings.warn(f"GLM did not converge in {max_iter} iterations", EstimationWarning,
                          stacklevel=2)
        return _package(y, X, off, w, p, family, beta, mu, dev, n_iter, converged, names, dropped,
                        profile, groups, loglik)


def _package(y: np.ndarray, X: np.ndarray, off: np.ndarray, w: np.ndarray, p: float,
             family: str, beta: np.ndarray, mu: np.ndarray, dev: float, n_iter: int,
             converged: bool, names: tuple[str, ...], dropped: tuple[str, ...],
             profile: np.ndarray | None, groups: np.ndarray | None,
             want_loglik: bool) -> GlmResult:
    n, k = X.shape
    ww = w * np.power(mu, 2 - p) if p != 2.0 else w
    info, _ = weighted_crossprod(X, ww)
    phi = 1.0 if p == 1.0 else fam.pearson_dispersion(y, mu, w, p, n - k)
    vcov = phi * sym_inverse(info)
    ll, phi_ml = fam.max_loglik(y, mu, w, p, phi) if want_loglik else (np.nan, np.nan)
    n_par = k + (p != 1.0) + (profile is not None)
    cluster = None
    if groups is not None:
        grp = as_groups(groups, n)
        score_w = w * (y - mu) * np.power(mu, 1 - p)
        obs_w = w * ((2 - p) * np.power(mu, 2 - p) - (1 - p) * y * np.power(mu, 1 - p))
        cluster = ClusterParts(scores=grp.sum_columns(X, score_w),
                               hessians=group_crossprods(X, ww, grp), info_expected=info,
                               info_observed=weighted_crossprod(X, obs_w)[0], n_obs=n,
                               group_labels=grp.labels)
    return GlmResult(coef=beta, se=np.sqrt(np.diag(vcov)), vcov=vcov, dispersion=phi,
                     family=family, power=p, power_profile=profile, deviance=dev, loglik=ll,
                     phi_ml=phi_ml, aic=-2 * ll + 2 * n_par, n_obs=n, df_resid=n - k,
                     n_iter=n_iter, converged=converged,
                     message=f"{'converged' if converged else 'not converged'} in {n_iter} "
                     "IRLS iterations", column_names=names, dropped=dropped, cluster=cluster)


def estimate_power(y: np.ndarray, X: np.ndarray, offset: np.ndarray, w: np.ndarray,
                   bounds: tuple[float, float] = (1.01, 1.99), xtol: float = 1e-7
                   ) -> tuple[float, np.ndarray]:
    """Tweedie power by profile likelihood: Brent's method over ``bounds``.

    For each power the coefficients are the IRLS estimates (the ML estimates
    for any dispersion) and the dispersion is maximised out. Returns the power
    and the (power, log-likelihood) pairs evaluated.
    """
    trail: list[tuple[float, float]] = []
    start: list[np.ndarray | None] = [None]

    def neg(p: float) -> float:
        beta, mu, _, _, _ = irls(y, X, offset, w, p, beta=start[0])
        start[0] = beta
        phi0 = fam.pearson_dispersion(y, mu, w, p, max(len(y) - X.shape[1], 1))
        ll, _ = fam.max_loglik(y, mu, w, p, phi0)
        trail.append((p, ll))
        return -ll

    res = optimize.minimize_scalar(neg, bounds=bounds, method="bounded",
                                   options={"xatol": xtol})
    if min(res.x - bounds[0], bounds[1] - res.x) < 10 * xtol:
        warnings.warn(f"Tweedie power estimate {res.x:.3f} is at the edge of {bounds}: "
                      "consider a Poisson or Gamma family", EstimationWarning, stacklevel=3)
    return float(res.x), np.array(sorted(trail))
