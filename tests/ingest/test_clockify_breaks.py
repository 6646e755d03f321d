"""Clockify's break, time-off and holiday entries read as not work, and columns a timer
report's reader does not know named, never dropped in silence (fix36x).

Clockify's detailed report export can include break entries: "a CSV or Excel file will
feature an additional column indicating whether the entry is a break or a non-break"
(Clockify Help, Extras, "Breaks (web)", read in a stored copy:
http://marsa-store.com/breaks-web.html). Public code reading that export names the column
``Type`` with ``Break`` (solidtime-io/solidtime, ``ClockifyTimeEntriesImporter``'s test);
Clockify's API types an entry ``REGULAR`` or ``BREAK``; time-off and holiday entries are
time entries that "appear in time reports"
(https://clockify.me/help/track-time-and-expenses/track-holidays-time-off).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy

HERE = Path(__file__).resolve().parent / "conformance"
HEADER = ("Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,"
          "Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (GBP),"
          "Billable Amount (GBP)")


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def _said(result) -> dict:
    return {w["code"]: w for w in result.report.details.get("warnings", [])}


def _categorised(result) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.categorise(result.episodes)


def test_breaks_are_not_hours_worked():
    """clockify/breaks.csv: three workers, breaks of 45 min inside a day ("Walk"), 40 min
    across midnight (23:40 to 00:20, no description, under a "Break" project) and 30 min
    ("Gym"). Before: the Type column was ignored and all 825 minutes were work ("Walk"
    travel, the other two uncategorised; non_work 0). Now the three breaks are task_type
    break, category non_work: 115 minutes not worked, 710 worked, and the validate report
    says so (clockify_breaks: 3 rows, 115 minutes)."""
    result = _read(HERE / "clockify" / "breaks.csv", layout="toggl")
    eps = _categorised(result)
    by = eps.groupby(eps["category"] == "non_work")["duration_min"].sum()
    assert by[True] == pytest.approx(45 + 40 + 30)
    assert by[False] == pytest.approx(825 - 115)
    assert sorted(eps.loc[eps["task_type"] == "break", "source_row"]) == [3, 6, 9]
    said = _said(result)["clockify_breaks"]
    assert (said["rows"], said["minutes"]) == (3, pytest.approx(115.0))
    assert "'Break' in 'Type'" in said["message"] and "not hours worked" in said["message"]


def _export(tmp_path: Path, rows: list[str], extra: str = "Type") -> Path:
    path = tmp_path / "clockify.csv"
    path.write_text("\n".join([f"{HEADER},{extra}", *rows]) + "\n")
    return path


ROW = ("Admin,,{text},,Sam Jones,North,sam.jones@example.org,,No,16/03/2026,{start},"
       "16/03/2026,{end},{dur},{dec},0.00,0.00,{kind}")


def test_time_off_and_holidays_are_leave_and_an_unknown_type_is_named(tmp_path):
    """A Time off (8 h) and a Holiday (7.5 h) entry are Clockify's time off, not work:
    task_type leave (non_work), warned clockify_time_off with 2 rows and 930 minutes.
    An 'Overtime' type timestudy does not know is read as work, as before, but named
    (entry_type_unknown, 1 row, 60 minutes). Before: all three were work and nothing said."""
    path = _export(tmp_path, [
        ROW.format(text="Annual leave", start="08:00:00", end="16:00:00", dur="08:00:00",
                   dec="8.00", kind="Time off"),
        ROW.format(text="", start="09:00:00", end="16:30:00", dur="07:30:00", dec="7.50",
                   kind="HOLIDAY").replace("16/03/2026", "17/03/2026"),
        ROW.format(text="Emails", start="18:00:00", end="19:00:00", dur="01:00:00",
                   dec="1.00", kind="Overtime").replace("16/03/2026", "18/03/2026"),
    ])
    result = _read(path, layout="toggl")
    eps = _categorised(result)
    assert eps.sort_values("source_row")["category"].tolist()[:2] == ["non_work", "non_work"]
    said = _said(result)
    assert (said["clockify_time_off"]["rows"], said["clockify_time_off"]["minutes"]) == (
        2, pytest.approx(930.0))
    unknown = said["entry_type_unknown"]
    assert (unknown["rows"], unknown["minutes"]) == (1, pytest.approx(60.0))
    assert "'Overtime' in 'Type'" in unknown["message"] and "read as work" in unknown["message"]
    assert result.report.details["minutes"]["minutes_accepted"] == pytest.approx(990.0)


def test_a_column_the_reader_does_not_know_is_named(tmp_path):
    """A column no Toggl or Clockify report documents ('Kiosk') is kept but named in the
    warning columns_not_read with the mapping that would read it; before it was kept
    without a word. The documented ones (money, Group, Tags, Email) are not named."""
    path = _export(tmp_path, [ROW.format(text="Emails", start="09:00:00", end="10:00:00",
                                         dur="01:00:00", dec="1.00", kind="Front desk")],
                   extra="Kiosk")
    said = _said(_read(path, layout="toggl"))["columns_not_read"]
    assert said["columns"] == ["Kiosk"]
    assert "columns: {task_type: 'Kiosk'}" in said["message"]


@pytest.mark.parametrize("path", sorted((HERE / "toggl").glob("*.csv"))
                         + sorted((HERE / "clockify").glob("*.csv")), ids=lambda p: p.name)
def test_documented_exports_name_no_column(path):
    """The Toggl and Clockify files of the conformance folder carry only documented
    columns: no columns_not_read (their readings are otherwise unchanged)."""
    mapping = path.with_suffix(".mapping.yaml")
    result = _read(path, layout="toggl", **({"mapping": mapping} if mapping.exists() else {}))
    assert "columns_not_read" not in _said(result)
