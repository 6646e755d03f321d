"""Estimators of time per task and per case, with worker-cluster uncertainty.

Use :func:`fit_study` to run them all on categorised episodes, or call each one:

- :func:`estimate_task_times`: direct minutes and full hours per piece of work;
- :func:`regress_full_hours`: full hours by regression of worker-week hours on counts;
- :func:`pieces_sensitivity`: how time per piece moves with the linking window and the
  attribution gap;
- :func:`estimate_case_weights`: hours per case-month, ratio and event-based;
- :func:`fit_complexity`: GLM multipliers for case type and complexity drivers;
- :func:`fit_mixed`: GLMM (or LMM) with a worker random intercept, variance components;
- :func:`available_time`: hours available for casework per FTE-week and year;
- :func:`compare_models`: AIC/BIC and worker-grouped cross-validation.
"""

from __future__ import annotations

import warnings
from functools import partial

import numpy as np
import pandas as pd

from timestudy._lib import forking
from timestudy.errors import EstimationWarning
from timestudy.ingest.holder_ids import fold_holders
from timestudy.models.available import AvailableTime, available_arguments, available_time
from timestudy.models.cases import CaseWeights, estimate_case_weights
from timestudy.models.compare import ModelComparison, compare_models
from timestudy.models.complexity import ComplexityModel, fit_complexity
from timestudy.models.mixed import MixedModel, fit_mixed
from timestudy.models.sensitivity import pieces_sensitivity
from timestudy.models.study_inputs import (
    CASE_MONTH_READS,
    PIECE_RULES,
    check_inputs,
    piece_definitions,
    prepared,
)
from timestudy.models.study_inputs import PANEL_READS as _PANEL_READS  # noqa: F401 (its tests')
from timestudy.models.study_models import StudyModels
from timestudy.models.tasks import (
    TaskRegression,
    TaskTimes,
    estimate_task_times,
    regress_full_hours,
)
from timestudy.panels import (
    TRAVEL_GAP_MIN,
    case_month,
    diary_completeness,
    return_journeys,
    study_period,
    used_episodes,
    worker_week,
)
from timestudy.panels.episodes import time_off
from timestudy.panels.pieces import build_pieces, code_diary
from timestudy.results import Result, TableResult
from timestudy.stats import background
from timestudy.stats._threads import one_blas_thread

#: The most used diary rows for which the pieces sensitivity and the task times are worked
#: out by a forked child by default (when a processor is free,
#: :func:`timestudy._lib.forking.processor_free`) while this process builds the worker-weeks
#: and case-months and fits the case models: a small study's child costs little
#: memory and its work is off the guide's path; a larger one stays in this process (at
#: 4,000 workers, a million rows, the sensitivity's child saved no wall time and took the
#: processes' summed peak past 2 GB).
SENSITIVITY_CHILD_ROWS = 100_000

__all__ = [
    "observation_models",
    "AvailableTime", "CaseWeights", "ComplexityModel", "MixedModel", "ModelComparison",
    "Result", "StudyModels", "TableResult", "TaskRegression", "TaskTimes", "available_time",
    "compare_models", "estimate_case_weights", "estimate_task_times", "fit_complexity",
    "fit_mixed", "fit_study", "pieces_sensitivity", "regress_full_hours",
]


_EMPTY_FE = pd.DataFrame(columns=["estimate", "se", "ci_low", "ci_high", "p_value"],
                         index=pd.Index([], name="term"), dtype=float)


