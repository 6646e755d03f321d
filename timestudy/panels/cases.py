"""Case-months: hours on each case against the months it was open within its holder's diary window."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.panels.episodes import DAYS_PER_MONTH, NON_WORK, prepare, study_period
from timestudy.panels.workers import worker_day
from timestudy.schema.clock import diary_date


def case_months(cases: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Case-months each case was open within ``period`` (inclusive days), by ``case_id``.

    Parameters
    ----------
    cases : DataFrame
        ``case_id``, ``opened`` and ``closed`` (NaT while open).
    period : (Timestamp, Timestamp)
        First and last day.

    Returns
    -------
    Series
        Case-months (days / (365.25 / 12)) by ``case_id``.

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "opened": pd.to_datetime(["2025-01-01",
    ...                   "2026-03-16"]), "closed": pd.to_datetime([None, None])})
    >>> period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))
    >>> (case_months(c, period) * 365.25 / 12).round(6).tolist()
    [28.0, 14.0]
    """
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    after = end + pd.Timedelta(days=1)
    opened = cases["opened"] if "opened" in cases else pd.Series(pd.NaT, index=cases.index)
    closed = cases["closed"] if "closed" in cases else pd.Series(pd.NaT, index=cases.index)
    lo = pd.to_datetime(opened).fillna(start).clip(lower=start)
    hi = pd.to_datetime(closed).fillna(after).clip(upper=after)
    days = (hi - lo).dt.days.clip(lower=0)
    return pd.Series(days.to_numpy() / DAYS_PER_MONTH, index=cases["case_id"].to_numpy(),
                     name="case_months")


def diary_windows(episodes: pd.DataFrame, workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
                  day_start_hour: float = 4.0) -> pd.DataFrame:
    """Each worker's diary window in whole weeks, and the share of its working days present.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    workdays : tuple of int
        Working weekdays (0 = Monday).
    day_start_hour : float
        Hour at which a diary day starts.

    Returns
    -------
    DataFrame
        One row per worker: ``first`` (Monday on or before their first diary
        day), ``last`` (Sunday on or after their last), ``present_share`` (working
        weekdays worked / working weekdays worked or absent).

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> w = diary_windows(eps)
    >>> w.loc["W003", "first"].day_name(), w.loc["W003", "last"].day_name()
    ('Monday', 'Sunday')
    >>> w["present_share"].tolist()
    [1.0, 1.0, 1.0]
    """
    days = worker_day(episodes, workdays=workdays, day_start_hour=day_start_hour)
    weekday = days["diary_date"].dt.day_of_week.isin(workdays)
    worked = weekday & ~days["absent"] & (days["hours_worked"] > 0)
    absent = weekday & days["absent"]
    g = days.assign(_w=worked, _a=absent).groupby("worker_id")
    first, last = g["diary_date"].min(), g["diary_date"].max()
    out = pd.DataFrame({
        "first": first - pd.to_timedelta(first.dt.day_of_week, unit="D"),
        "last": last + pd.to_timedelta(6 - last.dt.day_of_week, unit="D"),
    })
    scheduled = (g["_w"].sum() + g["_a"].sum()).replace(0, np.nan)
    out["present_share"] = (g["_w"].sum() / scheduled).fillna(0.0)
    return out


