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
