"""Out-of-hours time of an entry that overlaps an earlier one: the part counted, where it lies.

Ingest counts shared time once, for the entry that ends first: a later entry that runs
past the earlier ends counts that part, an entry inside a longer one its own minutes. Their
time of day is that of the parts they count (``counted_spans``).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.panels.workers import worker_day
from timestudy.panels.working_hours import counted_spans
from timestudy.report.tables import time_of_day


def _episodes(rows):
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "counted_min", "category"])
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    return e.assign(task_type="t", case_id="C1")


def test_the_counted_part_of_a_late_entry_is_out_of_hours_by_hand():
    # 09:00-17:00 (480), then 16:00-20:00 counted 180 (17:00-20:00): out of hours 18:00-20:00
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    d = worker_day(e)
    assert d["hours_worked"].tolist() == [11.0]
    assert d["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]  # was 1.5


def test_an_entry_inside_another_counts_its_own_and_a_duration_keeps_its_proportion():
    e = _episodes([
        ("W1", "2026-03-11 09:00", "2026-03-11 20:00", 630.0, "recording"),
        ("W1", "2026-03-11 19:00", "2026-03-11 19:30", 30.0, "direct_work"),  # inside: its own
        # another worker, a source duration of 60 for a clock span of 120 (no overlap):
        # in hours in the same proportion as its span, as before
        ("W2", "2026-03-11 17:00", "2026-03-11 19:00", 60.0, "admin"),
    ])
    p = counted_spans(e.rename(columns={"counted_min": "minutes"}))
    assert p["row"].tolist() == [0, 0, 1, 2]
    assert p["start"].dt.strftime("%H:%M").tolist() == ["09:00", "19:30", "19:00", "17:00"]
    assert p["end"].dt.strftime("%H:%M").tolist() == ["19:00", "20:00", "19:30", "19:00"]
    assert p["minutes"].tolist() == [600.0, 30.0, 30.0, 60.0]
    d = worker_day(e).set_index("worker_id")
    assert d.loc["W1", "hours_out_of_hours"] == pytest.approx(2.0)
    assert d.loc["W2", "hours_out_of_hours"] == pytest.approx(0.5)


def test_the_order_of_the_rows_does_not_matter():
    e = _episodes([("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording"),
                   ("W2", "2026-03-11 07:00", "2026-03-11 09:00", 120.0, "admin"),
                   ("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording")])
    p = counted_spans(e.rename(columns={"counted_min": "minutes"}))
    assert p["row"].tolist() == [0, 1, 2]
    assert p["start"].dt.strftime("%H:%M").tolist() == ["17:00", "07:00", "09:00"]


def test_time_of_day_puts_the_counted_part_where_it_lies():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "direct_work")])
    t = time_of_day(e, (pd.Timestamp("2026-03-11"), pd.Timestamp("2026-03-11")))
    day = t.loc[t["day_type"] == "weekday"].pivot(index="hour", columns="category",
                                                   values="share_at_work")
    assert day.loc[16.0, "direct_work"] == 0 and day.loc[16.0, "recording"] == 1.0
    assert day.loc[17.0, "direct_work"] == 1.0 and day.loc[19.5, "direct_work"] == 1.0
    assert day["direct_work"].sum() * 0.5 == pytest.approx(3.0)  # its 180 minutes, once


def test_entries_that_start_together_follow_their_lines_in_any_row_order():
    # 16:00-17:00 on line 2 counts 60, 16:00-20:00 on line 3 counts 180 (17:00-20:00)
    e = _episodes([("W1", "2026-03-11 16:00", "2026-03-11 17:00", 60.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    e["source_row"] = [2, 3]
    for rows in (e, e.iloc[::-1], e.sort_values("end", ascending=False)):
        assert worker_day(rows)["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]


def test_time_zone_aware_entries_keep_their_zone():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    for c in ("start", "end"):
        e[c] = e[c].dt.tz_localize("Europe/London")
    start = counted_spans(e.rename(columns={"counted_min": "minutes"}))["start"]
    assert str(start.dt.tz) == "Europe/London"
    assert start.dt.strftime("%H:%M").tolist() == ["09:00", "17:00"]
    assert worker_day(e)["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]


def test_the_start_keeps_its_unit():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    e["start"], e["end"] = e["start"].astype("M8[s]"), e["end"].astype("M8[s]")
    p = counted_spans(e.rename(columns={"counted_min": "minutes"}))
    assert p["start"].dtype == "M8[s]" and p["end"].dtype == "M8[s]"


def _read_day(rows) -> pd.DataFrame:
    """Episodes of W1 on 2026-03-11 (a Wednesday) read by ``read_diary``, categorised."""
    diary = pd.DataFrame(rows, columns=["start", "end", "activity"])
    for c in ("start", "end"):
        diary[c] = "2026-03-11 " + diary[c]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return categorise(read_diary(diary.assign(worker_id="W1"), warn=False).episodes)


def test_a_call_inside_a_meeting_is_out_of_hours_where_each_lies():
    """By hand, working hours to 18:00: a meeting 17:00-19:00 with a call 17:30-17:45 in it.
    The call counts its 15 minutes (17:30-17:45, in hours), the meeting 105 on 17:00-17:30
    and 17:45-19:00: out of hours 18:00-19:00 = 60 minutes, 1 hour. (One span of the
    meeting's 105 minutes from 17:00 gave 52.5.)"""
    e = _read_day([("17:00", "19:00", "Team meeting"), ("17:30", "17:45", "Phone call to parent")])
    assert e["counted_min"].tolist() == [105.0, 15.0]
    d = worker_day(e)
    assert d["hours_worked"].tolist() == [2.0]
    assert d["hours_out_of_hours"].tolist() == [pytest.approx(1.0)]


def test_time_of_day_puts_an_interruption_where_it_lies():
    """Recording 12:30-13:30 counted 45 and a call 13:00-13:15 counted 15 (ingest's figures).
    Half-hour slots: 12:30 all recording; 13:00 recording 13:15-13:30 (15 of 30 minutes,
    0.5) and the call 13:00-13:15 (0.5). (One span each gave recording 0.75 in both.)"""
    e = _episodes([("W1", "2026-03-11 12:30", "2026-03-11 13:30", 45.0, "recording"),
                   ("W1", "2026-03-11 13:00", "2026-03-11 13:15", 15.0, "direct_work")])
    t = time_of_day(e, (pd.Timestamp("2026-03-11"), pd.Timestamp("2026-03-11")))
    day = t.loc[t["day_type"] == "weekday"].pivot(index="hour", columns="category",
                                                   values="share_at_work")
    assert day.loc[12.5].to_dict() == {"direct_work": 0.0, "recording": 1.0}
    assert day.loc[13.0].to_dict() == {"direct_work": 0.5, "recording": 0.5}
    assert day.sum().sum() * 0.5 == pytest.approx(1.0)  # 60 minutes, once


def test_a_timer_at_a_point_is_in_hours_as_its_instant_is():
    """A Toggl timer 10:00-10:00 timed 15 minutes (no clock time): in hours, as 10:00 is;
    one at 19:00 out of hours. (Before, a point's minutes were all out of hours.)"""
    e = _episodes([("W1", "2026-03-11 10:00", "2026-03-11 10:00", 15.0, "recording"),
                   ("W2", "2026-03-11 19:00", "2026-03-11 19:00", 15.0, "recording")])
    d = worker_day(e).set_index("worker_id")
    assert d["hours_out_of_hours"].to_dict() == {"W1": 0.0, "W2": 0.25}
