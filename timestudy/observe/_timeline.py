"""Episodes as intervals on one number line: checking, streams, sweeps and trimming.

Every measure of the observation package starts here. :func:`prepare` checks the
episodes at the public boundary and turns them into integer arrays: the observed
*stream* of each episode (a worker, or a worker's observation session), its label
(category, task type...), and its start and end in microseconds. :func:`stack`
then shifts each stream's times so that streams follow one another on a single
number line without touching, which lets one sort, one cumulative sum or one
``searchsorted`` do the work of a loop over workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._codes import MISSING_LABEL as MISSING_LABEL
from timestudy.observe._codes import codes_of as codes_of

US_PER_MIN = 60_000_000
US_PER_S = 1_000_000


@dataclass(frozen=True)
class Prepared:
    """Checked episodes as arrays, in the caller's row order.

    Attributes
    ----------
    frame : DataFrame
        The episodes (not copied; never modified).
    stream : ndarray of int
        Code of each episode's stream; ``streams`` row ``k`` describes code ``k``.
    streams : DataFrame
        The worker (and session) columns of each stream.
    start, end : ndarray of int64
        Wall-clock times in microseconds since 1970: positions only; minutes come
        from the episodes' own figures (:mod:`timestudy.observe._counted`).
    label : ndarray of int
        Code of each episode's label; ``labels`` item ``k`` names code ``k``.
    labels : Index
        The labels, sorted (a MultiIndex when ``by`` names several columns).
    weight : ndarray of float
        Survey weight of each episode (ones without a weight column).
    """

    frame: pd.DataFrame
    stream: np.ndarray
    streams: pd.DataFrame
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    labels: pd.Index
    weight: np.ndarray


def as_list(columns: str | Sequence[str] | None) -> list[str]:
    """Column names as a list (``None`` gives an empty list)."""
    if columns is None:
        return []
    return [columns] if isinstance(columns, str) else list(columns)


def check_frame(episodes: object, name: str = "episodes") -> pd.DataFrame:
    """Raise unless ``episodes`` is a non-empty DataFrame."""
    if not isinstance(episodes, pd.DataFrame):
        raise TimestudyError(
            f"`{name}` must be a pandas DataFrame, not {type(episodes).__name__}: read the file "
            "first with timestudy.read_diary(path, layout='wombat')"
        )
    if episodes.empty:
        raise TimestudyError(f"`{name}` has no rows: there is nothing to measure")
    return episodes


def need_columns(episodes: pd.DataFrame, columns: Sequence[str], hint: str = "") -> None:
    """Raise naming every required column that is absent."""
    missing = [c for c in columns if c not in episodes.columns]
    if missing:
        names = ", ".join(f"`{c}`" for c in missing)
        raise TimestudyError(
            f"the episodes have no column {names}; columns are {list(episodes.columns)[:15]}"
            + (f": {hint}" if hint else "")
        )


def _rows(mask: np.ndarray) -> str:
    where = np.flatnonzero(mask)
    shown = ", ".join(str(i) for i in where[:5])
    return f"{len(where)} rows (positions {shown}{', ...' if len(where) > 5 else ''})"


def times_us(episodes: pd.DataFrame, column: str) -> np.ndarray:
    """Wall-clock times of ``column`` as int64 microseconds, parsing text if need be."""
    values = episodes[column]
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = pd.to_datetime(values, errors="coerce")
        bad = (values.notna() & parsed.isna()).to_numpy(bool)
        if bad.any():
            raise TimestudyError(
                f"column `{column}` has {_rows(bad)} that are not times, such as "
                f"{str(values[bad].iloc[0])!r}: use ISO 8601 like 2026-03-09T09:30, or read the "
                "file with timestudy.read_diary"
            )
        values = parsed
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)  # the local wall clock, as diaries are kept
    missing = values.isna().to_numpy(bool)
    if missing.any():
        raise TimestudyError(
            f"column `{column}` has {_rows(missing)} without a time: drop those rows, or read the "
            "file with timestudy.read_diary, which rejects them with a reason"
        )
    return values.to_numpy("datetime64[us]").view("int64")


def stream_columns(episodes: pd.DataFrame, worker: str, session: str | None) -> list[str]:
    """The columns that identify one observed stream: the worker, and the session if any.

    ``session="auto"`` uses ``session_id`` when the episodes have it.
    """
    need_columns(episodes, [worker], "pass worker=<the column naming the person observed>")
    if session == "auto":
        session = "session_id" if "session_id" in episodes.columns else None
    if session is not None:
        need_columns(episodes, [session], "pass session=None to treat each worker as one stream")
        return [worker, session]
    return [worker]


def check_by(episodes: pd.DataFrame, by: str | Sequence[str]) -> list[str]:
    """The label columns, checked; a missing ``category`` suggests categorising first."""
    cols = as_list(by)
    if not cols:
        raise TimestudyError("`by` must name at least one column, such as 'category'")
    hint = (
        "categorise the episodes first with timestudy.categorise(episodes, taxonomy=...), "
        "or pass by='activity_code'"
        if set(cols) & {"category", "task_type"}
        else "pass by=<a column of the episodes>"
    )
    need_columns(episodes, cols, hint)
    return cols


def weights_of(episodes: pd.DataFrame, weight: str | None) -> np.ndarray:
    """Survey weights: a non-negative finite numeric column, or ones."""
    if weight is None:
        return np.ones(len(episodes))
    need_columns(episodes, [weight], "pass weight=None for equal weights")
    w = pd.to_numeric(episodes[weight], errors="coerce").to_numpy(float)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise TimestudyError(
            f"column `{weight}` has {_rows(bad)} that are not non-negative numbers: survey "
            "weights must be 0 or more; fill or drop the missing ones"
        )
    return w


def prepare(
    episodes: pd.DataFrame,
    *,
    by: str | Sequence[str],
    worker: str = "worker_id",
    session: str | None = "auto",
    weight: str | None = None,
    start: str = "start",
    end: str = "end",
) -> Prepared:
    """Check the episodes and turn them into arrays (see :class:`Prepared`)."""
    check_frame(episodes)
    need_columns(episodes, [start, end], "read the file with timestudy.read_diary")
    stream_cols = stream_columns(episodes, worker, session)
    by_cols = check_by(episodes, by)
    s, e = times_us(episodes, start), times_us(episodes, end)
    backwards = e < s
    if backwards.any():
        raise TimestudyError(
            f"column `{end}` is before `{start}` in {_rows(backwards)}: swap them, or read the "
            "file with timestudy.read_diary, which rejects such rows"
        )
    stream, keys = codes_of(episodes, stream_cols)
    label, labels = codes_of(episodes, by_cols)
    streams = keys.to_frame(index=False) if isinstance(keys, pd.MultiIndex) else keys.to_frame()
    return Prepared(
        frame=episodes,
        stream=stream,
        streams=streams.reset_index(drop=True),
        start=s,
        end=e,
        label=label,
        labels=labels,
        weight=weights_of(episodes, weight),
    )


#: A gap longer than this (minutes; ingest's ``gap_minutes`` default, the ``gap_before``
#: flag) across the diary day's start ends a worker's stream when there is no session.
STREAM_GAP_MIN = 60.0


def work_streams(p: Prepared, day_start: str | float = "04:00",
                 gap_min: float = STREAM_GAP_MIN) -> np.ndarray:
    """The observed stream of each episode: its session, else its worker's diary day.

    With a session column a stream is a session. Without one it is a worker's diary day
    (from ``day_start``), except that work going on across the day's start is not cut
    there: a new stream starts only where the worker's next episode starts on a later
    diary day than every earlier episode has ended *and* more than ``gap_min`` minutes
    after. Work from 03:30 to 04:30 is one stream; a night ending 03:00 and a morning
    from 09:00 are two.

    Examples
    --------
    Work 03:30-04:10 and 04:10-04:30 (across 04:00), then 09:00 the next day: two streams.

    >>> eps = pd.DataFrame({"worker_id": "A", "category": "x",
    ...     "start": pd.to_datetime(["2026-03-10 03:30", "2026-03-10 04:10", "2026-03-11 09:00"]),
    ...     "end": pd.to_datetime(["2026-03-10 04:10", "2026-03-10 04:30", "2026-03-11 09:20"])})
    >>> work_streams(prepare(eps, by="category")).tolist()
    [0, 0, 1]
    """
    if p.streams.shape[1] > 1:
        return p.stream
    day0, day = parse_clock(day_start) * US_PER_MIN, 1440 * US_PER_MIN
    st = stack(p.stream, p.start, p.end, len(p.streams))
    order = np.lexsort((st.end, st.start))
    worker = p.stream[order]
    start = p.start[order]
    # where the worker's earlier work reaches (groups never interleave on the line)
    reach = st.time(worker, np.maximum.accumulate(st.end[order]))
    gap = start[1:] - reach[:-1]
    later_day = (start[1:] - day0) // day > (reach[:-1] - 1 - day0) // day
    new = np.ones(len(order), bool)
    new[1:] = (worker[1:] != worker[:-1]) | (later_day & (gap > gap_min * US_PER_MIN))
    run = np.empty(len(order), np.int64)
    run[order] = np.cumsum(new) - 1
    return run


@dataclass(frozen=True)
class Stacked:
    """Times shifted so that each group occupies its own stretch of one number line.

    ``key = time - origin[group] + offset[group]``; groups are separated by at
    least one microsecond, so an interval of one group never meets another's.
    """

    start: np.ndarray
    end: np.ndarray
    origin: np.ndarray
    offset: np.ndarray

    def key(self, group: np.ndarray, time: np.ndarray) -> np.ndarray:
        """Keys of more times of the same groups."""
        return time - self.origin[group] + self.offset[group]

    def time(self, group: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Wall-clock times back from keys."""
        return key - self.offset[group] + self.origin[group]


