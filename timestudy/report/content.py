"""What a report says, once, for every format: sections of text, tables and figures.

:func:`build_report` turns a :class:`~timestudy.guide.TimeGuide` (or a
:class:`~timestudy.pipeline.StudyRun`, which adds per-worker distributions, the
time-of-day profile, capacity against the study's caseload and data quality)
into a :class:`Report`. The HTML and Markdown writers only lay it out, so both
carry the same figures. Tables hold display text; nothing in them comes from
diary descriptions, and no worker or case identifier is ever put in them.
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity import DEFAULT_BANDS
from timestudy.guide import TimeGuide
from timestudy.report.format import (
    label,
    number,
)
from timestudy.report.method import method_sections
from timestudy.report.model import Figure, Report, Section, Table, Text
from timestudy.report.pieces_sections import definitions_section, diary_section
from timestudy.report.rows import (
    available_rows,
    case_rows,
    frame_of,
    guide_max_caseload,
    multiplier_rows,
    provenance,
    task_rows,
)
from timestudy.report.run_sections import capacity_section, quality_section, time_use_section


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
    if "*" in guide.reasons():
        s.add(
            f"Fewer than {m.get('min_workers', 5)} workers took part, so no figure of this "
            "study can be published: every estimate below is suppressed."
        )
    s.add(Table("Hours per case-month by case type", frame_of(case_rows(guide, short=True))))
    s.add(
        Table(
            "Time available for casework",
            frame_of(available_rows(guide)),
            "Contracted hours less the work not linked to cases, over the weeks of a "
            "year not taken by leave, bank holidays and sickness.",
        )
    )
    mc = guide_max_caseload(guide)
    if len(mc):
        s.add(
            Table(
                "Most cases one FTE can hold (should figures)",
                frame_of(
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
    s.add(Table("Case weights", frame_of(case_rows(guide))))
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
            frame_of(multiplier_rows(guide)),
            f"Model: generalised linear model ({guide.meta.get('complexity_family', '')}) "
            "with worker-clustered intervals; the baseline is a reference case with no "
            "travel, professionals or siblings.",
        )
    )
    return s


def _task_section(guide: TimeGuide) -> Section:
    from timestudy.plots import task_hours_plot

    s = Section("tasks", "Time per piece of work")
    s.add(
        "A piece of work is one task on one case: a visit, an assessment write-up, a court "
        "statement written over several sittings on different days. Direct minutes: the "
        "time of the piece itself, over all its sittings. Full hours: the piece with the "
        "travel to and from it and the case notes after it, each minute given to one piece "
        "only. Sittings per piece: the days it was worked on. The regression figure "
        "estimates full hours from workers' weekly totals instead; where the two intervals "
        'do not meet the row says "differ": look at how travel and notes were attributed '
        "before trusting either (the method section says how)."
    )
    s.add(Table("Time per piece of work", frame_of(task_rows(guide))))
    if guide.tasks["full_hours"].notna().any():
        s.add(
            Figure(
                "task_hours",
                "Full hours per piece of work (with its travel and recording) and "
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
            frame_of(rows),
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
            frame_of(
                [
                    {"table": label(x.table), "item": label(x.key), "reason": x.reason}
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
            frame_of(
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

    run = source if hasattr(source, "guide") and hasattr(source, "models") else None
    guide: TimeGuide = run.guide if run is not None else source
    if not isinstance(guide, TimeGuide):
        raise TypeError(f"source must be a TimeGuide or a StudyRun, not {type(source).__name__}")
    sections = [
        _summary_section(guide),
        time_use_section(guide, run),
        _case_section(guide),
        _task_section(guide),
        definitions_section(guide),
        diary_section(guide),
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
