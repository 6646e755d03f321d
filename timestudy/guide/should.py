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
"should" figure was reached.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.atomic import atomic_file
from timestudy._lib.disclose import DEFAULT_MIN_WORKERS, count_cell
from timestudy._lib.rounding import fixed
from timestudy.errors import ConfigError, EstimationWarning
from timestudy.guide.adjustments import Adjustments, non_case_note, non_case_uplifts
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

#: Families of methods, in the default order of precedence.
FAMILIES = {"standards": ("standards_events", "standards_met"),
            "delphi": ("delphi_events", "delphi"), "survey": ("survey",)}
DEFAULT_PRECEDENCE = ("standards", "delphi", "survey")
#: Columns of :attr:`ShouldEvidence.table`.
EVIDENCE_COLUMNS = ["level", "item", "method", "unit", "is_value", "should_value",
                    "should_ci_low", "should_ci_high", "uplift", "uplift_ci_low",
                    "uplift_ci_high", "eligible", "chosen", "agrees", "note", "source"]


def method_order(precedence=None) -> list[str]:
    """Methods in order of precedence from families or methods (``["delphi", "survey"]``).

    Examples
    --------
    >>> method_order(["delphi", "standards"])[:3]
    ['delphi_events', 'delphi', 'standards_events']
    """
    out: list[str] = []
    for name in precedence or DEFAULT_PRECEDENCE:
        methods = FAMILIES.get(name, (name,))
        unknown = [m for m in methods if m not in sum(FAMILIES.values(), ())]
        if unknown:
            raise ConfigError(f"precedence: {name!r} is not one of {', '.join(FAMILIES)} or "
                              f"{', '.join(sum(FAMILIES.values(), ()))}")
        out += [m for m in methods if m not in out]
    return out + [m for m in sum(FAMILIES.values(), ()) if m not in out]


#: Uplifts an evidence row may give: outside, the row is not used (and says so).
UPLIFT_RANGE = (0.1, 10.0)


def choose(rows: pd.DataFrame, precedence=None) -> pd.DataFrame:
    """Mark the chosen figure of each item and whether the others agree with it.

    Two figures agree when their intervals overlap (or, where one has none, when the
    uplifts are within 10% of each other); only a figure that could have been used (eligible,
    its uplift within :data:`UPLIFT_RANGE`) is compared. An uplift outside that range is not
    eligible, and its note says so.

    Examples
    --------
    >>> r = pd.DataFrame({"level": "case_type", "item": "CP", "method": ["survey",
    ...     "standards_events"], "uplift": [1.3, 1.1], "uplift_ci_low": [1.2, 1.0],
    ...     "uplift_ci_high": [1.4, 1.15], "eligible": True})
    >>> choose(r)[["method", "chosen", "agrees"]].values.tolist()
    [['survey', False, False], ['standards_events', True, True]]
    """
    order = {m: i for i, m in enumerate(method_order(precedence))}
    rows = rows.copy()
    uplift = rows["uplift"].astype(float)
    wild = np.isfinite(uplift) & ~uplift.between(*UPLIFT_RANGE) & rows["eligible"].astype(bool)
    if wild.any():  # never chosen: the next source in precedence is
        rows["eligible"] = rows["eligible"].astype(bool) & ~wild
        if "note" in rows:
            rows.loc[wild, "note"] = [
                f"uplift {fixed(u, 2)} outside {UPLIFT_RANGE[0]:g} to {UPLIFT_RANGE[1]:g}: not used"
                + (f"; {n}" if isinstance(n, str) and n else "")
                for u, n in zip(uplift[wild], rows.loc[wild, "note"], strict=True)]
    eligible = rows["eligible"].astype(bool)
    rank = rows["method"].map(order).where(eligible & np.isfinite(uplift))
    best = rank.groupby([rows["level"], rows["item"]]).transform("min")
    rows["chosen"] = rank.eq(best) & rank.notna()
    pick = rows.loc[rows["chosen"]].set_index(["level", "item"])
    key = pd.MultiIndex.from_frame(rows[["level", "item"]])
    lo_c = pick["uplift_ci_low"].reindex(key).to_numpy(float)
    hi_c = pick["uplift_ci_high"].reindex(key).to_numpy(float)
    up_c = pick["uplift"].reindex(key).to_numpy(float)
    lo, hi, up = (rows[c].to_numpy(float) for c in ("uplift_ci_low", "uplift_ci_high",
                                                       "uplift"))
    with np.errstate(all="ignore"):
        overlap = (lo <= hi_c) & (lo_c <= hi)
        close = np.abs(up / up_c - 1) <= 0.10
    has_ci = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(lo_c) & np.isfinite(hi_c)
    agrees = np.where(has_ci, overlap, close)
    # only a figure that could have been used can disagree with the one that was
    rows["agrees"] = np.where(np.isfinite(up_c) & np.isfinite(up) & eligible.to_numpy(),
                              agrees, None)
    rows.loc[rows["chosen"], "agrees"] = True
    return rows


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
        publishes them (:func:`published_worker_counts`); the tables keep the numbers.

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


def published_worker_counts(frame: pd.DataFrame, total: int | None,
                            min_workers: int = DEFAULT_MIN_WORKERS) -> pd.DataFrame:
    """``frame`` with its counts of workers (columns ``n_workers...``) as the guide publishes
    them (:func:`~timestudy._lib.disclose.count_cell`): a number, or a band in words
    ("fewer than 5 of 8") where the count or the rest is under ``min_workers``.

    A count read back from a guide.json is the band's lowest count (1 for "fewer than 5 of
    8"), which gives the guide's words again, never the 1.

    Examples
    --------
    >>> f = pd.DataFrame({"n_workers": [6, 4, 1], "n_cases": [6, 4, 4]},
    ...                  index=["CIN", "CLA", "CP"])
    >>> published_worker_counts(f, 8, 5)["n_workers"].tolist()
    ['at least 5 of 8', 'fewer than 5 of 8', 'fewer than 5 of 8']
    >>> published_worker_counts(f, 8, 1)["n_workers"].tolist()
    ['6', '4', '1']
    """
    cols = [c for c in frame.columns if str(c).startswith("n_workers")]
    if not cols:
        return frame
    out = frame.copy()
    for c in cols:
        n = pd.to_numeric(out[c], errors="coerce")
        most = int(n.max()) if n.notna().any() else 0
        out[c] = [count_cell(v, max(int(total or 0), most), min_workers) for v in n]
    return out


def _task_uplifts(rows: list[pd.DataFrame], precedence) -> pd.Series:
    """The chosen uplift of each task type among the rows so far."""
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.Series(dtype=float)
    pick = choose(pd.concat(rows, ignore_index=True), precedence)
    pick = pick.loc[pick["chosen"] & (pick["level"] == "task_type")]
    return pd.Series(pick["uplift"].to_numpy(float), index=pick["item"].to_numpy(),
                     dtype=float)


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
    up = _task_uplifts(rows, precedence)
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
