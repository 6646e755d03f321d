"""Lin's concordance correlation coefficient of two sets of measurements, with its interval."""

from __future__ import annotations

import numpy as np

from timestudy.stats.distributions import norm_ppf


def concordance(x: np.ndarray, y: np.ndarray, level: float = 0.95) -> dict[str, float]:
    """Lin's concordance correlation coefficient with a confidence interval.

    ``ccc = 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2)`` with moments divided
    by n (Lin 1989). The interval is on Fisher's z scale with Lin's standard error
    (Lin 1989, as corrected in Lin 2000), the ``z-transform`` interval of R's
    ``epiR::epi.ccc``.

    References: Lin LI (1989), A concordance correlation coefficient to evaluate
    reproducibility, Biometrics 45:255-268; Lin LI (2000), A note on the
    concordance correlation coefficient, Biometrics 56:324-325.

    Parameters
    ----------
    x, y : ndarray
        Paired measurements (the same length).
    level : float
        Level of the interval.

    Returns
    -------
    dict
        ``ccc``, ``se`` (on the z scale), ``ci_low``, ``ci_high`` and ``n``.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.stats import concordance
    >>> round(concordance(np.array([1.0, 2, 3, 4]), np.array([1.5, 2, 3.5, 4]))["ccc"], 4)
    0.9474
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    out = {"n": float(n), "ccc": np.nan, "pearson": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    if n < 2:
        return out
    mx, my = x.mean(), y.mean()
    sx2, sy2 = x.var(), y.var()
    sxy = ((x - mx) * (y - my)).mean()
    denominator = sx2 + sy2 + (mx - my) ** 2
    if denominator <= 0:
        return out
    ccc = float(2 * sxy / denominator)
    out["ccc"] = ccc
    if sx2 <= 0 or sy2 <= 0 or n < 3 or abs(ccc) >= 1:
        return out
    r = float(sxy / np.sqrt(sx2 * sy2))
    out["pearson"] = r
    u = (mx - my) / (sx2 * sy2) ** 0.25
    # Lin's variance has ccc / r where it divides by r; ccc / r is the bias correction
    # factor C_b = 2 / (v + 1/v + u^2), v = s_x / s_y, which stays finite when r is 0.
    v = np.sqrt(sx2 / sy2)
    cb = 2 / (v + 1 / v + u**2)
    var_z = (
        (1 - r**2) * cb**2 / (1 - ccc**2)
        + 2 * ccc**2 * cb * (1 - ccc) * u**2 / (1 - ccc**2) ** 2
        - ccc**2 * cb**2 * u**4 / (2 * (1 - ccc**2) ** 2)
    ) / (n - 2)
    if var_z >= 0:
        z, q = np.arctanh(ccc), norm_ppf(0.5 + level / 2)
        out["ci_low"], out["ci_high"] = (
            float(np.tanh(z - q * np.sqrt(var_z))),
            float(np.tanh(z + q * np.sqrt(var_z))),
        )
    return out


def exchangeable_concordance(x: np.ndarray, y: np.ndarray, level: float = 0.95) -> dict[str, float]:
    """Concordance of unordered pairs: Lin's CCC with each pair entered in both orders.

    Where neither member of a pair is "the first" (two observers of one task, whose
    order is an accident of their ids), Lin's CCC pooled over pairs changes when
    one pair is swapped. Entering every pair twice, as ``(x, y)`` and ``(y, x)``
    (the double-entry, or pairwise, intraclass correlation of Fisher 1925, §38-39,
    and Griffin and Gonzalez 1995), gives both columns the same mean and variance,
    so Lin's CCC of the doubled data is its Pearson correlation:

    ``r = (SSB - SSW) / (SSB + SSW)``, with ``SSB = 2 sum (pair mean - grand mean)^2``
    and ``SSW = sum (x - y)^2 / 2`` (the one-way analysis of variance of the pairs,
    moments divided by n as in Lin's CCC). A difference between the members
    (a bias of one observer) counts as disagreement, as in Lin's CCC. It depends
    on the pairs only as unordered pairs: swapping ``x[i]`` and ``y[i]`` for any
    ``i`` changes nothing.

    The interval is Fisher's for an intraclass correlation of pairs: ``z =
    arctanh(r)`` is nearly normal with variance ``1 / (n - 3/2)`` for ``n`` pairs
    (Fisher 1925, §39; the n pairs, not the 2n doubled rows, are the sample).

    References: Fisher RA (1925), Statistical Methods for Research Workers,
    §38-39 (intraclass correlation from a symmetrical table); Griffin D, Gonzalez
    R (1995), Correlational analysis of dyad-level data in the exchangeable case,
    Psychological Bulletin 118:430-439; Shrout PE, Fleiss JL (1979), Intraclass
    correlations: uses in assessing rater reliability, Psychological Bulletin
    86:420-428 (ICC(1,1), the same model with n - 1 in place of n).

    Parameters
    ----------
    x, y : ndarray
        The two members of each pair (the same length), in either order.
    level : float
        Level of the interval.

    Returns
    -------
    dict
        ``ccc``, ``se`` (on the z scale), ``ci_low``, ``ci_high`` and ``n`` (pairs).

    Examples
    --------
    Pairs (1, 1.5), (2, 2), (3, 3.5), (4, 4): grand mean 2.625, pair means 1.25, 2,
    3.25, 4, so SSB = 2 x 4.5625 = 9.125; SSW = (0.25 + 0 + 0.25 + 0) / 2 = 0.25;
    r = 8.875 / 9.375 = 0.946667.

    >>> import numpy as np
    >>> from timestudy.stats import exchangeable_concordance
    >>> x, y = np.array([1.0, 2, 3, 4]), np.array([1.5, 2, 3.5, 4])
    >>> round(exchangeable_concordance(x, y)["ccc"], 6)
    0.946667
    >>> exchangeable_concordance(y, x) == exchangeable_concordance(x, y)
    True
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    both = np.isfinite(x) & np.isfinite(y)  # a pair with a missing member says nothing
    if not both.all():
        x, y = x[both], y[both]
    n = len(x)
    out = {"n": float(n), "ccc": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    if n < 2:
        return out
    # Every term is symmetric in x[i] and y[i] (x + y, (x - y)^2), so swapping any pair
    # gives the same floats, not only the same number.
    total = x + y
    grand = total.sum() / (2 * n)
    between = 2 * ((total / 2 - grand) ** 2).sum()
    within = ((x - y) ** 2).sum() / 2
    if between + within <= 0:
        return out
    r = float((between - within) / (between + within))
    out["ccc"] = r
    if n < 3 or abs(r) >= 1:
        return out
    se = 1 / np.sqrt(n - 1.5)
    z, q = np.arctanh(r), norm_ppf(0.5 + level / 2)
    out["se"] = float(se)
    out["ci_low"], out["ci_high"] = float(np.tanh(z - q * se)), float(np.tanh(z + q * se))
    return out
