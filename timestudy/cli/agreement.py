"""``timestudy agreement``: agreement of automatic categorisation with human coding."""

from __future__ import annotations

import argparse

from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY
from timestudy.cli._tables import read_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help="Cohen's kappa, accuracy and confusion matrices of automatic vs manual coding",
        description=(
            "Compare a column of human coding with the automatic task types, at task-type and "
            "category level. If --auto is task_type and the file has no such column, the "
            "episodes are categorised first with --taxonomy."
        ),
    )
    p.add_argument("file", metavar="FILE", help="episodes file (.csv, .parquet or .xlsx)")
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
        type=float,
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

    result = agreement(
        read_table(args.file),
        manual=args.manual,
        auto=args.auto,
        taxonomy=args.taxonomy,
        level=args.level,
    )
    print(result)
    if args.out:
        for name, path in result.write(args.out).items():
            print(f"  {name}: {path}")
    return 0
