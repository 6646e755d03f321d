"""The FTE needed and the gap with an interval open on one side (the hours available for
casework may be 0, so the staff needed may be any number): the sentence says "no upper
limit" instead of leaving the interval out as if the figure were exact (review 2026-12-04)."""

from __future__ import annotations

from timestudy.report.headline import staffing_sentence


def test_an_open_interval_is_said_not_dropped():
    h = {"fte_needed": {"estimate": 12.3, "ci_low": 9.0, "ci_high": None},
         "gap_fte": {"estimate": -2.3, "ci_low": None, "ci_high": 1.0},
         "fte_in_post": 10.0}
    text = staffing_sentence(h)
    assert "needs 12.3 FTE (interval 9.0 to no upper limit)" in text
    assert "a shortfall of 2.3 FTE (interval -1.0 to no upper limit)" in text


def test_a_closed_interval_reads_as_before():
    h = {"fte_needed": {"estimate": 12.3, "ci_low": 9.0, "ci_high": 15.0},
         "gap_fte": {"estimate": -2.3, "ci_low": -5.0, "ci_high": 1.0},
         "fte_in_post": 10.0}
    text = staffing_sentence(h)
    assert "(interval 9.0 to 15.0)" in text and "(interval -1.0 to 5.0)" in text
