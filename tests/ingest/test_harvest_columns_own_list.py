"""A Harvest report's known columns are Harvest's own: a column only Clockify writes
(``Profit (GBP)``) is named in ``columns_not_read`` (fix38h).

Harvest's money columns are an entry's rates ("Billable-Rate", "Cost-Rate",
https://help.getharvest.com/api-v1/reports-api/reports/time-reports/; ``billable_rate``,
``cost_rate``, https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/)
and the amounts they give; ``Profit`` is Clockify's ("amounts": ["EARNED", "COST",
"PROFIT"], https://docs.clockify.me/), no Harvest page lists it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def _said(path: Path) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(path, warn=False,
                                      mapping=HARVEST / "detailed_report.mapping.yaml")
    return {w["code"]: w for w in result.report.details.get("warnings", [])}


def _with_column(tmp_path: Path, header: str, value: str) -> Path:
    lines = (HARVEST / "detailed_report.csv").read_text().splitlines()
    text = "\n".join([f"{lines[0]},{header}", *(f"{line},{value}" for line in lines[1:])])
    (tmp_path / "h.csv").write_text(text + "\n")
    return tmp_path / "h.csv"


def test_a_clockify_only_column_is_named(tmp_path):
    """detailed_report.csv with 'Profit (GBP)' added. Before: not named (the money prefixes
    were shared with Clockify's); after: named, the only one."""
    said = _said(_with_column(tmp_path, "Profit (GBP)", "0"))
    assert said["columns_not_read"]["columns"] == ["Profit (GBP)"]


def test_harvests_own_money_columns_pass(tmp_path):
    """'Billable Amount (GBP)', Harvest's own amount with a currency: not named, as before."""
    assert "columns_not_read" not in _said(_with_column(tmp_path, "Billable Amount (GBP)", "0"))