def _or_unavailable(fit, fallback, what: str, stacklevel: int = 3):
    """Fit a model; if the data cannot support it, warn (from ``stacklevel`` frames up, as
    :func:`warnings.warn` counts them: by default the caller's caller) and return an empty
    result saying why; ``what`` names the model in the warning (several may fail in a run)."""
    try:
        return fit()
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError) as exc:
        # the exception's text can quote data (a level name, a worker id): only its kind
        why = (f"not estimable from these data: {what} ({type(exc).__name__}); with few workers "
               "or cases use the ratio estimates or calibrate to a reference guide")
        warnings.warn(why, EstimationWarning, stacklevel=stacklevel)
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
    diary_options: dict | None = None,
    piece_options: dict | None = None,
    sensitivity: bool = True,
) -> StudyModels:
    """Build the panels and fit every estimator on categorised episodes.

    Each worker-day is first classed complete, partial, missing or absent
    (:func:`~timestudy.panels.diary_completeness`); the episodes of partial days
    left out are dropped, so that every panel takes its hours and its exposure
    over the same used days. Pieces of work, worker-weeks and case-months follow.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes (``task_type`` and ``category`` set).
    cases, workers : DataFrame
        Canonical cases and workers tables.
    period : (Timestamp, Timestamp), optional
        First and last day of the diary period (by default the first and last
        diary date of the episodes).
    reference : str, optional
        Case type the relative weights are against (CIN by default).
    weight : str, optional
        Column of survey weights in ``episodes``, honoured by every estimator.
    pressure : bool
        Add the caseload-pressure term (cases per FTE) to the GLM and mixed model.
    formula : str, optional
        Extra right-hand-side terms for the GLM and mixed model.
    n_boot, seed, level
        Bootstrap replicates, seed and confidence level.
    available_options : dict, optional
        Passed to :func:`available_time` (leave, sickness... allowances, and ``roles``:
        a role's share of a full caseload, 0 leaving its workers out of the hours
        available), with ``workers`` and the cases' holders.
    day_options : dict, optional
        Passed to :func:`timestudy.panels.worker_day` (working hours...).
    diary_options : dict, optional
        Passed to :func:`timestudy.panels.diary_completeness` (``leave``,
        ``holidays``, ``partial_below``, ``use_partial``).
    piece_options : dict, optional
        Passed to :func:`timestudy.panels.pieces_of_work` (``link_within_days``,
        ``travel_gap_min``, ``notes_within_days``, ``calls``...), except
        ``return_journeys`` (default True): give a journey written without a case the
        case of the visit it returns from (:func:`timestudy.panels.attribution.return_journeys`)
        before any panel is built, so that its minutes are case time in the pieces'
        full time, in hours per case-month and in the case / non-case split alike.
    sensitivity : bool
        Also estimate time per piece under other linking windows and attribution
        gaps (:func:`pieces_sensitivity`).

    Returns
    -------
    StudyModels

    Examples
    --------
    >>> from timestudy import fit_study
    >>> from timestudy.examples import example_study
    >>> s = example_study()  # simulate_study(n_workers=8, weeks=1, seed=2)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> fit = fit_study(ep, s.cases, s.workers, n_boot=19, sensitivity=False)
    >>> list(fit.case_weights.table.index)
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """
    with one_blas_thread():  # (a block, not a decorator: its warnings point at the caller)
        day_options = dict(day_options or {})
        piece_options = dict(piece_options or {})
        definitions = piece_definitions(piece_options)
        fill_returns = piece_options.pop("return_journeys", True)
        check_inputs(episodes, cases)
        # the holders as the command line reads them ('W1 & W2', 'w1'): one reading of a table
        cases = fold_holders(cases, workers, "the cases table")
        episodes, cases = prepared(episodes, cases, weight, day_options, piece_options)
        non_work = tuple(day_options.get("non_work", ("non_work",)))
        available_options = available_arguments(available_options, diary_options)  # one year
        # The diary's days: called here, not in a step, for the place of its warnings (those of
        # its weekdays point at this function's caller).
        days = diary_completeness(episodes, workers, non_work=non_work, **time_off(day_options),
                                  workdays=tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                                  **{**(diary_options or {}),
                                     "holidays_a_year": available_options["bank_holidays"]})
        used, period = _used(episodes, days, period, piece_options, non_work, fill_returns)
        rules = {k: piece_options.pop(k) for k in PIECE_RULES if k in piece_options}
        pieces, sens_calls = _pieces(used, days, weight, non_work, piece_options, rules)
        boot = {"n_boot": n_boot, "seed": seed, "level": level}
        fits = {"task_times": partial(estimate_task_times, pieces, **boot),
                "available": partial(available_time, **available_options, workers=workers,
                                     holders=cases.get("worker_id"), **boot)}
        weeks = partial(worker_week, used, workers, pieces=pieces, days=days, weight=weight,
                        **day_options)
        ww, aside, sens = _fits_aside(weeks, fits, sens_calls, level, wanted=sensitivity,
                                      n_rows=len(used))
        # case_month's note of hours left out points at its caller: called here
        cm = case_month(used[[c for c in CASE_MONTH_READS + (weight,) if c and c in used]], cases,
                        period=period, workers=workers, days=days, weight=weight,
                        non_work=non_work)
        complexity, mixed = _case_models(cm, reference, pressure, formula, level)
        done = aside.result() if aside else {}

        def fitted(name: str, fit):  # the child's (its warnings, or error, raised here), or here
            return done[name].get() if name in done else fit()

        return StudyModels(
            task_times=fitted("task_times", fits["task_times"]),
            task_regression=fitted("task_regression", partial(_regression, ww, level)),
            case_weights=estimate_case_weights(cm, pieces, reference=reference, **boot),
            complexity=complexity,
            mixed=mixed,
            available=fitted("available", partial(fits["available"], ww)),
            pieces=pieces,
            worker_week=ww,
            case_month=cm,
            period=period,
            days=days,
            sensitivity=fitted("sensitivity", lambda: sens.result() if sens is not None else None),
            options={"weight": weight, "pressure": pressure, "formula": formula, **boot,
                     "work_start": day_options.get("work_start", "08:00"),
                     "work_end": day_options.get("work_end", "18:00"),
                     "workdays": tuple(day_options.get("workdays", (0, 1, 2, 3, 4))),
                     "non_work": non_work, "pieces": definitions,
                     "diary": dict(diary_options or {})},
        )


