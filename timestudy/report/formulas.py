"""The workbook's worksheets: formulas of long-standing functions written as they are.

xlsxwriter rewrites every formula for the functions Excel added from 2010 on (``FILTER``
to ``_xlfn._xlws.FILTER`` and so on) with one regular-expression pass per function, about
thirty for each formula and a hundred more for conditional formats: most of the time of
writing a capacity calculator of several thousand rows. A formula that calls only
functions Excel has always had needs none of it; :class:`Sheet` writes such a formula
as it is and leaves every other one to xlsxwriter. A formula repeated down a column
(the calculator's) is checked once for all its rows (:meth:`Sheet.write_row_formula`).
"""

from __future__ import annotations

import re

from xlsxwriter.format import Format
from xlsxwriter.worksheet import CellFormulaTuple, Worksheet

#: Functions in Excel since 2007 or before, which xlsxwriter never prefixes (a test checks).
CLASSIC = frozenset({
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTIF", "IF", "IFERROR", "INDEX", "ISBLANK",
    "ISNUMBER", "LOWER", "MATCH", "MAX", "MIN", "N", "NOT", "OR", "ROUND", "ROUNDUP",
    "SUBSTITUTE", "SUM", "SUMIF", "SUMPRODUCT", "VLOOKUP",
})
#: Stands for the row's number (1-based) in a formula pattern of :meth:`Sheet.write_row_formula`.
ROW = "\x00"
_CALL = re.compile(r"([^\s(),=+\-*/^&<>:;{}\"']*)\(")


def _classic(formula: str) -> bool:
    """Whether the formula calls only :data:`CLASSIC` functions (none xlsxwriter rewrites)."""
    return "_xlfn." not in formula and set(_CALL.findall(formula)) - {""} <= CLASSIC


def _strip(formula: str) -> str:
    """The formula as xlsxwriter stores it: without ``{``, ``=`` and ``}`` around it."""
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula


class Sheet(Worksheet):
    """A worksheet whose formulas of :data:`CLASSIC` functions skip xlsxwriter's rewriting.

    Pass it to ``Workbook.add_worksheet(name, worksheet_class=Sheet)``; the file
    written is the same byte for byte.

    Examples
    --------
    >>> Sheet()._prepare_formula("=IF(A1>0,SUM(B1:B3),0)")
    'IF(A1>0,SUM(B1:B3),0)'
    >>> Sheet()._prepare_formula("=FILTER(A1:A3,B1:B3)")
    '_xlfn._xlws.FILTER(A1:A3,B1:B3)'
    """

    def __init__(self) -> None:
        super().__init__()
        self._patterns: dict[str, str | None] = {}  # pattern -> as stored (None: xlsxwriter's)

    def _prepare_formula(self, formula, expand_future_functions=False):
        if not _classic(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        return _strip(formula)

    def write_row_formula(
        self, row: int, col: int, pattern: str, cell_format: Format | None = None, value=0
    ) -> int:
        """``write_formula`` of ``pattern`` with :data:`ROW` replaced by ``row + 1``.

        The cell stored is the one ``write_formula`` stores; a pattern of
        :data:`CLASSIC` functions (not an array formula) is checked once, on its first
        row, and each later row only fills in its number.

        Examples
        --------
        >>> ws = Sheet()
        >>> ws.write_row_formula(4, 1, f"=IF(A{ROW}>0,SUM(C{ROW}:D{ROW}),0)", None, 0)
        0
        >>> ws.table[4][1].formula
        'IF(A5>0,SUM(C5:D5),0)'
        """
        if pattern not in self._patterns:
            array = pattern.startswith("{") and pattern.endswith("}")
            self._patterns[pattern] = (
                _strip(pattern) if pattern and not array and _classic(pattern) else None
            )
        stored = self._patterns[pattern]
        if stored is None:  # xlsxwriter's own way, row by row
            return self.write_formula(
                row, col, pattern.replace(ROW, str(row + 1)), cell_format, value
            )
        # what Worksheet._write_formula does after preparing the formula
        if self._check_dimensions(row, col):
            return -1
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)
        self.table[row][col] = CellFormulaTuple(
            stored.replace(ROW, str(row + 1)), cell_format, value
        )
        return 0
