"""Times typed on a 12-hour clock without am or pm are warned; they are kept as read.

The audit (/tmp/audit3, x10_text_times.xlsx): ``12.30`` to ``1.30`` was accepted as 780 min
across midnight (flagged long_episode only) and ``1.15`` to ``2.45`` put on the previous diary
day as night work, with no word that the diary looked like a 12-hour clock.
"""

from __future__ import annotations

import io

from timestudy import read_diary

DIARY = """worker_id,date,start_time,end_time,activity
W1,09/03/2026,9.00,10.30,visit
W1,09/03/2026,10.30,12.30,notes
W1,09/03/2026,12.30,1.30,lunch meeting
W1,09/03/2026,1.30,3.00,court
W1,09/03/2026,3.00,5.00,notes
"""


def test_a_diary_on_a_twelve_hour_clock_is_warned():
    """No time after 12:59, two entries starting at 01:30 and 03:00 among 09:00-12:30 ones;
    as read (24-hour): 90 + 120 + 780 + 90 + 120 min, kept."""
    r = read_diary(io.StringIO(DIARY), mapping={"dayfirst": True}, warn=False)
    (w,) = [x for x in r.report.details["warnings"] if x["code"] == "times_look_twelve_hour"]
    assert w["episodes"] == 2 and "write the times with am/pm or on a 24-hour clock" in w["message"]
    assert sorted(r.episodes["counted_min"].tolist()) == [90, 90, 120, 120, 780]


def test_a_day_with_an_afternoon_is_not_warned():
    text = DIARY.replace("1.30,3.00", "13.30,15.00").replace("3.00,5.00", "15.00,17.00")
    r = read_diary(io.StringIO(text.replace("12.30,1.30", "12.30,13.30")),
                   mapping={"dayfirst": True}, warn=False)
    assert not any(x["code"] == "times_look_twelve_hour"
                   for x in r.report.details.get("warnings", ()))
