"""The accepted episodes as one table, in worker and start order, flagged.

Rows are put in order once: the order is found on integer codes (the worker's code and
the start in nanoseconds, :mod:`timestudy.ingest.order`), or handed on from the search
for duplicates, and each column is then taken once in that order, the flags computed
on a second core meanwhile. A file already in order is not copied at all.
"""

from __future__ import annotations

from concurrent.futures import Executor
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.arrow import sorted_codes
from timestudy.ingest.early import ordered_text, take_text
from timestudy.ingest.flags import flag_episodes
from timestudy.ingest.order import in_order, sort_order
from timestudy.schema.clock import diary_date
from timestudy.schema.tables import load_schema

TIME_FIELDS = ("start", "end", "duration_min")
NS_PER_DAY = 86_400_000_000_000


def accepted_episodes(
    work, good, values, times, cand, raw, origin, mapping, known, workers=None, hint=None,
    encoded=None, early=None, *, pool: Executor,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Episodes of the rows ``good`` of ``work`` in worker and start order, ties in file order,
    with ``counted_min`` and ``flags``; and the number of episodes with each flag.

    ``known`` is ``(worker_ids, case_ids)``; ``workers`` may give worker codes of the
    ``good`` rows already made; ``hint`` may give positions of the rows of ``work`` that
    are likely in order (it is checked before it is used); ``encoded`` may give text
    columns of ``values`` dictionary-encoded (:mod:`timestudy.ingest.encoded`), taken in
    order through their codes; ``early`` (:class:`~timestudy.ingest.early.EarlyText`) may
    have the text columns taken in the order ``hint`` already, used when that order holds.
    The flags and the text columns are made on ``pool`` (two threads: numpy and Arrow
    release the GIL), which its owner shuts down (:func:`timestudy._lib.threads.thread_pool`).
    """
    schema = load_schema("episodes")
    take, worker_codes, start_at, source_row = _ordered(
        work, good, values, times, raw, origin, workers, hint
    )
    early = early if early is not None and early.usable(take) else None  # (else stopped)
    # the columns taken early, and the one being taken there now (waited for last, while
    # the others are taken beside it)
    got, pending = early.handover() if early is not None else ({}, {})
    text = partial(_text, values, take, encoded or {}, got, pending)

    def rows(arr: np.ndarray) -> np.ndarray:
        return arr if take is None else arr[take]

    n = len(start_at)
    ids = {  # the identifiers first, when they are to be looked up in the tables given
        name: text(name) if name in values else _empty_text(n)
        for name in ("worker_id", "case_id")
        if any(k is not None for k in known)
    }
    fresh = take is not None  # arrays gathered here are the episodes' own
    start, start_own = _or_view(times.start, times.start_at, start_at, rows, fresh)
    end_at = rows(times.end_at)
    end, end_own = _or_view(times.end, times.end_at, end_at, rows, fresh)
    minutes = rows(times.minutes)
    day = start.view("i8") - _day_start_ns(mapping)
    day //= NS_PER_DAY  # the diary day of each episode, as a number
    flagged = pool.submit(
        flag_episodes, {"worker_id": None, "case_id": None, **ids, "duration_min": minutes},
        worker_codes, start_at, end_at, mapping,
        {k: _rows_of_mask(v, take) for k, v in times.flags.items()}, *known, day,
    )
    wanted = [  # each text column taken once, in order, two at a time
        *(name for name in schema.names
          if name in values and name not in TIME_FIELDS and name not in ids),
        *cand.extras,
    ]
    extra = {col: work[col] for col in cand.extras}
    taken = {name: pool.submit(text, name, extra.get(name))
             for name in wanted if name not in pending}
    pool.shutdown(wait=False)  # its threads end when done (their owner's block waits for them)
    # pandas copies an array it is given unless told not to: each array below is this
    # frame's own (made here, or gathered here), so it is handed over, not copied
    cols: dict[str, pd.Series] = dict(ids)
    cols["duration_min"] = pd.Series(  # (ungathered, they may be the caller's own numbers)
        minutes, dtype=float, copy=not (fresh or minutes.flags.owndata)
    )
    cols["source_row"] = _own(source_row.astype(np.int64, copy=False))  # a fresh array
    counted, flags, counts = flagged.result()
    # the flags are done with the instants: those gathered here (``fresh``) are the starts
    # and ends themselves (:func:`_or_view`), now turned into microseconds in place
    cols["start"] = _own(_as_us(start, fresh=start_own or fresh))
    cols["end"] = _own(_as_us(end, fresh=end_own or fresh))
    cols.update({name: text(name, extra.get(name)) for name in wanted if name in pending})
    cols.update({name: future.result() for name, future in taken.items()})
    missing = [name for name in schema.names if name not in cols]
    if missing:  # text columns the layout lacks: one column of nulls, shared
        empty = _empty_text(n)
        cols.update({name: empty.copy(deep=False) for name in missing})
    cols["diary_date"] = _diary_dates(day, cols["start"], mapping)  # (the flags are done with day)
    cols["counted_min"] = _own(counted)
    cols["flags"] = flags
    order = (*schema.names, *cand.extras, "source_row", "diary_date", "counted_min", "flags")
    # no copy into blocks: each column is its own array
    return pd.DataFrame({name: cols[name] for name in order}, copy=False), counts


def _text(values, take, encoded, got, pending, name: str, column: pd.Series | None = None
          ) -> pd.Series:
    """The episodes' text column ``name`` (of the checked ``values``, or the extra input
    ``column``) in the order ``take``: as it was taken early while the times were read
    (``got``, or ``pending``: being taken there, waited for), through its encoding, or
    taken now."""
    if name in got:
        return got[name]
    early = pending[name]() if name in pending else None
    if early is not None:
        return early
    if column is not None:
        return take_text(column, take)
    return ordered_text(values[name], take, encoded.get(name))


def _own(values: np.ndarray) -> pd.Series:
    """A column holding ``values`` itself: an array made for it and shared with nothing."""
    return pd.Series(values, copy=False)


def _ordered(work, good, values, times, raw, origin, workers, hint):
    """Positions of the ``good`` rows of ``work`` in worker, start and line order (None: as they
    are, every row), and the worker codes, starts and lines in that order."""
    sel = None if len(good) == len(work) else good  # None: every row, whole columns
    worker_codes = sorted_codes(values["worker_id"]) if workers is None else workers
    if workers is None and sel is not None:
        worker_codes = worker_codes[sel]
    start_at = times.start_at if sel is None else times.start_at[sel]
    source_row = raw.source_row[origin if sel is None else origin[sel]]
    order, moved = _order(worker_codes, start_at, source_row, _within(hint, good, len(work)))
    if order is None:
        return sel, worker_codes, start_at, source_row
    take = order if sel is None else sel[order]
    return take, *(moved or (worker_codes[order], start_at[order], source_row[order]))


def _rows_of_mask(mask: np.ndarray, take: np.ndarray | None) -> np.ndarray:
    """A flag's mask for the rows ``take`` (all false: no gather)."""
    mask = np.asarray(mask, bool)
    if take is None:
        return mask
    return mask[take] if mask.any() else np.zeros(len(take), bool)


