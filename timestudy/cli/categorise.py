"""``timestudy categorise``: give every episode a task type, a category and its rule."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timestudy._lib.atomic import atomic_file
from timestudy.categorise.rules import categorise_and_report
from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import (
    EXIT_READS,
    add_diary_options,
    read_diary_args,
    read_episodes_args,
    summary_text,
)
from timestudy.cli._tables import _suffix as check_suffix
from timestudy.cli._tables import write_table
from timestudy.errors import TimestudyError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "categorise",
        help=SUMMARY["categorise"],
        description=(
            "Add task_type, category and rule to every episode (precedence: a task_type "
            "column, then activity_code, then text patterns by priority, else uncategorised), "
            "write the result and a coverage report next to it (<out>_coverage.html and .json), "
            "and print the coverage summary. EPISODES is a table timestudy wrote (passed through "
            "as it is: one with duration_min) or a diary in any layout, read as validate reads "
            "it (with --mapping and --layout when given)."
        ),
        epilog=EXIT_READS,
    )
    p.add_argument("episodes", metavar="EPISODES", help="episodes file (.csv, .parquet or .xlsx)"
                   " or a diary")
    add_diary_options(p)
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
        "--top", type=T.number(int, 0, 100_000), default=20, help="uncategorised descriptions to list (default 20)"
    )
    p.set_defaults(func=run)


def _episodes(args: argparse.Namespace, path: str):
    """The episodes of ``path`` and its :class:`IngestResult` (None when passed through).

    A table passes through only when it has its minutes (``duration_min`` or ``counted_min``,
    as a table timestudy wrote has); one without them (a start/end diary such as
    ``worker_id,start,end,activity``) is read as a diary, as ``validate`` reads it, so its
    hours and the minutes of its uncategorised texts are counted (audit 23t: they were "-"
    and 0.0 min). A table that is no diary either passes through as it is.
    """
    episodes, result = read_episodes_args(args, path)
    if result is not None or {"duration_min", "counted_min"} & set(episodes.columns):
        return episodes, result
    try:
        result = read_diary_args(args, path)
    except TimestudyError:  # not a diary: a table of episodes without minutes, as it was
        return episodes, None
    return result.episodes, result


def run(args: argparse.Namespace) -> int:
    source = Path(args.episodes)
    out = (
        Path(args.out)
        if args.out
        else source.with_name(f"{source.stem}_categorised{source.suffix}")
    )
    check_suffix(out)  # refused with the formats allowed, before any work
    tax = load_taxonomy(args.taxonomy)
    episodes, result = _episodes(args, str(source))
    categorised, report = categorise_and_report(episodes, tax, top=args.top)
    redact = not args.no_redact
    html = out.with_name(f"{out.stem}_coverage.html")
    js = out.with_name(f"{out.stem}_coverage.json")
    with atomic_file(out) as tmp_out:  # the three files, all at once, never over an input
        tmp = tmp_out.parent
        write_table(categorised, tmp / out.name, redact=redact)
        report.write(tmp / html.name, redact=redact)
        report.write(tmp / js.name, redact=redact)
    if result is not None:
        print(summary_text(result))
    print(report)
    print(f"wrote {out}\n      {html}\n      {js}")
    if result is not None and result.report.n_rejected:
        print(f"timestudy categorise: {result.report.source}: {result.report.n_rejected:,} rows "
              "rejected and left out; see them with `timestudy validate FILE --out DIR`",
              file=sys.stderr)
        return 1
    return 0
