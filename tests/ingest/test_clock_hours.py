"""A duration column in hours beside clock times (audit24c toggl_decimal.csv; audit24x
H5_cached_hours_clean.xlsx and study_cached_hours.xlsx).

Before: ``1.50``, ``0.75``, ``2.00`` beside 09:00-10:30, 11:00-11:45 and 09:00-11:00 were
read as 4.25 minutes (against 90 + 45 + 120 = 255 on the clock), every row flagged
duration_mismatch and the file warned duration_looks_like_hours, exit 0; the cached-hours
study published 0.6 hours a week per FTE and 160 cases per FTE (36.25 and 1.78 with the
clock's minutes). One rule for every layout (:mod:`timestudy.ingest.clock_hours`): where
(nearly) every row's duration as hours is its clock length, and not as minutes, the
column's plain numbers are hours.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest.clock_hours import hours_by_clock, plain_numbers

TOGGL = ("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
         "End date,End time,Duration,Tags\n")


def _toggl(start: str, end: str, duration: str, day: str = "2026-03-10",
           end_day: str | None = None) -> str:
    end_day = day if end_day is None else end_day
    return f"Ann Smith,ann@x.org,C1,Visits,,Visit,No,{day},{start},{end_day},{end},{duration},\n"


DECIMAL = (_toggl("09:00:00", "10:30:00", "1.50") + _toggl("11:00:00", "11:45:00", "0.75")
           + _toggl("09:00:00", "11:00:00", "2.00", "2026-03-11"))


def _read(text: str, head: str = TOGGL, **mapping):
    return read_diary(io.StringIO(head + text), mapping=mapping or None, warn=False)


def _codes(result) -> list[str]:
    return [w["code"] for w in result.report.details.get("warnings", [])]


def test_toggl_decimal_duration_is_hours_by_the_clock():
    """toggl_decimal.csv. By hand: 1.50 x 60 = 90 = 10:30 - 09:00, 0.75 x 60 = 45 =
    11:45 - 11:00, 2.00 x 60 = 120 = 11:00 - 09:00: every row fits hours, none minutes.
    255 minutes in and accepted (before: 1.5 + 0.75 + 2 = 4.25), no duration_mismatch
    (before: 3), one warning with 4.25 before and 255 after."""
    result = _read(DECIMAL)
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 120.0]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_accepted"]) == (255.0, 255.0)
    assert "duration_mismatch" not in result.report.warnings_by_code
    assert result.report.warnings_by_code["duration_read_as_hours"] == 3
    assert _codes(result) == ["duration_read_as_hours"]  # not duration_looks_like_hours
    (said,) = result.report.details["warnings"]
    assert (said["rows"], said["minutes_before"], said["minutes_after"]) == (3, 4.25, 255.0)


def test_a_workbook_of_cached_hours(tmp_path):
    """H5_cached_hours_clean.xlsx: a Duration column of =(End-Start)*24 saved as numbers
    (1.5, 0.75, 2) beside time cells. By hand as above: 255 minutes, not 4.25."""
    frame = pd.DataFrame({
        "Worker ID": ["W1"] * 3, "Date": pd.to_datetime(["2026-03-09"] * 3),
        "Start time": ["09:00", "11:00", "13:00"], "End time": ["10:30", "11:45", "15:00"],
        "Duration": [1.5, 0.75, 2.0], "Activity": ["Home visit", "Recording", "Court"]})
    path = tmp_path / "cached_hours.xlsx"
    frame.to_excel(path, index=False)
    result = read_diary(path, warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 120.0]
    assert "duration_mismatch" not in result.report.warnings_by_code
    assert "duration_read_as_hours" in _codes(result)


def test_only_plain_numbers_are_hours():
    """Ten rows: nine plain decimals fitting hours (0.5 beside 30 minutes, each on its own
    hour), one ``0:30`` in clock notation (30 minutes as written, fitting minutes). 9 of
    10 is nearly every row (90%): the nine are read as hours, 30 min each, and ``0:30``
    stays 30 min, not 1,800. By hand: 10 x 30 = 300 minutes."""
    rows = [_toggl(f"{h:02d}:00:00", f"{h:02d}:30:00", "0.50") for h in range(8, 17)]
    rows.append(_toggl("17:00:00", "17:30:00", "0:30"))
    result = _read("".join(rows))
    assert result.episodes["duration_min"].tolist() == [30.0] * 10
    assert result.report.warnings_by_code["duration_read_as_hours"] == 9


def test_minutes_stay_minutes():
    """A diary in minutes: 90 beside 09:00-10:30 and 45 beside 11:00-11:45 fit minutes;
    as hours they would be 5,400 and 2,700. Nothing changes: 135 minutes."""
    result = _read(_toggl("09:00:00", "10:30:00", "90") + _toggl("11:00:00", "11:45:00", "45"))
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0]
    assert "duration_read_as_hours" not in _codes(result)


def test_a_unit_given_is_read_as_given():
    """``duration_unit: minutes`` in the mapping keeps minutes (4.25, as before, each row
    flagged duration_mismatch): the user has said so."""
    result = _read(DECIMAL, duration_unit="minutes")
    assert result.episodes["duration_min"].sum() == pytest.approx(4.25)
    assert result.report.warnings_by_code["duration_mismatch"] == 3
    assert "duration_read_as_hours" not in _codes(result)


def test_hours_on_too_few_rows_are_left_as_read():
    """1.50 beside 90 minutes, but 0.75 beside 10 and 2.00 beside 60: one row of three fits
    hours, not nearly every row. Left as read (4.25 minutes), the three flagged
    duration_mismatch and the file warned as before by the units check."""
    text = (_toggl("09:00:00", "10:30:00", "1.50") + _toggl("11:00:00", "11:10:00", "0.75")
            + _toggl("13:00:00", "14:00:00", "2.00"))
    result = _read(text)
    assert result.episodes["duration_min"].sum() == pytest.approx(4.25)
    assert result.report.warnings_by_code["duration_mismatch"] == 3
    assert "duration_read_as_hours" not in _codes(result)


def test_an_end_made_from_a_duration_in_hours():
    """A split diary (not a timer's, where no end is a running timer): three rows fit hours
    (1.50 beside 90 minutes, 2.00 beside 120, 0.50 beside 30); a fourth has no end, its end
    made from its Duration 0.25: as hours 15 minutes, so it ends at 14:15, not 14:00:15.
    By hand: 90 + 120 + 30 + 15 = 255 minutes. (hours24: three rows fitting hours by their
    own clock are needed since review24b's one_end.csv; this test had two.)"""
    text = ("worker_id,date,start_time,end_time,duration\n"
            "W1,10/03/2026,09:00,10:30,1.50\n"
            "W1,10/03/2026,11:00,13:00,2.00\n"
            "W1,10/03/2026,13:00,13:30,0.50\n"
            "W1,10/03/2026,14:00,,0.25\n")
    result = _read(text, head="")
    assert result.episodes["duration_min"].tolist() == [90.0, 120.0, 30.0, 15.0]
    assert str(result.episodes["end"].iloc[3]) == "2026-03-10 14:15:00"
    assert result.report.details["minutes"]["minutes_in"] == 255.0


def test_a_running_clockify_timer_is_rejected():
    """audit24c clockify_running.csv: two rows with a Start and no End, Duration (h)
    ``00:00:00`` and ``00:42:00``. Clockify records the end when the timer is stopped, so
    both were still running: rejected running_timer (before: accepted, a 0-minute
    instantaneous event and 42 minutes). By hand: 90 accepted + 42 rejected = 132 in."""
    head = ("Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,"
            "Start Time,End Date,End Time,Duration (h),Duration (decimal)\n")
    text = ("Visits,C1,Home visit,,Ann Smith,,ann@x.org,,No,03/10/2026,09:00:00 AM,"
            "03/10/2026,10:30:00 AM,01:30:00,1.50\n"
            "Visits,C1,Running,,Ann Smith,,ann@x.org,,No,03/25/2026,11:00:00 AM,,,00:00:00,0.00\n"
            "Visits,C1,Running2,,Ann Smith,,ann@x.org,,No,03/26/2026,11:00:00 AM,,,00:42:00,"
            "0.70\n")
    result = _read(text, head=head)
    assert result.report.rejected_by_reason == {"running_timer": 2}
    assert result.episodes["duration_min"].tolist() == [90.0]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_rejected"]) == (132.0, 42.0)
    assert "still running" in result.rejects["reason"][1]


def test_hours_by_clock_needs_more_hours_than_minutes():
    """One row, fitting hours (0.5 beside 30): enough alone. A zero duration fits both and
    is not counted."""
    assert hours_by_clock(np.array([0.5]), np.array([30.0]), np.array([True]), 1.0) == (1, 1)
    assert hours_by_clock(np.array([0.0]), np.array([0.0]), np.array([True]), 1.0) is None
    assert plain_numbers(pd.Series(["2", "0:45"])).tolist() == [True, False]


def test_a_header_naming_hours_read_as_hours_by_the_clock_is_not_refused(tmp_path):
    """allday24's note: 'Hours' mapped as the duration, no duration_unit, 09:00-10:30 with
    1.5 and 11:00-11:45 with 0.75: read as hours by the rows' own clock times (90 + 45 =
    135), yet units.py then refused the file for a header naming hours ('1.5 would be 1.5
    min'). Now read, once."""
    import warnings

    from timestudy.ingest import read_diary

    (tmp_path / "d.csv").write_text(
        "worker_id,start,end,Hours,activity\n"
        "W1,2026-03-10T09:00,2026-03-10T10:30,1.5,visit\n"
        "W1,2026-03-10T11:00,2026-03-10T11:45,0.75,calls\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("columns:\n  duration_min: Hours\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = read_diary(tmp_path / "d.csv", mapping=tmp_path / "m.yaml")
    assert res.episodes["duration_min"].sum() == 135


def test_a_number_over_a_days_hours_with_no_clock_stays_minutes(tmp_path):
    """review24c ch.csv: three rows whose clocks say hours (1.5, 0.5, 1: 180 min) beside
    three rows with no end, 30, 45 and 2: 30 and 45 were read as 30 h and 45 h (4,800
    minutes accepted). An entry is at most a day: 30 and 45 stay minutes; 2 is read as
    hours with the column (120): 180 + 30 + 45 + 120 = 375."""
    import warnings

    from timestudy.ingest import read_diary

    (tmp_path / "ch.csv").write_text(
        "worker_id,start,end,duration,activity\n"
        "W1,2026-03-09T09:00,2026-03-09T10:30,1.5,visit\n"
        "W1,2026-03-09T10:30,2026-03-09T11:00,0.5,notes\n"
        "W1,2026-03-09T11:00,2026-03-09T12:00,1,meeting\n"
        "W1,2026-03-10T09:00,,30,notes\nW1,2026-03-10T10:00,,45,visit\n"
        "W1,2026-03-10T11:00,,2,supervision\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = read_diary(tmp_path / "ch.csv")
    assert res.episodes["duration_min"].sum() == 375
