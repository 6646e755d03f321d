"""Rows the read rejected are said in the guide's own warnings, not only by the command
(audit22o: a diary of 55 rows, 50 rejected for a missing start, gave a guide whose
``meta.warnings`` never said so: 22.5 hours per FTE-week and 100% out of hours over 5 rows)."""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.pipeline import _read, _rejected_note


def test_the_reads_rejects_are_warned_with_what_the_figures_rest_on(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,activity,case_id\n"
                    "W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1\n"
                    "W1,2026-03-09T11:00,2026-03-09T10:30,notes,C1\n"
                    "W1,,2026-03-09T12:00,call,C1\n")
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        read = _read(str(path), None, workers)
    said = [str(w.message) for w in got if "rows rejected" in str(w.message)]
    assert said == [_rejected_note(read.report)]
    assert said[0].startswith("d.csv: 2 of 3 rows rejected (")
    assert "every figure rests on the 1 row accepted" in said[0]
