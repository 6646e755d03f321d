"""``timestudy categorise``: give every episode a task type, a category and its rule."""

from __future__ import annotations

import argparse
from pathlib import Path

from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from timestudy.cli._tables import read_table, write_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "categorise",
        help="categorise episodes into task types and categories with a taxonomy",
        description=(
            "Add task_type, category and rule to every episode (precedence: a task_type "
            "column, then activity_code, then text patterns by priority, else uncategorised), "
            "write the result and a coverage report next to it (<out>_coverage.html and .json), "
            "and print the coverage summary."
        ),
    )
    p.add_argument("episodes", metavar="EPISODES", help="episodes file (.csv, .parquet or .xlsx)")
    p.add_argument("--no-redact", action="store_true",
                   help="keep emails, phone numbers, postcodes, NI numbers and dates of birth "
                        "in the written text (they are redacted by default)")
    p.add_argument(
        "--taxonomy",
        "-t",
        default=DEFAULT_TAXONOMY,
        help=f"shipped taxonomy name or YAML file (default {DEFAULT_TAXONOMY})",
    )
    p.add_argument(
        "--out",
        "-o",
        default=None,
        help="output file (.csv, .parquet or .xlsx; default EPISODES_categorised.*)",
    )
    p.add_argument(
        "--top", type=int, default=20, help="uncategorised descriptions to list (default 20)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.episodes)
    out = (
        Path(args.out)
        if args.out
        else source.with_name(f"{source.stem}_categorised{source.suffix}")
    )
    tax = load_taxonomy(args.taxonomy)
    episodes = read_table(source)
    categorised, report = categorise_and_report(episodes, tax, top=args.top)
    redact = not args.no_redact
    write_table(categorised, out, redact=redact)
    html = report.write(out.with_name(f"{out.stem}_coverage.html"), redact=redact)
    js = report.write(out.with_name(f"{out.stem}_coverage.json"), redact=redact)
    print(report)
    print(f"wrote {out}\n      {html}\n      {js}")
    return 0
