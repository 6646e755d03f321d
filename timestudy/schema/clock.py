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
    *,
    worker: np.ndarray | None = None,
    days_on: np.ndarray | None = None,
    days_off: np.ndarray | None = None,
) -> np.ndarray:
    """Minutes of each episode that fall inside working hours on working days.

    A working day is a day of the week in ``workdays``, or one of the episode's worker's
    ``days_on`` (a day they are contracted to work, a Saturday of a Tuesday-to-Saturday
    week), and not one of their ``days_off`` (a bank holiday not worked as a day at
    work): the one rule of what is in hours (:func:`timestudy.panels.workers.worker_day`).

    Parameters
    ----------
    start, end : Series of datetime64
        Episode boundaries (naive local clock times).
    work_start, work_end : str
        Working hours as ``HH:MM``; time outside them, or on a day that is not a
        working day, is out of hours.
    workdays : tuple of int
        Days of the week that are working days, Monday = 0.
    worker : ndarray of int, optional
        Each episode's worker as a number (:func:`day_keys`' ``worker``); needed with
        ``days_on`` or ``days_off``.
    days_on, days_off : ndarray of int64, optional
        :func:`day_keys` of worker-days that are working days whatever their day of the
        week (``days_on``) or are not (``days_off``, which wins).

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

    Saturday 14 March 2026, 09:00-17:00: out of hours, unless a day the worker is
    contracted to work:

    >>> s, e = (pd.Series(pd.to_datetime([t])) for t in ("2026-03-14 09:00", "2026-03-14 17:00"))
    >>> on = day_keys(np.array([0]), pd.to_datetime(["2026-03-14"]))
    >>> minutes_in_hours(s, e).tolist(), minutes_in_hours(s, e, worker=np.array([0]),
    ...                                                   days_on=on).tolist()
    ([0.0], [480.0])
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
    if worker is not None:
        worker = np.asarray(worker, np.int64)
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
        on = workday[(first + k - 4) % 7]  # 1970-01-01 was a Thursday
        if worker is not None:
            on = _own_days(on, (worker if rows is None else worker[rows]) * _KEY_DAYS
                           + first + k, days_on, days_off)
        overlap *= on
        if rows is None:
            total += overlap / per_min
        else:
            total[rows] += overlap / per_min
    return total


def working_days(worker: np.ndarray, days: pd.DataFrame | None) -> dict:
    """:func:`minutes_in_hours`' ``worker``, ``days_on`` and
    ``days_off`` for entries of ``worker``: each worker's contracted days
    (:func:`timestudy.panels.diary_completeness`' ``contracted``: their declared
    working days, and a bank holiday worked as a day at work) are working days, in hours
    within working hours whatever their day of the week (a Saturday of a Tuesday-to-Saturday
    week); a bank holiday not worked as a day at work is out of hours all day, as a
    weekend is (audit22o). Empty (the days of the week alone) without ``days``.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["TS", "TS"], "diary_date": pd.to_datetime(
    ...     ["2026-03-14", "2026-04-03"]), "contracted": [True, False],
    ...     "bank_holiday": [False, True]})
    >>> own = working_days(np.array(["TS", "W1"]), days)
    >>> own["worker"].tolist(), len(own["days_on"]), len(own["days_off"])
    ([0, -1], 1, 1)
    """
    if days is None or "contracted" not in days or not len(days):
        return {}
    names = pd.Index(days["worker_id"].astype(str).unique())
    code = names.get_indexer(days["worker_id"].astype(str))
    on = days["contracted"].to_numpy(bool)
    off = (days["bank_holiday"].to_numpy(bool) & ~on if "bank_holiday" in days
           else np.zeros(len(days), bool))
    date = days["diary_date"].to_numpy()
    return {"worker": names.get_indexer(pd.Index(np.asarray(worker).astype(str))),
            "days_on": day_keys(code[on], date[on]), "days_off": day_keys(code[off], date[off])}


_KEY_DAYS = 1_000_000  # days since 1970 stay far below this


def day_keys(worker: np.ndarray, dates) -> np.ndarray:
    """One sorted-searchable number per (worker, day), for :func:`minutes_in_hours`'
    ``days_on`` and ``days_off``: the worker's number, then the day.

    Examples
    --------
    >>> day_keys(np.array([1]), pd.to_datetime(["1970-01-02"])).tolist()
    [1000001]
    """
    day = np.asarray(dates, "datetime64[D]").astype(np.int64)
    return np.asarray(worker, np.int64) * _KEY_DAYS + day


def _own_days(on: np.ndarray, key: np.ndarray, days_on: np.ndarray | None,
              days_off: np.ndarray | None) -> np.ndarray:
    """``on`` (each row's day is a working day by its day of the week) with the worker's own
    working days (``days_on``) added and their days off (``days_off``) taken out."""
    if days_on is not None and len(days_on):
        on = on | np.isin(key, days_on)
    if days_off is not None and len(days_off):
        on = on & ~np.isin(key, days_off)
    return on
