"""The workbook's *Capacity calculator*: live Excel formulas over the *Case weights* sheet.

A user types, in the yellow (unlocked) cells, the FTE and the number of cases of
each type held by up to eight workers or teams; formulas give the hours needed
a month, the hours available, the weighted load and its status (bands also
typed), the FTE needed, the gap and the most cases per FTE at that mix, with a
total column. The formulas mirror :func:`timestudy.weighted_load`,
:func:`timestudy.staffing` and :func:`timestudy.max_caseload` (the tests
evaluate them and compare).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from timestudy.guide import TimeGuide

CALCULATOR = "Capacity calculator"
WEIGHTS = "Case weights"
N_COLUMNS = 8
#: The result rows of each worker's column, by name, with their labels in the sheet.
RESULTS = {
    "cases": "Cases held",
    "hours_needed": "Hours needed a month",
    "hours_available": "Hours available a month",
    "load": "Weighted load (needed / available)",
    "status": "Status",
    "fte_needed": "FTE needed",
    "gap_fte": "Gap (FTE in post less FTE needed)",
    "max_cases_per_fte": "Most cases per FTE at this mix",
    "suppressed_cases": "Cases of a type with suppressed hours",
}
EXAMPLE_CASES = 16  # about the England average per case-holding FTE (DfE census 2016-2020)


@dataclass(frozen=True)
class CalculatorLayout:
    """Where the calculator's cells are (0-based rows and columns), for tests and users."""

    basis: tuple[int, int]
    available: tuple[int, int]
    bands: dict[str, tuple[int, int]]
    label_row: int
    fte_row: int
    first_type_row: int
    case_types: list[str]
    first_col: int
    n_columns: int
    rows: dict[str, int]

    def cell(self, row: int, col: int) -> str:
        """An A1 reference, e.g. ``C12``."""
        return xl_rowcol_to_cell(row, col)

    def count_cell(self, case_type: str, column: int) -> str:
        """Cell of the number of cases of a type held by worker ``column`` (0-based)."""
        return self.cell(
            self.first_type_row + self.case_types.index(case_type), self.first_col + column
        )

    def fte_cell(self, column: int) -> str:
        return self.cell(self.fte_row, self.first_col + column)

    def result_cell(self, name: str, column: int) -> str:
        """Cell of a result (``cases``, ``hours_needed``, ``hours_available``, ``load``,
        ``status``, ``fte_needed``, ``gap_fte``, ``max_cases_per_fte``) of a column;
        ``column=n_columns`` is the total."""
        return self.cell(self.rows[name], self.first_col + column)


