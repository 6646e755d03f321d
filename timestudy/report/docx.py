"""``report.docx``: the report as a Word document a consultant can edit and brand.

Built with python-docx on Word's own styles (Title, Subtitle, Heading 1-2,
Caption, a table style), so a house style is applied by changing styles, not
paragraphs. It opens with a cover (organisation, title, subtitle, date) and a
contents field that Word fills in on opening; tables repeat their header row on
each page; every figure of the HTML report is there as a picture; pages are A4
and numbered.
"""

from __future__ import annotations

import base64
import copy
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from timestudy.report.model import Report, Table

_CODE = re.compile(r"`([^`]+)`")
TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins


_STYLES = {"Title": WD_STYLE_TYPE.PARAGRAPH, "Subtitle": WD_STYLE_TYPE.PARAGRAPH,
           "Heading 1": WD_STYLE_TYPE.PARAGRAPH, "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
           "Caption": WD_STYLE_TYPE.PARAGRAPH, "Table Grid": WD_STYLE_TYPE.TABLE}


class _Doc:
    """A python-docx Document with its styles looked up once.

    python-docx finds a style's id by name on every paragraph, scanning the styles part
    each time; the few this report uses are looked up once here, and set by id.
    """

    def __init__(self, doc):
        self.doc = doc
        self.ids = {name: doc.part.get_style_id(name, kind) for name, kind in _STYLES.items()}

    def paragraph(self, text: str = "", style: str | None = None):
        """``doc.add_paragraph(text, style)``, the style set by its id."""
        p = self.doc.add_paragraph(text)
        if style is not None:
            p._p.style = self.ids[style]
        return p


def _field(paragraph, code: str, placeholder: str = "") -> None:
    """Add a Word field (``PAGE``, ``TOC ...``) to a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", code), ("separate", None),
                       ("text", placeholder), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            if text:
                el = OxmlElement("w:t")
                el.text = text
                run._r.append(el)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")
            run._r.append(el)


def _page_setup(doc) -> None:
    for s in doc.sections:
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin = s.right_margin = Cm(2.0)
        s.top_margin = s.bottom_margin = Cm(2.0)
        footer = s.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")  # Word offers to fill in the contents on opening
    update.set(qn("w:val"), "true")
    settings.append(update)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)


def _fld(run, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # Word fills in the page numbers on opening
    run._r.append(el)


def _contents(d: _Doc, report: Report) -> None:
    """A contents field whose shown result already lists the sections (page numbers come
    when Word updates it), so every application shows a contents list."""
    doc = d.doc
    entries = [(0, s.title) for s in report.sections] + [(0, "About this guide")]
    first = doc.add_paragraph()
    _fld(first.add_run(), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    first.add_run()._r.append(instr)
    _fld(first.add_run(), "separate")
    paragraph = first
    for i, (_, title) in enumerate(entries):
        if i:
            paragraph = doc.add_paragraph()
        paragraph.add_run(title)
        paragraph.paragraph_format.space_after = Pt(2)
    _fld(paragraph.add_run(), "end")


def _cover(d: _Doc, report: Report, organisation: str | None) -> None:
    doc = d.doc
    if organisation:
        p = doc.add_paragraph(organisation)
        p.runs[0].font.size = Pt(14)
        p.runs[0].font.color.rgb = RGBColor(0x57, 0x60, 0x6A)
    for _ in range(6):
        doc.add_paragraph()
    d.paragraph(report.title, "Title")
    d.paragraph(report.subtitle, "Subtitle")
    doc.add_paragraph(f"{date.today():%d %B %Y}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.paragraph("Contents", "Heading 1")
    _contents(d, report)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _text(d: _Doc, text: str, style: str | None = None):
    """A paragraph; `backticked` words in a monospaced font."""
    p = d.paragraph(style=style)
    for i, part in enumerate(_CODE.split(text)):
        run = p.add_run(part)
        if i % 2:
            run.font.name = "Consolas"
    return p


def _repeat_header(row) -> None:
    pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    pr.append(el)
    cant = OxmlElement("w:cantSplit")
    pr.append(cant)


def _cell_format(tc) -> None:
    """A cell's paragraphs without space after, their runs in 9 point."""
    for p in tc.p_lst:
        p.get_or_add_pPr().get_or_add_spacing().after = Pt(0)
        for r in p.r_lst:
            r.get_or_add_rPr().sz_val = Pt(9)


