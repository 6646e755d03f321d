"""Clock times in a time zone: instants, clock changes, and times that did not happen.

With a ``timezone`` the clock times are read in that zone. An episode across a clock
change counts its true elapsed minutes (flag ``clock_change``). A time written in the
hour the clocks skip (01:15 on 29 March 2026 in Europe/London) did not happen: it is
rejected ``nonexistent_time``, never moved (the moment of the change itself, 01:00, is
the instant the clocks went forward, and did happen). A time the clocks pass twice
(01:30 on 25 October 2026) is read the first time, or the second where the first would
put an end before its start, or where the row's own length fits only the second
(:func:`timestudy.ingest.passes.by_length`); a time written with a UTC offset or ``Z`` names its instant,
so it is read on the pass the offset says (01:30+00:00 is the second). Whether an end is
before its start, or the episode has no length, is judged on these instants.

Without a time zone the clock times are read as written. Episodes whose clock times
would be read otherwise in Europe/London (the project's first zone) are flagged
``clock_change_unchecked`` and the report says so once (:func:`unchecked_note`); their
minutes stay as written. Only rows near one of that zone's clock changes, found by
their dates, are read in the zone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy.ingest.timerules import NAT_I8, NS_PER_DAY, NS_PER_MIN, ns_to_minutes
from timestudy.schema import parse

SAFE_RANGE = (np.datetime64("1700-01-01", "ns"), np.datetime64("2200-01-01", "ns"))
#: The zone an episode is checked against when the mapping gives none (DOMAIN.md: England).
CHECKED_ZONE = "Europe/London"
UNCHECKED = "clock_change_unchecked"


def instants(start: np.ndarray, end: np.ndarray, tz: str,
             start_pass: np.ndarray | None = None, end_pass: np.ndarray | None = None):
    """Instants (UTC ns) of wall-clock starts and ends in ``tz``, which episodes span a
    clock change, and which starts and which ends did not happen (in the hour skipped).

    A time the clocks pass twice is read the first time, and an end the second time where
    the first would put it before its start. ``start_pass`` and ``end_pass`` give, where
    the source itself named the instant (a UTC offset: :func:`passes`), the pass it is on
    (0 the first, 1 the second; -1 not named): such a time is read as written, whatever
    the rule would say.

    Examples
    --------
    >>> s = np.array(["2026-03-29T00:30", "2026-03-29T01:15"], "M8[ns]")
    >>> e = np.array(["2026-03-29T02:30", "2026-03-29T01:45"], "M8[ns]")
    >>> s_at, e_at, change, skipped_start, skipped_end = instants(s, e, "Europe/London")
    >>> ((e_at - s_at) / NS_PER_MIN).tolist(), change.tolist(), skipped_start.tolist()
    ([60.0, 30.0], [True, False], [False, True])

    01:30 to 01:30 on the autumn night: no length, unless the end was written 01:30+00:00
    (the second pass):

    >>> s = np.array(["2026-10-25T01:30", "2026-10-25T01:30"], "M8[ns]")
    >>> out = instants(s, s, "Europe/London", end_pass=np.array([-1, 1], "i1"))
    >>> ((out[1] - out[0]) / NS_PER_MIN).tolist()
    [0.0, 60.0]
    """
    n = len(start)
    first_start = np.ones(n, bool) if start_pass is None else start_pass != 1
    start_at, skipped_start = localise(start, tz, first_start)
    end_first, skipped_end = localise(end, tz, np.ones(n, bool))
    end_second, _ = localise(end, tz, np.zeros(n, bool))
    end_at = np.where(end_first >= start_at, end_first, end_second)
    if end_pass is not None and (end_pass >= 0).any():  # the source's own pass, as written
        end_at = np.where(end_pass == 0, end_first, np.where(end_pass == 1, end_second, end_at))
    return start_at, end_at, clock_moved(start, end, start_at, end_at), skipped_start, skipped_end


def clock_moved(start: np.ndarray, end: np.ndarray, start_at: np.ndarray, end_at: np.ndarray
                ) -> np.ndarray:
    """Which episodes span other minutes on the clock (wall ``start``, ``end``) than between
    their instants (``start_at``, ``end_at``, ns), by more than half a minute: those that
    span a clock change (flag ``clock_change``). A row with a NaT time: False.

    Examples
    --------
    >>> wall = np.array(["2026-03-29T00:30", "2026-03-29T02:30"], "M8[ns]")
    >>> at = np.array(["2026-03-29T00:30", "2026-03-29T01:30"], "M8[ns]").view("i8")
    >>> clock_moved(wall[:1], wall[1:], at[:1], at[1:]).tolist()
    [True]
    """
    valid = ~np.isnat(start) & ~np.isnat(end)
    wall = end.view("i8") - start.view("i8")
    return valid & (np.abs(wall - (end_at - start_at)) > NS_PER_MIN // 2)


def passes(wall: np.ndarray, utc: np.ndarray, tz: str) -> np.ndarray:
    """The pass of each wall-clock time ``wall`` of ``tz`` that its instant ``utc`` names:
    0 the first (or the only one), 1 the second of a time the clocks pass twice, -1 where
    the instant is not known (NaT). Both datetime64.

    Examples
    --------
    >>> wall = np.array(["2026-10-25T01:30", "2026-10-25T01:30", "2026-07-01T09:00"], "M8[ns]")
    >>> utc = np.array(["2026-10-25T00:30", "2026-10-25T01:30", "NaT"], "M8[ns]")
    >>> passes(wall, utc, "Europe/London").tolist()
    [0, 1, -1]
    """
    known = ~np.isnat(wall) & ~np.isnat(utc)
    out = np.full(len(wall), -1, "i1")
    if known.any():
        pos = np.flatnonzero(known)
        first, _ = localise(wall[pos].astype("M8[ns]"), tz, np.ones(len(pos), bool))
        out[pos] = first != utc[pos].astype("M8[ns]").view("i8")
    return out


def zoned_span(start: np.ndarray, end: np.ndarray, rows: np.ndarray, span: np.ndarray,
               tz: str, given: dict | None = None) -> np.ndarray:
    """``span`` (minutes) with the minutes of ``rows`` taken between the instants of their
    start and end in ``tz`` (:func:`instants`; ``given``: the passes the source named, by
    ``start``/``end``), so that an end on the second pass of the hour the clocks pass
    twice is neither before its start nor of no length (01:30 BST to 01:30 GMT is 60
    minutes). Times in the hour the clocks skip keep the clock's span: they are rejected
    for that (``nonexistent_time``).

    Examples
    --------
    >>> s = np.array(["2026-10-25T01:30", "2026-07-01T09:00"], "M8[ns]")
    >>> e = np.array(["2026-10-25T01:15", "2026-07-01T10:00"], "M8[ns]")
    >>> zoned_span(s, e, np.ones(2, bool), np.array([-15.0, 60.0]), "Europe/London").tolist()
    [45.0, 60.0]
    """
    near = near_change(start, end, rows, tz)
    pos = np.flatnonzero(near) if near is not None else np.array([], np.intp)
    if not len(pos):  # no row near a change: the clock's span is the true one
        return span
    given = given or {}
    named = [given[c][pos] if c in given else None for c in ("start", "end")]
    start_at, end_at, _, skipped_start, skipped_end = instants(
        start[pos].astype("M8[ns]"), end[pos].astype("M8[ns]"), tz, *named)
    keep = ~skipped_start & ~skipped_end
    out = span.copy()
    out[pos[keep]] = ns_to_minutes(end_at[keep] - start_at[keep])
    return out


def wall_clock(utc: np.ndarray, tz: str) -> np.ndarray:
    """The wall clock of ``tz`` (datetime64[ns]) at the UTC instants ``utc`` (int64 ns,
    ``NaT_I8`` where none): how an instant counted in true minutes from a start is written.

    Examples
    --------
    00:00 GMT plus 200 true minutes on 29 March 2026 is 04:20 BST:

    >>> at = np.array(["2026-03-29T00:00"], "M8[ns]").view("i8") + 200 * NS_PER_MIN
    >>> wall_clock(at, "Europe/London").astype(str).tolist()
    ['2026-03-29T04:20:00.000000000']
    """
    wall = pd.DatetimeIndex(in_range(utc.view("M8[ns]"))).tz_localize("UTC").tz_convert(tz)
    return wall.tz_localize(None).to_numpy("M8[ns]")


def in_range(stamps: np.ndarray) -> np.ndarray:
    """NaT for times too near the limits of datetime64[ns] to move between time zones."""
    out = stamps.copy()
    out[(stamps < SAFE_RANGE[0]) | (stamps > SAFE_RANGE[1])] = parse.NAT
    return out


def localise(wall: np.ndarray, tz: str, first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """UTC nanoseconds of wall-clock times in ``tz`` (ambiguous times resolved by ``first``),
    and which times did not happen.

    A time in the hour the clocks skip is read on the clock before the change (01:15 as
    01:15 GMT), so that its row, rejected, keeps its written minutes in the account; the
    moment of the change itself (01:00) is that instant exactly and is not marked.
    """
    idx = pd.DatetimeIndex(in_range(wall))
    at = idx.tz_localize(tz, ambiguous=first, nonexistent="NaT")
    out = at.tz_convert("UTC").tz_localize(None).to_numpy("M8[ns]").view("i8")
    lost = np.flatnonzero((out == NAT_I8) & ~idx.isna())
    skipped = np.zeros(len(wall), bool)
    if len(lost):  # (a handful of rows: the night of a spring change)
        out = out.copy()  # (pandas hands out its own array read only)
        gone = idx[lost]
        last = gone.tz_localize(tz, nonexistent="shift_backward")  # 1 ns before the change
        last_wall = last.tz_localize(None).to_numpy("M8[ns]").view("i8")
        last_utc = last.tz_convert("UTC").tz_localize(None).to_numpy("M8[ns]").view("i8")
        written = gone.to_numpy("M8[ns]").view("i8")
        out[lost] = written - (last_wall - last_utc)  # the offset before the change
        skipped[lost] = written > last_wall + 1
    return out, skipped


def refuse_skipped(r, col: str, wall: np.ndarray, mask: np.ndarray, tz: str,
                   code: str = "nonexistent_time") -> None:
    """Reject the rows of ``mask``, whose time of ``col`` (wall clock ``wall``) is in the
    hour the clocks skipped in ``tz``: one reason per distinct time, naming the change
    (``code``; a WOMBAT pause's time too is ``nonexistent_time``,
    :mod:`timestudy.ingest.pauses`)."""
    pos = np.flatnonzero(mask)
    if not len(pos):
        return
    values, which = np.unique(wall[pos], return_inverse=True)
    idx = pd.DatetimeIndex(values)
    last = idx.tz_localize(tz, nonexistent="shift_backward")  # 1 ns before the change
    change = last.tz_localize(None) + pd.Timedelta(1)  # on the clock before it: 01:00
    # on the clock after it, 02:00 (not pandas' shift_forward, which moves a half-hour
    # change, Lord Howe's, by an hour)
    after = (last + pd.Timedelta(1)).tz_localize(None)
    suggested = idx + (after - change)  # the same time on the clock after the change
    for k, (value, moment, hint) in enumerate(zip(idx, change, suggested, strict=True)):
        rows = np.zeros(len(mask), bool)
        rows[pos[which == k]] = True
        r.refuse(
            col,
            rows,
            code,
            f"{r.label(col)} '{{}}' is in the gap of a clock change: the clocks went forward "
            f"at {_clock(moment)} on {moment:%Y-%m-%d} in {tz}: {_clock(value)} did not "
            f"happen on that day; correct the time ({_clock(hint)}?) or the date",
        )


def _clock(t: pd.Timestamp) -> str:
    return f"{t:%H:%M}" if t.second == 0 and t.microsecond == 0 else f"{t:%H:%M:%S}"


def unchecked(
    start: np.ndarray, end: np.ndarray, valid: np.ndarray, built: np.ndarray | None = None,
    worker: np.ndarray | Callable[[], np.ndarray] | None = None,
) -> np.ndarray | None:
    """Which episodes (of ``valid``, wall-clock ``start``/``end``) would be read otherwise in
    :data:`CHECKED_ZONE`: across one of its clock changes (other minutes) or in the hour it
    skips (rejected); None when no episode comes near a change. A row of ``built`` (its end
    made from a duration) keeps its minutes in any zone, but not its end, which there is the
    start plus the true minutes (:func:`built_end_moves`): it is flagged where that end
    moves and another entry of its ``worker`` (codes, or a function giving them when first
    needed; any row when not given) lies in the
    time between its start and the later of its two ends, as what each counts may differ.

    Examples
    --------
    >>> s = np.array(["2026-03-29T00:30", "2026-03-29T03:00", "2026-10-25T01:30"], "M8[ns]")
    >>> e = np.array(["2026-03-29T02:30", "2026-03-29T04:00", "2026-10-25T01:45"], "M8[ns]")
    >>> unchecked(s, e, np.ones(3, bool)).tolist()
    [True, False, False]

    01:30 plus 60 minutes on the autumn night ends 02:30 on the clock as written, over a
    call at 02:00, but 01:30 (its second pass) in Europe/London, before it: flagged; alone
    (the worker's only entry) the same 60 minutes are counted either way:

    >>> s = np.array(["2026-10-25T01:30", "2026-10-25T02:00"], "M8[ns]")
    >>> e = np.array(["2026-10-25T02:30", "2026-10-25T02:30"], "M8[ns]")
    >>> built = np.array([True, False])
    >>> unchecked(s, e, np.ones(2, bool), built, np.array([0, 0])).tolist()
    [True, False]
    >>> unchecked(s, e, np.ones(2, bool), built, np.array([0, 1])) is None
    True
    """
    near = near_change(start, end, valid)
    if near is None or not near.any():
        return None
    out = np.zeros(len(start), bool)
    if built is not None and (near & built).any():
        pos = np.flatnonzero(near & built)
        skipped, moves, later = built_end_moves(start[pos], end[pos], CHECKED_ZONE)
        out[pos[skipped]] = True  # rejected there
        pos, later = pos[moves & ~skipped], later[moves & ~skipped]
        if len(pos):
            codes = np.zeros(len(start), np.int64) if worker is None else (
                worker() if callable(worker) else worker)
            out[pos] = _others_within(codes, start.view("i8"), end.view("i8"), valid, pos,
                                      np.maximum(later, end[pos].view("i8")))
        near &= ~built
    pos = np.flatnonzero(near)
    if len(pos):
        _, _, change, skipped_start, skipped_end = instants(start[pos], end[pos], CHECKED_ZONE)
        out[pos] = change | skipped_start | skipped_end
    return out if out.any() else None


def built_end_moves(start: np.ndarray, end: np.ndarray, tz: str) -> tuple[np.ndarray, ...]:
    """For ends made as ``start`` plus a duration on the clock as written (``end``): which
    starts ``tz`` skips (rejected there), which ends would be elsewhere on the clock of
    ``tz``, where they are the start's instant plus the true minutes (by more than half a
    minute), and that end on the clock of ``tz`` (ns).

    Examples
    --------
    >>> s = np.array(["2026-03-29T00:30", "2026-03-29T00:15", "2026-03-29T01:15"], "M8[ns]")
    >>> skipped, moves, there = built_end_moves(s, s + np.array([60, 30, 30], "m8[m]"),
    ...                                         "Europe/London")
    >>> skipped.tolist(), moves.tolist(), there.astype("M8[ns]").astype(str).tolist()[:2]
    ([False, False, True], [True, False, True], ['2026-03-29T02:30:00.000000000', '2026-03-29T00:45:00.000000000'])
    """
    start_at, skipped = localise(start, tz, np.ones(len(start), bool))
    end_at = start_at + (end.view("i8") - start.view("i8"))
    there = wall_clock(end_at, tz).view("i8")
    return skipped, np.abs(there - end.view("i8")) > NS_PER_MIN // 2, there


def _others_within(worker, start, end, valid, pos, until) -> np.ndarray:
    """Whether another ``valid`` row of the same ``worker`` as each row of ``pos`` lies in the
    time from its start to ``until`` (starts before ``until`` and ends after its start).
    All times int64; only the rows of those workers are looked at.

    Examples
    --------
    >>> w, s, e = np.array([0, 0, 1]), np.array([0, 30, 40]), np.array([60, 45, 50])
    >>> _others_within(w, s, e, np.ones(3, bool), np.array([0, 2]), np.array([60, 90])).tolist()
    [True, False]
    """
    mine = valid & np.isin(worker, worker[pos]) & (end >= start)
    w, s, e = worker[mine], start[mine], end[mine]
    times, rank = np.unique(np.concatenate([s, e, start[pos], until]), return_inverse=True)
    width = np.int64(len(times) + 1)
    rank = rank.astype(np.int64)
    n, k = len(s), len(pos)
    base = np.asarray(w, np.int64) * width
    by_start = np.sort(base + rank[:n])
    by_end = np.sort(base + rank[n:2 * n])
    q = np.asarray(worker[pos], np.int64) * width
    began = np.searchsorted(by_start, q + rank[2 * n + k:], "left") - np.searchsorted(
        by_start, q, "left")
    ended = np.searchsorted(by_end, q + rank[2 * n:2 * n + k], "right") - np.searchsorted(
        by_end, q, "left")
    return began - ended > 1  # the row itself began before and ends after its start


def near_change(start, end, valid, tz: str = CHECKED_ZONE) -> np.ndarray | None:
    """Rows (of ``valid``) whose clock times overlap, or end at the start of, the hour of a
    clock change of ``tz`` (None: none of the diary's dates is near one), found by comparing,
    not by the zone.

    Examples
    --------
    >>> s = np.array(["2026-10-25T01:40", "2026-10-26T01:40"], "M8[ns]")
    >>> e = np.array(["2026-10-25T01:10", "2026-10-26T01:10"], "M8[ns]")
    >>> near_change(s, e, np.ones(2, bool)).tolist()
    [True, False]
    """
    s, e = start.view("i8"), end.view("i8")
    if not len(s):
        return None
    first, last = s.min(), e.max()  # (NaT is the smallest int64)
    if last == NAT_I8:
        return None
    if first == NAT_I8:  # a start is missing
        if not valid.any():
            return None
        first = np.nanmin(start).view("i8")  # (a valid row has both)
    low, high = _changes(first, last, tz)
    if not len(low) or last < low[0] or first >= high[-1]:  # none, or none within the dates
        return None
    near = s < high[-1]  # three passes over the rows: within the span of the changes
    near &= e >= low[0]
    near &= valid
    if len(low) > 1 and near.any():  # a diary of more than one change: which hour, if any
        pos = np.flatnonzero(near)
        k = np.searchsorted(high, s[pos], side="right")  # the first hour ending after s
        np.minimum(k, len(high) - 1, out=k)
        near[pos] = (s[pos] < high[k]) & (e[pos] >= low[k])
    return near


def _changes(first: int, last: int, tz: str = CHECKED_ZONE) -> tuple[np.ndarray, np.ndarray]:
    """The wall-clock hours (start, end in ns) of the clock changes of ``tz``
    between the days of ``first`` and ``last`` (wall clock, ns): the hour skipped or passed
    twice. (Found from the zone's offsets at noon each day, then minute by minute on the
    days they differ.)"""
    days = np.arange(first // NS_PER_DAY - 1, last // NS_PER_DAY + 2).astype("M8[D]")
    noon = days.astype("M8[ns]") + np.timedelta64(12, "h")
    offset = _offsets(noon, tz)
    changed = np.flatnonzero(offset[1:] != offset[:-1])  # between noon k and noon k + 1
    if not len(changed):
        return np.array([], "i8"), np.array([], "i8")
    minutes = noon[changed][:, None] + np.arange(24 * 60 + 1).astype("m8[m]")
    after = _offsets(minutes.ravel(), tz).reshape(minutes.shape) == offset[changed + 1][:, None]
    moment = minutes[np.arange(len(changed)), after.argmax(axis=1)].view("i8")  # UTC
    before, later = offset[changed], offset[changed + 1]
    low = moment + np.minimum(before, later)
    high = moment + np.maximum(before, later)
    return low, high


def _offsets(utc: np.ndarray, tz: str = CHECKED_ZONE) -> np.ndarray:
    """UTC offsets (ns) of ``tz`` at the UTC instants ``utc``."""
    idx = pd.DatetimeIndex(utc.astype("M8[ns]")).tz_localize("UTC").tz_convert(tz)
    return idx.tz_localize(None).to_numpy("M8[ns]").view("i8") - utc.astype("M8[ns]").view("i8")


def unchecked_note(episodes: pd.DataFrame, count: int, durations: np.ndarray | None = None
                   ) -> dict | None:
    """The report's warning on the ``count`` episodes flagged ``clock_change_unchecked``
    (``code``, a one-line ``message``: how many, on which days the clocks changed, what to
    do; ``episodes``, ``dates``), or None when there are none. ``durations`` says which
    episodes counted the source's own duration (a Toggl ``Duration``): their minutes are
    right and their times on the clock are what may be an hour out; the others' minutes
    are the clock's as written.

    Examples
    --------
    >>> eps = pd.DataFrame({"start": pd.to_datetime(["2026-03-29 00:30"]),
    ...                     "end": pd.to_datetime(["2026-03-29 02:30"]),
    ...                     "flags": ["clock_change_unchecked"]})
    >>> print(unchecked_note(eps, 1)["message"])  # doctest: +ELLIPSIS
    clock_change_unchecked: 1 episode crosses a clock change of Europe/London ... (2026-03-29), ... or --timezone
    """
    if not count:
        return None
    flagged = pc.match_substring(pa.array(episodes["flags"], pa.large_string()), UNCHECKED)
    pos = np.flatnonzero(flagged.fill_null(False).to_numpy(zero_copy_only=False))
    start = episodes["start"].to_numpy("M8[ns]")[pos]
    end = episodes["end"].to_numpy("M8[ns]")[pos]
    low, high = _changes(start.view("i8").min(), end.view("i8").max())
    k = np.minimum(np.searchsorted(high, start.view("i8"), side="right"), len(high) - 1)
    days = np.unique(low[k].astype("M8[ns]").astype("M8[D]")).astype(str).tolist()
    were = "episode crosses" if count == 1 else "episodes cross"
    own = int(durations[pos].sum()) if durations is not None else 0
    clock = ("minutes are counted on the clock as written (00:30 to 02:30 counts 120, though "
             "60 minutes passed on the spring night and 180 on the autumn one)")
    kept = ("minutes are the source's own durations, but their clock times are read as "
            "written, so the order of the night's entries and the gaps between them may be an "
            "hour out")
    counted = (f"their {kept}" if own == count else f"their {clock}" if not own else
               f"{own:,} of them count the source's own durations (their clock times may be "
               f"an hour out), and the other {count - own:,} their {clock}")
    message = (
        f"{UNCHECKED}: {count:,} {were} a clock change of {CHECKED_ZONE} or "
        f"{'falls' if count == 1 else 'fall'} in the hour "
        f"it skips ({', '.join(days)}), but the mapping gives no time zone: {counted}; set "
        f"timezone: {CHECKED_ZONE} (or your zone) in the mapping, or --timezone"
    )
    return {"code": UNCHECKED, "message": message, "episodes": int(count), "dates": days}
