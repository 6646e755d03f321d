"""What a report says, once, for every format: sections of text, tables and figures.

:func:`build_report` turns a :class:`~timestudy.guide.build.TimeGuide` (or a
:class:`~timestudy.pipeline.StudyRun`, which adds per-worker distributions, the
time-of-day profile, capacity against the study's caseload and data quality)
into a :class:`Report`. The HTML and Markdown writers only lay it out, so both
carry the same figures. Tables hold display text; nothing in them comes from
diary descriptions, and no worker or case identifier is ever put in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy.capacity.loads import DEFAULT_BANDS, max_caseload
from timestudy.guide.build import TimeGuide
from timestudy.report.format import (
    NOT_ESTIMATED,
    SUPPRESSED,
    interval,
    label,
    number,
    percent,
)
from timestudy.report.method import method_sections


@dataclass(frozen=True)
class Table:
    """A table of display text with a caption (and an optional note under it)."""

    caption: str
    frame: pd.DataFrame
    note: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Figure:
    """A figure: ``draw(ax)`` draws it on a new Axes of ``size`` inches."""

    key: str
    caption: str
    draw: Callable
    size: tuple[float, float] = (7.0, 4.0)
    kind: str = "figure"


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    """A titled part of the report: paragraphs, tables and figures in order."""

    id: str
    title: str
    blocks: list = field(default_factory=list)

    def add(self, block) -> Section:
        self.blocks.append(Text(block) if isinstance(block, str) else block)
        return self


@dataclass(frozen=True)
class Report:
    """A whole report: title, provenance and sections."""

    title: str
    subtitle: str
    provenance: list[tuple[str, str]]
    sections: list[Section]

    def section(self, id: str) -> Section:
        """The section with this id."""
        return next(s for s in self.sections if s.id == id)

    @property
    def figures(self) -> list[Figure]:
        """Every figure, in order."""
        return [b for s in self.sections for b in s.blocks if b.kind == "figure"]


# ------------------------------------------------------------------ helpers
def _suppressed_keys(guide: TimeGuide, table: str) -> set[str]:
    return {s["key"] for s in guide.suppressed if s["table"] in (table, "all")} | (
        {"*"} if any(s["table"] == "all" for s in guide.suppressed) else set()
    )


def _missing(keys: set[str], key) -> str:
    return SUPPRESSED if (str(key) in keys or "*" in keys) else NOT_ESTIMATED


def _est(row: pd.Series, name: str, digits: int, missing: str, share: bool = False) -> tuple:
    v = row.get(name)
    shown = percent(v, digits, missing=missing) if share else number(v, digits, missing=missing)
    return shown, interval(
        row.get(f"{name}_ci_low"),
        row.get(f"{name}_ci_high"),
        digits if not share else 0,
        share=share,
    )


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(object) if rows else pd.DataFrame()


def provenance(guide: TimeGuide) -> list[tuple[str, str]]:
    """Where the guide's figures come from: one ``(item, value)`` pair per line."""
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    rows = [
        ("timestudy version", str(m.get("version", ""))),
        ("created", str(m.get("created", ""))),
        ("data fingerprint", str(m.get("data_fingerprint", ""))),
        ("diary period", f"{period[0]} to {period[1]}"),
        ("workers", str(m.get("n_workers", ""))),
        ("diary entries", number(m.get("n_episodes"), 0)),
        ("cases", number(m.get("n_cases"), 0)),
        ("taxonomy", str(m.get("taxonomy", ""))),
        (
            "intervals",
            f"{float(m.get('level', 0.95)):.0%}, worker bootstrap of "
            f"{m.get('n_boot', '?')} replicates",
        ),
        (
            "disclosure threshold",
            f"figures from fewer than {m.get('min_workers', 5)} workers suppressed",
        ),
    ]
    if guide.adjustments is not None:
        a = guide.adjustments
        rows.append(
            (
                "uplifts (should)",
                f"{a.source} ({label(a.method)}" + (f", {a.date}" if a.date else "") + ")",
            )
        )
    return rows


