"""``timestudy agreement``: agreement of automatic categorisation with human coding."""

from __future__ import annotations

import argparse

from timestudy._lib.atomic import atomic_folder
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY
from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import EXIT_READS, add_diary_options, read_episodes_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help=SUMMARY["agreement"],
        description=(
            "Compare a column of human coding with the automatic task types, at task-type and "
            "category level. If --auto is task_type and the file has no such column, the "
            "episodes are categorised first with --taxonomy. FILE is a table timestudy wrote or "
            "a diary in any layout, read with --mapping and --layout."
        ),
        epilog=EXIT_READS.replace("1 outputs written, but some rows", "1 some rows"),
    )
    p.add_argument("file", metavar="FILE", help="episodes file (.csv, .parquet or .xlsx)"
                   " or a diary")
    add_diary_options(p)
    p.add_argument("--manual", required=True, help="column holding the human coding")
    p.add_argument(
        "--auto",
        default="task_type",
        help="column holding the automatic coding (default task_type)",
    )
    p.add_argument(
        "--taxonomy",
        "-t",
        default=DEFAULT_TAXONOMY,
        help=f"taxonomy giving task types their categories (default {DEFAULT_TAXONOMY})",
    )
    p.add_argument(
        "--level",
        "--confidence",
        type=T.LEVEL,
        default=0.95,
        help="level of the kappa confidence intervals (default 0.95)",
    )
    p.add_argument(
        "--out",
        "-o",
        default=None,
        help="folder for statistics, confusion matrices (csv) and heatmaps (png)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.categorise.coding_agreement import agreement  # scipy: only when run

    episodes, ingest = read_episodes_args(args, args.file)
    result = agreement(
        episodes,
        manual=args.manual,
        auto=args.auto,
        taxonomy=args.taxonomy,
        level=args.level,
    )
    print(result)
    if args.out:
        with atomic_folder(args.out) as tmp:
            written = result.write(tmp)
        for name, path in written.items():
            print(f"  {name}: {args.out}/{path.name}")
    return 1 if ingest is not None and ingest.report.n_rejected else 0
