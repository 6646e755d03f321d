"""Estimators of time per task and per case, with worker-cluster uncertainty.

Use :func:`fit_study` to run them all on categorised episodes, or call each one:

- :func:`estimate_task_times`: direct minutes and full hours per task instance;
- :func:`regress_full_hours`: full hours by regression of worker-week hours on counts;
- :func:`estimate_case_weights`: hours per case-month, ratio and event-based;
- :func:`fit_complexity`: GLM multipliers for case type and complexity drivers;
- :func:`fit_mixed`: mixed model with worker random intercepts;
- :func:`available_time`: hours available for casework per FTE-week and year;
- :func:`compare_models`: AIC/BIC and worker-grouped cross-validation.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.models.cases import (
    AvailableTime,
    CaseWeights,
    available_time,
    estimate_case_weights,
)
from timestudy.models.compare import ModelComparison, compare_models
from timestudy.models.complexity import ComplexityModel, MixedModel, fit_complexity, fit_mixed
from timestudy.models.tasks import (
    TaskRegression,
    TaskTimes,
    estimate_task_times,
    regress_full_hours,
)
from timestudy.panels import case_month, study_period, task_instances, worker_week
from timestudy.results import Result, Section, TableResult, part

__all__ = [
    "observation_models",
    "AvailableTime", "CaseWeights", "ComplexityModel", "MixedModel", "ModelComparison",
    "Result", "StudyModels", "TableResult", "TaskRegression", "TaskTimes", "available_time",
    "compare_models", "estimate_case_weights", "estimate_task_times", "fit_complexity",
    "fit_mixed", "fit_study", "regress_full_hours",
]


@dataclass(frozen=True, repr=False)
class StudyModels(Result):
    """Every estimate of a study, with the panels they came from."""

    title = "Study models"

    task_times: TaskTimes
    task_regression: TaskRegression
    case_weights: CaseWeights
    complexity: ComplexityModel
    mixed: MixedModel
    available: AvailableTime
    instances: pd.DataFrame
    worker_week: pd.DataFrame
    case_month: pd.DataFrame
    period: tuple[pd.Timestamp, pd.Timestamp]
    options: dict = field(default_factory=dict)

    def compare(self, **kwargs) -> ModelComparison:
        """Compare the candidate case models (see :func:`compare_models`)."""
        return compare_models(self.case_month, reference=self.case_weights.reference, **kwargs)

    def to_frame(self) -> pd.DataFrame:
        """The case weights table (hours per case-month by case type), a copy."""
        return self.case_weights.to_frame()

    def plot(self, ax=None):
        """Hours per case-month by case type, ratio and event-based; returns the Axes."""
        return self.case_weights.plot(ax=ax)

    def summary(self) -> pd.DataFrame:
        """Headline figures: hours per case-month by type and time available per FTE."""
        cw = self.case_weights.table
        rows = [(f"hours per case-month: {k}", v, lo, hi) for k, v, lo, hi in zip(
            cw.index, cw["hours_per_case_month"], cw["hours_per_case_month_ci_low"],
            cw["hours_per_case_month_ci_high"], strict=True)]
        av = self.available.table
        for m in ("hours_worked_per_fte_week", "available_case_hours_per_fte_week",
                  "available_case_hours_per_fte_year"):
            rows.append((m.replace("_", " "), *av.loc[m, ["estimate", "ci_low", "ci_high"]]))
        return pd.DataFrame(rows, columns=["measure", "estimate", "ci_low", "ci_high"]).set_index(
            "measure")

    def _lead(self) -> list[str]:
        return [f"{self.worker_week['worker_id'].nunique()} workers, {len(self.case_month)} "
                f"cases, period {self.period[0]:%Y-%m-%d} to {self.period[1]:%Y-%m-%d}."]

    def _sections(self) -> list[Section]:
        """Each estimate in full (in HTML and Markdown)."""
        return [part(r) for r in (self.case_weights, self.available, self.task_times,
                                  self.complexity, self.mixed, self.task_regression)]


_EMPTY_MULT = pd.DataFrame(columns=["multiplier", "ci_low", "ci_high", "p_value"],
                           index=pd.Index([], name="term"), dtype=float)
_EMPTY_FE = pd.DataFrame(columns=["estimate", "se", "ci_low", "ci_high", "p_value"],
                         index=pd.Index([], name="term"), dtype=float)


def _or_unavailable(fit, fallback):
    """Fit a model; if the data cannot support it, warn and return an empty result saying why."""
    try:
        return fit()
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError) as exc:
        # the exception's text can quote data (a level name, a worker id): only its kind
        why = (f"not estimable from these data ({type(exc).__name__}); with few workers "
               "or cases use the ratio estimates or calibrate to a reference guide")
        warnings.warn(why, EstimationWarning, stacklevel=3)
        return fallback(why)


def fit_study(
    episodes: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    period: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    reference: str | None = None,
    weight: str | None = None,
    pressure: bool = False,
    formula: str | None = None,
    n_boot: int = 999,
    seed: int | None = 0,
    level: float = 0.95,
    available_options: dict | None = None,
    day_options: dict | None = None,
) -> StudyModels:
    """Build the panels and fit every estimator on categorised episodes.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes (``task_type`` and ``category`` set).
    cases, workers : DataFrame
        Canonical cases and workers tables.
    period : (Timestamp, Timestamp), optional
        First and last day of the diary period (by default from the episodes).
    reference : str, optional
        Case type the relative weights are against (CIN by default).
    weight : str, optional
        Column of survey weights in ``episodes``, honoured by every estimator
        but the mixed model.
    pressure : bool
        Add the caseload-pressure term (cases per FTE) to the GLM and mixed model.
    formula : str, optional
        Extra right-hand-side terms for the GLM and mixed model.
    n_boot, seed, level
        Bootstrap replicates, seed and confidence level.
    available_options : dict, optional
        Passed to :func:`available_time` (leave, sickness... allowances).
    day_options : dict, optional
        Passed to :func:`timestudy.panels.worker_day` (working hours...).

    Returns
    -------
    StudyModels

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=20, weeks=2, seed=4)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> fit = fit_study(ep, s.cases, s.workers, n_boot=99)
    >>> list(fit.case_weights.table.index)
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """
    day_options = dict(day_options or {})
    n_workers = episodes["worker_id"].nunique()
    if n_workers < 2:
        raise TimestudyError(
            f"the diary has {n_workers} worker(s): estimates with intervals need at least 2 "
            "workers (workers, not episodes, are the sampling unit); for one worker, look at "
            "timestudy.panels.worker_week and case_month, or calibrate to a reference guide")
    if period is None:
        period = study_period(episodes)
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    inst = task_instances(episodes, weight=weight)
    ww = worker_week(episodes, workers, instances=inst, weight=weight, **day_options)
    cm = case_month(episodes, cases, period=period, workers=workers, weight=weight)
    boot = {"n_boot": n_boot, "seed": seed, "level": level}
    models = StudyModels(
        task_times=estimate_task_times(inst, **boot),
        task_regression=_or_unavailable(
            lambda: regress_full_hours(ww, level=level),
            lambda why: TaskRegression(_EMPTY_FE.drop(columns="p_value").assign(
                n_instances=pd.Series(dtype=float)), "Full hours per instance by regression",
                (why,))),
        case_weights=estimate_case_weights(cm, inst, reference=reference, **boot),
        complexity=_or_unavailable(
            lambda: fit_complexity(cm, reference=reference, pressure=pressure, formula=formula,
                                   level=level),
            lambda why: ComplexityModel(_EMPTY_MULT, "Complexity multipliers", (why,))),
        mixed=_or_unavailable(
            lambda: fit_mixed(cm, reference=reference, pressure=pressure, formula=formula,
                              level=level),
            lambda why: MixedModel(_EMPTY_FE, "Mixed model: hours per case-month", (why,),
                                   None, {"between_worker": None, "residual": None,
                                          "icc": None, "converged": False})),
        available=available_time(ww, **(available_options or {}), **boot),
        instances=inst,
        worker_week=ww,
        case_month=cm,
        period=period,
        options={"weight": weight, "pressure": pressure, "formula": formula, **boot,
                 "work_start": day_options.get("work_start", "08:00"),
                 "work_end": day_options.get("work_end", "18:00"),
                 "workdays": tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                 "non_work": tuple(day_options.get("non_work", ("non_work",)))},
    )
    return models


from timestudy.models.observation import observation_models  # noqa: E402  (uses StudyModels)
