"""Reading JSON Lines (one object per line) and JSON arrays of records.

Strings stay text: a time such as ``2026-03-09T09:30:00Z`` reaches timestudy's own
parsers with its ``Z``, so a UTC time is refused unless the study has a time zone
(pyarrow's reader would have read it as a clock time, silently shifted). Numbers and
booleans are read as such; the text a rejected row echoes is read back from its line
(:func:`timestudy.ingest.echo.json_echo`).
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy.errors import SchemaError
from timestudy.ingest.echo import json_echo
from timestudy.ingest.rawtable import RawTable, check_width
from timestudy.schema.parse import as_text

#: Deepest JSON nesting handed to pyarrow's parser; deeper lines are read one at a time.
MAX_JSON_DEPTH = 64


def read_jsonl(data: bytes, name: str) -> RawTable:
    """JSON Lines (or a JSON array of records) as a :class:`RawTable` numbered by line.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        Name used in messages.

    Returns
    -------
    RawTable
        Strings as text (never typed as times), numbers and booleans as read; lines that
        are not JSON objects in ``problems``; an echo of every line's own text.

    Examples
    --------
    >>> raw = read_jsonl(b'{"start": "2026-03-09T09:30:00Z", "n": 60.0}\\n', "x.jsonl")
    >>> raw.frame["start"].tolist(), raw.echo(raw.source_row)["n"].tolist()
    (['2026-03-09T09:30:00Z'], ['60.0'])
    """
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("["):  # a JSON array of records rather than JSON Lines
        return _json_array(data, text, name)
    lines = text.split("\n")
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
    try:
        if _too_deep(data):  # pyarrow's parser recurses: deep JSON can crash it
            raise pa.ArrowInvalid("nested too deeply for the fast path")
        table = _arrow_json(text.encode("utf-8"))
        if table.num_rows == len(numbered) and not any(
            pa.types.is_nested(t) for t in table.schema.types
        ):
            frame = table.to_pandas()
            echo = json_echo(data, [str(c) for c in frame.columns])
            where = np.array([n for n, _ in numbered], dtype=np.int64)
            return RawTable(frame, where, name, "jsonl", echo=echo)
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
        rows.append(flat_record(record))
        where.append(number)
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    check_width(frame.shape[1], name)  # before the work per column below
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = as_text(frame[col]).where(frame[col].notna(), None).astype("str")
    echo = json_echo(data, [str(c) for c in frame.columns])
    return RawTable(frame, np.asarray(where, dtype=np.int64), name, "jsonl", problems, echo=echo)


def _json_array(data: bytes, text: str, name: str) -> RawTable:
    """A JSON array of records as a table, numbered by record from 1."""
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
    frame = pd.DataFrame.from_records([flat_record(r) for r in records])
    echo = json_echo(data, [str(c) for c in frame.columns], records=True)
    return RawTable(frame, np.arange(1, len(frame) + 1, dtype=np.int64), name, "jsonl", echo=echo)


def _arrow_json(data: bytes) -> pa.Table:
    """JSON Lines read by pyarrow, strings kept as text.

    pyarrow reads a string that looks like a time as a timestamp and drops its ``Z`` or
    offset: such columns are read again as text, for timestudy's own time rules.
    """
    import pyarrow.json as pajson

    table = pajson.read_json(pa.py_buffer(data))
    stamps = [f for f in table.schema if pa.types.is_temporal(f.type)]
    if not stamps:
        return table
    options = pajson.ParseOptions(
        explicit_schema=pa.schema([pa.field(f.name, pa.string()) for f in stamps]),
        unexpected_field_behavior="infer",
    )
    again = pajson.read_json(pa.py_buffer(data), parse_options=options)
    return again.select(table.column_names)  # in the file's order of columns


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


def flat_record(record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    return {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in record.items()}
