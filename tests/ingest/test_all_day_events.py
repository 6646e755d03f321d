"""Calendar entries that are not timed work (audit24c, outlook_allday.csv).

Outlook's CSV export has ``All day event`` (True/False) and ``Show time as`` (Outlook's
busy status, 0 Free, 1 Tentative, 2 Busy, 3 Out of Office, 4 Working Elsewhere:
https://learn.microsoft.com/en-us/office/vba/api/outlook.olbusystatus). Before: the
audit's "Working from home" all-day entry, 17/03 00:00 to 18/03 00:00, was accepted as
1,440 minutes of work (1,230 of them on 16 March, as 00:00 is before the 04:00 diary day
start), flagged only long_episode, long_day and overlap.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest.all_day import all_day_rows

HEAD = ('"Subject","Start Date","Start Time","End Date","End Time","All day event",'
        '"Billing Information","Categories","Show time as"\n')
MAPPING = {"columns": {"date": "Start Date", "start_time": "Start Time",
                       "end_date": "End Date", "end_time": "End Time", "activity": "Subject",
                       "case_id": "Billing Information", "activity_code": "Categories"},
           "defaults": {"worker_id": "W1"}}


def _row(subject, day, start, end_day, end, all_day="False", case="", cat="", show="2"):
    return f'"{subject}","{day}","{start}","{end_day}","{end}","{all_day}","{case}","{cat}","{show}"\n'


OUTLOOK = (_row("Working from home", "17/03/2026", "00:00:00", "18/03/2026", "00:00:00",
                "True", show="0")
           + _row("Home visit", "17/03/2026", "09:00:00", "17/03/2026", "10:30:00", case="C1",
                  cat="Visits")
           + _row("Case notes", "17/03/2026", "11:00:00", "17/03/2026", "12:00:00", case="C1",
                  cat="Recording")
           + _row("Supervision", "17/03/2026", "14:00:00", "17/03/2026", "15:00:00",
                  cat="Meetings"))


def _read(text: str, head: str = HEAD, mapping: dict | None = MAPPING):
    return read_diary(io.StringIO(head + text), mapping=mapping, warn=False)


def _warning(result, code: str) -> dict:
    return next(w for w in result.report.details.get("warnings", []) if w["code"] == code)


def test_an_all_day_event_is_rejected_not_24_hours():
    """outlook_allday.csv. By hand: the meetings are 09:00-10:30 (90), 11:00-12:00 (60) and
    14:00-15:00 (60): 210 minutes accepted; the all-day entry 00:00 to 00:00 the next day
    is 1,440 minutes, rejected all_day_event. In 1,650 = 210 + 1,440 (before: 1,650
    accepted, 1,440 of it counted as work once the overlaps were taken out)."""
    result = _read(OUTLOOK)
    report = result.report
    assert (report.n_accepted, report.n_rejected) == (3, 1)
    assert report.rejected_by_reason == {"all_day_event": 1}
    assert result.episodes["duration_min"].sum() == 210.0
    minutes = report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_accepted"],
            minutes["minutes_rejected"]) == (1650.0, 210.0, 1440.0)
    assert not {"long_episode", "long_day", "overlap"} & set(report.warnings_by_code)
    (reject,) = result.rejects.itertuples()
    assert reject.source_row == 2 and reject.code == "all_day_event"
    assert reject.column == "All day event"
    assert "an all-day entry of a calendar, not timed work" in reject.reason
    assert "give it its start and end times" in reject.reason
    assert "leave" not in reject.reason  # working from home is not leave
    said = _warning(result, "all_day_events")
    assert (said["rows"], said["minutes"], said["leave_rows"]) == (1, 1440.0, 0)


def test_without_an_all_day_column_midnight_to_midnight_is_all_day():
    """The same file without its ``All day event`` column (a canonical layout, start and
    end as one stamp). By hand: 2026-03-17 00:00 to 2026-03-19 00:00 is two whole days
    (2,880 min): rejected all_day_event, not above_maximum (more than 1,440), as the
    long-entry reject gives way; 2026-03-17 00:00 to 12:00 is no whole day (720 min,
    accepted); 09:00-10:30 is 90. In 3,690 = 810 + 2,880."""
    text = ("worker_id,start,end,activity\n"
            "W1,2026-03-17 00:00,2026-03-19 00:00,Annual leave\n"
            "W1,2026-03-17 00:00,2026-03-17 12:00,Night duty\n"
            "W1,2026-03-20 09:00,2026-03-20 10:30,Home visit\n")
    result = _read(text, head="", mapping=None)
    assert result.report.rejected_by_reason == {"all_day_event": 1}
    assert result.episodes["duration_min"].tolist() == [720.0, 90.0]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_rejected"]) == (3690.0, 2880.0)
    (reject,) = result.rejects.itertuples()
    assert "from 00:00 to 00:00, a whole number of days" in reject.reason
    assert "leave and sickness are read from timed entries" in reject.reason
    assert _warning(result, "all_day_events")["leave_rows"] == 1


def test_a_mapped_all_day_column_decides():
    """``all_day`` mapped: its true rows without times of their own are rejected (17/03
    00:00 to 18/03 00:00 'Sick', 1,440 min), its false rows kept even from 00:00 to 00:00
    (a 24-hour shift written as such: 1,440 min, flagged long_episode as any long entry).
    A true row with its own times, 09:00-17:00 'Sick' (480 min), is timed work since
    hours24 (before: rejected whatever its times): kept and warned all_day_kept. In
    3,360 = 1,440 rejected + 1,440 + 480 accepted."""
    text = ("Who,From,To,What,Whole day\n"
            "W1,2026-03-17 00:00,2026-03-18 00:00,Sick,yes\n"
            "W1,2026-03-18 00:00,2026-03-19 00:00,24-hour duty,no\n"
            "W1,2026-03-20 09:00,2026-03-20 17:00,Sick,yes\n")
    mapping = {"columns": {"worker_id": "Who", "start": "From", "end": "To",
                           "activity": "What", "all_day": "Whole day"}}
    result = _read(text, head="", mapping=mapping)
    assert result.report.rejected_by_reason == {"all_day_event": 1}
    assert result.episodes["duration_min"].tolist() == [1440.0, 480.0]
    assert result.rejects["column"].tolist() == ["Whole day"]
    assert "leave and sickness are read from timed entries" in result.rejects["reason"][0]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_rejected"]) == (3360.0, 1440.0)
    assert _warning(result, "all_day_kept")["rows"] == 1


def test_time_shown_as_free_is_counted_and_warned():
    """``Show time as`` 0 (Free) on a timed entry: kept and counted, flagged shown_as_free
    and warned with its rows and minutes. By hand: 'Focus time' 13:00-13:30 is 30 min shown
    free, with 'Home visit' 90 min busy (2): 120 accepted, 1 row and 30 min warned."""
    text = (_row("Home visit", "17/03/2026", "09:00:00", "17/03/2026", "10:30:00")
            + _row("Focus time", "17/03/2026", "13:00:00", "17/03/2026", "13:30:00",
                   show="0"))
    result = _read(text)
    assert result.report.n_accepted == 2 and result.report.n_rejected == 0
    assert result.episodes["duration_min"].sum() == 120.0
    assert result.report.warnings_by_code["shown_as_free"] == 1
    said = _warning(result, "shown_as_free")
    assert (said["rows"], said["minutes"]) == (1, 30.0)
    assert "source row 3 'Focus time'" in said["message"]


def test_all_day_rows_by_times_skip_layouts_without_clock_times():
    """A slot grid or a dated diary has no calendar entries: no row is all-day by its
    times there (a dated diary's rows are placed from the diary day start)."""
    s = np.array(["2026-03-17"], "M8[ns]")
    e = np.array(["2026-03-18"], "M8[ns]")
    frame = pd.DataFrame({"activity": ["Annual leave"]})
    assert all_day_rows(frame, s, e)[0].tolist() == [True]
    for layout in ("slots", "long_slots", "dated"):
        assert all_day_rows(frame, s, e, layout)[0].tolist() == [False]


@pytest.mark.parametrize("value, expected", [("True", True), ("TRUE", True), ("False", False),
                                             ("", False), ("1", True), ("0", False)])
def test_all_day_column_values(value, expected):
    """Outlook writes True/False; a sheet may write 1/0 or leave it blank."""
    frame = pd.DataFrame({"All day event": [value]})
    s, e = np.array(["2026-03-17"], "M8[ns]"), np.array(["2026-03-18"], "M8[ns]")
    assert all_day_rows(frame, s, e)[0].tolist() == [expected]
