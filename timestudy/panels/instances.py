"""Task instances, the definition before pieces of work: one task type on one case on one diary day.

Kept for comparison with earlier guides; the models use pieces of work
(:func:`timestudy.panels.pieces_of_work`), which link sittings over several days and
attribute travel and notes by adjacency instead of sharing the case-day.

- an *instance* is one task type on one case on one diary day (however many
  sittings), or one non-case task type of one worker on one diary day;
- on a case-day the *primary* instance is the longest one that is not recording
  (if there is none, the longest recording); the case-day's travel and other
  recording are *linked* to it and its *full* time is all the case-day's work;
- an entry wholly covered by another (:func:`~timestudy.panels.episodes.wholly_covered`)
  is no instance and no part of one: its time is counted in the entry that covers it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.episodes import NON_WORK, prepare, wholly_covered
from timestudy.panels.survey_weights import survey_weights


def task_instances(
    episodes: pd.DataFrame,
    *,
    non_work: Sequence[str] = NON_WORK,
    travel: Sequence[str] = ("travel",),
    recording: Sequence[str] = ("recording",),
    day_start_hour: float = 4.0,
    weight: str | None = None,
) -> pd.DataFrame:
    """One row per task instance, with its direct, linked and full minutes.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    non_work : sequence of str
        Categories that are not work (breaks, leave): left out.
    travel, recording : sequence of str
        Categories of time that is linked to the primary task of a case-day.
    weight : str, optional
        Column of survey weights (per worker or per diary day), carried to the
        instances as ``weight``.

    Returns
    -------
    DataFrame
        ``worker_id``, ``case_id`` (NA for non-case work), ``diary_date``,
        ``task_type``, ``category``, ``direct_min``, ``linked_min``, ``full_min``,
        ``primary`` (bool) and ``weight``.

    Examples
    --------
    >>> ep = pd.DataFrame({
    ...     "worker_id": ["W1"] * 3, "case_id": ["C1"] * 3,
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30",
    ...                              "2026-03-02 11:00"]),
    ...     "duration_min": [30.0, 60.0, 45.0],
    ...     "task_type": ["travel", "statutory_visit", "case_notes"],
    ...     "category": ["travel", "direct_work", "recording"]})
    >>> inst = task_instances(ep).set_index("task_type")
    >>> inst.loc["statutory_visit", ["direct_min", "linked_min", "full_min"]].tolist()
    [60.0, 75.0, 135.0]
    >>> bool(inst.loc["case_notes", "primary"])  # linked to the visit: no full time of its own
    False
    """
    e = prepare(episodes, day_start_hour)
    e = e.loc[~e["category"].isin(non_work) & ~wholly_covered(e)]  # a covered entry: no task
    e["weight"] = survey_weights(e, weight)  # one per worker, checked
    keys = ["worker_id", "case_id", "diary_date", "task_type", "category"]
    day = ["worker_id", "case_id", "diary_date"]
    is_travel = e["category"].isin(travel)
    # Travel is linked to the case-day's task; travel with no task that day (or with no
    # case) is an instance of its own, so that no minute is lost.
    has_task = e.loc[~is_travel].groupby(day, dropna=False).size()
    key = pd.MultiIndex.from_frame(e[day])
    lone = is_travel & ~key.isin(has_task.index)
    inst = (
        e.loc[~is_travel | lone]
        .groupby(keys, dropna=False, sort=True)
        .agg(direct_min=("minutes", "sum"), weight=("weight", "mean"))
        .reset_index()
    )
    on_case = inst["case_id"].notna()
    rank = np.where(inst["category"].isin(recording), 0, 1)
    order = inst.assign(_rank=rank).sort_values(["_rank", "direct_min"], ascending=False,
                                                kind="stable")
    first = order.loc[on_case.loc[order.index]].drop_duplicates(day).index
    inst["primary"] = ~on_case
    inst.loc[first, "primary"] = True
    case_day = e.loc[e["case_id"].notna()].groupby(day)["minutes"].sum()
    total = case_day.reindex(pd.MultiIndex.from_frame(inst[day])).to_numpy()
    inst["full_min"] = np.where(on_case & inst["primary"], total,
                                np.where(on_case, np.nan, inst["direct_min"]))
    inst["linked_min"] = np.where(inst["primary"], inst["full_min"] - inst["direct_min"], 0.0)
    cols = ["worker_id", "case_id", "diary_date", "task_type", "category", "direct_min",
            "linked_min", "full_min", "primary", "weight"]
    return inst[cols].reset_index(drop=True)


def ids_on_two_cases(e: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """The instance ids a worker wrote on two or more cases, with a warning naming them.

    An ``instance_id`` is unique within a worker and case: the same id on visits to two
    cases (an id reused, "A" on Monday's family and next week's) is two pieces of work,
    not one (:func:`~timestudy.panels.linking.link_sittings` keys pieces by worker, case and
    id). Rows without a case are not counted here: travel and notes with no case take the
    worker's piece with the id.

    Parameters
    ----------
    e : DataFrame
        Episodes with ``worker_id``, ``case_id`` and ``id_col``.
    id_col : str
        The instance id column.

    Returns
    -------
    DataFrame
        ``worker_id``, ``instance_id``, ``n_cases`` and ``cases`` (the first three, joined
        by ", "), one row per id so reused; empty when none is.

    Examples
    --------
    >>> import warnings
    >>> e = pd.DataFrame({"worker_id": "W1", "case_id": ["K2", "K5", "K1"],
    ...                   "instance_id": ["A", "A", "B"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     out = ids_on_two_cases(e, "instance_id")
    >>> out["cases"].tolist(), "instance_id 'A' of W1" in str(w[0].message)
    (['K2, K5'], True)
    """
    d = e.loc[e[id_col].notna() & e["case_id"].notna(), ["worker_id", id_col, "case_id"]]
    d = d.loc[_on_two_cases(d, id_col)]  # mostly none: the rest on those rows alone
    if d.empty:
        return (d[["worker_id", id_col]].rename(columns={id_col: "instance_id"})
                .assign(n_cases=np.array([], "int64"), cases=d["case_id"])
                .reset_index(drop=True))
    d = d.drop_duplicates().sort_values(["worker_id", id_col, "case_id"])
    g = d.groupby(["worker_id", id_col], sort=False)["case_id"]
    out = pd.DataFrame({"n_cases": g.size(), "cases": g.agg(lambda c: ", ".join(
        map(str, c.iloc[:3])))}).reset_index().rename(columns={id_col: "instance_id"})
    out = out.loc[out["n_cases"] > 1].reset_index(drop=True)
    if len(out):
        first = out.iloc[0]
        warnings.warn(
            f"{len(out)} instance id(s) are written on two or more cases by one worker "
            f"(instance_id {first['instance_id']!r} of {first['worker_id']} on cases "
            f"{first['cases']}): an id names one piece of work on one case, so each case's "
            "sittings are a piece of their own; give each piece its own id if they were meant "
            "apart, or correct the case id.", DataQualityWarning, stacklevel=3)
    return out


def _on_two_cases(d: pd.DataFrame, id_col: str) -> np.ndarray:
    """Which rows carry an id their worker wrote on two cases or more, on integer codes.

    Examples
    --------
    >>> d = pd.DataFrame({"worker_id": ["W1", "W1", "W2", "W1"], "i": ["A", "A", "A", "B"],
    ...                   "case_id": ["K1", "K2", "K3", "K1"]})
    >>> _on_two_cases(d, "i").tolist()
    [True, True, False, False]
    """
    codes = [pd.factorize(d[c])[0].astype(np.int64) for c in ("worker_id", id_col, "case_id")]
    piece = codes[0] * (codes[1].max(initial=0) + 1) + codes[1]  # worker and id
    pairs = np.unique(piece * (codes[2].max(initial=0) + 1) + codes[2])  # and case, once
    keys, n = np.unique(pairs // (codes[2].max(initial=0) + 1), return_counts=True)
    return np.isin(piece, keys[n > 1])


def names_own_piece(worker: np.ndarray, iid: np.ndarray, gives: np.ndarray) -> np.ndarray:
    """Which rows carry an instance id that a row of the same worker's own work carries.

    The one rule of which travel and notes an id claims (data_schema/README.md,
    ``instance_id``): a row names a piece when a ``gives`` row of its worker (the worker's
    own work: neither travel nor case notes, which take a piece's id and do not give one)
    carries its id. :func:`~timestudy.panels.coded_diary.code_diary` counts the travel and
    notes with no case so named as that piece's, and
    :func:`~timestudy.panels.attribution.return_journeys` leaves them out of the travel it
    warns is on no case.

    Parameters
    ----------
    worker : ndarray of int
        Each row's worker code.
    iid : ndarray of int
        Each row's instance id code (-1: none).
    gives : ndarray of bool
        Rows of the worker's own work, whose ids name pieces.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    W1's visit carries id 4; W1's drive with id 4 names it, W1's notes with id 7 and W2's
    drive with id 4 name none of their worker's work.

    >>> names_own_piece(np.array([0, 0, 0, 1]), np.array([4, 4, 7, 4]),
    ...                 np.array([True, False, False, False])).tolist()
    [True, True, False, False]
    """
    worker, iid = np.asarray(worker, np.int64), np.asarray(iid, np.int64)
    key = worker * (int(iid.max(initial=0)) + 1) + iid
    own = np.unique(key[np.asarray(gives, bool) & (iid >= 0)])
    return (iid >= 0) & np.isin(key, own)


def ids_on_two_days(e: pd.DataFrame, id_col: str = "instance_id") -> pd.DataFrame:
    """The instance ids a worker wrote on two or more days for a task of one day, with a
    warning naming them.

    A visit, a meeting or a call is done within a day (its task type's ``link_within_days``
    is 0: data_schema/TAXONOMY.md). The same id on a visit to one family on Monday and
    again on the next Monday is an id used again, two visits, not one visit of double
    length: each day's sittings are a piece of their own
    (:func:`~timestudy.panels.linking.link_sittings`), and the worker is told, so that a
    piece of such a task that does run over days can be given a linking window instead.

    Parameters
    ----------
    e : DataFrame
        The rows of tasks of one day that carry an id: ``worker_id``, ``case_id``,
        ``task_type``, ``diary_date`` and ``id_col``.
    id_col : str
        The instance id column.

    Returns
    -------
    DataFrame
        ``worker_id``, ``instance_id``, ``case_id``, ``task_type``, ``n_days`` and
        ``days`` (the first three, joined by ", "), one row per id so used; empty when none
        is.

    Examples
    --------
    >>> import warnings
    >>> e = pd.DataFrame({"worker_id": "W1", "case_id": "C1", "task_type": "statutory_visit",
    ...     "instance_id": ["V1", "V1", "V2"],
    ...     "diary_date": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-02"])})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     out = ids_on_two_days(e)
    >>> out["days"].tolist(), "instance_id 'V1' of W1" in str(w[0].message)
    (['2026-03-02, 2026-03-09'], True)
    """
    keys = ["worker_id", id_col, "case_id", "task_type"]
    d = e[[*keys, "diary_date"]].assign(diary_date=pd.to_datetime(e["diary_date"]).dt.normalize())
    d = d.drop_duplicates().sort_values([*keys, "diary_date"])
    n = d.groupby(keys, sort=False, dropna=False)["diary_date"].transform("size")
    d = d.loc[n.to_numpy() > 1]  # only the ids used again are joined into text
    g = d.groupby(keys, sort=False, dropna=False)["diary_date"]
    out = pd.DataFrame({"n_days": g.size(), "days": g.agg(lambda x: ", ".join(
        x.iloc[:3].dt.strftime("%Y-%m-%d")))}).reset_index().rename(
        columns={id_col: "instance_id"})
    if len(out):
        first = out.iloc[0]
        case = "" if pd.isna(first["case_id"]) else f" on case {first['case_id']}"
        warnings.warn(
            f"{len(out)} instance id(s) of a task done within a day are written on two or more "
            f"days by one worker (instance_id {first['instance_id']!r} of {first['worker_id']}"
            f"{case}, {str(first['task_type']).replace('_', ' ')} on {first['days']}): each "
            "day's sittings are a piece of their own, not one piece; give each piece its own "
            "id, or, if this task's pieces do run over days, give its task type a "
            "link_within_days in the taxonomy.", DataQualityWarning, stacklevel=3)
    return out
