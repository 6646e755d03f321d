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
import datetime as dt
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.limits import check_input, max_input_bytes
from timestudy.errors import SchemaError
from timestudy.ingest import csvfile
from timestudy.ingest.textcheck import check_text
from timestudy.schema.parse import as_text

Source = str | os.PathLike | pd.DataFrame | io.IOBase
#: Widest table read: a diary has a few dozen columns, a grid of 5-minute slots 288.
MAX_COLUMNS = 2_000
#: Most bytes the parts of a workbook may unpack to (1M diary rows take about 500 MB).
MAX_UNZIPPED_BYTES = 2_000_000_000
#: Highest packing ratio of a workbook part over 1 MB: Excel's own are 5 to 20.
MAX_ZIP_RATIO = 100
#: Deepest JSON nesting handed to pyarrow's parser; deeper lines are read one at a time.
MAX_JSON_DEPTH = 64
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


@dataclass
class RawTable:
    """A table as read, with row numbers.

    Attributes
    ----------
    frame : DataFrame
        The rows, columns named as in the source.
    source_row : ndarray of int
        Line (text files, header = line 1), sheet row, or 1-based position.
    name : str
        File name (or ``"DataFrame"``) used in messages.
    format : str
        ``csv``, ``xlsx``, ``parquet``, ``jsonl`` or ``dataframe``.
    problems : list of (int, list of str, str[, str])
        Rows that could not be split into fields: row number, raw fields, reason and,
        optionally, a code (default ``wrong_field_count``; see :func:`problem_code`).
    details : dict
        What was detected: encoding, delimiter, sheet.
    """

    frame: pd.DataFrame
    source_row: np.ndarray
    name: str
    format: str
    problems: list = field(default_factory=list)
    details: dict = field(default_factory=dict)

    @property
    def row_word(self) -> str:
        """``line`` for text files, ``row`` otherwise: how messages refer to a row."""
        return "line" if self.format in ("csv", "jsonl") else "row"


def problem_code(problem: tuple) -> str:
    """The reject code of an entry of :attr:`RawTable.problems`.

    Examples
    --------
    >>> problem_code((3, ["a"], "too few fields")), problem_code((3, [], "x", "unclosed_quote"))
    ('wrong_field_count', 'unclosed_quote')
    """
    return problem[3] if len(problem) > 3 else "wrong_field_count"


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
            raise SchemaError(f"is more than {limit:,} bytes: set TIMESTUDY_MAX_INPUT_MB "
                              "to raise the limit", source=label)
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
    if _SUFFIX.get(suffix, "csv") in ("csv", "jsonl"):
        check_text(path, label, encoding)
    if suffix == ".xls":
        raise SchemaError(
            "is an old-style .xls workbook: open it in Excel and save it as "
            ".xlsx (or export the sheet as CSV)",
            source=label,
        )
    if _SUFFIX.get(suffix) == "csv":  # read and parsed at once (see csvfile.read_csv_file)
        raw = _read_csv(path, label, encoding, delimiter)
        if raw is not None:
            return raw
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
        raw = _read_xlsx(data, name, sheet)
    elif fmt == "parquet":
        raw = _read_parquet(data, name)
    else:
        raw = _read_jsonl(data, name)
    _check_width(raw.frame.shape[1], name)
    return raw


def _check_width(n_columns: int, name: str) -> None:
    if n_columns > MAX_COLUMNS:
        raise SchemaError(
            f"has {n_columns:,} columns; a diary has at most {MAX_COLUMNS:,} (one per field, "
            "or one per time slot): check that this is the diary, and that the delimiter "
            "is right",
            source=name,
        )


def _unreadable(name: str, what: str, exc: BaseException, fix: str) -> SchemaError:
    """The error for a file a parser gave up on, on one line whatever the parser said."""
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return SchemaError(f"is not a readable {what} ({detail}); {fix}", source=name)


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
        raise _unreadable(name, "CSV file", exc, "save it again as CSV (UTF-8)") from None
    except UnicodeError as exc:  # e.g. UTF-16 cut off in the middle of a character
        raise _unreadable(
            name, "text file", exc, "save it again as CSV UTF-8 (Excel: Save As, CSV UTF-8)"
        ) from None
    raw = RawTable(
        got.frame,
        got.line,
        name,
        "csv",
        got.problems,
        {"encoding": got.encoding, "delimiter": csvfile.delimiter_name(got.delimiter)},
    )
    _check_width(raw.frame.shape[1], name)
    return raw


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
        _check_width(parquet.metadata.num_columns, name)
        table = parquet.read()
        table.validate(full=True)  # e.g. text that is not UTF-8, which pyarrow reads as it is
        frame = table.to_pandas()
    except SchemaError:
        raise
    except Exception as exc:
        raise _unreadable(
            name, "Parquet file", exc, "re-export it, or save the table as CSV"
        ) from None
    return RawTable(
        frame.reset_index(drop=True), np.arange(1, len(frame) + 1, dtype=np.int64), name, "parquet"
    )


