"""Times typed on a 12-hour clock without am or pm are warned; they are kept as read, but for
a morning start running 12 hours or more across midnight, refused.

The audit (/tmp/audit3, x10_text_times.xlsx): ``12.30`` to ``1.30`` was accepted as 780 min
across midnight (flagged long_episode only) and ``1.15`` to ``2.45`` put on the previous diary
day as night work, with no word that the diary looked like a 12-hour clock.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from timestudy import read_diary
from timestudy.ingest import twelve_hour

DIARY = """worker_id,date,start_time,end_time,activity
W1,09/03/2026,9.00,10.30,visit
W1,09/03/2026,10.30,12.30,notes
W1,09/03/2026,12.30,1.30,lunch meeting
W1,09/03/2026,1.30,3.00,court
W1,09/03/2026,3.00,5.00,notes
"""


def test_a_diary_on_a_twelve_hour_clock_is_warned():
    """No time after 12:59, two entries starting at 01:30 and 03:00 among 09:00-12:30 ones;
    as read (24-hour): 90 + 120 + 90 + 120 min, kept; 12.30 to 1.30 (13 h from a start
    before 13:00) refused ``wrap_too_long`` (night25b)."""
    r = read_diary(io.StringIO(DIARY), mapping={"dayfirst": True}, warn=False)
    (w,) = [x for x in r.report.details["warnings"] if x["code"] == "times_look_twelve_hour"]
    assert w["episodes"] == 2 and "write the times with am/pm or on a 24-hour clock" in w["message"]
    assert sorted(r.episodes["counted_min"].tolist()) == [90, 90, 120, 120]
    # the warning says what was done: the 12.30 to 1.30 entry refused, not "kept as read"
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    assert "12.30 to 1.30), refused (wrap_too_long)" in w["message"]


def test_a_day_with_an_afternoon_is_not_warned():
    text = DIARY.replace("1.30,3.00", "13.30,15.00").replace("3.00,5.00", "15.00,17.00")
    r = read_diary(
        io.StringIO(text.replace("12.30,1.30", "12.30,13.30")),
        mapping={"dayfirst": True},
        warn=False,
    )
    assert not any(
        x["code"] == "times_look_twelve_hour" for x in r.report.details.get("warnings", ())
    )


def _day_times(n: int, hour: int) -> pd.DataFrame:
    """``n`` one-hour entries starting at ``hour``, one a day from 2026-03-09."""
    start = (
        pd.Timestamp("2026-03-09") + pd.to_timedelta(np.arange(n), "D") + pd.Timedelta(hours=hour)
    )
    return pd.DataFrame({"start": start, "end": start + pd.Timedelta("1h"), "flags": ""})


def test_the_first_rows_decide_only_when_they_hold_an_afternoon():
    """The first SAMPLE rows are asked first; an afternoon beyond them still counts, and so
    do small-hours entries beyond them. 10,000 entries at 09:00 then 1 at 02:00: warned (1 of
    10,001); then 1 at 14:00 as well: not warned."""
    morning = _day_times(twelve_hour.SAMPLE, 9)
    night = _day_times(1, 2)
    w = twelve_hour.twelve_hour_warning(pd.concat([morning, night], ignore_index=True))
    assert w["episodes"] == 1 and "1 of 10,001 entries" in w["message"]
    late = pd.concat([morning, night, _day_times(1, 14)], ignore_index=True)
    assert twelve_hour.twelve_hour_warning(late) is None


def test_rows_without_a_time_of_day_are_left_out_of_the_first_rows_too():
    """An afternoon on a row placed in file order (``time_of_day_unknown``) says nothing:
    10,000 placed rows at 14:00, then a 02:00 and a 09:00 timed entry: warned (1 of 2)."""
    placed = _day_times(twelve_hour.SAMPLE, 14).assign(flags="time_of_day_unknown")
    timed = pd.concat([_day_times(1, 2), _day_times(1, 9)], ignore_index=True)
    w = twelve_hour.twelve_hour_warning(pd.concat([placed, timed], ignore_index=True))
    assert w["episodes"] == 1 and "1 of 2 entries" in w["message"]
