"""A case closed before it opened is refused, naming the file, line, column and fix.

The audit (/tmp/audit4, B_cases_bad.csv): case A ``opened`` 2026-03-16, ``closed``
2026-03-12 was read without a word; the guide then put it in no case-month, its case type
(CIN) disappeared from the guide and 40 of 114 hours of casework were dropped, the terminal
saying only "3 workers, 2 cases".
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_cases
from timestudy.errors import SchemaError


def test_closed_before_opened_is_refused(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,case_type,worker_id,opened,closed\n"
                    "A,CIN,W1,2026-03-16,2026-03-12\n"
                    "B,CP,W2,2025-01-01,\n"
                    "C,CLA,W3,2026-03-12,2026-03-12\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        read_cases(path)
    text = str(err.value)
    assert text.startswith("cases.csv: 1 problem(s) in the cases table: line 2: ")
    assert "case 'A' closed 2026-03-12, before it opened 2026-03-16" in text
    assert "correct one of the two dates" in text
    assert err.value.failures["column"].tolist() == ["closed"]
    assert err.value.failures["code"].tolist() == ["closed_before_opened"]


def test_a_case_closed_the_day_it_opened_is_read():
    cases = read_cases(pd.DataFrame({
        "case_id": ["A", "B"], "case_type": "CIN", "worker_id": "W1",
        "opened": ["2026-03-12", "2026-03-01"], "closed": ["2026-03-12", None]}))
    assert cases["case_id"].tolist() == ["A", "B"]
