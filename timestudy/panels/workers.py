"""Worker-days and worker-weeks: hours worked, by category, in and out of hours, and FTE-weeks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.panels.episodes import ABSENCE_TASKS, NON_WORK, prepare
from timestudy.panels.instances import task_instances
from timestudy.schema.clock import minutes_in_hours


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

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    non_work : sequence of str
        Categories that are not work.
    absence_tasks : sequence of str
        Task types that record an absence (leave, sickness).
    work_start, work_end : str
        Working hours (``HH:MM``); time outside them on any day is out of hours.
    workdays : tuple of int
        Working weekdays (0 = Monday).
    day_start_hour : float
        Hour at which a diary day starts.

    Returns
    -------
    DataFrame
        One row per worker and diary day: ``worker_id``, ``diary_date``,
        ``hours_<category>`` for every category, ``hours_worked``, ``hours_case``,
        ``hours_non_case``, ``hours_out_of_hours``, ``hours_absence``, ``absent``
        (an absence recorded and under an hour worked), ``first_start``, ``last_end``.

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> d = worker_day(eps).set_index("worker_id")
    >>> d.loc["W001", ["hours_worked", "hours_case", "hours_non_case"]].round(4).tolist()
    [9.0, 8.0833, 0.9167]
    """
    e = prepare(episodes, day_start_hour)
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

    Examples
    --------
    >>> from timestudy import read_diary, read_workers, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> w = worker_week(eps, read_workers(EXAMPLES / "workers.csv"))
    >>> w[["worker_id", "hours_worked", "fte"]].values.tolist()
    [['W001', 9.0, 1.0], ['W002', 7.75, 0.8], ['W003', 3.5, 1.0]]
    >>> w["week_start"].dt.day_name().unique().tolist()
    ['Monday']
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
        e = prepare(episodes, day_options.get("day_start_hour", 4.0))
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
