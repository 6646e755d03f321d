"""``timestudy pseudonymise``: keyed tokens for worker and case ids, and redacted free text."""

from __future__ import annotations

import argparse
import re
import warnings
from pathlib import Path

import pandas as pd

from timestudy._lib.atomic import atomic_folder
from timestudy.cli._commands import SUMMARY
from timestudy.cli._diary import add_diary_options, diary_labels
from timestudy.errors import ConfigError, DataQualityWarning, SchemaError
from timestudy.exports import write_csv
from timestudy.ingest.co_worked import CO_JOIN, co_worker_lists
from timestudy.ingest.files import read_table
from timestudy.ingest.harvest import ID_HEADER, NAME_LABEL, SIGNATURE, is_harvest, joined_names
from timestudy.ingest.mapping import EXTRA_NAMES, HELPER_COLUMNS, load_mapping
from timestudy.ingest.shared_names import one_id_per_name
from timestudy.ingest.table_spellings import co_held_cells, spelt_as_tables, tables_read
from timestudy.privacy import KEY_ENV, id_text, load_key, pseudonymise, redact_frame, tokens
from timestudy.schema.tables import load_schema


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pseudonymise",
        help=SUMMARY["pseudonymise"],
        description=(
            "Replace worker_id and case_id in every FILE (diary, cases, workers: CSV, XLSX, "
            "Parquet or JSON Lines) with keyed HMAC-SHA256 tokens, the same in every file, and "
            f"optionally redact free text. The key comes from --key-file or ${KEY_ENV}; it is "
            "never written to any output. Files are written as CSV to --out. With --mapping or "
            "--layout, the id headers of a diary are those the mapping and layout read as "
            "worker_id and case_id (WOMBAT: participant id; Toggl: User, Email and Client). "
            "The cases and workers tables are found, and their headers read, as guide reads "
            "them ('Staff ID' as worker_id, 'Case Ref' as case_id, 'Start Date' as opened, "
            "'FTE' as fte): their id columns are hashed and every column guide reads is kept "
            "under its own header. Ids are hashed as the workers and cases tables among the FILEs spell them: a "
            "diary's 'w02 ' for the table's 'W02' (case and spaces folded, the rule guide joins "
            "on) takes the table's token, so the copies join as the originals do; ids the "
            "tables do not list are named in a warning, with guide's 'did you mean'."
        ),
        epilog="exit status: 0 files written; 2 nothing written (a file missing or unusable, "
        "no key, --out among the inputs' folders, a file with no identifier column, an output "
        "that would equal or overwrite its input). Columns timestudy does not read are dropped "
        "unless named with --keep; the summary lists them.",
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
    p.add_argument("--keep", action="append", default=[], metavar="COLUMN",
                   help="keep a column timestudy does not read (its text is redacted); other "
                        "unknown columns are dropped (repeatable)")
    p.set_defaults(func=run)


#: Columns of a cases table that hold people's names: redacted wherever they appear.
NAME_COLUMNS = ("child_name", "name", "first_name", "forename", "surname", "family_name",
                "last_name", "full_name")
FREE_TEXT = ("activity", "secondary_activity", "location", "comments")
#: Columns timestudy reads: the canonical fields of the three tables and the mapping's helpers.
KNOWN = frozenset(
    [n for t in ("episodes", "cases", "workers") for n in load_schema(t).names]
    + list(HELPER_COLUMNS) + list(EXTRA_NAMES) + list(FREE_TEXT)
)


