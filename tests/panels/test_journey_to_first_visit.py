"""A blank journey just before a visit is the journey to it, whatever came before (audit24p).

By hand, W1's morning: travel 09:00-09:30 with no case, a statutory visit on C1 09:30-10:30,
travel 10:30-11:00 with no case, then an hour of email. The trip out ends as the visit
starts (gap 0 <= 30 minutes, ``TRAVEL_GAP_MIN``) and a visit is a sitting a journey leads
to: it is the journey to C1 (30 min). The trip back starts as the visit ends and a journey
on C1 led to it: the way back (30 min). The visit's full time is 60 + 30 + 30 = 120 minutes
(2.0 h). Before, the trip out took no case (nothing on a case came before it), so the trip
back had no journey out either: the visit was 60 full and both legs travel of their own.

Before, too, the trip out went to C1 only when an unrelated sitting on another case (a
court statement on C9 08:30-09:00) came before it (between two stops); case notes on C9 in
that place did not do it. Now the visit is 120 full in all three diaries.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys


def _diary(rows):
    e = pd.DataFrame(rows, columns=["case_id", "start", "minutes", "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    return e.assign(worker_id="W1")


MORNING = [
    (None, "2026-03-02 09:00", 30, "travel", "travel"),
    ("C1", "2026-03-02 09:30", 60, "statutory_visit", "direct_work"),
    (None, "2026-03-02 10:30", 30, "travel", "travel"),
    (None, "2026-03-02 11:00", 60, "email_admin", "admin"),
]


def _visit(e):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        r = return_journeys(e)
    p = pieces_of_work(r, link_within_days={})
    return r, p.loc[p["task_type"].eq("statutory_visit")].iloc[0]


def test_the_blank_journey_to_the_days_first_visit_takes_its_case():
    r, v = _visit(_diary(MORNING))
    assert r["case_id"].tolist()[:3] == ["C1", "C1", "C1"]
    assert r["journey_to"].tolist() == [True, False, False, False]
    assert r["return_journey"].tolist() == [False, False, True, False]
    assert (v["direct_min"], v["linked_travel_min"], v["full_min"]) == (60.0, 60.0, 120.0)


@pytest.mark.parametrize("before", [
    [],
    [("C9", "2026-03-02 08:30", 30, "court_statement", "recording")],
    [("C9", "2026-03-02 08:30", 30, "case_notes", "recording")],
])
def test_an_unrelated_entry_before_the_journey_does_not_change_it(before):
    r, v = _visit(_diary(before + MORNING))
    assert v["full_min"] == 120.0
    assert r["journey_to"].tolist()[len(before)]


def test_a_blank_journey_before_a_call_or_a_late_visit_takes_no_case():
    """A call needs no journey (family_contact, a call in the taxonomy); a visit starting
    45 minutes after the journey ends is past the 30-minute gap."""
    e = _diary([
        (None, "2026-03-02 09:00", 30, "travel", "travel"),
        ("C1", "2026-03-02 09:30", 15, "family_contact", "direct_work"),
        (None, "2026-03-02 10:00", 30, "travel", "travel"),
        ("C2", "2026-03-02 11:15", 60, "statutory_visit", "direct_work"),
    ])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        r = return_journeys(e)
    assert r["case_id"].isna().tolist() == [True, False, True, False]


def test_travel_left_on_no_case_is_warned_with_its_share():
    """Two journeys of 30 minutes each, to and from an hour of email: 1.0 of 1.0 travel
    hours on no case (100% > 25%). The morning above leaves none: no warning."""
    e = _diary([
        (None, "2026-03-02 09:00", 30, "travel", "travel"),
        (None, "2026-03-02 09:30", 60, "email_admin", "admin"),
        (None, "2026-03-02 10:30", 30, "travel", "travel"),
    ])
    with pytest.warns(DataQualityWarning, match=r"1\.0 of 1\.0 travel hours \(100%\)"):
        return_journeys(e)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        return_journeys(_diary(MORNING))
