"""The source text of rejected rows, read back from the file they came from.

A reader may type a column as it reads (the CSV fast path reads ISO times as
timestamps and plain numbers as floats; JSON has numbers and booleans), and whether
it does can depend on the rows it samples, so on the row order. A rejected row must
echo what the file says, ``2026-03-03T16:52:00`` and ``60.0``, whatever the reader
made of it. So the reader hands on an *echo*: given the line numbers of rows, it reads
those lines again (by a line index of byte offsets) and returns their fields as text.
Only rejected rows are read back, so a file without rejects pays nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

#: Source text by column for given line numbers: ``echo(lines) -> {column: texts}``.
Echo = Callable[[np.ndarray], dict[str, np.ndarray]]
_BLOCK = 1 << 24  # bytes searched for line breaks at a time


def _breaks(data: np.ndarray, need: int) -> np.ndarray:
    """Positions of the line breaks of ``data``, searched a block at a time until at least
    ``need`` are found (or the data end)."""
    found, count = [], 0
    for offset in range(0, len(data), _BLOCK):
        block = np.flatnonzero(data[offset : offset + _BLOCK] == 10) + offset
        found.append(block)
        count += len(block)
        if count >= need:
            break
    return np.concatenate([*found, np.array([], np.int64)]).astype(np.int64)


def line_spans(data: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Byte offsets where each of ``lines`` (1-based) starts and ends (before its ``\\n``).

    Only the part of ``data`` up to the last line wanted is searched.

    Examples
    --------
    >>> data = np.frombuffer(b"head\\nab\\n\\ncd", dtype=np.uint8)
    >>> line_spans(data, np.array([2, 4, 3]))
    (array([5, 9, 8]), array([ 7, 11,  8]))
    """
    lines = np.asarray(lines, np.int64)
    breaks = np.concatenate([_breaks(data, int(lines.max(initial=0))),
                             np.array([len(data)], np.int64)])
    starts = np.where(lines > 1, breaks[np.maximum(lines - 2, 0)] + 1, 0)
    ends = breaks[np.minimum(lines - 1, len(breaks) - 1)]
    return starts, ends


def lines_text(data: np.ndarray, lines: np.ndarray) -> pa.Buffer:
    """The text of ``lines`` (1-based, increasing), one after another, each ending in a line
    break: the file's lines as Arrow binary values (offsets at the line breaks, the bytes
    not copied), the lines wanted taken in Arrow.

    Examples
    --------
    >>> data = np.frombuffer(b"head\\nab\\n\\ncd", dtype=np.uint8)
    >>> lines_text(data, np.array([2, 3, 4])).to_pybytes()
    b'ab\\n\\ncd\\n'
    """
    lines = np.asarray(lines, np.int64)
    taken, breaks = _lines_taken(data, lines)
    ends = np.frombuffer(taken.buffers()[1], np.int64, len(taken) + 1, taken.offset * 8)
    text = taken.buffers()[2][int(ends[0]):int(ends[-1])] if len(taken) else pa.py_buffer(b"")
    if len(taken) and int(lines[-1]) > len(breaks):  # the last line, with no break after it
        text = pa.py_buffer(text.to_pybytes() + b"\n")
    return text


