"""The definitions section's tables are read off the sensitivity table in one pass, not
one filter and one re-index per task (issue 18: the guide in seconds).

Before: :func:`sensitivity_rows` filtered the whole table and re-indexed it once for each
task that moves, twice a report (direct minutes, full hours): on the 120-worker study 22
filters and re-indexings, 0.04 s of processor time for two small tables. The rows are the
same.

Hand-worked (MOVES = 0.5%): a visit's direct minutes move -12% with each day its own piece
and +3% with the windows doubled, and 0% with a gap of 15 minutes; court statements move
-73% with each day its own piece; core groups move 0.2% at most, under MOVES, so they are
left out. Largest move first: court statement (73%), then visit (12%); each row's cells
in the table's order, a change of NaN (no time per piece) shown as ``-``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy.report.pieces_sections import sensitivity_rows

TABLE = pd.DataFrame({
    "parameter": ["link_within_days", "link_within_days", "travel_gap_min"] * 3,
    "value": [0.0, 2.0, 15.0] * 3,
    "task_type": ["visit"] * 3 + ["core_group"] * 3 + ["court_statement"] * 3,
    "direct_change": [-0.12, 0.03, 0.0, 0.002, -0.001, 0.0, -0.73, np.nan, 0.0],
})


def test_the_rows_are_read_in_one_pass(monkeypatch):
    reindexed = []
    real = pd.DataFrame.set_index

    def counted(self, *args, **kwargs):
        reindexed.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "set_index", counted)
    rows = sensitivity_rows(SimpleNamespace(sensitivity=TABLE), "direct_change")
    assert rows == [
        {"task": "court statement", "window: same day only": "-73%", "window: double": "-",
         "gap 15 min": "0%"},
        {"task": "visit", "window: same day only": "-12%", "window: double": "3%",
         "gap 15 min": "0%"},
    ]
    assert reindexed == []  # before: one per task that moves (2)


def test_no_table_no_rows():
    assert sensitivity_rows(SimpleNamespace(sensitivity=None)) == []
    assert sensitivity_rows(SimpleNamespace(sensitivity=TABLE.iloc[:0])) == []
