"""report.docx's header cells made once a table and copied (issue 18, item 6).

Each header cell was given its text, bold, shading and 9 point one cell at a time through
python-docx, which finds where each new element goes among its siblings: about a
millisecond a cell, 104 header cells (and as many in each table's first row) for 120
workers. Now the first cell of the row is made so and the others are copies of it, their
texts then set, as the body rows already were: the same XML (report.docx's parts were
unchanged on the 120-worker study).
"""

from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

import timestudy.report.docx as docx_writer
from timestudy.report.docx import _Doc, _table
from timestudy.report.model import Table

NAMES = st.lists(
    st.sampled_from(["task", "hours per month", "", " lead", "trail ", "a\tb", "x\ny", "≥ 5"])
    | st.text(max_size=12),
    min_size=1,
    max_size=6,
)


def _python_docx_header(doc, names: list[str]):
    """The header row as it was made: each cell through python-docx."""
    t = doc.add_table(rows=1, cols=len(names))
    for cell, name in zip(t.rows[0].cells, names, strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].font.bold = True
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "EAEEF2")
        cell._tc.get_or_add_tcPr().append(shade)
        docx_writer._cell_format(cell._tc)
    return t.rows[0]._tr


def _copied_header(doc, names: list[str]):
    from timestudy.report.docx import _fill_row, _header_cell

    t = doc.add_table(rows=1, cols=len(names))
    tr = t.rows[0]._tr
    _fill_row(tr, _header_cell)
    for t_el, name in zip(list(tr.iter(qn("w:t"))), names, strict=True):
        docx_writer._set_text(t_el, name)
    return tr


def _clean(text: str) -> str:
    """Text XML can hold (no control characters but tab and line breaks)."""
    return "".join(c for c in text if c in "\t\n" or (ord(c) >= 32 and c not in "\ud800"))


@settings(deadline=None, max_examples=150)
@given(names=NAMES)
def test_header_row_the_same_xml_as_cell_by_cell(names):
    """Any header names (empty, spaces at either end, tabs, line breaks, any text): the
    row's XML is what python-docx makes of them cell by cell."""
    names = [_clean(n) for n in names]
    doc = Document()
    assert str(_copied_header(doc, names).xml) == str(_python_docx_header(doc, names).xml)


def test_cells_formatted_once_a_row(monkeypatch):
    """A table of five columns: its header and first row each formatted once (the other
    cells copies), two calls; before, one a cell, ten."""
    import pandas as pd

    calls = []
    real = docx_writer._cell_format
    monkeypatch.setattr(docx_writer, "_cell_format", lambda tc: (calls.append(tc), real(tc)))
    frame = pd.DataFrame(
        [["a", "1", "2", "3", "4"], ["b", "5", "6", "7", ""]],
        columns=["task", "CIN", "CLA", "CP", "all"],
    )
    _table(_Doc(Document()), Table("Hours", frame))
    assert len(calls) == 2
