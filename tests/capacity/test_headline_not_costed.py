"""Cases of a type the guide does not cost: counted in the cases held, named in the headline.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CIN 5 and
CP 12 a case-month, PROC suppressed (fewer than 5 workers). Worker A (1.0 FTE) holds CIN,
CIN, CP, PROC; worker B (0.5 FTE) holds CP, PROC; one CIN case has no holder.

- Cases held per FTE: every case held, costed or not: 6 / 1.5 = 4.0 (the defect: the 4
  costed cases held, 4 / 1.5 = 2.67).
- FTE needed: the hours of the costed cases only, 5 + 5 + 12 + 12 + 5 = 39 hours a month,
  0.39 FTE: a lower bound, since the 2 PROC cases need hours too.
- The headline says so in its own sentences: "at least 0.4 FTE (...; 2 PROC cases not
  costed: too few workers)".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy.capacity import headline
from timestudy.guide import TimeGuide
from timestudy.guide.disclosure import Suppressed
from timestudy.report.headline import headline_sentences


def hand_guide() -> TimeGuide:
    """100 h per FTE-month; CIN 5, CP 12 (should), PROC suppressed; with intervals."""
    nan = np.nan
    case_types = pd.DataFrame({
        "n_cases": [50, 40, 3], "n_workers": [10, 10, 2], "case_months": [60.0, 40.0, 3.0],
        "hours_per_case_month": [5.0, 10.0, nan], "hours_per_case_month_ci_low": [4.0, 8.0, nan],
        "hours_per_case_month_ci_high": [6.0, 12.0, nan], "uplift": [1.0, 1.2, nan],
        "hours_per_case_month_should": [5.0, 12.0, nan],
    }, index=pd.Index(["CIN", "CP", "PROC"], name="case_type"))
    available = pd.DataFrame({
        "estimate": [1200.0, 43.6, 40.0, 10.0], "ci_low": [1100.0, 43.6, 39.0, 9.0],
        "ci_high": [1300.0, 43.6, 41.0, 11.0]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year",
         "hours_worked_per_fte_week", "non_case_hours_per_fte_week"], name="measure"))
    meta = {"reference_case_type": "CIN", "level": 0.95, "min_workers": 5,
            "available_assumptions": {"contracted_per_fte": 37.0}}
    return TimeGuide(meta, pd.DataFrame(), case_types, pd.DataFrame(), available,
                     pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
                     suppressed=[Suppressed("case_types", "PROC", "fewer than 5 workers (2)")])


CASELOAD = pd.DataFrame({
    "worker_id": pd.array(["A", "A", "A", "A", "B", "B", None], dtype="string"),
    "case_type": ["CIN", "CIN", "CP", "PROC", "CP", "PROC", "CIN"]})
WORKERS = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, 0.5], "team": ["N", "S"]})


def test_cases_held_per_fte_counts_every_case_held_by_hand():
    h = headline(hand_guide(), CASELOAD, WORKERS)
    assert h["held_cases_per_fte"] == pytest.approx(6 / 1.5, abs=1e-4)  # not 4 / 1.5


def test_fte_needed_leaves_out_only_the_hours_it_cannot_know_by_hand():
    h = headline(hand_guide(), CASELOAD, WORKERS)
    assert h["fte_needed"]["estimate"] == pytest.approx(0.39, abs=1e-4)
    assert h["gap_fte"]["estimate"] == pytest.approx(1.5 - 0.39, abs=1e-4)
    assert h["n_cases"] == 5 and h["cases_left_out"] == 2 and h["unallocated_cases"] == 1
    assert h["not_costed"] == [{"case_type": "PROC", "n_cases": 2, "why": "too few workers"}]
    # the cases supported per FTE: hours a month / hours per case of the costed mix
    assert h["supported_cases_per_fte"]["estimate"] == pytest.approx(100 / (39 / 5), abs=1e-3)


def test_the_headline_itself_says_what_is_not_costed():
    h = headline(hand_guide(), CASELOAD, WORKERS)
    text = " ".join(headline_sentences({"headline": h}))
    assert "For this case mix (2 PROC cases not costed: too few workers)" in text
    assert "workers hold 4.0 per FTE" in text
    assert "needs at least 0.4 FTE (interval " in text
    assert "; 2 PROC cases not costed: too few workers)" in text
    assert "at most 1.1 FTE to spare" in text
    assert "Staff in post are at most 3.85 of the staff needed" in text
    # A: 22 costed hours / 100, B: 12 / 50, each with a PROC case: no status (audit20b)
    assert "counting a worker whose costed cases alone reach it" in text


def test_every_case_costed_reads_as_before():
    costed = CASELOAD[CASELOAD["case_type"] != "PROC"]
    h = headline(hand_guide(), costed, WORKERS)
    assert h["not_costed"] == [] and h["cases_left_out"] == 0
    text = " ".join(headline_sentences({"headline": h}))
    assert "not costed" not in text and "at least" not in text and "at most" not in text
    assert "needs 0.4 FTE (interval " in text


def test_why_not_costed():
    from timestudy.capacity.headlines import not_costed
    from timestudy.report.headline import not_costed_text

    g = hand_guide()
    assert not_costed(g, pd.DataFrame({"case_type": ["NEW", "PROC", "NEW", "CIN"]})) == [
        {"case_type": "NEW", "n_cases": 2, "why": "no hours per case-month in this diary"},
        {"case_type": "PROC", "n_cases": 1, "why": "too few workers"}]
    other = replace(g, suppressed=[])
    assert not_costed(other, pd.DataFrame({"case_type": ["PROC"]}))[0]["why"] == (
        "not shown in the guide")
    assert not_costed_text({"not_costed": [], "cases_left_out": 0}) == ""


def test_a_very_long_case_type_is_cut_in_the_sentence():
    from timestudy.report.headline import not_costed_text

    text = not_costed_text({"not_costed": [{"case_type": "L" * 400, "n_cases": 1,
                                            "why": "not in the guide"}]})
    assert "L" * 60 not in text and "…" in text
