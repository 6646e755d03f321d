"""The coded diary: a diary's work episodes coded once, to be linked into pieces under several rules.

:func:`code_diary` keeps the work episodes (not wholly covered by another entry), checks their
labels and weights, and codes them (:func:`~timestudy.panels.linking.code_sittings`) with what
every rule reads: which rows are case travel and case notes (those with no case too when they
carry the ``instance_id`` of a piece of the worker's own), which are calls and writing, and
each sitting's working day. :class:`CodedDiary` holds them, with what is sorted or worked out
once for every rule (the link order, the time order, each worker's observed share of days).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.panels.attribution import is_call
from timestudy.panels.episodes import NON_WORK, prepare, wholly_covered
from timestudy.panels.instances import ids_on_two_cases, names_own_piece
from timestudy.panels.journeys import time_order
from timestudy.panels.linking import code_sittings, link_order
from timestudy.panels.observed_days import observed_share
from timestudy.panels.shift_tails import night_dates
from timestudy.panels.survey_weights import survey_weights
from timestudy.panels.workdays import weekdays_and_entries, working_day_numbers


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
        """The last linking built from this diary (see :func:`~timestudy.panels.pieces.build_pieces`),
        and what attributing its travel and notes finds under every linking (the claims by
        instance id, the notes written straight after a call: see
        :func:`~timestudy.panels.piece_table._attribute`)."""
        return {}

    @cached_property
    def working(self) -> pd.DataFrame:
        """The sittings with ``day`` their working day (linking, notes and margins count
        working days) and ``date`` their diary date (an id on a task of one day names one
        piece a date)."""
        return self.sittings.assign(day=self.sittings["wday"].to_numpy(),
                                    date=self.sittings["day"].to_numpy())

    @cached_property
    def is_call(self) -> np.ndarray:
        """Whether each sitting is a call (none when the diary was coded without ``calls``)."""
        return self.calls if self.calls is not None else np.zeros(len(self.sittings), bool)

    @cached_property
    def link_order(self) -> np.ndarray:
        """:func:`~timestudy.panels.linking.link_order` of the working sittings (the same under every rule)."""
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
    """Code a diary's work episodes once (see
    :func:`~timestudy.panels.pieces.pieces_of_work` for the arguments)."""
    used = ("worker_id", "start", "end", "counted_min", "duration_min", "task_type",
            "category", "case_id", "diary_date", "flags", instance_id, weight)  # copied
    e = prepare(episodes[[c for c in dict.fromkeys(used) if c and c in episodes]],
                day_start_hour)
    e["diary_date"] = night_dates(e, non_work, day_start_hour)  # a night's end on the night's day
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
    on_case = (sit["case"].to_numpy() >= 0) | (
        names_own_piece(sit["worker"].to_numpy(), sit["iid"].to_numpy(), ~(trip | noted))
        if id_col else False)
    is_travel = trip & on_case
    is_notes = noted & on_case & ~is_travel
    direct = ~(is_travel | is_notes)
    wday, first, last = working_day_numbers(sit, labels, days)
    return CodedDiary(sit.assign(task_type=e["task_type"].to_numpy(), wday=wday), labels,
                      is_travel, is_notes,
                      direct & (sit["iid"].to_numpy() >= 0) if id_col else None,
                      e["category"].eq("recording").to_numpy(), days, first, last,
                      is_call(e["task_type"], direct, calls))


def _worker_shares(days: pd.DataFrame) -> pd.Series | None:
    """Each worker's share of days at work that the diary has (see
    :func:`~timestudy.panels.observed_days.observed_share`), with the first and last days of
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
