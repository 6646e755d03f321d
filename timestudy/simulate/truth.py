"""The true answer of a simulated study, computed from the generator's own labels.

Nothing here calls the estimators' code: the truth of a piece of work comes from
the generator, which knows every sitting of every piece (in the diary or not) and
which travel and notes each piece brought. The definitions are those the
estimators target (``timestudy.panels.pieces``):

- a *piece of work* on a case is what the generator made one piece: a visit with
  its travel and notes, a court statement over all its sittings; a non-case piece
  is one non-case task type of one worker on one diary day;
- its *direct* minutes are all its sittings' minutes, before, in and after the
  diary; its *full* minutes add the travel to and from it and the case notes it
  brought. Averages are over the pieces whose first sitting lies in the diary;
- a *case-month* is 365.25 / 12 days of a case being open within the diary
  period (counting the opening day, not the closing day); hours per case-month of
  a case type are all work on its cases in the complete diary (by any worker, on
  any date of the period) over their case-months;
- an FTE-week is one week of a worker at 1.0 FTE who was not on leave or sick.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.clock import diary_date, minutes_in_hours

DAYS_PER_MONTH = 365.25 / 12


def piece_truth(sittings: pd.DataFrame, diary: pd.DataFrame, window: tuple[int, int],
                task_col: str = "true_task_type", category_col: str = "true_category"
                ) -> pd.DataFrame:
    """One row per true piece begun in the diary: task, sittings, direct and full minutes.

    Sittings are counted in days worked on the piece. ``sittings`` are the
    generator's case sittings (one per day) (``piece``, ``task_type``,
    ``day_index``, ``direct_min``, ``travel_min``, ``travel_back_min``,
    ``notes_min``); non-case pieces come from the labelled ``diary``.
    """
    s = sittings.assign(_linked=sittings["travel_min"] + sittings["travel_back_min"]
                        + sittings["notes_min"])
    case = s.groupby("piece").agg(task_type=("task_type", "first"), first=("day_index", "min"),
                                  n_sittings=("day_index", "size"),
                                  direct_min=("direct_min", "sum"), linked=("_linked", "sum"))
    case = case.loc[(case["first"] >= window[0]) & (case["first"] < window[1])]
    case["full_min"] = case["direct_min"] + case.pop("linked")
    work = diary.loc[diary["case_id"].isna() & (diary[category_col] != "non_work")]
    other = work.groupby(["worker_id", diary_date(work["start"]), task_col])["duration_min"].sum()
    other = other.rename("direct_min").reset_index().rename(columns={task_col: "task_type"})
    other = other.assign(full_min=other["direct_min"], n_sittings=1)
    cols = ["task_type", "n_sittings", "direct_min", "full_min"]
    return pd.concat([case[cols], other[cols]], ignore_index=True)


def compute_truth(
    diary: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame,
    period_start: pd.Timestamp,
    weeks: int,
    sittings: pd.DataFrame,
    window: tuple[int, int],
    *,
    task_col: str = "true_task_type",
    category_col: str = "true_category",
    work_start: str = "08:00",
    work_end: str = "18:00",
    contracted_per_fte: float = 37.0,
) -> dict:
    """Compute the true time-study figures from the complete, labelled diary and the pieces.

    Parameters
    ----------
    diary : DataFrame
        The complete diary (no day missing) with the true labels ``task_col`` and
        ``category_col``.
    cases, workers : DataFrame
        Canonical tables.
    period_start : Timestamp
        First day of the diary period; the period lasts ``weeks`` weeks.
    weeks : int
        Length of the diary period in weeks.
    sittings : DataFrame
        The generator's case sittings (see :func:`piece_truth`).
    window : (int, int)
        First and one-past-last day index of the diary in ``sittings``.
    task_col, category_col : str
        Columns of the true task type and category.
    work_start, work_end : str
        Working hours (``"HH:MM"``), for the out-of-hours share.
    contracted_per_fte : float
        Contracted hours of a full-time week.

    Returns
    -------
    dict
        JSON-ready figures: ``direct_minutes_per_piece``, ``full_hours_per_piece``,
        ``sittings_per_piece``, ``n_pieces`` (by task type), ``hours_per_case_month``
        and ``case_months`` (by case type), ``non_case_hours_per_fte_week``,
        ``available_case_hours_per_fte_week``, ``hours_worked_per_fte_week``,
        ``fte_weeks``, ``category_share``, ``out_of_hours_share``, ``cases_per_fte``.

    Examples
    --------
    The simulator's truth, computed again from its tables (it adds ``worker_speed``):

    >>> import pandas as pd
    >>> from timestudy.simulate import compute_truth, simulate_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> t = compute_truth(s.diary, s.cases, s.workers, pd.Timestamp(s.design["start"]),
    ...                   s.design["weeks"], s.sittings, tuple(s.design["window"]))
    >>> all(t[k] == s.truth[k] for k in t), sorted(set(s.truth) - set(t))
    (True, ['worker_speed'])
    """
    period_end = period_start + pd.Timedelta(days=7 * weeks - 1)
    work = diary.loc[diary[category_col] != "non_work"]
    pieces = piece_truth(sittings, diary, window, task_col, category_col)
    by_task = pieces.groupby("task_type")
    months = _open_months(cases, period_start, period_end)
    ctype = cases.set_index("case_id")["case_type"]
    case_hours = work.loc[work["case_id"].notna()].groupby("case_id")["duration_min"].sum() / 60
    hours_by_type = case_hours.groupby(ctype.reindex(case_hours.index)).sum()
    months_by_type = months.groupby(ctype.reindex(months.index)).sum()
    per_case_month = hours_by_type.reindex(months_by_type.index).fillna(0) / months_by_type

    absent = diary.loc[diary[task_col].isin(["leave", "sickness"])]
    absent_days = diary_date(absent["start"]).groupby(absent["worker_id"]).nunique()
    scheduled = diary_date(diary["start"]).groupby(diary["worker_id"]).nunique()
    share_present = 1 - absent_days.reindex(scheduled.index, fill_value=0) / scheduled
    fte = workers.set_index("worker_id")["fte"].reindex(scheduled.index)
    fte_weeks = float((fte * weeks * share_present).sum())
    non_case_per_fte_week = work.loc[work["case_id"].isna(), "duration_min"].sum() / 60 / fte_weeks
    worked = work["duration_min"].sum()
    in_hours = minutes_in_hours(work["start"], work["end"], work_start, work_end).sum()
    share = work.groupby(category_col)["duration_min"].sum() / worked
    return {
        "definitions": {
            "piece": "a piece of work as generated: all sittings of one task on one case "
            "(a visit, a statement over several days); a non-case piece is one non-case "
            "task type of one worker on one diary day; averages over pieces begun in the diary",
            "full_hours": "the piece's sittings with the travel to and from them and the case "
            "notes they brought, wherever they fell",
            "case_month_days": DAYS_PER_MONTH,
            "fte_week": "a week at 1.0 FTE, excluding leave and sickness days",
            "working_hours": f"{work_start}-{work_end} Monday to Friday",
        },
        "direct_minutes_per_piece": by_task["direct_min"].mean().round(6).to_dict(),
        "full_hours_per_piece": (by_task["full_min"].mean() / 60).round(6).to_dict(),
        "sittings_per_piece": by_task["n_sittings"].mean().round(6).to_dict(),
        "n_pieces": {k: int(v) for k, v in by_task.size().items()},
        "hours_per_case_month": per_case_month.round(6).to_dict(),
        "case_months": months_by_type.round(6).to_dict(),
        "non_case_hours_per_fte_week": round(non_case_per_fte_week, 6),
        "available_case_hours_per_fte_week": round(contracted_per_fte - non_case_per_fte_week, 6),
        "hours_worked_per_fte_week": round(worked / 60 / fte_weeks, 6),
        "fte_weeks": round(fte_weeks, 6),
        "category_share": share.round(6).to_dict(),
        "out_of_hours_share": round(1 - in_hours / worked, 6),
        "cases_per_fte": round(float(months.sum() * DAYS_PER_MONTH / (7 * weeks)
                                     / workers["fte"].sum()), 6),
    }


def _open_months(cases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Case-months each case was open within [start, end] (opening day in, closing day out)."""
    after = end + pd.Timedelta(days=1)
    lo = pd.to_datetime(cases["opened"]).fillna(start).clip(lower=start)
    hi = pd.to_datetime(cases["closed"]).fillna(after).clip(upper=after)
    days = np.maximum((hi - lo).dt.days.to_numpy(), 0)
    return pd.Series(days / DAYS_PER_MONTH, index=cases["case_id"].to_numpy())
