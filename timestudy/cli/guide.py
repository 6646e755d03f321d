"""``timestudy guide``: from a diary, cases and workers to the time guide and its reports.

Every option has a key in a study file (``timestudy init`` writes a commented one):
``timestudy guide --config study.yaml`` runs the study it describes, and an option
given on the command line overrides its key.

Exit codes: 0 when the outputs were written and every diary row was used; 1
when the outputs were written but some diary rows were rejected (the guide
leaves them out: run ``timestudy validate`` to see them); 2 when nothing could
be written (a file missing or unusable, a bad option).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import sys
import warnings
from pathlib import Path

from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import add_diary_options, rows_read
from timestudy.errors import ConfigError, DataQualityWarning, EstimationWarning, TimestudyWarning

EPILOG = (
    "exit status: 0 outputs written, every diary row used; 1 outputs written but some rows "
    "were rejected and left out (see them with `timestudy validate DIARY --out DIR`); 2 "
    "nothing written (a file missing or unusable). The outputs hold no diary text and no "
    "worker or case identifiers, and suppress figures from fewer than --min-workers workers; "
    "only --internal DIR (diary completeness by worker) names workers, outside --out."
)
_FREEZE_AT_EXIT: list = []  # the atexit handler, once registered


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "guide",
        help=SUMMARY["guide"],
        description=(
            "Read and check a diary (any supported layout), categorise it, fit the models and "
            "build the time guide; write guide.json, guide.xlsx (with a capacity calculator), "
            "report.html (self-contained), report.md, report.docx, report.pdf and "
            "data_quality.json to --out. Every option has a key in a study file "
            "(`timestudy init`); an option given here overrides its key."
        ),
        epilog=EPILOG,
    )
    p.add_argument("diary", metavar="DIARY", nargs="?",
                   help="the diary file (CSV, XLSX, Parquet, JSONL); key inputs.diary")
    p.add_argument("--cases", help="cases table (data_schema/cases.json); leave out for an "
                   "observation study (no case weights)")
    p.add_argument("--workers", help="workers table (data_schema/workers.json; its workdays "
                   "set the contracted days, 'Mon-Fri / Mon-Thu' with pattern_from, a date in "
                   "a week 1, for a pattern that alternates by week)")
    add_diary_options(p)
    p.add_argument("--weight", metavar="COLUMN",
                   help="the diary column holding each worker's survey weight, when the "
                        "diarists are a sample (default: every worker weighs 1)")
    p.add_argument("--taxonomy", help="shipped taxonomy name or YAML file")
    p.add_argument(
        "--adjustments", "--uplifts", dest="adjustments",
        help="YAML of 'is versus should' uplifts with their source "
        "(example: data_schema/examples/adjustments.yaml)",
    )
    p.add_argument("--min-workers", type=T.MIN_WORKERS, help="suppress any figure from fewer workers (5)")
    p.add_argument("--n-boot", type=T.N_BOOT, help="bootstrap replicates for intervals (999)")
    p.add_argument("--seed", type=T.SEED, help="bootstrap seed (0)")
    p.add_argument(
        "--caseload",
        help="caseload (cases table with worker_id) for the headline and capacity section "
        "(default: the study's cases); only the cases open on --as-of count",
    )
    p.add_argument("--as-of", dest="caseload_as_of", type=T.iso_date, metavar="DATE",
                   help="the day the caseload is of: cases closed by then or opened after it "
                   "are not counted (default: the last diary day)")
    p.add_argument("--out", help="output folder")
    p.add_argument("--calibrate-to", metavar="REFERENCE_JSON",
                   help="a published guide.json to calibrate to: write it pooled toward this "
                        "study instead of this study's own guide (figures from fewer than "
                        "--min-workers local workers get no weight)")
    p.add_argument("--internal", metavar="DIR",
                   help="also write diary completeness by worker (it names workers: kept with "
                   "the diary, never published) to this folder, outside --out")
    p.add_argument("--quiet", action="store_true", default=None, help="no progress bars")
    _study_options(p)
    p.set_defaults(func=run)


# ---------------------------------------------------------------- study-file options (issue 16)
def _study_options(p: argparse.ArgumentParser) -> None:
    """The options of the study file that have no older flag: assumptions, roles, report."""
    p.add_argument("--config", metavar="STUDY_YAML",
                   help="study file with every option (write one with `timestudy init`)")
    g = p.add_argument_group("time available (assumptions)")
    g.add_argument("--contracted-hours", type=T.HOURS_A_WEEK,
                   help="contracted hours of a full-time week (default: from the workers table)")
    g.add_argument("--leave-days", type=T.DAYS_A_YEAR, help="annual leave days a year (27)")
    g.add_argument("--bank-holidays", type=T.DAYS_A_YEAR, help="bank holidays a year (8)")
    g.add_argument("--bank-holiday-dates", metavar="LIST",
                   help="which diary days are bank holidays (a day off, not a missing day): "
                        "england-and-wales (default), scotland, northern-ireland, none, or "
                        "dates, comma-separated (2026-04-03,2026-04-06)")
    g.add_argument("--sickness-days", type=T.DAYS_A_YEAR, help="sickness days a year (8)")
    g.add_argument("--training-days", type=T.DAYS_A_YEAR, help="training days a year not in the diary (0)")
    g.add_argument("--other-days", type=T.DAYS_A_YEAR,
                   help="other days a year away from casework, not in the diary (0)")
    g.add_argument("--work-start", help="start of the working day, HH:MM (08:00)")
    g.add_argument("--work-end", help="end of the working day, HH:MM (18:00)")
    g.add_argument("--role", action="append", metavar="ROLE=SHARE", dest="roles",
                   type=T.role_share, help="share of a full caseload a role holds, e.g. asye=0.9 (repeat)")
    e = p.add_argument_group("estimates and report")
    e.add_argument("--reference", help="case type the relative weights compare with (CIN)")
    e.add_argument("--level", type=T.LEVEL, help="level of the intervals (0.95)")
    e.add_argument("--no-sensitivity", dest="sensitivity", action="store_false", default=None,
                   help="skip how much time per piece moves with the linking windows and "
                        "travel gap (faster reruns; the other figures are the same, and the "
                        "report and guide.json say it was not run)")
    e.add_argument("--bands", metavar="GREEN,AMBER,RED",
                   help="status band edges as shares of hours available (0.95,1.0,1.1)")
    e.add_argument("--title", help="title of the report")
    e.add_argument("--organisation", help="organisation named on the report's cover")
    e.add_argument("--team-names", metavar="LIST",
                   help="team names the report may show, comma-separated; any other team is "
                        "shown as Team A, Team B...")
    e.add_argument("--formats", metavar="LIST",
                   help="outputs to write, comma-separated: json,xlsx,html,md,docx,pdf (all)")
    s = p.add_argument_group("should from evidence (instead of --adjustments)")
    s.add_argument("--standards", help="practice standards: england or a standards.yaml")
    s.add_argument("--survey", help="sufficiency-of-time survey (data_schema/survey.json)")
    s.add_argument("--delphi", help="Delphi panel rounds (data_schema/delphi.json)")
    s.add_argument("--precedence", metavar="LIST",
                   help="which evidence wins, comma-separated (standards,delphi,survey)")


def _parse_list(text: str | None, option: str, cast=str) -> list | None:
    if text is None:
        return None
    try:
        return [cast(x.strip()) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ConfigError(f"{option} takes a comma-separated list, not {text!r}") from None


def _holiday_dates(text: str | None) -> str | tuple | None:
    """``--bank-holiday-dates``: a list's name (or none) as it is, else the dates listed."""
    if text is None:
        return None
    if "," not in text and not text.strip()[:1].isdigit():
        return text.strip().lower()
    return tuple(_parse_list(text, "--bank-holiday-dates"))


