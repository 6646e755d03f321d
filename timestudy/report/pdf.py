"""``report.pdf``: the report on A4, with a cover, contents, repeated table headers and page numbers.

Written with reportlab (pure Python, installed by pip) in DejaVu Sans, the font
matplotlib ships, so every character of the report (en dashes, ≥, ×) prints.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import struct
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from timestudy.report.model import Report, Table

MARGIN = 2 * cm
WIDTH = A4[0] - 2 * MARGIN
_CODE = re.compile(r"`([^`]+)`")


@cache
def _fonts() -> str:
    """Register DejaVu Sans from matplotlib's fonts; return the family name."""
    from importlib.util import find_spec

    # matplotlib's own copy of DejaVu (found, not imported: pictures stay in plots.py)
    folder = Path(find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf"
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                       ("DejaVu-Italic", "DejaVuSans-Oblique.ttf"),
                       ("DejaVu-BoldItalic", "DejaVuSans-BoldOblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold",
                                  italic="DejaVu-Italic", boldItalic="DejaVu-BoldItalic")
    return "DejaVu"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    font = _fonts()
    base = getSampleStyleSheet()
    s = {
        "body": ParagraphStyle("body", base["BodyText"], fontName=font, fontSize=9.5,
                               leading=13, spaceAfter=5),
        "h1": ParagraphStyle("h1", base["Heading1"], fontName=font + "-Bold", fontSize=16,
                             spaceBefore=6, spaceAfter=8, textColor=colors.HexColor("#1F3B57")),
        "h2": ParagraphStyle("h2", base["Heading2"], fontName=font + "-Bold", fontSize=12,
                             spaceBefore=8, spaceAfter=4),
        "title": ParagraphStyle("title", base["Title"], fontName=font + "-Bold", fontSize=26,
                                leading=32, alignment=0),
        "subtitle": ParagraphStyle("subtitle", base["BodyText"], fontName=font, fontSize=13,
                                   leading=18, textColor=colors.HexColor("#57606A")),
        "caption": ParagraphStyle("caption", base["BodyText"], fontName=font + "-Bold",
                                  fontSize=9, spaceBefore=6, spaceAfter=3),
        "note": ParagraphStyle("note", base["BodyText"], fontName=font + "-Italic", fontSize=8,
                               leading=10, textColor=colors.HexColor("#57606A"), spaceAfter=6),
        "cell": ParagraphStyle("cell", base["BodyText"], fontName=font, fontSize=7.5,
                               leading=9),
        "head": ParagraphStyle("head", base["BodyText"], fontName=font + "-Bold", fontSize=7.5,
                               leading=9),
        "toc1": ParagraphStyle("toc1", fontName=font, fontSize=11, leading=16, leftIndent=0),
        "toc2": ParagraphStyle("toc2", fontName=font, fontSize=9.5, leading=13, leftIndent=14),
    }
    return s


def warm() -> None:
    """The fonts registered and the styles made now, so the first PDF is written sooner.

    Examples
    --------
    >>> warm()
    """
    _styles()


class _Document(BaseDocTemplate):
    """A4 pages with page numbers; headings feed the contents."""

    def __init__(self, path: str, title: str, **kw):
        super().__init__(path, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN, title=title, **kw)
        frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._number)])
        self._title = title
        self._pass = 0
        self.setProgressCallBack(self._progress)

    def _progress(self, kind: str, value) -> None:
        if kind == "PASS":
            self._pass = value

    def handle_documentBegin(self) -> None:
        """The first pass only finds the pages the headings fall on (for the contents):
        paragraphs and tables are laid out on it but not drawn (:class:`_Paragraph`)."""
        self.canv._sketch = self._pass == 1
        super().handle_documentBegin()

    def _number(self, canvas, doc) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(_fonts(), 8)
        canvas.setFillColor(colors.HexColor("#57606A"))
        canvas.drawString(MARGIN, MARGIN / 2, self._title)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN / 2, f"Page {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "_toc_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page, key))


