"""``timestudy validate``: check a diary, write the canonical episodes, rejects and a quality page.

Exit codes: 0 when every row was accepted (or counted as an exact duplicate),
1 when rows were rejected, 2 when the file cannot be used at all. Every outcome
ends with a one-line message naming the file; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from timestudy._lib.atomic import atomic_folder
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import add_diary_options, read_diary_args, summary_text
from timestudy.errors import TimestudyError

if TYPE_CHECKING:  # (pandas: imported when a diary is read, not for --help)
    from timestudy.ingest.diary import IngestResult

__all__ = ["register", "run", "summary_text"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help=SUMMARY["validate"],
        description="Read a diary (CSV, XLSX, Parquet or JSON Lines, in any supported layout), "
        "check every row and report what was accepted, rejected or duplicated, and the "
        "minutes in, accepted and rejected. Warns when the columns categorisation or the "
        "guide need are absent. With --cases and --workers, ids are read as guide reads "
        "them: one spelt with other capitals or spaces is the table's, a worker id the "
        "workers table does not list is rejected, and every id left unknown is named.",
        epilog="exit status: 0 all rows used; 1 rows rejected (outputs written); 2 the file "
        "cannot be used (nothing written). Outputs are written to a temporary folder beside "
        "--out and moved into place only when all are complete.",
    )
    p.add_argument("diary", metavar="DIARY", help="the diary file")
    p.add_argument("--cases", help="cases table, to check case_id (as guide does)")
    p.add_argument("--workers", help="workers table, to check worker_id (as guide does: rows "
                   "of an id it does not list are rejected) and compare hours")
    add_diary_options(p)
    p.add_argument(
        "--out",
        help="folder for episodes.parquet, rejects.csv, ingest_report.json and quality.html",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from timestudy.ingest.requirements import missing_for_guide

    result = read_as_guide(args)
    paths = _write(result, args.out) if args.out else {}
    print(summary_text(result, paths))
    for need in missing_for_guide(result.episodes, cases=True) if len(result.episodes) else ():
        print(f"timestudy validate: warning: {result.report.source}: {need}", file=sys.stderr)
    r = result.report
    if r.n_rejected:
        where = f"see {paths['rejects.csv']}" if paths else "run with --out DIR to get rejects.csv"
        rows = r.details.get("rows_are", "rows")  # a Weekly report's day cells (.tool_reports)
        print(f"timestudy validate: {r.source}: {r.n_rejected:,} of {r.n_read:,} {rows} rejected "
              f"({where}); {_to_do(r)}", file=sys.stderr)
    if "quality.html" in paths:
        print(f"open first: {paths['quality.html']}")
    else:
        print("nothing written: give --out DIR for the quality page and rejects.csv")
    return 1 if r.n_rejected else 0


def read_as_guide(args: argparse.Namespace) -> IngestResult:
    """The diary read against ``--cases`` and ``--workers`` as ``guide`` reads it.

    The tables are read and checked (:func:`~timestudy.ingest.tables.read_cases`,
    :func:`~timestudy.ingest.tables.read_workers`), the cases table's holders spelt as the
    workers table spells them (:func:`~timestudy.ingest.holder_ids.fold_holders`), and
    each diary worker and case id taken as the tables spell it
    (:func:`~timestudy.ingest.worker_ids.match_worker_ids`, then
    :func:`~timestudy.ingest.case_ids.match_case_ids`): the guide's rules, called, so the
    same files get the same verdict. A worker id the workers table does not list is
    rejected (``unknown_worker``), as ``guide`` leaves its rows out; an id spelt with other
    capitals or spaces is the table's; and every id left unknown is named with the
    guide's "did you mean" (digits differing only by leading zeros).
    """
    from timestudy.ingest.case_ids import match_case_ids
    from timestudy.ingest.co_worked import lead_with_diary
    from timestudy.ingest.holder_ids import fold_holders, table_name
    from timestudy.ingest.tables import read_cases, read_workers
    from timestudy.ingest.worker_ids import match_worker_ids

    workers = read_workers(args.workers) if args.workers else None
    cases = (fold_holders(read_cases(args.cases), workers,
                          table_name(args.cases, "the cases table")) if args.cases else None)
    result = read_diary_args(args, args.diary, cases=cases, workers=workers)
    result = match_worker_ids(result, workers, args.mapping)
    if cases is not None and len(result.episodes):  # the guide's lead, and its warning
        cases = lead_with_diary(cases, result.episodes["worker_id"].astype(str).unique(),
                                table_name(args.cases, "the cases table"))
    return match_case_ids(result, cases, args.mapping)


def _to_do(report) -> str:
    """What to do about the rows rejected: total rows (a sheet's sums) need nothing.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> _to_do(SimpleNamespace(n_rejected=4, rejected_by_reason={"total_row": 4}))
    "all are total rows (a sheet's sums, not entries, left out of the minutes): nothing to correct"
    """
    totals = report.rejected_by_reason.get("total_row", 0)
    if not totals:
        return "correct them at the lines listed and run again"
    if totals == report.n_rejected:
        return ("all are total rows (a sheet's sums, not entries, left out of the minutes): "
                "nothing to correct")
    return (f"{totals:,} are total rows (a sheet's sums, not entries: nothing to correct); "
            "correct the others at the lines listed and run again")


def _write(result: IngestResult, out: str) -> dict:
    try:
        with atomic_folder(out) as tmp:
            written = result.write(tmp)
    except OSError as exc:
        raise TimestudyError(
            f"cannot write the results to {out} ({exc.strerror or exc}); give --out a "
            "folder you can write to"
        ) from None
    return {name: type(path)(out) / path.name for name, path in written.items()}
