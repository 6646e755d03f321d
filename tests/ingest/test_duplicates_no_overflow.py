"""Rows compared again on their text are numbered first: no joined code overflows.

review20 found that the code joined from every column, up to 2**62, was multiplied by
the number of spellings of a typed column in int64 on the first pass over the text: with
keys chosen to wrap around (6 x J = 2 modulo 2**64), rows of different values and text
came out as copies of earlier rows, and their minutes would have been dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.duplicates import _duplicated


def test_keys_chosen_to_wrap_around_are_not_copies():
    """Rows 0 and 1 share their values (a, b, t) and differ in their text; rows 2 and 3
    share other values (0, 0) and differ in text too; row 4 differs from all. By hand no
    row equals an earlier one in every column as written: no copy."""
    size_b = 2**31 - 1
    j = pow(3, -1, 1 << 63)  # 6 * j = 2 (mod 2**64)
    a2, b2 = divmod(j, size_b)
    a = np.array([a2, a2, 0, 0, 0], np.int64)
    b = np.array([b2, b2, 0, 0, size_b - 1], np.int64)
    frame = pd.DataFrame({"a": a, "b": b, "t": pd.to_datetime(["2026-03-09 09:00"] * 5)})
    texts = np.array(["2026-03-09T09:00", "2026-03-09 09:00", "2026-03-09 09:00:00",
                      "2026-03-09T09:00:00", "x"], object)
    got = _duplicated(frame, np.arange(5), {"a": a, "b": b}, lambda at: {"t": texts[at]})
    assert got.tolist() == [False] * 5
