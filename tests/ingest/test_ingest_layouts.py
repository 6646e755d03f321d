"""Layouts: canonical, duration, split date/time, slot grids, WOMBAT and Toggl; the mapping file."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import ConfigError, SchemaError, read_diary
from timestudy.ingest.mapping import load_mapping
from timestudy.schema import EXAMPLES

T = pd.Timestamp


@pytest.mark.parametrize(
    ("name", "layout", "n"),
    [
        ("episodes.csv", "canonical", 25),
        ("episodes_duration.csv", "duration", 4),
        ("episodes_split.csv", "split", 7),
        ("slots.csv", "slots", 18),
        ("wombat.csv", "wombat", 7),
        ("toggl.csv", "toggl", 6),
    ],
)
def test_example_files_are_detected_and_read_without_rejects(name, layout, n):
    result = read_diary(EXAMPLES / name)
    assert result.report.layout == layout
    assert (result.report.n_accepted, result.report.n_rejected) == (n, 0)
    assert list(result.episodes.columns[:10]) == [
        "worker_id",
        "start",
        "end",
        "duration_min",
        "activity",
        "activity_code",
        "task_type",
        "case_id",
        "secondary_activity",
        "location",
    ]
    assert list(result.episodes.columns[-4:]) == [
        "source_row",
        "diary_date",
        "counted_min",
        "flags",
    ]


def test_split_layout_times_and_midnight():
    eps = read_diary(EXAMPLES / "episodes_split.csv").episodes.set_index("source_row")
    assert eps.loc[2, ["start", "end"]].tolist() == [T("2026-03-09 09:00"), T("2026-03-09 09:30")]
    assert eps.loc[5, "start"] == T("2026-03-09 11:15")  # 11.15am
    assert eps.loc[5, "end"] == T("2026-03-09 12:30")  # 12.30pm
    assert eps.loc[6, ["end", "duration_min"]].tolist() == [T("2026-03-10 00:15"), 45.0]
    assert eps.loc[6, "diary_date"] == T("2026-03-09")  # 23:30 counts on the day it started
    assert eps.loc[7, "start"] == T("2026-03-10 13:00")  # 1:00 PM


def test_duration_layout_reads_minutes_and_clock_durations():
    eps = read_diary(EXAMPLES / "episodes_duration.csv").episodes
    assert eps["duration_min"].tolist() == [30.0, 75.0, 90.0, 75.0]
    assert eps["end"].iloc[2] == T("2026-03-09 12:15")


def test_canonical_end_given_as_time_of_day_crosses_midnight():
    frame = pd.DataFrame(
        {
            "worker_id": ["W1", "W1"],
            "start": ["2026-03-09T23:30", "2026-03-10T09:00"],
            "end": ["00:20", "09:45"],
        }
    )
    eps = read_diary(frame).episodes
    assert eps["end"].tolist() == [T("2026-03-10 00:20"), T("2026-03-10 09:45")]
    assert eps["duration_min"].tolist() == [50.0, 45.0]


def test_slot_grid_merges_runs_and_keeps_row_numbers():
    result = read_diary(EXAMPLES / "slots.csv")
    eps = result.episodes
    w1 = eps[eps["worker_id"] == "W001"]
    visit = w1[w1["activity"] == "statutory visit"].iloc[0]
    assert (visit["start"], visit["end"]) == (T("2026-03-09 09:00"), T("2026-03-09 10:00"))
    assert visit["slots"] == "09:00-09:30"
    assert set(eps["source_row"]) == {2, 3}
    assert result.report.details["slot_minutes"] == 30
    assert result.report.details["rows_in_file"] == 2
    # each worker-day's minutes are the filled slots x 30
    assert w1["duration_min"].sum() == 13 * 30


def test_slot_grid_past_midnight_and_codes():
    grid = pd.DataFrame(
        {
            "worker_id": ["W1"],
            "date": ["09/03/2026"],
            "23:00": ["REC"],
            "23:30": ["REC"],
            "00:00": ["REC"],
            "00:30": [None],
            "01:00": ["TRV"],
        }
    )
    eps = read_diary(grid, mapping={"slot_value": "activity_code"}).episodes
    assert eps["activity_code"].tolist() == ["REC", "TRV"]
    assert eps["end"].tolist() == [T("2026-03-10 00:30"), T("2026-03-10 01:30")]
    assert eps["diary_date"].tolist() == [T("2026-03-09")] * 2


def test_slot_grid_uneven_headers_need_slot_minutes():
    grid = pd.DataFrame(
        {
            "worker_id": ["W1"],
            "date": ["2026-03-09"],
            "08:00": ["a"],
            "08:10": ["b"],
            "08:30": ["c"],
            "08:40": ["d"],
        }
    )
    with pytest.raises(SchemaError, match="not evenly spaced"):
        read_diary(grid, layout="slots")
    # each slot lasts until the next column's time; slot_minutes is the last one's length
    result = read_diary(grid, layout="slots", mapping={"slot_minutes": 10})
    assert result.episodes["duration_min"].tolist() == [10.0, 20.0, 10.0, 10.0]
    assert result.report.details["slot_lengths"] == {"08:10": 20.0}


def test_wombat_export():
    eps = read_diary(EXAMPLES / "wombat.csv").episodes.set_index("source_row")
    assert eps.loc[2, "start"] == T("2025-04-01 09:02:13")
    assert eps.loc[2, "duration_min"] == pytest.approx(12 + 47 / 60)
    assert eps.loc[3, ["activity_code", "activity", "secondary_activity"]].tolist() == [
        "Communication",
        "Communication: Phone call",
        "Documentation",
    ]
    assert eps.loc[3, ["session_id", "observer", "with_whom", "how"]].tolist() == [
        "S017",
        "OBS1",
        "Parent/carer",
        "Phone",
    ]
    assert eps.loc[4, "interrupted_by"] == "Communication"
    assert eps.loc[6, "with_whom"] == "Child;Parent/carer"
    assert eps.loc[8, "end"] == T("2025-04-02 14:30")  # end time missing: from the duration
    assert "Task ID" in eps.columns  # other columns kept as they were


def test_toggl_report():
    eps = read_diary(EXAMPLES / "toggl.csv").episodes.set_index("source_row")
    assert eps.loc[2, ["worker_id", "activity", "activity_code", "case_id"]].tolist() == [
        "Sam Jones",
        "Visit to Evans family",
        "Statutory visit",
        "C00003",
    ]
    assert eps.loc[5, ["start", "end"]].tolist() == [T("2026-03-09 23:15"), T("2026-03-10 00:05")]
    assert eps.loc[2, "Tags"] == "CP"


def test_toggl_mapping_overrides_defaults():
    eps = read_diary(
        EXAMPLES / "toggl.csv", mapping={"columns": {"worker_id": "Email", "case_id": "Project"}}
    ).episodes
    assert eps["worker_id"].iloc[0].endswith("@example.org")
    assert "Statutory visit" in set(eps["case_id"])


def test_mapping_file_with_defaults_encoding_and_timezone():
    result = read_diary(EXAMPLES / "episodes_local.csv", mapping=EXAMPLES / "mapping.yaml")
    eps = result.episodes.set_index("source_row")
    assert result.report.details["encoding"] == "cp1252"
    assert set(eps["worker_id"]) == {"W001"}
    assert eps.loc[3, "activity"] == "Home visit – Evans (CP)"
    assert eps.loc[7, "duration_min"] == 60.0  # 00:30 to 02:30, clocks go forward
    assert eps.loc[7, "flags"] == "clock_change"
    assert eps.loc[7, "diary_date"] == T("2026-03-28")


def test_mapping_header_not_in_file():
    with pytest.raises(SchemaError, match=r"no such column \(did you mean 'Date'\?\)"):
        read_diary(EXAMPLES / "episodes_local.csv", mapping={"columns": {"date": "Dte"}})


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ({"colums": {}}, "unknown key 'colums' \\(did you mean 'columns'\\?\\)"),
        ({"columns": {"wroker_id": "Staff"}}, "did you mean 'worker_id'"),
        ({"timezone": "Europe/Londres"}, "not a known time zone"),
        ({"diary_day_start": "4am"}, "must be a clock time"),
        ({"layout": "grid"}, "layout 'grid' is not one of"),
        ({"gap_minutes": -5}, "must be a positive number"),
        ({"dayfirst": "yes"}, "dayfirst must be true or false"),
    ],
)
def test_mapping_errors(spec, match):
    with pytest.raises(ConfigError, match=match):
        load_mapping(spec)


def test_mapping_yaml_errors(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("columns:\n  worker_id: [unclosed\n")
    with pytest.raises(ConfigError, match="is not valid YAML at line"):
        load_mapping(bad)
    with pytest.raises(ConfigError, match="mapping file not found"):
        load_mapping(tmp_path / "missing.yaml")


def test_missing_required_column_is_a_schema_error():
    frame = pd.DataFrame({"start": ["2026-03-09T09:00"], "end": ["2026-03-09T10:00"]})
    with pytest.raises(SchemaError, match="required column worker_id is missing.*defaults"):
        read_diary(frame, name="mine.csv")
    frame = pd.DataFrame({"worker_id": ["W1"], "start": ["2026-03-09T09:00"]})
    with pytest.raises(SchemaError, match="required column end or duration_min is missing"):
        read_diary(frame)


def test_layout_cannot_be_told_or_is_ambiguous():
    with pytest.raises(SchemaError, match="cannot tell how this diary is laid out"):
        read_diary(pd.DataFrame({"who": ["W1"], "what": ["x"]}))
    both = pd.DataFrame(
        {
            "worker_id": ["W1"],
            "start": ["2026-03-09T09:00"],
            "end": ["10:00"],
            "date": ["2026-03-09"],
            "start_time": ["09:00"],
        }
    )
    with pytest.raises(SchemaError, match="fits more than one layout"):
        read_diary(both)
    assert read_diary(both, layout="split").report.layout == "split"


def test_headers_are_matched_ignoring_case_and_spaces():
    frame = pd.DataFrame(
        {"Worker ID": ["W1"], "Start": ["2026-03-09T09:00"], "Duration": ["45"], "Case ID": ["C1"]}
    )
    eps = read_diary(frame).episodes
    assert eps[["worker_id", "duration_min", "case_id"]].iloc[0].tolist() == ["W1", 45.0, "C1"]
