"""How much of its own clock a duration column needs before it is read as hours
(review24b on :mod:`timestudy.ingest.clock_hours`).

Before: the rule read a column as hours when 90% of the rows with both a duration and
clock times of their own fitted hours, "at least two (or the only one)", and then
multiplied every plain number of it by 60. One row with an end among five without could
turn a diary in minutes into hours (one_end.csv), a true-minutes row among hours was
multiplied too (mix_hours.csv), and the warning counted rows whose end was made from the
duration as fitting by the clock ("on 6 of its 6 rows" with one end in the file).
"""

from __future__ import annotations

import io

import numpy as np

from timestudy import read_diary
from timestudy.ingest.clock_hours import hours_by_clock

HEAD = "worker_id,date,start_time,end_time,duration,activity,case_id\n"

ONE_END = HEAD + (
    "W1,2026-03-09,09:00,,30,Phone call,C1\n"
    "W1,2026-03-09,09:30,,45,Case notes,C1\n"
    "W1,2026-03-09,10:15,,60,Supervision,\n"
    "W1,2026-03-09,11:15,,90,Home visit,C2\n"
    "W1,2026-03-09,13:00,,20,Email,C2\n"
    "W1,2026-03-09,19:00,20:00,1,Out of hours call,C3\n")

MIX_HOURS = HEAD + (
    "W1,2026-03-09,09:00,10:00,1,Home visit,C1\n"
    "W1,2026-03-09,10:00,11:00,1,Case notes,C1\n"
    "W1,2026-03-09,11:00,12:00,1,Supervision,\n"
    "W1,2026-03-09,13:00,14:00,1,Home visit,C2\n"
    "W1,2026-03-09,14:00,16:00,2,Case notes,C2\n"
    "W1,2026-03-10,09:00,10:00,1,Home visit,C1\n"
    "W1,2026-03-10,10:00,11:00,1,Case notes,C1\n"
    "W1,2026-03-10,11:00,12:00,1,Team meeting,\n"
    "W1,2026-03-10,13:00,15:00,2,Home visit,C3\n"
    "W1,2026-03-10,15:00,15:30,30,Phone call,C3\n")


def _read(text: str):
    return read_diary(io.StringIO(text), warn=False)


def _warning(result, code: str) -> dict | None:
    return next((w for w in result.report.details.get("warnings", []) if w["code"] == code),
                None)


def test_one_row_with_an_end_does_not_make_minutes_hours():
    """one_end.csv: five rows with a start and minutes (30, 45, 60, 90, 20) and no end, one
    row 19:00-20:00 with duration 1. Before: the one row fitted hours (1 x 60 = 60), so
    all six were x 60: 14,760 minutes in and the warning said 'on 6 of its 6 rows'. Now
    one row fitting hours is fewer than three, and one row of six with its own end is
    less than half: left as read. By hand: 30 + 45 + 60 + 90 + 20 + 1 = 246 minutes in,
    the last row's 1 minute against 60 on its clock flagged duration_mismatch."""
    result = _read(ONE_END)
    assert result.episodes["duration_min"].tolist() == [30.0, 45.0, 60.0, 90.0, 20.0, 1.0]
    assert result.report.details["minutes"]["minutes_in"] == 246.0
    assert _warning(result, "duration_read_as_hours") is None
    assert result.report.warnings_by_code["duration_mismatch"] == 1


def test_a_minutes_row_among_hours_is_left_as_read():
    """mix_hours.csv: nine rows fit hours (1 beside 60 minutes, 2 beside 120), the tenth,
    15:00-15:30 with 30, fits minutes. Before: it was x 60 too, 1,800 minutes. Now a row
    whose own clock fits its value as minutes is left as read, and the warning names it.
    By hand: 7 x 60 + 2 x 120 = 660, + 30 = 690 minutes (before: 2,460)."""
    result = _read(MIX_HOURS)
    assert result.episodes["duration_min"].sum() == 690.0
    assert result.episodes["duration_min"].iloc[-1] == 30.0
    assert result.report.details["minutes"]["minutes_in"] == 690.0
    assert "duration_read_as_hours" not in result.episodes["flags"].iloc[-1]
    assert result.report.warnings_by_code["duration_read_as_hours"] == 9
    said = _warning(result, "duration_read_as_hours")
    assert (said["rows"], said["minutes_before"], said["minutes_after"]) == (9, 11.0, 660.0)
    assert said["rows_left_as_minutes"] == 1
    assert "on 9 of its 10 rows with a start and end of their own" in said["message"]
    assert "left as read (source row 11: 30 = 30 min)" in said["message"]


