"""Quantiles and tail areas of the normal, t, chi-squared and Poisson distributions.

Each is the :mod:`scipy.special` function that :mod:`scipy.stats` itself calls for it
(``norm.ppf`` is ``ndtri``, ``t.ppf`` is ``stdtrit``, ``t.sf`` is ``stdtr`` at ``-x``,
``chi2.ppf`` is ``2 gammaincinv(df/2, q)``, ``poisson.sf`` is ``pdtrc`` at ``floor(k)``),
so the figures are the same to the bit (``tests/stats/test_distributions.py`` holds them
equal over a grid). Importing :mod:`scipy.stats` costs about 0.4 s, a tenth of a small
study's whole guide; :mod:`scipy.special` is loaded by :mod:`scipy.optimize` anyway.

Arguments outside a distribution's support give NaN, as :mod:`scipy.stats` does for
probabilities outside [0, 1] and degrees of freedom that are not positive.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def _bounded(q, value, low):
    """scipy.stats' rule for a quantile: ``low`` at 0, infinity at 1, NaN outside [0, 1]."""
    q = np.asarray(q, dtype=float)
    if np.all((q > 0) & (q < 1)):
        return value
    out = np.where(q == 0, low, np.where(q == 1, np.inf, value))
    out = np.where((q >= 0) & (q <= 1), out, np.nan)
    return out if out.ndim else out[()]


def _positive(df, value):
    """``value`` where the degrees of freedom are positive, NaN elsewhere (scipy.stats' check)."""
    df = np.asarray(df, dtype=float)
    if np.all(df > 0):
        return value
    out = np.where(df > 0, value, np.nan)
    return out if out.ndim else out[()]


def norm_ppf(q):
    """Quantile of the standard normal distribution (``scipy.stats.norm.ppf``).

    Examples
    --------
    >>> round(float(norm_ppf(0.975)), 6)
    1.959964
    """
    q = np.asarray(q, dtype=float)
    return _bounded(q, special.ndtri(q), -np.inf)


def t_ppf(q, df):
    """Quantile of Student's t with ``df`` degrees of freedom (``scipy.stats.t.ppf``).

    ``df`` may be fractional (Satterthwaite) or infinite (the normal).

    Examples
    --------
    >>> round(float(t_ppf(0.975, 10)), 6), round(float(t_ppf(0.975, np.inf)), 6)
    (2.228139, 1.959964)
    """
    q, df = np.asarray(q, dtype=float), np.asarray(df, dtype=float)
    return _positive(df, _bounded(q, special.stdtrit(df, q), -np.inf))


def t_sf(x, df):
    """Upper tail area ``P(T > x)`` of Student's t (``scipy.stats.t.sf``).

    Examples
    --------
    >>> round(float(2 * t_sf(2.228139, 10)), 6)
    0.05
    """
    df = np.asarray(df, dtype=float)
    return _positive(df, special.stdtr(df, -np.asarray(x, dtype=float)))


def chi2_ppf(q, df):
    """Quantile of the chi-squared distribution (``scipy.stats.chi2.ppf``).

    Examples
    --------
    >>> round(float(chi2_ppf(0.95, 1)), 6)
    3.841459
    """
    q, df = np.asarray(q, dtype=float), np.asarray(df, dtype=float)
    return _positive(df, _bounded(q, 2 * special.gammaincinv(df / 2, q), 0.0))


def poisson_sf(k, mu):
    """Upper tail ``P(X > k)`` of a Poisson count with mean ``mu`` (``scipy.stats.poisson.sf``,
    for finite ``mu``).

    Examples
    --------
    >>> round(float(poisson_sf(3, 1.0)), 6)
    0.018988
    """
    k, mu = np.asarray(k, dtype=float), np.asarray(mu, dtype=float)
    out = np.where(k < 0, 1.0, special.pdtrc(np.floor(k), mu))  # below the support: 1
    out = np.where(np.isnan(k) | np.isnan(mu), np.nan, out)
    return out if out.ndim else out[()]
