"""Random intercept and slopes: a general q x q covariance per group (private).

With lme4's relative factor ``Lambda`` (lower triangular, ``Sigma = sigma^2 Lambda
Lambda'``) and ``C_g = I + Lambda' Z_g' W Z_g Lambda``, the Henderson equations
reduce per group to q x q systems (Woodbury). The per-group statistics
``Z'WZ``, ``Z'WX`` and ``Z'Wy`` are built once (O(n (p + q)^2)); each
evaluation of the profiled criterion and of its analytic gradient then costs
O(G (q^3 + q^2 p + q p^2)) in batched NumPy. L-BFGS-B (diagonal of ``Lambda``
bounded at 0) finds the optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
from scipy import optimize

from timestudy.stats._arrays import Groups, weighted_crossprod
from timestudy.stats._lmm_intercept import LOG_2PI
from timestudy.stats.lmm_result import SINGULAR_TOL, LmmResult


@dataclass(frozen=True)
class SlopeStats:
    """Sufficient statistics for random intercept and slopes (y residualised on X)."""

    xtx: np.ndarray
    xty: np.ndarray
    yty: float
    a: np.ndarray   # (G, q, q)  Z'WZ
    b: np.ndarray   # (G, q, p)  Z'WX
    cz: np.ndarray  # (G, q)     Z'Wy
    beta0: np.ndarray
    n: int
    sum_log_w: float
    tril: tuple[np.ndarray, np.ndarray]  # theta positions (column-major lower triangle)


def slope_stats(y: np.ndarray, X: np.ndarray, Z: np.ndarray, w: np.ndarray,
                grp: Groups) -> SlopeStats:
    """One pass over the rows (a bincount per pair of columns)."""
    xtx, xty = weighted_crossprod(X, w, y)
    beta0 = sla.solve(xtx, xty, assume_a="pos")
    e = y - X @ beta0
    q = Z.shape[1]
    a = np.empty((grp.n_groups, q, q))
    for i in range(q):
        for j in range(i, q):
            a[:, i, j] = a[:, j, i] = grp.sum(w * Z[:, i] * Z[:, j])
    b = np.stack([grp.sum_columns(X, w * Z[:, i]) for i in range(q)], axis=1)
    cz = grp.sum_columns(Z, w * e)
    cols, rows = np.triu_indices(q)  # column-major lower triangle: (row, col) pairs
    return SlopeStats(xtx=xtx, xty=X.T @ (w * e), yty=float(e @ (w * e)), a=a, b=b, cz=cz,
                      beta0=beta0, n=len(y), sum_log_w=float(np.log(w).sum()),
                      tril=(rows, cols))


def factor(st: SlopeStats, theta: np.ndarray) -> np.ndarray:
    """Lambda from theta (lme4's order: the lower triangle column by column)."""
    q = st.a.shape[1]
    lam = np.zeros((q, q))
    lam[st.tril] = theta
    return lam


def evaluate(st: SlopeStats, theta: np.ndarray, reml: bool) -> dict:
    """Criterion, gradient and the solution at ``theta``."""
    lam = factor(st, theta)
    q, p = lam.shape[0], st.xtx.shape[0]
    lta = np.einsum("ji,gjk->gik", lam, st.a)                 # Lambda' A
    c = np.eye(q) + lta @ lam                                  # I + Lambda' A Lambda
    k_mat = np.einsum("ji,gjp->gip", lam, st.b)                # Lambda' B
    k_vec = st.cz @ lam                                        # Lambda' cz
    sol = np.linalg.solve(c, np.concatenate([k_mat, k_vec[..., None], lta], axis=2))
    cik, cikv, cila = sol[..., :p], sol[..., p], sol[..., p + 1:]
    m = st.xtx - np.einsum("gqp,gqr->pr", k_mat, cik)
    r = st.xty - np.einsum("gqp,gq->p", k_mat, cikv)
    chol = sla.cho_factor(m, lower=True, check_finite=False)
    delta = sla.cho_solve(chol, r, check_finite=False)
    pwrss = max(float(st.yty - (k_vec * cikv).sum() - r @ delta), 1e-300)
    u = cikv - cik @ delta                                     # spherical modes (G, q)
    logdet_v = float(2 * np.log(np.diagonal(np.linalg.cholesky(c), axis1=1, axis2=2)).sum())
    ztr = st.cz - st.b @ delta - np.einsum("gij,gj->gi", st.a @ lam, u)
    grad_v = 2 * cila.sum(0).T                                 # [i, j] -> d/d Lambda_ij
    grad_p = -2 * np.einsum("gi,gj->ij", ztr, u)
    nu = st.n - p if reml else st.n
    crit = nu * (1 + LOG_2PI + np.log(pwrss / nu)) + logdet_v - st.sum_log_w
    grad = nu * grad_p / pwrss + grad_v
    logdet_m = float(2 * np.log(np.diag(chol[0])).sum())
    if reml:
        f = st.b - np.einsum("gij,gjp->gip", st.a @ lam, cik)    # Z'V^-1 X (G, q, p)
        fm = np.einsum("gqp,pr->gqr", f, sla.cho_solve(chol, np.eye(p), check_finite=False))
        qmat = np.einsum("gqp,grp->qr", fm, f)
        grad = grad - 2 * (lam.T @ qmat).T
        crit += logdet_m
    return {"criterion": float(crit), "gradient": grad[st.tril], "lam": lam, "delta": delta,
            "pwrss": pwrss, "u": u, "chol": chol, "c": c, "k_mat": k_mat}


def _projected(theta: np.ndarray, grad: np.ndarray, on_diag: np.ndarray) -> float:
    """Largest gradient component that could still lower the criterion.

    A diagonal element at (or within 1e-6 of) its bound 0 with a positive
    derivative is at a boundary optimum, not short of one.
    """
    at_bound = on_diag & (theta <= 1e-6) & (grad > 0)
    return float(np.max(np.abs(np.where(at_bound, 0.0, grad))))


def optimise_theta(st: SlopeStats, reml: bool) -> tuple[dict, np.ndarray, int, bool, str]:
    """L-BFGS-B from lme4's start (identity), restarted while it moves; Powell if it stalls."""
    rows, cols = st.tril
    on_diag = rows == cols
    bounds = [(0.0, None) if d else (None, None) for d in on_diag]
    theta = on_diag.astype(float)
    n_eval = 0

    def fun(t: np.ndarray) -> tuple[float, np.ndarray]:
        ev = evaluate(st, t, reml)
        return ev["criterion"], ev["gradient"]

    for attempt in range(4):
        if attempt == 3:  # derivative-free from where L-BFGS-B stalled, then polish
            res = optimize.minimize(lambda t: fun(t)[0], theta, method="Powell", bounds=bounds,
                                    options={"maxfev": 4000, "xtol": 1e-10, "ftol": 1e-15})
            n_eval += int(res.nfev)
            theta = res.x
        res = optimize.minimize(fun, theta, jac=True, method="L-BFGS-B", bounds=bounds,
                                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10,
                                         "maxcor": 20})
        n_eval += int(res.nfev)
        moved = np.max(np.abs(res.x - theta))
        theta = res.x
        pg = _projected(theta, res.jac, on_diag)
        if (res.success and moved < 1e-8) or (attempt >= 2 and pg < 1e-3):
            break
    ev = evaluate(st, theta, reml)
    pg = _projected(theta, ev["gradient"], on_diag)
    converged = pg < 1e-3
    msg = (f"converged: projected gradient {pg:.1e}" if converged else
           f"stopped with projected gradient {pg:.1e} ({res.message})")
    if not converged and np.max(np.abs(theta)) > 1e3:
        msg += (f"; the relative covariance factor reaches {np.max(np.abs(theta)):.1e}: the "
                "residual variance is tiny next to the random effects, and rounding in the "
                "likelihood limits how close any optimiser can get")
    return ev, theta, n_eval, converged, msg