def _used(episodes: pd.DataFrame, days: pd.DataFrame, period: tuple | None,
          piece_options: dict, non_work: tuple, fill_returns: bool
          ) -> tuple[pd.DataFrame, tuple[pd.Timestamp, pd.Timestamp]]:
    """The episodes of the days used (partial days left out dropped), case-less journeys
    back from a visit given its case when ``fill_returns``, and the study period (by default
    the first and last diary date used)."""
    used = used_episodes(episodes, days)
    if fill_returns:  # case-less journeys back from a visit: the visit's case time
        used = return_journeys(used, travel=tuple(piece_options.get("travel", ("travel",))),
                               gap_min=float(piece_options.get("travel_gap_min", TRAVEL_GAP_MIN)),
                               non_work=non_work,
                               notes=tuple(piece_options.get("notes", ("case_notes",))),
                               calls=piece_options.get("calls"))
    if period is None:
        period = study_period(used)
    return used, (pd.Timestamp(period[0]), pd.Timestamp(period[1]))


def _pieces(used: pd.DataFrame, days: pd.DataFrame, weight: str | None, non_work: tuple,
            piece_options: dict, rules: dict) -> tuple[pd.DataFrame, dict]:
    """The pieces of work, and the sensitivity's two calls: ``"coded"`` from the coded diary
    (the only reference to it, which :func:`_fits_aside` takes out and lets go) and
    ``"again"``, coding the diary afresh (if a child fails).

    The diary is coded once for the pieces in use and the sensitivity's other rules.
    """
    coded = code_diary(used, days=days, weight=weight, non_work=non_work, **piece_options)
    pieces = build_pieces(coded, **rules)
    calls = {
        "coded": partial(pieces_sensitivity, used, days=days, pieces=pieces, coded=coded,
                         **rules),
        "again": partial(pieces_sensitivity, used, days=days, pieces=pieces, weight=weight,
                         non_work=non_work, **piece_options, **rules)}
    return pieces, calls


