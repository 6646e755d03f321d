"""``timestudy guide`` on audit s2's diaries: email takes every contracted hour.

Five full-time workers (37 contracted hours, Monday to Friday), each with one CP case:
a visit and notes (2 h) on Monday, a core group and notes (2 h) on Tuesday, and email
the rest of 09:00-17:00 (6 + 6 + 8 + 8 + 8 = 36 h of work not linked to a case); W1
adds an 8-hour night duty shift and W2 2 hours of weekend duty (both not linked to a
case). Non-case work per FTE-week: (44 + 38 + 36 + 36 + 36) / 5 = 38 h, over the 37
contracted: no hours for casework. The old summary printed "-1.2 h", "-0.3 cases per
full-time worker", "needs -20.0 FTE" and "hours per case-month (should)" though no
uplift was given.
"""

from __future__ import annotations

import re

import pandas as pd

from timestudy.cli import main

DAYS = ["2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23"]


def _write(root):
    rows = []

    def add(w, s, e, code, act, case=""):
        rows.append(dict(worker_id=w, start=s, end=e, activity=act, activity_code=code,
                         case_id=case))

    for i in range(1, 6):
        w, c = f"W{i}", f"C{i}"
        for k, d in enumerate(DAYS):
            if k == 0:
                add(w, f"{d}T09:00", f"{d}T10:00", "SV", "statutory visit", c)
                add(w, f"{d}T10:00", f"{d}T11:00", "REC", "case notes", c)
                add(w, f"{d}T11:00", f"{d}T17:00", "ADM", "emails")
            elif k == 1:
                add(w, f"{d}T09:00", f"{d}T10:30", "CG", "core group meeting", c)
                add(w, f"{d}T10:30", f"{d}T11:00", "REC", "case notes", c)
                add(w, f"{d}T11:00", f"{d}T17:00", "ADM", "emails")
            else:
                add(w, f"{d}T09:00", f"{d}T17:00", "ADM", "emails")
    add("W1", "2026-10-24T22:00", "2026-10-25T06:00", "DUTY", "out of hours duty shift")
    add("W2", "2026-10-25T10:00", "2026-10-25T12:00", "DUTY", "weekend duty")
    pd.DataFrame(rows).to_csv(root / "diary.csv", index=False)
    pd.DataFrame([dict(case_id=f"C{i}", case_type="CP", worker_id=f"W{i}",
                       opened="2025-01-01", closed="") for i in range(1, 6)]
                 ).to_csv(root / "cases.csv", index=False)
    pd.DataFrame([dict(worker_id=f"W{i}", fte=1.0, contracted_hours=37, role="social_worker",
                       team="T1", workdays="Mon-Fri") for i in range(1, 6)]
                 ).to_csv(root / "workers.csv", index=False)


def test_summary_says_no_hours_for_casework_and_nothing_negative(tmp_path, capsys):
    _write(tmp_path)
    code = main(["guide", str(tmp_path / "diary.csv"), "--cases", str(tmp_path / "cases.csv"),
                 "--workers", str(tmp_path / "workers.csv"), "--timezone", "Europe/London",
                 "--out", str(tmp_path / "out"), "--n-boot", "99", "--formats", "json,md"])
    assert code == 0
    out = capsys.readouterr().out
    assert "hours per case-month (measured; no uplifts were given): CP" in out
    assert "(should)" not in out
    assert "hours for casework per FTE-week: 0.0 h" in out
    assert "no hours are left for casework at contracted hours" in out
    assert re.search(r"(?<![\w-])-\d", out) is None, out  # no negative hours, cases or FTE
    assert "FTE of 0" not in out and "to spare" not in out
    report = (tmp_path / "out" / "report.md").read_text()
    assert re.search(r"\| -\d", report) is None  # no negative figure in a table
    assert "no hours are left for casework at contracted hours" in report
    # the workers with no status are so for the guide's reason, not for their FTE or role
    assert "work not linked to a case takes every contracted hour" in report
    assert "an FTE of 0 or a role holding no caseload" not in report
    # with no complexity model estimated, the caption says so (it said "model (None)")
    assert "(None)" not in report
    assert "the complexity model could not be estimated" in report
