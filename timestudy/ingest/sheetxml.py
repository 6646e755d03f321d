"""What a worksheet's XML says that its cells' values do not: hidden rows, merged cells and
formulas with no saved value.

The workbook is read with openpyxl in read-only mode for its values
(:mod:`timestudy.ingest.workbook`), which does not see the rows hidden in Excel, the merged
ranges, or that a cell is a formula whose value was never saved (a file written by a program
that does not calculate: its cell reads as empty). The sheet's part of the zip is scanned
once, as bytes, for three things only (``<row ... hidden="1">``, ``<mergeCell ref=...>``,
``<f>`` with no ``<v>`` or an empty one), each searched for only when its tag is in the
part at all, so a plain sheet costs one decompression and three byte searches:

* **hidden rows** read like any other are named in a warning (``hidden_rows_read``) with
  their rows;
* a cell **merged** into the one above it (``B2:B4``) reads as empty, so a row rejected for
  a missing value there says the cell is merged and gives ``fill_down``;
* a **formula with no saved value** (``=C2+TIME(1,30,0)``) reads as empty too: a row rejected
  for a value it lacks says which cell is a formula with no saved value, and that opening
  and saving the file in Excel stores it (code ``formula_without_value``), not "there is no
  end".
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import numpy as np
import pandas as pd

# (moved to cell_reasons; validate imports it from here)
from timestudy.ingest.cell_reasons import number_time_reasons as number_time_reasons

FORMULA_CODE = "formula_without_value"
HIDDEN_CODE = "hidden_rows_read"
_P = rb"(?:[\w.-]+:)?"  # a namespace prefix some writers use (x:row)
_HIDDEN = re.compile(rb"<" + _P + rb"row\b[^>]*?\br=\"(\d+)\"[^>]*?\bhidden=\"(?:1|true)\""
                     rb"|<" + _P + rb"row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*?\br=\"(\d+)\"")
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\b[^>]*?\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def _formula_patterns(value: bytes) -> tuple[re.Pattern, re.Pattern]:
    """A formula cell whose ``<v>`` matches ``value`` (``{p}`` for a tag's prefix): with
    prefixed tags and the cell's reference in groups 1 and 2, the formula in 3; and without
    prefixes, from the ``<f`` on, the formula in group 1."""
    prefixed = re.compile(
        rb"<" + _P + rb"c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*>\s*<" + _P + rb"f\b[^>]*?"
        rb"(?:/>|>([^<]*)</" + _P + rb"f>)\s*" + value.replace(b"{p}", _P) + rb"\s*</"
        + _P + rb"c>")
    bare = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*" + value.replace(b"{p}", b"")
                      + rb"\s*</c>")
    return prefixed, bare


# no <v> or an empty one; and 0, what a program that does not calculate saves
_FORMULA, _BARE_FORMULA = _formula_patterns(rb"(?:<{p}v\s*/>|<{p}v>\s*</{p}v>)?")
_ZERO_FORMULA, _BARE_ZERO = _formula_patterns(rb"<{p}v>\s*0\s*</{p}v>")
_FULL_CALC = re.compile(rb"<(?:[\w.-]+:)?calcPr\b[^>]*\bfullCalcOnLoad=\"(?:1|true)\"")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_ROW_OR_CELL = re.compile(rb"<(" + _P + rb")(row|c)\b([^>]*?)/?>")
_UNNUMBERED = re.compile(rb"<" + _P + rb"(?:row|c)\b(?![^>]*\br=)")


def sheet_facts(data: bytes, title: str) -> dict:
    """Hidden rows, merged ranges and formulas with no saved value of the sheet ``title``.

    Parameters
    ----------
    data : bytes
        The ``.xlsx`` file.
    title : str
        The sheet's name.

    Returns
    -------
    dict
        ``hidden`` (sheet rows, 1-based), ``merged`` (``(first column, first row, last
        column, last row)``, columns 0-based, and the range as written) and ``formulas``
        (``{(column 0-based, row): formula}``); empty when the sheet's part is not found.
        When the workbook asks for every formula to be recalculated on opening
        (``fullCalcOnLoad``, as XlsxWriter writes it, saving 0 for every formula it does
        not calculate), ``recalc`` holds the formula cells saved as 0, which are
        among ``formulas`` too: their saved value is not what Excel shows.

    Examples
    --------
    >>> sheet = (b'<worksheet><sheetData><row r="2" hidden="1"><c r="A2"><v>1</v></c></row>'
    ...          b'<row r="3"><c r="D3"><f>C3+1/24</f><v></v></c><c r="E3"><f>1+1</f>'
    ...          b'<v>2</v></c></row></sheetData><mergeCells><mergeCell ref="B2:B4"/>'
    ...          b'</mergeCells></worksheet>')
    >>> facts = scan_sheet(sheet)
    >>> facts["hidden"], facts["merged"], facts["formulas"]
    ([2], [(1, 2, 1, 4, 'B2:B4')], {(3, 3): 'C3+1/24'})
    """
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        part = _sheet_part(book, title)
        recalc = bool(_FULL_CALC.search(book.read("xl/workbook.xml")))
        return scan_sheet(book.read(part), recalc) if part else {}
    except (KeyError, zipfile.BadZipFile):
        return {}


def scan_sheet(xml: bytes, recalc: bool = False) -> dict:
    """The facts of :func:`sheet_facts` from a sheet's XML; ``recalc`` when the workbook asks
    for its formulas to be recalculated on opening.

    Examples
    --------
    >>> sheet = b'<sheetData><row r="2"><c r="D2"><f>45+30</f><v>0</v></c></row></sheetData>'
    >>> scan_sheet(sheet)["formulas"], scan_sheet(sheet, recalc=True)["recalc"]
    ({}, {(3, 2): '45+30'})
    """
    if _unnumbered(xml):
        xml = numbered(xml)
    end = xml.rfind(b"sheetData>")  # the merged ranges follow the cells
    tail = xml[end:] if end >= 0 else xml
    hidden = sorted({int(a or b) for a, b in _HIDDEN.findall(xml)}) \
        if b"hidden=" in xml else []
    merged = [(_column(c1), int(r1), _column(c2), int(r2), f"{c1.decode()}{r1.decode()}:"
               f"{c2.decode()}{r2.decode()}")
              for c1, r1, c2, r2 in _MERGE.findall(tail)] if b"mergeCell" in tail else []
    formulas = _formulas(xml, _FORMULA, _BARE_FORMULA)
    zero = _formulas(xml, _ZERO_FORMULA, _BARE_ZERO) if recalc else {}
    return {"hidden": hidden, "merged": merged, "formulas": {**formulas, **zero},
            **({"recalc": zero} if zero else {})}


def _unnumbered(xml: bytes) -> bool:
    """Whether a row or a cell of the sheet has no ``r=``: counted first (Excel writes ``r=``
    first in every row and cell, and counting is fast), searched for when the counts differ
    or the tags have a namespace prefix."""
    if b"<sheetData" in xml and sum(map(xml.count, (b"<row ", b"<row>"))) == xml.count(
            b'<row r="') and sum(map(xml.count, (b"<c ", b"<c>", b"<c/>"))) == xml.count(
            b'<c r="'):
        return False
    return bool(_UNNUMBERED.search(xml))


def numbered(xml: bytes) -> bytes:
    """A sheet's XML with each row and cell that has no ``r=`` numbered by its place, as the
    OOXML spec reads it: a row with none follows the row before it, a cell with none the
    cell before it in its row.

    Excel always writes ``r=``; some programs leave it out. This goes through the sheet tag
    by tag, in Python, so it is done only when a row or a cell has no ``r=``.

    Examples
    --------
    >>> numbered(b'<row r="4"><c><v>1</v></c><c r="C4"/><c/></row><row hidden="1"><c/></row>')
    b'<row r="4"><c r="A4"><v>1</v></c><c r="C4"/><c r="D4"/></row><row r="5" hidden="1"><c r="A5"/></row>'
    """
    at = {"row": 0, "col": -1}

    def number(m: re.Match) -> bytes:
        tag, attrs = m[2], m[3]
        if tag == b"row":
            given = _ROW_NUMBER.search(attrs)
            at["row"], at["col"] = (int(given[1]) if given else at["row"] + 1), -1
            label = str(at["row"])
        else:
            given = _REF.search(attrs)
            at["col"] = _column(given[1]) if given else at["col"] + 1
            label = f"{_letters(at['col'])}{at['row']}"
        return m[0] if given else m[0][: m.end(2) - m.start()] + f' r="{label}"'.encode() \
            + m[0][m.end(2) - m.start():]

    return _ROW_OR_CELL.sub(number, xml)


def _formulas(xml: bytes, prefixed: re.Pattern, bare: re.Pattern) -> dict:
    """``{(column, row): formula}`` of the formula cells that ``prefixed`` (tags with a
    namespace prefix) or ``bare`` (from the ``<f`` on) find."""
    if b"<sheetData" not in xml:  # tags with a namespace prefix (x:c): the general pattern
        return {(_column(c), int(r)): html.unescape(f.decode("utf-8", "replace"))
                for c, r, f in prefixed.findall(xml)} if b":f" in xml else {}
    if b"<f" not in xml:
        return {}
    out = {}
    for m in bare.finditer(xml):  # a search from each <f, not from each cell
        cell = _REF.search(xml, xml.rfind(b"<c ", 0, m.start()), m.start())
        if cell:
            out[(_column(cell[1]), int(cell[2]))] = html.unescape(
                (m[1] or b"").decode("utf-8", "replace"))
    return out


def _sheet_part(book: zipfile.ZipFile, title: str) -> str | None:
    """The zip entry of the sheet named ``title``, from workbook.xml and its relationships."""
    workbook = book.read("xl/workbook.xml")
    rels = book.read("xl/_rels/workbook.xml.rels")
    rid = None
    for tag in re.findall(rb"<(?:[\w.-]+:)?sheet\b[^>]*>", workbook):
        name = re.search(rb'\bname="([^"]*)"', tag)
        if name and html.unescape(name[1].decode("utf-8", "replace")) == title:
            found = re.search(rb'\b[\w.-]*:?id="([^"]*)"', tag.replace(b"sheetId", b""))
            rid = found[1] if found else None
            break
    if rid is None:
        return None
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="' + re.escape(rid) + rb'"', tag):
            target = re.search(rb'\bTarget="([^"]*)"', tag)[1].decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column(letters: bytes) -> int:
    """A column's letters as its 0-based index (``A`` 0, ``AA`` 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def with_sheet_facts(raw, facts: dict, title: str):
    """``raw`` (a :class:`~timestudy.ingest.rawtable.RawTable` of the sheet ``title``) with
    the warning for hidden rows read, and the merged ranges and formulas with no saved value
    kept (``details["_sheet_xml"]``, private: the check of the rows uses them and takes them
    out of the report). ``facts`` are :func:`sheet_facts` of the sheet."""
    said = [w for w in (hidden_warning(facts, raw.source_row, title),
                        formula_warning(facts, raw.source_row, title)) if w]
    if said:
        raw.details["warnings"] = [*raw.details.get("warnings", ()), *said]
    if facts.get("merged") or facts.get("formulas"):
        raw.details["_sheet_xml"] = facts
    else:
        raw.details.pop("_columns_at", None)
    return raw


def hidden_warning(facts: dict, sheet_rows: np.ndarray, title: str) -> dict | None:
    """The warning ``hidden_rows_read`` when rows hidden in Excel were read, else None.

    Examples
    --------
    >>> hidden_warning({"hidden": [6, 40]}, np.array([2, 3, 6]), "Diary")["message"][:54]
    "hidden_rows_read: sheet 'Diary': 1 row hidden in Excel"
    """
    rows = np.intersect1d(np.asarray(facts.get("hidden", []), np.int64), sheet_rows)
    if not len(rows):
        return None
    shown = ", ".join(map(str, rows[:8].tolist())) + (" ..." if len(rows) > 8 else "")
    one = len(rows) == 1
    return {"code": HIDDEN_CODE, "rows": rows.tolist(), "message": (
        f"{HIDDEN_CODE}: sheet {title!r}: {len(rows)} {'row' if one else 'rows'} hidden in "
        f"Excel {'was' if one else 'were'} read like any other (row {shown}); if "
        f"{'it is not an entry' if one else 'they are not entries'} (old, deleted or draft "
        f"rows), delete {'it' if one else 'them'} from the sheet")}


def formula_warning(facts: dict, sheet_rows: np.ndarray, title: str) -> dict | None:
    """The warning ``formula_without_value`` when cells of the rows read are formulas with no
    saved value (read as empty), else None.

    Examples
    --------
    >>> formula_warning({"formulas": {(4, 7): "(D7-C7)*1440"}}, np.array([7]), "Diary")["cells"]
    ['E7']
    """
    rows = set(np.asarray(sheet_rows).tolist())
    cells = sorted((r, c) for c, r in facts.get("formulas", {}) if r in rows)
    if not cells:
        return None
    named = [f"{_letters(c)}{r}" for r, c in cells]
    shown = ", ".join(named[:8]) + (" ..." if len(named) > 8 else "")
    if any((c, r) in facts.get("recalc", {}) for r, c in cells):
        return {"code": FORMULA_CODE, "cells": named, "message": (
            f"{FORMULA_CODE}: sheet {title!r}: {len(named)} formula cell"
            f"{'s' if len(named) > 1 else ''} ({shown}) saved as 0 or with no value, read as "
            "empty: the program that wrote the file did not calculate "
            f"{'them' if len(named) > 1 else 'it'} (the file asks Excel to recalculate every "
            "formula on opening, so Excel shows values the file does not hold): open the file "
            "in Excel and save it, or paste the values over the formulas, and read it again")}
    return {"code": FORMULA_CODE, "cells": named, "message": (
        f"{FORMULA_CODE}: sheet {title!r}: {len(named)} formula cell"
        f"{'s' if len(named) > 1 else ''} with no saved value ({shown}) read as empty (the "
        "program that wrote the file did not calculate them): open the file in Excel and "
        "save it, so the values are stored, and read it again")}


def explain_failures(failures: pd.DataFrame, sheet_rows: np.ndarray, header_of: dict,
                     columns_at: dict, facts: dict) -> pd.DataFrame:
    """``failures`` with the reasons a sheet's XML explains: a value missing from a merged
    cell, and a row whose value is a formula with no saved value.

    Parameters
    ----------
    failures : DataFrame
        ``row``, ``column`` (canonical), ``code`` and ``reason``.
    sheet_rows : ndarray of int
        The sheet row of each failure.
    header_of : dict
        Canonical name -> the file's header (the layout's labels).
    columns_at : dict
        The file's header -> its 0-based sheet column.
    facts : dict
        What :func:`sheet_facts` found.

    Examples
    --------
    >>> f = pd.DataFrame({"row": [0], "column": ["date"], "code": ["missing_required"],
    ...                   "reason": ["date is missing: every row needs one"]})
    >>> out = explain_failures(f, np.array([3]), {"date": "Date"}, {"Date": 1},
    ...                        {"merged": [(1, 2, 1, 4, "B2:B4")], "formulas": {}})
    >>> out["reason"].iloc[0]
    "date is missing: its cell is merged into B2:B4 (Excel shows row 2's value across the merged rows but stores it in row 2 only): give fill_down: [date] in the mapping, or unmerge the cells and fill them"
    """
    if failures.empty or not (facts.get("merged") or facts.get("formulas")):
        return failures
    out = failures.copy()
    at = out["column"].map(lambda c: columns_at.get(header_of.get(c, c), -1)).to_numpy(np.int64)
    reasons = out["reason"].to_numpy(object).copy()
    codes = out["code"].to_numpy(object).copy()
    missing = pd.Series(codes).str.startswith("missing").to_numpy(bool)
    for c1, r1, c2, r2, ref in facts.get("merged", []):
        inside = missing & (at >= c1) & (at <= c2) & (sheet_rows > r1) & (sheet_rows <= r2)
        for k in np.flatnonzero(inside):
            col = out["column"].iloc[k]
            reasons[k] = (f"{col} is missing: its cell is merged into {ref} (Excel shows row "
                          f"{r1}'s value across the merged rows but stores it in row {r1} "
                          f"only): give fill_down: [{col}] in the mapping, or unmerge the "
                          "cells and fill them")
    formulas = facts.get("formulas", {})
    if formulas:
        read = {columns_at[h] for h in header_of.values() if h in columns_at}
        cells = {}  # sheet row -> the formulas of its cells the layout reads
        recalc = {row for col, row in facts.get("recalc", {}) if col in read}
        for (col, row), text in formulas.items():
            if col in read:
                cells.setdefault(row, []).append(f"{_letters(col)}{row} (={text})")
        hit = np.array([r in cells for r in sheet_rows.tolist()], bool)
        for k in np.flatnonzero(hit & (missing | pd.Series(codes).str.startswith("bad_")
                                        .to_numpy(bool))):
            row = int(sheet_rows[k])
            reasons[k] = _formula_reason(cells[row][:3], row in recalc)
            codes[k] = FORMULA_CODE
    out["reason"], out["code"] = reasons, codes
    return out


def _formula_reason(cells: list[str], recalc: bool) -> str:
    """Why a row whose cells are formulas with no saved value (or one of 0 that a file asking
    for recalculation holds, when ``recalc``) lacks a value, and the fix."""
    if recalc:
        return (f"{', '.join(cells)}: a formula saved as 0 or with no value by a program that "
                "did not calculate it (the file asks Excel to recalculate on opening, so Excel "
                "shows a value the file does not hold; the cell is read as empty): open the "
                "file in Excel and save it, or paste the values over the formulas, and read "
                "it again")
    return (f"{', '.join(cells)}: a formula with no saved value (the program that wrote the "
            "file did not calculate it, so the cell reads as empty): open the file in Excel "
            "and save it, so the values are stored, and read it again")


def _letters(index: int) -> str:
    """A 0-based column index as its letters (0 is ``A``, 26 ``AA``)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out
