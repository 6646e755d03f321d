"""report.pdf's first pass (which only finds the pages of the headings for the contents)
lays out its paragraphs and tables without drawing them: the file is the one drawn on
every pass, byte for byte."""

from __future__ import annotations

from reportlab.platypus import Paragraph
from reportlab.platypus import Table as PdfTable

from timestudy.report import build_report
from timestudy.report import pdf as pdf_module
from timestudy.report.pdf import write_pdf


def test_the_pdf_is_the_one_drawn_on_every_pass(tiny_run, tmp_path, monkeypatch):
    report = build_report(tiny_run[1])
    sketched = write_pdf(report, tmp_path / "sketched.pdf").read_bytes()
    drawn = []

    def draw(cls):
        def draw_on(self, canvas, x, y, _sW=0):
            drawn.append(getattr(canvas, "_sketch", None))
            return super(cls, self).drawOn(canvas, x, y, _sW)
        return draw_on

    monkeypatch.setattr(pdf_module._Paragraph, "drawOn", draw(pdf_module._Paragraph))
    monkeypatch.setattr(pdf_module._Table, "drawOn", draw(pdf_module._Table))
    every = write_pdf(report, tmp_path / "every.pdf").read_bytes()
    assert every == sketched
    assert True in drawn and False in drawn  # both passes went through them, drawn each time
    assert issubclass(pdf_module._Paragraph, Paragraph) and issubclass(pdf_module._Table, PdfTable)
