"""The true answer of a simulated study, computed from its labelled episodes.

The definitions here are the ones the estimators target, so a test can recompute
the truth from the generated diary and its labels and compare:

- an *instance* is one task type on one case on one diary day (however many
  sittings), or one non-case task type of one worker on one diary day;
- on a case-day the *primary* instance is the longest one that is not recording
  (or, if there is none, the longest recording); the travel and the other
  recording on that case-day are *linked* to it, and its *full* time is all the
  case-day's work time;
- a case-month is 365.25 / 12 days of a case being open within the diary
  period and its worker's diary, while the worker was present (counting the
  opening day, not the closing day; see ``timestudy.panels.case_exposure``);
- an FTE-week is one week of a worker at 1.0 FTE who was not on leave or sick.
"""

from __future__ import annotations

import pandas as pd

from timestudy.panels import DAYS_PER_MONTH, case_exposure, case_months, task_instances
from timestudy.schema.clock import diary_date, minutes_in_hours


def compute_truth(
    diary: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame,
    period_start: pd.Timestamp,
    weeks: int,
    *,
    task_col: str = "true_task_type",
    category_col: str = "true_category",
    work_start: str = "08:00",
    work_end: str = "18:00",
    contracted_per_fte: float = 37.0,
) -> dict:
    """Compute the true time-study figures from labelled episodes.

    Parameters
    ----------
    diary, cases, workers : DataFrame
        Canonical tables; ``diary`` carries the true labels in ``task_col`` and
        ``category_col``.
    period_start : Timestamp
        First day of the diary period; the period lasts ``weeks`` weeks.

    Returns
    -------
    dict
        JSON-ready figures: ``direct_minutes_per_instance``, ``full_hours_per_instance``,
        ``n_instances`` (by task type), ``hours_per_case_month`` (by case type),
        ``non_case_hours_per_fte_week``, ``available_case_hours_per_fte_week``,
        ``hours_worked_per_fte_week``, ``category_share``, ``out_of_hours_share``,
        ``cases_per_fte``.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> t = compute_truth(s.diary, s.cases, s.workers, s.diary["start"].min().normalize(), 1)
    >>> t["hours_per_case_month"] == s.truth["hours_per_case_month"]  # as simulate_study says
    True
    >>> sorted(t["hours_per_case_month"])
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """
    period_end = period_start + pd.Timedelta(days=7 * weeks - 1)
    work = diary.loc[diary[category_col] != "non_work"]
    labelled = diary.drop(columns=["task_type", "category"], errors="ignore").rename(
        columns={task_col: "task_type", category_col: "category"})
    inst = task_instances(labelled)
    direct = inst.groupby("task_type")["direct_min"].mean()
    full = inst.loc[inst["primary"]].groupby("task_type")["full_min"].mean() / 60
    n_inst = inst.groupby("task_type").size()

    months = case_exposure(labelled, cases, (period_start, period_end))
    held = case_months(cases, (period_start, period_end))  # caseload held, presence aside
    ctype = cases.set_index("case_id")["case_type"]
    case_hours = work.loc[work["case_id"].notna()].groupby("case_id")["duration_min"].sum() / 60
    hours_by_type = case_hours.groupby(ctype.reindex(case_hours.index)).sum()
    months_by_type = months.groupby(ctype.reindex(months.index)).sum()
    per_case_month = (hours_by_type.reindex(months_by_type.index).fillna(0) / months_by_type)

    absent = diary.loc[diary[task_col].isin(["leave", "sickness"])]
    absent_days = diary_date(absent["start"]).groupby(absent["worker_id"]).nunique()
    scheduled = diary_date(diary["start"]).groupby(diary["worker_id"]).nunique()
    share_present = 1 - absent_days.reindex(scheduled.index, fill_value=0) / scheduled
    fte = workers.set_index("worker_id")["fte"].reindex(scheduled.index)
    fte_weeks = float((fte * weeks * share_present).sum())
    non_case_hours = work.loc[work["case_id"].isna(), "duration_min"].sum() / 60
    non_case_per_fte_week = non_case_hours / fte_weeks
    worked = work["duration_min"].sum()
    in_hours = minutes_in_hours(work["start"], work["end"], work_start, work_end).sum()
    share = work.groupby(category_col)["duration_min"].sum() / worked
    period_days = 7 * weeks
    return {
        "definitions": {
            "instance": "one task type on one case on one diary day, or one non-case task "
            "type of one worker on one diary day",
            "full_hours": "primary instances: all work time on the case-day (the task, its "
            "travel and its recording); non-case instances: their own time",
            "case_month_days": DAYS_PER_MONTH,
            "fte_week": "a week at 1.0 FTE, excluding leave and sickness days",
            "working_hours": f"{work_start}-{work_end} Monday to Friday",
        },
        "direct_minutes_per_instance": direct.round(6).to_dict(),
        "full_hours_per_instance": full.round(6).to_dict(),
        "n_instances": {k: int(v) for k, v in n_inst.items()},
        "hours_per_case_month": per_case_month.round(6).to_dict(),
        "case_months": months_by_type.round(6).to_dict(),
        "non_case_hours_per_fte_week": round(non_case_per_fte_week, 6),
        "available_case_hours_per_fte_week": round(contracted_per_fte - non_case_per_fte_week, 6),
        "hours_worked_per_fte_week": round(worked / 60 / fte_weeks, 6),
        "fte_weeks": round(fte_weeks, 6),
        "category_share": share.round(6).to_dict(),
        "out_of_hours_share": round(1 - in_hours / worked, 6),
        "cases_per_fte": round(float(held.sum() * DAYS_PER_MONTH / period_days
                                     / workers["fte"].sum()), 6),
    }
