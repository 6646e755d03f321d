"""Panels from categorised episodes: worker-days, worker-weeks, case-months and task instances.

All functions take categorised episodes (canonical columns plus ``task_type`` and
``category``) and return new DataFrames; nothing is mutated. Minutes are taken
from ``counted_min`` when present (overlapping time counted once), else from
``duration_min``, so the panels' hours add up to the accepted episodes' hours.

Definitions (shared with the simulator's truth):

- an *instance* is one task type on one case on one diary day (however many
  sittings), or one non-case task type of one worker on one diary day;
- on a case-day the *primary* instance is the longest one that is not recording
  (if there is none, the longest recording); the case-day's travel and other
  recording are *linked* to it and its *full* time is all the case-day's work;
- a case-month is 365.25 / 12 days of a case being open in the diary period
  (counting the opening day, not the closing day).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.schema.clock import diary_date, minutes_in_hours

DAYS_PER_MONTH = 365.25 / 12
NON_WORK = ("non_work",)
ABSENCE_TASKS = ("leave", "sickness")


def _minutes(episodes: pd.DataFrame) -> pd.Series:
    col = "counted_min" if "counted_min" in episodes else "duration_min"
    return episodes[col].astype(float)


def _prepare(episodes: pd.DataFrame, day_start_hour: float) -> pd.DataFrame:
    missing = {"worker_id", "start", "task_type", "category"} - set(episodes.columns)
    if missing:
        raise ValueError(
            f"episodes lack column(s) {sorted(missing)}: categorise them first "
            "(timestudy.categorise) so that each has a task_type and category"
        )
    e = episodes.copy()
    e["minutes"] = _minutes(episodes)
    if "diary_date" not in e:
        e["diary_date"] = diary_date(e["start"], day_start_hour)
    if "case_id" not in e:
        e["case_id"] = pd.NA
    e["case_id"] = e["case_id"].astype("string")
    return e


def task_instances(
    episodes: pd.DataFrame,
    *,
    non_work: Sequence[str] = NON_WORK,
    travel: Sequence[str] = ("travel",),
    recording: Sequence[str] = ("recording",),
    day_start_hour: float = 4.0,
    weight: str | None = None,
) -> pd.DataFrame:
    """One row per task instance, with its direct, linked and full minutes.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    non_work : sequence of str
        Categories that are not work (breaks, leave): left out.
    travel, recording : sequence of str
        Categories of time that is linked to the primary task of a case-day.
    weight : str, optional
        Column of survey weights (per worker or per diary day), carried to the
        instances as ``weight``.

    Returns
    -------
    DataFrame
        ``worker_id``, ``case_id`` (NA for non-case work), ``diary_date``,
        ``task_type``, ``category``, ``direct_min``, ``linked_min``, ``full_min``,
        ``primary`` (bool) and ``weight``.

    Examples
    --------
    >>> ep = pd.DataFrame({
    ...     "worker_id": ["W1"] * 3, "case_id": ["C1"] * 3,
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30",
    ...                              "2026-03-02 11:00"]),
    ...     "duration_min": [30.0, 60.0, 45.0],
    ...     "task_type": ["travel", "statutory_visit", "case_notes"],
    ...     "category": ["travel", "direct_work", "recording"]})
    >>> inst = task_instances(ep).set_index("task_type")
    >>> inst.loc["statutory_visit", ["direct_min", "linked_min", "full_min"]].tolist()
    [60.0, 75.0, 135.0]
    >>> bool(inst.loc["case_notes", "primary"])  # linked to the visit: no full time of its own
    False
    """
    e = _prepare(episodes, day_start_hour)
    e = e.loc[~e["category"].isin(non_work)]
    e["weight"] = e[weight].astype(float) if weight else 1.0
    keys = ["worker_id", "case_id", "diary_date", "task_type", "category"]
    day = ["worker_id", "case_id", "diary_date"]
    is_travel = e["category"].isin(travel)
    # Travel is linked to the case-day's task; travel with no task that day (or with no
    # case) is an instance of its own, so that no minute is lost.
    has_task = e.loc[~is_travel].groupby(day, dropna=False).size()
    key = pd.MultiIndex.from_frame(e[day])
    lone = is_travel & ~key.isin(has_task.index)
    inst = (
        e.loc[~is_travel | lone]
        .groupby(keys, dropna=False, sort=True)
        .agg(direct_min=("minutes", "sum"), weight=("weight", "mean"))
        .reset_index()
    )
    on_case = inst["case_id"].notna()
    rank = np.where(inst["category"].isin(recording), 0, 1)
    order = inst.assign(_rank=rank).sort_values(["_rank", "direct_min"], ascending=False,
                                                kind="stable")
    first = order.loc[on_case.loc[order.index]].drop_duplicates(day).index
    inst["primary"] = ~on_case
    inst.loc[first, "primary"] = True
    case_day = e.loc[e["case_id"].notna()].groupby(day)["minutes"].sum()
    total = case_day.reindex(pd.MultiIndex.from_frame(inst[day])).to_numpy()
    inst["full_min"] = np.where(on_case & inst["primary"], total,
                                np.where(on_case, np.nan, inst["direct_min"]))
    inst["linked_min"] = np.where(inst["primary"], inst["full_min"] - inst["direct_min"], 0.0)
    cols = ["worker_id", "case_id", "diary_date", "task_type", "category", "direct_min",
            "linked_min", "full_min", "primary", "weight"]
    return inst[cols].reset_index(drop=True)


def worker_day(
    episodes: pd.DataFrame,
    *,
    non_work: Sequence[str] = NON_WORK,
    absence_tasks: Sequence[str] = ABSENCE_TASKS,
    work_start: str = "08:00",
    work_end: str = "18:00",
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    day_start_hour: float = 4.0,
) -> pd.DataFrame:
    """Hours of each worker on each diary day, by category and in or out of hours.

    Returns
    -------
    DataFrame
        One row per worker and diary day: ``worker_id``, ``diary_date``,
        ``hours_<category>`` for every category, ``hours_worked``, ``hours_case``,
        ``hours_non_case``, ``hours_out_of_hours``, ``hours_absence``, ``absent``
        (an absence recorded and under an hour worked), ``first_start``, ``last_end``.
    """
    e = _prepare(episodes, day_start_hour)
    if "end" not in e:
        e["end"] = e["start"] + pd.to_timedelta(e["minutes"], unit="min")
    work = ~e["category"].isin(non_work)
    in_hours = minutes_in_hours(e["start"], e["end"], work_start, work_end, workdays)
    # Scale to counted minutes so that concurrent time is counted once here too.
    span = ((e["end"] - e["start"]).dt.total_seconds() / 60).to_numpy()
    in_hours = np.where(span > 0, in_hours * e["minutes"].to_numpy() / np.where(span > 0, span, 1),
                        0.0)
    e = e.assign(
        _work=np.where(work, e["minutes"], 0.0),
        _case=np.where(work & e["case_id"].notna(), e["minutes"], 0.0),
        _ooh=np.where(work, e["minutes"].to_numpy() - in_hours, 0.0),
        _absence=np.where(e["task_type"].isin(absence_tasks), e["minutes"], 0.0),
    )
    keys = ["worker_id", "diary_date"]
    by_cat = e.pivot_table(index=keys, columns="category", values="minutes", aggfunc="sum",
                           fill_value=0.0, observed=True)
    by_cat.columns = [f"hours_{c}" for c in by_cat.columns]
    out = e.groupby(keys).agg(
        hours_worked=("_work", "sum"), hours_case=("_case", "sum"),
        hours_out_of_hours=("_ooh", "sum"), hours_absence=("_absence", "sum"),
        first_start=("start", "min"), last_end=("end", "max"),
    )
    out = out.join(by_cat)
    hours = [c for c in out.columns if c.startswith("hours_")]
    out[hours] = out[hours] / 60
    out["hours_non_case"] = out["hours_worked"] - out["hours_case"]
    out["hours_out_of_hours"] = out["hours_out_of_hours"].clip(lower=0)
    out["absent"] = (out["hours_absence"] > 0) & (out["hours_worked"] < 1)
    return out.reset_index()


def worker_week(
    episodes: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    instances: pd.DataFrame | None = None,
    weight: str | None = None,
    **day_options,
) -> pd.DataFrame:
    """Hours of each worker in each week (Monday to Sunday), with task-instance counts.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    workers : DataFrame, optional
        Canonical workers table; gives ``fte`` and ``contracted_hours``
        (full time 1.0 and 37 hours when not given).
    instances : DataFrame, optional
        Output of :func:`task_instances` (computed when not given); its primary
        case instances are counted as ``n_<task_type>`` columns.
    weight : str, optional
        Column of survey weights, averaged into ``weight``.
    **day_options
        Passed to :func:`worker_day` (working hours, non-work categories...).

    Returns
    -------
    DataFrame
        ``worker_id``, ``week_start``, the ``hours_*`` columns of
        :func:`worker_day` summed, ``days_worked``, ``days_absent``, ``fte``,
        ``fte_weeks`` (FTE times the share of the worker's days not absent),
        ``contracted_hours`` (pro rata for absence), ``overtime_hours``, ``weight``
        and ``n_<task_type>`` counts of primary case instances.
    """
    days = worker_day(episodes, **day_options)
    days["week_start"] = days["diary_date"] - pd.to_timedelta(days["diary_date"].dt.day_of_week,
                                                              unit="D")
    workdays = tuple(day_options.get("workdays", (0, 1, 2, 3, 4)))
    weekday = days["diary_date"].dt.day_of_week.isin(workdays)
    days["_worked_day"] = weekday & (~days["absent"]) & (days["hours_worked"] > 0)
    days["absent"] = days["absent"] & weekday
    hours = [c for c in days.columns if c.startswith("hours_")]
    keys = ["worker_id", "week_start"]
    week = days.groupby(keys)[hours].sum()
    week["days_worked"] = days.groupby(keys)["_worked_day"].sum()
    week["days_absent"] = days.groupby(keys)["absent"].sum()
    week = week.reset_index()
    if workers is not None:
        w = workers.set_index("worker_id")
        week["fte"] = week["worker_id"].map(w["fte"]).astype(float)
        contracted = week["worker_id"].map(w["contracted_hours"]).astype(float)
    else:
        week["fte"] = 1.0
        contracted = pd.Series(37.0, index=week.index)
    week["fte"] = week["fte"].fillna(1.0)
    scheduled = (week["days_worked"] + week["days_absent"]).replace(0, np.nan)
    present = (week["days_worked"] / scheduled).fillna(0.0)
    week["fte_weeks"] = week["fte"] * present
    week["contracted_hours"] = contracted.fillna(37.0 * week["fte"]) * present
    week["overtime_hours"] = week["hours_worked"] - week["contracted_hours"]
    if weight:
        e = _prepare(episodes, day_options.get("day_start_hour", 4.0))
        e["week_start"] = e["diary_date"] - pd.to_timedelta(e["diary_date"].dt.day_of_week, unit="D")
        week = week.merge(e.groupby(keys)[weight].mean().rename("weight").reset_index(),
                          on=keys, how="left")
    else:
        week["weight"] = 1.0
    if instances is None:
        instances = task_instances(episodes, non_work=day_options.get("non_work", NON_WORK))
    prim = instances.loc[instances["primary"] & instances["case_id"].notna()].copy()
    prim["week_start"] = prim["diary_date"] - pd.to_timedelta(prim["diary_date"].dt.day_of_week,
                                                              unit="D")
    counts = prim.pivot_table(index=keys, columns="task_type", values="direct_min",
                              aggfunc="size", fill_value=0)
    counts.columns = [f"n_{c}" for c in counts.columns]
    week = week.merge(counts.reset_index(), on=keys, how="left")
    n_cols = list(counts.columns)
    week[n_cols] = week[n_cols].fillna(0).astype(int)
    return week


def study_period(episodes: pd.DataFrame, day_start_hour: float = 4.0
                 ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The diary period in whole weeks: the Monday on or before the first diary date to the
    Sunday on or after the last (a bank-holiday Monday or an empty last weekend does not
    shorten it)."""
    d = episodes["diary_date"] if "diary_date" in episodes else diary_date(episodes["start"],
                                                                          day_start_hour)
    return _whole_weeks(d.min().normalize(), d.max().normalize())


def _whole_weeks(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (start - pd.Timedelta(days=start.day_of_week),
            end + pd.Timedelta(days=6 - end.day_of_week))


def case_months(cases: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Case-months each case was open within ``period`` (inclusive days), by ``case_id``.

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

    Returns one row per worker: ``first`` (Monday on or before their first diary
    day), ``last`` (Sunday on or after their last), ``present_share`` (working
    weekdays worked / working weekdays worked or absent).
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
    """
    e = _prepare(episodes, day_start_hour)
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
