"""A duration column in hours or seconds is never read as minutes unnoticed.

The audit: h1.csv (``worker_id,start,Hours``, seven entries of 1 to 6 hours, not back to
back) mapped ``columns: {duration_min: Hours}`` gave 19 minutes instead of 1,140, exit 0;
sec1.csv (``Duration`` exactly 60 times the clock span: seconds) was accepted as 2,400
minutes for 40 of clock time, flagged only ``duration_mismatch``. Now a header that names
its unit, with no ``duration_unit`` in the mapping, refuses the file in one line naming the
column and the fix; a column 60 times the clock on most rows is warned
``duration_looks_like_seconds`` (``timestudy.ingest.units``).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

H1 = """worker_id,start,Hours
W1,2026-03-09T09:00,2
W1,2026-03-09T13:00,1
W1,2026-03-10T09:00,3
W1,2026-03-10T14:00,2
W2,2026-03-09T10:00,4
W2,2026-03-10T10:00,1
W2,2026-03-11T10:00,6
"""
SEC1 = """worker_id,start,end,Duration
W1,2026-03-09T09:00,2026-03-09T09:05,300
W1,2026-03-09T09:05,2026-03-09T09:25,1200
W1,2026-03-09T09:25,2026-03-09T09:40,900
W1,2026-03-09T09:40,2026-03-09T10:10,1800
"""


def _warnings(result) -> list[dict]:
    return result.report.details.get("warnings", [])


def test_a_column_headed_hours_is_refused_without_a_unit(tmp_path, capsys):
    path = tmp_path / "h1.csv"
    path.write_text(H1)
    mapping = tmp_path / "h1.yaml"
    mapping.write_text("columns: {duration_min: Hours}\n")
    out = tmp_path / "out"
    assert main(["validate", str(path), "--mapping", str(mapping), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    (line,) = [x for x in captured.err.splitlines() if "error" in x]
    assert "h1.csv: the duration column 'Hours' names hours" in line and "duration_unit: hours" in line
    assert "Traceback" not in captured.err + captured.out and not out.exists()

    mapping.write_text("columns: {duration_min: Hours}\nduration_unit: hours\n")
    assert main(["validate", str(path), "--mapping", str(mapping)]) == 0
    assert "minutes: 1,140.00 in = 1,140.00 accepted" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("header", "unit"),
    [("Hours", "hours"), ("Hours spent", "hours"), ("hrs", "hours"), ("Time (hrs)", "hours"),
     ("Seconds", "seconds"), ("secs", "seconds"), ("Duration (s)", "seconds")],
)
def test_every_header_naming_a_unit_is_refused_naming_it(header, unit):
    frame = pd.DataFrame({"worker_id": "W1", "start": ["2026-03-09T09:00", "2026-03-09T11:00"],
                          header: ["2", "1"]})
    with pytest.raises(SchemaError, match=rf"'{header[:4]}.*names {unit}.*duration_unit: {unit}"):
        read_diary(frame, mapping={"columns": {"duration_min": header}}, warn=False)
    said = read_diary(frame, mapping={"columns": {"duration_min": header},
                                      "duration_unit": unit}, warn=False)
    assert said.episodes["duration_min"].tolist() == (
        [120.0, 60.0] if unit == "hours" else [2 / 60, 1 / 60])
    kept = read_diary(frame, mapping={"columns": {"duration_min": header},
                                      "duration_unit": "minutes"}, warn=False)
    assert kept.episodes["duration_min"].tolist() == [2.0, 1.0]  # the user said minutes


def test_headers_naming_no_unit_or_minutes_are_read_as_before():
    """``Duration (h)`` is Clockify's header, over hh:mm:ss values in its Full duration
    format (tests/ingest/conformance/clockify/full_format.csv): not a unit to refuse;
    ``minutes``, ``Time`` neither."""
    for header in ("Duration (h)", "Minutes", "duration_min", "Time spent", "Shours"):
        frame = pd.DataFrame({"worker_id": "W1", "start": ["2026-03-09T09:00"],
                              header: ["01:30:00"]})
        result = read_diary(frame, mapping={"columns": {"duration_min": header}}, warn=False)
        assert result.episodes["duration_min"].tolist() == [90.0]


def test_durations_sixty_times_the_clock_are_warned_as_seconds(tmp_path):
    path = tmp_path / "sec1.csv"
    path.write_text(SEC1)
    result = read_diary(path, warn=False)
    (warning,) = _warnings(result)
    assert warning["code"] == "duration_looks_like_seconds"
    assert (warning["checked"], warning["fit_seconds"], warning["fit_minutes"]) == (3, 3, 0)
    assert "set duration_unit: seconds" in warning["message"] and "\n" not in warning["message"]
    fixed = read_diary(path, mapping={"duration_unit": "seconds"}, warn=False)
    assert fixed.episodes["duration_min"].tolist() == [5.0, 20.0, 15.0, 30.0]
    assert fixed.report.n_rejected == 0 and _warnings(fixed) == []
    assert "duration_mismatch" not in fixed.report.warnings_by_code


@settings(deadline=None, max_examples=25)
@given(st.lists(st.integers(1, 24), min_size=2, max_size=8), st.booleans())
def test_back_to_back_seconds_warn_and_minutes_do_not(lengths, with_ends):
    """Entries back to back (each next start the length later): written in seconds they are
    warned seconds (given ends, or at least two entries followed by a next one: the rule's
    minimum); written in minutes they are not warned at all."""
    starts = pd.Timestamp("2026-03-09 08:00") + pd.to_timedelta(
        [sum(lengths[:k]) for k in range(len(lengths))], unit="min")
    frame = pd.DataFrame({"worker_id": "W1", "start": starts.strftime("%Y-%m-%dT%H:%M")})
    if with_ends:
        frame["end"] = (starts + pd.to_timedelta(lengths, unit="min")).strftime(
            "%Y-%m-%dT%H:%M")
    minutes = read_diary(frame.assign(duration_min=lengths), warn=False)
    assert _warnings(minutes) == []
    seconds = read_diary(frame.assign(duration_min=[60 * n for n in lengths]), warn=False)
    codes = [w["code"] for w in _warnings(seconds)]
    assert seconds.report.n_rejected == 0
    assert codes == (["duration_looks_like_seconds"] if with_ends or len(lengths) >= 3 else [])


def test_a_header_naming_hours_and_minutes_is_read_as_written(tmp_path):
    """'Duration (hours:minutes)' with values 1:30 and 0:45 is read as 90 and 45 minutes, as
    under a plain 'Duration' header; it was refused for naming hours (review 2026-12-04)."""
    path = tmp_path / "hm.csv"
    path.write_text("worker_id,start,Duration (hours:minutes)\n"
                    "W1,2026-03-09T09:00,1:30\nW1,2026-03-09T11:00,0:45\n")
    r = read_diary(path, mapping={"columns": {"duration_min": "Duration (hours:minutes)"}},
                   warn=False)
    assert r.episodes["duration_min"].tolist() == [90.0, 45.0]
