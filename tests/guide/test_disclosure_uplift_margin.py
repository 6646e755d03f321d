"""Audit25f: with uplifts, a withheld task x case type cell came back from guide.json.

A case type's should hours are its full cells times the task uplifts (over its own factor):
a second total of its row beside the hours per case-month. And a call (or a piece of
writing) takes no travel and no notes, so its full cell is its direct cell, over case-months
that differ by a fraction of a percent (CIN family contact: full 0.21898, direct 0.21906).
The protection linked the two matrices' cells only when equal to 1e-12, so it hid a call's
full cell as a complement while its direct cell stayed published: the reader took the one for
the other, and with the two totals solved the withheld case notes (0.035305 for 0.035411).

The row here, by hand (one case type, CIN; uplifts: visit 1.25, notes 1.15, call 1.2, the
rest 1). Full hours per case-month: visit 2.400, notes 0.035 (2 workers: withheld), call
0.219, write-up 0.544, review 0.813, other 0.031; direct: 0.958, 1.404, 0.21906, 0.5442,
0.448, 0.025. Row total T = 2.400 + 0.035 + 0.219 + 0.544 + 0.813 + 0.031 = 4.042; should
S = 1.25 x 2.400 + 1.15 x 0.035 + 1.2 x 0.219 + 0.544 + 0.813 + 0.031 = 4.69105.
Before: the notes' complement was the other cell (0.031, the smallest), then, the uplifts
giving the notes back from two groups of one, the call (0.219). Hidden: notes, other, call.
The reader reads the call's full hours as its direct 0.21906:
notes + other = 4.042 - (2.400 + 0.544 + 0.813) - 0.21906 = 0.06594, and
1.15 notes + other = 4.69105 - (3.000 + 0.544 + 0.813) - 1.2 x 0.21906 = 0.071178, so
notes = (0.071178 - 0.06594) / 0.15 = 0.03492 (true 0.035).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _algebra import solvable

from timestudy.guide.adjustments import Adjustments
from timestudy.guide.matrix_disclosure import MatrixProtection

TASKS = ["visit", "notes", "call", "writeup", "review", "other"]
UPLIFT = {"visit": 1.25, "notes": 1.15, "call": 1.2}
#: Tasks with no travel or notes: a reader takes their full cell for their direct one.
NO_TRAVEL_OR_NOTES = ("call", "writeup")


def _frame(values) -> pd.DataFrame:
    return pd.DataFrame([values], index=pd.Index(["CIN"], name="case_type"),
                        columns=pd.Index(TASKS, name="task_type"))


def _published():
    full = _frame([2.400, 0.035, 0.219, 0.544, 0.813, 0.031])
    direct = _frame([0.958, 1.404, 0.21906, 0.5442, 0.448, 0.025])
    workers_full = _frame([9, 2, 9, 9, 9, 9])
    workers_direct = _frame([9, 9, 9, 9, 9, 9])
    protection = MatrixProtection(full, direct, workers_full, workers_direct, 5,
                                  frozenset(), frozenset())
    hours = float(full.sum(axis=1).iloc[0])
    should = float((full * pd.Series(UPLIFT).reindex(TASKS).fillna(1.0)).sum(axis=1).iloc[0])
    case_types = pd.DataFrame({"hours_per_case_month": [hours], "uplift": [should / hours],
                               "hours_per_case_month_should": [should]}, index=full.index)
    adjustments = Adjustments("test", "expert_panel", task_types=UPLIFT)
    return full, protection.publish(case_types, adjustments)


def test_the_row_total_and_its_uplifted_total_do_not_give_a_withheld_cell_back():
    """The reader: unknowns the hidden full cells of tasks with travel or notes (a call's or
    write-up's is its direct cell, published or hidden with it); equations the row total and
    the should total (T = 4.042, S = 4.69105 by hand, module docstring). Before, the notes
    came back (0.03492, true 0.035); now no hidden cell is solvable."""
    full, (pub_full, pub_direct, case_types, notes) = _published()
    assert full.sum(axis=1).iloc[0] == pytest.approx(4.042)
    assert case_types["hours_per_case_month_should"].iloc[0] == pytest.approx(4.69105)
    hidden_full = pub_full.loc["CIN"].isna()
    assert hidden_full["notes"]
    # a call's or write-up's full cell is known when its direct cell is published
    known = [t for t in NO_TRAVEL_OR_NOTES if not pd.isna(pub_direct.loc["CIN", t])]
    unknown = hidden_full & ~hidden_full.index.isin(known)
    u = pd.Series(UPLIFT).reindex(TASKS).fillna(1.0)
    A = np.vstack([np.ones(len(TASKS)), u.to_numpy()])
    assert not solvable(A, unknown.to_numpy()).any(), (
        f"hidden {list(hidden_full[hidden_full].index)}, read from the direct table {known}")


def test_a_call_hidden_in_one_table_is_hidden_in_the_other():
    """The call's full and direct cells (0.219 and 0.21906, 0.03% apart) are one figure:
    hidden in both or in neither; the write-up's (0.544 and 0.5442) likewise."""
    _, (pub_full, pub_direct, _, notes) = _published()
    for task in NO_TRAVEL_OR_NOTES:
        assert pd.isna(pub_full.loc["CIN", task]) == pd.isna(pub_direct.loc["CIN", task])
    assert {f"{n.table}:{n.key}" for n in notes} >= {"task_case_hours:CIN/notes"}
    assert all("(" not in n.reason for n in notes)  # no count of workers (audit25f)
