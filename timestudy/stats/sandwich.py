"""Cluster-robust covariances from per-group scores: CR0, CR1, CR2, Satterthwaite df, wild bootstrap.

Everything works on :class:`ClusterParts`, which a fit builds in one pass over
the rows: per-group scores ``s_g = X_g' W_g r_g`` (working weights and working
residuals at convergence), per-group expected information ``H_g = X_g' W_g X_g``
and the global expected and observed information. No row is touched again.

Bread. The *expected* bread is ``(sum_g H_g)^-1``, as R's ``sandwich`` uses for
``glm`` objects; the *observed* bread inverts the Hessian of the
log-likelihood, as statsmodels does. They coincide for canonical links
(Poisson with log link) and differ for Gamma and Tweedie with a log link.

CR2 (Bell and McCaffrey 2002) adjusts each group's score by
``(I - H_gg)^-1/2`` of the working-weighted hat matrix; with ``L L' = sum H_g``
and ``G_g = L^-1 H_g L^-T`` that is ``L (I - G_g)^-1/2 L^-1 s_g``, a p x p
computation per group. Satterthwaite degrees of freedom follow Pustejovsky and
Tipton (2018) under the working model, also in p x p terms (O(G p^2)).
"""

from __future__ import annotations

import warnings
import weakref
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.linalg as sla

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.stats._arrays import as_groups, group_crossprods
from timestudy.stats.distributions import t_ppf

Kind = Literal["CR0", "CR1", "CR2"]
Bread = Literal["expected", "observed"]


@dataclass(frozen=True)
class ClusterParts:
    """What cluster-robust inference needs from a fit, per group (G groups, p columns).

    Parameters
    ----------
    scores : ndarray (G, p)
        Score (gradient of the log-likelihood) of each group at the estimate.
    hessians : ndarray (G, p, p)
        Expected information of each group.
    info_expected, info_observed : ndarray (p, p)
        Total expected and observed information (the bread's inverse).
    n_obs : int
        Rows behind the fit.
    group_labels : ndarray (G,)
        The groups, in the order of ``scores``.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import ClusterParts
    >>> h = np.full((6, 1, 1), 5.0)
    >>> parts = ClusterParts(np.ones((6, 1)), h, h.sum(0), h.sum(0), 30, np.arange(6))
    >>> parts.n_groups, parts.info_expected.tolist()
    (6, [[30.0]])
    """

    scores: np.ndarray         # (G, p)
    hessians: np.ndarray       # (G, p, p) expected information by group
    info_expected: np.ndarray  # (p, p)
    info_observed: np.ndarray  # (p, p)
    n_obs: int
    group_labels: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.group_labels)


@dataclass(frozen=True)
class RobustFit:
    """A cluster-robust covariance with its small-sample reference distribution.

    Attributes
    ----------
    vcov, se : ndarray
        Covariance (p, p) and standard errors (p,).
    df : ndarray (p,)
        Degrees of freedom of the t reference: Satterthwaite (Bell-McCaffrey)
        for CR2, ``G - 1`` for CR0 and CR1.
    kind, bread : str
        The estimator and the bread (``"expected"`` or ``"observed"`` information).
    n_groups : int

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glm
    >>> rng = np.random.default_rng(0)
    >>> X = np.column_stack([np.ones(120), rng.uniform(size=120)])
    >>> fit = fit_glm(rng.gamma(2.0, np.exp(X @ [1.0, 0.5]) / 2.0), X, groups=np.arange(120) % 8)
    >>> r = fit.robust("CR1")
    >>> r.kind, r.n_groups, r.df.tolist()  # CR1: G - 1 degrees of freedom
    ('CR1', 8, [7.0, 7.0])
    """

    vcov: np.ndarray
    se: np.ndarray
    df: np.ndarray
    kind: str
    bread: str
    n_groups: int

    def conf_int(self, coef: np.ndarray, level: float = 0.95) -> np.ndarray:
        """Intervals ``coef -+ t(df) se``: shape (p, 2)."""
        t = t_ppf(0.5 + level / 2, self.df)
        return np.column_stack([coef - t * self.se, coef + t * self.se])


def _sym_fun(mats: np.ndarray, fun) -> np.ndarray:
    """Apply ``fun`` to the eigenvalues of a stack of symmetric matrices (the leverages
    of :func:`_leverages` are decomposed once, however many functions are applied)."""
    last = _LAST[0]  # one read: another thread may replace it meanwhile
    if last is not None and last[2] is mats:
        if "eigh" not in last[3]:
            last[3]["eigh"] = np.linalg.eigh(mats)
        vals, vecs = last[3]["eigh"]
    else:
        vals, vecs = np.linalg.eigh(mats)
    return (vecs * fun(vals)[:, None, :]) @ vecs.transpose(0, 2, 1)


