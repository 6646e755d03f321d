"""The result of :func:`~timestudy.stats.lmm.fit_lmm`: estimates, variance components, BLUPs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from timestudy.errors import TimestudyError

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

    Examples
    --------
    One-way layout, three groups of three (means 2, 4 and 9): the REML
    estimates are the ANOVA ones, within mean square MSW = 1 and between
    variance (MSB - MSW) / 3 = (39 - 1) / 3.

    >>> import numpy as np
    >>> from timestudy.stats import fit_lmm
    >>> y = np.array([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 8.0, 9.0, 10.0])
    >>> fit = fit_lmm(y, np.ones((9, 1)), np.repeat([0, 1, 2], 3))
    >>> round(float(fit.sigma2), 6), round(float(fit.cov_re[0, 0]), 6), fit.group_labels.tolist()
    (1.0, 12.666667, [0, 1, 2])
    >>> fit.blups.shape, fit.converged
    ((3, 1), True)
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
        from timestudy.stats.distributions import norm_ppf, t_ppf

        if method == "satterthwaite":
            from timestudy.stats.lmm_inference import satterthwaite_df

            q, se = t_ppf(0.5 + level / 2, satterthwaite_df(self)), self.se
        elif method == "normal":
            q, se = norm_ppf(0.5 + level / 2), self.se
        elif method == "robust":
            q, se = t_ppf(0.5 + level / 2, self.n_groups - 1), self.se_robust
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
