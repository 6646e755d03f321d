"""A Toggl export whose ``Duration`` is a bare decimal (the audit's t1.csv: ``1.50``).

Toggl documents a time entry's duration as ``hh:mm:ss`` ("Duration format is hh:mm:ss.
For example 01:32:15 = 1 hour 32 minutes and 15 seconds", and a single number typed as a
duration is minutes: https://support.toggl.com/en/articles/2527645-timer-mode); the CSV
import takes the shape of a Detailed report export (https://support.toggl.com/category/
integrations/). No public Toggl page found (docs and pages corpora searched for the
profile's "Duration format": Classic, Improved, Decimal) says that the CSV export writes
``Duration`` in the profile's decimal format, and a public export with decimal hours
carries them in a column of its own, ``Duration (decimal)``
(https://gist.github.com/mdnurahmed/cd65d2d141f3b29d0fe1a47f130a5484). So the reader does
not assume hours from the header. But the file's own clock times do say it: every
entry's duration as hours is its length from start to end (1.50 beside 09:00-10:30), and
none as minutes, so the column is read as hours (:mod:`timestudy.ingest.clock_hours`,
warning ``duration_read_as_hours``; before, 4.5 minutes were read for 270 and the file was
only warned ``duration_looks_like_hours``).
"""

from __future__ import annotations

from timestudy import read_diary

T1 = """User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags
Sam Jones,sam@x.org,C1,Visit,,Visit,No,2026-03-09,09:00:00,2026-03-09,10:30:00,1.50,
Sam Jones,sam@x.org,C1,Recording,,Notes,No,2026-03-09,10:30:00,2026-03-09,11:15:00,0.75,
Sam Jones,sam@x.org,,Admin,,Emails,No,2026-03-09,11:15:00,2026-03-09,11:30:00,0.25,
Sam Jones,sam@x.org,,Admin,,Team meeting,No,2026-03-09,13:00:00,2026-03-09,15:00:00,2.00,
"""


def test_a_bare_decimal_duration_is_read_as_hours_by_the_clock(tmp_path):
    """By hand: 1.50 x 60 = 90 (09:00-10:30), 0.75 x 60 = 45 (10:30-11:15), 0.25 x 60 =
    15 (11:15-11:30), 2.00 x 60 = 120 (13:00-15:00): 270 minutes, as with
    ``duration_unit: hours`` (before: 4.5, warned duration_looks_like_hours)."""
    path = tmp_path / "t1.csv"
    path.write_text(T1)
    result = read_diary(path, warn=False)
    assert result.report.layout == "toggl"
    (warning,) = result.report.details["warnings"]
    assert warning["code"] == "duration_read_as_hours"
    assert (warning["minutes_before"], warning["minutes_after"]) == (4.5, 270.0)
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 15.0, 120.0]
    assert "duration_mismatch" not in result.report.warnings_by_code
    said = read_diary(path, mapping={"duration_unit": "hours"}, warn=False)
    assert said.episodes["duration_min"].tolist() == [90.0, 45.0, 15.0, 120.0]
    assert "duration_mismatch" not in said.report.warnings_by_code
    assert said.report.details.get("warnings", []) == []
    kept = read_diary(path, mapping={"duration_unit": "minutes"}, warn=False)
    assert kept.episodes["duration_min"].sum() == 4.5
