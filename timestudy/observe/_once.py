"""Two observers' sessions of one person at the same time, counted once: the one rule
:func:`~timestudy.observe.observation_study` and every measure run alone share (which
session keeps the time: :func:`~timestudy.observe.pairing.counted_once`)."""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.observe._span import person_column
from timestudy.observe.pairing import counted_once, paired_sessions

#: Set in the ``attrs`` of episodes whose paired sessions are already counted once.
ONCE = "timestudy_counted_once"


def without_second_sessions(episodes: pd.DataFrame, pairs: pd.DataFrame, worker: str,
                            session: str, counted_by: str) -> pd.DataFrame:
    """The episodes with each pair's common window counted from one session only.

    See :func:`counted_once` for which session keeps it. Ingest counted a worker's
    overlapping time once (``counted_min``); where a session lost time, the episodes of
    its worker (``counted_by``) are counted again from their own minutes (``counted_min``
    blank: see :mod:`timestudy.observe._counted`). The result is marked (its ``attrs``)
    so that a measure given it does not pair its sessions again.
    """
    kept, cut = counted_once(episodes, pairs, worker, session)
    if cut.any() and "counted_min" in kept.columns and counted_by in kept.columns:
        shared = kept[counted_by].isin(episodes.loc[cut, counted_by].dropna().unique())
        kept = kept.assign(counted_min=kept["counted_min"].mask(shared))
    kept.attrs[ONCE] = True
    return kept


def one_session_at_a_time(episodes: pd.DataFrame, worker: str = "worker_id",
                          session: str | None = "session_id",
                          observer: str = "observer") -> pd.DataFrame:
    """The episodes as :func:`~timestudy.observe.observation_study` measures them: two
    observers' sessions of one person at the same time counted once (the rule of
    :func:`counted_once`), with a warning that says how many pairs; unchanged where there
    are none (or no ``session`` and ``observer`` columns, or already counted once).

    Examples
    --------
    >>> import warnings
    >>> eps = pd.DataFrame({"worker_id": "W1", "observer": ["O1", "O2"],
    ...     "session_id": ["S1", "S2"], "category": "recording",
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:15"]),
    ...     "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-09 10:30"])})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     once = one_session_at_a_time(eps)
    >>> once["start"].dt.strftime("%H:%M").tolist(), len(w)
    (['09:00', '10:00'], 1)
    """
    session = "session_id" if session in (None, "auto") else session
    if (not isinstance(episodes, pd.DataFrame) or episodes.attrs.get(ONCE)
            or session not in episodes.columns
            or observer not in episodes.columns):
        return episodes
    person = person_column(episodes, worker)
    pairs = paired_sessions(episodes, observer=observer, session=session, worker=person)
    if not len(pairs):
        return episodes
    warnings.warn(
        f"{len(pairs)} pair(s) of sessions by two observers of one person at the same time "
        f"(first: {pairs['worker'].iloc[0]}, sessions {pairs['session_a'].iloc[0]} and "
        f"{pairs['session_b'].iloc[0]}): the time they share is counted from one session only, "
        "the one that started first, as observation_study counts it",
        DataQualityWarning, stacklevel=3,
    )
    return without_second_sessions(episodes, pairs, person, session, worker)
