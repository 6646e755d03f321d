"""Hand-worked readings of four export shapes the second audit found misread (the audit's
own inputs, worked by hand), with the edges of each rule.

1. long-format slots merge a run only while every carried column stays the same;
2. Toggl workers keyed by User are refused when User does not name one account;
3. WOMBAT times go to the day that puts them nearer their session, never a day away;
4. a slot grid's clock-named slot lasts until the next column's time.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.errors import SchemaError

T = pd.Timestamp


def _minutes_by(result, column: str) -> dict:
    return result.episodes.groupby(column)["duration_min"].sum().to_dict()


# 1. long-format slots ---------------------------------------------------------------

LONG = {"layout": "long_slots", "first_slot_start": "09:00", "slot_minutes": 30}


def _long(**columns) -> pd.DataFrame:
    n = len(columns["activity"])
    return pd.DataFrame(
        {
            "worker_id": "W1",
            "date": "09/03/2026",
            "slot_number": [str(k + 1) for k in range(n)],
            **columns,
        }
    )


def test_long_slots_break_where_the_case_changes():
    """The audit's file: 30-minute slots from 09:00, visits for C1 then C2, notes for each:
    C1 has slots 1, 2, 5 = 90 minutes, C2 slots 3, 4, 6 = 90 (it was 180 and 0)."""
    frame = _long(
        activity=["home visit"] * 4 + ["case notes"] * 2,
        case_id=["C1", "C1", "C2", "C2", "C1", "C2"],
        location=["family home"] * 4 + ["office"] * 2,
    )
    result = read_diary(frame, mapping=LONG, warn=False)
    assert _minutes_by(result, "case_id") == {"C1": 90.0, "C2": 90.0}
    assert result.episodes["start"].tolist() == [
        T("2026-03-09 09:00"),
        T("2026-03-09 10:00"),
        T("2026-03-09 11:00"),
        T("2026-03-09 11:30"),
    ]
    assert result.episodes["slots"].tolist() == ["1-2", "3-4", "5", "6"]


def test_long_slots_break_on_any_carried_column_and_on_a_blank():
    """Same activity and case: a new place, or a case left blank, is a new episode; an
    unrecorded column (one value throughout) changes nothing."""
    frame = _long(
        activity=["notes"] * 5,
        case_id=["C1", "C1", "C1", None, None],
        location=["office", "office", "home", "home", "home"],
        team="North",
    )
    eps = read_diary(frame, mapping=LONG, warn=False).episodes
    assert eps["slots"].tolist() == ["1-2", "3", "4-5"]
    assert eps["duration_min"].tolist() == [60.0, 30.0, 60.0]
    assert eps["location"].tolist() == ["office", "home", "home"]
    assert eps["case_id"].isna().tolist() == [False, False, True]


def test_long_slots_secondary_rows_break_the_same_way():
    """Main notes for C1 in slots 1-2 are one episode (60); the secondary radio changes case
    between them, so it is two secondary episodes of 30."""
    frame = pd.DataFrame(
        {
            "worker_id": "W1",
            "date": "09/03/2026",
            "slot_number": ["1", "1", "2", "2"],
            "activity": ["notes", "radio", "notes", "radio"],
            "is_secondary": ["0", "1", "0", "1"],
            "case_id": ["C1", "C1", "C1", "C2"],
        }
    )
    result = read_diary(frame, mapping=LONG, warn=False)
    assert result.episodes["duration_min"].tolist() == [60.0]
    assert result.secondary["duration_min"].tolist() == [30.0, 30.0]
    assert result.secondary["slots"].tolist() == ["1", "2"]  # was one episode "1-2"


# 2. Toggl ------------------------------------------------------------------------------

TOGGL_HEAD = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags\n"
)


def _toggl(tmp_path, *rows: str):
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL_HEAD + "".join(r + "\n" for r in rows))
    return path


SAME_NAME = (
    "Sam Jones,sam.jones@north.example.org,C1,Recording,,Case notes,No,2026-03-09,09:00:00,"
    "2026-03-09,12:00:00,03:00:00,",
    "Sam Jones,sam.jones2@south.example.org,C2,Statutory visit,,Visit,No,2026-03-09,10:00:00,"
    "2026-03-09,12:00:00,02:00:00,",
    "Sam Jones,sam.jones2@south.example.org,C2,Recording,,Notes,No,2026-03-09,12:00:00,"
    "2026-03-09,13:00:00,01:00:00,",
)


def test_toggl_one_name_two_emails_is_refused_with_the_fix(tmp_path):
    """The audit's file: keyed by User it was one worker of 240 minutes and a false
    overlap; now it is refused, and the named fix gives 180 + 180 = 360."""
    path = _toggl(tmp_path, *SAME_NAME)
    with pytest.raises(
        SchemaError,
        match=r"User 'Sam Jones' has 2 different Email values.*"
        r"columns: \{worker_id: Email\}",
    ):
        read_diary(path, warn=False)
    result = read_diary(path, mapping={"columns": {"worker_id": "Email"}}, warn=False)
    assert result.episodes.groupby("worker_id")["counted_min"].sum().tolist() == [180.0, 180.0]
    assert result.report.warnings_by_code == {}
    assert "User" in result.episodes  # the display name stays, as a column


def test_toggl_one_email_under_two_names_is_refused(tmp_path):
    path = _toggl(
        tmp_path,
        "Sam Jones,sam@x.example,C1,Recording,,Notes,No,2026-03-09,09:00:00,2026-03-09,"
        "10:00:00,01:00:00,",
        "Samuel Jones,sam@x.example,C1,Recording,,Notes,No,2026-03-10,09:00:00,2026-03-10,"
        "10:00:00,01:00:00,",
    )
    with pytest.raises(
        SchemaError,
        match=r"one Email appears under 2 User names "
        r"\('Sam Jones', 'Samuel Jones'\)",
    ):
        read_diary(path, warn=False)


def test_toggl_email_spellings_and_blanks_are_one_account(tmp_path):
    """Emails compare without case or surrounding spaces; a blank Email is not an account."""
    path = _toggl(
        tmp_path,
        "Sam Jones,Sam.Jones@X.example,C1,Recording,,Notes,No,2026-03-09,09:00:00,2026-03-09,"
        "10:00:00,01:00:00,",
        "Sam Jones, sam.jones@x.example ,C1,Recording,,Notes,No,2026-03-10,09:00:00,"
        "2026-03-10,10:00:00,01:00:00,",
        "Sam Jones,,C1,Recording,,Notes,No,2026-03-11,09:00:00,2026-03-11,10:00:00,01:00:00,",
    )
    eps = read_diary(path, warn=False).episodes
    assert set(eps["worker_id"]) == {"Sam Jones"} and eps["duration_min"].sum() == 180.0


# 3. WOMBAT -----------------------------------------------------------------------------

WOMBAT_HEAD = (
    "session date,observer id,session id,location id,participant id,session start,"
    "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
    "start time,end time,elapsed time,total time\n"
)


def _wombat(tmp_path, session: tuple[str, str], *tasks: tuple[str, str, str]):
    rows = [
        f"01-Apr-2025,1,400,QEH,P1,{session[0]},{session[1]},1_400_{k + 1},Documentation,"
        f"Case notes,{a},{b},{d},{d}\n"
        for k, (a, b, d) in enumerate(tasks)
    ]
    path = tmp_path / "wombat.csv"
    path.write_text(WOMBAT_HEAD + "".join(rows))
    return read_diary(path, warn=False)


def test_wombat_task_just_before_a_night_session_stays_on_its_day(tmp_path):
    """The audit's file: session 23:00 to 01:00 on 1 April, a task 22:58 to 23:30 was put on
    2 April, outside its session; it is 1 April 22:58, listed as outside its session."""
    result = _wombat(
        tmp_path,
        ("23:00:00", "01:00:00"),
        ("22:58:00", "23:30:00", "00:32:00"),
        ("23:30:00", "00:30:00", "01:00:00"),
    )
    eps = result.episodes
    assert eps["start"].tolist() == [T("2025-04-01 22:58"), T("2025-04-01 23:30")]
    assert eps["end"].tolist() == [T("2025-04-01 23:30"), T("2025-04-02 00:30")]
    assert result.report.details["tasks_outside_session"] == {"count": 1, "first": ["1_400_1"]}


def test_wombat_times_split_halfway_between_session_end_and_start(tmp_path):
    """Session 22:00 to 02:00: the split is 12:00. 00:30 and 02:05 (after the end) are the
    next day; 11:00 is nearer the end (9 h after) than the start (11 h before): next day;
    13:00 is nearer the start: the session day. Outside the session: 02:05, 11:00, 13:00."""
    result = _wombat(
        tmp_path,
        ("22:00:00", "02:00:00"),
        ("00:30:00", "00:40:00", "00:10:00"),
        ("02:05:00", "02:10:00", "00:05:00"),
        ("11:00:00", "11:05:00", "00:05:00"),
        ("13:00:00", "13:05:00", "00:05:00"),
    )
    starts = result.episodes.sort_values("source_row")["start"].tolist()
    assert starts == [
        T("2025-04-02 00:30"),
        T("2025-04-02 02:05"),
        T("2025-04-02 11:00"),
        T("2025-04-01 13:00"),
    ]
    assert result.report.details["tasks_outside_session"]["count"] == 3


def test_wombat_day_session_times_stay_on_the_session_date(tmp_path):
    """A session within one day moves nothing; a task ending after it is listed."""
    result = _wombat(
        tmp_path,
        ("09:00:00", "12:00:00"),
        ("09:00:00", "11:00:00", "02:00:00"),
        ("11:00:00", "12:30:00", "01:30:00"),
    )
    assert result.episodes["start"].tolist() == [T("2025-04-01 09:00"), T("2025-04-01 11:00")]
    assert result.report.details["tasks_outside_session"] == {"count": 1, "first": ["1_400_2"]}


# 4. slot grids -------------------------------------------------------------------------


def _grid(headers: list[str], values: list) -> pd.DataFrame:
    return pd.DataFrame([["W1", "09/03/2026", *values]], columns=["worker_id", "date", *headers])


GRID15 = ["09:00", "09:15", "09:30", "09:45", "10:00", "11:00", "12:00"]


def test_uneven_grid_slots_last_until_the_next_column():
    """The audit's grid with slot_minutes 15: notes 09:30 to 11:00 = 90, travel 11:00 to
    12:00 = 60, lunch (the last slot) 15; it was 45, 15, 15 (total 105 of 195)."""
    grid = _grid(GRID15, ["visit", "visit", "notes", "notes", "notes", "travel", "lunch"])
    result = read_diary(grid, layout="slots", mapping={"slot_minutes": 15}, warn=False)
    assert _minutes_by(result, "activity") == {
        "visit": 30.0,
        "notes": 90.0,
        "travel": 60.0,
        "lunch": 15.0,
    }
    assert result.report.details["slot_lengths"] == {"10:00": 60.0, "11:00": 60.0}
    with pytest.raises(
        SchemaError,
        match=r"not evenly spaced .*10:00 \(60 min\), 11:00 "
        r"\(60 min\).*set slot_minutes .* the last slot \(12:00\)",
    ):
        read_diary(grid, layout="slots", warn=False)


def test_slot_minutes_that_contradicts_even_columns_is_refused():
    grid = _grid(["09:00", "09:30", "10:00"], ["a", "b", "c"])
    with pytest.raises(
        SchemaError, match="slot_minutes is 15 but its time-slot columns are 30 minutes apart"
    ):
        read_diary(grid, layout="slots", mapping={"slot_minutes": 15}, warn=False)
    same = read_diary(grid, layout="slots", mapping={"slot_minutes": 30}, warn=False)
    assert same.episodes["duration_min"].tolist() == [30.0] * 3


def test_two_columns_at_one_time_are_refused():
    grid = _grid(["09:00", "0900", "09:30"], ["a", "a", "b"])
    with pytest.raises(SchemaError, match="09:00 and 0900 are the same time"):
        read_diary(grid, layout="slots", mapping={"slot_minutes": 30}, warn=False)


def test_numbered_slots_keep_their_own_length():
    """Numbered slots are placed by their number: a number missing from the file is a slot
    not recorded, not a longer one."""
    grid = _grid(["Main1", "Main2", "Main4"], ["a", "b", "c"])
    mapping = {"slot_pattern": r"Main(\d+)", "first_slot_start": "04:00", "slot_minutes": 10}
    eps = read_diary(grid, layout="slots", mapping=mapping, warn=False).episodes
    assert eps["duration_min"].tolist() == [10.0, 10.0, 10.0]
    assert eps["start"].tolist() == [
        T("2026-03-09 04:00"),
        T("2026-03-09 04:10"),
        T("2026-03-09 04:30"),
    ]