def _value(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return "suppressed"
    return v if math.isfinite(v) else "suppressed"


def calculator_sheet(
    w, guide: TimeGuide, refs: dict, bands: tuple[float, float, float]
) -> CalculatorLayout:
    """Add the calculator sheet with the cell writer ``w`` of :mod:`timestudy.report.excel`.

    ``refs`` locates on the *Case weights* sheet each case type's row, the
    columns of its is and should hours, and the hours per FTE-month cell.
    """
    ws = w.book.add_worksheet(CALCULATOR)
    fmt = w.fmt
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2 + N_COLUMNS, 13)
    w.text(ws, 0, 0, "Capacity calculator", "title")
    w.text(
        ws,
        1,
        0,
        "Type in the yellow cells: for each worker (or team), the FTE and the "
        "number of cases of each type held. Hours needed, hours available, "
        "weighted load, status, FTE needed and the gap are calculated.",
        "note",
    )
    ws.set_row(1, 45)
    basis, available = (3, 1), (4, 1)
    w.text(ws, 3, 0, "Hours per case-month to use (should or is)", "label")
    ws.write_string(*basis, "should", fmt["in"])
    ws.data_validation(*basis, *basis, {"validate": "list", "source": ["should", "is"]})
    w.text(ws, 4, 0, "Hours for casework per FTE-month", "label")
    month = f"'{WEIGHTS}'!{xl_rowcol_to_cell(*refs['month'], row_abs=True, col_abs=True)}"
    ws.write_formula(
        *available, f"={month}", fmt["calc_1"], _value(guide.available_hours_per_fte_month)
    )
    band_cells = {}
    for i, (name, value) in enumerate(
        (("red", bands[2]), ("amber", bands[1]), ("green", bands[0]))
    ):
        r = 5 + i
        w.text(ws, r, 0, f"{name.capitalize()} from (share of hours available)", "label")
        ws.write_number(r, 1, float(value), fmt["in_pct"])
        ws.data_validation(
            r, 1, r, 1, {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 10}
        )
        band_cells[name] = (r, 1)
    types = [str(k) for k in guide.case_types.index]
    label_row, fte_row, first = 9, 10, 11
    c0 = 2
    w.text(ws, label_row, 0, "Worker or team", "head")
    w.text(ws, label_row, 1, "Hours per case-month", "head")
    w.text(ws, fte_row, 0, "FTE", "label")
    mix = guide.case_types["case_months"].astype(float)
    example = (mix / mix.sum() * EXAMPLE_CASES).round().fillna(0) if mix.sum() > 0 else mix * 0
    for j in range(N_COLUMNS):
        ws.write_string(
            label_row, c0 + j, "Example" if j == 0 else f"Worker {j + 1}", fmt["in_head"]
        )
        if j == 0:
            ws.write_number(fte_row, c0, 1.0, fmt["in_1"])
        else:
            ws.write_blank(fte_row, c0 + j, None, fmt["in_1"])
        ws.data_validation(
            fte_row,
            c0 + j,
            fte_row,
            c0 + j,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1.5,
                "input_title": "FTE",
                "input_message": "1.0 for full time",
            },
        )
    w.text(ws, label_row, c0 + N_COLUMNS, "Total", "head")
    r_is, r_should = refs["is_col"], refs["should_col"]
    for i, k in enumerate(types):
        r = first + i
        w.text(ws, r, 0, k, "label")
        src = refs["rows"][k]
        is_ref = f"'{WEIGHTS}'!{xl_rowcol_to_cell(src, r_is, row_abs=True, col_abs=True)}"
        sh_ref = f"'{WEIGHTS}'!{xl_rowcol_to_cell(src, r_should, row_abs=True, col_abs=True)}"
        b = xl_rowcol_to_cell(*basis, row_abs=True, col_abs=True)
        shown = guide.case_types.loc[k, "hours_per_case_month_should"]
        ws.write_formula(
            r,
            1,
            f'=IF({b}="is",IF(ISNUMBER({is_ref}),{is_ref},"suppressed"),'
            f'IF(ISNUMBER({sh_ref}),{sh_ref},"suppressed"))',
            fmt["calc_1"],
            _value(shown),
        )
        for j in range(N_COLUMNS):
            if j == 0:
                ws.write_number(r, c0, float(example.iloc[i]), fmt["in"])
            else:
                ws.write_blank(r, c0 + j, None, fmt["in"])
            ws.data_validation(
                r, c0 + j, r, c0 + j, {"validate": "decimal", "criteria": ">=", "value": 0}
            )
    last = first + len(types) - 1
    rows = {n: last + 2 + i for i, n in enumerate(RESULTS)}
    for n, shown in RESULTS.items():
        w.text(ws, rows[n], 0, shown, "label")
    hb = (
        f"{xl_rowcol_to_cell(first, 1, row_abs=True, col_abs=True)}:"
        f"{xl_rowcol_to_cell(last, 1, row_abs=True, col_abs=True)}"
    )
    avail = xl_rowcol_to_cell(*available, row_abs=True, col_abs=True)
    red, amber, green = (
        xl_rowcol_to_cell(*band_cells[n], row_abs=True, col_abs=True)
        for n in ("red", "amber", "green")
    )
    for j in range(N_COLUMNS + 1):
        col = c0 + j
        letter = xl_col_to_name(col)
        cell = {n: f"{letter}{rows[n] + 1}" for n in RESULTS}
        fte = f"{letter}{fte_row + 1}"
        counts = f"{letter}{first + 1}:{letter}{last + 1}"
        if j == N_COLUMNS:  # the total column sums the workers
            span = f"{xl_col_to_name(c0)}{{r}}:{xl_col_to_name(c0 + N_COLUMNS - 1)}{{r}}"
            ws.write_formula(fte_row, col, f"=SUM({span.format(r=fte_row + 1)})", fmt["calc_2"])
            for r in range(first, last + 1):
                ws.write_formula(r, col, f"=SUM({span.format(r=r + 1)})", fmt["calc_0"])
        ws.write_formula(rows["cases"], col, f"=SUM({counts})", fmt["calc_0"])
        ws.write_formula(rows["hours_needed"], col, f"=SUMPRODUCT({hb},{counts})", fmt["calc_1"])
        ws.write_formula(rows["hours_available"], col, f"=N({fte})*{avail}", fmt["calc_1"])
        ws.write_formula(
            rows["load"],
            col,
            f'=IF({cell["hours_available"]}>0,{cell["hours_needed"]}/{cell["hours_available"]},"")',
            fmt["calc_pct"],
        )
        ws.write_formula(
            rows["status"],
            col,
            f'=IF({cell["suppressed_cases"]}>0,"incomplete",'
            f'IF(ISNUMBER({cell["load"]}),IF({cell["load"]}>={red},"red",'
            f'IF({cell["load"]}>={amber},"amber",IF({cell["load"]}>={green},'
            f'"green","blue"))),""))',
            fmt["calc_text"],
        )
        ws.write_formula(rows["fte_needed"], col, f"={cell['hours_needed']}/{avail}", fmt["calc_2"])
        ws.write_formula(rows["gap_fte"], col, f"=N({fte})-{cell['fte_needed']}", fmt["calc_2"])
        ws.write_formula(
            rows["max_cases_per_fte"],
            col,
            f'=IF({cell["cases"]}>0,{avail}/({cell["hours_needed"]}/{cell["cases"]}),"")',
            fmt["calc_1"],
        )
        ws.write_formula(
            rows["suppressed_cases"], col, f'=SUMIF({hb},"suppressed",{counts})', fmt["calc_0"]
        )
    status_range = (rows["status"], c0, rows["status"], c0 + N_COLUMNS)
    for name, f in w.status.items():
        ws.conditional_format(
            *status_range, {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": f}
        )
    note = rows["suppressed_cases"] + 2
    w.text(
        ws,
        note,
        0,
        "Hours needed = sum of cases x hours per case-month. Hours available "
        "= FTE x hours for casework per FTE-month. FTE needed = hours needed "
        "/ hours per FTE-month. The example column holds about "
        f"{EXAMPLE_CASES} cases (the England average per case-holding FTE) "
        "in the study's case mix: overwrite it.",
        "note",
    )
    ws.set_row(note, 60)
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )
    ws.activate()
    return CalculatorLayout(
        basis, available, band_cells, label_row, fte_row, first, types, c0, N_COLUMNS, rows
    )
