"""A workload statement reads a holder cell as the case-months do (fix36j).

``panels.co_held.case_holders`` is the one reading of a case's holders: the first-named in
``worker_id`` and each co-worker in ``co_workers``, names trimmed, blanks left out. The
statements read the cell their own way before: a co-worker written ``' JS2 '`` was another
worker than JS2, so JS2's statement had no case K and K's hours were shared with
``' JS2 '``.
"""

from __future__ import annotations

import pandas as pd

from timestudy.report.statement_cases import open_held, shared_cases

ON = pd.Timestamp("2026-03-13")


def _caseload() -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": ["K", "L"], "case_type": "CP", "worker_id": ["JS1", "JS2"],
        "co_workers": pd.array([" JS2 ", None], dtype="string"),
        "opened": pd.NaT, "closed": pd.NaT, "hours_per_month": [42.0, 10.0],
    })


def test_a_co_holder_written_with_spaces_holds_the_case_in_their_statement():
    """JS2 holds L alone and K with JS1 (``' JS2 '``): both open on the day, JS2's
    statement counts 2 cases (before: L alone, K read as held by another worker)."""
    held, _ = open_held(_caseload(), ON, "JS2")
    assert held["case_id"].tolist() == ["K", "L"]


def test_a_co_holder_written_with_spaces_shares_the_hours_by_name():
    """K's 42 h a month are shared 21 and 21 by JS1 and JS2, and JS2's list holds K and L:
    31 h (before: the second 21 h on a row of ``' JS2 '``, not JS2's, who had 10)."""
    each = shared_cases(_caseload())
    assert each[["case_id", "worker_id", "hours_per_month"]].values.tolist() == [
        ["K", "JS1", 21.0], ["L", "JS2", 10.0], ["K", "JS2", 21.0]]
    assert each.groupby("worker_id")["hours_per_month"].sum().to_dict() == {
        "JS1": 21.0, "JS2": 31.0}
