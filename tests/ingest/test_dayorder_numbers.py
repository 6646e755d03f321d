"""The day-month-year numbers of written dates, read in Arrow, are Python's reading of them.

``dayorder._dmy_numbers`` searches ASCII text with Arrow's regular expressions, whose
``\\d``, ``\\s`` and ``\\b`` are ASCII, and any other text with Python's; either way the
numbers are those of ``text.str.extract(_DMY)`` (the reading before).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest.dayorder import _DMY, _dmy_numbers

ASCII = "0123456789/.-: Tx\t\n\x0b\x0c\r\x1c\x1f_a"
OTHER = "\u00a0\u2003\u0663é"  # no-break and em spaces, an Arabic-Indic three, é


def _by_python(values: list[str | None]) -> list[np.ndarray]:
    parts = pd.Series(values, dtype="str").str.extract(_DMY)
    return [pd.to_numeric(parts[i], errors="coerce").to_numpy(float) for i in range(3)]


def _same(values: list[str | None]) -> None:
    got = _dmy_numbers(pd.Series(values, dtype="str"))
    for mine, theirs in zip(got, _by_python(values), strict=True):
        np.testing.assert_array_equal(mine, theirs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(ASCII, max_size=14)), max_size=30))
def test_ascii_dates_read_as_python_reads_them(values):
    _same(values)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ASCII + OTHER, max_size=14), min_size=1, max_size=30))
def test_any_text_read_as_python_reads_it(values):
    _same(values)


def test_written_dates():
    _same(["09/03/2026", " 9.3.26", "31-12-2026x", "09/03/20261", "2026-03-09", "\x1c1/2/33",
           "1/2/3", "12/13/2026 09:30", "", None])
