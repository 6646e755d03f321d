"""A worker on a 12-hour clock without am/pm is warned even when others write afternoons.

The audit of messy CSV exports (/tmp/audit23m/twelve.csv): W1 wrote 9:00-11:30,
11:30-1:00, 1:00-2:30, 2:30-4:45 and W2 09:00-12:30, 12:30-13:15. W2's 13:15 switched off
``times_look_twelve_hour`` for the whole file, so W1's 1:00 to 4:45 pm were read as 01:00 to
04:45 in the night, unwarned (and 11:30 to 1:00 as 810 minutes across midnight). Each
worker is now judged on their own.
"""

from __future__ import annotations

import io

from timestudy import read_diary

TWELVE = """Worker ID,Date,Start time,End time,Activity,Case ID
W1,09/03/2026,9:00,11:30,visit,C1
W1,09/03/2026,11:30,1:00,court,C1
W1,09/03/2026,1:00,2:30,notes,C1
W1,09/03/2026,2:30,4:45,visit,C2
W2,09/03/2026,09:00,12:30,visit,C3
W2,09/03/2026,12:30,13:15,notes,C3
"""


def _twelve(text: str) -> dict | None:
    r = read_diary(io.StringIO(text), mapping={"dayfirst": True}, warn=False)
    found = [w for w in r.report.details.get("warnings", ())
             if w["code"] == "times_look_twelve_hour"]
    return found[0] if found else None


def test_a_worker_on_a_twelve_hour_clock_is_named():
    """W1: no time after 12:59; 1:00 follows 11:30 in the file on the same date (a 12-hour
    clock's wrap), and 11:30 to 1:00 ends in the small hours of the next date. Two of W1's 4
    entries (1:00, 2:30) start between 01:00 and 06:59. W2 writes 13:15: not named. Kept as
    read: 150 + 90 + 135 + 210 + 45 = 630 minutes; 11:30 to 1:00 (13 h 30 min from a
    start before 13:00) is refused ``wrap_too_long`` (night25b), so 2 of W1's 3 entries."""
    r = read_diary(io.StringIO(TWELVE), mapping={"dayfirst": True}, warn=False)
    assert r.episodes["duration_min"].sum() == 630
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    w = _twelve(TWELVE)
    assert w is not None and w["workers"] == ["W1"] and w["episodes"] == 2
    assert "1 worker (W1) writes no time after 12:59 while others do" in w["message"]
    assert "2 of their 3 entries" in w["message"] and "\n" not in w["message"]


def test_an_early_shift_is_not_warned():
    """Control: W1 works 05:00-06:30, 06:30-08:00, 08:00-12:00 (the small hours first in
    the file, no entry into the small hours), W2 09:00-17:00: no warning."""
    text = """Worker ID,Date,Start time,End time,Activity,Case ID
W1,09/03/2026,05:00,06:30,visit,C1
W1,09/03/2026,06:30,08:00,court,C1
W1,09/03/2026,08:00,12:00,notes,C1
W2,09/03/2026,09:00,17:00,visit,C3
"""
    assert _twelve(text) is None


def test_every_worker_with_an_afternoon_is_not_warned():
    """Control: W1's afternoon written 13:00-14:30, 14:30-16:45: no warning."""
    text = TWELVE.replace("11:30,1:00", "11:30,13:00").replace("1:00,2:30", "13:00,14:30")
    assert _twelve(text.replace("2:30,4:45", "14:30,16:45")) is None


def test_an_early_starters_forgotten_entry_is_no_wrap():
    """review23b early.csv: W3 writes 08:00-10:00, then 05:30-07:00 (written in after,
    forgotten), 10:00-12:30, 07:00-08:00, no time after 12:59, beside W1's early shift
    05:00-13:00 and W2's afternoon. 05:30 comes 7 h 30 after 10:00 on a 12-hour clock, not
    where the entry before ended or a lunch later: no worker named. Before the review: W3
    named for 1 of 4 entries."""
    text = """Worker ID,Start,End,Activity,Case ID
W1,09/03/2026 05:00,07:00,visit,C1
W1,09/03/2026 07:00,10:00,notes,C1
W1,09/03/2026 10:00,13:00,court,C2
W2,09/03/2026 09:00,12:30,visit,C3
W2,09/03/2026 12:30,17:00,notes,C3
W3,09/03/2026 08:00,10:00,visit,C4
W3,09/03/2026 05:30,07:00,notes,C4
W3,09/03/2026 10:00,12:30,visit,C5
W3,09/03/2026 07:00,08:00,phone,C5
"""
    assert _twelve(text) is None
