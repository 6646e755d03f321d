"""``timestudy should``: uplifts from evidence (standards, a Delphi panel, a survey) for a guide.

Exit codes: 0 when the adjustments file was written; 1 when it was written but some
sources disagree about an item (both figures are in the file); 2 when nothing was
written (a file missing or unusable, a bad option, no evidence given).
"""

from __future__ import annotations

import argparse
import sys

from timestudy.cli._commands import SUMMARY


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "should",
        help=SUMMARY["should"],
        description=(
            "Read a guide (the 'is' figures) and the evidence of what the work should take: "
            "practice standards (--standards england, or a standards.yaml: "
            "data_schema/standards.json), a sufficiency-of-time survey (--survey: "
            "data_schema/survey.json) and/or the rounds of a Delphi panel (--delphi: "
            "data_schema/delphi.json). Write an adjustments file with every figure "
            "considered, the one chosen by precedence (standards, then Delphi, then the "
            "survey unless --precedence says otherwise), its interval and its source; build "
            "the guide with it by `timestudy guide --adjustments FILE`. With --config (the "
            "study file of the guide) the study's data are read again, so the standards are "
            "checked case by case (the NCCD figure) and intervals come from the bootstrap."
        ),
        epilog="exit status: 0 written; 1 written, but some sources disagree (see the "
        "evidence rows with agrees: false); 2 nothing written.",
    )
    p.add_argument("--guide", required=True, help="guide.json written by `timestudy guide`")
    p.add_argument("--standards", help="'england' (shipped default) or a standards.yaml")
    p.add_argument("--survey", help="sufficiency survey (CSV, XLSX; data_schema/survey.json)")
    p.add_argument("--survey-columns", metavar="MAPPING",
                   help="YAML with columns: mapping the survey's fields to its headers")
    p.add_argument("--delphi", help="Delphi panel rounds (CSV, XLSX; data_schema/delphi.json)")
    p.add_argument("--delphi-columns", metavar="MAPPING",
                   help="YAML with columns: mapping the panel's fields to its headers")
    p.add_argument("--precedence", help="comma-separated order of standards, delphi, survey "
                   "(or methods: standards_events, standards_met, delphi_events, delphi, "
                   "survey); default standards,delphi,survey")
    p.add_argument("--min-respondents", type=int, default=5,
                   help="suppress a survey task with fewer respondents (5)")
    p.add_argument("--config", help="the study file of the guide: re-read the study's data "
                   "for standards met per case and bootstrap intervals")
    p.add_argument("--out", required=True, help="adjustments YAML to write")
    p.add_argument("--report", metavar="DIR", help="also write should_evidence.md (every "
                   "figure, standards met, survey, panel rounds) and, with a panel, "
                   "delphi_convergence.png to this folder")
    p.set_defaults(func=run)


def _models(config: str):
    """The study's fitted models, from its study file."""
    from timestudy.pipeline import run_study
    from timestudy.study import read_study

    s = read_study(config)  # the guide's own arguments: the same models (roles and all)
    return run_study(s.diary, s.cases, s.workers, **s.model_arguments()).models


def _nothing_usable(table, config: bool) -> str:
    """The error of a run whose evidence gives no should figure: how many were not used and
    the first reason (the notes are written nowhere else when nothing is written).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"note": ["hours of visit are suppressed in the guide", None]})
    >>> _nothing_usable(t, False)[:95]
    "the evidence gives no usable should figure for this guide's case or task types: 2 not used, the"
    """
    notes = list(dict.fromkeys(table["note"].dropna().astype(str))) if "note" in table else []
    first = f", the first: {notes[0]}" if notes else ""
    hint = ("" if config else "; with the study's data (--config STUDY_YAML) a suppressed "
            "figure's should hours can be computed")
    return (f"the evidence gives no usable should figure for this guide's case or task types: "
            f"{len(table):,} not used{first}{hint}; nothing was written")


