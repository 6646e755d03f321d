"""A day swapped: a contracted day left empty and another day worked off-contract.

A part-time worker who works their day off and takes a working day off in lieu, writing
nothing on it, reads as a day missing and a day worked beyond the contract: their hours per
FTE-week and their cases' hours per case-month too high, by the shares
:func:`swapped_weeks` gives and :func:`warn_swapped_weeks` says
(:func:`timestudy.panels.diary_completeness` calls them). Apart from
:mod:`~timestudy.panels.unrecorded_weekdays`, which names them as before.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.observed_days import share_days
from timestudy.panels.warning_words import _effect, _first_ten, _workers

#: The most days after a day worked off-contract that a working day left empty is read as
#: its day off in lieu (beyond a week: :func:`swapped_weeks`); TOIL is taken later, and
#: rarely more than four weeks later.
LIEU_WITHIN = 28


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
    next Tuesday left empty are paired: fix36p; or, if more, the days worked each paired
    with a working day left empty after it and at most :data:`LIEU_WITHIN` days after
    (:func:`_later_pairs`), a day off in lieu taken a week or more after the day worked
    reading just as a swap within the week does: fix37t; never an empty day before the day
    worked, nor ordinary overtime with an empty day months away: fix37t2), their
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
    swap, far apart; 46 days after, or 10 days before it (Monday 30 November), none.

    >>> on = lambda d: days.assign(diary_date=days["diary_date"].mask(
    ...     days["status"].eq("missing"), pd.Timestamp(d)))
    >>> swapped_weeks(on("2026-12-21")), swapped_weeks(on("2027-01-25")), swapped_weeks(on("2026-11-30"))
    ({'S1': (1, 0.2, 0.2, 1)}, {}, {})

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
    # then a day worked and a working day left empty after it, up to four weeks on (a day
    # off in lieu taken later; a bank holiday is paired only within the week, where the
    # default rule's tie may lie)
    empty = status.eq("missing").to_numpy()[code >= 0]
    per = np.maximum(near, _later_pairs(code[code >= 0], day, empty, extra[code >= 0],
                                        len(names)))
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


def _later_pairs(code: np.ndarray, day: np.ndarray, empty: np.ndarray, extra: np.ndarray,
                 n_workers: int, within: int = LIEU_WITHIN) -> np.ndarray:
    """By worker: the most days worked off-contract (``extra``) each paired with a day left
    empty (``empty``) after it and at most ``within`` days after it (time off in lieu is
    taken after the day worked, and rarely more than four weeks after). Each empty day, in
    date order, takes the earliest day worked still unpaired in its reach (the most pairs:
    every reach is as long).

    >>> d = np.array([0, 33, 40, 49, 60])  # worked 0, empty 33; empty 40, worked 49, 60
    >>> gone, worked = np.array([0, 1, 1, 0, 0], bool), np.array([1, 0, 0, 1, 1], bool)
    >>> _later_pairs(np.zeros(5, int), d, gone, worked, 1).tolist()
    [0]
    >>> _later_pairs(np.zeros(3, int), np.array([0, 9, 27]), np.array([0, 1, 1], bool),
    ...              np.array([1, 0, 0], bool), 1).tolist()
    [1]
    """
    out = np.zeros(n_workers, int)
    both = (np.bincount(code, empty, n_workers) > 0) & (np.bincount(code, extra, n_workers) > 0)
    keep = (empty | extra) & both[code]  # the days missing or extra of such workers: a few
    order = np.lexsort((empty[keep], day[keep], code[keep]))  # a day worked before an empty one
    who, when, off = code[keep][order], day[keep][order], empty[keep][order]
    workers, starts = np.unique(who, return_index=True)  # sorted by worker: one run each
    runs = zip(np.split(when, starts[1:]), np.split(off, starts[1:]), strict=True)
    for w, (days, gone) in zip(workers, runs if len(who) else (), strict=True):  # their few days
        worked: list[int] = []
        for d, is_empty in zip(days, gone, strict=True):
            if not is_empty:
                worked.append(int(d))
                continue
            worked = [x for x in worked if d - x <= within]
            if worked and worked[0] < d:
                worked.pop(0)
                out[w] += 1
    return out


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
        + (" (in one week or, where said, the empty day more than a week after the day "
           "worked, up to four weeks: a day off in lieu taken later)" if far else "") + ": the empty day counts as missing and the day "
        "worked as extra, its hours beyond the contract; if the days were swapped, their "
        "hours per FTE-week and the hours per case-month of the cases they hold are too "
        "high by the shares shown (the empty day is out of their FTE-weeks and of their "
        "cases' exposure, the day worked in their hours), and with them the study's hours "
        "per FTE-week and per case-month (too high) and the cases a worker can hold (too "
        "few); where a day was taken off in lieu, write it in the diary as TOIL on the "
        f"empty day (a day at work, its hours worked on the other day): {named}",
        DataQualityWarning, stacklevel=4)


def _swap_entry(w: str, k: int, share: float, case: float, far: int = 0) -> str:
    """One worker's entry in :func:`warn_swapped_weeks`: the days (``far`` of them left
    empty more than a week after the day worked), and each share.

    >>> _swap_entry("S1", 2, 0.25, 0.2857)
    'S1 (2 days: 25% too high per FTE-week, 29% per case-month of the cases they hold)'
    >>> _swap_entry("S1", 2, 0.25, 0.2857, 1).split(":")[0]
    'S1 (2 days, 1 left empty more than a week after the day worked'
    """
    days = f"{k} {'day' if k == 1 else 'days'}"
    if far:
        days += (", left empty more than a week after the day worked" if far == k
                 else f", {far} left empty more than a week after the day worked")
    if not np.isfinite(share):
        return f"{w} ({days}: {_effect(share)})"
    cases = f"{case:.0%}" if np.isfinite(case) else "no day of exposure"
    return f"{w} ({days}: {_effect(share)} per FTE-week, {cases} per case-month of the cases they hold)"
