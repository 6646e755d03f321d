"""The passes of a time the clocks pass twice, kept past the reader.

Once read, an episode is written on the study's wall clock, which on the autumn night says
01:20 for two instants an hour apart. What worked out again after the read (spellings of a
worker or a case folded: :mod:`timestudy.ingest.worker_ids`) needs the instants the reader
used: :func:`second_passes` lists the rows whose start or end the reader read on the second
pass (the report's ``details["second_pass"]``), and :func:`episode_instants` reads the wall
clock again with them.
"""

from __future__ import annotations

import numpy as np

from timestudy.ingest.clock_limits import fragment_instants
from timestudy.ingest.timerules import NS_PER_MIN
from timestudy.ingest.zones import instants, localise

__all__ = ["by_length", "episode_instants", "second_passes"]


def episode_instants(start: np.ndarray, end: np.ndarray, rows: np.ndarray, tz: str,
                     second: dict, fragment: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Instants (UTC ns) of accepted episodes' wall-clock ``start`` and ``end`` in ``tz``,
    as the reader read them: each time on the pass the reader read it, by the source rows
    it read on the second pass (``second``: :func:`second_passes`; ``rows``: each
    episode's source row), every other on the first. The fragments of a paused row
    (``fragment`` 2 and up, with their first) are read in order from their row's start,
    each time at or after the one before it, as the reader puts them
    (:func:`~timestudy.ingest.clock_limits.fragment_instants`).

    Examples
    --------
    01:20 to 01:40 on the autumn night, twice: the reader read source row 9 on the second
    pass (its times written with ``+00:00``), row 7 on the first.

    >>> s = np.array(["2026-10-25T01:20", "2026-10-25T01:20"], "M8[ns]")
    >>> e = s + np.timedelta64(20, "m")
    >>> s_at, e_at = episode_instants(s, e, np.array([7, 9]), "Europe/London",
    ...                               {"start": [9], "end": [9]})
    >>> np.datetime_as_string(s_at.view("M8[ns]"), unit="m").tolist()  # UTC
    ['2026-10-25T00:20', '2026-10-25T01:20']
    """
    start_pass, end_pass = (np.isin(rows, second.get(k, ())).astype("i1")
                            for k in ("start", "end"))
    start_at, end_at = instants(start, end, tz, start_pass, end_pass)[:2]
    if fragment is None or not (fragment > 1).any():
        return start_at, end_at
    cut = np.isin(rows, rows[fragment > 1])  # every fragment of a paused row
    start_at, end_at = start_at.copy(), end_at.copy()
    start_at[cut], end_at[cut] = fragment_instants(start[cut], end[cut], start_at[cut],
                                                   rows[cut], fragment[cut], tz)
    return start_at, end_at


def by_length(start: np.ndarray, end: np.ndarray, start_at: np.ndarray, end_at: np.ndarray,
              minutes: np.ndarray, tz: str, tolerance: float = 0.5,
              start_pass: np.ndarray | None = None, end_pass: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """``start_at`` and ``end_at`` (UTC ns, read from the wall clock ``start`` and ``end``
    by a rule), except where that reading is not ``minutes`` long (to ``tolerance``
    minutes; NaN: no length of its own, left as read) and another pass of a time the clocks
    pass twice is: that pass. A pass the source named (``start_pass``, ``end_pass``: 0 or
    1, -1 not named) is kept. The row's own length tells the passes apart where the clock
    cannot: a task from 01:10 to 02:30 on the autumn night, its elapsed time 80 minutes,
    started on the second pass (from the first it would be 140).

    Examples
    --------
    >>> s = np.array(["2026-10-25T01:10"], "M8[ns]")
    >>> e = np.array(["2026-10-25T02:30"], "M8[ns]")
    >>> s_at, e_at = instants(s, e, "Europe/London")[:2]
    >>> ((e_at - s_at) / NS_PER_MIN).tolist()
    [140.0]
    >>> s_at, e_at = by_length(s, e, s_at, e_at, np.array([80.0]), "Europe/London", 1.0)
    >>> ((e_at - s_at) / NS_PER_MIN).tolist()
    [80.0]
    """
    want = np.round(np.asarray(minutes, float) * NS_PER_MIN)
    tol = tolerance * NS_PER_MIN
    pos = np.flatnonzero(np.abs(end_at - start_at - want) > tol)  # (NaN: never)
    if not len(pos):
        return start_at, end_at
    start_at, end_at, want = start_at.copy(), end_at.copy(), want[pos]
    fits = np.zeros(len(pos), bool)
    named = [np.full(len(pos), -1, "i1") if p is None else p[pos] for p in (start_pass, end_pass)]
    first, second = np.ones(len(pos), bool), np.zeros(len(pos), bool)
    starts = [localise(start[pos], tz, on)[0] for on in (first, second)]
    ends = [localise(end[pos], tz, on)[0] for on in (first, second)]
    for k, s_at in enumerate(starts):
        for j, e_at in enumerate(ends):
            take = (~fits & np.isin(named[0], (-1, k)) & np.isin(named[1], (-1, j))
                    & (np.abs(e_at - s_at - want) <= tol))
            start_at[pos[take]], end_at[pos[take]] = s_at[take], e_at[take]
            fits |= take
    return start_at, end_at


def second_passes(wall: dict[str, np.ndarray], at: dict[str, np.ndarray], rows: np.ndarray,
                  tz: str) -> dict[str, list[int]]:
    """The rows (``rows``: a number per row, its source row) whose ``start`` or ``end`` was
    read on the second pass of a time the clocks pass twice, by name: what the wall clock
    alone no longer tells (:func:`episode_instants` takes them back).

    Examples
    --------
    >>> wall = {"start": np.array(["2026-10-25T01:20", "2026-10-25T01:20"], "M8[ns]")}
    >>> at = {"start": np.array(["2026-10-25T00:20", "2026-10-25T01:20"], "M8[ns]").view("i8")}
    >>> second_passes(wall, at, np.array([7, 9]), "Europe/London")
    {'start': [9]}
    """
    out = {}
    for name, times in wall.items():
        first = localise(times, tz, np.ones(len(times), bool))[0]
        second = ~np.isnat(times) & (at[name] != first)
        if second.any():
            out[name] = np.unique(rows[second]).tolist()
    return out
