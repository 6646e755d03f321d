"""Time per piece of work by task type: direct minutes, full hours, and the regression cross-check."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from timestudy.models.piece_sums import counted_sums, piece_days, task_point_estimates
from timestudy.results import TableResult
from timestudy.stats.bootstrap import (
    cluster_interval,
    median_draws,
    percentile_interval,
    ratio_draws,
    weighted_median,
    worker_draws,
)
from timestudy.stats.least_squares import wls_fit
from timestudy.stats.sandwich import linear_cluster_parts, robust_fit


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
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import estimate_task_times
    >>> from timestudy.panels import pieces_of_work
    >>> s = example_study()
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

    Travel and case notes attributed to a piece of work are in its full hours: a task
    whose pieces gave time to others (``attributed_min`` > 0) is counted over its pieces
    of their own, each with the minutes no other piece took
    (:func:`~timestudy.panels.own_pieces.pieces_as_counted`); a task every piece of which
    was claimed has 0 pieces and no time per piece. Without ``attributed_min`` every
    piece counts.

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
        Table indexed by ``task_type`` (every task of ``pieces``) with ``category``,
        ``n_pieces`` (the pieces counted), ``n_workers`` (every worker who recorded the
        task, claimed or not), ``n_censored`` (pieces cut by an edge of the diary),
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
    >>> import pandas as pd
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import estimate_task_times
    >>> from timestudy.panels import pieces_of_work
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> tt = estimate_task_times(pieces_of_work(ep), n_boot=99)
    >>> bool(tt.table.loc["statutory_visit", "direct_min"] > 30)
    True

    Three 60-minute visits, each claiming a 30-minute journey, and a 20-minute journey no
    piece claims: travel is 1 piece of 20 minutes, the visits 1.5 full hours each.

    >>> p = pd.DataFrame({"worker_id": ["W1", "W2"] * 3 + ["W1"],
    ...     "task_type": ["statutory_visit"] * 3 + ["travel"] * 4,
    ...     "category": ["direct_work"] * 3 + ["travel"] * 4,
    ...     "direct_min": [60.0] * 3 + [30.0] * 3 + [20.0],
    ...     "full_min": [90.0] * 3 + [0.0] * 3 + [20.0],
    ...     "attributed_min": [0.0] * 3 + [30.0] * 3 + [0.0],
    ...     "primary": [True] * 3 + [False] * 3 + [True]})
    >>> t = estimate_task_times(p, n_boot=19).table
    >>> int(t.loc["travel", "n_pieces"]), int(t.loc["travel", "n_workers"])
    (1, 2)
    >>> float(t.loc["travel", "direct_min"])
    20.0
    >>> float(t.loc["statutory_visit", "full_hours"])
    1.5
    """
    s, p = counted_sums(pieces)  # travel and notes over their pieces of their own
    g_code, t_code = p["worker_id"].to_numpy(), p["task_type"].to_numpy()
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
    # pieces with full time, counted by task code (not a copy of every column to count them)
    prim = p["primary"].to_numpy(bool) & (t_code >= 0)
    med, m_lo, m_hi = _medians(p, g_code, t_code, len(tasks), draws, level)
    censored = (p["left_censored"] | p["right_censored"]).to_numpy(bool) & (t_code >= 0)
    by = pieces.groupby("task_type")  # what every piece recorded: the task's workers
    table = pd.DataFrame(
        {
            "category": by["category"].first().reindex(tasks).to_numpy(),
            "n_pieces": s.n_pieces,
            "n_workers": by["worker_id"].nunique().reindex(tasks).to_numpy(),
            "n_censored": np.bincount(t_code[censored], minlength=len(tasks)),
            # a task with no piece (all claimed by others) has no edge to allow for
            "edges_allowed_for": point["edges_allowed_for"].to_numpy() | (s.n_pieces == 0),
            "missing_factor": point["missing_factor"].to_numpy(),
            "sittings_lost": point["sittings_lost"].to_numpy(),
            "sittings_per_piece": days, "sittings_per_piece_ci_low": s_lo,
            "sittings_per_piece_ci_high": s_hi,
            "direct_min": direct, "direct_min_ci_low": d_lo, "direct_min_ci_high": d_hi,
            "direct_min_median": med, "direct_min_median_ci_low": m_lo,
            "direct_min_median_ci_high": m_hi,
            "n_primary": np.bincount(t_code[prim], minlength=len(tasks)),
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
        "Travel and case notes count over their pieces of their own (what no piece claims), "
        "each with the minutes no other piece took: what a piece claims is in its full "
        "hours, not counted again as a piece of travel or notes.",
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
        The fitted statsmodels ``WLS`` regression (None for the non-negative fit),
        made when first asked for: the table's coefficients are
        :func:`timestudy.stats.least_squares.wls_fit`'s, which equal statsmodels' to
        the bit, and its covariance is the homoscedastic one, not the table's CR2.
    design : tuple of (DataFrame, Series, Series) or None
        The design matrix, response and weights the regression was fitted to.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import regress_full_hours
    >>> from timestudy.panels import worker_week
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> r = regress_full_hours(worker_week(ep, s.workers))
    >>> r.table.index[0], r.table.columns.tolist()
    ('overhead_per_fte_week', ['estimate', 'se', 'ci_low', 'ci_high', 'n_pieces'])
    """

    design: tuple | None = field(default=None, repr=False, compare=False)

    @cached_property
    def model(self):
        """The statsmodels ``WLS`` fit of :attr:`design` (statsmodels imported only here)."""
        if self.design is None:
            return None
        from statsmodels.regression.linear_model import WLS

        X, y, w = self.design
        return WLS(y, X, weights=w).fit()

    def plot(self, ax=None):
        """Coefficients with intervals; returns the Axes (:func:`timestudy.plots.regression_plot`)."""
        from timestudy.plots import regression_plot

        return regression_plot(self.table, ax=ax)


def regress_full_hours(
    worker_week: pd.DataFrame,
    *,
    min_pieces: int = 30,
    hours: Literal["case", "worked"] = "case",
    nonnegative: bool = False,
    n_boot: int = 199,
    seed: int | None = 0,
    level: float = 0.95,
) -> TaskRegression:
    """Full hours per piece of work by regressing worker-week case hours on counts of pieces.

    ``hours_case = overhead x fte_weeks + sum_k beta_k x n_k + error``, with no
    intercept: ``beta_k`` is the full hours a piece of task type ``k`` brings and
    ``overhead`` the case hours of an FTE-week that the counts do not explain (near 0:
    every minute of case time is in some piece's full time). ``n_k`` counts the
    pieces in the week: 1 for a piece of a task done in one day; for one linked over
    several days its days seen over its task's days per piece, the days per piece of
    the task times (the diary's edges and days missing at random allowed for), spread
    over the weeks it spans (:func:`timestudy.panels.week_counts.regression_counts`).

    The outcome is case hours, not hours worked, because non-case time gives way to
    case work: a busy week has less time for admin, so hours worked grow by less than
    the full hours of the pieces that fill the week (on the held-out generator, whose
    days are filled up with admin, visits and written work came out 28-48% short that way).
    ``hours="worked"`` regresses ``hours_worked`` instead (``overhead`` is then the
    non-case time of an FTE-week): the extra hours a piece adds to the week.

    Task types with fewer than
    ``min_pieces`` pieces recorded (not weighted) are pooled into ``n_other``. OLS (WLS with survey
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
    hours : {"case", "worked"}
        The outcome: ``hours_case`` (default) or ``hours_worked``.
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
        statsmodels result is ``.model`` (None with ``nonnegative``), made when
        first asked for: its own covariance is the homoscedastic one, not the
        table's CR2.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import regress_full_hours
    >>> from timestudy.panels import worker_week
    >>> s = example_study()
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
    # the pieces recorded, not weighted: whether a task has pieces enough for a term of its
    # own is a question of the sample (weights all 2, or all 0.5, fit the same model)
    total = ww[counts].sum()
    keep = [c for c in counts if total[c] >= min_pieces]
    other = [c for c in counts if c not in keep]
    X = ww[keep].astype(float)
    if other:
        X["n_other"] = ww[other].sum(axis=1).astype(float)
    X.insert(0, "fte_weeks", ww["fte_weeks"].astype(float))
    if len(X) <= X.shape[1] or ww["worker_id"].nunique() < 2:
        raise ValueError(f"{len(X)} worker-weeks from {ww['worker_id'].nunique()} workers "
                         f"cannot fit {X.shape[1]} terms")
    if hours not in ("case", "worked"):
        raise ValueError(f"hours={hours!r}: use 'case' (case hours) or 'worked' (hours worked)")
    y = ww[f"hours_{hours}"].astype(float)
    w = ww["weight"].astype(float) if "weight" in ww else pd.Series(1.0, index=ww.index)
    groups = pd.factorize(ww["worker_id"])[0]
    names = ["overhead_per_fte_week"] + [c[2:] for c in X.columns[1:]]
    n_pieces = [np.nan] + [float(X[c].sum()) for c in X.columns[1:]]
    if not nonnegative:
        coef = wls_fit(X.to_numpy(), y.to_numpy(), w.to_numpy()).coef
        rob = robust_fit(linear_cluster_parts(X.to_numpy(), y.to_numpy(), w.to_numpy(), groups,
                                              coef), coef, kind="CR2")
        ci = rob.conf_int(coef, level)
        table = pd.DataFrame({"estimate": coef, "se": rob.se,
                              "ci_low": ci[:, 0], "ci_high": ci[:, 1],
                              "n_pieces": n_pieces}, index=pd.Index(names, name="term"))
        design = (X, y, w)
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
        design = None
    notes = (
        (f"Regression of each worker-week's {'case hours' if hours == 'case' else 'hours worked'} "
         "on its counts of pieces of case work, with a term per FTE-week and no intercept. "
         "A piece done in one day counts 1 in its week; one linked over several days its "
         "days seen over its task's days per piece (the task times' days per piece, the "
         "diary's edges and days missing at random allowed for), spread over its weeks."),
        f"Standard errors clustered by worker ({len(np.unique(groups))} workers)"
        + ("; coefficients constrained non-negative, bootstrap intervals." if nonnegative
           else ": CR2 (Bell-McCaffrey) with Satterthwaite degrees of freedom, the "
                "small-sample correction the complexity model uses."),
        "A cross-check of the full hours by attribution: estimates for rare tasks are "
        "imprecise.",
    )
    return TaskRegression(table, "Full hours per piece of work by regression", notes, design)
