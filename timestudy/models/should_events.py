"""Should by events (Loughborough/FJC): required frequency x measured time per piece.

A practice standard is a **minimum** ("seen at least every 10 working days"), so the
rate a piece counts at is never below the rate measured. For a case type ``k`` with
recurring required pieces ``i`` (rate ``r_i`` per case-month from the standards, measured
rate ``n_ik / m_k``: pieces of ``i`` on type-``k`` cases over their case-months) the
"should" hours per case-month are

``should_k = sum_i max(n_ik / m_k, r_i) * t_ik + u_k``

``        = is_k + sum_i max(0, r_i - n_ik / m_k) * t_ik``

where ``t_ik = s_ik / n_ik`` is the measured full hours per piece of ``i`` on type-``k``
cases (the piece with its travel and recording) and ``u_k`` the measured hours per
case-month of everything the standards do not list as recurring (one-off and deadline
pieces, liaison, other recording). The second line is the same figure: the measured time
of every piece, each minute once (``max(n/m, r) * s/n = s/m`` when the workers already do
the piece as often as the standard or more), plus the time of the occasions short of the
standard (``added_hours``). So pieces done more often than the standard asks, and first
occasions a schedule leaves out (an initial visit, a first review), stay in; should is
never below what was measured (without task uplifts below 1). The alternative, each
case's own missed occasions, was not taken: over a diary shorter than a piece's interval
(a six-weekly visit in a four-week diary) no case owes one, so a standard nobody meets
would add nothing; the rate per case-month carries the standard over any diary length.

Pieces are the primary task instances of the models (one task on one case on one day,
with its linked time): when the models carry a ``pieces`` table (time per piece of work
over several sittings), give it as ``pieces``. A piece never seen on type ``k`` takes its
time from every case type (flagged ``pooled``; its measured rate is 0).

**"Is" is the guide's figure.** The measured hours per case-month ``is_k`` are the guide's
(the ratio of :func:`~timestudy.panels.case_month`'s hours over its case-months, the
models' case weights, or a published guide's ``hours_per_case_month``), not the pieces'
own sum: the case hours scale a colleague's work on a case by its holder's observed share
over the colleague's own and leave out work outside the holder's window
(:mod:`timestudy.panels.cases`), which the pieces' minutes do not. Should is that figure
plus the time of the occasions short of the standard and what chosen task uplifts add
(``should_k = is_k + added_k + task_uplift_k``), so with nothing added the uplift is
exactly 1; ``unlisted_hours`` is the rest of should after the listed pieces. Times per
piece and rates stay the pieces' own (what one piece took, how often it was done).

The interval comes from one worker-cluster bootstrap: each replicate redraws the workers
and recomputes the measured rate, the time per piece, the shortfall and the unlisted
hours from the same draw, so it is the interval of this figure; each replicate's measured
part is scaled by the guide's figure over the pieces' sum, so the interval is about it. A replicate with no piece
of an item of its own takes that item's pooled time per piece, as the estimate does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.models.standards import work_table
from timestudy.panels.exposure import case_month_days
from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS
from timestudy.results import Result
from timestudy.schema.standards import Standards
from timestudy.stats.bootstrap import cluster_interval, worker_draws


def study_month_days(models) -> float:
    """Working days in the study's case-month: 21.07 with England and Wales' 8 bank
    holidays a year, the study's own number otherwise (as its days were counted with,
    :func:`~timestudy.panels.exposure.case_month_days`; for models without their days,
    the usual number of the bank holiday list they were read with).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> days = pd.DataFrame({"worker_id": ["W1"], "holidays_a_year": [10.0]})
    >>> round(study_month_days(SimpleNamespace(days=days, options={})), 4)
    20.9077
    """
    which = (getattr(models, "options", None) or {}).get("diary", {}).get(
        "holidays", DEFAULT_BANK_HOLIDAYS)
    return case_month_days(getattr(models, "days", None), which)


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
        By case type: ``is_hours_per_case_month`` (measured, no task uplift: the guide's
        hours per case-month), ``listed_hours`` (sum of the rate applied x hours per
        piece), ``unlisted_hours`` (the rest of should: the measured hours less the listed
        pieces' own time),
        ``added_hours`` (the time of the occasions short of the standards, in
        ``listed_hours``), ``task_uplift_hours`` (the chosen task uplifts on the time
        measured: its pieces' longer times; 0 without them), so that is + added + task
        uplift = should; ``should_hours_per_case_month``
        with ``_ci_low``/``_ci_high``, ``uplift`` (should / is), ``n_workers`` and
        ``note`` (from a published guide: why a figure is not computed, or which
        standard is not applied).
    items : DataFrame
        By case type and piece: ``per_case_month_required``, ``per_case_month_measured``,
        ``per_case_month_applied`` (the larger of the two: a standard is a minimum),
        ``hours_per_piece`` with ``_ci_low``/``_ci_high``, ``n_pieces``, ``pooled``,
        ``should_hours`` (rate applied x hours), ``added_hours`` (rate short of the
        standard x hours) and ``source``.
    """

    table: pd.DataFrame
    items: pd.DataFrame
    title = "Should by events"
    notes = ("Should hours per case-month = sum over required recurring pieces of the "
             "pieces per case-month (the standard's rate, or the measured rate where workers "
             "already do the piece more often: a standard is a minimum) times the measured "
             "full hours per piece, plus the measured hours of work the standards do not "
             "list: the measured hours plus the time of the occasions short of the "
             "standard, each minute counted once, so never below what was measured. "
             "is_hours (the guide's hours per case-month: a colleague's cover scaled by "
             "the holder's observed share, as there) + added_hours (the occasions short "
             "of the standard) + "
             "task_uplift_hours (chosen task uplifts on the time measured) = should hours. "
             "Intervals by one worker-cluster bootstrap of the rates and times per piece.")

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