def study_from_args(args: argparse.Namespace):
    """The study file (if any), with every option given on the command line on top."""
    from timestudy.study import Study, check_study, read_study

    study = read_study(args.config) if args.config else Study.from_options()
    bands = _parse_list(args.bands, "--bands", float)
    if bands is not None and len(bands) != 3:
        raise ConfigError("--bands takes three numbers, e.g. 0.95,1,1.1")
    merged = study.override(
        diary=args.diary, cases=args.cases, workers=args.workers, mapping=args.mapping,
        layout=args.layout, sheet=args.sheet, timezone=args.timezone, weight=args.weight,
        caseload=args.caseload, caseload_as_of=args.caseload_as_of, taxonomy=args.taxonomy,
        calibrate_to=args.calibrate_to,
        work_start=args.work_start, work_end=args.work_end,
        contracted_hours=args.contracted_hours, leave_days=args.leave_days,
        bank_holidays=args.bank_holidays, sickness_days=args.sickness_days,
        bank_holiday_dates=_holiday_dates(args.bank_holiday_dates),
        training_days=args.training_days, other_days=args.other_days,
        roles=T.role_shares(args.roles), adjustments=args.adjustments,
        min_workers=args.min_workers, reference=args.reference, level=args.level,
        n_boot=args.n_boot, seed=args.seed, sensitivity=args.sensitivity, bands=bands,
        title=args.title,
        organisation=args.organisation,
        team_names=tuple(_parse_list(args.team_names, "--team-names")) if args.team_names
        else None,
        formats=tuple(_parse_list(args.formats, "--formats")) if args.formats else None,
        out=args.out, internal=args.internal, progress=False if args.quiet or not sys.stderr.isatty() else None,
        standards=args.standards, survey=args.survey, delphi=args.delphi,
        precedence=(tuple(_parse_list(args.precedence, "--precedence"))
                    if args.precedence else None),
    )
    check_study(merged, "the study file and options" if args.config else "options")
    return merged
