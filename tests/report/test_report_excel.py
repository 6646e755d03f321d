"""guide.xlsx: cached values equal the guide, the formulas (evaluated with ``formulas``) equal
Python's capacity functions and follow the Assumptions sheet, and data never becomes a formula."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest
from _workbook import (
    assert_formulas_give_the_cached_values,
    evaluate_cells,
    evaluate_edited,
    sheet_values,
)

from timestudy import staffing, weighted_load
from timestudy.capacity import status
from timestudy.guide import Adjustments
from timestudy.report.assumptions import SHEET as ASSUMPTIONS
from timestudy.report.calculator import EXTRA_ROWS, RESULTS, TOTALS
from timestudy.report.excel import CALCULATOR, WEIGHTS, write_workbook
from timestudy.report.labels import task_label
from timestudy.report.tables import open_caseload

#: The calculator costs cases with the Case weights sheet's hours, guide.json's figures (6
#: decimals, report.format.as_in_json), against Python's in memory: a few parts in 1e8.
RTOL = 1e-7

formulas = pytest.importorskip("formulas")

# Four workers' caseloads typed into the calculator: (role, FTE, {case type: cases}).
TYPED = [
    ("social_worker", 1.0, {"CIN": 6, "CP": 5, "CLA": 4, "PROCEEDINGS": 1}),
    ("asye", 0.6, {"CIN": 3, "CP": 4}),
    ("", 0.8, {"CLA": 9, "PROCEEDINGS": 2}),
    ("social_worker", 1.0, {"CIN": 4}),
]
ROLES = {"asye": 0.9}


def _evaluate(path, edits: dict[tuple[str, str], object], read: list[str] | None = None):
    """Set cells with openpyxl (sheet, cell) -> value, then evaluate every formula, or only
    the calculator's cells ``read`` and every cell they read."""
    return evaluate_edited(path, edits, f"typed_{abs(hash(tuple(edits.items())))}",
                           None if read is None else (CALCULATOR, read))


def _typed_edits(layout, typed=TYPED) -> dict:
    edits = {}
    for i in range(len(typed) + 1):  # clear the example row too
        for name in ("label", "role", "fte", *layout.case_types):
            edits[(CALCULATOR, layout.input_cell(name, i))] = None
    for i, (role, fte, counts) in enumerate(typed):
        edits[(CALCULATOR, layout.input_cell("label", i))] = f"w{i}"
        edits[(CALCULATOR, layout.input_cell("role", i))] = role or None
        edits[(CALCULATOR, layout.input_cell("fte", i))] = fte
        for k, n in counts.items():
            edits[(CALCULATOR, layout.input_cell(k, i))] = n
    return edits


def _caseload(typed=TYPED):
    rows = [
        {"case_id": f"x{j}_{k}_{i}", "worker_id": f"w{j}", "case_type": k}
        for j, (_, _, counts) in enumerate(typed)
        for k, n in counts.items()
        for i in range(n)
    ]
    workers = pd.DataFrame(
        {
            "worker_id": [f"w{j}" for j in range(len(typed))],
            "fte": [f for _, f, _ in typed],
            "role": [r for r, _, _ in typed],
            "team": "T",
        }
    )
    return pd.DataFrame(rows), workers


@pytest.fixture(scope="module")
def workbook(sim_run, tmp_path_factory):
    """The workbook with one example row (fast to evaluate)."""
    guide = replace(sim_run[1].guide, meta=sim_run[1].guide.meta | {"role_allowances": ROLES})
    path = tmp_path_factory.mktemp("xlsx") / "guide.xlsx"
    return guide, path, write_workbook(guide, path)


@pytest.fixture(scope="module")
def prefilled(sim_run, tmp_path_factory):
    """The internal workbook pre-filled with a row per worker and the open caseload."""
    run = sim_run[1]
    caseload = open_caseload(run.cases, pd.Timestamp(run.models.period[1]))
    path = tmp_path_factory.mktemp("xlsx") / "guide.xlsx"
    layout = write_workbook(
        run.guide, path, caseload=caseload, workers=run.workers, per_worker=True
    )
    return run, caseload, path, layout