def _fits_aside(weeks: partial, fits: dict, sens_calls: dict, level: float, *, wanted: bool,
                n_rows: int) -> tuple[pd.DataFrame, background.Pending | dict,
                                      background.Pending | None]:
    """The worker-weeks (``weeks()``), and the fits that need nothing the case models need.

    A forked child works out the sensitivity and the task times (stats/background.py) for
    a small diary with a processor free, or whenever ``TIMESTUDY_HELPER=1`` asks
    (:func:`_sensitivity_child`), while this process builds the worker-weeks and goes on
    (``fit_study`` fits the task regression and the hours available from them itself);
    without one, the sensitivity alone (when ``wanted``) is done first. Either way the
    coded diary is let go before the worker-weeks: ``sens_calls["coded"]``, its one
    reference, is taken out of the dict (:func:`_pieces`).

    Returns
    -------
    worker_week : DataFrame
    aside : Pending or dict
        The child's work (:func:`_set_aside`: each piece settled apart), or ``{}``.
    sens : Pending or None
        The sensitivity done here, or None (the child's, or not wanted).
    """
    coded_sens, again_sens = sens_calls.pop("coded"), sens_calls.pop("again")
    child = _sensitivity_child(n_rows) if wanted else False
    if child or (child is None and forking.processor_free()):
        # forked before the worker-weeks, which the child does not need: the task
        # regression and the hours available (about 0.03 s at 120 workers) are this
        # process's, so that its share (the worker-weeks, case-months and case models)
        # and the child's (the sensitivity, 0.3 s, and the task times) take about as long
        work = {"task_times": fits["task_times"]}
        aside = background.start(partial(_set_aside, work | {"sensitivity": coded_sens}),
                                 again=partial(_set_aside, work | {"sensitivity": again_sens}),
                                 fork=True)
        del work, coded_sens  # the child has the coded diary: let go here (ours: again_sens)
        return weeks(), aside, None
    sens = background.start(coded_sens, again=again_sens, fork=False) if wanted else None
    del coded_sens  # the coded diary let go before the other panels
    return weeks(), {}, sens


def _case_models(cm: pd.DataFrame, reference: str | None, pressure: bool,
                 formula: str | None, level: float) -> tuple[ComplexityModel, MixedModel]:
    """The GLM and the mixed model of the case-months, one family for both, chosen once by
    :func:`fit_complexity` (models/family.py); each empty, saying why, if not estimable.

    Their "not estimable" warnings come from ``fit_study``'s caller (``stacklevel=4``:
    :func:`_or_unavailable`, this step, ``fit_study``, its caller).
    """
    case_model = {"reference": reference, "pressure": pressure, "formula": formula,
                  "level": level}
    complexity = _or_unavailable(lambda: fit_complexity(cm, **case_model),
                                 ComplexityModel.unavailable,
                                 "the complexity model (multipliers of hours per case-month)",
                                 stacklevel=4)
    mixed = _or_unavailable(lambda: fit_mixed(cm, **case_model, **complexity.family_args(),
                                              design=complexity.design),  # built once
                            MixedModel.unavailable,
                            "the mixed model (how much workers differ)", stacklevel=4)
    return complexity, mixed


def _regression(ww: pd.DataFrame, level: float) -> TaskRegression:
    """The task regression of ``fit_study``, or an empty one saying why it is not estimable."""
    return _or_unavailable(
        lambda: regress_full_hours(ww, level=level),
        lambda why: TaskRegression(_EMPTY_FE.drop(columns="p_value").assign(
            n_pieces=pd.Series(dtype=float)), "Full hours per piece of work by regression",
            (why,)), "the task regression (the cross-check of full hours per piece of work)")


def _set_aside(work: dict) -> dict:
    """Each piece of ``work`` done in turn, each with its own warnings and error kept
    (:func:`timestudy.stats.background.settled`), to be raised where ``fit_study`` takes it."""
    return {name: background.settled(fit) for name, fit in work.items()}


def _sensitivity_child(n_rows: int) -> bool | None:
    """Whether the sensitivity (and the fits set aside with it) goes to a forked child:
    ``TIMESTUDY_HELPER`` when set; else never above :data:`SENSITIVITY_CHILD_ROWS` used rows,
    and below it by the helpers' rule (None: ``fit_study`` asks whether a processor is free).

    Examples
    --------
    >>> _sensitivity_child(10**7) is not None  # ten million rows: never left to the rule
    True
    """
    forced = forking.forced()
    if forced is not None:
        return forced
    return None if n_rows <= SENSITIVITY_CHILD_ROWS else False


def __getattr__(name: str):
    """``observation_models`` imported on first use (a guide with cases never needs it)."""
    if name == "observation_models":
        from timestudy.models.observation import observation_models

        return observation_models
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