# ---------------------------------------------------------------- end of study-file options


def _check(study) -> str | None:
    """What is wrong with the options, or None."""
    missing = [f for f, v in (("DIARY", study.diary), ("--workers", study.workers)) if v is None]
    if missing:
        return (f"{', '.join(missing)} not given: give them on the command line or in a study "
                "file (--config study.yaml; `timestudy init` writes one)")
    if study.min_workers < 1 or study.n_boot < 1:
        return "--min-workers and --n-boot must be at least 1"
    return None


def run(args: argparse.Namespace) -> int:
    _shut_down_quickly()
    study = study_from_args(args)
    problem = _check(study) or _check_internal(study.internal, study.out)
    if problem:
        print(f"timestudy guide: error: {problem}", file=sys.stderr)
        return 2
    from timestudy.study.ahead import reading_ahead
    from timestudy.study.run import read_files

    read_files(study)  # a file the run would refuse (not the diary's): before any reading
    with reading_ahead(study) as ahead:  # a child reads the diary while this imports SciPy
        return _run(study, ahead)


def _shut_down_quickly() -> None:
    """Have this process, at its exit, move everything it holds out of the garbage
    collector's sight (:func:`gc.freeze`, run by :mod:`atexit`; registered once).

    As Python shuts down it collects cycles more than once, each time traversing every
    object still alive: the modules of pandas, SciPy and the package among them. After a
    guide at 120 workers that took 0.25-0.30 s of processor time once its last file was
    written; frozen, the shutdown takes about 0.05 s. It is done at exit, so a notebook or
    a test process that runs the command through ``main(argv)`` collects as before until
    it ends itself.
    """
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(atexit.register(gc.freeze))


