"""An id used again on another day for a task done within a day is two pieces, warned
(fix25c, item 2).

A visit is an event of one day (its task type's ``link_within_days`` is 0,
data_schema/TAXONOMY.md). W1 writes ``V1`` on a statutory visit to C1 on Monday 2 March and
again on the visit of Monday 9 March, each day with a 30-minute drive before it carrying
``V1`` and no case; on 9 March 30 minutes of notes on C1 with ``V1`` after the visit. W1 also
writes ``S1`` on a court statement on C1 on both Mondays (an hour each; window 10 working
days: the Mondays are 5 apart).

Before, by hand: one visit piece of 2 days, direct 60 + 60 = 120, linked travel 30 + 30 =
60, notes 30, full 210 min (3.5 h), without a word: time per visit twice what it is.

After: two visits. 2 March: direct 60, travel 30, full 90 (1.5 h). 9 March: direct 60,
travel 30, notes 30, full 120 (2.0 h). Mean direct 60 min and full 1.75 h per visit. The
minutes are the same 210 (every minute once). The statement, a task that runs over days,
stays one piece by its id (2 days, direct 120). One warning names V1, W1, C1 and the two
days; S1 is not named.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work

WINDOWS = {"statutory_visit": 0, "court_statement": 10}


def _diary():
    rows = []
    for day in ("2026-03-02", "2026-03-09"):
        rows += [(None, "V1", f"{day} 09:30", 30.0, "travel", "travel"),
                 ("C1", "V1", f"{day} 10:00", 60.0, "statutory_visit", "direct_work"),
                 ("C1", "S1", f"{day} 14:00", 60.0, "court_statement", "recording")]
    rows.insert(5, ("C1", "V1", "2026-03-09 11:00", 30.0, "case_notes", "recording"))
    e = pd.DataFrame(rows, columns=["case_id", "instance_id", "start", "duration_min",
                                    "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    return e.assign(worker_id="W1")


def test_a_visit_id_used_again_a_week_later_is_two_visits_warned():
    with pytest.warns(DataQualityWarning, match=(
            r"^1 instance id\(s\) of a task done within a day .*instance_id 'V1' of W1 on "
            r"case C1, statutory visit on 2026-03-02, 2026-03-09\)")):
        p = pieces_of_work(_diary(), link_within_days=WINDOWS)
    v = p.loc[p["task_type"].eq("statutory_visit")].sort_values("first_date")
    assert v["defined_by"].eq("instance_id").all()
    assert v[["n_days", "direct_min", "linked_travel_min", "linked_recording_min",
              "full_min"]].values.tolist() == [[1, 60.0, 30.0, 0.0, 90.0],
                                               [1, 60.0, 30.0, 30.0, 120.0]]
    assert v["full_min"].mean() / 60 == 1.75
    s = p.loc[p["task_type"].eq("court_statement")]
    assert s[["n_days", "direct_min"]].values.tolist() == [[2, 120.0]]
    assert p["full_min"].sum() == 330.0  # 60 travel + 120 visits + 30 notes + 120 statement


def test_the_id_on_one_day_only_is_one_piece_unwarned():
    """Without the second Monday's rows: one visit (60 direct, 90 full), no warning."""
    e = _diary()
    e = e.loc[e["start"] < "2026-03-03"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        p = pieces_of_work(e, link_within_days=WINDOWS)
    v = p.loc[p["task_type"].eq("statutory_visit")]
    assert v[["direct_min", "full_min"]].values.tolist() == [[60.0, 90.0]]
