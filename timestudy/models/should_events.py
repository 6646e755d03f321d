"""Should by events (Loughborough/FJC): required frequency x measured time per piece.

For a case type ``k`` with recurring required pieces ``i`` (rate ``r_i`` per case-month
from the standards) the "should" hours per case-month are

``should_k = sum_i r_i * t_ik + u_k``

where ``t_ik`` is the measured full hours per piece of ``i`` on type-``k`` cases (the
piece with its travel and recording) and ``u_k`` the measured hours per case-month of
everything the standards do not list as recurring (one-off and deadline pieces, liaison,
other recording). Pieces are the primary task instances of the models (one task on one
case on one day, with its linked time): when the models carry a ``pieces`` table (time
per piece of work over several sittings), give it as ``pieces``. A piece never seen on
type ``k`` takes its time from every case type (flagged ``pooled``).

The interval comes from one worker-cluster bootstrap of all the ``t_ik`` and ``u_k``
together, so it carries the uncertainty of the time per piece.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.models.standards import work_table
from timestudy.results import Result
from timestudy.schema.standards import Standards
from timestudy.stats.bootstrap import cluster_interval, worker_draws


def case_pieces(models) -> pd.DataFrame:
    """One row per piece of work on a case: ``worker_id``, ``case_id``, ``case_type``,
    ``task_type`` and ``full_min`` (the primary units of :func:`work_table`)."""
    inst = work_table(models)
    p = inst.loc[inst["primary"] & inst["case_id"].notna() & inst["full_min"].notna(),
                 ["worker_id", "case_id", "task_type", "full_min"]]
    ctype = models.case_month.set_index("case_id")["case_type"]
    return p.assign(case_type=p["case_id"].map(ctype)).dropna(subset=["case_type"])


def _item_codes(pieces: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
    """Index of the recurring item each piece belongs to (-1: not a recurring piece)."""
    code = np.full(len(pieces), -1)
    for j, it in enumerate(items.itertuples()):
        hit = (pieces["case_type"].to_numpy() == it.case_type) & pieces["task_type"].isin(
            it.task_types).to_numpy()
        code[hit & (code < 0)] = j
    return code


@dataclass(frozen=True, repr=False)
class EventsShould(Result):
    """Should hours per case-month by events, with the pieces behind them.

    Attributes
    ----------
    table : DataFrame
        By case type: ``is_hours_per_case_month`` (measured: no task uplift),
        ``listed_hours`` (sum of rate x hours per piece), ``unlisted_hours``,
        ``should_hours_per_case_month``
        with ``_ci_low``/``_ci_high``, ``uplift`` (should / is), ``n_workers`` and
        ``note`` (from a published guide: why a figure is not computed, or which
        standard is not applied).
    items : DataFrame
        By case type and piece: ``per_case_month_required``, ``per_case_month_measured``,
        ``hours_per_piece`` with ``_ci_low``/``_ci_high``, ``n_pieces``, ``pooled``,
        ``should_hours`` (rate x hours) and ``source``.
    """

    table: pd.DataFrame
    items: pd.DataFrame
    title = "Should by events"
    notes = ("Should hours per case-month = sum over required recurring pieces of the "
             "required pieces per case-month times the measured full hours per piece, plus "
             "the measured hours of work the standards do not list. Intervals by one "
             "worker-cluster bootstrap of the times per piece.")

    def summary(self) -> pd.DataFrame:
        """Is and should hours per case-month by case type (columns as ``table``)."""
        return self.table


def _sums(pieces, cm, items, types, workers):
    """Per-worker sums: piece minutes and counts by item, unlisted minutes and case-months."""
    g = workers.get_indexer(pieces["worker_id"])
    code = _item_codes(pieces, items)
    k = types.get_indexer(pieces["case_type"])
    mins = pieces["full_min"].to_numpy(float)
    s, n = np.zeros((len(workers), len(items))), np.zeros((len(workers), len(items)))
    np.add.at(s, (g[code >= 0], code[code >= 0]), mins[code >= 0])
    np.add.at(n, (g[code >= 0], code[code >= 0]), 1.0)
    u, m = np.zeros((len(workers), len(types))), np.zeros((len(workers), len(types)))
    np.add.at(u, (g[code < 0], k[code < 0]), mins[code < 0])
    # case-months of case types the standards do not list are no listed type's (code -1,
    # which np.add.at would count to the last listed type)
    ct = types.get_indexer(cm["case_type"])
    on = ct >= 0
    np.add.at(m, (workers.get_indexer(cm["worker_id"])[on], ct[on]),
              cm["case_months"].to_numpy(float)[on])
    return s, n, u, m


def _hours_per_piece(s, n, pooled_s, pooled_n, draws):
    """Hours per piece (rows: draws then the estimate), pooled where an item has no pieces."""
    own = np.vstack([draws @ s, s.sum(0)]), np.vstack([draws @ n, n.sum(0)])
    pool = np.vstack([draws @ pooled_s, pooled_s.sum(0)]), np.vstack([draws @ pooled_n,
                                                                      pooled_n.sum(0)])
    use_pool = n.sum(0) == 0
    top = np.where(use_pool, pool[0], own[0])
    bottom = np.where(use_pool, pool[1], own[1])
    with np.errstate(all="ignore"):
        return np.where(bottom > 0, top / bottom / 60, np.nan), use_pool


def should_by_events(models, standards: Standards, *, pieces: pd.DataFrame | None = None,
                     task_uplifts: pd.Series | None = None, n_boot: int | None = None,
                     seed: int | None = None, level: float | None = None) -> EventsShould:
    """Should hours per case-month: required frequency x measured time per piece + the rest.

    ``task_uplifts`` (by task type, from a survey or a panel) scale the measured time of
    each piece of those tasks, listed or not: the standards say how often, the uplifts how
    long each piece should take. ``is_hours_per_case_month`` stays what was measured (no
    uplift), so ``uplift`` is should over measured.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.models import fit_study
    >>> from timestudy.schema.standards import read_standards
    >>> s = simulate_study(n_workers=12, weeks=4, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> ev = should_by_events(fit_study(ep, s.cases, s.workers, n_boot=49), read_standards())
    >>> bool((ev.table["should_hours_per_case_month"] > 0).all())
    True
    """
    opts = models.options
    n_boot = opts.get("n_boot", 999) if n_boot is None else n_boot
    seed = opts.get("seed", 0) if seed is None else seed
    level = opts.get("level", 0.95) if level is None else level
    pieces = measured = case_pieces(models) if pieces is None else pieces
    if task_uplifts is not None and len(task_uplifts):
        up = pieces["task_type"].map(task_uplifts).astype(float).fillna(1.0)
        pieces = pieces.assign(full_min=pieces["full_min"] * up)
    cm = models.case_month
    items = standards.items.loc[standards.items["per_case_month"].notna()
                                & standards.items["case_type"].isin(cm["case_type"])]
    items = items.reset_index(drop=True)
    types = pd.Index(sorted(set(cm["case_type"]) & set(standards.case_types)))
    workers = pd.Index(pd.unique(pd.concat([pieces["worker_id"], cm["worker_id"]])))
    s, n, u, m = _sums(pieces.loc[pieces["case_type"].isin(types)], cm, items, types, workers)
    # "is" is what was measured: the pieces before any task uplift
    s0, _, u0, _ = (_sums(measured.loc[measured["case_type"].isin(types)], cm, items, types,
                          workers) if measured is not pieces else (s, n, u, m))
    pooled_s, pooled_n = _pooled(pieces, items, workers)
    draws = worker_draws(len(workers), n_boot, seed)
    hpp, use_pool = _hours_per_piece(s, n, pooled_s, pooled_n, draws)
    rate = items["per_case_month"].to_numpy(float)
    kk = types.get_indexer(items["case_type"])
    listed = np.zeros((hpp.shape[0], len(types)))
    np.add.at(listed.T, kk, (hpp * rate).T)
    with np.errstate(all="ignore"):
        unl = np.vstack([draws @ u, u.sum(0)]) / np.vstack([draws @ m, m.sum(0)]) / 60
    total = listed + unl
    est = total[-1]
    nw = (m > 0).sum(0)
    lo, hi = cluster_interval(est, total[:-1], nw, level)
    is_h = (u0.sum(0) + s0.sum(0) @ _onehot(kk, len(types))) / m.sum(0) / 60
    table = pd.DataFrame({"is_hours_per_case_month": is_h, "listed_hours": listed[-1],
                          "unlisted_hours": unl[-1], "should_hours_per_case_month": est,
                          "should_hours_per_case_month_ci_low": lo,
                          "should_hours_per_case_month_ci_high": hi,
                          "uplift": est / is_h, "n_workers": nw, "note": ""},
                         index=pd.Index(types, name="case_type"))
    plo, phi = cluster_interval(hpp[-1], hpp[:-1], (n > 0).sum(0) + use_pool * (pooled_n > 0)
                                .sum(0), level)
    months = m.sum(0)[kk]
    out = items[["case_type", "piece", "source"]].assign(
        per_case_month_required=rate, per_case_month_measured=n.sum(0) / months,
        hours_per_piece=hpp[-1], hours_per_piece_ci_low=plo, hours_per_piece_ci_high=phi,
        n_pieces=n.sum(0).astype(int), pooled=use_pool, should_hours=rate * hpp[-1])
    return EventsShould(table, out)


def _onehot(codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((len(codes), n))
    out[np.arange(len(codes)), codes] = 1.0
    return out


def _pooled(pieces: pd.DataFrame, items: pd.DataFrame, workers: pd.Index):
    """Per-worker minutes and counts of each item's task types on any case type."""
    g = workers.get_indexer(pieces["worker_id"])
    mins = pieces["full_min"].to_numpy(float)
    s, n = np.zeros((len(workers), len(items))), np.zeros((len(workers), len(items)))
    for j, it in enumerate(items.itertuples()):
        hit = pieces["task_type"].isin(it.task_types).to_numpy()
        np.add.at(s[:, j], g[hit], mins[hit])
        np.add.at(n[:, j], g[hit], 1.0)
    return s, n
