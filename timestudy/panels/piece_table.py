"""The table of pieces: sittings summed into one row per piece, and travel and notes attributed.

Given each sitting's piece (:mod:`timestudy.panels.linking`), :func:`_assemble` sums the
sittings into the table of pieces (:data:`PIECE_COLUMNS` but the attribution),
:func:`_attribute` finds which pieces each minute of travel and notes goes to
(:mod:`timestudy.panels.attribution`) and :func:`_with_attribution` adds the minutes each
piece gave and took, and its full minutes. :func:`_piece_equivalents` is what each piece
counts for in the event-based case weights (see :mod:`timestudy.panels.pieces`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.censoring import days_per_piece
from timestudy.panels.claims import (
    after_calls,
    by_instance_id,
    id_claims,
    notes_pairs,
    split_contested,
)
from timestudy.panels.journeys import travel_pairs

PIECE_COLUMNS = [
    "piece_id", "worker_id", "case_id", "task_type", "category", "defined_by",
    "link_within_days", "censor_margin", "first_date", "last_date", "n_sittings", "n_days",
    "max_gap_days", "days_followed", "days_preceded", "direct_min",
    "linked_travel_min", "linked_recording_min", "linked_min", "attributed_min", "full_min",
    "primary", "left_censored", "right_censored", "piece_equivalent", "weight", "observed_share",
]


def _attribute(s, piece, travel, notes, direct, not_noted, gap_min, within_days, order=None,
               kept=None, calls=None, shared=None):
    """Every (row, piece, kind, share) of attributed travel and notes (``order``: the
    :func:`~timestudy.panels.journeys.time_order` of ``s``, if known; ``kept``: a dict
    kept with this linking, ``piece``, where the pairs that do not depend on the travel gap,
    by instance id and of notes, are kept for the next rule that differs only in its gap;
    ``calls``: the calls, which no journey returns from; ``shared``: a dict kept with the
    diary, ``s`` and the masks, where what depends on no linking is kept for every linking:
    the claims by instance id, :func:`~timestudy.panels.claims.id_claims`, and the notes
    written straight after a call)."""
    kept = {} if kept is None else kept
    shared = {} if shared is None else shared
    if "fixed" not in kept:
        if "id_claims" not in shared:
            shared["id_claims"] = id_claims(s, travel | notes, direct)
        fixed = by_instance_id(s, piece, travel | notes, direct, shared["id_claims"])
        rest = np.ones(len(s), bool)
        rest[fixed["row"].to_numpy()] = False
        kept["fixed"], kept["rest"] = fixed, rest
    fixed, rest = kept["fixed"], kept["rest"]
    if "after_calls" not in shared:  # found once (notes_of_their_own reads it too)
        shared["after_calls"] = after_calls(s, notes, direct & (s["case"].to_numpy() >= 0),
                                            not_noted)
    kept["after_calls"] = shared["after_calls"]
    if ("notes", within_days) not in kept:
        kept["notes", within_days] = notes_pairs(s, piece, notes & rest, direct, within_days,
                                                 not_noted, kept["after_calls"])
    pairs = pd.concat([
        fixed,
        travel_pairs(s, piece, travel & rest, direct, gap_min, order, calls),
        kept["notes", within_days],
    ], ignore_index=True)
    pairs["kind"] = _labels("recording", "travel", travel[pairs["row"].to_numpy()])
    task = s["task"].to_numpy()
    piece_task = np.zeros(piece.max() + 1, dtype=np.int64)
    piece_task[piece] = task
    on_case = s["case"].to_numpy() >= 0
    w = s["weight"].to_numpy()
    first, rows = np.unique(piece[direct & on_case], return_index=True)
    per_task = np.bincount(piece_task[first], weights=w[direct & on_case][rows],
                           minlength=task.max() + 1)
    pairs["share"] = split_contested(pairs, s["minutes"].to_numpy() * w, piece_task, per_task)
    return pairs


def _labels(no: str, yes: str, mask: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``yes`` where ``mask``, else ``no``, as a text array: two labels taken by code, not
    each row's text converted (what ``np.where`` on strings leaves a DataFrame to do)."""
    return pd.array([no, yes], dtype="str").take(np.asarray(mask, dtype=np.intp))


def _piece_equivalents(p: pd.DataFrame) -> pd.Series:
    """1 for a one-day task; for a linked one, its direct minutes over its task's minutes per
    piece (a piece seen in part counts in part), the days per piece with the diary's edges and
    days missing at random allowed for as in the task times
    (:func:`~timestudy.panels.censoring.days_per_piece`, with ``observed_share``)."""
    w = p["weight"].to_numpy(float)
    g = p.assign(_m=p["direct_min"] * w, _d=p["n_days"] * w).groupby("task_type")
    per_day = g["_m"].sum() / g["_d"].sum()
    per_piece = (days_per_piece(p) * per_day).replace(0, np.nan)
    code, tasks = pd.factorize(p["task_type"])  # looked up once per task type, not per piece
    per_code = np.append(per_piece.reindex(tasks).to_numpy(float), np.nan)
    eq = p["direct_min"] / per_code[code]
    return eq.where(p["link_within_days"] > 0, 1.0).fillna(0.0)


