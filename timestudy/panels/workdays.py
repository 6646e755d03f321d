"""Working days of a worker's diary: what linking windows and censoring margins count.

A piece of work written on a Friday and finished on the Monday, or before and after
a week's leave, was worked on two working days in a row: weekends, days off, leave,
sickness and bank holidays never split a piece. The working days of a worker are
the days of their diary window they worked, written or not (complete, partial,
missing or extra in :func:`~timestudy.panels.diary_completeness`); without a
completeness table, their weekdays from their first to their last diary day and
any day with entries.

**Bank holidays** are a day off for everyone: not contracted days. One on a worker's
contracted weekday with no work recorded is a ``holiday`` (neither missing nor at
work); work recorded on one is work on a day off (``extra``). Which days are bank
holidays, and how many a year, is :mod:`timestudy.panels.holidays` (its names are
importable from here too).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.holidays import (  # noqa: F401 (their callers import them from here)
    BANK_HOLIDAY_LISTS,
    DEFAULT_BANK_HOLIDAYS,
    USUAL_BANK_HOLIDAYS,
    bank_holidays,
    holiday_days,
    holidays_a_year,
    month_working_days,
    study_holidays_a_year,
)
from timestudy.schema.contract_days import (  # noqa: F401 (one rule: ingest's quality page too)
    USUAL_WEEKDAY_DAYS,
    contract_terms,
    contracted_weekdays,
    usual_day,
)
from timestudy.schema.workdays import (  # noqa: F401 (their callers import them from here)
    declared_weekdays,
    parse_pattern,
    parse_workdays,
)

# Days at work: the contracted days a worker was due at work and not absent, written in
# full, in part or not at all (the denominator of the shares complete and missing, and
# of the observed share). Days worked add the extra days, worked outside the contract.
AT_WORK_STATUSES = ("complete", "partial", "missing")
WORKING_STATUSES = (*AT_WORK_STATUSES, "extra")
#: Every status of a worker-day (:func:`~timestudy.panels.diary_completeness`).
STATUSES = ("complete", "partial", "missing", "absent", "holiday", "extra")


def working_day_numbers(s: pd.DataFrame, labels: dict, days: pd.DataFrame
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sitting's working day, numbered within its worker's diary, and each worker's first
    and last: linking windows and censoring margins count the days the worker worked.

    A working day is a day of the worker's diary window that is complete, partial,
    missing (worked but not written) or extra (worked on a day off); weekends and days
    off not worked, leave, sickness and bank holidays are not, so they never split a
    piece. A sitting on a day that is not a working day takes the number of the next.

    Returns
    -------
    wday : ndarray of int64
        Working-day number of each sitting (comparable within a worker only).
    first, last : ndarray of int64
        By worker code: the numbers of the worker's first and last working day.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": "W1", "status": ["complete", "absent", "complete"],
    ...     "diary_date": pd.to_datetime(["2026-03-06", "2026-03-09", "2026-03-10"])})
    >>> s = pd.DataFrame({"worker": [0, 0], "day": pd.to_datetime(["2026-03-06",
    ...     "2026-03-10"]).to_numpy().astype("datetime64[D]").astype(np.int64)})
    >>> wday, first, last = working_day_numbers(s, {"worker": pd.Index(["W1"])}, days)
    >>> (wday[1] - wday[0]).item(), first.tolist(), last.tolist()  # Friday to Tuesday: 1
    (1, [0], [1])
    """
    d = days.loc[days["status"].isin(WORKING_STATUSES)] if "status" in days else days
    if "hours_worked" in d:  # a whole day of TOIL (complete, no work) is not a day worked
        d = d.loc[~(d["status"].eq("complete") & d["hours_worked"].eq(0))]
    ids = pd.Index(labels["worker"]).astype("string")
    w = ids.get_indexer(d["worker_id"].astype("string")).astype(np.int64)
    dd = d["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    m = np.int64(1_000_000)  # days since 1970 stay far below this
    keys = np.unique(w[w >= 0] * m + dd[w >= 0])
    wcode = np.arange(len(ids), dtype=np.int64)
    first = np.searchsorted(keys, wcode * m).astype(np.int64)
    last = np.searchsorted(keys, (wcode + 1) * m).astype(np.int64) - 1
    wday = np.searchsorted(keys, s["worker"].to_numpy() * m + s["day"].to_numpy())
    return wday.astype(np.int64), first, last


def absent_share(hours_absence: np.ndarray, contract_day: np.ndarray, at_work: np.ndarray
                 ) -> np.ndarray:
    """Each worker-day's share on leave or sick: what it takes out of a day at work.

    A contracted day used (written and at work) that also holds leave or sickness
    (an afternoon's leave) was a day at work only in part: its absence hours over
    the worker's contracted day (weekly contracted hours over contracted days a
    week, 37 / 5 = 7.4 hours at full time), clipped to [0, 1], is the share of the
    day that comes out of the FTE-weeks and the contracted hours
    (:func:`~timestudy.panels.worker_week`). The share is of the contracted day, not
    of the worker's usual day nor of the hours the day held: the leave taken is
    contracted time, and time available is contracted time less leave and sickness
    (whole days of which are absent, out of the FTE-weeks already). Other days
    (absent, extra, not used) give 0; a day with no contracted hours and some
    absence gives 1.

    Parameters
    ----------
    hours_absence : ndarray of float
        Hours of absence entries of each worker-day (``hours_absence``).
    contract_day : ndarray of float
        The worker's contracted hours a day.
    at_work : ndarray of bool
        Whether the day is a contracted day used.

    Returns
    -------
    ndarray of float
        Share of each day on leave or sick, between 0 and 1.

    Examples
    --------
    >>> absent_share(np.array([4.0, 7.4, 9.0, 4.0]), np.full(4, 7.4),
    ...              np.array([True, True, True, False])).round(4).tolist()
    [0.5405, 1.0, 1.0, 0.0]
    """
    share = np.divide(hours_absence, contract_day, out=(hours_absence > 0).astype(float),
                      where=contract_day > 0)
    return np.where(at_work, np.clip(share, 0.0, 1.0), 0.0)


def weekdays_and_entries(e: pd.DataFrame) -> pd.DataFrame:
    """Without a completeness table: each worker's weekdays from their first to their last
    diary day, and every day with entries, as the days they worked.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
    ...     ["2026-03-06", "2026-03-07", "2026-03-10"])})  # Friday, Saturday, Tuesday
    >>> [str(d.date()) for d in weekdays_and_entries(e)["diary_date"].sort_values()]
    ['2026-03-06', '2026-03-07', '2026-03-09', '2026-03-10']
    """
    seen = e[["worker_id", "diary_date"]].drop_duplicates()
    span = seen.groupby("worker_id")["diary_date"].agg(["min", "max"])
    lo = span["min"].to_numpy().astype("datetime64[D]").astype(np.int64)
    n = span["max"].to_numpy().astype("datetime64[D]").astype(np.int64) - lo + 1
    day = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + np.repeat(lo, n)
    grid = pd.DataFrame({"worker_id": np.repeat(span.index.to_numpy(), n),
                         "diary_date": day.astype("datetime64[D]").astype("datetime64[ns]")})
    grid = grid.loc[(day + 3) % 7 < 5]  # 1970-01-01 was a Thursday: Monday to Friday
    return pd.concat([grid, seen], ignore_index=True).drop_duplicates().assign(used=True)


def days_in_diaries(days: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp]
                    ) -> np.ndarray:
    """Worker-days of the diaries within ``period``: weekdays and weekend days.

    Every day of each worker's diary window (first to last day with entries, within
    ``period``) counts, at work or not (leave, sickness, a bank holiday, a day not
    contracted, a weekend), less the days at work not used: days the diary misses
    (contracted, no entries, no leave, not a bank holiday) and days written in part that
    the panels leave out. Days are diary days (:func:`timestudy.panels.diary_completeness`).

    Parameters
    ----------
    days : DataFrame
        :func:`timestudy.panels.diary_completeness` output: ``worker_id``,
        ``diary_date``, ``status``, ``used``.
    period : (Timestamp, Timestamp)
        First and last day of the diary period.

    Returns
    -------
    ndarray
        ``[weekdays, weekend days]``, summed over workers.

    Examples
    --------
    One worker's diary from Monday to Friday: Tuesday missing (left out), Wednesday on
    leave (a day not at work):

    >>> d = pd.DataFrame({"worker_id": "a", "diary_date": pd.date_range("2026-03-02",
    ...     periods=5), "status": ["complete", "missing", "absent", "complete", "complete"],
    ...     "used": [True, False, False, True, True]})
    >>> days_in_diaries(d, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-08"))).tolist()
    [4.0, 0.0]
    """
    lo, hi = (np.datetime64(pd.Timestamp(t).normalize(), "D") for t in period)
    d = days.loc[(days["diary_date"] >= pd.Timestamp(lo)) & (days["diary_date"] <= pd.Timestamp(hi))]
    span = d.groupby("worker_id", observed=True)["diary_date"].agg(["min", "max"])
    first = span["min"].to_numpy("datetime64[D]")
    after = span["max"].to_numpy("datetime64[D]") + np.timedelta64(1, "D")
    weekdays = np.busday_count(first, after)
    out = np.array([weekdays.sum(), ((after - first).astype(int) - weekdays).sum()], float)
    gone = d.loc[~d["used"].to_numpy(bool) & d["status"].isin(AT_WORK_STATUSES).to_numpy()]
    weekend = int((gone["diary_date"].dt.day_of_week >= 5).sum())
    return out - [len(gone) - weekend, weekend]
