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


def days_short(found: dict[str, list[int]], mask: np.ndarray, ids: pd.Index
               ) -> dict[str, float]:
    """For each worker of :func:`unrecorded_weekdays`, how much too high their hours per
    FTE-week are if they never work those weekdays: their FTE-weeks are their days used over
    their contracted weekdays a week (``mask``), so with ``k`` of ``n`` such weekdays not
    worked, ``k / (n - k)`` (``inf`` when every one is: every hour with no FTE-day).

    Examples
    --------
    Four long days a week, Friday taken as contracted: 1 / (5 - 1), 25% too high (46.25
    hours per FTE-week for 37), however long their diary.

    >>> mask = np.array([[1, 1, 1, 1, 1, 0, 0]], bool)
    >>> days_short({"W4": [4]}, mask, pd.Index(["W4"]))
    {'W4': 0.25}
    """
    out = {}
    for w, days in found.items():  # the workers named: a handful
        n, k = int(mask[ids.get_loc(w)].sum()), len(days)
        out[w] = k / (n - k) if n > k else float("inf")
    return out


def _first_ten(parts: list[str]) -> str:
    """The first ten of ``parts`` joined, and how many more."""
    more = f"; and {len(parts) - 10} more" if len(parts) > 10 else ""
    return "; ".join(parts[:10]) + more


def _workers(n: int) -> str:
    return f"{n} {'worker' if n == 1 else 'workers'}"


def _effect(share: float) -> str:
    return ("every hour counted with no FTE-day" if not np.isfinite(share)
            else f"{share:.0%} too high")


def warn_unrecorded_weekdays(found: dict[str, list[int]],
                             short: dict[str, float] | None = None) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers and weekdays,
    and (``short``: :func:`days_short`) what each worker's hours per FTE-week become."""
    if not found:
        return
    short = short or {}
    named = _first_ten([f"{w} ({', '.join(DAY_NAMES[d] for d in days)}"
                        + (f": {_effect(short[w])}" if w in short else "") + ")"
                        for w, days in found.items()])
    warnings.warn(
        f"{_workers(len(found))} never made an entry on a weekday taken as "
        "contracted (no workdays in the workers table), so each such day counts as missing "
        "and their hours are taken over the other days' FTE alone: if they do not work that "
        "day (compressed hours, part-time, weekends), their hours per FTE-week, and the "
        "study's, are too high as shown; give their workdays in the workers table (e.g. "
        f"'Mon Tue Wed Thu'): {named}",
        DataQualityWarning, stacklevel=4)


def swapped_weeks(days: pd.DataFrame) -> dict[str, tuple[int, float]]:
    """Workers with weeks in which a contracted day is missing and another day was worked
    off-contract (``extra``): a day swapped (a part-time worker's Thursday for their
    Monday, a Saturday's work taken back in the week) reads as a day missed and a day
    worked beyond the contract, so the worker's hours per FTE-week count that day's hours
    without its FTE. By worker: the days that may have been swapped (per week, the fewer
    of the two) and their share of the contracted days used.

    Examples
    --------
    Monday to Wednesday, then Tuesday to Thursday with Monday empty: one swap possible
    over 5 contracted days used, 20% (45 hours over one FTE-week of 3 days, 37.5 if
    swapped).

    >>> days = pd.DataFrame({"worker_id": "S1", "status": ["complete"] * 3
    ...     + ["missing", "complete", "complete", "extra"], "diary_date": pd.to_datetime(
    ...     ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-07", "2026-12-08",
    ...      "2026-12-09", "2026-12-10"])})
    >>> swapped_weeks(days)
    {'S1': (1, 0.2)}
    """
    week = days["diary_date"] - pd.to_timedelta(days["diary_date"].dt.day_of_week, unit="D")
    status = days["status"]
    # the contracted days used: the FTE-days the hours are taken over (a partial day is not,
    # unless the study uses partial days)
    used = (days["used"].astype(bool) if "used" in days else status.eq("complete")) \
        & ~status.eq("extra")
    by = pd.DataFrame({"worker_id": days["worker_id"].astype(str), "week": week,
                       "missing": status.eq("missing"), "extra": status.eq("extra"),
                       "used": used})
    weeks = by.groupby(["worker_id", "week"])[["missing", "extra", "used"]].sum()
    weeks["swaps"] = weeks[["missing", "extra"]].min(axis=1)
    per = weeks.groupby(level="worker_id")[["swaps", "used"]].sum()
    per = per.loc[per["swaps"] > 0]
    return {str(w): (int(r.swaps), round(float(r.swaps) / float(r.used), 4) if r.used
                     else float("inf"))
            for w, r in per.iterrows()}


def warn_swapped_weeks(found: dict[str, tuple[int, float]]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers, their weeks and
    the days that may have been swapped, and what their hours per FTE-week become if
    they were."""
    if not found:
        return
    named = _first_ten([f"{w} ({k} {'day' if k == 1 else 'days'}: {_effect(share)})"
                        for w, (k, share) in found.items()])
    warnings.warn(
        f"{_workers(len(found))} had weeks with a contracted day left empty "
        "and another day worked off-contract: the empty day counts as missing and the day "
        "worked as extra, its hours beyond the contract; if the days were swapped, their "
        "hours per FTE-week are too high as shown (give a leave table, or correct the "
        f"diary, where a day was taken off in lieu): {named}",
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
    named = _first_ten([f"{w} ({', '.join(DAY_NAMES[d] for d in days)})"
                        for w, days in found.items()])
    warnings.warn(
        f"a weekday written in part (under half the usual day, by default) in every week of the diary, "
        "so left out of hours and exposure each time: if it is a regular half day, give the "
        "worker's contracted_hours and workdays in the workers table (a day over half the "
        "contracted day is complete) or keep the diary 3 weeks or more (a weekday seen 3 "
        f"times is judged against its own days): {named}",
        DataQualityWarning, stacklevel=4)
