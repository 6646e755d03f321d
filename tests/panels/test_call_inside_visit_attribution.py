"""A call written inside a visit (an interruption, counted on its own) does not cut the visit
off from its journeys and notes.

Diary (one worker, case C1): travel 09:00-09:30, visit 09:30-11:00, a call 10:00-10:10
inside it, travel 11:00-11:30, case notes 11:30-12:30. By hand: the visit counts
90 - 10 = 80 minutes, the call 10; the visit's full time is 80 + 30 + 30 travel + 60
notes = 200 minutes; no travel is left as a piece of its own (before the fix: 170, or 110
when the inner entry is not a call, and a 30-minute travel piece).
"""

import pandas as pd
import pytest

from timestudy.panels.attribution import return_journeys
from timestudy.panels.pieces import pieces_of_work


def _diary(inner_task: str, back_case="C1") -> pd.DataFrame:
    t = pd.to_datetime(["2026-03-10 09:00", "2026-03-10 09:30", "2026-03-10 10:00",
                        "2026-03-10 11:00", "2026-03-10 11:30"])
    end = pd.to_datetime(["2026-03-10 09:30", "2026-03-10 11:00", "2026-03-10 10:10",
                          "2026-03-10 11:30", "2026-03-10 12:30"])
    return pd.DataFrame({
        "worker_id": "W1", "start": t, "end": end,
        "duration_min": [30.0, 90.0, 10.0, 30.0, 60.0],
        "counted_min": [30.0, 80.0, 10.0, 30.0, 60.0],
        "case_id": pd.array(["C1", "C1", "C1", back_case, "C1"], dtype="string"),
        "task_type": ["travel", "statutory_visit", inner_task, "travel", "case_notes"],
        "category": ["travel", "direct_work", "direct_work", "travel", "recording"],
    })


@pytest.mark.parametrize("inner", ["family_contact", "direct_work_session"])
def test_visit_keeps_both_journeys_and_its_notes(inner):
    p = pieces_of_work(_diary(inner)).set_index("task_type")
    assert p.loc["statutory_visit", "linked_travel_min"] == pytest.approx(60.0)
    assert p.loc["statutory_visit", "linked_recording_min"] == pytest.approx(60.0)
    assert p.loc["statutory_visit", "full_min"] == pytest.approx(200.0)
    assert not p.loc["travel", "primary"]


def test_caseless_way_back_is_the_visits_return_journey():
    r = return_journeys(_diary("family_contact", back_case=None))
    assert r["case_id"].fillna("").tolist()[3] == "C1"
    assert r["return_journey"].tolist() == [False, False, False, True, False]


def _on_call(back_case="C1") -> pd.DataFrame:
    """On-call duty 22:00-02:00 (no case) holding travel 23:00-23:30, a visit 23:30-00:30,
    travel 00:30-01:00 and notes 01:00-01:30 on C1. By hand: the visit's full time is
    60 + 30 + 30 + 30 = 150 minutes; the duty counts 240 - 150 = 90."""
    t = pd.to_datetime(["2026-03-10 22:00", "2026-03-10 23:00", "2026-03-10 23:30",
                        "2026-03-11 00:30", "2026-03-11 01:00"])
    end = pd.to_datetime(["2026-03-11 02:00", "2026-03-10 23:30", "2026-03-11 00:30",
                          "2026-03-11 01:00", "2026-03-11 01:30"])
    return pd.DataFrame({
        "worker_id": "W1", "start": t, "end": end,
        "duration_min": [240.0, 30.0, 60.0, 30.0, 30.0],
        "counted_min": [90.0, 30.0, 60.0, 30.0, 30.0],
        "case_id": pd.array([None, "C1", "C1", back_case, "C1"], dtype="string"),
        "task_type": ["duty", "travel", "unannounced_visit", "travel", "case_notes"],
        "category": ["admin", "travel", "direct_work", "travel", "recording"],
        "diary_date": pd.to_datetime(["2026-03-10"] * 5),
    })


def test_journeys_inside_an_on_call_duty_go_to_the_visit():
    p = pieces_of_work(_on_call()).set_index("task_type")
    assert p.loc["unannounced_visit", "full_min"] == pytest.approx(150.0)
    r = return_journeys(_on_call(back_case=None))
    assert r["return_journey"].tolist() == [False, False, False, True, False]
