"""Clock arithmetic on episodes: diary days and minutes inside or outside working hours."""

from __future__ import annotations

import numpy as np
import pandas as pd

NS_PER_MIN = 60_000_000_000
NS_PER_DAY = 24 * 60 * NS_PER_MIN
NAT = np.iinfo(np.int64).min


def diary_date(start: pd.Series, day_start_hour: float = 4.0) -> pd.Series:
    """The diary day an episode belongs to: the date of ``start`` minus ``day_start_hour``.

    A diary day runs from 04:00 to 04:00 by default (as in the American Time Use
    Survey), so case notes written at 23:30 or 00:30 count on the day of the visit.

    Parameters
    ----------
    start : Series of datetime64
        Start times of the episodes.
    day_start_hour : float
        Hour at which a diary day starts.

    Returns
    -------
    Series of datetime64
        The diary date (midnight) of each episode.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-03-09 23:30", "2026-03-10 00:30"]))
    >>> diary_date(s).dt.day.tolist()
    [9, 9]
    """
    shifted = start - pd.Timedelta(hours=day_start_hour)
    if isinstance(shifted.dtype, np.dtype) and shifted.dtype.kind == "M":  # naive: numpy
        values = shifted.to_numpy()
        return pd.Series(
            values.astype("M8[D]").astype(values.dtype), index=start.index, name=start.name
        )
    return shifted.dt.normalize()


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
    # worked in the stamps' own unit when both are microseconds (as the episodes are): no
    # copy of either in nanoseconds, and the same minutes to the bit (every count below is a
    # whole number of microseconds, a thousandth of the nanosecond count, and under 2**53)
    step = 1000 if start.dtype == np.dtype("M8[us]") == end.dtype else 1  # ns per unit
    unit = "datetime64[us]" if step == 1000 else "datetime64[ns]"
    per_min, per_day = NS_PER_MIN // step, NS_PER_DAY // step
    lo = int(round(_parse_hhmm(work_start) * NS_PER_MIN)) // step
    hi = int(round(_parse_hhmm(work_end) * NS_PER_MIN)) // step
    s = start.to_numpy(unit).view("i8")
    e = end.to_numpy(unit).view("i8")
    valid = (s != NAT) & (e != NAT)
    if not valid.all():  # a missing start or end: no minutes in hours
        s, e = np.where(valid, s, 0), np.where(valid, e, 0)
    day0 = s // per_day
    days = e // per_day - day0  # calendar days after its first that an episode touches
    workday = np.isin(np.arange(7), workdays)
    total = np.zeros(len(s))
    rows = None  # every row on its first day; after that, only the rows that reach it
    for k in range(int(days.max(initial=0)) + 1):
        if k:
            rows = np.flatnonzero(days >= k)
        first = day0 if rows is None else day0[rows]
        day = (first + k) * per_day
        overlap = np.minimum(e if rows is None else e[rows], day + hi)
        overlap -= np.maximum(s if rows is None else s[rows], day + lo)
        np.maximum(overlap, 0, out=overlap)
        overlap *= workday[(first + k - 4) % 7]  # 1970-01-01 was a Thursday
        if rows is None:
            total += overlap / per_min
        else:
            total[rows] += overlap / per_min
    return total
