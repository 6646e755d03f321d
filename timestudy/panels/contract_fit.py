"""Whether a worker's contract (``workdays``, ``fte``, ``contracted_hours``) fits their diary.

HR extracts fill in ``Mon-Fri`` for everyone, and FTEs go out of date. Three readings of the
diary against the contract, each warned of by worker with the figures that move (the
figures themselves stay as the contract reads them: the diary cannot tell a day off from
a day worked and not written, nor a wrong FTE from a worker who works beyond it):

- a **contracted weekday never written** (at least twice in the worker's diary window;
  declared or taken by the default rule: :func:`~timestudy.panels.unrecorded_weekdays.
  unrecorded_weekdays`): each such day counts as missing;
- a **day off worked every week** (:func:`days_off_worked`): a weekday outside the
  contract written at least twice and in every week of the worker's diary window, each
  time with at least :data:`FULL_DAY` of the worker's usual day: its hours count
  beyond the contract, with no FTE-day;
- a **day length that does not fit the contract** (:func:`day_length_misfit`): the
  median hours of the worker's complete days (at least :data:`DAY_FIT_MIN_DAYS`) are under
  :data:`DAY_FIT_LOW` or over :data:`DAY_FIT_HIGH` of their contracted day (contracted
  hours over contracted weekdays): the FTE, the contracted hours or the workdays are wrong.

:func:`pattern_effect` says by how much a worker's hours per FTE-week are too high if
the days never written are days off and the days worked every week are contracted days.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.unrecorded_weekdays import _effect, _first_ten, _workers
from timestudy.schema.weekdays import DAY_NAMES

#: Share of the worker's usual day an extra day must hold to count as a day worked.
FULL_DAY = 0.5
#: Complete days a worker needs before their day length is judged against their contract.
DAY_FIT_MIN_DAYS = 5
#: The median complete day under this share of the contracted day: the contract is too long
#: (1.0 FTE, 37 h over 'Mon Tue Wed', 12.33 h days, 8 h written: 65%, named).
DAY_FIT_LOW = 2 / 3
#: ... over this share: the contract is too short. Not 125%: diaries run long beyond the
#: contract (45 h against 37, BASW 2018), and on the project's simulator (80 workers,
#: seeds 1 to 5) 40 to 52 workers' median day was over 125% of their contract (their
#: median 126% to 133%), 0 to 2 over 200%, and 0 to 4 under 2/3.
DAY_FIT_HIGH = 2.0

_FIGURES = (
    "their hours per FTE-week are too high as shown, and with them the study's "
    "hours per FTE-week and per case-month (too high) and the cases a worker can "
    "hold (too few)"
)


def days_off_worked(
    days: pd.DataFrame, mask: np.ndarray, seen: np.ndarray, ids: pd.Index
) -> dict[str, list[int]]:
    """Workers by the weekdays outside their contract (``mask``) written in every week of
    their diary window (``seen``: days of each weekday in it, 2 or more), each day at least
    :data:`FULL_DAY` of the worker's usual day.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    mask : ndarray of bool
        Worker x 7 (``ids``' order): contracted weekdays.
    seen : ndarray of int
        Worker x 7: days of each weekday in the worker's diary window.
    ids : Index
        Worker ids.

    Examples
    --------
    Monday to Wednesday contracted, every Thursday of two weeks worked in full:

    >>> d = pd.DataFrame({"worker_id": "F", "status": "extra", "hours_worked": 8.0,
    ...     "usual_hours": 8.0, "diary_date": pd.to_datetime(["2026-03-05", "2026-03-12"])})
    >>> mask = np.array([[1, 1, 1, 0, 0, 0, 0]], bool)
    >>> days_off_worked(d, mask, np.full((1, 7), 2), pd.Index(["F"]))
    {'F': [3]}
    """
    full = days["status"].eq("extra").to_numpy() & (
        days["hours_worked"].to_numpy(float)
        >= FULL_DAY * np.nan_to_num(days["usual_hours"].to_numpy(float))
    )
    if not full.any():
        return {}
    code = ids.get_indexer(days["worker_id"].astype("string")[full])
    dow = (days["diary_date"].to_numpy()[full].astype("datetime64[D]").astype(np.int64) + 3) % 7
    ok = code >= 0
    n = np.bincount(code[ok] * 7 + dow[ok], minlength=7 * len(ids)).reshape(-1, 7)
    every = ~mask & (seen >= 2) & (n >= seen)
    return {str(ids[i]): np.flatnonzero(every[i]).tolist() for i in np.flatnonzero(every.any(1))}


def pattern_effect(
    days: pd.DataFrame, never: dict[str, list[int]], worked: dict[str, list[int]]
) -> dict[str, tuple[float, float]]:
    """For each worker named in ``never`` or ``worked``, how much too high their hours per
    FTE-week are (as a share) if the days never written are days off and the days worked
    every week are contracted, the FTE right; and if instead the FTE is out of date (the
    days written are the worker's week).

    With ``U`` contracted days used, ``X`` days used on the weekdays of ``worked``, ``n``
    contracted days a week, ``k`` weekdays never written and ``j`` weekdays worked every
    week, the FTE-weeks are ``U / n`` as read, ``(U + X) / (n - k + j)`` with the days
    corrected: ``((U + X) / (n - k + j)) / (U / n) - 1``, and ``X / U`` with the FTE
    corrected (its FTE-days are every day written). ``inf``: every hour is counted with no
    FTE-day (``U`` = 0).

    Examples
    --------
    Tuesday to Saturday taken as Monday to Friday: 16 weekdays and 3 Saturdays written,
    8 h each: 152 h over 16 / 5 FTE-weeks is 47.5 h, over 19 / 5 it is 40: 18.75% too high.

    >>> d = pd.DataFrame({"worker_id": "TS", "days_per_week": 5, "used": True,
    ...     "status": ["complete"] * 16 + ["extra"] * 3, "diary_date": list(
    ...     pd.bdate_range("2026-03-03", "2026-03-27").drop(pd.Timestamp("2026-03-09"))
    ...     .drop(pd.to_datetime(["2026-03-16", "2026-03-23"]))) + list(pd.to_datetime(
    ...     ["2026-03-07", "2026-03-14", "2026-03-21"]))})
    >>> pattern_effect(d, {"TS": [0]}, {"TS": [5]})
    {'TS': (0.1875, 0.1875)}
    """
    out = {}
    day = days["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    dow = (day + 3) % 7
    for w in dict.fromkeys([*never, *worked]):  # the workers named: a handful
        mine = days["worker_id"].astype(str).eq(w).to_numpy()
        used = mine & days["used"].to_numpy(bool)
        extra = days["status"].eq("extra").to_numpy()
        u = float((used & ~extra).sum())
        x = float((used & extra & np.isin(dow, worked.get(w, []))).sum())
        n = float(days.loc[mine, "days_per_week"].iloc[0])
        k, j = len(never.get(w, [])), len(worked.get(w, []))
        if u == 0 or n - k + j <= 0:
            out[w] = (float("inf"), float("inf"))
            continue
        out[w] = (round(((u + x) / (n - k + j)) / (u / n) - 1, 4), round(x / u, 4))
    return out


def _days(days: list[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in days)


def worker_pattern(w: str, never: dict, worked: dict, share: float) -> str:
    """One worker's entry in a warning: the days never written, the days off worked every
    week and the share too high.

    >>> worker_pattern("TS", {"TS": [0]}, {"TS": [5]}, 0.1875)
    'TS (Monday; Saturday written every week, not contracted: 19% too high)'
    """
    said = [_days(never[w])] if never.get(w) else []
    if worked.get(w):
        said.append(f"{_days(worked[w])} written every week, not contracted")
    return f"{w} ({'; '.join(said)}: {_effect(share)})"


def warn_declared_weekdays(
    never: dict[str, list[int]],
    worked: dict[str, list[int]],
    shares: dict[str, tuple[float, float]],
) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers whose declared
    ``workdays`` hold a weekday they never wrote, with the share too high if it is a day off."""
    if not never:
        return
    named = _first_ten([worker_pattern(w, never, worked, shares[w][0]) for w in never])
    warnings.warn(
        f"{_workers(len(never))} never made an entry on a weekday their workdays in the "
        "workers table give as contracted, so each such day counts as missing and their "
        "hours are taken over the other days' FTE alone: if they do not work that day "
        f"(the workers table's workdays are wrong, as 'Mon-Fri' filled in for everyone), "
        f"{_FIGURES}; correct their workdays in the workers table (e.g. 'Mon Tue Wed'), or, "
        f"if they worked those days, the days are missing from the diary: {named}",
        DataQualityWarning,
        stacklevel=4,
    )


def warn_days_off_worked(
    worked: dict[str, list[int]], shares: dict[str, tuple[float, float]]
) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers who worked a day
    off every week (and never missed a contracted weekday), with the share too high if their
    FTE is out of date."""
    if not worked:
        return
    named = _first_ten([worker_pattern(w, {}, worked, shares[w][1]) for w in worked])
    warnings.warn(
        f"{_workers(len(worked))} wrote a full day in every week on a weekday outside their "
        "contract (workdays as given, or taken from their fte), so those hours count beyond "
        "the contract with no FTE-day: if they work those days (an FTE or workdays out of "
        "date), their hours per FTE-week are too high as shown, and with them the study's; "
        "the hours per case-month of the cases they hold stand (a case's exposure is five "
        "days' worth a week whatever the fte or workdays); correct fte, contracted hours "
        "and workdays in the workers table, or, if the days are overtime, the figures "
        f"stand: {named}",
        DataQualityWarning,
        stacklevel=4,
    )


def day_length_misfit(days: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """Workers whose median complete day is under :data:`DAY_FIT_LOW` or over
    :data:`DAY_FIT_HIGH` of their contracted day, with :data:`DAY_FIT_MIN_DAYS` or more.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    terms : DataFrame
        By worker id: ``fte``, ``contracted_hours`` and ``days_per_week``.

    Returns
    -------
    DataFrame
        The workers named, by id: ``median_day`` (hours), ``contract_day`` (contracted
        hours over contracted days a week), ``fte_fit`` (the FTE their days fit) and
        ``days_fit`` (the days a week their contracted hours fit).

    Examples
    --------
    1.0 FTE, 37 h over Monday to Wednesday (12.33 h a day), 8 h written each day:

    >>> d = pd.DataFrame({"worker_id": "FM", "status": "complete", "short": False,
    ...     "contracted": True, "bank_holiday": False, "hours_worked": [8.0] * 6})
    >>> t = pd.DataFrame({"fte": [1.0], "contracted_hours": [37.0], "days_per_week": [3]},
    ...                  index=["FM"])
    >>> day_length_misfit(d, t).round(2).values.tolist()
    [[8.0, 12.33, 0.65, 4.62]]
    """
    typical = (
        days["status"].eq("complete")
        & ~days["short"].astype(bool)
        & days["contracted"].astype(bool)
        & ~days["bank_holiday"].astype(bool)
        & days["hours_worked"].gt(0)
    )
    g = days.loc[typical].groupby(days["worker_id"].astype(str)[typical])["hours_worked"]
    day = pd.DataFrame({"median_day": g.median(), "n": g.size()})
    t = terms.set_axis(terms.index.astype(str)).reindex(day.index)
    day["contract_day"] = t["contracted_hours"] / t["days_per_week"].clip(lower=1)
    ratio = day["median_day"] / day["contract_day"]
    day["fte_fit"] = t["fte"] * ratio
    day["days_fit"] = t["contracted_hours"] / day["median_day"]
    off = (day["n"] >= DAY_FIT_MIN_DAYS) & ((ratio < DAY_FIT_LOW) | (ratio > DAY_FIT_HIGH))
    return day.loc[off, ["median_day", "contract_day", "fte_fit", "days_fit"]]


def warn_day_length(misfit: pd.DataFrame) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers of
    :func:`day_length_misfit`, with both readings: the FTE wrong, or the workdays."""
    if not len(misfit):
        return
    named = _first_ten(
        [
            f"{w} ({r.median_day:.1f} h against {r.contract_day:.2f} h: an fte of "
            f"{r.fte_fit:.2f} fits their days, or their contracted hours fit "
            f"{r.days_fit:.1f} days a week)"
            for w, r in misfit.iterrows()
        ]
    )
    warnings.warn(
        f"{_workers(len(misfit))} wrote complete days whose median is under "
        f"{DAY_FIT_LOW:.0%} or over {DAY_FIT_HIGH:.0%} of their contracted day (contracted "
        "hours over contracted weekdays), so their fte, contracted hours or workdays in the "
        "workers table do not fit the diary: with a wrong fte their hours per FTE-week, and "
        "the study's hours per FTE-week, per case-month and cases a worker can hold, are "
        "off by the ratio of the two days; correct fte and contracted hours, or workdays, "
        f"in the workers table (figures are read as the table gives them): {named}",
        DataQualityWarning,
        stacklevel=4,
    )


def warn_unrecorded_weekdays(
    never: dict[str, list[int]],
    worked: dict[str, list[int]],
    shares: dict[str, tuple[float, float]],
) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers whose weekdays
    were taken by the default rule (no ``workdays``) and who never wrote on one of them,
    with the share too high if it is a day off (and the days off they worked every week
    are contracted), and the other reading: an FTE out of date."""
    if not never:
        return
    named = _first_ten([worker_pattern(w, never, worked, shares[w][0]) for w in never])
    warnings.warn(
        f"{_workers(len(never))} never made an entry on a weekday taken as "
        "contracted (no workdays in the workers table), so each such day counts as missing "
        "and their hours are taken over the other days' FTE alone: if they do not work that "
        f"day (compressed hours, part-time, weekends), {_FIGURES}; give their workdays in "
        "the workers table (e.g. 'Mon Tue Wed Thu'), or, if their fte is out of date (they "
        "work fewer days than it says), correct fte and contracted hours: "
        f"{named}",
        DataQualityWarning,
        stacklevel=4,
    )


def check_contract_fit(
    days: pd.DataFrame,
    never: dict[str, list[int]],
    assumed: np.ndarray,
    mask: np.ndarray,
    seen: np.ndarray,
    ids: pd.Index,
    terms: pd.DataFrame | None,
) -> set[str]:
    """Warn of every misfit of contract and diary this module reads (see its notes), once
    each; return the workers whose days off worked are a weekly pattern (their weeks with
    a day missing and a day extra are not swaps).

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    never : dict
        :func:`~timestudy.panels.unrecorded_weekdays.unrecorded_weekdays` of every worker.
    assumed : ndarray of bool
        By worker (``ids``' order): weekdays taken by the default rule.
    mask, seen : ndarray
        Worker x 7: contracted weekdays, and days of each weekday in the diary window.
    ids : Index
        Worker ids.
    terms : DataFrame or None
        By worker id: ``fte``, ``contracted_hours``, ``days_per_week`` (None without a
        workers table: the day length is not judged).
    """
    worked = days_off_worked(days, mask, seen, ids)
    shares = pattern_effect(days, never, worked)
    guessed = set(ids[assumed].astype(str))
    warn_unrecorded_weekdays({w: d for w, d in never.items() if w in guessed}, worked, shares)
    warn_declared_weekdays({w: d for w, d in never.items() if w not in guessed}, worked, shares)
    warn_days_off_worked({w: d for w, d in worked.items() if w not in never}, shares)
    if terms is not None:
        warn_day_length(day_length_misfit(days, terms))
    return set(worked)
