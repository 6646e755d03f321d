"""Random-intercept LMM: the profiled likelihood in closed form per group (private).

Rows are scaled by ``sqrt(w_i)`` so the residuals have variance sigma^2. For a
group with weight total ``W_g`` and variance ratio ``lam = sigma_b^2 / sigma^2``,
``V_g / sigma^2 = I + lam z z'`` has determinant ``1 + lam W_g`` and inverse
``I - c_g z z'`` with ``c_g = lam / (1 + lam W_g)``. So ``X'V^-1 X``, ``X'V^-1 y``
and ``y'V^-1 y`` need only the global cross-products and the group sums of
``w x`` and ``w y``: one O(n p^2) pass, then O(G p^2) per likelihood evaluation.
The ratio is found by a grid over 16 decades (global basin) and a root of the
analytic derivative (machine precision), so the fit cannot fail to converge;
``lam = 0`` is a boundary (singular) fit when the derivative there is >= 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy import optimize

from timestudy.stats._arrays import Groups, weighted_crossprod

LOG_2PI = float(np.log(2 * np.pi))


@dataclass(frozen=True)
class InterceptStats:
    """Sufficient statistics of a random-intercept LMM (y already residualised on X)."""

    xtx: np.ndarray  # (p, p)  sum w x x'
    xty: np.ndarray  # (p,)    sum w x y
    yty: float       #         sum w y^2
    sx: np.ndarray   # (G, p)  group sums of w x
    sy: np.ndarray   # (G,)    group sums of w y
    wg: np.ndarray   # (G,)    group sums of w
    beta0: np.ndarray  # (p,)  OLS fit removed from y (added back to beta)
    n: int
    sum_log_w: float


@dataclass(frozen=True)
class Solve:
    """Everything the profiled likelihood gives at one variance ratio."""

    lam: float
    beta: np.ndarray
    pwrss: float
    logdet_v: float
    logdet_m: float
    m_chol: tuple
    c: np.ndarray
    u: np.ndarray  # group sums of w * (y - x beta)


def intercept_stats(y: np.ndarray, X: np.ndarray, w: np.ndarray, groups: Groups
                    ) -> InterceptStats:
    """One pass over the rows: cross-products and group sums (O(n p^2))."""
    xtx, xty = weighted_crossprod(X, w, y)
    beta0 = sla.solve(xtx, xty, assume_a="pos")
    e = y - X @ beta0
    we = w * e
    xte = X.T @ we
    return InterceptStats(xtx=xtx, xty=xte, yty=float(we @ e), sx=groups.sum_columns(X, w),
                          sy=groups.sum(we), wg=groups.sum(w), beta0=beta0, n=len(y),
                          sum_log_w=float(np.log(w).sum()))


def solve(st: InterceptStats, lam: float) -> Solve:
    """GLS fit given the ratio: O(G p^2), independent of n."""
    c = lam / (1.0 + lam * st.wg)
    m = st.xtx - (st.sx * c[:, None]).T @ st.sx
    r = st.xty - st.sx.T @ (c * st.sy)
    chol = sla.cho_factor(m, lower=True, check_finite=False)
    delta = sla.cho_solve(chol, r, check_finite=False)
    pwrss = float(st.yty - c @ st.sy**2 - r @ delta)
    u = st.sy - st.sx @ delta
    return Solve(lam=lam, beta=st.beta0 + delta, pwrss=max(pwrss, 1e-300),
                 logdet_v=float(np.log1p(lam * st.wg).sum()),
                 logdet_m=float(2 * np.log(np.diag(chol[0])).sum()), m_chol=chol, c=c, u=u)


def deviance(st: InterceptStats, s: Solve, reml: bool) -> float:
    """-2 log-likelihood (ML) or the REML criterion, as lme4 defines them."""
    p = st.xtx.shape[0]
    nu = st.n - p if reml else st.n
    out = nu * (1 + LOG_2PI + np.log(s.pwrss / nu)) + s.logdet_v - st.sum_log_w
    return float(out + (s.logdet_m if reml else 0.0))


def deviance_slope(st: InterceptStats, s: Solve, reml: bool) -> float:
    """Derivative of :func:`deviance` with respect to the ratio ``lam``."""
    p = st.xtx.shape[0]
    nu = st.n - p if reml else st.n
    dc = 1.0 / (1.0 + s.lam * st.wg) ** 2
    d_pwrss = -float(dc @ s.u**2)
    out = nu * d_pwrss / s.pwrss + float((st.wg / (1 + s.lam * st.wg)).sum())
    if reml:
        m_inv = sla.cho_solve(s.m_chol, np.eye(p), check_finite=False)
        out -= float(np.sum(m_inv * ((st.sx * dc[:, None]).T @ st.sx)))  # tr(M^-1 dM)
    return out


@dataclass(frozen=True)
class RatioFit:
    """The optimum of the profiled criterion over the ratio, and how it was found."""

    solve: Solve
    criterion: float
    slope: float
    n_eval: int
    boundary: bool
    converged: bool
    message: str


def optimise_ratio(st: InterceptStats, reml: bool) -> RatioFit:
    """Grid over 16 decades of the ratio, then a root of the derivative in the best cell."""
    scale = float(np.median(st.wg))
    grid = np.r_[0.0, np.logspace(-8, 8, 65) / scale]
    fits = [solve(st, lam) for lam in grid]
    dev = np.array([deviance(st, f, reml) for f in fits])
    k = int(np.argmin(dev))
    n_eval = len(grid)
    if k == 0 and deviance_slope(st, fits[0], reml) >= 0:
        return RatioFit(fits[0], float(dev[0]), deviance_slope(st, fits[0], reml), n_eval + 1,
                        True, True, "boundary fit: the between-group variance is 0 (singular)")
    if k == len(grid) - 1:
        return RatioFit(fits[k], float(dev[k]), deviance_slope(st, fits[k], reml), n_eval, False,
                        False, "the ratio of between-group to residual variance exceeds 1e8: "
                        "the residual variance is not identified (one row per group?)")
    lo, hi = grid[max(k - 1, 0)], grid[k + 1]
    count = [0]

    def slope(lam: float) -> float:
        count[0] += 1
        return deviance_slope(st, solve(st, lam), reml)

    if slope(lo) < 0 < slope(hi):
        lam = optimize.brentq(slope, lo, hi, xtol=1e-300, rtol=8 * np.finfo(float).eps,
                              maxiter=200)
    else:  # derivative not signed as expected: minimise the criterion itself
        res = optimize.minimize_scalar(lambda v: deviance(st, solve(st, v), reml),
                                       bounds=(lo, hi), method="bounded",
                                       options={"xatol": 1e-12 * hi})
        lam = float(res.x)
        count[0] += int(res.nfev)
    best = solve(st, lam)
    return RatioFit(best, deviance(st, best, reml), deviance_slope(st, best, reml),
                    n_eval + count[0] + 1, False, True, "converged: derivative root found")
