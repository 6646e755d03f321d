"""Travel and notes with no case that carry a piece's ``instance_id`` count in that piece's
full time (data_schema/README.md, ``instance_id``).

audit22w F1: a drive out (30 min), a statutory visit (60), a drive back (30) and its write-up
(30), every row carrying ``V1`` but only the visit its case: by hand 60 direct and 150 full.
Before, the visit's full time was 60: travel and notes were attributable only with a case, so
the rows with the id and no case stayed work on no case, unattributed, without a word.
"""

from __future__ import annotations

import pandas as pd

from timestudy.panels import pieces_of_work


def _diary(case, iid):
    rows = [("2026-03-02 09:30", 30, "travel", "travel"),
            ("2026-03-02 10:00", 60, "statutory_visit", "direct_work"),
            ("2026-03-02 11:00", 30, "travel", "travel"),
            ("2026-03-02 11:30", 30, "case_notes", "recording")]
    e = pd.DataFrame(rows, columns=["start", "duration_min", "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    return e.assign(worker_id=["W1"] * 4, case_id=case, instance_id=iid)


def test_travel_and_notes_with_the_id_and_no_case_are_the_visits():
    p = pieces_of_work(_diary([None, "C1", None, None], ["V1"] * 4), link_within_days={})
    v = p.loc[p["task_type"] == "statutory_visit"].iloc[0]
    assert (v["direct_min"], v["linked_travel_min"], v["linked_recording_min"], v["full_min"]) \
        == (60.0, 60.0, 30.0, 150.0)
    assert p["full_min"].sum() == 150.0  # every minute once


def test_an_id_no_work_of_the_worker_carries_leaves_the_rows_as_they_were():
    """The drive and notes carry ``V9``, which no visit of W1 carries: work on no case, as
    before (the visit, with its own id, is 60 full)."""
    p = pieces_of_work(_diary([None, "C1", None, None], ["V9", "V1", "V9", "V9"]),
                       link_within_days={})
    v = p.loc[p["task_type"] == "statutory_visit"].iloc[0]
    assert v["full_min"] == 60.0
    assert p["full_min"].sum() == 150.0
