"""Time per piece of work by task type: direct minutes, full hours, and the regression cross-check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import nnls
from statsmodels.regression.linear_model import WLS

from timestudy.panels.censoring import (
    MIN_SHARE,
    edge_days,
    expected_days,
    flow_terms,
    missing_days_factor,
    observed_days_distribution,
    risk_table,
    seen_weights,
)
from timestudy.results import TableResult
from timestudy.stats.bootstrap import (
    cluster_interval,
    median_draws,
    percentile_interval,
    ratio_draws,
    weighted_median,
    worker_draws,
)
from timestudy.stats.sandwich import linear_cluster_parts, robust_fit


def _per_worker(cell: np.ndarray, shape: tuple[int, int], value: np.ndarray,
                weight: np.ndarray) -> np.ndarray:
    """Weighted sums of ``value`` by worker and task (G x T): ``cell`` is each piece's
    ``worker * T + task`` code, computed once."""
    return np.bincount(cell, weights=value * weight, minlength=shape[0] * shape[1]).reshape(shape)


def with_piece_defaults(pieces: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``pieces`` with the columns of one-day pieces seen whole where absent, so a
    plain table of pieces (``worker_id``, ``task_type``, ``direct_min``...) can be estimated."""
    p = pieces.reset_index(drop=True)
    n_days = p["n_days"] if "n_days" in p else pd.Series(1, index=p.index)
    defaults = {"n_days": n_days, "link_within_days": 0, "left_censored": False,
                "right_censored": False, "days_followed": n_days, "days_preceded": n_days,
                "piece_equivalent": 1.0, "weight": 1.0, "primary": True, "observed_share": 1.0}
    return p.assign(**{k: v for k, v in defaults.items() if k not in p})


@dataclass(frozen=True, repr=False)
class TaskTimes(TableResult):
    """Direct minutes and full hours per piece of work, by task type.

    Made by :func:`estimate_task_times`.

    Attributes
    ----------
    table : DataFrame
        By task type: ``category``, counts of pieces and workers, sittings per
        piece, ``direct_min`` (mean and median), ``full_hours``, each with its
        interval.
    title : str
    notes : tuple of str
        Method and caveats.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import pieces_of_work
    >>> s = simulate_study(n_workers=10, weeks=1, seed=1)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> tt = estimate_task_times(pieces_of_work(ep), n_boot=19)
    >>> type(tt).__name__, tt.table[["direct_min", "full_hours"]].columns.tolist()
    ('TaskTimes', ['direct_min', 'full_hours'])
    """

    def plot(self, ax=None, measure: str = "full_hours"):
        """Point estimates with their intervals, longest first; returns the Axes.

        See :func:`timestudy.plots.task_times_plot`.
        """
        from timestudy.plots import task_times_plot

        return task_times_plot(self.table, measure=measure, ax=ax)


@dataclass(frozen=True)
class PieceSums:
    """A table of pieces summed by worker and task type: all time per piece is made of.

    Every array's first axis is the worker (G), so the point estimate sums it and a
    bootstrap replicate weights it by the worker's draws (:func:`task_point_estimates`,
    :func:`estimate_task_times`). Made by :func:`piece_sums`.
    """

    tasks: pd.Index
    at_risk: np.ndarray  # (G, T, K) Kaplan-Meier at risk, in days seen
    ended: np.ndarray  # (G, T, K) and ending
    flow: tuple  # (G, T) x 2 steady flow: days over p; starts and ends seen, each g(j)
    seen: tuple  # (G, T) x 2 days seen over p; pieces seen, each g(j) (a diary too short)
    flow_raw: tuple  # the same with p = 1 (no correction)
    seen_raw: tuple
    direct: np.ndarray  # (G, T) direct minutes
    days: np.ndarray  # (G, T) days seen
    full: np.ndarray  # (G, T) full minutes of primary pieces
    full_days: np.ndarray  # (G, T) and their days seen
    mass: np.ndarray  # (G, T) pieces seen (weighted)
    lost: np.ndarray  # (G, T) days worked on the task that the diary misses (estimated)
    share: np.ndarray  # (G,) each worker's observed share of days at work
    corrected: np.ndarray  # (T,) the missing-days correction applies to the task
    n_pieces: np.ndarray  # (T,) pieces seen, unweighted


