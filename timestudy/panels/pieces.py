"""Pieces of work: sittings linked into pieces, each with its direct, linked and full minutes.

- A **sitting** is one diary episode of a task.
- A **piece of work** is what the guide gives time per. Sittings with the same
  ``instance_id`` (and task type) of one worker are one piece. Without an id,
  sittings of one task type on one case by one worker are one piece when each
  follows the one before within the task type's linking window
  (``link_within_days`` of the taxonomy, in calendar days; 0 = the same diary day).
  Non-case work is linked the same way per worker and task type.
- Its **direct** minutes are its sittings' minutes; its **linked** minutes the case
  travel and case notes attributed to it (:mod:`timestudy.panels.attribution`);
  its **full** minutes direct + linked. Travel and notes that no piece claims are
  pieces of their own; a travel or notes piece's full minutes are what is left of
  it after attribution. The full minutes of all pieces on cases add up to the case
  time of the diary, exactly: no minute is counted twice.
- A piece is **censored** on the left when its first sitting is within the window
  of the worker's first diary day (it may have begun before), on the right when its
  last is within the window of their last (it may go on). Rule for time per piece:
  every piece's minutes count, and pieces are counted by ``start_weight``: half for
  a start seen and half for an end seen, each scaled up by the share of used days
  on which a start (an end) could be seen. For a stationary flow of work this
  counts the pieces begun in the diary without bias; a one-day task counts 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from timestudy.panels.attribution import (
    _codes,
    by_instance_id,
    notes_pairs,
    split_contested,
    travel_pairs,
)
from timestudy.panels.episodes import NON_WORK, prepare

TRAVEL_GAP_MIN = 30.0
NOTES_WITHIN_DAYS = 3
PIECE_COLUMNS = [
    "piece_id", "worker_id", "case_id", "task_type", "category", "defined_by",
    "link_within_days", "first_date", "last_date", "n_sittings", "n_days", "direct_min",
    "linked_travel_min", "linked_recording_min", "linked_min", "attributed_min", "full_min",
    "primary", "left_censored", "right_censored", "start_weight", "weight",
]


def link_sittings(e: pd.DataFrame, windows: np.ndarray, by_id: np.ndarray | None = None,
                  id_col: str | None = None) -> np.ndarray:
    """Piece code of each row: by ``instance_id`` where ``by_id``, else by the linking window.

    ``windows`` holds each row's linking window in days. Rows are grouped by worker,
    case and task type; sorted by date once, a new piece starts where the gap to the
    previous sitting of the group exceeds the window.
    """
    n = len(e)
    link = np.ones(n, bool) if by_id is None else ~by_id
    worker, case, task = _codes(e["worker_id"]), _codes(e["case_id"]), _codes(e["task_type"])
    day = e["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    idx = np.flatnonzero(link)
    o = idx[np.lexsort((e["start"].to_numpy()[idx].astype("int64"), day[idx], task[idx],
                        case[idx], worker[idx]))]
    same = (worker[o][1:] == worker[o][:-1]) & (case[o][1:] == case[o][:-1]) & (
        task[o][1:] == task[o][:-1])
    new = np.r_[True, ~same | (day[o][1:] - day[o][:-1] > windows[o][1:])] if len(o) else []
    piece = np.full(n, -1, dtype=np.int64)
    piece[o] = np.cumsum(new) - 1
    if by_id is not None and by_id.any():
        keys = pd.MultiIndex.from_arrays([e["worker_id"].to_numpy()[by_id],
                                          e[id_col].astype("string").to_numpy()[by_id],
                                          task[by_id]])
        piece[by_id] = pd.factorize(keys)[0] + (piece.max() + 1)
    return piece


def _attribute(e, piece, travel, notes, direct, writing, id_col, gap_min, within_days):
    """Every (row, piece, kind, share) of attributed travel and notes."""
    fixed = by_instance_id(e, piece, travel | notes, direct, id_col)
    rest = np.ones(len(e), bool)
    rest[fixed["row"].to_numpy()] = False
    pairs = pd.concat([
        fixed,
        travel_pairs(e, piece, travel & rest, direct, gap_min),
        notes_pairs(e, piece, notes & rest, direct, within_days, writing),
    ], ignore_index=True)
    pairs["kind"] = np.where(travel[pairs["row"].to_numpy()], "travel", "recording")
    task = _codes(e["task_type"])
    n_piece = piece.max() + 1
    piece_task = np.zeros(n_piece, dtype=np.int64)
    piece_task[piece] = task
    on_case = e["case_id"].notna().to_numpy()
    per_task = np.bincount(piece_task[np.unique(piece[direct & on_case])],
                           minlength=task.max() + 1)
    pairs["share"] = split_contested(pairs, e["minutes"].to_numpy(float), piece_task, per_task)
    return pairs


def _edges(p: pd.DataFrame, days: pd.DataFrame) -> pd.DataFrame:
    """Censoring flags and ``start_weight`` of each piece (see the module notes)."""
    span = days.groupby("worker_id")["diary_date"].agg(["min", "max"])
    lo = p["worker_id"].map(span["min"]).astype("datetime64[ns]")
    hi = p["worker_id"].map(span["max"]).astype("datetime64[ns]")
    w = p["link_within_days"].to_numpy()
    left = ((p["first_date"] - lo).dt.days.to_numpy() < w)
    right = ((hi - p["last_date"]).dt.days.to_numpy() < w)
    used = days.loc[days["used"]]
    ulo = used["worker_id"].map(span["min"]).astype("datetime64[ns]")
    uhi = used["worker_id"].map(span["max"]).astype("datetime64[ns]")
    from_lo = (used["diary_date"] - ulo).dt.days.to_numpy()
    to_hi = (uhi - used["diary_date"]).dt.days.to_numpy()
    weight = np.ones(len(p))
    for k in np.unique(w[w > 0]):
        c_start = len(used) / max(int((from_lo >= k).sum()), 1)
        c_end = len(used) / max(int((to_hi >= k).sum()), 1)
        sel = w == k
        weight[sel] = (~left[sel] * c_start + ~right[sel] * c_end) / 2
    return pd.DataFrame({"left_censored": left, "right_censored": right,
                         "start_weight": weight}, index=p.index)


def pieces_of_work(
    episodes: pd.DataFrame,
    *,
    link_within_days: Mapping[str, int] | None = None,
    instance_id: str | None = "instance_id",
    travel: Sequence[str] = ("travel",),
    notes: Sequence[str] = ("case_notes",),
    travel_gap_min: float = TRAVEL_GAP_MIN,
    notes_within_days: int = NOTES_WITHIN_DAYS,
    days: pd.DataFrame | None = None,
    non_work: Sequence[str] = NON_WORK,
    day_start_hour: float = 4.0,
    weight: str | None = None,
) -> pd.DataFrame:
    """One row per piece of work, with its sittings, direct, linked and full minutes.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes; an ``instance_id`` column, where filled, defines pieces.
    link_within_days : mapping, optional
        Task type -> linking window in days (the taxonomy's ``link_within_days``,
        see :attr:`timestudy.categorise.Taxonomy.link_within_days`); 0 for a task
        type not listed. Default: the shipped taxonomy's.
    instance_id : str or None
        Column of piece-of-work references (None: ignore any).
    travel : sequence of str
        Categories of travel, attributed by adjacency in time.
    notes : sequence of str
        Task types of case notes, attributed to the piece they follow.
    travel_gap_min : float
        Largest gap in minutes between a journey and the sitting it belongs to.
    notes_within_days : int
        Case notes look back this many days for the piece they follow.
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output: each worker's diary
        window and used days, for the censoring rule (default: the days with entries).
    weight : str, optional
        Column of survey weights, averaged over a piece's sittings.

    Returns
    -------
    DataFrame
        Columns :data:`PIECE_COLUMNS`: ``piece_id``, ``worker_id``, ``case_id`` (NA
        for non-case work), ``task_type``, ``category``, ``defined_by``
        (``instance_id`` or ``linking``), ``link_within_days``, ``first_date``,
        ``last_date``, ``n_sittings``, ``n_days``, ``direct_min``,
        ``linked_travel_min``, ``linked_recording_min``, ``linked_min``,
        ``attributed_min`` (its own minutes given to other pieces), ``full_min``,
        ``primary`` (has full time of its own), ``left_censored``,
        ``right_censored``, ``start_weight`` and ``weight``.

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": "W1", "case_id": "C1",
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:35",
    ...         "2026-03-02 10:40", "2026-03-02 14:00", "2026-03-04 10:00"]),
    ...     "duration_min": [30.0, 60.0, 30.0, 45.0, 120.0],
    ...     "task_type": ["travel", "statutory_visit", "travel", "case_notes",
    ...                   "court_statement"],
    ...     "category": ["travel", "direct_work", "travel", "recording", "recording"]})
    >>> p = pieces_of_work(ep).set_index("task_type")
    >>> p.loc["statutory_visit", ["direct_min", "linked_min", "full_min"]].tolist()
    [60.0, 105.0, 165.0]
    >>> bool(p["full_min"].sum() == ep["duration_min"].sum())  # no minute counted twice
    True
    """
    if link_within_days is None:
        from timestudy.categorise.taxonomy import load_taxonomy

        link_within_days = load_taxonomy().link_within_days
    e = prepare(episodes, day_start_hour)
    e = e.loc[~e["category"].isin(non_work)].reset_index(drop=True)
    if "end" not in e or e["end"].isna().any():
        e["end"] = e["start"] + pd.to_timedelta(e["minutes"], unit="min")
    e["weight"] = e[weight].astype(float) if weight else 1.0
    id_col = instance_id if instance_id and instance_id in e else None
    on_case = e["case_id"].notna().to_numpy()
    is_travel = e["category"].isin(travel).to_numpy() & on_case
    is_notes = e["task_type"].isin(notes).to_numpy() & on_case & ~is_travel
    direct = ~(is_travel | is_notes)
    by_id = direct & e[id_col].notna().to_numpy() if id_col else None
    windows = e["task_type"].map(dict(link_within_days)).fillna(0).astype(int).to_numpy()
    piece = link_sittings(e, windows, by_id, id_col)
    writing = e["category"].eq("recording").to_numpy()
    pairs = _attribute(e, piece, is_travel, is_notes, direct, writing, id_col, travel_gap_min,
                       notes_within_days)
    p = _assemble(e, piece, pairs, by_id, windows, ~direct)
    if days is None:
        days = e[["worker_id", "diary_date"]].drop_duplicates().assign(used=True)
    return pd.concat([p, _edges(p, days)], axis=1)[PIECE_COLUMNS]


def _assemble(e, piece, pairs, by_id, windows, attributable) -> pd.DataFrame:
    """Sum sittings and attributed minutes into one row per piece."""
    m = e["minutes"].to_numpy(float)
    n = piece.max() + 1
    row, target, share = pairs["row"].to_numpy(), pairs["piece"].to_numpy(), pairs["share"]
    given = np.zeros(len(e))
    given[np.unique(row)] = m[np.unique(row)]
    linked = {k: np.bincount(target[sel], weights=(share * m[row])[sel], minlength=n)
              for k, sel in (("travel", pairs["kind"].eq("travel").to_numpy()),
                             ("recording", pairs["kind"].eq("recording").to_numpy()))}
    g = e.assign(_piece=piece, _given=given, _window=windows, _att=attributable,
                 _id=by_id if by_id is not None else False).groupby("_piece", sort=True)
    p = g.agg(worker_id=("worker_id", "first"), case_id=("case_id", "first"),
              task_type=("task_type", "first"), category=("category", "first"),
              _id=("_id", "max"), _att=("_att", "first"), link_within_days=("_window", "first"),
              first_date=("diary_date", "min"), last_date=("diary_date", "max"),
              n_sittings=("minutes", "size"), n_days=("diary_date", "nunique"),
              direct_min=("minutes", "sum"), attributed_min=("_given", "sum"),
              weight=("weight", "mean"))
    p["defined_by"] = np.where(p.pop("_id"), "instance_id", "linking")
    p["linked_travel_min"] = linked["travel"][p.index]
    p["linked_recording_min"] = linked["recording"][p.index]
    p["linked_min"] = p["linked_travel_min"] + p["linked_recording_min"]
    p["full_min"] = p["direct_min"] + p["linked_min"] - p["attributed_min"]
    # A travel or notes piece has full time only for what no other piece took.
    p["primary"] = ~p.pop("_att") | (p["attributed_min"] < p["direct_min"])
    p["full_min"] = p["full_min"].where(p["primary"], 0.0)
    return p.rename_axis("piece_id").reset_index()
