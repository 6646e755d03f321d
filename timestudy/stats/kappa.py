"""Cohen's kappa of a two-rater table, with the Fleiss-Cohen-Everitt standard error."""

from __future__ import annotations

import numpy as np

from timestudy.errors import TimestudyError


def cohens_kappa(table: np.ndarray) -> dict[str, float]:
    """Cohen's kappa of a square table of two raters, with its large-sample standard error.

    Parameters
    ----------
    table : array_like
        Counts (or weights) with rater one in rows and rater two in columns, in
        the same category order.

    Returns
    -------
    dict
        ``n``, ``observed`` (p_o), ``expected`` (p_e), ``kappa`` and ``se``, the
        standard error of Fleiss, Cohen and Everitt (1969, equation 13), which does
        not assume kappa is zero. ``kappa`` is NaN when p_e is 1 (one category only).

    Examples
    --------
    The two-rater example of Fleiss, Levin and Paik (2003, table 18.1), kappa 0.68:

    >>> from timestudy.stats import cohens_kappa
    >>> r = cohens_kappa([[75, 1, 4], [5, 4, 1], [0, 0, 10]])
    >>> round(r["kappa"], 3), round(r["observed"], 2), round(r["expected"], 2)
    (0.676, 0.89, 0.66)
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise TimestudyError(f"the agreement table must be square, not of shape {t.shape}")
    n = t.sum()
    if n <= 0:
        return {"n": 0.0, "observed": np.nan, "expected": np.nan, "kappa": np.nan, "se": np.nan}
    p = t / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    po, pe = float(np.trace(p)), float(rows @ cols)
    if np.isclose(pe, 1.0):
        return {"n": n, "observed": po, "expected": pe, "kappa": np.nan, "se": np.nan}
    k = (po - pe) / (1 - pe)
    diag = np.diag(p) * (1 - (rows + cols) * (1 - k)) ** 2
    off = p * (cols[:, None] + rows[None, :]) ** 2
    np.fill_diagonal(off, 0.0)
    var = (diag.sum() + (1 - k) ** 2 * off.sum() - (k - pe * (1 - k)) ** 2) / (n * (1 - pe) ** 2)
    return {"n": n, "observed": po, "expected": pe, "kappa": k, "se": float(np.sqrt(max(var, 0)))}


#: The columns of every agreement table (automatic vs manual coding, observers).
AGREEMENT_COLUMNS = (
    "statistic", "n", "excluded", "observed_agreement", "estimate", "se", "ci_low", "ci_high",
)


def kappa_row(table, excluded: float = 0, level: float = 0.95,
              statistic: str = "cohen_kappa") -> dict[str, float | str]:
    """One row of an agreement table: Cohen's kappa of ``table`` with its interval.

    Parameters
    ----------
    table : array_like
        Square table of counts (rater one in rows).
    excluded : float
        Units left out of the table (for example coded by one side only).
    level : float
        Level of the interval ``kappa +/- z se``, clipped to [-1, 1].
    statistic : str
        Name of the statistic in the ``statistic`` column.

    Returns
    -------
    dict
        The :data:`AGREEMENT_COLUMNS`: ``statistic``, ``n``, ``excluded``,
        ``observed_agreement``, ``estimate`` (kappa), ``se``, ``ci_low``, ``ci_high``;
        the interval is NaN when kappa is.

    Examples
    --------
    >>> from timestudy.stats import kappa_row
    >>> r = kappa_row([[75, 1, 4], [5, 4, 1], [0, 0, 10]])
    >>> r["statistic"], round(r["estimate"], 3), round(r["observed_agreement"], 2)
    ('cohen_kappa', 0.676, 0.89)
    """
    from timestudy.stats.distributions import norm_ppf

    k = cohens_kappa(table)
    z = float(norm_ppf(0.5 + level / 2))
    lo, hi = np.clip([k["kappa"] - z * k["se"], k["kappa"] + z * k["se"]], -1.0, 1.0)
    return {"statistic": statistic, "n": k["n"], "excluded": float(excluded),
            "observed_agreement": k["observed"], "estimate": k["kappa"], "se": k["se"],
            "ci_low": float(lo), "ci_high": float(hi)}