#: The last ClusterParts given to _leverages (a weak reference), its result, its leverages
#: and their eigendecomposition once made: one tuple, replaced whole.
_LAST: list = [None]


def _leverages(parts: ClusterParts) -> tuple[np.ndarray, np.ndarray]:
    """Cholesky factor L of the information and ``G_g = L^-1 H_g L^-T`` by group.

    CR2's covariance and its degrees of freedom both need them for the same fit: the
    last result is kept for that very ``parts`` object (its arrays are not changed
    after it is made), and computed again for any other.
    """
    last = _LAST[0]
    if last is not None and last[0]() is parts:
        chol, lev, top = last[1]
    else:
        chol, lev, top, eigh = _leverages_of(parts)
        _LAST[0] = (weakref.ref(parts), (chol, lev, top), lev, {"eigh": eigh})
    if top > 1 - 1e-8:
        warnings.warn(f"a group has leverage {top:.6f} (a coefficient identified by that group "
                      "alone): CR2 and its degrees of freedom are unreliable for it (its "
                      "df are not given, so neither is its interval)",
                      EstimationWarning, stacklevel=3)
    return chol, lev


def _leverages_of(parts: ClusterParts) -> tuple[np.ndarray, np.ndarray, float, tuple]:
    """The leverages, their largest eigenvalue and their eigendecomposition (made once: CR2
    needs it anyway)."""
    chol = np.linalg.cholesky(parts.info_expected)
    inv = sla.solve_triangular(chol, np.eye(len(chol)), lower=True)
    lev = inv @ parts.hessians @ inv.T  # matrix products: a three-operand einsum is O(G p^4)
    lev = (lev + lev.transpose(0, 2, 1)) / 2
    eigh = np.linalg.eigh(lev)
    top = float(eigh[0].max()) if len(lev) else 0.0
    return chol, lev, top, eigh


def _clip(v: np.ndarray) -> np.ndarray:
    return np.clip(v, 0.0, 1 - 1e-10)


def cr2_scores(parts: ClusterParts) -> np.ndarray:
    """Bell-McCaffrey adjusted scores ``L (I - G_g)^-1/2 L^-1 s_g``: (G, p)."""
    chol, lev = _leverages(parts)
    adj = _sym_fun(lev, lambda v: 1 / np.sqrt(1 - _clip(v)))
    z = sla.solve_triangular(chol, parts.scores.T, lower=True).T  # L^-1 s_g
    return np.einsum("gij,gj->gi", adj, z) @ chol.T


def cluster_vcov(parts: ClusterParts, kind: Kind = "CR1", bread: Bread = "expected"
                 ) -> np.ndarray:
    """Cluster-robust covariance of the coefficients.

    ``CR0``: ``B (sum s_g s_g') B``; ``CR1``: CR0 times ``G/(G-1) (n-1)/(n-p)``
    (Stata's and ``sandwich::vcovCL(type = "HC1")``); ``CR2``: Bell-McCaffrey
    adjusted scores on the working scale (``sandwich::vcovCL(type = "HC2")`` when
    the working weights are constant within groups; ``clubSandwich`` takes its
    square root in the response metric and differs slightly), expected bread only.

    Parameters
    ----------
    parts : ClusterParts
        Per-group scores and information of the fit.
    kind : {"CR0", "CR1", "CR2"}
        The estimator.
    bread : {"expected", "observed"}
        Information used for the bread (CR2 takes the expected only).

    Returns
    -------
    ndarray (p, p)
        The covariance of the coefficients.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import ClusterParts, cluster_vcov
    >>> s = np.array([[1.0, 0.5], [-1.0, 0.2], [0.5, -0.4], [-0.5, -0.3]])
    >>> h = np.tile(np.diag([2.0, 1.0]), (4, 1, 1))
    >>> parts = ClusterParts(s, h, h.sum(0), h.sum(0), 40, np.arange(4))
    >>> np.round(np.diag(cluster_vcov(parts, "CR0")), 4).tolist()
    [0.0391, 0.0338]
    """
    if kind not in ("CR0", "CR1", "CR2"):
        raise TimestudyError(f"kind must be 'CR0', 'CR1' or 'CR2', not {kind!r}")
    if bread not in ("expected", "observed"):
        raise TimestudyError(f"bread must be 'expected' or 'observed', not {bread!r}")
    if kind == "CR2" and bread == "observed":
        raise TimestudyError("CR2 is defined with the expected-information bread: use "
                             "bread='expected'")
    g, p = parts.scores.shape
    if g < 2:
        raise TimestudyError("cluster-robust errors need at least 2 groups")
    info = parts.info_expected if bread == "expected" else parts.info_observed
    b = np.linalg.inv(info)
    s = cr2_scores(parts) if kind == "CR2" else parts.scores
    v = b @ (s.T @ s) @ b
    if kind == "CR1":
        v *= g / (g - 1) * (parts.n_obs - 1) / (parts.n_obs - p)
    return (v + v.T) / 2


