"""Which day a WOMBAT task's clock times are on (the export writes times with no date).

A task is on the ``session date``, or the next day when the session runs past midnight
(its end earlier than its start) and the time falls in the part after midnight
(:func:`session_days`). A time outside the session (a task a few minutes before the
session start, as real exports show: an analysis of them anchors each session at its
earliest task, not at ``session start``), in a session that runs past midnight, goes to
whichever of the session date and the next day puts it nearer the session: in a session
23:00 to 01:00 a task at 22:58 is on the session date, one at 01:05 on the next day (the
split is halfway between the end and the start, 12:00). In a session within one day a
time is always on the session date: one before a session that starts just after midnight
(23:58 for a session from 00:30) is then a day late. Tasks that start or end outside
their session's clock span are marked ``_outside_session``.

An older export with no session times places each task by its session's order instead
(:func:`task_days`): a start that steps back past midnight from the task before it is on
the next day. A session is its observer, session, participant and date together
(:func:`session_codes`), its order the number ending each task id (:func:`task_numbers`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import normalise
from timestudy.schema import parse
from timestudy.schema.tables import text_values

#: The columns that together make one observation session.
SESSION = ("observer", "session_id", "participant_id", "date")


def session_days(out: pd.DataFrame, missing) -> np.ndarray:
    """Put each task time on the session's day or the next (``day_start_time``), and mark
    (``_outside_session``, returned) the tasks that start or end outside their session.

    For a session that runs past midnight (end earlier than start) a clock time earlier
    than halfway between the end and the start is on the next day: the after-midnight
    part, and any time nearer it than the start; every other time is on the session date.

    Examples
    --------
    >>> f = pd.DataFrame({"session_start": ["23:00:00"] * 3 + ["09:00:00"],
    ...                   "session_end": ["01:00:00"] * 3 + ["12:00:00"],
    ...                   "start_time": ["22:58:00", "00:10:00", "23:30:00", "12:30:00"],
    ...                   "end_time": ["23:30:00", "00:40:00", "00:10:00", "12:40:00"]})
    >>> session_days(f, ("",)).tolist()
    [True, False, False, True]
    >>> f["day_start_time"].tolist()
    ['12:00:00', '12:00:00', '12:00:00', None]
    """
    n = len(out)
    if "session_start" not in out or "session_end" not in out:
        return np.zeros(n, bool)
    start, end = (_clock(out[c], missing) for c in ("session_start", "session_end"))
    known = ~np.isnan(start) & ~np.isnan(end) & (start != end)
    wraps = known & (end < start)
    if wraps.any():
        split = np.where(wraps, np.floor((start + end) * 30), 0).astype(np.int64)  # seconds
        text = pd.Series(
            [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in np.unique(split)],
            index=np.unique(split),
        )
        out["day_start_time"] = pd.Series(
            text.reindex(split).to_numpy(), index=out.index, dtype=object
        ).where(wraps, None)
    span = np.where(known, (end - start) % 1440, np.nan)
    outside = np.zeros(n, bool)
    for col in ("start_time", "end_time"):
        if col in out:
            at = _clock(out[col], missing)
            outside |= known & ~np.isnan(at) & ((at - start) % 1440 > span)
    out["_outside_session"] = outside
    return outside


def task_days(out: pd.DataFrame, missing, max_wrap_hours: float) -> np.ndarray:
    """Put on the next day (``day_start_time`` 24:00) the tasks of a session without session
    times whose start steps back past midnight, and return which were (older exports).

    Within a session (same observer, session, participant and date), in task order (the
    task id's number, else file order), each start is placed within 12 hours of where the
    task before it ended (its end, rolled past midnight as a bare end is when it ends
    before it starts by less than ``max_wrap_hours``): 23:55 to 00:10, then 00:10, puts
    the second task at 00:10 on the next day. Nothing is moved before the session date.

    Examples
    --------
    >>> f = pd.DataFrame({"session_id": ["S1"] * 4 + ["S2"], "date": ["01-Apr-2025"] * 5,
    ...     "start_time": ["23:40:00", "23:55:00", "00:10:00", "00:30:00", "00:10:00"],
    ...     "end_time": ["23:55:00", "00:10:00", "00:30:00", "00:30:00", "00:20:00"]})
    >>> task_days(f, ("",), 16).tolist()
    [False, False, True, True, False]
    >>> f["day_start_time"].tolist()
    [None, None, '24:00:00', '24:00:00', None]
    """
    n = len(out)
    todo = np.ones(n, bool)  # sessions with both times have their own rule: session_days
    if "session_start" in out and "session_end" in out:
        todo = np.isnan(_clock(out["session_start"], missing) + _clock(out["session_end"], missing))
    if "start_time" not in out or "date" not in out or not todo.any():
        return np.zeros(n, bool)
    start = _clock(out["start_time"], missing)
    end = _clock(out["end_time"], missing) if "end_time" in out else np.full(n, np.nan)
    session = session_codes(out, missing)
    rows = np.flatnonzero(todo & ~np.isnan(start))
    number = task_numbers(out)[rows]
    order = rows[np.lexsort((rows, np.nan_to_num(number, nan=np.inf), session[rows]))]
    s, e, g = start[order], end[order], session[order]
    wrap = e + 1440 - s
    took = np.where(
        np.isnan(e), 0.0, np.where(e >= s, e - s, np.where(wrap <= max_wrap_hours * 60, wrap, 0.0))
    )
    step = s.copy()
    later = np.append(False, g[1:] == g[:-1])
    gap = s[1:] - s[:-1] - took[:-1]
    # a start that steps back more than 12 h from where the task before ended is after
    # midnight; a step forward, however long, stays on the same day
    step[1:] = np.where(
        later[1:], took[:-1] + np.where(gap < -720, (gap + 720) % 1440 - 720, gap), s[1:]
    )
    at = pd.Series(step).groupby(g).cumsum().to_numpy()  # minutes after the session date
    rolled = np.zeros(n, bool)
    rolled[order] = at >= 1440
    if rolled.any():
        day_start = (
            out["day_start_time"].to_numpy(object)
            if "day_start_time" in out
            else np.full(n, None, dtype=object)
        )
        out["day_start_time"] = pd.Series(
            np.where(rolled, "24:00:00", day_start), index=out.index, dtype=object
        )
    return rolled


def session_codes(out: pd.DataFrame, missing) -> np.ndarray:
    """A code per session: observer, session, participant and date together."""
    keys = [text_values(out[c], missing).fillna("").to_numpy(object) for c in SESSION if c in out]
    return pd.MultiIndex.from_arrays(keys).factorize()[0]


def task_ids(out: pd.DataFrame) -> pd.Series | None:
    """The task ids (``observer/session/task id``, or an older export's ``Task ID``)."""
    col = next((c for c in out.columns if normalise(c) == "task_id"), None)
    return out[col] if col is not None else None


def task_numbers(out: pd.DataFrame) -> np.ndarray:
    """Each task's number in its session (the last number of its task id; NaN if none)."""
    ids = task_ids(out)
    text = (
        ids.astype("string").str.extract(r"(\d+)\s*$", expand=False)
        if ids is not None
        else pd.Series(np.nan, index=out.index)
    )
    return pd.to_numeric(text, errors="coerce").to_numpy(float)


def _clock(values: pd.Series, missing) -> np.ndarray:
    """Minutes after midnight of clock times as written (NaN where blank or unreadable)."""
    return parse.by_unique(text_values(values, missing), parse.time_minutes, np.nan)
