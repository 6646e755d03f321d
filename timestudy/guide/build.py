"""The time guide: what a study found, with provenance, ready to publish.

:func:`build_guide` turns fitted :class:`~timestudy.models.StudyModels` into a
:class:`TimeGuide`: time per task, hours per case-month by case type with
relative weights and complexity multipliers, hours available per FTE, the
share of time by category, and "is versus should" uplifts with their source.
Figures from fewer than ``min_workers`` workers are suppressed, and the guide
holds no free text and no identifiers, so it can be published as it is.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.disclose import effective_workers, too_few, worker_weights
from timestudy._lib.rounding import fixed
from timestudy._lib.version import __version__
from timestudy.errors import TimestudyWarning
from timestudy.guide.adjustments import Adjustments, apply_uplifts, with_non_case_uplift
from timestudy.guide.diary import (
    case_time,
    completeness_summary,
    completeness_weeks,
    definitions,
    publish_sensitivity,
)
from timestudy.guide.disclosure import (
    CASE_ROW,
    TASK_ROW,
    Suppressed,
    _cols,
    _fewer,
    in_proceedings,
    proceedings_workers,
    suppress_case_types,
    suppress_multipliers,
    suppress_tasks,
)
from timestudy.guide.estimates import (
    category_shares,
    fingerprint,
    met_visiting_standard,
    task_case_effective,
    task_case_hours,
    task_case_workers,
)
from timestudy.guide.matrix_disclosure import MatrixProtection
from timestudy.guide.timeguide import TimeGuide
from timestudy.guide.totals import protect_out_of_hours, protect_shares
from timestudy.models import StudyModels, estimate_case_weights
from timestudy.models.per_fte_week import fte_week_weights
from timestudy.panels.survey_weights import weights_differ
from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS, bank_holidays


def _with_ci(frame: pd.DataFrame, name: str, est: str, lo: str, hi: str) -> pd.DataFrame:
    return pd.DataFrame({name: frame[est], f"{name}_ci_low": frame[lo],
                         f"{name}_ci_high": frame[hi]})


def build_guide(
    models: StudyModels,
    *,
    adjustments: Adjustments | str | Path | None = None,
    min_workers: int = 5,
    met_standard_only: bool = False,
    standards: dict[str, int] | None = None,
    taxonomy: str = "",
    n_episodes: int | None = None,
    data_fingerprint: str = "",
) -> TimeGuide:
    """Build the time guide from fitted study models.

    Parameters
    ----------
    models : StudyModels
        Output of :func:`timestudy.models.fit_study`.
    adjustments : Adjustments or path, optional
        "Is versus should" uplifts (YAML file or object), kept with their provenance.
    min_workers : int
        Disclosure control: figures from fewer workers are suppressed (default 5).
    met_standard_only : bool
        Estimate case weights only from cases that met their visiting standard
        (see :func:`met_visiting_standard`): a "should" view that does not rely
        on uplifts.
    taxonomy, n_episodes, data_fingerprint
        Provenance recorded in ``meta``.

    Returns
    -------
    TimeGuide

    Examples
    --------
    >>> from timestudy import build_guide
    >>> from timestudy.examples import example_run
    >>> guide = build_guide(example_run().models)
    >>> bool(guide.case_types.loc["CP", "relative_weight"] > 1)
    True
    """
    if isinstance(adjustments, str | Path):
        adjustments = Adjustments.from_yaml(adjustments)
    opts = models.options
    boot = {"n_boot": opts.get("n_boot", 999), "seed": opts.get("seed", 0),
            "level": opts.get("level", 0.95)}
    pieces = models.pieces
    tasks, negative = _task_table(models)

    cm = models.case_month
    if met_standard_only:
        ok = met_visiting_standard(models, standards)
        cm = cm.loc[cm["case_id"].map(ok).fillna(False).astype(bool)]
    # The case weights fit_study made are those of these cases: fitted again only for a subset
    # (an observation study has no cases, and no case weights).
    cw = (estimate_case_weights(cm, pieces, reference=models.case_weights.reference, **boot).table
          if met_standard_only and not cm.empty else models.case_weights.table)
    case_types = cw[["n_cases", "n_workers", "case_months", "hours_per_case_month",
                     "hours_per_case_month_ci_low", "hours_per_case_month_ci_high",
                     "event_hours_per_case_month", "event_hours_per_case_month_ci_low",
                     "event_hours_per_case_month_ci_high", "relative_weight",
                     "relative_weight_ci_low", "relative_weight_ci_high"]].copy()
    case_types, survey = _in_effect(case_types, cm)
    # Task x case type matrices from the same cases as the weights, every task a column.
    columns = tasks.index
    tch = task_case_hours(models, case_month=cm, totals=cw["hours_per_case_month"])
    tch = tch.reindex(columns=columns.union(tch.columns, sort=False), fill_value=0.0)
    direct = task_case_hours(models, "direct_min", case_month=cm)
    direct = direct.reindex(columns=columns.union(direct.columns, sort=False), fill_value=0.0)
    tasks, case_types = apply_uplifts(tasks, case_types, tch, adjustments)

    reference = models.case_weights.reference
    measured = tasks
    tasks, sup_t = suppress_tasks(tasks, pieces, min_workers)
    sup_t += negative
    case_types, sup_c = suppress_case_types(
        case_types, reference, min_workers, cm.groupby("case_type")["worker_id"].agg(set),
        survey)
    available = models.available.table.copy()
    shares, tasks, sup_s = protect_shares(
        category_shares(models, **boot), tasks,
        float(available.loc["hours_worked_per_fte_week", "estimate"]), min_workers,
        float(available.loc["non_case_hours_per_fte_week", "estimate"]), measured, pieces)
    available, sup_a = protect_out_of_hours(available, shares, sup_s)
    multipliers, sup_m = suppress_multipliers(models.complexity.table, case_types, reference,
                                               proceedings_workers(models.case_month),
                                               min_workers, _proceedings_effective(models))
    small_c = {s.key for s in sup_c if s.table == "case_types"}
    small_t = {s.key for s in sup_t + sup_s if s.table == "tasks"}
    workers = (task_case_workers(models, case_month=cm),
               task_case_workers(models, "direct_min", case_month=cm))
    shown = tasks.index[tasks[["hours_per_fte_week", "non_case_hours_per_fte_week"]].notna()
                        .all(axis=1)]
    columns = (cm.groupby("case_type")["case_months"].sum(), set(shown))
    effective = (task_case_effective(models, case_month=cm),
                 task_case_effective(models, "direct_min", case_month=cm))
    protection = MatrixProtection(tch, direct, *workers, min_workers, frozenset(small_c),
                                  frozenset(small_t), columns,
                                  None if effective[0] is None else effective)
    tch_pub, direct_pub, case_types, sup_h = protection.publish(case_types, adjustments)
    weeks, sup_w = completeness_weeks(_days(models), min_workers)
    suppressed = sup_t + sup_c + sup_s + sup_a + sup_m + sup_h + sup_w
    few_all, more = _withhold_few(models, min_workers, available, (shares, multipliers),
                                  (tasks, case_types), (tch_pub, direct_pub))
    suppressed += more
    available, note = with_non_case_uplift(available, tasks, adjustments)
    if note:  # said wherever a guide is built with them
        warnings.warn(note, TimestudyWarning, stacklevel=2)
    tasks, case_types, shares = (f.drop(columns=[c for c in f if c.endswith("_effective")])
                                 for f in (tasks, case_types, shares))  # not published
    meta = _meta(models, int(models.worker_week["worker_id"].nunique()), min_workers,
                 met_standard_only, taxonomy, n_episodes, data_fingerprint, small_c,
                 not few_all)
    return TimeGuide(meta, tasks, case_types, multipliers, available, shares, tch_pub,
                     direct_pub, adjustments, suppressed, _task_case_hours_unsuppressed=tch,
                     _protection=protection,
                     completeness=weeks,
                     sensitivity=publish_sensitivity(models.sensitivity, suppressed))


def _meta(models: StudyModels, n_workers: int, min_workers: int, met_standard_only: bool,
          taxonomy: str, n_episodes: int | None, data_fingerprint: str, withheld: set,
          enough: bool) -> dict:
    """The guide's provenance, assumptions and definitions (the case time without the case
    types withheld, none when the workers are too few: ``enough`` False)."""
    opts = models.options
    return {
        "version": __version__,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_fingerprint": data_fingerprint or fingerprint(models.pieces[
            ["direct_min", "full_min"]]),
        "n_workers": n_workers,
        "n_episodes": int(n_episodes) if n_episodes is not None else None,
        "n_cases": int(models.case_month[  # a case listed once per period counts once
            "case_listed_as" if "case_listed_as" in models.case_month else "case_id"].nunique()),
        "period": [str(models.period[0].date()), str(models.period[1].date())],
        "taxonomy": taxonomy,
        "min_workers": min_workers,
        "level": opts.get("level", 0.95),
        "n_boot": opts.get("n_boot", 999),
        "reference_case_type": models.case_weights.reference,
        "met_standard_only": met_standard_only,
        "working_hours": [opts.get("work_start", "08:00"), opts.get("work_end", "18:00")],
        **_model_meta(models, enough),
        "available_assumptions": models.available.assumptions,
        "bank_holiday_dates": _holiday_list((opts.get("diary") or {}).get(
            "holidays", DEFAULT_BANK_HOLIDAYS)),
        "pieces": opts.get("pieces"),
        "completeness": completeness_summary(_days(models), min_workers),
        "case_time": (case_time(models.case_month, withheld, models.pieces, min_workers)
                      if enough else None),
        "definitions": definitions(opts.get("pieces") or {}, opts.get("diary") or {},
                                   models.task_times.table),
    }


def _withhold_few(models: StudyModels, min_workers: int, available: pd.DataFrame,
                  frames: tuple, rows: tuple, matrices: tuple) -> tuple[bool, list]:
    """Withhold, in place, the hours available when the case-holding workers are too few
    (by head or in effect), or every figure when the study's workers are: each figure
    rests on some of them. Then ``available`` and ``frames`` (shares, multipliers) lose
    every number but their counts, ``rows`` (tasks, case types) every figure a withheld
    row loses, ``matrices`` every cell but zeros (no piece of work), as when each is
    withheld for its own workers. Returns whether everything went, and the records."""
    n_workers = int(models.worker_week["worker_id"].nunique())
    n_effective, holders_effective = _study_effective(models)
    holders = int(models.available.assumptions.get("case_holding_workers", n_workers))
    if not too_few(n_workers, min_workers, n_effective):
        if not too_few(holders, min_workers, holders_effective):
            return False, []
        # the hours available rest on the case-holders
        available[available.select_dtypes("number").columns] = np.nan
        return False, [Suppressed("available", "*", _fewer(min_workers, holders,
                                                           "case-holding workers"))]
    for frame in (available, *frames):
        frame[[c for c in frame.select_dtypes("number").columns
               if not c.startswith("n_")]] = np.nan
    for frame, row in zip(rows, (TASK_ROW, CASE_ROW), strict=True):
        frame[_cols(frame, *row)] = np.nan
    for m in matrices:
        m[m.columns] = m.mask(m.fillna(0) != 0)
    return True, [Suppressed("all", "*", _fewer(min_workers, n_workers,
                                                n_effective=n_effective))]


def _in_effect(case_types: pd.DataFrame, cm: pd.DataFrame
               ) -> tuple[pd.DataFrame, pd.Series | None]:
    """The case types with their workers in effect (``n_workers_effective``, for
    disclosure control only) and each worker's survey weight, when the case-months'
    weights differ; else the case types as they are and None."""
    if not weights_differ(cm):
        return case_types, None
    eff = effective_workers(cm["worker_id"], cm["weight"], by=cm["case_type"])
    return (case_types.assign(n_workers_effective=eff.reindex(case_types.index)),
            worker_weights(cm["worker_id"], cm["weight"]))


def _study_effective(models: StudyModels) -> tuple[float | None, float | None]:
    """The study's workers and its case-holding workers in effect under their survey
    weights (None, None with weights all the same): the guide as a whole rests on every
    worker, the hours available on the case-holders (:func:`available_time` counts them)."""
    ww = models.worker_week
    if not weights_differ(ww):
        return None, None
    return (effective_workers(ww["worker_id"], ww["weight"]),
            getattr(models.available, "holders_effective", None))


def _proceedings_effective(models: StudyModels) -> float | None:
    """The workers holding cases in proceedings in effect (None: weights all the same)."""
    cm = models.case_month
    if "in_proceedings" not in cm or not weights_differ(cm):
        return None
    inside = in_proceedings(cm)
    return effective_workers(cm.loc[inside, "worker_id"], cm.loc[inside, "weight"])


def _holiday_list(which) -> str | list[str]:
    """The bank holidays the diary's days were read with: a list's name, or its dates."""
    if which is None or isinstance(which, str):
        return "none" if which is None else which.strip().lower()
    return [f"{d:%Y-%m-%d}" for d in bank_holidays(which)]


def _task_table(models: StudyModels) -> tuple[pd.DataFrame, list]:
    """Time per piece of work with the regression cross-check, and whether the two disagree.

    The figures per piece are the models' task times (travel and case notes over their
    pieces of their own: :mod:`timestudy.panels.own_pieces`); ``hours_per_fte_week`` is all
    of a task's time, claimed or not: it is time, not pieces, and the category shares add
    up from it. ``estimates_disagree`` is True when the full hours by attribution and by
    regression have intervals that do not overlap. A negative regression estimate is
    no time at all: it is not published (never an estimate outside its interval bounded
    at zero), and the record says what it was.
    """
    tt = models.task_times.table  # travel and notes over their pieces of their own
    reg = models.task_regression.table.reindex(tt.index)
    below = reg.index[reg["estimate"] < 0]
    notes = [Suppressed("tasks.full_hours_regression", str(k),
                        f"the regression estimate is negative ({fixed(r['estimate'], 2)} h, "
                        f"interval {fixed(r['ci_low'], 2)} to {fixed(r['ci_high'], 2)}): a time cannot be, so this "
                        "cross-check says nothing about the task")
             for k, r in reg.loc[below].iterrows()]
    reg.loc[below, ["estimate", "ci_low", "ci_high"]] = np.nan
    tasks = pd.concat([
        tt[["category"]],
        _with_ci(tt, "direct_minutes", "direct_min", "direct_min_ci_low", "direct_min_ci_high"),
        _with_ci(tt, "full_hours", "full_hours", "full_hours_ci_low", "full_hours_ci_high"),
        # a time cannot be negative: the regression's interval is bounded at zero
        _with_ci(reg.assign(ci_low=lambda r: r["ci_low"].clip(lower=0)),
                 "full_hours_regression", "estimate", "ci_low", "ci_high"),
        _with_ci(tt, "sittings_per_piece", "sittings_per_piece", "sittings_per_piece_ci_low",
                 "sittings_per_piece_ci_high"),
        tt[["n_pieces", "n_workers", "n_censored"]],
    ], axis=1)
    if "edges_allowed_for" in tt:
        tasks["edges_allowed_for"] = tt["edges_allowed_for"].astype(bool)
    tasks["n_workers_primary"] = _workers_primary(tt, models.pieces).reindex(
        tasks.index).fillna(0).astype(int)
    if weights_differ(models.pieces):  # the same workers in effect (disclosure only)
        p = models.pieces
        tasks["n_workers_effective"] = effective_workers(
            p["worker_id"], p["weight"], by=p["task_type"]).reindex(tasks.index)
        q = p.loc[p["primary"].to_numpy(bool)]
        tasks["n_workers_primary_effective"] = effective_workers(
            q["worker_id"], q["weight"], by=q["task_type"]).reindex(tasks.index)
    # weighed as the hours available are (fte_week_weights: the survey weight), so that
    # the tasks' parts add up to its non-case and case hours per FTE-week
    pieces, ww = models.pieces, models.worker_week
    fte_weeks = float((ww["fte_weeks"].to_numpy(float) * fte_week_weights(ww)).sum())
    minutes = pd.Series(pieces["direct_min"].to_numpy(float) * fte_week_weights(pieces),
                        index=pieces.index)
    hours = minutes.groupby(pieces["task_type"]).sum() / 60
    tasks["hours_per_fte_week"] = (hours / fte_weeks).reindex(tasks.index)
    off = pieces["case_id"].isna()
    non_case = minutes[off].groupby(pieces.loc[off, "task_type"]).sum() / 60
    tasks["non_case_hours_per_fte_week"] = (non_case / fte_weeks).reindex(tasks.index).fillna(0.0)
    apart = ((tasks["full_hours_ci_high"] < tasks["full_hours_regression_ci_low"])
             | (tasks["full_hours_regression_ci_high"] < tasks["full_hours_ci_low"]))
    tasks["estimates_disagree"] = apart.where(
        tasks[["full_hours_ci_low", "full_hours_regression_ci_low"]].notna().all(axis=1))
    return tasks, notes


def _days(models: StudyModels) -> pd.DataFrame:
    """The completeness of each worker-day (an empty table for models without it)."""
    if models.days is not None:
        return models.days
    return pd.DataFrame(columns=["worker_id", "diary_date", "week_start", "status"])


def _model_meta(models: StudyModels, publish: bool) -> dict:
    """Family, engines and variance components of the case models for ``meta``.

    The between-worker variance is an estimate too: null below ``min_workers``.
    """
    cx, mx = models.complexity, models.mixed
    v = mx.variance or {}
    choice = cx.choice
    interval = choice.power_interval(models.options.get("level", 0.95)) if choice else None

    def num(x):
        return _rounded(x) if publish and x is not None and np.isfinite(x) else None

    return {
        "complexity_family": cx.family or None,
        "complexity_power": _rounded(cx.power),
        "complexity_power_interval": [_rounded(x) for x in interval] if interval else None,
        "complexity_family_rule": choice.reason if choice else None,
        "complexity_interval": {"CR2": "CR2 (Bell-McCaffrey) with Satterthwaite df",
                                "CR1": "CR1 with t(workers - 1)",
                                "wild": "wild cluster bootstrap-t"}.get(cx.interval),
        "sandwich_bread": "expected information" if cx.interval else None,
        "mixed_model": ({"glmm": f"GLMM, {mx.family}, log link, worker random intercept",
                         "lmm": "Gaussian LMM, worker random intercept"}.get(mx.kind)),
        "between_worker_variance": num(v.get("between_worker")),
        "between_worker_variance_interval": (
            [num(v.get("between_worker_ci_low")), num(v.get("between_worker_ci_high"))]
            if publish and v.get("between_worker") is not None else None),
        "between_worker_scale": v.get("scale"),
        "engines": {
            "tasks": "timestudy ratio estimators with a worker-cluster bootstrap",
            "tasks.full_hours_regression": ("timestudy.stats.wls_fit (statsmodels WLS's "
                                            "pseudo-inverse, equal to the bit) with CR2 "
                                            "cluster-robust errors"),
            "case_types": "timestudy ratio estimators with a worker-cluster bootstrap",
            "multipliers": cx.engine or None,
            "between_worker_variance": mx.engine or None,
            "available_hours": "timestudy ratio estimators with a worker-cluster bootstrap",
            "category_shares": "timestudy ratio estimators with a worker-cluster bootstrap",
        },
    }


def _rounded(value, digits: int = 4):
    """An estimate published to ``digits`` significant figures: a fit polished to a tolerance
    gives the same published value on every run (and every machine)."""
    return None if value is None else float(f"{float(value):.{digits}g}")


def _workers_primary(tt: pd.DataFrame, pieces: pd.DataFrame) -> pd.Series:
    """Workers with pieces of full time of each task (``n_workers_primary`` of the models
    when they give it, else counted from the pieces)."""
    if "n_workers_primary" in tt:
        return tt["n_workers_primary"]
    return pieces.loc[pieces["primary"]].groupby("task_type")["worker_id"].nunique()