# ------------------------------------------------------------------ sections from a guide
def _available_rows(guide: TimeGuide) -> list[dict]:
    av = guide.available
    miss = _missing(_suppressed_keys(guide, "available"), "*")
    out = []
    for key, name, scale in (
        ("available_case_hours_per_fte_week", "hours for casework per FTE-week", 1),
        ("available_case_hours_per_fte_year", "hours for casework per FTE-month", 1 / 12),
        ("available_case_hours_per_fte_year", "hours for casework per FTE-year", 1),
        ("hours_worked_per_fte_week", "hours worked per FTE-week (measured)", 1),
        (
            "out_of_hours_per_fte_week",
            "of which out of hours (evenings, early mornings, weekends)",
            1,
        ),
        ("non_case_hours_per_fte_week", "hours of work not linked to a case per FTE-week", 1),
    ):
        if key not in av.index:
            continue
        r = av.loc[key] * scale
        out.append(
            {
                "figure": name,
                "estimate": number(r["estimate"], 1, missing=miss),
                "interval": interval(r["ci_low"], r["ci_high"]),
            }
        )
    return out


def _case_rows(guide: TimeGuide, short: bool = False) -> list[dict]:
    keys = _suppressed_keys(guide, "case_types")
    ref = guide.meta.get("reference_case_type")
    rows = []
    for k, r in guide.case_types.iterrows():
        miss = _missing(keys, k)
        is_, is_ci = _est(r, "hours_per_case_month", 1, miss)
        row = {
            "case type": label(k),
            "hours per case-month (is)": is_,
            "interval": is_ci,
            "uplift": number(r.get("uplift"), 2),
            "hours per case-month (should)": number(
                r.get("hours_per_case_month_should"), 1, missing=miss
            ),
        }
        if not short:
            rw, rw_ci = _est(r, "relative_weight", 2, miss)
            ev, ev_ci = _est(r, "event_hours_per_case_month", 1, miss)
            row = {
                "case type": label(k),
                "cases": number(r.get("n_cases"), 0),
                "workers": number(r.get("n_workers"), 0),
                "case-months": number(r.get("case_months"), 1),
                **{c: v for c, v in row.items() if c != "case type"},
                f"relative weight (to {label(ref)})": rw,
                "weight interval": rw_ci,
                "event-based hours": ev,
                "event-based interval": ev_ci,
            }
        rows.append(row)
    return rows


def _task_rows(guide: TimeGuide) -> list[dict]:
    keys = _suppressed_keys(guide, "tasks")
    rows = []
    for k, r in guide.tasks.sort_values(["category"]).iterrows():
        miss = _missing(keys, k)
        d, d_ci = _est(r, "direct_minutes", 0, miss)
        f, f_ci = _est(r, "full_hours", 2, miss)
        g, g_ci = _est(r, "full_hours_regression", 2, miss)
        rows.append(
            {
                "task": label(k),
                "category": label(r["category"]),
                "direct minutes": d,
                "direct interval": d_ci,
                "full hours": f,
                "full interval": f_ci,
                "full hours (regression)": g,
                "regression interval": g_ci,
                "uplift": number(r.get("uplift"), 2),
                "full hours (should)": number(r.get("full_hours_should"), 2, missing=miss),
                "instances": number(r.get("n_instances"), 0),
                "workers": number(r.get("n_workers"), 0),
            }
        )
    return rows


def _share_rows(guide: TimeGuide) -> list[dict]:
    miss = _missing(_suppressed_keys(guide, "category_shares"), "*")
    return [
        {
            "category": label(k),
            "share of time worked": percent(r["share"], 0, missing=miss),
            "interval": interval(r["share_ci_low"], r["share_ci_high"], share=True),
        }
        for k, r in guide.category_shares.iterrows()
    ]


def _multiplier_rows(guide: TimeGuide) -> list[dict]:
    miss = _missing(_suppressed_keys(guide, "multipliers"), "*")
    rows = []
    for k, r in guide.multipliers.iterrows():
        digits = 2 if k == "baseline_hours_per_month" else 3
        rows.append(
            {
                "term": label(k),
                "multiplier": number(r["multiplier"], digits, missing=miss),
                "interval": interval(r["ci_low"], r["ci_high"], digits),
            }
        )
    return rows


def _study_mix(guide: TimeGuide) -> pd.Series:
    return guide.case_types["case_months"].astype(float)


