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
    same result, only slower). Values no longer than the longest missing spelling whose
    first and last bytes are those of a spelling are compared with the spellings.

    Examples
    --------
    >>> clean_already(pa.chunked_array([["Visit W1", None], ["Phone call"]]), ("", "NA"))
    True
    >>> clean_already(pa.array(["Visit ", "Phone"]), ("",)), clean_already(pa.array(["NA"]), ("NA",))
    (False, False)
    """
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    if not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in chunks):
        return False
    spellings = {s.encode("utf-8") for s in missing}
    look = _Look(spellings)
    maybe, at = [], 0
    for chunk in chunks:
        found = look.chunk(chunk)
        if found is None:
            return False
        maybe.append(found + at)
        at += len(chunk)
    rows = np.concatenate(maybe) if maybe else np.zeros(0, np.int64)
    if not len(rows):
        return True
    whole = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    # the values that may be a spelling, taken once from all chunks: is any one?
    return not pc.any(pc.is_in(whole.take(rows), value_set=pa.array(list(missing), arr.type))).as_py()


class _Look:
    """The look at one chunk's bytes, for the missing spellings ``spellings`` (UTF-8)."""

    def __init__(self, spellings: set[bytes]) -> None:
        self.longest = max((len(s) for s in spellings), default=-1)
        self.empty = b"" in spellings  # an empty value is a missing spelling
        self.firsts = sorted({s[0] for s in spellings if s})
        self.lasts = sorted({s[-1] for s in spellings if s})

    def chunk(self, chunk: pa.Array) -> np.ndarray | None:
        """None when some value of ``chunk`` may start or end with white space, or is empty
        while an empty value is a missing spelling; otherwise the positions of the values
        that may be a spelling (1 to ``longest`` bytes, their first and last bytes those of
        a spelling).

        A value of no bytes (a null, mostly) is read as the bytes beside it: the first byte
        of a later value or the last of an earlier one, looked at anyway, or a byte outside
        the values, which can only send the column through the full check. A null of some
        bytes is looked at as a value: the same."""
        n = len(chunk)
        if n == 0 or chunk.null_count == n:
            return np.zeros(0, np.int64)
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        validity, offsets_buf, data_buf = chunk.buffers()
        offsets = np.frombuffer(offsets_buf, width)[chunk.offset : chunk.offset + n + 1]
        end = offsets[-1]
        if end == offsets[0]:  # every value empty
            return None if self.empty else np.zeros(0, np.int64)
        data = np.frombuffer(data_buf, np.uint8, count=end)
        first = data.take(offsets[:-1], mode="clip")  # an empty last value: the byte before
        if first.min() < _SAFE_LOW or first.max() > _SAFE_HIGH:
            return None
        lengths = offsets[1:] - 1
        last = data.take(lengths, mode="clip")  # an empty first value: byte 0 or one before
        if last.min() < _SAFE_LOW or last.max() > _SAFE_HIGH:
            return None
        lengths -= offsets[:-1]  # each value's length less one: -1 when empty
        low = lengths.min()
        if low < 0 and self.empty and _valid_empty(lengths, validity, chunk.offset, chunk.null_count):
            return None
        if low >= self.longest:
            return np.zeros(0, np.int64)
        maybe = _one_of(first, self.firsts)
        if not maybe.any():
            return np.zeros(0, np.int64)
        maybe &= _one_of(last, self.lasts)
        maybe &= lengths < self.longest
        maybe &= lengths >= 0
        return np.flatnonzero(maybe)


def _one_of(values: np.ndarray, options: list[int]) -> np.ndarray:
    """Whether each byte of ``values`` is one of ``options`` (a few), by comparisons."""
    found = np.zeros(len(values), bool)
    for option in options:
        found |= values == option
    return found


def _valid_empty(lengths: np.ndarray, validity: pa.Buffer | None, offset: int, nulls: int
                 ) -> bool:
    """Whether a value that is not null has no bytes (``lengths`` less one, so -1)."""
    empty = lengths < 0
    if not nulls:
        return bool(empty.any())
    count = int(np.count_nonzero(empty))
    if count > nulls:  # more empty than null: some empty value is not a null
        return True
    bits = np.unpackbits(np.frombuffer(validity, np.uint8), count=offset + len(lengths),
                         bitorder="little")[offset:]
    return bool((bits.view(bool) & empty).any())
