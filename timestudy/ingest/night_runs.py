"""Runs of work carried on across the diary day's start: the end of a night shift.

The rule of :mod:`timestudy.panels.shift_tails` (which entries continue a run begun on the
day before, which days hold nothing else), here below the panels so that ingest's quality
page (:func:`timestudy.ingest.quality.worker_quality`) reads a night as the guide does: a
worker on nights 17:00-09:00 has four nights of 16 hours, not eight diary days of 8.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.ingest.dated import time_of_day_known

#: Categories not work by default (the panels' ``non_work``; at ingest no entry has one).
NON_WORK = ("non_work",)


#: The columns :func:`carried_rows` reads but the flags (:func:`time_of_day_known`, made
#: once for every row by :func:`night_rows`); the ids are taken, not factorized again.
_READ = ("worker_id", "start", "end", "duration_min", "minutes", "counted_min", "diary_date",
         "category")

#: Most minutes between an entry's start and the latest end before it for the two to be
#: one run of work (a shift written without a pause, a short gap between entries).
TAIL_GAP_MIN = 30.0


def _minutes(e: pd.DataFrame) -> pd.Series:
    """Each entry's minutes counted (``minutes``, else ingest's counted or given minutes)."""
    if "minutes" in e:
        return e["minutes"]
    return e["counted_min" if "counted_min" in e else "duration_min"].astype(float)


def _minutes_since_epoch(times: pd.Series) -> np.ndarray:
    """Minutes since 1970 as floats, NaN for a missing time."""
    ns = times.to_numpy().astype("datetime64[ns]").astype(np.int64).astype(float)
    return np.where(times.isna().to_numpy(), np.nan, ns / 6e10)


def _clock(e: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each entry's start and end on the clock (end: ``end``, else start + its minutes)."""
    start = pd.to_datetime(e["start"])
    given = e["end"].notna() if "end" in e else None
    if given is not None and given.all():  # (every end given: none is made)
        end = pd.to_datetime(e["end"])
    else:
        length = e["duration_min"] if "duration_min" in e else _minutes(e)
        end = start + pd.to_timedelta(pd.to_numeric(length, errors="coerce").fillna(0.0),
                                      unit="min")
        if given is not None:
            end = pd.to_datetime(e["end"]).where(given, end)
    if getattr(start.dt, "tz", None) is not None:  # one clock: UTC, for the gaps
        start, end = start.dt.tz_convert(None), end.dt.tz_convert(None)
    return start, end


def carried_rows(e: pd.DataFrame, non_work: Sequence[str] = NON_WORK,
                 workers: np.ndarray | None = None, known: np.ndarray | None = None
                 ) -> pd.DataFrame:
    """Which entries continue a run of work begun on the day before, and which days are tails.

    Parameters
    ----------
    e : DataFrame
        Episodes with ``worker_id``, ``start``, ``diary_date``, ``minutes`` (counted) and
        ``end`` or ``duration_min``; ``category``, where given, tells the time not work.
    non_work : sequence of str
        Categories not work (breaks, leave, time off written between two days' work):
        they neither join nor break a run, and count no minutes in it (review25b: a day
        worker's "off work" from 17:00 to 08:00 made each morning the tail of the day
        before).
    workers, known : ndarray, optional
        The rows' worker codes as ``pd.factorize`` numbers their ids (from 0 in order of
        first appearance, -1 for none), and :func:`time_of_day_known` of the rows, where
        made already (:func:`night_rows`): ``flags`` is then not read.

    Returns
    -------
    DataFrame
        Indexed as ``e``: ``carried`` (the entry's run began on the day before its diary
        day), ``first`` (the first entry of its worker's diary day) and ``tail`` (all of its
        day's entries are carried, and the run's minutes on the day before are as many or
        more: the day is the tail of a shift, :func:`fold_tails`) and ``night`` (the entry
        is carried and its run's minutes on the day before are as many as on its own day or
        more: the end of a night, read on the night's day by :func:`night_dates`; every
        entry of a tail-only day is one).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 00:30", "2026-03-10 05:30"]), "end": pd.to_datetime([
    ...     "2026-03-10 00:00", "2026-03-10 05:30", "2026-03-10 08:00"]),
    ...     "minutes": [240.0, 300.0, 150.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-09", "2026-03-10"])
    >>> carried_rows(e)["tail"].tolist()
    [False, False, True]
    >>> carried_rows(e)["night"].tolist()
    [False, False, True]
    """
    return _carried(e, pd.factorize(e["worker_id"])[0] if workers is None else workers,
                    time_of_day_known(e) if known is None else known, non_work)


