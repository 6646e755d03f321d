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
from dataclasses import dataclass, field
from typing import Any

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
    pivoted_rank,
)
from timestudy.stats._threads import one_blas_thread

#: lme4's ``isSingular`` tolerance on the relative factor ``theta``.
SINGULAR_TOL = 1e-4


@dataclass(frozen=True, repr=False)
class LmmResult:
    """A fitted linear mixed model.

    Attributes
    ----------
    coef, se : ndarray (p,)
        Fixed effects and their model-based standard errors.
    vcov, vcov_robust : ndarray (p, p)
        Model-based covariance ``sigma^2 (X' V^-1 X)^-1`` and cluster-robust (by
        group, CR1: ``G / (G - 1)`` times the sandwich with the model bread).
    column_names : tuple of str
        Names of the kept columns of ``X``; ``dropped`` names collinear ones.
    sigma2 : float
        Residual variance (of a row with weight 1).
    cov_re : ndarray (q, q)
        Covariance of the random effects; ``cov_re[0, 0]`` is the between-group
        variance of a random intercept.
    theta : ndarray
        lme4's relative covariance factor (lower triangle, column by column).
    blups, blup_sd : ndarray (G, q)
        Conditional modes of the random effects and their conditional standard
        deviations given the estimates (lme4's ``ranef(condVar=TRUE)``).
    group_labels : ndarray (G,)
        The group labels in the row order of ``blups``.
    loglik, criterion, aic, bic : float
        Log-likelihood (REML log-likelihood for a REML fit, as lme4 reports),
        ``-2 loglik``, and the information criteria with ``n_params`` parameters.
    converged, singular : bool
        Whether the optimum was found; whether the fit is on the boundary
        (a variance at 0 or a correlation at +-1: lme4's ``isSingular``).
    n_eval : int
        Evaluations of the profiled likelihood (each O(G), independent of n).
    gradient : ndarray
        Derivative of ``criterion`` at the optimum, by variance parameter.
    message : str
        How the optimisation ended, in words.
    state : object
        The per-group sufficient statistics and the criterion, kept so that
        :func:`~timestudy.stats.lmm_inference.profile_intervals` and
        :func:`~timestudy.stats.lmm_inference.satterthwaite_df` need no refit
        (O(G p^2) memory, no reference to the rows).
    """

    coef: np.ndarray
    se: np.ndarray
    vcov: np.ndarray
    vcov_robust: np.ndarray
    column_names: tuple[str, ...]
    dropped: tuple[str, ...]
    sigma2: float
    cov_re: np.ndarray
    theta: np.ndarray
    blups: np.ndarray
    blup_sd: np.ndarray
    group_labels: np.ndarray
    loglik: float
    criterion: float
    aic: float
    bic: float
    reml: bool
    n_obs: int
    n_groups: int
    n_params: int
    converged: bool
    singular: bool
    n_eval: int
    gradient: np.ndarray
    message: str
    state: Any = field(default=None, compare=False)

    @property
    def se_robust(self) -> np.ndarray:
        """Cluster-robust (CR1) standard errors of the fixed effects."""
        return np.sqrt(np.diag(self.vcov_robust))

    @property
    def sd_re(self) -> np.ndarray:
        """Standard deviations of the random effects (intercept first)."""
        return np.sqrt(np.diag(self.cov_re))

    @property
    def icc(self) -> float:
        """Intra-group correlation of a random intercept: ``var_b / (var_b + sigma^2)``."""
        return float(self.cov_re[0, 0] / (self.cov_re[0, 0] + self.sigma2))

    def conf_int(self, level: float = 0.95, method: str = "satterthwaite") -> np.ndarray:
        """Intervals for the fixed effects, shape (p, 2).

        ``"satterthwaite"`` (random intercept only): t with lmerTest's df;
        ``"normal"``: Wald with a normal reference; ``"robust"``: cluster-robust
        CR1 standard errors with t(G - 1).
        """
        from scipy import stats

        if method == "satterthwaite":
            from timestudy.stats.lmm_inference import satterthwaite_df

            q, se = stats.t.ppf(0.5 + level / 2, satterthwaite_df(self)), self.se
        elif method == "normal":
            q, se = stats.norm.ppf(0.5 + level / 2), self.se
        elif method == "robust":
            q, se = stats.t.ppf(0.5 + level / 2, self.n_groups - 1), self.se_robust
        else:
            raise TimestudyError(f"method must be 'satterthwaite', 'normal' or 'robust', "
                                 f"not {method!r}")
        return np.column_stack([self.coef - q * se, self.coef + q * se])

    def summary(self) -> str:
        """Fixed effects and variance components as text."""
        lines = [f"Linear mixed model ({'REML' if self.reml else 'ML'}), {self.n_obs} rows, "
                 f"{self.n_groups} groups; {self.message}",
                 f"{'term':<24}{'estimate':>12}{'se':>12}{'se_robust':>12}"]
        for name, b, s, r in zip(self.column_names, self.coef, self.se, self.se_robust,
                                 strict=True):
            lines.append(f"{name:<24}{b:>12.5g}{s:>12.5g}{r:>12.5g}")
        lines.append(f"random-effect sd {np.round(self.sd_re, 5).tolist()}, residual sd "
                     f"{np.sqrt(self.sigma2):.5g}; loglik {self.loglik:.4f}, AIC {self.aic:.2f}")
        if self.dropped:
            lines.append(f"dropped (collinear): {', '.join(self.dropped)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


@one_blas_thread
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

    >>> y = np.array([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 8.0, 9.0, 10.0])
    >>> g = np.repeat([0, 1, 2], 3)
    >>> fit = fit_lmm(y, np.ones((9, 1)), g)
    >>> round(float(fit.sigma2), 10), round(float(fit.cov_re[0, 0]), 10)  # MSW = 1, (MSB - MSW) / 3
    (1.0, 12.6666666667)
    """
    y = as_vector("y", y)
    n = len(y)
    X = as_design(X, n)
    w = as_vector("weights", weights, n, default=1.0, positive=True)
    grp = as_groups(groups, n)
    check_groups(grp)
    names = tuple(column_names) if column_names is not None else tuple(
        f"x{j}" for j in range(X.shape[1]))
    if len(names) != X.shape[1]:
        raise TimestudyError(f"`column_names` has {len(names)} names for {X.shape[1]} columns")
    keep = pivoted_rank(X, w)
    dropped = tuple(names[j] for j in range(X.shape[1]) if j not in set(keep.tolist()))
    if dropped:
        warnings.warn(f"fixed-effect design is rank deficient: dropped {', '.join(dropped)}",
                      EstimationWarning, stacklevel=2)
        X = X[:, keep]
        names = tuple(names[j] for j in keep)
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
