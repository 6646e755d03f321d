"""The header line again, where the next team's export begins (exports appended).

An analyst appends each team's export to one file: each part keeps its header line. A
line whose every cell is a header the first header's columns read as (the reader's own
header rule, :func:`read_as`: ``Worker ID`` reads as ``worker_id``) is that header
again: skipped and named in a warning, whether spelt as the first or otherwise. When its
columns are the first header's in another order, the rows after it (to the next header
line) are read by it, each row's cells put in the first header's order, and the line
and the order are named. A header line with other columns (one more or one fewer) is
refused, naming the line and the fix: the rows after it cannot be read by the first.

Header lines are found on the first named column's values (their distinct values
folded, then looked up), not row by row: a first column with a blank header (the row
numbers pandas' ``to_csv`` writes under ``,worker_id,...``, or a spreadsheet's first
column left empty) is passed over, its cell on a header line blank or anything else.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.candidates import normalise
from timestudy.ingest.header_aliases import HEADER_ALIASES
from timestudy.ingest.rawtable import RawTable

__all__ = ["read_as", "without_repeated_header"]

_SUFFIX = re.compile(r"\.\d+$")  # the reader's a.1 for a second column headed a


def read_as(header) -> str:
    """The field a header cell reads as: the rule that reads the first header's columns
    (case, spaces and hyphens folded, then the reader's other names for a field), with a
    byte-order mark before it ignored; an empty cell reads as ``""``.

    Examples
    --------
    >>> read_as(" Worker ID "), read_as("\\ufeffworker_id"), read_as("Duration (mins)")
    ('worker_id', 'worker_id', 'duration_min')
    """
    if header is None or (isinstance(header, float) and np.isnan(header)):
        return ""
    key = normalise(str(header).lstrip("\ufeff"))
    return HEADER_ALIASES.get(key, key)


def _read_as(values: pd.Series) -> pd.Series:
    """:func:`read_as` over a Series of text, vectorised."""
    key = (values.astype("string").str.strip().str.lstrip("\ufeff").str.strip().str.lower()
           .str.replace(r"[\s\-]+", "_", regex=True).fillna(""))
    return key.replace(HEADER_ALIASES)


def _cannot_read_as(values: pd.Series, keys: set[str]) -> np.ndarray:
    """Where a value holds an ASCII digit that none of ``keys`` (nor any other name the
    reader reads as one of them) holds: no such value reads as one of ``keys`` by
    :func:`_read_as`, which keeps every digit (it folds only case, spaces and hyphens). A
    worker id ``W0042`` is passed over without being folded.

    Examples
    --------
    >>> v = pd.Series(["W0042", "Worker ID", "start2", None], dtype="string")
    >>> _cannot_read_as(v, {"worker_id", "start"}).tolist()
    [True, False, True, False]
    >>> _cannot_read_as(v, {"worker_id", "start2"}).tolist()  # a header with a 2
    [True, False, False, False]
    """
    names = keys | {alias for alias, key in HEADER_ALIASES.items() if key in keys}
    digits = sorted(set("0123456789") - set("".join(names)))
    if not digits or not len(values):
        return np.zeros(len(values), bool)
    text = values.astype("string")
    return text.str.contains(f"[{''.join(digits)}]", regex=True).fillna(False).to_numpy(bool)


def _columns(names: list[str]) -> list[set[str]]:
    """For each column of the first header, the keys a cell under it may read as."""
    out = []
    for at, name in enumerate(names):
        keys = {read_as(name), read_as(_SUFFIX.sub("", name))}
        if name == f"column_{at + 1}":  # a blank header cell, named by the reader
            keys.add("")
        out.append(keys)
    return out


def _order(cells: list[str], columns: list[set[str]]) -> list[int] | None:
    """For each column of the first header, the position of the cell heading it in a
    header line (``cells``: the keys it reads as), or None if not one each."""
    at, used = [], set()
    for keys in columns:
        hit = [i for i, c in enumerate(cells) if c in keys and i not in used]
        if not hit:
            return None
        at.append(hit[0])
        used.add(hit[0])
    return at if len(used) == len(cells) else None


def _as_written(cell, name: str, keys: set[str]) -> bool:
    """Whether a cell repeats its column's header as the first header wrote it (case and
    spaces about it aside; a blank header's cell blank)."""
    if pd.isna(cell) or cell == "":
        return "" in keys
    name = name.strip().lower()
    return cell.lower() in (name, _SUFFIX.sub("", name))


def _anchor(columns: list[set[str]]) -> int:
    """The first column whose header is not blank (the one header lines are found on).

    Examples
    --------
    >>> _anchor(_columns(["column_1", "worker_id"])), _anchor(_columns(["worker_id"]))
    (1, 0)
    """
    return next((at for at, keys in enumerate(columns) if "" not in keys), 0)


def _is_header(cells: list[str], columns: list[set[str]]) -> bool:
    """A line is a header line when its first named column's cell and at least one other,
    and at least half of them, read as headers of the first line (a data row never has
    these); a blank-headed column before it may hold anything (a row number)."""
    every = set().union(*columns) - {""}
    hits = sum(c in every for c in cells)
    at = _anchor(columns)
    return (len(cells) > at and cells[at] in every
            and hits >= max(2, (len(columns) - at + 1) // 2))


def without_repeated_header(raw: RawTable) -> RawTable:
    """``raw`` without the lines that are its header again (two exports appended, each
    with its header), said in a warning naming them; rows under a header in another
    order read by it; a header line with other columns refused.

    Parameters
    ----------
    raw : RawTable
        A table as read (its columns as the first header line names them).

    Returns
    -------
    RawTable
        Without the header lines; warnings ``repeated_header`` (spelt as the first),
        ``repeated_header_spelt`` (spelt otherwise) and ``reordered_header``.

    Raises
    ------
    SchemaError
        A header line whose columns are not the first header's (one more or fewer, or
        another name), naming its line and the fix.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1", "Worker ID", "W2", "Start", "10:00"],
    ...                   "start": ["09:00", "Start", "09:30", "Worker-ID", "W3"]})
    >>> raw = without_repeated_header(RawTable(f, np.arange(2, 7), "d.csv", "csv"))
    >>> raw.frame.to_dict("list"), raw.source_row.tolist()
    ({'worker_id': ['W1', 'W2', 'W3'], 'start': ['09:00', '09:30', '10:00']}, [2, 4, 6])
    >>> [w["code"] for w in raw.details["warnings"]]
    ['reordered_header', 'repeated_header_spelt']
    """
    frame = raw.frame
    names = [str(c) for c in frame.columns]
    columns = _columns([n.strip().lower() for n in names])
    _refuse_problems(raw, columns, names)
    if not len(frame) or not frame.shape[1]:
        return raw
    first = frame.iloc[:, _anchor(columns)]
    if not (first.dtype.kind in "OU" or isinstance(first.dtype, pd.StringDtype)):
        return raw
    distinct = pd.Series(pd.unique(first.dropna()))
    every = set().union(*columns) - {""}
    distinct = distinct[~_cannot_read_as(distinct, every)]  # (most ids: a digit no header has)
    heads = distinct[_read_as(distinct).isin(every).to_numpy(bool)]
    maybe = np.flatnonzero(first.isin(heads).to_numpy(bool)) if len(heads) else []
    if not len(maybe):
        return raw
    cells = frame.iloc[maybe].astype("string").apply(_read_as).to_numpy().tolist()
    found = [(at, c) for at, c in zip(maybe, cells, strict=True)
             if _is_header(c, columns) or _order(c, columns) is not None]
    if not found:
        return raw
    return _read_parts(raw, found, columns, names)


def _refuse_problems(raw: RawTable, columns: list[set[str]], names: list[str]) -> None:
    """Refuse a line split into another number of fields that is a header line."""
    every = set().union(*columns) - {""} if columns else set()
    at = _anchor(columns) if columns else 0
    for problem in raw.problems:
        fields = problem[1]
        if fields and len(fields) > at and read_as(fields[at]) in every:
            keys = [read_as(f) for f in fields]
            if _is_header(keys, columns):
                _refuse(raw, int(problem[0]), fields, names)


def _refuse(raw: RawTable, line: int, cells: list, names: list[str]) -> None:
    shown = [str(c) for c in cells if str(c).strip() and str(c) != "nan"]
    keys = {read_as(c) for c in shown}
    more = [c for c in shown if read_as(c) not in {read_as(n) for n in names}]
    fewer = [n for n in names if read_as(n) not in keys and not n.startswith("column_")]
    said = "; ".join(filter(None, [
        f"columns not in the first: {', '.join(map(repr, more))}" if more else "",
        f"missing: {', '.join(map(repr, fewer))}" if fewer else ""]))
    raise SchemaError(
        f"{raw.row_word} {line} is a header again (exports appended) with other columns "
        f"than the first header ({said or f'{len(shown)} columns against {len(names)}'}): "
        f"the rows after it cannot be read by the first header; export every team with the "
        f"same columns ({', '.join(names)}) and append them again, or read each export as "
        f"its own file", source=raw.name)


def _read_parts(raw: RawTable, found: list, columns: list[set[str]],
                names: list[str]) -> RawTable:
    """Skip the header lines ``found`` (position, cell keys), reading the rows under a
    reordered one by it; refuse one with other columns."""
    frame, rows = raw.frame, raw.source_row
    exact, spelt, moved = [], [], []
    for at, cells in found:
        order = _order(cells, columns)
        if order is None:
            _refuse(raw, int(rows[at]), frame.iloc[at].tolist(), names)
        if order == list(range(len(names))):
            written = frame.iloc[at].astype("string").str.strip().str.lstrip("\ufeff")
            as_first = [_as_written(w, n, k) for w, n, k in zip(written, names, columns,
                                                                 strict=True)]
            (exact if all(as_first) else spelt).append(at)
        else:
            moved.append((at, order))
    if moved:
        raw = _reordered(raw, [at for at, _ in found], moved)
    _said(raw, exact, "repeated_header", "repeat{s} the header field for field (two exports "
          "appended, each with its header): skipped, no entry")
    if spelt:
        cells = frame.iloc[spelt[0]].tolist()
        pairs = [f"{str(c).strip()!r} for {n}" for c, n in zip(cells, names, strict=True)
                 if not pd.isna(c) and str(c).strip().lower() != n.strip().lower()][:3]
        _said(raw, spelt, "repeated_header_spelt", "repeat{s} the header spelt otherwise ("
              + ", ".join(pairs) + ": two exports appended, each with its header): each "
              "cell reads as the first header's column, so skipped, no entry")
    keep = np.ones(len(raw.frame), bool)
    keep[[at for at, _ in found]] = False
    raw.frame = raw.frame[keep].reset_index(drop=True)
    raw.source_row = raw.source_row[keep]
    return raw


def _reordered(raw: RawTable, heads: list[int], moved: list) -> RawTable:
    """Put each row under a reordered header line in the first header's order, saying
    the line, its order and the rows read by it."""
    frame = raw.frame
    ends = sorted(heads) + [len(frame)]
    data = {c: frame.iloc[:, j].to_numpy(dtype=object, copy=True)
            for j, c in enumerate(frame.columns)}
    said = []
    for at, order in moved:
        stop = ends[ends.index(at) + 1]
        part = slice(at + 1, stop)
        for j, c in enumerate(frame.columns):
            data[c][part] = frame.iloc[part, order[j]].to_numpy(dtype=object)
        written = ", ".join(str(v) for v in frame.iloc[at].tolist())
        n = stop - at - 1
        lines = f"lines {raw.source_row[at + 1]}-{raw.source_row[stop - 1]}" if n else "none"
        said.append(f"{raw.row_word} {raw.source_row[at]} ({written}): its {n:,} row"
                    f"{'' if n == 1 else 's'} ({lines}) read by it")
    raw.frame = pd.DataFrame({c: pd.Series(v, dtype=frame[c].dtype) for c, v in data.items()})
    raw.echo = None  # the typed text by column no longer lines up with the columns
    raw.details["warnings"] = [*raw.details.get("warnings", ()), {
        "code": "reordered_header", "rows": sum(1 for _ in moved), "message": (
            "reordered_header: the header again with its columns in another order (two "
            "exports appended): " + "; ".join(said) + ", each cell put under the first "
            "header's column; the header line itself skipped, no entry")}]
    return raw


def _said(raw: RawTable, gone: list[int], code: str, what: str) -> None:
    """A warning ``code`` naming the lines at ``gone`` (positions) and saying ``what``
    they are (``{s}``: ``s`` for one line)."""
    if not gone:
        return
    lines = raw.source_row[gone]
    one = len(lines) == 1
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5:,} more" if len(lines) > 5
                                              else "")
    word = raw.row_word + ("" if one else "s")
    raw.details["warnings"] = [*raw.details.get("warnings", ()), {
        "code": code, "rows": len(lines), "message": (
            f"{code}: {word} {shown} ({len(lines):,} {word}) " + what.format(s="s" if one else ""))}]
