"""When each candidate episode started and ended, and for how long, whatever way it was written.

Start comes from ``start`` (a date and time), from ``date`` plus ``start_time``, or
from a slot grid's ``date`` plus minutes. A bare start time earlier than the row's
day start (``day_start_time``, or ``diary_day_start`` with ``times_before_day_start:
next_day``) is on the next calendar day. End comes from ``end``, from ``end_time``
(on ``end_date`` if given, else on the start's date), or from the start plus
``duration_min``. The one rule for time (:mod:`timestudy.ingest.timerules`) then
decides zero-length records, bare ends before their start, long entries and which of a
duration and the clock times counts. With a time zone the clock times stay as written
(wall clock) while the duration is the true elapsed time across a clock change.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from timestudy.ingest._reader import ColumnReader
from timestudy.ingest.clock_limits import entry_allowance, roll_bare_ends
from timestudy.ingest.dated import FLAG, OVER_DAY, over_day_reasons, place_in_zone, place_rows
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.passes import by_length
from timestudy.ingest.pauses import paused_ends, resolve_pauses
from timestudy.ingest.shift_dates import order_flags, read_by_order
from timestudy.ingest.time_columns import (
    durations,
    end_column,
    end_times,
    missing_end,
    start_column,
    start_times,
)
from timestudy.ingest.timerules import (
    NAT_I8,
    NS_PER_MIN,
    apply_rules,
    limit_durations,
    on_day,
)
from timestudy.ingest.totals import OncePerRead, dated_totals
from timestudy.ingest.untimed_rows import read_apart, untimed_rows
from timestudy.ingest.zones import (
    CHECKED_ZONE,
    clock_moved,
    instants,
    near_change,
    refuse_skipped,
    unchecked,
    wall_clock,
    zoned_span,
)
from timestudy.schema import parse


@dataclass
class Times:
    """Start, end and counted minutes of each candidate, with the failures and flags found.

    ``start``/``end`` are wall-clock datetime64[ns] (NaT where unusable);
    ``start_at``/``end_at`` are int64 instants in ns (UTC with a time zone, wall clock
    without) used for ordering and overlaps. ``minutes`` is what is counted (the
    source's own duration or the clock, by ``minutes_from``); ``source_minutes`` is the
    source's own duration where it has one, else the clock span (NaN where unknown),
    for the account of minutes in and out. ``flags`` holds a mask per flag code.
    ``pauses`` holds each row's pauses (start, end in ns on the wall clock, then their
    instants; ``NaT_I8`` where none).
    """

    start: np.ndarray
    end: np.ndarray
    minutes: np.ndarray
    start_at: np.ndarray
    end_at: np.ndarray
    failures: list[pd.DataFrame] = field(default_factory=list)
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    source_minutes: np.ndarray | None = None
    pauses: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def duration_mismatch(self) -> np.ndarray:
        return self.flags.get("duration_mismatch", np.zeros(len(self.start), bool))

    @property
    def clock_change(self) -> np.ndarray:
        return self.flags.get("clock_change", np.zeros(len(self.start), bool))

    def rows(self, keep: np.ndarray) -> Times:
        """These times of the rows ``keep`` only (positions, increasing), instants that are
        the stamps' own memory (no time zone) kept so: what :func:`resolve_times` of those
        rows gives where each row is read on its own (:func:`read_alone`).

        Examples
        --------
        >>> f = pd.DataFrame({"start": ["2026-03-09 09:00", "2026-03-09 10:00"],
        ...                   "end": ["2026-03-09 09:30", "2026-03-09 11:00"]})
        >>> t = resolve_times(f, {}, DiaryMapping()).rows(np.array([1]))
        >>> t.minutes.tolist(), np.shares_memory(t.start, t.start_at)
        ([60.0], True)
        """
        start, end = self.start[keep], self.end[keep]
        return Times(
            start, end, self.minutes[keep], _kept_instants(self.start_at, self.start, start, keep),
            _kept_instants(self.end_at, self.end, end, keep), [],
            {code: mask[keep] for code, mask in self.flags.items()},
            None if self.source_minutes is None else self.source_minutes[keep], None,
        )


#: Layouts whose times :func:`resolve_times` reads row by row (no rule looks at another row:
#: no file order, worker-day or pause), unless a clock change is left unchecked.
ROW_LAYOUTS = frozenset({"canonical", "duration"})


def read_alone(times: Times, layout: str) -> bool:
    """Whether ``times`` (:func:`resolve_times` of a ``layout``) read each row on its own,
    so that the times of some rows are theirs in these (:meth:`Times.rows`): a layout of
    :data:`ROW_LAYOUTS`, no failure (whose reasons may name other rows), no pause and no
    entry flagged ``clock_change_unchecked`` (judged against the worker's other entries).

    Examples
    --------
    >>> f = pd.DataFrame({"start": ["2026-03-09 09:00"], "end": ["2026-03-09 09:30"]})
    >>> read_alone(resolve_times(f, {}, DiaryMapping()), "canonical")
    True
    >>> read_alone(resolve_times(f.assign(end="x"), {}, DiaryMapping()), "canonical")
    False
    """
    unchecked = times.flags.get("clock_change_unchecked")
    return (layout in ROW_LAYOUTS and not times.failures and times.pauses is None
            and (unchecked is None or not unchecked.any()))


def kept_times(timed: Future, keep: np.ndarray, work: pd.DataFrame, labels: dict,
               mapping: DiaryMapping, layout: str, clock: dict, totals=None) -> Times:
    """The times of the rows ``keep`` (``work``) of a file whose every row's times were
    read (``timed``, a future of :func:`resolve_times`, done): taken from that read where
    each row was read on its own (:func:`read_alone`: a second export appended to a diary
    of start and end), else read again of those rows alone (``clock``: the encodings of
    every row, :class:`~timestudy.ingest.encoded.Encoded`).

    Examples
    --------
    >>> from concurrent.futures import Future
    >>> f = pd.DataFrame({"start": ["2026-03-09 09:00", "2026-03-09 09:00"],
    ...                   "end": ["2026-03-09 09:30", "2026-03-09 09:30"]})
    >>> timed = Future()
    >>> timed.set_result(resolve_times(f, {}, DiaryMapping(), "canonical"))
    >>> kept_times(timed, np.array([0]), f.iloc[:1], {}, DiaryMapping(), "canonical",
    ...            {}).minutes.tolist()
    [30.0]
    """
    try:
        every = timed.result()
    except Exception:  # noqa: BLE001 (the read of the kept rows says why)
        every = None
    if every is not None and read_alone(every, layout):
        return every.rows(keep)
    clock = {name: e.rows(keep) for name, e in clock.items()}
    return resolve_times(work, labels, mapping, layout, clock, totals)


def _kept_instants(instants: np.ndarray, stamps: np.ndarray, kept: np.ndarray,
                   keep: np.ndarray) -> np.ndarray:
    """``instants[keep]``: a view of the ``kept`` stamps where the instants are a view of
    the ``stamps`` (no time zone: :func:`_on_the_clock`), so the two stay one array."""
    if (instants.dtype == np.dtype("i8") and stamps.dtype == np.dtype("M8[ns]")
            and instants.shape == stamps.shape and np.shares_memory(instants, stamps)):
        return kept.view("i8")
    return instants[keep]


def resolve_times(
    frame: pd.DataFrame,
    labels: dict,
    mapping: DiaryMapping,
    layout: str | None = None,
    encoded: dict | None = None,
    totals: OncePerRead | None = None,
) -> Times:
    """Start, end and duration of every candidate in ``frame``, collecting every failure.

    ``encoded`` may give text columns of ``frame`` dictionary-encoded already
    (:class:`~timestudy.ingest.encoded.Encoded`, by name): each is then read from its
    encoding, not encoded again. ``totals`` may give the read's total rows of a diary
    without times, worked out already (:class:`~timestudy.ingest.totals.OncePerRead`).

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["09/03/2026"], "start_time": ["23:30"], "end_time": ["0:30"]})
    >>> t = resolve_times(f, {}, DiaryMapping())
    >>> str(t.end[0]), t.minutes.tolist(), t.flags["crossed_midnight"].tolist()
    ('2026-03-10T00:30:00.000000000', [60.0], [True])

    A zero-length record is an instantaneous event, never 24 hours:

    >>> f = pd.DataFrame({"date": ["09/03/2026"], "start_time": ["11:11"], "end_time": ["11:11"]})
    >>> t = resolve_times(f, {}, DiaryMapping())
    >>> t.minutes.tolist(), t.flags["instantaneous"].tolist()
    ([0.0], [True])
    """
    layout = layout or mapping.layout
    untimed = untimed_rows(frame, layout)
    if untimed is not None:  # rows with no time of day among timed ones (.untimed_rows)
        return read_apart(resolve_times, frame, labels, mapping, layout, encoded, untimed)
    r = ColumnReader(frame, labels, mapping, encoded)
    limit = mapping.entry_limit_minutes(layout)
    placed = layout == "dated"
    placed_at = None  # the placed rows' instants, with a time zone
    timer = layout in ("wombat", "toggl")
    if placed:  # no time of day: the rows placed in file order (timestudy.ingest.dated)
        source, source_given = durations(r)
        start, placed_at, allowance, origin = _placed(r, source, limit, totals)
    else:
        start = origin = start_times(r)  # a day's maximum: on the clock from it (.clock_limits)
        allowance = entry_allowance(start, limit, mapping.timezone, timer)
    end, given, bare = end_times(r, start)
    if not placed:
        source, source_given = durations(r, start, end)
    elapsed = r.minutes("elapsed", "an elapsed time")[0] if "elapsed" in frame else None
    unzoned = None if mapping.timezone or timer else entry_allowance(origin, limit, CHECKED_ZONE)
    too_long = limit_durations(r, source, elapsed, limit, timer, allowance, unzoned)
    no_end = np.isnat(end)
    if no_end.any():  # (the usual diary gives every end: nothing to add, and none missing)
        missing_end(r, frame, no_end, given, source_given, start, layout)
        from_duration = no_end & ~given & ~np.isnan(source) & ~np.isnat(start) & ~too_long
    else:
        from_duration = np.zeros(len(end), bool)
    if from_duration.any():
        end = np.where(from_duration, _plus(start, np.where(from_duration, source, 0.0)), end)
    tz = mapping.timezone if not placed else None  # placed rows: their ends are built
    respan = partial(zoned_span, tz=tz, given=r.passes) if tz else None
    near = None if tz else near_change
    end, wrapped = roll_bare_ends(r, start, end, bare, source, elapsed, respan, near)
    # a night written under its shift's date: the rows after a step back on the next day
    start, end, by_order = read_by_order(r, start, end, given & ~bare & ~no_end, layout)
    excluded = too_long | wrapped
    pauses, paused, paused_end = (None, None, None)
    if _has_pauses(frame):
        pauses, paused, bad, paused_end = resolve_pauses(r, start, end, ~excluded)
        excluded |= bad
    rules = apply_rules(
        r, frame, start, end, excluded, source, elapsed, from_duration, paused, limit, layout,
        respan, near,
    )
    if placed:
        rules.flags[FLAG] = ~np.isnat(rules.start)
    if by_order is not None:  # (.shift_dates)
        rules.flags.update(order_flags(by_order, rules.valid))
    start_at, end_at = _on_the_clock(r, rules, source, from_duration, mapping.timezone,
                                     placed_at)
    if paused_end is not None:  # a paused row's end: read after its last pause (.pauses)
        end_at, rules.flags["clock_change"] = paused_ends(
            rules, end, (start_at, end_at), paused_end, r.passes.get("end"))
    clock = rules.clock(start_at, end_at)
    minutes = rules.counted(start_at, end_at, clock)
    return Times(
        rules.start, rules.end, minutes, start_at, end_at, r.failures, rules.flags,
        _slot_minutes(frame, rules.source_minutes(clock)), pauses,
    )


def _slot_minutes(frame: pd.DataFrame, source: np.ndarray) -> np.ndarray:
    """``source`` with a slot grid's runs whose day could not be read given their slots'
    minutes (slots x their length: known without a date), for the minutes account."""
    if "_end_min" not in frame or "_start_min" not in frame:
        return source
    length = frame["_end_min"].to_numpy(float) - frame["_start_min"].to_numpy(float)
    return np.where(np.isnan(source), length, source)


def _placed(r: ColumnReader, source: np.ndarray, limit: float,
            totals: OncePerRead | None = None) -> tuple:
    """Starts of the rows of a diary without times (with their instants, each row's longest
    entry, None: the ``limit``, and its diary day's start), placed in file order within each worker-day from the diary day's start (:func:`timestudy.ingest.dated.place_rows`; with
    a time zone :func:`~timestudy.ingest.dated.place_in_zone`), and their instants (None
    without a zone); every row of a worker-day longer than its diary day rejected
    ``day_over_24_hours``. A row without a readable worker, date or duration (rejected for
    that) or longer than ``limit`` (rejected as too long) takes no place in its day, nor
    does a total row (:func:`~timestudy.ingest.totals.dated_totals`, rejected
    ``total_row``): its minutes are the day's entries again."""
    day, day_blank = r.dates("date")
    r.required("date", day_blank)
    r.required("duration_min", r.text("duration_min").isna().to_numpy()
               if r.frame["duration_min"].dtype.kind not in "iuf"
               else r.frame["duration_min"].isna().to_numpy())
    _, worker, _ = r.coded("worker_id")
    tz, hours, start_at, length = r.mapping.timezone, r.mapping.day_start_hours, None, None
    opens = on_day(day.astype("M8[ns]"), np.full(len(day), hours * 60.0))
    allowance = entry_allowance(opens, limit, tz)  # from the diary day's start, on the clock
    if allowance is not None:  # (a spring day's 23 hours: the day's own check says so)
        allowance = np.maximum(allowance, limit)
    most = limit if allowance is None else allowance
    usable = (~np.isnat(day) & ~np.isnan(source) & (source <= most) & (worker >= 0))
    sums = dated_totals(r.frame, source) if totals is None else totals.dated(r.frame, source)
    usable &= ~sums  # a sheet's sum: no place, no part of the day
    if tz:
        start, start_at, total, over, length = place_in_zone(worker, day, source, usable,
                                                             hours, tz)
    else:
        start, total, over = place_rows(worker, day, source, usable, hours)
    if over.any():
        pos = np.flatnonzero(over)
        who = r.text("worker_id").iloc[pos]
        shown = r.frame["duration_min"].iloc[pos]
        r.failures.append(pd.DataFrame({
            "row": pos.astype(np.int64), "column": "duration_min", "code": OVER_DAY,
            "value": parse.as_text(shown).str.slice(0, 60).tolist(),
            "reason": over_day_reasons(who, day[pos], total[pos], r.label("duration_min"),
                                       None if length is None else length[pos], hours),
        }))
    return start, start_at, allowance, opens


def _has_pauses(frame: pd.DataFrame) -> bool:
    return "_pause_start_1" in frame.columns


def _plus(start: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """``start`` plus ``minutes``, to whole microseconds (the resolution of the output)."""
    micros = np.round(np.nan_to_num(minutes) * (NS_PER_MIN // 1000)).astype("i8")
    return start + (micros * 1000).astype("m8[ns]")


def _on_the_clock(r: ColumnReader, rules, source, from_duration, tz, placed_at=None) -> tuple:
    """Instants (ns) of every start and end: UTC with a time zone, the wall clock without
    (:mod:`timestudy.ingest.zones`); sets ``clock_change`` (and without a zone
    ``clock_change_unchecked``) and rejects times that did not happen. ``placed_at``: the
    starts' instants where known already (rows placed in the zone, none skipped)."""
    n = len(rules.start)
    if not tz:
        worker = (lambda: r.coded("worker_id")[1]) if "worker_id" in r.frame else None
        found = unchecked(rules.start, rules.end, rules.valid, from_duration, worker)
        if found is not None:
            rules.flags["clock_change_unchecked"] = found
        rules.flags["clock_change"] = np.zeros(n, bool)
        return rules.start.view("i8"), rules.end.view("i8")  # (read only: no copy)
    named = [r.passes.get(c) for c in ("start", "end")]  # the passes the offsets name
    if placed_at is not None:  # every end is built from its start: none is yet known
        start_at, end_at, change = placed_at, placed_at, np.zeros(n, bool)
        skipped_start = skipped_end = change
    else:
        start_at, end_at, change, skipped_start, skipped_end = instants(
            rules.start, rules.end, tz, *named)
        start_at, end_at, change = _own_passes(rules, start_at, end_at, change, tz, named)
    if skipped_start.any() or skipped_end.any():  # whatever else the row fails for
        refuse_skipped(r, start_column(r.frame), rules.start, skipped_start, tz)
        refuse_skipped(r, end_column(r.frame), rules.end, skipped_end & ~from_duration, tz)
    if from_duration.any():  # the end is the start plus true minutes: judged on that end
        end_at, rules.end = _true_end(start_at, end_at, rules.end, source, from_duration, tz)
        change = np.where(from_duration, clock_moved(rules.start, rules.end, start_at, end_at),
                          change)
    rules.flags["clock_change"] = change
    return start_at, end_at


def _own_passes(rules, start_at, end_at, change, tz, named) -> tuple:
    """The instants, where the row's own length (its elapsed time, else its duration, but
    not where its end was built from it or it has pauses) says a time the clocks pass
    twice is on the other pass than the rule read
    (:func:`~timestudy.ingest.passes.by_length`), and ``clock_change`` for them."""
    own = np.where(rules.from_duration, np.nan, rules.source)
    if rules.paused is not None:
        own[rules.paused > 0] = np.nan
    if rules.elapsed is not None:
        own = np.where(np.isnan(rules.elapsed), own, rules.elapsed)
    moved_at = by_length(rules.start, rules.end, start_at, end_at, own, tz, rules.tolerance,
                         *named)
    if moved_at[0] is start_at and moved_at[1] is end_at:  # (the usual diary: none)
        return start_at, end_at, change
    return *moved_at, clock_moved(rules.start, rules.end, *moved_at)


def _true_end(start_at, end_at, end, source, from_duration, tz):
    """For ends computed from a duration: the instant ``start + duration`` and its wall clock."""
    micros = np.round(np.where(from_duration, source, 0.0) * (NS_PER_MIN // 1000)).astype("i8")
    end_at = np.where(from_duration, start_at + micros * 1000, end_at)
    end = np.where(from_duration, wall_clock(np.where(from_duration, end_at, NAT_I8), tz), end)
    return end_at, end
