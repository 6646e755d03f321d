"""The helper begins before it has the whole report (issue 18): it draws each section's
figures as soon as the section is built, and lays out report.docx and report.pdf in helpers
of its own while the figures are drawn. The files are those written in one process, and
any of those helpers failing leaves its work to the one that forked it."""

from __future__ import annotations

import base64
import os
import pickle

import pytest
from _documents import DOCUMENT_FORMATS as FORMATS
from _documents import content as _content

from timestudy.plots import draw_png, parallel
from timestudy.report import outputs, write_outputs
from timestudy.report import writer as helper
from timestudy.report.pdf import Pending

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _written(run, folder, monkeypatch, *, prepare: bool) -> dict:
    monkeypatch.setenv("TIMESTUDY_HELPER", "1" if prepare else "0")
    with helper.prepared(wanted=prepare) as writer:
        paths = write_outputs(run, folder, formats=FORMATS)
        assert (writer is not None) is prepare
    return {name: _content(path) for name, path in paths.items()}


@pytest.fixture(scope="module")
def here(documents_here):
    """Every document written by this process alone (tests/report/conftest.py: the same
    files test_report_writer compares with, written once where both run in one process)."""
    return documents_here


def test_figures_go_to_the_helper_section_by_section(documents_helped, here):
    """The figures are sent as their sections are built, before the report: the sections
    with figures are built first, the quickest first (case weights, then the tasks'), then
    the time-use section's four; every one once. (``documents_helped``: the documents
    written with the helper, and the batches of figures sent to it, recorded as sent.)"""
    helped, sent = documents_helped
    assert len(sent) >= 3
    assert sent[:2] == [["case_weights"], ["task_hours"]]
    assert sent[2][:2] == ["category_shares", "worker_hours"]
    keys = [k for batch in sent for k in batch]
    assert len(keys) == len(set(keys)) >= 8
    assert helped == here


def test_a_pdf_laid_out_at_the_wrong_size_is_written_again(sim_run, here, tmp_path,
                                                           monkeypatch):
    """Pages laid out for figures of another size than those drawn: the PDF's helper
    refuses to save them, and the helper writes the PDF itself, the same file."""
    monkeypatch.setattr("timestudy.plots.render.png_size", lambda size, dpi: (10, 10))
    assert _written(sim_run[1], tmp_path, monkeypatch, prepare=True) == here


def test_a_failing_early_docx_is_written_by_the_helper(sim_run, here, tmp_path, monkeypatch):
    """The Word file's own helper fails (it is the one given the figures to come, as a
    function): the helper writes the file once the figures are drawn, the same file."""
    docx, tried = outputs.WRITERS["docx"], tmp_path / "tried"

    def early_fails(report, path, organisation, pngs):
        if callable(pngs):
            tried.touch()
            raise RuntimeError("the early Word file fails")
        return docx(report, path, organisation, pngs)

    monkeypatch.setitem(outputs.WRITERS, "docx", early_fails)
    assert _written(sim_run[1], tmp_path / "out", monkeypatch, prepare=True) == here
    assert tried.exists()


def _bars(ax):
    ax.bar(["a", "b"], [1, 3])


_ME = os.getpid()


def _only_in_this_process(ax):
    if os.getpid() != _ME:
        raise RuntimeError("the drawing child cannot draw this")
    ax.plot([0, 1], [1, 0])


def test_shared_drawing_keeps_what_a_failing_child_sent():
    """The child draws its first figure, then fails on the next: the one it sent is kept,
    the others are drawn here, and every PNG is the one drawn here alone."""
    figs = [("big", _bars, (6, 5)), ("b", _bars, (2, 1)), ("c", _only_in_this_process, (2, 1)),
            ("d", _bars, (2, 1.5))]
    work = parallel.Shared(dpi=30, helper=True)
    work.add(figs[:2])
    work.add(figs[2:])
    pngs = work.finish()
    assert list(pngs) == ["big", "b", "c", "d"]
    assert pngs == {k: draw_png(d, s, 30) for k, d, s in figs}


def test_pending_refuses_a_figure_of_another_size():
    """A figure laid out at 3 x 2 pixels and drawn at 2 x 2: nothing is written."""
    png = base64.b64decode(draw_png(lambda ax: ax.set_axis_off(), (2, 2), 1))
    with pytest.raises(ValueError, match="not the"):
        Pending({"f": (3, 2)}, lambda: {"f": png}).rows("f")()


def test_the_build_order_changes_nothing_but_when_figures_are_sent(sim_run, monkeypatch):
    """Sections with figures are built first; the report is the one built in reading order,
    its sections in reading order."""
    from timestudy.report import content
    from timestudy.report.markdown import render_markdown

    first = content.build_report(sim_run[1])
    monkeypatch.setattr(content, "FIGURES_FIRST", ())
    built: list[str] = []
    reading = content.build_report(sim_run[1], on_section=lambda s: built.append(s.id))
    assert [s.id for s in first.sections] == built == [
        "summary", "time-use", "case-weights", "tasks", "definitions", "diary", "capacity",
        "should", "data-quality", "method", "suppression"]
    assert render_markdown(first) == render_markdown(reading)
    assert [(f.key, pickle.dumps(f.draw), f.size) for f in first.figures] == [
        (f.key, pickle.dumps(f.draw), f.size) for f in reading.figures]
