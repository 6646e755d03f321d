"""The number of cases of each type counts a case listed once per period once.

Found by audit20b: a case transferred between two workers mid-month is listed twice in
the cases table (data_schema/README.md, Cases: "once per period ... the case counts once
in the cases a worker holds and in the guide's number of cases"); the guide's
``case_types.n_cases`` counted its two periods as two cases (CIN 12 where the study had
11 distinct CIN cases, the types summing to 31 against ``meta.n_cases`` 29).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.models.cases import estimate_case_weights


def test_a_transferred_case_counts_once_in_its_type():
    """Cases T (CIN, W1 then W2), U (CIN then stepped up to CP, W1) and V (CP, W2):
    by hand CIN has 2 cases (T, U), CP has 2 (U's second period, V), and CIN's workers
    are W1 and W2 (T's two holders)."""
    cm = pd.DataFrame({
        "case_id": ["T#1", "T#2", "U#1", "U#2", "V"],
        "case_listed_as": ["T", "T", "U", "U", "V"],
        "case_type": ["CIN", "CIN", "CIN", "CP", "CP"],
        "worker_id": ["W1", "W2", "W1", "W1", "W2"],
        "case_months": [0.5, 0.5, 0.4, 0.6, 1.0],
        "hours": [3.0, 4.0, 2.0, 6.0, 9.0],
    })
    pieces = pd.DataFrame({"worker_id": ["W1"], "case_id": ["T#1"], "task_type": ["visit"],
                           "full_min": [120.0]})
    table = estimate_case_weights(cm, pieces, n_boot=9).table
    assert table["n_cases"].tolist() == [2, 2]
    assert table["n_workers"].tolist() == [2, 2]
    assert table["hours_per_case_month"].tolist() == pytest.approx([9.0 / 1.4, 15.0 / 1.6])