def _carried(e: pd.DataFrame, code: np.ndarray, known: np.ndarray, non_work: Sequence[str]
             ) -> pd.DataFrame:
    """:func:`carried_rows` of ``e``, its workers numbered ``code`` (from 0 in order of first
    appearance, -1 for none: ``pd.factorize``) and their times of day ``known``
    (:func:`time_of_day_known`): neither ``worker_id`` nor ``flags`` is read."""
    start, end = _clock(e)
    code = code.astype(np.int64)
    s_all = _minutes_since_epoch(start)
    work_all = ~e["category"].isin(non_work).to_numpy() if "category" in e \
        else np.ones(len(e), bool)
    ok_all = known & ~np.isnan(s_all) & work_all
    t_all = _minutes_since_epoch(end)
    t_all = np.where(np.isnan(t_all), s_all, t_all)
    order = _run_order(code, s_all, t_all)  # (None: as ingest leaves them, in that order)
    rows = (lambda a: a) if order is None else (lambda a: a[order])
    s, t, who, ok = rows(s_all), rows(t_all), rows(code), rows(ok_all)
    work = rows(work_all)
    day = rows(pd.to_datetime(e["diary_date"]).to_numpy().astype("datetime64[D]").astype(
        np.int64))
    # the work entry before each (time not work passed over: it neither joins nor breaks)
    prev = np.r_[-1, np.maximum.accumulate(np.where(work, np.arange(len(s)), -1))[:-1]]
    at = np.maximum(prev, 0)
    same = (prev >= 0) & (who[at] == who)
    # the latest end of the worker's entries before each (nested entries: a running max,
    # each worker's times lifted above the one's before so that it restarts with them)
    lifted = np.where(ok, t, -1e9) + who * 1e10
    before = np.r_[-np.inf, np.maximum.accumulate(lifted)[:-1]] - who * 1e10
    on = same & ok & ok[at] & (s - before <= TAIL_GAP_MIN)
    starts = ~on & work  # a run's first work entry (time not work begins none)
    run = np.maximum(np.cumsum(starts) - 1, 0)
    began = day[np.flatnonzero(starts)][run] if starts.any() else day
    carried = on & (began == day - 1)
    minutes = np.where(work, rows(_minutes(e).to_numpy(float)), 0.0)  # work's minutes
    group = _day_groups(who, day)  # the worker's diary day
    n = group.max() + 1 if len(group) else 0
    all_carried = (np.bincount(group, ~carried & work, n) == 0)[group]
    tail_min = np.bincount(group, minutes, n)[group]
    head_min = np.bincount(run, np.where(day == began, minutes, 0.0))[run]
    carried_min = np.bincount(run, np.where(carried, minutes, 0.0))[run]  # its part after
    first = np.zeros(len(group), bool)
    first[_first_of(group, n)] = True
    if order is None:
        back = slice(None)
    else:
        back = np.empty_like(order)
        back[order] = np.arange(len(order))  # the rows' own order again (an index may repeat)
    # the night's part before at least as long as the part after (a night 00:00-08:00 split
    # evenly at 04:00 is one night on its day, not a day begun at 04:00): the night's
    night_first = head_min > 0
    return pd.DataFrame({"carried": carried[back], "first": first[back],
                         "tail": (all_carried & work & night_first
                                  & (head_min >= tail_min))[back],
                         "night": (carried & night_first & (head_min >= carried_min))[back]},
                        index=e.index)