def piece_sums(pieces: pd.DataFrame) -> PieceSums:
    """Sum a table of pieces by worker and task type (see :class:`PieceSums`).

    A piece's worker's ``observed_share`` (1 when the column is absent) sets its
    weights for days missing at random (:func:`~timestudy.panels.censoring.seen_weights`);
    the correction applies to task types linked over several days
    (``link_within_days`` > 0) whose workers missed a day; a one-day task is left as
    it is (a one-day piece is seen whole or not at all).
    """
    p = with_piece_defaults(pieces)
    g_code, workers = pd.factorize(p["worker_id"])
    t_code, tasks = pd.factorize(p["task_type"], sort=True)
    shape = (len(workers), len(tasks))
    cell = g_code * len(tasks) + t_code
    w = p["weight"].to_numpy(float)
    prim_w = w * p["primary"].to_numpy(bool)
    n_days = p["n_days"].to_numpy(float)
    share = p["observed_share"].to_numpy(float)
    linked = p["link_within_days"].to_numpy() > 0
    share_g = np.ones(len(workers))
    share_g[g_code] = share
    day_w, piece_w = seen_weights(p["n_days"].to_numpy(), np.where(linked, share, 1.0))
    k_max = int(min(max(p["n_days"].max(), 1), 60))
    at, ev = risk_table(p, cell, shape[0] * shape[1], k_max, w)
    f_days, f_seen = flow_terms(p)

    def by(value: np.ndarray, weight: np.ndarray = w) -> np.ndarray:
        return _per_worker(cell, shape, value, weight)

    gap = np.bincount(t_code, weights=linked & (share < 1), minlength=len(tasks)) > 0
    return PieceSums(
        tasks=pd.Index(tasks, name="task_type"),
        at_risk=at.reshape(*shape, k_max), ended=ev.reshape(*shape, k_max),
        flow=(by(f_days * day_w), by(f_seen * piece_w)), seen=(by(n_days * day_w), by(piece_w)),
        flow_raw=(by(f_days.astype(float)), by(f_seen.astype(float))),
        seen_raw=(by(n_days), by(np.ones(len(p)))),
        direct=by(p["direct_min"].to_numpy(float)), days=by(n_days),
        full=by(p["full_min"].to_numpy(float), prim_w), full_days=by(n_days, prim_w),
        mass=by(np.ones(len(p))), lost=by(n_days * (1 / np.clip(share, MIN_SHARE, 1.0) - 1)),
        share=share_g, corrected=gap, n_pieces=np.bincount(t_code, minlength=len(tasks)))


def _total(x: np.ndarray, draws: np.ndarray | None) -> np.ndarray:
    """Sum over workers (axis 0), or each replicate's weighted sum (B, ...)."""
    return x.sum(0) if draws is None else np.tensordot(draws, x, axes=1)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def piece_days(s: PieceSums, draws: np.ndarray | None = None, *, correct: bool = True
               ) -> tuple[np.ndarray, np.ndarray]:
    """Days worked per piece by task (T,), or per replicate (B, T), and where the diary allowed
    for its edges (else the days seen are used).

    The edge rule (:mod:`timestudy.panels.censoring`): the mean of Kaplan-Meier and
    steady flow, each with days missing at random allowed for: Kaplan-Meier's mean
    days seen times :func:`~timestudy.panels.censoring.missing_days_factor`, steady
    flow with each day seen counting ``1/p`` and each start or end seen ``g(j)``
    (``correct=False``: neither, the days seen per piece seen).
    """
    a, e = _total(s.at_risk, draws), _total(s.ended, draws)
    km = expected_days(a, e)
    correct = correct and bool(s.corrected.any())
    if correct:
        mass = s.mass.T if draws is None else draws[:, None, :] * s.mass.T[None]
        factor = missing_days_factor(observed_days_distribution(a, e), mass, s.share)
        km = np.where(s.corrected, km * factor, km)
    flow, seen = (s.flow, s.seen) if correct else (s.flow_raw, s.seen_raw)
    days = edge_days(km, _ratio(_total(flow[0], draws), _total(flow[1], draws)))
    ok = np.isfinite(days)
    return np.where(ok, days, _ratio(_total(seen[0], draws), _total(seen[1], draws))), ok