def _body_cell(tc) -> None:
    """A body cell emptied to one run of 9 point with an empty text element (found by tag
    and given the cell's text by :func:`_set_text`)."""
    tc.clear_content()
    tc.add_p().add_r().add_t("")
    _cell_format(tc)


def _header_cell(tc) -> None:
    """A header cell as python-docx makes one: its text (a placeholder, given the column's
    name by :func:`_set_text`) in bold, the cell shaded, in 9 point."""
    cell = _Cell(tc, None)
    cell.text = "x"
    cell.paragraphs[0].runs[0].font.bold = True
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:fill"), "EAEEF2")
    tc.get_or_add_tcPr().append(shade)
    _cell_format(tc)


def _fill_row(tr, fill: Callable) -> None:
    """Each cell of the row ``tr`` made by ``fill(tc)``: the first made so, the others its
    copies when every cell was the same XML before (new cells of equal width, as
    python-docx makes a table's), else each made so. python-docx takes a millisecond or
    so a cell to format (it finds where each element goes among its siblings): a copy is
    the same XML in a tenth of the time.

    Examples
    --------
    >>> from docx import Document
    >>> t = Document().add_table(rows=1, cols=3)
    >>> _fill_row(t.rows[0]._tr, _body_cell)
    >>> len({str(tc.xml) for tc in t.rows[0]._tr.tc_lst}), len(t.rows[0].cells)
    (1, 3)
    """
    tcs = tr.tc_lst
    same = len({str(tc.xml) for tc in tcs}) == 1
    fill(tcs[0])
    for tc in tcs[1:]:
        if same:
            tr.replace(tc, copy.deepcopy(tcs[0]))
        else:
            fill(tc)


def _body_rows(t, frame) -> None:
    """The rows of ``frame`` under the header: the first built by python-docx, the others
    copied from it (a cell's XML, and so its width and format, are the same in every row)
    with each cell's text set as python-docx sets it."""
    values = [["" if v is None else str(v) for v in r] for r in frame.itertuples(index=False)]
    first = t.add_row()
    _fill_row(first._tr, _body_cell)
    template = copy.deepcopy(first._tr)
    tbl, tr, tag = t._tbl, first._tr, qn("w:t")
    for i, row in enumerate(values):
        if i:
            tr = copy.deepcopy(template)
            tbl.append(tr)
        for t_el, text in zip(list(tr.iter(tag)), row, strict=True):
            _set_text(t_el, text)


def _set_text(t_el, text: str) -> None:
    """A cell's text put in its run (the parent of ``t_el``) as python-docx's ``run.text``
    puts it: plain text (no tab, line break or space at either end) straight into the text
    element, any other through python-docx (which also drops the element for no text)."""
    if text and len(text.strip()) == len(text) and not _BREAKS.search(text):
        t_el.text = text
    else:
        t_el.getparent().text = text


_BREAKS = re.compile(r"[\t\r\n]")


def _table(d: _Doc, table: Table) -> None:
    doc = d.doc
    frame = table.frame
    caption = d.paragraph(table.caption, "Caption")
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(10)
    if frame.empty:
        doc.add_paragraph("(none)")
        return
    t = doc.add_table(rows=1, cols=len(frame.columns))
    t._tbl.tblStyle_val = d.ids["Table Grid"]
    head = t.rows[0]
    _fill_row(head._tr, _header_cell)
    for t_el, name in zip(list(head._tr.iter(qn("w:t"))), frame.columns, strict=True):
        _set_text(t_el, str(name))
    _repeat_header(head)
    _body_rows(t, frame)
    if table.note:
        p = doc.add_paragraph(table.note)
        p.runs[0].font.size = Pt(9)
        p.runs[0].font.italic = True


