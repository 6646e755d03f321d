"""report.pdf breaks a paragraph's lines once for each width, and report.docx puts plain
cell text straight into its text element: both files are the ones written the long way,
byte for byte (long paragraphs split across pages, long tables, cells with spaces at
their ends, tabs and line breaks)."""

from __future__ import annotations

import zipfile

import pandas as pd
from reportlab.platypus import Paragraph

from timestudy.report import build_report
from timestudy.report import docx as docx_module
from timestudy.report import pdf as pdf_module
from timestudy.report.docx import write_docx
from timestudy.report.model import Report, Section, Table
from timestudy.report.pdf import write_pdf

LONG = " ".join(["A paragraph of words that goes on, with `code` in it and 12.5 h."] * 150)
ODD = ["", " lead", "trail ", "tab\there", "line\nbreak", "cr\rx", "\u00a0nbsp", "plain",
       None, "x" * 40, "  ", "a  b"]


def _report() -> Report:
    big = pd.DataFrame({"a": [f"row {i} " + "word " * (i % 30) for i in range(150)],
                        "b": [str(i * 1.5) for i in range(150)]}).astype(object)
    odd = pd.DataFrame({"a": ODD, "b": [str(i) for i in range(len(ODD))]}).astype(object)
    body = Section("long", "Long").add(LONG).add(Table("Big", big, "a note")).add(LONG)
    return Report("Title", "Subtitle", [("Workers", "8")],
                  [body, Section("odd", "Odd cells").add(Table("Odd", odd))])


def test_the_pdf_is_the_one_with_every_line_broken_again(tiny_run, tmp_path, monkeypatch):
    reports = {"long": _report(), "run": build_report(tiny_run[1])}
    once = {k: write_pdf(r, tmp_path / f"{k}_once.pdf").read_bytes() for k, r in reports.items()}
    monkeypatch.setattr(pdf_module._Paragraph, "wrap", Paragraph.wrap)  # every break again
    again = {k: write_pdf(r, tmp_path / f"{k}.pdf").read_bytes() for k, r in reports.items()}
    assert once == again


def test_the_kept_lines_are_used_only_while_the_paragraph_is_unchanged():
    p = pdf_module._para("Some words to break into lines", "body")
    first = p.wrap(100, 500)
    lines = p.blPara
    assert p.wrap(100, 500) == first and p.blPara is lines  # kept
    p.canv = object()  # drawing sets its canvas: the lines stay
    assert p.wrap(100, 500) == first and p.blPara is lines
    p.wrap(60, 500)  # another width: broken again
    assert p.blPara is not lines
    lines = p.blPara
    p.style = p.style.clone("narrow", leftIndent=20)  # changed: broken again
    p.wrap(60, 500)
    assert p.blPara is not lines


def _parts(path) -> dict:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # its times


def test_the_word_file_is_the_one_python_docx_writes_cell_by_cell(tiny_run, tmp_path,
                                                                 monkeypatch):
    reports = {"odd": _report(), "run": build_report(tiny_run[1])}
    quick = {k: _parts(write_docx(r, tmp_path / f"{k}_quick.docx")) for k, r in reports.items()}

    def by_python_docx(t_el, text):
        t_el.getparent().text = text

    monkeypatch.setattr(docx_module, "_set_text", by_python_docx)
    slow = {k: _parts(write_docx(r, tmp_path / f"{k}.docx")) for k, r in reports.items()}
    assert quick == slow
