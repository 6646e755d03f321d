"""From "is" to "should" with evidence: standards, a Delphi panel and a sufficiency survey.

:func:`should_evidence` gathers every "should" figure the evidence gives, for case
types (hours per case-month) and task types (time per piece):

========================  ======================================================
method                    figure
========================  ======================================================
``standards_events``      required pieces per case-month x measured hours per piece,
                          plus the measured time of unlisted work (Loughborough/FJC)
``standards_met``         hours per case-month of cases that met the standard (NCCD)
``delphi_events``         the panel's pieces per case-month x measured hours per piece
``delphi``                the panel's hours per case-month or minutes per piece
``survey``                1 + share lacking time x extra minutes / measured minutes
========================  ======================================================

Precedence picks one figure per item: by default standards, then Delphi, then the
survey (``precedence``). A Delphi item without consensus and a survey task with too
few respondents are shown but never picked. Where two figures for an item disagree
(their intervals do not overlap), both stay in the table with ``agrees = False``.
The picked figures become an :class:`~timestudy.guide.adjustments.Adjustments` whose
``evidence`` keeps every row, so the guide, report and workbook show how each
"should" figure was reached. The rule that picks it is :mod:`timestudy.guide.should_choice`
(its names importable from here).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.atomic import atomic_file
from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy.errors import EstimationWarning
from timestudy.guide.adjustments import Adjustments, non_case_note, non_case_uplifts
from timestudy.guide.counts import published_worker_counts
from timestudy.guide.should_choice import (
    DEFAULT_PRECEDENCE,
    EVIDENCE_COLUMNS,
    FAMILIES,
    UPLIFT_RANGE,
    choose,
    chosen_task_uplifts,
    method_order,
)
from timestudy.guide.should_sources import (
    delphi_rows,
    events_from_guide,
    events_rows,
    met_rows,
    survey_rows,
)
from timestudy.guide.should_unknown import say_unknown
from timestudy.guide.should_withheld import withhold_frame, withhold_rows
from timestudy.guide.timeguide import TimeGuide
from timestudy.models.delphi import DelphiPanel, delphi_rounds
from timestudy.models.should_events import EventsShould, should_by_events
from timestudy.models.standards import StandardsMet, standards_met
from timestudy.models.sufficiency import Sufficiency, sufficiency
from timestudy.results import Result, Section, TableResult, part
from timestudy.schema.standards import Standards, read_standards

__all__ = ["DEFAULT_PRECEDENCE", "EVIDENCE_COLUMNS", "FAMILIES", "UPLIFT_RANGE", "ShouldEvidence",
           "apply_evidence", "choose", "method_order", "published_worker_counts",
           "read_evidence", "should_evidence"]


@dataclass(frozen=True, repr=False)
class ShouldEvidence(Result):
    """Every "should" figure the evidence gives, which one was picked and why.

    Attributes
    ----------
    table : DataFrame
        One row per item and method (columns :data:`EVIDENCE_COLUMNS`): ``level``
        (``case_type`` or ``task_type``), ``item``, ``method``, ``unit``, ``is_value``,
        ``should_value`` with ``should_ci_low``/``_high``, ``uplift`` (should / is) with
        its interval, ``eligible``, ``chosen``, ``agrees`` (with the chosen figure),
        ``note`` and ``source``.
    precedence : tuple of str
    standards_met, events, survey, panel : results or None
        The evidence behind the rows.
    non_case : tuple of str
        Task types whose chosen uplift falls on non-case work: applied to the hours
        available for casework (:func:`~timestudy.guide.adjustments.non_case_uplifts`).
    min_workers, n_workers : int
        The guide's threshold and its workers: the counts of workers the display prints
        (``n_workers`` of the events, ``n_workers_met``...) are published as the guide
        publishes them (:func:`~timestudy.guide.counts.published_worker_counts`); the tables keep the numbers.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> run = example_run()
    >>> ev = should_evidence(run.guide, run.models, standards="england")
    >>> type(ev).__name__, ev.precedence
    ('ShouldEvidence', ('standards', 'delphi', 'survey'))
    >>> ev.summary()["method"].unique().tolist()
    ['standards_events']
    """

    table: pd.DataFrame
    precedence: tuple[str, ...]
    standards_met: StandardsMet | None = None
    events: EventsShould | None = None
    survey: Sufficiency | None = None
    panel: DelphiPanel | None = None
    non_case: tuple[str, ...] = ()
    min_workers: int = DEFAULT_MIN_WORKERS
    n_workers: int | None = None
    title = "Should from evidence"

    def summary(self) -> pd.DataFrame:
        """The chosen figure of each item (columns as ``table``)."""
        return self.table.loc[self.table["chosen"]].reset_index(drop=True)

    def _lead(self) -> list[str]:
        bad = self.table.loc[self.table["agrees"].eq(False)]
        out = [f"Precedence: {', '.join(self.precedence)}."]
        if len(bad):
            out.append("Sources disagree (intervals do not overlap) for "
                       + ", ".join(sorted(set(bad["item"]))) + ": both figures are shown.")
        note = non_case_note(list(self.non_case))
        return out + ([note] if note else [])

    def _notes(self) -> tuple[str, ...]:
        return ("uplift = should / is; a case type's uplift from evidence replaces the mix "
                "of its task uplifts.",)

    def _sections(self) -> list[Section]:
        parts = [part(TableResult(self.table, "Every figure considered"))]
        counted = [None if r is None else replace(r, **{name: published_worker_counts(
            getattr(r, name), self.n_workers, self.min_workers)})
            for r, name in ((self.standards_met, "by_type"), (self.events, "table"))]
        parts += [part(r) for r in (*counted, self.survey, self.panel) if r is not None]
        return parts

    def plot(self, ax=None):
        """Is and should hours per case-month of the chosen case-type figures."""
        from timestudy.plots.should import is_should_plot

        t = self.summary().loc[lambda f: f["level"] == "case_type"].set_index("item")
        return is_should_plot(pd.DataFrame({
            "is_hours_per_case_month": t["is_value"],
            "should_hours_per_case_month": t["should_value"],
            "should_hours_per_case_month_ci_low": t["should_ci_low"],
            "should_hours_per_case_month_ci_high": t["should_ci_high"]}), ax=ax)

    def adjustments(self, source: str | None = None, when: str | None = None) -> Adjustments:
        """The chosen uplifts as an adjustments object, every row kept as its evidence."""
        pick = self.summary()
        pick = pick.loc[pick["uplift"].between(*UPLIFT_RANGE)]  # chosen ones are (choose)
        tasks = pick.loc[pick["level"] == "task_type"]
        cases = pick.loc[pick["level"] == "case_type"]
        methods = list(dict.fromkeys(pick["method"]))
        sources = list(dict.fromkeys(s for s in pick["source"] if s))
        evidence = tuple({k: _plain(v) for k, v in r.items()}
                         for r in self.table.to_dict("records"))
        return Adjustments(
            source=source or "; ".join(sources) or "no evidence chosen",
            method="evidence: " + (", ".join(methods) or "none"),
            date=when or date.today().isoformat(),
            task_types={str(k): float(v) for k, v in zip(tasks["item"], tasks["uplift"],
                                                          strict=True)},  # not rounded:
            # the figures they give are the evidence's own (15 h of a panel, not 15.000246)
            notes=" ".join(filter(None, (
                f"Computed by timestudy should; precedence {', '.join(self.precedence)}.",
                non_case_note([t for t in self.non_case if t in set(tasks["item"])])))),
            case_type_totals={str(k): float(v) for k, v in zip(
                cases["item"], cases["uplift"], strict=True)},
            evidence=evidence)

    def to_yaml(self, path: str | Path, **kwargs) -> Path:
        """Write the adjustments file (atomically); returns its path."""
        import yaml

        head = ("# Is versus should uplifts computed from evidence by `timestudy should`.\n"
                "# Each figure considered is under evidence: with its method, interval and\n"
                "# source; chosen: true marks the one applied. Use with\n"
                "# `timestudy guide --adjustments THIS_FILE`.\n")
        text = head + yaml.safe_dump(self.adjustments(**kwargs).to_dict(), sort_keys=False,
                                     allow_unicode=True, width=100)
        with atomic_file(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return Path(path)


def _plain(v):
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        return None if not np.isfinite(v) else round(v, 4)
    return v


def _load(thing, reader):
    if thing is None or isinstance(thing, pd.DataFrame) and "item" in thing:
        return thing
    return reader(thing)


def read_evidence(standards=None, delphi=None, precedence=None) -> tuple:
    """The precedence's names checked and the standards and Delphi rounds read, as
    :func:`should_evidence` does first: the rule of each, also checked before a study's
    diary is read (:func:`timestudy.study.run.refuse_early`, ``timestudy should``).

    Returns
    -------
    (Standards or None, DataFrame or None)
        The standards (``"england"``: the shipped ones) and the Delphi rounds
        (:func:`timestudy.ingest.evidence.read_delphi`); a frame already read is kept.

    Examples
    --------
    >>> standards, delphi = read_evidence("england")
    >>> type(standards).__name__, delphi
    ('Standards', None)
    >>> read_evidence(precedence=["panel"])
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: precedence: 'panel' is not one of standards, delphi, survey or standards_events, standards_met, delphi_events, delphi, survey
    """
    method_order(precedence)  # checks the names
    if isinstance(standards, str) and standards.lower() == "england":
        standards = read_standards()
    elif isinstance(standards, str | Path):
        standards = read_standards(standards)
    from timestudy.ingest.evidence import read_delphi  # reading a file: its readers

    return standards, _load(delphi, read_delphi)


def should_evidence(guide: TimeGuide, models=None, *, standards: Standards | str | Path
                    | None = None, survey=None, delphi=None, precedence=None,
                    min_respondents: int = 5, band: float = 0.2, min_share: float = 0.7,
                    max_relative_iqr: float = 0.3) -> ShouldEvidence:
    """Gather, compare and choose the "should" figures the evidence gives.

    Parameters
    ----------
    guide : TimeGuide
        The "is" figures (:func:`build_guide`).
    models : StudyModels, optional
        The fitted models of the same study: standards met per case (NCCD) and should by
        events with a worker-cluster bootstrap. Without them, events use the guide's
        published figures (approximate intervals) and the NCCD figure is not available.
    standards : Standards or path, optional
        Practice standards (``"england"`` for the shipped default).
    survey, delphi : path or DataFrame, optional
        A sufficiency survey and a Delphi panel (``data_schema/survey.json``, ``delphi.json``).
    precedence : list of str, optional
        Families or methods in order (default standards, delphi, survey).
    min_respondents, band, min_share, max_relative_iqr
        Survey suppression and the Delphi consensus rule (``min_respondents`` is also the
        fewest experts a Delphi item needs for a consensus).

    Returns
    -------
    ShouldEvidence
        Every figure considered (one row per item and method), the chosen one of
        each item marked, with the evidence results behind them.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> from timestudy.schema import EXAMPLES
    >>> run = example_run()
    >>> ev = should_evidence(run.guide, run.models, standards="england",
    ...                      delphi=EXAMPLES / "delphi.csv")
    >>> sorted(set(ev.table["method"]))
    ['delphi', 'standards_events', 'standards_met']
    >>> bool(ev.adjustments().from_evidence)
    True
    """
    precedence = tuple(precedence or DEFAULT_PRECEDENCE)
    standards, delphi = read_evidence(standards, delphi, precedence)
    rows, met, events, suff, panel = [], None, None, None, None
    if delphi is not None:
        panel = delphi_rounds(delphi, band=band, min_share=min_share,
                              max_relative_iqr=max_relative_iqr, min_experts=min_respondents)
    if survey is not None:
        suff = sufficiency(survey, guide.tasks["full_hours"] * 60,
                           min_respondents=min_respondents,
                           n_boot=int(guide.meta.get("n_boot") or 999),
                           level=float(guide.meta.get("level") or 0.95))
        rows.append(survey_rows(guide, suff))
    # time per piece first: the chosen task uplifts scale the pieces of the event methods
    rows += delphi_rows(guide, panel, tasks_only=True) if panel else []
    up = chosen_task_uplifts(rows, precedence)
    if standards is not None and guide.case_types["hours_per_case_month"].notna().any():
        if models is not None and not models.case_month.empty:
            met = standards_met(models, standards)
            # the guide's own "is" figure, which the evidence rows divide by too
            events = should_by_events(models, standards, task_uplifts=up,
                                      is_hours=guide.case_types["hours_per_case_month"])
            rows.append(met_rows(guide, met, standards))
        else:
            events = events_from_guide(guide, standards, up)
        rows.append(events_rows(guide, events, standards, "standards_events", uplifts=up))
    if panel is not None:
        rows += delphi_rows(guide, panel, models, up, tasks_only=False)
    rows = [r for r in rows if len(r)]
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=EVIDENCE_COLUMNS)
    table = say_unknown(table, guide, standards)  # types the study does not have, said
    table = withhold_rows(table, guide)  # the guide's withholding, on every figure
    table = choose(table, precedence)[EVIDENCE_COLUMNS] if len(table) else table
    table, non_case = _say_non_case(table, guide)
    if met is not None:  # its tables are printed (should_evidence.md): as published
        met = replace(met, by_type=_published_met(met.by_type, guide))
    if events is not None:
        events = replace(events, table=withhold_frame(events.table, guide),
                         items=withhold_frame(events.items, guide))
    return ShouldEvidence(table, precedence, met, events, suff, panel, non_case,
                          int(guide.meta.get("min_workers") or DEFAULT_MIN_WORKERS),
                          guide.meta.get("n_workers"))


def _say_non_case(table: pd.DataFrame, guide: TimeGuide) -> tuple[pd.DataFrame, tuple]:
    """The chosen task uplifts that fall on non-case work, each row saying it is applied
    to the hours available."""
    if table.empty:
        return table, ()
    pick = table.loc[table["chosen"].astype(bool) & (table["level"] == "task_type")
                     & table["uplift"].between(*UPLIFT_RANGE)]
    names = non_case_uplifts(guide.tasks, dict(zip(pick["item"], pick["uplift"],
                                                   strict=True)))
    if not names:
        return table, ()
    table = table.copy()
    on = (table["level"] == "task_type") & table["item"].isin(names)
    said = ("non-case work: applied to the hours available for casework (its non-case hours "
            "times the uplift come off them, so capacity falls and FTE needed rises)")
    table.loc[on, "note"] = [f"{n}; {said}" if isinstance(n, str) and n else said
                             for n in table.loc[on, "note"]]
    return table, tuple(names)


def _published_met(by: pd.DataFrame, guide: TimeGuide) -> pd.DataFrame:
    """The NCCD table without a figure resting on fewer than the guide's ``min_workers``
    workers: a case type the guide withholds loses every figure, and the hours of cases
    that met and did not meet the standard, with the count that met, go where fewer
    workers held either (one of them, with the type's published hours, gives the other)."""
    least = int(guide.meta.get("min_workers") or 5)
    by = by.copy()
    shown = guide.case_types["hours_per_case_month"].reindex(by.index).notna().to_numpy()
    figures = [c for c in by.columns if not c.startswith("n_workers")]
    by.loc[~shown, figures] = np.nan
    few = pd.Series(False, index=by.index)
    for status in ("met", "not_met"):
        few |= by.get(f"n_workers_{status}", pd.Series(0, index=by.index)) < least
    # one of the two withheld withholds the other too, and the count met: with the case
    # type's published hours and its cases, one would give the other back (review23c)
    gone = [c for c in by.columns if c.startswith(("hours_per_case_month_met",
                                                    "hours_per_case_month_not_met"))
            or c in ("n_met", "share_met", "n_not_met", "share_not_met")]
    by.loc[few, gone] = np.nan
    return by


def apply_evidence(guide: TimeGuide, models=None, adjustments=None, *, standards=None,
                   survey=None, delphi=None, precedence=None) -> TimeGuide:
    """The guide with "should" uplifts computed from the evidence (and kept with them).

    Refuses to combine evidence with a hand-written ``adjustments`` file: one or the other.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> run = example_run()
    >>> apply_evidence(run.guide, run.models, standards="england").adjustments.from_evidence
    True
    """
    from timestudy.guide.adjustments import refuse_uplifts_with_evidence, with_adjustments

    refuse_uplifts_with_evidence(adjustments, standards, survey, delphi)
    ev = should_evidence(guide, models, standards=standards, survey=survey, delphi=delphi,
                         precedence=precedence)
    if ev.summary().empty:
        warnings.warn("the evidence gives no usable should figure for this study (no case "
                      "types the standards cover, too few respondents, or no consensus): the "
                      "should figures equal what was measured", EstimationWarning, stacklevel=2)
        return guide
    return with_adjustments(guide, ev.adjustments())
