"""Marginal likelihood of a log-link GLMM with a group random intercept (private).

``eta_i = x_i' beta + offset_i + b_g``, ``b_g ~ N(0, tau)``; the row log-density
is ``w_i log f(y_i; mu_i, phi)`` (weights multiply the log-likelihood, as in
glmmTMB). Each group's integral over ``b_g`` is one-dimensional: the modes are
found for all groups at once by a safeguarded Newton iteration (the integrand
is log-concave in ``b`` for these families), then the Laplace approximation or
adaptive Gauss-Hermite quadrature (nodes at the mode, scaled by the curvature,
as lme4's ``nAGQ``) gives each group's log-integral. The Laplace gradient is
analytic (the mode's dependence on the parameters by implicit differentiation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from timestudy.stats import families as fam

LOG_2PI = float(np.log(2 * np.pi))


@dataclass
class Problem:
    """The data of a GLMM fit and a warm start for the modes."""

    y: np.ndarray
    X: np.ndarray
    offset: np.ndarray
    w: np.ndarray
    codes: np.ndarray
    n_groups: int
    power: float
    n_agq: int
    modes: np.ndarray = field(default=None)
    #: the Tweedie series of ``y`` at the last few dispersions (it does not depend on the
    #: mean: the Hessian's steps and the quadrature's nodes reuse it)
    series_cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.modes is None:
            self.modes = np.zeros(self.n_groups)
        x, wts = np.polynomial.hermite.hermgauss(self.n_agq)
        self.nodes, self.log_weights = x, np.log(wts) + x**2

    @property
    def has_dispersion(self) -> bool:
        return self.power != 1.0

    def gsum(self, v: np.ndarray) -> np.ndarray:
        return np.bincount(self.codes, weights=v, minlength=self.n_groups)


def _derivs(pr: Problem, eta: np.ndarray, phi: float):
    mu = np.exp(eta)
    d1, d2, d3 = fam.eta_derivatives(pr.y, mu, pr.power)
    k = pr.w / phi
    return mu, k * d1, k * d2, k * d3


def find_modes(pr: Problem, eta0: np.ndarray, tau: float, phi: float, tol: float = 1e-10
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Conditional modes of all groups: ``(b, H, rows)`` with H the curvature there."""
    b = pr.modes.copy()
    for _ in range(100):
        eta = eta0 + b[pr.codes]
        _, d1, d2, d3 = _derivs(pr, eta, phi)
        grad = pr.gsum(d1) - b / tau
        curv = pr.gsum(d2) - 1 / tau
        step = np.clip(-grad / curv, -2.0, 2.0)
        b = b + step
        if np.max(np.abs(step)) < tol:
            break
    eta = eta0 + b[pr.codes]
    rows = _derivs(pr, eta, phi)
    pr.modes = b
    return b, pr.gsum(rows[2]) - 1 / tau, rows


def unpack(pr: Problem, params: np.ndarray) -> tuple[np.ndarray, float, float]:
    """``(beta, tau, phi)`` from ``(beta, log sd, log phi)``."""
    p = pr.X.shape[1]
    phi = float(np.exp(params[p + 1])) if pr.has_dispersion else 1.0
    return params[:p], float(np.exp(2 * params[p])), phi


def laplace(pr: Problem, params: np.ndarray) -> tuple[float, np.ndarray]:
    """Laplace log-likelihood and its gradient in ``(beta, log sd, log phi)``."""
    beta, tau, phi = unpack(pr, params)
    eta0 = pr.X @ beta + pr.offset
    b, curv, (mu, d1, d2, d3) = find_modes(pr, eta0, tau, phi)
    ll_rows, dphi_rows = fam.loglik_dphi(pr.y, mu, phi, pr.power, pr.series_cache)
    ll = float(pr.w @ ll_rows) - float((b**2).sum()) / (2 * tau) \
        - pr.n_groups / 2 * np.log(tau) - 0.5 * float(np.log(-curv).sum())
    s3 = pr.gsum(d3)
    v = d1 - 0.5 * d3 / curv[pr.codes] + 0.5 * d2 * (s3 / curv**2)[pr.codes]
    g_beta = pr.X.T @ v
    db_dtau = -(b / tau**2) / curv
    dh_dtau = 1 / tau**2 + s3 * db_dtau
    g_tau = float((b**2 / (2 * tau**2) - 1 / (2 * tau) - 0.5 * dh_dtau / curv).sum())
    grad = [g_beta, [g_tau * 2 * tau]]  # d/d log sd = 2 tau d/d tau
    if pr.has_dispersion:
        db_dphi = (b / (tau * phi)) / curv
        dh_dphi = -pr.gsum(d2) / phi + s3 * db_dphi
        g_phi = float(pr.w @ dphi_rows) / phi - 0.5 * float((dh_dphi / curv).sum())
        grad.append([g_phi * phi])
    return ll, np.concatenate(grad)


def agq(pr: Problem, params: np.ndarray) -> float:
    """Adaptive Gauss-Hermite log-likelihood with ``pr.n_agq`` nodes per group."""
    beta, tau, phi = unpack(pr, params)
    eta0 = pr.X @ beta + pr.offset
    b, curv, _ = find_modes(pr, eta0, tau, phi)
    scale = np.sqrt(2.0) / np.sqrt(-curv)
    terms = np.empty((len(pr.nodes), pr.n_groups))
    for k, x in enumerate(pr.nodes):
        bk = b + scale * x
        mu = np.exp(eta0 + bk[pr.codes])
        ll = pr.gsum(pr.w * fam.loglik_rows(pr.y, mu, phi, pr.power, pr.series_cache))
        terms[k] = pr.log_weights[k] + ll - bk**2 / (2 * tau)
    top = terms.max(0)
    log_int = top + np.log(np.exp(terms - top).sum(0)) + np.log(scale)
    return float(log_int.sum() - pr.n_groups / 2 * (LOG_2PI + np.log(tau)))
