"""A workers table whose ``workdays`` is blank for some workers, read as strings.

pattern24's patterns of weeks took each worker's pattern with ``len``; a worker whose
``workdays`` was blank (pandas' NA in a string column, or a diarist missing from the
table) stopped every guide: "object of type 'NAType' has no len()" (the held-out study
and the role-allowance audit, 35 tests). By hand: W1 Mon-Fri, W2 blank (the default
Mon-Fri), W3 missing from the table: one week each, no anchor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.work_patterns import week_patterns


def test_blank_and_missing_workdays_are_one_week_of_the_default():
    w = pd.DataFrame({"worker_id": ["W1", "W2"], "workdays": ["Mon-Fri", None]}).astype(
        {"worker_id": "string", "workdays": "string"})
    ids = pd.Index(["W1", "W2", "W3"])
    weeks, cycle, anchor = week_patterns(w, ids, np.ones((3, 7), bool))
    assert cycle.tolist() == [1, 1, 1] and anchor.tolist() == [0, 0, 0]
    assert weeks.shape == (3, 1, 7)
