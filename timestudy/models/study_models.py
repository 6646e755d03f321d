"""The result of :func:`~timestudy.models.fit_study`: every estimate of a study, with the
panels they came from (:class:`StudyModels`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from timestudy.models.available import AvailableTime
from timestudy.models.cases import CaseWeights
from timestudy.models.compare import ModelComparison, compare_models
from timestudy.models.complexity import ComplexityModel
from timestudy.models.mixed import MixedModel
from timestudy.models.tasks import TaskRegression, TaskTimes
from timestudy.results import Result, Section, part

__all__ = ["StudyModels"]


@dataclass(frozen=True, repr=False)
class StudyModels(Result):
    """Every estimate of a study, with the panels they came from.

    Made by :func:`fit_study` (or :func:`observation_models`).

    Attributes
    ----------
    task_times : TaskTimes
    task_regression : TaskRegression
    case_weights : CaseWeights
    complexity : ComplexityModel
    mixed : MixedModel
    available : AvailableTime
        The estimates.
    pieces : DataFrame
        The pieces of work (:func:`~timestudy.panels.pieces_of_work`).
    worker_week, case_month : DataFrame
        The panels (:func:`~timestudy.panels.worker_week`,
        :func:`~timestudy.panels.case_month`).
    period : (Timestamp, Timestamp)
        The first and last diary day used.
    days : DataFrame, optional
        Each worker-day's completeness (:func:`~timestudy.panels.diary_completeness`).
    sensitivity : DataFrame, optional
        Time per piece under other linking windows and attribution gaps (None
        when not asked for).
    options : dict
        The options the models were fitted with.

    Examples
    --------
    >>> from timestudy import fit_study
    >>> from timestudy.examples import example_study
    >>> s = example_study()
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    >>> fit = fit_study(ep, s.cases, s.workers, n_boot=19, sensitivity=False)
    >>> type(fit).__name__, fit.worker_week["worker_id"].nunique()
    ('StudyModels', 8)
    >>> fit.summary().index[0]
    'hours per case-month: CIN'
    """

    title = "Study models"

    task_times: TaskTimes
    task_regression: TaskRegression
    case_weights: CaseWeights
    complexity: ComplexityModel
    mixed: MixedModel
    available: AvailableTime
    pieces: pd.DataFrame
    worker_week: pd.DataFrame
    case_month: pd.DataFrame
    period: tuple[pd.Timestamp, pd.Timestamp]
    days: pd.DataFrame | None = None
    sensitivity: pd.DataFrame | None = None
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
