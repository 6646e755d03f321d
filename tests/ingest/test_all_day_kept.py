"""Entries that look all-day but are timed work (review24b on :mod:`timestudy.ingest.all_day`).

Before: a row marked all-day by its own column was rejected whatever its times
(allday_col.csv: a 09:00-17:00 training day, ``All day`` Y, rejected all_day_event with
the advice to give it the times it had), and without an all-day column every entry from
00:00 to 00:00 of a later day was rejected (shift24.csv: a 24-hour residential sleep-in,
accepted and flagged long_episode before the calendar rule). Now (hours24): a marked row
with its own start and end, not 00:00 to 00:00, is kept; a 00:00 to 00:00 entry is an
all-day marker only in a calendar's export or when its text reads as leave or a reminder;
the rows kept are named in the warning all_day_kept.
"""

from __future__ import annotations

import io

from timestudy import read_diary


def _read(text: str, mapping: dict | None = None):
    return read_diary(io.StringIO(text), mapping=mapping, warn=False)


def _warning(result, code: str) -> dict | None:
    return next((w for w in result.report.details.get("warnings", []) if w["code"] == code),
                None)


def test_a_timed_day_marked_all_day_is_counted():
    """allday_col.csv. By hand: 'Training course' 09:00-17:00 is 480 minutes, 'Home visit'
    09:00-10:30 is 90 and 'Case notes' 11:00-12:00 is 60: 630 accepted (before: 150, the
    training day rejected all_day_event). The warning names source row 2."""
    result = _read(
        "worker_id,date,start_time,end_time,activity,case_id,All day\n"
        "W1,2026-03-09,09:00,17:00,Training course,,Y\n"
        "W1,2026-03-10,09:00,10:30,Home visit,C1,N\n"
        "W1,2026-03-10,11:00,12:00,Case notes,C1,\n")
    assert result.report.n_rejected == 0
    assert result.episodes["duration_min"].tolist() == [480.0, 90.0, 60.0]
    assert result.report.details["minutes"]["minutes_accepted"] == 630.0
    said = _warning(result, "all_day_kept")
    assert (said["rows"], said["minutes"]) == (1, 480.0)
    assert "source row 2 'Training course' 2026-03-09 09:00" in said["message"]
    assert "'All day' true" in said["message"]


def test_a_marked_row_from_midnight_to_midnight_is_still_rejected():
    """The same column, a row Y from 00:00 to 00:00 the next day: no times of its own, an
    all-day marker (1,440 min rejected all_day_event); the timed row, 90 min, accepted.
    By hand: in 1,530 = 90 + 1,440."""
    result = _read(
        "worker_id,start,end,activity,All day\n"
        "W1,2026-03-09 00:00,2026-03-10 00:00,Team away day,Y\n"
        "W1,2026-03-10 09:00,2026-03-10 10:30,Home visit,N\n")
    assert result.report.rejected_by_reason == {"all_day_event": 1}
    assert result.report.details["minutes"]["minutes_in"] == 1530.0
    assert _warning(result, "all_day_kept") is None


SHIFT = ("worker_id,start,end,activity,case_id\n"
         "W1,2026-03-09 09:00,2026-03-09 17:00,Home visit,C1\n"
         "W1,2026-03-10 00:00,2026-03-11 00:00,Residential sleep-in shift,\n"
         "W1,2026-03-12 00:00,2026-03-12 08:00,Emergency duty shift,\n")


def test_a_24_hour_shift_is_read_as_written():
    """shift24.csv. By hand: 480 + 1,440 + 480 = 2,400 minutes accepted (before: 960, the
    sleep-in rejected all_day_event), the sleep-in flagged long_episode (1,440 min, over
    the long-episode limit) and warned all_day_kept as possibly an all-day marker."""
    result = _read(SHIFT)
    assert result.report.n_rejected == 0
    assert result.episodes["duration_min"].tolist() == [480.0, 1440.0, 480.0]
    assert result.report.details["minutes"]["minutes_accepted"] == 2400.0
    assert "long_episode" in result.episodes["flags"].iloc[1]
    said = _warning(result, "all_day_kept")
    assert (said["rows"], said["minutes"]) == (1, 1440.0)
    assert "possibly a calendar's all-day marker" in said["message"]
    assert "source row 3 'Residential sleep-in shift'" in said["message"]


def test_midnight_to_midnight_in_a_calendar_export_or_as_a_reminder_is_all_day():
    """The same rows with Outlook's ``Show time as`` column (a calendar's export, no
    all-day column): the sleep-in is the calendar's all-day entry, rejected all_day_event
    (1,440 min). Without the column, 'Birthday - Sam' from 00:00 to 00:00 reads as a
    reminder: rejected too. By hand: 960 accepted in both."""
    rows = SHIFT.splitlines()
    outlook = "\n".join([rows[0] + ",Show time as", *(r + ",2" for r in rows[1:])]) + "\n"
    result = _read(outlook)
    assert result.report.rejected_by_reason == {"all_day_event": 1}
    assert result.report.details["minutes"]["minutes_accepted"] == 960.0
    reminder = _read(SHIFT.replace("Residential sleep-in shift", "Birthday - Sam"))
    assert reminder.report.rejected_by_reason == {"all_day_event": 1}
    assert reminder.report.details["minutes"]["minutes_accepted"] == 960.0
    assert _warning(reminder, "all_day_kept") is None