def _first_of_day(piece: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True for one row of each (piece, day): days, not episodes, are counted."""
    return ~pd.Series(piece * 100_000 + day).duplicated().to_numpy()


def _by_piece(piece: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by piece (once) and where each piece's rows start."""
    order = np.argsort(piece, kind="stable")
    ps = piece[order]
    return order, np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]]) if len(ps) else np.empty(0, int)


def _assemble(s, labels, piece, by_id, windows) -> tuple[np.ndarray, pd.DataFrame]:
    """Sum sittings into one row per piece (pieces are 0..n-1): the first sitting of each
    piece, and the table (without the attribution of travel and notes)."""
    m = s["minutes"].to_numpy()
    n = piece.max() + 1
    day = s["day"].to_numpy()
    new_day = _first_of_day(piece, day)
    order, starts = _by_piece(piece)
    first = order[starts]

    def total(values) -> np.ndarray:
        return np.bincount(piece, weights=np.asarray(values, float), minlength=n)

    def reduce(ufunc, values) -> np.ndarray:
        return ufunc.reduceat(np.asarray(values)[order], starts)

    n_sittings = np.bincount(piece, minlength=n)
    return first, pd.DataFrame({
        "piece_id": np.arange(n),
        "worker_id": labels["worker"].take(s["worker"].to_numpy()[first]),
        "case_id": pd.array(labels["case"].take(s["case"].to_numpy()[first], allow_fill=True),
                            dtype="string"),
        "task_type": labels["task"].take(s["task"].to_numpy()[first]),
        "category": labels["category"].take(s["category"].to_numpy()[first]),
        "defined_by": _labels("linking", "instance_id", reduce(
            np.maximum, by_id if by_id is not None else np.zeros(len(s), bool))),
        "link_within_days": windows[first], "censor_margin": s["margin"].to_numpy()[first],
        "first_date": reduce(np.minimum, day).astype("datetime64[D]").astype("datetime64[ns]"),
        "last_date": reduce(np.maximum, day).astype("datetime64[D]").astype("datetime64[ns]"),
        "n_sittings": n_sittings, "n_days": np.bincount(piece[new_day], minlength=n),
        "max_gap_days": reduce(np.maximum, s["gap"].to_numpy()),
        "days_followed": np.bincount(piece[new_day & s["before_end"].to_numpy()], minlength=n),
        "days_preceded": np.bincount(piece[new_day & s["after_start"].to_numpy()], minlength=n),
        "direct_min": total(m),
        "weight": total(s["weight"]) / n_sittings,
        "left_censored": ~reduce(np.minimum, s["after_start"].to_numpy()),
        "right_censored": ~reduce(np.minimum, s["before_end"].to_numpy()),
    }, copy=False)  # the columns as made: not copied into consolidated blocks (0.1-0.3 s)


def _with_attribution(table: pd.DataFrame, m: np.ndarray, piece: np.ndarray,
                      first: np.ndarray, pairs: pd.DataFrame, attributable: np.ndarray
                      ) -> pd.DataFrame:
    """The table of pieces with the travel and notes attributed by ``pairs`` (the minutes
    each piece gave and took, and its full minutes), its columns :data:`PIECE_COLUMNS`: one
    new frame of the table's columns and the new ones, the table itself unchanged."""
    n = len(table)
    row, target = pairs["row"].to_numpy(), pairs["piece"].to_numpy()
    taken = pairs["share"].to_numpy() * m[row]
    given = np.zeros(len(m))
    given[row] = m[row]
    is_travel = (pairs["kind"] == "travel").to_numpy(bool)
    direct = table["direct_min"].to_numpy()
    new = {"attributed_min": np.bincount(piece, weights=given, minlength=n)}
    for k, here in (("travel", is_travel), ("recording", ~is_travel)):
        new[f"linked_{k}_min"] = np.bincount(target[here], weights=taken[here], minlength=n)
    new["linked_min"] = new["linked_travel_min"] + new["linked_recording_min"]
    # A travel or notes piece has full time only for what no other piece took.
    new["primary"] = ~attributable[first] | (new["attributed_min"] < direct)
    new["full_min"] = np.where(new["primary"], direct + new["linked_min"] - new["attributed_min"],
                               0.0)
    return pd.DataFrame({c: new[c] if c in new else table[c] for c in PIECE_COLUMNS},
                        copy=False)  # the table's columns as they are, not copied
