"""The models of an observation study: task times, worker-weeks and time available, no cases.

A shadowing study (WOMBAT, TimeCaT) records what workers do, not which case it was
for, so there are no case weights to estimate; :func:`observation_models` gives
the same :class:`~timestudy.models.StudyModels` as :func:`~timestudy.models.fit_study`
with the case parts empty and the casework/other split marked not estimable.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from timestudy.models.available import AvailableTime, available_arguments, available_time
from timestudy.models.cases import CaseWeights
from timestudy.models.complexity import ComplexityModel
from timestudy.models.mixed import MixedModel
from timestudy.models.study_models import StudyModels
from timestudy.models.tasks import TaskRegression, estimate_task_times, regress_full_hours
from timestudy.panels import diary_completeness, pieces_of_work, study_period, worker_week
from timestudy.panels.episodes import time_off
from timestudy.panels.survey_weights import survey_weights


def observation_models(episodes, workers, *, n_boot=999, seed=0, weight=None, level=0.95,
                       available_options=None, day_options=None, piece_options=None,
                       diary_options=None, **_) -> StudyModels:
    """The models of an observation study: task times, worker-weeks and available time, with
    empty case weights (there are no cases to weigh).

    Without a cases table, a diary's own case ids (where written) still link a piece's
    sittings, and its travel and notes, as with cases; without them each piece of work is
    one task type in one sitting: sittings link only through an ``instance_id``, and travel
    and recording are pieces of their own.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes (``task_type`` and ``category`` set).
    workers : DataFrame or None
        Canonical workers table (``fte``, ``contracted_hours``...).
    n_boot, seed, level
        Bootstrap replicates, seed and confidence level.
    weight : str, optional
        Column of survey weights in ``episodes``.
    available_options : dict, optional
        Passed to :func:`~timestudy.models.available_time`.
    day_options : dict, optional
        Passed to :func:`timestudy.panels.worker_day` (``non_work``,
        ``workdays``...).
    piece_options : dict, optional
        Passed to :func:`timestudy.panels.pieces_of_work`.
    diary_options : dict, optional
        Passed to :func:`timestudy.panels.diary_completeness` (``holidays``...).
    **_
        Options of :func:`~timestudy.models.fit_study` that need cases; ignored.

    Returns
    -------
    StudyModels
        Task times, task regression, worker-weeks and available time; case
        weights, complexity and mixed models empty, saying why.

    Examples
    --------
    >>> from timestudy.examples import example_study
    >>> from timestudy.models import observation_models
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> m = observation_models(ep.drop(columns="case_id"), s.workers, n_boot=19)
    >>> m.case_weights.table.empty, m.complexity.notes
    (True, ('an observation study: no cases, so no case weights',))
    >>> m.available.table.index[0]
    'hours_worked_per_fte_week'
    """
    day_options = dict(day_options or {})
    if weight:  # the one rule of survey weights, before any panel (panels.survey_weights)
        episodes = episodes.assign(**{weight: survey_weights(episodes, weight)})
    period = study_period(episodes)
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    non_work = tuple(day_options.get("non_work", ("non_work",)))
    days = diary_completeness(episodes, workers, non_work=non_work, **time_off(day_options),
                              workdays=tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                              **(diary_options or {}))
    from timestudy.models import _used  # (the package imports this module)

    piece_options = dict(piece_options or {})
    fill = bool(piece_options.pop("return_journeys", True)) and "case_id" in episodes and \
        bool(episodes["case_id"].notna().any())
    # the days used and the journeys given their visit's case, as with cases (review24c)
    episodes, _ = _used(episodes, days, period, piece_options, non_work, fill)
    pieces = pieces_of_work(episodes, days=days, weight=weight, non_work=non_work,
                            **piece_options)
    ww = worker_week(episodes, workers, pieces=pieces, days=days, weight=weight,
                     **day_options)
    boot = {"n_boot": n_boot, "seed": seed, "level": level}
    why = ("an observation study: no cases, so no case weights",)
    empty = pd.DataFrame(columns=["estimate", "se", "ci_low", "ci_high"], dtype=float)
    try:
        regression = regress_full_hours(ww, level=level)
    except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
        regression = TaskRegression(empty.assign(n_pieces=pd.Series(dtype=float)),
                                    "Full hours per piece of work by regression", why)
    available: AvailableTime = available_time(
        ww, **available_arguments(available_options, diary_options), **boot)
    available = _without_case_split(available)
    return StudyModels(
        task_times=estimate_task_times(pieces, **boot),
        task_regression=regression,
        case_weights=CaseWeights(_EMPTY_CASE_TYPES.copy(), "Case weights", why, reference=""),
        complexity=ComplexityModel.unavailable(why[0]),
        mixed=MixedModel.unavailable(why[0]),
        available=available,
        pieces=pieces,
        worker_week=ww,
        case_month=_EMPTY_CASE_MONTH.copy(),
        period=period,
        days=days,
        options={"weight": weight, "pressure": False, "formula": None, **boot,
                 "work_start": day_options.get("work_start", "08:00"),
                 "work_end": day_options.get("work_end", "18:00"),
                 "workdays": tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                 "non_work": non_work,
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
