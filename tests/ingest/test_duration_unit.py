"""Durations in hours are read as hours when the mapping says so, and never silently as minutes.

The audit's council export (``Staff,Start,Hours spent,Activity``) mapped ``duration_min:
Hours spent`` read 1.5 hours as 1.5 minutes with no warning. ``duration_unit`` says the unit
of plain numbers; without it, a header that names hours (``Hours spent``) is refused
(tests/ingest/test_duration_headers.py), and a column that looks like hours is warned
``duration_looks_like_hours`` (``timestudy.ingest.units``): here the same file headed
``Time spent``, which names no unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import ConfigError, read_diary
from timestudy.cli import main
from timestudy.errors import DataQualityWarning
from timestudy.ingest import units
from timestudy.ingest.mapping import load_mapping

HOURS_CSV = """Staff,Start,Time spent,Activity
W1,09/03/2026 09:00,1.5,home visit
W1,09/03/2026 10:30,0.25,phone call
W1,09/03/2026 10:45,2,case notes
W1,09/03/2026 13:00,3.5,court statement
"""
COLUMNS = {
    "worker_id": "Staff",
    "start": "Start",
    "duration_min": "Time spent",
    "activity": "Activity",
}


@pytest.fixture
def hours_file(tmp_path):
    path = tmp_path / "hrs.csv"
    path.write_text(HOURS_CSV)
    return path


def _warnings(result) -> list[dict]:
    return result.report.details.get("warnings", [])


def test_hours_are_read_as_hours_when_the_mapping_says_so(hours_file):
    result = read_diary(hours_file, mapping={"columns": COLUMNS, "duration_unit": "hours"})
    eps = result.episodes
    assert eps["duration_min"].tolist() == [90.0, 15.0, 120.0, 210.0]
    assert eps["end"].dt.strftime("%H:%M").tolist() == ["10:30", "10:45", "12:45", "16:30"]
    assert result.report.details["minutes"]["minutes_in"] == 435.0
    assert result.report.details["rules"]["duration_unit"] == "hours"
    assert _warnings(result) == []


def test_hours_read_as_minutes_are_warned_and_left_as_read(hours_file):
    with pytest.warns(DataQualityWarning, match="duration_looks_like_hours"):
        result = read_diary(hours_file, mapping={"columns": COLUMNS})
    assert result.episodes["duration_min"].tolist() == [1.5, 0.25, 2.0, 3.5]
    (warning,) = _warnings(result)
    assert warning["code"] == "duration_looks_like_hours"
    assert (warning["checked"], warning["fit_hours"], warning["fit_minutes"]) == (3, 2, 0)
    message = warning["message"]
    assert "\n" not in message and "'Time spent'" in message
    assert "2 of 3 entries checked (67%)" in message and "duration_unit: hours" in message
    assert message in str(result.report)  # the report's notes
    assert result.report.to_dict()["details"]["warnings"] == [warning]


def test_saying_minutes_silences_the_warning(hours_file):
    result = read_diary(hours_file, mapping={"columns": COLUMNS, "duration_unit": "minutes"})
    assert result.episodes["duration_min"].tolist() == [1.5, 0.25, 2.0, 3.5]
    assert _warnings(result) == [] and result.report.details["rules"]["duration_unit"] == "minutes"


def test_the_command_line_prints_the_warning(hours_file, tmp_path, capsys):
    mapping = tmp_path / "hrs.yaml"
    mapping.write_text(
        "columns: {worker_id: Staff, start: Start, duration_min: Time spent, activity: Activity}\n"
    )
    assert main(["validate", str(hours_file), "--mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "duration_looks_like_hours" in x)
    assert line.startswith("  warning: ") and "set duration_unit: hours in the mapping" in line
    assert "minutes: 7.25 in" in out  # read as written, never changed behind the user's back

    mapping.write_text(mapping.read_text() + "duration_unit: hours\n")
    assert main(["validate", str(hours_file), "--mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "duration_looks_like_hours" not in out and "minutes: 435.00 in" in out


def test_an_unknown_unit_is_one_line_and_exit_2(hours_file, tmp_path, capsys):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("columns: {duration_min: Time spent}\nduration_unit: hour\n")
    assert main(["validate", str(hours_file), "--mapping", str(mapping)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1
    assert "duration_unit 'hour' is not one of minutes, hours, seconds" in err
    assert "Traceback" not in captured.out + captured.err
    with pytest.raises(ConfigError, match="duration_unit 60 is not one of minutes, hours"):
        load_mapping({"duration_unit": 60})


def test_seconds_are_read_as_seconds(tmp_path):
    path = tmp_path / "secs.csv"
    path.write_text(
        "worker_id,start,duration_min,activity\n"
        "W1,2026-03-09T09:00,5400,visit\n"
        "W1,2026-03-09T10:30,900,call\n"
        "W1,2026-03-09T10:45,30,note\n"
    )
    result = read_diary(path, mapping={"duration_unit": "seconds"})
    assert result.episodes["duration_min"].tolist() == [90.0, 15.0, 0.5]
    assert result.episodes["end"].dt.strftime("%H:%M:%S").tolist() == [
        "10:30:00",
        "10:45:00",
        "10:45:30",
    ]
    assert result.report.n_rejected == 0


@pytest.mark.parametrize("unit", ["minutes", "hours", "seconds"])
def test_durations_written_with_their_unit_are_read_as_written(unit):
    frame = pd.DataFrame(
        {
            "worker_id": "W1",
            "start": [f"2026-03-09T{h:02d}:00" for h in range(9, 14)],
            "duration_min": ["1:30", "01:30:00", "1h 30m", "90 min", "1 hour 30 mins"],
        }
    )
    result = read_diary(frame, mapping={"duration_unit": unit})
    assert result.episodes["duration_min"].tolist() == [90.0] * 5


@pytest.mark.parametrize("as_text", [True, False])
def test_a_typed_column_of_numbers_takes_the_unit_too(tmp_path, as_text):
    frame = pd.DataFrame(
        {
            "worker_id": "W1",
            "start": ["2026-03-09T09:00", "2026-03-09T11:00"],
            "duration_min": [1.5, 0.75],
        }
    )
    source = frame
    if as_text:  # a CSV whose duration_min is read typed straight away (csvfile's fast path)
        source = tmp_path / "typed.csv"
        frame.to_csv(source, index=False)
    result = read_diary(source, mapping={"duration_unit": "hours"})
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0]


def test_decimal_hours_beside_clock_times_are_read_as_hours(tmp_path):
    """A Toggl report with decimal durations under Toggl's own ``Duration``: the ends say
    the numbers are hours, on every row (1.25 x 60 = 75 = 10:45 - 09:30, 0.50 x 60 = 30,
    0.25 x 60 = 15), so they are read as hours (timestudy.ingest.clock_hours; before:
    warned duration_looks_like_hours with 3 rows fitting hours, 2 minutes read). (Under
    Clockify's ``Duration (h)`` they are read as hours by the header:
    tests/ingest/test_clockify_durations.py.)"""
    path = tmp_path / "toggl.csv"
    path.write_text(
        "User,Email,Client,Project,Description,Start date,Start time,End date,End time,"
        "Duration\n"
        "Sam,sam@x.org,C1,Visit,Visit,2026-03-09,09:30:00,2026-03-09,10:45:00,1.25\n"
        "Sam,sam@x.org,C1,Notes,Notes,2026-03-09,11:00:00,2026-03-09,11:30:00,0.50\n"
        "Sam,sam@x.org,C1,Call,Call,2026-03-09,13:00:00,2026-03-09,13:15:00,0.25\n"
    )
    read = read_diary(path)
    (warning,) = _warnings(read)
    assert warning["code"] == "duration_read_as_hours" and warning["rows"] == 3
    assert read.episodes["duration_min"].tolist() == [75.0, 30.0, 15.0]
    right = read_diary(path, mapping={"duration_unit": "hours"})
    assert right.episodes["duration_min"].tolist() == [75.0, 30.0, 15.0]
    assert "duration_mismatch" not in right.report.warnings_by_code


def test_one_entry_a_day_in_hours_is_warned_on_weaker_evidence():
    frame = pd.DataFrame(
        {
            "worker_id": ["W1", "W1", "W1", "W2", "W2"],
            "start": [
                "2026-03-09T09:00",
                "2026-03-10T09:00",
                "2026-03-11T08:30",
                "2026-03-09T09:00",
                "2026-03-10T09:00",
            ],
            "duration_min": [7.5, 7.25, 8, 6.5, 7],
        }
    )
    (warning,) = _warnings(read_diary(frame))
    assert warning["checked"] == 0 and "median 7.25" in warning["message"]
    assert _warnings(read_diary(frame.assign(duration_min=frame["duration_min"] * 60))) == []


def test_the_simulated_diaries_are_not_warned_but_their_hours_are(small_study):
    diary = small_study.diary
    result = read_diary(diary[["worker_id", "start", "duration_min", "activity"]])
    assert _warnings(result) == [] and result.report.details["rules"]["duration_unit"] == "minutes"
    hours = diary.assign(duration_min=(diary["duration_min"] / 60).round(2))
    for columns in (
        ["worker_id", "start", "duration_min"],
        ["worker_id", "start", "end", "duration_min"],
    ):
        read = read_diary(hours[columns])
        (warning,) = _warnings(read)
        if "end" in columns:  # each row's own end says hours (clock_hours): read so
            assert warning["code"] == "duration_read_as_hours"
            assert read.episodes["duration_min"].sum() == pytest.approx(
                diary["duration_min"].sum(), abs=0.3 * len(diary))
        else:  # only the next entries' starts say so: warned, read as written
            assert warning["code"] == "duration_looks_like_hours"
        fixed = read_diary(hours[columns], mapping={"duration_unit": "hours"})
        assert _warnings(fixed) == []
        assert fixed.episodes["duration_min"].sum() == pytest.approx(
            diary["duration_min"].sum(), abs=0.3 * len(diary)
        )


@settings(deadline=None, max_examples=25)
@given(st.lists(st.integers(1, 2400).map(lambda q: q / 100), min_size=1, max_size=6))
def test_minutes_from_hours_are_sixty_times_the_minutes(values):
    frame = pd.DataFrame(
        {
            "worker_id": "W1",
            "start": [f"2026-03-{9 + i:02d}T08:00" for i in range(len(values))],
            "duration_min": [f"{v:g}" for v in values],
        }
    )
    as_minutes = read_diary(frame, mapping={"duration_unit": "minutes"}, warn=False)
    as_hours = read_diary(frame, mapping={"duration_unit": "hours"}, warn=False)
    assert as_hours.report.n_accepted == as_minutes.report.n_accepted == len(values)
    hours = as_hours.episodes["duration_min"]
    assert hours.tolist() == pytest.approx(60 * as_minutes.episodes["duration_min"], abs=1e-9)
    # exactly what a minutes column of the values x 60 gives (ends are kept to the nanosecond)
    sixty = read_diary(frame.assign(duration_min=[v * 60 for v in values]), warn=False)
    assert hours.tolist() == sixty.episodes["duration_min"].tolist()


def test_the_quality_page_shows_the_warning_about_the_file(hours_file, tmp_path):
    mapping = tmp_path / "hrs.yaml"
    mapping.write_text(
        "columns: {worker_id: Staff, start: Start, duration_min: Time spent, activity: Activity}\n"
    )
    assert main(["validate", str(hours_file), "--mapping", str(mapping),
                 "--out", str(tmp_path / "o")]) == 0
    page = (tmp_path / "o" / "quality.html").read_text()
    assert "Warnings about the file" in page and "set duration_unit: hours" in page
    mapping.write_text(mapping.read_text() + "duration_unit: hours\n")
    assert main(["validate", str(hours_file), "--mapping", str(mapping),
                 "--out", str(tmp_path / "p")]) == 0
    assert "Warnings about the file" not in (tmp_path / "p" / "quality.html").read_text()


def test_a_duration_over_the_maximum_says_it_was_read_as_hours():
    diary = pd.DataFrame({"worker_id": ["W1", "W1"],
                          "start": ["2026-03-09T09:00", "2026-03-09T10:00"],
                          "duration_min": ["5400", "1.5"], "activity": ["calls", "calls"]})
    r = read_diary(diary, mapping={"duration_unit": "hours"}, warn=False)
    assert r.rejects["reason"].tolist() == [
        "duration_min '5400' (read as hours: 324000 min) is above the maximum of 1440 minutes "
        "(24 hours)"]
    assert r.episodes["duration_min"].tolist() == [90.0]


@pytest.mark.parametrize("block", [1, 2, 7, 1 << 16])
def test_entries_that_may_fit_a_unit_are_counted_across_blocks(monkeypatch, block):
    """Starts 09:00, 10:00, 12:00; ends 10:00, 10:30, 12:30; 60, 120, 30 minutes in the unit:
    ends 60 = 60 and 30 = 30 fit (2), next starts 60 = 60 and 120 = 120 fit (2): 4, whatever
    the block the rows are counted in."""
    monkeypatch.setattr(units, "_BLOCK", block)
    start = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 12:00"])
    end = pd.to_datetime(["2026-03-09 10:00", "2026-03-09 10:30", "2026-03-09 12:30"])
    e = pd.DataFrame({"start": start.astype("M8[us]"), "end": end.astype("M8[us]")})
    assert units._fits_at_most(e, np.array([60.0, 120.0, 30.0]), 1 / 60) == 4