def test_the_warning_counts_only_rows_with_their_own_clock():
    """Three rows fit hours by their own start and end (1, 1, 2 beside 60, 60, 120); a
    fourth has a start and 0.5 and no end, its end made from the duration. Before: the
    warning said 'on 4 of its 4 rows' (the made end agrees with its duration by
    construction). Now 'on 3 of its 3 rows with a start and end of their own', 4 plain
    numbers read as hours. By hand: 60 + 60 + 120 + 30 = 270 minutes."""
    result = _read(HEAD + (
        "W1,2026-03-09,09:00,10:00,1,Home visit,C1\n"
        "W1,2026-03-09,10:00,11:00,1,Case notes,C1\n"
        "W1,2026-03-09,11:00,13:00,2,Supervision,\n"
        "W1,2026-03-09,14:00,,0.5,Phone call,C2\n"))
    assert result.episodes["duration_min"].tolist() == [60.0, 60.0, 120.0, 30.0]
    said = _warning(result, "duration_read_as_hours")
    assert "on 3 of its 3 rows with a start and end of their own" in said["message"]
    assert "so 4 plain numbers of it are read as hours" in said["message"]


def test_two_rows_of_hours_beside_one_without_an_end_are_left_as_read():
    """1.50 beside 90 minutes and 2.00 beside 120, and 0.25 with no end: two rows fitting
    hours are fewer than three (the file has three rows with a duration). Left as read, as
    the unit is not shown: 1.5 + 2 + 0.25 = 3.75 minutes, the two clocked rows flagged
    duration_mismatch (before: read as hours, 225). The mapping's duration_unit: hours
    reads it as hours."""
    text = HEAD + ("W1,2026-03-10,09:00,10:30,1.50,Visit,\n"
                   "W1,2026-03-10,11:00,13:00,2.00,Notes,\n"
                   "W1,2026-03-10,14:00,,0.25,Call,\n")
    result = _read(text)
    assert result.episodes["duration_min"].sum() == 3.75
    assert result.report.warnings_by_code["duration_mismatch"] == 2
    hours = read_diary(io.StringIO(text), mapping={"duration_unit": "hours"}, warn=False)
    assert hours.episodes["duration_min"].tolist() == [90.0, 120.0, 15.0]


def test_hours_by_clock_thresholds():
    """By hand: two rows, both fitting hours, in a file of two rows with a duration: all
    the file has (2 >= min(3, 2)). The same two among four rows with a duration (two with
    no clock): 2 < 3. Three fitting among seven with a duration: 3 rows checked < half of
    7 (3.5)."""
    src, clock = np.array([1.0, 2.0]), np.array([60.0, 120.0])
    assert hours_by_clock(src, clock, np.ones(2, bool), 1.0) == (2, 2)
    src4 = np.array([1.0, 2.0, 30.0, 45.0])
    given = np.array([True, True, False, False])
    assert hours_by_clock(src4, np.array([60.0, 120, 30, 45]), given, 1.0) is None
    src7 = np.array([1.0, 1, 2, 30, 30, 30, 30])
    given7 = np.arange(7) < 3
    assert hours_by_clock(src7, np.array([60.0, 60, 120, 30, 30, 30, 30]), given7, 1.0) is None
    assert hours_by_clock(src7[:6], np.array([60.0, 60, 120, 30, 30, 30]), given7[:6],
                          1.0) == (3, 3)
