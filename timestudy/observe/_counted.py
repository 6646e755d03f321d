"""The minutes of each episode as ingest counted them, laid on the wall-clock timeline.

Two things of an episode are kept apart:

*where* it is
    ``start`` and ``end``, the wall clock the diary was kept in (as
    :func:`timestudy.read_diary` returns them). Positions are what the observation
    measures look at: order, overlaps, gaps, slots and diary days.
*how many minutes* it is
    The figures ingest gives, never the difference of two wall-clock times, which is
    wrong across a clock change (``--timezone``: 22:00 to 02:30 on the spring night in
    Europe/London is 210 minutes, not 270) and wherever the source keeps its own
    duration (a Toggl timer rounded up to 15 minutes over 7.5 on the clock).

The figures, by column of the episodes:

``duration_min``
    The episode's *own* minutes (the source's duration, or the true elapsed time):
    plain sums of durations (``episode_min`` of multitasking, time on task).
``counted_min``
    The minutes ingest counted once per worker: a minute several episodes cover goes to
    the one of them that ends first (:func:`~timestudy.ingest.overlaps.overlap_minutes`: a
    call 13:00-13:15 written inside lunch 12:30-13:30 counts its 15 minutes, lunch 45; of
    entries that overlap in part, the one that started first keeps the shared time), so
    a worker's minutes add up to the time covered. Every figure of time counted once (observed
    time, time budgets, tempogram minutes, hours behind the rates) comes from it.
    Where the column is absent or blank, it is ``duration_min`` less the part of the
    wall-clock interval counted for other episodes (ingest's rule); without either,
    the wall clock. It is ingest's count over all of a worker's episodes: measure
    whole workers, or blank the column for a subset of a worker's episodes
    (:func:`~timestudy.observe.observation_study` does so for the workers whose
    paired second session it leaves out).

A value within a microsecond of the wall clock is taken as the wall clock, so data
without clock changes or durations of their own give exactly the wall-clock figures.
An episode's counted minutes are spread evenly over the pieces of its wall-clock
interval it keeps, those no other episode counts
(:func:`~timestudy.ingest.overlaps.counted_pieces`, the same sweep as ``counted_min``:
lunch with a call keeps 12:30-13:00 and 13:15-13:30, the call 13:00-13:15; what falls
in each slot or diary day is in proportion); where it keeps no clock time (a timer with
a duration but equal start and end, or a copy of another with a longer duration) the
minutes sit at one point, the episode's start, and count for the episode's own label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.ingest.overlaps import content_tie, counted_pieces, may_interrupt
from timestudy.observe._timeline import (
    US_PER_MIN,
    Segments,
    Stacked,
    split_periods,
    stack,
    trim,
)


def _column_us(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A minutes column as float microseconds (NaN where absent or not a number)."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(float) * US_PER_MIN


def _snapped(value: np.ndarray, wall: np.ndarray) -> np.ndarray:
    """``value`` where it is a number at least a microsecond from ``wall``, else ``wall``."""
    wall = wall.astype(float)
    keep = np.isfinite(value) & (np.abs(value - wall) >= 1)
    return np.where(keep, np.maximum(value, 0.0), wall)


def own_minutes(frame: pd.DataFrame, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Each episode's own minutes: ``duration_min``, else the wall clock.

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": [210.0, None]})
    >>> own_minutes(f, np.array([0, 0]), np.array([270, 30]) * US_PER_MIN).tolist()
    [210.0, 30.0]
    """
    return _snapped(_column_us(frame, "duration_min"), end - start) / US_PER_MIN


