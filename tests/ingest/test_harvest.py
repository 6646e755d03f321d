"""Harvest detailed time reports (timestudy.ingest.harvest): read as Harvest means them.

The files are the conformance folder's (tests/ingest/conformance/harvest/, with the public
sources in that folder's README): every row's minutes are checked there; these tests check
the readings around them: the warnings, the mapping's overrides, the command's exit code and
the pseudonymised copy. Before this reader, a Harvest export was refused as a layout it
could not tell (exit 2), its Hours being neither a start nor a duration_min.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.cli import main
from timestudy.errors import SchemaError
from timestudy.privacy import tokens

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
REPORT = HARVEST / "detailed_report.csv"
US = HARVEST / "us_dates.csv"
KEY = "harvest-test-key-0123456789abcdef"


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def _warnings(result) -> dict[str, str]:
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", [])}


def test_hours_rounded_is_checked_never_counted():
    """Hours Rounded differs from Hours on lines 5 (0.33 -> 0.5: +10.2 min), 8 (0.2 -> 0.25:
    +3) and 10 (0.5 -> 2.5: +120): 3 rows, +133.2 minutes, and line 10 is more than an hour
    apart (no rounding moves an entry that far). Counted: Hours, 826.8 minutes in all."""
    result = _read(REPORT, mapping=HARVEST / "detailed_report.mapping.yaml")
    said = _warnings(result)
    rounded = said["harvest_hours_rounded"]
    assert "differ on 3 row(s), +133 minutes" in rounded
    assert "line 10 (0.5 against 2.5) differs by more than an hour" in rounded
    assert result.report.details["minutes"]["minutes_accepted"] == pytest.approx(826.8)
    assert "duration_read_as_hours" in said
    assert "harvest_case_column" not in said  # the mapping names the case column


def test_no_case_column_is_asked_for():
    """Without a mapping no column is the case (Harvest files internal work under a project
    too): the warning names the fix; the minutes are the same (195 = 75 + 30 + 90)."""
    result = _read(US)
    assert 'columns: {case_id: "Project Code"}' in _warnings(result)["harvest_case_column"]
    assert result.episodes["case_id"].isna().all()
    assert result.episodes["duration_min"].sum() == pytest.approx(195.0)


def test_mapping_keys_workers_by_employee_id():
    """`columns: {worker_id: "Employee Id"}`: E-17 (75 + 30 min) and E-22 (90), not the
    names; the line with a blank Last Name is E-22 like any other."""
    result = _read(US, mapping={"columns": {"worker_id": "Employee Id"}})
    by = result.episodes.groupby("worker_id")["duration_min"].sum().to_dict()
    assert by == {"E-17": pytest.approx(105.0), "E-22": pytest.approx(90.0)}


def test_mapping_unit_overrides_hours():
    """`duration_unit: minutes` says the Hours column holds minutes: 1.25 is then 1.25
    minutes (the mapping decides), and no duration_read_as_hours is said."""
    result = _read(US, mapping={"duration_unit": "minutes"})
    got = result.episodes.set_index("source_row")["duration_min"]
    assert got[2] == pytest.approx(1.25) and got[4] == pytest.approx(90.0)  # 1:30 as written
    assert "duration_read_as_hours" not in _warnings(result)


def test_validate_command_reads_a_harvest_export(tmp_path, capsys):
    """`timestudy validate` on the report: exit 1 (line 9 has no Hours), 8 of 9 accepted."""
    code = main(["validate", str(REPORT), "--mapping",
                 str(HARVEST / "detailed_report.mapping.yaml"), "--out", str(tmp_path / "v")])
    out = capsys.readouterr().out
    assert code == 1
    assert "9 rows read (csv, layout dated): 8 accepted, 1 rejected" in out
    assert "826.80 in = 826.80 accepted + 0.00 rejected" in out
    assert (tmp_path / "v" / "episodes.parquet").exists()


def test_pseudonymised_copy_is_still_a_harvest_report(tmp_path, monkeypatch, capsys):
    """`timestudy pseudonymise`: the worker (First Name + Last Name) becomes a keyed token in
    a worker_id column, the name columns are dropped, Hours Rounded is kept, and the copy
    reads back to the same minutes per worker (Sam Jones 75 + 30, Priya 90)."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    assert main(["pseudonymise", str(US), "--out", str(tmp_path / "p")]) == 0
    copy = pd.read_csv(tmp_path / "p" / "us_dates.csv", dtype=str)
    assert {"First Name", "Last Name"}.isdisjoint(copy.columns)
    assert {"worker_id", "Hours", "Hours Rounded"} <= set(copy.columns)
    text = (tmp_path / "p" / "us_dates.csv").read_text()
    assert "Jones" not in text and "Priya" not in text
    sam = tokens(pd.Series(["Sam Jones"]), KEY.encode(), "worker_id").iloc[0]
    by = _read(tmp_path / "p" / "us_dates.csv").episodes.groupby("worker_id")[
        "duration_min"].sum()
    assert by[sam] == pytest.approx(105.0) and by.sum() == pytest.approx(195.0)


