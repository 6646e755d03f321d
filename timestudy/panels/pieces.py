"""Pieces of work: sittings linked into pieces, each with its direct, linked and full minutes.

- A **sitting** is one diary episode of a task.
- A **piece of work** is what the guide gives time per. Sittings with the same
  ``instance_id`` (and task type) of one worker on one case are one piece (an id is unique
  within a worker and case: one reused on another case is another piece, warned by
  :func:`~timestudy.panels.instances.ids_on_two_cases`; for a task of one day, a window
  of 0, within a day too: one reused on another day is another piece, warned by
  :func:`~timestudy.panels.instances.ids_on_two_days`). Without an id,
  sittings of one task type on one case by one worker are one piece when each
  follows the one before within the task type's linking window
  (``link_within_days`` of the taxonomy, in the worker's *working days*: days
  worked, written or not; weekends, days off and leave do not count. 0 = the same
  diary day, where two sittings are one piece only when the second starts within a
  minute of the end of the first, as rows of one entry: two calls in a day are two
  pieces). A *call* (a task type the taxonomy marks ``call: true``: calls with the
  family, liaison with professionals) is a piece per diary entry, even when two
  entries on one case touch: a call is one conversation, and two written back to back
  are two calls (a visit written as two touching rows stays one visit).
  Non-case work is linked per worker and task type; the same day is one piece (a
  call without a case, too, is a piece per entry).
- A sitting's **diary day** for all this is its night's where it carries on a night's work
  past the diary day's start without a break (a 05:30 handover of a night begun at 20:00,
  the second row of a visit written 03:00-04:00 and 04:00-05:00), the night's part being
  the longer (:func:`~timestudy.panels.shift_tails.night_dates`): a night's duty is one
  piece, not two split at 04:00, and each night's handover stays a piece of its own.
- An entry wholly covered by another (ingest counted none of its minutes: written twice,
  a form sent again) is no sitting (:func:`~timestudy.panels.episodes.wholly_covered`):
  it makes no piece and takes no travel or notes; an instantaneous event is a sitting.
- Its **direct** minutes are its sittings' minutes; its **linked** minutes the case
  travel and case notes attributed to it (:mod:`timestudy.panels.attribution`);
  its **full** minutes direct + linked. Travel and notes that no piece claims are
  pieces of their own; a travel or notes piece's full minutes are what is left of
  it after attribution. The full minutes of all pieces on cases add up to the case
  time of the diary, exactly: no minute is counted twice.
- A piece is **censored** on the left when its first sitting is close to its
  worker's first diary day (it may have begun before), on the right when its last
  is close to their last (it may go on); close means within the task's margin, the
  95th percentile of gaps between its sittings, in working days. Every piece's minutes count; the
  days worked per piece are estimated allowing for the cut ones
  (:mod:`timestudy.panels.censoring`). A piece's ``piece_equivalent`` (1 for a
  one-day task, its direct minutes over the minutes per piece of its task for one
  linked over several days, that time per piece allowing for the diary's edges and
  for days missing at random as the task times do) is what it counts for in the
  event-based case weights: the pieces' equivalents add up to the pieces whose work
  the diary's days hold, neither more (pieces seen short because days were missed)
  nor less. The regression of full hours counts days instead, over the same days per
  piece (:func:`timestudy.panels.week_counts.regression_counts`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from timestudy.panels.attribution import (
    SAME_DAY_GAP_MIN,
    SITTING_BREAK_MIN,
    TRAVEL_GAP_MIN,
)
from timestudy.panels.censoring import margins
from timestudy.panels.claims import notes_of_their_own
from timestudy.panels.coded_diary import CodedDiary, _observed_shares, code_diary
from timestudy.panels.episodes import NON_WORK
from timestudy.panels.instances import ids_on_two_days
from timestudy.panels.journeys import NS_PER_MIN
from timestudy.panels.linking import link_order, link_sittings, sitting_gaps
from timestudy.panels.own_pieces import notes_cut_by_the_end
from timestudy.panels.piece_table import (
    PIECE_COLUMNS,
    _assemble,
    _attribute,
    _piece_equivalents,
    _with_attribution,
)

__all__ = ["NOTES_WITHIN_DAYS", "PIECE_COLUMNS", "TRAVEL_GAP_MIN", "CodedDiary", "build_pieces",
           "code_diary", "link_order", "link_sittings", "pieces_of_work"]

NOTES_WITHIN_DAYS = 3


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
    calls: Sequence[str] | None = None,
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
        Case notes look back this many working days for the pieces they may follow.
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output: each worker's diary
        window and used days, for the censoring rule (default: the days with entries).
    weight : str, optional
        Column of survey weights, averaged over a piece's sittings.
    calls : sequence of str, optional
        Task types that are calls: each diary entry a piece of its own, never the
        piece case notes follow. Default: the shipped taxonomy's (``call: true``,
        :attr:`timestudy.categorise.Taxonomy.calls`).

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
        ``right_censored``, ``start_weight``, ``weight`` and ``observed_share``
        (the worker's share of days at work that the diary has, from ``days``;
        1 without it: the estimators allow for days missing at random with it).

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
    sittings = code_diary(episodes, instance_id=instance_id, travel=travel, notes=notes,
                          days=days, non_work=non_work, day_start_hour=day_start_hour,
                          weight=weight, calls=calls)
    return build_pieces(sittings, link_within_days, travel_gap_min, notes_within_days)


def build_pieces(coded: CodedDiary, link_within_days: Mapping[str, int] | None = None,
                 travel_gap_min: float = TRAVEL_GAP_MIN,
                 notes_within_days: int = NOTES_WITHIN_DAYS, *,
                 equivalents: bool = True,
                 id_within_days: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Pieces of work from a coded diary under one set of linking and attribution rules.

    Code a diary once with :func:`code_diary`, then build its pieces under several
    rules (as :func:`timestudy.models.pieces_sensitivity` does). Rules with the linking
    windows of the call before (another attribution gap, say) reuse its linking: only
    the travel and notes are attributed again. ``equivalents=False`` leaves
    ``piece_equivalent`` NaN, not worked out, for a caller that does not read it (the
    sensitivity's time per piece does not; the event-based case weights do).
    ``id_within_days`` (default ``link_within_days``) are the windows that say which task
    types are of one day for the pieces an ``instance_id`` defines (one piece per day): the
    sensitivity passes the taxonomy's own, so that its other windows leave those pieces be.

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": "W1", "case_id": "C1", "duration_min": 60.0,
    ...     "start": pd.to_datetime(["2026-03-02 10:00", "2026-03-05 10:00"]),
    ...     "task_type": "court_statement", "category": "recording"})
    >>> coded = code_diary(ep)
    >>> len(build_pieces(coded, {})), len(build_pieces(coded, {"court_statement": 14}))
    (2, 1)
    """
    if link_within_days is None:
        from timestudy.categorise.taxonomy import load_taxonomy

        link_within_days = load_taxonomy().link_within_days
    if coded.sittings.empty:  # no work in the diary (all of it not work, or covered by it)
        return pd.DataFrame(columns=PIECE_COLUMNS)
    direct = ~(coded.travel | coded.notes)
    windows = _windows(coded, link_within_days)
    one_day = windows if id_within_days is None else _windows(coded, id_within_days)
    piece, first, table, kept = _linked(coded, windows, direct, equivalents, one_day)
    pairs = _attribute(coded.working, piece, coded.travel, coded.notes, direct,
                       coded.writing | coded.is_call, travel_gap_min, notes_within_days,
                       coded.time_order, kept, coded.is_call, coded.memo)
    out = _with_attribution(table, coded.sittings["minutes"].to_numpy(), piece, first, pairs,
                            ~direct)
    if equivalents:  # the pieces the guide publishes (not the sensitivity's other rules)
        _notes_after_the_end(coded, out, piece, first, direct, notes_within_days, pairs,
                             kept.get("after_calls"))
        _joined_across_a_break(coded, piece)
        _ids_on_two_days(coded, windows)
    return out