def test_sheets(workbook):
    _, path, _ = workbook
    assert openpyxl.load_workbook(path).sheetnames == [
        "Summary",
        CALCULATOR,
        ASSUMPTIONS,
        WEIGHTS,
        "Tasks",
        "Method and assumptions",
    ]


def test_cached_values_equal_the_guide(prefilled):
    """Read as any application reads it before recalculating: the guide's figures."""
    run, caseload, path, layout = prefilled
    guide, h = run.guide, run.guide.meta["headline"]
    book = openpyxl.load_workbook(path, data_only=True)
    ws = book[CALCULATOR]
    assert layout.n_rows == run.workers["worker_id"].nunique() + 40
    np.testing.assert_allclose(
        ws[layout.total_cell("fte_needed")].value, h["fte_needed"]["estimate"], rtol=1e-4
    )
    np.testing.assert_allclose(
        ws[layout.total_cell("fte_in_post")].value, h["fte_in_post"], rtol=1e-4
    )
    np.testing.assert_allclose(
        ws[layout.total_cell("gap_fte")].value, h["gap_fte"]["estimate"], rtol=1e-3
    )
    # the internal workbook counts every worker; guide.json words a count under 5
    # (audit20b): the headline's rule with the threshold at 1 gives the numbers
    from timestudy.capacity import headline

    counted = headline(replace(guide, meta=guide.meta | {"min_workers": 1}), caseload,
                       run.workers)
    assert ws[layout.total_cell("over")].value == counted["n_over_capacity"]
    np.testing.assert_allclose(
        ws[layout.total_cell("share_over")].value,
        counted["share_over_capacity"]["estimate"], rtol=1e-3
    )
    month = book[ASSUMPTIONS][layout.assumptions["month"].split("!")[1].replace("$", "")].value
    # from the non-case hours as guide.json gives them (6 decimals, audit23): within half a
    # millionth of an hour a week, x about 52.2 / 12 weeks a month, of the unrounded figure
    np.testing.assert_allclose(month, guide.available_hours_per_fte_month, rtol=0, atol=3e-6)
    wl = weighted_load(guide, caseload, run.workers).table.sort_index()
    loads = [ws[layout.result_cell("load", i)].value for i in range(len(wl))]
    np.testing.assert_allclose(loads, wl["load"], rtol=RTOL)
    assert [ws[layout.result_cell("status", i)].value.lower() for i in range(len(wl))] == list(
        wl["status"]
    )
    assert ws[layout.result_cell("load", len(wl))].value in ("", None)  # an empty row is blank
    weights = book[WEIGHTS]
    for i, k in enumerate(guide.case_types.index, start=2):
        assert weights[f"A{i}"].value == k


def test_formulas_give_the_cached_values(prefilled):
    """Evaluated afresh, every formula of the calculator's filled rows, of the first two
    empty rows and of the last one equals the value written with it. Each row's formulas are
    one pattern of its row number (``calculator._rows``): the 37 empty rows between (of
    70) showed the same pattern again (as in tests/report/test_calculator_headline.py)."""
    _, _, path, layout = prefilled
    empty = layout.n_rows - EXTRA_ROWS  # the first empty row
    rows = [*range(empty + 2), layout.n_rows - 1]
    refs = [layout.result_cell(name, i) for name in RESULTS for i in rows]
    checked = assert_formulas_give_the_cached_values(path, CALCULATOR, refs)
    assert checked > 100


