"""A weekday taken as contracted on which a worker never made an entry: say so.

Without a ``workdays`` column a full-time worker is taken to work Monday to Friday. A
worker on compressed hours (four long days) then has every fifth day *missing*: their hours
per FTE-week are their week's hours over fewer days' worth of FTE, and nothing showed it
(the audit of 2026-12-04: a 1.0 FTE worker on Monday to Thursday, 9.25 h days, gave 46.25 h
per FTE-week and moved the study's figure from 37.4 to 38.4 h). :func:`unrecorded_weekdays`
finds such workers; :func:`timestudy.panels.diary_completeness` warns of them, and of a
weekday written in part in every week of a worker's diary (:func:`partial_weekdays`: a
regular half day the contract does not show, left out each time), and of a weekday left
empty every other week and written in the weeks between (:func:`alternate_weekdays`: the
day off of a 9-day fortnight not declared in ``workdays``). A day swapped (a day left
empty and another worked off-contract) is :mod:`~timestudy.panels.swapped_days`'.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.swapped_days import swapped_weeks, warn_swapped_weeks  # noqa: F401
from timestudy.panels.warning_words import _effect, _first_ten, _workers

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
    status = days["status"]
    partial = status.eq("partial").to_numpy()
    if not partial.any():  # none written in part: no weekday partial every time
        return {}
    at_work = status.isin(("complete", "partial", "missing")).to_numpy()
    code, names = pd.factorize(days["worker_id"], sort=True)
    at_work = at_work & (code >= 0)
    dow = (days["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64) + 3) % 7
    group = code[at_work] * 7 + dow[at_work]
    n = np.bincount(group, minlength=7 * len(names)).reshape(-1, 7)
    every = (n >= 2) & (np.bincount(group, partial[at_work], 7 * len(names)).reshape(-1, 7) == n)
    return {str(names[i]): np.flatnonzero(every[i]).tolist()
            for i in np.flatnonzero(every.any(axis=1))}


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


#: Empty days of a weekday, every other week, before the weekday is named as a day off
#: of a fortnight's pattern (one empty Friday is one missing day like any other).
ALTERNATE_MIN_EMPTY = 2
#: Share of the worker's missing days those empty days must be (a worker missing days at
#: random has some on one weekday every other week too).
ALTERNATE_SHARE = 0.75


def alternate_weekdays(days: pd.DataFrame, declared=()) -> dict[str, tuple]:
    """Workers who left a weekday empty every other week and wrote on it in the weeks between:
    a day off of a 9-day fortnight (every other Friday) read as missing days.

    A weekday is named when, counting its contracted days at work (complete, partial,
    missing: leave and bank holidays say nothing), every one in the weeks of one parity is
    missing (at least :data:`ALTERNATE_MIN_EMPTY` of them), every one in the others is
    written (at least one), and such days are at least :data:`ALTERNATE_SHARE` of the
    worker's missing days (on the project's simulator, 20 workers, 4 weeks, seeds 1 to 5,
    days missing at random: none of 100 diaries named at 5% missing, 1 at 10%). The
    worker's hours per FTE-week are then too high, if the days are off, by
    ``(k / 2) / (n - k / 2)`` (``k`` such weekdays of ``n`` contracted a week: 0.5 / 4.5,
    11%, for a 9-day fortnight). Workers with a declared pattern (``declared``) are not
    judged.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output: ``worker_id``, ``diary_date``,
        ``status`` and ``days_per_week``.
    declared : sequence of str
        Workers whose ``workdays`` already alternate by week.

    Returns
    -------
    dict
        Worker id -> (weekdays, the Monday of a week written in full, the share too high).

    Examples
    --------
    Fridays 6 and 20 November empty, 13 and 27 written (Monday to Friday otherwise):

    >>> d = pd.DataFrame({"worker_id": "B", "diary_date": pd.bdate_range("2026-11-02",
    ...     "2026-11-27"), "days_per_week": 5})
    >>> d["status"] = np.where(d["diary_date"].isin(pd.to_datetime(["2026-11-06",
    ...                        "2026-11-20"])), "missing", "complete")
    >>> alternate_weekdays(d)
    {'B': ([4], '2026-11-09', 0.1111)}
    """
    if not _empty_twice(days):  # no weekday of one parity empty twice: nothing to name
        return {}
    d = days.loc[days["status"].isin(("complete", "partial", "missing")).to_numpy()
                 & ~days["worker_id"].astype(str).isin([str(w) for w in declared]).to_numpy()]
    day = d["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    dow = (day + 3) % 7  # 1970-01-01 was a Thursday
    monday = day - dow
    g = pd.DataFrame({"worker_id": d["worker_id"].astype(str).to_numpy(), "dow": dow,
                      "parity": (monday // 7) % 2, "monday": monday,
                      "empty": d["status"].eq("missing").to_numpy()})
    t = g.groupby(["worker_id", "dow", "parity"])["empty"].agg(["size", "sum"]).unstack(
        "parity", fill_value=0)
    if t.empty or t.columns.get_level_values("parity").nunique() < 2:
        return {}
    n, e = t["size"].to_numpy(), t["sum"].to_numpy()
    off = (e == n) & (n >= ALTERNATE_MIN_EMPTY) & (e[:, ::-1] == 0) & (n[:, ::-1] >= 1)
    hit = t.index[off.any(axis=1)].to_frame(index=False)
    hit["written"] = 1 - off.argmax(axis=1)[off.any(axis=1)]  # the parity written on it
    hit["empty"] = e.max(axis=1)[off.any(axis=1)]
    alike = hit.groupby("worker_id")["empty"].transform("sum").to_numpy(float)
    every = g.groupby("worker_id")["empty"].sum().reindex(hit["worker_id"]).to_numpy(float)
    hit = hit.loc[alike >= ALTERNATE_SHARE * every]
    if hit.empty:
        return {}
    first = g.loc[g["parity"].isin([0, 1])].groupby(["worker_id", "parity"])["monday"].min()
    per = days.groupby(days["worker_id"].astype(str))["days_per_week"].first().astype(float)
    out = {}
    for w, h in hit.groupby("worker_id"):  # the workers named: a handful
        k, n_week = len(h), float(per[w])
        start = np.datetime64(int(first[(w, int(h["written"].iat[0]))]), "D")
        out[str(w)] = (h["dow"].astype(int).tolist(), str(start),
                       round((k / 2) / (n_week - k / 2), 4) if n_week > k / 2 else float("inf"))
    return out


def _empty_twice(days: pd.DataFrame) -> bool:
    """Whether some worker has :data:`ALTERNATE_MIN_EMPTY` missing days on one weekday in
    weeks of one parity (what :func:`alternate_weekdays` names needs as much), in one pass.

    Examples
    --------
    >>> d = pd.DataFrame({"worker_id": "B", "status": "missing", "diary_date":
    ...     pd.to_datetime(["2026-11-06", "2026-11-20"])})  # Fridays, two weeks apart
    >>> _empty_twice(d), _empty_twice(d.iloc[:1])
    (True, False)
    """
    missing = days["status"].eq("missing").to_numpy()
    if missing.sum() < max(ALTERNATE_MIN_EMPTY, 1):
        return False
    code = pd.factorize(days["worker_id"].astype(str))[0][missing]
    day = days["diary_date"].to_numpy()[missing].astype("datetime64[D]").astype(np.int64)
    dow = (day + 3) % 7
    parity = ((day - dow) // 7) % 2
    sizes = np.unique(code * 14 + dow * 2 + parity, return_counts=True)[1]
    return bool((sizes >= ALTERNATE_MIN_EMPTY).any())


def warn_alternate_weekdays(found: dict[str, tuple]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers, the weekday empty
    every other week, what their hours per FTE-week become and the pattern to declare."""
    if not found:
        return
    named = _first_ten([f"{w} ({', '.join(DAY_NAMES[d] for d in days)}: {_effect(share)}; "
                        f"pattern_from {start}, a week they wrote it)"
                        for w, (days, start, share) in found.items()])
    warnings.warn(
        f"{_workers(len(found))} left a weekday empty every other week and wrote on it in "
        "the weeks between: each empty day counts as missing (a day due at work and not "
        "written), so if it is a day off of their pattern (a 9-day fortnight), their observed "
        "share is too low and their hours per FTE-week too high as shown; give the pattern in "
        "the workers table: workdays 'Mon-Fri / Mon-Thu' (week 1 / week 2) and pattern_from, "
        f"a date in a week 1: {named}",
        DataQualityWarning, stacklevel=4)
