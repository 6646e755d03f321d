"""Case weights: hours per case-month by the ratio and event-based estimators."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.models.piece_sums import with_piece_defaults
from timestudy.results import TableResult
from timestudy.stats.bootstrap import cluster_interval, ratio_draws, worker_draws


def _n_cases(cm: pd.DataFrame, by: str, groups: pd.Index) -> np.ndarray:
    """Cases of each group, a case listed once per period (a transfer, a step-up) counted
    once in a group its periods share (``case_listed_as``), as in the guide's number of
    cases; a table with no case ids counts its rows.

    Examples
    --------
    >>> cm = pd.DataFrame({"case_id": ["T#1", "T#2", "U#1", "U#2"],
    ...     "case_listed_as": ["T", "T", "U", "U"], "case_type": ["CIN", "CIN", "CIN", "CP"]})
    >>> _n_cases(cm, "case_type", pd.Index(["CIN", "CP"])).tolist()
    [2, 1]
    """
    key = next((c for c in ("case_listed_as", "case_id") if c in cm), None)
    count = cm.groupby(by)[key].nunique() if key else cm.groupby(by).size()
    return count.reindex(groups).to_numpy()


def _sums_by(frame: pd.DataFrame, values: np.ndarray, rows: pd.Index, row_col: str,
             cols: pd.Index, col_col: str) -> np.ndarray:
    return _add_at((len(rows), len(cols)), rows.get_indexer(frame[row_col]),
                   cols.get_indexer(frame[col_col]), values)


def _add_at(shape: tuple[int, int], rows: np.ndarray, cols: np.ndarray, values: np.ndarray
            ) -> np.ndarray:
    out = np.zeros(shape)
    np.add.at(out, (rows, cols), values)
    return out


def default_reference(case_types: pd.Index) -> str:
    """The reference case type: CIN when present, else the first in order.

    Parameters
    ----------
    case_types : Index
        The case types with case-months.

    Returns
    -------
    str
        The reference type.

    Raises
    ------
    TimestudyError
        When there is no case type at all: no case has case-months (no case's holder kept
        a diary on a day it was open), so there is nothing to weigh.

    Examples
    --------
    >>> default_reference(pd.Index(["CLA", "CIN"])), default_reference(pd.Index(["CP", "CLA"]))
    ('CIN', 'CP')
    >>> default_reference(pd.Index([]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    timestudy.errors.TimestudyError: no case has case-months in the diary period...
    """
    if not len(case_types):
        raise TimestudyError(
            "no case has case-months in the diary period, so there are no hours per "
            "case-month to weigh: no case of the cases table is held by a worker who kept a "
            "diary on a day it was open. Check the cases table's holder column (worker_id, "
            "each holder spelt as the workers table spells the worker) and its opened and "
            "closed dates")
    return "CIN" if "CIN" in case_types else str(case_types[0])


@dataclass(frozen=True, repr=False)
class CaseWeights(TableResult):
    """Hours per case-month by case type, ratio and event-based, with relative weights.

    Made by :func:`estimate_case_weights`.

    Attributes
    ----------
    table : DataFrame
        By case type: ``hours_per_case_month`` (with intervals), the event-based
        figures, ``relative_weight`` and counts.
    title : str
    notes : tuple of str
        Method and caveats.
    reference : str
        The case type whose relative weight is 1.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.models import estimate_case_weights
    >>> cm = pd.DataFrame({"case_id": ["a", "b", "c"], "case_type": ["CIN", "CP", "CP"],
    ...     "worker_id": ["W1", "W1", "W2"], "case_months": [1.0, 1.0, 0.5],
    ...     "hours": [6.0, 12.0, 9.0], "weight": [1.0, 1.0, 1.0]})
    >>> inst = pd.DataFrame({"worker_id": ["W1"], "case_id": ["b"], "task_type": ["visit"],
    ...     "full_min": [120.0], "primary": [True], "weight": [1.0]})
    >>> cw = estimate_case_weights(cm, inst, n_boot=9)
    >>> cw.reference, cw.table["relative_weight"].round(3).tolist()
    ('CIN', [1.0, 2.333])
    """

    reference: str = ""

    def plot(self, ax=None):
        """Ratio and event-based hours per case-month with intervals; returns the Axes.

        See :func:`timestudy.plots.ratio_event_plot`.
        """
        from timestudy.plots import ratio_event_plot

        return ratio_event_plot(self.table, ax=ax)


def estimate_case_weights(
    case_month: pd.DataFrame,
    pieces: pd.DataFrame,
    *,
    by: str = "case_type",
    reference: str | None = None,
    n_boot: int = 999,
    seed: int | None = 0,
    level: float = 0.95,
) -> CaseWeights:
    """Hours per case-month by case type: ratio and event-based estimators.

    The *ratio* estimator divides the hours spent on cases of a type by their
    case-months of exposure. The *event-based* estimator sums, over task types,
    the pieces of work per case-month on cases of that type times the full
    hours per piece pooled over all case types (frequency x time per piece; a
    piece of writing cut by the diary's edges counts in part, by its
    ``piece_equivalent``).
    Both get intervals from one vectorised worker-cluster bootstrap (workers
    resampled with replacement, the same replicates for both), on the log scale
    with a t reference on the number of workers holding the type
    (:func:`~timestudy.stats.bootstrap.cluster_interval`).

    Parameters
    ----------
    case_month : DataFrame
        Output of :func:`timestudy.panels.case_month`.
    pieces : DataFrame
        Output of :func:`timestudy.panels.pieces_of_work`.
    by : str
        Column of ``case_month`` grouping the cases (default ``case_type``).
    reference : str, optional
        Group the relative weights are against (CIN by default).

    Returns
    -------
    CaseWeights
        Table indexed by group: ``n_cases``, ``n_workers``, ``case_months``,
        ``hours_per_case_month`` (ratio) with ``_ci_low``/``_ci_high``,
        ``event_hours_per_case_month`` with its interval, ``relative_weight``
        with its interval.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.models import estimate_case_weights
    >>> cm = pd.DataFrame({"case_id": ["a", "b", "c"], "case_type": ["CIN", "CP", "CP"],
    ...     "worker_id": ["W1", "W1", "W2"], "case_months": [1.0, 1.0, 0.5],
    ...     "hours": [6.0, 12.0, 9.0], "weight": 1.0})
    >>> pieces = pd.DataFrame({"worker_id": ["W1"], "case_id": ["b"], "task_type": ["visit"],
    ...     "full_min": [120.0]})
    >>> estimate_case_weights(cm, pieces, n_boot=9).table["hours_per_case_month"].tolist()
    [6.0, 14.0]
    """
    cm = case_month.reset_index(drop=True)
    said = outside_open_said(cm)
    if said:  # counted in the hours, as the rule says, but said (audit25j J_ddmm)
        warnings.warn(said, DataQualityWarning, stacklevel=2)
    if cm[by].isna().any():  # else get_indexer's -1 would count them to the last group
        raise ValueError(f"{int(cm[by].isna().sum())} case(s) of the case-month table have no "
                         f"{by!r}: give each case one, or leave those cases out, before "
                         "weighting case types")
    groups = pd.Index(sorted(cm[by].unique()))
    reference = reference or default_reference(groups)
    if reference not in groups:
        raise ValueError(f"reference {reference!r} is not one of the {by} values {list(groups)}")
    workers = pd.Index(cm["worker_id"].unique())
    w = cm["weight"].to_numpy(float) if "weight" in cm else np.ones(len(cm))
    num = _sums_by(cm, cm["hours"].to_numpy(float) * w, workers, "worker_id", groups, by)
    den = _sums_by(cm, cm["case_months"].to_numpy(float) * w, workers, "worker_id", groups, by)
    draws = worker_draws(len(workers), n_boot, seed)
    ratio = num.sum(0) / den.sum(0)
    ratio_b = ratio_draws(num, den, draws)

    ev, ev_b = _event_based(cm, pieces, by, groups, workers, den, draws)
    ref = groups.get_loc(reference)
    rel_b = ratio_b / ratio_b[:, [ref]]
    holders = (den > 0).sum(0)
    r_lo, r_hi = cluster_interval(ratio, ratio_b, holders, level)
    e_lo, e_hi = cluster_interval(ev, ev_b, holders, level)
    w_lo, w_hi = cluster_interval(ratio / ratio[ref], rel_b, np.minimum(holders, holders[ref]),
                                  level)
    w_lo[ref] = w_hi[ref] = 1.0
    table = pd.DataFrame(
        {
            "n_cases": _n_cases(cm, by, groups),
            "n_workers": cm.groupby(by)["worker_id"].nunique().reindex(groups).to_numpy(),
            "case_months": den.sum(0),
            "hours_per_case_month": ratio,
            "hours_per_case_month_ci_low": r_lo,
            "hours_per_case_month_ci_high": r_hi,
            "event_hours_per_case_month": ev,
            "event_hours_per_case_month_ci_low": e_lo,
            "event_hours_per_case_month_ci_high": e_hi,
            "relative_weight": ratio / ratio[ref],
            "relative_weight_ci_low": w_lo,
            "relative_weight_ci_high": w_hi,
        },
        index=pd.Index(groups, name=by),
    )
    notes = (
        "Ratio: hours on cases of the type / their case-months open in the diary period "
        "(a case-month is 21.07 working days with 8 bank holidays a year, 20.91 with 10; "
        "bank holidays and the holder's absence out, except spells of absence covered).",
        "Event-based: sum over task types of pieces of work per case-month x full hours "
        "per piece pooled over case types.",
        f"Relative weight against {reference}. {int(level * 100)}% intervals from {n_boot} "
        f"resamples of {len(workers)} workers (log scale, t reference on the workers holding "
        "each type: none with fewer than 3).",
    )
    return CaseWeights(table, "Hours per case-month by case type", notes, reference)


def outside_open_said(cm: pd.DataFrame) -> str | None:
    """The warning on work before a case opened or after it closed (``hours_outside_open`` of
    :func:`timestudy.panels.case_month`): counted in the case's hours, not in its case-months,
    so a wrong opening date raises its hours per case-month. None when there is none.

    Examples
    --------
    >>> cm = pd.DataFrame({"case_id": ["a", "b", "c"], "hours_outside_open": [15.0, 0.0, 0.0]})
    >>> print(outside_open_said(cm))
    15.0 h of work on 1 case fall before the case opened or after it closed: counted in their hours, not their case-months; if the opening date is the plan's start rather than the allocation, correct the cases table's opened/closed
    """
    if "hours_outside_open" not in cm:
        return None
    hours = cm["hours_outside_open"].to_numpy(float)
    some = hours > 0
    if not some.any():
        return None
    key = "case_listed_as" if "case_listed_as" in cm else "case_id"  # a case re-opened: once
    n = int(cm.loc[some, key].nunique())
    cases = "1 case" if n == 1 else f"{n:,} cases"
    return (f"{hours[some].sum():,.1f} h of work on {cases} fall before the case opened or "
            "after it closed: counted in their hours, not their case-months; if the opening "
            "date is the plan's start rather than the allocation, correct the cases table's "
            "opened/closed")


def _event_based(cm: pd.DataFrame, pieces: pd.DataFrame, by: str, groups: pd.Index,
                 workers: pd.Index, den: np.ndarray, draws: np.ndarray):
    """Event-based hours per case-month and their replicates: pieces with full time on the
    cases, each counted for the case's holder and group by its piece-equivalent."""
    case_info = cm.set_index("case_id")[[by, "worker_id"]]
    pieces = with_piece_defaults(pieces)
    # by integer codes: each piece's case looked up once, not text ids mapped and joined
    at = case_info.index.get_indexer(pieces["case_id"])
    rows = np.flatnonzero((pieces["primary"] & (at >= 0)).to_numpy())
    at = at[rows]
    # codes in sorted order; a piece with no task type is a task type of its own (last), not
    # code -1, which np.add.at would count to the last task type
    ti, tasks = pd.factorize(pieces["task_type"].take(rows), sort=True, use_na_sentinel=False)
    tasks = pd.Index(tasks)
    gi = groups.get_indexer(case_info[by])[at]
    holder = workers.get_indexer(case_info["worker_id"])[at]
    weight = pieces["weight"].to_numpy(float)[rows]
    pw = weight * pieces["piece_equivalent"].to_numpy(float)[rows]
    k, t = len(groups), len(tasks)
    counts = _add_at((len(workers), k * t), holder, gi * t + ti, pw)  # every case has a group
    fsum = _add_at((len(workers), t), holder, ti,
                   pieces["full_min"].to_numpy(float)[rows] * weight)
    nsum = _add_at((len(workers), t), holder, ti, pw)

    def event(c: np.ndarray, d: np.ndarray, f: np.ndarray, n: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = c.reshape(*c.shape[:-1], k, t) / d[..., None]
            full = np.where(n > 0, f / n, 0.0) / 60
            return (rate * full[..., None, :]).sum(-1)

    return (event(counts.sum(0), den.sum(0), fsum.sum(0), nsum.sum(0)),
            event(draws @ counts, draws @ den, draws @ fsum, draws @ nsum))