def run(args: argparse.Namespace) -> int:
    columns = _column_specs(args.column)
    names = []
    if args.names:
        names = [n for n in Path(args.names).read_text(encoding="utf-8").splitlines() if n.strip()]
    out = Path(args.out)
    inputs = [Path(f).resolve() for f in args.files]
    _refuse_overwrite(out, inputs)
    mapped = {h: k for k, h in load_mapping(args.mapping).columns.items() if k == "worker_id"}
    tables = {f.stem: _whole(read_table(f), columns | mapped) for f in inputs}
    found = tables_read(tables, {f.stem: f.name for f in inputs})  # guide's header rule
    listed_in = {kind: list(found[table]) for kind, table in LISTED_IN.items()}
    plans = {f.stem: _plan(f, tables[f.stem], args, columns,
                           {h: k for by in found.values() for h, k in by.get(f.stem, {}).items()})
             for f in inputs}
    names += _names_from_tables(tables)
    kept = {stem: tables[stem][plans[stem]["keep"]] for stem in tables}
    ids = {h: k for p in plans.values() for h, k in p["ids"].items()}
    spelt, said = spelt_as_tables(kept, ids, listed_in)
    _warn_joins(said, listed_in, {f.stem: f.name for f in inputs})
    result = pseudonymise(spelt, key_file=args.key_file, columns=ids)
    result = _co_held_tokens(result, spelt, ids, listed_in["worker_id"], args.key_file)
    written = {}
    for stem, frame in result.items():
        if not args.no_redact:
            text = args.redact or [c for c in frame.columns if c in plans[stem]["text"]]
            frame = redact_frame(frame, text, names)
        if frame.astype("string").equals(kept[stem].astype("string")):
            raise ConfigError(f"{stem}: the pseudonymised copy would equal the input (no "
                              "identifier or text changed): nothing written")
        written[stem] = frame
    with atomic_folder(out) as tmp:
        for stem, frame in written.items():
            write_csv(frame, tmp / f"{stem}.csv")
    for stem, frame in written.items():
        ids = ", ".join(plans[stem]["ids"])
        print(f"  {stem}: {len(frame)} rows -> {out / f'{stem}.csv'} (tokens in {ids})")
        if plans[stem]["dropped"]:
            print(f"    dropped {', '.join(plans[stem]['dropped'])} (unknown columns: keep one "
                  "with --keep COLUMN)")
    _warn_names_kept(written, plans, args, names)
    return 0


#: The table that lists each kind of id, as ``guide --workers`` and ``--cases`` take it
#: (found among the inputs by the guide's header rule:
#: :func:`timestudy.ingest.table_spellings.tables_read`).
LISTED_IN = {"worker_id": "workers", "case_id": "cases"}
#: Ids named in one warning (the count of the others follows).
_SHOWN = 10


def _warn_joins(said: dict, listed_in: dict, files: dict[str, str]) -> None:
    """One warning per file and kind of id for the spellings taken as the table's, and one
    for the ids the table does not list, named as written (once tokens, nobody can)."""
    for key in ("folded", "unknown"):
        records = pd.DataFrame(said[key])
        for (kind, name), got in (records.groupby(["kind", "name"], sort=False)
                                  if len(records) else ()):
            table = " and ".join(files[t] for t in listed_in[kind])
            many = len(got) != 1
            ids, it = f"{kind.split('_')[0]} id{'s' * many}", "them" if many else "it"
            if key == "folded":
                shown = [f"{a!r} as {b!r} ({n} row{'s' * (n != 1)})" for a, b, n in
                         got[["as_read", "as_table", "rows"]].head(_SHOWN).itertuples(index=False)]
                text = (f"{files[name]}: {len(got)} {ids} spelt as {table} spells {it} before "
                        "the tokens (case and spaces folded, the rule the guide joins on), so "
                        f"the copies join as the originals do: {_listed(shown, len(got))}")
            else:
                shown = [f"{u!r} ({n} row{'s' * (n != 1)}"
                         + (f"; did you mean {near!r}? its digits differ only by leading "
                            "zeros" if near else "") + ")"
                         for u, n, near in got[["id", "rows", "near"]].head(_SHOWN).itertuples(
                             index=False)]
                text = (f"{files[name]}: {len(got)} {ids} not in {table}: "
                        f"{_listed(shown, len(got))}; "
                        + ("as tokens they join" if many else "as a token it joins")
                        + f" nothing, as in the guide, which then cannot name {it}: correct "
                        f"{it} in {files[name]} (or add {it} to {table}) before pseudonymising")
            warnings.warn(text, DataQualityWarning, stacklevel=3)


