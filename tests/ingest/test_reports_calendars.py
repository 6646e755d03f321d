"""Calendars from Outlook on the web, new Outlook and Google Calendar.

Outlook on the web, new Outlook and Google Calendar export a calendar as an iCalendar
file (``BEGIN:VCALENDAR``), not CSV; only classic Outlook for Windows exports CSV (File >
Open & Export > Import/Export > Export to a file > Comma Separated Values), with the
columns ``Subject``, ``Start Date``, ``Start Time``, ``End Date``, ``End Time``, ``All day
event``, ..., ``Show time as`` (data_schema/README.md, Calendars; the Mozilla notes on
Outlook's CSV fields: https://wiki.mozilla.org/index.php?oldid=89070&title=Calendar%3A
Feature_Implementations%3AImportExport%3ACSV). A CSV laid out for Google Calendar's
import has ``Subject``, ``Start Date``, ``Start Time``, ``End Date``, ``End Time``, ``All
Day Event``, ``Description``, ``Location``, ``Private``.

Before (7bc88346): such a CSV without a mapping was refused as "required column worker_id
is missing from this toggl diary" (a calendar called a Toggl report, no word of the
mapping that reads it); an .ics file as "cannot tell how this diary is laid out ... The
columns are 'BEGIN:VCALENDAR'". Measured right already and kept: with the mapping, the
Google-style CSV's ``09:00 AM`` to ``10:30 AM`` on ``03/17/2026`` is 90 minutes on 17
March, its all-day ``Leave`` rejected ``all_day_event``.
"""

from __future__ import annotations

import pytest

from timestudy import read_diary
from timestudy.errors import SchemaError

GOOGLE = """Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description,Location,Private
Home visit,03/17/2026,09:00 AM,03/17/2026,10:30 AM,False,C1,Leeds,True
Leave,03/18/2026,,03/18/2026,,True,,,True
"""
ICS = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
DTSTART:20260317T090000Z
DTEND:20260317T103000Z
SUMMARY:Home visit
END:VEVENT
END:VCALENDAR
"""
MAPPING = """columns:
  date: Start Date
  start_time: Start Time
  end_date: End Date
  end_time: End Time
  activity: Subject
defaults:
  worker_id: W1
"""


def test_a_calendar_without_a_worker_names_the_mapping(tmp_path):
    path = tmp_path / "calendar.csv"
    path.write_text(GOOGLE)
    with pytest.raises(SchemaError) as caught:
        read_diary(path, warn=False)
    message = str(caught.value)
    assert message.startswith("calendar.csv: required column worker_id is missing. This is a "
                              "calendar exported to CSV")
    assert "defaults: {worker_id: ...}" in message and "toggl" not in message


def test_an_icalendar_file_is_refused_naming_the_csv_export(tmp_path):
    path = tmp_path / "calendar.ics"
    path.write_text(ICS)
    with pytest.raises(SchemaError) as caught:
        read_diary(path, warn=False)
    message = str(caught.value)
    assert message.startswith("calendar.ics: this is an iCalendar file (BEGIN:VCALENDAR)")
    assert "Comma Separated Values" in message and "\n" not in message


def test_the_google_layout_read_with_its_mapping(tmp_path):
    """By hand: 09:00 AM to 10:30 AM on 17 March (month first: 03/17 reads only so) is 90;
    the all-day Leave is no minutes worked."""
    path, mapping = tmp_path / "calendar.csv", tmp_path / "calendar.mapping.yaml"
    path.write_text(GOOGLE)
    mapping.write_text(MAPPING)
    result = read_diary(path, mapping=mapping, warn=False)
    assert result.episodes["start"].astype(str).tolist() == ["2026-03-17 09:00:00"]
    assert result.episodes["duration_min"].tolist() == [90.0]
    assert "all_day_event" in set(result.rejects["code"])