def _within(hint: np.ndarray | None, good: np.ndarray, n_work: int) -> np.ndarray | None:
    """``hint`` (positions in ``work``) as positions among the ``good`` rows."""
    if hint is None or len(good) == n_work:
        return hint
    position = np.full(n_work, -1, np.int64)
    position[good] = np.arange(len(good))
    moved = position[hint]
    return moved[moved >= 0]


def _order(worker, start_at, source_row, hint) -> tuple[np.ndarray | None, tuple | None]:
    """Positions that sort by worker, start and line (None when already sorted): the
    ``hint`` when it does, else one sort on the codes; and, for the hint, the three
    arrays already put in its order (None: not made)."""
    if hint is not None and len(hint) == len(worker):
        moved = (worker[hint], start_at[hint], source_row[hint])
        if in_order(*moved):
            return (None, None) if (hint[1:] > hint[:-1]).all() else (hint, moved)
    return sort_order(worker, start_at, source_row), None


def _or_view(stamps: np.ndarray, instants: np.ndarray, ordered: np.ndarray, rows, fresh: bool):
    """``stamps`` (wall clock, ns) put in order by ``rows``, and whether the result is an array
    of its own (``fresh``, made here). Without a time zone the ``instants`` are the stamps'
    own memory, and ``ordered`` (the instants already in order) serves as the stamps too:
    one gather from all over the column, not two (the view is shared: not its own).

    Examples
    --------
    >>> s = np.array([5, 3], "M8[ns]")
    >>> out, own = _or_view(s, s.view("i8"), s.view("i8")[[1, 0]], lambda a: a[[1, 0]], True)
    >>> out.view("i8").tolist(), own
    ([3, 5], False)
    """
    same = (
        stamps.dtype == np.dtype("M8[ns]")
        and instants.dtype == np.dtype("i8")
        and stamps.shape == instants.shape
        and stamps.strides == instants.strides
        and stamps.__array_interface__["data"][0] == instants.__array_interface__["data"][0]
    )
    if same:
        return ordered.view("M8[ns]"), False
    return rows(stamps), fresh


