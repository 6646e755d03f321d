"""The lines an echo reads back are the file's own lines, taken in Arrow.

``timestudy.ingest.echo.lines_text`` replaced a gather of byte ranges in NumPy (0.85 s for
600,000 lines of a 1.3M-line file) with Arrow binary values over the file's bytes, so
that the rows a typed read holds as copies can be read back as written
(:mod:`timestudy.ingest.duplicates`). These hold it to Python's own split of the lines.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest.echo import csv_echo, lines_text

LINE = st.text(alphabet="ab,\r", max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=30), st.booleans(), st.data())
def test_lines_as_python_splits_them(lines, final_break, data):
    text = "\n".join(lines) + ("\n" if final_break else "")
    raw = np.frombuffer(text.encode(), dtype=np.uint8)
    n = text.count("\n") + (0 if text.endswith("\n") else 1)
    wanted = sorted(data.draw(st.sets(st.integers(1, n), max_size=n)))
    every = text.split("\n")
    expected = "".join(every[k - 1] + "\n" for k in wanted)
    assert lines_text(raw, np.array(wanted, np.int64)).to_pybytes() == expected.encode()


def test_echo_of_a_crlf_file_with_no_final_break():
    """Lines 2 and 4 of ``a,start`` / ``x,2026-03-09T09:00`` / ``y,60.0`` / ``z,"9,5"``
    written with CRLF and no break after the last: their start as written."""
    data = b'a,start\r\nx,2026-03-09T09:00\r\ny,60.0\r\nz,"9,5"'
    echo = csv_echo(data, ["a", "start"], ",", ["start"])
    assert echo(np.array([4, 2]))["start"].tolist() == ["9,5", "2026-03-09T09:00"]
