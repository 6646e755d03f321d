"""Codes of id and label columns worked on their distinct values (perf26c): the same codes and
keys as reading every row as text, which cost most of a measure's time on a small study
(``multi_observer_agreement`` on 3 observers' 9 minutes: 75 ms of processor time a call
before, 57 after)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import timestudy.observe._codes as codes_module
from timestudy.observe._codes import _codes_by_row, codes_of

VALUES = ["a", " a", "a ", "", "  ", "B", "b", "é", "a\u00a0", "\x1ca", "b\t", "10", "9",
          "(missing)", None, np.nan, "日本"]


def test_hand_worked_codes():
    """Workers ' B', 'A', missing, 'B': stripped, missing as '(missing)', sorted: keys
    '(missing)', 'A', 'B' (codes 2, 1, 0, 2). With sessions 2, 1, 1, 2 the combinations, in
    order, are ('(missing)', '1'), ('A', '1'), ('B', '2'): codes 2, 1, 0, 2."""
    f = pd.DataFrame({"w": [" B", "A", None, "B"], "s": [2, 1, 1, 2]})
    codes, keys = codes_of(f, ["w"])
    assert codes.tolist() == [2, 1, 0, 2] and keys.tolist() == ["(missing)", "A", "B"]
    assert keys.name == "w"
    codes, keys = codes_of(f, ["w", "s"])
    assert codes.tolist() == [2, 1, 0, 2]
    assert keys.tolist() == [("(missing)", "1"), ("A", "1"), ("B", "2")]
    assert list(keys.names) == ["w", "s"]


def test_plain_text_is_read_once_per_value(monkeypatch):
    """A text column of 3,000 rows and 3 values is read as text by Python on its 3 values,
    never row by row through pandas (before: every row)."""
    monkeypatch.setattr(codes_module, "_as_text", lambda v: pytest.fail("read row by row"))
    f = pd.DataFrame({"w": ["W2", " W1", "W3"] * 1000})
    codes, keys = codes_of(f, ["w"])
    assert keys.tolist() == ["W1", "W2", "W3"] and codes[:3].tolist() == [1, 0, 2]


def column(kind: str, picks: list[int]) -> pd.Series:
    """A column of ``kind`` from ``picks`` (positions in :data:`VALUES`, or numbers)."""
    if kind in ("object", "str", "string"):
        return pd.Series([VALUES[i % len(VALUES)] for i in picks],
                         dtype=object if kind == "object" else kind)
    if kind == "int":
        return pd.Series(picks, dtype=np.int64)
    if kind == "Int64":
        return pd.Series(picks, dtype="Int64").mask(pd.Series(picks) % 5 == 0)
    if kind == "mixed":  # 1, 1.0 and True are one value to factorize, three as text
        return pd.Series([[1, 1.0, True, "1", None][i % 5] for i in picks], dtype=object)
    return pd.Series(np.array(picks, float) / 2).mask(pd.Series(picks) % 4 == 0)


KINDS = st.sampled_from(["object", "str", "string", "int", "Int64", "mixed", "float"])


@given(st.lists(KINDS, min_size=1, max_size=3), st.data())
def test_the_same_codes_and_keys_as_reading_every_row(kinds, data):
    """Any columns (text with space, blanks and missing values, whole numbers, mixed
    objects, floats): the codes, the keys, their type, dtype, levels and level codes are
    those of reading every row as text."""
    n = data.draw(st.integers(1, 25))
    f = pd.DataFrame({f"c{i}": column(k, data.draw(st.lists(st.integers(0, 40), min_size=n,
                                                              max_size=n)))
                      for i, k in enumerate(kinds)})
    cols = list(f.columns)
    (codes, keys), (want, want_keys) = codes_of(f, cols), _codes_by_row(f, cols)
    assert codes.dtype == want.dtype and np.array_equal(codes, want)
    assert type(keys) is type(want_keys) and keys.equals(want_keys)
    assert list(keys.names) == list(want_keys.names)
    if isinstance(keys, pd.MultiIndex):
        for got, exp in zip(keys.levels, want_keys.levels, strict=True):
            assert got.dtype == exp.dtype and got.equals(exp)
        assert all(np.array_equal(a, b) for a, b in zip(keys.codes, want_keys.codes, strict=True))
    else:
        assert keys.dtype == want_keys.dtype
