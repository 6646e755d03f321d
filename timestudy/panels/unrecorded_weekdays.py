"""A weekday taken as contracted on which a worker never made an entry: say so.

Without a ``workdays`` column a full-time worker is taken to work Monday to Friday. A
worker on compressed hours (four long days) then has every fifth day *missing*: their hours
per FTE-week are their week's hours over fewer days' worth of FTE, and nothing showed it
(the audit of 2026-12-04: a 1.0 FTE worker on Monday to Thursday, 9.25 h days, gave 46.25 h
per FTE-week and moved the study's figure from 37.4 to 38.4 h). :func:`unrecorded_weekdays`
finds such workers; :func:`timestudy.panels.diary_completeness` warns of them, and of a
weekday written in part in every week of a worker's diary (:func:`partial_weekdays`: a
regular half day the contract does not show, left out each time).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def unrecorded_weekdays(assumed: np.ndarray, mask: np.ndarray, counts: np.ndarray,
                        seen: np.ndarray, ids: pd.Index) -> dict[str, list[int]]:
    """Workers whose weekdays were assumed, by the contracted weekdays they never recorded on.

    Parameters
    ----------
    assumed : ndarray of bool
        Per worker: their weekdays were taken by the default rule (no ``workdays`` given).
    mask : ndarray of bool
        Worker x 7: contracted weekdays.
    counts : ndarray of int
        Worker x 7: days with an entry, by weekday.
    seen : ndarray of int
        Days of each weekday in the study's period (7,), or by worker (worker x 7).
    ids : Index
        Worker ids, in the rows' order.

    Returns
    -------
    dict
        Worker id -> weekdays (0 = Monday) contracted, in the period at least twice, and
        never recorded on.

    Examples
    --------
    >>> mask = np.array([[1, 1, 1, 1, 1, 0, 0]], bool)
    >>> counts = np.array([[2, 2, 2, 2, 0, 0, 0]])
    >>> seen = np.array([2, 2, 2, 2, 2, 2, 2])
    >>> unrecorded_weekdays(np.array([True]), mask, counts, seen, pd.Index(["W4"]))
    {'W4': [4]}
    """
    never = assumed[:, None] & mask & (counts == 0) & (seen >= 2)
    rows = np.flatnonzero(never.any(axis=1))
    return {str(ids[i]): np.flatnonzero(never[i]).tolist() for i in rows}


def warn_unrecorded_weekdays(found: dict[str, list[int]]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers and weekdays."""
    if not found:
        return
    named = "; ".join(f"{w} ({', '.join(DAY_NAMES[d] for d in days)})"
                      for w, days in list(found.items())[:10])
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    n = len(found)
    warnings.warn(
        f"{n} {'worker' if n == 1 else 'workers'} never made an entry on a weekday taken as "
        "contracted (no workdays in the workers table), so each such day counts as missing: "
        "if they do not work that day (compressed hours, part-time), give their workdays "
        f"in the workers table (e.g. 'Mon Tue Wed Thu'): {named}{more}",
        DataQualityWarning, stacklevel=4)


def partial_weekdays(days: pd.DataFrame) -> dict[str, list[int]]:
    """Workers by the weekdays written in part in every week of their diary, 2 weeks or more.

    A weekday partial (under ``partial_below`` of the usual day) every time it came is
    more likely a regular half day than a diary written in part each week; its days are
    left out of hours and exposure all the same, so it is said.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.

    Returns
    -------
    dict
        Worker id -> weekdays (0 = Monday) at work at least twice, partial every time.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": "J1", "status": ["complete", "partial"] * 2,
    ...     "diary_date": pd.to_datetime(["2026-03-10", "2026-03-11", "2026-03-17",
    ...                                   "2026-03-18"])})
    >>> partial_weekdays(days)
    {'J1': [2]}
    """
    at_work = days.loc[days["status"].isin(("complete", "partial", "missing"))]
    g = at_work.assign(_p=at_work["status"].eq("partial"),
                       _d=at_work["diary_date"].dt.day_of_week).groupby(["worker_id", "_d"])["_p"]
    n, partial = g.size(), g.sum()
    every = partial.index[(n >= 2) & (partial == n)].to_frame(index=False)
    return {str(w): d["_d"].astype(int).tolist() for w, d in every.groupby("worker_id")}


def warn_partial_weekdays(found: dict[str, list[int]]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers and weekdays."""
    if not found:
        return
    named = "; ".join(f"{w} ({', '.join(DAY_NAMES[d] for d in days)})"
                      for w, days in list(found.items())[:10])
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    warnings.warn(
        f"a weekday written in part (under half the usual day, by default) in every week of the diary, "
        "so left out of hours and exposure each time: if it is a regular half day, give the "
        "worker's contracted_hours and workdays in the workers table (a day over half the "
        "contracted day is complete) or keep the diary 3 weeks or more (a weekday seen 3 "
        f"times is judged against its own days): {named}{more}",
        DataQualityWarning, stacklevel=4)
