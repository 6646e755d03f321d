"""``timestudy pseudonymise``: keyed tokens for worker and case ids, and redacted free text."""

from __future__ import annotations

import argparse
from pathlib import Path

from timestudy._lib.atomic import atomic_folder
from timestudy.cli._diary import add_diary_options, id_headers
from timestudy.errors import ConfigError
from timestudy.exports import write_csv
from timestudy.ingest.files import read_table
from timestudy.privacy import KEY_ENV, pseudonymise, redact_frame


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pseudonymise",
        help="replace worker and case ids with keyed tokens, consistently across files",
        description=(
            "Replace worker_id and case_id in every FILE (diary, cases, workers: CSV, XLSX, "
            "Parquet or JSON Lines) with keyed HMAC-SHA256 tokens, the same in every file, and "
            f"optionally redact free text. The key comes from --key-file or ${KEY_ENV}; it is "
            "never written to any output. Files are written as CSV to --out. With --mapping or "
            "--layout, the id headers of a diary are those the mapping and layout read as "
            "worker_id and case_id (WOMBAT: participant id; Toggl: User, Email and Client)."
        ),
        epilog="exit status: 0 files written; 2 nothing written (a file missing or unusable, "
        "no key, --out among the inputs' folders).",
    )
    add_diary_options(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="tables to pseudonymise")
    p.add_argument("--out", required=True, help="output folder (must differ from the inputs')")
    p.add_argument("--key-file", help=f"file holding the secret key (default: ${KEY_ENV})")
    p.add_argument("--column", action="append", default=[], metavar="HEADER=KIND",
                   help="a local header holding ids, e.g. 'Staff ID=worker_id' (repeatable)")
    p.add_argument("--redact", action="append", default=None, metavar="COLUMN",
                   help="free-text column to redact (repeatable; default: activity, "
                        "secondary_activity, location, comments)")
    p.add_argument("--no-redact", action="store_true", help="do not redact free text")
    p.add_argument("--names", help="a text file of names to redact, one per line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    columns = {}
    for spec in args.column:
        header, _, kind = spec.partition("=")
        if kind not in ("worker_id", "case_id"):
            raise ConfigError(f"--column {spec!r}: give HEADER=worker_id or HEADER=case_id")
        columns[header] = kind
    names = []
    if args.names:
        names = [n for n in Path(args.names).read_text(encoding="utf-8").splitlines() if n.strip()]
    out = Path(args.out)
    inputs = [Path(f).resolve() for f in args.files]
    if any(out.resolve() == f.parent for f in inputs):
        raise ConfigError("--out is the folder of an input file: write pseudonymised copies "
                          "to another folder so the originals are not overwritten by mistake")
    if args.mapping or args.layout:
        for f in inputs:
            for header, kind in id_headers(str(f), args.mapping, args.layout).items():
                columns.setdefault(header, kind)
    tables = {f.stem: read_table(f).frame for f in inputs}
    if columns:
        default = {c: c for t in tables.values() for c in t.columns if c in ("worker_id",
                                                                              "case_id")}
        columns = default | columns
    result = pseudonymise(tables, key_file=args.key_file, columns=columns or None)
    with atomic_folder(out) as tmp:
        for stem, frame in result.items():
            if not args.no_redact:
                frame = redact_frame(frame, args.redact, names)
            write_csv(frame, tmp / f"{stem}.csv")
    for stem, frame in result.items():
        print(f"  {stem}: {len(frame)} rows -> {out / f'{stem}.csv'}")
    return 0
