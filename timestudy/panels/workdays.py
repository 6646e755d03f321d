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
# Typical days of a weekday needed to judge it against its own median (:func:`usual_day`).
USUAL_WEEKDAY_DAYS = 3


def contracted_weekdays(workers: pd.DataFrame | None, ids: pd.Index, counts: pd.DataFrame,
                        default: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Boolean (worker x 7) matrix of contracted weekdays (``diary_completeness``'s notes),
    and per worker whether they were assumed (no ``workdays`` given for them).

    ``workers``' ``workdays`` where given (of a pattern alternating by week, the days of any
    of its weeks: :mod:`~timestudy.panels.work_patterns` tells them week by week); else
    ``default`` at full time, and for a part-time worker the ``round(5 x fte)`` weekdays
    of ``default`` with the most days recorded (``counts``: worker x weekday), earlier
    weekdays winning ties.
    """
    mask = np.zeros((len(ids), 7), dtype=bool)
    mask[:, list(default)] = True
    if workers is None:
        return mask, np.ones(len(ids), bool)
    w = workers.assign(worker_id=workers["worker_id"].astype("string")).drop_duplicates(
        "worker_id").set_index("worker_id")
    fte = w["fte"].reindex(ids).astype(float).to_numpy() if "fte" in w else np.ones(len(ids))
    k = np.clip(np.round(5 * np.nan_to_num(fte, nan=1.0) + 0.01), 1, len(default)).astype(int)
    c = counts.reindex(index=ids, columns=list(default), fill_value=0).to_numpy(float)
    order = np.argsort(-c, axis=1, kind="stable")
    pick = np.arange(c.shape[1])[None, :] < k[:, None]
    part = np.zeros_like(mask)
    rows = np.repeat(np.arange(len(ids)), c.shape[1])
    part[rows, np.asarray(default)[order].ravel()] = pick.ravel()
    mask = np.where((k < len(default))[:, None], part, mask)
    days, declared = declared_weekdays(workers, ids)  # of a pattern of weeks, any week's
    return np.where(declared[:, None], days, mask), ~declared


def usual_day(worker: np.ndarray, weekday: np.ndarray, hours: np.ndarray, typical: np.ndarray,
              contract_day: np.ndarray | None = None,
              min_days: int = USUAL_WEEKDAY_DAYS, half: float = 0.5) -> np.ndarray:
    """Each worker-day's usual hours: the median of the worker's typical days on that weekday.

    A worker's usual day on a weekday is the median hours of their *typical* days
    (contracted, not absent, with work recorded) on that weekday when there are at
    least ``min_days`` of them, else the median of all their typical days, or their
    contracted day (``contract_day``: contracted hours over contracted weekdays) when
    that is shorter and every day of that weekday seen is under ``half`` the median (a
    regular short day, not one short day beside an ordinary one). A contract with a shorter day (7.5 hours Monday to Thursday, 3.5
    on Friday) then keeps its Fridays as the complete days they are; one unusual
    Friday among ordinary ones is still judged against the ordinary ones (a median).
    In a diary too short to show a weekday's own day, the contract speaks for it: a
    job share's half day (3.5 hours of a 0.5 FTE, 18.5-hour week on 3 weekdays, 6.17
    hours a day) is over half its contracted day, so it is not taken as written in
    part for being under half the worker's 7.5-hour days.

    Parameters
    ----------
    worker, weekday, hours, typical : ndarray
        One entry per worker-day: worker id, weekday (Monday = 0), hours worked and
        whether the day is typical.
    contract_day : ndarray, optional
        One entry per worker-day: the worker's contracted hours a day (none without a
        workers table).
    min_days : int
        Typical days of a weekday needed to judge it against its own median.
    half : float
        Under this share of the worker's median, a weekday whose every day seen is so
        short is a regular short day (the contracted day then speaks for it).

    Returns
    -------
    ndarray of float
        Usual hours of each worker-day (NaN for a worker with no typical day).

    Examples
    --------
    >>> w = np.array(["A"] * 10)
    >>> dow = np.array([0, 1, 2, 3, 4] * 2)
    >>> h = np.array([7.5, 7.5, 7.5, 7.5, 3.5] * 2)
    >>> usual_day(w, dow, h, np.ones(10, bool), min_days=2)[:5].tolist()
    [7.5, 7.5, 7.5, 7.5, 3.5]
    >>> usual_day(w, dow, h, np.ones(10, bool), min_days=3)[:5].tolist()  # too few Fridays
    [7.5, 7.5, 7.5, 7.5, 7.5]
    >>> usual_day(w, dow, h, np.ones(10, bool), np.full(10, 6.0), min_days=3)[:5].tolist()
    [7.5, 7.5, 7.5, 7.5, 6.0]
    """
    code = pd.factorize(np.asarray(worker))[0].astype(np.int64)
    n = code.max(initial=-1) + 1
    pair = code * 7 + np.asarray(weekday, np.int64)  # each worker-weekday
    h, t = np.asarray(hours, float), np.asarray(typical, bool)
    k = t & ~np.isnan(h)  # a median and a maximum skip a missing figure, as pandas' do
    overall = _medians(code[k], h[k], n)[0][code]
    med, _, top = _medians(pair[k], h[k], 7 * n)
    size = np.bincount(pair[t], minlength=7 * n)
    day_med = np.where(size >= min_days, med, np.nan)[pair]
    fallback = overall
    if contract_day is not None:  # only for a weekday short every time it was seen
        regular = top[pair] < half * overall
        fallback = np.where(regular, np.fmin(fallback, contract_day), fallback)
    return np.where(np.isnan(day_med), fallback, day_med)


def _medians(group: np.ndarray, values: np.ndarray, n: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median, size and maximum of ``values`` by ``group`` (0 to ``n - 1``; NaN where a group
    has none): pandas' group median (the mean of the two middle values of an even count),
    from one sort.

    Examples
    --------
    >>> [a.tolist() for a in _medians(np.array([0, 0, 1, 0, 0]), np.array([4.0, 1, 3, 2, 8]), 3)]
    [[3.0, 3.0, nan], [4, 1, 0], [8.0, 3.0, nan]]
    """
    order = np.lexsort((values, group))
    v = values[order]
    size = np.bincount(group, minlength=n)
    start = np.cumsum(size) - size
    has = size > 0
    med, top = np.full(n, np.nan), np.full(n, np.nan)
    lo, hi = (start + (size - 1) // 2)[has], (start + size // 2)[has]
    med[has] = (v[hi] + v[lo]) / 2
    top[has] = v[(start + size - 1)[has]]
    return med, size, top


def contract_terms(workers: pd.DataFrame | None, worker_id: pd.Series
                   ) -> tuple[pd.Series, pd.Series]:
    """Each row's FTE (1.0 when not given) and contracted hours a week (37 x FTE when not
    given), from the workers table: the worker's contract (a contracted day is its hours
    over the worker's contracted weekdays).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["J1"], "fte": [0.5], "contracted_hours": [18.5]})
    >>> [s.tolist() for s in contract_terms(w, pd.Series(["J1", "X"], dtype="string"))]
    [[0.5, 1.0], [18.5, 37.0]]
    """
    fte = pd.Series(1.0, index=worker_id.index)
    hours = pd.Series(np.nan, index=worker_id.index)
    if workers is not None:
        w = workers.assign(worker_id=workers["worker_id"].astype("string")).set_index("worker_id")
        fte = worker_id.map(w["fte"]).astype(float).fillna(1.0)
        if "contracted_hours" in w:
            hours = worker_id.map(w["contracted_hours"]).astype(float)
    return fte, hours.fillna(37.0 * fte)


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