def satterthwaite_df(parts: ClusterParts, contrasts: np.ndarray | None = None) -> np.ndarray:
    """Satterthwaite degrees of freedom of CR2 for each contrast (rows; default each coef).

    Under the working model, ``c' V_CR2 c`` is a quadratic form in normal
    errors with Gram matrix ``Omega_gh = delta_gh b_g - alpha_g' alpha_h``;
    the df is ``tr(Omega)^2 / ||Omega||_F^2`` (Pustejovsky and Tipton 2018).

    Parameters
    ----------
    parts : ClusterParts
        Per-group scores and information of the fit.
    contrasts : ndarray (k, p), optional
        Contrasts in rows (default: the identity, one per coefficient).

    Returns
    -------
    ndarray (k,)
        Degrees of freedom of each contrast.

    Examples
    --------
    With balanced groups and an intercept only, the df is the number of groups
    less one.

    >>> import numpy as np
    >>> from timestudy.stats import ClusterParts, satterthwaite_df
    >>> h = np.full((6, 1, 1), 5.0)
    >>> parts = ClusterParts(np.ones((6, 1)), h, h.sum(0), h.sum(0), 30, np.arange(6))
    >>> np.round(satterthwaite_df(parts), 6).tolist()
    [5.0]
    """
    chol, lev = _leverages(parts)
    cs = np.eye(parts.scores.shape[1]) if contrasts is None else np.atleast_2d(contrasts)
    h1 = _sym_fun(lev, lambda v: _clip(v) / np.sqrt(1 - _clip(v)))
    h2 = _sym_fun(lev, lambda v: _clip(v) / (1 - _clip(v)))
    out = np.empty(len(cs))
    for k, c in enumerate(cs):
        ct = sla.solve_triangular(chol, c, lower=True)
        alpha = np.einsum("gij,j->gi", h1, ct)               # (G, p)
        b = np.einsum("i,gij,j->g", ct, h2, ct)             # p_g' p_g
        a2 = (alpha**2).sum(1)
        gram = alpha.T @ alpha
        num = (b.sum() - a2.sum()) ** 2
        den = (b**2).sum() - 2 * (b * a2).sum() + (gram**2).sum()
        # a coefficient of one group alone (leverage 1, warned by _leverages): its terms of
        # order 1e10 cancel to a rounding error, 0 or below, and it has no df (NaN)
        tiny = den <= 1e-8 * ((b**2).sum() + (gram**2).sum())
        out[k] = np.nan if tiny else num / den
    return out


def robust_fit(parts: ClusterParts, coef: np.ndarray, kind: Kind = "CR2",
               bread: Bread = "expected") -> RobustFit:
    """Covariance, standard errors and t degrees of freedom in one object."""
    v = cluster_vcov(parts, kind, bread)
    g = parts.n_groups
    df = satterthwaite_df(parts) if kind == "CR2" else np.full(len(coef), g - 1.0)
    return RobustFit(vcov=v, se=np.sqrt(np.diag(v)), df=df, kind=kind, bread=bread,
                     n_groups=g)


def linear_cluster_parts(X: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray,
                         coef: np.ndarray) -> ClusterParts:
    """The cluster parts of a weighted least-squares fit: score ``X_g' W_g e_g`` by group.

    The information of group ``g`` is ``X_g' W_g X_g`` (expected and observed
    agree for a linear model), summed by blocks of rows as the GLM does.

    Parameters
    ----------
    X : ndarray (n, p)
        Design matrix.
    y, w : ndarray (n,)
        Response and observation weights.
    groups : ndarray (n,)
        Cluster labels (workers).
    coef : ndarray (p,)
        The fitted coefficients.

    Returns
    -------
    ClusterParts
        For :func:`cluster_vcov`, :func:`satterthwaite_df` and :func:`robust_fit`.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import linear_cluster_parts
    >>> X = np.column_stack([np.ones(6), np.arange(6.0)])
    >>> parts = linear_cluster_parts(X, 2 + X[:, 1], np.ones(6), np.array([0, 0, 1, 1, 2, 2]),
    ...                              np.array([2.0, 1.0]))
    >>> parts.n_groups, float(np.abs(parts.scores).max()), parts.info_expected.tolist()
    (3, 0.0, [[6.0, 15.0], [15.0, 55.0]])
    """
    grp = as_groups(groups, len(y))
    hess = group_crossprods(X, w, grp)
    info = hess.sum(0)
    return ClusterParts(scores=grp.sum_columns(X, w * (y - X @ coef)), hessians=hess,
                        info_expected=info, info_observed=info, n_obs=len(y),
                        group_labels=grp.labels)


