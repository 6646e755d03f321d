"""Rows with no time of day among timed rows, read apart and put back in place.

A Harvest report of an account that tracks start and end times may hold entries typed in
as a duration, with ``Hours`` and no times (:mod:`timestudy.ingest.harvest`, which marks
them in :data:`~timestudy.ingest.layout_names.UNTIMED_COLUMN`). The timed rows are read
by their layout, with their times; the marked rows as a diary without times reads its
rows (layout ``dated``: placed one after another in file order within their worker-day
from the diary day's start, flagged ``time_of_day_unknown``, so that no figure takes the
placed time for the time of day); then each row's figures are put back at its position,
so that every row is read once and no minute is counted twice. The overlap checks judge
placed rows only against placed rows (:mod:`timestudy.ingest.flags`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from timestudy.ingest.layout_names import UNTIMED_COLUMN
from timestudy.ingest.mapping import DiaryMapping

#: The columns of a timed row's clock, left out of the untimed rows' read.
_CLOCK = ("start", "end", "start_time", "end_time", "end_date")


def untimed_rows(frame: pd.DataFrame, layout: str | None) -> np.ndarray | None:
    """Positions of the rows marked as having no time of day, or None where there are
    none, or the layout is itself one without times (``dated``), or every row is marked.

    Examples
    --------
    >>> untimed_rows(pd.DataFrame({UNTIMED_COLUMN: [False, True]}), "split").tolist()
    [1]
    >>> untimed_rows(pd.DataFrame({"date": ["2026-03-09"]}), "split") is None
    True
    """
    if UNTIMED_COLUMN not in frame or layout == "dated":
        return None
    marked = frame[UNTIMED_COLUMN].to_numpy(bool)
    if not marked.any() or marked.all():
        return None
    return np.flatnonzero(marked)


def read_apart(resolve: Callable, frame: pd.DataFrame, labels: dict, mapping: DiaryMapping,
               layout: str | None, encoded: dict | None, untimed: np.ndarray):
    """``resolve`` (:func:`timestudy.ingest.times.resolve_times`) of the timed rows of
    ``frame`` by ``layout`` and of the ``untimed`` ones as a diary without times, put back
    together in the rows' order: every array row by row, each failure at its row.

    Examples
    --------
    >>> from timestudy.ingest.times import resolve_times
    >>> f = pd.DataFrame({"worker_id": ["a", "a"], "date": ["2026-03-09"] * 2,
    ...                   "start_time": ["09:00", None], "end_time": ["10:00", None],
    ...                   "duration_min": [None, "30"], UNTIMED_COLUMN: [False, True]})
    >>> t = read_apart(resolve_times, f, {}, DiaryMapping(), "split", None, np.array([1]))
    >>> [str(s)[11:16] for s in t.start], t.minutes.tolist(), t.flags["time_of_day_unknown"].tolist()
    (['09:00', '04:00'], [60.0, 30.0], [False, True])
    """
    n = len(frame)
    timed = np.setdiff1d(np.arange(n), untimed)
    parts = []
    for rows, how, drop in ((timed, layout, ()), (untimed, "dated", _CLOCK)):
        sub = frame.iloc[rows].drop(columns=[c for c in drop if c in frame.columns])
        sub.index = pd.RangeIndex(len(rows))
        codes = None if encoded is None else {
            name: e.rows(rows) for name, e in encoded.items() if name not in drop}
        parts.append((rows, resolve(sub, labels, mapping, how, codes)))
    return _together(parts, n)


def _together(parts: list, n: int):
    """The :class:`~timestudy.ingest.times.Times` of ``parts`` (positions, times) as one of
    ``n`` rows."""
    first = parts[0][1]

    def joined(name: str, fill):
        out = None
        for rows, t in parts:
            values = getattr(t, name)
            if out is None:
                out = np.full((n, *values.shape[1:]), fill, dtype=values.dtype)
            out[rows] = values
        return out

    flags = {}
    for code in {c for _, t in parts for c in t.flags}:
        flags[code] = np.zeros(n, bool)
        for rows, t in parts:
            if code in t.flags:
                flags[code][rows] = t.flags[code]
    failures = [f.assign(row=rows[f["row"].to_numpy(np.int64)])
                for rows, t in parts for f in t.failures if len(f)]
    # pauses: none (only a Harvest report, which has none, marks rows without times)
    return type(first)(
        joined("start", np.datetime64("NaT", "ns")), joined("end", np.datetime64("NaT", "ns")),
        joined("minutes", np.nan), joined("start_at", np.iinfo(np.int64).min),
        joined("end_at", np.iinfo(np.int64).min), failures, flags,
        joined("source_minutes", np.nan), None)
