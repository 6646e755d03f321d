"""The byte-level look at a text column (``clean_already``) against trimming and blanking it."""

from __future__ import annotations

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
