"""Travel home after a visit and then a call: the journey returns from the visit (audit 10, G1).

``diary5.csv``: W01 travels to a visit on C1 (15:30-16:15), visits (16:15-17:30), calls the
IRO about the case (17:30-17:45, professional liaison: a call) and travels home
(17:45-18:30) on C1; W02 writes the same day with the journey home's case blank. The
journey went to the call (the row that ended last before it): W01's call 60 full minutes,
the visit 120, while W02's journey, after a call that no journey led to, kept no case: 45
non-case minutes. A call needs no journey (the notes rule already keeps calls out), so the
journey home returns from the last sitting before it that is not a call: the visit.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys

ROWS = [  # (start, end, activity's task type, category, case on W01, case on W02)
    ("09:00", "15:30", "email_admin", "admin", None, None),
    ("15:30", "16:15", "travel", "travel", "C1", "C1"),
    ("16:15", "17:30", "statutory_visit", "direct_work", "C1", "C1"),
    ("17:30", "17:45", "professional_liaison", "admin", "C1", "C1"),
    ("17:45", "18:30", "travel", "travel", "C1", None),
]


def _day() -> pd.DataFrame:
    rows = [
        (w, c1 if w == "W01" else c2, f"2026-03-10 {a}", f"2026-03-10 {b}", t, cat)
        for w in ("W01", "W02")
        for a, b, t, cat, c1, c2 in ROWS
    ]
    e = pd.DataFrame(
        rows, columns=["worker_id", "case_id", "start", "end", "task_type", "category"]
    )
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    e["duration_min"] = (e["end"] - e["start"]).dt.total_seconds() / 60
    e["counted_min"] = e["duration_min"]
    return e


def test_the_blank_journey_home_after_a_call_returns_from_the_visit():
    """W02's journey home (17:45, no case) follows the call (ended 17:45) and, before it, the
    visit (ended 17:30, 15 minutes before the journey, within 30), which a journey on C1
    led to (15:30-16:15): it is the way back from the visit and takes C1. Before, the call
    was the sitting it followed, and no journey led to the call: no case."""
    r = return_journeys(_day())
    assert r["return_journey"].tolist() == [False] * 9 + [True]
    assert r["case_id"].iloc[9] == "C1"


def test_the_journey_home_after_a_call_goes_to_the_visit():
    """By hand, for each worker: the visit 75 direct + the journey there 45 + the journey
    home 45 = 165 full minutes; the call 15 (its own, no travel); admin 390. The pieces'
    full minutes add up to the day's work, 390 + 45 + 75 + 15 + 45 = 570, and W02 (blank
    journey home) comes out as W01. Before: W01's visit 120 and call 60; W02's visit 120,
    call 15 and 45 minutes of travel with no case."""
    p = pieces_of_work(return_journeys(_day()))
    for worker in ("W01", "W02"):
        mine = p.loc[p["worker_id"] == worker].set_index("task_type")
        assert mine.loc["statutory_visit", "full_min"] == 165.0, worker
        assert mine.loc["statutory_visit", "linked_travel_min"] == 90.0, worker
        assert mine.loc["professional_liaison", "full_min"] == 15.0, worker
        assert mine["full_min"].sum() == pytest.approx(570.0), worker
        assert mine["case_id"].notna().sum() == 3  # travel, the visit, the call: all on C1


def test_without_calls_the_journey_follows_the_row_that_ended_last():
    """``calls=()`` (a taxonomy with no calls; fit_study passes its ``calls`` option): the
    call is a sitting like any other, so W01's journey home returns from it (call 15 + 45
    = 60, visit 75 + 45 = 120) and W02's stays without a case."""
    r = return_journeys(_day(), calls=())
    assert not r["return_journey"].any()
    p = pieces_of_work(r, calls=())
    w01 = p.loc[p["worker_id"] == "W01"].set_index("task_type")["full_min"]
    assert (w01["statutory_visit"], w01["professional_liaison"]) == (120.0, 60.0)
