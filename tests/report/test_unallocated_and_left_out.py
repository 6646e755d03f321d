"""Cases with no holder reach the report's capacity figures; hours on cases in no
case-month are named in the guide and the report."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from timestudy.guide.diary import case_time
from timestudy.report.headline import staffing_sentence
from timestudy.report.method import ADVICE
from timestudy.report.pieces_sections import case_time_rows
from timestudy.report.tables import open_caseload


def test_open_caseload_keeps_a_case_no_worker_holds():
    c = pd.DataFrame({"case_id": ["A", "B", "C"], "worker_id": ["W1", None, "W1"],
                      "opened": pd.to_datetime(["2026-01-01"] * 3),
                      "closed": pd.to_datetime([None, None, "2026-02-01"])})
    assert open_caseload(c, pd.Timestamp("2026-03-01"))["case_id"].tolist() == ["A", "B"]


def _headline(free):
    est = {"estimate": 15.4, "ci_low": 13.0, "ci_high": 18.0}
    return {"fte_needed": est, "gap_fte": {"estimate": -2.4, "ci_low": -5.0, "ci_high": 0.4},
            "fte_in_post": 13.0, "staffing_ratio": None, "unallocated_cases": free}


def test_the_staffing_sentence_says_how_many_cases_no_worker_holds():
    assert "including 20 cases no worker holds" in staffing_sentence(_headline(20))
    assert "including 1 case no worker holds" in staffing_sentence(_headline(1))
    assert "no worker holds" not in staffing_sentence(_headline(0))


def test_hours_left_out_reach_the_guide_and_the_report_by_reason():
    cm = pd.DataFrame({"hours": [10.0, 5.0]})
    cm.attrs["hours_left_out"] = {
        "holder_kept_no_diary": {"n_cases": 1, "n_episodes": 4, "hours": 28.47},
        "not_in_cases": {"n_cases": 2, "n_episodes": 3, "hours": 1.5}}
    t = case_time(cm)
    assert t["hours_left_out"] == pytest.approx(29.97)
    assert t["hours_left_out_holder_kept_no_diary"] == pytest.approx(28.47)
    assert t["hours_left_out_not_in_cases"] == pytest.approx(1.5)

    class G:
        meta = {"case_time": t}

    rows = {r["hours on cases"]: r["hours"] for r in case_time_rows(G)}
    assert rows["left out: on cases in no case-month"] == "30"
    assert rows["of which on cases whose holder kept no diary"] == "28"
    assert rows["of which on cases not in the cases table"] == "2"
    assert case_time(pd.DataFrame({"hours": [1.0]}))["hours_left_out"] == 0.0


def test_the_warning_has_advice():
    text = ("28.5 of 1,366.9 hours of work on cases are in no case-month (28.5 h on 1 case "
            "whose holder kept no diary)")
    assert any(re.search(pattern, text) for pattern, _, _ in ADVICE)


def test_the_staffing_table_names_the_unallocated_row_as_such():
    """Audit: the cases with no holder were published as 'Team A'."""
    from timestudy.report.capacity_section import _staffing_block
    from timestudy.report.model import Section

    staffing = pd.DataFrame(
        {"n_cases": [5, 79, 84], "hours_needed_per_month": [39.0, 753.0, 792.0],
         "fte_needed": [0.4, 7.1, 7.5], "fte_in_post": [0.0, 4.9, 4.9],
         "gap_fte": [-0.4, -2.2, -2.6]}, index=["(unallocated)", "North", "total"])
    s = Section("capacity", "Capacity")
    _staffing_block(s, staffing, 5, {})
    teams = s.blocks[-1].frame["team"].tolist()
    assert teams == ["cases with no worker", "Team A", "all teams (total)"]