def guide_max_caseload(guide: TimeGuide) -> pd.DataFrame:
    """The most cases per FTE for each case type alone and for the study's mix ("should")."""
    hours = guide.hours_per_case_month(True)
    types = [k for k in hours.index if np.isfinite(hours[k])]
    if not np.isfinite(guide.available_hours_per_fte_month) or not types:
        return pd.DataFrame(columns=["case_mix", "max_cases_per_fte"])
    rows = [(f"all {k}", max_caseload(guide, {k: 1.0})) for k in types]
    mix = _study_mix(guide).reindex(types)
    rows.append(("the study's mix", max_caseload(guide, mix)))
    return pd.DataFrame(rows, columns=["case_mix", "max_cases_per_fte"])


def _summary_section(guide: TimeGuide) -> Section:
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    s = Section("summary", "At a glance")
    s.add(
        f"Time diaries of {m.get('n_workers')} workers from {period[0]} to {period[1]} "
        f"({number(m.get('n_episodes'), 0)} diary entries about {number(m.get('n_cases'), 0)} "
        "cases). Figures are averages with their "
        f'{float(m.get("level", 0.95)):.0%} intervals; "is" is what was measured, '
        '"should" adds the uplifts for what the work needs.'
    )
    if any(x["table"] == "all" for x in guide.suppressed):
        s.add(
            f"Fewer than {m.get('min_workers', 5)} workers took part, so no figure of this "
            "study can be published: every estimate below is suppressed."
        )
    s.add(Table("Hours per case-month by case type", _frame(_case_rows(guide, short=True))))
    s.add(
        Table(
            "Time available for casework",
            _frame(_available_rows(guide)),
            "Contracted hours less the work not linked to cases, over the weeks of a "
            "year not taken by leave, bank holidays and sickness.",
        )
    )
    mc = guide_max_caseload(guide)
    if len(mc):
        s.add(
            Table(
                "Most cases one FTE can hold (should figures)",
                _frame(
                    [
                        {"case mix": r.case_mix, "cases per FTE": number(r.max_cases_per_fte, 1)}
                        for r in mc.itertuples()
                    ]
                ),
            )
        )
    return s


def _case_section(guide: TimeGuide) -> Section:
    from timestudy.plots import case_weights_plot

    s = Section("case-weights", "Hours per case")
    s.add(
        "Hours per case-month: every hour spent on cases of a type (visits, travel, "
        "recording, meetings, court work) over the months those cases were open. The "
        "event-based figure adds up how often each task happens on a case of the type "
        "times how long it takes: two routes to the same figure, which should agree."
    )
    s.add(Table("Case weights", _frame(_case_rows(guide))))
    if guide.case_types["hours_per_case_month"].notna().any():
        s.add(
            Figure(
                "case_weights",
                "Hours per case-month by case type: bars are what was "
                "measured (is) with their interval; diamonds are the should figures.",
                lambda ax: case_weights_plot(guide.case_types, ax=ax),
                (6.5, 3.8),
            )
        )
    s.add(
        "Complexity multipliers: how much each feature of a case changes its hours per "
        "case-month, other things being equal (1.10 = 10% more per unit; an interval "
        "that includes 1 means the study cannot tell)."
    )
    s.add(
        Table(
            "Complexity multipliers",
            _frame(_multiplier_rows(guide)),
            f"Model: generalised linear model ({guide.meta.get('complexity_family', '')}) "
            "with worker-clustered intervals; the baseline is a reference case with no "
            "travel, professionals or siblings.",
        )
    )
    return s


def _task_section(guide: TimeGuide) -> Section:
    from timestudy.plots import task_hours_plot

    s = Section("tasks", "Time per task")
    s.add(
        "Direct minutes: the time of the task itself, per instance (one task on one case "
        "on one day). Full hours: the task with the travel to it and the recording after "
        "it. The regression figure estimates the same from workers' weekly totals and is "
        "shown where the data support it."
    )
    s.add(Table("Time per task", _frame(_task_rows(guide))))
    if guide.tasks["full_hours"].notna().any():
        s.add(
            Figure(
                "task_hours",
                "Full hours per task (with travel and recording) and "
                "intervals, by category; open diamonds mark should figures.",
                lambda ax: task_hours_plot(guide.tasks, ax=ax),
                (7.0, 0.28 * int(guide.tasks["full_hours"].notna().sum()) + 1.4),
            )
        )
    return s