def run(args: argparse.Namespace) -> int:
    from timestudy.errors import ConfigError
    from timestudy.guide import TimeGuide
    from timestudy.guide.should import read_evidence, should_evidence
    from timestudy.ingest.evidence import read_delphi, read_survey

    if not (args.standards or args.survey or args.delphi):
        raise ConfigError("give at least one of --standards, --survey, --delphi")
    guide = TimeGuide.from_json(args.guide)
    survey = read_survey(args.survey, columns=args.survey_columns) if args.survey else None
    delphi = read_delphi(args.delphi, columns=args.delphi_columns) if args.delphi else None
    precedence = [x.strip() for x in args.precedence.split(",")] if args.precedence else None
    # the precedence and standards checked before the study's diary is read again
    standards, delphi = read_evidence(args.standards, delphi, precedence)
    models = _models(args.config) if args.config else None
    ev = should_evidence(guide, models, standards=standards, survey=survey,
                         delphi=delphi, precedence=precedence,
                         min_respondents=args.min_respondents)
    if ev.summary().empty:
        raise ConfigError(_nothing_usable(ev.table, bool(args.config)))
    if args.report:
        _write_report(ev, args.report)
    path = ev.to_yaml(args.out)
    pick = ev.summary()
    for r in pick.itertuples():
        print(f"{r.level.replace('_', ' ')} {r.item}: uplift {r.uplift:.2f} "
              f"({r.uplift_ci_low:.2f} to {r.uplift_ci_high:.2f}) by {r.method}"
              + _floored(r.note))
    for r in ev.table.loc[~ev.table["eligible"].astype(bool)].itertuples():
        print(f"not used: {r.level.replace('_', ' ')} {r.item} by {r.method}: {r.note}")
    odd = ev.table["eligible"].astype(bool) & ev.table["note"].astype(str).str.contains(
        " is not a task type of ", regex=False)
    for r in ev.table.loc[odd].itertuples():  # used, but a piece of it names no task type
        print(f"note: {r.level.replace('_', ' ')} {r.item} by {r.method}: {r.note}")
    for r in ev.table.loc[ev.table["eligible"].astype(bool) & ~odd].itertuples():
        for said in _not_applied(r.note):  # a standard left out of the figure, and why
            print(f"note: {r.level.replace('_', ' ')} {r.item} by {r.method}: {said}")
    if ev.non_case:
        from timestudy.guide.adjustments import non_case_note

        print(non_case_note(list(ev.non_case)))
    bad = ev.table.loc[ev.table["agrees"].eq(False)]
    for r in bad.itertuples():
        print(f"disagree: {r.item}: {r.method} gives {r.uplift:.2f}, outside the chosen "
              "figure's interval", file=sys.stderr)
    print(f"wrote {path}")
    return 1 if len(bad) else 0


def _floored(note) -> str:
    """The part of a chosen row's note that says its should was floored at measured.

    Examples
    --------
    >>> _floored("59% of 39 cases met the standard; the cases that met it took 10.54 h, "
    ...          "below the 11.17 h measured: floored at the measured hours")
    '; the cases that met it took 10.54 h, below the 11.17 h measured: floored at the measured hours'
    """
    said = [p for p in str(note or "").split("; ") if "floored at the measured" in p]
    return "".join(f"; {p}" for p in said)


def _not_applied(note) -> list[str]:
    """The parts of a usable row's note naming a standard not applied to its figure.

    Examples
    --------
    >>> _not_applied("done more often than required, so the measured rate is kept: visit; "
    ...              "standard for cla_review not applied: done on no case in the diary")
    ['standard for cla_review not applied: done on no case in the diary']
    >>> _not_applied(None)
    []
    """
    return [p for p in str(note or "").split("; ") if " not applied: " in p]


def _write_report(ev, folder: str) -> None:
    """The evidence in Markdown and the panel's convergence figure, all or nothing."""
    from pathlib import Path

    from timestudy._lib.atomic import atomic_folder

    with atomic_folder(folder) as tmp:
        (Path(tmp) / "should_evidence.md").write_text(ev.to_markdown(), encoding="utf-8")
        if ev.panel is not None:
            from timestudy.plots.render import save_png

            save_png(ev.panel.plot(), Path(tmp) / "delphi_convergence.png")
