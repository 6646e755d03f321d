"""``report.pdf``: the report on A4, with a cover, contents, repeated table headers and page numbers.

Written with reportlab (pure Python, installed by pip) in DejaVu Sans, the font
matplotlib ships, so every character of the report (en dashes, ≥, ×) prints. Here: the
pages, their styles, paragraphs and tables, and the document's parts in order; its
figures are put in as their PNGs' own rows by :mod:`timestudy.report.pdf_pictures`
(:class:`Pending` when they are still being drawn).
"""

from __future__ import annotations

import base64
import io
import re
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
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
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
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser
from reportlab.platypus.tableofcontents import TableOfContents

from timestudy.report.model import Report, Table
from timestudy.report.pdf_pictures import Pending, Picture, png_rows

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
    pass's pages are thrown away, only where each flowable falls is kept.

    Its lines are broken once for each width: a table measures each cell's paragraph,
    then draws it, and on each of the two passes (four breaks where one does). Wrapped
    again at the width it was last wrapped at, with nothing of it changed since (each of
    its attributes the same object), it keeps the lines it has: breaking them again from
    that state gives the same lines. A paragraph that has been split is broken again.
    """

    _wrapped: tuple | None = None

    def wrap(self, availWidth, availHeight):
        done = self._wrapped
        if done is not None and done[0] == availWidth and _unchanged(self.__dict__, done[2]):
            return done[1]
        size = super().wrap(availWidth, availHeight)
        state = {k: v for k, v in self.__dict__.items() if k not in _PLACED}
        state.pop("_wrapped", None)
        self._wrapped = (availWidth, size, state)
        return size

    def split(self, availWidth, availHeight):
        self.__dict__.pop("_wrapped", None)
        return super().split(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        if not getattr(canvas, "_sketch", False):
            super().drawOn(canvas, x, y, _sW)


#: What a frame and drawing set on a flowable (its canvas, its frame): not the lines.
_PLACED = frozenset({"canv", "_frame"})


def _unchanged(now: dict, then: dict) -> bool:
    """Whether a paragraph's attributes (``now``) are the objects they were (``then``), its
    ``_wrapped`` and where it was placed (:data:`_PLACED`) apart.

    Examples
    --------
    >>> line = []
    >>> _unchanged({"blPara": line, "canv": 1, "_wrapped": 0}, {"blPara": line})
    True
    >>> _unchanged({"blPara": []}, {"blPara": line}), _unchanged({}, {"blPara": line})
    (False, False)
    """
    keys = now.keys() - _PLACED - {"_wrapped"}
    return keys == then.keys() and all(now[k] is then[k] for k in keys)


class _Table(PdfTable):
    """A table not drawn on the first pass (as :class:`_Paragraph`)."""

    def drawOn(self, canvas, x, y, _sW=0):
        if not getattr(canvas, "_sketch", False):
            super().drawOn(canvas, x, y, _sW)


def _para(text: str, style: str) -> Paragraph:
    """Escaped text; `backticked` words in a monospaced font.

    Plain text (no tag, no character escaped) is not parsed: it is the one fragment
    reportlab's parser makes of it (:func:`_plain_frags`), its whitespace cleaned as the
    parser's caller cleans it. Parsing was a fifth of the PDF's writing (1,294
    paragraphs, nearly all table cells, for 120 workers).
    """
    parts = _CODE.split(str(text))
    html = "".join(escape(p) if i % 2 == 0 else f"<font face='Courier'>{escape(p)}</font>"
                   for i, p in enumerate(parts))
    if "<" in html or "&" in html:
        return _Paragraph(html, _styles()[style])
    plain = cleanBlockQuotedText(html)
    return _Paragraph(plain, _styles()[style], frags=_plain_frags(plain, style))


@cache
def _frag(style: str):
    """The fragment reportlab's parser makes of a one-word paragraph in ``style``."""
    return ParaParser().parse("x", _styles()[style])[1][0]


def _plain_frags(plain: str, style: str) -> list:
    """The fragments reportlab's parser makes of ``plain``, text already cleaned
    (``cleanBlockQuotedText``) with no tag and nothing to unescape: one fragment of the
    style's font with that text, or none for no text; ``style``'s text transform (if any)
    applied, as the parser's caller applies it.

    Examples
    --------
    >>> [f.text for f in _plain_frags("12.5 (10.1 to 13.0)", "cell")], _plain_frags("", "cell")
    (['12.5 (10.1 to 13.0)'], [])
    """
    frags = [_frag(style).clone(text=plain, link=[], us_lines=[])] if plain else []
    textTransformFrags(frags, _styles()[style])
    return frags


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


def _figure(block, png) -> list:
    """A figure and its caption: ``png`` its base64 PNG, or the :class:`Pending` drawing."""
    if isinstance(png, Pending):
        w, h = png.pixels[block.key]
        rows = png.rows(block.key)
    else:
        data = base64.b64decode(png)
        found = png_rows(data)
        w, h = found[:2] if found else ImageReader(io.BytesIO(data)).getSize()
        rows = (lambda: found[2]) if found else None
    width = min(WIDTH, block.size[0] * 72)
    height = width * h / w
    if height > A4[1] * 0.6:
        height = A4[1] * 0.6
        width = height * w / h
    image = (Picture(block.key, (w, h), rows, width, height) if rows
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
    >>> import base64, tempfile, pathlib
    >>> from timestudy.examples import example_run
    >>> from timestudy.report import build_report
    >>> from timestudy.report.html import figure_pngs
    >>> report = build_report(example_run())
    >>> drawn = figure_pngs(report.figures, 150)  # or leave pngs out: drawn in write_pdf
    >>> p = write_pdf(report, pathlib.Path(tempfile.mkdtemp()) / "report.pdf", pngs=drawn)
    >>> p.read_bytes()[:5]
    b'%PDF-'

    The same file when the figures are still being drawn as the pages are laid out:

    >>> from timestudy.plots.render import png_size
    >>> from timestudy.report.pdf_pictures import Pending
    >>> sizes = {f.key: png_size(f.size, 150) for f in report.figures}
    >>> later = Pending(sizes, lambda: {k: base64.b64decode(v) for k, v in drawn.items()})
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
