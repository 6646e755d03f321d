"""What a report says, once, for every format: sections of text, tables and figures.

:func:`build_report` turns a :class:`~timestudy.guide.TimeGuide` (or a
:class:`~timestudy.pipeline.StudyRun`, which adds per-worker distributions, the
time-of-day profile, capacity against the study's caseload and data quality)
into a :class:`Report`. The HTML and Markdown writers only lay it out, so both
carry the same figures. Tables hold display text; nothing in them comes from
diary descriptions, and no worker or case identifier is ever put in them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from timestudy.capacity import DEFAULT_BANDS
from timestudy.guide import TimeGuide
from timestudy.guide.thresholds import withheld_at
from timestudy.report.calibration_words import calibration_summary
from timestudy.report.capacity_section import capacity_section
from timestudy.report.format import number, percent
from timestudy.report.headline import headline_sentences
from timestudy.report.labels import (
    case_type_label,
    figure_name,
    plain_reason,
    task_label,
    with_category_labels,
)
from timestudy.report.method import method_sections
from timestudy.report.model import Draw, Figure, Report, Section, Table, Text
from timestudy.report.pieces_sections import definitions_section, diary_section
from timestudy.report.rows import (
    available_note,
    available_rows,
    case_rows,
    frame_of,
    guide_max_caseload,
    multiplier_rows,
    not_shown_note,
    provenance,
    regression_rows,
    task_rows,
    weight_rows,
    with_task_columns,
)
from timestudy.report.run_sections import quality_section, time_use_section
from timestudy.report.should_rows import capacity_is_should, evidence_display


def _summary_section(guide: TimeGuide) -> Section:
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    s = Section("summary", "At a glance")
    sentences = headline_sentences(m)
    if sentences:
        s.add(" ".join(sentences[:2]))
        s.add(" ".join(sentences[2:]))
        h = m["headline"]
        s.add(f"These figures are for {h.get('caseload') or 'the caseload given'}, planned on "
              f"contracted hours with the guide's should figures; intervals are "
              f"{percent(m.get('level', 0.95))}.")
    for words in calibration_summary(m):
        s.add(words)
    about = (f"about {number(m.get('n_cases'), 0)} cases" if m.get("n_cases")
             else "an observation study without a cases table, so no hours per case")
    s.add(
        f"Time diaries of {m.get('n_workers')} workers from {period[0]} to {period[1]} "
        f"({number(m.get('n_episodes'), 0)} diary entries; {about}). Figures are averages with their "
        f'{percent(m.get("level", 0.95))} intervals; "is" is what was measured, '
        '"should" adds the uplifts for what the work needs.'
    )
    if "*" in guide.reasons():
        s.add(_all_withheld(guide.reasons()["*"], m))
    s.add(Table("Hours per case-month by case type", frame_of(case_rows(guide, short=True)),
                not_shown_note(guide, "case_types", guide.case_types.index, case_type_label)))
    s.add(
        Table(
            "Time available for casework",
            frame_of(available_rows(guide)),
            available_note(guide),
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
                _mix_note(guide),
            )
        )
    return s


def _all_withheld(reason: str, m: dict) -> str:
    """Why no figure is shown: too few workers, or (survey weights) too few in effect.

    Examples
    --------
    >>> _all_withheld("fewer than 5 workers in effect under their survey weights (8 by head, "
    ...               "3.2 in effect)", {"n_workers": 8, "min_workers": 5})[:74]
    '8 workers took part, but under their survey weights they count as 3.2 (the'
    """
    k = m.get("min_workers", 5)
    if "in effect" not in reason:
        return (f"Fewer than {k} workers took part, so no figure of this study can be "
                "published: every estimate below is not shown.")
    eff = re.search(r"([\d.]+) in effect\)", reason)
    as_ = f"as {eff.group(1)}" if eff else f"as fewer than {k}"
    return (f"{m.get('n_workers')} workers took part, but under their survey weights they "
            f"count {as_} (the effective number of workers, Kish's), fewer than {k}: every "
            f"figure would rest in effect on fewer than {k} workers, so none can be "
            "published: every estimate below is not shown.")


def _mix_note(guide: TimeGuide) -> str:
    """Which mix the table's last row is, and which the headline's (audit23: 10.9 beside
    11.0 with nothing to tell them apart).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"headline": {"supported_cases_per_fte": {"estimate": 11.0},
    ...     "caseload": "the 119 cases open on 2026-03-20 (the last day of the diary)"}})
    >>> print(_mix_note(g))
    The last row weighs the case types by their case-months in the diary period (as guide.json gives it). The headline's 11.0 cases per FTE is for the mix of the 119 cases open on 2026-03-20.
    """
    note = ("The last row weighs the case types by their case-months in the diary period "
            "(as guide.json gives it).")
    h = guide.meta.get("headline") or {}
    est = (h.get("supported_cases_per_fte") or {}).get("estimate")
    if est is None:
        return note
    held = str(h.get("caseload") or "the caseload held").split(" (")[0]
    return (f"{note} The headline's {number(est, 1)} cases per FTE is for the mix of "
            f"{held}.")


def _case_section(guide: TimeGuide) -> Section:
    s = Section("case-weights", "Hours per case")
    s.add(
        "Hours per case-month: every hour spent on cases of a type (visits, travel, "
        "recording, meetings, court work) over the months those cases were open. The "
        "event-based figure adds up how often each task happens on a case of the type "
        "times how long it takes: two routes to the same figure, which should agree."
    )
    note = not_shown_note(guide, "case_types", guide.case_types.index, case_type_label)
    s.add(Table("Case weights", frame_of(case_rows(guide)), note))
    s.add(Table("Relative weights and the event-based check", frame_of(weight_rows(guide)),
                "Intervals on the log scale (never below zero)."))
    uplifted = guide.adjustments is not None
    if guide.case_types["hours_per_case_month"].notna().any():
        s.add(
            Figure(
                "case_weights",
                "Hours per case-month by case type: bars are what was measured (is) with "
                "their interval" + ("; diamonds are the should figures." if uplifted else "."),
                Draw("case_weights_plot", (guide.case_types,), {"should": uplifted}),
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
            (f"Model: generalised linear model ({guide.meta['complexity_family']}) with "
             "worker-clustered intervals"
             if guide.meta.get("complexity_family") else
             "Model: the complexity model could not be estimated from this study, so no "
             "multiplier is published")
            + "; the baseline is a reference case with no travel, professionals or siblings.",
        )
    )
    return s


def disagreement_sentence(guide: TimeGuide) -> str:
    """How many task types' two estimates of full hours differ in this study, and which.

    Counts the guide's ``estimates_disagree`` column: True where the intervals of the
    full hours by attribution and by regression do not meet; task types with no
    regression estimate, or withheld for too few workers, are not counted. Task types
    with both figures but no interval for the regression's (it rests on too few workers'
    rows: :func:`timestudy.stats.sandwich.satterthwaite_df`) are named as not compared.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={}, tasks=pd.DataFrame({"estimates_disagree": [True, False,
    ...     None]}, index=["statutory_visit", "court_statement", "chronology"]))
    >>> disagreement_sentence(g)
    'In this study the two estimates differ for 1 of the 2 task types with both (Statutory visit).'
    """
    if guide.meta.get("calibrated"):
        return ("A calibrated guide has no regression check: the check compares one study's "
                "full hours with its own regression.")
    t = guide.tasks
    flags = t.get("estimates_disagree", pd.Series(dtype=object)).dropna()
    both = [c for c in ("full_hours", "full_hours_regression") if c in t]
    low = t.get("full_hours_regression_ci_low", pd.Series(np.nan, t.index))
    open_ = (t.index[t[both].notna().all(axis=1) & low.isna()] if len(both) == 2
             else t.index[:0])  # two figures, the regression's with no interval
    alone = (f" {_labels(open_, guide.meta)} had both estimates but the regression's without "
             "an interval (its figure rests on too few workers' rows to give one), so "
             f"{'they' if len(open_) != 1 else 'it'} could not be compared." if len(open_)
             else "")
    if not len(flags):
        if len(open_):
            return "In this study no task type's two estimates could be compared:" + alone
        return "In this study no task type had both estimates, so none could be compared."
    differ = [task_label(k, guide.meta) for k, v in flags.items() if bool(v)]
    if not differ:
        return (f"In this study the two estimates agree for all {len(flags)} task types with "
                f"both.{alone}")
    return (f"In this study the two estimates differ for {len(differ)} of the {len(flags)} "
            f"task types with both ({', '.join(differ)}).{alone}")


def _labels(tasks: pd.Index, meta: dict) -> str:
    """The task types' labels, joined for a sentence."""
    names = [task_label(k, meta) for k in tasks]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _task_section(guide: TimeGuide) -> Section:
    s = Section("tasks", "Time per piece of work")
    s.add(
        "A piece of work is one task on one case: a visit, an assessment write-up, a court "
        "statement written over several sittings on different days. Direct minutes: the "
        "time of the piece itself, over all its sittings. Full hours: the piece with the "
        "travel to and from it and the case notes after it, each minute given to one piece "
        "only. Sittings per piece: the days it was worked on. The regression check "
        "estimates full hours from workers' weekly case hours instead, on assumptions of its own "
        "(the same time for every piece of a task, a piece worked over several days counted "
        "in the weeks of its days). Where the two "
        'intervals do not meet, the row says "differ": a prompt to look at how travel and '
        "notes were attributed and at what the regression assumes, not a verdict on either. "
        + disagreement_sentence(guide)
    )
    note = not_shown_note(guide, "tasks", guide.tasks.index,
                          lambda k: task_label(k, guide.meta))
    s.add(Table("Time per piece of work", frame_of(task_rows(guide)), note))
    reg = regression_rows(guide)
    if reg:
        s.add(Table("Full hours per piece of work: the regression check", frame_of(reg),
                    "From workers' weekly totals; intervals bounded at zero (a time cannot "
                    "be negative)."))
    uplifted = guide.adjustments is not None
    if guide.tasks["full_hours"].notna().any():
        tasks = with_category_labels(guide.tasks.rename(index=lambda k: task_label(k, guide.meta)),
                                     guide.meta)
        s.add(
            Figure(
                "task_hours",
                "Full hours per piece of work (with its travel and recording) and intervals, "
                "by category"
                + ("; open diamonds mark should figures." if uplifted else "."),
                Draw("task_hours_plot", (tasks,), {"should": uplifted}),
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
        f"Uplifts from {a.source} (method: {a.method.replace('_', ' ')}"
        + (f", dated {a.date}" if a.date else "")
        + "). An uplift of 1.25 means 25% more "
        "time is needed than was measured."
    )
    if a.notes:
        s.add(f"Notes from the source: {a.notes}")
    if a.from_evidence:  # computed by `timestudy should`: how each figure was reached
        return _should_evidence(s, guide)
    rows = [
        {"applies to": f"Task: {task_label(k, guide.meta)}", "uplift": number(v, 2)}
        for k, v in a.task_types.items()
    ]
    rows += [
        {"applies to": f"Case type: {case_type_label(k)}", "uplift": number(v, 2)}
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


def _should_evidence(s: Section, guide: TimeGuide) -> Section:
    ev = evidence_display(guide)
    s.add(Table("How each should figure was reached", ev,
                "Every figure the evidence gave; 'chosen' marks the one applied (by "
                "precedence), 'agrees' whether its interval overlaps the chosen one's. A case "
                "type's uplift from evidence replaces the mix of its task uplifts."))
    cap = capacity_is_should(guide)
    for col in cap.columns[1:]:
        cap[col] = [number(v, 1) for v in cap[col]]
    s.add(Table("Most cases one FTE can hold, is and should", cap.astype(object)))
    return s


def _suppression_section(guide: TimeGuide) -> Section:
    k = guide.meta.get("min_workers", 5)
    s = Section("suppression", "Figures not shown")
    if not guide.suppressed:
        s.add(f"Every figure is shown: each rests on at least {k} workers.")
        return s
    s.add(f"These figures are not published, to protect the workers who took part: most rest "
          f"on fewer than {withheld_at(guide)} workers.")  # 7 in a guide at 5 from one at 7
    rows = [{"figure": figure_name(x, guide.meta), "why not shown": plain_reason(x.reason, x.table)}
            for x in guide.suppressed]
    s.add(Table("Figures not shown", frame_of(rows)))
    return s


def _method_section(guide: TimeGuide, bands) -> Section:
    from timestudy.report.method import DEFAULT_ASSUMPTIONS

    s = Section("method", "Method, assumptions and limitations")
    for heading, paragraphs in method_sections(
        guide.meta, adjustments=guide.adjustments, bands=bands
    ):
        s.blocks.append(Text(heading, kind="heading"))
        for p in paragraphs:
            s.add(p)
    names = {
        "contracted_per_fte": "Contracted hours per FTE-week",
        "leave_days": "Annual leave days a year",
        "bank_holidays": "Bank holidays a year",
        "sickness_days": "Sickness days a year",
        "training_days": "Training days a year not in the diary",
        "other_days": "Other days a year away from casework",
    }
    a = DEFAULT_ASSUMPTIONS | dict(guide.meta.get("available_assumptions") or {})
    rows = [{"assumption": v, "value": number(a.get(k), 1)} for k, v in names.items()]
    rows += [{"assumption": f"Share of a full caseload: {r.replace('_', ' ')}",
              "value": percent(v)}
             for r, v in (guide.meta.get("role_allowances") or {}).items()]
    s.add(Table("Assumptions", frame_of(rows)))
    return s


def _sections(guide: TimeGuide, run, caseload, workers, bands) -> list[tuple[str, Callable]]:
    """The report's sections in reading order: each one's id and a function building it."""
    sections = [
        ("summary", lambda: _summary_section(guide)),
        ("time-use", lambda: time_use_section(guide, run)),
        ("case-weights", lambda: _case_section(guide)),
        ("tasks", lambda: _task_section(guide)),
        ("definitions", lambda: definitions_section(guide)),
        ("diary", lambda: diary_section(guide)),
        ("capacity", lambda: capacity_section(guide, run, caseload, workers, bands)),
        ("should", lambda: _should_section(guide)),
        ("data-quality", lambda: quality_section(run)),
        ("method", lambda: _method_section(guide, bands)),
        ("suppression", lambda: _suppression_section(guide)),
    ]
    return [s for s in sections if run is not None or s[0] != "data-quality"]


#: The sections built first, in this order: those with figures, the quickest to build first,
#: so that a helper process draws them while the others are built (:func:`build_report`'s
#: ``on_section``); the report keeps its reading order.
FIGURES_FIRST = ("case-weights", "tasks", "time-use", "definitions", "capacity")


def build_order(ids: list[str]) -> list[int]:
    """The positions of the sections ``ids`` (in reading order) in the order they are
    built: those of :data:`FIGURES_FIRST` in its order, then the others in reading order.

    Examples
    --------
    >>> build_order(["summary", "time-use", "case-weights", "method"])
    [2, 1, 0, 3]
    """
    first = {k: i for i, k in enumerate(FIGURES_FIRST)}
    return sorted(range(len(ids)), key=lambda i: (first.get(ids[i], len(first)), i))


def build_report(
    source,
    *,
    caseload: pd.DataFrame | None = None,
    workers: pd.DataFrame | None = None,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    title: str = "Time guide",
    on_section: Callable[[Section], object] | None = None,
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
    on_section : callable, optional
        Called with each section as soon as it is built, before the next is begun
        (:func:`~timestudy.report.write_outputs` has the figures of the first sections
        drawn while the others are built). The sections with figures are built first
        (:func:`build_order`); the report has them in reading order.

    Returns
    -------
    Report

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import build_report
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> built = []
    >>> report = build_report(run_study(s.diary, s.cases, s.workers, n_boot=19),
    ...                       on_section=lambda section: built.append(section.id))
    >>> [x.id for x in report.sections][:3]
    ['summary', 'time-use', 'case-weights']
    >>> built[:3], sorted(built) == sorted(x.id for x in report.sections)
    (['case-weights', 'tasks', 'time-use'], True)
    """

    run = source if hasattr(source, "guide") and hasattr(source, "models") else None
    guide: TimeGuide = run.guide if run is not None else source
    if not isinstance(guide, TimeGuide):
        raise TypeError(f"source must be a TimeGuide or a StudyRun, not {type(source).__name__}")
    guide = with_task_columns(guide)
    builders = _sections(guide, run, caseload, workers, bands)
    sections: list = [None] * len(builders)
    for i in build_order([key for key, _ in builders]):
        sections[i] = builders[i][1]()
        if on_section is not None:
            on_section(sections[i])
    m = guide.meta
    period = m.get("period") or ["?", "?"]
    subtitle = f"From the time diaries of {m.get('n_workers')} workers, {period[0]} to {period[1]}"
    return Report(title, subtitle, provenance(guide), sections)
