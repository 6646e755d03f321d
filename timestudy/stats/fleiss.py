"""The arithmetic of Fleiss' kappa: rating counts, per-session sums, bootstrap replicates.

Fleiss' kappa (Fleiss 1971) for ``m`` observers who each gave every slice one of
``K`` categories, ``n_ij`` of them category ``j`` for slice ``i``::

    p_j   = sum_i n_ij / (N m)                         share of ratings in category j
    P_i   = (sum_j n_ij^2 - m) / (m (m - 1))           agreeing pairs of observers on slice i
    kappa = (mean_i P_i - sum_j p_j^2) / (1 - sum_j p_j^2)

and the kappa of category ``j`` (category against the rest, Fleiss 1971 eq. 11)::

    kappa_j = 1 - sum_i n_ij (m - n_ij) / (N m (m - 1) p_j (1 - p_j))

which is Fleiss' kappa of the two-column table ``[n_ij, m - n_ij]``. These are
the formulas of ``statsmodels.stats.inter_rater.fleiss_kappa``. Every term is a
sum over slices, so a slice may stand for several seconds (a weight) and a
session drawn twice by the bootstrap simply counts twice: the kappas are computed
here from each session's sums ``W`` (slices), ``T_j = sum_i n_ij`` and
``Q_j = sum_i n_ij^2``, which lets 999 replicates be one matrix product.
statsmodels' function takes neither weights nor replicates; the tests check that
these functions give its numbers.

References: Fleiss JL (1971), Measuring nominal scale agreement among many raters,
Psychological Bulletin 76:378-382. Scott WA (1955), Reliability of content
analysis: the case of nominal scale coding, Public Opinion Quarterly 19:321-325.
"""

from __future__ import annotations

import warnings

import numpy as np

from timestudy.stats.distributions import t_ppf


def rating_counts(labels: np.ndarray, n_labels: int) -> np.ndarray:
    """How many observers gave each slice each label: (slices, observers) codes to counts.

    Examples
    --------
    >>> rating_counts(np.array([[0, 0, 1], [2, 2, 2]]), 3).tolist()
    [[2, 1, 0], [0, 0, 3]]
    """
    from statsmodels.stats.inter_rater import aggregate_raters  # not at import: keeps the CLI light

    if not len(labels):
        return np.zeros((0, n_labels), dtype=np.int64)
    return aggregate_raters(labels, n_cat=n_labels)[0]


def session_sums(
    group: np.ndarray, counts: np.ndarray, weight: np.ndarray, n_groups: int
) -> np.ndarray:
    """Per session: ``[W, T_1..T_K, Q_1..Q_K]``, the sums Fleiss' kappa is made of.

    Examples
    --------
    >>> session_sums(np.array([0, 0]), np.array([[2, 1], [3, 0]]), np.ones(2), 1).tolist()
    [[2.0, 5.0, 1.0, 13.0, 1.0]]
    """
    k = counts.shape[1]
    parts = [weight[:, None], counts * weight[:, None], counts**2 * weight[:, None]]
    out = np.zeros((n_groups, 1 + 2 * k))
    np.add.at(out, group, np.hstack(parts))
    return out


def fleiss_from_sums(sums: np.ndarray, m: int) -> dict[str, np.ndarray]:
    """Fleiss' kappa, per-category kappas and the agreements, from summed ``[W, T, Q]``.

    ``sums`` is one row (shape ``(1 + 2K,)``) or a stack of rows (sessions,
    bootstrap replicates); results have the same leading shape. Undefined values
    (no slices, one category only, a category no one or everyone chose) are NaN.

    Examples
    --------
    Four slices, three observers (the test's hand-worked example): kappa 7/15.

    >>> c = np.array([[0, 3, 0], [1, 2, 0], [1, 0, 2], [0, 0, 3]])
    >>> r = fleiss_from_sums(session_sums(np.zeros(4, int), c, np.ones(4), 1)[0], 3)
    >>> round(float(r["kappa"]), 4), np.round(r["per_category"], 4).tolist()
    (0.4667, [-0.2, 0.6571, 0.6571])
    """
    sums = np.asarray(sums, float)
    k = (sums.shape[-1] - 1) // 2
    w, t, q = sums[..., 0], sums[..., 1 : 1 + k], sums[..., 1 + k :]
    with np.errstate(invalid="ignore", divide="ignore"):
        p = t / (w * m)[..., None]
        expected = (p**2).sum(axis=-1)
        observed = (q.sum(axis=-1) / w - m) / (m * (m - 1))
        kappa = (observed - expected) / (1 - expected)
        disagree = m * t - q  # sum_i n_ij (m - n_ij)
        per_category = 1 - disagree / ((w * m * (m - 1))[..., None] * p * (1 - p))
    kappa = np.where((w > 0) & ~np.isclose(expected, 1.0), kappa, np.nan)
    per_category = np.where((p > 0) & (p < 1), per_category, np.nan)
    return {
        "kappa": kappa,
        "per_category": per_category,
        "observed": observed,
        "expected": np.where(w > 0, expected, np.nan),
        "share": p,
    }