def _run_order(code: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """Positions that sort the entries by worker code, start and end, ties as they are
    (``np.lexsort``, missing times last); None when they are in that order already, as
    ingest leaves a worker's entries: a stable sort would give them back as they are, so
    neither the sort nor its gathers are made.

    Examples
    --------
    >>> _run_order(np.array([0, 0, 1]), np.array([1.0, 2.0, 0.0]), np.array([2.0, 3.0, 1.0]))
    >>> _run_order(np.array([0, 0]), np.array([2.0, 1.0]), np.array([3.0, 2.0])).tolist()
    [1, 0]
    >>> _run_order(np.array([0, 0]), np.array([1.0, np.nan]), np.array([2.0, np.nan])) is None
    False
    """
    if len(code) < 2:
        return None
    if not (np.isnan(start).any() or np.isnan(end).any()):  # (NaN: last, by the sort)
        step, later = np.diff(code), np.diff(start)
        if (step >= 0).all() and bool(((step > 0) | (later > 0)
                                       | ((later == 0) & (np.diff(end) >= 0))).all()):
            return None
    return np.lexsort((end, start, code))


def _day_groups(who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Each entry's worker and diary day numbered from 0 in order of first appearance
    (``pd.factorize``), counted along where each worker's days are in order (as they are
    when the entries are in start order): no hash table.

    Examples
    --------
    >>> _day_groups(np.array([0, 0, 1, 1]), np.array([5, 6, 5, 5])).tolist()
    [0, 1, 2, 2]
    >>> _day_groups(np.array([0, 0, 0]), np.array([6, 5, 6])).tolist()
    [0, 1, 0]
    """
    key = who * 1_000_000 + day
    if len(key) < 2 or not bool((key[1:] >= key[:-1]).all()):
        return pd.factorize(key)[0]
    new = np.empty(len(key), bool)
    new[0], new[1:] = True, key[1:] != key[:-1]
    return np.cumsum(new) - 1


def _first_of(group: np.ndarray, n: int) -> np.ndarray:
    """The position of the first row of each of the ``n`` groups numbered ``group`` (from
    0), in the order of the numbers (``np.unique``'s ``return_index``, with no sort);
    ``len(group)`` for a number no row has.

    Examples
    --------
    >>> _first_of(np.array([0, 1, 0, 2, 1]), 3).tolist()
    [0, 1, 3]
    >>> _first_of(np.array([1, 1]), 2).tolist()
    [2, 0]
    """
    first = np.full(n, len(group), np.int64)
    np.minimum.at(first, group, np.arange(len(group)))  # (a repeated index's writes unordered)
    return first


def night_days(e: pd.DataFrame, non_work: Sequence[str] = NON_WORK,
               workers: np.ndarray | None = None) -> np.ndarray:
    """Each entry's diary day (days since 1970), one day earlier on the end of a night
    (``night`` of :func:`carried_rows`): the day its shift began. ``workers`` may give the
    rows' worker codes already made (from 0 in any order, -1 for none: the quality page's),
    so the ids are not factorized again.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 05:30"]), "end": pd.to_datetime(["2026-03-10 05:30",
    ...     "2026-03-10 08:00"]), "minutes": [570.0, 150.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10"])
    >>> (night_days(e) - night_days(e)[0]).tolist()
    [0, 0]
    """
    day = pd.to_datetime(e["diary_date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    # a day starting at 00:00 reads the most workers as crossing: every start's, whatever
    # the diary day's start was (ingest's page is not told it)
    night = night_rows(e, non_work, 0.0, workers)
    return day if night is None else day - night.astype(np.int64)


def night_rows(e: pd.DataFrame, non_work: Sequence[str], day_start_hour: float,
               workers: np.ndarray | None = None) -> np.ndarray | None:
    """Which rows are the end of a night (``night`` of :func:`carried_rows`, read only for
    :func:`crossing_workers`), None when none is. ``workers``: as :func:`night_days`.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["N1", "N1", "D1"], "start": pd.to_datetime([
    ...     "2026-03-09 20:00", "2026-03-10 05:30", "2026-03-10 09:00"]), "end":
    ...     pd.to_datetime(["2026-03-10 05:30", "2026-03-10 08:00", "2026-03-10 17:00"]),
    ...     "minutes": [570.0, 150.0, 480.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-10"])
    >>> night_rows(e, (), 4.0).tolist()
    [False, True, False]
    >>> night_rows(e.iloc[2:], (), 4.0) is None  # a day worker's day: nothing read
    True
    """
    if not len(e) or "start" not in e:
        return None
    who, code = _crossing(e, day_start_hour, workers)
    if not who.any():  # no entry ends near the next diary day's start: no night to read
        return None
    night = np.zeros(len(e), bool)
    # their rows of the columns read, the workers' codes and times of day known made once
    # for every row (no other text taken, the flags not; the ids not factorized again)
    read = [c for c in e.columns if c in _READ]
    night[who] = carried_rows(e.loc[who, read], non_work, _kept_codes(code, who),
                              time_of_day_known(e)[who])["night"].to_numpy()
    return night if night.any() else None


def _kept_codes(code: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The workers' codes (``pd.factorize``'s: from 0 in order of first appearance, -1 for
    none) of the ``rows``, numbered again as ``pd.factorize`` numbers the ids of those rows
    alone, where ``rows`` holds every row of each worker it holds.

    Examples
    --------
    >>> _kept_codes(np.array([0, 1, 2, 1, -1]), np.array([True, False, True, False, True])
    ...             ).tolist()
    [0, 1, -1]
    """
    kept = code[rows]
    present = np.zeros(int(code.max(initial=-1)) + 1, bool)
    present[kept[kept >= 0]] = True
    number = np.cumsum(present) - 1
    return np.where(kept >= 0, number[kept], -1)


def crossing_workers(e: pd.DataFrame, day_start_hour: float) -> np.ndarray:
    """The rows of the workers with an entry ending no more than :data:`TAIL_GAP_MIN`
    minutes before the next diary day's start, or after it: only their runs may carry on
    past it (every row when the clock has a time zone; an end not given is the start and
    the entry's minutes).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["N1", "N1", "D1"], "start": pd.to_datetime([
    ...     "2026-03-09 20:00", "2026-03-10 05:30", "2026-03-10 09:00"]), "end":
    ...     pd.to_datetime(["2026-03-10 05:30", "2026-03-10 08:00", "2026-03-10 17:00"])})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-10"])
    >>> crossing_workers(e, 4.0).tolist()
    [True, True, False]
    """
    return _crossing(e, day_start_hour)[0]


def _crossing(e: pd.DataFrame, day_start_hour: float, workers: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`crossing_workers`, and the workers' codes (``pd.factorize``'s, from ``workers``
    where given: :func:`_factorized`; not made, empty, when no row is late)."""
    def codes() -> np.ndarray:
        return pd.factorize(e["worker_id"])[0] if workers is None else _factorized(workers)

    if getattr(e["start"].dtype, "tz", None) is not None:
        return np.ones(len(e), bool), codes()
    end = _minutes_since_epoch(e["end"] if "end" in e else _clock(e)[1])
    day = e["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    late = end >= (day + 1) * 1440.0 + day_start_hour * 60 - TAIL_GAP_MIN  # NaN: not late
    if not late.any():
        return late, np.zeros(0, np.int64)
    code = codes()
    crossing = np.zeros(int(code.max()) + 2, bool)  # (a missing id's code -1: the last)
    crossing[code[late]] = True
    return crossing[code], code


def _factorized(codes: np.ndarray) -> np.ndarray:
    """Codes (from 0, -1 for none) numbered again as ``pd.factorize`` numbers the values they
    stand for: from 0 in order of first appearance (the night rule's float arithmetic adds
    the code: the same numbers, the same sums).

    Examples
    --------
    >>> _factorized(np.array([2, 2, 0, -1, 1, 0])).tolist()
    [0, 0, 1, -1, 2, 1]
    """
    codes = np.asarray(codes, np.int64)
    n = int(codes.max(initial=-1)) + 1
    if n == 0:
        return codes
    present = codes >= 0
    at = np.flatnonzero(present)
    first = np.append(at, len(codes))[_first_of(codes[at], n)]  # a code no row has: last
    number = np.empty(n, np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(n)
    return np.where(present, number[np.maximum(codes, 0)], -1)
