"""Worker-days and worker-weeks: hours worked, by category, in and out of hours, and FTE-weeks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.ingest.dated import time_of_day_known
from timestudy.panels.completeness import diary_completeness
from timestudy.panels.episodes import (
    ABSENCE_TASKS,
    NON_WORK,
    prepare,
    sums_wide,
    time_off,
    with_diary_date,
)
from timestudy.panels.observed_days import used_episodes
from timestudy.panels.pieces import pieces_of_work
from timestudy.panels.shift_tails import on_night_dates
from timestudy.panels.survey_weights import survey_weights
from timestudy.panels.week_counts import _piece_counts
from timestudy.panels.workdays import absent_share, contract_terms
from timestudy.panels.working_hours import counted_in_hours


def worker_day(
    episodes: pd.DataFrame,
    *,
    non_work: Sequence[str] = NON_WORK,
    absence_tasks: Sequence[str] = ABSENCE_TASKS,
    work_start: str = "08:00",
    work_end: str = "18:00",
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    day_start_hour: float = 4.0,
    days: pd.DataFrame | None = None,
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
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output: each worker's contracted
        days are working days whatever their day of the week, and a bank holiday not
        worked as a day at work is not (:func:`~timestudy.schema.clock.working_days`).

    Returns
    -------
    DataFrame
        One row per worker and diary day: ``worker_id``, ``diary_date``,
        ``hours_<category>`` for every category, ``hours_worked``, ``hours_case``,
        ``hours_non_case``, ``hours_out_of_hours``, ``hours_time_known``,
        ``hours_absence``, ``absent`` (an absence recorded and under an hour worked),
        ``first_start``, ``last_end``.

        ``hours_out_of_hours`` counts only work with a time of day, and
        ``hours_time_known`` is that work's hours: out-of-hours figures are over those
        hours. An entry flagged ``time_of_day_unknown`` (a diary without times, whose
        rows are placed in file order:
        :func:`~timestudy.ingest.dated.time_of_day_known`) counts in the hours
        worked and by category, and is neither in hours nor out of hours. A day of only
        such entries has ``hours_time_known`` 0: its out-of-hours work is not known, not
        none.

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
    in_hours = counted_in_hours(e, work_start, work_end, workdays, days)
    timed = work.to_numpy(bool) & time_of_day_known(e)
    e = e.assign(
        _work=np.where(work, e["minutes"], 0.0),
        _case=np.where(work & e["case_id"].notna(), e["minutes"], 0.0),
        _ooh=np.where(timed, e["minutes"].to_numpy() - in_hours, 0.0),
        _timed=np.where(timed, e["minutes"], 0.0),
        _absence=np.where(e["task_type"].isin(absence_tasks), e["minutes"], 0.0),
    )
    keys = ["worker_id", "diary_date"]
    by_cat = sums_wide(e, keys, "category", "minutes")
    by_cat.columns = [f"hours_{c}" for c in by_cat.columns]
    out = e.groupby(keys).agg(
        hours_worked=("_work", "sum"), hours_case=("_case", "sum"),
        hours_out_of_hours=("_ooh", "sum"), hours_time_known=("_timed", "sum"),
        hours_absence=("_absence", "sum"),
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
    pieces: pd.DataFrame | None = None,
    days: pd.DataFrame | None = None,
    weight: str | None = None,
    **day_options,
) -> pd.DataFrame:
    """Hours of each worker in each week (Monday to Sunday), with counts of pieces of work.

    Hours are those of used days (:func:`~timestudy.panels.diary_completeness`);
    an FTE-week counts only the contracted days used, so a missing day is out of
    both the hours and the FTE-weeks, and a day on leave or sick out of the
    FTE-weeks. A short day (a day worked short, under ``short_below`` of the
    worker's usual day) counts whole in both; a day written in part in neither,
    unless ``use_partial``. A night's end after the diary day's start (04:00) counts on
    the night's day (:func:`~timestudy.panels.shift_tails.night_dates`), as the pieces
    counted in the week read it: a visit at 05:30 on Monday after a Sunday night is
    the week before's, its count and its hour alike.

    Work on a bank holiday not worked as a day at work (a few hours on a day off) is out
    of hours all day, as at a weekend; a bank holiday worked as a day at work keeps its
    working hours, and so does a contracted weekend day (the Saturday of a
    Tuesday-to-Saturday week): one rule, :func:`~timestudy.schema.clock.working_days`.

    A day worked and on leave or sick in part (an afternoon's leave) counts its
    absent share out of the FTE-weeks and contracted hours
    (:func:`~timestudy.panels.workdays.absent_share`: its absence hours over the
    contracted day, ``contracted_hours / days_per_week``, clipped to [0, 1]): time
    available is contracted time less leave and sickness, as a whole day of leave
    (absent, out of the FTE-weeks) already is. An afternoon's leave of a 7.4-hour day
    on a 37-hour week of 36 hours worked: 1 - 4/37 FTE-weeks, 33 contracted hours, 3
    over contract (``tests/panels/test_part_day_leave.py``).

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    workers : DataFrame, optional
        Canonical workers table; gives ``fte`` and ``contracted_hours``
        (full time 1.0 and 37 hours when not given).
    pieces : DataFrame, optional
        Output of :func:`~timestudy.panels.pieces_of_work` (computed when not
        given); its primary case pieces are counted as ``n_<task_type>`` columns,
        each by :func:`~timestudy.panels.week_counts.regression_counts` (1, or for a piece
        linked over several days its days seen over its task's days per piece) put in
        the weeks it spans by its days in each.
    days : DataFrame, optional
        Output of :func:`~timestudy.panels.diary_completeness` (computed when not given).
    weight : str, optional
        Column of survey weights, averaged into ``weight``.
    **day_options
        Passed to :func:`worker_day` (working hours, non-work categories...).

    Returns
    -------
    DataFrame
        ``worker_id``, ``week_start``, the ``hours_*`` columns of
        :func:`worker_day` summed over used days, ``days_worked`` (contracted days
        used), ``days_absent``, ``days_absent_part`` (the part of the days worked
        on leave or sick: each day's absence hours over the contracted day, clipped
        to [0, 1], summed), ``days_missing``, ``days_partial``, ``days_short``
        (short days, counted in ``days_worked``), ``fte``, ``fte_weeks`` (FTE x
        (contracted days used - ``days_absent_part``) / contracted days a week),
        ``contracted_hours`` (pro rata, the same share of the week), ``overtime_hours``
        (``hours_worked - contracted_hours``), ``weight`` and ``n_<task_type>``
        counts of primary case pieces.

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> w = worker_week(eps).set_index("worker_id")
    >>> w.loc["W001", ["hours_worked", "days_worked", "fte_weeks"]].tolist()
    [9.0, 1.0, 0.2]
    """
    non_work = day_options.get("non_work", NON_WORK)
    # one diary day for the completeness and the hours
    day_start_hour = day_options.get("day_start_hour", 4.0)
    episodes = with_diary_date(episodes, day_start_hour)
    if days is None:
        days = diary_completeness(episodes, workers, workdays=tuple(day_options.get(
            "workdays", (0, 1, 2, 3, 4))), non_work=non_work, **time_off(day_options))
    # a night's end on the night's day, as the pieces read it (their counts in its week),
    # a tail-only day's as the completeness reads it (shift_tails.night_dates)
    episodes = used_episodes(on_night_dates(episodes, non_work, day_start_hour), days,
                             day_start_hour, non_work, on_nights=True)
    used = days.loc[days["used"] | days["absent"], ["worker_id", "diary_date", "contracted",
                                                      "used"]]
    # in hours on each worker's own working days (schema.clock.working_days)
    d = worker_day(episodes, days=days,
                   **{k: v for k, v in day_options.items() if k != "toil_tasks"})
    d = d.merge(used, on=["worker_id", "diary_date"], how="inner")
    keys = ["worker_id", "week_start"]
    d["week_start"] = d["diary_date"] - pd.to_timedelta(d["diary_date"].dt.day_of_week, unit="D")
    per_week = days.groupby("worker_id")["days_per_week"].first().astype(float).clip(lower=1)
    contract_day = contract_terms(workers, d["worker_id"])[1] / d["worker_id"].map(per_week).astype(float)
    d["days_absent_part"] = absent_share(d["hours_absence"].to_numpy(float),
                                         contract_day.to_numpy(float),
                                         (d["contracted"] & d["used"]).to_numpy(bool))
    hours = [c for c in d.columns if c.startswith("hours_")]
    week = d.groupby(keys)[hours + ["days_absent_part"]].sum()
    status = days.assign(
        days_worked=days["contracted"] & days["used"], days_absent=days["status"].eq("absent"),
        days_missing=days["status"].eq("missing"), days_partial=days["status"].eq("partial"),
        days_short=days["short"] if "short" in days else False,
    ).groupby(keys)[["days_worked", "days_absent", "days_missing", "days_partial",
                     "days_short"]].sum()
    week = status.join(week, how="left").fillna(0.0).reset_index()
    week.insert(week.columns.get_loc("days_absent") + 1, "days_absent_part",
                week.pop("days_absent_part"))
    week["fte"], contracted = contract_terms(workers, week["worker_id"])
    share = ((week["days_worked"] - week["days_absent_part"])
             / week["worker_id"].map(per_week).astype(float))
    week["fte_weeks"] = week["fte"] * share
    week["contracted_hours"] = contracted * share
    week["overtime_hours"] = week["hours_worked"] - week["contracted_hours"]
    if weight:
        w = pd.Series(survey_weights(episodes, weight), index=episodes["worker_id"].to_numpy())
        week["weight"] = week["worker_id"].map(w.groupby(level=0).first()).fillna(1.0)
    else:
        week["weight"] = 1.0
    if pieces is None:
        pieces = pieces_of_work(episodes, non_work=non_work, days=days)
    return _piece_counts(week, pieces)