def _co_held_tokens(result: dict, spelt: dict, ids: dict, listed_in: list, key_file) -> dict:
    """``result`` with each cell naming a co-worked case's holders (``'W1; W2'``, spelt as
    the workers table: :func:`~timestudy.ingest.table_spellings.co_held_cells`) given each
    holder's own token, joined by ``'; '``, so the copies' cell names the copies' workers as
    the original names the originals' (a token of the whole cell would name nobody)."""
    workers = [id_text(spelt[n][c]) for n in listed_in for c, k in ids.items()
               if k == "worker_id" and c in spelt[n]]
    if not workers:
        return result
    table = pd.Index(pd.concat(workers).dropna().unique().astype(str))
    key = None
    for name in [n for n in spelt if n not in listed_in]:
        for col in [c for c, k in ids.items() if k == "worker_id" and c in spelt[name]]:
            cells = id_text(spelt[name][col])
            co = co_held_cells(pd.Index(cells.dropna().unique()), table)
            if co.empty:
                continue
            key = key if key is not None else load_key(None, key_file)
            parts = co_worker_lists(pd.Series(co.index, index=co.index)).explode()
            each = tokens(parts, key, "worker_id").groupby(level=0, sort=False).agg(CO_JOIN.join)
            hit = cells.isin(each.index).fillna(False).to_numpy(bool)
            result[name].loc[hit, col] = cells[hit].map(each).to_numpy()
    return result


def _listed(shown: list[str], n: int) -> str:
    """The ``shown`` items of ``n``, and how many more.

    Examples
    --------
    >>> _listed(["'a'", "'b'"], 3)
    "'a', 'b' and 1 more"
    """
    return ", ".join(shown) + (f" and {n - len(shown)} more" if n > len(shown) else "")


def _warn_names_kept(written: dict, plans: dict, args: argparse.Namespace, names: list) -> None:
    """Warn when free text is written with no name to redact: the default redaction takes
    out dates of birth, postcodes, phone numbers and e-mail addresses, never a name it has
    not been given ('Home visit - Jane Bloggs' stays as written)."""
    text = sorted({c for stem, f in written.items() for c in (args.redact or plans[stem]["text"])
                   if c in f.columns and f[c].astype("string").str.strip().fillna("").ne("").any()})
    if args.no_redact or names or not text:
        return
    given = ("the --names file lists no name" if args.names else "no --names file was given")
    warnings.warn(f"free text ({', '.join(text)}) is written with no names redacted: {given} "
                  "and no table has a name column, and the redaction finds "
                  "names only from those lists (a 'Home visit - Jane Bloggs' stays as "
                  "written); give --names with the children's, families' and workers' names, "
                  "or check the text before sharing it", DataQualityWarning, stacklevel=2)


def _whole(raw, columns: dict[str, str]):
    """The table's rows, refusing a file with lines that cannot be read (never a copy short of
    some rows). A Harvest report's worker, its First Name and Last Name as the reader joins
    them, becomes a ``worker_id`` column (tokens; the name columns are dropped as names),
    unless ``columns`` (``--column``) names the worker's id column; names that disagree with
    its ``Employee Id`` are refused as the reader refuses them (one token for two people)."""
    if raw.problems:
        line, _, why = raw.problems[0]
        raise ConfigError(f"{len(raw.problems)} line(s) cannot be read, so a copy would lack "
                          f"rows; first: {why}; nothing written", source=raw.name)
    frame = raw.frame
    keyed = "worker_id" in {_key(c) for c in frame.columns} | set(columns.values())
    names = None if keyed or not is_harvest(frame.columns) else joined_names(frame)
    if names is None:
        return frame
    frame = frame.assign(worker_id=names)
    try:
        one_id_per_name(frame, {"worker_id": NAME_LABEL}, raw.name, ID_HEADER)
    except SchemaError as err:
        raise ConfigError(f"{err}; here: --column 'Employee Id=worker_id' (the copy then "
                          "keys its workers by that column's tokens); nothing written") from None
    return frame


