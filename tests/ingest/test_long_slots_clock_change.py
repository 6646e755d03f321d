"""A long-format slot diary across the hour a spring clock change skips: read as a slot grid
reads it (:func:`timestudy.ingest.slots.skipped_hour`)."""

import pandas as pd

from timestudy.ingest import DiaryMapping, read_diary


def _read(tmp_path, rows, **extra):
    path = tmp_path / "ls.csv"
    pd.DataFrame(rows, columns=["worker_id", "date", "slot_number", "activity"]).to_csv(
        path, index=False)
    mapping = DiaryMapping(layout="long_slots", first_slot_start="04:00", slot_minutes=10,
                           timezone="Europe/London", **extra)
    return read_diary(path, mapping=mapping, warn=False)


def test_a_run_over_the_skipped_hour_counts_its_real_minutes(tmp_path):
    """By hand: the 28 March 2026 diary from 04:00 in 10-minute slots; slot n starts at
    04:00 + (n - 1) x 10 min, so slots 126-128 are 00:50-01:20 on 29 March and slot 133 is
    02:00-02:10. The clocks went from 01:00 to 02:00 in Europe/London: slots 127-132 did
    not happen. The run 126-128 is 00:50 to the change, 10 real minutes, flagged
    clock_change; slot 133 10 more: 20 in = 20 accepted, nothing rejected (the old code
    rejected the whole run, 30 minutes, nonexistent_time)."""
    got = _read(tmp_path, [["H2", "2026-03-28", s, "A"] for s in (126, 127, 128, 133)])
    eps = got.episodes
    assert len(got.rejects) == 0
    assert eps["slots"].tolist() == ["126-128", "133"]
    assert eps["duration_min"].tolist() == [10.0, 10.0]
    assert "clock_change" in eps["flags"].iloc[0]
    assert str(eps["start"].iloc[0]) == "2026-03-29 00:50:00"
    assert str(eps["end"].iloc[0]) == "2026-03-29 02:00:00"
    minutes = got.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_accepted"]) == (20.0, 20.0)
    assert "slots 127, 128, 129, 130, 131, 132 did not happen" in " ".join(
        w["message"] for w in got.report.details["warnings"])


def test_a_slot_inside_the_skipped_hour_counts_no_minutes(tmp_path):
    """By hand: slot 130 (01:30-01:40 on 29 March) did not happen: read across the change,
    0 minutes, flagged clock_change, as the slot grid reads Main130 (not rejected)."""
    got = _read(tmp_path, [["H2", "2026-03-28", 130, "A"]])
    assert len(got.rejects) == 0
    assert got.episodes["duration_min"].tolist() == [0.0]
    assert "clock_change" in got.episodes["flags"].iloc[0]
