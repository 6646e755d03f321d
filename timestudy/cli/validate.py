"""``timestudy validate``: check a diary, write the canonical episodes, rejects and a quality page.

Exit codes: 0 when every row was accepted (or counted as an exact duplicate),
1 when rows were rejected, 2 when the file cannot be used at all. Every outcome
ends with a one-line message naming the file; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.ingest.diary import IngestResult, read_diary
from timestudy.ingest.mapping import LAYOUTS

SHOWN_REJECTS = 5


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check a time diary and write canonical episodes, rejects and a quality report",
        description="Read a diary (CSV, XLSX, Parquet or JSON Lines, in any supported layout), "
        "check every row and report what was accepted, rejected or duplicated. "
        "Exit 0: all rows used; 1: rows rejected; 2: the file cannot be used.",
    )
    p.add_argument("diary", metavar="DIARY", help="the diary file")
    p.add_argument("--cases", help="cases table, to check case_id")
    p.add_argument("--workers", help="workers table, to check worker_id and compare hours")
    p.add_argument("--mapping", help="mapping YAML of local headers and conventions")
    p.add_argument("--layout", choices=LAYOUTS, help="force a layout instead of detecting it")
    p.add_argument("--sheet", help="worksheet of an XLSX file (default: the first)")
    p.add_argument("--timezone", help="IANA time zone of the clock times, e.g. Europe/London")
    p.add_argument(
        "--out",
        help="folder for episodes.parquet, rejects.csv, ingest_report.json and quality.html",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        try:
            result = read_diary(
                args.diary,
                mapping=args.mapping,
                layout=args.layout,
                cases=args.cases,
                workers=args.workers,
                sheet=_sheet(args.sheet),
                timezone=args.timezone,
                warn=False,
                progress=sys.stderr.isatty(),
            )
        except (TimestudyError, FileNotFoundError):
            raise
        except Exception as exc:  # an unreadable file must not end in a traceback
            raise TimestudyError(
                f"could not be read ({type(exc).__name__}: {exc}); check that it is a diary in "
                "CSV, XLSX, Parquet or JSON Lines format (if it is, please report this as a bug)",
                source=Path(args.diary).name,
            ) from None
    try:
        paths = result.write(args.out) if args.out else {}
    except OSError as exc:
        raise TimestudyError(
            f"cannot write the results to {args.out} ({exc.strerror or exc}); give --out a "
            "folder you can write to"
        ) from None
    print(summary_text(result, paths))
    r = result.report
    if r.n_rejected:
        where = f"see {paths['rejects.csv']}" if paths else "run with --out DIR to get rejects.csv"
        print(
            f"timestudy validate: {r.source}: {r.n_rejected:,} of {r.n_read:,} rows rejected "
            f"({where}); correct them at the lines listed and run again",
            file=sys.stderr,
        )
    if "quality.html" in paths:
        print(f"open first: {paths['quality.html']}")
    else:
        print("nothing written: give --out DIR for the quality page and rejects.csv")
    return 1 if r.n_rejected else 0


def summary_text(result: IngestResult, paths: dict | None = None) -> str:
    """The few lines ``timestudy validate`` prints."""
    r = result.report
    lines = [
        f"{r.source}: {r.n_read:,} rows read ({r.format}, layout {r.layout}): "
        f"{r.n_accepted:,} accepted, {r.n_rejected:,} rejected, "
        f"{r.n_duplicates:,} exact duplicates"
    ]
    if r.rejected_by_reason:
        lines.append(
            "  rejected: " + ", ".join(f"{k} {v:,}" for k, v in r.rejected_by_reason.items())
        )
        for row in result.rejects.head(SHOWN_REJECTS).itertuples(index=False):
            word = "line" if r.format in ("csv", "jsonl") else "row"
            lines.append(f"    {word} {row.source_row}: {row.reason}")
    if r.warnings_by_code:
        lines.append("  flagged: " + ", ".join(f"{k} {v:,}" for k, v in r.warnings_by_code.items()))
    if paths:
        lines.append("  wrote " + "\n        ".join(str(p) for p in paths.values()))
    return "\n".join(lines)


def _sheet(sheet: str | None) -> str | int | None:
    return int(sheet) if sheet is not None and sheet.isdigit() else sheet