def stack(group: np.ndarray, start: np.ndarray, end: np.ndarray, n_groups: int) -> Stacked:
    """Put the intervals of every group on one number line, groups one after another."""
    origin = np.full(n_groups, np.iinfo(np.int64).max)
    np.minimum.at(origin, group, start)
    last = np.full(n_groups, np.iinfo(np.int64).min)
    np.maximum.at(last, group, end)
    empty = origin > last
    origin[empty], last[empty] = 0, 0
    width = last - origin + 2
    if width.astype(np.float64).sum() > 2**62:
        raise TimestudyError(
            "the episodes span too long a time to analyse at once: split the study by year"
        )
    offset = np.concatenate([[0], np.cumsum(width)[:-1]]).astype(np.int64)
    shift = offset[group] - origin[group]
    return Stacked(start + shift, end + shift, origin, offset)


@dataclass(frozen=True)
class Segments:
    """Elementary segments between consecutive boundaries, with the level over each."""

    start: np.ndarray
    length: np.ndarray
    level: np.ndarray


def sweep(start: np.ndarray, end: np.ndarray, weight: np.ndarray | None = None) -> Segments:
    """The level (number, or total weight, of intervals covering) between consecutive boundaries.

    Examples
    --------
    >>> seg = sweep(np.array([0, 5]), np.array([10, 8]))
    >>> seg.start.tolist(), seg.length.tolist(), seg.level.tolist()
    ([0, 5, 8], [5, 3, 2], [1, 2, 1])
    """
    w = np.ones(len(start), np.int64) if weight is None else weight
    keys = np.concatenate([start, end])
    delta = np.concatenate([w, -w])
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    level = np.cumsum(delta[order])
    return Segments(k[:-1], np.diff(k), level[:-1])


