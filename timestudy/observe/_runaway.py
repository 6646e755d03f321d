"""A session's observed span ends where a task rejected as a runaway timer began.

Ingest rejects a task whose timer was left running (``long_running_timer``: WOMBAT's
elapsed time of a week), and a session all of whose tasks are rejected is gone with them.
A session that keeps other tasks keeps its span (``session_start`` to ``session_end``),
whose end is then the runaway timer's: hours in which nothing was observed would count
as observed, quiet time, and every rate per hour and share of observed time would fall.
So, as for a session whose tasks are all rejected, the time from the rejected task's
start is not observed: the session's ``session_end`` becomes that start, and a warning
names the sessions and the hours taken out.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.observe._span import _clock_us

US_PER_DAY = 86_400_000_000
RUNAWAY = ("long_running_timer", "running_timer")


def _first(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((c for c in names if c in frame.columns), None)


def _clock_text(us: np.ndarray) -> list[str]:
    s = (np.asarray(us, np.int64) // 1_000_000) % 86_400
    return [f"{h:02d}:{m:02d}:{x:02d}" for h, m, x in zip(s // 3600, s % 3600 // 60, s % 60,
                                                           strict=True)]


def cut_at_runaways(episodes: pd.DataFrame, rejects: pd.DataFrame | None,
                    session: str = "session_id") -> pd.DataFrame:
    """The episodes with each session's span ending where a runaway timer it lost began.

    ``rejects`` is ingest's rejected rows (:attr:`~timestudy.IngestResult.rejects`), as
    read (WOMBAT's ``session id`` and ``start time``, or the canonical ``session_id`` and
    ``start``); those of code ``long_running_timer`` whose start lies in their session's
    span cut it there.

    Examples
    --------
    Session 20005 runs 11:00:00-16:27:07; its second task, from 11:02:08, was a timer left
    running: 5.42 hours taken out.

    >>> eps = pd.DataFrame({"session_id": ["20005"], "session_start": ["11:00:00"],
    ...                     "session_end": ["16:27:07"]})
    >>> rej = pd.DataFrame({"session id": ["20005"], "start time": ["11:02:08"],
    ...                     "code": ["long_running_timer"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     cut_at_runaways(eps, rej)["session_end"].tolist(), str(w[0].message)[:40]
    (['11:02:08'], 'session 20005: its span ends at 11:02:08')
    """
    if rejects is None or not len(rejects) or "code" not in rejects.columns:
        return episodes
    run = rejects[rejects["code"].isin(RUNAWAY)]
    sid, at = _first(run, ("session id", session)), _first(run, ("start time", "start"))
    if (not len(run) or sid is None or at is None or session not in episodes.columns
            or "session_start" not in episodes.columns or "session_end" not in episodes.columns):
        return episodes
    clock = run[at].astype("string").str.extract(r"(\d{1,2}:\d{2}(?::\d{2})?)")[0]
    cut = pd.Series(_clock_us(clock), index=run[sid].astype("string").str.strip().to_numpy())
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
                                      offset=("offset", "min"))
    if not len(first):
        return episodes
    new_end = pd.Series(_clock_text(first["s0"] + first["offset"]), index=first.index)
    hours = (first["span"] - first["offset"]) / 3.6e9
    said = "; ".join(f"session {k}: its span ends at {new_end[k]}, where a task rejected as "
                     f"a timer left running began ({hours[k]:.2f} h taken out)"
                     for k in first.index[:5])
    more = f" and {len(first) - 5} more sessions" if len(first) > 5 else ""
    warnings.warn(f"{said}{more}: the time from a runaway timer's start is not observed, as in "
                  "a session whose tasks are all rejected", DataQualityWarning, stacklevel=3)
    out = episodes.copy()
    mine = key.isin(first.index).to_numpy(bool)
    out.loc[mine, "session_end"] = new_end.reindex(key[mine].to_numpy()).to_numpy()
    return out