def case_exposure(episodes: pd.DataFrame, cases: pd.DataFrame,
                  period: tuple[pd.Timestamp, pd.Timestamp],
                  workdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> pd.Series:
    """Case-months each case was observed: open, within the period and its holder's diary.

    A case counts the days it was open within the diary period *and* within its
    allocated worker's diary window, times the share of that worker's working
    days they were present (not on leave or sick): time nobody recorded is not
    exposure. Cases whose worker kept no diary get none.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    cases : DataFrame
        Canonical cases table.
    period : (Timestamp, Timestamp)
        First and last day of the diary period (see :func:`study_period`).
    workdays : tuple of int
        Working weekdays (0 = Monday).

    Returns
    -------
    Series
        Case-months by ``case_id``.

    Examples
    --------
    Every case of these workers was open all week: 7 days = 7 / (365.25 / 12)
    case-months; C00009 belongs to a worker without a diary.

    >>> from timestudy import read_diary, read_cases, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> cm = case_exposure(eps, read_cases(EXAMPLES / "cases.csv"), study_period(eps))
    >>> round(float(cm["C00001"]) * 365.25 / 12, 6), float(cm["C00009"])
    (7.0, 0.0)
    """
    e = episodes
    if "diary_date" not in e:
        e = e.assign(diary_date=diary_date(e["start"]))
    win = diary_windows(e, workdays)
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    holder = cases["worker_id"].astype("string") if "worker_id" in cases else pd.Series(
        pd.NA, index=cases.index, dtype="string")
    lo_w = holder.map(win["first"]).astype("datetime64[ns]")
    hi_w = holder.map(win["last"]).astype("datetime64[ns]") + pd.Timedelta(days=1)
    share = holder.map(win["present_share"]).astype(float).fillna(0.0)
    opened = pd.to_datetime(cases["opened"]) if "opened" in cases else pd.Series(pd.NaT,
                                                                                  cases.index)
    closed = pd.to_datetime(cases["closed"]) if "closed" in cases else pd.Series(pd.NaT,
                                                                                  cases.index)
    lo = np.maximum(opened.fillna(start).clip(lower=start), lo_w.fillna(end + pd.Timedelta(1, "D")))
    hi = np.minimum(closed.fillna(end + pd.Timedelta(days=1)).clip(
        upper=end + pd.Timedelta(days=1)), hi_w.fillna(start))
    days = ((hi - lo).dt.days).clip(lower=0) * share
    return pd.Series(days.to_numpy() / DAYS_PER_MONTH, index=cases["case_id"].to_numpy(),
                     name="case_months")


def case_month(
    episodes: pd.DataFrame,
    cases: pd.DataFrame,
    *,
    period: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    workers: pd.DataFrame | None = None,
    non_work: Sequence[str] = NON_WORK,
    weight: str | None = None,
    day_start_hour: float = 4.0,
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
) -> pd.DataFrame:
    """Hours on each case in the diary period, with its exposure in case-months.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    cases : DataFrame
        Canonical cases table (``case_id``, ``case_type``, ``worker_id``,
        attributes, ``opened``, ``closed``).
    period : (Timestamp, Timestamp), optional
        First and last day of the diary period; by default from the episodes
        (see :func:`study_period`).
    workers : DataFrame, optional
        Gives FTE for the caseload-pressure term ``cases_per_fte``.

    Returns
    -------
    DataFrame
        One row per case observed in the period: the case's columns,
        ``case_months`` (exposure, see :func:`case_exposure`), ``hours_<category>``, ``hours`` (all work),
        ``hours_per_month`` (hours / case_months), ``cases_held`` and
        ``cases_per_fte`` of its worker, and ``weight``.

    Examples
    --------
    >>> from timestudy import read_diary, read_cases, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> cm = case_month(eps, read_cases(EXAMPLES / "cases.csv"))
    >>> cm.loc[cm["case_id"] == "C00006", ["case_type", "hours"]].values.tolist()
    [['CLA', 5.75]]
    >>> bool(((cm["hours"] / cm["case_months"] - cm["hours_per_month"]).abs() < 1e-9).all())
    True
    """
    e = prepare(episodes, day_start_hour)
    if period is None:
        period = study_period(e)
    out = cases.copy()
    out["case_id"] = out["case_id"].astype("string")
    out["case_months"] = case_exposure(e, cases, period, workdays).to_numpy()
    out = out.loc[out["case_months"] > 0].reset_index(drop=True)
    work = e.loc[~e["category"].isin(non_work) & e["case_id"].notna()]
    by_cat = work.pivot_table(index="case_id", columns="category", values="minutes",
                              aggfunc="sum", fill_value=0.0, observed=True) / 60
    by_cat.columns = [f"hours_{c}" for c in by_cat.columns]
    out = out.merge(by_cat.reset_index(), on="case_id", how="left")
    hour_cols = list(by_cat.columns)
    out[hour_cols] = out[hour_cols].fillna(0.0)
    out["hours"] = out[hour_cols].sum(axis=1)
    out["hours_per_month"] = out["hours"] / out["case_months"]
    held = out.groupby("worker_id")["case_id"].transform("size")
    out["cases_held"] = held
    fte = out["worker_id"].map(workers.set_index("worker_id")["fte"]) if workers is not None else 1
    out["cases_per_fte"] = held / pd.Series(fte, index=out.index).astype(float).fillna(1.0)
    if weight:
        w = e.groupby("worker_id")[weight].mean()
        out["weight"] = out["worker_id"].map(w).fillna(1.0)
    else:
        out["weight"] = 1.0
    return out