def test_assumptions_are_live(workbook):
    """Change contracted hours and leave: hours available and every status follow."""
    guide, path, layout = workbook
    edits = _typed_edits(layout)
    caseload, workers = _caseload()
    before = weighted_load(guide, caseload, workers, roles=ROLES).table["load"]
    cells = {k: v.split("!")[1].replace("$", "") for k, v in layout.assumptions.items()}
    edits[(ASSUMPTIONS, cells["contracted_per_fte"])] = 45.0
    edits[(ASSUMPTIONS, cells["leave_days"])] = 20.0
    read = [layout.result_cell(n, i) for n in ("load", "status") for i in range(len(TYPED))]
    solution = _evaluate(path, edits, read)  # with the Assumptions cells they read
    after = sheet_values(solution, CALCULATOR)
    assumptions = sheet_values(solution, ASSUMPTIONS)
    a = guide.meta["available_assumptions"]
    # the workbook holds the value guide.json gives it, to 6 decimals (audit23)
    non_case = round(guide.available.loc["non_case_hours_per_fte_week", "estimate"], 6)
    days = 20 + a["bank_holidays"] + a["sickness_days"] + a["training_days"]
    month = (45 - non_case) * (365.25 / 7 - days / 5) / 12
    np.testing.assert_allclose(assumptions[cells["month"]], month, rtol=1e-12)
    old = guide.available_hours_per_fte_month
    loads = [after[layout.result_cell("load", i)] for i in range(len(TYPED))]
    np.testing.assert_allclose(
        loads, [before[f"w{i}"] * old / month for i in range(len(TYPED))], rtol=RTOL
    )
    bands = (0.95, 1.0, 1.1)
    assert [after[layout.result_cell("status", i)].lower() for i in range(len(TYPED))] == list(
        status(pd.Series(loads), bands)
    )
    assert loads[0] < before["w0"]


@pytest.mark.parametrize("basis", ["should", "is"])
def test_typed_caseload_equals_python(workbook, basis):
    guide, path, layout = workbook
    edits = _typed_edits(layout)
    edits[(ASSUMPTIONS, layout.assumptions["basis"].split("!")[1].replace("$", ""))] = basis
    names = ("cases", "hours_needed", "hours_available", "load", "status", "points_held")
    read = [layout.result_cell(n, i) for n in names for i in range(len(TYPED))]
    read += [layout.total_cell(n) for n in ("fte_needed", "gap_fte", "hours_needed", "ratio",
                                             "fte_in_post")]
    values = sheet_values(_evaluate(path, edits, read), CALCULATOR)
    caseload, workers = _caseload()
    should = basis == "should"
    wl = weighted_load(guide, caseload, workers, should=should, roles=ROLES).table
    for i in range(len(TYPED)):
        w = wl.loc[f"w{i}"]
        assert values[layout.result_cell("cases", i)] == w["n_cases"]
        for name, col in (
            ("hours_needed", "hours_needed_per_month"),
            ("hours_available", "hours_available_per_month"),
            ("load", "load"),
        ):
            np.testing.assert_allclose(values[layout.result_cell(name, i)], w[col], rtol=RTOL)
        assert values[layout.result_cell("status", i)].lower() == w["status"]
        np.testing.assert_allclose(
            values[layout.result_cell("points_held", i)],
            100 * w["hours_needed_per_month"] / guide.available_hours_per_fte_month,
            rtol=RTOL,
        )
    team = staffing(guide, caseload, workers, should=should, roles=ROLES).table.loc["total"]
    for name, col in (
        ("fte_needed", "fte_needed"),
        ("gap_fte", "gap_fte"),
        ("hours_needed", "hours_needed_per_month"),
        ("ratio", "ratio"),
        ("fte_in_post", "fte_in_post"),
    ):
        # a gap is a difference of two near figures: its error is absolute
        np.testing.assert_allclose(values[layout.total_cell(name)], team[col], rtol=RTOL,
                                   atol=1e-6)


def test_bands_are_inputs(workbook):
    guide, path, layout = workbook
    edits = _typed_edits(layout)
    for name, value in {"green": 0.5, "amber": 2.0, "red": 3.0}.items():
        edits[(ASSUMPTIONS, layout.assumptions[name].split("!")[1].replace("$", ""))] = value
    read = [layout.result_cell("status", i) for i in range(len(TYPED))]
    values = sheet_values(_evaluate(path, edits, read), CALCULATOR)
    caseload, workers = _caseload()
    wl = weighted_load(guide, caseload, workers, bands=(0.5, 2.0, 3.0), roles=ROLES).table
    for i in range(len(TYPED)):
        assert values[layout.result_cell("status", i)].lower() == wl.loc[f"w{i}", "status"]


