"""Reading delimited text the way people save it: any of UTF-8, UTF-8 with BOM or cp1252,
comma, semicolon, tab or pipe, with the line number of every row as an editor shows it.

The fast path hands the bytes to ``pyarrow.csv`` with every column as text. Files it
cannot split cleanly (a row with too many or too few fields) go through Python's
``csv`` module instead, so those rows become rejects with their line number rather
than an error for the whole file.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from timestudy.errors import SchemaError
from timestudy.ingest.csvhead import (
    decode,
    delimiter_name,
    header_and_titles,
    header_fields,
    legacy_encoding,
    unique_names,
)
from timestudy.ingest.echo import Echo, csv_echo

#: The longest value read from a CSV file (characters). Longer values are almost always a
#: quote opened and never closed, which runs a value to the end of the file: the file is
#: then refused with that advice. (Python's own default, 131,072, refused whole files for
#: one long pasted note.)
FIELD_LIMIT = 64 * 1024 * 1024
_ISO_SAMPLE = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?"


@dataclass
class CsvRead:
    """Rows of a delimited file, all values as text, with their line numbers."""

    frame: pd.DataFrame
    line: np.ndarray
    encoding: str
    delimiter: str
    problems: list[tuple[int, list[str], str]] = field(default_factory=list)
    echo: Echo | None = None  # the text of typed columns, read back (see timestudy.ingest.echo)
    titles: list[str] = field(default_factory=list)  # lines above the header read as a title


def read_csv(
    data: bytes, name: str, encoding: str | None = None, delimiter: str | None = None
) -> CsvRead:
    """Read delimited text, sniffing the encoding and delimiter unless given.

    Examples
    --------
    >>> r = read_csv("worker_id;start\\nW1;09:30\\n".encode("cp1252"), "x.csv")
    >>> r.delimiter, r.frame["start"].tolist(), r.line.tolist()
    (';', ['09:30'], [2])
    """
    text_bytes, encoding = decode(data, name, encoding)
    head = text_bytes[: 1 << 16]
    if b"\r" in head and b"\r\n" not in head and head.count(b"\r") > head.count(b"\n"):
        text_bytes = text_bytes.replace(b"\r", b"\n")  # old Mac line endings: CR alone
    header_end, header_line, delimiter, titles = header_and_titles(text_bytes, name, delimiter)
    names = unique_names(header_fields(text_bytes, header_end, delimiter))
    body = pa.py_buffer(text_bytes)[header_end:]
    typed = _typed_columns(text_bytes, header_end, names, delimiter)
    try:  # any row pyarrow cannot split sends the whole file down the exact, slower path
        table = _arrow_read(body, names, delimiter, typed)
    except (pa.ArrowInvalid, ValueError) as exc:
        if "UTF8" in str(exc) and encoding == "utf-8":  # not UTF-8 after all: Windows text
            return read_csv(data, name, legacy_encoding(data), delimiter)  # (its own titles)
        if not typed or "conversion error" not in str(exc).lower():
            return _titled(_read_slow(bytes(body).decode("utf-8"), header_line, names, delimiter,
                                      encoding), titles)
        return _titled(_read_untyped(
            data, name, encoding, delimiter, text_bytes, header_end, header_line, names, body
        ), titles)
    line = _line_numbers(text_bytes, header_end, header_line, table)
    if line is None:  # quoted line breaks inside values: count lines the slow way
        return _titled(_read_slow(bytes(body).decode("utf-8"), header_line, names, delimiter,
                                  encoding), titles)
    frame = table.to_pandas()
    echo = csv_echo(text_bytes, names, delimiter, list(typed)) if typed else None
    return CsvRead(frame, line, encoding, delimiter, echo=echo, titles=titles)


def _titled(read: CsvRead, titles: list[str]) -> CsvRead:
    read.titles = titles
    return read


def read_csv_file(
    path: Path, name: str, encoding: str | None = None, delimiter: str | None = None
) -> CsvRead | None:
    """:func:`read_csv` of a file on disk, reading and parsing at once; None: read it whole.

    A UTF-8 file of more than 128 kB that pyarrow parses without complaint and whose line
    count equals its row count (no blank lines, no line breaks inside values) is streamed
    into pyarrow, the lines counted on the way. For anything else (another encoding, a
    row pyarrow cannot split, blank lines...) this returns None, and the caller reads
    the bytes whole with :func:`read_csv`, exactly as before.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> read_csv_file(EXAMPLES / "episodes.csv", "episodes.csv") is None  # small: read whole
    True
    """
    path = Path(path)
    with open(path, "rb") as f:
        sample = f.read(1 << 17)  # the header, and the same rows read_csv samples for types
        whole = len(sample) < (1 << 17) or not f.read(1)
    head = sample[: 1 << 16]
    if encoding or whole or not head.strip() or b"\n" not in head or b"\x00" in head:
        return None
    if b"\r" in head and b"\r\n" not in head:  # CR line endings, or a stray CR: read whole
        return None
    bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    text_head = head[bom : head.rfind(b"\n") + 1]
    try:
        text_head.decode("utf-8")
        header_end, header_line, delimiter, titles = header_and_titles(text_head, name,
                                                                       delimiter)
    except (UnicodeDecodeError, SchemaError):  # Windows text; no whole header line here
        return None
    names = unique_names(header_fields(text_head, header_end, delimiter))
    typed = _typed_columns(sample[bom:], header_end, names, delimiter)
    with open(path, "rb") as f:
        f.seek(bom + header_end)
        counted = _LineCounter(f)
        try:
            table = _arrow_read(counted, names, delimiter, typed)
        except (pa.ArrowInvalid, ValueError):  # the exact path says which rows and why
            table = None
    if table is None or counted.lines != table.num_rows:
        return None
    line = np.arange(header_line + 1, header_line + 1 + table.num_rows, dtype=np.int64)
    echo = csv_echo(path, names, delimiter, list(typed)) if typed else None
    encoding = "utf-8-sig" if bom else "utf-8"
    return CsvRead(table.to_pandas(), line, encoding, delimiter, echo=echo, titles=titles)


class _LineCounter(io.RawIOBase):
    """A file read by pyarrow that counts the lines (as :func:`_line_numbers` does) on the way.

    Bytes go straight into pyarrow's buffer and are counted there by NumPy (``bytes.count``
    on a copy took a fifth of a 1M-row read).
    """

    def __init__(self, raw) -> None:
        self.raw, self.breaks, self.last = raw, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            data = np.frombuffer(buffer, np.uint8, n)
            self.breaks += int(np.count_nonzero(data == 10))
            self.last = bytes(data[-1:])
        return n

    @property
    def lines(self) -> int:
        """Lines read, the last counted whether or not it ends in a line break."""
        return self.breaks + (1 if self.last not in (b"", b"\n") else 0)


def _read_untyped(
    data, name, encoding, delimiter, text_bytes, header_end, header_line, names, body
) -> CsvRead:
    """Read again with every column as text (a start, end or duration was not in ISO form)."""
    try:
        table = _arrow_read(body, names, delimiter, {})
    except (pa.ArrowInvalid, ValueError):
        return _read_slow(bytes(body).decode("utf-8"), header_line, names, delimiter, encoding)
    line = _line_numbers(text_bytes, header_end, header_line, table)
    if line is None:
        return _read_slow(bytes(body).decode("utf-8"), header_line, names, delimiter, encoding)
    return CsvRead(table.to_pandas(), line, encoding, delimiter)


def _arrow_read(body, names: list[str], delimiter: str, typed: dict) -> pa.Table:
    """The body read by pyarrow, every column as text except the ``typed`` ones."""
    types = {n: typed.get(n, pa.large_string()) for n in names}
    return pacsv.read_csv(
        body,
        read_options=pacsv.ReadOptions(column_names=names),
        parse_options=pacsv.ParseOptions(delimiter=delimiter),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            strings_can_be_null=True,
            null_values=[""],  # an empty cell is missing; other spellings stay as text
        ),
    )


def _typed_columns(data: bytes, start: int, names: list[str], delimiter: str) -> dict:
    """Columns worth reading as typed values straight away: ``start``/``end`` whose first rows
    are all ISO date-times, ``duration_min`` whose first rows are all plain numbers.

    This is only a fast path: if a later value does not fit, the file is read again as text
    and every value goes through timestudy's own parsers (and rejects).
    """
    wanted = {}
    for i, n in enumerate(names):
        key = re.sub(r"[\s\-]+", "_", n.strip().lower())
        if key in ("start", "end"):
            wanted[i] = (n, pa.timestamp("s"), _ISO_SAMPLE)
        elif key in ("duration_min", "duration", "duration_minutes"):
            wanted[i] = (n, pa.float64(), r"-?\d+(?:\.\d+)?")
    if not wanted:
        return {}
    sample = data[start : start + (1 << 16)].decode("utf-8", errors="replace")
    rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:-1][:500]
    out = {}
    for i, (n, kind, pattern) in wanted.items():
        values = [r[i] for r in rows if len(r) == len(names)]
        if values and all(v == "" or re.fullmatch(pattern, v) for v in values):
            out[n] = kind
    return out


def _line_numbers(data: bytes, start: int, header_line: int, table: pa.Table) -> np.ndarray | None:
    """Line numbers of the data rows, or None when a value spans lines (read those slowly)."""
    n_rows = table.num_rows
    n_lines = data.count(b"\n", start) + (0 if data.endswith(b"\n") or len(data) == start else 1)
    if n_lines == n_rows:  # blank lines and line breaks inside values would both add lines
        return np.arange(header_line + 1, header_line + 1 + n_rows, dtype=np.int64)
    if data.find(b'"', start) >= 0 and any(
        pc.any(pc.match_substring(col, "\n")).as_py()
        for col in table.columns
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
    ):
        return None
    raw = np.frombuffer(data, dtype=np.uint8, offset=start)
    breaks = np.flatnonzero(raw == 10)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(raw)]])
    length = ends - starts
    blank = length == 0
    cr = length == 1
    if cr.any():
        blank |= cr & (raw[np.minimum(starts, len(raw) - 1)] == 13)
    lines = np.flatnonzero(~blank) + header_line + 1
    return lines if len(lines) == n_rows else None


def _read_slow(
    body: str, header_line: int, names: list[str], delimiter: str, encoding: str
) -> CsvRead:
    """Python's csv module: exact line numbers and rows with the wrong number of fields."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    rows, where, problems = [], [], []
    previous = 0
    width = len(names)
    _raise_field_limit()
    read = list(enumerate_lines(reader))
    reference = next(  # what a row of this file looks like, to tell rows from notes
        (_shapes(f) for f, _ in read if len(f) == width and not any("\n" in v for v in f)),
        None,
    )
    unclosed_at_end = bool(read) and not body.rstrip().endswith('"')
    for k, (fields, last_line) in enumerate(read):
        first_line = previous + 1 + header_line
        previous = last_line
        if not fields or (len(fields) == 1 and not fields[0].strip() and width > 1):
            continue
        runs_to_end = unclosed_at_end and k == len(read) - 1
        swallowed = _swallowed_rows(fields, delimiter, width, reference, runs_to_end)
        if swallowed is not None:
            column, n_rows = swallowed
            problems.append(
                (
                    first_line,
                    fields,
                    f'line {first_line}: the quote (") that opens the value of {names[column]} '
                    f"is not closed until line {last_line + header_line}, so "
                    + (
                        f"{n_rows:,} lines that look like rows were"
                        if n_rows > 1
                        else "a line that looks like a row was"
                    )
                    + " read into that one value: close the quote, or remove it",
                    "unclosed_quote",
                )
            )
            continue
        if len(fields) != width:
            reason = (
                f"line {first_line} has {len(fields)} fields but the header has {width}: "
                f"quote values that contain {delimiter_name(delimiter)}s, or fill in "
                "missing fields"
            )
            problems.append((first_line, fields, reason))
            continue
        rows.append(fields)
        where.append(first_line)
    frame = (
        pd.DataFrame(rows, columns=names, dtype="str").replace("", None)  # as the fast path
        if rows
        else pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    )
    return CsvRead(frame, np.asarray(where, dtype=np.int64), encoding, delimiter, problems)


