"""Text files checked before they are parsed: one encoding for the whole file, or a refusal.

The CSV reader takes a file whose start is valid UTF-8 as UTF-8. A byte further on
that is not UTF-8 (a file pasted together from two sources, a Windows "é" after 64 kB
of plain ASCII) would otherwise send the whole file to another encoding, and every
"Zoë" already read would become "ZoÃ«". :func:`check_text` reads the file in
blocks (memory stays at one block) and refuses it with the byte offset and the line of
the first byte that breaks the encoding, and with what to do.
"""

from __future__ import annotations

import io
import os

from timestudy.errors import SchemaError
from timestudy.ingest.csvhead import utf16_without_bom

__all__ = ["check_text"]

#: Bytes the CSV reader looks at to decide the encoding (see ``csvhead.decode``).
HEAD = 1 << 16
BLOCK = 1 << 20


def check_text(source: str | os.PathLike | bytes, name: str, encoding: str | None = None,
               head_only: bool = False) -> None:
    """Refuse a text file that starts as UTF-8 and later has a byte that is not UTF-8.

    A file given an ``encoding``, with a UTF-16 byte order mark, or whose start is not
    UTF-8 (Windows text, decoded as such and reported) is left to the reader. With
    ``head_only`` only the start is checked (a binary file is refused): for a reader
    that checks every byte is UTF-8 as it parses (pyarrow's, on a file it reads whole).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_bytes(b"name\\n" + b"Zo\\xc3\\xab\\n" * 20000 + b"Zo\\xeb\\n")
    >>> check_text(p, "d.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: d.csv: byte 100007 (line 20002) is not UTF-8 (0xeb), though the file before it is: save the whole file as CSV UTF-8, or set its encoding in the mapping (encoding: cp1252) if it is Windows text
    """
    if encoding:
        return
    with (io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")) as f:
        head = f.read(HEAD)
        if head.startswith((b"\xff\xfe", b"\xfe\xff", b"PAR1", b"PK")) or utf16_without_bom(head):
            return
        _refuse_binary(head, name)
        if head_only:
            return
        cut = head.rfind(b"\n") + 1 if len(head) == HEAD else len(head)
        try:
            head[:cut].decode("utf-8")
        except UnicodeDecodeError:
            return  # not UTF-8 from the start: the reader takes the legacy encoding
        base, lines, carry, block = 0, 0, b"", head
        while block:
            data = carry + block
            carry = b""
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason != "unexpected end of data" or len(data) - exc.start > 3:
                    _refuse(name, data, base, lines, exc.start)
                carry = data[exc.start:]  # a character cut by the block's end
                data = data[: exc.start]
            base += len(data)
            lines += data.count(b"\n")
            block = f.read(BLOCK)
        if carry:
            _refuse(name, carry, base, lines, 0, truncated=True)


#: Share of control bytes (other than tab, CR, LF) above which the start of a file is binary.
MAX_CONTROL_SHARE = 0.05
_CONTROL = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])


def _refuse_binary(head: bytes, name: str) -> None:
    """Refuse a file whose first 64 kB are mostly not text (junk, an image, a zip...)."""
    if len(head) < 512:
        return
    n = len(head) - len(head.translate(None, _CONTROL))
    if n > MAX_CONTROL_SHARE * len(head):
        raise SchemaError(
            f"is not a text table: {n:,} of its first {len(head):,} bytes are control "
            "characters (a binary file?); give the diary as CSV, XLSX, Parquet or JSON Lines",
            source=name)


def _refuse(name: str, block: bytes, offset: int, lines: int, start: int,
            truncated: bool = False) -> None:
    at = offset + start
    line = lines + block[:start].count(b"\n") + 1
    what = ("ends in the middle of a character" if truncated
            else f"is not UTF-8 (0x{block[start]:02x})")
    raise SchemaError(
        f"byte {at} (line {line}) {what}, though the file before it is: save the whole "
        "file as CSV UTF-8, or set its encoding in the mapping (encoding: cp1252) if it is Windows text",
        source=name)
