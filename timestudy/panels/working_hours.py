"""Where a worker's counted minutes lie on the clock, and which of them are in working hours.

Ingest counts a minute that several entries cover once (``counted_min``); these functions
place each entry's counted minutes on the parts of its clock span it keeps
(:func:`counted_spans`), count those within working hours on each worker's own working days
(:func:`counted_in_hours`, by :func:`~timestudy.schema.clock.working_days`): the one rule of
what is in hours, read by :func:`~timestudy.panels.workers.worker_day` and the report's
time-of-day profile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.dated import time_of_day_known
from timestudy.ingest.overlaps import content_tie, counted_pieces, may_interrupt
from timestudy.schema.clock import minutes_in_hours, working_days


def counted_spans(e: pd.DataFrame) -> pd.DataFrame:
    """Where each entry's counted minutes lie on the clock: the pieces of it they count.

    Ingest counts a minute that several entries of a worker cover once, for the entry
    that ends first (``counted_min``: :func:`~timestudy.ingest.overlaps.overlap_minutes`),
    so an entry's counted minutes lie on the parts of its clock span it keeps
    (:func:`~timestudy.ingest.overlaps.counted_pieces`): a meeting 17:00-19:00 with a call
    17:30-17:45 in it counts 17:00-17:30 and 17:45-19:00, the call 17:30-17:45; an
    entry 16:00-20:00 after one 09:00-17:00 counts 17:00-20:00 (two hours after 18:00,
    not 1.5). Its ``minutes`` are spread over its pieces in proportion (a clock change, a
    source's own duration); an entry that keeps no clock time (equal start and end) has
    its minutes at a point, its start. Entries that start together are taken in the
    order of their lines in the source (``source_row``, as ingest takes them), else in
    the order of the rows. Entries without a start or end have no piece, nor those
    without a time of day (:func:`~timestudy.ingest.dated.time_of_day_known`: a clock
    made up from the day's start, as a Harvest entry typed in as a duration beside timed
    ones): they take no clock time from a timed entry.

    Parameters
    ----------
    e : DataFrame
        ``worker_id``, ``start``, ``end`` (naive wall clock, or time-zone aware) and
        ``minutes`` (counted); ``source_row`` and ``flags`` if there are.

    Returns
    -------
    DataFrame
        ``row`` (position in ``e``), ``start``, ``end`` (the columns' own clock and
        type), ``minutes`` and ``rate`` (minutes per clock minute, 0 at a point).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["a", "a"],
    ...     "start": pd.to_datetime(["2026-03-11 17:00", "2026-03-11 17:30"]),
    ...     "end": pd.to_datetime(["2026-03-11 19:00", "2026-03-11 17:45"]),
    ...     "minutes": [105.0, 15.0]})
    >>> p = counted_spans(e)
    >>> p["row"].tolist(), p["start"].dt.strftime("%H:%M").tolist(), p["minutes"].tolist()
    ([0, 0, 1], ['17:00', '17:45', '17:30'], [30.0, 75.0, 15.0])
    """
    zone = getattr(e["start"].dt, "tz", None)
    start, end = (_instants(e[c]) for c in ("start", "end"))
    valid = np.flatnonzero(~(np.isnat(start) | np.isnat(end)) & time_of_day_known(e))
    start, end = (t[valid].astype("M8[ns]").view("i8") for t in (start, end))
    flags = may_interrupt(e)
    p = counted_pieces(
        pd.factorize(e["worker_id"])[0][valid], start, end,
        e["minutes"].to_numpy(float)[valid],
        interrupts=None if flags is None else flags[valid],
        tie=content_tie(e)[valid],
    )
    p["row"] = valid[p["row"].to_numpy()]
    for c in ("start", "end"):
        t = pd.Series(p[c].to_numpy().view("M8[ns]"), index=p.index)
        p[c] = (t.dt.tz_localize("UTC").dt.tz_convert(zone) if zone is not None
                else t.astype(e["start"].dtype))
    return p


def counted_in_hours(e: pd.DataFrame, work_start: str = "08:00", work_end: str = "18:00",
                     workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
                     days: pd.DataFrame | None = None) -> np.ndarray:
    """Counted minutes of each entry in working hours, where they lie (:func:`counted_spans`).

    A piece's minutes are in hours in the proportion of its clock time that is; a point's
    all of them or none, as its instant is in hours or not. With ``days``
    (:func:`~timestudy.panels.diary_completeness`), a worker's contracted day is a
    working day whatever its day of the week, and a bank holiday not worked as a day at
    work is not (:func:`~timestudy.schema.clock.working_days`).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["a", "a"],
    ...     "start": pd.to_datetime(["2026-03-11 17:00", "2026-03-11 17:30"]),
    ...     "end": pd.to_datetime(["2026-03-11 19:00", "2026-03-11 17:45"]),
    ...     "minutes": [105.0, 15.0]})
    >>> counted_in_hours(e).tolist()  # to 18:00: 17:00-17:30, 17:45-18:00; the call
    [45.0, 15.0]
    """
    p = counted_spans(e)
    point = (p["end"] == p["start"]).to_numpy()
    # a point: in hours as the first second from it is (a minute's share of one second)
    end = p["end"].where(~point, p["start"] + pd.Timedelta(seconds=1))
    rate = np.where(point, 60.0 * p["minutes"].to_numpy(), p["rate"].to_numpy())
    own = working_days(e["worker_id"].to_numpy()[p["row"].to_numpy()], days)
    inside = minutes_in_hours(p["start"], end, work_start, work_end, workdays, **own) * rate
    return np.bincount(p["row"].to_numpy(), weights=inside, minlength=len(e))


def _instants(times: pd.Series) -> np.ndarray:
    """Times as naive datetime64: the wall clock, or UTC for a time-zone-aware column."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    return times.to_numpy()
