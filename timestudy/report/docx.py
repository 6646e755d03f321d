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
import io
import re
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from timestudy.report.model import Report, Table

_CODE = re.compile(r"`([^`]+)`")
TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins


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


def _contents(doc, report: Report) -> None:
    """A contents field whose shown result already lists the sections (page numbers come
    when Word updates it), so every application shows a contents list."""
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


def _cover(doc, report: Report, organisation: str | None) -> None:
    if organisation:
        p = doc.add_paragraph(organisation)
        p.runs[0].font.size = Pt(14)
        p.runs[0].font.color.rgb = RGBColor(0x57, 0x60, 0x6A)
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.subtitle, style="Subtitle")
    doc.add_paragraph(f"{date.today():%d %B %Y}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Contents", style="Heading 1")
    _contents(doc, report)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _text(doc, text: str, style: str | None = None):
    """A paragraph; `backticked` words in a monospaced font."""
    p = doc.add_paragraph(style=style)
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


def _table(doc, table: Table) -> None:
    frame = table.frame
    caption = doc.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(10)
    if frame.empty:
        doc.add_paragraph("(none)")
        return
    t = doc.add_table(rows=1, cols=len(frame.columns))
    t.style = "Table Grid"
    for cell, name in zip(t.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
        cell.paragraphs[0].runs[0].font.bold = True
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "EAEEF2")
        cell._tc.get_or_add_tcPr().append(shade)
    _repeat_header(t.rows[0])
    for values in frame.itertuples(index=False):
        cells = t.add_row().cells
        for cell, v in zip(cells, values, strict=True):
            cell.text = "" if v is None else str(v)
    for row in t.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for r in p.runs:
                    r.font.size = Pt(9)
    if table.note:
        p = doc.add_paragraph(table.note)
        p.runs[0].font.size = Pt(9)
        p.runs[0].font.italic = True


def _figure(doc, block, png: str) -> None:
    width = min(TEXT_WIDTH_CM, block.size[0] * 2.54)
    doc.add_picture(io.BytesIO(base64.b64decode(png)), width=Cm(width))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_paragraph(block.caption, style="Caption")


def _provenance(doc, report: Report) -> None:
    doc.add_paragraph("About this guide", style="Heading 1")
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k, v in report.provenance:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = str(k), str(v)


def write_docx(report: Report, path: str | Path, *, organisation: str | None = None,
              pngs: dict | None = None) -> Path:
    """Write a report as a Word document.

    Parameters
    ----------
    report : Report
        From :func:`timestudy.report.build_report`.
    path : str or Path
        The ``.docx`` file to write.
    organisation : str, optional
        Named on the cover.
    pngs : dict, optional
        Figures already drawn (key -> base64 PNG), as :func:`write_outputs` shares them.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from docx import Document
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import build_report
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> report = build_report(run_study(s.diary, s.cases, s.workers, n_boot=19))
    >>> p = write_docx(report, pathlib.Path(tempfile.mkdtemp()) / "report.docx")
    >>> [x.text for x in Document(p).paragraphs if x.style.name == "Heading 1"][:2]
    ['Contents', 'At a glance']
    """
    from timestudy.report.html import figure_png

    doc = Document()
    _page_setup(doc)
    doc.core_properties.title = report.title
    doc.core_properties.author = organisation or ""
    _cover(doc, report, organisation)
    for section in report.sections:
        doc.add_paragraph(section.title, style="Heading 1")
        for b in section.blocks:
            if b.kind == "heading":
                doc.add_paragraph(b.text, style="Heading 2")
            elif b.kind == "text":
                _text(doc, b.text)
            elif b.kind == "table":
                _table(doc, b)
            elif b.kind == "figure":
                _figure(doc, b, (pngs or {}).get(b.key) or figure_png(b, dpi=150))
    _provenance(doc, report)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