def trim(group: np.ndarray, start: np.ndarray, end: np.ndarray, n_groups: int,
         tie: np.ndarray | None = None) -> np.ndarray:
    """Start of each interval after the part already covered by earlier ones of its group.

    Intervals are taken in order of start, then of ``tie`` (the source's line,
    ``source_row``, as ingest takes them) or of the rows; an interval keeps only the time
    no earlier interval of the group
    covered, so the kept parts ``[trimmed_start, max(end, trimmed_start))`` never
    overlap and make up the union of the group's intervals (used where only that union
    matters; where counted minutes lie is :func:`~timestudy.ingest.overlaps.counted_pieces`,
    the rule of ``counted_min`` at ingest). Returned in the caller's order.

    Examples
    --------
    >>> trim(np.array([0, 0, 0]), np.array([0, 30, 90]), np.array([60, 50, 120]), 1).tolist()
    [0, 60, 90]
    """
    st = stack(group, start, end, n_groups)
    order = (np.argsort(st.start, kind="stable") if tie is None
             else np.lexsort((np.asarray(tie), st.start)))
    running = np.maximum.accumulate(st.end[order])
    previous = np.concatenate([[np.iinfo(np.int64).min], running[:-1]])
    kept = np.empty(len(start), np.int64)
    kept[order] = np.maximum(st.start[order], previous)
    return st.time(group, kept)


