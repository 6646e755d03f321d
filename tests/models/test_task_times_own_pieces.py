"""The models' task times and the guide's tasks table are one table: travel and case notes
count over their pieces of their own in both (timestudy.panels.own_pieces).

A hand-made Monday (9 March 2026) of two workers, each with one visit:

- W1: travel to the visit on C1 09:00-09:30, the home visit 09:30-10:30, case notes on C1
  10:30-11:00, emails 11:00-16:00. The visit claims the journey (the day's travel on C1,
  one piece of 30 minutes, claimed whole) and the notes straight after it (30 minutes).
- W2: travel to the visit on C2 09:00-09:30, the home visit 09:30-10:30, case notes on C2
  10:30-11:00, emails 11:00-15:00, travel on C2 15:00-15:40 (four and a half hours after
  the visit: not its journey), case notes on D2 15:40-16:00 (no piece of work on D2). The
  day's travel on C2 is one piece of 30 + 40 = 70 minutes, 30 of them claimed by the visit
  (claimed in part); the notes on D2 are no piece's.

By hand: each visit is 60 direct minutes and 60 + 30 + 30 = 120 full minutes (2 h). Travel
has 2 pieces, one of its own (W2's, the 40 minutes no piece took: 40 direct minutes, 40/60
full hours); case notes 3 pieces, one of its own (D2's 20 minutes: 1/3 h). Before, the
models' table counted every piece: travel 2 pieces of (30 + 70) / 2 = 50 minutes, notes 3
of (30 + 30 + 20) / 3 = 26.67, while the guide published 1 of 40 and 1 of 20.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from timestudy.pipeline import run_study

ROWS = [
    ("W1", "09:00", "09:30", "Travel to visit", "C1"),
    ("W1", "09:30", "10:30", "Home visit", "C1"),
    ("W1", "10:30", "11:00", "Case notes", "C1"),
    ("W1", "11:00", "16:00", "Emails", ""),
    ("W2", "09:00", "09:30", "Travel to visit", "C2"),
    ("W2", "09:30", "10:30", "Home visit", "C2"),
    ("W2", "10:30", "11:00", "Case notes", "C2"),
    ("W2", "11:00", "15:00", "Emails", ""),
    ("W2", "15:00", "15:40", "Travel to office", "C2"),
    ("W2", "15:40", "16:00", "Case notes", "D2"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one_visit")
    diary = folder / "diary.csv"
    diary.write_text("worker_id,date,start_time,end_time,activity,case_id\n" + "".join(
        f"{w},09/03/2026,{a},{b},{what},{case}\n" for w, a, b, what, case in ROWS))
    cases = pd.DataFrame({"case_id": ["C1", "C2", "D2"], "case_type": "CIN",
                          "worker_id": ["W1", "W2", "W2"]})
    workers = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0, "contracted_hours": 37.0,
                            "role": "social_worker", "team": "A", "workdays": "Mon"})
    with warnings.catch_warnings():  # the estimation warnings of a two-worker study
        warnings.simplefilter("ignore")
        return run_study(str(diary), cases, workers, min_workers=1, sensitivity=False, n_boot=19)


def test_the_pieces_are_as_worked_by_hand(run):
    p = run.models.pieces.set_index(["task_type", "case_id"])
    assert p.loc[("travel", "C1"), ["direct_min", "attributed_min"]].tolist() == [30.0, 30.0]
    assert p.loc[("travel", "C2"), ["direct_min", "attributed_min"]].tolist() == [70.0, 30.0]
    assert p.loc[("case_notes", "D2"), "attributed_min"] == 0.0
    visits = p.loc["statutory_visit"]
    assert visits["direct_min"].tolist() == [60.0, 60.0]
    assert visits["full_min"].tolist() == [120.0, 120.0]


def test_models_task_times_and_guide_json_agree_on_travel_and_notes(run):
    """Travel 1 piece of 40 direct minutes (40/60 h), notes 1 of 20 (1/3 h), visits 2 of 60
    and 2 h, in the models' table and in guide.json alike (the module docstring's hand
    figures; before, the models' table had travel 2 of 50 and notes 3 of 26.67)."""
    tt = run.models.task_times.table
    published = {x["task_type"]: x for x in json.loads(run.guide.to_json())["tasks"]}
    hand = {"travel": (1, 40.0, 40 / 60), "case_notes": (1, 20.0, 20 / 60),
            "statutory_visit": (2, 60.0, 2.0)}
    for task, (n, minutes, hours) in hand.items():
        row, item = tt.loc[task], published[task]
        assert row["n_pieces"] == n == item["n_pieces"], task
        assert row["direct_min"] == pytest.approx(minutes, rel=1e-12), task
        assert item["direct_minutes"]["estimate"] == pytest.approx(minutes, rel=1e-6), task
        assert row["full_hours"] == pytest.approx(hours, rel=1e-12), task
        assert item["full_hours"]["estimate"] == pytest.approx(hours, rel=1e-6), task
    # every worker recorded travel and notes, claimed or not; one has pieces of their own
    assert tt.loc[["travel", "case_notes"], "n_workers"].tolist() == [2, 2]
    assert tt.loc[["travel", "case_notes"], "n_workers_primary"].tolist() == [1, 1]
    assert run.guide.tasks.loc["travel", "n_pieces"] == tt.loc["travel", "n_pieces"]
