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
    """The header's fields, stripped (the header ends at ``header_end``). A quoted cell
    written across lines (Excel's wrap text: ``"Duration\\n(mins)"``) keeps its line break,
    which the reader turns into a space and names (:mod:`timestudy.ingest.files`).

    Examples
    --------
    >>> header_fields(b'W,"Duration\\n(mins)",Date\\nW1,90,x\\n', 25, ",")
    ['W', 'Duration\\n(mins)', 'Date']
    """
    first = [ln for ln in re.split(r"(?<=\n)", text[:header_end].decode("utf-8")) if ln]
    k = len(first) - 1  # back to the line where the header's quotes balance
    while k > 0 and "".join(first[k:]).count('"') % 2:
        k -= 1
    record = "".join(first[k:]) if "".join(first[k:]).count('"') % 2 == 0 else first[-1]
    try:
        header = next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = record.rstrip("\r\n").split(delimiter)
    return [h.strip().lstrip("\ufeff") for h in header]


def delimiter_name(delimiter: str) -> str:
    """``comma``, ``semicolon``, ``tab`` or the character itself."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))


#: The encoding said of a file some of whose lines are UTF-8 and others Windows text: two
#: exports appended, one saved as CSV UTF-8 and one as plain CSV (:func:`by_line`).
MIXED = "utf-8, with cp1252 lines"
#: A character of two to four bytes as UTF-8 writes it.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
#: What Windows text read as UTF-8 by chance gives and no real text holds: C1 controls
#: (``Â`` + a sign), IPA and rare Latin Extended-B letters, spacing and combining marks
#: (``É`` + a non-breaking space, C9 A0, reads ``ɠ``). Romanian's Ș, ș, Ț, ț (U+0218-021B),
#: Greek, Cyrillic, arrows and ticks are real text.
_BY_CHANCE = re.compile("[\u0080-\u009f\u0180-\u0217\u021c-\u036f]")
#: Sequences looked at for evidence of UTF-8 in a file that is not UTF-8 throughout.
_EVIDENCE_SEQUENCES = 200

def decode(data: bytes, name: str, encoding: str | None) -> tuple[bytes, str]:
    """Return UTF-8 bytes without a BOM, and the encoding the file was in."""
    if encoding == MIXED:
        return by_line(data)[0], MIXED
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
    wide = utf16_without_bom(data)
    if wide:
        try:
            return data.decode(wide).encode("utf-8"), wide
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: read on as below
    head = data[: 1 << 16]
    head = head[: head.rfind(b"\n") + 1] if len(data) > len(head) else head
    try:  # the start is checked here; pyarrow checks the rest as it reads
        head.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        enc = legacy_encoding(data)
        if enc == MIXED:
            return by_line(data)[0], MIXED
        return data.decode(enc).encode("utf-8"), enc


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for text saved as UTF-16 with no byte-order mark (a
    zero byte beside nearly every character of a header in plain letters), else None.

    Examples
    --------
    >>> utf16_without_bom("worker_id,start\\n".encode("utf-16-le")), utf16_without_bom(b"a,b\\n")
    ('utf-16-le', None)
    """
    head = data[:512]
    if len(head) < 8 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.8 * (len(head) // 2) and even == 0:
        return "utf-16-le"
    if even > 0.8 * (len(head) // 2) and odd == 0:
        return "utf-16-be"
    return None


def legacy_encoding(data: bytes) -> str:
    """For bytes that are not UTF-8 throughout: :data:`MIXED` when a line of them is UTF-8
    holding real text beyond ASCII (``Zoë`` as two bytes; read as cp1252 they would be
    ``ZoÃ«``, another name; :func:`_real_utf8`), else cp1252 (Windows, what Excel writes in the UK) when it decodes the bytes,
    else latin-1."""
    for seen, match in enumerate(_UTF8_SEQUENCE.finditer(data)):
        if seen == _EVIDENCE_SEQUENCES:
            break
        stop = data.find(b"\n", match.end())
        if _real_utf8(data[data.rfind(b"\n", 0, match.start()) + 1:
                           stop if stop >= 0 else len(data)]):  # the line it is on
            return MIXED
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def by_line(data: bytes) -> tuple[bytes, list[int]]:
    """UTF-8 bytes of text whose lines are each UTF-8 or Windows text (cp1252, else
    latin-1), each line read in its own encoding; and the numbers (from 1) of the lines
    read as Windows text. A line break is the same byte in both, and no UTF-8 character
    holds one, so a file splits into lines the same either way. A line that is UTF-8 only
    by chance (``RENÉ`` + a non-breaking space in Windows text reads ``RENɠ``:
    :func:`_real_utf8`) is Windows text.

    Examples
    --------
    >>> text, windows = by_line("W1,Zoë\\n".encode() + "W2,Zoë\\n".encode("cp1252"))
    >>> text.decode(), windows
    ('W1,Zoë\\nW2,Zoë\\n', [2])
    """
    lines, windows = data.split(b"\n"), []
    for at, raw in enumerate(lines):
        if not _real_utf8(raw):
            windows.append(at + 1)
            lines[at] = _windows_text(raw).encode("utf-8")
    return b"\n".join(lines).removeprefix(b"\xef\xbb\xbf"), windows


def _real_utf8(raw: bytes) -> bool:
    """Whether ``raw`` (one line) is UTF-8 that real text holds: it decodes, and nothing in
    it is what Windows text gives by chance (:data:`_BY_CHANCE`).

    Examples
    --------
    >>> [_real_utf8(t.encode()) for t in ("Zoë", "Ștefan", "a → b ✓", "Ελένη")]
    [True, True, True, True]
    >>> _real_utf8("RENÉ\u00a0".encode("cp1252")), _real_utf8("Zoë".encode("cp1252"))
    (False, False)
    """
    try:
        return not _BY_CHANCE.search(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _windows_text(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def mixed_warning(data: bytes) -> dict:
    """The warning of a file read by :func:`by_line`: which lines were Windows text.

    Examples
    --------
    >>> print(mixed_warning("W1,Zoë\\n".encode() + "W2,Zoë\\n".encode("cp1252"))["message"])
    ... # doctest: +ELLIPSIS
    mixed_encoding: line 2 (1 line) is Windows text (cp1252), the rest UTF-8, ...
    """
    lines = by_line(data)[1]
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    are = "is" if len(lines) == 1 else "are"
    return {"code": "mixed_encoding", "rows": len(lines), "message": (
        f"mixed_encoding: line{'s' if len(lines) > 1 else ''} {shown} ({len(lines)} "
        f"line{'s' if len(lines) > 1 else ''}) {are} Windows text (cp1252), the rest UTF-8, as "
        "when two exports are appended, one saved as CSV UTF-8: each line was read in its own "
        "encoding, so a name with an accent (Zoë) reads the same in both; to be sure, save the "
        "file again as CSV UTF-8")}


def find_header(data: bytes, name: str, delimiter: str | None) -> tuple[int, int, str]:
    """Byte offset after the header, the line number of its last line (a header cell
    written across lines ends lower), and the delimiter."""
    return header_and_titles(data, name, delimiter)[:3]


def header_and_titles(data: bytes, name: str, delimiter: str | None
                      ) -> tuple[int, int, str, list[str]]:
    """:func:`find_header`, and the title passed over above the header
    (:func:`title_lines`): each title line's written fields, joined by a space.

    Examples
    --------
    >>> header_and_titles(b"Team A log,,\\n\\nworker,date,start\\nW1,x,y\\n", "d.csv", None)
    (32, 3, ',', ['Team A log'])
    """
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
    titles = []
    for _ in range(title_lines(lines, delimiter)):  # a title above the header
        words = _fields(lines[0], delimiter or sniff(lines[1:31]))
        titles += [" ".join(w.strip() for w in words if w.strip())] if any(
            w.strip() for w in words) else []
        pos += len(lines[0].encode("utf-8"))
        line += 1
        lines.pop(0)
    header, rows = _header_lines(lines)
    end = pos + len(header.encode("utf-8"))
    return end, line + rows - 1, delimiter or sniff([header, *lines[rows:30]]), titles


def _header_lines(lines: list[str]) -> tuple[str, int]:
    """The header's text and how many of ``lines`` it takes: one, or more where a quoted
    cell is written across lines (``"Duration\\n(mins)"``), up to 10 while a quote is open.

    Examples
    --------
    >>> _header_lines(['W,"Duration\\n', '(mins)",Date\\n', 'W1,90,x\\n'])
    ('W,"Duration\\n(mins)",Date\\n', 2)
    >>> _header_lines(['W,"Duration,Date\\n', 'W1,90,x\\n'])  # never closed: the first line
    ('W,"Duration,Date\\n', 1)
    """
    header, rows = lines[0], 1
    while header.count('"') % 2 and rows < min(len(lines), 10):
        header, rows = header + lines[rows], rows + 1
    return (header, rows) if header.count('"') % 2 == 0 else (lines[0], 1)


def title_lines(lines: list[str], delimiter: str | None) -> int:
    """How many of ``lines`` (from the first that is not blank) are a title above the
    header: up to 5 lines with at most one field written each (``Team A time log``,
    ``Exported 06/12/2026``, or ``Title,,,,`` as a spreadsheet saves it), then a line of
    three or more fields written (no diary has fewer columns). 0 when the first line has
    two or more fields written, or no such header follows, or a line before it leaves a
    quote open (a header cell written across lines).

    Examples
    --------
    >>> title_lines(["Team A time log,,,\\n", "\\n", "Worker,Date,Start,End\\n"], None)
    2
    >>> title_lines(["Worker,Date,Start,End\\n", "W1,09/03/2026,09:00,10:00\\n"], None)
    0
    """
    for k, text in enumerate(lines[:6]):
        if text.count('"') % 2:  # a quote left open: a header cell across lines, no title
            return 0
        written = sum(bool(f.strip()) for f in _fields(text, delimiter or sniff(lines[k:k + 30])))
        if written >= 3:
            return k
        if written > 1 or k == 5:
            return 0
    return 0


def _fields(line: str, delimiter: str) -> list[str]:
    """The fields of one ``line``."""
    try:
        return next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


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