def own_rate(frame: pd.DataFrame, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Own minutes per wall-clock minute of each episode (exactly 1 where they agree).

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": [15.0, 30.0]})
    >>> own_rate(f, np.array([0, 0]), np.array([15, 60]) * US_PER_MIN // 2).tolist()
    [2.0, 1.0]
    """
    wall = end - start
    own = _snapped(_column_us(frame, "duration_min"), wall)
    rate = np.divide(own, wall, out=np.ones(len(wall)), where=wall > 0)
    rate[own == wall] = 1.0
    return rate


@dataclass(frozen=True)
class Counted:
    """Counted microseconds of each episode on the pieces of the clock it keeps.

    Per piece: its episode ``row`` (caller's row order), ``lo`` to ``hi`` on the clock and
    ``rate``, counted time per wall-clock microsecond. Per episode: ``point``, counted
    time at one instant ``at`` (where it keeps no clock time).
    """

    row: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    rate: np.ndarray
    point: np.ndarray
    at: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """Counted microseconds of each episode."""
        on = np.bincount(self.row, self.rate * (self.hi - self.lo), len(self.point))
        return on + self.point


def _lines(frame: pd.DataFrame) -> np.ndarray | None:
    """The source's line of each episode, which orders episodes that start together."""
    return frame["source_row"].to_numpy() if "source_row" in frame else None


def counted(
    frame: pd.DataFrame, group: np.ndarray, start: np.ndarray, end: np.ndarray, n_groups: int
) -> Counted:
    """The counted time of each episode within its ``group`` (a worker, or a stream).

    Examples
    --------
    Lunch 12:30-13:30 and a call 13:00-13:15 (minutes after 12:30): the call keeps its
    15 minutes, lunch 12:30-13:00 and 13:15-13:30; the DST night's 270 wall minutes
    count 210.

    >>> f = pd.DataFrame({"counted_min": [45.0, 15.0, 210.0]})
    >>> c = counted(f, np.array([0, 0, 1]), np.array([0, 30, 0]) * US_PER_MIN,
    ...             np.array([60, 45, 270]) * US_PER_MIN, 2)
    >>> (c.total / US_PER_MIN).tolist(), c.row.tolist(), (c.lo // US_PER_MIN).tolist()
    ([45.0, 15.0, 210.0], [0, 0, 1, 2], [0, 45, 30, 0])
    """
    del n_groups  # (the groups are told apart by their codes)
    n = len(start)
    p = counted_pieces(
        group, start, end, _column_us(frame, "counted_min") / US_PER_MIN,
        own=own_minutes(frame, start, end), interrupts=may_interrupt(frame),
        tie=content_tie(frame), per_minute=US_PER_MIN,
    )
    row, lo, hi = (p[c].to_numpy() for c in ("row", "start", "end"))
    on = hi > lo
    point = np.bincount(row[~on], p["minutes"].to_numpy()[~on] * US_PER_MIN, n)
    return Counted(row[on], lo[on], hi[on], p["rate"].to_numpy()[on], point, start)


def parallel(frame: pd.DataFrame) -> np.ndarray:
    """Which episodes the export records as parallel tasks (flagged ``multitasking``).

    Examples
    --------
    >>> parallel(pd.DataFrame({"flags": ["multitasking;overlap", "overlap", None]})).tolist()
    [True, False, False]
    """
    if "flags" not in frame:
        return np.zeros(len(frame), bool)
    flags = frame["flags"].astype("string")
    held = flags.str.contains(r"(?:^|;)multitasking(?:;|$)", regex=True)
    return held.fillna(False).to_numpy(bool)


def in_full(c: Counted, frame: pd.DataFrame, start: np.ndarray, end: np.ndarray) -> Counted:
    """``c`` with each parallel task (:func:`parallel`) holding its own minutes in full.

    WOMBAT counts a task recorded as parallel with others (*multi with*) for its own
    whole time, so a task's minutes may overlap another's and the tasks' minutes may
    add up past the time observed. Such an episode keeps its own minutes
    (``duration_min``) over its whole clock span; every other episode keeps its counted
    pieces, so a figure of time counted once still comes from ``c``.

    Examples
    --------
    Notes 0-60 and a call 15-45 (minutes) recorded as parallel: counted once the call
    has 0, in full 30.

    >>> f = pd.DataFrame({"flags": ["multitasking", "multitasking"],
    ...                   "counted_min": [60.0, 0.0]})
    >>> s, e = np.array([0, 15]) * US_PER_MIN, np.array([60, 45]) * US_PER_MIN
    >>> c = counted(f, np.array([0, 0]), s, e, 1)
    >>> (c.total / US_PER_MIN).tolist(), (in_full(c, f, s, e).total / US_PER_MIN).tolist()
    ([60.0, 0.0], [60.0, 30.0])
    """
    par = parallel(frame)
    if not par.any():
        return c
    keep = ~par[c.row]
    spans = np.flatnonzero(par & (end > start))
    rate = own_rate(frame, start, end)[spans]
    point = np.where(par, 0.0, c.point)
    at_point = np.flatnonzero(par & (end <= start))
    point[at_point] = own_minutes(frame, start, end)[at_point] * US_PER_MIN
    return Counted(
        np.concatenate([c.row[keep], spans]), np.concatenate([c.lo[keep], start[spans]]),
        np.concatenate([c.hi[keep], end[spans]]), np.concatenate([c.rate[keep], rate]),
        point, c.at,
    )


def pieces(
    c: Counted, origin: int | np.ndarray, period: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counted minutes of each episode in each period ``origin + k * period``.

    Returns the episode of each piece, its period ``k`` and its minutes; an
    episode's point (see :class:`Counted`) is a piece in the period of ``at``.
    ``origin`` is one number or one per episode.

    Examples
    --------
    >>> c = Counted(np.array([0]), np.array([5]), np.array([25]), np.array([0.5]),
    ...             np.array([0.0, 60e6]), np.array([5, 30]))
    >>> rows, k, minutes = pieces(c, 0, 10)
    >>> rows.tolist(), k.tolist(), (minutes * US_PER_MIN).tolist()
    ([0, 0, 0, 1], [0, 1, 2, 3], [2.5, 5.0, 2.5, 60000000.0])
    """
    at = origin[c.row] if np.ndim(origin) else origin
    idx, k, length = split_periods(c.lo, c.hi, at, period)
    rows = c.row[idx]
    minutes = length * c.rate[idx] / US_PER_MIN
    points = np.flatnonzero(c.point > 0)
    if not len(points):
        return rows, k, minutes
    at = origin[points] if np.ndim(origin) else origin
    k_points = (c.at[points] - at) // period
    return (
        np.concatenate([rows, points]),
        np.concatenate([k, k_points]),
        np.concatenate([minutes, c.point[points] / US_PER_MIN]),
    )


@dataclass(frozen=True)
class Line:
    """The counted time of one set of groups on their stacked number line.

    ``at(key)`` is the counted microseconds (points left out) from the beginning of
    the line to ``key``, so ``at(b) - at(a)`` is the counted time in ``[a, b)``.
    """

    start: np.ndarray
    length: np.ndarray
    rate: np.ndarray
    before: np.ndarray

    def at(self, key: np.ndarray) -> np.ndarray:
        """Counted microseconds before each key."""
        if not len(self.start):
            return np.zeros(len(key))
        j = np.searchsorted(self.start, key, side="right") - 1
        jj = np.clip(j, 0, None)
        inside = np.clip(key - self.start[jj], 0, self.length[jj]) * self.rate[jj]
        return np.where(j >= 0, self.before[jj] + inside, 0.0)

    def between(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Counted microseconds in ``[lo, hi)``."""
        return self.at(hi) - self.at(lo)


def line(c: Counted, st: Stacked, group: np.ndarray) -> Line:
    """The kept pieces of ``c`` (groups stacked as in ``st``) as a :class:`Line`."""
    lo = st.key(group[c.row], c.lo)
    order = np.argsort(lo, kind="stable")
    length = (c.hi - c.lo)[order]
    rate = c.rate[order]
    mass = length * rate
    before = np.concatenate([[0.0], np.cumsum(mass)[:-1]])
    return Line(lo[order], length, rate, before)


def segment_minutes(seg: Segments, counted_line: Line) -> np.ndarray:
    """Counted microseconds in each segment of a sweep (points left out)."""
    return counted_line.between(seg.start, seg.start + seg.length)


def level_at(seg: Segments, key: np.ndarray) -> np.ndarray:
    """The sweep's level at each key (0 outside every segment)."""
    if not len(seg.start):
        return np.zeros(len(key), np.int64)
    j = np.searchsorted(seg.start, key, side="right") - 1
    jj = np.clip(j, 0, None)
    inside = (j >= 0) & (key < seg.start[jj] + seg.length[jj])
    return np.where(inside, seg.level[jj], 0)


def integral_at(seg: Segments, seg_us: np.ndarray, indicator: np.ndarray,
                counted_line: Line, at: np.ndarray) -> np.ndarray:
    """Counted microseconds of the segments with ``indicator`` set, from the line's start to ``at``.

    ``seg_us`` is :func:`segment_minutes` of ``seg``; the segment holding ``at`` counts
    up to ``at``.
    """
    if not len(seg.start):
        return np.zeros(len(at))
    on = seg_us * indicator
    before = np.concatenate([[0.0], np.cumsum(on)[:-1]])
    j = np.searchsorted(seg.start, at, side="right") - 1
    jj = np.clip(j, 0, None)
    upto = np.minimum(at, seg.start[jj] + seg.length[jj])
    inside = counted_line.between(seg.start[jj], upto) * indicator[jj]
    return np.where(j >= 0, before[jj] + inside, 0.0)


def covered_minutes(
    frame: pd.DataFrame,
    stream: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    n_streams: int,
    within: np.ndarray | None = None,
    n_within: int = 0,
) -> np.ndarray:
    """Counted minutes per stream, or per group ``within`` streams (a stream's label).

    A group's minutes are the stream's counted time wherever one of the group's
    episodes is going on (counted once within the group), plus the points of its own
    episodes.

    Examples
    --------
    Recording 0-60 and admin 30-90 (minutes): 90 observed; recording's 60 and
    admin's 60 overlap by 30.

    >>> f = pd.DataFrame({"category": ["recording", "admin"]})
    >>> s, e = np.array([0, 30]) * US_PER_MIN, np.array([60, 90]) * US_PER_MIN
    >>> covered_minutes(f, np.array([0, 0]), s, e, 1).tolist()
    [90.0]
    >>> covered_minutes(f, np.array([0, 0]), s, e, 1, np.array([0, 1]), 2).tolist()
    [60.0, 60.0]
    """
    c = counted(frame, stream, start, end, n_streams)
    if within is None:
        return np.bincount(stream, c.total / US_PER_MIN, n_streams)
    st = stack(stream, start, end, n_streams)
    kept = np.minimum(trim(within, start, end, n_within, _lines(frame)), end)
    us = line(c, st, stream).between(st.key(stream, kept), st.key(stream, end)) + c.point
    return np.bincount(within, us / US_PER_MIN, n_within)
