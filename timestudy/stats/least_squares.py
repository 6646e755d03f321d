"""Weighted least squares by the pseudo-inverse of the whitened design, as statsmodels fits it.

statsmodels' ``WLS(y, X, weights=w).fit()`` (its default ``method="pinv"``) multiplies
each row by the square root of its weight, takes the pseudo-inverse of the design from
its singular value decomposition (singular values below ``1e-15`` times the largest set
to zero) and applies it to the response. :func:`wls_fit` does the same steps with the
same NumPy calls, so its coefficients equal statsmodels' to the bit
(``tests/stats/test_least_squares.py``), without importing statsmodels and
:mod:`scipy.stats` behind it (about 0.8 s of a small study's guide).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from timestudy.errors import EstimationWarning


@dataclass(frozen=True)
class WlsFit:
    """Coefficients of a weighted least-squares fit and the rank of its design.

    Attributes
    ----------
    coef : ndarray (p,)
        The coefficients.
    rank : int
        Rank of the whitened design (fewer than ``p``: the coefficients are not unique).

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import wls_fit
    >>> fit = wls_fit(np.ones((3, 1)), [1.0, 2.0, 6.0], [1.0, 1.0, 2.0])
    >>> float(fit.coef[0]), fit.rank  # the weighted mean: (1 + 2 + 12) / 4
    (3.75, 1)
    """

    coef: np.ndarray
    rank: int


def _pinv(x: np.ndarray, rcond: float = 1e-15) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo-inverse and singular values, step for step as statsmodels' ``pinv_extended``."""
    u, s, vt = np.linalg.svd(x, False)
    s_orig = s.copy()
    keep = s > rcond * np.maximum.reduce(s)
    s = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    return np.dot(np.transpose(vt), np.multiply(s[:, np.newaxis], np.transpose(u))), s_orig


def wls_fit(X, y, w) -> WlsFit:
    """Weighted least squares: the coefficients minimising ``sum w (y - X b)^2``.

    Parameters
    ----------
    X : array_like (n, p)
        Design matrix (no intercept is added).
    y, w : array_like (n,)
        Response and observation weights (non-negative).

    Returns
    -------
    WlsFit
        ``coef`` and ``rank``. A design of lower rank than its columns warns
        (:class:`~timestudy.errors.EstimationWarning`), as statsmodels does, and gives
        the minimum-norm coefficients.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import wls_fit
    >>> X = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
    >>> fit = wls_fit(X, [1.0, 3.0, 5.0, 7.0], np.ones(4))
    >>> np.round(fit.coef, 12).tolist(), fit.rank
    ([1.0, 2.0], 2)
    """
    sw = np.sqrt(np.asarray(w, dtype=float))
    wexog = sw[:, None] * np.asarray(X, dtype=float)
    pinv, singular = _pinv(wexog)
    rank = int(np.linalg.matrix_rank(np.diag(singular)))
    if rank < wexog.shape[1]:
        warnings.warn("The design matrix is rank-deficient. The model parameters are not "
                      "uniquely determined.", EstimationWarning, stacklevel=2)
    return WlsFit(np.dot(pinv, np.asarray(y, dtype=float) * sw), rank)
