"""The case-type spelling warning counts cases, not rows (audit26).

A cases table with a transfer lists its case twice (one row a period, each with its
holder). By hand: 'Child in Need' is spelt on 5 rows, C302 on two of them (passed from S01
to S02 on 7 May), so 4 cases; 'CIN' on 2 rows, 2 cases. Before: "'Child in Need' (5 cases)".
"""

from __future__ import annotations

import warnings

from timestudy.errors import DataQualityWarning
from timestudy.ingest import read_cases

TABLE = """case_id,case_type,worker_id,opened,closed
C001,CIN,N01,,
C002,CIN,N02,,
C017,Child in Need,S03,,
C023,Child in Need,S04,,
C026,Child in Need,S05,,
C302,Child in Need,S01,,2026-05-07
C302,Child in Need,S02,2026-05-07,
"""


def test_a_transferred_case_counts_once(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(TABLE, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cases = read_cases(path)
    assert set(cases["case_type"]) == {"CIN"}
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)
            and "spells one case type more than one way" in str(w.message)]
    assert len(said) == 1
    assert "'Child in Need' (4 cases) as 'CIN' (2)" in said[0], said[0]