def split_periods(
    start: np.ndarray, end: np.ndarray, origin: int | np.ndarray, period: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut intervals at the boundaries ``origin + k * period``.

    Returns, for each piece, the interval it came from, the period ``k`` it lies
    in and its length (same unit as the times). Empty intervals give no piece.
    ``origin`` is one number or one per interval.

    Examples
    --------
    >>> split_periods(np.array([5, 20]), np.array([25, 20]), origin=0, period=10)
    (array([0, 0, 0]), array([0, 1, 2]), array([ 5, 10,  5]))
    """
    first = (start - origin) // period
    last = (end - origin - 1) // period
    count = np.where(end > start, last - first + 1, 0)
    rows = np.repeat(np.arange(len(start)), count)
    step = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    k = first[rows] + step
    at = origin[rows] if np.ndim(origin) else origin
    lo = np.maximum(start[rows], k * period + at)
    hi = np.minimum(end[rows], (k + 1) * period + at)
    return rows, k, hi - lo


def label_names(labels: pd.Index) -> list[str]:
    """Labels as text, the parts of a several-column label joined by `` / ``."""
    return [" / ".join(map(str, v)) if isinstance(v, tuple) else str(v) for v in labels]


def index_frame(index: pd.Index) -> pd.DataFrame:
    """An index's levels as columns (one column for a plain index)."""
    if isinstance(index, pd.MultiIndex):
        return index.to_frame(index=False)
    return pd.DataFrame({index.name or "label": np.asarray(index)})


def clock_label(minutes: np.ndarray) -> list[str]:
    """Minutes after midnight as ``HH:MM`` (wrapping past 24:00)."""
    m = np.asarray(minutes, dtype=np.int64) % 1440
    return [f"{h:02d}:{mm:02d}" for h, mm in zip(m // 60, m % 60, strict=True)]


def parse_clock(value: str | float, name: str = "day_start") -> int:
    """``"04:00"`` or ``4`` (hours) as minutes after midnight."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        minutes = float(value) * 60
    else:
        try:
            hours, mins = str(value).split(":")
            minutes = int(hours) * 60 + int(mins)
        except ValueError:
            raise TimestudyError(
                f"`{name}` must be a time like '04:00' or a number of hours, not {value!r}"
            ) from None
    if not 0 <= minutes < 1440 or minutes != int(minutes):
        raise TimestudyError(f"`{name}` must be a whole minute from 00:00 to 23:59, not {value!r}")
    return int(minutes)
