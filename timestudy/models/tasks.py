"""Time per task type: direct minutes, full hours, and the regression cross-check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.optimize import nnls

from timestudy.results import TableResult
from timestudy.stats.bootstrap import (
    cluster_interval,
    median_draws,
    percentile_interval,
    ratio_draws,
    weighted_median,
    worker_draws,
)


def _per_worker(inst: pd.DataFrame, value: str, workers: pd.Index, tasks: pd.Index):
    """Per-worker weighted sums of ``value`` and of instance counts (G x T)."""
    w = inst["weight"].to_numpy(float)
    g = workers.get_indexer(inst["worker_id"])
    t = tasks.get_indexer(inst["task_type"])
    num = np.zeros((len(workers), len(tasks)))
    den = np.zeros_like(num)
    np.add.at(num, (g, t), inst[value].to_numpy(float) * w)
    np.add.at(den, (g, t), w)
    return num, den


@dataclass(frozen=True, repr=False)
class TaskTimes(TableResult):
    """Direct minutes and full hours per task instance, by task type.

    Made by :func:`estimate_task_times`.

    Attributes
    ----------
    table : DataFrame
        By task type: ``category``, ``n_instances``, ``n_workers``,
        ``direct_min`` (mean, with intervals and the median), ``n_primary``,
        ``n_workers_primary`` and ``full_hours`` (with intervals).
    title : str
    notes : tuple of str

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.panels import task_instances
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> tt = estimate_task_times(task_instances(eps), n_boot=19)
    >>> tt.table.loc["statutory_visit", ["n_instances", "direct_min"]].tolist()  # 75, 75, 60
    [3.0, 70.0]
    """

    def plot(self, ax=None, measure: str = "full_hours"):
        """Point estimates with their intervals, longest first; returns the Axes.

        See :func:`timestudy.plots.task_times_plot`.
        """
        from timestudy.plots import task_times_plot

        return task_times_plot(self.table, measure=measure, ax=ax)


def estimate_task_times(
    instances: pd.DataFrame,
    *,
    n_boot: int = 999,
    seed: int | None = 0,
    level: float = 0.95,
) -> TaskTimes:
    """Direct minutes and full hours per task instance, with worker-cluster bootstrap intervals.

    Parameters
    ----------
    instances : DataFrame
        Output of :func:`timestudy.panels.task_instances`.
    n_boot : int
        Bootstrap replicates (workers resampled with replacement).
    seed : int, optional
        Seed of the bootstrap: the same seed gives the same intervals.
    level : float
        Confidence level of the percentile intervals.

    Returns
    -------
    TaskTimes
        Table indexed by ``task_type`` with ``category``, ``n_instances``,
        ``n_workers``, ``direct_min`` (mean) with ``direct_min_ci_low`` and
        ``direct_min_ci_high``, ``direct_min_median`` with its interval,
        ``n_primary``, ``n_workers_primary`` and ``full_hours`` (mean over primary
        instances of the task plus its linked travel and recording) with its
        interval. Mean intervals come from the worker bootstrap's standard error on
        the log scale with a t reference (see :func:`~timestudy.stats.bootstrap.cluster_interval`);
        median intervals are percentile intervals.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import task_instances
    >>> s = simulate_study(n_workers=10, weeks=1, seed=1)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> tt = estimate_task_times(task_instances(ep), n_boot=19)
    >>> bool(tt.table.loc["statutory_visit", "direct_min"] > 30)
    True
    """
    inst = instances.reset_index(drop=True)
    workers = pd.Index(inst["worker_id"].unique())
    tasks = pd.Index(sorted(inst["task_type"].unique()))
    draws = worker_draws(len(workers), n_boot, seed)
    num, den = _per_worker(inst, "direct_min", workers, tasks)
    direct = num.sum(0) / den.sum(0)
    n_w = (den > 0).sum(0)
    d_lo, d_hi = cluster_interval(direct, ratio_draws(num, den, draws), n_w, level)
    prim = inst.loc[inst["primary"]]
    pnum, pden = _per_worker(prim, "full_min", workers, tasks)
    with np.errstate(invalid="ignore", divide="ignore"):
        full = pnum.sum(0) / pden.sum(0) / 60
    n_wp = (pden > 0).sum(0)
    f_lo, f_hi = cluster_interval(full, ratio_draws(pnum, pden, draws) / 60, n_wp, level)
    med = np.full(len(tasks), np.nan)
    m_lo, m_hi = med.copy(), med.copy()
    g_all = workers.get_indexer(inst["worker_id"])
    for j, (_task, grp) in enumerate(inst.groupby("task_type", sort=True)):
        x = grp["direct_min"].to_numpy(float)
        w = grp["weight"].to_numpy(float)
        med[j] = weighted_median(x, w[None, :])[0]
        reps = median_draws(x, g_all[grp.index], w, draws)
        (m_lo[j],), (m_hi[j],) = percentile_interval(reps[:, None], level)
    cat = inst.groupby("task_type")["category"].first()
    table = pd.DataFrame(
        {
            "category": cat.reindex(tasks).to_numpy(),
            "n_instances": inst.groupby("task_type").size().reindex(tasks).to_numpy(),
            "n_workers": inst.groupby("task_type")["worker_id"].nunique().reindex(tasks)
            .to_numpy(),
            "direct_min": direct, "direct_min_ci_low": d_lo, "direct_min_ci_high": d_hi,
            "direct_min_median": med, "direct_min_median_ci_low": m_lo,
            "direct_min_median_ci_high": m_hi,
            "n_primary": prim.groupby("task_type").size().reindex(tasks).fillna(0).astype(int)
            .to_numpy(),
            "n_workers_primary": n_wp,
            "full_hours": full, "full_hours_ci_low": f_lo, "full_hours_ci_high": f_hi,
        },
        index=pd.Index(tasks, name="task_type"),
    )
    notes = (
        f"{int(level * 100)}% intervals from {n_boot} bootstrap resamples of {len(workers)} "
        "workers (workers, not episodes, are the sampling unit), on the log scale with a t "
        "reference so that few workers give honest, wide intervals.",
        "An instance is one task on one case on one diary day, however many sittings.",
        "Full hours: the task plus the travel and recording linked to it on the same case "
        "and day; given for primary instances only.",
    )
    return TaskTimes(table, "Time per task instance", notes)


@dataclass(frozen=True, repr=False)
class TaskRegression(TableResult):
    """Full hours per task instance from a regression of worker-week hours on counts.

    Made by :func:`regress_full_hours`.

    Attributes
    ----------
    table : DataFrame
        By ``term``: ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n_instances``.
    title : str
    notes : tuple of str
    model : statsmodels result or None
        The fitted OLS/WLS (None for the non-negative fit).

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import worker_week
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> r = regress_full_hours(worker_week(ep, s.workers), min_instances=10)
    >>> r.table.index[0], r.table.index[-1], r.model is not None
    ('overhead_per_fte_week', 'other', True)
    """

    model: object = None

    def plot(self, ax=None):
        """Coefficients with intervals; returns the Axes (:func:`timestudy.plots.regression_plot`)."""
        from timestudy.plots import regression_plot

        return regression_plot(self.table, ax=ax)


def regress_full_hours(
    worker_week: pd.DataFrame,
    *,
    min_instances: int = 30,
    nonnegative: bool = False,
    n_boot: int = 199,
    seed: int | None = 0,
    level: float = 0.95,
) -> TaskRegression:
    """Full hours per instance by regressing worker-week hours on task-instance counts.

    ``hours_worked = overhead x fte_weeks + sum_k beta_k x n_k + error``, with no
    intercept: ``overhead`` is the non-case time of an FTE-week and ``beta_k`` the
    full hours an instance of task type ``k`` brings. Task types with fewer than
    ``min_instances`` instances are pooled into ``n_other``. OLS (WLS with survey
    weights) with standard errors clustered by worker; with ``nonnegative`` the
    coefficients are constrained to be >= 0 (scipy NNLS) and the intervals come
    from a worker-cluster bootstrap.

    Parameters
    ----------
    worker_week : DataFrame
        Output of :func:`timestudy.panels.worker_week` (with ``n_<task_type>`` counts).
    min_instances : int
        Task types with fewer instances are pooled into ``other``.
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
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n_instances``; the fitted
        statsmodels result is ``.model`` (None with ``nonnegative``).

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.panels import worker_week
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> ww = worker_week(ep, s.workers)
    >>> r = regress_full_hours(ww, min_instances=10, nonnegative=True, n_boot=19)
    >>> bool((r.table["estimate"] >= 0).all()), r.model is None
    (True, True)
    >>> r.table.columns.tolist()
    ['estimate', 'se', 'ci_low', 'ci_high', 'n_instances']
    """
    ww = worker_week.loc[worker_week["fte_weeks"] > 0].reset_index(drop=True)
    counts = [c for c in ww.columns if c.startswith("n_")]
    total = ww[counts].sum()
    keep = [c for c in counts if total[c] >= min_instances]
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
    n_inst = [np.nan] + [float(X[c].sum()) for c in X.columns[1:]]
    alpha = 1 - level
    if not nonnegative:
        fit = sm.WLS(y, X, weights=w).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                          use_t=True)
        ci = fit.conf_int(alpha)
        table = pd.DataFrame({"estimate": fit.params.to_numpy(), "se": fit.bse.to_numpy(),
                              "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(),
                              "n_instances": n_inst}, index=pd.Index(names, name="term"))
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
                              "ci_high": hi, "n_instances": n_inst},
                             index=pd.Index(names, name="term"))
        model = None
    notes = (
        "Regression of each worker-week's hours worked on its counts of primary case "
        "instances, with a non-case overhead per FTE-week and no intercept.",
        f"Standard errors clustered by worker ({len(np.unique(groups))} workers)"
        + ("; coefficients constrained non-negative, bootstrap intervals." if nonnegative
           else "."),
        "A cross-check of the linked full hours: estimates for rare tasks are imprecise.",
    )
    return TaskRegression(table, "Full hours per instance by regression", notes, model)
