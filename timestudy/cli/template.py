"""``timestudy template``: write an Excel diary for staff to fill in."""

from __future__ import annotations

import argparse

from timestudy.cli import _types as T
from timestudy.cli._commands import SUMMARY
from timestudy.ingest.template import write_template


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template",
        help=SUMMARY["template"],
        description="Write an Excel diary for staff: an instructions sheet and a diary sheet "
        "with drop-downs for task type and case type and checked dates and times.",
        epilog="exit status: 0 written; 2 nothing written (a bad taxonomy, a file you cannot write). The workbook is written beside --out and moved into place when complete.",
    )
    p.add_argument(
        "--out",
        default="diary_template.xlsx",
        help="the .xlsx file to write (default diary_template.xlsx)",
    )
    p.add_argument("--taxonomy", help="taxonomy for the task types (shipped name or YAML file)")
    p.add_argument("--rows", type=T.number(int, 1, 100_000), default=500, help="rows prepared (default 500)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.categorise.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else load_taxonomy()
    tasks = [(t.id, t.label) for t in taxonomy.task_types]
    from pathlib import Path

    from timestudy._lib.atomic import atomic_file

    with atomic_file(args.out) as tmp:
        write_template(tmp, tasks, rows=args.rows)
    path = Path(args.out)
    print(f"wrote {path}: fill in the Diary sheet, then run: timestudy validate {path.name}")
    return 0