def _read_jsonl(data: bytes, name: str) -> RawTable:
    import pyarrow.json as pajson

    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("["):  # a JSON array of records rather than JSON Lines
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaError(
                f"is not valid JSON ({exc.msg} at line {exc.lineno}); write one "
                "JSON object per line (JSON Lines)",
                source=name,
            ) from None
        except RecursionError:
            raise SchemaError(
                "is nested too deeply to be a table; write one JSON object per line (JSON Lines)",
                source=name,
            ) from None
        if not isinstance(records, list):
            raise SchemaError(
                "is one JSON value, not a table; write one JSON object per line (JSON Lines)",
                source=name,
            )
        frame = pd.DataFrame.from_records([_flat(r) for r in records])
        return RawTable(frame, np.arange(1, len(frame) + 1, dtype=np.int64), name, "jsonl")
    lines = text.split("\n")
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
    try:
        if _too_deep(data):  # pyarrow's parser recurses: deep JSON can crash it
            raise pa.ArrowInvalid("nested too deeply for the fast path")
        table = pajson.read_json(pa.py_buffer(text.encode("utf-8")))
        if table.num_rows == len(numbered) and not any(
            pa.types.is_nested(t) for t in table.schema.types
        ):
            frame = table.to_pandas()
            return RawTable(
                frame, np.array([n for n, _ in numbered], dtype=np.int64), name, "jsonl"
            )
    except pa.ArrowInvalid:
        pass
    rows, where, problems = [], [], []
    for number, line in numbered:  # mixed types or bad lines: one line at a time
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
            problems.append(
                (
                    number,
                    [line],
                    f"line {number} is not a JSON object ({exc}): "
                    'write one {"column": value, ...} object per line',
                )
            )
            continue
        rows.append(_flat(record))
        where.append(number)
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    _check_width(frame.shape[1], name)  # before the work per column below
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = as_text(frame[col]).where(frame[col].notna(), None).astype("str")
    return RawTable(frame, np.asarray(where, dtype=np.int64), name, "jsonl", problems)


_JSON_STRING = re.compile(rb'"(?:[^"\\\n]++|\\.)*+"')


def _too_deep(data: bytes) -> bool:
    """Does the JSON in ``data`` nest ``[`` and ``{`` deeper than :data:`MAX_JSON_DEPTH`?

    Brackets inside strings do not count; nesting is counted across lines, so a
    file of unbalanced lines may be taken as deep (it then takes the slower path).
    """
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH:
        return False
    marks = np.frombuffer(_JSON_STRING.sub(b'""', data), dtype=np.uint8)
    steps = np.isin(marks, (0x5B, 0x7B)).astype(np.int8) - np.isin(marks, (0x5D, 0x7D))
    steps = steps[steps != 0]
    return bool(np.cumsum(steps, dtype=np.int64).max(initial=0) > MAX_JSON_DEPTH)


def _flat(record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    return {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in record.items()}


def _read_xlsx(data: bytes, name: str, sheet: str | int | None) -> RawTable:
    import openpyxl

    fix = "open it in Excel and save it again as .xlsx, or export the sheet as CSV"
    try:
        _check_zip(data, name)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SchemaError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise _unreadable(name, ".xlsx workbook", exc, fix) from None
    try:
        names = book.sheetnames
        if sheet is None:
            ws, title = book.worksheets[0], names[0]
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise SchemaError(
                    f"has no sheet number {sheet} (it has {len(names)}: "
                    f"{', '.join(names)}); sheets are counted from 0",
                    source=name,
                )
            ws, title = book.worksheets[sheet], names[sheet]
        else:
            if str(sheet) not in names:
                raise SchemaError(
                    f"has no sheet named {sheet!r}; its sheets are {', '.join(map(repr, names))}",
                    source=name,
                )
            ws, title = book[str(sheet)], str(sheet)
        rows = list(ws.iter_rows(values_only=True))  # the sheet's XML is parsed here
    except SchemaError:
        raise
    except Exception as exc:
        raise _unreadable(name, ".xlsx workbook", exc, fix) from None
    finally:
        book.close()
    return _sheet_table(rows, name, title)


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts claim to unpack to far more than a diary could be.

    The sizes are those the zip directory declares; Python's zip reader never
    unpacks more than that, so a part that lies about its size cannot get past this.
    """
    parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    total = sum(p.file_size for p in parts)
    bombs = [
        p
        for p in parts
        if p.file_size > 1_000_000 and p.file_size > MAX_ZIP_RATIO * max(p.compress_size, 1)
    ]
    if total > MAX_UNZIPPED_BYTES or bombs:
        what = (
            f"{bombs[0].filename} would unpack to "
            f"{bombs[0].file_size / max(bombs[0].compress_size, 1):,.0f} times its size"
            if bombs
            else f"its parts would unpack to {total:,} bytes"
        )
        raise SchemaError(
            f"is not read: {what}, which no spreadsheet program writes (a zip bomb?); "
            "export the sheet as CSV",
            source=name,
        )


def _sheet_table(rows: list[tuple], name: str, title: str) -> RawTable:
    filled = [i for i, r in enumerate(rows) if any(_present(v) for v in r)]
    if not filled:
        raise SchemaError(
            f"sheet {title!r} is empty: put a header row naming the columns, then "
            "one row per record (or name another sheet)",
            source=name,
        )
    head = filled[0]
    header = list(rows[head])
    width = max(len(header), *(len(rows[i]) for i in filled))
    header += [None] * (width - len(header))
    body = [i for i in filled[1:]]
    values = [list(rows[i]) + [None] * (width - len(rows[i])) for i in body]
    keep = [j for j in range(width) if _present(header[j]) or any(_present(v[j]) for v in values)]
    names = csvfile._unique_names([_cell_text(header[j]).strip() for j in keep])
    columns = {}
    for k, j in enumerate(keep):
        col = pd.Series([v[j] for v in values], dtype=object)
        columns[names[k]] = _sheet_column(col)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    return RawTable(
        frame, np.asarray(body, dtype=np.int64) + 1, name, "xlsx", details={"sheet": title}
    )


def _sheet_column(col: pd.Series) -> pd.Series:
    """Cells as text a diary parser understands: datetimes in ISO, times as HH:MM:SS."""
    text = col.map(_cell_text)
    return text.where(col.map(_present), None).astype("str")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(round(value.total_seconds()))
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
