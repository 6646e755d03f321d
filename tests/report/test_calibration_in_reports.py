"""Every report of a calibrated guide says what the calibration did and did not calibrate.

Defect: a consultant hands a council the report, not guide.json, yet no report said that
its figures were a reference guide's calibrated to local diaries, nor which figures were
not calibrated (``meta["calibration_notes"]``, ``meta["calibration_not_calibrated"]``):
none of HTML, Markdown, Word or PDF showed them. And a guide calibrated to a reference
that publishes no per-task table (a guide.json with ``"tasks": []``) gave no report at
all: ``KeyError: 'category'`` in the task table's rows.

The words are :func:`~timestudy.report.calibration_words.calibration_paragraphs` of the
calibrated guide's ``meta``: each of its paragraphs must be in every document (the
Markdown's escaped as every Markdown paragraph is; the HTML's, Word's, PDF's and the
workbook's read back as text), including the note naming the figure not calibrated
("full hours per piece of work: the reference publishes no per-task table"), and only
the figures calibrated are said to be (not the full hours, there). No figure is
computed here: the calibration's own figures are tested by hand in
tests/capacity/test_calibration_no_task_rows.py.
"""

from __future__ import annotations

import functools
import html
import json
import re
import warnings

import openpyxl
import pytest
from docx import Document

from timestudy import TimeGuide, run_study, simulate_study, write_outputs
from timestudy._lib.markdown import PROSE_CHARS, md_text
from timestudy.capacity.calibration import calibrate
from timestudy.errors import TimestudyWarning
from timestudy.report import render_markdown
from timestudy.report.calibration_words import HEADING, calibration_paragraphs

pypdf = pytest.importorskip("pypdf")

NO_TABLE = "full hours per piece of work: the reference publishes no per-task table"
FORMATS = ("json", "xlsx", "html", "md", "docx", "pdf")


@functools.cache  # the same study for both references' calibrations
def _guide(n_workers: int, seed: int, min_workers: int = 5) -> TimeGuide:
    s = simulate_study(n_workers=n_workers, weeks=1, seed=seed)
    # no test reads the pieces sensitivity (the calibration's words and where they are): not run
    return run_study(s.diary, s.cases, s.workers, n_boot=19, min_workers=min_workers,
                     sensitivity=False).guide


@pytest.fixture(scope="module", params=["no task table", "every figure"])
def calibrated(request, tmp_path_factory):
    """A 12-worker reference (as guide.json, its ``tasks`` emptied for "no task table")
    calibrated to a 6-worker local study (``min_workers=1``), and its outputs."""
    folder = tmp_path_factory.mktemp("calibrated")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        ref = _guide(12, 4)
        raw = json.loads(ref.to_json(folder / "reference.json"))
        if request.param == "no task table":
            raw["tasks"] = []
        (folder / "reference.json").write_text(json.dumps(raw), encoding="utf-8")
        guide = calibrate(TimeGuide.from_json(folder / "reference.json"),
                          _guide(6, 1, min_workers=1)).to_guide()
        paths = write_outputs(guide, folder / "out", formats=FORMATS)  # KeyError before
    return request.param, guide, paths


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _text(paths, name: str) -> str:
    """The document's text, as a reader sees it (whitespace made single spaces)."""
    if name == "report.html":
        page = re.sub(r"<[^>]+>", " ", paths[name].read_text(encoding="utf-8"))
        return _flat(html.unescape(page))
    if name == "report.md":
        return _flat(paths[name].read_text(encoding="utf-8"))
    if name == "report.docx":
        return _flat(" ".join(p.text for p in Document(str(paths[name])).paragraphs))
    if name == "report.pdf":  # a paragraph runs on over a page's running header
        pages = " ".join(p.extract_text() for p in pypdf.PdfReader(str(paths[name])).pages)
        return _flat(re.sub(r"\s*Time\s+guide\s+Page\s+\d+\s*", " ", pages))
    book = openpyxl.load_workbook(paths[name])["Method and assumptions"]
    return _flat(" ".join(str(c.value) for row in book.iter_rows() for c in row
                          if c.value is not None))


def test_the_words_are_the_calibrations_own(calibrated):
    kind, guide, _ = calibrated
    words = calibration_paragraphs(guide.meta)
    assert words[2:] == guide.meta["calibration_notes"]
    assert any(NO_TABLE in w for w in words) == (kind == "no task table")
    # the full hours per piece of work are said to be calibrated only where they were
    assert ("and full hours per piece of work, each pooled" in words[0]) == (
        kind == "every figure")
    assert words[0].startswith("This guide is a reference guide calibrated to a local study. "
                               "Calibrated: hours per case-month by case type")
    if kind == "no task table":
        assert guide.meta["calibration_not_calibrated"] == [{
            "figure": "full hours per piece of work", "key": "*",
            "why": "the reference publishes no per-task table"}]


@pytest.mark.parametrize("name", ["report.html", "report.md", "report.docx", "report.pdf",
                                  "guide.xlsx"])
def test_every_document_says_what_was_and_was_not_calibrated(calibrated, name):
    kind, guide, paths = calibrated
    text = _text(paths, name)
    assert HEADING in text, name
    for words in calibration_paragraphs(guide.meta):
        shown = md_text(words, PROSE_CHARS) if name == "report.md" else words
        assert _flat(shown) in text, f"{name}: {words!r}"
    if kind == "no task table":
        shown = md_text(NO_TABLE, PROSE_CHARS) if name == "report.md" else NO_TABLE
        assert shown in text, name


def test_a_guide_with_no_task_rows_says_none(calibrated):
    kind, _, paths = calibrated
    if kind != "no task table":
        pytest.skip("the reference has a task table")
    md = paths["report.md"].read_text(encoding="utf-8")
    assert "**Time per piece of work**\n\n(none)" in md


def test_a_guide_not_calibrated_says_nothing_of_it():
    """The local study's own guide (``calibrated``'s, the run cached: ``min_workers=1``
    shows its figures, not a guide of the same study withheld under 5 workers run again)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        text = render_markdown(_guide(6, 1, min_workers=1))
    assert HEADING not in text and "reference guide calibrated" not in text
