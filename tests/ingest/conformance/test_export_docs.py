"""Conformance: exports read the way their own tool's public documentation means them
(audit of the thirty-fifth stop). Each test cites the page and the sentence it relies on,
and failed on the code before its fix.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.cli import main
from timestudy.privacy import tokens

HERE = Path(__file__).resolve().parent
HARVEST = HERE / "harvest"
KEY = "fix35x-conformance-key-0123456789abcdef"


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def test_pseudonymise_keys_harvest_workers_by_the_mappings_employee_id(
    tmp_path, monkeypatch, capsys
):
    """Harvest matches people by name ("make sure that their names match your CSV
    exactly", https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data),
    so two people called Sam Jones need the ``Employee Id`` some accounts export. The
    mapping the refusal names (``columns: {worker_id: "Employee Id"}``) is the one
    ``validate`` reads the file with; ``pseudonymise --mapping`` with that same mapping
    was refused (exit 2) by the same message that told it to give it. Now: exit 0, one
    token per Employee Id (as ``--column 'Employee Id=worker_id'`` gives), the Task kept
    as the reader reads it, and the copy read with the mapping gives 450, 420 and 120 min
    as the original does (the row with no id rejected in both).
    """
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    two, mapping = HARVEST / "same_name_two_ids.csv", HARVEST / "same_name_two_ids.mapping.yaml"
    code = main(["pseudonymise", str(two), "--mapping", str(mapping), "--out", str(tmp_path / "p")])
    assert code == 0, capsys.readouterr().err
    copy_path = tmp_path / "p" / two.name
    copy = pd.read_csv(copy_path, dtype=str, keep_default_na=False)
    assert {"First Name", "Last Name"}.isdisjoint(copy.columns) and "Task" in copy.columns
    assert "Jones" not in copy_path.read_text() and "E-17" not in copy_path.read_text()
    want = tokens(pd.Series(["E-17"]), KEY.encode(), "worker_id").iloc[0]
    assert want in set(copy["Employee Id"])
    original = _read(two, mapping=mapping).episodes.groupby("worker_id")["counted_min"].sum()
    again = _read(copy_path, mapping=mapping).episodes.groupby("worker_id")["counted_min"].sum()
    assert sorted(original) == pytest.approx([120, 420, 450])
    assert sorted(again) == pytest.approx(sorted(original))