def enumerate_lines(reader) -> Iterator[tuple[list[str], int]]:
    """Each row of a ``csv.reader`` with the number of the line it ends on."""
    for fields in reader:
        yield fields, reader.line_num


def _swallowed_rows(
    fields: list[str],
    delimiter: str,
    width: int,
    reference: list[str] | None,
    runs_to_end: bool,
) -> tuple[int, int] | None:
    """(column, lines) when a value holds lines that are rows of the file: a quote opened and
    not closed in time. A line is taken for a row when it splits into as many fields as the
    header and, field by field, has the shape of the file's first clean row in at least half
    of them (``W12`` and ``W3``, or two ISO date-times, have the same shape); or, when the
    quote is never closed at all (the value runs to the end of the file), by its fields alone.
    A note whose lines hold commas is not a row: its fields do not look like the file's.
    """
    if width < 2:
        return None
    for column, value in enumerate(fields):
        if "\n" not in value and "\r" not in value:
            continue
        cells = [
            row
            for row in map(_split_line, _LINE_BREAK.split(value)[1:], repeat(delimiter))
            if row is not None and len(row) == width
        ]
        if reference is not None:
            need = (width + 1) // 2
            rowlike = sum(
                sum(a == b for a, b in zip(_shapes(row), reference, strict=True)) >= need
                for row in cells
            )
        else:
            rowlike = 0
        if not rowlike and runs_to_end:
            rowlike = len(cells)
        if rowlike:
            return column, rowlike
    return None


def _split_line(line: str, delimiter: str) -> list[str] | None:
    """One line split as csv would, or None when csv cannot (a stray quote or line break)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return None


def _shapes(fields: list[str]) -> list[str]:
    """Each field with letters as ``a``, digits as ``9`` and runs collapsed:
    ``W12`` and ``W3`` -> ``a9``; ``2026-03-09T09:30`` -> ``9-9-9a9:9``."""
    out = []
    for value in fields:
        shape = _DIGITS.sub("9", _LETTERS.sub("a", value.strip()))
        out.append(_RUNS.sub(r"\1", shape))
    return out


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_RUNS = re.compile(r"(.)\1+")
_LIMIT_LOCK = threading.Lock()


def _raise_field_limit() -> None:
    """Let csv read values up to FIELD_LIMIT characters. The limit is one for the whole
    process, so it is raised (never lowered, never put back) under a lock."""
    with _LIMIT_LOCK:
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