def _lines_taken(data: np.ndarray, lines: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """``lines`` (1-based) as Arrow binary values, each with its line break (the last line
    of the data without one when it has none), and the line breaks searched to find them."""
    need = int(lines.max(initial=0))
    breaks = _breaks(data, need)
    last = np.array([len(data)], np.int64) if len(breaks) < need else breaks[:0]
    offsets = np.concatenate([[0], breaks[:need] + 1, last])  # line k: offsets[k-1:k+1]
    every = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(offsets) - 1, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return every.take(pa.array(lines - 1)), breaks


def whole_lines(source: Path | bytes, lines: np.ndarray) -> pa.Array:
    """The whole ``lines`` (1-based, in any order) of a file as Arrow binary values, each
    with its line break (the last line of the file without one, if it has none): the
    bytes are not copied out of the file but once, by Arrow's take.

    Two rows on byte-identical lines have the same text in every column, so the search for
    exact duplicates (:mod:`timestudy.ingest.duplicates`) need not parse the lines again
    to compare their typed columns as written, where every copy is a copy of the line.

    Examples
    --------
    >>> whole_lines(b"head\\nab\\ncd\\nab", np.array([4, 2])).to_pylist()
    [b'ab', b'ab\\n']
    """
    lines = np.asarray(lines, np.int64)
    if not len(lines):
        return pa.array([], pa.large_binary())
    return _lines_taken(_bytes_of(source), lines)[0]


def _bytes_of(source: Path | bytes) -> np.ndarray:
    if isinstance(source, bytes | bytearray | memoryview):
        return np.frombuffer(source, dtype=np.uint8)
    return np.memmap(source, dtype=np.uint8, mode="r")


def csv_echo(source: Path | bytes, names: list[str], delimiter: str, columns: list[str]) -> Echo:
    """An echo of ``columns`` for a delimited file whose rows are one line each.

    Parameters
    ----------
    source : path or bytes
        The file on disk (UTF-8), or the UTF-8 text the reader parsed.
    names : list of str
        The header's names, in order.
    delimiter : str
    columns : list of str
        The columns the reader typed (their text is what the echo returns).

    Returns
    -------
    callable
        ``echo(lines)``: for 1-based line numbers, each column's text as the file has it
        (``""`` for an empty cell).

    Examples
    --------
    >>> echo = csv_echo(b"a,start\\nx,2026-03-03T16:52\\ny,60.0\\n", ["a", "start"], ",", ["start"])
    >>> echo(np.array([3, 2]))["start"].tolist()
    ['60.0', '2026-03-03T16:52']
    """

    def echo(lines: np.ndarray, arrow: bool = False) -> dict[str, np.ndarray | pa.Array]:
        """Each column's text for ``lines``; as Arrow strings when ``arrow`` (no Python
        objects made: for many lines)."""
        lines = np.asarray(lines, np.int64)
        if not len(lines) or not columns:
            return {c: pa.array([], pa.large_string()) if arrow else np.array([], object)
                    for c in columns}
        wanted, back = np.unique(lines, return_inverse=True)
        blob = lines_text(_bytes_of(source), wanted)
        table = pacsv.read_csv(
            pa.py_buffer(blob),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},
                include_columns=list(columns),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        if arrow:
            return {c: table.column(c).take(pa.array(back)) for c in columns}
        return {
            c: table.column(c).to_numpy(zero_copy_only=False).astype(object)[back] for c in columns
        }

    echo.lines = lambda lines: whole_lines(source, lines)  # type: ignore[attr-defined]
    return echo


def rows_written(raw, lines: np.ndarray) -> pd.DataFrame | None:
    """The text ``raw`` (a :class:`~timestudy.ingest.rawtable.RawTable`) has on ``lines``,
    every column as the file wrote it, indexed by line: kept on the read's result for rows
    a later step may still reject (a worker id the workers table lacks:
    :func:`timestudy.ingest.worker_ids.match_worker_ids`), so their reject echoes the file
    as the reader's own rejects do (:func:`~timestudy.ingest.reject_table.rejects_table`)
    once the table itself is gone. Only those rows are read back (``raw.echo`` where the
    reader typed a column); None when no line is asked for.

    Examples
    --------
    >>> from timestudy.ingest.rawtable import RawTable
    >>> frame = pd.DataFrame({"w": ["W1", "W9"], "start": pd.to_datetime(["2026-10-20 09:00"] * 2)})
    >>> echo = csv_echo(b"w,start\\nW1,2026-10-20T09:00\\nW9,2026-10-20T09:00\\n",
    ...                 ["w", "start"], ",", ["start"])
    >>> raw = RawTable(frame, np.array([2, 3]), "d.csv", "csv", echo=echo)
    >>> rows_written(raw, np.array([3])).to_dict("index")
    {3: {'w': 'W9', 'start': '2026-10-20T09:00'}}
    """
    from timestudy.schema import parse

    pos = np.flatnonzero(np.isin(np.asarray(raw.source_row), np.asarray(lines, np.int64)))
    if not len(pos):
        return None
    at = np.asarray(raw.source_row)[pos].astype(np.int64)
    typed = raw.echo(at) if raw.echo is not None else {}
    text = {str(h): typed[str(h)] if str(h) in typed
            else parse.as_text(raw.frame[h].iloc[pos]).to_numpy(object) for h in raw.frame.columns}
    return pd.DataFrame(text, index=pd.Index(at, name="source_row")).astype("string")


def json_echo(source: bytes, columns: list[str], records: bool = False) -> Echo:
    """An echo of every column for JSON Lines (``records``: a JSON array of records).

    Strings are echoed as written, numbers as their literal (``60.0`` stays ``60.0``),
    ``true``/``false`` as such, ``null`` and absent keys as ``""``, objects and lists as
    JSON. Line numbers are those of JSON Lines (or 1-based record numbers).

    Parameters
    ----------
    source : bytes
        The file's bytes.
    columns : list of str
        The table's columns.
    records : bool
        The file is one JSON array of records rather than JSON Lines.

    Returns
    -------
    callable
        ``echo(lines)``: each column's text for those lines (or records).

    Examples
    --------
    >>> echo = json_echo(b'{"a": 60.0, "b": true}\\n{"a": "x"}\\n', ["a", "b"])
    >>> {k: v.tolist() for k, v in echo(np.array([1, 2])).items()}
    {'a': ['60.0', 'x'], 'b': ['true', '']}
    """

    def echo(lines: np.ndarray) -> dict[str, np.ndarray]:
        lines = np.asarray(lines, np.int64)
        if records:
            every = source.decode("utf-8-sig", errors="replace")
            texts = [every] if len(lines) else []
        else:
            data = _bytes_of(source)
            starts, ends = line_spans(data, lines)
            texts = [
                bytes(data[a:b]).decode("utf-8-sig", errors="replace")
                for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
            ]
        parsed = [_loads(t) for t in texts]
        if records:
            texts = texts * len(lines)
            parsed = [parsed[0][n - 1] if parsed else {} for n in lines.tolist()]
        out = {c: np.full(len(lines), "", dtype=object) for c in columns}
        whole: list = []  # the array of records parsed as the reader did, when needed

        def plain(k: int) -> dict:  # the record parsed as the reader parsed it
            if not records:
                return json.loads(texts[k])
            whole[:] = whole or [json.loads(texts[0])]
            return whole[0][int(lines[k]) - 1]

        for k, record in enumerate(parsed):
            if not isinstance(record, dict):
                continue
            seen = None
            for c in columns:
                value = record.get(c)
                if isinstance(value, dict | list):  # as the reader shows it: JSON
                    seen = seen or plain(k)
                    out[c][k] = json.dumps(seen[c])
                else:
                    out[c][k] = _json_text(value)
        return out

    return echo


def _loads(text: str):
    """JSON with numbers kept as their literal text."""
    return json.loads(text, parse_float=str, parse_int=str)


def _json_text(value) -> str:
    """A scalar JSON value as the file wrote it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
