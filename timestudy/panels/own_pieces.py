"""Pieces of their own: the one rule of what a travel or case-notes piece counts as.

Travel and case notes attributed to a piece of work (a journey to a visit, the notes written
up after it) are in that piece's full hours (:mod:`timestudy.panels.attribution`); only what
no piece claims is a piece of its own (:mod:`timestudy.panels.pieces`). Time per piece of a
task whose pieces gave time to others is therefore counted over its pieces of their own, each
with the minutes no other piece took: counting the claimed entries as pieces too would count
their time twice (once in the visit's full hours, once in the travel row). The rule is
applied once, where time per piece is summed (:func:`~timestudy.models.piece_sums.counted_sums`):
the models' task times (:func:`~timestudy.models.estimate_task_times`), the guide's tasks
table, which is theirs, and the sensitivity of time per piece to the definitions
(:func:`~timestudy.models.pieces_sensitivity`) all count by it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd


def _own(pieces: pd.DataFrame, counted: np.ndarray) -> pd.DataFrame:
    """The rows of ``pieces`` that count, with the minutes no other piece took as
    ``direct_min`` and ``attributed_min`` 0 (a row that gave nothing keeps its minutes)."""
    out = pieces.loc[counted]
    given = out["attributed_min"].to_numpy(float)
    return out.assign(direct_min=out["direct_min"].to_numpy(float) - given,
                      attributed_min=np.zeros(len(out)))


def pieces_of_their_own(pieces: pd.DataFrame) -> pd.DataFrame:
    """The pieces of their own, each with the minutes no other piece took as its direct time.

    A piece of work is a piece of its own unless other pieces claimed all of it (a journey to
    a visit, the notes after it: ``primary`` False). A travel or notes piece part of which was
    claimed keeps the rest (its ``full_min``, ``direct_min`` less ``attributed_min``);
    any other piece gives nothing away and is as it was.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`): ``primary``,
        ``direct_min`` and ``attributed_min``.

    Returns
    -------
    DataFrame
        The rows of ``pieces`` that are pieces of their own, in their order, with
        ``direct_min`` the minutes no other piece took and ``attributed_min`` 0.

    Examples
    --------
    A 30-minute journey claimed whole by a visit, a 40-minute one claimed for 10 minutes
    and a 60-minute visit:

    >>> p = pd.DataFrame({"task_type": ["travel", "travel", "statutory_visit"],
    ...     "primary": [False, True, True], "direct_min": [30.0, 40.0, 60.0],
    ...     "attributed_min": [30.0, 10.0, 0.0]})
    >>> pieces_of_their_own(p)[["task_type", "direct_min"]].values.tolist()
    [['travel', 30.0], ['statutory_visit', 60.0]]
    """
    return _own(pieces, pieces["primary"].to_numpy(bool))


def tasks_that_gave(pieces: pd.DataFrame) -> np.ndarray:
    """The task types some of whose pieces gave time to other pieces (``attributed_min``
    over 0): their time per piece is over their pieces of their own. The one rule of the
    task times (:func:`pieces_as_counted`) and of their disclosure control.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work with ``task_type`` and, when any was attributed, ``attributed_min``.

    Returns
    -------
    ndarray
        The task types, each once, in order of their first such piece.

    Examples
    --------
    >>> p = pd.DataFrame({"task_type": ["statutory_visit", "travel", "travel"],
    ...                   "attributed_min": [0.0, 30.0, 0.0]})
    >>> tasks_that_gave(p).tolist()
    ['travel']
    """
    if "attributed_min" not in pieces:
        return np.array([], dtype=object)
    return pieces.loc[pieces["attributed_min"].to_numpy(float) > 0, "task_type"].unique()


def pieces_as_counted(pieces: pd.DataFrame) -> pd.DataFrame:
    """The pieces time per piece is counted over: each task's, by the rule of its own.

    A task gave time when some of its pieces have ``attributed_min`` > 0 (travel, case
    notes): it counts its :func:`pieces_of_their_own` (a task every piece of which was
    claimed has none). Every other task counts all its pieces, as they are (a piece
    of one with ``primary`` False, no full time of its own, still counts for its direct
    minutes).

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`). Without
        ``attributed_min``, no task gave time: ``pieces`` itself is returned.

    Returns
    -------
    DataFrame
        The rows that count, in their order, with the columns of ``pieces``;
        ``direct_min`` is the minutes no other piece took (the same for a task that gave
        nothing) and ``attributed_min`` 0.

    Examples
    --------
    A 60-minute visit, a 30-minute journey it claims whole and a day's journeys of 70
    minutes of which it claims 30: the journey claimed whole is no piece of its own, the
    other counts for the 40 minutes no piece took.

    >>> p = pd.DataFrame({"task_type": ["statutory_visit", "travel", "travel"],
    ...     "direct_min": [60.0, 30.0, 70.0], "attributed_min": [0.0, 30.0, 30.0],
    ...     "primary": [True, False, True]})
    >>> pieces_as_counted(p)[["task_type", "direct_min"]].values.tolist()
    [['statutory_visit', 60.0], ['travel', 40.0]]
    """
    gave = tasks_that_gave(pieces)
    if not len(gave):
        return pieces
    gave_time = pieces["task_type"].isin(gave).to_numpy()
    return _own(pieces, ~gave_time | pieces["primary"].to_numpy(bool))


NOTES_CUT_WARN_SHARE = 0.01  # a task's full time this much short for notes not seen is warned
NOTES_CUT_MIN_PIECES = 5  # ... when at least this many pieces inside the diary measure it


def notes_cut_by_the_end(pieces: pd.DataFrame, cut: np.ndarray, candidate: np.ndarray,
                         own_notes: np.ndarray | None = None) -> pd.DataFrame:
    """How much of each task's full time the diary's end leaves out: the notes of pieces
    whose notes window runs past their worker's last diary day, with a warning naming the
    task most short.

    A visit on the diary's last day whose notes are written the next morning shows no notes:
    its full time is its direct time. The edge rule of days per piece
    (:mod:`timestudy.panels.censoring`) allows for pieces cut by the edges, not for notes
    written after them, so the task's full time per piece is short by the notes not seen.
    Estimated here (not changed: full time over all pieces adds up to the diary's case time,
    and the notes written at the diary's start for visits before it are pieces of their own)
    as, per task type, the ``cut`` pieces' number times the notes per piece of the pieces
    whose window lies inside the diary less those of the cut ones, over the task's full
    minutes. The warning needs :data:`NOTES_CUT_MIN_PIECES` pieces inside the diary.

    The notes counted are those the piece's own sittings were followed by (``own_notes``):
    notes written straight after a later call on the case, which the attribution gives to an
    earlier visit (:func:`~timestudy.panels.claims.after_calls`, warned of on their own),
    come to pieces inside the diary and never to those at its end, so counted they would
    make a shortfall of their own (audit26: all of a 9.3% was theirs).

    Parameters
    ----------
    pieces : DataFrame
        Pieces with ``task_type``, ``linked_recording_min``, ``full_min`` and ``weight``.
    cut : ndarray of bool
        Pieces whose notes window (``notes_within_days`` working days after their last
        sitting) runs past their worker's last diary day.
    candidate : ndarray of bool
        Pieces that take notes (on a case; neither travel, notes, writing nor a call).
    own_notes : ndarray of float, optional
        Each piece's notes minutes but those written straight after a later call
        (:func:`~timestudy.panels.claims.notes_of_their_own`); default
        ``linked_recording_min``.

    Returns
    -------
    DataFrame
        Per task type: ``n_cut``, ``notes_inside`` and ``notes_cut`` (minutes per piece),
        ``short_min`` and ``short_share`` (of the task's full minutes).

    Examples
    --------
    A visit a day for ten days, each with 30 minutes of notes the next morning: the last
    visit's notes fall after the diary, so 30 of 900 full minutes (3.3%) are not seen.

    >>> import warnings
    >>> p = pd.DataFrame({"task_type": "statutory_visit", "weight": 1.0,
    ...                   "linked_recording_min": [30.0] * 9 + [0.0]})
    >>> p["full_min"] = 60 + p["linked_recording_min"]
    >>> cut = np.arange(10) >= 7  # the last three days' notes windows pass the end
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     t = notes_cut_by_the_end(p, cut, np.ones(10, bool))
    >>> t[["n_cut", "notes_inside", "notes_cut", "short_min"]].round(1).values.tolist()
    [[3.0, 30.0, 20.0, 30.0]]
    """
    w = pieces["weight"].to_numpy(float)
    notes = (pieces["linked_recording_min"].to_numpy(float) if own_notes is None
             else np.asarray(own_notes, float)) * w
    keep = np.asarray(candidate, bool)
    g = pd.DataFrame({"task": pieces["task_type"].to_numpy()[keep], "w": w[keep],
                      "notes": notes[keep], "cut": np.asarray(cut, bool)[keep],
                      "full": pieces["full_min"].to_numpy(float)[keep] * w[keep]})
    g["w_in"], g["w_cut"] = g["w"] * ~g["cut"], g["w"] * g["cut"]
    g["n_in"], g["n_cut"] = g["notes"] * ~g["cut"], g["notes"] * g["cut"]
    t = g.groupby("task")[["w_in", "w_cut", "n_in", "n_cut", "full"]].sum()
    out = pd.DataFrame({"n_cut": t["w_cut"],
                        "notes_inside": t["n_in"] / t["w_in"].where(t["w_in"] > 0),
                        "notes_cut": t["n_cut"] / t["w_cut"].where(t["w_cut"] > 0)})
    out["short_min"] = ((out["notes_inside"] - out["notes_cut"]).clip(lower=0)
                        * out["n_cut"]).fillna(0.0)
    out["short_share"] = (out["short_min"] / t["full"].where(t["full"] > 0)).fillna(0.0)
    worst = out.loc[(out["short_share"] >= NOTES_CUT_WARN_SHARE)
                    & (t["w_in"] >= NOTES_CUT_MIN_PIECES)]  # not on a handful of pieces
    if len(worst):
        worst = worst.sort_values("short_share", ascending=False)
        named = ", ".join(f"{k.replace('_', ' ')} {r['short_share']:.1%}"
                          for k, r in worst.head(3).iterrows())
        from timestudy.errors import DataQualityWarning

        warnings.warn(
            f"full time per piece may be short by the notes written after the diary's end: "
            f"the pieces of its last days have fewer notes than the others for {len(worst)} "
            f"task type(s) ({named}); a diary running a few days past the period measured "
            "sees them",
            DataQualityWarning, stacklevel=3)
    return out
