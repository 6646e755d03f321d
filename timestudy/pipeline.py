"""The whole study in one call: ingest, categorise, panels and models, guide."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from timestudy.categorise.coverage_report import CategoriseReport
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from timestudy.errors import SchemaError
from timestudy.guide import Adjustments, TimeGuide, build_guide, fingerprint
from timestudy.ingest.diary import IngestResult, read_cases, read_diary, read_workers
from timestudy.ingest.requirements import missing_for_guide
from timestudy.models import StudyModels, fit_study
from timestudy.results import Result, Section, part


@dataclass(frozen=True, repr=False)
class StudyRun(Result):
    """Everything a study run produced, stage by stage."""

    ingest: IngestResult
    episodes: pd.DataFrame
    coverage: CategoriseReport
    cases: pd.DataFrame
    workers: pd.DataFrame
    models: StudyModels
    guide: TimeGuide

    title = "Study run"

    def summary(self) -> pd.DataFrame:
        """The guide's headline figures."""
        return self.guide.summary()

    def _lead(self) -> list[str]:
        r = self.ingest.report
        return [f"{r.n_read} rows read, {r.n_accepted} accepted, {r.n_rejected} rejected, "
                f"{r.n_duplicates} duplicates; {self.coverage.share_minutes_categorised:.1%} of "
                "time categorised.", *self.guide._lead()]

    def _sections(self) -> list[Section]:
        """Each stage in full (in HTML and Markdown): ingest, coverage, the guide."""
        return [part(self.ingest), part(self.coverage), part(self.guide)]

    def plot(self, ax=None):
        """The guide's hours per case-month by case type (see :meth:`TimeGuide.plot`)."""
        return self.guide.plot(ax=ax)


def run_study(
    diary,
    cases,
    workers,
    *,
    mapping=None,
    layout: str | None = None,
    sheet: str | int | None = None,
    timezone: str | None = None,
    taxonomy=DEFAULT_TAXONOMY,
    adjustments: Adjustments | str | Path | None = None,
    min_workers: int = 5,
    n_boot: int = 999,
    seed: int | None = 0,
    weight: str | None = None,
    pressure: bool = False,
    progress: bool = False,
    **fit_options,
) -> StudyRun:
    """Run a study from diary, cases and workers to a time guide.

    Parameters
    ----------
    diary : path or DataFrame
        The time diary in any layout :func:`timestudy.read_diary` reads.
    cases, workers : path or DataFrame
        Cases and workers tables. ``cases=None`` is an observation study: the guide has
        task times, time budgets and available time, and no case weights.
    mapping, layout, sheet, timezone
        Passed to :func:`timestudy.read_diary`.
    taxonomy : str, path or Taxonomy
        How to categorise episodes (the shipped UK children's social work one by default).
    adjustments : path or Adjustments, optional
        "Is versus should" uplifts.
    min_workers : int
        Disclosure threshold of the guide.
    n_boot, seed, weight, pressure, **fit_options
        Passed to :func:`timestudy.models.fit_study`.
    progress : bool
        Show a progress bar over the stages.

    Returns
    -------
    StudyRun

    Raises
    ------
    SchemaError
        Before anything is estimated, when the diary lacks what the guide needs: what the
        time was spent on (``activity``, ``activity_code`` or ``task_type``) and, with cases,
        ``case_id``; one message names every missing column and its mapping key.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=12, weeks=2, seed=3)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=99)
    >>> run.ingest.report.n_rejected
    0
    >>> sorted(run.guide.case_types.index)
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """
    steps = tqdm(total=5, desc="study", disable=not progress, unit="stage")
    tax = load_taxonomy(taxonomy)
    steps.set_postfix_str("reading")
    cases_t = read_cases(cases) if cases is not None else None
    workers_t = read_workers(workers)
    ingest = read_diary(diary, mapping=mapping, layout=layout, cases=cases_t, workers=workers_t,
                        sheet=sheet, timezone=timezone, warn=False)
    missing = missing_for_guide(ingest.episodes, cases=cases_t is not None and len(cases_t) > 0)
    if missing:
        raise SchemaError("cannot build a guide from this diary: it has " + "; and ".join(
            missing) + "; nothing was written", source=ingest.report.source)
    steps.update()
    steps.set_postfix_str("categorising")
    episodes, report = categorise_and_report(ingest.episodes, tax)
    steps.update()
    steps.set_postfix_str("fitting models")
    if cases_t is None or cases_t.empty:  # an observation study: no case weights
        cases_t = _no_cases(episodes)
        models = observation_models(episodes, workers_t, n_boot=n_boot, seed=seed,
                                    weight=weight, **fit_options)
    else:
        models = fit_study(episodes, cases_t, workers_t, n_boot=n_boot, seed=seed,
                           weight=weight, pressure=pressure, **fit_options)
    steps.update(2)
    steps.set_postfix_str("building the guide")
    guide = build_guide(models, adjustments=adjustments, min_workers=min_workers,
                        taxonomy=tax.name, n_episodes=len(episodes),
                        data_fingerprint=fingerprint(episodes[["worker_id", "start",
                                                               "duration_min"]]))
    steps.update()
    steps.close()
    return StudyRun(ingest, episodes, report, cases_t, workers_t, models, guide)


def _no_cases(episodes: pd.DataFrame) -> pd.DataFrame:
    """An empty cases table (an observation study), and no episode tied to a case."""
    episodes["case_id"] = pd.Series(pd.NA, index=episodes.index, dtype="string")
    return read_cases(pd.DataFrame({"case_id": pd.Series(dtype="str"),
                                    "case_type": pd.Series(dtype="str"),
                                    "worker_id": pd.Series(dtype="str")}))


def observation_models(episodes, workers, *, n_boot=999, seed=0, weight=None, level=0.95,
                       available_options=None, day_options=None, **_) -> StudyModels:
    """The models of an observation study: task times, worker-weeks and available time, with
    empty case weights (there are no cases to weigh)."""
    from timestudy.models import (
        AvailableTime,
        CaseWeights,
        ComplexityModel,
        MixedModel,
        TaskRegression,
        available_time,
        estimate_task_times,
        regress_full_hours,
    )
    from timestudy.panels import study_period, task_instances, worker_week

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


def _without_case_split(available):
    from dataclasses import replace

    table = available.table.copy()
    rows = [r for r in CASE_SPLIT if r in table.index]
    table.loc[rows, :] = np.nan
    note = ("an observation study records no cases: time for casework cannot be told from "
            "other work, so the hours available for casework are not estimated")
    return replace(available, table=table, notes=(*available.notes, note))
