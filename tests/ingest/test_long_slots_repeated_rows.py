"""A line of a long-format slot diary written twice does not split its run of slots, and is
counted as an exact duplicate (audit20d; the lead's change to validate after fixslots20)."""

import pandas as pd

from timestudy.ingest import DiaryMapping, read_diary


def test_a_repeated_line_is_a_copy_and_the_run_one_episode(tmp_path):
    """By hand (audit20d ls_dup.csv): slots 1, 2, 2, 3 of 'work' from 04:00 in 10-minute
    slots, the second slot-2 line a copy of the first. Slots 1-3 are one run, 04:00-04:30
    (30 minutes), not 04:00-04:20 and 04:10-04:30 as the old code read it; the copy is an
    exact duplicate (README: equal to an earlier row in every column): 40 minutes read =
    30 in (all accepted, all counted) + 10 in 1 duplicate; the warning names the line."""
    path = tmp_path / "ls.csv"
    pd.DataFrame({"worker_id": "H1", "date": "2026-03-10", "slot_number": [1, 2, 2, 3],
                  "activity": "work"}).to_csv(path, index=False)
    got = read_diary(path, mapping=DiaryMapping(layout="long_slots", first_slot_start="04:00",
                                                slot_minutes=10), warn=False)
    eps = got.episodes
    assert eps["slots"].tolist() == ["1-3"]
    assert [str(t) for t in eps["start"]] == ["2026-03-10 04:00:00"]
    assert [str(t) for t in eps["end"]] == ["2026-03-10 04:30:00"]
    assert got.report.n_duplicates == 1
    minutes = got.report.details["minutes"]
    assert (minutes["minutes_read"], minutes["minutes_in"], minutes["minutes_accepted"],
            minutes["minutes_duplicates"], minutes["minutes_counted"]) == (40, 30, 30, 10, 30)
    assert got.report.details["repeated_slot_rows"] == 1
    said = [w for w in got.report.details["warnings"] if w["code"] == "repeated_slot_rows"]
    assert "'H1' '2026-03-10' '2' 'work'" in said[0]["message"]
    assert "exact duplicate" in said[0]["message"]


def test_a_slot_beyond_the_day_is_said_so(tmp_path):
    """audit20d: slot 145 (a whole number, beyond the 144 ten-minute slots of a day from
    04:00) was rejected "is not a slot number: use 1, 2, 3, ..."; now the reason says it is
    beyond the day, and 'x' keeps the old words."""
    path = tmp_path / "ls.csv"
    pd.DataFrame({"worker_id": "H1", "date": "2026-03-10", "slot_number": ["1", "145", "x"],
                  "activity": "work"}).to_csv(path, index=False)
    got = read_diary(path, mapping=DiaryMapping(layout="long_slots", first_slot_start="04:00",
                                                slot_minutes=10), warn=False)
    reasons = got.rejects.sort_values("source_row")["reason"].tolist()
    assert reasons[0].startswith("slot_number '145' is beyond the 144 slots of 10 minutes in a "
                                 "diary day from 04:00")
    assert reasons[1] == "slot_number 'x' is not a slot number: use 1, 2, 3, ..."
