"""Workbook checks shared by the report tests: a workbook's formulas evaluated afresh
(the ``formulas`` package) against the values written with them."""

from __future__ import annotations

import numpy as np
import openpyxl


def sheet_values(solution, sheet: str) -> dict:
    """Cell -> value of one sheet from a ``formulas`` solution ("" for empty text)."""
    out = {}
    for key, cell in solution.items():
        book_sheet, _, ref = key.rpartition("!")
        if sheet.upper() in book_sheet.upper() and ":" not in ref:
            v = np.asarray(cell.value).ravel()[0]
            out[ref] = "" if isinstance(v, str) and v == "" else v
    return out


def assert_formulas_give_the_cached_values(path, sheet: str, refs) -> int:
    """Every cell of ``refs`` on ``sheet``, evaluated afresh, equals the value written with
    it (an empty cell may evaluate to 0); returns how many numbers were compared."""
    import formulas

    cached = openpyxl.load_workbook(path, data_only=True)[sheet]
    values = sheet_values(formulas.ExcelModel().loads(str(path)).finish().calculate(), sheet)
    checked = 0
    for ref in refs:
        want, got = cached[ref].value, values[ref]
        if want in ("", None):
            assert got in ("", None) or (isinstance(got, float) and got == 0), ref
        elif isinstance(want, str):
            assert got == want, ref
        else:
            np.testing.assert_allclose(float(got), want, rtol=1e-9, err_msg=ref)
            checked += 1
    return checked
