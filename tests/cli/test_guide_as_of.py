"""``timestudy guide --caseload FILE --as-of DAY`` counts the cases open on that day, and says
how many rows of the caseload it left out and why.

Before, the command line printed nothing of it (the cases opened after the day, or closed
by it, were dropped without a word) and the workbook's calculator was pre-filled from the
open cases without saying so; the only test of ``--as-of`` read ``--help``.
"""

from __future__ import annotations

import json

import openpyxl
import pandas as pd

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.report.calculator import CALCULATOR
from timestudy.report.tables import case_state

DAY = "2026-01-01"


def test_guide_counts_the_caseload_open_on_the_day_asked_for(tmp_path, capsys):
    files = simulate_study(n_workers=10, weeks=1, seed=8).write(tmp_path / "study")
    cases = pd.read_csv(files["cases"])
    state = case_state(cases, pd.Timestamp(DAY))
    n_open, later = int((state == "open").sum()), int((state == "not_opened").sum())
    assert later and not (state == "closed").any()  # the simulated study: 22 opened later
    out = tmp_path / "out"
    args = [
        "guide",
        str(files["diary"]),
        "--cases",
        str(files["cases"]),
        "--workers",
        str(files["workers"]),
        "--out",
        str(out),
        "--n-boot",
        "19",
        "--quiet",
        "--formats",
        "json,xlsx",
        "--caseload",
        str(files["cases"]),
        "--as-of",
        DAY,
    ]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert (
        f"capacity figures count the caseload given: the {n_open} cases open on {DAY} "
        f"(the day asked for); {later} opened after it not counted."
    ) in printed
    meta = json.loads((out / "guide.json").read_text())["meta"]
    assert meta["caseload_as_of"] == DAY
    h = meta["headline"]
    assert h["n_cases"] + h["cases_left_out"] == n_open
    # without --as-of the last day of the diary counts more cases: the count changed
    end = case_state(cases, pd.Timestamp(meta["period"][1]))
    assert int((end == "open").sum()) > n_open
    note = openpyxl.load_workbook(out / "guide.xlsx")[CALCULATOR]["A2"].value
    assert f"the {n_open} cases open on {DAY}" in note
    assert f"{later} opened after it not counted" in note
