"""A worker whose contracted hours do not fit their FTE is named when the table is read.

Found by audit20b: ``fte`` 0.8 with ``contracted_hours`` 37 (a full-time week given to a
0.8 FTE worker) was taken without a word, and the study's contracted hours per FTE moved
from 37 to 37.95 (hours for casework 19.82 instead of 19.33 a week).
"""

from __future__ import annotations

import warnings

import pytest

from timestudy.errors import DataQualityWarning
from timestudy.ingest.tables import read_workers
from timestudy.schema import EXAMPLES


def _write(tmp_path, rows):
    path = tmp_path / "workers.csv"
    path.write_text("worker_id,fte,contracted_hours\n" + "".join(f"{r}\n" for r in rows))
    return path


def test_hours_unlike_fte_named_by_file_and_line(tmp_path):
    """Hours per FTE: 37, 37, 37 (18.5 / 0.5), 46.25 (37 / 0.8), blank (37 x 0.6 = 22.2):
    the median of the four given is 37, and 46.25 is 25% over it, so the file's line 5
    (the header is line 1) is named; the blank is never named."""
    path = _write(tmp_path, ["A,1,37", "B,1,37", "C,0.5,18.5", "D,0.8,37", "E,0.6,"])
    with pytest.warns(DataQualityWarning) as got:
        table = read_workers(path)
    (w,) = [str(x.message) for x in got]
    assert w.startswith("workers.csv: 1 row(s) of the workers table to check: line 5: "
                        "fte 0.8 with contracted_hours 37 is 46.25 hours a week per FTE")
    assert table["contracted_hours"].tolist() == [37.0, 37.0, 18.5, 37.0, 22.2]  # as read


@pytest.mark.parametrize("rows", [
    ["A,1,37", "B,1,37.5", "C,0.5,18.5", "D,0.8,29.6"],  # 37 to 37.5 per FTE
    ["A,1,36", "B,0.5,18", "C,0.8,28.8"],  # a 36-hour full-time week, every row
    ["A,1,", "B,0.8,"],  # no hours given
])
def test_hours_that_fit_are_not_named(tmp_path, rows):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        read_workers(_write(tmp_path, rows))


def test_shipped_example_is_not_named():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        read_workers(EXAMPLES / "workers.csv")


def test_the_full_time_workers_set_the_week(tmp_path):
    """review20: 1.0 FTE at 37 h and two 0.8 FTE at 37 h: the median per FTE (46.25) sided
    with the two wrong rows and named the right one. By hand the full-time worker's 37 is
    the week: lines 3 and 4 (37 / 0.8 = 46.25, 25% over) are named, line 2 is not."""
    path = _write(tmp_path, ["A,1,37", "B,0.8,37", "C,0.8,37"])
    with pytest.warns(DataQualityWarning) as got:
        read_workers(path)
    (w,) = [str(x.message) for x in got]
    assert "2 row(s)" in w and "line 3: fte 0.8" in w and "line 4: fte 0.8" in w
    assert "line 2" not in w
