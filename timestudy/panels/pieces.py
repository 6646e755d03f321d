"""Pieces of work: sittings linked into pieces, each with its direct, linked and full minutes.

- A **sitting** is one diary episode of a task.
- A **piece of work** is what the guide gives time per. Sittings with the same
  ``instance_id`` (and task type) of one worker on one case are one piece (an id is unique
  within a worker and case: one reused on another case is another piece, warned by
  :func:`~timestudy.panels.instances.ids_on_two_cases`). Without an id,
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
  piece (:func:`timestudy.panels.workers.regression_counts`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.panels.attribution import (
    SAME_DAY_GAP_MIN,
    SITTING_BREAK_MIN,
    TRAVEL_GAP_MIN,
    by_instance_id,
    is_call,
    notes_pairs,
    split_contested,
)
from timestudy.panels.censoring import days_per_piece, margins
from timestudy.panels.completeness import observed_share
from timestudy.panels.episodes import NON_WORK, prepare, wholly_covered
from timestudy.panels.instances import ids_on_two_cases
from timestudy.panels.journeys import NS_PER_MIN, time_order, travel_pairs
from timestudy.panels.own_pieces import notes_cut_by_the_end
from timestudy.panels.survey_weights import survey_weights
from timestudy.panels.workdays import weekdays_and_entries, working_day_numbers

NOTES_WITHIN_DAYS = 3
PIECE_COLUMNS = [
    "piece_id", "worker_id", "case_id", "task_type", "category", "defined_by",
    "link_within_days", "censor_margin", "first_date", "last_date", "n_sittings", "n_days",
    "max_gap_days", "days_followed", "days_preceded", "direct_min",
    "linked_travel_min", "linked_recording_min", "linked_min", "attributed_min", "full_min",
    "primary", "left_censored", "right_censored", "piece_equivalent", "weight", "observed_share",
]


def code_sittings(e: pd.DataFrame, id_col: str | None) -> tuple[pd.DataFrame, dict]:
    """The sittings as integer codes (fast to sort and join), and the labels of each code.

    Columns ``worker``, ``case`` and ``iid`` (-1: none), ``task``, ``category``,
    ``day`` (days since 1970), ``start`` and ``end`` (ns), ``minutes``, ``weight``.
    """
    labels = {}
    coded = {}
    for name, col in (("worker", "worker_id"), ("case", "case_id"), ("task", "task_type"),
                      ("category", "category")):
        coded[name], labels[name] = pd.factorize(e[col], use_na_sentinel=True)
    coded["iid"] = (pd.factorize(e[id_col], use_na_sentinel=True)[0] if id_col
                    else np.full(len(e), -1))
    s = pd.DataFrame(coded)
    s["day"] = e["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    s["start"] = e["start"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    s["end"] = e["end"].to_numpy().astype("datetime64[ns]").astype(np.int64)
    s["minutes"] = e["minutes"].to_numpy(float)
    s["weight"] = e["weight"].to_numpy(float)
    return s, labels


def link_sittings(s: pd.DataFrame, windows: np.ndarray, by_id: np.ndarray | None = None,
                  same_day_gap_min: float = 1.0, events: np.ndarray | None = None,
                  order: np.ndarray | None = None, each: np.ndarray | None = None,
                  break_min: float = 0.0) -> np.ndarray:
    """Piece code of each coded sitting: by ``instance_id`` where ``by_id``, else by the window.

    ``windows`` holds each row's linking window in working days. Rows are grouped by
    worker, case and task type; sorted by day and time once, a new piece starts
    where the gap to the previous sitting of the group exceeds the window. With a
    window of 0 (the same day only), two sittings of one task on one case on the same
    day are one piece only when the second starts within ``same_day_gap_min`` minutes
    (1) of the end of the first: one visit or call written as two rows (a slot diary's
    quarter hours), or within ``break_min`` minutes with no other entry of the worker
    starting between them (a visit or conference written in two sittings around a break:
    one visit); with another entry between them they are two. This applies to
    the ``events`` rows (by default all case work); non-case work, travel and notes of
    one task type on one case and day stay one piece. The ``each`` rows (calls) are
    a piece per row, touching or not.

    Parameters
    ----------
    s : DataFrame
        Coded sittings (the first item of :func:`code_diary`): integer
        ``worker``, ``case``, ``task``, ``iid`` and ``day`` (the working-day number)
        columns, ``start`` and ``end`` (ns; without ``end``, same-day sittings of a
        window-0 task are one piece).
    windows : ndarray
        Linking window of each row, in working days.
    by_id : ndarray of bool, optional
        Rows linked by their ``instance_id`` (``iid``) rather than by the window.
    same_day_gap_min : float
        Largest gap in minutes between two same-day sittings of one window-0 piece.
    break_min : float
        Largest break in minutes between two same-day sittings of one window-0 piece with
        no other entry between them (:data:`~timestudy.panels.attribution.SITTING_BREAK_MIN`
        for the guide; 0 by default: no break).
    events : ndarray of bool, optional
        Rows a same-day gap may split (default: those with a case).
    order : ndarray of int, optional
        :func:`link_order` of ``s`` and ``by_id``, when the caller has it (it does not
        depend on the windows: a diary linked under several rules is sorted once).
    each : ndarray of bool, optional
        Rows that are each a piece of their own (the taxonomy's calls), unless linked by
        ``instance_id``.

    Returns
    -------
    ndarray of int64
        Piece code of each row, numbered from 0.

    Examples
    --------
    >>> s = pd.DataFrame({"worker": 0, "case": 0, "task": 0, "iid": -1,
    ...     "day": [0, 3, 20], "start": [0, 1, 2]})
    >>> link_sittings(s, np.full(3, 10)).tolist()  # day 20 is 17 working days after day 3
    [0, 0, 1]
    >>> h = 3_600_000_000_000  # an hour in ns: calls at 9:00-9:15 and 14:00-14:15
    >>> calls = pd.DataFrame({"worker": 0, "case": 0, "task": 0, "iid": -1, "day": 0,
    ...     "start": [9 * h, 14 * h], "end": [9 * h + h // 4, 14 * h + h // 4]})
    >>> link_sittings(calls, np.zeros(2, int)).tolist()  # window 0: two calls, two pieces
    [0, 1]
    >>> touch = calls.assign(start=[9 * h, 9 * h + h // 4], end=[9 * h + h // 4, 9 * h + h // 2])
    >>> link_sittings(touch, np.zeros(2, int)).tolist()  # one entry in two rows (a visit)
    [0, 0]
    >>> link_sittings(touch, np.zeros(2, int), each=np.ones(2, bool)).tolist()  # two calls
    [0, 1]
    >>> link_sittings(calls, np.zeros(2, int), break_min=300).tolist()  # a break, nothing else
    [0, 0]
    """
    n = len(s)
    worker, case, task = (s[c].to_numpy() for c in ("worker", "case", "task"))
    day, start = s["day"].to_numpy(), s["start"].to_numpy()
    end = s["end"].to_numpy() if "end" in s else start - NS_PER_MIN * same_day_gap_min
    o = link_order(s, by_id) if order is None else order
    same = (worker[o][1:] == worker[o][:-1]) & (case[o][1:] == case[o][:-1]) & (
        task[o][1:] == task[o][:-1])
    events = case >= 0 if events is None else events
    gap = start[o][1:] - end[o][:-1]
    apart = (windows[o][1:] == 0) & events[o][1:] & events[o][:-1] & (
        gap > same_day_gap_min * NS_PER_MIN) & (
        (gap > break_min * NS_PER_MIN) | _entries_between(worker, start, o[:-1], o[1:], end))
    if each is not None:
        apart |= each[o][1:]
    new = (np.r_[True, ~same | (day[o][1:] - day[o][:-1] > windows[o][1:]) | apart]
           if len(o) else [])
    piece = np.full(n, -1, dtype=np.int64)
    piece[o] = np.cumsum(new) - 1
    if by_id is not None and by_id.any():
        # an id is unique within a worker and case: one reused on two cases is two pieces
        keys = pd.MultiIndex.from_arrays([worker[by_id], s["iid"].to_numpy()[by_id],
                                          case[by_id], task[by_id]])
        piece[by_id] = keys.factorize()[0] + (piece.max() + 1)
    return piece


def _entries_between(worker: np.ndarray, start: np.ndarray, a: np.ndarray, b: np.ndarray,
                     end: np.ndarray) -> np.ndarray:
    """Whether any row of the worker starts from the end of each row ``a`` up to the start
    of row ``b`` (``b`` itself not counted): something other than a break came between.

    Examples
    --------
    >>> w, s, e = np.zeros(3, int), np.array([0, 70, 90]), np.array([60, 80, 120])
    >>> _entries_between(w, s, np.array([0, 0]), np.array([2, 1]), e).tolist()
    [True, False]
    """
    times = np.unique(start)
    key = worker.astype(np.int64) * (len(times) + 1) + np.searchsorted(times, start)
    keys = np.sort(key)
    span = worker[a].astype(np.int64) * (len(times) + 1)
    lo = np.searchsorted(keys, span + np.searchsorted(times, end[a]), side="left")
    hi = np.searchsorted(keys, span + np.searchsorted(times, start[b]), side="left")
    return hi > lo


def link_order(s: pd.DataFrame, by_id: np.ndarray | None = None) -> np.ndarray:
    """The rows :func:`link_sittings` links by window (all but ``by_id``), sorted by worker,
    case, task type, day and start: the order in which a new piece is looked for.

    Examples
    --------
    >>> s = pd.DataFrame({"worker": 0, "case": [1, 0, 0], "task": 0, "day": [0, 5, 2],
    ...     "start": 0})
    >>> link_order(s).tolist()
    [2, 1, 0]
    """
    worker, case, task = (s[c].to_numpy() for c in ("worker", "case", "task"))
    day, start = s["day"].to_numpy(), s["start"].to_numpy()
    idx = np.flatnonzero(np.ones(len(s), bool) if by_id is None else ~by_id)
    return idx[np.lexsort((start[idx], day[idx], task[idx], case[idx], worker[idx]))]


def _first_of_day(piece: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True for one row of each (piece, day): days, not episodes, are counted."""
    return ~pd.Series(piece * 100_000 + day).duplicated().to_numpy()


def sitting_gaps(piece: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days between each sitting and the one before it in its piece (0 for a first sitting)."""
    o = np.lexsort((day, piece))
    gap = np.zeros(len(piece), dtype=np.int64)
    if len(o) > 1:
        same = piece[o][1:] == piece[o][:-1]
        gap[o[1:]] = np.where(same, day[o][1:] - day[o][:-1], 0)
    return gap


def _attribute(s, piece, travel, notes, direct, not_noted, gap_min, within_days, order=None,
               kept=None, calls=None):
    """Every (row, piece, kind, share) of attributed travel and notes (``order``: the
    :func:`~timestudy.panels.journeys.time_order` of ``s``, if known; ``kept``: a dict
    kept with this linking, ``piece``, where the pairs that do not depend on the travel gap,
    by instance id and of notes, are kept for the next rule that differs only in its gap;
    ``calls``: the calls, which no journey returns from)."""
    kept = {} if kept is None else kept
    if "fixed" not in kept:
        fixed = by_instance_id(s, piece, travel | notes, direct)
        rest = np.ones(len(s), bool)
        rest[fixed["row"].to_numpy()] = False
        kept["fixed"], kept["rest"] = fixed, rest
    fixed, rest = kept["fixed"], kept["rest"]
    if ("notes", within_days) not in kept:
        kept["notes", within_days] = notes_pairs(s, piece, notes & rest, direct, within_days,
                                                 not_noted)
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


@dataclass(frozen=True)
class CodedDiary:
    """A diary's work episodes as coded sittings, ready to be linked into pieces more than once
    (see :func:`code_diary`; used by :func:`timestudy.models.pieces_sensitivity`)."""

    sittings: pd.DataFrame
    labels: dict
    travel: np.ndarray
    notes: np.ndarray
    by_id: np.ndarray | None
    writing: np.ndarray
    days: pd.DataFrame
    first_day: np.ndarray
    last_day: np.ndarray
    calls: np.ndarray | None = None

    @cached_property
    def memo(self) -> dict:
        """The last linking built from this diary (see :func:`build_pieces`)."""
        return {}

    @cached_property
    def working(self) -> pd.DataFrame:
        """The sittings with ``day`` their working day: linking, notes and margins count
        working days."""
        return self.sittings.assign(day=self.sittings["wday"].to_numpy())

    @cached_property
    def is_call(self) -> np.ndarray:
        """Whether each sitting is a call (none when the diary was coded without ``calls``)."""
        return self.calls if self.calls is not None else np.zeros(len(self.sittings), bool)

    @cached_property
    def link_order(self) -> np.ndarray:
        """:func:`link_order` of the working sittings (the same under every rule)."""
        return link_order(self.working, self.by_id)

    @cached_property
    def worker_shares(self) -> pd.Series | None:
        """Each worker's share of days at work the diary has (:func:`_worker_shares`): the
        same under every rule, worked out once."""
        return _worker_shares(self.days)

    @cached_property
    def time_order(self) -> np.ndarray:
        """:func:`~timestudy.panels.journeys.time_order` of the sittings."""
        return time_order(self.sittings)

    def windows(self, link_within_days: Mapping[str, int]) -> np.ndarray:
        """Each sitting's linking window in working days (0 for a task type not listed)."""
        per_task = (pd.Series(self.labels["task"]).map(dict(link_within_days)).fillna(0)
                    .astype(int).to_numpy())
        task = self.sittings["task"].to_numpy()
        return np.where(task >= 0, per_task[task], 0)


def _refuse_blank_labels(e: pd.DataFrame) -> None:
    """A work episode needs a task type and a category: a blank one would take another
    label's code (a blank task counted as some other task)."""
    blank = e["task_type"].isna() | e["category"].isna()
    if blank.any():
        raise TimestudyError(
            f"{int(blank.sum())} work episode(s) have no task_type or category: categorise the "
            "diary first (timestudy.categorise names what no rule matches 'uncategorised')")


def code_diary(episodes: pd.DataFrame, *, instance_id: str | None = "instance_id",
               travel: Sequence[str] = ("travel",), notes: Sequence[str] = ("case_notes",),
               days: pd.DataFrame | None = None, non_work: Sequence[str] = NON_WORK,
               day_start_hour: float = 4.0, weight: str | None = None,
               calls: Sequence[str] | None = None) -> CodedDiary:
    """Code a diary's work episodes once (see :func:`pieces_of_work` for the arguments)."""
    used = ("worker_id", "start", "end", "counted_min", "duration_min", "task_type",
            "category", "case_id", "diary_date", instance_id, weight)  # copied, the rest not
    e = prepare(episodes[[c for c in dict.fromkeys(used) if c and c in episodes]],
                day_start_hour)
    e = e.loc[~e["category"].isin(non_work)].reset_index(drop=True)
    _refuse_blank_labels(e)
    if days is None:  # a day whose only entry is covered (from the night before) was worked
        days = weekdays_and_entries(e)
    covered = wholly_covered(e)  # no sitting: its minutes and its piece are another's
    if covered.any():
        e = e.loc[~covered].reset_index(drop=True)
    if "end" not in e or e["end"].isna().any():
        e["end"] = e["start"] + pd.to_timedelta(e["minutes"], unit="min")
    e["weight"] = survey_weights(e, weight)  # one per worker, checked
    id_col = instance_id if instance_id and instance_id in e else None
    if id_col:
        ids_on_two_cases(e, id_col)
    sit, labels = code_sittings(e, id_col)
    # case travel and notes, and (README, instance_id) travel and notes with no case
    # carrying the id of a piece of the worker's own: that piece's
    trip, noted = e["category"].isin(travel).to_numpy(), e["task_type"].isin(notes).to_numpy()
    on_case = (sit["case"].to_numpy() >= 0) | (_names_own_piece(sit, trip | noted) if id_col
                                               else False)
    is_travel = trip & on_case
    is_notes = noted & on_case & ~is_travel
    direct = ~(is_travel | is_notes)
    wday, first, last = working_day_numbers(sit, labels, days)
    return CodedDiary(sit.assign(task_type=e["task_type"].to_numpy(), wday=wday), labels,
                      is_travel, is_notes,
                      direct & (sit["iid"].to_numpy() >= 0) if id_col else None,
                      e["category"].eq("recording").to_numpy(), days, first, last,
                      is_call(e["task_type"], direct, calls))


def _names_own_piece(sit: pd.DataFrame, attached: np.ndarray) -> np.ndarray:
    """Which rows carry an instance id that a row of the same worker's own work carries (a row
    not ``attached``: travel and notes take a piece's id, they do not give one).

    Examples
    --------
    W1's visit carries id 4; W1's drive with id 4 names it, W1's notes with id 7 and W2's
    drive with id 4 name none of their worker's work.

    >>> sit = pd.DataFrame({"worker": [0, 0, 0, 1], "iid": [4, 4, 7, 4]})
    >>> _names_own_piece(sit, np.array([False, True, True, True])).tolist()
    [True, True, False, False]
    """
    worker, iid = sit["worker"].to_numpy(np.int64), sit["iid"].to_numpy(np.int64)
    key = worker * (int(iid.max(initial=0)) + 1) + iid
    own = np.unique(key[~attached & (iid >= 0)])
    return (iid >= 0) & np.isin(key, own)


def build_pieces(coded: CodedDiary, link_within_days: Mapping[str, int] | None = None,
                 travel_gap_min: float = TRAVEL_GAP_MIN,
                 notes_within_days: int = NOTES_WITHIN_DAYS, *,
                 equivalents: bool = True) -> pd.DataFrame:
    """Pieces of work from a coded diary under one set of linking and attribution rules.

    Code a diary once with :func:`code_diary`, then build its pieces under several
    rules (as :func:`timestudy.models.pieces_sensitivity` does). Rules with the linking
    windows of the call before (another attribution gap, say) reuse its linking: only
    the travel and notes are attributed again. ``equivalents=False`` leaves
    ``piece_equivalent`` NaN, not worked out, for a caller that does not read it (the
    sensitivity's time per piece does not; the event-based case weights do).

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
    piece, first, table, kept = _linked(coded, coded.windows(link_within_days), direct,
                                        equivalents)
    pairs = _attribute(coded.working, piece, coded.travel, coded.notes, direct,
                       coded.writing | coded.is_call, travel_gap_min, notes_within_days,
                       coded.time_order, kept, coded.is_call)
    out = _with_attribution(table, coded.sittings["minutes"].to_numpy(), piece, first, pairs,
                            ~direct)
    if equivalents:  # the pieces the guide publishes (not the sensitivity's other rules)
        _notes_after_the_end(coded, out, piece, first, direct, notes_within_days)
        _joined_across_a_break(coded, piece)
    return out


def _joined_across_a_break(coded: CodedDiary, piece: np.ndarray) -> None:
    """Warn how many pieces join two sittings of one day across a gap (up to
    :data:`SITTING_BREAK_MIN` minutes with no other work between): one visit broken for a
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
                         first: np.ndarray, direct: np.ndarray, within_days: int) -> None:
    """Warn how short the diary's end leaves the full time of pieces whose notes window runs
    past it (:func:`~timestudy.panels.own_pieces.notes_cut_by_the_end`)."""
    sit = coded.sittings
    last = pd.Series(sit["wday"].to_numpy()).groupby(piece).max().to_numpy()
    cut = coded.last_day[sit["worker"].to_numpy()[first]] - last < within_days
    takes = (direct & ~coded.writing & ~coded.is_call & (sit["case"].to_numpy() >= 0))[first]
    notes_cut_by_the_end(pieces, cut, takes)


def _linked(coded: CodedDiary, windows: np.ndarray, direct: np.ndarray,
            equivalents: bool = True) -> tuple[np.ndarray, np.ndarray, pd.DataFrame, dict]:
    """Piece of each sitting, first sitting of each piece, the table of pieces without the
    attribution of travel and notes, under ``windows``, and a dict kept with them (for
    :func:`_attribute`). The last linking is kept on ``coded``: rules that differ only in
    their attribution (gap, notes window) link once. The pieces' ``piece_equivalent`` is
    worked out (once per linking) when ``equivalents``, else left NaN until asked for."""
    kept = coded.memo.pop("linked", None)  # one linking kept at a time, not two
    if kept is not None and np.array_equal(kept[0], windows):
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
                          coded.is_call, SITTING_BREAK_MIN)
    gaps = sitting_gaps(piece, wday)
    margin = margins(gaps, sit["task"].to_numpy(), windows, sit["weight"].to_numpy())
    after_start = wday - coded.first_day[worker] >= margin
    before_end = coded.last_day[worker] - wday >= margin
    first, table = _assemble(sit.assign(after_start=after_start, before_end=before_end,
                                        margin=margin, gap=gaps),
                             coded.labels, piece, coded.by_id, windows)
    table["observed_share"] = _observed_shares(coded.worker_shares, table["worker_id"])
    table["piece_equivalent"] = _piece_equivalents(table) if equivalents else np.nan
    coded.memo["linked"] = (windows, piece, first, table, {"equivalents": equivalents})
    return coded.memo["linked"][1:]


def _worker_shares(days: pd.DataFrame) -> pd.Series | None:
    """Each worker's share of days at work that the diary has (see
    :func:`~timestudy.panels.completeness.observed_share`), with the first and last days of
    the worker's window left out: the window runs from their first to their last entry, so
    those two are in the diary by definition and would make the share too high (a day
    missing before the first entry is outside the window). None without a completeness
    table."""
    if not {"status", "contracted", "used"} <= set(days.columns):
        return None
    d = days.sort_values(["worker_id", "diary_date"])
    w = d["worker_id"].to_numpy()
    edge = np.r_[True, w[1:] != w[:-1]] | np.r_[w[1:] != w[:-1], True]
    share = observed_share(d.loc[~edge]).reindex(pd.unique(w)).fillna(1.0)
    share.index = share.index.astype("string")
    return share


def _observed_shares(share: pd.Series | None, worker_id: pd.Series) -> np.ndarray:
    """Each piece's worker's share (``share``: :func:`_worker_shares`), 1 without one."""
    if share is None:
        return np.ones(len(worker_id))
    code, names = pd.factorize(worker_id)  # looked up once per worker, not per piece
    per = pd.Series(names).astype("string").map(share).astype(float).fillna(1.0).to_numpy()
    return np.append(per, 1.0)[code]


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
