"""The byte-level look at a text column (``clean_already``) against trimming and blanking it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.schema.tables import load_schema, text_values
from timestudy.schema.textbytes import clean_already

MISSING = load_schema("episodes").missing_values
PIECES = ["a", "Z", "visit", "-", "/", "NA", "null", " ", "\t", "\n", "\x1c", "\x7f", "é",
          "\u00a0", "\u2003", "\u3000", "\u200b"]


def changed_by_cleaning(arr: pa.ChunkedArray) -> bool:
    """What the full check finds: trimming changes a value, or a value is a missing spelling."""
    clean = pc.utf8_trim_whitespace(arr)
    blank = pc.is_in(clean, value_set=pa.array(list(MISSING), clean.type))
    return not clean.equals(arr) or bool(pc.any(blank).as_py())


values = st.lists(
    st.one_of(st.none(), st.lists(st.sampled_from(PIECES), max_size=4).map("".join)),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(0, 12), st.booleans())
def test_clean_already_never_says_clean_when_cleaning_would_change_a_value(cells, cut, large):
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(cells, kind)
    cut = min(cut, len(cells))
    arr = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], kind)
    if clean_already(arr, MISSING):
        assert not changed_by_cleaning(arr)


def test_clean_already_on_ordinary_text_and_on_what_needs_cleaning():
    ordinary = pa.chunked_array([["Home visit", "CIN review", None, "Court"], ["Team meeting"]])
    assert clean_already(ordinary, MISSING)
    for odd in (" Court", "Court\t", "N/A", "", "Court\u00a0", "\u3000Court"):
        assert not clean_already(pa.chunked_array([["Home visit", odd]]), MISSING), odd


def test_text_values_whether_or_not_the_bytes_show_the_column_clean():
    text = pd.Series(["Home visit", "Court", None], dtype="string")
    pd.testing.assert_series_equal(text_values(text, MISSING), text)
    padded = pd.Series([" Home visit", "NA", None], dtype="string")
    assert text_values(padded, MISSING).tolist() == ["Home visit", pd.NA, pd.NA]


clean_values = st.lists(
    st.one_of(st.none(), st.sampled_from(["", "a", "Z", "NA", "N/A", "-", "n", "Nb", "A-", "TM",
                                          "visit x", "é", "null", "nulls", "x\u00a0y"])),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(clean_values, st.integers(0, 12), st.booleans())
def test_clean_already_says_clean_whenever_no_end_byte_is_odd_and_no_value_is_missing(
        cells, cut, large):
    """The look is exact on the usual file: every value begins and ends with printable ASCII
    and none is a missing spelling, with nulls and short values anywhere, in sliced chunks."""
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(cells, kind)
    cut = min(cut, len(cells))
    arr = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], kind)
    plain = all(c is None or (c and " " < c[0] < "\x7f" and " " < c[-1] < "\x7f") for c in cells)
    assert clean_already(arr, MISSING) == (plain and not changed_by_cleaning(arr))


def test_clean_already_with_nulls_that_hold_bytes():
    """Arrow lets a null hold bytes: an empty value beside one is still seen (2 empty-or-null
    slots, 2 nulls, but one null has 2 bytes, so one empty slot is a value: ""), and a null's
    odd bytes only send the column through the full check."""
    def built(data: bytes, offsets: list[int], valid: int) -> pa.Array:
        return pa.Array.from_buffers(pa.string(), len(offsets) - 1, [
            pa.py_buffer(bytes([valid])), pa.py_buffer(np.array(offsets, np.int32).tobytes()),
            pa.py_buffer(data)])
    with_empty = built(b"abVisit", [0, 2, 2, 7, 7], 0b0110)  # null "ab", "", "Visit", null
    assert with_empty.to_pylist() == [None, "", "Visit", None]
    assert not clean_already(with_empty, MISSING)
    nulls_hold_bytes = built(b" aVisit", [0, 2, 7, 7], 0b010)  # null " a", "Visit", null
    assert nulls_hold_bytes.to_pylist() == [None, "Visit", None]
    assert not clean_already(nulls_hold_bytes, ("",))  # conservative: the full check says clean
    assert text_values(pd.Series(nulls_hold_bytes.to_pylist(), dtype="string"), ("",)).tolist() == [
        pd.NA, "Visit", pd.NA]
    assert clean_already(built(b"Visit", [0, 0, 5, 5], 0b010), MISSING)