def _renamed(tmp_path: Path, last: str, employee_id: str) -> Path:
    """us_dates.csv with line 3's Last Name and Employee Id rewritten."""
    frame = pd.read_csv(US, dtype=str, keep_default_na=False)
    frame.loc[1, ["Last Name", "Employee Id"]] = [last, employee_id]
    path = tmp_path / "renamed.csv"
    frame.to_csv(path, index=False)
    return path


def test_one_id_under_two_names_is_refused_naming_the_mapping(tmp_path):
    """E-17 as Sam Jones (line 2) and Sam Jones-Ray (line 3, a name changed): keyed by the
    names they were two workers of 75 and 30 minutes; refused as Toggl refuses one Email
    under two Users, and with the mapping one worker, E-17, of 105."""
    path = _renamed(tmp_path, "Jones-Ray", "E-17")
    with pytest.raises(SchemaError, match=r"one Employee Id appears under 2 First Name \+ "
                       r"Last Name names \('Sam Jones', 'Sam Jones-Ray'\).*"
                       r'columns: \{worker_id: "Employee Id"\}'):
        _read(path)
    by = _read(path, mapping={"columns": {"worker_id": "Employee Id"}}).episodes.groupby(
        "worker_id")["duration_min"].sum().to_dict()
    assert by == {"E-17": pytest.approx(105.0), "E-22": pytest.approx(90.0)}


def test_a_blank_id_is_no_other_person(tmp_path):
    """Sam Jones at E-17 on line 2 and with no Employee Id on line 3: no second id, so one
    worker keyed by the name (75 + 30 = 105 min), as before; ids compare folded (e-17)."""
    for written in ("", " e-17 "):
        by = _read(_renamed(tmp_path, "Jones", written)).episodes.groupby("worker_id")[
            "duration_min"].sum().to_dict()
        assert by == {"Sam Jones": pytest.approx(105.0), "Priya": pytest.approx(90.0)}


def test_pseudonymise_refuses_two_people_one_token(tmp_path, monkeypatch, capsys):
    """Two Sam Jones (E-17, E-31) became one token in the copy, the Employee Id dropped
    (exit 0): refused (exit 2, one line, nothing written); with --column 'Employee
    Id=worker_id' the copy keeps one token per id and reads back 450, 420 and 120 min."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    two = HARVEST / "same_name_two_ids.csv"
    assert main(["pseudonymise", str(two), "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--column 'Employee Id=worker_id'" in err[0]
    assert not (tmp_path / "p").exists()
    assert main(["pseudonymise", str(two), "--out", str(tmp_path / "q"),
                 "--column", "Employee Id=worker_id"]) == 0
    copy = _read(tmp_path / "q" / two.name, mapping={"columns": {"worker_id": "Employee Id"}})
    by = sorted(copy.episodes.groupby("worker_id")["duration_min"].sum())
    assert by == pytest.approx([120.0, 420.0, 450.0])
