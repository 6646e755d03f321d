"""The cases and workers tables: canonical columns and types, errors naming file, row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import SchemaError, read_cases, read_workers
from timestudy.schema import EXAMPLES


def test_read_workers_defaults_contracted_hours_to_37_fte():
    workers = read_workers(EXAMPLES / "workers.csv")
    assert list(workers.columns) == ["worker_id", "fte", "contracted_hours", "role", "team",
                                     "workdays", "left", "joined", "pattern_from"]
    assert workers["fte"].dtype == float and workers["contracted_hours"].dtype == float
    assert workers.set_index("worker_id").loc["W003", "contracted_hours"] == 37.0
    assert workers["worker_id"].dtype == "string"


def test_read_cases_types():
    cases = read_cases(EXAMPLES / "cases.csv")
    assert list(cases.columns[:9]) == [
        "case_id",
        "case_type",
        "worker_id",
        "travel_miles",
        "n_professionals",
        "n_children",
        "in_proceedings",
        "opened",
        "closed",
    ]
    assert cases["opened"].dtype.kind == "M" and cases["closed"].dtype.kind == "M"
    assert cases["in_proceedings"].dtype == bool
    assert cases["n_children"].dtype == "int64"
    c = cases.set_index("case_id")
    assert c.loc["C00005", "in_proceedings"] and not c.loc["C00008", "in_proceedings"]
    assert c.loc["C00009", "closed"] == pd.Timestamp("2026-03-06")


def test_simulated_tables_round_trip(clean_study, tmp_path):
    clean_study.cases.to_csv(tmp_path / "cases.csv", index=False)
    cases = read_cases(tmp_path / "cases.csv")
    assert cases["case_id"].tolist() == clean_study.cases["case_id"].tolist()
    assert (cases["in_proceedings"] == clean_study.cases["in_proceedings"]).all()
    workers = read_workers(clean_study.workers)
    assert workers["contracted_hours"].tolist() == clean_study.workers["contracted_hours"].tolist()


def test_every_problem_is_named_with_file_row_and_column(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("worker_id,fte,contracted_hours\nW1,1.0,37\nW1,lots,\nW3,2.5,\n,0.5,18.5\n")
    with pytest.raises(SchemaError) as info:
        read_workers(path)
    message = str(info.value)
    assert message.startswith("staff.csv: 4 problem(s) in the workers table: line 3:")
    assert "fte 'lots' is not a number" in message
    assert "line 4: fte '2.5' is above the maximum of 1.5" in message
    assert "line 5: worker_id is missing" in message
    failures = info.value.failures
    assert failures[["source_row", "column", "code"]].values.tolist() == [
        [3, "worker_id", "not_unique"],
        [3, "fte", "bad_number"],
        [4, "fte", "above_maximum"],
        [5, "worker_id", "missing_required"],
    ]


def test_missing_required_column(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,worker_id\nC1,W1\n")
    with pytest.raises(SchemaError, match="cases.csv: the cases table needs the column.*case_type"):
        read_cases(path)


def test_xlsx_rows_are_named_as_rows(tmp_path):
    frame = pd.DataFrame(
        {"case_id": ["C1", "C2"], "case_type": ["CP", "CP"], "n_children": ["2", "two"]}
    )
    path = tmp_path / "cases.xlsx"
    frame.to_excel(path, index=False)
    with pytest.raises(SchemaError, match="row 3: n_children 'two' is not a whole number"):
        read_cases(path)
