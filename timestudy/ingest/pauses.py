"""Pauses of an interrupted task: time paused is not time on the task.

WOMBAT records the spans in which an interrupted task was paused (``int start N`` to
``int end N``, the interrupting task in ``int task id N``). A row with pauses becomes
its active fragments, one episode each (``start`` to the first pause, between pauses,
the last pause to ``end``), sharing the row's ``task_id``, ``source_row`` and flag
``interrupted``. The row's counted minutes are shared among its fragments in
proportion to their clock lengths, so a row's minutes are the same split or whole, and
tasks done inside a pause are neither overlaps nor multitasking.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.clock_limits import PAUSE_HINT, zoned_pauses
from timestudy.ingest.timerules import DAY, NAT_I8, on_day
from timestudy.ingest.zones import clock_moved, localise, near_change, refuse_skipped
from timestudy.schema import parse

_PAUSE = re.compile(r"^_pause_(start|end|task)_(\d+)$")


def pause_count(frame: pd.DataFrame) -> int:
    """How many pause columns (``_pause_start_1`` ...) the candidates carry."""
    found = [int(m.group(2)) for c in frame.columns if (m := _PAUSE.match(str(c)))]
    return max(found, default=0)


def resolve_pauses(r, start: np.ndarray, end: np.ndarray, ok: np.ndarray):
    """Pause spans of each row, as wall-clock ns (``NAT_I8`` where none).

    Each bare time goes on the start's date, or the next day when earlier than the
    start. A pause must lie within its task and after the one before; otherwise the row
    is rejected ``bad_pause``. With a time zone, a pause time in the hour the clocks skip
    did not happen: the row is rejected ``nonexistent_time``, the code of every other time
    in that hour (so that the rejects' summary counts it with them), its reason naming the
    pause's column and the change.

    Returns
    -------
    (pause_start, pause_end, start_at, end_at) : tuple of ndarray of int64
        Shape (rows, pauses): wall clock and instants (UTC with a time zone).
    paused_minutes : ndarray of float
    bad : ndarray of bool
        Rows rejected here.
    """
    k, tz = pause_count(r.frame), r.mapping.timezone
    n = len(start)
    day = start.astype("M8[D]").astype("M8[ns]")
    ps = np.full((n, k), NAT_I8, np.int64)
    pe = np.full((n, k), NAT_I8, np.int64)
    bad = np.zeros(n, bool)
    for j in range(k):  # a handful of columns, each vectorised over the rows
        for col, out in ((f"_pause_start_{j + 1}", ps), (f"_pause_end_{j + 1}", pe)):
            if col not in r.frame:
                continue
            clock, _ = r.clock(col)
            at = on_day(day, clock)
            if not tz:  # (with one: .clock_limits.zoned_pauses reads them in order)
                at = np.where(~np.isnat(at) & (at < start), at + DAY, at)
            out[:, j] = at.view("i8")
    ps_at, pe_at, s, e = ps, pe, start.view("i8"), end.view("i8")
    gap = np.zeros((n, 2 * k), bool)
    if tz and k:  # each time read after the one before it, across a clock change
        ps, pe, ps_at, pe_at, s, e = zoned_pauses(start, end, ps, pe, tz, r.passes.get("start"))
        ok, gap = _skipped(start, end, ps, pe, ok, tz)
    has_start, has_end = ps != NAT_I8, pe != NAT_I8
    s, e = s[:, None], e[:, None]
    previous = np.concatenate([s, np.where(has_end, pe_at, s)[:, :-1]], axis=1) if k else s
    wrong = (has_start != has_end) | (
        has_start & ((ps_at < previous) | (pe_at < ps_at) | (pe_at > e))
    )
    wrong &= ok[:, None]
    near = None if tz or not wrong.any() else near_change(start, end, wrong.any(axis=1))
    for j in range(k):
        gone = gap[:, 2 * j] | gap[:, 2 * j + 1]  # (a spring night: the reader's own words)
        for side, col in enumerate((f"_pause_start_{j + 1}", f"_pause_end_{j + 1}")):
            refuse_skipped(r, col, (ps, pe)[side][:, j].view("M8[ns]"),
                           gap[:, 2 * j + side] & ~(side & gap[:, 2 * j]), tz)
        if (wrong[:, j] & ~gone).any():
            r.failures.append(_pause_rows(r, j + 1, wrong[:, j] & ~gone, near))
        bad |= wrong[:, j] | gone
    ps[bad], pe[bad], ps_at[bad], pe_at[bad] = NAT_I8, NAT_I8, NAT_I8, NAT_I8
    has = ps != NAT_I8
    paused = np.where(has, (pe_at - ps_at), 0).sum(axis=1) / 60e9
    ends = np.where(has.any(axis=1), e[:, 0], NAT_I8) if tz and k else None
    return (ps, pe, ps_at, pe_at), paused, bad, ends


def paused_ends(rules, end: np.ndarray, at: tuple, paused_end: np.ndarray,
                named: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The end instants (``at``: the reader's start and end instants) with each valid
    paused row's ``paused_end`` (from :func:`resolve_pauses`, read after its last pause)
    where the reader read the same wall clock ``end`` and neither built it from a duration
    nor was told its pass (``named``: the source's offset), and ``clock_change`` for them
    as for an unpaused row ending there.

    Examples
    --------
    00:50 to 01:30 on 25 October 2026, paused 01:20 BST to 01:00 GMT: ended 01:30 GMT
    (01:30 UTC), not on the first pass (00:30 UTC), 100 minutes from 23:50 UTC.

    >>> from types import SimpleNamespace
    >>> t = lambda s: np.array([np.datetime64("2026-10-25T" + s, "ns")])
    >>> rules = SimpleNamespace(start=t("00:50"), end=t("01:30"), valid=np.array([True]),
    ...                         from_duration=np.array([False]),
    ...                         flags={"clock_change": np.array([False])})
    >>> s_at = (t("23:50") - np.timedelta64(1, "D")).view("i8")
    >>> end_at, change = paused_ends(rules, rules.end, (s_at, t("00:30").view("i8")),
    ...                              t("01:30").view("i8"))
    >>> ((end_at - s_at) // 60_000_000_000).tolist(), change.tolist()
    ([100], [True])
    """
    start_at, end_at = at
    take = (paused_end != NAT_I8) & rules.valid & ~rules.from_duration
    take &= rules.end.view("i8") == end.view("i8")
    if named is not None:
        take &= named < 0
    change = rules.flags["clock_change"]
    if not take.any():
        return end_at, change
    end_at = np.where(take, paused_end, end_at)
    moved = clock_moved(rules.start, rules.end, start_at, end_at)
    return end_at, np.where(take, moved, change)


def _skipped(start, end, ps, pe, ok, tz) -> tuple[np.ndarray, np.ndarray]:
    """``ok`` without the rows whose start or end did not happen in ``tz`` (the reader
    rejects them ``nonexistent_time``), and which pause times of the others (columns:
    start 1, end 1, start 2, ...) did not happen.

    Examples
    --------
    29 March 2026 in Europe/London (01:00 GMT to 02:00 BST): a task 00:50-02:30 paused
    01:30-02:10, and a task from 01:30.

    >>> t = lambda *s: np.array(["2026-03-29T" + x for x in s], "M8[ns]")
    >>> ok, gap = _skipped(t("00:50", "01:30"), t("02:30", "02:40"),
    ...                    t("01:30", "02:10").view("i8")[:, None],
    ...                    t("02:10", "02:15").view("i8")[:, None], np.ones(2, bool),
    ...                    "Europe/London")
    >>> ok.tolist(), gap.tolist()
    ([True, False], [[True, False], [False, False]])
    """
    n = len(start)
    first = np.ones(n, bool)
    ok = ok & ~localise(start, tz, first)[1] & ~localise(end, tz, first)[1]
    walls = np.stack([ps, pe], axis=2).reshape(n, -1)  # start 1, end 1, start 2, ...
    gap = np.zeros(walls.shape, bool)
    for c in range(walls.shape[1]):  # a handful of columns, each vectorised over the rows
        gap[:, c] = localise(walls[:, c].view("M8[ns]"), tz, first)[1] & ok
    return ok, gap


def _pause_rows(r, j: int, mask: np.ndarray, near: np.ndarray | None = None) -> pd.DataFrame:
    """Rejects ``bad_pause`` of pause ``j``; rows ``near`` a clock change (no time zone
    given) told the zone reads the times in order."""
    col = f"_pause_start_{j}"
    pos = np.flatnonzero(mask)
    shown = parse.as_text(r.frame[col].iloc[pos]).tolist()
    ends = parse.as_text(r.frame[f"_pause_end_{j}"].iloc[pos]).tolist() \
        if f"_pause_end_{j}" in r.frame else [""] * len(pos)
    label, end_label = r.label(col), r.label(f"_pause_end_{j}")
    reasons = [
        f"pause {j} ({label} '{a}' to {end_label} '{b}') is not within its task, after the "
        "pause before it: check the interruption times"
        + (PAUSE_HINT if near is not None and near[p] else "")
        for a, b, p in zip(shown, ends, pos, strict=True)
    ]
    return pd.DataFrame({"row": pos, "column": col, "code": "bad_pause", "value": shown,
                         "reason": reasons})


def fragments(start: np.ndarray, end: np.ndarray, pauses) -> tuple[np.ndarray, ...]:
    """Active fragments of each row: the row each came from, its number, start and end (ns).

    Examples
    --------
    A task 10:00-10:40 paused 10:10-10:25 is two fragments, 10 and 15 minutes:

    >>> t = lambda s: np.array([np.datetime64("2025-04-02T" + s, "ns")]).view("i8")
    >>> ps, pe = t("10:10")[:, None], t("10:25")[:, None]
    >>> row, number, s, e = fragments(t("10:00"), t("10:40"), (ps, pe))
    >>> row.tolist(), number.tolist(), ((e - s) / 60e9).tolist()
    ([0, 0], [1, 2], [10.0, 15.0])
    """
    ps, pe = pauses[:2]
    n, k = ps.shape
    has = ps != NAT_I8
    starts = np.concatenate([start[:, None], pe], axis=1)
    ends = np.concatenate([np.where(has, ps, end[:, None]), end[:, None]], axis=1)
    # fragment j+1 exists when pause j does; the last fragment of a row ends at its end
    exists = np.concatenate([np.ones((n, 1), bool), has], axis=1)
    last = exists.sum(axis=1) - 1
    ends[np.arange(n), last] = end
    row = np.repeat(np.arange(n), exists.sum(axis=1))
    number = (np.cumsum(exists, axis=1))[exists]
    return row, number, starts[exists], ends[exists]


def share_minutes(minutes: np.ndarray, row: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Each row's minutes shared among its fragments in proportion to their length.

    Examples
    --------
    >>> share_minutes(np.array([26.0]), np.array([0, 0]), np.array([10.0, 15.0])).round(2).tolist()
    [10.4, 15.6]
    """
    total = np.bincount(row, length, minlength=len(minutes))
    first = np.r_[True, row[1:] != row[:-1]]
    share = np.divide(length, total[row], out=first.astype(float), where=total[row] > 0)
    return minutes[row] * share


def expand_paused(work: pd.DataFrame, values: pd.DataFrame, times, origin: np.ndarray,
                  good: np.ndarray):
    """The accepted rows ``good`` with each paused row replaced by its active fragments.

    Returns the new ``work``, ``values``, ``times`` and ``origin`` (all of accepted rows
    only) and ``good`` (every row), or the inputs unchanged when no accepted row paused.
    Fragments get ``fragment`` (1, 2, ...) and, for each one ended by a pause, the
    interrupting task of that pause in ``interrupted_by``; the last has none.
    """
    ps, pe, ps_at, pe_at = times.pauses
    if not (ps[good] != NAT_I8).any():
        return work, values, times, origin, good
    start, end = times.start.view("i8")[good], times.end.view("i8")[good]
    row, number, fs, fe = fragments(start, end, (ps[good], pe[good]))
    fs_at, fe_at = fragments(times.start_at[good], times.end_at[good],
                             (ps_at[good], pe_at[good]))[2:]  # instants: a clock change
    idx = good[row]
    length = (fe_at - fs_at) / 60e9
    new = type(times)(
        fs.view("M8[ns]"), fe.view("M8[ns]"), share_minutes(times.minutes[good], row, length),
        fs_at, fe_at, [], {k: v[idx] for k, v in times.flags.items()},
        times.source_minutes[idx] if times.source_minutes is not None else None, None,
    )
    work = work.iloc[idx].reset_index(drop=True)
    count = np.bincount(row, minlength=len(good))[row]
    work["fragment"] = pd.array(np.where(count > 1, number, 1), dtype="Int64")
    if "interrupted_by" in work:
        work["interrupted_by"] = _fragment_sources(work, number, count)
    values = values.iloc[idx].reset_index(drop=True)
    return work, values, new, origin[idx], np.arange(len(idx))


def _fragment_sources(work: pd.DataFrame, number: np.ndarray, count: np.ndarray) -> pd.Series:
    """Who interrupted each fragment: the pause's task after it, none for a row's last."""
    k = pause_count(work)
    tasks = np.full((len(work), k + 1), None, object)
    for j in range(k):
        col = f"_pause_task_{j + 1}"
        if col in work:
            tasks[:, j] = work[col].astype("string").to_numpy(object, na_value=None)
    paused = count > 1
    own = tasks[np.arange(len(work)), np.minimum(number - 1, k)]
    fallback = work["interrupted_by"].astype("string").to_numpy(object, na_value=None)
    last = number == count
    out = np.where(paused & ~last, np.where(pd.isna(own), fallback, own), fallback)
    out = np.where(paused & last, None, out)
    return pd.Series(out, dtype="string")
