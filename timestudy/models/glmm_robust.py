"""Worker-clustered (sandwich) intervals for the fixed effects of the GLMM.

The GLMM's model-based standard errors (the inverse Hessian of its Laplace
likelihood) hold when its form holds: a driver that adds hours rather than
multiplying them, say, leaves them too small. The sandwich does not rest on the
form. Per worker ``g`` it needs:

- the score of the Laplace marginal log-likelihood in ``beta``,
  ``s_g = sum_i x_i v_i``, with ``v_i`` the derivative of the worker's Laplace
  term in the row's linear predictor, the mode's dependence included (the
  engine's gradient, split by worker; the scores sum to zero at the optimum);
- the worker's share of the expected information with its random intercept
  integrated out (Henderson's Schur complement),
  ``H_g = X_g' D_g X_g - a_g a_g' / (1' D_g 1 + 1 / tau)``, ``a_g = X_g' D_g 1``,
  ``D_g = diag(w mu^(2-p) / phi)`` at the conditional modes.

These are the :class:`~timestudy.stats.ClusterParts` of
:mod:`timestudy.stats.sandwich`, which gives CR2 (Bell-McCaffrey: the working
model's hat blocks are ``H_g``, as Pustejovsky and Tipton's CR2 for a working
covariance with a random intercept) with Satterthwaite degrees of freedom, the
bread being the expected information, as for the GLM. With the between-worker
variance at 0 the parts are the GLM's, and so are the intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.stats import families as fam
from timestudy.stats.sandwich import ClusterParts, RobustFit, robust_fit


def glmm_cluster_parts(fit, X: np.ndarray, y: np.ndarray, offset: np.ndarray,
                       weights: np.ndarray, groups: np.ndarray) -> ClusterParts:
    """Per-worker scores and information of a :class:`~timestudy.stats.GlmmResult`.

    ``X`` holds the columns of ``fit.column_names`` (the design the GLMM was
    fitted on); ``groups`` the worker of each row.

    Examples
    --------
    >>> from timestudy.stats import fit_glmm
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat(np.arange(30), 20)
    >>> X = np.column_stack([np.ones(600), rng.uniform(size=600)])
    >>> y = rng.gamma(4.0, np.exp(1 + 0.5 * X[:, 1] + rng.normal(0, 0.3, 30)[g]) / 4.0)
    >>> fit = fit_glmm(y, X, g)
    >>> parts = glmm_cluster_parts(fit, X, y, np.zeros(600), np.ones(600), g)
    >>> bool(np.allclose(parts.scores.sum(0), 0, atol=1e-4))  # the optimum: scores sum to 0
    True
    """
    codes = pd.Index(fit.group_labels).get_indexer(groups)
    n_groups = len(fit.group_labels)
    tau, phi, p = float(fit.sd_re) ** 2, float(fit.dispersion), float(fit.power)
    mu = np.exp(X @ fit.coef + offset + np.asarray(fit.blups)[codes])
    k = weights / phi
    d1, d2, d3 = fam.eta_derivatives(y, mu, p)
    info_w = k * np.power(mu, 2 - p)  # expected information weights
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(n_groups))

    def by_group(rows: np.ndarray) -> np.ndarray:
        return np.add.reduceat(rows[order], starts, axis=0)

    hess = by_group(X[:, :, None] * X[:, None, :] * info_w[:, None, None])
    if fit.singular:
        v = k * d1
    else:
        curv = by_group(k * d2) - 1 / tau  # observed curvature at the modes, as the engine's
        s3 = by_group(k * d3)
        v = k * (d1 - 0.5 * d3 / curv[codes] + 0.5 * d2 * (s3 / curv**2)[codes])
        a = by_group(X * info_w[:, None])
        hess = hess - a[:, :, None] * a[:, None, :] / (by_group(info_w) + 1 / tau)[:, None,
                                                                                     None]
    info = hess.sum(0)
    return ClusterParts(scores=by_group(X * v[:, None]), hessians=hess, info_expected=info,
                        info_observed=info, n_obs=len(y),
                        group_labels=np.asarray(fit.group_labels))


def glmm_robust(fit, X: np.ndarray, y: np.ndarray, offset: np.ndarray, weights: np.ndarray,
                groups: np.ndarray, kind: str = "CR2") -> RobustFit:
    """CR2 (default) or CR1 covariance of the GLMM's fixed effects, clustered by worker."""
    parts = glmm_cluster_parts(fit, X, y, offset, weights, groups)
    return robust_fit(parts, fit.coef, kind=kind)
