"""The models of an observation study: task times, worker-weeks and time available, no cases.

A shadowing study (WOMBAT, TimeCaT) records what workers do, not which case it was
for, so there are no case weights to estimate; :func:`observation_models` gives
the same :class:`~timestudy.models.StudyModels` as :func:`~timestudy.models.fit_study`
with the case parts empty and the casework/other split marked not estimable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from timestudy.models.cases import AvailableTime, CaseWeights, available_time
from timestudy.models.complexity import ComplexityModel, MixedModel
from timestudy.models.tasks import TaskRegression, estimate_task_times, regress_full_hours
from timestudy.panels import study_period, task_instances, worker_week

if TYPE_CHECKING:
    from timestudy.models import StudyModels


def observation_models(episodes, workers, *, n_boot=999, seed=0, weight=None, level=0.95,
                       available_options=None, day_options=None, **_) -> StudyModels:
    """The models of an observation study: task times, worker-weeks and available time, with
    empty case weights (there are no cases to weigh).

    Parameters
    ----------
    episodes : DataFrame
        Categorised observed episodes.
    workers : DataFrame or None
        Workers table (FTE and contracted hours).
    n_boot, seed, level
        Bootstrap replicates, seed and level of the intervals.
    weight : str, optional
        Column of sampling weights.
    available_options : dict, optional
        Passed to :func:`available_time` (leave days...).
    day_options : dict, optional
        Passed to :func:`timestudy.panels.worker_day` (working hours...).

    Returns
    -------
    StudyModels
        With empty case weights, complexity and mixed models, each saying why.

    Examples
    --------
    >>> import timestudy
    >>> from timestudy.simulate.observation import observation_example
    >>> raw = observation_example(n_workers=2, sessions=1, paired=0)
    >>> eps = timestudy.categorise(timestudy.read_diary(raw, layout="wombat", warn=False).episodes)
    >>> m = observation_models(eps, None, n_boot=19)
    >>> m.case_weights.table.empty, m.case_weights.notes
    (True, ('an observation study: no cases, so no case weights',))
    """
    from timestudy.models import StudyModels  # the package defines it, and imports this

    day_options = dict(day_options or {})
    period = study_period(episodes)
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    inst = task_instances(episodes, weight=weight)
    ww = worker_week(episodes, workers, instances=inst, weight=weight, **day_options)
    boot = {"n_boot": n_boot, "seed": seed, "level": level}
    why = ("an observation study: no cases, so no case weights",)
    empty = pd.DataFrame(columns=["estimate", "se", "ci_low", "ci_high"], dtype=float)
    try:
        regression = regress_full_hours(ww, level=level)
    except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
        regression = TaskRegression(empty.assign(n_instances=pd.Series(dtype=float)),
                                    "Full hours per instance by regression", why)
    available: AvailableTime = available_time(ww, **(available_options or {}), **boot)
    available = _without_case_split(available)
    return StudyModels(
        task_times=estimate_task_times(inst, **boot),
        task_regression=regression,
        case_weights=CaseWeights(_EMPTY_CASE_TYPES.copy(), "Case weights", why, reference=""),
        complexity=ComplexityModel(pd.DataFrame(columns=["multiplier", "ci_low", "ci_high",
                                                         "p_value"], dtype=float),
                                   "Complexity multipliers", why),
        mixed=MixedModel(empty.assign(p_value=pd.Series(dtype=float)),
                         "Mixed model: hours per case-month", why, None,
                         {"between_worker": None, "residual": None, "icc": None,
                          "converged": False}),
        available=available,
        instances=inst,
        worker_week=ww,
        case_month=_EMPTY_CASE_MONTH.copy(),
        period=period,
        options={"weight": weight, "pressure": False, "formula": None, **boot,
                 "work_start": day_options.get("work_start", "08:00"),
                 "work_end": day_options.get("work_end", "18:00"),
                 "workdays": tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                 "non_work": tuple(day_options.get("non_work", ("non_work",))),
                 "observation_study": True},
    )


_EMPTY_CASE_TYPES = pd.DataFrame(
    columns=["n_cases", "n_workers", "case_months", "hours_per_case_month",
             "hours_per_case_month_ci_low", "hours_per_case_month_ci_high",
             "event_hours_per_case_month", "event_hours_per_case_month_ci_low",
             "event_hours_per_case_month_ci_high", "relative_weight", "relative_weight_ci_low",
             "relative_weight_ci_high"], dtype=float, index=pd.Index([], name="case_type"))
_EMPTY_CASE_MONTH = pd.DataFrame(
    columns=["case_id", "case_type", "worker_id", "month", "hours", "case_months"])


#: Figures that split time into casework and other work: an observation study records no case,
#: so they are not estimable (never all time counted as non-case work).
CASE_SPLIT = ("non_case_hours_per_fte_week", "case_hours_per_fte_week",
              "available_case_hours_per_fte_week", "available_case_hours_per_fte_year")


def _without_case_split(available: AvailableTime) -> AvailableTime:
    table = available.table.copy()
    rows = [r for r in CASE_SPLIT if r in table.index]
    table.loc[rows, :] = np.nan
    note = ("an observation study records no cases: time for casework cannot be told from "
            "other work, so the hours available for casework are not estimated")
    return replace(available, table=table, notes=(*available.notes, note))
