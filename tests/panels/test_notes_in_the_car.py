"""Case notes written between a visit and the drive back (in the car) no longer cut the drive
off from the visit (audit22w F2).

By hand: drive to A 09:30-10:00, visit A 10:00-11:00, notes on A 11:00-11:15, drive back
on A 11:15-11:45: the visit is 60 direct and 60 + 30 + 15 + 30 = 135 full. Before, the notes
ended the trip and the drive back was left a travel piece of its own: 105 full. A call in
the same place was already passed over; notes now are too, the gap counted from the visit's
end (15 minutes here, within the 30).
"""

from __future__ import annotations

import pandas as pd

from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys


def _diary(back_case="C1"):
    rows = [("09:30", 30, "travel", "travel", "C1"),
            ("10:00", 60, "statutory_visit", "direct_work", "C1"),
            ("11:00", 15, "case_notes", "recording", "C1"),
            ("11:15", 30, "travel", "travel", back_case)]
    e = pd.DataFrame(rows, columns=["start", "duration_min", "task_type", "category",
                                    "case_id"])
    e["start"] = pd.to_datetime("2026-03-02 " + e["start"])
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    return e.assign(worker_id="W1")


def test_the_drive_back_after_notes_in_the_car_is_the_visits():
    p = pieces_of_work(_diary(), link_within_days={})
    v = p.loc[p["task_type"] == "statutory_visit"].iloc[0]
    assert (v["direct_min"], v["linked_travel_min"], v["linked_recording_min"], v["full_min"]) \
        == (60.0, 60.0, 15.0, 135.0)
    assert p["full_min"].sum() == 135.0  # every minute once


def test_a_drive_back_with_no_case_after_notes_takes_the_visits_case():
    """Written without a case, the drive back is the visit's return journey: its case is
    given it (before, the notes in between left it work on no case, out of case time)."""
    got = return_journeys(_diary(back_case=None))
    assert got["case_id"].tolist() == ["C1"] * 4
    assert got["return_journey"].tolist() == [False, False, False, True]


def test_a_long_write_up_does_not_carry_the_trip_on():
    """review22d: notes 11:00-13:00 then the drive 13:10-13:40: 130 minutes after the visit
    ended, past the 30-minute gap: a travel piece of its own (30); the visit 60 + 30 + 120 =
    210 full (the first version joined them through the notes: 240)."""
    e = _diary()
    e.loc[2, ["duration_min"]] = 120
    e.loc[3, "start"] = pd.Timestamp("2026-03-02 13:10")
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    p = pieces_of_work(e, link_within_days={})
    v = p.loc[p["task_type"] == "statutory_visit"].iloc[0]
    assert v["full_min"] == 210.0
    assert p["full_min"].sum() == 240.0