def _run(study, ahead: bool = False) -> int:
    from timestudy.report.writer import prepared
    from timestudy.study import run_study_file  # SciPy and the models: only when run

    if ahead and "html" in study.formats:  # still reading: the page's template made now
        from timestudy.report.html import warm

        warm()
    figures = bool({"html", "docx", "pdf"} & set(study.formats))
    with prepared(wanted=figures), warnings.catch_warnings(record=True) as caught:
        # the helper imports matplotlib, Word and PDF while this process does the numbers
        warnings.simplefilter("always", TimestudyWarning)
        warnings.simplefilter("always", EstimationWarning)
        warnings.simplefilter("always", DataQualityWarning)
        result, paths = run_study_file(study, files_read=True)  # read by run()
    shown = (w for w in caught if issubclass(w.category, TimestudyWarning))
    for w in dict.fromkeys(str(w.message) for w in shown):  # each once, in order
        print(f"timestudy guide: warning: {w}", file=sys.stderr)
    print(summary_text(result, paths))
    r = result.ingest.report
    if r.n_rejected:
        print(rejected_line(r, study.diary), file=sys.stderr)
    internal = [str(p) for k, p in paths.items() if k.startswith("internal/")]
    if internal:
        print("internal, names workers (keep with the diary, never publish): "
              + ", ".join(internal))
    print(f"open first: {first_to_open(paths)}")
    return 1 if r.n_rejected else 0


def rejected_line(report, diary) -> str:
    """The line saying how many diary rows the guide left out, and where to see why.

    Rows of a worker id not in the workers table are named by their own warnings (each id,
    its rows and hours, and the fix): ``timestudy validate`` only flags them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(n_rejected=4, n_read=78, rejected_by_reason={"unknown_worker": 3,
    ...                     "end_before_start": 1})
    >>> print(rejected_line(r, "diary.csv"))
    timestudy guide: diary.csv: 4 of 78 rows rejected and left out of the guide (3 of them of worker ids not in the workers table: add the ids to the workers table or correct their spelling, as the warnings above say); see the others with `timestudy validate diary.csv --out DIR`, correct them and run again
    """
    unknown = int(report.rejected_by_reason.get("unknown_worker", 0))
    line = (f"timestudy guide: {Path(diary).name}: {report.n_rejected:,} of "
            f"{report.n_read:,} rows rejected and left out of the guide")
    if unknown:
        line += (f" ({unknown:,} of them of worker ids not in the workers table: add the ids "
                 "to the workers table or correct their spelling, as the warnings above say)")
        if unknown >= report.n_rejected:
            return line
    return (line + f"; see {'the others' if unknown else 'them'} with `timestudy validate "
            f"{diary} --out DIR`, correct them and run again")


def _check_internal(internal: str | None, out: str) -> str | None:
    """Refuse an --internal folder inside the published --out folder."""
    if internal is None:  # (the report's modules, and SciPy with them, imported later)
        return None
    from timestudy.report.internal import inside_published

    if inside_published(internal, out):
        return (f"--internal {internal} is inside --out {out}: the completeness by worker "
                "names workers, so give a folder outside the published outputs")
    return None


def first_to_open(paths: dict) -> Path:
    """The file a person should open first: the report (PDF, Word, HTML) or the guide."""
    for name in ("report.pdf", "report.docx", "report.html", "guide.xlsx", "report.md",
                 "guide.json"):
        if name in paths:
            return paths[name]
    return next(iter(paths.values()))


def _hours(value) -> str:
    """Hours to one decimal with their unit, or ``suppressed`` (no unit after a word)."""
    from timestudy.report.format import number  # (lazy: the command line starts fast)

    shown = number(value, 1, missing="suppressed")
    return shown if shown == "suppressed" else f"{shown} h"


def _under_others(report) -> str:
    """The minutes accepted that lie under other entries (counted once), as a clause.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> _under_others(SimpleNamespace(details={"minutes": {"minutes_under_other_entries": 120.0}}))
    '120.00 min under other entries (counted once, for those); '
    """
    under = (report.details.get("minutes") or {}).get("minutes_under_other_entries")
    return f"{under:,.2f} min under other entries (counted once, for those); " if under else ""


