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
day off of a 9-day fortnight not declared in ``workdays``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.observed_days import share_days

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


def _first_ten(parts: list[str]) -> str:
    """The first ten of ``parts`` joined, and how many more."""
    more = f"; and {len(parts) - 10} more" if len(parts) > 10 else ""
    return "; ".join(parts[:10]) + more


def _workers(n: int) -> str:
    return f"{n} {'worker' if n == 1 else 'workers'}"


def _effect(share: float) -> str:
    return ("every hour counted with no FTE-day" if not np.isfinite(share)
            else f"{share:.0%} too high")


def swapped_weeks(days: pd.DataFrame, guessed=()) -> dict[str, tuple[int, float, float, int]]:
    """Workers with a contracted day missing and another day worked off-contract
    (``extra``), in one week or further apart: a day swapped (a part-time worker's Thursday for their
    Monday, a Saturday's work taken back in the week) reads as a day missed and a day
    worked beyond the contract, so the worker's hours per FTE-week count that day's hours
    without its FTE, and the empty day is out of the used share that scales the exposure
    of the cases they hold (:func:`~timestudy.panels.observed_days.observed_share`), so
    their cases' hours per case-month are too high as well. By worker: the days that may
    have been swapped (per week, the fewer of the two; weeks of any seven days in a row,
    the most pairs over the seven ways of cutting them, so that a Friday worked and the
    next Tuesday left empty are paired: fix36p; then, of the days left over, the fewer of
    those missing and those extra over the whole diary, a day off in lieu taken a week or
    more after the day worked reading just as a swap within the week does: fix37t), their
    share of the contracted days used (the FTE-weeks' days), their share of the days the
    used share counts (no short day, the part of a day on leave out: the case-months'
    days), and how many of the days were paired more than seven days apart. The two
    shares are alike unless the worker has short days or part-days of leave.

    For the workers ``guessed`` (part time, weekdays chosen by the default rule from the
    days they wrote), a bank holiday left empty on a chosen weekday (``holiday``) is an
    empty day too: the rule may have chosen the day worked in place of the one swapped
    (a Tuesday-to-Thursday worker's Monday for Tuesday, Monday and Tuesday written once
    each, Monday winning the tie), and the week whose Monday is a bank holiday then reads
    the Tuesday as extra with no day missing (fix36p: 15.17 h per case-month and 44.4 h
    per FTE-week, the swap's figures as read, unsaid). A declared weekday is the
    contract's, so a bank holiday on it is a day off.

    Examples
    --------
    Monday to Wednesday, then Tuesday to Thursday with Monday empty: one swap possible
    over 5 contracted days used, 20% (45 hours over one FTE-week of 3 days, 37.5 if
    swapped; a case of theirs 5 of 6 days seen, 6 if swapped: 20%).

    >>> days = pd.DataFrame({"worker_id": "S1", "status": ["complete"] * 3
    ...     + ["missing", "complete", "complete", "extra"], "diary_date": pd.to_datetime(
    ...     ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-07", "2026-12-08",
    ...      "2026-12-09", "2026-12-10"])})
    >>> days = days.assign(contracted=days["status"].ne("extra"),
    ...                    used=days["status"].ne("missing"))
    >>> swapped_weeks(days)
    {'S1': (1, 0.2, 0.2, 0)}

    The Monday left empty 11 days after the Thursday worked instead (Monday 21 December): one
    swap, far apart.

    >>> swapped_weeks(days.assign(diary_date=days["diary_date"].mask(
    ...     days["status"].eq("missing"), pd.Timestamp("2026-12-21"))))
    {'S1': (1, 0.2, 0.2, 1)}

    Monday 4 May 2026 a bank holiday on a weekday the default rule chose, Tuesday 5 worked:

    >>> hol = days.assign(diary_date=days["diary_date"] + pd.Timedelta(days=154),
    ...                   status=days["status"].replace("missing", "holiday"))
    >>> swapped_weeks(hol), swapped_weeks(hol, guessed=["S1"])
    ({}, {'S1': (1, 0.2, 0.2, 0)})
    """

    status = days["status"]
    # the contracted days used: the FTE-days the hours are taken over (a partial day is not,
    # unless the study uses partial days)
    used = ((days["used"].to_numpy(bool) if "used" in days else status.eq("complete").to_numpy())
            & ~status.eq("extra").to_numpy())
    missing, extra = status.eq("missing").to_numpy(), status.eq("extra").to_numpy()
    missing = missing | (status.eq("holiday").to_numpy()
                         & days["worker_id"].astype(str).isin([str(w) for w in guessed]).to_numpy())
    if not (missing.any() and extra.any()):
        return {}
    code, names = pd.factorize(days["worker_id"].astype(str), sort=True)
    day = days["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)[code >= 0]
    # pairs within seven days in a row: the most over the seven ways of cutting weeks
    near = np.max([_week_swaps(code[code >= 0], day + shift, missing[code >= 0],
                               extra[code >= 0], len(names)) for shift in range(7)], axis=0)
    # then the days left empty and worked further apart (a day off in lieu taken later; a
    # bank holiday is paired only within the week, where the default rule's tie may lie)
    empty = status.eq("missing").to_numpy()[code >= 0]
    per = np.maximum(near, np.minimum(np.bincount(code[code >= 0], empty, len(names)),
                                      np.bincount(code[code >= 0], extra[code >= 0],
                                                  len(names))).astype(int))
    days_used = np.bincount(code[code >= 0], used[code >= 0], len(names)).astype(int)
    seen = np.bincount(code[code >= 0], share_days(days)[1][code >= 0], len(names))
    return {str(names[i]): (int(per[i]), _share(per[i], days_used[i]), _share(per[i], seen[i]),
                            int(per[i] - near[i])) for i in np.flatnonzero(per > 0)}


def _week_swaps(code: np.ndarray, day: np.ndarray, missing: np.ndarray, extra: np.ndarray,
                n_workers: int) -> np.ndarray:
    """By worker: over weeks cut at the Monday of ``day`` (days since 1970, shifted by the
    caller to cut them elsewhere), the sum of each week's fewer of ``missing`` and ``extra``.

    >>> d = np.array([20567, 20571])  # Friday 24 and Tuesday 28 April 2026
    >>> who, gone, worked = np.zeros(2, int), np.array([False, True]), np.array([True, False])
    >>> _week_swaps(who, d, gone, worked, 1).tolist(), _week_swaps(who, d + 3, gone, worked, 1).tolist()
    ([0], [1])
    """
    week, weeks = pd.factorize(day - (day + 3) % 7, sort=True)  # their Mondays
    group = code * max(len(weeks), 1) + week  # each worker-week
    n = max(n_workers, 1) * max(len(weeks), 1)
    swaps = np.minimum(np.bincount(group, missing, n), np.bincount(group, extra, n))
    return swaps.reshape(-1, max(len(weeks), 1)).sum(axis=1).astype(int)[:n_workers]


def _share(k: float, n: float) -> float:
    """``k`` days more over ``n``, to 4 places; ``inf`` over none."""
    return round(float(k) / float(n), 4) if n else float("inf")


def warn_swapped_weeks(found: dict[str, tuple[int, float, float, int]]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers, their weeks and
    the days that may have been swapped (:func:`swapped_weeks`), and how much too high their
    hours per FTE-week and their cases' hours per case-month are if they were.

    >>> import warnings as w
    >>> with w.catch_warnings(record=True) as got:
    ...     w.simplefilter("always")
    ...     warn_swapped_weeks({"P": (1, 0.2, 0.2, 0)})
    >>> str(got[0].message).split("other day): ")[-1]
    'P (1 day: 20% too high per FTE-week, 20% per case-month of the cases they hold)'
    """
    if not found:
        return
    named = _first_ten([_swap_entry(w, *got) for w, got in found.items()])
    far = any(got[3] for got in found.values())
    warnings.warn(
        f"{_workers(len(found))} had weeks with a contracted day left empty "
        "and another day worked off-contract"
        + (" (in one week or, where said, further apart: a day off in lieu taken later)"
           if far else "") + ": the empty day counts as missing and the day "
        "worked as extra, its hours beyond the contract; if the days were swapped, their "
        "hours per FTE-week and the hours per case-month of the cases they hold are too "
        "high by the shares shown (the empty day is out of their FTE-weeks and of their "
        "cases' exposure, the day worked in their hours), and with them the study's hours "
        "per FTE-week and per case-month (too high) and the cases a worker can hold (too "
        "few); where a day was taken off in lieu, write it in the diary as TOIL on the "
        f"empty day (a day at work, its hours worked on the other day): {named}",
        DataQualityWarning, stacklevel=4)


def _swap_entry(w: str, k: int, share: float, case: float, far: int = 0) -> str:
    """One worker's entry in :func:`warn_swapped_weeks`: the days (``far`` of them more than
    a week apart), and each share.

    >>> _swap_entry("S1", 2, 0.25, 0.2857)
    'S1 (2 days: 25% too high per FTE-week, 29% per case-month of the cases they hold)'
    >>> _swap_entry("S1", 2, 0.25, 0.2857, 1).split(":")[0]
    'S1 (2 days, 1 more than a week from the day worked'
    """
    days = f"{k} {'day' if k == 1 else 'days'}"
    if far:
        days += (", more than a week from the day worked" if far == k
                 else f", {far} more than a week from the day worked")
    if not np.isfinite(share):
        return f"{w} ({days}: {_effect(share)})"
    cases = f"{case:.0%}" if np.isfinite(case) else "no day of exposure"
    return f"{w} ({days}: {_effect(share)} per FTE-week, {cases} per case-month of the cases they hold)"


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