@dataclass(frozen=True)
class WildBootstrap:
    """Wild cluster (score) bootstrap-t intervals.

    Attributes
    ----------
    conf_int : ndarray (p, 2)
        Percentile-t intervals: ``coef - t*_(1-a/2) se, coef - t*_(a/2) se``.
    t_draws : ndarray (n_boot, p)
        Bootstrap t statistics (centred at the estimate).
    se : ndarray (p,)
        The CR1 standard errors that scale the intervals.
    n_boot : int
    weights : str

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import fit_glm
    >>> rng = np.random.default_rng(0)
    >>> X = np.column_stack([np.ones(120), rng.uniform(size=120)])
    >>> fit = fit_glm(rng.gamma(2.0, np.exp(X @ [1.0, 0.5]) / 2.0), X, groups=np.arange(120) % 8)
    >>> wb = fit.bootstrap(n_boot=99)
    >>> wb.conf_int.shape, wb.t_draws.shape, wb.weights
    ((2, 2), (99, 2), 'webb')
    >>> bool(np.all((wb.conf_int[:, 0] < fit.coef) & (fit.coef < wb.conf_int[:, 1])))
    True
    """

    conf_int: np.ndarray
    t_draws: np.ndarray
    se: np.ndarray
    n_boot: int
    weights: str


_WEBB = np.sqrt(np.array([0.5, 1.0, 1.5]))


def cluster_weights(n_boot: int, n_groups: int, kind: str, seed: int | None) -> np.ndarray:
    """Random group multipliers (n_boot, G): Rademacher, or Webb's six-point distribution."""
    rng = np.random.default_rng(seed)
    if kind == "rademacher":
        return rng.choice([-1.0, 1.0], size=(n_boot, n_groups))
    if kind == "webb":
        return rng.choice(np.r_[-_WEBB, _WEBB], size=(n_boot, n_groups))
    raise TimestudyError(f"weights must be 'webb' or 'rademacher', not {kind!r}")


def wild_cluster_bootstrap(parts: ClusterParts, coef: np.ndarray, *, n_boot: int = 999,
                           level: float = 0.95, weights: str = "webb",
                           seed: int | None = 0) -> WildBootstrap:
    """Wild cluster bootstrap-t, one linearised (Newton) step per draw, all draws at once.

    Draw ``b`` perturbs group scores by ``v_bg``: ``delta_b = B sum_g v_bg s_g``;
    the draw's scores are ``v_bg s_g - H_g delta_b`` and its CR1 standard error
    studentises ``delta_b``. Webb's weights (default) suit few groups (with 8
    groups Rademacher has only 256 distinct draws).

    Parameters
    ----------
    parts : ClusterParts
        Per-group scores and information of the fit.
    coef : ndarray (p,)
        The estimates.
    n_boot : int
        Bootstrap draws.
    level : float
        Level of the intervals.
    weights : {"webb", "rademacher", "mammen"}
        Distribution of the group perturbations.
    seed : int, optional
        Seed of the draws.

    Returns
    -------
    WildBootstrap

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import ClusterParts, wild_cluster_bootstrap
    >>> rng = np.random.default_rng(0)
    >>> s = rng.normal(size=(20, 2))
    >>> h = np.tile(np.eye(2), (20, 1, 1))
    >>> parts = ClusterParts(s - s.mean(0), h, h.sum(0), h.sum(0), 200, np.arange(20))
    >>> wb = wild_cluster_bootstrap(parts, np.zeros(2), n_boot=199)
    >>> wb.conf_int.shape, bool(np.all(wb.conf_int[:, 0] < 0))
    ((2, 2), True)
    """
    g, p = parts.scores.shape
    v = cluster_weights(n_boot, g, weights, seed)
    b = np.linalg.inv(parts.info_expected)
    factor = g / (g - 1) * (parts.n_obs - 1) / (parts.n_obs - p)
    delta = b @ (v @ parts.scores).T                      # (p, n_boot)
    q = parts.scores @ b.T                                # (G, p): (B s_g)_j
    bh = np.einsum("jk,gkl->gjl", b, parts.hessians)      # (G, p, p): B H_g
    se0 = np.sqrt(np.diag(cluster_vcov(parts, "CR1")))
    t = np.empty((n_boot, p))
    for j in range(p):
        r = v.T * q[:, j][:, None] - bh[:, j, :] @ delta  # (G, n_boot)
        t[:, j] = delta[j] / np.sqrt(factor * (r**2).sum(0))
    lo_q, hi_q = np.quantile(t, [0.5 - level / 2, 0.5 + level / 2], axis=0)
    ci = np.column_stack([coef - hi_q * se0, coef - lo_q * se0])
    return WildBootstrap(conf_int=ci, t_draws=t, se=se0, n_boot=n_boot, weights=weights)
