"""The published schemas are the single source of truth, and check_table reports every failure."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.schema import EXAMPLES, PUBLISHED
from timestudy.schema.tables import check_table, load_schema


@pytest.mark.parametrize("name", ["episodes", "cases", "workers"])
def test_schemas_load_from_data_schema(name):
    schema = load_schema(name)
    spec = json.loads((PUBLISHED / f"{name}.json").read_text())
    assert schema.names == [f["name"] for f in spec["fields"]]
    assert set(schema.missing_values) == set(spec["missingValues"])
    frame = schema.to_frame()
    assert frame["name"].tolist() == schema.names


def test_required_fields_match_the_contract():
    assert load_schema("episodes").required == ["worker_id", "start"]
    assert load_schema("cases").required == ["case_id", "case_type"]
    assert load_schema("workers").required == ["worker_id", "fte"]


def test_check_table_collects_every_failure_with_codes():
    table = pd.DataFrame(
        {
            "case_id": ["C1", "C1", None, "C4"],
            "case_type": ["CP", "CIN", "CLA", None],
            "travel_miles": ["2.5", "-1", "far", "3"],
            "n_children": ["1", "0", "2", "1.5"],
            "in_proceedings": ["yes", "no", "maybe", ""],
            "opened": ["2026-01-05", "05/01/2026", "2026-02-30", ""],
        }
    )
    result = check_table(table, load_schema("cases"))
    got = sorted(map(tuple, result.failures[["source_row", "column", "code"]].values.tolist()))
    assert got == sorted(
        [
            # C1 twice is not a failure of the schema: a case may be listed once per
            # period, which read_cases checks (tests/panels/test_case_periods.py)
            (3, "case_id", "missing_required"),
            (4, "case_type", "missing_required"),
            (2, "travel_miles", "below_minimum"),
            (3, "travel_miles", "bad_number"),
            (2, "n_children", "below_minimum"),
            (4, "n_children", "bad_integer"),
            (3, "in_proceedings", "bad_boolean"),
            (3, "opened", "bad_date"),
        ]
    )
    assert result.values["opened"].iloc[1] == pd.Timestamp("2026-01-05")
    assert not result.ok


def test_constraints_are_read_from_the_schema_file(monkeypatch):
    """Changing the published schema changes validation, with no code change."""
    schema = load_schema("episodes")
    field = schema.field("location")
    from dataclasses import replace

    strict = replace(
        schema,
        fields=tuple(
            replace(f, enum=("office", "home")) if f.name == "location" else f
            for f in schema.fields
        ),
    )
    monkeypatch.setattr("timestudy.ingest.validate.load_schema", lambda name: strict)
    frame = pd.DataFrame(
        {
            "worker_id": ["W1", "W1"],
            "start": ["2026-03-09T09:00"] * 2,
            "duration_min": [30, 30],
            "location": ["office", "moon"],
        }
    )
    result = read_diary(frame, warn=False)
    assert result.rejects["code"].tolist() == ["not_allowed"]
    assert field.enum is None


def test_example_files_meet_their_schemas():
    from timestudy import read_cases, read_workers

    assert len(read_cases(EXAMPLES / "cases.csv")) == 7
    assert len(read_workers(EXAMPLES / "workers.csv")) == 3
    assert read_diary(EXAMPLES / "episodes.csv", warn=False).report.n_rejected == 0


def test_data_dictionary_documents_every_field_flag_and_reject_code():

    from timestudy.ingest.flags import FLAG_CODES
    from timestudy.ingest.mapping import DiaryMapping

    readme = (PUBLISHED / "README.md").read_text()
    for name in ("episodes", "cases", "workers"):
        for field in load_schema(name).names:
            assert f"`{field}`" in readme, field
    for code in FLAG_CODES:
        assert f"`{code}`" in readme, code
    for key in DiaryMapping().to_dict():
        assert f"`{key}`" in readme, key
    codes = [
        "missing_required",
        "bad_datetime",
        "bad_date",
        "bad_time",
        "bad_duration",
        "below_minimum",
        "above_maximum",
        "missing_end",
        "end_before_start",
        "no_length",
        "wrong_field_count",
    ]
    for code in codes:
        assert f"`{code}`" in readme, code