def _column_specs(specs: list[str]) -> dict[str, str]:
    columns = {}
    for spec in specs:
        header, _, kind = spec.partition("=")
        if kind not in ("worker_id", "case_id"):
            raise ConfigError(f"--column {spec!r}: give HEADER=worker_id or HEADER=case_id")
        columns[header] = kind
    return columns


def _refuse_overwrite(out: Path, inputs: list[Path]) -> None:
    """No output may replace an input, and no two inputs may share an output."""
    if any(out.resolve() == f.parent for f in inputs):
        raise ConfigError("--out is the folder of an input file: write pseudonymised copies "
                          "to another folder so the originals are not overwritten by mistake")
    targets = {(out / f"{f.stem}.csv").resolve() for f in inputs}
    if targets & set(inputs):
        raise ConfigError("an output would overwrite its input: choose another --out")
    stems = [f.stem for f in inputs]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise ConfigError(f"two inputs are both named {twice[0]!r}: their outputs would be one "
                          "file; rename one")


def _plan(path: Path, frame, args, columns: dict[str, str], read: dict[str, str]) -> dict:
    """Which headers of one table hold ids, which are known (kept) and which are dropped.

    ``read`` is each header the guide reads as a field of the cases or workers table, if
    the file is one (``Start Date`` as ``opened``, ``Staff ID`` as ``worker_id``): kept,
    and those read as ``worker_id`` or ``case_id`` hold ids."""
    ids = {h: k for h, k in columns.items() if h in frame.columns}
    ids |= {c: c for c in frame.columns if c in ("worker_id", "case_id")}
    for header, field in read.items():
        if field in ("worker_id", "case_id"):
            ids.setdefault(header, field)
    labels = diary_labels(str(path), args.mapping, args.layout)
    for canonical, header in labels.items():
        kind = {"participant_id": "worker_id"}.get(canonical, canonical)
        if kind in ("worker_id", "case_id") and header in frame.columns:
            ids.setdefault(header, kind)
    if labels.get("__layout__") == "toggl":
        ids |= {h: "worker_id" for h in frame.columns if h.strip().lower() == "email"}
    if not ids:
        raise ConfigError(
            f"{path.name}: no identifier column found (worker_id, case_id, or what --mapping "
            "names): name it with --mapping or --column 'Staff ID=worker_id'; nothing written")
    known = set(KNOWN) | set(labels.values()) | set(ids) | set(read) | set(args.keep)
    if is_harvest(frame.columns):  # its Hours Rounded: the copy is still read as Harvest's
        known |= {c for c in frame.columns if _key(c) in SIGNATURE}
    keep = [c for c in frame.columns if c in known and _key(c) not in NAME_COLUMNS
            or c in args.keep]
    text = {c for c in keep if c in FREE_TEXT or c in args.keep
            or any(labels.get(t) == c for t in FREE_TEXT)}
    return {"ids": ids, "keep": keep, "text": text,
            "dropped": [str(c) for c in frame.columns if c not in keep]}


def _names_from_tables(tables: dict) -> list[str]:
    """Names (and each part of them) held in a cases table's name columns."""
    out: set[str] = set()
    for frame in tables.values():
        for col in frame.columns:
            if _key(col) in NAME_COLUMNS:
                full = frame[col].dropna().astype(str).str.strip()
                out |= set(full[full != ""])
                out |= {p for p in full.str.split().explode().dropna() if len(p) > 1}
    return sorted(out)


def _key(header) -> str:
    """A header as a column key: ``Child Name`` is ``child_name``."""
    return re.sub(r"[\s\-]+", "_", str(header).strip().lower())
