"""A column no Harvest detailed time report documents is named, never kept in silence
(fix36x). The report's columns: ``Date, Client, Project, Project Code, Task, Notes, Hours,
Hours Rounded, Billable?, Invoiced?, Approved?, First Name, Last Name, Roles, Employee?``
and the money columns, some accounts adding ``Employee Id`` or ``Teams``
(:mod:`timestudy.ingest.harvest`; Harvest's import format,
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def _said(path: Path, mapping: Path | None) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(path, warn=False,
                                      **({"mapping": mapping} if mapping else {}))
    return {w["code"]: w for w in result.report.details.get("warnings", [])}


def test_an_undocumented_column_is_named(tmp_path):
    """detailed_report.csv with a 'Status' column added: before, kept without a word; now
    warned columns_not_read, naming it and the mapping that would read it."""
    lines = (HARVEST / "detailed_report.csv").read_text().splitlines()
    text = "\n".join([lines[0] + ",Status", *(line + ",Locked" for line in lines[1:])]) + "\n"
    (tmp_path / "h.csv").write_text(text)
    said = _said(tmp_path / "h.csv", HARVEST / "detailed_report.mapping.yaml")
    assert said["columns_not_read"]["columns"] == ["Status"]
    assert "'Status' is kept as written but not read" in said["columns_not_read"]["message"]


@pytest.mark.parametrize("path", sorted(HARVEST.glob("*.csv")), ids=lambda p: p.name)
def test_documented_harvest_exports_name_no_column(path):
    mapping = path.with_suffix(".mapping.yaml")
    assert "columns_not_read" not in _said(path, mapping if mapping.exists() else None)
