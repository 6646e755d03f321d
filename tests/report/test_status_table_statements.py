"""The report's table of workers by status gives each worker the status of their statement.

audit11: the report's "Workers by status" said Blue 4 (57%) while the workload statements of
those 4 workers said "no status": the table costed only the cases of a published type, so a
worker holding a CLA case (hours withheld) was rated on their other cases alone. By hand a
full-time worker holding CIN + CP + CLA is at 145% (red). The table now counts every case
held, by the statements' rule (:func:`timestudy.capacity.worker_status`), and so does the
x-axis of the weighted-load chart (cases held per FTE).

Hand-worked on the audit's g6 guide (106.08 hours for casework per FTE-month; CP 11.47
hours a case-month, CIN about 6; PROCEEDINGS suppressed), default bands (amber from 1.0,
red from 1.1), a role "manager" holding no caseload:

* A (1.0 FTE) 5 CP: 57.3 hours, load 0.54: blue;
* B 10 CP and 1 PROCEEDINGS: costed 114.7 hours, at least 1.081: at least amber;
* C 11 CP and 1 PROCEEDINGS: costed 126.2 hours, at least 1.189: at least red;
* D 2 CIN and 1 PROCEEDINGS: costed 12.0 hours, under amber: no status (was blue: 0.11);
* E (manager) and F (0 FTE), each 2 CP and 1 PROCEEDINGS: no hours available, not in the
  table;
* G 10 CP: 114.7 hours, 1.081: amber.

So the table is red 1, amber 2, green 0, blue 1, no status 1 (of the 5 with hours: 20%,
40%, 0%, 20%, 20%); before it was red 1, amber 2, green 0, blue 2. B holds 11 cases (10
costed) and C 12: cases per FTE 11 and 12 (were 10 and 11).

The calculator (same caseload, a row per worker): D's row is "Incomplete", so whether it
is over capacity is not known: its "Over capacity" is blank (was 0), the rows over
capacity are B, C and G (3) of the 4 rows known (A, B, C, G): 75% (was 3 of 5, 60%, D
counted as under capacity). The study's pooled row (every worker in one row, holding
CLA and PROCEEDINGS cases, costed load under amber) is "Incomplete": its share over
capacity is "not costed", not 0 beside the headline's 43%.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from _status_caseload import HELD, status_study
from _workbook import evaluate, sheet_values

from timestudy import workload_statements
from timestudy.report.excel import CALCULATOR, write_workbook
from timestudy.report.tables import capacity_tables


@pytest.fixture(scope="module")
def study(six_run):
    return status_study(six_run[1].guide)


def test_status_table_is_the_statements(study):
    guide, caseload, workers = study
    t = capacity_tables(guide, caseload, workers, min_workers=5)
    assert t["status"]["workers"].to_dict() == {"red": 1, "amber": 2, "green": 0, "blue": 1,
                                                "none": 1}
    assert t["status"]["share"].tolist() == pytest.approx([0.2, 0.4, 0.0, 0.2, 0.2])
    st = workload_statements(guide, caseload, workers, date="2026-04-01")
    said = pd.Series({s.worker_id: s.status for s in st})
    have = [w for w in HELD if w not in ("E", "F")]
    assert said[have].value_counts().to_dict() == {
        k: v for k, v in t["status"]["workers"].to_dict().items() if v}


def test_cases_held_count_every_case(study):
    guide, caseload, workers = study
    loads = capacity_tables(guide, caseload, workers, min_workers=5)["loads"]
    assert sorted(loads["n_cases"].tolist()) == [3, 3, 3, 5, 10, 11, 12]
    assert sorted(loads["cases_per_fte"].dropna().tolist()) == [3.0, 5.0, 10.0, 11.0, 12.0]
    floors = loads.dropna(subset=["load_at_least"]).sort_values("n_cases")
    # [1.0811, 1.1893] before fix33q (a part-timer's own days in their cases' exposure)
    assert floors["load_at_least"].tolist() == pytest.approx([1.0840, 1.1924], abs=1e-4)


def test_calculator_leaves_incomplete_rows_out_of_the_share_over(status_workbook):
    """The calculator of ``study``'s caseload, a row per worker (``status_workbook``: written
    and evaluated once with test_calculator_status_rule)."""
    pytest.importorskip("formulas")
    *_, path, layout, solution = status_workbook
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    rows = {ws[layout.input_cell("label", i)].value: i for i in range(len(HELD))}
    values = sheet_values(solution, CALCULATOR)
    over = {w: ws[layout.result_cell("over", rows[w])].value for w in HELD}
    over = {w: None if v == "" else v for w, v in over.items()}
    assert over == {"A": 0, "B": 1, "C": 1, "D": None, "E": None, "F": None, "G": 1}
    for name, want in (("over", 3), ("share_over", 0.75)):
        cell = layout.total_cell(name)
        assert ws[cell].value == pytest.approx(want)  # written
        assert values[cell] == pytest.approx(want)  # the formula evaluated afresh


def test_calculator_pooled_incomplete_row_has_no_share_over(study, tmp_path):
    pytest.importorskip("formulas")
    guide, caseload, workers = study
    d = caseload.loc[caseload["worker_id"].eq("D")]  # 2 CIN, 1 PROCEEDINGS: 0.11 costed
    path = tmp_path / "guide.xlsx"
    layout = write_workbook(guide, path, caseload=d, workers=workers.loc[workers.worker_id == "D"],
                            per_worker=True)
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    values = sheet_values(evaluate(path), CALCULATOR)
    assert ws[layout.result_cell("status", 0)].value == "Incomplete"
    for name in ("over", "share_over"):
        cell = layout.total_cell(name)
        assert ws[cell].value == "not costed"
        assert values[cell] == "not costed"
