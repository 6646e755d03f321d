"""A case holder missing from the workers table, and a blank FTE: one rule everywhere.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CIN 5
and CP 12 a case-month. Worker A (1.0 FTE, team N) holds CIN, CIN, CP: 22 hours,
load 0.22 (blue); worker B (0.1 FTE, team S) holds CP: 12 hours of 10 available, load
1.2 (red); Z, who is not in the workers table (the audit's W999), holds CIN and CP:
17 hours.

Z's FTE is unknown, so Z is like a case no listed worker holds: Z's 17 hours count in
the hours and FTE needed (51 hours, 0.51 FTE), Z has no hours available, load or
status, and no FTE in post (1.1). Cases held per FTE: 4 / 1.1 = 3.636; over capacity:
1 of 2 workers. Before, weighted_load and the headline took Z as 1.0 FTE: 3 workers,
1 of 3 over capacity, 6 / 2.1 = 2.857 cases per FTE, while the FTE in post (1.1) and
the calculator left Z out.

A blank FTE was 1.0 in weighted_load and 0 in staffing and the headline; now every
table refuses it with the same message, as read_workers does.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import headline, staffing, weighted_load
from timestudy.errors import ConfigError, TimestudyWarning

CASELOAD = pd.DataFrame({
    "worker_id": ["A", "A", "A", "B", "Z", "Z"],
    "case_type": ["CIN", "CIN", "CP", "CP", "CIN", "CP"]})
WORKERS = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, 0.1], "team": ["N", "S"]})
NOTE = ("2 cases held by 1 worker not in the workers table (Z): no FTE counted for them "
        "(no hours available, load or FTE in post); their cases count in the hours and "
        "staff needed. Add them to the workers table with their FTE.")


def test_weighted_load_gives_an_unlisted_holder_no_fte_and_says_so():
    with pytest.warns(TimestudyWarning, match=r"not in the workers table \(Z\)"):
        wl = weighted_load(hand_guide(), CASELOAD, WORKERS)
    t = wl.table
    assert t["hours_needed_per_month"].tolist() == pytest.approx([22.0, 12.0, 17.0])
    assert t.loc[["A", "B"], "load"].tolist() == pytest.approx([0.22, 1.2])
    assert np.isnan(t.loc["Z", "fte"]) and np.isnan(t.loc["Z", "load"])  # was 1.0 and 0.17
    assert t.loc["Z", "status"] == "none"
    assert NOTE in wl.notes


def test_the_headline_counts_an_unlisted_holder_like_a_case_no_listed_worker_holds():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        h = headline(hand_guide(min_workers=1), CASELOAD, WORKERS)  # counts of 2 shown
    assert h["n_workers"] == 2  # was 3
    assert h["n_over_capacity"] == 1
    assert h["share_over_capacity"]["estimate"] == pytest.approx(0.5)  # was 1/3
    assert h["held_cases_per_fte"] == pytest.approx(4 / 1.1, abs=1e-4)  # was 6 / 2.1
    assert h["fte_in_post"] == pytest.approx(1.1)
    assert h["fte_needed"]["estimate"] == pytest.approx(0.51)  # Z's 17 hours count
    assert (h["unlisted_cases"], h["unlisted_workers"]) == (2, 1)


def test_staffing_counts_the_unlisted_holders_hours_not_their_fte():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        r = staffing(hand_guide(), CASELOAD, WORKERS)
    t = r.table
    assert t.loc["total", "hours_needed_per_month"] == pytest.approx(51.0)
    assert t.loc["total", "fte_in_post"] == pytest.approx(1.1)
    assert NOTE in r.notes


def test_a_blank_fte_is_refused_everywhere_with_one_message():
    """Before: W2's blank FTE was 1.0 in weighted_load (100 hours available) and 0 in
    staffing and the headline (FTE in post 1.0 instead of 2.0)."""
    from timestudy.report.prefill import prefill

    g = hand_guide()
    workers = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, np.nan], "team": ["N", "S"]})
    cases = CASELOAD.loc[CASELOAD["worker_id"] != "Z"]
    want = r"the workers table has no fte for B: every row needs one"
    for call in (lambda: weighted_load(g, cases, workers),
                 lambda: staffing(g, cases, workers),
                 lambda: headline(g, cases, workers),
                 lambda: prefill(g, cases, workers, {}, per_worker=True)):
        with pytest.raises(ConfigError, match=want):
            call()


def test_staffing_puts_an_unlisted_holders_cases_in_a_row_of_their_own():
    """Z's cases were in the row ``(none)`` with those of a listed worker with no team
    (C: 1 CIN, 5 hours, 1.0 FTE), so the row read 3 cases, 22 hours, 1.0 FTE in post.
    Now Z's 2 cases (17 hours, no FTE in post) are a row of their own and a note names Z."""
    from timestudy.capacity.staff import NOT_LISTED

    cases = pd.concat([CASELOAD, pd.DataFrame({"worker_id": ["C"], "case_type": ["CIN"]})])
    workers = pd.concat([WORKERS, pd.DataFrame({"worker_id": ["C"], "fte": [1.0],
                                                "team": [None]})])
    r = staffing(hand_guide(), cases, workers)
    t = r.table
    assert t.loc[NOT_LISTED, ["n_cases", "hours_needed_per_month", "fte_in_post"]].tolist() == (
        pytest.approx([2, 17.0, 0.0]))
    assert t.loc["(none)", ["n_cases", "hours_needed_per_month", "fte_in_post"]].tolist() == (
        pytest.approx([1, 5.0, 1.0]))
    assert t.loc["total", "n_cases"] == 7 and t.loc["total", "fte_in_post"] == pytest.approx(2.1)
    assert NOTE in r.notes


def test_holder_counts_leave_no_count_under_five_to_subtract():
    """Review21 by hand: 12 listed holders and 2 unlisted: "fewer than 5 of 14" beside
    n_workers 12 gave 14 - 12 = 2; now "fewer than 5", no total. 12 workers, 6 of no status
    (published: 6 and 6), 5 of them with no hours (5 and 7: a number by the count rule):
    6 - 5 = 1 holder of a case not costed; so the 5 are withheld, not even in words."""
    from timestudy.capacity.over_capacity import count_in_sentence, holder_counts

    c = holder_counts(0, 2, 12, 5)
    assert (c["unlisted_workers"], c["unlisted_workers_words"]) == (None, "fewer than 5")
    assert count_in_sentence(c["unlisted_workers"], c["unlisted_workers_words"]) == (
        "fewer than 5 workers")
    c = holder_counts(5, 0, 12, 5, no_status=6)
    assert (c["no_hours_workers"], c["no_hours_workers_words"]) == (None, None)
    assert holder_counts(5, 0, 12, 5, no_status=10)["no_hours_workers"] == 5  # leaves 5
    assert holder_counts(5, 0, 12, 5, no_status=None)["no_hours_workers"] == 5
