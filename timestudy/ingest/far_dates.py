"""Diary days far from every other: a date typed in the other day order, or in the wrong year.

A diary is kept over a few weeks, or over two or three separate periods (a fortnight in
March and one in May), each of many worker-days. One entry whose date cell Excel turned
into 3 December (``12/03`` typed on a machine that reads month first) is read as a day of
the study like any other: the diary period then runs from March to December, the days
between count as missing for every worker and the caseload day becomes 3 December (the
audit of 2026-12-06, /tmp/audit24x/study_outlier.xlsx: 50 worker-days from 9 to 20 March
and one 30-minute W2 entry dated 2026-12-03 moved hours per FTE-week from 36.25 to 35.56,
and the headline from a shortfall to staff to spare). Nothing was said.

The rule (:func:`far_dates_warning`), as an analyst would check a diary by eye:

* the diary's days are split into *periods* wherever two consecutive days with entries are
  more than :data:`GAP_DAYS` (28) days apart: no team's diary stops for four weeks and
  restarts within one study period;
* a period is *far* when it holds fewer worker-days (a worker's entries on one day) than
  :data:`FEW` (3) or a tenth of the diary's (:data:`SHARE`), whichever is more: a real
  second period is kept by the team, not by one worker on one day;
* the far periods are named only when they hold a fifth of the diary's worker-days or fewer
  together (:data:`SCATTERED`): a log of scattered contacts over a year has no body to be
  far from;
* a period smaller than the largest whose every day, a year on or a year back, falls within
  the largest's first and last days is named whatever its size: a worker's whole diary
  typed with the wrong year (in January, last year's). Not so a period of two or more
  workers none of whom keeps a day in another period: a cohort of its own, a baseline
  and its follow-up a year on (the review of 2026-12-06, /tmp/review24b/two_years.csv:
  A1-A3 in March 2025 and B1-B4 in March 2026, whose 21 worker-days of 2025 were named "a
  wrong year?"); such a period is named only when it is far by its size.

Each far worker-day is named with its rows, its date and the likely fix: the date with its
day and month the other way round, or with the year before or after, when that day falls
within a period of the diary. The rows are kept as read (the study may really have a day
there); the warning says what the date does to the figures.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

CODE = "date_far_from_diary"
#: Days between two consecutive diary days that start a new period.
GAP_DAYS = 28
#: A period with fewer worker-days than this share of the diary's (or than FEW) is far.
SHARE = 0.1
FEW = 3
#: Far periods holding more than this share of worker-days together: a scattered log.
SCATTERED = 0.2
#: Far worker-days named in the message (all are in the warning's ``rows``).
SHOWN = 5


def far_dates_warning(episodes: pd.DataFrame, row_word: str = "row") -> dict | None:
    """The report's warning on worker-days far from the body of the diary, or None.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes with ``worker_id`` and ``diary_date`` (and ``source_row`` and
        ``counted_min`` when known).
    row_word : str
        What the file calls a row (``row`` in a workbook, ``line`` in a CSV).

    Returns
    -------
    dict or None
        ``code``, a one-line ``message``, ``rows`` (the source rows of the far days),
        ``dates`` (ISO), ``body`` (the first and last day of each period kept by the team)
        and ``minutes``.

    Examples
    --------
    >>> days = pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12",
    ...                        "2026-03-13", "2026-12-03"])
    >>> e = pd.DataFrame({"worker_id": ["W1"] * 5 + ["W2"], "diary_date": days,
    ...                   "source_row": [2, 3, 4, 5, 6, 7], "counted_min": [60.0] * 6})
    >>> w = far_dates_warning(e)
    >>> w["rows"], w["dates"], w["body"]
    ([7], ['2026-12-03'], [['2026-03-09', '2026-03-13']])
    >>> print(w["message"])  # doctest: +ELLIPSIS
    date_far_from_diary: 1 worker-day is more than 4 weeks from every other day of the diary, whose days run 2026-03-09 to 2026-03-13: W2 on 2026-12-03 (row 7, 60 min), which is 2026-03-12 with its day and month the other way round (a date typed in the other day order?)...
    """
    if episodes.empty or "diary_date" not in episodes or "worker_id" not in episodes:
        return None
    day = episodes["diary_date"].to_numpy("datetime64[D]")
    dated = ~np.isnat(day)
    days = distinct_days(day[dated])
    if len(days) < 2 or not (np.diff(days).astype(np.int64) > GAP_DAYS).any():
        return None  # (the usual diary: one period, found from its days alone)
    worker = pd.factorize(episodes["worker_id"])[0][dated].astype(np.int64)
    n = int(worker.max()) + 2  # (a missing worker is -1)
    since = (day[dated] - days[0]).astype(np.int64)
    pairs = np.unique(since * n + worker + 1)  # each worker-day once
    kept = pairs // n  # its day
    unique, per_day = np.unique(kept, return_counts=True)
    far_day, body = _far_days(days[0] + unique.astype("timedelta64[D]"), per_day,
                              (np.searchsorted(unique, kept), pairs % n))
    if far_day is None:
        return None
    far = dated & np.isin(day, far_day)
    return _warning(episodes[far], day[far], body, days, row_word)


def distinct_days(day: np.ndarray, span: int = 1 << 22) -> np.ndarray:
    """``np.unique`` of dates (``datetime64[D]``, none NaT), counted on their range where it
    is under ``span`` days (a diary's weeks: no sort of a million dates, 15 ms to 3).

    Examples
    --------
    >>> d = np.array(["2026-03-10", "2026-03-02", "2026-03-10"], "M8[D]")
    >>> distinct_days(d).tolist() == np.unique(d).tolist()
    True
    >>> distinct_days(np.array(["1900-01-01", "2900-01-01"], "M8[D]"), span=10).tolist()
    [datetime.date(1900, 1, 1), datetime.date(2900, 1, 1)]
    """
    if not len(day):
        return np.unique(day)
    n = day.view(np.int64)
    low, high = int(n.min()), int(n.max())
    if high - low >= span:
        return np.unique(day)
    present = np.flatnonzero(np.bincount(n - low, minlength=high - low + 1))
    return (present + low).view("M8[D]")


def _far_days(unique: np.ndarray, per_day: np.ndarray, kept_by: tuple | None = None
              ) -> tuple[np.ndarray | None, list]:
    """The far days among the diary's ``unique`` days (each kept by ``per_day`` workers) and
    the periods of the body (first and last day of each); None when no day is far.
    ``kept_by`` is each worker-day's place in ``unique`` and its worker's code: a period of
    workers of its own is a cohort, not a wrong year (:func:`_cohorts`).

    Examples
    --------
    >>> d = np.array(["2026-03-02", "2026-03-13", "2026-05-04", "2026-05-15"], "M8[D]")
    >>> _far_days(d, np.array([20, 20, 20, 20]))[0] is None  # two fortnights
    True
    """
    if len(unique) < 2:
        return None, []
    period = np.concatenate([[0], np.cumsum(np.diff(unique).astype(np.int64) > GAP_DAYS)])
    size = np.bincount(period, weights=per_day)
    total = float(size.sum())
    first = np.flatnonzero(np.r_[True, period[1:] != period[:-1]])
    last = np.r_[first[1:] - 1, len(unique) - 1]
    far = size < max(FEW, SHARE * total)
    if far.all() or size[far].sum() > SCATTERED * total:
        far[:] = False  # (a scattered log: no body to be far from)
    cohort = (_cohorts(period[kept_by[0]], kept_by[1], len(size)) if kept_by is not None
              else np.zeros(len(size), bool))
    far |= _year_off(unique, period, size, first, last) & ~cohort
    if not far.any():
        return None, []
    body = [(unique[a], unique[b]) for a, b, f in zip(first, last, far, strict=True) if not f]
    return unique[far[period]], body


def _cohorts(period: np.ndarray, worker: np.ndarray, periods: int) -> np.ndarray:
    """Which of the ``periods`` are kept by two or more workers none of whom has a day in
    another period (each worker-day's ``period`` and ``worker`` code): a cohort of its own.

    Examples
    --------
    >>> _cohorts(np.array([0, 0, 1, 1, 1]), np.array([1, 2, 3, 4, 5]), 2).tolist()
    [True, True]
    >>> _cohorts(np.array([0, 0, 1, 1]), np.array([1, 2, 3, 1]), 2).tolist()  # 1 in both
    [False, False]
    >>> _cohorts(np.array([0, 1, 1]), np.array([1, 2, 3]), 2).tolist()  # a worker alone
    [False, True]
    """
    codes = np.unique(period.astype(np.int64) * (int(worker.max()) + 1) + worker)
    p, w = codes // (int(worker.max()) + 1), codes % (int(worker.max()) + 1)
    shared = np.bincount(w)[w] > 1  # the worker keeps days in another period too
    workers = np.bincount(p, minlength=periods)
    return (workers >= 2) & (np.bincount(p, weights=shared, minlength=periods) == 0)


def _year_off(unique: np.ndarray, period: np.ndarray, size: np.ndarray, first: np.ndarray,
              last: np.ndarray) -> np.ndarray:
    """Which periods, smaller than the largest, have every day within the largest's first
    and last day once a year is added or taken away: a worker's whole diary typed with the
    wrong year (in January, last year's), however many worker-days it holds.

    Examples
    --------
    >>> d = np.array(["2025-01-05", "2025-01-09", "2026-01-05", "2026-01-16"], "M8[D]")
    >>> _year_off(d, np.array([0, 0, 1, 1]), np.array([5.0, 20.0]), np.array([0, 2]),
    ...           np.array([1, 3])).tolist()
    [True, False]
    """
    big = int(np.argmax(size))
    a, b = unique[first[big]], unique[last[big]]
    stamps = pd.DatetimeIndex(unique.astype("datetime64[ns]"))
    out = np.zeros(len(size), bool)
    for years in (1, -1):
        moved = (stamps + pd.DateOffset(years=years)).to_numpy("datetime64[D]")
        inside = np.bincount(period, weights=(moved >= a) & (moved <= b), minlength=len(size))
        out |= inside == np.bincount(period, minlength=len(size))
    return out & (size < size[big])


def _warning(episodes: pd.DataFrame, day: np.ndarray, body: list, unique: np.ndarray,
             row_word: str) -> dict:
    """The warning on the far ``episodes`` (on diary days ``day``)."""
    known = "source_row" in episodes
    minutes = (episodes["counted_min"].to_numpy(float) if "counted_min" in episodes
               else np.full(len(episodes), np.nan))
    frame = pd.DataFrame({"w": episodes["worker_id"].astype(str).to_numpy(), "d": day,
                          "r": episodes["source_row"].to_numpy() if known else 0,
                          "m": minutes})
    groups = frame.groupby(["d", "w"], sort=True)
    rows = groups["r"].unique()
    spent = groups["m"].sum(min_count=1)
    named = "; ".join(
        _named(w, d, sorted(rows[(d, w)].tolist()), spent[(d, w)], body, row_word, known)
        for d, w in rows.index[:SHOWN])
    n = len(rows)
    more = f"; and {n - SHOWN:,} more" if n > SHOWN else ""
    spans = " and ".join(f"{_iso(a)} to {_iso(b)}" for a, b in body)
    last = (f", and the caseload is counted on {_iso(unique[-1])}, its last day, unless "
            "--as-of gives the day" if unique[-1] > body[-1][1] else "")
    message = (
        f"{CODE}: {n:,} worker-day{'s are' if n > 1 else ' is'} more than {GAP_DAYS // 7} "
        f"weeks from every other day of the diary, whose days run {spans}: {named}{more}. "
        f"Kept as read, the diary period runs {_iso(unique[0])} to {_iso(unique[-1])}: the "
        f"days between count as missing for every worker{last}; correct the date in the "
        "file, or if the day is truly part of the study, nothing is wrong")
    return {"code": CODE, "message": message,
            "rows": sorted({int(r) for r in frame["r"]}) if known else [],
            "dates": [_iso(d) for d in np.unique(day)],
            "body": [[_iso(a), _iso(b)] for a, b in body],
            "minutes": round(float(np.nansum(minutes)), 4)}


def _named(worker: str, day: np.datetime64, rows: list, minutes: float, body: list,
           row_word: str, known: bool) -> str:
    """One far worker-day: who, when, which rows and minutes, and the date it likely is."""
    said = [f"{row_word}{'s' if len(rows) > 1 else ''} "
            + ", ".join(map(str, rows[:8])) + (", ..." if len(rows) > 8 else "")] if known else []
    if minutes == minutes:  # (not NaN)
        said.append(f"{minutes:,.0f} min")
    return f"{worker} on {_iso(day)}" + (f" ({', '.join(said)})" if said else "") \
        + likely(day, body)


def likely(day: np.datetime64, body: list) -> str:
    """What a far ``day`` likely is, as a clause: the day with its day and month the other
    way round, or with the year before or after, when that falls within a period of the
    ``body`` (pairs of first and last days); "" when neither does.

    Examples
    --------
    >>> body = [(np.datetime64("2026-03-09"), np.datetime64("2026-03-20"))]
    >>> likely(np.datetime64("2026-12-03"), body)
    ', which is 2026-03-12 with its day and month the other way round (a date typed in the other day order?)'
    >>> likely(np.datetime64("2025-03-16"), body)
    ', which is 2026-03-16 with the year 2026 (a wrong year?)'
    >>> likely(np.datetime64("2026-07-30"), body)
    ''
    """
    d = pd.Timestamp(day).date()
    if d.day <= 12 and d.day != d.month:
        swapped = dt.date(d.year, d.day, d.month)
        if _inside(swapped, body):
            return (f", which is {swapped} with its day and month the other way round "
                    "(a date typed in the other day order?)")
    for year in (d.year - 1, d.year + 1):
        try:
            other = d.replace(year=year)
        except ValueError:  # 29 February
            continue
        if _inside(other, body):
            return f", which is {other} with the year {year} (a wrong year?)"
    return ""


def _inside(day: dt.date, body: list) -> bool:
    at = np.datetime64(day, "D")
    return any(a <= at <= b for a, b in body)


def _iso(day: np.datetime64) -> str:
    return str(np.datetime64(day, "D"))
