"""Linear mixed models with random effects for one grouping factor.

``y = X beta + Z b_g + e``, ``b_g ~ N(0, Sigma)`` (q x q), ``e_i ~ N(0, sigma^2 / w_i)``:
a random intercept (``Z`` omitted) or intercept and slopes (``Z`` given). Fitted
by ML or REML profiled over the relative covariance factor (lme4's ``theta``),
from per-group sufficient statistics and the Henderson mixed-model equations,
so that each likelihood evaluation costs O(G) once the statistics are built.
Agreement with lme4's ``lmer`` is kept as tests (``tests/stats``).
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg as sla

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats import _lmm_intercept as ri
from timestudy.stats._arrays import (
    Groups,
    as_design,
    as_groups,
    as_vector,
    check_groups,
    full_rank,
)
from timestudy.stats._threads import one_blas_thread
from timestudy.stats.lmm_result import SINGULAR_TOL, LmmResult


def fit_lmm(
    y: np.ndarray,
    X: np.ndarray,
    groups: np.ndarray,
    *,
    Z: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    reml: bool = True,
    column_names: list[str] | None = None,
) -> LmmResult:
    """Fit a linear mixed model with random effects for one grouping factor.

    Parameters
    ----------
    y : ndarray (n,)
        Response.
    X : ndarray (n, p)
        Fixed-effects design, including an intercept column if wanted. Columns
        collinear with earlier ones are dropped (reported in ``dropped``).
    groups : ndarray (n,)
        Group label of each row (any dtype).
    Z : ndarray (n, q), optional
        Random-effects design: omitted for a random intercept; give e.g.
        ``np.column_stack([np.ones(n), x])`` for a random intercept and slope
        with a general q x q covariance.
    weights : ndarray (n,), optional
        Observation weights: the residual variance of row i is ``sigma^2 / w_i``
        (lme4's ``weights=``).
    reml : bool
        REML (default) or maximum likelihood.
    column_names : list of str, optional
        Names of the columns of ``X`` (default ``x0, x1, ...``).

    Returns
    -------
    LmmResult
        Estimates, standard errors, variance components, BLUPs and fit details.

    Warns
    -----
    EstimationWarning
        For a singular fit (variance at 0, reported with the boundary
        estimate) and for anything that stopped short of the optimum.

    Examples
    --------
    Balanced one-way random effects, where REML is closed form: the between
    variance is ``(MSB - MSW) / m``.

    >>> import numpy as np
    >>> from timestudy.stats import fit_lmm
    >>> y = np.array([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 8.0, 9.0, 10.0])
    >>> g = np.repeat([0, 1, 2], 3)
    >>> fit = fit_lmm(y, np.ones((9, 1)), g)
    >>> round(float(fit.sigma2), 10), round(float(fit.cov_re[0, 0]), 10)  # MSW = 1, (MSB - MSW) / 3
    (1.0, 12.6666666667)
    """
    with one_blas_thread():  # (a block, not a decorator: its warnings point at the caller)
        y = as_vector("y", y)
        n = len(y)
        X = as_design(X, n)
        w = as_vector("weights", weights, n, default=1.0, positive=True)
        grp = as_groups(groups, n)
        check_groups(grp)
        X, names, dropped = full_rank(X, w, column_names, what="fixed-effect design")
        if n <= X.shape[1]:
            raise TimestudyError(f"{n} rows cannot estimate {X.shape[1]} fixed effects and a "
                                 "residual variance")
        if Z is not None:
            Z = as_design(Z, n)
            if not (Z.shape[1] == 1 and np.all(Z == 1.0)):
                from timestudy.stats._lmm_slopes import fit_slopes

                result = fit_slopes(y, X, Z, w, grp, reml, names, dropped)
                _warn(result)
                return result
        result = _fit_intercept(y, X, w, grp, reml, names, dropped)
        _warn(result)
        return result


def _warn(result: LmmResult) -> None:
    if result.singular:
        warnings.warn(f"singular fit: {result.message}; random-effect sd "
                      f"{np.round(result.sd_re, 6).tolist()} (boundary estimate)",
                      EstimationWarning, stacklevel=3)
    elif not result.converged:
        warnings.warn(f"mixed model did not converge: {result.message}", EstimationWarning,
                      stacklevel=3)


def _fit_intercept(y: np.ndarray, X: np.ndarray, w: np.ndarray, grp: Groups, reml: bool,
                   names: tuple[str, ...], dropped: tuple[str, ...]) -> LmmResult:
    st = ri.intercept_stats(y, X, w, grp)
    opt = ri.optimise_ratio(st, reml)
    s = opt.solve
    n, p = X.shape
    sigma2 = s.pwrss / (n - p if reml else n)
    m_inv = sla.cho_solve(s.m_chol, np.eye(p), check_finite=False)
    # Cluster-robust meat: per group X_g' V_g^-1 e_g (in units of 1/sigma^2).
    e = y - X @ s.beta
    score = grp.sum_columns(X, w * e) - s.c[:, None] * st.sx * s.u[:, None]
    g = grp.n_groups
    robust = m_inv @ (score.T @ score) @ m_inv * (g / max(g - 1, 1))
    theta = float(np.sqrt(s.lam))
    singular = opt.boundary or theta < SINGULAR_TOL
    message = opt.message if not singular or opt.boundary else (
        f"between-group variance near 0 (theta {theta:.2e} < {SINGULAR_TOL:g})")
    k = p + 2
    return LmmResult(
        coef=s.beta, se=np.sqrt(sigma2 * np.diag(m_inv)), vcov=sigma2 * m_inv,
        vcov_robust=robust, column_names=names, dropped=dropped, sigma2=sigma2,
        cov_re=np.array([[s.lam * sigma2]]), theta=np.array([theta]),
        blups=(s.c * s.u)[:, None], blup_sd=np.sqrt(sigma2 * s.c)[:, None],
        group_labels=grp.labels, loglik=-opt.criterion / 2, criterion=opt.criterion,
        aic=opt.criterion + 2 * k, bic=opt.criterion + k * np.log(n), reml=reml, n_obs=n,
        n_groups=g, n_params=k, converged=opt.converged, singular=singular,
        n_eval=opt.n_eval, gradient=np.array([opt.slope]), message=message,
        state=(st, reml))
