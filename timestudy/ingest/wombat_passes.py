"""WOMBAT tasks in the hour the clocks pass twice, read in their session's order.

With a ``timezone``, a bare time the clocks pass twice (01:25 on 25 October 2026 in
Europe/London) is read on its first pass unless its own row says otherwise: an end before
its start, or an elapsed time that fits only the second pass
(:func:`timestudy.ingest.passes.by_length`). A WOMBAT session is written in time order, so
once a task of the session has run past the moment the clocks went back (a task from 00:50
BST to 01:20 GMT, its elapsed time 01:30:00), a task written after it at 01:25 is not at
01:25 BST, before that task ended, but at 01:25 GMT.

So, within a session (observer, session, participant, date), in task order (the task id's
number, else file order), a start or end in the repeated hour that its own row reads on the
first pass is read on the second once an earlier task of the session has ended after the
clocks went back (a running maximum of the ends, per session). A task recorded as done
inside or beside another (``is interrupting task?``, ``multi with``) may start before the
task before it ends: its times move once an earlier task has *started* after the clocks
went back (an interruption that started at 01:20 BST inside a task ending at 01:30 GMT did
start at 01:20 BST; one at 01:15 inside a task resumed from 01:05 GMT is at 01:15 GMT).

The order is evidence only where the second pass satisfies it: a time moves only if its
second-pass reading is at or after that latest end (or start), and a task's start or end
moves alone only if its clock span then still agrees with its own length (elapsed time,
within ``mismatch_tolerance_seconds``). A task written after the crossing task but
starting before that task's end on both passes (00:55 to 01:05, or 01:08 to 01:15, beside
a task that ended at 01:20 GMT, not marked interrupting or multitasking) breaks the order
on either reading: it keeps its own row's reading, the first pass, and lies under the
crossing task, flagged ``overlap`` (moving it put the first one's end alone on the second
pass: 70 minutes on the clock for a 10-minute task).

The times moved are written in the candidate frame as their instant, with the
UTC offset of that pass (``2026-10-25T01:25:00+00:00``, in the column ``start`` or ``end``),
which the reader reads as any time written with an offset: on the pass it names. They are
counted in the report's details (``tasks_on_second_pass_by_order``) and warned once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest._reader import ColumnReader
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.passes import by_length
from timestudy.ingest.time_columns import end_times, start_times
from timestudy.ingest.timerules import DAY, NAT_I8
from timestudy.ingest.wombat_days import session_codes
from timestudy.ingest.zones import instants, localise, near_change, wall_clock
from timestudy.schema.tables import text_values

CODE = "second_pass_by_order"
_NS_PER_MIN = 60_000_000_000


def session_passes(out: pd.DataFrame, labels: dict, mapping: DiaryMapping,
                   number: np.ndarray, missing) -> dict:
    """Write, in ``out``, the times of the tasks their session's order puts on the second
    pass of the hour the clocks pass twice as instants (module notes), in a column
    ``start`` or ``end`` read in place of ``start_time`` or ``end_time``; return the
    report's details and warning, by name (none where no time moved or no ``timezone`` is
    given).
    ``number``: each task's number in its session (NaN: file order).

    Examples
    --------
    >>> f = pd.DataFrame({"session_id": ["7"] * 2, "date": ["25-Oct-2026"] * 2,
    ...                   "task_id": ["7_1", "7_2"], "start_time": ["00:50:00", "01:25:00"],
    ...                   "end_time": ["01:20:00", "01:35:00"],
    ...                   "elapsed": ["01:30:00", "00:10:00"]})
    >>> said = session_passes(f, {}, DiaryMapping(timezone="Europe/London"),
    ...                       np.array([1.0, 2.0]), ("",))
    >>> f["start"].tolist(), f["end"].tolist()
    (['00:50:00', '2026-10-25T01:25:00+00:00'], ['01:20:00', '2026-10-25T01:35:00+00:00'])
    >>> said["tasks_on_second_pass_by_order"]["tasks"]
    ['7_2']
    """
    tz = mapping.timezone
    cols = set(out.columns)
    if not tz or not {"start_time", "end_time", "date"} <= cols or cols & {"start", "end"}:
        return {}
    r = ColumnReader(out, labels, mapping)  # read as the reader will (its failures: its own)
    start = start_times(r)
    end = end_times(r, start)[0]
    valid = ~np.isnat(start) & ~np.isnat(end)
    near = near_change(start, end, valid, tz)
    if near is None or not near.any():  # (the usual session: no clock change that night)
        return {}
    own = _own_minutes(r, out)
    s_at, e_at, end = _as_read(start, end, own, tz, mapping.mismatch_tolerance_seconds / 60)
    moved = _in_order(session_codes(out, missing), number, _parallel(out, missing),
                      (start, end), (s_at, e_at), valid, tz,
                      (own, mapping.mismatch_tolerance_seconds / 60))
    if not moved:
        return {}
    for name, later in moved.items():
        _write_instant(out, labels, name, later, start if name == "start" else end, tz)
    return _said(out, moved, start, tz)


def _in_order(session, number, parallel, walls, ats, valid, tz, length) -> dict:
    """The starts and ends (by name) on the second pass by their session's order: after
    the latest end of the tasks before them, or for a task done inside or beside another
    (``parallel``) the latest start, where the second pass puts them there and keeps the
    task's own length (``length``: minutes and tolerance; :func:`_keeps_length`). A time
    moved is later, which may move a time after it (an interruption inside a task
    moved): a few rounds, each over every row, until none moves."""
    n = len(session)
    moved = {"start": np.zeros(n, bool), "end": np.zeros(n, bool)}
    second = [localise(w, tz, np.zeros(n, bool))[0] for w in walls]
    now = list(ats)
    for _ in range(4):  # (rounds, not rows: one for a task that crossed, one more per nesting)
        latest = [_reached(session, number, np.where(valid, t, NAT_I8)) for t in now]
        reached = np.where(parallel, latest[0], latest[1])
        found = {name: second_pass_after(w, at, reached, tz) & valid
                 for name, w, at in zip(moved, walls, ats, strict=True)}
        found = _keeps_length(found, ats, second, *length)
        if all((found[k] == moved[k]).all() for k in moved):
            break
        moved = found
        now = [np.where(found[k], sec, at) for k, sec, at in zip(moved, second, ats,
                                                                  strict=True)]
    return {k: v for k, v in moved.items() if v.any()}


def second_pass_after(wall: np.ndarray, at: np.ndarray, reached: np.ndarray, tz: str
                      ) -> np.ndarray:
    """Which times (wall clock ``wall``, read at the instants ``at``, int64 ns) are in an
    hour the clocks pass twice in ``tz``, were read on its first pass, and come after an
    instant ``reached`` (int64 ns; ``NAT_I8``: none) that is on or after the moment the
    clocks went back: those are on the second pass.

    Examples
    --------
    01:25 on 25 October 2026 read at 01:25 BST (00:25 UTC), after a task that ended at
    01:20 GMT (01:20 UTC), and after one that ended at 01:10 BST (00:10 UTC):

    >>> wall = np.array(["2026-10-25T01:25"] * 2, "M8[ns]")
    >>> at = np.array(["2026-10-25T00:25"] * 2, "M8[ns]").view("i8")
    >>> reached = np.array(["2026-10-25T01:20", "2026-10-25T00:10"], "M8[ns]").view("i8")
    >>> second_pass_after(wall, at, reached, "Europe/London").tolist()
    [True, False]
    """
    n = len(wall)
    first = localise(wall, tz, np.ones(n, bool))[0]
    second = localise(wall, tz, np.zeros(n, bool))[0]
    twice = ~np.isnat(wall) & (first != second) & (at == first) & (reached != NAT_I8)
    if not twice.any():
        return twice
    pos = np.flatnonzero(twice)
    # on the second pass's clock at ``reached``: the session had passed the change
    there = wall_clock(reached[pos], tz).view("i8") - reached[pos]
    twice[pos] = ((there == wall[pos].view("i8") - second[pos]) & (reached[pos] > first[pos])
                  & (second[pos] >= reached[pos]))  # the second pass is after it: evidence
    return twice


def _keeps_length(found: dict, ats, second, own: np.ndarray, tolerance: float) -> dict:
    """``found`` without the moves of a task whose start or end would move alone and so
    make its clock span disagree with its own length (``own``, minutes; NaN: unknown) by
    more than ``tolerance`` minutes: a task from 00:55 to 01:05 with 10 minutes elapsed,
    written after one that ended at 01:20 GMT, is not 70 minutes long (its 01:05 is BST).

    Examples
    --------
    Instants (minutes, as int64 ns): a task 0 to 10 whose end alone would move to 70, and
    one 5 to 15 whose start and end both move (to 65 and 75, its span kept):

    >>> m = _NS_PER_MIN
    >>> found = {"start": np.array([False, True]), "end": np.array([True, True])}
    >>> ats = (np.array([0, 5]) * m, np.array([10, 15]) * m)
    >>> second = (np.array([0, 65]) * m, np.array([70, 75]) * m)
    >>> got = _keeps_length(found, ats, second, np.array([10.0, 10.0]), 1.0)
    >>> got["start"].tolist(), got["end"].tolist()
    ([False, True], [False, True])
    """
    alone = found["start"] != found["end"]
    if not alone.any():
        return found
    s_at, e_at = (np.where(found[k], sec, at) for k, sec, at in zip(found, second, ats,
                                                                    strict=True))
    span = (e_at - s_at) / _NS_PER_MIN
    off = alone & ~np.isnan(own) & ~(np.abs(span - own) <= tolerance)
    return {k: v & ~off for k, v in found.items()}


def _own_minutes(r: ColumnReader, out: pd.DataFrame) -> np.ndarray:
    """Each task's own length: its elapsed time, else its total time where it has no
    pauses (a paused task's total is less than its span), else NaN."""
    n = len(out)
    own = np.full(n, np.nan)
    if "duration_min" in out:
        own = r.minutes("duration_min")[0]
        if "_pause_start_1" in out:
            own = np.where(text_values(out["_pause_start_1"], r.missing).isna(), own, np.nan)
    if "elapsed" in out:
        elapsed = r.minutes("elapsed")[0]
        own = np.where(np.isnan(elapsed), own, elapsed)
    return own


def _as_read(start, end, own, tz, tolerance) -> tuple[np.ndarray, ...]:
    """Instants of each task as its own row reads them (the first pass, an end on the
    second where the first is before the start, else on the next day, then the passes its
    own length fits: :func:`~timestudy.ingest.passes.by_length`), and the ends' wall
    clock (rolled to the next day where so read)."""
    s_at, e_at = instants(start, end, tz)[:2]
    rolled = ~np.isnat(start) & ~np.isnat(end) & (e_at < s_at)
    if rolled.any():  # (a bare end before its start: the next day, as the reader rolls it)
        end = np.where(rolled, end + DAY, end)
        s_at, e_at = instants(start, end, tz)[:2]
    return (*by_length(start, end, s_at, e_at, own, tz, tolerance), end)


def _reached(session: np.ndarray, number: np.ndarray, end_at: np.ndarray) -> np.ndarray:
    """The latest end (int64 ns) of the tasks before each in its session's order
    (``NAT_I8`` for a session's first task).

    Examples
    --------
    >>> _reached(np.array([0, 0, 0, 1]), np.array([1.0, 3.0, 2.0, 1.0]),
    ...          np.array([50, 20, 40, 10])).tolist()[:3]
    [-9223372036854775808, 50, 50]
    """
    rows = np.arange(len(session))
    order = np.lexsort((rows, np.nan_to_num(number, nan=np.inf), session))
    ends = pd.Series(end_at[order]).groupby(session[order]).cummax()
    before = ends.groupby(session[order]).shift(1, fill_value=NAT_I8).to_numpy(np.int64)
    out = np.empty(len(session), np.int64)
    out[order] = before
    return out


def _parallel(out: pd.DataFrame, missing) -> np.ndarray:
    """Tasks recorded as done inside or beside another: interrupting, or multitasking."""
    n = len(out)
    inside = out["interrupting"].fillna(False).to_numpy(bool) if "interrupting" in out \
        else np.zeros(n, bool)
    if "multitask_with" in out:
        inside |= text_values(out["multitask_with"], missing).notna().to_numpy(bool)
    return inside


def _write_instant(out, labels, name, rows, wall, tz) -> None:
    """The column ``name`` (``start``/``end``, read in place of ``name_time``, which is
    kept as written): the bare times, the ``rows`` as their second pass's instant."""
    col = f"{name}_time"
    second = localise(wall[rows], tz, np.zeros(int(rows.sum()), bool))[0]
    offset = (wall[rows].view("i8") - second) // 60_000_000_000
    sign = np.where(offset < 0, "-", "+")
    text = (pd.DatetimeIndex(wall[rows]).strftime("%Y-%m-%dT%H:%M:%S").to_numpy(object)
            + sign + pd.Series(np.abs(offset) // 60).map("{:02d}".format).to_numpy(object)
            + ":" + pd.Series(np.abs(offset) % 60).map("{:02d}".format).to_numpy(object))
    values = out[col].astype(object).to_numpy(copy=True)
    values[rows] = text
    out[name] = pd.Series(values, index=out.index, dtype=object)
    labels[name] = labels.get(col, col.replace("_", " "))


def _said(out: pd.DataFrame, moved: dict, start: np.ndarray, tz: str) -> dict:
    """The details and the warning of the tasks moved."""
    rows = np.logical_or.reduce(list(moved.values()))
    ids = out["task_id"].astype("string")[rows].tolist() if "task_id" in out \
        else np.flatnonzero(rows).tolist()
    days = sorted(set(pd.DatetimeIndex(start[rows]).strftime("%Y-%m-%d")))
    n = int(rows.sum())
    message = (
        f"{CODE}: {n:,} {'task' if n == 1 else 'tasks'} ({', '.join(map(str, ids[:10]))}) "
        f"{'is' if n == 1 else 'are'} read on the second pass of the hour the clocks passed "
        f"twice in {tz} ({', '.join(days)}): written after a task of "
        f"{'its' if n == 1 else 'their'} session that ran past the moment the clocks went back, "
        "and "
        "a session's tasks are "
        "written in time order; check them if the session's order is not the time order"
    )
    details = {"count": n, "tasks": [str(v) for v in ids[:10]], "dates": days,
               "times": {k: int(v.sum()) for k, v in moved.items()}}
    return {"tasks_on_second_pass_by_order": details,
            "warnings": [{"code": CODE, "message": message, "rows": n}]}
