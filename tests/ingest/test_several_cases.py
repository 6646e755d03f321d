"""A cell naming several cases (a visit to siblings, ``C11;C12``) is warned, with the fix.

The audit (/tmp/audit4, study A: W09's sibling visits written ``C11;C12``): read as one case
the cases table does not list, their 25.6 h were in no case's hours, and the terminal of
``timestudy guide`` said nothing. Now the reader's report warns ``several_cases_in_one_cell``
(how many episodes and minutes, the values, the fix), and the guide shows it.
"""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary

CASES = pd.DataFrame({"case_id": ["C11", "C12", "C13"], "case_type": "CIN",
                      "worker_id": "W1"})


def _diary(ids):
    start = pd.date_range("2026-03-09 09:00", periods=len(ids), freq="2h")
    return pd.DataFrame({"worker_id": "W1", "start": start, "end": start + pd.Timedelta("90min"),
                         "activity": "visit", "case_id": ids})


def test_sibling_cases_in_one_cell_are_warned():
    """By hand: two of the five episodes name two listed cases each (90 + 90 = 180 min)."""
    r = read_diary(_diary(["C11;C12", "C11", "C12 & C13", "C99;C11", "C13"]), cases=CASES,
                   warn=False)
    (w,) = [x for x in r.report.details["warnings"] if x["code"] == "several_cases_in_one_cell"]
    assert (w["episodes"], w["minutes"]) == (2, 180.0)
    assert "('C11;C12', 'C12 & C13')" in w["message"]
    assert "give each case its own row with its share of the minutes" in w["message"]


def test_no_warning_without_a_cases_table_or_such_cells():
    assert "warnings" not in read_diary(_diary(["C11;C12"]), warn=False).report.details
    r = read_diary(_diary(["C11", "C12"]), cases=CASES, warn=False)
    assert not any(x["code"] == "several_cases_in_one_cell"
                   for x in r.report.details.get("warnings", ()))