def task_point_estimates(s: PieceSums) -> pd.DataFrame:
    """The point estimates of time per piece by task type, from :func:`piece_sums`.

    Days worked per piece (:func:`piece_days`) times the minutes per day seen of the
    task's pieces (direct; full for pieces with full time of their own). The one
    function both :func:`estimate_task_times` and
    :func:`~timestudy.models.pieces_sensitivity` take their figures from.

    Returns
    -------
    DataFrame
        Indexed by ``task_type``: ``n_pieces``, ``sittings_per_piece`` (days worked
        per piece), ``direct_min``, ``full_hours``, ``missing_factor`` (days worked
        over days seen per piece: 1 with no day missing), ``sittings_lost`` (days
        worked on the task's pieces that the diary misses, estimated: the sum of
        ``n_days (1/p - 1)``) and ``edges_allowed_for``.

    Examples
    --------
    >>> p = pd.DataFrame({"worker_id": "W1", "task_type": "x", "n_days": [1, 2, 3],
    ...     "direct_min": [60.0, 120, 180], "full_min": [60.0, 120, 180]})
    >>> task_point_estimates(piece_sums(p))[["sittings_per_piece", "direct_min"]].iloc[0].tolist()
    [2.0, 120.0]
    """
    days, ok = piece_days(s)
    plain, _ = piece_days(s, correct=False)
    return pd.DataFrame(
        {"n_pieces": s.n_pieces, "sittings_per_piece": days,
         "direct_min": days * _ratio(s.direct.sum(0), s.days.sum(0)),
         "full_hours": days * _ratio(s.full.sum(0), s.full_days.sum(0)) / 60,
         "missing_factor": days / plain, "sittings_lost": s.lost.sum(0),
         "edges_allowed_for": ok}, index=s.tasks)


