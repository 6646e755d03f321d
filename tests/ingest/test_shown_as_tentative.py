"""Outlook's Tentative and Out of Office on timed entries (the last closing note's leftover).

Outlook's CSV export writes ``Show time as`` as a number, Outlook's busy status
(OlBusyStatus: 0 Free, 1 Tentative, 2 Busy, 3 Out of Office, 4 Working Elsewhere,
https://learn.microsoft.com/en-us/office/vba/api/outlook.olbusystatus; an ordinary meeting
is ``2`` in the Mozilla wiki's table of the export's columns). Free (0) was flagged and
warned already. Before: a Tentative entry (a meeting not accepted, which may not have
happened) and an Out of Office one (leave or a marker as often as work) were counted
unsaid, flagged nothing.
"""

from __future__ import annotations

import io

from timestudy import read_diary

HEAD = ('"Subject","Start Date","Start Time","End Date","End Time","All day event",'
        '"Show time as"\n')
MAPPING = {"columns": {"date": "Start Date", "start_time": "Start Time",
                       "end_date": "End Date", "end_time": "End Time", "activity": "Subject"},
           "defaults": {"worker_id": "W1"}}


def _row(subject, day, start, end_day, end, show="2"):
    return f'"{subject}","{day}","{start}","{end_day}","{end}","False","{show}"\n'


def _read(text: str):
    return read_diary(io.StringIO(HEAD + text), mapping=MAPPING, warn=False)


def _warning(result, code: str) -> dict:
    return next(w for w in result.report.details.get("warnings", []) if w["code"] == code)


def _calendar():
    return (_row("Home visit", "17/03/2026", "09:00:00", "17/03/2026", "10:30:00")
            + _row("Team briefing", "17/03/2026", "11:00:00", "17/03/2026", "11:45:00",
                   show="1")
            + _row("Court", "17/03/2026", "13:00:00", "17/03/2026", "15:00:00", show="3")
            + _row("Case review", "18/03/2026", "10:00:00", "18/03/2026", "10:30:00",
                   show="Tentative")
            + _row("Focus time", "18/03/2026", "11:00:00", "18/03/2026", "11:30:00",
                   show="0"))


def test_tentative_entries_are_counted_flagged_and_warned():
    """By hand: 'Team briefing' 11:00-11:45 (45 min, ``1``) and 'Case review' 10:00-10:30
    (30 min, ``Tentative``) are tentative: 2 rows, 75 min, the first source row 3. Every
    row is kept: 90 + 45 + 120 + 30 + 30 = 315 min accepted, as before."""
    result = _read(_calendar())
    assert result.report.n_accepted == 5 and result.report.n_rejected == 0
    assert result.episodes["duration_min"].sum() == 315.0
    flags = result.episodes["flags"].fillna("")
    assert flags.str.contains("shown_as_tentative").tolist() == [False, True, False, True,
                                                                 False]
    said = _warning(result, "shown_as_tentative")
    assert (said["rows"], said["minutes"]) == (2, 75.0)
    assert result.report.warnings_by_code["shown_as_tentative"] == 2
    assert "2 timed entries the calendar shows as tentative: a meeting not accepted" \
        in said["message"]
    assert "'Show time as' 1 or Tentative; first source row 3 'Team briefing'" \
        in said["message"]
    assert "counted as work, 75 min, and flagged shown_as_tentative" in said["message"]


def test_out_of_office_entries_are_counted_flagged_and_warned():
    """By hand: 'Court' 13:00-15:00 shown ``3`` (Out of Office): 1 row, 120 min, source row
    4, counted as work (the warning says so) and flagged; free and tentative rows are not
    in it."""
    result = _read(_calendar())
    said = _warning(result, "shown_as_out_of_office")
    assert (said["rows"], said["minutes"]) == (1, 120.0)
    assert "1 timed entry the calendar shows as out of office" in said["message"]
    assert "first source row 4 'Court'): counted as work, 120 min" in said["message"]
    assert "leave is read from timed entries categorised as leave" in said["message"]
    flags = result.episodes["flags"].fillna("")
    assert flags.str.contains("shown_as_out_of_office").sum() == 1
    assert _warning(result, "shown_as_free")["rows"] == 1


def test_busy_only_warns_nothing():
    """``2`` (Busy) on every row: no status warning, no flag."""
    result = _read(_row("Home visit", "17/03/2026", "09:00:00", "17/03/2026", "10:30:00"))
    codes = {w["code"] for w in result.report.details.get("warnings", [])}
    assert not codes & {"shown_as_free", "shown_as_tentative", "shown_as_out_of_office"}
