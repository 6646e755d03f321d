"""The workbook's worksheets: formulas of long-standing functions written as they are.

xlsxwriter rewrites every formula for the functions Excel added from 2010 on (``FILTER``
to ``_xlfn._xlws.FILTER`` and so on) with one regular-expression pass per function, about
thirty for each formula and a hundred more for conditional formats: most of the time of
writing a capacity calculator of several thousand rows. A formula that calls only
functions Excel has always had needs none of it; :class:`Sheet` writes such a formula
as it is and leaves every other one to xlsxwriter.
"""

from __future__ import annotations

import re

from xlsxwriter.worksheet import Worksheet

#: Functions in Excel since 2007 or before, which xlsxwriter never prefixes (a test checks).
CLASSIC = frozenset({
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTIF", "IF", "IFERROR", "INDEX", "ISBLANK",
    "ISNUMBER", "MATCH", "MAX", "MIN", "N", "NOT", "OR", "ROUND", "ROUNDUP", "SUM", "SUMIF",
    "SUMPRODUCT", "VLOOKUP",
})
_CALL = re.compile(r"([^\s(),=+\-*/^&<>:;{}\"']*)\(")


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

    def _prepare_formula(self, formula, expand_future_functions=False):
        if "_xlfn." in formula or not set(_CALL.findall(formula)) - {""} <= CLASSIC:
            return super()._prepare_formula(formula, expand_future_functions)
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula
