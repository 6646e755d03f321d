"""An instance id is unique within a worker and case (audit24p, ``d10.csv``, ``d8.csv``).

W1 visits K2 on Monday 2 March (10:00-11:00, a 10-minute break, 11:10-12:00) and K5 on
Monday 9 March (the same times), both written with id "A". By hand each visit is
60 + 50 = 110 direct minutes, two pieces. Before, the id alone keyed the piece: one
statutory visit of 220 minutes on K2, over 4 sittings (half as many pieces, twice as long).

Notes on K6 written with id "1" straight after K6's conference (also "1") go to it; a court
hearing on K1 that reused "1" takes none of them (before, the hearing had more direct
minutes, 240 against 60, so it took all 30 minutes of notes).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work


def _diary(rows):
    e = pd.DataFrame(rows, columns=["case_id", "instance_id", "start", "minutes", "task_type",
                                    "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    return e.assign(worker_id="W1")


def test_a_reused_id_on_two_cases_is_two_pieces_and_is_warned():
    e = _diary([
        ("K2", "A", "2026-03-02 10:00", 60, "statutory_visit", "direct_work"),
        ("K2", "A", "2026-03-02 11:10", 50, "statutory_visit", "direct_work"),
        ("K5", "A", "2026-03-09 10:00", 60, "statutory_visit", "direct_work"),
        ("K5", "A", "2026-03-09 11:10", 50, "statutory_visit", "direct_work"),
    ])
    with pytest.warns(DataQualityWarning, match="instance_id 'A' of W1 on cases K2, K5"):
        p = pieces_of_work(e, link_within_days={})
    assert sorted(zip(p["case_id"], p["direct_min"], p["n_sittings"], strict=True)) == [
        ("K2", 110.0, 2), ("K5", 110.0, 2)]


def test_notes_with_a_reused_id_go_to_the_piece_of_their_own_case():
    e = _diary([
        ("K1", "1", "2026-03-03 10:00", 240, "court_hearing", "direct_work"),
        ("K6", "1", "2026-03-04 10:00", 60, "initial_cp_conference", "direct_work"),
        ("K6", "1", "2026-03-04 11:00", 30, "case_notes", "recording"),
    ])
    with pytest.warns(DataQualityWarning, match="instance_id '1'"):
        p = pieces_of_work(e, link_within_days={}).set_index("task_type")
    assert p.loc["initial_cp_conference", "full_min"] == 90.0
    assert p.loc["court_hearing", "full_min"] == 240.0
