"""guide.xlsx: the tables equal the guide, the calculator's formulas equal Python's capacity
functions when evaluated (with the ``formulas`` library), and data never becomes a formula."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from timestudy import max_caseload, staffing, weighted_load
from timestudy.guide import Adjustments
from timestudy.report.calculator import RESULTS
from timestudy.report.excel import CALCULATOR, WEIGHTS, write_workbook

formulas = pytest.importorskip("formulas")

# Four workers' caseloads typed into the calculator: (FTE, {case type: cases}).
TYPED = [
    (1.0, {"CIN": 6, "CP": 5, "CLA": 4, "PROCEEDINGS": 1}),
    (0.6, {"CIN": 3, "CP": 4}),
    (0.8, {"CLA": 9, "PROCEEDINGS": 2}),
    (1.0, {"CIN": 4}),
]


def _evaluate(path, layout, typed, basis="should", bands=None):
    """Type a caseload into the calculator with openpyxl, then evaluate every formula."""
    book = openpyxl.load_workbook(path)
    ws = book[CALCULATOR]
    ws[layout.cell(*layout.basis)] = basis
    if bands:
        for name, value in bands.items():
            ws[layout.cell(*layout.bands[name])] = value
    for j in range(layout.n_columns):
        for k in layout.case_types:
            ws[layout.count_cell(k, j)] = None
        ws[layout.fte_cell(j)] = None
    for j, (fte, counts) in enumerate(typed):
        ws[layout.fte_cell(j)] = fte
        for k, n in counts.items():
            ws[layout.count_cell(k, j)] = n
    typed_path = path.with_name("typed.xlsx")
    book.save(typed_path)
    model = formulas.ExcelModel().loads(str(typed_path)).finish()
    solution = model.calculate()
    values = {}
    for key, cell in solution.items():
        ref = key.split("!")[-1]
        if "CAPACITY CALCULATOR" in key.upper() and ":" not in ref:
            v = np.asarray(cell.value).ravel()[0]
            values[ref] = v
    return values


def _caseload(typed):
    rows = [
        {"case_id": f"x{j}_{k}_{i}", "worker_id": f"w{j}", "case_type": k}
        for j, (_, counts) in enumerate(typed)
        for k, n in counts.items()
        for i in range(n)
    ]
    workers = pd.DataFrame(
        {
            "worker_id": [f"w{j}" for j in range(len(typed))],
            "fte": [f for f, _ in typed],
            "team": "T",
        }
    )
    return pd.DataFrame(rows), workers


@pytest.fixture(scope="module")
def workbook(sim_run, tmp_path_factory):
    guide = sim_run[1].guide
    path = tmp_path_factory.mktemp("xlsx") / "guide.xlsx"
    return guide, path, write_workbook(guide, path)


def test_sheets(workbook):
    _, path, _ = workbook
    assert openpyxl.load_workbook(path).sheetnames == [
        "Summary",
        "Tasks",
        WEIGHTS,
        CALCULATOR,
        "Method and assumptions",
    ]


@pytest.mark.parametrize("should", [True, False])
def test_calculator_formulas_equal_python(workbook, should):
    guide, path, layout = workbook
    values = _evaluate(path, layout, TYPED, basis="should" if should else "is")
    caseload, workers = _caseload(TYPED)
    wl = weighted_load(guide, caseload, workers, should=should).table
    for j, (_fte, counts) in enumerate(TYPED):
        w = wl.loc[f"w{j}"]
        got = {n: values[layout.result_cell(n, j)] for n in RESULTS if n != "suppressed_cases"}
        assert got["cases"] == w["n_cases"]
        np.testing.assert_allclose(got["hours_needed"], w["hours_needed_per_month"], rtol=1e-9)
        np.testing.assert_allclose(
            got["hours_available"], w["hours_available_per_month"], rtol=1e-9
        )
        np.testing.assert_allclose(got["load"], w["load"], rtol=1e-9)
        assert got["status"] == w["status"]
        one = staffing(
            guide,
            caseload.loc[caseload["worker_id"] == f"w{j}"],
            workers.loc[workers["worker_id"] == f"w{j}"],
            should=should,
        ).table
        np.testing.assert_allclose(got["fte_needed"], one.loc["total", "fte_needed"], rtol=1e-9)
        np.testing.assert_allclose(got["gap_fte"], one.loc["total", "gap_fte"], rtol=1e-9)
        np.testing.assert_allclose(
            got["max_cases_per_fte"], max_caseload(guide, counts, should=should), rtol=1e-9
        )
    team = staffing(guide, caseload, workers, should=should).table.loc["total"]
    total = layout.n_columns
    np.testing.assert_allclose(
        values[layout.result_cell("fte_needed", total)], team["fte_needed"], rtol=1e-9
    )
    np.testing.assert_allclose(
        values[layout.result_cell("gap_fte", total)], team["gap_fte"], rtol=1e-9
    )
    np.testing.assert_allclose(
        values[layout.result_cell("hours_needed", total)], team["hours_needed_per_month"], rtol=1e-9
    )


def test_calculator_bands_are_inputs(workbook):
    guide, path, layout = workbook
    caseload, workers = _caseload(TYPED)
    bands = (0.5, 2.0, 3.0)
    values = _evaluate(path, layout, TYPED, bands={"green": 0.5, "amber": 2.0, "red": 3.0})
    wl = weighted_load(guide, caseload, workers, bands=bands).table
    for j in range(len(TYPED)):
        assert values[layout.result_cell("status", j)] == wl.loc[f"w{j}", "status"]


def test_inputs_unlocked_and_the_rest_protected(workbook):
    _, path, layout = workbook
    ws = openpyxl.load_workbook(path)[CALCULATOR]
    assert ws.protection.sheet
    assert not ws[layout.count_cell("CP", 3)].protection.locked
    assert not ws[layout.fte_cell(0)].protection.locked
    assert ws[layout.count_cell("CP", 3)].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws[layout.result_cell("load", 0)].protection.locked
    assert str(ws[layout.result_cell("load", 0)].value).startswith("=")
    assert WEIGHTS in str(ws.cell(layout.first_type_row + 1, 2).value)


def test_tables_equal_the_guide(workbook):
    guide, path, _ = workbook
    book = openpyxl.load_workbook(path)
    weights = pd.read_excel(path, sheet_name=WEIGHTS, nrows=len(guide.case_types)).set_index(
        "case type"
    )
    np.testing.assert_allclose(
        weights["hours per case-month (is)"], guide.case_types["hours_per_case_month"], rtol=1e-12
    )
    np.testing.assert_allclose(
        weights["hours per case-month (should)"],
        guide.case_types["hours_per_case_month_should"],
        rtol=1e-12,
    )
    tasks = pd.read_excel(path, sheet_name="Tasks").set_index("task type")
    np.testing.assert_allclose(tasks["full hours"], guide.tasks["full_hours"], rtol=1e-12)
    for k in guide.tasks.index[guide.tasks["n_workers"] < guide.meta["min_workers"]]:
        assert pd.isna(tasks.loc[k, "full hours"])
        assert tasks.loc[k, "suppressed"].startswith("fewer than")
    assert "Method, assumptions and limitations" in str(book["Method and assumptions"]["A1"].value)


def test_data_is_never_a_formula(sim_run, tmp_path):
    guide = sim_run[1].guide
    evil = '=HYPERLINK("http://x","y")'
    ct = guide.case_types.rename(index={"CIN": evil})
    adj = Adjustments("@SUM(1+1)", "+cmd", "-2", {"statutory_visit": 1.2}, {}, "=1+1")
    bad = replace(
        guide,
        case_types=ct,
        adjustments=adj,
        meta=guide.meta | {"taxonomy": "=2+2", "reference_case_type": evil},
    )
    layout = write_workbook(bad, tmp_path / "guide.xlsx")
    book = openpyxl.load_workbook(tmp_path / "guide.xlsx")
    allowed = {(CALCULATOR, r, c) for r in range(1, 100) for c in range(2, 4 + layout.n_columns)}
    formula_cells = [
        (ws.title, cell.row, cell.column)
        for ws in book
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    unexpected = [f for f in formula_cells if f not in allowed and f[0] != WEIGHTS]
    assert unexpected == []
    weights_formulas = [f for f in formula_cells if f[0] == WEIGHTS]
    assert len(weights_formulas) == 1  # hours per FTE-month = year / 12
    texts = [
        cell.value
        for ws in book
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.data_type != "f"
    ]
    assert f"'{evil}" in texts
    assert not [t for t in texts if t and t[0] in "=+-@"]
    assert any("'@SUM(1+1)" in t for t in texts)


def test_suppressed_guide_workbook(tiny_run, tmp_path):
    guide = tiny_run[1].guide
    layout = write_workbook(guide, tmp_path / "guide.xlsx")
    weights = pd.read_excel(
        tmp_path / "guide.xlsx", sheet_name=WEIGHTS, nrows=len(guide.case_types)
    )
    assert weights["hours per case-month (is)"].isna().all()
    assert weights["suppressed"].str.startswith("fewer than").all()
    values = _evaluate(tmp_path / "guide.xlsx", layout, TYPED[:1])
    assert values[layout.result_cell("status", 0)] == "incomplete"
    assert values[layout.cell(*layout.available)] == "suppressed"
