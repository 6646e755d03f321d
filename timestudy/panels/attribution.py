"""Attribution: which piece of work each minute of case travel and case notes belongs to.

Rules (the method section of a report says the same):

- **instance_id**: travel or notes carrying the ``instance_id`` of a piece by the
  same worker (on their case, where they name one) belong to it.
- **travel**: consecutive travel episodes of a worker on one case, each starting
  within ``gap_min`` minutes of the one before, make a *journey*. A journey
  *returns from* the sitting just before it and *leads to* the sitting just after
  it, when that sitting is on the same case and within ``gap_min`` minutes. With
  both, the first leg returns from the one before, the last leads to the one
  after, and a single or middle leg is *contested*. A call (below) needs no journey:
  travel after a visit and then a call about the case returns from the visit
  (:func:`is_call` marks calls, for this rule and the notes' alike). A journey with
  neither neighbour on its case belongs to its case's sitting along the same *trip*
  (siblings' journeys written once per child, back to back: each leg goes to its own
  child's visit; :mod:`timestudy.panels.journeys`).
- **notes** (case notes by default): their candidates are every piece the worker
  worked on, on the same case, with a sitting that started before the notes and no
  more than ``within_days`` *working days* before them (the day of the notes
  counts as 0; weekends and leave do not count). Pieces of writing (category
  ``recording``) are not candidates: they are their own record. Nor are calls (task
  types marked ``call: true`` in the taxonomy: calls with the family, liaison): a call
  is recorded as it is made, in its own entry's time, and notes written later are the
  write-up of a visit, a meeting or a hearing. Notes whose only earlier pieces on the
  case are calls (a stand-alone update, a closure summary) stay a piece of their own.
- **straight after**: notes written after a candidate sitting on their case, on the same
  day, with no other case work between (travel and notes are not case work here) are its
  write-up and go to its piece alone, before any split
  (:func:`~timestudy.panels.claims.straight_after`; of
  sittings that started together, the one that ended last; a sitting with the same start
  and end as one of another case or task type, both counted, is a tie: no piece alone). Without
  it, a core group's notes written straight after it were contested with the visit the
  day before, whose notes nothing else could claim, and the split gave them to the visit.
- **contested** time (two or more candidates) is split by expectation-maximisation:
  each candidate's share is in proportion to the minutes of travel (or recording)
  its task type brings per piece, and those rates are estimated from the diary by
  the split itself. Start from an equal split, re-estimate the rates from the
  shares, re-split, until the shares move by less than 1e-6 (at most 200 rounds).
  A task type that never brings notes of its own (a call) ends with a share near
  0; candidates of one task type share equally. A minute is never given twice:
  the shares of an episode add up to one.
- time with no candidate stays unattributed and forms pieces of its own.
- **return journeys** (:func:`return_journeys`, a changed definition, applied by
  :func:`timestudy.models.fit_study` before any panel): travel written with no case
  right after a sitting on a case that a journey on that case led to is the journey
  back from it and takes its case, so that its minutes are case time in full time,
  hours per case-month and the case / non-case split alike. On a trip of several stops
  (office -> A -> B -> office), a blank leg between a sitting on one case and one on
  another that a journey also leaves is the journey *to* the second (it takes its case),
  and the blank leg after the last stop is its way back.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.panels.claims import (  # the claims that follow no journey, named here too
    by_instance_id,
    notes_pairs,
    split_contested,
    straight_after,
)
from timestudy.panels.episodes import wholly_covered
from timestudy.panels.instances import names_own_piece
from timestudy.panels.journeys import NS_PER_MIN, _returned_from, between_two_stops

TRAVEL_GAP_MIN = 30.0  # minutes between a journey and the sitting it leads to or returns from
SAME_DAY_GAP_MIN = 1.0  # rows of one entry: the second starts as the first ends
SITTING_BREAK_MIN = 60.0  # a visit in two sittings with a break (and nothing else) between
__all__ = ["SAME_DAY_GAP_MIN", "SITTING_BREAK_MIN", "TRAVEL_GAP_MIN", "by_instance_id", "is_call",
           "notes_pairs", "return_journeys", "split_contested", "straight_after"]


def is_call(task_type: pd.Series, direct: np.ndarray,
            calls: Sequence[str] | None = None) -> np.ndarray:
    """Whether each row is a call: a sitting (``direct``: neither case travel nor case
    notes) of a task type in ``calls``, by default those the taxonomy marks ``call: true``
    (:attr:`timestudy.categorise.Taxonomy.calls`). The one mask of the notes rule, the
    journeys' rule and the linking: a call is recorded as it is made and needs no journey.

    Parameters
    ----------
    task_type : Series
        Each row's task type.
    direct : ndarray of bool
        Rows that are sittings.
    calls : sequence of str, optional
        Task types that are calls (default: the shipped taxonomy's).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> t = pd.Series(["statutory_visit", "phone_call", "phone_call"])
    >>> is_call(t, np.array([True, True, False]), ["phone_call"]).tolist()
    [False, True, False]
    """
    if calls is None:
        from timestudy.categorise.taxonomy import load_taxonomy

        calls = load_taxonomy().calls
    return pd.Series(task_type).isin(list(calls)).to_numpy() & np.asarray(direct, bool)


def return_journeys(episodes: pd.DataFrame, *, travel: tuple[str, ...] = ("travel",),
                    gap_min: float = TRAVEL_GAP_MIN, non_work: tuple[str, ...] = ("non_work",),
                    notes: tuple[str, ...] = ("case_notes",), same_gap_min: float = SAME_DAY_GAP_MIN,
                    calls: Sequence[str] | None = None,
                    break_min: float = SITTING_BREAK_MIN,
                    led_to: tuple[str, ...] = ("direct_work",),
                    instance_id: str | None = "instance_id") -> pd.DataFrame:
    """Give a case-less journey the case of the visit it returns from, or on a trip of
    several stops the case of the stop it leads to (a changed definition).

    Workers often write the journey back from a visit with no case ("travel back to
    office"). Rule: travel with no case id is the *return journey* of the sitting just
    before it, and takes that sitting's case, when (1) the sitting is the worker's entry
    that ended last before the travel (a call written inside a visit, or made after it,
    does not come between the visit and its journey back: a call needs no journey), on a case, neither travel nor case notes, and ends no
    more than ``gap_min`` minutes before the travel starts; and (2) a journey on that
    case led to the sitting: the entry just before the sitting is travel on the same case
    ending no more than ``gap_min`` minutes before it starts (a journey out means a
    journey back). A sitting written as several rows of one task type on one case, each
    starting within ``same_gap_min`` minutes of the end of the one before, or within
    ``break_min`` with no other work entry between them (one visit in two rows, or in
    two sittings around a break, as :func:`timestudy.panels.pieces.link_sittings` counts
    it), or rows of one
    case with the same start and end (one visit written as two tasks: they share its
    time), is one sitting here: the journey out leads to its first row, the way back
    follows its last.
    An entry wholly covered by another (:func:`~timestudy.panels.episodes.wholly_covered`:
    the same visit written again as another task) is no entry here: it neither splits a
    visit from its journeys nor is one.
    **Between two stops.** Before that rule, a journey with no case between a sitting on
    one case (the one it would return from, as above) and the worker's next entry, a
    sitting on another case that is not a call, starting within ``gap_min`` minutes of its
    end and left by a journey too (travel with no case or on its case next, within
    ``gap_min``), leads to that next sitting and takes its case
    (:func:`~timestudy.panels.journeys.between_two_stops`): office -> visit A -> visit B
    -> office with the middle leg blank gives it to B, and the last blank leg is then B's
    way back (a journey on B led to B). Without a journey leaving it the next sitting is
    work at the office (a statement) and the blank leg stays the way back from the visit.
    Its minutes then count as case time everywhere: in the full time of
    the visit, in hours per case-month and in the case / non-case split.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes: ``worker_id``, ``start``, ``duration_min`` (or ``end``),
        ``case_id``, ``task_type``, ``category``.
    travel : tuple of str
        Categories of travel.
    gap_min : float
        Largest gap in minutes between the sittings and journeys of one visit.
    non_work : tuple of str
        Categories that are not work (a break between a visit and the travel after it
        is not work: the travel still follows the visit when the gap allows).
    notes : tuple of str
        Task types of case notes (never the sitting a journey returns from).
    same_gap_min : float
        Largest gap in minutes between two rows of one sitting.
    break_min : float
        Largest break between two rows of one sitting with no other entry between them
        (a visit written in two sittings around a break, as pieces link them).
    calls : sequence of str, optional
        Task types that are calls (:func:`is_call`; default: the taxonomy's): never the
        sitting a journey returns from.
    led_to : tuple of str
        Categories of the sittings a blank journey just before leads to (visits).
    instance_id : str or None
        Column of piece references: travel with no case carrying the id of the worker's
        own work is that piece's (:func:`~timestudy.panels.instances.names_own_piece`), not
        counted in the warning of travel left on no case (None, or no such column: none is).

    Returns
    -------
    DataFrame
        The episodes, in their order, with ``case_id`` filled on the journeys given a
        case and two boolean columns marking them: ``return_journey`` (the way back from
        a visit) and ``journey_to`` (the journey to the next stop of a trip).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "W1", "case_id": ["C1", "C1", None, None],
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30",
    ...                              "2026-03-02 10:30", "2026-03-02 14:00"]),
    ...     "duration_min": [25.0, 60.0, 25.0, 20.0],
    ...     "task_type": ["travel", "statutory_visit", "travel", "travel"],
    ...     "category": ["travel", "direct_work", "travel", "travel"]})
    >>> r = return_journeys(e)
    >>> r["case_id"].tolist(), r["return_journey"].tolist()  # 14:00 follows no visit
    (['C1', 'C1', 'C1', <NA>], [False, False, True, False])
    """
    out = episodes.copy(deep=False)  # copy-on-write: the columns set below are the copy's
    case = out["case_id"].astype("string") if "case_id" in out else pd.Series(
        pd.NA, index=out.index, dtype="string")
    work = ~out["category"].isin(non_work).to_numpy() & ~wholly_covered(out)  # a copy is none
    idx = np.flatnonzero(work)
    start = out["start"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    end = (out["end"].to_numpy().astype("datetime64[ns]").astype(np.int64)
           if "end" in out and out["end"].notna().all()
           else start + (out["duration_min"].to_numpy(float) * NS_PER_MIN).astype(np.int64))
    worker = pd.factorize(out["worker_id"])[0]
    o = idx[np.lexsort((end[idx], start[idx], worker[idx]))]
    code = pd.factorize(case)[0]  # -1: no case
    is_t = out["category"].isin(travel).to_numpy()
    is_notes = out["task_type"].isin(notes).to_numpy()
    call = is_call(out["task_type"], ~is_t & ~is_notes, calls)[o]
    task = pd.factorize(out["task_type"])[0][o]
    gap = gap_min * NS_PER_MIN
    w, c, s, e, t = worker[o], code[o], start[o], end[o], is_t[o]
    # Rows of one sitting: same worker, case and task type, each touching the one before;
    # or of one case and the same times (one visit written as two tasks, sharing its time)
    together = (s[1:] == s[:-1]) & (e[1:] == e[:-1]) & ~t[:-1]
    touch = np.r_[False, (w[1:] == w[:-1]) & (c[1:] == c[:-1]) & (c[1:] >= 0) & ~t[1:]
                  & (((task[1:] == task[:-1])
                      & (s[1:] - e[:-1] <= max(same_gap_min, break_min) * NS_PER_MIN))
                     | together)]
    head = np.maximum.accumulate(np.where(touch, 0, np.arange(len(o))))  # its first row
    found, lead = np.zeros(len(o), bool), np.zeros(len(o), bool)
    if len(o) > 1:
        leg = np.arange(len(o))
        # the sitting it returns from: the one that ended last before it (not a call
        # written inside the visit, nor an on-call duty holding the journey)
        # (case notes just after the visit, in the car, passed over as calls are: journeys)
        sit = _returned_from(w, e, leg, call | (is_notes[o] & (c >= 0)))
        # between a sitting and one on another case: the journey to the second
        group = np.cumsum(~touch)  # the rows of one sitting, numbered from 1
        tail = np.r_[np.flatnonzero(group[1:] != group[:-1]), len(o) - 1][group - 1]
        to = between_two_stops(w, c, s, e, t, ~t & ~is_notes[o], call, sit, tail, gap)
        back = _way_back(w, np.where(to >= 0, c[np.maximum(to, 0)], c), s, e, t,
                         is_notes[o], sit, head, gap)
        # a blank journey ending within the gap before a visit (neither a call nor desk
        # work) is the journey to it, whatever came before it (audit24p)
        visit = out["category"].isin(led_to).to_numpy()[o] & ~call & ~is_notes[o]
        nxt = np.minimum(leg + 1, len(o) - 1)
        to = np.where((to < 0) & ~back & t & (c < 0) & (leg + 1 < len(o)) & (w[nxt] == w)
                      & visit[nxt] & (c[nxt] >= 0) & (s[nxt] - e <= gap), nxt, to)
        lead = to >= 0
        c = np.where(lead, c[np.maximum(to, 0)], c)
        found = _way_back(w, c, s, e, t, is_notes[o], sit, head, gap)
        fill = found | lead
        if fill.any():
            case.iloc[o[fill]] = case.iloc[o[np.where(lead, to, sit)[fill]]].to_numpy()
    out["case_id"] = case
    for name, mark in (("return_journey", found), ("journey_to", lead)):
        rows = np.zeros(len(out), bool)
        rows[o[mark]] = True
        out[name] = rows
    claimed = np.zeros(len(out), bool)
    if instance_id and instance_id in out:  # travel an id makes a piece's: not left (fix25c)
        iid = pd.factorize(out[instance_id], use_na_sentinel=True)[0]
        claimed = is_t & names_own_piece(worker, np.where(work, iid, -1), ~is_t & ~is_notes)
    _warn_blank_travel(out, is_t & work & ~claimed, end - start,
                       np.where(is_t & work, (end - start) / NS_PER_MIN, 0.0).sum())
    return out


def _way_back(w, c, s, e, t, notes, sit, head, gap) -> np.ndarray:
    """Which rows (in time order) are blank travel returning from the sitting ``sit`` before
    them, a journey on its case having led to it (see :func:`return_journeys`)."""
    ok = sit >= 0
    sit = np.maximum(sit, 0)
    out_leg = head[sit] - 1
    ok &= out_leg >= 0
    out_leg = np.where(ok, out_leg, 0)
    return (ok & t & (c < 0) & (w[sit] == w) & (c[sit] >= 0) & ~t[sit] & ~notes[sit]
            & (s - e[sit] <= gap) & (w[out_leg] == w[sit]) & t[out_leg]
            & (c[out_leg] == c[sit]) & (s[head[sit]] - e[out_leg] <= gap))


BLANK_TRAVEL_WARN_SHARE = 0.25  # travel left on no case above this share is warned


def _warn_blank_travel(out: pd.DataFrame, travel: np.ndarray, ns: np.ndarray,
                       total: float | None = None) -> None:
    """Warn when more than :data:`BLANK_TRAVEL_WARN_SHARE` of the travel minutes stay on no
    case after the journeys' cases are filled: they belong to no piece of work, and each
    piece's full time lacks them. ``travel`` marks the travel that may be left (not what an
    instance id claims); ``total`` is all the travel minutes (default: ``travel``'s).

    Examples
    --------
    >>> import warnings
    >>> e = pd.DataFrame({"case_id": [None, "C1"], "worker_id": "W1"})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     _warn_blank_travel(e, np.array([True, True]), np.array([3, 1]) * NS_PER_MIN * 30)
    >>> str(w[0].message)[:46]
    '1.5 of 2.0 travel hours (75%) are on no case: '
    """
    minutes = np.where(travel, ns / NS_PER_MIN, 0.0)
    blank = minutes[out["case_id"].isna().to_numpy()].sum()
    total = minutes.sum() if total is None else float(total)
    if total <= 0 or blank <= BLANK_TRAVEL_WARN_SHARE * total:
        return
    from timestudy.errors import DataQualityWarning

    warnings.warn(
        f"{blank / 60:,.1f} of {total / 60:,.1f} travel hours "
        f"({blank / total:.0%}) are on no case: written without a case or an instance id of "
        "the worker's work and not next to a visit (a journey to or back from one within "
        "the travel gap), they are in no piece's full time and are travel pieces of their own. Write each journey's case "
        "to count it in the visit's full time.", DataQualityWarning, stacklevel=3)
