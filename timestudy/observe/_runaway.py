"""A session's observed span ends after its last recorded task, where a runaway timer ran on.

Ingest rejects a task whose timer was left running (``long_running_timer``: WOMBAT's
elapsed time of a week), and a session all of whose tasks are rejected is gone with them.
A session that keeps other tasks keeps its span (``session_start`` to ``session_end``),
whose end is then the runaway timer's: hours in which nothing was observed would count
as observed, quiet time, and every rate per hour and share of observed time would fall.
But the observer was watching while tasks went on being recorded: a timer left running
at 09:30 in a session whose tasks are recorded to its end at 12:00 takes nothing out.
So only the time the runaway timer alone covers is not observed: from the runaway's
start or the session's last recorded (accepted) task's end, whichever is later, to the
session's end. ``session_end`` becomes that time, and a warning names the sessions, the
new end and the hours taken out.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.observe._span import _clock_us
from timestudy.observe._timeline import times_us

US_PER_DAY = 86_400_000_000
RUNAWAY = ("long_running_timer", "running_timer")


def _first(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((c for c in names if c in frame.columns), None)


def _clock_text(us: np.ndarray) -> list[str]:
    s = (np.asarray(us, np.int64) // 1_000_000) % 86_400
    return [f"{h:02d}:{m:02d}:{x:02d}" for h, m, x in zip(s // 3600, s % 3600 // 60, s % 60,
                                                           strict=True)]


def _runaway_starts(rejects: pd.DataFrame | None, session: str) -> pd.Series | None:
    """Each runaway timer's start (microseconds after midnight), indexed by its session."""
    if rejects is None or not len(rejects) or "code" not in rejects.columns:
        return None
    run = rejects[rejects["code"].isin(RUNAWAY)]
    sid, at = _first(run, ("session id", session)), _first(run, ("start time", "start"))
    if not len(run) or sid is None or at is None:
        return None
    clock = run[at].astype("string").str.extract(r"(\d{1,2}:\d{2}(?::\d{2})?)")[0]
    return pd.Series(_clock_us(clock), index=run[sid].astype("string").str.strip().to_numpy())


def _last_ends(episodes: pd.DataFrame, key: pd.Series, spans: pd.DataFrame) -> pd.Series:
    """Each session's last recorded task end, in microseconds after its ``session_start``.

    An end is read on the day of the span: within 12 hours of the span's middle, so that a
    task ending before the session started counts as before it, not a day after.
    """
    if "end" not in episodes.columns:
        return pd.Series(-np.inf, index=spans.index)
    mine = key.isin(spans.index).to_numpy(bool)
    ends = pd.Series(times_us(episodes.loc[mine], "end") % US_PER_DAY, index=key[mine].to_numpy())
    s0 = spans["s0"].reindex(ends.index).to_numpy(float)
    mid = spans["span"].reindex(ends.index).to_numpy(float) / 2
    half = US_PER_DAY / 2
    offset = (ends.to_numpy(float) - s0 - mid + half) % US_PER_DAY - half + mid
    return pd.Series(offset, index=ends.index).groupby(level=0).max().reindex(spans.index)


def cut_at_runaways(episodes: pd.DataFrame, rejects: pd.DataFrame | None,
                    session: str = "session_id") -> pd.DataFrame:
    """The episodes with each session's span ending where only a runaway timer it lost ran.

    ``rejects`` is ingest's rejected rows (:attr:`~timestudy.IngestResult.rejects`), as
    read (WOMBAT's ``session id`` and ``start time``, or the canonical ``session_id`` and
    ``start``). A session with a task of code ``long_running_timer`` starting in its span
    ends at the later of that start and the end of its last task kept; where tasks were
    recorded to the session's end, nothing is taken out and nothing said.

    Examples
    --------
    Session 20005 runs 11:00:00-16:27:07; its first task ends at 11:02:08, where its second,
    a timer left running, starts: 5.42 hours taken out.

    >>> eps = pd.DataFrame({"session_id": ["20005"], "session_start": ["11:00:00"],
    ...                     "session_end": ["16:27:07"],
    ...                     "end": pd.to_datetime(["2025-04-01 11:02:08"])})
    >>> rej = pd.DataFrame({"session id": ["20005"], "start time": ["11:02:08"],
    ...                     "code": ["long_running_timer"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     cut_at_runaways(eps, rej)["session_end"].tolist(), str(w[0].message)[:40]
    (['11:02:08'], 'session 20005: its span ends at 11:02:08')

    Had a task been recorded to 16:27:07, the session's end, nothing would be taken out:

    >>> eps["end"] = pd.to_datetime(["2025-04-01 16:27:07"])
    >>> cut_at_runaways(eps, rej)["session_end"].tolist()
    ['16:27:07']
    """
    cut = _runaway_starts(rejects, session)
    if (cut is None or session not in episodes.columns
            or "session_start" not in episodes.columns or "session_end" not in episodes.columns):
        return episodes
    key = episodes[session].astype("string").str.strip()
    s0 = pd.Series(_clock_us(episodes["session_start"]), index=episodes.index)
    e0 = pd.Series(_clock_us(episodes["session_end"]), index=episodes.index)
    spans = pd.DataFrame({"s0": s0, "e0": e0, "key": key}).groupby("key").first()
    spans = spans.join(cut.dropna().groupby(level=0).apply(list).rename("cuts"), how="inner")
    if not len(spans):
        return episodes
    rows = spans.explode("cuts")
    offset = (rows["cuts"].astype(float) - rows["s0"]) % US_PER_DAY
    span = (rows["e0"] - rows["s0"]) % US_PER_DAY
    rows = rows.assign(offset=offset, span=span)[(offset < span).to_numpy(bool)]
    first = rows.groupby(level=0).agg(s0=("s0", "first"), span=("span", "first"),
                                      start=("offset", "min"))
    if not len(first):
        return episodes
    first["last"] = _last_ends(episodes, key, first)
    first["offset"] = first[["start", "last"]].max(axis=1)
    first = first[first["offset"] < first["span"]]
    if not len(first):
        return episodes
    new_end = pd.Series(_clock_text(first["s0"] + first["offset"]), index=first.index)
    _warn(first, new_end)
    out = episodes.copy()
    mine = key.isin(first.index).to_numpy(bool)
    out.loc[mine, "session_end"] = new_end.reindex(key[mine].to_numpy()).to_numpy()
    return out


def _warn(first: pd.DataFrame, new_end: pd.Series) -> None:
    """One warning naming each cut session, its new end, why there, and the hours out."""
    began = pd.Series(_clock_text(first["s0"] + first["start"]), index=first.index)
    why = np.where(first["last"] > first["start"],
                   "where its last task kept ended (a timer left running from "
                   + began + " was rejected)",
                   "where a task rejected as a timer left running began")
    hours = (first["span"] - first["offset"]) / 3.6e9
    said = "; ".join(f"session {k}: its span ends at {new_end[k]}, {w} ({h:.2f} h taken out)"
                     for k, w, h in zip(first.index[:5], why[:5], hours[:5], strict=True))
    more = f" and {len(first) - 5} more sessions" if len(first) > 5 else ""
    warnings.warn(f"{said}{more}: the time after a session's last task that only a runaway "
                  "timer covers is not observed, as in a session whose tasks are all rejected; "
                  "time in which tasks went on being recorded stays observed",
                  DataQualityWarning, stacklevel=4)