def _as_us(stamps: np.ndarray, fresh: bool) -> np.ndarray:
    """``datetime64[ns]`` stamps as ``datetime64[us]`` (NumPy's cast: floor division), worked
    in place when the array is ``fresh`` (made here, shared with nothing), by integer
    division into a new one otherwise, where it holds no NaT.

    Examples
    --------
    >>> _as_us(np.array([-1, 1_999], "M8[ns]"), fresh=False).tolist()
    [datetime.datetime(1969, 12, 31, 23, 59, 59, 999999), datetime.datetime(1970, 1, 1, 0, 0, 0, 1)]
    >>> _as_us(np.array([-1, 1_999], "M8[ns]"), fresh=True).tolist()
    [datetime.datetime(1969, 12, 31, 23, 59, 59, 999999), datetime.datetime(1970, 1, 1, 0, 0, 0, 1)]
    """
    if not (stamps.dtype == np.dtype("M8[ns]") and len(stamps)):
        return stamps.astype("M8[us]")
    ns = stamps.view("i8")
    if ns.min() == np.iinfo(np.int64).min:  # a NaT: the cast keeps it, the division would not
        return stamps.astype("M8[us]")
    if not fresh:  # (the integer division is the cast less its checks: a third of its time)
        return np.floor_divide(ns, 1000).view("M8[us]")
    ns //= 1000
    return ns.view("M8[us]")


def _day_start_ns(mapping) -> int:
    """Where a diary day starts, in nanoseconds after midnight (04:00 by default)."""
    return int(round(mapping.day_start_hours * 3600 * 1e9))


def _diary_dates(day: np.ndarray, start: pd.Series, mapping) -> pd.Series:
    """:func:`~timestudy.schema.clock.diary_date` of ``start``, from the diary day numbers
    ``day`` already made (and turned into the dates in place) where the day start is the same whole number of nanoseconds both
    ways (it is, unless the hour is a fraction no nanosecond count holds)."""
    if (
        start.dtype != np.dtype("M8[us]")
        or pd.Timedelta(hours=mapping.day_start_hours).value != _day_start_ns(mapping)
    ):
        return diary_date(start, mapping.day_start_hours)
    day *= NS_PER_DAY // 1000  # in place: the day numbers are not wanted after this
    return _own(day.view("M8[us]"))


def _empty_text(n: int) -> pd.Series:
    """A text column of ``n`` missing values, without a million Python NAs."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string())), dtype="string")
