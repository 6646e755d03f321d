"""Flags from what an observation export records about each task.

``interrupted``
    The task was interrupted: it names who interrupted it (``interrupted_by``) or it
    has pauses.
``interrupting``
    The task interrupted another (WOMBAT's ``is interrupting task?``).
``multitasking``
    The export records the task as done in parallel with others (``multitask_with``);
    its overlap with them is recorded multitasking, not an ``overlap`` warning.
``participant_id_reused``
    The participant id is used at two sites at the same time: different people under
    one id (a worker is then the participant within its session or site, never the id
    alone).
``outside_session``
    The task starts or ends outside its session's clock times (WOMBAT: see
    :mod:`timestudy.ingest.wombat`, which marks it ``_outside_session``).
``next_day_by_order``
    A WOMBAT export without session times: the task's start steps back past midnight from
    the task before it in its session, so it is placed on the next day (``_next_day_by_order``).
``total_over_elapsed``
    WOMBAT's ``total time`` is more than the task's ``elapsed time``: the elapsed time is
    counted, the value written kept in ``total_time_as_written`` (``_total_over_elapsed``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.timerules import NAT_I8

OBSERVED_FLAGS = ("interrupted", "interrupting", "multitasking", "participant_id_reused",
                  "outside_session", "next_day_by_order", "total_over_elapsed")


def observation_flags(frame: pd.DataFrame, start_at: np.ndarray, end_at: np.ndarray,
                      pauses=None) -> dict[str, np.ndarray]:
    """A mask per flag for the candidate rows of ``frame`` (only the flags the columns allow).

    Examples
    --------
    >>> f = pd.DataFrame({"interrupted_by": ["T2", None], "interrupting": [False, True]})
    >>> t = np.array([0, 1])
    >>> {k: v.tolist() for k, v in observation_flags(f, t, t + 1).items()}
    {'interrupted': [True, False], 'interrupting': [False, True]}
    """
    out: dict[str, np.ndarray] = {}
    n = len(frame)
    interrupted = _filled(frame, "interrupted_by")
    if pauses is not None:
        interrupted = (interrupted if interrupted is not None else np.zeros(n, bool)) | (
            pauses[0] != NAT_I8).any(axis=1)
    if interrupted is not None:
        out["interrupted"] = interrupted
    if "interrupting" in frame:
        out["interrupting"] = frame["interrupting"].fillna(False).to_numpy(bool)
    multi = _filled(frame, "multitask_with")
    if multi is not None:
        out["multitasking"] = multi
    if {"participant_id", "session_id", "site"} <= set(frame.columns):
        out["participant_id_reused"] = _reused(frame, start_at, end_at)
    for code in ("outside_session", "next_day_by_order", "total_over_elapsed", "filled_down"):
        if f"_{code}" in frame:  # marked by the layout's reader (wombat.py, fill_down)
            out[code] = frame[f"_{code}"].to_numpy(bool)
    return out


def _filled(frame: pd.DataFrame, col: str) -> np.ndarray | None:
    if col not in frame:
        return None
    text = frame[col].astype("string").str.strip()
    return (text.notna() & (text != "")).to_numpy(bool)


def _reused(frame: pd.DataFrame, start_at: np.ndarray, end_at: np.ndarray) -> np.ndarray:
    """Rows of a participant id whose session overlaps, in time, a session of the same id at
    another site."""
    rows = pd.DataFrame({
        "person": frame["participant_id"].astype("string").str.strip(),
        "session": frame["session_id"].astype("string"),
        "site": frame["site"].astype("string"),
        "lo": np.where(start_at == NAT_I8, np.iinfo(np.int64).max, start_at),
        "hi": end_at,
    })
    sessions = rows.dropna(subset=["person", "site"]).groupby(
        ["person", "session", "site"], as_index=False).agg(lo=("lo", "min"), hi=("hi", "max"))
    pairs = sessions.merge(sessions, on="person", suffixes=("", "_b"))
    pairs = pairs[(pairs["site"] != pairs["site_b"]) & (pairs["lo"] < pairs["hi_b"])
                  & (pairs["lo_b"] < pairs["hi"])]
    if pairs.empty:
        return np.zeros(len(frame), bool)
    hit = pd.MultiIndex.from_frame(pairs[["person", "session"]].drop_duplicates())
    mine = pd.MultiIndex.from_arrays([rows["person"], rows["session"]])
    return np.asarray(mine.isin(hit))
