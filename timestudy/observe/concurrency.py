"""Multitasking: the share of observed time in which a worker does more than one thing.

Concurrency comes from episodes of the same stream that overlap in time (WOMBAT
and TimeCaT record simultaneous tasks as overlapping rows) and from a secondary
activity recorded on an episode (WOMBAT's *Multi With*, a diary's secondary
activity column), which adds a second activity for the whole episode.

Two methods, one per study (``method``):

``"overlap"``
    Overlapping episodes of a stream, and secondary activities, are multitasking, but for
    an interruption the row it interrupts names (``interrupted_by``, by task id) lying
    inside that row's span: while it runs, the interrupted task is paused (a layout
    without pause columns writes the interrupted task as one row around it).
``"recorded"``
    The export's own record: only episodes it marks as done in parallel
    (``multitask_with``, WOMBAT's *multi with*) count, and only where two or more of them
    overlap. An overlap the export does not record as multitasking is not multitasking
    (ingest flags it ``overlap``); an export that records none has none.
``"auto"``
    ``"recorded"`` when the episodes have a ``multitask_with`` column, whatever its
    values, else ``"overlap"``: a rule on the layout, never on which values happen to be
    filled, so every file of one study gets the same method. Asking for ``"recorded"``
    without the column is refused.

Which time is concurrent is read from the wall-clock positions of the episodes; how
many minutes it is, from the minutes ingest counted (``counted_min``, so a clock
change or a timer's own duration counts as ingest counts it; see
:mod:`timestudy.observe._counted`). ``episode_min`` is the plain sum of the episodes'
own minutes (``duration_min``).

Time is never counted twice. The *observed* time of a stream is the time covered
by at least one episode (the union of its episodes: the sum of their counted
minutes) plus, where the episodes carry their session's clock times
(``session_start``, ``session_end``: WOMBAT), the rest of the session, observed with
no task recorded (:mod:`timestudy.observe._span`; ``levels`` shows it as 0
activities); *multitasking* time is the
time covered by two or more activities at once; the share is one over the other.
By label (category, task type...), a label's minutes are the time in which at
least one episode of that label is going on (counted once within the label), and
its multitasking minutes the part of that time with two or more activities. Two
labels going on at once both count that time, so the labels' minutes can add up
to more than the observed time; the ``all`` row counts it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._counted import (
    counted,
    integral_at,
    level_at,
    line,
    own_minutes,
    segment_minutes,
)
from timestudy.observe._interruption_tables import field_counts, named_inside
from timestudy.observe._once import one_session_at_a_time
from timestudy.observe._result import ObservationResult
from timestudy.observe._span import person_column, quiet_minutes
from timestudy.observe._timeline import (
    US_PER_MIN,
    Segments,
    need_columns,
    prepare,
    stack,
    sweep,
    trim,
)

__all__ = ["Multitasking", "multitasking"]


@dataclass(frozen=True, repr=False)
class Multitasking(ObservationResult):
    """Share of observed time spent multitasking, overall, by label and by stream.

    Attributes
    ----------
    by : list of str
        The label columns.
    table : DataFrame
        One row per label: ``episodes``, ``minutes`` (time with the label going on,
        counted once within the label: a minute two labels share counts in each, so the
        labels' minutes may add up past ``observed_min``), ``multitasking_min``,
        ``multitasking_workers`` (the people multitasking in it), ``share_multitasking``
        (``multitasking_min / minutes``) and ``share_of_observed``
        (``minutes`` over all observed minutes, counted once).
    totals : DataFrame
        One row, ``all``: ``episodes``, ``episode_min`` (the plain sum of the
        episodes' own minutes, ``duration_min``, which counts concurrent time more
        than once), ``observed_min``
        (counted once), ``multitasking_min``, ``multitasking_workers`` and
        ``share_multitasking``.
    levels : DataFrame
        Minutes spent doing ``level`` activities at once (1, 2, 3...; 0 for the
        sessions' quiet time, when there is some) and their share of observed time.
    by_stream : DataFrame
        Per worker (and session): ``observed_min``, ``multitasking_min``,
        ``share_multitasking``.
    method : str
        ``"recorded"`` or ``"overlap"`` (see the module notes).

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import multitasking
    >>> eps = pd.DataFrame({"worker_id": ["A", "A"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:10"]),
    ...     "end": pd.to_datetime(["2026-03-09 09:30", "2026-03-09 09:20"]),
    ...     "category": ["recording", "admin"]})
    >>> m = multitasking(eps)
    >>> m.method, m.levels["minutes"].tolist()
    ('overlap', [20.0, 10.0])
    """

    by: list
    table: pd.DataFrame
    totals: pd.DataFrame
    levels: pd.DataFrame
    by_stream: pd.DataFrame
    method: str = "overlap"

    title = "Multitasking (each label's time counted once within the label)"

    @property
    def share(self) -> float:
        """Share of all observed time with more than one activity going on."""
        return float(self.totals["share_multitasking"].iloc[0])

    def summary(self) -> pd.DataFrame:
        """The by-label table followed by the ``all`` row (time counted once)."""
        total = self.totals.drop(columns=["episode_min"]).rename(
            columns={"observed_min": "minutes"}
        )
        total["share_of_observed"] = 1.0
        if isinstance(self.table.index, pd.MultiIndex):
            idx = ("all",) + ("",) * (self.table.index.nlevels - 1)
            total.index = pd.MultiIndex.from_tuples([idx], names=self.table.index.names)
        return pd.concat([self.table, total[self.table.columns]])

    def to_frame(self) -> pd.DataFrame:
        """The by-label table."""
        return self.table.copy()

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "multitasking": self.summary(),
            "multitasking_levels": self.levels,
            "multitasking_by_stream": self.by_stream,
        }

    def plot(self, ax=None):
        """Horizontal bars of the share of each label's time spent multitasking.

        Returns
        -------
        matplotlib.axes.Axes
            See :func:`timestudy.plots.multitasking_plot`.
        """
        from timestudy.plots import multitasking_plot

        return multitasking_plot(self.table, overall=self.share, by=self.by, ax=ax)


def _secondary_mask(episodes: pd.DataFrame, secondary: str | None) -> np.ndarray:
    if secondary == "auto":
        secondary = "secondary_activity" if "secondary_activity" in episodes.columns else None
    if secondary is None:
        return np.zeros(len(episodes), bool)
    need_columns(episodes, [secondary], "pass secondary=None if there are no secondary activities")
    text = episodes[secondary].astype("string").str.strip()
    return (text.notna() & (text != "")).to_numpy(bool)


METHODS = ("auto", "recorded", "overlap")


def choose_method(episodes: pd.DataFrame, method: str, column: str = "multitask_with") -> str:
    """The multitasking method for ``episodes`` (see the module notes); refused if unsupported.

    Examples
    --------
    >>> choose_method(pd.DataFrame({"multitask_with": [None]}), "auto")
    'recorded'
    >>> choose_method(pd.DataFrame({"activity": ["x"]}), "auto")
    'overlap'
    """
    if method not in METHODS:
        raise TimestudyError(f"`method` must be one of {', '.join(METHODS)}, not {method!r}")
    if method == "auto":
        return "recorded" if column in episodes.columns else "overlap"
    if method == "recorded":
        need_columns(episodes, [column], "the export records no multitasking: use "
                     "method='overlap' (--multitasking overlap) to derive it from overlaps")
    return method


def multitasking(
    episodes: pd.DataFrame,
    by: str | Sequence[str] = "category",
    *,
    method: str = "auto",
    secondary: str | None = "auto",
    worker: str = "worker_id",
    session: str | None = "auto",
) -> Multitasking:
    """Share of observed time with more than one activity, overall and by label.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``start``, ``end``, the ``worker`` column and the ``by``
        columns (after :func:`timestudy.categorise` for ``category``).
    by : str or list of str
        Label columns, e.g. ``"category"`` or ``["category", "task_type"]``.
    method : {"auto", "recorded", "overlap"}
        Where multitasking comes from (module notes).
    secondary : str or None
        Column of secondary activities; a non-blank value adds a second activity
        for the whole episode. ``"auto"`` uses ``secondary_activity`` if present.
    worker, session : str
        Columns identifying one observed stream. ``session="auto"`` uses
        ``session_id`` when present, so two observers' sessions of the same
        worker are never merged; ``None`` treats each worker as one stream.

    Returns
    -------
    Multitasking

    Examples
    --------
    A phone call from 09:10 to 09:20 during case notes from 09:00 to 09:30: 30
    minutes observed, 10 of them with two activities.

    >>> import pandas as pd
    >>> from timestudy import multitasking
    >>> eps = pd.DataFrame({
    ...     "worker_id": ["A", "A"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:10"]),
    ...     "end": pd.to_datetime(["2026-03-09 09:30", "2026-03-09 09:20"]),
    ...     "category": ["recording", "admin"]})
    >>> m = multitasking(eps)
    >>> m.totals[["observed_min", "multitasking_min"]].iloc[0].tolist(), round(m.share, 3)
    ([30.0, 10.0], 0.333)
    >>> m.table["share_multitasking"].to_dict()
    {'admin': 1.0, 'recording': 0.3333333333333333}
    """
    episodes = one_session_at_a_time(episodes, worker, session)  # as observation_study
    p = prepare(episodes, by=by, worker=worker, session=session)
    method = choose_method(episodes, method)
    n_streams = len(p.streams)
    st = stack(p.stream, p.start, p.end, n_streams)
    seg = _sweep(episodes, st, method, secondary, _paused(p, episodes, st, method))
    seg_stream = np.clip(np.searchsorted(st.offset, seg.start, side="right") - 1, 0, None)
    on, multi = seg.level >= 1, seg.level >= 2
    # minutes as ingest counted them, on the wall-clock segments (see _counted)
    c = counted(episodes, p.stream, p.start, p.end, n_streams)
    cl = line(c, st, p.stream)
    seg_us = segment_minutes(seg, cl)
    pt = np.flatnonzero(c.point > 0)  # counted time at a point: its level where it sits
    pt_level = level_at(seg, st.key(p.stream[pt], p.start[pt] + (p.end[pt] - p.start[pt]) // 2))
    pt_level = pt_level + (p.end[pt] == p.start[pt])
    pt_us, pt_multi = c.point[pt], pt_level >= 2
    quiet = quiet_minutes(p, worker)  # observed, no task recorded
    observed = (np.bincount(seg_stream, seg_us * on, n_streams)
                + np.bincount(p.stream[pt], pt_us, n_streams)) / US_PER_MIN + quiet
    multi_min = (np.bincount(seg_stream, seg_us * multi, n_streams)
                 + np.bincount(p.stream[pt], pt_us * pt_multi, n_streams)) / US_PER_MIN
    label_min, label_multi = _label_minutes(p, st, seg, seg_us, cl)
    label_min[pt] += pt_us / US_PER_MIN  # a point counts for its own label
    label_multi[pt] += pt_us * pt_multi / US_PER_MIN
    people = _stream_people(episodes, p, worker)
    table = _by_label(p, label_min, label_multi, observed.sum(), people[p.stream])
    totals = pd.DataFrame(
        {
            "episodes": [len(p.start)],
            "episode_min": [own_minutes(episodes, p.start, p.end).sum()],
            "observed_min": [observed.sum()],
            "multitasking_min": [multi_min.sum()],
            "multitasking_workers": [pd.Series(people[multi_min > 0]).nunique()],
        },
        index=pd.Index(["all"], name=table.index.names[0]),
    )
    totals["share_multitasking"] = _ratio(totals["multitasking_min"], totals["observed_min"])
    by_stream = p.streams.assign(observed_min=observed, multitasking_min=multi_min)
    by_stream["share_multitasking"] = _ratio(by_stream["multitasking_min"], observed)
    return Multitasking(
        by=list(p.labels.names),
        table=table,
        totals=totals,
        levels=_levels(np.concatenate([seg.level, pt_level]),
                       np.concatenate([seg_us, pt_us]), observed.sum(), quiet,
                       np.concatenate([seg_stream, p.stream[pt]]),
                       people),
        by_stream=by_stream,
        method=method,
    )


def _paused(p, episodes: pd.DataFrame, st, method: str) -> tuple | None:
    """With ``"overlap"``, the spans (keys on ``st``) in which an interrupted row is paused
    for an interruption it names that lies inside it, and the row; else None."""
    if method == "recorded" or "interrupted_by" not in episodes.columns:
        return None
    _, named, at = field_counts(episodes, "interrupted_by")
    j = named_inside(p, episodes, named, at)
    at, j = at[j >= 0], j[j >= 0]
    return st.key(p.stream[j], p.start[j]), st.key(p.stream[j], p.end[j]), at


def _sweep(episodes: pd.DataFrame, st, method: str, secondary: str | None,
           paused: tuple | None = None) -> Segments:
    """The number of activities going on between consecutive boundaries, by ``method``;
    ``paused`` (:func:`_paused`) takes a row's activities off for each span it holds."""
    if method == "recorded":
        marked = episodes["multitask_with"].astype("string").str.strip()
        weight = (marked.notna() & (marked != "")).to_numpy(np.int64)
        seg_all = sweep(st.start, st.end)  # the same boundaries, in the same order
        seg = sweep(st.start, st.end, weight)
        level = np.where(seg_all.level >= 1, np.maximum(seg.level, 1), 0)
        return Segments(seg.start, seg.length, level)
    w = 1 + _secondary_mask(episodes, secondary).astype(np.int64)
    if paused is None or not len(paused[2]):
        return sweep(st.start, st.end, w)
    lo, hi, row = paused
    return sweep(np.concatenate([st.start, lo]), np.concatenate([st.end, hi]),
                 np.concatenate([w, -w[row]]))


def _label_minutes(p, st, seg: Segments, seg_us: np.ndarray, cl) -> tuple[np.ndarray, np.ndarray]:
    """Each episode's share of its label's time (counted once within the label) and the
    multitasking part of it, in minutes: the stream's counted time where the label goes on."""
    n_labels = len(p.labels)
    codes, uniq = pd.factorize(p.stream * n_labels + p.label)
    kept = np.minimum(trim(codes.astype(np.int64), p.start, p.end, len(uniq)), p.end)
    lo, hi = st.key(p.stream, kept), st.key(p.stream, p.end)
    indicator = (seg.level >= 2).astype(np.int64)
    label_multi = (integral_at(seg, seg_us, indicator, cl, hi)
                   - integral_at(seg, seg_us, indicator, cl, lo))
    return cl.between(lo, hi) / US_PER_MIN, label_multi / US_PER_MIN


def _ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0)


def _by_label(p, label_min: np.ndarray, label_multi: np.ndarray, observed: float,
              who: np.ndarray) -> pd.DataFrame:
    """By label; ``multitasking_workers``: the people (``who``, by episode) multitasking."""
    n = len(p.labels)
    multi = pd.Series(who[label_multi > 0]).groupby(p.label[label_multi > 0]).nunique()
    table = pd.DataFrame(
        {
            "episodes": np.bincount(p.label, minlength=n),
            "minutes": np.bincount(p.label, label_min, n),
            "multitasking_min": np.bincount(p.label, label_multi, n),
            "multitasking_workers": multi.reindex(range(n), fill_value=0).to_numpy(np.int64),
        },
        index=p.labels,
    )
    table["share_multitasking"] = _ratio(table["multitasking_min"], table["minutes"])
    table["share_of_observed"] = table["minutes"] / observed if observed > 0 else np.nan
    return table


def _stream_people(episodes: pd.DataFrame, p, worker: str) -> np.ndarray:
    """The person of each stream (``participant_key`` where the episodes have one)."""
    who = pd.Series(episodes[person_column(episodes, worker)].to_numpy(object))
    return who.groupby(p.stream).first().reindex(range(len(p.streams))).to_numpy(object)


def _levels(level: np.ndarray, counted_us: np.ndarray, observed: float,
            quiet: np.ndarray, stream: np.ndarray, people: np.ndarray) -> pd.DataFrame:
    """Minutes at each number of activities at once; 0 is the quiet time of the sessions
    (observed, nothing recorded: ``quiet`` by stream), shown only when there is some;
    ``workers``, the people (``people`` of each ``stream``) with time at the level."""
    on = (level >= 1) & (counted_us > 0)
    level = level[on]
    minutes = np.bincount(level, counted_us[on])[1:] / US_PER_MIN if on.any() else np.zeros(0)
    minutes = np.concatenate([[quiet.sum()], minutes])
    out = pd.DataFrame(
        {"minutes": minutes}, index=pd.RangeIndex(0, len(minutes), name="activities")
    )
    who = pd.Series(people[stream[on]]).groupby(level).nunique()
    who[0] = pd.Series(people[quiet > 0]).nunique()
    out.insert(0, "workers", who.reindex(out.index, fill_value=0).astype(np.int64))
    out["share_of_observed"] = out["minutes"] / observed if observed > 0 else np.nan
    return out[out["minutes"] > 0]