def fit_slopes(y: np.ndarray, X: np.ndarray, Z: np.ndarray, w: np.ndarray, grp: Groups,
               reml: bool, names: tuple[str, ...], dropped: tuple[str, ...]):
    """Fit and package an :class:`~timestudy.stats.lmm.LmmResult` (random slopes)."""

    scale = np.abs(Z).max(axis=0)  # optimise on unit-scaled columns of Z (scale-free)
    scale[scale == 0] = 1.0
    st = slope_stats(y, X, Z / scale, w, grp)
    ev, theta_s, n_eval, converged, message = optimise_theta(st, reml)
    n, p = X.shape
    q = Z.shape[1]
    lam_s = ev["lam"]
    ev["lam"] = lam_s / scale[:, None]  # Lambda of the original columns
    theta = ev["lam"][st.tril]
    gradient = ev["gradient"] * scale[st.tril[0]]
    sigma2 = ev["pwrss"] / (n - p if reml else n)
    m_inv = sla.cho_solve(ev["chol"], np.eye(p), check_finite=False)
    beta = st.beta0 + ev["delta"]
    lam, u = ev["lam"], ev["u"]
    score = grp.sum_columns(X, w * (y - X @ beta)) - np.einsum("gqp,gq->gp", ev["k_mat"], u)
    g = grp.n_groups
    cond = sigma2 * np.einsum("ij,gjk,lk->gil", lam, np.linalg.inv(ev["c"]), lam)
    singular = bool(np.any(np.diag(lam_s) < SINGULAR_TOL))
    if singular:
        message = (f"{message}; singular: a diagonal of theta (columns of Z scaled to a "
                   f"largest absolute value of 1) is below {SINGULAR_TOL:g}")
    npar = p + len(theta) + 1
    crit = ev["criterion"]
    return LmmResult(
        coef=beta, se=np.sqrt(sigma2 * np.diag(m_inv)), vcov=sigma2 * m_inv,
        vcov_robust=m_inv @ (score.T @ score) @ m_inv * (g / max(g - 1, 1)),
        column_names=names, dropped=dropped, sigma2=sigma2, cov_re=sigma2 * lam @ lam.T,
        theta=theta, blups=u @ lam.T,
        blup_sd=np.sqrt(np.diagonal(cond, axis1=1, axis2=2)).reshape(g, q),
        group_labels=grp.labels, loglik=-crit / 2, criterion=crit, aic=crit + 2 * npar,
        bic=crit + npar * np.log(n), reml=reml, n_obs=n, n_groups=g, n_params=npar,
        converged=converged, singular=singular, n_eval=n_eval, gradient=gradient,
        message=message, state=(st, reml))
