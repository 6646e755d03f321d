"""The workbook's role list names no role held by fewer than ``min_workers`` workers (audit23).

Run g6 (workers6.csv) published "Locum via Hays (Gareth)", one worker's role and name, in
the Assumptions sheet's role list at 100%. A role is listed when it is a known role
(social_worker, senior_practitioner, asye: data_schema/README.md) or a local one held by 5
workers or more; another is not listed, and "A role not listed holds a full caseload (100%)"
says what the row said, so the calculator is the same.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl

from timestudy.report.excel import write_workbook


def test_a_role_of_one_worker_is_not_listed(six_run, tmp_path):
    """By hand, the g6 study's 6 workers given roles: 1 "Locum via Hays (Gareth)" (fewer
    than 5: not listed) and 5 "Social work assistant" (a local role of 5: listed)."""
    s, run = six_run
    workers = run.workers.copy()
    assert len(workers) == 6
    workers["role"] = ["Locum via Hays (Gareth)"] + ["Social work assistant"] * 5
    guide = replace(run.guide, meta=run.guide.meta | {"role_allowances": {}})
    write_workbook(guide, tmp_path / "guide.xlsx", workers=workers)
    ws = openpyxl.load_workbook(tmp_path / "guide.xlsx")["Assumptions"]
    text = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("Gareth" in t or "Locum" in t for t in text)
    assert "Social work assistant" in text
