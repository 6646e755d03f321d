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
