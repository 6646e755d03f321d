"""Time-of-day profiles (tempograms) and transitions between categories.

A *tempogram* gives, for each 10- or 15-minute slot of the diary day (04:00 to 04:00 by
default, as in the American Time Use Survey), the share of the workers observed in that
slot who were doing each category, with survey weights; time-use surveys draw it as
stacked areas. Each worker is in one category at a time: where a worker's episodes
overlap, each minute goes to the episode that ends first (the rule of ``counted_min`` at
ingest: a call 13:00-13:15 inside lunch 12:30-13:30 is the call's, lunch keeps
12:30-13:00 and 13:15-13:30; of entries that overlap in part the one that started first
keeps the shared time), and secondary activities are left out (see
:func:`~timestudy.observe.multitasking` for those). A worker observed for part of a slot
counts for that part, so the shares of a slot add up to one wherever anyone was
observed, but for a task the export records as parallel with others (flagged
``multitasking``: WOMBAT's *multi with*): it counts its own minutes in full, as WOMBAT
counts it, over the time observed counted once, so where one ran the slot's shares
add up past one. The slots are the wall clock; the minutes in them are those ingest counted
(``counted_min``, spread evenly over the clock time the episode keeps: see
:mod:`timestudy.observe._counted`), so on the night the clocks go forward each slot
holds its share of the episode's true minutes (and, with ``include_unobserved``, the
rest of the slot shows as not observed).

A *transition matrix* counts, for consecutive episodes of a stream, the category
left and the category taken up, and gives the probabilities of each next
category (rows add up to one); switches per hour are per hour observed: the counted
time of the episodes plus the sessions' quiet time (:mod:`timestudy.observe._span`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.ingest.dated import time_of_day_known
from timestudy.observe._counted import counted, covered_minutes, in_full, pieces
from timestudy.observe._once import one_session_at_a_time
from timestudy.observe._result import ObservationResult
from timestudy.observe._span import person_column, quiet_minutes
from timestudy.observe._timeline import (
    US_PER_MIN,
    clock_label,
    label_names,
    parse_clock,
    prepare,
    work_streams,
)

__all__ = ["Tempogram", "Transitions", "tempogram", "transitions"]

NOT_OBSERVED = "not observed"


@dataclass(frozen=True, repr=False)
class Tempogram(ObservationResult):
    """Share of observed workers in each category, by slot of the diary day.

    Attributes
    ----------
    shares : DataFrame
        One row per slot (index ``slot``, the clock time it starts, ``HH:MM``, from
        ``day_start``), one column per category: weighted shares of the time observed
        in the slot (counted once), adding up to 1 in every slot where anyone was
        observed (more where a parallel task counts in full; NaN where nobody was).
    minutes : DataFrame
        The weighted minutes behind ``shares``, same shape.
    coverage : DataFrame
        Per slot: ``worker_days`` (how many worker-days were observed in it),
        ``workers`` (how many people: ``participant_key`` where the episodes have one,
        else ``worker``) and ``observed`` (the weighted number of full slots observed).
    people : DataFrame or None
        Per slot and category (as ``shares``, without the unobserved column): how many
        people the share rests on.
    slot, day_start : int
        Slot length and start of the diary day, in minutes.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import tempogram
    >>> eps = pd.DataFrame({"worker_id": ["A", "B"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:15"]),
    ...     "end": pd.to_datetime(["2026-03-09 09:30", "2026-03-09 09:30"]),
    ...     "category": ["recording", "travel"]})
    >>> tg = tempogram(eps)
    >>> tg.slot, tg.coverage.loc[["09:00", "09:15"], "worker_days"].tolist()
    (15, [1, 2])
    """

    shares: pd.DataFrame
    minutes: pd.DataFrame
    coverage: pd.DataFrame
    slot: int
    day_start: int
    people: pd.DataFrame | None = None

    title = "Tempogram: share of observed workers by category and time of day"

    def summary(self) -> pd.DataFrame:
        """Slots where anyone was observed, with their coverage and shares."""
        seen = self.coverage["worker_days"] > 0
        return pd.concat([self.coverage[seen], self.shares[seen]], axis=1)

    def to_frame(self) -> pd.DataFrame:
        """Long table: ``slot``, ``category``, ``minutes``, ``share``."""
        long = self.shares.stack(future_stack=True).rename("share").to_frame()
        long["minutes"] = self.minutes.stack(future_stack=True)
        return long.reset_index().rename(columns={"level_1": "category"})

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"tempogram": self.summary()}

    def plot(self, ax=None):
        """Stacked areas of the shares across the diary day.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.tempogram_plot`.
        """
        from timestudy.plots import tempogram_plot

        return tempogram_plot(self.shares, observed=self.coverage["worker_days"], slot=self.slot,
                              ax=ax)


def _check_slot(slot: int) -> int:
    if isinstance(slot, bool) or int(slot) != slot or slot <= 0 or 1440 % int(slot):
        raise TimestudyError(
            f"`slot` must be a whole number of minutes that divides a day (10, 15, 30...), "
            f"not {slot!r}"
        )
    return int(slot)


def tempogram(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    slot: int = 15,
    day_start: str | float = "04:00",
    weight: str | None = None,
    include_unobserved: bool = False,
    worker: str = "worker_id",
    session: str | None = None,
) -> Tempogram:
    """Share of observed (or diarised) workers in each category, by slot of the diary day.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, ``worker`` and the ``by`` columns. Entries of a
        diary without times (flagged ``time_of_day_unknown``) are left out: their clock
        times are the file's order, not the time of day.
    by : str or list of str
        The categories.
    slot : int
        Slot length in minutes (10 as in HETUS, 15...); must divide 24 hours.
    day_start : str or float
        Clock time the diary day starts (``"04:00"``, or hours).
    weight : str, optional
        Column of survey weights (per worker, or per episode).
    include_unobserved : bool
        If true, every worker-day with any episode counts in every slot, and the
        time nobody recorded is a category of its own, ``"not observed"``.
    worker, session : str
        A worker is one person; by default (``session=None``) two observers'
        sessions of the same worker count as one worker.

    Returns
    -------
    Tempogram

    Examples
    --------
    Worker A in recording from 09:00 to 09:30, worker B in travel from 09:15 to
    09:30: in slot 09:00 only A is observed (recording 1); in slot 09:15 both
    (recording 0.5, travel 0.5).

    >>> import pandas as pd
    >>> from timestudy import tempogram
    >>> eps = pd.DataFrame({"worker_id": ["A", "B"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:15"]),
    ...     "end": pd.to_datetime(["2026-03-09 09:30", "2026-03-09 09:30"]),
    ...     "category": ["recording", "travel"]})
    >>> tempogram(eps).shares.loc[["09:00", "09:15"]].to_dict("index")
    {'09:00': {'recording': 1.0, 'travel': 0.0}, '09:15': {'recording': 0.5, 'travel': 0.5}}
    """
    episodes = one_session_at_a_time(episodes, worker, session)  # as observation_study
    known = time_of_day_known(episodes)  # a dated diary's placed rows: no time of day
    if not known.all():
        episodes = episodes.loc[known]
    p = prepare(episodes, by=by, worker=worker, session=session, weight=weight)
    slot = _check_slot(slot)
    day0 = parse_clock(day_start)
    c = counted(p.frame, p.stream, p.start, p.end, len(p.streams))
    per_day = 1440 // slot
    once_rows, once_k, once_minutes = pieces(c, day0 * US_PER_MIN, slot * US_PER_MIN)
    observed = np.bincount(once_k % per_day, p.weight[once_rows] * once_minutes, per_day)
    # a category's minutes its own (a parallel task in full); the shares are of the time
    # observed, counted once
    rows, absolute, minutes = pieces(in_full(c, p.frame, p.start, p.end), day0 * US_PER_MIN,
                                     slot * US_PER_MIN)
    in_day = absolute % per_day
    w = p.weight[rows]
    label = p.label[rows]
    n_labels = len(p.labels)
    weighted = np.bincount(in_day * n_labels + label, w * minutes, per_day * n_labels)
    table = weighted.reshape(per_day, n_labels)
    names = label_names(p.labels)
    unit = pd.factorize(pd.MultiIndex.from_arrays([p.stream[rows], absolute // per_day]))[0]
    if include_unobserved:
        unit_w = pd.Series(w).groupby(unit).mean().to_numpy()
        missing = np.clip(unit_w.sum() * slot - observed, 0, None)
        table = np.column_stack([table, missing])
        names = names + [NOT_OBSERVED]
    slots = pd.Index(clock_label(day0 + slot * np.arange(per_day)), name="slot")
    minutes_frame = pd.DataFrame(table, index=slots, columns=pd.Index(names, name="category"))
    total = pd.Series(observed + (missing if include_unobserved else 0), index=slots)
    shares = minutes_frame.div(total.where(total > 0), axis=0)
    pairs = pd.DataFrame({"slot": in_day, "unit": unit}).drop_duplicates()
    worker_days = np.bincount(pairs["slot"].to_numpy(), minlength=per_day)
    who = pd.factorize(p.frame[person_column(p.frame, worker)].to_numpy()[rows])[0]
    people = pd.DataFrame({"slot": in_day, "who": who}).drop_duplicates()["slot"]
    coverage = pd.DataFrame({"worker_days": worker_days,
                             "workers": np.bincount(people.to_numpy(), minlength=per_day),
                             "observed": observed / slot}, index=slots)
    cell = pd.DataFrame({"slot": in_day, "label": label, "who": who}).drop_duplicates()
    by_cell = np.bincount(cell["slot"].to_numpy() * n_labels + cell["label"].to_numpy(),
                          minlength=per_day * n_labels).reshape(per_day, n_labels)
    people = pd.DataFrame(by_cell, index=slots, columns=pd.Index(label_names(p.labels)))
    return Tempogram(shares, minutes_frame, coverage, slot, day0, people)


@dataclass(frozen=True, repr=False)
class Transitions(ObservationResult):
    """Transitions between categories of consecutive episodes.

    Attributes
    ----------
    counts : DataFrame
        Weighted number of transitions, from the category in the row to the one in
        the column.
    probabilities : DataFrame
        ``counts`` with rows divided by their totals (NaN for a category never left).
    rates : DataFrame
        One row, ``all``: ``transitions``, ``switches`` (to a different category),
        ``hours`` (observed, counted once, the sessions' quiet time included) and
        ``switches_per_hour``; with weights,
        all are weighted (a stream's hours by its episodes' mean weight).
    people : DataFrame or None
        As ``counts``, the number of people (``participant_key`` where the episodes have
        one) who made each transition: what the published probabilities rest on.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import transitions
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:30", "2026-03-09 10:00"])
    >>> eps = pd.DataFrame({"worker_id": "A", "start": t, "end": t + pd.Timedelta("30min"),
    ...                     "category": ["recording", "travel", "recording"]})
    >>> tr = transitions(eps)
    >>> tr.probabilities.loc["travel", "recording"], float(tr.rates["hours"].iloc[0])
    (np.float64(1.0), 1.5)
    """

    counts: pd.DataFrame
    probabilities: pd.DataFrame
    rates: pd.DataFrame
    people: pd.DataFrame | None = None

    title = "Transitions between categories"

    def summary(self) -> pd.DataFrame:
        """The probabilities, with the number of transitions out of each category."""
        return self.probabilities.assign(transitions_out=self.counts.sum(axis=1))

    def to_frame(self) -> pd.DataFrame:
        """Long table: ``from``, ``to``, ``transitions``, ``probability``."""
        long = self.counts.stack(future_stack=True).rename("transitions").to_frame()
        long["probability"] = self.probabilities.stack(future_stack=True)
        return long.rename_axis(["from", "to"]).reset_index()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"transitions": self.summary(), "transition_rates": self.rates}

    def plot(self, ax=None):
        """Heatmap of the transition probabilities.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.transitions_plot`.
        """
        from timestudy.plots import transitions_plot

        return transitions_plot(self.probabilities,
                                switches_per_hour=self.rates["switches_per_hour"].iloc[0], ax=ax)


def transitions(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    max_gap: float | None = None,
    weight: str | None = None,
    worker: str = "worker_id",
    session: str | None = "auto",
    day_start: str | float = "04:00",
) -> Transitions:
    """Transition matrix between the categories of consecutive episodes.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, ``worker`` and the ``by`` columns.
    by : str or list of str
        The categories.
    max_gap : float, optional
        Most minutes between one episode's end and the next one's start for the
        pair to count as a transition (``None``: any gap within the stream).
    weight : str, optional
        Column of survey weights; a transition carries the weight of the episode left.
    worker, session : str
        Columns of one stream (see :func:`multitasking`); without a session a
        stream is a worker's diary day starting at ``day_start``, not cut there
        while work goes on (a new stream needs a gap of over 60 minutes across the
        day's start).
    day_start : str or float
        Start of the diary day (``"04:00"``, or hours) for streams without a session.

    Returns
    -------
    Transitions

    Examples
    --------
    recording, travel, direct work, recording: one transition out of each of the
    first three.

    >>> import pandas as pd
    >>> from timestudy import transitions
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00",
    ...                     "2026-03-09 10:30", "2026-03-09 12:00"])
    >>> eps = pd.DataFrame({"worker_id": "A", "start": t, "end": t + pd.Timedelta("30min"),
    ...     "category": ["recording", "travel", "direct_work", "recording"]})
    >>> tr = transitions(eps)
    >>> tr.counts.loc["recording", "travel"], tr.rates["switches"].iloc[0]
    (np.float64(1.0), np.float64(3.0))
    """
    episodes = one_session_at_a_time(episodes, worker, session)  # as observation_study
    p = prepare(episodes, by=by, worker=worker, session=session, weight=weight)
    if max_gap is not None and not max_gap >= 0:
        raise TimestudyError(f"`max_gap` must be 0 or more minutes, or None, not {max_gap!r}")
    stream = work_streams(p, day_start)  # a session, else a worker's day not cut mid-work
    order = np.lexsort((p.end, p.start, stream))
    a, b = order[:-1], order[1:]
    gap = (p.start[b] - p.end[a]) / US_PER_MIN
    keep = (stream[a] == stream[b]) & (gap <= (np.inf if max_gap is None else max_gap))
    a, b = a[keep], b[keep]
    n = len(p.labels)
    counts = np.bincount(p.label[a] * n + p.label[b], p.weight[a], n * n).reshape(n, n)
    names = label_names(p.labels)
    counts_frame = pd.DataFrame(
        counts, index=pd.Index(names, name="from"), columns=pd.Index(names, name="to")
    )
    row = counts.sum(axis=1, keepdims=True)
    # float out: bincount of no transitions is int64 even with weights
    probs = np.divide(counts, row, out=np.full(counts.shape, np.nan), where=row > 0)
    probabilities = pd.DataFrame(probs, index=counts_frame.index, columns=counts_frame.columns)
    # With weights, hours are weighted the same way (a stream by its episodes' mean weight), so
    # that switches per hour is a weighted rate.
    n_streams = len(p.streams)
    stream_weight = np.bincount(p.stream, p.weight, n_streams) / np.bincount(
        p.stream, None, n_streams
    )
    observed = covered_minutes(p.frame, p.stream, p.start, p.end, n_streams)
    observed = observed + quiet_minutes(p, worker)  # quiet: observed
    hours = (observed * stream_weight).sum() / 60
    switches = float(counts.sum() - np.trace(counts))
    rates = pd.DataFrame(
        {
            "transitions": [float(counts.sum())],
            "switches": [switches],
            "hours": [hours],
            "switches_per_hour": [switches / hours if hours > 0 else np.nan],
        },
        index=pd.Index(["all"]),
    )
    who = pd.Series(episodes[person_column(episodes, worker)].to_numpy(object)[a])
    pair = who.groupby(p.label[a] * n + p.label[b]).nunique().reindex(range(n * n), fill_value=0)
    people = pd.DataFrame(pair.to_numpy(np.int64).reshape(n, n), index=counts_frame.index,
                          columns=counts_frame.columns)
    return Transitions(counts_frame, probabilities, rates, people)