def _windows(coded: CodedDiary, link_within_days: Mapping[str, int]) -> np.ndarray:
    """:meth:`CodedDiary.windows` of ``link_within_days``, worked out once for each set of
    windows a coded diary is linked under (the sensitivity's rules ask for the taxonomy's
    again and again), kept on ``coded.memo`` and read-only (the same array for every rule).

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": "W1", "case_id": "C1", "duration_min": 60.0,
    ...     "start": pd.to_datetime(["2026-03-02 10:00", "2026-03-05 10:00"]),
    ...     "task_type": "court_statement", "category": "recording"})
    >>> coded = code_diary(ep)
    >>> w = _windows(coded, {"court_statement": 14})
    >>> w.tolist(), _windows(coded, {"court_statement": 14}) is w, w.flags.writeable
    ([14, 14], True, False)
    """
    kept = coded.memo.setdefault("windows", {})
    key = frozenset(dict(link_within_days).items())
    if key not in kept:
        kept[key] = coded.windows(link_within_days)
        kept[key].setflags(write=False)
    return kept[key]


def _ids_on_two_days(coded: CodedDiary, windows: np.ndarray) -> None:
    """Warn of the ids of a task of one day written on two or more days by one worker
    (:func:`~timestudy.panels.instances.ids_on_two_days`): each day's is a piece."""
    if coded.by_id is None:
        return
    at = np.flatnonzero(coded.by_id & (windows == 0))
    if not len(at):
        return
    sit, labels = coded.sittings.iloc[at], coded.labels
    ids_on_two_days(pd.DataFrame({
        "worker_id": labels["worker"].take(sit["worker"].to_numpy()),
        "instance_id": labels["iid"].take(sit["iid"].to_numpy()),
        "case_id": labels["case"].take(sit["case"].to_numpy(), allow_fill=True),
        "task_type": labels["task"].take(sit["task"].to_numpy()),
        "diary_date": sit["day"].to_numpy().astype("datetime64[D]")}))


