"""Claims: the pieces each minute of travel and case notes may go to, and the split of
contested time.

The attribution rules are set out in :mod:`timestudy.panels.attribution`; this module holds
the claims that do not follow a journey (those are :mod:`timestudy.panels.journeys`'):
:func:`by_instance_id` (travel and notes carrying the id of a piece of the worker),
:func:`notes_pairs` (the pieces case notes may follow, :func:`straight_after` the one they
were written straight after, :func:`after_calls` those written straight after a call, and
:func:`notes_of_their_own` each piece's notes but those) and :func:`split_contested` (time two or more pieces claim,
split by expectation-maximisation).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

_EMPTY = pd.DataFrame({"row": np.empty(0, np.int64), "piece": np.empty(0, np.int64)})


def by_instance_id(s: pd.DataFrame, piece: np.ndarray, todo: np.ndarray,
                   direct: np.ndarray, claims: tuple | None = None) -> pd.DataFrame:
    """Pairs (row, piece) for travel or notes whose ``instance_id`` names a piece of the worker.

    ``s`` is the coded sittings frame of :func:`timestudy.panels.linking.code_sittings`.
    An id is unique within a worker and case: travel or notes written with a case go to a
    piece of that case with their id (an id reused on another case names nothing there);
    written with no case, to the worker's piece with the id. When several pieces share
    the id (different task types, or cases), the one with the most direct minutes takes
    the time. An id of a task of one day used again on another day is a piece a day
    (:func:`~timestudy.panels.linking.link_sittings`): those pieces are chosen among as
    one, and of them the time goes to the last one on or before its ``date`` (the day's
    visit takes the day's travel, the notes the visit they follow), else the first.
    ``claims`` is :func:`id_claims` of the same ``s``, ``todo`` and ``direct``, when known
    (it does not depend on the linking, ``piece``).
    """
    found = id_claims(s, todo, direct) if claims is None else claims
    if not found:
        return _EMPTY
    sel, group, row, chosen, sel_date, row_date = found
    to = _piece_of_the_day(group, piece[sel], sel_date, chosen, row_date)
    return pd.DataFrame({"row": row, "piece": to})


def id_claims(s: pd.DataFrame, todo: np.ndarray, direct: np.ndarray) -> tuple:
    """What :func:`by_instance_id` finds before it looks at the linking: the rows of direct
    work with an id (a mask), the group (worker, id, case, task type) of each, the rows of
    ``todo`` claimed, the group each goes to, and the dates of both (empty: no claims).

    Examples
    --------
    A visit with id V1 and travel with that id, written with no case:

    >>> s = pd.DataFrame({"worker": 0, "iid": [0, 0], "case": [3, -1], "task": [1, 2],
    ...                   "minutes": 60.0, "day": [10, 10]})
    >>> sel, group, row, chosen, _, _ = id_claims(s, np.array([False, True]),
    ...                                           np.array([True, False]))
    >>> sel.tolist(), group.tolist(), row.tolist(), chosen.tolist()
    ([True, False], [0], [1], [0])
    """
    has = s["iid"].to_numpy() >= 0
    sel = direct & has
    own = s.loc[sel, ["worker", "iid", "case", "task", "minutes"]]
    if not len(own) or not (todo & has).any():
        return ()
    # the pieces of one worker, id, case and task type (one piece unless a day's each)
    group = pd.MultiIndex.from_frame(own[["worker", "iid", "case", "task"]]).factorize()[0]
    own = own.assign(piece=group)
    rows = np.flatnonzero(todo & has)
    written = s["case"].to_numpy()[rows] >= 0
    found = [_most_minutes(own, s.iloc[rows[written]], ["worker", "iid", "case"]),
             _most_minutes(own, s.iloc[rows[~written]], ["worker", "iid"])]
    row = np.r_[rows[written][found[0][0]], rows[~written][found[1][0]]].astype(np.int64)
    date = (s["date"] if "date" in s else s["day"]).to_numpy()
    return sel, group, row, np.r_[found[0][1], found[1][1]], date[sel], date[row]


def _piece_of_the_day(group: np.ndarray, piece: np.ndarray, date: np.ndarray,
                      chosen: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Of each ``chosen`` group's pieces (rows: ``group``, ``piece``, ``date``), the one whose
    first date is the last on or before ``on``, else the group's first.

    Examples
    --------
    Group 0 is a visit with one id on days 10 and 17 (pieces 5 and 6): travel on day 17
    takes 6, notes on day 12 take 5, a journey on day 9 the first, 5.

    >>> _piece_of_the_day(np.array([0, 0, 0]), np.array([5, 6, 6]), np.array([10, 17, 17]),
    ...                   np.array([0, 0, 0]), np.array([17, 12, 9])).tolist()
    [6, 5, 5]
    """
    if not len(chosen):
        return np.empty(0, np.int64)
    first = pd.DataFrame({"g": group, "p": piece, "d": date}).groupby(["g", "p"])["d"].min()
    g = first.index.get_level_values("g").to_numpy(np.int64)
    d = first.to_numpy(np.int64)
    span = np.int64(max(int(d.max()), int(np.max(on))) + 2)
    key = g * span + d + 1
    o = np.argsort(key, kind="stable")
    at = np.searchsorted(key[o], chosen * span + on + 1, side="right") - 1
    ok = (at >= 0) & (g[o][np.maximum(at, 0)] == chosen)
    at = np.where(ok, at, np.searchsorted(key[o], chosen * span, side="left"))
    return first.index.get_level_values("p").to_numpy(np.int64)[o][at]


def _most_minutes(own: pd.DataFrame, asked: pd.DataFrame,
                  keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``asked``, whether a piece of ``own`` has its ``keys``, and the one
    with the most direct minutes of those that do (of equals, the first in key order).

    Examples
    --------
    >>> own = pd.DataFrame({"worker": 0, "iid": 0, "case": [1, 2, 2], "minutes": 60.0,
    ...                     "piece": [0, 1, 1]})
    >>> asked = pd.DataFrame({"worker": 0, "iid": 0, "case": [2, 3]})
    >>> hit, to = _most_minutes(own, asked, ["worker", "iid", "case"])
    >>> hit.tolist(), to.tolist()  # case 3 has no piece with the id
    ([True, False], [1])
    """
    total = own.groupby(keys + ["piece"])["minutes"].sum().reset_index()
    total = total.sort_values(keys + ["minutes", "piece"], ascending=[True] * len(keys)
                              + [False, True], kind="stable")
    best = total.drop_duplicates(keys)
    at = pd.MultiIndex.from_frame(best[keys]).get_indexer(
        pd.MultiIndex.from_frame(asked[keys].reset_index(drop=True)))
    return at >= 0, best["piece"].to_numpy(np.int64)[at[at >= 0]]


def notes_pairs(s: pd.DataFrame, piece: np.ndarray, notes: np.ndarray, direct: np.ndarray,
                within_days: int, not_noted: np.ndarray, after_call: np.ndarray | None = None
                ) -> pd.DataFrame:
    """Candidate pieces of each case-notes episode: the pieces it follows (see module notes).

    ``not_noted`` marks the rows that are never candidates: pieces of writing and calls.
    ``after_call``: the notes rows written straight after a call (:func:`after_calls`), if
    known.
    """
    case = s["case"].to_numpy()
    cand = np.flatnonzero(direct & ~not_noted & (case >= 0))
    rows = np.flatnonzero(notes)
    # Each notes row with every candidate of its worker and case, in the order of an inner
    # join of the rows with the candidates (notes in row order, then candidates in theirs),
    # on one integer key: a sort and two searches, no merge of frames.
    key = s["worker"].to_numpy().astype(np.int64) * (int(case.max(initial=0)) + 2) + case + 1
    order = cand[np.argsort(key[cand], kind="stable")]
    lo = np.searchsorted(key[order], key[rows], side="left")
    n = np.searchsorted(key[order], key[rows], side="right") - lo
    at = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    row, other = np.repeat(rows, n), order[np.repeat(lo, n) + at]
    start, day = s["start"].to_numpy(), s["day"].to_numpy()
    ok = (start[other] < start[row]) & (day[other] >= day[row] - within_days)
    row, to = row[ok].astype(np.int64), piece[other[ok]].astype(np.int64)
    after = straight_after(s, notes, direct & (case >= 0), direct & ~not_noted & (case >= 0))
    follows = after[row] >= 0
    keep = ~follows | (to == np.where(follows, piece[np.maximum(after[row], 0)], -1))
    row, to = row[keep], to[keep]
    first = np.unique(row * (int(piece.max(initial=0)) + 1) + to, return_index=True)[1]
    first.sort()  # each (row, piece) once, where it first came
    _warn_notes_after_calls(s, notes, direct & (case >= 0), not_noted, row, within_days,
                            after_call)
    return pd.DataFrame({"row": row[first], "piece": to[first]})


def _warn_notes_after_calls(s: pd.DataFrame, notes: np.ndarray, case_work: np.ndarray,
                            not_noted: np.ndarray, given: np.ndarray, within_days: int,
                            after: np.ndarray | None = None) -> None:
    """Warn of the case notes written straight after a call (or a piece of writing) on their
    case that go to an earlier piece of the case (``given``: the notes rows with a candidate;
    ``after``: :func:`after_calls`, if known).

    The rule stays (a call is recorded as it is made: notes after it are the write-up of the
    visit or meeting before); but notes that follow the call with no other case work between
    read as the call's own write-up, and giving them to a visit days before lengthens the
    visit's full hours unseen (audit26: 2 h of notes after each 90-minute liaison call gave
    130 h to statutory visits). The hours are every minute of those rows: all of them go to
    earlier pieces (the shares of a row add up to 1).

    Examples
    --------
    A visit on day 0; on day 1 a call 9-10 and notes 10-12 on the same case: the notes
    follow the call, and their 2 h go to the visit.

    >>> import warnings
    >>> s = pd.DataFrame({"worker": 0, "case": 0, "day": [0, 1, 1], "start": [9, 9, 10],
    ...                   "end": [10, 10, 12], "minutes": [60.0, 60.0, 120.0]})
    >>> notes, work = np.array([False, False, True]), np.array([True, True, False])
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     _warn_notes_after_calls(s, notes, work, np.array([False, True, False]),
    ...                             np.array([2]), 3)
    >>> str(w[0].message)[:60]
    '2.0 h of case notes (1 entry) written straight after a call '
    """
    if not len(given) or not (not_noted & case_work).any():
        return
    rows = np.unique(given)
    after = after_calls(s, notes, case_work, not_noted) if after is None else after
    rows = rows[after[rows]]
    if not len(rows):
        return
    hours = float(s["minutes"].to_numpy(float)[rows].sum()) / 60
    from timestudy.errors import DataQualityWarning

    warnings.warn(
        f"{hours:,.1f} h of case notes ({len(rows):,} entr{'y' if len(rows) == 1 else 'ies'}) "
        "written straight after a call (or writing) on their case went to an earlier visit "
        f"or meeting of that case within {within_days} working days, as calls and writing take "
        "no notes: write a call's notes in its own entry, or map the task as not a "
        "call (call: false in the taxonomy)",
        DataQualityWarning, stacklevel=4)


def after_calls(s: pd.DataFrame, notes: np.ndarray, case_work: np.ndarray,
                not_noted: np.ndarray) -> np.ndarray:
    """Which notes rows were written straight after a call (or a piece of writing) on their
    case (:func:`straight_after`, with the calls and writing as the candidates): notes the
    attribution gives to an earlier visit or meeting of the case, as calls and writing
    take none (:func:`_warn_notes_after_calls`).

    Examples
    --------
    A visit, then a call and its notes on the same case the next day:

    >>> s = pd.DataFrame({"worker": 0, "case": 0, "day": [0, 1, 1], "start": [9, 9, 10]})
    >>> after_calls(s, np.array([False, False, True]), np.array([True, True, False]),
    ...             np.array([False, True, False])).tolist()
    [False, False, True]
    """
    if not (not_noted & case_work).any():
        return np.zeros(len(s), bool)
    return straight_after(s, notes, case_work, case_work & not_noted) >= 0


def notes_of_their_own(s: pd.DataFrame, pairs: pd.DataFrame, minutes: np.ndarray,
                       notes: np.ndarray, case_work: np.ndarray, not_noted: np.ndarray,
                       n: int, after: np.ndarray | None = None) -> np.ndarray:
    """Each piece's notes minutes but those written straight after a later call (or
    writing) on its case (:func:`after_calls`): the notes its own sittings were followed by.
    Notes carrying an ``instance_id`` (``iid``) are the piece's they name, wherever written.

    Parameters
    ----------
    s : DataFrame
        The coded sittings (``worker``, ``case``, ``day``, ``start``, ...).
    pairs : DataFrame
        The attribution's ``row``, ``piece``, ``kind`` and ``share``.
    minutes : ndarray
        Each sitting's minutes (as the pieces' ``linked_recording_min`` sums them).
    notes, case_work, not_noted : ndarray of bool
        The notes rows, the case work (direct, on a case) and the calls and writing.
    n : int
        The number of pieces.
    after : ndarray of bool, optional
        :func:`after_calls` of these rows, if known (a piece build finds it once).

    Returns
    -------
    ndarray of float
        Minutes per piece: its ``linked_recording_min`` less the notes after calls.

    Examples
    --------
    A visit (piece 0) at 9 and its 30 minutes of notes at 10 on day 0; a call (piece 1) at 9
    and 2 h of notes after it on day 1, both notes given to the visit: its own are the 30
    minutes.

    >>> s = pd.DataFrame({"worker": 0, "case": 0, "day": [0, 0, 1, 1],
    ...                   "start": [9, 10, 9, 10]})
    >>> pairs = pd.DataFrame({"row": [1, 3], "piece": [0, 0], "kind": "recording",
    ...                       "share": 1.0})
    >>> notes = np.array([False, True, False, True])
    >>> notes_of_their_own(s, pairs, np.array([60.0, 30.0, 60.0, 120.0]), notes, ~notes,
    ...                    np.array([False, False, True, False]), 2).tolist()
    [30.0, 0.0]
    """
    row, piece = pairs["row"].to_numpy(), pairs["piece"].to_numpy()
    after = after_calls(s, notes, case_work, not_noted) if after is None else after
    if "iid" in s:  # notes with the id of a piece are its own: the diarist said so
        after = after & (s["iid"].to_numpy() < 0)  # (not in place: the build keeps it)
    own = (pairs["kind"] != "travel").to_numpy(bool) & ~after[row]
    taken = pairs["share"].to_numpy(float) * minutes[row]
    return np.bincount(piece[own], weights=taken[own], minlength=n)


def straight_after(s: pd.DataFrame, notes: np.ndarray, case_work: np.ndarray,
                   candidate: np.ndarray) -> np.ndarray:
    """For each notes row, the sitting its notes were written straight after, else -1.

    That is the worker's last ``case_work`` sitting (on any case; travel and notes are not
    case work) that started before the notes on the same day, when it is a ``candidate``
    (neither writing nor a call) on the notes' case: no other case work came between, so
    the notes are its write-up and go to its piece alone, before any contested split.
    Of sittings that started at the same time, the last is the one that ended last (the
    notes follow what finished last); sittings with the same start and end on different
    cases or task types (two entries of one time that both count, as in a diary without
    ``counted_min``) are a tie that no order of rows or text breaks: the notes follow
    none of them alone and are split between their candidates as contested notes are.
    (A sitting wholly covered by another is no sitting at all:
    :func:`timestudy.panels.episodes.wholly_covered`. An entry written inside a visit, an
    interruption counted on its own, does not end it: the notes follow the case work
    that ended last.)

    Examples
    --------
    >>> s = pd.DataFrame({"worker": 0, "case": [0, 0, 0, 0], "day": [0, 0, 1, 1],
    ...     "start": [9, 10, 9, 10]})
    >>> notes = np.array([False, True, False, True])
    >>> work = ~notes
    >>> straight_after(s, notes, work, work).tolist()  # each day's notes follow its visit
    [-1, 0, -1, 2]
    >>> straight_after(s, notes, work, np.array([True, False, False, False])).tolist()
    [-1, 0, -1, -1]
    >>> both = pd.DataFrame({"worker": 0, "case": 0, "task": [0, 1, 2], "day": 0,
    ...     "start": [9, 9, 12], "end": [12, 10, 13]})  # a visit 9-12, a call 9-10, notes
    >>> straight_after(both, np.array([False, False, True]), np.array([True, True, False]),
    ...                np.array([True, True, False])).tolist()  # the visit ended last
    [-1, -1, 0]
    """
    out = np.full(len(s), -1, dtype=np.int64)
    idx = np.flatnonzero(notes | case_work)
    if not notes.any() or not case_work.any():
        return out
    worker, start, day, case = (s[c].to_numpy() for c in ("worker", "start", "day", "case"))
    end = s["end"].to_numpy() if "end" in s else start
    task = s["task"].to_numpy() if "task" in s else np.zeros(len(s), np.int64)
    # Each worker's case work and notes in time order; notes before case work at a tie;
    # case work of one start by its end (the last to end is the last).
    o = idx[np.lexsort((end[idx], case_work[idx], start[idx], day[idx], worker[idx]))]
    # the case work that ended last at or before each position (of the worker's day): an
    # entry written inside a visit (an interruption, counted on its own) does not end it
    key = np.r_[0, np.cumsum((worker[o][1:] != worker[o][:-1]) | (day[o][1:] != day[o][:-1]))]
    reach = pd.Series(np.where(case_work[o], end[o], end[o].min())).groupby(key).cummax()
    pos = np.where(case_work[o] & (end[o] == reach.to_numpy()), np.arange(len(o)), -1)
    last = np.maximum.accumulate(pos)
    # Case work of one worker, day, start and end is a run in this order, ending at the
    # last: when any of its rows differs from the run's first in case or task, the tie is
    # not broken (by row or text order) and the notes follow none of them alone.
    wo, do_, so, eo, cw = worker[o], day[o], start[o], end[o], case_work[o]
    run = np.r_[True, (wo[1:] != wo[:-1]) | (do_[1:] != do_[:-1]) | (so[1:] != so[:-1])
                | (eo[1:] != eo[:-1]) | ~cw[:-1] | ~cw[1:]]
    first = np.maximum.accumulate(np.where(run, np.arange(len(o)), 0))
    other = np.cumsum((case[o] != case[o][first]) | (task[o] != task[o][first]))
    at = o[np.flatnonzero(notes[o])]
    prev = last[np.flatnonzero(notes[o])]
    p = o[np.maximum(prev, 0)]
    tied = other[np.maximum(prev, 0)] > other[first[np.maximum(prev, 0)]]
    ok = ((prev >= 0) & (worker[p] == worker[at]) & (day[p] == day[at]) & candidate[p]
          & (case[p] == case[at]) & (start[p] < start[at]) & ~tied)
    out[at[ok]] = p[ok]
    return out


def split_contested(pairs: pd.DataFrame, minutes: np.ndarray, piece_task: np.ndarray,
                    pieces_per_task: np.ndarray, rounds: int = 200,
                    tol: float = 1e-6) -> np.ndarray:
    """Shares of each (row, piece) pair: 1 when uncontested, else by the task types' rates.

    Parameters
    ----------
    pairs : DataFrame
        ``row``, ``piece`` and ``kind`` (travel or recording) of every candidate.
    minutes : ndarray
        Minutes of each row of the episodes (times its survey weight, if any).
    piece_task : ndarray
        Task type code of each piece.
    pieces_per_task : ndarray
        Number (or weight) of pieces of each task type code: the rates' denominators.
    rounds, tol : int, float
        At most ``rounds`` EM rounds, stopping once no share moves by ``tol`` or more.

    Returns
    -------
    ndarray
        One share per pair; the shares of a row add up to one.

    Examples
    --------
    >>> pairs = pd.DataFrame({"row": [0, 1, 1], "piece": [0, 0, 1], "kind": "travel"})
    >>> share = split_contested(pairs, np.array([30.0, 20.0]), np.array([0, 1]), np.array([1, 1]))
    >>> share.round(3).tolist()  # task 1 never has travel of its own: the leg goes to task 0
    [1.0, 1.0, 0.0]
    """
    row = pairs["row"].to_numpy()
    kind = pd.factorize(pairs["kind"])[0]
    n_kind = kind.max() + 1 if len(kind) else 1
    task = piece_task[pairs["piece"].to_numpy()]
    n_task = len(pieces_per_task)
    cell = kind * n_task + task
    count = np.bincount(row, minlength=len(minutes))[row]
    share = 1.0 / count
    contested = np.flatnonzero(count > 1)  # all the pairs of a row, or none
    weighted = share * minutes[row]  # each pair's minutes at its share
    # Only the contested pairs' shares move: each round takes the rates over every pair,
    # and their shares and the rows' totals over the contested pairs alone (the same sums)
    c_cell, c_m = cell[contested], minutes[row[contested]]
    c_row = np.unique(row[contested], return_inverse=True)[1]
    c_share = share[contested]
    denom = np.tile(np.where(pieces_per_task > 0, pieces_per_task, 1.0), n_kind).astype(float)
    for _ in range(rounds if len(contested) else 0):
        rate = np.bincount(cell, weights=weighted, minlength=n_kind * n_task) / denom
        raw = rate[c_cell] + 1e-12
        new = raw / np.bincount(c_row, weights=raw)[c_row]
        moved = np.abs(new - c_share).max()
        c_share = new
        weighted[contested] = c_share * c_m
        if moved < tol:
            break
    share[contested] = c_share
    return share
