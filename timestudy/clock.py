"""Clock arithmetic on episodes: diary days and minutes inside or outside working hours."""

from __future__ import annotations

import numpy as np
import pandas as pd

MINUTE = np.timedelta64(1, "m")


def diary_date(start: pd.Series, day_start_hour: float = 4.0) -> pd.Series:
    """The diary day an episode belongs to: the date of ``start`` minus ``day_start_hour``.

    A diary day runs from 04:00 to 04:00 by default (as in the American Time Use
    Survey), so case notes written at 23:30 or 00:30 count on the day of the visit.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-03-09 23:30", "2026-03-10 00:30"]))
    >>> diary_date(s).dt.day.tolist()
    [9, 9]
    """
    return (start - pd.Timedelta(hours=day_start_hour)).dt.normalize()


def _parse_hhmm(value: str) -> float:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def minutes_in_hours(
    start: pd.Series,
    end: pd.Series,
    work_start: str = "08:00",
    work_end: str = "18:00",
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
) -> np.ndarray:
    """Minutes of each episode that fall inside working hours on working days.

    Parameters
    ----------
    start, end : Series of datetime64
        Episode boundaries (naive local clock times).
    work_start, work_end : str
        Working hours as ``HH:MM``; time outside them, or on a day not in
        ``workdays``, is out of hours.
    workdays : tuple of int
        Days of the week that are working days, Monday = 0.

    Returns
    -------
    ndarray of float
        Minutes within working hours; ``duration - result`` is out-of-hours time.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-03-09 17:00"]))
    >>> e = pd.Series(pd.to_datetime(["2026-03-09 19:00"]))
    >>> minutes_in_hours(s, e).tolist()
    [60.0]
    """
    lo, hi = _parse_hhmm(work_start), _parse_hhmm(work_end)
    s = start.to_numpy("datetime64[ns]")
    e = end.to_numpy("datetime64[ns]")
    day0 = s.astype("datetime64[D]")
    span = int(np.nanmax((e.astype("datetime64[D]") - day0).astype(int), initial=0)) if len(s) else 0
    total = np.zeros(len(s))
    for k in range(span + 1):
        day = day0 + np.timedelta64(k, "D")
        win_lo = day + np.timedelta64(int(lo), "m")
        win_hi = day + np.timedelta64(int(hi), "m")
        overlap = (np.minimum(e, win_hi) - np.maximum(s, win_lo)) / MINUTE
        dow = (day.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday
        total += np.where(np.isin(dow, workdays), np.clip(overlap, 0, None), 0.0)
    return np.nan_to_num(total)
