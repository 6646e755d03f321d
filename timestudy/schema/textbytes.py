"""Whether a column of text needs cleaning, read from its bytes without copying a value.

The text check trims every value and blanks the spellings of a missing value
(:func:`timestudy.schema.tables.text_values`). On a column of free text (a million
notes, nearly all different) trimming makes a copy of every string only to find, in
the usual file, that nothing changed. :func:`clean_already` answers that question
first from the Arrow buffers themselves: the first and last byte of each value and
its length. It is conservative: True means trimming and blanking would change
nothing; False only means the column must go through the full check.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["clean_already"]

#: Bytes that may begin or end white space: ASCII controls and space (0x00-0x20), DEL,
#: and any byte of a character beyond ASCII (all Unicode white space is one of these).
_SAFE_LOW, _SAFE_HIGH = 0x21, 0x7E


def clean_already(arr: pa.Array | pa.ChunkedArray, missing: tuple[str, ...]) -> bool:
    """True when no value of ``arr`` (Arrow text) starts or ends with white space and none
    could be a spelling in ``missing``: trimming and blanking would change nothing.

    A value is taken as possibly white at an end when its first or last byte is not
    printable ASCII (``!`` to ``~``), which sends the column through the full check (the
    same result, only slower). Values no longer than the longest missing spelling are
    compared with the spellings.

    Examples
    --------
    >>> clean_already(pa.chunked_array([["Visit W1", None], ["Phone call"]]), ("", "NA"))
    True
    >>> clean_already(pa.array(["Visit ", "Phone"]), ("",)), clean_already(pa.array(["NA"]), ("NA",))
    (False, False)
    """
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    shortest = max((len(s.encode("utf-8")) for s in missing), default=-1)
    short, at = [], 0
    for chunk in chunks:
        found = _chunk_short(chunk, shortest)
        if found is None:
            return False
        short.append(found + at)
        at += len(chunk)
    rows = np.concatenate(short) if short else np.zeros(0, np.int64)
    if not len(rows):
        return True
    whole = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    # the short values, taken once from all chunks: is any a missing spelling?
    return not pc.any(pc.is_in(whole.take(rows), value_set=pa.array(list(missing), arr.type))).as_py()


def _chunk_short(chunk: pa.Array, shortest: int) -> np.ndarray | None:
    """Positions in ``chunk`` of the values ``shortest`` bytes long or shorter, or None when
    some value may start or end with white space (or the chunk is not Arrow text)."""
    if len(chunk) == 0 or chunk.null_count == len(chunk):
        return np.zeros(0, np.int64)
    if pa.types.is_large_string(chunk.type):
        width = np.int64
    elif pa.types.is_string(chunk.type):
        width = np.int32
    else:
        return None
    _, offsets_buf, data_buf = chunk.buffers()
    offsets = np.frombuffer(offsets_buf, width)[chunk.offset : chunk.offset + len(chunk) + 1]
    starts, lengths = offsets[:-1], np.diff(offsets)
    positions = None
    if chunk.null_count:  # a null's bytes are not a value: leave them out
        positions = np.flatnonzero(chunk.is_valid().to_numpy(zero_copy_only=False))
        starts, lengths = starts[positions], lengths[positions]
    short = np.flatnonzero(lengths <= shortest)
    if len(short) and not lengths[short].all():  # an empty value has no first or last byte
        keep = lengths > 0
        starts, lengths = starts[keep], lengths[keep]
    data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    first = data[starts]
    if ((first < _SAFE_LOW) | (first > _SAFE_HIGH)).any():
        return None
    ends = starts + lengths  # one past each value's last byte
    ends -= 1
    last = data[ends]
    if ((last < _SAFE_LOW) | (last > _SAFE_HIGH)).any():
        return None
    return (short if positions is None else positions[short]).astype(np.int64, copy=False)
