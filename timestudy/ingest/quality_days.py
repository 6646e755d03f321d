"""The quality page's days: each worker's contracted days a week, and which diary days they
were due at work, by the guide's rule (:mod:`timestudy.schema.contract_days`).

The page's out-of-hours share is then the guide's (:func:`~timestudy.schema.clock.working_days`):
a worker's contracted weekend day (the Saturday of a Tuesday-to-Saturday week) is a
working day, and a bank holiday not worked as a day at work is out of hours all day. Ingest
comes before categorisation, so a day's hours here are all its minutes but the absence and
time-off-in-lieu task types' (breaks, which categorisation names, count; and no ``leave``
table): only whether a bank holiday was worked as a day at work (at least half the usual
day) can differ from the guide's, for a worker whose breaks are a large part of their day.
The page says so beside its out-of-hours share (fix31n: a bank holiday of 3 hours' work and
an hour's lunch, a usual day of 7.4 hours, is a day at work here, 4 of 3.7, and not in the
guide, 3 of 3.7: its 3 hours out of hours there, ``tests/ingest/test_quality_bank_holiday_breaks.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.schema.clock import minutes_in_hours, working_days
from timestudy.schema.contract_days import (
    ABSENCE_TASKS,
    TOIL_TASKS,
    due_days,
    weekly_pattern,
)
from timestudy.schema.holidays import holiday_days
from timestudy.schema.workdays import declared_weekdays

WORKING_DAYS_PER_WEEK = 5


def contracted_days(workers: pd.DataFrame | None, ids: pd.Index) -> pd.Series:
    """Each worker's contracted days a week, as the guide counts them
    (:func:`~timestudy.schema.contract_days.weekly_pattern`): their declared ``workdays``
    (``"Mon Tue Wed"`` is 3 days, ``"Mon-Fri / Mon-Thu"``, a 9-day fortnight, the mean over
    its weeks, 4.5); where none is declared, ``round(5 x fte)`` (5 at full time or without
    a workers table: a 0.6 FTE works 3 days).

    Parameters
    ----------
    workers : DataFrame or None
        Workers table (``read_workers``), with ``fte``, ``workdays`` and ``pattern_from``
        when given.
    ids : Index
        Worker ids, in the order wanted.

    Returns
    -------
    Series of float
        Indexed by ``ids``; ``attrs["declared"]``: a bool array, True where the days
        are the worker's own.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["A", "B", "C", "P"], "fte": [1.0, 1.0, 1.0, 0.6],
    ...     "workdays": ["Mon Tue Wed", "Mon-Fri / Mon-Thu", None, None],
    ...     "pattern_from": [None, "2026-11-02", None, None]})
    >>> days = contracted_days(w, pd.Index(["A", "B", "C", "P", "D"]))
    >>> days.tolist(), days.attrs["declared"].tolist()
    ([3.0, 4.5, 5.0, 3.0, 5.0], [True, True, False, False, False])
    """
    p = weekly_pattern(workers, ids)
    days = pd.Series(np.asarray(p["per_week"], float), index=ids, dtype=float)
    days.attrs["declared"] = ~p["assumed"]
    return days


def in_hours(
    eps: pd.DataFrame,
    workers: pd.DataFrame | None,
    worker: np.ndarray,
    names: np.ndarray,
    day: np.ndarray,
) -> np.ndarray:
    """Minutes of each entry in working hours (08:00-18:00) on the worker's working days.

    Parameters
    ----------
    eps : DataFrame
        Accepted episodes: ``worker_id``, ``start``, ``end``, ``counted_min`` (else
        ``duration_min``) and ``task_type`` when there is.
    workers : DataFrame or None
        Workers table.
    worker, names : ndarray
        Each entry's worker as a number, and the ids they number.
    day : ndarray of int64
        Each entry's diary date (``diary_date`` as nanoseconds).

    Returns
    -------
    ndarray of float

    Examples
    --------
    Saturday 30 May 2026, 09:00-17:30, of a Tuesday-to-Saturday worker: in hours.

    >>> eps = pd.DataFrame({"worker_id": ["T"], "start": pd.to_datetime(["2026-05-30 09:00"]),
    ...     "end": pd.to_datetime(["2026-05-30 17:30"]), "counted_min": [510.0]})
    >>> w = pd.DataFrame({"worker_id": ["T"], "fte": [1.0], "workdays": ["Tue-Sat"]})
    >>> day = pd.to_datetime(["2026-05-30"]).to_numpy("M8[ns]").view("i8")
    >>> in_hours(eps, w, np.array([0]), np.array(["T"]), day).tolist()
    [510.0]
    >>> in_hours(eps, None, np.array([0]), np.array(["T"]), day).tolist()
    [0.0]
    """
    if _weekdays_alone(workers, names, day):  # the rule gives Monday to Friday: no day to read
        return minutes_in_hours(eps["start"], eps["end"])
    days = _due(eps, workers, worker, names, day)
    own = working_days(np.asarray(names, object)[worker], days)
    return minutes_in_hours(eps["start"], eps["end"], **own)


def _weekdays_alone(workers: pd.DataFrame | None, names: np.ndarray, day: np.ndarray) -> bool:
    """Whether every worker's working days are Monday to Friday for this diary: no diary
    date is a bank holiday and no worker declares a weekend day (a worker's days not
    declared are weekdays: :func:`~timestudy.schema.contract_days.contracted_weekdays`).
    Then :func:`in_hours` needs no day of any worker read (on 24,018 entries, 0.1 s)."""
    # the distinct dates hashed, then sorted (np.unique sorts all of a million: 26 ms to 10),
    # of the first row of each run of one date only (every date starts a run; the entries
    # come worker-day by worker-day: a run a worker-day, not a million rows hashed)
    runs = np.ones(len(day), bool)
    np.not_equal(day[1:], day[:-1], out=runs[1:])
    dates = day[runs]
    dates = np.sort(pd.unique(dates[dates != np.iinfo(np.int64).min])).view("M8[ns]")
    with warnings.catch_warnings():  # a diary outside the shipped lists: the guide says so
        warnings.simplefilter("ignore")
        if holiday_days(pd.Series(dates)).any():
            return False
    if workers is None or "workdays" not in workers:
        return True
    ids = pd.Index(np.asarray(names, object).astype(str))
    days, declared = declared_weekdays(workers, ids)
    return not days[declared][:, 5:].any()


def _due(
    eps: pd.DataFrame,
    workers: pd.DataFrame | None,
    worker: np.ndarray,
    names: np.ndarray,
    day: np.ndarray,
) -> pd.DataFrame:
    """Each worker-day of the diary: ``worker_id``, ``diary_date``, ``contracted`` (due at
    work) and ``bank_holiday`` (:func:`~timestudy.schema.contract_days.due_days`)."""
    ok = day != np.iinfo(np.int64).min
    key = worker[ok].astype(np.int64)
    day_code, dates = pd.factorize(day[ok])
    n = max(len(dates), 1)
    pairs, inverse = np.unique(key * n + day_code, return_inverse=True)
    who, when = pairs // n, np.asarray(dates)[pairs % n].view("M8[ns]")
    minutes = eps["counted_min" if "counted_min" in eps else "duration_min"].to_numpy(float)[ok]
    task = eps["task_type"].to_numpy(object)[ok] if "task_type" in eps else None
    away_row = np.zeros(len(key), bool) if task is None else pd.Series(task).isin(ABSENCE_TASKS)
    toil_row = np.zeros(len(key), bool) if task is None else pd.Series(task).isin(TOIL_TASKS)
    away_row, toil_row = np.asarray(away_row, bool), np.asarray(toil_row, bool)
    work = (
        np.bincount(
            inverse, np.where(away_row | toil_row, 0.0, np.nan_to_num(minutes)), minlength=len(who)
        )
        / 60
    )
    away = np.bincount(inverse, away_row, minlength=len(who)) > 0
    toil = np.bincount(inverse, toil_row, minlength=len(who)) > 0
    dow = (when.astype("datetime64[D]").astype(np.int64) + 3) % 7
    by_day = np.bincount(who * 7 + dow, minlength=7 * len(names)).reshape(len(names), 7)
    ids = pd.Index(np.asarray(names, object).astype(str))
    with warnings.catch_warnings():  # a diary outside the shipped lists: the guide says so
        warnings.simplefilter("ignore")
        d = due_days(workers, ids, who, when, work, away, by_day, toil=toil)
    return pd.DataFrame(
        {
            "worker_id": ids[who],
            "diary_date": when,
            "contracted": d["contracted"],
            "bank_holiday": d["bank"],
        }
    )