def _should_section(guide: TimeGuide) -> Section:
    s = Section("should", "Is versus should")
    a = guide.adjustments
    if a is None:
        s.add(
            "No uplifts were given: the should figures equal what was measured. Give an "
            "adjustments file (from a sufficiency-of-time survey or an expert panel) to "
            "add them."
        )
        return s
    s.add(
        f"Uplifts from {a.source} (method: {label(a.method)}"
        + (f", dated {a.date}" if a.date else "")
        + "). An uplift of 1.25 means 25% more "
        "time is needed than was measured."
    )
    if a.notes:
        s.add(f"Notes from the source: {a.notes}")
    rows = [
        {"applies to": f"task: {label(k)}", "uplift": number(v, 2)} for k, v in a.task_types.items()
    ]
    rows += [
        {"applies to": f"case type: {label(k)}", "uplift": number(v, 2)}
        for k, v in a.case_types.items()
    ]
    s.add(
        Table(
            "Uplifts",
            _frame(rows),
            "A case type's uplift combines its own factor with "
            "those of its tasks, weighted by the hours each task takes on that type.",
        )
    )
    return s


def _suppression_section(guide: TimeGuide) -> Section:
    k = guide.meta.get("min_workers", 5)
    s = Section("suppression", "Suppressed figures")
    if not guide.suppressed:
        s.add(f"Nothing was suppressed: every figure rests on at least {k} workers.")
        return s
    s.add(f"These figures rest on fewer than {k} workers and are not published.")
    s.add(
        Table(
            "Suppressed",
            _frame(
                [
                    {"table": label(x["table"]), "item": label(x["key"]), "reason": x["reason"]}
                    for x in guide.suppressed
                ]
            ),
        )
    )
    return s


def _method_section(guide: TimeGuide, bands) -> Section:
    s = Section("method", "Method, assumptions and limitations")
    for heading, paragraphs in method_sections(
        guide.meta, adjustments=guide.adjustments, bands=bands
    ):
        s.blocks.append(Text(heading, kind="heading"))
        for p in paragraphs:
            s.add(p)
    a = {
        "contracted hours per FTE-week": "contracted_per_fte",
        "annual leave days": "leave_days",
        "bank holidays": "bank_holidays",
        "sickness days": "sickness_days",
        "training days not in the diary": "training_days",
    }
    assumptions = guide.meta.get("available_assumptions") or {}
    s.add(
        Table(
            "Assumptions of time available",
            _frame(
                [
                    {"assumption": k, "value": number(assumptions.get(v), 1)}
                    for k, v in a.items()
                    if v in assumptions
                ]
            ),
        )
    )
    return s


def build_report(
    source,
    *,
    caseload: pd.DataFrame | None = None,
    workers: pd.DataFrame | None = None,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    title: str = "Time guide",
) -> Report:
    """The content of the report on a guide or a study run.

    Parameters
    ----------
    source : TimeGuide or StudyRun
        A guide alone gives the guide's sections; a study run adds the
        distribution of time across workers and teams, the time-of-day profile,
        capacity against the study's caseload and the data-quality summary.
    caseload, workers : DataFrame, optional
        A caseload (cases with ``worker_id`` and ``case_type``) and workers
        table for the capacity section; from a study run, the cases open on
        the last day of the diary and the study's workers by default.
    bands : (float, float, float)
        Lower edges of the green, amber and red status bands.
    title : str

    Returns
    -------
    Report

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> report = build_report(run_study(s.diary, s.cases, s.workers, n_boot=49))
    >>> [x.id for x in report.sections][:3]
    ['summary', 'time-use', 'case-weights']
    """
    from timestudy.report.run_sections import capacity_section, quality_section, time_use_section

    run = source if hasattr(source, "guide") and hasattr(source, "models") else None
    guide: TimeGuide = run.guide if run is not None else source
    if not isinstance(guide, TimeGuide):
        raise TypeError(f"source must be a TimeGuide or a StudyRun, not {type(source).__name__}")
    sections = [
        _summary_section(guide),
        time_use_section(guide, run),
        _case_section(guide),
        _task_section(guide),
        capacity_section(guide, run, caseload, workers, bands),
        _should_section(guide),
    ]
    if run is not None:
        sections.append(quality_section(run))
    sections += [_method_section(guide, bands), _suppression_section(guide)]
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    subtitle = f"From the time diaries of {m.get('n_workers')} workers, {period[0]} to {period[1]}"
    return Report(title, subtitle, provenance(guide), sections)
