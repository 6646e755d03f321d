"""Tweedie-type families with a log link: Poisson (power 1), Tweedie (1 < p < 2), Gamma (2).

Variance ``phi * mu^p / w``. The functions are vectorised over rows; the
Tweedie density is the Dunn & Smyth (2005) series, summed over a window of
terms around its largest term (terms below ``exp(-37)`` of it are left out),
by blocks of rows.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special

from timestudy.errors import TimestudyError

Family = Literal["gamma", "poisson", "tweedie"]
FAMILIES = ("gamma", "poisson", "tweedie")
_BLOCK = 1 << 15
_CELLS = 1 << 24  # most terms summed in one pass (rows x window)
_MAX_TERM = 1 << 22  # the series is not summed beyond this term
_PASS_ROWS = 1024  # rows of one pass, in order of their windows
_KEPT = 4  # dispersions whose series a cache keeps (a Hessian's steps return to the point)


def variance_power(family: str, power: float | None = None) -> float:
    """The power ``p`` of the variance function ``mu^p`` of a family.

    Examples
    --------
    >>> variance_power("gamma"), variance_power("tweedie", 1.5)
    (2.0, 1.5)
    """
    if family not in FAMILIES:
        raise TimestudyError(f"family must be one of {FAMILIES}, not {family!r}")
    if family == "gamma":
        return 2.0
    if family == "poisson":
        return 1.0
    if power is None or not 1.0 < float(power) < 2.0:
        raise TimestudyError(f"a Tweedie power must lie strictly between 1 and 2, not {power!r}"
                             " (use family='poisson' or 'gamma' for the end points)")
    return float(power)


def check_response(y: np.ndarray, p: float) -> None:
    """Gamma needs y > 0; Poisson and Tweedie need y >= 0."""
    bad = (y <= 0) if p >= 2 else (y < 0)
    if bad.any():
        what = "> 0 for a Gamma family" if p >= 2 else ">= 0"
        raise TimestudyError(f"`y` has {int(bad.sum())} values that are not {what} (first at "
                             f"row {int(np.flatnonzero(bad)[0])}): "
                             + ("use family='tweedie' when some responses are zero"
                                if p >= 2 else "drop them"))


def unit_deviance(y: np.ndarray, mu: np.ndarray, p: float) -> np.ndarray:
    """Unit deviance ``d(y, mu)`` of the family with variance power ``p``."""
    if p == 2.0:
        return 2 * ((y - mu) / mu - np.log(y / mu))
    if p == 1.0:
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(y > 0, y * np.log(y / mu), 0.0)
        return 2 * (t - (y - mu))
    return 2 * (np.power(y, 2 - p) / ((1 - p) * (2 - p)) - y * np.power(mu, 1 - p) / (1 - p)
                + np.power(mu, 2 - p) / (2 - p))


def pearson_dispersion(y: np.ndarray, mu: np.ndarray, w: np.ndarray, p: float,
                       df_resid: int) -> float:
    """Pearson estimate ``sum w (y - mu)^2 / mu^p / df_resid`` (R's ``summary.glm``)."""
    return float((w * (y - mu) ** 2 / np.power(mu, p)).sum() / df_resid)


def loglik_rows(y: np.ndarray, mu: np.ndarray, phi: np.ndarray | float, p: float,
                cache: dict | None = None) -> np.ndarray:
    """Log-density of each row with mean ``mu`` and dispersion ``phi`` (per row or scalar).

    ``cache`` (a dict the caller keeps for one ``y``): the Tweedie series, which depends on
    ``y``, ``phi`` and ``p`` but not on ``mu``, is kept there for a scalar ``phi`` (the last
    :data:`_KEPT` of them) and used again when ``phi`` and ``p`` come back (the same
    numbers, not summed again).
    """
    return _loglik(y, mu, phi, p, False, cache)[0]


def loglik_dphi(y: np.ndarray, mu: np.ndarray, phi: np.ndarray | float, p: float,
                cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Log-density of each row and its derivative in ``log(phi)`` at fixed ``mu``
    (``cache`` as in :func:`loglik_rows`)."""
    return _loglik(y, mu, phi, p, True, cache)


def _loglik(y: np.ndarray, mu: np.ndarray, phi: np.ndarray | float, p: float,
            deriv: bool, cache: dict | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    if p == 2.0 and np.ndim(phi) == 0:  # one dispersion: special functions once, not per row
        nu = 1.0 / float(phi)
        t = np.log(y / mu) - y / mu
        ll = nu * t - np.log(y) + (nu * np.log(nu) - special.gammaln(nu))
        return ll, (-nu * (t + np.log(nu) + 1 - special.digamma(nu)) if deriv else None)
    phi = np.broadcast_to(np.asarray(phi, float), y.shape)
    if p == 2.0:
        nu = 1.0 / phi
        t = np.log(nu * y / mu) - y / mu
        ll = nu * t - np.log(y) - special.gammaln(nu)
        return ll, (-nu * (t + 1 - special.digamma(nu)) if deriv else None)
    if p == 1.0:
        return (y * np.log(mu) - mu) / phi - special.gammaln(y + 1), np.zeros(len(y))
    out = np.empty(len(y))
    dout = np.empty(len(y)) if deriv else None
    one_phi = cache is not None and len(y) > 0 and phi.strides == (0,)
    key = (id(y), len(y), float(phi[0]), p) if one_phi else None
    kept = cache.get(key) if key is not None else None
    made = []
    for b, start in enumerate(range(0, len(y), _BLOCK)):
        sl = slice(start, start + _BLOCK)
        out[sl], jbar, series = _tweedie_block(y[sl], mu[sl], phi[sl], p,
                                               kept[b] if kept is not None else None)
        made.append(series)
        if deriv:
            ys, ms, fs = y[sl], mu[sl], phi[sl]
            a = ys * np.power(ms, 1 - p) / (1 - p) - np.power(ms, 2 - p) / (2 - p)
            dout[sl] = -a / fs - jbar / (p - 1)
    if key is not None and kept is None:
        if len(cache) >= _KEPT:  # the oldest let go
            del cache[next(iter(cache))]
        cache[key] = made
    return out, dout


def _tweedie_block(y: np.ndarray, mu: np.ndarray, phi: np.ndarray, p: float,
                   series: tuple | None = None) -> tuple[np.ndarray, np.ndarray, tuple | None]:
    """Log-density and the series' mean index (0 where y = 0) for one block of rows, and
    the series of its positive rows (``series``: that of the same ``y``, ``phi`` and ``p``
    worked before)."""
    kappa = np.power(mu, 2 - p) / (2 - p)
    out = -kappa / phi  # y = 0: probability of no event
    jbar = np.zeros(len(y))
    pos = y > 0
    if not pos.any():
        return out, jbar, None
    yp, mp, fp = y[pos], mu[pos], phi[pos]
    if series is None:
        series = _tweedie_series(yp, fp, p)
    jbar[pos] = series[1]
    theta = np.power(mp, 1 - p) / (1 - p)
    out[pos] = series[0] - np.log(yp) + (yp * theta - np.power(mp, 2 - p) / (2 - p)) / fp
    return out, jbar, series


def _tweedie_series(yp: np.ndarray, fp: np.ndarray, p: float) -> tuple[np.ndarray, np.ndarray]:
    """Log of the series of each positive row and its mean index: they depend on ``y``,
    ``phi`` and ``p`` only, not on the mean."""
    alpha = (2 - p) / (1 - p)
    logz = (-alpha * np.log(yp) + alpha * np.log(p - 1) - (1 - alpha) * np.log(fp)
            - np.log(2 - p))
    jmax = np.maximum(np.power(yp, 2 - p) / (fp * (2 - p)), 1.0)
    half = np.ceil(9 * np.sqrt(jmax / (1 - alpha)) + 3)
    lo = np.maximum(1.0, np.floor(jmax - half))
    need = np.ceil(jmax + half) - lo  # each row's window, less one
    if float((lo + need).max()) > _MAX_TERM:
        raise TimestudyError(
            f"the Tweedie density (power {p:.3g}) of some rows needs terms beyond the "
            f"{_MAX_TERM:,}th of its series: the dispersion ({float(fp.min()):.3g}) is too "
            "small for their values (a model that fits every row exactly has no finite "
            "maximum likelihood)")
    series, jsum = np.empty(len(yp)), np.empty(len(yp))
    # Rows in order of their windows, summed in passes of neighbours: each pass as wide as
    # its widest row, not the block's (the gamma terms of every pass from one table).
    order = np.argsort(need, kind="stable")
    table = _gamma_table(int(lo.max()) + int(need.max()) + 1, alpha)
    for start in range(0, len(yp), _PASS_ROWS):
        rows = order[start:start + _PASS_ROWS]
        width = int(need[rows[-1]]) + 1
        step = max(1, _CELLS // width)  # rows of one pass: all of them unless very wide
        for sub in range(0, len(rows), step):
            r = rows[sub:sub + step]
            series[r], jsum[r] = _series(logz[r], lo[r], width, table)
    return series, jsum


def _gamma_table(n: int, alpha: float) -> np.ndarray:
    """``gammaln(1 + j) + gammaln(-alpha j)`` for ``j = 0 .. n - 1`` (j = 0 is never used:
    the series starts at 1)."""
    jj = np.arange(n, dtype=float)
    with np.errstate(divide="ignore"):
        return special.gammaln(1 + jj) + special.gammaln(-alpha * jj)


def _series(logz: np.ndarray, lo: np.ndarray, width: int, table: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Log of the series and its mean index, each row summed over ``width`` terms from
    its ``lo``: (n, width) arrays, each pass written over the last."""
    # j is an integer, so both gamma terms are looked up from one table; each row's terms
    # are a contiguous run of it (a window of the table), and j itself is exact in floats
    first = lo.astype(np.int64)
    jf = lo[:, None] + np.arange(width, dtype=float)[None, :]
    logw = np.multiply(jf, logz[:, None])  # log of each term: j logz - table[j]
    logw -= sliding_window_view(table[:int(first.max()) + width], width)[first]
    top = logw.max(axis=1)
    logw -= top[:, None]
    terms = np.exp(logw, out=logw)
    total = terms.sum(axis=1)
    return top + np.log(total), np.multiply(terms, jf, out=jf).sum(1) / total


def eta_derivatives(y: np.ndarray, mu: np.ndarray, p: float
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First three derivatives in eta = log(mu) of ``phi * loglik`` (the mean part).

    ``(y mu^(1-p) - mu^(2-p)) * (1, (1-p) y mu^(1-p) - (2-p) mu^(2-p), ...)``:
    returns ``(d1, d2, d3)`` per row, without the ``w / phi`` factor.
    """
    a = y * np.power(mu, 1 - p) if p != 1.0 else y
    b = np.power(mu, 2 - p) if p != 2.0 else np.ones_like(mu)
    return a - b, (1 - p) * a - (2 - p) * b, (1 - p) ** 2 * a - (2 - p) ** 2 * b


def max_loglik(y: np.ndarray, mu: np.ndarray, w: np.ndarray, p: float,
               phi_start: float) -> tuple[float, float]:
    """Log-likelihood maximised over the dispersion: ``(loglik, phi_ml)``.

    Prior weights are variance weights (row dispersion ``phi / w``), as in R's
    ``glm``. Poisson has ``phi = 1``. Gamma solves the score equation in
    ``1/phi`` by Newton's method; Tweedie maximises over ``log(phi)`` by Brent.
    """
    from scipy import optimize

    if p == 1.0:
        return float((w * (y * np.log(mu) - mu) - special.gammaln(y + 1)).sum()), 1.0
    if p == 2.0:
        return _gamma_max_loglik(y, mu, w, phi_start)

    def neg(logphi: float) -> float:
        return -float(loglik_rows(y, mu, np.exp(logphi) / w, p).sum())

    c = np.log(phi_start)
    res = optimize.minimize_scalar(neg, bounds=(c - 4, c + 4), method="bounded",
                                   options={"xatol": 1e-9})
    return -float(res.fun), float(np.exp(res.x))


def _gamma_max_loglik(y: np.ndarray, mu: np.ndarray, w: np.ndarray, phi_start: float
                      ) -> tuple[float, float]:
    """Gamma: Newton on the score in ``s = 1/phi``, with sums by distinct weight.

    The score ``sum w (log(w s) + 1 + log(y/mu) - y/mu - digamma(w s))`` depends
    on the rows only through the sums of ``w`` and ``w (log(y/mu) - y/mu)`` for
    each distinct weight, so each Newton step costs O(distinct weights).
    """
    vals, inv = np.unique(w, return_inverse=True)
    if len(vals) > 4096:  # many distinct weights: per-row sums
        vals, inv = w, np.arange(len(w))
    count = np.bincount(inv, minlength=len(vals)).astype(float)
    rsum = np.bincount(inv, weights=w * (np.log(y / mu) - y / mu), minlength=len(vals))
    s = 1.0 / phi_start
    for _ in range(100):
        a = vals * s
        g = float((count * vals * (np.log(a) + 1 - special.digamma(a))).sum() + rsum.sum())
        h = float((count * vals * (1 / s - vals * special.polygamma(1, a))).sum())
        s_new = s - g / h if s - g / h > 0 else s / 2
        if abs(s_new - s) <= 1e-13 * s:
            s = s_new
            break
        s = s_new
    return float(loglik_rows(y, mu, 1 / (w * s), p=2.0).sum()), 1 / s
