"""The :class:`TimeGuide`: a study's published figures, with provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from timestudy.guide.adjustments import Adjustments
from timestudy.guide.carried import PRIVATE_TABLES, given_back, matrices_fit
from timestudy.guide.counts import (
    PUBLISHED_BY,
    measured_counts,
    publish_table,
    published_already,
    published_by,
)
from timestudy.guide.disclosure import Suppressed, reasons, withheld_counts
from timestudy.guide.matrix_disclosure import MatrixProtection
from timestudy.guide.per_fte import PerFteFigures, cases_per_month, kept_figures
from timestudy.guide.serialise import guide_to_dict
from timestudy.guide.thresholds import check_threshold, noted_thresholds, withheld_at
from timestudy.results import Result, Section

#: The guide's tables with counts of workers, pieces or cases (:func:`~timestudy.guide.counts.published_counts`).
COUNTED_TABLES = ("tasks", "case_types", "category_shares")
#: The tables a guide notes in ``_tables``: those with private state beside them, and the
#: hours available (the figures read back rest on it: :mod:`timestudy.guide.per_fte`).
NOTED_TABLES = (*PRIVATE_TABLES, "available")

__all__ = ["COUNTED_TABLES", "TimeGuide", "cases_per_month", "withheld_sentence"]


@dataclass(frozen=True, repr=False)
class TimeGuide(Result, PerFteFigures):
    """An evidence-based time guide: hours per task, per case and per worker.

    Attributes
    ----------
    meta : dict
        Version, creation time, data fingerprint, workers, episodes, period,
        taxonomy, disclosure threshold, confidence level.
    tasks : DataFrame
        Time per piece of work by task type: category, ``direct_minutes``,
        ``full_hours``, ``full_hours_regression``, ``sittings_per_piece`` (each
        with ``_ci_low``/``_ci_high``), ``estimates_disagree`` (the two full hours'
        intervals do not overlap), ``n_pieces`` (for travel and case notes, the pieces no
        other piece claims, whose minutes no piece took are their time per piece:
        :mod:`timestudy.panels.own_pieces`), ``n_workers``, ``n_censored``
        (pieces cut by the diary's edges), ``n_workers_primary`` (workers with
        pieces of full time of their own, behind ``full_hours``), ``uplift``,
        ``full_hours_should``, ``hours_per_fte_week`` (direct hours of the task
        per FTE-week) and ``non_case_hours_per_fte_week`` (the part of them
        recorded without a case). Every count is as guide.json publishes it (the one
        rule, :func:`~timestudy.guide.counts.published_counts`): NaN where guide.json
        has null, the workers' words beside in ``n_workers_words`` and
        ``n_workers_primary_words`` ("fewer than 5 of 10"); so are the counts of
        ``case_types`` and ``category_shares``. The counts measured are internal
        (:meth:`_unsuppressed_counts`, never to be shown).
    case_types : DataFrame
        By case type: ``hours_per_case_month``, ``event_hours_per_case_month``,
        ``relative_weight`` (with intervals), ``n_cases``, ``n_workers``,
        ``uplift``, ``hours_per_case_month_should``.
    multipliers : DataFrame
        Complexity multipliers of the GLM with intervals.
    available : DataFrame
        Hours per FTE-week and per FTE-year, with the assumptions in ``meta``.
    category_shares : DataFrame
        Share of worked time by category (and out of hours).
    task_case_hours : DataFrame
        Case type x task type full hours per case-month, as published: a cell
        from fewer than ``min_workers`` workers is NaN (suppressed).
    task_case_direct : DataFrame
        Case type x task type direct hours per case-month (for scenarios), as
        published (suppressed cells NaN).
    adjustments : Adjustments or None
    suppressed : list of Suppressed
        What was suppressed and why: ``table`` is ``tasks`` or ``case_types``
        for a whole row, ``tasks.full_hours``, ``case_types.relative_weight``,
        ``multipliers``, ``task_case_hours``... for single figures.
    completeness : DataFrame
        Worker-days complete, partial, missing, absent and extra by week, with the
        shares complete and missing (a week from fewer than ``min_workers``
        workers withheld); the distribution by worker is ``meta["completeness"]``.
    sensitivity : DataFrame
        Time per piece under other linking windows and attribution gaps (see
        :func:`timestudy.models.pieces_sensitivity`).
    _task_case_hours_unsuppressed : DataFrame or None
        The full hours matrix before suppression, kept in memory only (never
        written to JSON) so that :func:`with_adjustments` gives the same uplifts
        as :func:`build_guide`. None for a guide read from JSON.
    _protection : MatrixProtection or None
        What publishing the task x case type matrices needs (in memory only), so that
        :func:`with_adjustments` protects other uplifts as :func:`build_guide` does.
        None for a guide read from JSON.
        Both are kept only beside the tables they were measured for (a table given
        back as it was, or changed by :meth:`derive` while each case type's hours per
        case-month is its row's total): None for a guide read from JSON, a calibrated
        guide, or one given another study's tables (:mod:`timestudy.guide.carried`).
    _read_at : int or None
        The ``min_workers`` of the guide.json the guide was read from (None for one built):
        it is not published at a higher one
        (:func:`~timestudy.guide.thresholds.check_threshold`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy import TimeGuide, run_study, simulate_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> guide.meta["n_workers"], guide.case_types.index.tolist()
    (8, ['CIN', 'CLA', 'CP', 'PROCEEDINGS'])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "guide.json"
    >>> _ = guide.to_json(path)  # also returns the text
    >>> TimeGuide.from_json(path).case_types.index.tolist()
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    """

    meta: dict
    tasks: pd.DataFrame
    case_types: pd.DataFrame
    multipliers: pd.DataFrame
    available: pd.DataFrame
    category_shares: pd.DataFrame
    task_case_hours: pd.DataFrame
    task_case_direct: pd.DataFrame
    adjustments: Adjustments | None = None
    suppressed: list[Suppressed] = field(default_factory=list)
    _task_case_hours_unsuppressed: pd.DataFrame | None = field(default=None, repr=False,
                                                               compare=False)
    _protection: MatrixProtection | None = field(default=None, repr=False, compare=False)
    completeness: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)
    _measured_counts: dict | None = field(default=None, repr=False, compare=False)
    _read_figures: dict | None = field(default=None, repr=False, compare=False)
    _tables: dict | None = field(default=None, repr=False, compare=False)
    _derived: bool = field(default=False, repr=False, compare=False)
    _read_at: int | None = field(default=None, repr=False, compare=False)

    title = "Time guide"

    def __post_init__(self):
        """The tables' counts as guide.json publishes them (:func:`~timestudy.guide.counts.published_counts`, the
        one rule), whatever they were given with; what is kept in memory only (the counts
        measured, behind :meth:`_unsuppressed_counts`, and the matrices before disclosure
        control) only beside the tables it was measured for (:mod:`timestudy.guide.carried`):
        a table given back as it was, or changed by :meth:`derive`. A table given back as
        it was published (:func:`~timestudy.guide.counts.published_already`) is kept with
        its counts measured as they are: publishing it again gives it back."""
        check_threshold(self)  # a guide read back: not above the threshold it was read at
        same = given_back(self)
        object.__setattr__(self, "_read_figures",
                           kept_figures(self._read_figures, self._tables, self))
        carried = self._measured_counts or {}
        measured = {}
        for name in COUNTED_TABLES:
            table = getattr(self, name)
            if published_already(self, name):
                shown, counts = table, carried.get(name)
            else:
                mine = carried.get(name) if self._derived or same[name] else None
                shown = publish_table(self, name)  # published once: measured beside it
                counts = measured_counts(self, name, table, mine, shown)
            if counts is not None:
                measured[name] = counts
            object.__setattr__(self, name, shown)
        object.__setattr__(self, "_measured_counts", measured or None)
        own = self._derived or all(same[n] for n in ("case_types", "task_case_hours",
                                                     "task_case_direct"))
        if not (own and matrices_fit(self.case_types, self._task_case_hours_unsuppressed,
                                     self.task_case_hours)):
            object.__setattr__(self, "_task_case_hours_unsuppressed", None)
            object.__setattr__(self, "_protection", None)
        object.__setattr__(self, "_derived", False)
        object.__setattr__(self, "_tables", {n: getattr(self, n) for n in NOTED_TABLES}
                           | {PUBLISHED_BY: (published_by(self),)} | noted_thresholds(self))

    def derive(self, **changes) -> TimeGuide:
        """This guide with ``changes`` (fields of :class:`TimeGuide`) whose tables are still
        this study's rows with other figures (other uplifts, pooled figures, a case type
        with no cost added): the one way a guide is made from another that keeps what it
        holds in memory only where it still fits (:mod:`timestudy.guide.carried`). A table
        put in by ``dataclasses.replace`` keeps none of it.

        Examples
        --------
        >>> from timestudy import simulate_study, run_study
        >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
        >>> g = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
        >>> g.derive(meta=g.meta | {"note": "x"})._protection is not None  # same hours
        True
        >>> ct = g.case_types.assign(hours_per_case_month=g.case_types["hours_per_case_month"] * 2)
        >>> g.derive(case_types=ct)._protection is None  # its matrices no longer add up
        True
        """
        return replace(self, _derived=True, **changes)

    def _unsuppressed_counts(self, table: str) -> pd.DataFrame | None:
        """INTERNAL, NOT PUBLISHABLE: the counts of ``table`` (``tasks``, ``case_types``,
        ``category_shares``) as measured, before the count rule withheld any (a count
        under ``min_workers`` among them). None for a guide read from JSON, or when the
        rule withheld none. Never show or write these: the tables are the published
        guide."""
        return (self._measured_counts or {}).get(table)

    def to_frame(self) -> pd.DataFrame:
        """The case weights table (the guide's headline), a copy."""
        return self.case_types.copy()

    def summary(self) -> pd.DataFrame:
        """Headline figures: case weights and time available.

        Indexed by ``measure`` (``hours per case-month: <case type>``, hours worked
        and available per FTE-week, available per FTE-year), with ``estimate``,
        ``ci_low`` and ``ci_high``.
        """
        ct = self.case_types
        rows = [(f"hours per case-month: {k}", ct.loc[k, "hours_per_case_month"],
                 ct.loc[k, "hours_per_case_month_ci_low"], ct.loc[k, "hours_per_case_month_ci_high"])
                for k in ct.index]
        av = self.available
        for m in ("hours_worked_per_fte_week", "available_case_hours_per_fte_week",
                  "available_case_hours_per_fte_year"):
            rows.append((m.replace("_", " "), *av.loc[m, ["estimate", "ci_low", "ci_high"]]))
        return pd.DataFrame(rows, columns=["measure", "estimate", "ci_low", "ci_high"]).set_index(
            "measure")

    def plot(self, ax=None):
        """Hours per case-month by case type with intervals; returns the Axes."""
        from timestudy.plots import case_weights_plot

        return case_weights_plot(self.case_types, ax=ax)

    def _lead(self) -> list[str]:
        m = self.meta
        episodes = "" if m.get("n_episodes") is None else f"{m['n_episodes']:,} episodes, "
        lead = [f"{m['n_workers']} workers, {episodes}{m['period'][0]} to "
                f"{m['period'][1]}; {int(m['level'] * 100)}% intervals."]
        if self.adjustments:
            lead.append(f"Should-figures use uplifts from {self.adjustments.source} "
                        f"({self.adjustments.method}).")
        if self.suppressed:
            lead.append(withheld_sentence(self.suppressed, withheld_at(self)))
        return lead

    def _sections(self) -> list[Section]:
        """The guide's tables in full (in HTML and Markdown)."""
        return [
            Section("Hours per case-month", table=self.case_types, detail=True),
            Section("Time available", table=self.available, digits=1, detail=True),
            Section("Time per piece of work", table=self.tasks, detail=True),
            Section("Complexity multipliers", table=self.multipliers, digits=3, detail=True),
        ]

    # ---------------------------------------------------------------- serialise
    def to_dict(self) -> dict:
        """The guide as JSON-ready data (see ``data_schema/guide.json``); refused at a
        ``min_workers`` above the one its tables were published at, however ``meta`` came
        to say it (:func:`~timestudy.guide.thresholds.check_threshold`)."""
        check_threshold(self)  # meta is a dict: changed in place it was not checked
        return guide_to_dict(self)

    def to_json(self, path: str | Path | None = None) -> str:
        """Write (or return) the guide as JSON."""
        text = json.dumps(self.to_dict(), indent=2, allow_nan=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, raw: dict, source: str = "guide.json") -> TimeGuide:
        """A guide from :meth:`to_dict` output."""
        from timestudy.guide.deserialise import guide_fields  # reading a guide only

        return cls(**guide_fields(raw, source))

    @classmethod
    def from_json(cls, path: str | Path) -> TimeGuide:
        """Read a guide written by :meth:`to_json`, checked against ``data_schema/guide.json``."""
        from timestudy.guide.deserialise import read_guide_json  # reading a guide only

        return cls.from_dict(read_guide_json(path), source=str(path))

    # ---------------------------------------------------------------- suppression
    def reasons(self, *tables: str) -> dict[str, str]:
        """Key -> why, for the figures of ``tables`` withheld (``*``: the whole guide)."""
        return reasons(self.suppressed, *tables)


def withheld_sentence(suppressed: list[Suppressed], min_workers: int) -> str:
    """The summary's sentence on the figures withheld: those resting on too few workers and
    those withheld for another reason (most so that those cannot be worked back), counted
    from the same records as guide.json's ``suppressed`` (:func:`withheld_counts`).

    Examples
    --------
    The audit's guide (audit28): assessment write-up and the out-of-hours share from one
    worker, the case notes and the out-of-hours hours withheld to protect them:

    >>> s = [Suppressed("tasks", "assessment_writeup", "fewer than 5 workers"),
    ...      Suppressed("category_shares", "out_of_hours", "fewer than 5 workers"),
    ...      Suppressed("tasks", "case_notes", "secondary suppression: ..."),
    ...      Suppressed("available_hours", "out_of_hours_per_fte_week", "over the hours...")]
    >>> print(withheld_sentence(s, 5))
    4 figures withheld: 2 resting on fewer than 5 workers and 2 for other reasons, such as protecting those (each listed with its reason in suppressed).
    >>> print(withheld_sentence(s[:1], 5))
    1 figure withheld, resting on fewer than 5 workers (listed with its reason in suppressed).
    >>> print(withheld_sentence(s[2:], 5))
    2 figures withheld for other reasons (each listed with its reason in suppressed).
    """
    few, other = withheld_counts(suppressed)
    n = few + other
    head = f"{n:,} figure{'s' if n != 1 else ''} withheld"
    listed = f"({'each ' if n != 1 else ''}listed with its reason in suppressed)."
    reasons_ = "other reasons" if other != 1 else "another reason"
    if few and other:
        return (f"{head}: {few:,} resting on fewer than {min_workers} workers and {other:,} "
                f"for {reasons_}, such as protecting those {listed}")
    if few:
        return f"{head}, resting on fewer than {min_workers} workers {listed}"
    return f"{head} for {reasons_} {listed}"
