"""What a delimited text file is before its rows are read: its encoding, delimiter and header.

Sniffed the way people save CSV: UTF-8, UTF-8 with BOM, UTF-16 or cp1252; comma,
semicolon, tab or pipe; an Excel ``sep=`` line and blank lines before the header
allowed. Used by :mod:`timestudy.ingest.csvfile`, and by the workbook reader for
the header's names.
"""

from __future__ import annotations

import csv
import io
import re

from timestudy.errors import SchemaError

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def header_fields(text: bytes, header_end: int, delimiter: str) -> list[str]:
    """The header's fields, stripped (the header line ends at ``header_end``)."""
    first = [ln for ln in re.split(r"(?<=\n)", text[:header_end].decode("utf-8")) if ln]
    try:
        header = next(csv.reader(io.StringIO(first[-1], newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = first[-1].rstrip("\r\n").split(delimiter)
    return [h.strip().lstrip("\ufeff") for h in header]


def delimiter_name(delimiter: str) -> str:
    """``comma``, ``semicolon``, ``tab`` or the character itself."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))


def decode(data: bytes, name: str, encoding: str | None) -> tuple[bytes, str]:
    """Return UTF-8 bytes without a BOM, and the encoding the file was in."""
    if encoding:
        try:
            return data.decode(encoding).lstrip("\ufeff").encode("utf-8"), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise SchemaError(
                f"cannot be read as {encoding} ({exc}); leave encoding unset to "
                "let timestudy detect it",
                source=name,
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").lstrip("\ufeff").encode("utf-8"), "utf-16"
    head = data[: 1 << 16]
    head = head[: head.rfind(b"\n") + 1] if len(data) > len(head) else head
    try:  # the start is checked here; pyarrow checks the rest as it reads
        head.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        enc = legacy_encoding(data)
        return data.decode(enc).encode("utf-8"), enc


def legacy_encoding(data: bytes) -> str:
    """cp1252 (Windows, what Excel writes in the UK) when it decodes the bytes, else latin-1."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def find_header(data: bytes, name: str, delimiter: str | None) -> tuple[int, int, str]:
    """Byte offset after the header line, its line number, and the delimiter."""
    pos, line = 0, 1
    head_text = data[: 1 << 16].decode("utf-8", errors="replace")
    lines = [ln for ln in re.split(r"(?<=\n)", head_text) if ln]
    while lines and not lines[0].strip():
        pos += len(lines[0].encode("utf-8"))
        line += 1
        lines.pop(0)
    if not lines:
        raise SchemaError(
            "is empty: a diary needs a header row naming its columns, then one row per episode",
            source=name,
        )
    if lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = delimiter or lines[0].strip()[4]  # Excel's "sep=;" hint line
        pos += len(lines[0].encode("utf-8"))
        line += 1
        lines.pop(0)
        if not lines:
            raise SchemaError("has no header row after its 'sep=' line", source=name)
    header = lines[0]
    end = pos + len(header.encode("utf-8"))
    return end, line, delimiter or sniff(lines[:30])


def sniff(lines: list[str]) -> str:
    """The candidate delimiter that splits the header widest and every sampled line the same."""
    best, best_score = ",", (-1, -1)
    sample = [ln for ln in lines if ln.strip()]
    for cand in DELIMITERS:
        try:
            counts = [
                len(r) for r in csv.reader(io.StringIO("".join(sample), newline=""), delimiter=cand)
            ]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        score = (sum(c == counts[0] for c in counts), counts[0])
        if score > best_score:
            best, best_score = cand, score
    return best


def unique_names(names: list[str]) -> list[str]:
    """Header names made unique (``a``, ``a.1``), blanks named by position.

    Examples
    --------
    >>> unique_names(["a", "", "a"])
    ['a', 'column_2', 'a.1']
    """
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = name or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out