def summary_text(study, paths: dict) -> str:
    """The few lines ``timestudy guide`` prints: what went in, the headline, where things are."""
    from timestudy.report.format import interval, percent
    from timestudy.report.headline import headline_sentences

    r = study.ingest.report
    g = study.guide
    m = g.meta
    lines = [
        f"{rows_read(r)}: {r.n_accepted:,} accepted, {r.n_rejected:,} rejected, "
        f"{r.n_duplicates:,} exact duplicates; "
        f"{_under_others(r)}"
        f"{percent(study.coverage.share_minutes_categorised, 1)} of time categorised",
        f"{int(m['n_workers']):,} workers, {int(m['n_cases']):,} cases, "
        f"{m['period'][0]} to {m['period'][1]}",
    ]
    ct = g.case_types
    if ct.empty:
        worked = g.available.loc["hours_worked_per_fte_week", "estimate"]
        named = study.ingest.episodes.get("case_id")
        named = 0 if named is None else int(named.dropna().nunique())
        lines += ["an observation study (no cases): task times, time budgets and hours worked; "
                  "no case weights" + (
                      f" (the diary names {named:,} cases: give --cases with the cases "
                      "table for hours per case-month, case weights and capacity; its case "
                      "ids still link each piece of work's sittings, travel and notes)"
                      if named else ""),
                  f"hours worked per FTE-week: {_hours(worked)}"]
    else:
        from timestudy.guide.uplifted import has_uplifts  # here: --help stays light

        uplifted = has_uplifts(g)
        lines.append(
            ("hours per case-month (should, with uplifts): " if uplifted else
             "hours per case-month (measured; no uplifts were given): ")
            + ", ".join(
                f"{k} {_hours(v)}"
                for k, v in ct["hours_per_case_month_should"].items()
            )
        )
        av = g.available_hours().loc["available_case_hours_per_fte_week"]
        measured = g.available_hours(should=False).loc["available_case_hours_per_fte_week"]
        ci = interval(av["ci_low"], av["ci_high"])
        lines.append(
            "hours for casework per FTE-week"
            + (f" (with the uplifts on non-case work; measured {_hours(measured['estimate'])})"
               if not av.equals(measured) else "")
            + f": {_hours(av['estimate'])}" + (f" ({ci} h)" if ci else "")
        )
        lines += headline_sentences(g.meta)
        counted = (g.meta.get("headline") or {}).get("caseload")
        if counted:  # which cases the capacity figures count, and how many were left out
            lines.append(f"capacity figures count {counted}.")
    if m.get("calibrated"):
        lines.append("calibrated: the reference guide pooled toward this study's figures (its "
                     "workers, cases and period above are the reference's; see the report)")
    if m.get("sensitivity") is not None:  # not run (--no-sensitivity): said, not absent
        lines.append(f"sensitivity of time per piece: {m['sensitivity']}")
    if g.suppressed:
        from timestudy.guide.thresholds import withheld_at  # at 7 in a guide at 5 from one at 7

        lines.append(_not_shown(g.suppressed, withheld_at(g)))
    lines.append("wrote " + "\n      ".join(str(p) for p in paths.values()))
    return "\n".join(lines)


def _not_shown(suppressed, min_workers: int) -> str:
    """The console's line on the figures withheld: those resting on too few workers, and
    the others by their own reason (audit26: with ``--min-workers 1`` a negative
    regression estimate was said to rest on "fewer than 1" workers).

    Examples
    --------
    >>> from timestudy.guide.disclosure import Suppressed
    >>> print(_not_shown([Suppressed("tasks", "a", "fewer than 5 workers"),
    ...                   Suppressed("tasks", "b", "fewer than 5 workers with pieces")], 5))
    not shown: 2 figures resting on too few workers (fewer than 5; listed in the report)
    >>> print(_not_shown([Suppressed("available_hours", "x", "over the hours worked it is "
    ...                              "the regression's negative estimate")], 1))
    not shown: 1 figure for another reason (listed in the report)
    """
    from timestudy.guide.disclosure import withheld_counts

    few, other = withheld_counts(suppressed)  # the guide's summary counts them alike
    parts = ([f"{few} figure{'s' if few != 1 else ''} resting on too few workers (fewer than "
              f"{min_workers}; listed in the report)"] if few else [])
    if other:
        parts.append(f"{other} figure{'s' if other != 1 else ''} for "
                     f"{'other reasons' if other != 1 else 'another reason'}"
                     f"{'' if few else ' (listed in the report)'}")
    return "not shown: " + "; ".join(parts)
