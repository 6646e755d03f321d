"""Visits to siblings written once per child (the audit's diary2.csv and diary3.csv, the same
rows with the two visits swapped): the pieces of work are the same in either order.

The old rule gave the visit listed first all 60 minutes and the other none (no sitting),
and the journey out went to the visit just after it in file order: in diary2.csv E1's
visit 140 full (60 + 40 out + 40 back), in diary3.csv E2's visit 90 (60 + 30 notes),
E1's journey a piece on its own and the way back non-case: W03's case time 230 minutes
in one file, 190 in the other.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.panels import pieces_of_work

ROWS = [
    ("2026-03-11T09:00", "2026-03-11T09:40", "travel to visit siblings", "E1"),
    ("2026-03-11T09:40", "2026-03-11T10:40", "SV Evans older child", "E1"),
    ("2026-03-11T09:40", "2026-03-11T10:40", "SV Evans younger child", "E2"),
    ("2026-03-11T10:40", "2026-03-11T11:20", "travel back to office", None),
    ("2026-03-11T11:20", "2026-03-11T11:50", "case notes Evans younger", "E2"),
    ("2026-03-11T11:50", "2026-03-11T16:00", "emails and admin", None),
]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [0, 2, 1, 3, 4, 5], [5, 4, 3, 2, 1, 0]])
def test_the_siblings_pieces_do_not_depend_on_the_row_order(order):
    """By hand, in any order: the visits 09:40-10:40 share their hour, 30 direct each.
    The journey out (E1, 40) leads to E1's visit, the one on its case among the two
    starting at 09:40: E1's visit 30 + 40 = 70 full. E2's notes follow E2's visit:
    30 + 30 = 60. The way back, written with no case, follows two visits ending
    together and stays non-case (40). W03's case time: 70 + 60 = 130 minutes."""
    frame = pd.DataFrame([ROWS[i] for i in order],
                         columns=["start", "end", "activity", "case_id"]).assign(worker_id="W03")
    p = pieces_of_work(categorise(read_diary(frame, warn=False).episodes))
    visits = p.loc[p["task_type"] == "statutory_visit"].set_index("case_id")
    assert visits["direct_min"].to_dict() == {"E1": 30.0, "E2": 30.0}
    assert visits["linked_travel_min"].to_dict() == {"E1": 40.0, "E2": 0.0}
    assert visits["full_min"].to_dict() == pytest.approx({"E1": 70.0, "E2": 60.0})
    assert p.loc[p["case_id"].notna(), "full_min"].sum() == pytest.approx(130.0)
