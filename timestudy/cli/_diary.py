"""What every command that reads a diary shares: the same options, the same reading, the same
summary.

``validate``, ``categorise``, ``guide``, ``observe``, ``pseudonymise`` and ``agreement``
take ``--mapping``, ``--layout``, ``--sheet`` and ``--timezone`` from
:func:`add_diary_options` and read with :func:`read_diary_args`, so local headers are
read the same way everywhere.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.ingest.layout_names import LAYOUTS

if TYPE_CHECKING:
    from timestudy.ingest.diary import IngestResult

SHOWN_REJECTS = 5
SHOWN_LINES = 8

EXIT_READS = (
    "exit status: 0 every row used; 1 outputs written, but some rows were rejected and left "
    "out (listed in the summary; `timestudy validate FILE --out DIR` writes them all); 2 "
    "nothing written (a file missing or unusable, a bad option, a diary that cannot serve "
    "the command). Outputs are written to a temporary folder beside --out and moved into "
    "place only when all are complete."
)


def add_diary_options(p: argparse.ArgumentParser) -> None:
    """``--mapping``, ``--layout``, ``--sheet`` and ``--timezone``, worded the same everywhere."""
    p.add_argument("--mapping", help="mapping YAML of local headers and conventions "
                   "(data_schema/README.md, 'The mapping file')")
    p.add_argument("--layout", choices=LAYOUTS, help="force a layout instead of detecting it")
    p.add_argument("--sheet", help="worksheet of an XLSX file: its name, or its tab counted "
                   "from 0 over every tab, hidden and chart tabs too; a number that is a "
                   "sheet's name reads that sheet (default: the first visible worksheet)")
    p.add_argument("--timezone", help="IANA time zone of the clock times, e.g. Europe/London")


def sheet_of(sheet: str | None) -> str | int | None:
    return int(sheet) if sheet is not None and sheet.isdigit() else sheet


def read_diary_args(args: argparse.Namespace, path: str, **kwargs) -> IngestResult:
    """Read ``path`` with the diary options in ``args``; any failure is one line."""
    from timestudy.ingest.diary import read_diary  # (pandas: only when a diary is read)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        try:
            return read_diary(
                path,
                mapping=getattr(args, "mapping", None),
                layout=getattr(args, "layout", None),
                sheet=sheet_of(getattr(args, "sheet", None)),
                timezone=getattr(args, "timezone", None),
                warn=False,
                progress=sys.stderr.isatty() and not getattr(args, "quiet", False),
                **kwargs,
            )
        except (TimestudyError, FileNotFoundError):
            raise
        except Exception as exc:  # an unreadable file must not end in a traceback
            raise TimestudyError(
                f"could not be read ({type(exc).__name__}: {exc}); check that it is a diary in "
                "CSV, XLSX, Parquet or JSON Lines format (if it is, please report this as a bug)",
                source=Path(path).name,
            ) from None


def rows_read(report) -> str:
    """``"N rows read"``; for a slot diary, whose episodes are runs of slots,
    ``"N rows read as M episodes"`` (the counts that follow are of episodes).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> rows_read(SimpleNamespace(n_read=2, layout="slots", details={"rows_in_file": 3}))
    '3 rows read as 2 episodes'
    """
    if report.layout in ("slots", "long_slots") and "rows_in_file" in report.details:
        n = report.details["rows_in_file"]
        return (f"{n:,} {'row' if n == 1 else 'rows'} read as {report.n_read:,} "
                f"{'episode' if report.n_read == 1 else 'episodes'}")
    return f"{report.n_read:,} rows read"


def summary_text(result: IngestResult, paths: dict | None = None) -> str:
    """The lines every reading command prints: counts, rejects, flags, the rule for minutes,
    the minutes account, long-running timers and merged spellings."""
    r = result.report
    lines = [
        f"{r.source}: {rows_read(r)} ({r.format}"
        + (f", sheet {r.details['sheet']!r}" if r.details.get("sheet") is not None else "")
        + f", layout {r.layout}): "
        f"{r.n_accepted:,} accepted, {r.n_rejected:,} rejected, "
        f"{r.n_duplicates:,} exact duplicates"
    ]
    word = "line" if r.format in ("csv", "jsonl") else "row"
    if r.rejected_by_reason:
        lines.append(
            "  rejected: " + ", ".join(f"{k} {v:,}" for k, v in r.rejected_by_reason.items())
        )
        for row in result.rejects.head(SHOWN_REJECTS).itertuples(index=False):
            lines.append(f"    {word} {row.source_row}: {row.reason}")
    if r.warnings_by_code:
        lines.append("  flagged: " + ", ".join(f"{k} {v:,}" for k, v in r.warnings_by_code.items()))
    lines += [f"  warning: {w['message']}" for w in r.details.get("warnings", ())]
    lines += _timers(result, word)
    lines += _minutes(r.details.get("minutes"), r.details.get("rules", {}))
    for col, merged in (r.details.get("merged_spellings") or {}).items():
        shown = "; ".join(f"{k} <- {', '.join(map(repr, v))}" for k, v in list(merged.items())[:5])
        lines.append(f"  {col} spellings merged: {shown}")
    if r.details.get("day_order") and r.details["day_order"] != "given in the mapping":
        lines.append(f"  dates read {r.details['day_order']}")
    if paths:
        lines.append("  wrote " + ", ".join(str(p) for p in paths.values()))
    return "\n".join(lines)


def _timers(result: IngestResult, word: str) -> list[str]:
    """Long-running timers, named with their lines: rejected, and long episodes kept."""
    out = []
    rej = result.rejects[result.rejects["code"].isin(["long_running_timer", "running_timer"])]
    if len(rej):
        shown = ", ".join(str(n) for n in rej["source_row"].head(SHOWN_LINES))
        more = f" and {len(rej) - SHOWN_LINES} more" if len(rej) > SHOWN_LINES else ""
        plural = "s" if len(rej) > 1 else ""
        out.append(f"  timers left running (rejected): {word}{plural} {shown}{more}")
    eps = result.episodes
    # the report counts the flags: search the rows only when some are long
    if result.report.warnings_by_code.get("long_episode") and "flags" in eps:
        long = eps.loc[eps["flags"].str.contains("long_episode", na=False), "source_row"]
        if len(long):
            shown = ", ".join(str(n) for n in long.head(SHOWN_LINES))
            more = f" and {len(long) - SHOWN_LINES} more" if len(long) > SHOWN_LINES else ""
            plural = "s" if len(long) > 1 else ""
            out.append(f"  long episodes kept (flagged long_episode): {word}{plural} {shown}{more}")
    return out


def _minutes(account: dict | None, rules: dict) -> list[str]:
    if not account:
        return []
    read = account.get("minutes_read", account["minutes_in"])
    line = (f"  minutes: {read:,.2f} in = {account['minutes_accepted']:,.2f} "
            f"accepted + {account['minutes_rejected']:,.2f} rejected")
    if account.get("rows_duplicates"):
        n = account["rows_duplicates"]
        line += (f" + {account['minutes_duplicates']:,.2f} in {n:,} exact "
                 f"duplicate{'s' if n > 1 else ''} (counted once)")
    if account.get("minutes_under_other_entries"):
        line += (f"; of the accepted, {account['minutes_under_other_entries']:,.2f} lie under "
                 f"other entries of the worker (counted once, for those): "
                 f"{account['minutes_counted']:,.2f} counted")
    if abs(account["difference"]) > 1e-6:
        lines = ", ".join(map(str, account["lines_counted_differently"][:SHOWN_LINES]))
        line += (f" + {account['difference']:,.2f} counted by the clock instead of the "
                 f"source's duration (lines {lines})")
    if account.get("rows_without_minutes"):
        line += f"; {account['rows_without_minutes']} rejected row(s) with no minutes known"
    if account.get("rows_totals"):
        n = account["rows_totals"]
        line += (f"; {account['minutes_totals']:,.2f} more in {n:,} total row{'s' if n > 1 else ''}"
                 " (rejected total_row: a sheet's sums, not work)")
    rule = rules.get("minutes_from", account.get("minutes_from"))
    said = ("the source's own duration" if rule == "duration" and rules.get(
        "source_durations", True) else "the clock times (the file gives no duration of its "
        "own)" if rule == "duration" else "the clock times")
    checked = ("" if not rules.get("source_durations", True) else
               f"; durations and clock times more than "
               f"{rules.get('mismatch_tolerance_seconds', 60):g} s apart are flagged "
               "duration_mismatch")
    return [line, f"  counted: {said} (minutes_from: {rule}){checked}"]


def read_episodes_args(args: argparse.Namespace, path: str):
    """Episodes for ``categorise`` and ``agreement``: without ``--mapping`` or ``--layout`` a
    table (``validate``'s episodes, a categorised file, any table of episodes) passes through as
    it is; with either, the file is read as a diary, as every other command reads it. Returns
    the episodes and the :class:`IngestResult` (None when passed through)."""
    from timestudy.cli._tables import FORMATS, read_table

    plain = not (getattr(args, "mapping", None) or getattr(args, "layout", None))
    if plain and Path(path).suffix.lower() in FORMATS:
        return read_table(path), None
    result = read_diary_args(args, path)
    return result.episodes, result


def diary_labels(path: str, mapping, layout: str | None) -> dict[str, str]:
    """Canonical name -> header of ``path`` as ``--mapping`` and ``--layout`` read it (WOMBAT:
    the participant id; Toggl: User, Email and Client), with ``__layout__`` the layout; empty
    for a cases or workers table, whose own headers say."""
    from timestudy.ingest.files import read_table
    from timestudy.ingest.layouts import to_candidates
    from timestudy.ingest.mapping import load_mapping

    m = load_mapping(mapping).replace(layout=layout)
    raw = read_table(path, sheet=m.sheet, encoding=m.encoding, delimiter=m.delimiter)
    try:
        cand = to_candidates(raw, m)
    except TimestudyError:
        return {}
    out = {k: v for k, v in cand.labels.items() if v in raw.frame.columns}
    return {**out, "__layout__": cand.layout}