def _figure(d: _Doc, block):
    """The figure's caption, after an empty paragraph for its picture (:func:`_picture`)."""
    place = d.doc.add_paragraph()
    d.paragraph(block.caption, "Caption")
    return place


def _picture(place, block, png: bytes) -> None:
    """The figure's picture put in its paragraph, centred and kept with its caption."""
    width = min(TEXT_WIDTH_CM, block.size[0] * 2.54)
    place.add_run().add_picture(io.BytesIO(png), width=Cm(width))
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.paragraph_format.keep_with_next = True


def _provenance(d: _Doc, report: Report) -> None:
    d.paragraph("About this guide", "Heading 1")
    t = d.doc.add_table(rows=0, cols=2)
    t._tbl.tblStyle_val = d.ids["Table Grid"]
    for k, v in report.provenance:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = str(k), str(v)


def write_docx(report: Report, path: str | Path, *, organisation: str | None = None,
              pngs: dict | Callable[[], dict] | None = None) -> Path:
    """Write a report as a Word document.

    Parameters
    ----------
    report : Report
        From :func:`timestudy.report.build_report`.
    path : str or Path
        The ``.docx`` file to write.
    organisation : str, optional
        Named on the cover.
    pngs : dict or callable, optional
        Figures already drawn (key -> base64 PNG), as :func:`write_outputs` shares them;
        or, for figures still being drawn elsewhere, a function called once the text is
        laid out that returns every figure (key -> PNG bytes). Drawn here when not given.

    Returns
    -------
    Path

    Examples
    --------
    >>> import base64, tempfile, pathlib
    >>> from docx import Document
    >>> from timestudy.examples import example_run
    >>> from timestudy.report import build_report
    >>> from timestudy.report.html import figure_pngs
    >>> report = build_report(example_run())
    >>> drawn = figure_pngs(report.figures, 150)  # or leave pngs out: drawn in write_docx
    >>> p = write_docx(report, pathlib.Path(tempfile.mkdtemp()) / "report.docx", pngs=drawn)
    >>> [x.text for x in Document(p).paragraphs if x.style.name == "Heading 1"][:2]
    ['Contents', 'At a glance']

    The same document when the figures come once the text is laid out:

    >>> as_bytes = {k: base64.b64decode(v) for k, v in drawn.items()}
    >>> q = write_docx(report, p.with_name("later.docx"), pngs=lambda: as_bytes)
    >>> import zipfile
    >>> parts = [{n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    ...          for z in (zipfile.ZipFile(p), zipfile.ZipFile(q))]
    >>> parts[0] == parts[1]
    True
    """
    from timestudy.report.html import figure_png

    doc = Document()
    _page_setup(doc)
    doc.core_properties.title = report.title
    doc.core_properties.author = organisation or ""
    d = _Doc(doc)
    _cover(d, report, organisation)
    places = []
    for section in report.sections:
        d.paragraph(section.title, "Heading 1")
        for b in section.blocks:
            if b.kind == "heading":
                d.paragraph(b.text, "Heading 2")
            elif b.kind == "text":
                _text(d, b.text)
            elif b.kind == "table":
                _table(d, b)
            elif b.kind == "figure":
                places.append((_figure(d, b), b))
    _provenance(d, report)
    drawn = pngs() if callable(pngs) else {
        k: base64.b64decode(v) for k, v in (pngs or {}).items() if v}
    for place, b in places:
        _picture(place, b, drawn.get(b.key) or base64.b64decode(figure_png(b, dpi=150)))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
