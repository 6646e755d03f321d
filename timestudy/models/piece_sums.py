"""Time per piece of work as sums by worker and task type: the point estimate, and what each
bootstrap replicate re-weights.

:func:`piece_sums` sums a table of pieces by worker and task type once;
:func:`piece_days` turns those sums (or a replicate's re-weighted sums) into days worked
per piece with the edge rule and days missing at random allowed for
(:mod:`timestudy.panels.censoring`); :func:`task_point_estimates` is the one point
estimate of time per piece, which :func:`~timestudy.models.estimate_task_times` and
:func:`~timestudy.models.pieces_sensitivity` both report, from the sums of
:func:`counted_sums`: the pieces as time per piece counts them
(:func:`~timestudy.panels.own_pieces.pieces_as_counted`, travel and case notes over their
pieces of their own).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from timestudy.panels.censoring import (
    MIN_SHARE,
    days_axis,
    edge_days,
    expected_days,
    factor_from_means,
    flow_days,
    flow_terms,
    observed_days_distribution,
    risk_table,
    seen_weights,
)
from timestudy.panels.own_pieces import pieces_as_counted


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


#: The columns of a table of pieces that time per piece reads (:func:`counted_sums` takes only
#: these before it leaves out the rows that do not count: a copy of a few columns, not all).
READS = ("worker_id", "task_type", "n_days", "link_within_days", "left_censored",
         "right_censored", "days_followed", "days_preceded", "direct_min", "full_min",
         "attributed_min", "primary", "weight", "observed_share")


@dataclass(frozen=True)
class PieceSums:
    """A table of pieces summed by worker and task type: all time per piece is made of.

    Every array's first axis is the worker (G), so the point estimate sums it and a
    bootstrap replicate weights it by the worker's draws (:func:`task_point_estimates`,
    :func:`~timestudy.models.estimate_task_times`). Made by :func:`piece_sums`.
    """

    tasks: pd.Index
    workers: pd.Index  # (G,) in the order of the first axis
    at_risk: np.ndarray  # (G, T, K) Kaplan-Meier at risk, in days seen
    ended: np.ndarray  # (G, T, K) and ending
    flow: tuple  # (G, T) x 3 steady flow: days forward, backward over p; starts and ends
    # seen, each g(j)
    flow_seen: tuple  # (G, T) x 2 starts seen, ends seen: which directions count (flow_days)
    seen: tuple  # (G, T) x 2 days seen over p; pieces seen, each g(j) (a diary too short)
    flow_raw: tuple  # the same with p = 1 (no correction)
    seen_raw: tuple
    direct: np.ndarray  # (G, T) direct minutes
    days: np.ndarray  # (G, T) days seen
    full: np.ndarray  # (G, T) full minutes of primary pieces
    full_days: np.ndarray  # (G, T) and their days seen
    mass: np.ndarray  # (G, T) pieces seen (weighted)
    inv_share: np.ndarray  # (G, T) pieces seen over p (sums to E[1/p] over the pieces seen)
    seen_weight: np.ndarray  # (G, Tc, K) pieces seen times g(j; p), j = 1..K, corrected tasks
    lost: np.ndarray  # (G, T) days worked on the task that the diary misses (estimated)
    share: np.ndarray  # (G,) each worker's observed share of days at work
    corrected: np.ndarray  # (T,) the missing-days correction applies to the task
    n_pieces: np.ndarray  # (T,) pieces seen, unweighted


def _codes(values: pd.Series, index: pd.Index | None, sort: bool) -> tuple[np.ndarray, pd.Index]:
    """Each value's position in ``index`` (by default the values' own, in the order they
    first appear or sorted), and the index."""
    if index is None:
        codes, uniques = pd.factorize(values, sort=sort)
        return codes, pd.Index(uniques)
    return index.get_indexer(values), index


def piece_sums(pieces: pd.DataFrame, *, workers: pd.Index | None = None,
               tasks: pd.Index | None = None) -> PieceSums:
    """Sum a table of pieces by worker and task type (see :class:`PieceSums`).

    A piece's worker's ``observed_share`` (1 when the column is absent) sets its
    weights for days missing at random (:func:`~timestudy.panels.censoring.seen_weights`);
    the correction applies to task types linked over several days
    (``link_within_days`` > 0) whose workers missed a day; a one-day task is left as
    it is (a one-day piece is seen whole or not at all).

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`), or a plain table
        with ``worker_id``, ``task_type``, ``direct_min`` and ``full_min`` (the other
        columns take the defaults of a one-day piece seen whole).
    workers, tasks : Index, optional
        The workers and the task types to sum over, in their order (every one of
        ``pieces`` must be in them): a worker or task with no piece sums to 0. By default
        those of ``pieces``, the workers as they first appear, the task types sorted.

    Returns
    -------
    PieceSums

    Examples
    --------
    >>> p = pd.DataFrame({"worker_id": ["W1", "W2"], "task_type": "x", "n_days": [2, 3],
    ...     "link_within_days": 10, "direct_min": 60.0, "full_min": 60.0,
    ...     "observed_share": [1.0, 0.8]})
    >>> s = piece_sums(p)
    >>> s.direct.shape, s.share.tolist(), s.corrected.tolist()
    ((2, 1), [1.0, 0.8], [True])
    """
    p = with_piece_defaults(pieces)
    g_code, workers = _codes(p["worker_id"], workers, sort=False)
    t_code, tasks = _codes(p["task_type"], tasks, sort=True)
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
    k_max = days_axis(p["n_days"].to_numpy())
    at, ev = risk_table(p, cell, shape[0] * shape[1], k_max, w)
    fwd, bwd, starts, ends, f_seen = flow_terms(p)

    def by(value: np.ndarray, weight: np.ndarray = w) -> np.ndarray:
        return _per_worker(cell, shape, value, weight)

    gap = np.bincount(t_code, weights=linked & (share < 1), minlength=len(tasks)) > 0
    mass = by(np.ones(len(p)))
    _, g_jk = seen_weights(np.arange(1, k_max + 1)[None, :], share_g[:, None])  # (G, K)
    return PieceSums(
        tasks=pd.Index(tasks, name="task_type"), workers=pd.Index(workers),
        at_risk=at.reshape(*shape, k_max), ended=ev.reshape(*shape, k_max),
        flow=(by(fwd * day_w), by(bwd * day_w), by(f_seen * piece_w)),
        seen=(by(n_days * day_w), by(piece_w)),
        flow_raw=(by(fwd.astype(float)), by(bwd.astype(float)), by(f_seen.astype(float))),
        flow_seen=(by(starts.astype(float)), by(ends.astype(float))),
        seen_raw=(by(n_days), by(np.ones(len(p)))),
        direct=by(p["direct_min"].to_numpy(float)), days=by(n_days),
        full=by(p["full_min"].to_numpy(float), prim_w), full_days=by(n_days, prim_w),
        mass=mass, inv_share=mass / np.clip(share_g, MIN_SHARE, 1.0)[:, None],
        seen_weight=mass[:, gap, None] * g_jk[:, None, :],
        lost=by(n_days * (1 / np.clip(share, MIN_SHARE, 1.0) - 1)),
        share=share_g, corrected=gap, n_pieces=np.bincount(t_code, minlength=len(tasks)))


def counted_sums(pieces: pd.DataFrame) -> tuple[PieceSums, pd.DataFrame]:
    """Sum the pieces as time per piece counts them, over every worker and task of ``pieces``.

    The rows summed are :func:`~timestudy.panels.own_pieces.pieces_as_counted`'s (travel and
    case notes over their pieces of their own, every other task over all its pieces); the
    workers and task types are all those of ``pieces``, in the order :func:`piece_sums`
    gives them: a bootstrap draws the same workers whether or not a task gave time away,
    and a task every piece of which was claimed is there with 0 pieces.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`), or a plain table
        (:func:`piece_sums`; without ``attributed_min`` every piece counts).

    Returns
    -------
    sums : PieceSums
    counted : DataFrame
        The rows summed, their columns of :data:`READS` with the defaults of
        :func:`with_piece_defaults`; ``worker_id`` and ``task_type`` are their positions
        in ``sums.workers`` and ``sums.tasks``.

    Examples
    --------
    W1's journey of 30 minutes, claimed whole by W1's visit, and W2's day of journeys of
    70 minutes, 30 of them claimed by W2's visit:

    >>> p = pd.DataFrame({"worker_id": ["W1", "W1", "W2", "W2"],
    ...     "task_type": ["statutory_visit", "travel"] * 2,
    ...     "direct_min": [60.0, 30.0, 60.0, 70.0], "full_min": [90.0, 0.0, 90.0, 40.0],
    ...     "attributed_min": [0.0, 30.0, 0.0, 30.0], "primary": [True, False, True, True]})
    >>> s, counted = counted_sums(p)
    >>> s.n_pieces.tolist(), s.direct[:, 1].tolist()  # travel: W2's 40 minutes, W1 none
    ([2, 1], [0.0, 40.0])
    """
    p = with_piece_defaults(pieces[[c for c in pieces.columns if c in READS]])
    g_code, workers = pd.factorize(p["worker_id"])
    t_code, tasks = pd.factorize(p["task_type"], sort=True)
    # coded once: the rows that count are taken with numbers, not text, for their worker
    # and task (a smaller copy), and summed over every worker and task of ``pieces``
    counted = pieces_as_counted(p.assign(worker_id=g_code, task_type=t_code))
    s = piece_sums(counted, workers=pd.RangeIndex(len(workers)),
                   tasks=pd.RangeIndex(len(tasks)))
    return replace(s, workers=pd.Index(workers),
                   tasks=pd.Index(tasks, name="task_type")), counted


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

    Parameters
    ----------
    s : PieceSums
        From :func:`piece_sums`.
    draws : ndarray (B, G), optional
        Worker counts of each bootstrap replicate
        (:func:`~timestudy.stats.bootstrap.worker_draws`); None for the point estimate.
    correct : bool
        Allow for days missing at random (where :attr:`PieceSums.corrected`).

    Returns
    -------
    days : ndarray (T,) or (B, T)
    allowed : ndarray of bool, the same shape

    Examples
    --------
    >>> p = pd.DataFrame({"worker_id": "W1", "task_type": "x", "n_days": [1, 2, 3],
    ...     "link_within_days": 10, "direct_min": 60.0, "full_min": 60.0,
    ...     "observed_share": 0.8})
    >>> s = piece_sums(p)
    >>> [round(float(piece_days(s, correct=c)[0][0]), 4) for c in (False, True)]  # 7.5 / 3.203
    [2.0, 2.3415]
    """
    a, e = _total(s.at_risk, draws), _total(s.ended, draws)
    km = expected_days(a, e)
    correct = correct and bool(s.corrected.any())
    if correct:
        mass = _total(s.mass, draws)
        weight = np.zeros(mass.shape + (a.shape[-1],))
        weight[..., s.corrected, :] = _total(s.seen_weight, draws)
        with np.errstate(invalid="ignore", divide="ignore"):
            factor = factor_from_means(observed_days_distribution(a, e),
                                       _total(s.inv_share, draws) / mass,
                                       weight / mass[..., None])
        km = np.where(s.corrected, km * factor, km)
    flow, seen = (s.flow, s.seen) if correct else (s.flow_raw, s.seen_raw)
    # the directions that count are those with a start (an end) seen in this sample or
    # replicate: the rule of the point estimate, replicate by replicate
    num = flow_days(_total(flow[0], draws), _total(flow[1], draws),
                    _total(s.flow_seen[0], draws), _total(s.flow_seen[1], draws))
    days = edge_days(km, _ratio(num, _total(flow[2], draws)))
    ok = np.isfinite(days)
    return np.where(ok, days, _ratio(_total(seen[0], draws), _total(seen[1], draws))), ok


def task_point_estimates(s: PieceSums) -> pd.DataFrame:
    """The point estimates of time per piece by task type, from :func:`piece_sums`.

    Days worked per piece (:func:`piece_days`) times the minutes per day seen of the
    task's pieces (direct; full for pieces with full time of their own). The one
    function both :func:`~timestudy.models.estimate_task_times` and
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