def _replicates(x: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Column sums of per-worker ``x`` in each bootstrap draw, then the estimate's."""
    return np.vstack([draws @ x, x.sum(0)])


def _listed(s, n, months, pooled_s, pooled_n, rate, draws, minimum: bool = True):
    """Hours per piece, rate applied and listed hours per case-month of each item (rows:
    draws then the estimate), and which items are pooled.

    In each row the time per piece is the item's own (``s / n``), or its pooled time where
    the row holds no piece of its own; the rate applied is the larger of the measured
    (``n / months``) and the standard's (``minimum``; else the standard's rate itself);
    listed hours are their product, in minutes / 60.
    """
    S, N, M = _replicates(s, draws), _replicates(n, draws), _replicates(months, draws)
    PS, PN = _replicates(pooled_s, draws), _replicates(pooled_n, draws)
    with np.errstate(all="ignore"):
        hpp = np.where(N > 0, S / N, np.where(PN > 0, PS / PN, np.nan)) / 60
        measured = np.where(M > 0, N / M, np.nan)  # no case-months: no rate
        applied = np.maximum(measured, rate) if minimum else np.where(M > 0, rate, np.nan)
    return hpp, applied, applied * hpp, n.sum(0) == 0


def should_by_events(models, standards: Standards, *, pieces: pd.DataFrame | None = None,
                     task_uplifts: pd.Series | None = None, n_boot: int | None = None,
                     seed: int | None = None, level: float | None = None,
                     minimum: bool = True, is_hours: pd.Series | None = None
                     ) -> EventsShould:
    """Should hours per case-month: each required piece at least as often as the standard
    asks, times its measured time per piece, plus the rest of the measured time.

    A piece counts at the larger of its measured rate and the standard's (a standard is
    a minimum), so should = measured + the time of the occasions short of the standard
    (``added_hours``) and is never below what was measured (see the module's notes).
    ``task_uplifts`` (by task type, from a survey or a panel) scale the measured time of
    each piece of those tasks, listed or not: the standards say how often, the uplifts how
    long each piece should take. ``is_hours_per_case_month`` stays what was measured (no
    uplift), so ``uplift`` is should over measured.

    Parameters
    ----------
    models : StudyModels
        Output of :func:`timestudy.models.fit_study` (``case_month``, its units of work).
    standards : Standards
        Practice standards (:func:`timestudy.schema.standards.read_standards`); only
        pieces with a steady rate (``every``) count.
    pieces : DataFrame, optional
        Pieces of work (:func:`case_pieces`), default the models'.
    task_uplifts : Series, optional
        Factor by task type on the time of each piece.
    n_boot, seed, level
        Bootstrap settings (default: those the models were fitted with).
    minimum : bool
        The standards' rates are minimums (default): a piece done more often keeps its
        measured rate. False takes each rate as the rate itself (a Delphi panel's
        frequencies: the experts' whole rate), so should can be below what was measured;
        ``added_hours`` is then negative there and the items show both rates.
    is_hours : Series, optional
        The measured hours per case-month by case type that should adds to: a guide's
        ``case_types["hours_per_case_month"]`` (default: the models' case weights, the
        figure the guide publishes; see the module's notes).

    Returns
    -------
    EventsShould
        ``table`` by case type and ``items`` by case type and piece.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> from timestudy.schema.standards import read_standards
    >>> ev = should_by_events(example_run().models, read_standards())
    >>> t = ev.table
    >>> bool((t["should_hours_per_case_month"] >= t["is_hours_per_case_month"]).all())
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
    standards = standards.in_case_month(study_month_days(models))  # working days: the study's
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
    rate = items["per_case_month"].to_numpy(float)
    kk = types.get_indexer(items["case_type"])
    hpp, applied, item_h, use_pool = _listed(s, n, m[:, kk], pooled_s, pooled_n, rate, draws,
                                             minimum)
    # a piece done on no case in the diary has no time per piece: not applied (its measured
    # time, none, kept), so the figure is the other pieces' and the rest, the piece named
    never = pooled_n.sum(0) == 0
    item_h[:, never] = np.where(np.isnan(applied[:, never]), np.nan, 0.0)
    applied[:, never] = item_h[:, never]
    listed = np.zeros((hpp.shape[0], len(types)))
    np.add.at(listed.T, kk, item_h.T)
    with np.errstate(all="ignore"):
        m_rep = _replicates(m, draws)
        unl = np.where(m_rep > 0, _replicates(u, draws) / m_rep, np.nan) / 60
        # listed less measured: the occasions short of the standard x hours per piece
        months = m[:, kk].sum(0)  # as _listed sums them: its measured rate, bit for bit
        added_item = np.where(applied[-1] == n.sum(0) / months, 0.0,  # measured rate kept
                              item_h[-1] - s.sum(0) / months / 60)
        # the pieces' own measured hours per case-month (before any task uplift), by draw
        own = np.where(m_rep > 0, _replicates(u0 + s0 @ _onehot(kk, len(types)), draws)
                       / m_rep, np.nan) / 60
    added = np.bincount(kk, added_item, len(types))
    table = _table(listed, unl, own, added,
                   measured is not pieces, _guide_is_of(is_hours, models, types),
                   (m > 0).sum(0), level).assign(note=never_done(items, never, types))
    table.index = pd.Index(types, name="case_type")
    plo, phi = cluster_interval(hpp[-1], hpp[:-1], (n > 0).sum(0) + use_pool * (pooled_n > 0)
                                .sum(0), level)
    out = items[["case_type", "piece", "source"]].assign(
        per_case_month_required=rate, per_case_month_measured=n.sum(0) / months,
        per_case_month_applied=applied[-1], hours_per_piece=hpp[-1],
        hours_per_piece_ci_low=plo, hours_per_piece_ci_high=phi,
        n_pieces=n.sum(0).astype(int), pooled=use_pool & ~never, should_hours=item_h[-1],
        added_hours=added_item)
    return EventsShould(table, out)


def _guide_is_of(is_hours, models, types: pd.Index) -> np.ndarray | None:
    """The "is" hours per case-month of each type: ``is_hours`` when given, else the models'
    case weights; None for models without case weights (pieces alone, made by hand), which
    keep the pieces' own sum.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> _guide_is_of(pd.Series({"CLA": 30.558}), SimpleNamespace(), pd.Index(["CLA"])).tolist()
    [30.558]
    >>> _guide_is_of(None, SimpleNamespace(), pd.Index(["CLA"])) is None
    True
    """
    if is_hours is None:
        cw = getattr(getattr(models, "case_weights", None), "table", None)
        is_hours = cw["hours_per_case_month"] if isinstance(cw, pd.DataFrame) else None
    return None if is_hours is None else pd.Series(is_hours, dtype=float).reindex(
        types).to_numpy(float)


def _table(listed, unl, is_rep, added, uplifted: bool, is_h, nw, level) -> pd.DataFrame:
    """The table by case type (rows of ``listed``, ``unl``, ``is_rep``: draws then the
    estimate): should is the "is" figure ``is_h`` (the pieces' own where None) plus
    ``added`` and the task uplifts' part; each draw's measured part is scaled by ``is_h``
    over the pieces' own, so the interval is about the guide's figure.

    Examples
    --------
    Pieces' measured 31.61 h, the guide's 30.56 (cover scaled), nothing added:

    >>> one = lambda v: np.array([[v], [v]])
    >>> t = _table(one(2.34), one(29.27), one(31.61), np.zeros(1), False, np.array([30.56]),
    ...            np.array([1]), 0.95)
    >>> t[["is_hours_per_case_month", "should_hours_per_case_month", "uplift"]].iloc[0].tolist()
    [30.56, 30.56, 1.0]
    """
    total = listed + unl
    own = is_rep[-1]
    with np.errstate(all="ignore"):
        scale = np.ones(len(own)) if is_h is None else np.where(own > 0, is_h / own, 1.0)
    is_h = own if is_h is None else is_h
    # no task uplift: none, exactly (else what it adds beyond the measured and the added)
    tu = total[-1] - own - added if uplifted else np.zeros(len(own))
    est = is_h + added + tu
    lo, hi = cluster_interval(est, (total - is_rep + scale * is_rep)[:-1], nw, level)
    with np.errstate(all="ignore"):
        return pd.DataFrame({"is_hours_per_case_month": is_h, "listed_hours": listed[-1],
                             "unlisted_hours": est - listed[-1], "added_hours": added,
                             "task_uplift_hours": tu, "should_hours_per_case_month": est,
                             "should_hours_per_case_month_ci_low": lo,
                             "should_hours_per_case_month_ci_high": hi,
                             "uplift": est / is_h, "n_workers": nw})


def never_done(items: pd.DataFrame, never: np.ndarray, types: pd.Index) -> list[str]:
    """Each case type's note naming the required pieces done on no case in the diary: with
    no time per piece they are not applied, and how to price them.

    Examples
    --------
    >>> items = pd.DataFrame({"case_type": ["CLA", "CLA", "CP"],
    ...                       "piece": ["visit", "cla_review", "core_group"]})
    >>> notes = never_done(items, np.array([False, True, True]), pd.Index(["CIN", "CLA", "CP"]))
    >>> notes[0], notes[1][:69]
    ('', 'standard for cla_review not applied: done on no case in the diary, so')
    """
    out = []
    for k in types:  # a handful of case types
        names = items.loc[never & (items["case_type"] == k).to_numpy(), "piece"].tolist()
        out.append(f"standard for {', '.join(names)} not applied: done on no case in the "
                   "diary, so no time per piece to price it (its should hours are the other "
                   "pieces' and the measured time: a diary recording it, or a Delphi panel's "
                   f"hours per case-month for {k}, prices it)" if names else "")
    return out


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
