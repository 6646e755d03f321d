"""The repeats of rows numbered in order of first appearance, read off the numbers.

:func:`timestudy.ingest.duplicates._duplicated` joins each row's column codes into one
code, numbers them once (``pandas.factorize``) and reads from those numbers which rows
repeat an earlier one and which share their number with another (``_seen``,
``_repeated``), where it hashed the codes three times (``Series.duplicated`` twice, then
``factorize`` of the shared ones): a second export appended to a 1M-row diary spent 0.15 s
of processor time there. These tests hold the numbers' answer to pandas' own.

Where most rows are compared, the Arrow text columns are encoded on the rows compared
only, taken first (:func:`timestudy._lib.arrow.rows_at`), not on the whole column: that
answer is held to the objects' one too, identifiers as read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest.duplicates import _as_read, _duplicated, _repeated, _seen


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 6), max_size=60))
def test_numbers_give_what_pandas_gives(values):
    joined = np.array(values, np.int64)
    numbered, _ = pd.factorize(joined, use_na_sentinel=False)
    assert _seen(numbered).tolist() == pd.Series(joined).duplicated().tolist()
    group, renumbered = _repeated(numbered)
    assert group.tolist() == pd.Series(joined).duplicated(keep=False).tolist()
    expected, _ = pd.factorize(joined[group], use_na_sentinel=False)
    assert renumbered.tolist() == expected.tolist()


def test_by_hand():
    """Values 7, 5, 7, 9, 5, 5 are numbered 0, 1, 0, 2, 1, 1: rows 2, 4 and 5 repeat an
    earlier row; rows 0, 2 (7) and 1, 4, 5 (5) share a number, 9 stands alone, and among
    the sharing rows 7 is the first value (0), 5 the second (1)."""
    numbered = np.array([0, 1, 0, 2, 1, 1])
    assert _seen(numbered).tolist() == [False, False, True, False, True, True]
    group, renumbered = _repeated(numbered)
    assert group.tolist() == [True, True, True, False, True, True]
    assert renumbered.tolist() == [0, 1, 0, 1, 1]


IDS = st.sampled_from(["W1", "W1 ", " W1", "W2", "", "NA", None])
TEXT = st.sampled_from(["visit", "Visit", "visit ", "", None])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(IDS, IDS, TEXT, st.integers(0, 2)), min_size=2, max_size=40),
    st.sampled_from(["str", "string"]),
    st.data(),
)
def test_arrow_text_taken_first_gives_what_the_objects_give(rows, dtype, data):
    worker, case, text, start = (list(c) for c in zip(*rows, strict=True))
    frame = pd.DataFrame(
        {
            "worker_id": pd.Series(worker, dtype=dtype),
            "start": np.array(start, "M8[m]"),
            "activity": pd.Series(text, dtype=dtype),
            "case_id": pd.Series(case, dtype=dtype),
        }
    )
    n = len(frame)
    # a random subset of rows compared: over a quarter of them, the rows are taken first
    at = np.flatnonzero(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    expected = _as_read(frame.iloc[at]).astype(object).duplicated().to_numpy()
    assert _duplicated(frame, at, {}).tolist() == expected.tolist()