def _medians(pieces: pd.DataFrame, g_code: np.ndarray, t_code: np.ndarray, n_tasks: int,
             draws: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted medians of direct minutes of one-day tasks, with percentile intervals."""
    med = np.full(n_tasks, np.nan)
    lo, hi = med.copy(), med.copy()
    one_day = np.flatnonzero(pieces["link_within_days"].to_numpy() == 0)
    x_all = pieces["direct_min"].to_numpy(float)
    w_all = pieces["weight"].to_numpy(float)
    for j, idx in pd.Series(one_day).groupby(t_code[one_day]).indices.items():  # per task type
        rows = one_day[idx]
        x, w = x_all[rows], w_all[rows]
        med[j] = weighted_median(x, w[None, :])[0]
        reps = median_draws(x, g_code[rows], w, draws)
        (lo[j],), (hi[j],) = percentile_interval(reps[:, None], level)
    return med, lo, hi


def estimate_task_times(
    pieces: pd.DataFrame,
    *,
    n_boot: int = 999,
    seed: int | None = 0,
    level: float = 0.95,
) -> TaskTimes:
    """Direct minutes and full hours per piece of work, with worker-cluster bootstrap intervals.

    Time per piece is the days worked per piece, estimated with the diary's edges
    and days missing at random allowed for (:mod:`timestudy.panels.censoring`; the
    pieces' ``observed_share``), times the minutes per day worked on pieces of the
    task: for a one-day task, the mean over its pieces. The point estimate is
    :func:`task_point_estimates`; each bootstrap replicate re-estimates the days per
    piece, the missing-days correction included, from the resampled workers' sums.

    Parameters
    ----------
    pieces : DataFrame
        Output of :func:`timestudy.panels.pieces_of_work`.
    n_boot : int
        Bootstrap replicates (workers resampled with replacement).
    seed : int, optional
        Seed of the bootstrap: the same seed gives the same intervals.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    TaskTimes
        Table indexed by ``task_type`` with ``category``, ``n_pieces``,
        ``n_workers``, ``n_censored`` (pieces cut by an edge of the diary),
        ``edges_allowed_for`` (False when the diary is too short to see where
        pieces of the task begin and end: then the days seen are used, and
        time per piece is too low), ``missing_factor`` (days worked per piece over
        days seen per piece: 1 when no day is missing or the task is done in a day)
        and ``sittings_lost`` (estimated days of work on the task's pieces that fell
        on days the diary misses),
        ``sittings_per_piece`` (days worked per piece) with ``_ci_low`` and
        ``_ci_high``, ``direct_min`` (per piece) with ``direct_min_ci_low`` and
        ``direct_min_ci_high``, ``direct_min_median`` with its interval (one-day
        tasks only), ``n_primary``, ``n_workers_primary`` and ``full_hours``
        (per piece with full time of its own: the task with the travel and
        recording attributed to it) with its interval. Intervals come from the
        worker bootstrap's standard error on the log scale with a t reference
        (see :func:`~timestudy.stats.bootstrap.cluster_interval`); median
        intervals are percentile intervals.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import pieces_of_work
    >>> s = simulate_study(n_workers=10, weeks=1, seed=1)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> tt = estimate_task_times(pieces_of_work(ep), n_boot=99)
    >>> bool(tt.table.loc["statutory_visit", "direct_min"] > 30)
    True
    """
    p = with_piece_defaults(pieces)
    g_code = pd.factorize(p["worker_id"])[0]
    t_code = pd.factorize(p["task_type"], sort=True)[0]
    s = piece_sums(p)
    tasks, n_workers = s.tasks, s.direct.shape[0]
    point = task_point_estimates(s)
    days, direct, full = (point[c].to_numpy() for c in ("sittings_per_piece", "direct_min",
                                                        "full_hours"))
    draws = worker_draws(n_workers, n_boot, seed)
    days_b, _ = piece_days(s, draws)
    n_w = (s.days > 0).sum(0)
    d_lo, d_hi = cluster_interval(direct, days_b * ratio_draws(s.direct, s.days, draws), n_w,
                                  level)
    s_lo, s_hi = cluster_interval(days, days_b, n_w, level)
    n_wp = (s.full_days > 0).sum(0)
    f_lo, f_hi = cluster_interval(full, days_b * ratio_draws(s.full, s.full_days, draws) / 60,
                                  n_wp, level)
    prim = p.loc[p["primary"]]
    med, m_lo, m_hi = _medians(p, g_code, t_code, len(tasks), draws, level)
    by = p.groupby("task_type")
    censored = p["left_censored"] | p["right_censored"]
    table = pd.DataFrame(
        {
            "category": by["category"].first().reindex(tasks).to_numpy(),
            "n_pieces": by.size().reindex(tasks).to_numpy(),
            "n_workers": by["worker_id"].nunique().reindex(tasks).to_numpy(),
            "n_censored": censored.groupby(p["task_type"]).sum().reindex(tasks).to_numpy(),
            "edges_allowed_for": point["edges_allowed_for"].to_numpy(),
            "missing_factor": point["missing_factor"].to_numpy(),
            "sittings_lost": point["sittings_lost"].to_numpy(),
            "sittings_per_piece": days, "sittings_per_piece_ci_low": s_lo,
            "sittings_per_piece_ci_high": s_hi,
            "direct_min": direct, "direct_min_ci_low": d_lo, "direct_min_ci_high": d_hi,
            "direct_min_median": med, "direct_min_median_ci_low": m_lo,
            "direct_min_median_ci_high": m_hi,
            "n_primary": prim.groupby("task_type").size().reindex(tasks).fillna(0).astype(int)
            .to_numpy(),
            "n_workers_primary": n_wp,
            "full_hours": full, "full_hours_ci_low": f_lo, "full_hours_ci_high": f_hi,
        },
        index=tasks,
    )
    return TaskTimes(table, "Time per piece of work", _notes(n_boot, n_workers, level))


def _notes(n_boot: int, n_workers: int, level: float) -> tuple[str, ...]:
    return (
        f"{int(level * 100)}% intervals from {n_boot} bootstrap resamples of {n_workers} "
        "workers (workers, not episodes, are the sampling unit), on the log scale with a t "
        "reference so that few workers give honest, wide intervals.",
        "A piece of work is one task on one case by one worker: sittings with the same "
        "instance_id, or linked when each follows the one before within the task's "
        "link_within_days (0: one day).",
        "Pieces cut by the diary's edges count as far as they were seen; the days worked "
        "per piece are estimated as a survival time from the pieces whose start or end "
        "was seen (panels.censoring).",
        "Days missing from the diary at random are allowed for in the days worked per piece "
        "of tasks linked over several days (each worker's observed share p: a day seen counts "
        "1/p days, a piece seen with j days 1 - (-(1-p)/p)^j pieces); sittings_lost is the "
        "estimated days of work on missing days. Days missed because they were busy are not.",
        "Full hours: the piece with the travel and case notes attributed to it by "
        "adjacency in time (contested time split, never counted twice).",
    )


@dataclass(frozen=True, repr=False)
class TaskRegression(TableResult):
    """Full hours per piece of work from a regression of worker-week hours on counts.

    Made by :func:`regress_full_hours`.

    Attributes
    ----------
    table : DataFrame
        By term (``overhead_per_fte_week`` and one per task type, ``other``
        pooled): ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n_pieces``.
    title : str
    notes : tuple of str
        Method and caveats.
    model : object
        The fitted regression (None for the non-negative fit).

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import worker_week
    >>> s = simulate_study(n_workers=10, weeks=1, seed=1)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> r = regress_full_hours(worker_week(ep, s.workers))
    >>> r.table.index[0], r.table.columns.tolist()
    ('overhead_per_fte_week', ['estimate', 'se', 'ci_low', 'ci_high', 'n_pieces'])
    """

    model: object = None

    def plot(self, ax=None):
        """Coefficients with intervals; returns the Axes (:func:`timestudy.plots.regression_plot`)."""
        from timestudy.plots import regression_plot

        return regression_plot(self.table, ax=ax)


def regress_full_hours(
    worker_week: pd.DataFrame,
    *,
    min_pieces: int = 30,
    nonnegative: bool = False,
    n_boot: int = 199,
    seed: int | None = 0,
    level: float = 0.95,
) -> TaskRegression:
    """Full hours per piece of work by regressing worker-week hours on counts of pieces.

    ``hours_worked = overhead x fte_weeks + sum_k beta_k x n_k + error``, with no
    intercept: ``overhead`` is the non-case time of an FTE-week and ``beta_k`` the
    full hours a piece of task type ``k`` brings. ``n_k`` counts the pieces begun in
    the week (a piece of writing cut by the diary's edges counts in part: see
    :func:`~timestudy.panels.worker_week`). Task types with fewer than
    ``min_pieces`` pieces are pooled into ``n_other``. OLS (WLS with survey
    weights) with standard errors clustered by worker, CR2 (Bell-McCaffrey) with
    Satterthwaite degrees of freedom for the intervals; with ``nonnegative`` the
    coefficients are constrained to be >= 0 (scipy NNLS) and the intervals come
    from a worker-cluster bootstrap.

    Parameters
    ----------
    worker_week : DataFrame
        Output of :func:`timestudy.panels.worker_week` (with ``n_<task_type>`` counts).
    min_pieces : int
        Task types with fewer pieces are pooled into ``other``.
    nonnegative : bool
        Constrain the coefficients to be >= 0.
    n_boot, seed
        Bootstrap replicates and seed (with ``nonnegative``).
    level : float
        Level of the intervals.

    Returns
    -------
    TaskRegression
        Table indexed by ``term`` (``overhead_per_fte_week`` and task types) with
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n_pieces``; the fitted
        statsmodels result is ``.model`` (None with ``nonnegative``): its own
        covariance is the homoscedastic one, not the table's CR2.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import worker_week
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> ww = worker_week(ep, s.workers)
    >>> r = regress_full_hours(ww, min_pieces=10, nonnegative=True, n_boot=19)
    >>> bool((r.table["estimate"] >= 0).all()), r.model is None
    (True, True)
    >>> r.table.columns.tolist()
    ['estimate', 'se', 'ci_low', 'ci_high', 'n_pieces']
    """
    ww = worker_week.loc[worker_week["fte_weeks"] > 0].reset_index(drop=True)
    counts = [c for c in ww.columns if c.startswith("n_")]
    wt = ww["weight"].astype(float) if "weight" in ww else 1.0
    total = ww[counts].mul(wt, axis=0).sum()  # weighted: a weight of 2 counts twice
    keep = [c for c in counts if total[c] >= min_pieces]
    other = [c for c in counts if c not in keep]
    X = ww[keep].astype(float)
    if other:
        X["n_other"] = ww[other].sum(axis=1).astype(float)
    X.insert(0, "fte_weeks", ww["fte_weeks"].astype(float))
    if len(X) <= X.shape[1] or ww["worker_id"].nunique() < 2:
        raise ValueError(f"{len(X)} worker-weeks from {ww['worker_id'].nunique()} workers "
                         f"cannot fit {X.shape[1]} terms")
    y = ww["hours_worked"].astype(float)
    w = ww["weight"].astype(float) if "weight" in ww else pd.Series(1.0, index=ww.index)
    groups = pd.factorize(ww["worker_id"])[0]
    names = ["overhead_per_fte_week"] + [c[2:] for c in X.columns[1:]]
    n_pieces = [np.nan] + [float(X[c].sum()) for c in X.columns[1:]]
    if not nonnegative:
        fit = WLS(y, X, weights=w).fit()
        coef = fit.params.to_numpy()
        rob = robust_fit(linear_cluster_parts(X.to_numpy(), y.to_numpy(), w.to_numpy(), groups,
                                              coef), coef, kind="CR2")
        ci = rob.conf_int(fit.params.to_numpy(), level)
        table = pd.DataFrame({"estimate": fit.params.to_numpy(), "se": rob.se,
                              "ci_low": ci[:, 0], "ci_high": ci[:, 1],
                              "n_pieces": n_pieces}, index=pd.Index(names, name="term"))
        model = fit
    else:
        sw = np.sqrt(w.to_numpy())
        Xa, ya = X.to_numpy() * sw[:, None], y.to_numpy() * sw
        est = nnls(Xa, ya)[0]
        rng = np.random.default_rng(seed)
        uniq = np.unique(groups)
        rows_of = [np.flatnonzero(groups == g) for g in uniq]
        reps = np.empty((n_boot, X.shape[1]))
        for b in range(n_boot):  # NNLS has no closed form: refit per replicate
            rows = np.concatenate([rows_of[i] for i in rng.integers(0, len(uniq), len(uniq))])
            reps[b] = nnls(Xa[rows], ya[rows])[0]
        lo, hi = percentile_interval(reps, level)
        table = pd.DataFrame({"estimate": est, "se": reps.std(0, ddof=1), "ci_low": lo,
                              "ci_high": hi, "n_pieces": n_pieces},
                             index=pd.Index(names, name="term"))
        model = None
    notes = (
        "Regression of each worker-week's hours worked on its counts of pieces of case "
        "work, with a non-case overhead per FTE-week and no intercept.",
        f"Standard errors clustered by worker ({len(np.unique(groups))} workers)"
        + ("; coefficients constrained non-negative, bootstrap intervals." if nonnegative
           else ": CR2 (Bell-McCaffrey) with Satterthwaite degrees of freedom, the "
                "small-sample correction the complexity model uses."),
        "A cross-check of the full hours by attribution: estimates for rare tasks are "
        "imprecise.",
    )
    return TaskRegression(table, "Full hours per piece of work by regression", notes, model)
