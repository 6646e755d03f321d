"""``timestudy guide``: from a diary, cases and workers to the time guide and its reports.

Exit codes: 0 when the outputs were written and every diary row was used; 1
when the outputs were written but some diary rows were rejected (the guide
leaves them out: run ``timestudy validate`` to see them); 2 when nothing could
be written (a file missing or unusable, a bad option).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from timestudy._lib.atomic import atomic_folder
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY
from timestudy.cli._diary import add_diary_options, sheet_of
from timestudy.errors import DataQualityWarning, EstimationWarning, TimestudyWarning

EPILOG = (
    "exit status: 0 outputs written, every diary row used; 1 outputs written but some rows "
    "were rejected and left out (see them with `timestudy validate DIARY --out DIR`); 2 "
    "nothing written (a file missing or unusable, or a diary without the columns the guide "
    "needs: every missing column is named with its mapping key). Outputs are written to a "
    "temporary folder beside --out and moved into place only when all are complete. The "
    "outputs hold no diary text and no worker or case identifiers, and suppress figures from "
    "fewer than --min-workers workers. Without --cases (an observation study) the guide has "
    "task times, time budgets and available time, and no case weights."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "guide",
        help="build the time guide from a diary and write guide.json, guide.xlsx and reports",
        description=(
            "Read and check a diary (any supported layout), categorise it, fit the models and "
            "build the time guide; write guide.json, guide.xlsx (with a capacity calculator), "
            "report.html (self-contained), report.md and data_quality.json to --out."
        ),
        epilog=EPILOG,
    )
    p.add_argument("diary", metavar="DIARY", help="the diary file (CSV, XLSX, Parquet, JSONL)")
    p.add_argument(
        "--cases",
        help="cases table (data_schema/cases.json); leave out for an "
        "observation study (no case weights)",
    )
    p.add_argument("--workers", required=True, help="workers table (data_schema/workers.json)")
    add_diary_options(p)
    p.add_argument(
        "--taxonomy",
        default=DEFAULT_TAXONOMY,
        help=f"shipped taxonomy name or YAML file (default {DEFAULT_TAXONOMY})",
    )
    p.add_argument(
        "--adjustments",
        help="YAML of 'is versus should' uplifts with their source "
        "(example: data_schema/examples/adjustments.yaml)",
    )
    p.add_argument(
        "--min-workers",
        type=int,
        default=5,
        help="suppress any figure from fewer workers (default 5)",
    )
    p.add_argument(
        "--n-boot", type=int, default=999, help="bootstrap replicates for intervals (default 999)"
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument(
        "--caseload",
        help="caseload (cases table with worker_id) for the report's capacity section "
        "(default: the cases open on the last diary day)",
    )
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.pipeline import run_study  # statsmodels and matplotlib: only when run
    from timestudy.report import write_outputs

    if args.min_workers < 1 or args.n_boot < 1:
        print(
            "timestudy guide: error: --min-workers and --n-boot must be at least 1", file=sys.stderr
        )
        return 2
    progress = not args.quiet and sys.stderr.isatty()  # no bars in logs and pipes
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimestudyWarning)
        warnings.simplefilter("always", EstimationWarning)
        warnings.simplefilter("ignore", DataQualityWarning)
        study = run_study(
            args.diary,
            args.cases,
            args.workers,
            mapping=args.mapping,
            layout=args.layout,
            sheet=sheet_of(args.sheet),
            timezone=args.timezone,
            taxonomy=args.taxonomy,
            adjustments=args.adjustments,
            min_workers=args.min_workers,
            n_boot=args.n_boot,
            seed=args.seed,
            progress=progress,
        )
        caseload = workers = None
        if args.caseload:
            from timestudy.ingest.diary import read_cases

            caseload, workers = read_cases(args.caseload), study.workers
        with atomic_folder(args.out) as tmp:
            written = write_outputs(
                study, tmp, caseload=caseload, workers=workers, progress=progress
            )
        paths = {k: Path(args.out) / Path(v).relative_to(tmp) for k, v in written.items()}
    shown = (w for w in caught if issubclass(w.category, TimestudyWarning))
    for w in dict.fromkeys(str(w.message) for w in shown):  # each once, in order
        print(f"timestudy guide: warning: {w}", file=sys.stderr)
    print(summary_text(study, paths))
    r = study.ingest.report
    if r.n_rejected:
        print(
            f"timestudy guide: {Path(args.diary).name}: {r.n_rejected:,} of {r.n_read:,} rows "
            "rejected and left out of the guide; see them with `timestudy validate "
            f"{args.diary} --out DIR`, correct them and run again",
            file=sys.stderr,
        )
        return 1
    return 0


def summary_text(study, paths: dict) -> str:
    """The few lines ``timestudy guide`` prints: what went in, the headline, where things are."""
    from timestudy.report.format import interval, label, number, percent

    r = study.ingest.report
    g = study.guide
    m = g.meta
    lines = [
        f"{r.n_read:,} rows read: {r.n_accepted:,} accepted, {r.n_rejected:,} rejected, "
        f"{r.n_duplicates:,} exact duplicates; "
        f"{percent(study.coverage.share_minutes_categorised, 1)} of time categorised",
        f"{m['n_workers']} workers, {m['n_cases']} cases, {m['period'][0]} to {m['period'][1]}",
    ]
    ct = g.case_types
    if ct.empty:
        lines.append(
            "an observation study (no cases): task times, time budgets and hours "
            "worked; no case weights"
        )
    else:
        lines.append(
            "hours per case-month (should): "
            + ", ".join(
                f"{label(k)} {number(v, 1, missing='suppressed')}"
                for k, v in ct["hours_per_case_month_should"].items()
            )
        )
    av = g.available.loc["available_case_hours_per_fte_week"]
    if ct.empty:
        worked = g.available.loc["hours_worked_per_fte_week", "estimate"]
        lines.append(f"hours worked per FTE-week: {number(worked, 1, missing='suppressed')}")
    else:
        lines.append(
            f"hours for casework per FTE-week: {number(av['estimate'], 1, missing='suppressed')}"
            + (
                f" ({interval(av['ci_low'], av['ci_high'])})"
                if interval(av["ci_low"], av["ci_high"])
                else ""
            )
        )
    if g.suppressed:
        lines.append(
            f"suppressed: {len(g.suppressed)} figure(s) from fewer than {m['min_workers']} "
            "workers (listed in the report)"
        )
    lines.append("wrote " + "\n      ".join(str(p) for p in paths.values()))
    return "\n".join(lines)
