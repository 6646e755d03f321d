"""The workbook's worksheets write formulas of long-standing functions as xlsxwriter would."""

from __future__ import annotations

import pytest
from xlsxwriter.worksheet import Worksheet

from timestudy.report.formulas import CLASSIC, Sheet


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_classic_functions_are_never_prefixed_by_xlsxwriter(name):
    formula = f"={name}(A1,$B$2:C3)"
    for expand in (False, True):
        assert Worksheet()._prepare_formula(formula, expand) == formula[1:]


@pytest.mark.parametrize("formula", [
    "=IF(A1>0,SUM(B1:B3),0)",
    "{=SUMPRODUCT((A1:A3)*(B1:B3))}",
    "=FILTER(A1:A3,B1:B3)",
    "=IF(A1,STDEV.S(B1:B3),XLOOKUP(1,A1:A3,B1:B3))",
    "=SUM(A1)+SINGLE(B1)",
    "=_xlfn.STDEV.S(B1:B10)",
    "='Case weights'!B2*IFERROR(VLOOKUP(A1,'Case weights'!A:B,2,FALSE),0)",
    '=IF(A1="FILTER(",1,0)',
])
@pytest.mark.parametrize("expand", [False, True])
def test_sheet_prepares_every_formula_as_xlsxwriter(formula, expand):
    assert Sheet()._prepare_formula(formula, expand) == Worksheet()._prepare_formula(
        formula, expand)


@pytest.mark.parametrize("pattern", [
    "=IF(A\x00>0,SUM(B\x00:C\x00),0)",
    "=IF(ISNUMBER(D\x00),D\x00*IFERROR(VLOOKUP(E\x00,'Assumptions'!$A$2:$B$9,2,FALSE),1),\"\")",
    "{=SUMPRODUCT((A\x00:A9)*(B\x00:B9))}",
    "=FILTER(A\x00:A9,B\x00:B9)",
    "=IF(A\x00,STDEV.S(B1:B\x00),0)",
    "=_xlfn.STDEV.S(B\x00:B10)",
    '=IF(A\x00="FILTER(",1,0)',
])
def test_row_formula_stores_the_cell_write_formula_stores(pattern):
    from timestudy.report.formulas import ROW

    fast, plain = Sheet(), Sheet()
    for row in (0, 7, 7, 1_048_575, 1_048_576):  # the last is outside the sheet
        for sheet in (fast, plain):
            sheet.set_column(0, 0, 10)
        got = fast.write_row_formula(row, 3, pattern, None, row * 1.5)
        want = plain.write_formula(row, 3, pattern.replace(ROW, str(row + 1)), None, row * 1.5)
        assert got == want
        assert fast.table.get(row, {}).get(3) == plain.table.get(row, {}).get(3)
    assert fast.table == plain.table
    assert (fast.dim_rowmin, fast.dim_rowmax) == (plain.dim_rowmin, plain.dim_rowmax)
