"""An older Harvest detailed time report's ``Department`` column names no column as
unknown (fix37h).

The older column set (``... First Name, Last Name, Department, Employee?, Billable Rate,
Cost Rate, Cost Amount, Currency, External Reference URL``) is observed in public code
reading Harvest exports; Harvest's help pages list today's columns (the import format,
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data,
accepts a detailed report's export "even though [it] is in a different format") and no
page found lists Department: read as Roles is, the person's, never an entry's
(conformance harvest/department.csv).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def test_department_is_known():
    """Before: "'Department' is kept as written but not read: not a column of a Harvest
    detailed report that timestudy knows". After: no warning; minutes as before (90 + 45
    = 135, placed from 04:00)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(HARVEST / "department.csv", warn=False,
                                      mapping=HARVEST / "department.mapping.yaml")
    codes = [w["code"] for w in result.report.details.get("warnings", [])]
    assert "columns_not_read" not in codes
    assert result.episodes["duration_min"].sum() == pytest.approx(135.0)
