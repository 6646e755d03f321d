"""report.docx and report.pdf open, hold every headline figure, real headings, tables and
figures; the headline sentences are built from guide.json (change a figure, the sentence
changes)."""

from __future__ import annotations

import json
import re

import pytest
from docx import Document

from timestudy import TimeGuide
from timestudy.report import build_report
from timestudy.report.docx import write_docx
from timestudy.report.format import number, percent
from timestudy.report.headline import headline_sentences
from timestudy.report.html import figure_png
from timestudy.report.pdf import write_pdf

pypdf = pytest.importorskip("pypdf")


def _figures(meta: dict) -> list[str]:
    """Every headline figure as the report prints it."""
    h = meta["headline"]
    out = [number(h["held_cases_per_fte"], 1), number(h["fte_in_post"], 1)]
    for key in ("supported_cases_per_fte", "fte_needed", "hours_worked_per_fte_week"):
        out += [number(h[key][k], 1) for k in ("estimate", "ci_low", "ci_high")]
    if h["share_over_capacity"]:  # withheld when a count is under the threshold (audit20b)
        out += [percent(h["share_over_capacity"][k]) for k in ("estimate", "ci_low", "ci_high")]
    out += [number(-h["gap_fte"]["estimate"], 1), number(h["staffing_ratio"]["estimate"], 2)]
    return out


@pytest.fixture(scope="module")
def documents(sim_run, tmp_path_factory):
    """The report, its Word and PDF files and its figures' PNGs (by key): each figure drawn
    once for both files, as ``write_outputs`` does."""
    folder = tmp_path_factory.mktemp("docs")
    report = build_report(sim_run[1], title="Anytown time study")
    pngs = {f.key: figure_png(f, dpi=150) for f in report.figures}
    docx = write_docx(report, folder / "report.docx", organisation="Anytown Council", pngs=pngs)
    pdf = write_pdf(report, folder / "report.pdf", organisation="Anytown Council", pngs=pngs)
    return report, docx, pdf, pngs


def _pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_docx_has_cover_contents_headings_tables_figures(documents, sim_run):
    report, docx_path, _, _ = documents
    doc = Document(str(docx_path))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", "Anytown time study") in styles
    assert styles[0] == ("Normal", "Anytown Council")
    headings = [t for s, t in styles if s == "Heading 1"]
    assert headings[:2] == ["Contents", "At a glance"]
    assert [s.title for s in report.sections] == headings[1:-1]
    assert 'TOC \\o "1-2"' in doc.element.xml
    n_tables = sum(b.kind == "table" for s in report.sections for b in s.blocks)
    assert len(doc.tables) == n_tables + 1  # and the provenance
    assert all("w:tblHeader" in t.rows[0]._tr.xml for t in doc.tables[:-1])
    assert len(doc.inline_shapes) == len(report.figures)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_docx_and_pdf_hold_every_headline_figure(documents, sim_run):
    _, docx_path, pdf_path, _ = documents
    meta = sim_run[1].guide.meta
    doc_text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    pdf_text = re.sub(r"\s+", " ", _pdf_text(pdf_path))
    for sentence in headline_sentences(meta):
        assert sentence in doc_text
    for figure in _figures(meta):
        assert figure in doc_text, figure
        assert figure in pdf_text, figure


def test_pdf_is_a4_with_page_numbers_and_contents(documents):
    report, _, pdf_path, _ = documents
    reader = pypdf.PdfReader(str(pdf_path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    texts = [page.extract_text() for page in reader.pages]
    assert "Anytown Council" in texts[0] and "Anytown time study" in texts[0]
    assert "Contents" in texts[1] and "At a glance" in texts[1]
    for i, text in enumerate(texts[1:], start=2):
        assert f"Page {i}" in text
    tasks = [i for i, t in enumerate(texts) if "Time per piece of work" in t]
    assert tasks, "the time-per-piece-of-work table is in the PDF"


def test_headline_is_built_from_guide_json(sim_run, tmp_path):
    """Change a figure in guide.json: the report's first sentence changes with it."""
    guide = sim_run[1].guide
    raw = json.loads(guide.to_json())
    first = build_report(TimeGuide.from_dict(raw)).section("summary").blocks[0].text
    h = raw["meta"]["headline"]
    assert number(h["supported_cases_per_fte"]["estimate"], 1) in first
    h["supported_cases_per_fte"] = {"estimate": 12.34, "ci_low": 11.11, "ci_high": 13.57}
    h["held_cases_per_fte"] = 24.68
    changed = build_report(TimeGuide.from_dict(raw)).section("summary").blocks[0].text
    assert "supports 12.3 cases per full-time worker (interval 11.1 to 13.6)" in changed
    assert "hold 24.7 per FTE, 2.0 times as many" in changed
    raw["meta"]["headline"] = None
    summary = build_report(TimeGuide.from_dict(raw)).section("summary")
    assert not summary.blocks[0].text.startswith("For this case mix")


def test_no_snake_case_in_what_people_read(documents):
    _, docx_path, pdf_path, _ = documents
    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    found = set(re.findall(r"\b[a-z]+_[a-z_]+\b", text))
    assert found <= {"statutory_vist"}, found  # only a user's misspelling quoted in a warning
    assert "Uplifts (should)" not in text


@pytest.mark.parametrize("uplifts", [True, False])
def test_should_legend_only_with_uplifts(sim_run, uplifts):
    from dataclasses import replace

    from matplotlib.figure import Figure

    guide = sim_run[1].guide
    if not uplifts:
        guide = replace(
            guide,
            adjustments=None,
            case_types=guide.case_types.assign(uplift=float("nan")),
            tasks=guide.tasks.assign(uplift=float("nan")),
        )
    report = build_report(guide)
    for key in ("case_weights", "task_hours"):
        fig = next(f for f in report.figures if f.key == key)
        ax = Figure().subplots()
        fig.draw(ax)
        legend = ax.get_legend()
        texts = [t.get_text() for t in legend.get_texts()] if legend else []
        assert any("should" in t for t in texts) == uplifts, (key, texts)
        assert ("should" in fig.caption) == uplifts


def test_pdf_figures_are_the_pngs_pixel_for_pixel(documents):
    """The PDF carries each figure's PNG rows as they are (Flate with PNG predictors):
    decoded from the PDF, every picture is the figure drawn (by ``figure_png``, once for
    the Word and PDF files), to the pixel."""
    import base64
    import hashlib
    import io

    import numpy as np
    from PIL import Image

    report, _, pdf_path, pngs = documents
    figures = [b for s in report.sections for b in s.blocks if b.kind == "figure"]
    drawn = [np.asarray(Image.open(io.BytesIO(base64.b64decode(pngs[f.key])))) for f in figures]
    images = [
        np.asarray(im.image.convert("RGB"))
        for page in pypdf.PdfReader(str(pdf_path)).pages
        for im in page.images
    ]

    def key(a):  # pypdf lists a page's images by name, not in the order drawn
        return a.shape, hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()

    assert len(drawn) > 0
    assert sorted(map(key, images)) == sorted(map(key, drawn))