def _joined_across_a_break(coded: CodedDiary, piece: np.ndarray) -> None:
    """Warn how many pieces join two sittings of one day across a gap (up to
    :data:`~timestudy.panels.attribution.SITTING_BREAK_MIN` minutes with no other work between): one visit broken for a
    call home, one conference broken for lunch; two visits to one family that morning would
    read so too, and only the diarist can say which (review24c)."""
    sit = coded.sittings
    if "end" not in sit or not len(piece):
        return
    start, end = sit["start"].to_numpy(), sit["end"].to_numpy()
    o = np.lexsort((start, piece))
    same = (piece[o][1:] == piece[o][:-1]) & (sit["day"].to_numpy()[o][1:]
                                              == sit["day"].to_numpy()[o][:-1])
    met = (sit["case"].to_numpy() >= 0) & ~coded.travel & ~coded.notes & ~coded.writing \
        & ~coded.is_call  # visits and meetings on a case: where two would be two pieces
    joined = same & met[o][1:] & (start[o][1:] - end[o][:-1] > SAME_DAY_GAP_MIN * NS_PER_MIN)
    if not joined.any():
        return
    at = o[1:][joined]
    n = len(np.unique(piece[at]))
    task = coded.labels["task"].take(sit["task"].to_numpy()[at[:1]])[0]
    day = np.datetime64(int(sit["day"].to_numpy()[at[0]]), "D")
    from timestudy.errors import DataQualityWarning

    warnings.warn(
        f"{n:,} visit(s) or meeting(s) are two sittings of one day joined as one piece, "
        f"nothing but a break written between them (the first: a "
        f"{str(task).replace('_', ' ')} on {day}); where two were meant, write an entry "
        "between them", DataQualityWarning,
        stacklevel=3)


def _notes_after_the_end(coded: CodedDiary, pieces: pd.DataFrame, piece: np.ndarray,
                         first: np.ndarray, direct: np.ndarray, within_days: int,
                         pairs: pd.DataFrame, after: np.ndarray | None = None) -> None:
    """Warn how short the diary's end leaves the full time of pieces whose notes window runs
    past it (:func:`~timestudy.panels.own_pieces.notes_cut_by_the_end`)."""
    sit = coded.sittings
    last = pd.Series(sit["wday"].to_numpy()).groupby(piece).max().to_numpy()
    cut = coded.last_day[sit["worker"].to_numpy()[first]] - last < within_days
    takes = (direct & ~coded.writing & ~coded.is_call & (sit["case"].to_numpy() >= 0))[first]
    on_case = direct & (sit["case"].to_numpy() >= 0)  # notes after a call: not the piece's
    own = notes_of_their_own(coded.working, pairs, sit["minutes"].to_numpy(), coded.notes,
                             on_case, coded.writing | coded.is_call, len(pieces), after)
    notes_cut_by_the_end(pieces, cut, takes, own)


def _linked(coded: CodedDiary, windows: np.ndarray, direct: np.ndarray,
            equivalents: bool = True, one_day: np.ndarray | None = None,
            ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, dict]:
    """Piece of each sitting, first sitting of each piece, the table of pieces without the
    attribution of travel and notes, under ``windows``, and a dict kept with them (for
    :func:`~timestudy.panels.piece_table._attribute`). The last linking is kept on ``coded``: rules that differ only in
    their attribution (gap, notes window) link once. The pieces' ``piece_equivalent`` is
    worked out (once per linking) when ``equivalents``, else left NaN until asked for."""
    kept = coded.memo.pop("linked", None)  # one linking kept at a time, not two
    one_day = windows if one_day is None else one_day
    if kept is not None and np.array_equal(kept[0][0], windows) and np.array_equal(
            kept[0][1], one_day):
        coded.memo["linked"] = kept
        if equivalents and not kept[4].get("equivalents"):
            kept[3]["piece_equivalent"] = _piece_equivalents(kept[3])
            kept[4]["equivalents"] = True
        return kept[1:]
    del kept
    sit = coded.sittings
    wday, worker = sit["wday"].to_numpy(), sit["worker"].to_numpy()
    piece = link_sittings(coded.working, windows, coded.by_id, SAME_DAY_GAP_MIN,
                          direct & (sit["case"].to_numpy() >= 0), coded.link_order,
                          coded.is_call, SITTING_BREAK_MIN, one_day)
    gaps = sitting_gaps(piece, wday)
    margin = margins(gaps, sit["task"].to_numpy(), windows, sit["weight"].to_numpy())
    after_start = wday - coded.first_day[worker] >= margin
    before_end = coded.last_day[worker] - wday >= margin
    first, table = _assemble(sit.assign(after_start=after_start, before_end=before_end,
                                        margin=margin, gap=gaps),
                             coded.labels, piece, coded.by_id, windows)
    table["observed_share"] = _observed_shares(coded.worker_shares, table["worker_id"])
    table["piece_equivalent"] = _piece_equivalents(table) if equivalents else np.nan
    coded.memo["linked"] = ((windows, one_day), piece, first, table,
                            {"equivalents": equivalents})
    return coded.memo["linked"][1:]
