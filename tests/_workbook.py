"""Workbook checks shared by the report tests: a workbook's formulas evaluated afresh
(the ``formulas`` package) against the values written with them.

Reading a workbook, ``formulas`` parses and compiles every formula cell (most of the
cost), then :func:`evaluate` calculates every cell from the values in the file. A
formula's compiled function depends only on its text, its cell and the workbook and
sheet names, so :class:`_Model` compiles each distinct (cell, text, names) once per test
process and reuses it: a guide's calculator rows repeat the same formula text from one
workbook to the next, and a workbook edited with openpyxl changes only values. Any formula
text not seen before (a changed or broken formula) is parsed and compiled afresh, and
every evaluation calculates every cell again from the file's values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl

_COMPILED: dict[tuple, object] = {}  # (cell, formula text, names) -> compiled formula cell


def _model_class():
    import formulas

    class _Model(formulas.ExcelModel):
        """``formulas.ExcelModel`` compiling each distinct formula cell once per process."""

        @staticmethod
        def _compile_cell(crd, val, context, check_formula, references):
            compile_cell = formulas.ExcelModel._compile_cell
            if not (check_formula and isinstance(val, str) and val.startswith("=")):
                return compile_cell(crd, val, context, check_formula, references)
            key = (
                crd,
                val,
                repr(sorted(context.items(), key=str)),
                tuple(sorted(map(str, references))),
            )
            if key not in _COMPILED:
                _COMPILED[key] = compile_cell(crd, val, context, check_formula, references)
            return _COMPILED[key]

    return _Model


def evaluate(path):
    """Every cell of the workbook at ``path`` calculated afresh by ``formulas``."""
    return _model_class()().loads(str(path)).finish().calculate()


def evaluate_cells(path, sheet: str, refs):
    """The cells ``refs`` of ``sheet`` of the workbook at ``path`` and every cell their
    formulas read, through every sheet, calculated afresh by ``formulas`` (``from_ranges``
    loads only those cells): each of ``refs`` comes out as :func:`evaluate` gives it."""
    book = Path(path).resolve()
    ranges = [f"'[{book}]{sheet.upper()}'!{ref}" for ref in refs]
    return _model_class()().from_ranges(*ranges).finish().calculate()


def evaluate_edited(
    path,
    edits: dict[tuple[str, str], object],
    name: str,
    cells: tuple[str, list[str]] | None = None,
):
    """Set cells of a copy of ``path`` with openpyxl ((sheet, cell) -> value), save it as
    ``<name>/<path's file name>`` beside ``path`` and evaluate it (:func:`evaluate`), or,
    given ``cells`` (sheet, refs), only those cells and what they read
    (:func:`evaluate_cells`: the same values for them).

    The copy keeps the file name so that its formulas are named as the original's are.
    """
    book = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    folder = Path(path).parent / name
    folder.mkdir(exist_ok=True)
    book.save(folder / Path(path).name)
    if cells is not None:
        return evaluate_cells(folder / Path(path).name, *cells)
    return evaluate(folder / Path(path).name)


def sheet_values(solution, sheet: str) -> dict:
    """Cell -> value of one sheet from a ``formulas`` solution ("" for empty text)."""
    out = {}
    for key, cell in solution.items():
        book_sheet, _, ref = key.rpartition("!")
        if sheet.upper() in book_sheet.upper() and ":" not in ref:
            v = np.asarray(cell.value).ravel()[0]
            out[ref] = "" if isinstance(v, str) and v == "" else v
    return out


def assert_formulas_give_the_cached_values(path, sheet: str, refs, solution=None) -> int:
    """Every cell of ``refs`` on ``sheet``, evaluated afresh (``solution``: the workbook's
    :func:`evaluate`; if not given, :func:`evaluate_cells` of ``refs``), equals the value
    written with it (an empty cell may evaluate to 0); returns how many numbers were
    compared."""
    cached = openpyxl.load_workbook(path, data_only=True)[sheet]
    if solution is None:
        solution = evaluate_cells(path, sheet, refs)
    values = sheet_values(solution, sheet)
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
