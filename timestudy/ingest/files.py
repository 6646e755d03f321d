"""Reading a table from any supported source into rows with the numbers a user sees.

A :class:`RawTable` is the file as it was (headers and values untouched, text
formats all as strings) plus, for each row, its line number in a text file (the
header is line 1) or its row number in a spreadsheet; Parquet rows and DataFrame
rows are numbered from 1. Rows that could not even be split into fields are kept
in ``problems`` so that they become rejects rather than disappearing.

Files are untrusted: whatever the bytes, reading ends in a table or a
:class:`~timestudy.errors.SchemaError` on one line, within bounds. A workbook is
refused before it is unpacked when its parts would unpack to more than
:data:`MAX_UNZIPPED_BYTES` or more than :data:`MAX_ZIP_RATIO` times their packed size
(a zip bomb); JSON nested deeper than :data:`MAX_JSON_DEPTH` is not handed to
pyarrow's parser (which can crash on it); a table wider than :data:`MAX_COLUMNS`
columns is refused.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy._lib.limits import check_input, max_input_bytes
from timestudy.errors import SchemaError
from timestudy.ingest import csvfile, csvhead
from timestudy.ingest.header_again import without_repeated_header
from timestudy.ingest.jsonfile import MAX_JSON_DEPTH, _too_deep, read_jsonl
from timestudy.ingest.rawtable import (
    MAX_COLUMNS,
    RawTable,
    check_width,
    problem_code,
    unreadable,
)
from timestudy.ingest.textcheck import check_text
from timestudy.ingest.workbook import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, read_xlsx

__all__ = [  # what other modules take from here (_too_deep: tests/security, from before the split)
    "MAX_COLUMNS",
    "MAX_JSON_DEPTH",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_RATIO",
    "RawTable",
    "Source",
    "_too_deep",
    "problem_code",
    "read_table",
]

Source = str | os.PathLike | pd.DataFrame | io.IOBase
_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}


def read_table(
    source: Source,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    name: str | None = None,
) -> RawTable:
    """Read a CSV, XLSX, Parquet or JSON Lines file, or take a DataFrame, as a :class:`RawTable`.

    Parameters
    ----------
    source : path, file-like or DataFrame
        The table. The format follows the file suffix, or the content when the
        suffix is unknown.
    sheet : str or int, optional
        Worksheet of an XLSX file, by name or 0-based position (default: the first).
    encoding, delimiter : str, optional
        Override the detected text encoding and delimiter of a CSV file.
    name : str, optional
        Name used in messages (default: the file name).

    Returns
    -------
    RawTable
        Every cell as text, with ``source_row`` (the row number the user sees),
        ``format`` and the facts of the read.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> raw = read_table(EXAMPLES / "episodes.csv")
    >>> raw.format, int(raw.source_row[0])
    ('csv', 2)
    """
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, name or "DataFrame")
    if isinstance(source, io.IOBase):
        limit = max_input_bytes()
        data = source.read(limit + 1)
        label = str(name or getattr(source, "name", None) or "<stream>")
        if len(data) > limit:
            raise SchemaError(
                f"is more than {limit:,} bytes: set TIMESTUDY_MAX_INPUT_MB to raise the limit",
                source=label,
            )
        data = data.encode("utf-8") if isinstance(data, str) else data
        if _sniff_format(data) in ("csv", "jsonl"):
            check_text(data, label, encoding)
        return _from_bytes(data, str(label), _sniff_format(data), sheet, encoding, delimiter)
    path = Path(source)
    label = name or path.name
    if path.is_dir():
        raise SchemaError(
            "is a folder, not a file: give the path of the diary file itself", source=label
        )
    check_input(path, label)  # a regular file, within the size and memory limits
    suffix = path.suffix.lower()
    streamed = _SUFFIX.get(suffix) == "csv"
    if _SUFFIX.get(suffix, "csv") in ("csv", "jsonl"):
        # a CSV file that pyarrow streams whole has had every value checked as UTF-8:
        # only its start is checked here, the whole file if it is read another way
        check_text(path, label, encoding, head_only=streamed)
    if suffix == ".xls":
        raise SchemaError(
            "is an old-style .xls workbook: open it in Excel and save it as "
            ".xlsx (or export the sheet as CSV)",
            source=label,
        )
    if streamed:  # read and parsed at once (see csvfile.read_csv_file)
        raw = _read_csv(path, label, encoding, delimiter)
        if raw is not None:
            return raw
        check_text(path, label, encoding)
    data = path.read_bytes()
    fmt = _SUFFIX.get(suffix) or _sniff_format(data)
    return _from_bytes(data, label, fmt, sheet, encoding, delimiter)


def _sniff_format(data: bytes) -> str:
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:2] == b"PK":
        return "xlsx"
    if data.lstrip()[:1] in (b"{", b"["):
        return "jsonl"
    return "csv"


def _from_bytes(data: bytes, name: str, fmt: str, sheet, encoding, delimiter) -> RawTable:
    if not data[:4096].strip() and not data.strip():
        raise SchemaError(
            "is empty: a table needs a header row naming its columns, then one row per record",
            source=name,
        )
    if fmt == "csv":
        raw = _read_csv(data, name, encoding, delimiter)
    elif fmt == "xlsx":
        raw = read_xlsx(data, name, sheet)
    elif fmt == "parquet":
        raw = _read_parquet(data, name)
    else:
        raw = read_jsonl(data, name)
    check_width(raw.frame.shape[1], name)
    if fmt == "xlsx":  # a sheet of exports appended, each with its header row
        raw = without_repeated_header(raw)
    return raw if fmt == "csv" else unwrapped_header(raw)


def _read_csv(data: bytes | Path, name: str, encoding, delimiter) -> RawTable | None:
    """A CSV file (its bytes, or its path) as a RawTable; errors become SchemaError.

    Given a path, None means the file is to be read whole (see csvfile.read_csv_file).
    """
    try:
        if isinstance(data, Path):
            got = csvfile.read_csv_file(data, name, encoding, delimiter)
            if got is None:
                return None
        else:
            got = csvfile.read_csv(data, name, encoding, delimiter)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SchemaError(
                f"has a value longer than {csv.field_size_limit():,} characters: check "
                'for a quote (") that is opened and never closed, which runs a value to '
                "the end of the file, or shorten the value",
                source=name,
            ) from None
        raise unreadable(name, "CSV file", exc, "save it again as CSV (UTF-8)") from None
    except UnicodeError as exc:  # e.g. UTF-16 cut off in the middle of a character
        raise unreadable(
            name, "text file", exc, "save it again as CSV UTF-8 (Excel: Save As, CSV UTF-8)"
        ) from None
    raw = RawTable(
        got.frame,
        got.line,
        name,
        "csv",
        got.problems,
        {"encoding": got.encoding, "delimiter": csvfile.delimiter_name(got.delimiter)},
        echo=got.echo,
    )
    if got.encoding == csvhead.MIXED and isinstance(data, bytes):
        raw.details["warnings"] = [csvhead.mixed_warning(data)]
    if got.titles:
        n = len(got.titles)
        raw.details["warnings"] = [*raw.details.get("warnings", ()), {
            "code": "title_lines", "rows": n, "message": (
                f"title_lines: {'a line' if n == 1 else f'{n} lines'} above the header "
                f"read as the file's title, not rows: "
                f"{', '.join(repr(t[:60]) for t in got.titles[:3])}")}]
    check_width(raw.frame.shape[1], name)
    return unwrapped_header(without_repeated_header(_without_empty_lines(raw)))


#: A line break inside a header cell, and the spaces about it (``_x000D_``: a carriage
#: return as a workbook's XML escapes it).
_BREAK = re.compile(r"\s*(?:_x000D_|\r\n|\r|\n)+\s*")


def unwrapped_header(raw: RawTable) -> RawTable:
    """``raw`` with each header cell written across lines (Excel's wrap text, Alt+Enter:
    ``"Duration\\n(mins)"``) read with its line break as a space (``Duration (mins)``),
    said in a warning naming them: the header is what its words say, and it was refused
    for a name no mapping could match.

    Parameters
    ----------
    raw : RawTable
        A table as read, its columns named as written.

    Returns
    -------
    RawTable
        The same table (its frame renamed), with the warning ``header_across_lines``.

    Examples
    --------
    >>> f = pd.DataFrame({"Worker ID": ["W1"], "Duration\\n(mins)": ["90"]})
    >>> raw = unwrapped_header(RawTable(f, np.array([3]), "d.csv", "csv"))
    >>> list(raw.frame.columns), raw.details["warnings"][0]["code"]
    (['Worker ID', 'Duration (mins)'], 'header_across_lines')
    """
    names = [str(c) for c in raw.frame.columns]
    wrapped = [n for n in names if _BREAK.search(n)]
    if not wrapped:
        return raw
    read = [_BREAK.sub(" ", n).strip() if _BREAK.search(n) else n for n in names]
    raw.frame = raw.frame.set_axis(csvhead.unique_names(read), axis=1)
    shown = ", ".join(repr(_BREAK.sub(" ", n).strip()) for n in wrapped[:5])
    one = len(wrapped) == 1
    raw.details["warnings"] = [*raw.details.get("warnings", ()), {
        "code": "header_across_lines", "rows": 0, "message": (
            f"header_across_lines: {'a header cell' if one else f'{len(wrapped)} header cells'}"
            f" written across lines (a line break inside the cell, as a spreadsheet's wrap "
            f"text saves it) {'was' if one else 'were'} read with the break as a space: "
            f"{shown}")}]
    return raw


def _skipped(raw: RawTable, gone: np.ndarray, code: str, what: str) -> RawTable:
    """``raw`` without the rows at ``gone`` (positions), with a warning ``code`` naming
    their lines and saying ``what`` they are (``{s}``: ``s`` for one line, else nothing;
    ``{has}``: ``has`` or ``have``)."""
    if not len(gone):
        return raw
    keep = np.ones(len(raw.frame), bool)
    keep[gone] = False
    lines = raw.source_row[gone]
    one = len(lines) == 1
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5:,} more" if len(lines) > 5
                                              else "")
    said = {"code": code, "rows": len(lines), "message": (
        f"{code}: line{'' if one else 's'} {shown} ({len(lines):,} line{'' if one else 's'}) "
        + what.format(s="s" if one else "", has="has" if one else "have"))}
    raw.frame = raw.frame[keep].reset_index(drop=True)
    raw.source_row = raw.source_row[keep]
    raw.details["warnings"] = [*raw.details.get("warnings", ()), said]
    return raw


def _without_empty_lines(raw: RawTable) -> RawTable:
    """``raw`` without the lines whose every field is empty (``,,,,``: what Excel saves for
    an empty row that had a format), said in a warning naming them: like a blank line, such
    a line is no entry, and rejecting it (``missing_required``) asked the user to correct
    nothing. A field of spaces or tabs alone (``  ,  , ,``) is empty too. Only lines whose
    first field is empty are looked at further.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1", "", None, "  "],
    ...                   "start": ["09:00", "", "09:30", " \t"]})
    >>> raw = _without_empty_lines(RawTable(f, np.array([2, 3, 4, 5]), "d.csv", "csv"))
    >>> raw.source_row.tolist(), raw.details["warnings"][0]["message"][:41]
    ([2, 4], 'empty_lines: lines 3, 5 (2 lines) have ev')
    """
    frame = raw.frame
    if not len(frame) or not frame.shape[1]:
        return raw
    maybe = np.flatnonzero(_blank(frame.iloc[:, 0]))
    if not len(maybe):
        return raw
    rows = frame.iloc[maybe].astype("string")
    empty = (rows.isna() | (rows.apply(lambda c: c.str.strip()) == "")).all(axis=1)
    return _skipped(raw, maybe[empty.fillna(False).to_numpy(bool)], "empty_lines",
                    "{has} every field empty (delimiters only, or spaces and delimiters, as a "
                    "spreadsheet saves an empty row that had a format): skipped like blank "
                    "lines, no entry")


def _blank(first: pd.Series) -> np.ndarray:
    """Where ``first`` is missing, or text of spaces alone (or none): on Arrow-backed text
    by Arrow's own test of each string (empty, or every character a space: the characters
    ``str.strip`` takes away), with no stripped copy of the column made.

    Examples
    --------
    >>> _blank(pd.Series(["W1", "", None, " \\t", "\\u3000", " a"], dtype="string")).tolist()
    [False, True, True, True, True, False]
    >>> _blank(pd.Series([1.0, np.nan])).tolist()
    [False, True]
    """
    if isinstance(first.dtype, pd.StringDtype) and first.dtype.storage == "pyarrow":
        text = pa.array(first.array)
        blank = pc.or_kleene(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
        return pc.fill_null(blank, True).to_numpy(zero_copy_only=False).astype(bool, copy=False)
    blank = first.isna()
    if first.dtype.kind in "OU" or isinstance(first.dtype, pd.StringDtype):
        blank |= first.astype("string").str.strip() == ""  # spaces are nothing written
    return blank.fillna(True).to_numpy(bool)


def _from_frame(frame: pd.DataFrame, name: str) -> RawTable:
    if not isinstance(frame.index, pd.RangeIndex) and any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    frame = frame.set_axis([str(c) for c in frame.columns], axis=1)
    frame = frame.reset_index(drop=True)
    return RawTable(frame, np.arange(1, len(frame) + 1, dtype=np.int64), name, "dataframe")


def _read_parquet(data: bytes, name: str) -> RawTable:
    import pyarrow.parquet as pq

    try:  # a damaged file can fail anywhere in pyarrow or its pandas metadata
        parquet = pq.ParquetFile(pa.BufferReader(data))
        check_width(parquet.metadata.num_columns, name)
        table = parquet.read()
        table.validate(full=True)  # e.g. text that is not UTF-8, which pyarrow reads as it is
        frame = table.to_pandas()
    except SchemaError:
        raise
    except Exception as exc:
        raise unreadable(
            name, "Parquet file", exc, "re-export it, or save the table as CSV"
        ) from None
    return RawTable(
        frame.reset_index(drop=True), np.arange(1, len(frame) + 1, dtype=np.int64), name, "parquet"
    )