def test_inputs_unlocked_and_nothing_protected(workbook):
    _, path, layout = workbook
    book = openpyxl.load_workbook(path)
    assert not any(ws.protection.sheet for ws in book)
    ws = book[CALCULATOR]
    for name in ("label", "role", "fte", "CP"):
        cell = ws[layout.input_cell(name, layout.n_rows - 1)]  # the last empty row too
        assert not cell.protection.locked
        assert cell.fill.fgColor.rgb.endswith("FFF2CC")
    assert str(ws[layout.result_cell("load", 0)].value).startswith("=")
    assert ASSUMPTIONS in str(ws[layout.result_cell("hours_available", 0)].value)
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert {f.formula[0] for f in rules} >= {'"Red"', '"Amber"', '"Green"', '"Blue"'}


def test_page_setup(workbook):
    _, path, layout = workbook
    book = openpyxl.load_workbook(path)
    for ws in book:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToHeight == 0
    calc = book[CALCULATOR]
    assert calc.page_setup.orientation == "landscape"
    assert (
        calc.print_title_rows.replace("$", "") == f"{layout.hours_row + 1}:{layout.header_row + 1}"
    )


def test_tables_equal_the_guide(workbook):
    guide, path, _ = workbook
    weights = pd.read_excel(path, sheet_name=WEIGHTS, nrows=len(guide.case_types))
    # guide.json's values: 6 decimals (report.format.as_in_json)
    np.testing.assert_allclose(weights["hours per case-month (is)"],
                               guide.case_types["hours_per_case_month"].round(6), rtol=1e-12)
    np.testing.assert_allclose(
        weights["hours per case-month (should)"],
        guide.case_types["hours_per_case_month_should"].round(6),
        rtol=1e-12,
    )
    tasks = pd.read_excel(path, sheet_name="Tasks")
    np.testing.assert_allclose(tasks["full hours"], guide.tasks["full_hours"].round(6),
                               rtol=1e-12)
    lower = tasks.filter(like="lower").to_numpy(float)
    assert (lower[np.isfinite(lower)] >= 0).all()  # times never below zero
    assert list(tasks["task"]) == [task_label(k, guide.meta) for k in guide.tasks.index]
    assert "Section 47 enquiry" in set(tasks["task"])
    differ = guide.tasks["estimates_disagree"].astype("boolean").fillna(False).tolist()
    assert (tasks["two estimates of full hours"].fillna("") == "differ").tolist() == differ
    for i, k in enumerate(guide.tasks.index):
        if guide.tasks.loc[k, "n_workers"] < guide.meta["min_workers"]:
            assert pd.isna(tasks.loc[i, "full hours"])
            assert tasks.loc[i, "why not shown"] == "fewer than 5 workers did this task"


def _texts(book) -> list[str]:
    """Every text cell of the workbook that is not a formula."""
    return [c.value for ws in book for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.data_type != "f"]


def test_no_snake_case_a_person_reads(workbook):
    _, path, _ = workbook
    book = openpyxl.load_workbook(path)
    texts = _texts(book)
    snake = [t for t in texts if re.search(r"\b[a-z]+_[a-z_]+\b", t)]
    assert snake == []


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
    write_workbook(bad, tmp_path / "guide.xlsx")
    book = openpyxl.load_workbook(tmp_path / "guide.xlsx")
    formula_sheets = {
        ws.title for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    }
    assert formula_sheets == {CALCULATOR, ASSUMPTIONS}
    texts = _texts(book)
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
    assert weights["why not shown"].str.startswith("fewer than").all()
    cached = openpyxl.load_workbook(tmp_path / "guide.xlsx", data_only=True)[CALCULATOR]
    assert cached[layout.result_cell("status", 0)].value == "Incomplete"
    first = layout.result_cell("status", 0)
    values = sheet_values(evaluate_cells(tmp_path / "guide.xlsx", CALCULATOR, [first]),
                          CALCULATOR)
    assert values[first] == "Incomplete"
    assert set(TOTALS) == set(layout.totals)
