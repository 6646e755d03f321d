"""The calculator's status follows the load table's rule (capacity.worker_status).

The calculator said "Incomplete" for any row with a case it cannot cost, while the load
table and the statements give the band the costed cases already reach ("at least amber",
"at least red"), and it said "Incomplete" for a row with no hours available, which has
no status. Hand-worked on the audit's g6 guide (106.08 hours for casework per
FTE-month; CP 11.47 hours a case-month of 21.07 working days, 11.37 before case exposure
took bank holidays and the holders' leave out once; PROCEEDINGS suppressed) with the
default bands (amber from 1.0, red from 1.1) and a role "manager" holding no caseload:

* A (1.0 FTE) 5 CP: 57.3 hours, load 0.54: Blue;
* G (1.0 FTE) 10 CP: 114.7 hours, load 1.081 (was 1.072): Amber;
* B (1.0 FTE) 10 CP and 1 PROCEEDINGS: costed 114.7 hours, at least 1.081: At least Amber;
* C (1.0 FTE) 11 CP and 1 PROCEEDINGS: costed 126.2 hours, at least 1.189 (was 1.179):
  At least Red;
* D (1.0 FTE) 2 CIN and 1 PROCEEDINGS: costed 12.0 hours, under amber: Incomplete;
* E (1.0 FTE, manager) and F (0 FTE), each 2 CP and 1 PROCEEDINGS: no hours available,
  no status (blank; was Incomplete).
"""

from __future__ import annotations

import openpyxl
import pytest
from _status_caseload import HELD
from _workbook import assert_formulas_give_the_cached_values, sheet_values

from timestudy import weighted_load
from timestudy.report.calculator import RESULTS
from timestudy.report.excel import CALCULATOR

formulas = pytest.importorskip("formulas")

WANT = {
    "A": "Blue",
    "B": "At least Amber",
    "C": "At least Red",
    "D": "Incomplete",
    "E": "",
    "F": "",
    "G": "Amber",
}
PYTHON = {
    "Blue": "blue",
    "Amber": "amber",
    "At least Amber": "amber",
    "At least Red": "red",
    "Incomplete": "none",
    "": "none",
}


@pytest.fixture(scope="module")
def written(status_workbook):
    """The load table, and the workbook and its solution (``status_workbook``, written and
    evaluated once with test_status_table_statements)."""
    guide, caseload, workers, path, layout, solution = status_workbook
    table = weighted_load(guide, caseload, workers, on_suppressed="nan").table
    return table, path, layout, solution


def test_the_hand_worked_loads(written):
    table, _, _, _ = written
    # 1.0811 and 1.1893 before fix33q (a part-timer's leave took a fifth of their week
    # from their cases' exposure, not their own part: hours per case-month read low)
    assert table.loc["B", "load_at_least"] == pytest.approx(1.0840, abs=1e-4)
    assert table.loc["C", "load_at_least"] == pytest.approx(1.1924, abs=1e-4)
    assert table.loc["G", "load"] == pytest.approx(1.0840, abs=1e-4)


def test_written_and_evaluated_status_is_the_load_tables(written):
    table, path, layout, solution = written
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    rows = {ws[layout.input_cell("label", i)].value: i for i in range(len(HELD))}
    assert sorted(rows) == sorted(HELD)
    values = sheet_values(solution, CALCULATOR)
    for w, want in WANT.items():
        cell = layout.result_cell("status", rows[w])
        assert (ws[cell].value or "") == want, w  # written with the formula
        assert (values[cell] or "") == want, w  # the formula evaluated afresh
        assert PYTHON[want] == table.loc[w, "status"], w
    refs = [layout.result_cell(name, i) for name in RESULTS for i in range(len(HELD))]
    assert assert_formulas_give_the_cached_values(path, CALCULATOR, refs, solution) > 40
