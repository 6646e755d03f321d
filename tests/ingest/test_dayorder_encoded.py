"""The order of day and month inferred from the clock columns' encodings is the order inferred
from every row: the same answer, the same reason (it quotes the first date that settles it, so
the distinct values must come in the order they first appear), the same refusal."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import SchemaError
from timestudy.ingest.dayorder import infer_dayfirst
from timestudy.ingest.encoded import clock_text, encode_text

DATES = ["03/04/2026 09:00", "25/03/2026 10:00", "03/25/2026 11:00", "2026-03-04T09:00",
         "04/03/2026 09:00", "3.4.26 12:00", "13-03-2026", None]


def _inferred(frame: pd.DataFrame, encoded: dict | None):
    try:
        return infer_dayfirst(frame, "canonical", "x.csv", encoded)
    except SchemaError as exc:
        return str(exc)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(DATES), st.sampled_from(DATES)), min_size=1,
                max_size=12))
def test_encoded_dates_infer_the_order_every_row_does(rows):
    frame = pd.DataFrame({c: pd.Series(v, dtype="string[pyarrow]")
                          for c, v in zip(("start", "end"), zip(*rows, strict=True), strict=True)})
    assert _inferred(frame, clock_text(frame)) == _inferred(frame, None)


def test_first_settling_date_is_quoted_from_the_start_column_first():
    """By hand: the start column's distinct values come first ('03/04/2026 09:00', then
    '25/03/2026 10:00', only day-first), so the reason quotes 25/03 and not the end column's
    13/03 (also only day-first, but after it once the columns are joined)."""
    frame = pd.DataFrame({
        "start": pd.Series(["03/04/2026 09:00", "25/03/2026 10:00"], dtype="string[pyarrow]"),
        "end": pd.Series(["13/03/2026 10:00", None], dtype="string[pyarrow]"),
    })
    assert infer_dayfirst(frame, "canonical", "x", clock_text(frame)) == (
        True, "day-first: '25/03/2026 10:00' can only be read that way")


@pytest.mark.parametrize("encoded", [None, {}])
def test_without_encodings_every_row_is_read(encoded):
    frame = pd.DataFrame({"date": ["03/25/2026", "03/04/2026"]})
    assert infer_dayfirst(frame, "split", "x", encoded)[0] is False


def _text(*values):
    return pd.Series(values, dtype="string[pyarrow]")


def test_clock_columns_encoded_on_two_threads_as_on_one():
    """Every other clock column is encoded on a second thread: the encodings, and their
    order (the duplicates' keys follow it), are those of one column after another."""
    frame = pd.DataFrame({"end_time": _text("10:00", None, "10:00"), "activity": ["a", "b", "c"],
                          "date": _text("02/03/2026", "02/03/2026", "03/03/2026"),
                          "start_time": _text("09:00", "09:30", None)})
    got = clock_text(frame)
    assert list(got) == ["date", "start_time", "end_time"]  # (CLOCK_TEXT's order)
    for name, e in got.items():
        one = encode_text(frame[name], always=True)
        assert e.indices.tolist() == one.indices.tolist()
        assert e.dictionary.equals(one.dictionary)
