"""Disclosure helpers of the guide, checked against hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.guide.disclosure import proceedings_workers, suppress_tasks


@pytest.mark.parametrize(
    "flags, expected",
    [
        ([True, False, True, False, False], 1),  # rows 1 and 3: W1 twice
        (pd.array([True, pd.NA, True, None, False], dtype="boolean"), 1),
        ([1.0, np.nan, 0.0, 1.0, -0.0], 2),  # rows 1 and 4: W1, W4
        (["yes", None, "", "no", np.nan], 2),  # any text but "" is true, as bool() has it
        ([None, None, None, None, None], 0),
    ],
)
def test_proceedings_workers_counts_workers_holding_a_case_in_proceedings(flags, expected):
    cm = pd.DataFrame({"worker_id": ["W1", "W2", "W1", "W4", "W5"], "in_proceedings": flags})
    assert proceedings_workers(cm) == expected
    assert proceedings_workers(cm.drop(columns="in_proceedings")) is None


def test_suppress_tasks_blanks_the_case_split_from_too_few_workers():
    tasks = pd.DataFrame(
        {
            "hours_per_fte_week": [2.0, 3.0],
            "non_case_hours_per_fte_week": [1.0, 1.5],
            "full_hours": [1.0, 2.0],
            "n_workers": [6, 6],
            "n_workers_primary": [6, 6],
        },
        index=pd.Index(["visit", "admin"], name="task_type"),
    )
    # visit: 6 workers with a case, 2 without (split blanked); admin: 6 without a case only
    pieces = pd.DataFrame(
        {
            "task_type": ["visit"] * 8 + ["admin"] * 6,
            "worker_id": [f"W{i}" for i in range(6)] + ["W0", "W1"] + [f"W{i}" for i in range(6)],
            "case_id": ["C1"] * 6 + [None, None] + [None] * 6,
            "other": range(14),
        }
    )
    out, notes = suppress_tasks(tasks, pieces, 5)
    assert np.isnan(out.loc["visit", "non_case_hours_per_fte_week"])
    assert out.loc["admin", "non_case_hours_per_fte_week"] == 1.5
    assert [(n.table, n.key) for n in notes] == [("tasks.non_case_hours_per_fte_week", "visit")]
    assert notes[0].reason.endswith("fewer than 5 workers on one side")