def cluster_t_interval(
    estimate: np.ndarray, replicates: np.ndarray, n_clusters: int, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standard error and interval of kappas from a bootstrap over sessions.

    The rules of :func:`timestudy.stats.bootstrap.cluster_interval`, on the kappa
    scale rather than the log scale (a kappa can be zero or negative): the
    bootstrap standard error inflated by ``sqrt(G / (G - 1))``, a t reference on
    ``G - 1`` degrees of freedom, ``G`` the sessions, clipped to [-1, 1]; NaN with
    fewer than 3 sessions.

    Examples
    --------
    >>> se, lo, hi = cluster_t_interval(np.array([0.5]), np.array([[0.4], [0.6]]), 2, 0.95)
    >>> bool(np.isnan(lo[0]))
    True
    """
    estimate = np.atleast_1d(np.asarray(estimate, float))
    if n_clusters < 2:
        nan = np.full(estimate.shape, np.nan)
        return nan, nan, nan.copy()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all replicates undefined: NaN
        se = np.nanstd(replicates, axis=0, ddof=1) * np.sqrt(n_clusters / (n_clusters - 1.0))
    t = t_ppf(0.5 + level / 2, n_clusters - 1)
    bad = (n_clusters < 3) | ~np.isfinite(se) | ~np.isfinite(estimate)
    lo = np.where(bad, np.nan, np.clip(estimate - t * se, -1.0, 1.0))
    hi = np.where(bad, np.nan, np.clip(estimate + t * se, -1.0, 1.0))
    return se, lo, hi


def fleiss_measure(grid, who, n_labels, n_observers, n_boot, seed, level) -> dict:
    """Fleiss' kappa of one slice grid (from ``slice_grid``), bootstrap, usage.

    ``who`` gives the observer (a code below ``n_observers``) of each side of each
    group: shape (groups, raters). Joint sessions with no slice all observers
    recorded are not bootstrap clusters.
    """
    from timestudy.stats.bootstrap import worker_draws  # statsmodels: only when run

    group, labels, weight = grid
    n_groups, m = who.shape
    complete = (labels >= 0).all(axis=1)
    counts = rating_counts(labels[complete], n_labels)
    sums = session_sums(group[complete], counts, weight[complete], n_groups)
    est = fleiss_from_sums(sums.sum(axis=0), m)
    clusters = sums[:, 0] > 0
    n_c = int(clusters.sum())
    if n_c:
        reps = fleiss_from_sums(worker_draws(n_c, n_boot, seed) @ sums[clusters], m)
        draws = np.column_stack([reps["kappa"], reps["per_category"]])
    else:
        draws = np.full((n_boot, 1 + n_labels), np.nan)
    point = np.concatenate([[est["kappa"]], est["per_category"]])
    se, ci_low, ci_high = cluster_t_interval(point, draws, n_c, level)
    g, lab, w = group[complete], labels[complete], weight[complete]
    flat = np.concatenate([who[g, s] * n_labels + lab[:, s] for s in range(m)])
    usage = np.bincount(flat, np.tile(w, m), minlength=n_observers * n_labels)
    row = {
        "statistic": "fleiss_kappa",
        "joint_sessions": float(n_c),
        "raters": float(m),
        "n": float(w.sum()),
        "excluded": float(weight[~complete].sum()),
        "observed_agreement": float(est["observed"]),
        "expected_agreement": float(est["expected"]),
        "estimate": float(est["kappa"]),
        "se": float(se[0]),
        "ci_low": float(ci_low[0]),
        "ci_high": float(ci_high[0]),
    }
    per_session = fleiss_from_sums(sums, m)
    return {
        "row": row,
        "share": est["share"],
        "ratings": sums.sum(axis=0)[1 : 1 + n_labels],
        "kappa": est["per_category"],
        "ci": (ci_low[1:], ci_high[1:]),
        "usage": usage.reshape(n_observers, n_labels),
        "replicates": draws[:, 0],
        "per_session": (sums[:, 0], per_session["kappa"]),
    }