class _Paragraph(Paragraph):
    """A paragraph not drawn on the first of the passes that number the contents: that
    pass's pages are thrown away, only where each flowable falls is kept."""

    def drawOn(self, canvas, x, y, _sW=0):
        if not getattr(canvas, "_sketch", False):
            super().drawOn(canvas, x, y, _sW)


class _Table(PdfTable):
    """A table not drawn on the first pass (as :class:`_Paragraph`)."""

    def drawOn(self, canvas, x, y, _sW=0):
        if not getattr(canvas, "_sketch", False):
            super().drawOn(canvas, x, y, _sW)


def _para(text: str, style: str) -> Paragraph:
    """Escaped text; `backticked` words in a monospaced font."""
    parts = _CODE.split(str(text))
    html = "".join(escape(p) if i % 2 == 0 else f"<font face='Courier'>{escape(p)}</font>"
                   for i, p in enumerate(parts))
    return _Paragraph(html, _styles()[style])


def _heading(text: str, level: int) -> Paragraph:
    p = _para(text, "h1" if level == 0 else "h2")
    p._toc_level = level
    return p


def _widths(table: Table, char: float = 4.8, pad: float = 8.0) -> list[float]:
    """Column widths that never break a word or a short figure, text columns taking the rest.

    Each column needs at least its longest header word and its longest short cell (a
    figure or an interval, up to 16 characters) on one line; what is left of the page is
    shared in proportion to how much more each column's longest text would like.
    """
    frame = table.frame
    need, want = [], []
    for c in frame.columns:
        cells = [str(v) for v in frame[c] if v is not None]
        words = [min(len(w), LONG_WORD) for t in cells for w in t.split()] or [4]
        head = max(len(w) for w in str(c).split()) * 1.15  # bold
        short = [len(t) for t in cells if len(t) <= 16]
        low = max([max(words), head, *short])
        need.append(low * char + pad)
        want.append(max(low, min(max([len(t) for t in cells] + [len(str(c)) // 2]), 48))
                    * char + pad)
    spare = WIDTH - sum(need)
    if spare <= 0:
        return [WIDTH * n / sum(need) for n in need]
    extra = [w - n for w, n in zip(want, need, strict=True)]
    if sum(extra) <= spare:
        grow = (WIDTH - sum(want)) / len(want)
        return [w + grow for w in want]
    return [n + spare * e / sum(extra) for n, e in zip(need, extra, strict=True)]


LONG_WORD = 30  # characters: a longer word in a table cell is broken to fit its column
LONG_CELL = 300  # characters: a longer cell is cut, with an ellipsis


def _fit(value) -> str:
    """A cell's text within :data:`LONG_CELL`, no word longer than :data:`LONG_WORD`."""
    text = str(value)
    if len(text) > LONG_CELL:
        text = text[: LONG_CELL - 1] + "…"
    return " ".join(" ".join(w[i:i + LONG_WORD] for i in range(0, len(w), LONG_WORD))
                    for w in text.split(" "))


def _table(table: Table) -> list:
    frame = table.frame
    out = [_para(table.caption, "caption")]
    if frame.empty:
        return [*out, _para("(none)", "body")]
    rows = [[_para(_fit(c), "head") for c in frame.columns]]
    rows += [[_para("" if v is None else _fit(v), "cell") for v in r]
             for r in frame.itertuples(index=False)]
    t = _Table(rows, colWidths=_widths(table), repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EAEEF2")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BFC5CC")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    out = [KeepTogether(out + [t])] if len(frame) <= 12 else [*out, t]
    if table.note:
        out.append(_para(table.note, "note"))
    return out


def _png_rows(png: bytes) -> tuple[int, int, bytes] | None:
    """Width, height and compressed rows of an 8-bit RGB, non-interlaced PNG, else None.

    A PNG's image data (its IDAT chunks, joined) is a zlib stream of rows each led by
    a PNG filter byte: what a PDF image with ``/FlateDecode`` and PNG predictors holds.

    Examples
    --------
    >>> from PIL import Image as PILImage
    >>> b = io.BytesIO(); PILImage.new("RGB", (3, 2), "white").save(b, format="png")
    >>> _png_rows(b.getvalue())[:2]
    (3, 2)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", png[16:29])
    if (depth, colour, interlace) != (8, 2, 0):
        return None
    parts, pos = [], 8
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        if png[pos + 4:pos + 8] == b"IDAT":
            parts.append(png[pos + 8:pos + 8 + length])
        pos += 12 + length
    return width, height, b"".join(parts)


class _PngXObject(pdfdoc.PDFImageXObject):
    """A PDF image holding a PNG's own compressed rows (Flate with PNG predictors)."""

    def __init__(self, name: str, width: int, height: int, rows: Callable[[], bytes]):
        self.name, self.mask = name, None
        self.width, self.height, self._rows = width, height, rows
        self._filters = ("FlateDecode",)
        self.colorSpace, self.bitsPerComponent = "DeviceRGB", 8

    def format(self, document):
        self.streamContent = self._rows()  # when the file is saved: maybe drawn meanwhile
        stream = pdfdoc.PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"], d["Subtype"] = pdfdoc.PDFName("XObject"), pdfdoc.PDFName("Image")
        d["Width"], d["Height"], d["BitsPerComponent"] = self.width, self.height, 8
        d["ColorSpace"] = pdfdoc.PDFName("DeviceRGB")
        d["Filter"] = pdfdoc.PDFName("FlateDecode")
        d["DecodeParms"] = pdfdoc.PDFDictionary(
            {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": self.width})
        d["Length"] = len(self.streamContent)
        return stream.format(document)


class _Picture(Flowable):
    """A PNG drawn as it is: its compressed rows go into the PDF without being decoded
    and compressed again (on each of the passes that number the contents).

    The rows are asked of ``rows()`` only when the file is saved, after the last pass: a
    figure still being drawn elsewhere (:class:`Pending`) takes its place on the page by
    its size in pixels alone. The image is named by the figure's key.
    """

    def __init__(self, key: str, pixels: tuple[int, int], rows, width: float, height: float):
        super().__init__()
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = "CENTER"  # as reportlab's Image
        self._pixels, self._rows = pixels, rows
        self._name = hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest()

    def wrap(self, availWidth, availHeight):
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canv, name = self.canv, self._name
        doc = canv._doc
        reg = doc.getXObjectName(name)
        if doc.idToObject.get(reg) is None:
            obj = _PngXObject(name, *self._pixels, self._rows)
            canv._setXObjects(obj)
            doc.Reference(obj, reg)
            doc.addForm(name, obj)
        canv.saveState()
        canv.scale(self.drawWidth, self.drawHeight)
        canv._code.append(f"/{reg} Do")
        canv.restoreState()
        canv._formsinuse.append(name)


class Pending:
    """Figures still being drawn by another process when the PDF is begun.

    ``pixels`` gives each figure's width and height in pixels (key -> (int, int)), enough
    to lay out the pages; ``fetch()`` returns every PNG (key -> PNG bytes), waiting for
    them, and is called once, when the file is saved. A PNG of another size than said, or
    not an 8-bit RGB PNG, raises ValueError: nothing is written.
    """

    def __init__(self, pixels: dict, fetch: Callable[[], dict]):
        self.pixels, self._fetch, self._got = pixels, fetch, None

    def rows(self, key: str) -> Callable[[], bytes]:
        """The compressed rows of the figure ``key``, once ``fetch()`` has them."""

        def rows() -> bytes:
            if self._got is None:
                self._got = self._fetch()
            found = _png_rows(self._got[key])
            if found is None or found[:2] != tuple(self.pixels[key]):
                raise ValueError(f"figure {key}: not the {self.pixels[key]} RGB PNG laid out")
            return found[2]

        return rows


def _figure(block, png) -> list:
    """A figure and its caption: ``png`` its base64 PNG, or the :class:`Pending` drawing."""
    if isinstance(png, Pending):
        w, h = png.pixels[block.key]
        rows = png.rows(block.key)
    else:
        data = base64.b64decode(png)
        found = _png_rows(data)
        w, h = found[:2] if found else ImageReader(io.BytesIO(data)).getSize()
        rows = (lambda: found[2]) if found else None
    width = min(WIDTH, block.size[0] * 72)
    height = width * h / w
    if height > A4[1] * 0.6:
        height = A4[1] * 0.6
        width = height * w / h
    image = (_Picture(block.key, (w, h), rows, width, height) if rows
             else Image(io.BytesIO(data), width=width, height=height))
    return [KeepTogether([image, _para(block.caption, "note")])]


def _cover(report: Report, organisation: str | None) -> list:
    s = _styles()
    story = []
    if organisation:
        story.append(_para(organisation, "subtitle"))
    story += [Spacer(1, 6 * cm), _para(report.title, "title"), Spacer(1, 0.4 * cm),
              _para(report.subtitle, "subtitle"), Spacer(1, 0.4 * cm),
              _para(f"{date.today():%d %B %Y}", "body"), PageBreak(),
              _para("Contents", "h1")]
    toc = TableOfContents()
    toc.levelStyles = [s["toc1"], s["toc2"]]
    story += [toc, PageBreak()]
    return story


def _story(report: Report, organisation: str | None, pngs=None) -> list:
    from timestudy.report.html import figure_png

    story = _cover(report, organisation)
    for section in report.sections:
        story.append(_heading(section.title, 0))
        for b in section.blocks:
            if b.kind == "heading":
                story.append(_heading(b.text, 1))
            elif b.kind == "text":
                story.append(_para(b.text, "body"))
            elif b.kind == "table":
                story += _table(b)
            elif b.kind == "figure":
                got = pngs if isinstance(pngs, Pending) else (pngs or {}).get(b.key)
                story += _figure(b, got or figure_png(b, dpi=150))
    story.append(_heading("About this guide", 0))
    story += _table(Table("Provenance", _frame(report.provenance)))
    return story


def _frame(pairs):
    import pandas as pd

    return pd.DataFrame(pairs, columns=["item", "value"]).astype(object)


def write_pdf(report: Report, path: str | Path, *, organisation: str | None = None,
              pngs: dict | Pending | None = None) -> Path:
    """Write a report as an A4 PDF: cover, contents, sections, page numbers.

    Parameters
    ----------
    report : Report
        From :func:`timestudy.report.build_report`.
    path : str or Path
        The ``.pdf`` file to write.
    organisation : str, optional
        Named on the cover.
    pngs : dict or Pending, optional
        Figures already drawn (key -> base64 PNG), as :func:`write_outputs` shares them,
        or being drawn (:class:`Pending`: the pages are laid out meanwhile); drawn here
        when not given.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import build_report
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> report = build_report(run_study(s.diary, s.cases, s.workers, n_boot=19))
    >>> p = write_pdf(report, pathlib.Path(tempfile.mkdtemp()) / "report.pdf")
    >>> p.read_bytes()[:5]
    b'%PDF-'

    The same file when the figures are still being drawn as the pages are laid out:

    >>> from timestudy.plots.render import png_size
    >>> from timestudy.report.html import figure_pngs
    >>> drawn = {k: base64.b64decode(v) for k, v in figure_pngs(report.figures, 150).items()}
    >>> later = Pending({f.key: png_size(f.size, 150) for f in report.figures}, lambda: drawn)
    >>> q = write_pdf(report, p.with_name("later.pdf"), pngs=later)
    >>> q.read_bytes() == p.read_bytes()
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = _Document(str(path), report.title, author=organisation or "",
                    creator="timestudy", invariant=1)
    # Binary streams: reportlab's ASCII85 text encoding of every image, in pure Python where
    # its C accelerator is not installed, took longer than the rest of the PDF.
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        doc.multiBuild(_story(report, organisation, pngs))
    finally:
        rl_config.useA85 = a85
    return path
