"""The time-of-day profile places an entry's counted minutes where they lie even when the
entry inside it is left out (review13).

W1: Monday 2 March 2026 09:00-17:00 at work (480 min); a meeting Tuesday 03:00-05:00 (before
04:00: Monday's diary day) with a call 04:15-04:30 inside it (Tuesday's diary day, 15 min,
taken here as a day written in part and left out). The meeting counts 120 - 15 = 105 minutes, on 03:00-04:15 and
04:30-05:00. By hand, in 30-minute slots on Tuesday's clock: 03:00, 03:30 and 04:30 at rate 1,
04:00 half (15 of 30 minutes). Before: the profile worked out where the meeting's minutes
lie without the call, so it spread 105 minutes over 120 (0.875 in every slot).

fix31n: the call, begun 04:15 inside a meeting begun before 04:00, is the end of a night
(``shift_tails.night_dates``): Monday's diary day, as the pieces read it, and the days used
(``used_episodes``) now judge it so: it is kept with the meeting though Tuesday is left
out. The 04:00 slot holds the meeting's 15 minutes and the call's 15: rate 1, as 03:00
(before, 0.5: the call dropped with Tuesday). The meeting keeps its own clock either way.
"""

import pandas as pd
import pytest

from timestudy.panels import diary_completeness
from timestudy.report.day_profile import time_of_day


def test_a_call_in_a_nights_meeting_is_kept_and_the_meeting_keeps_its_own_clock():
    # Tuesday also has 10:00-11:00 of its own: a day of its own, not only the tail of
    # Monday's night (timestudy.panels.shift_tails), so that it can be left out
    start = pd.to_datetime(["2026-03-02 09:00", "2026-03-03 03:00", "2026-03-03 04:15",
                            "2026-03-03 10:00"])
    end = pd.to_datetime(["2026-03-02 17:00", "2026-03-03 05:00", "2026-03-03 04:30",
                          "2026-03-03 11:00"])
    ep = pd.DataFrame({"worker_id": "W1", "start": start, "end": end,
                       "duration_min": [480.0, 120.0, 15.0, 60.0],
                       "counted_min": [480.0, 105.0, 15.0, 60.0],
                       "category": "direct_work", "task_type": "meeting",
                       "source_row": [1, 2, 3, 4], "flags": ["", "overlap", "", ""],
                       "diary_date": pd.to_datetime(["2026-03-02", "2026-03-02",
                                                     "2026-03-03", "2026-03-03"])})
    days = diary_completeness(ep)
    tue = days["diary_date"] == "2026-03-03"  # the call's day, written in part and left out
    days.loc[tue, "status"], days.loc[tue, "used"] = "partial", False
    t = time_of_day(ep, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-03")), days=days)
    w = t.loc[(t["day_type"] == "weekday") & (t["category"] == "direct_work")]
    w = w.set_index("hour")["share_at_work"]
    assert w[4.0] == pytest.approx(w[3.0])  # the call kept with its night (was 0.5 x)
    assert w[3.5] == pytest.approx(w[3.0]) and w[4.5] == pytest.approx(w[3.0])
