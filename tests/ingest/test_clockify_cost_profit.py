"""A Clockify detailed report with its cost and profit amounts names no column as unknown
(fix37h).

Clockify's detailed report shows amounts earned, cost or profit (the Reports API's
``"amounts": ["EARNED", "COST", "PROFIT"]``, https://docs.clockify.me/, stored copy
https://glama.ai/mcp/servers/@KeithHanson/clockify-mcp/blob/a3636a728afab9f4417afdac886cdfd9210fbd27/docs/05_REPORTS_API.md;
earned = billable rate x time, https://clockify.me/help/tutorials/reports-tutorial),
exported as ``Billable Rate (GBP)``, ``Billable Amount (GBP)``, ``Cost Rate (GBP)``,
``Cost Amount (GBP)`` and ``Profit (GBP)`` (conformance clockify/cost_profit.csv).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy
from timestudy.ingest.toggl import KNOWN_UNREAD, columns_not_read

CLOCKIFY = Path(__file__).resolve().parent / "conformance" / "clockify"


def test_cost_and_profit_columns_are_known():
    """Before: "'Profit (GBP)' is kept as written but not read: not a column of a Toggl
    Track or Clockify detailed report that timestudy knows". After: no warning; the
    minutes as before (90 + 45 = 135)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(CLOCKIFY / "cost_profit.csv", layout="toggl", warn=False)
    codes = [w["code"] for w in result.report.details.get("warnings", [])]
    assert "columns_not_read" not in codes
    assert result.episodes["duration_min"].sum() == pytest.approx(135.0)


@pytest.mark.parametrize("header", ["Profit (USD)", "Cost Rate (EUR)", "Cost Amount ()",
                                    "Billable Amount (GBP)"])
def test_every_documented_amount_is_known(header):
    assert columns_not_read([header], {}, KNOWN_UNREAD) is None


def test_an_unknown_column_is_still_named():
    """Kiosk is no Clockify detailed report's column: still named."""
    assert columns_not_read(["Profit (USD)", "Kiosk"], {}, KNOWN_UNREAD)["columns"] == ["Kiosk"]
