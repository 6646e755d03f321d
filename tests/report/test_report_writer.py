"""The helper forked before the numbers (issue 18): it draws the figures and writes the Word
and PDF files, byte for byte as this process would, and anything going wrong in it leaves
its work to this process."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time

import pytest
from _documents import DOCUMENT_FORMATS as FORMATS
from _documents import content as _content

from timestudy import simulate_study
from timestudy.report import build_report, write_outputs
from timestudy.report import writer as helper
from timestudy.report.html import figure_pngs
from timestudy.report.model import Figure, Section

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _written(run, folder, monkeypatch, *, prepare: bool, formats=FORMATS) -> dict:
    monkeypatch.setenv("TIMESTUDY_HELPER", "1" if prepare else "0")
    with helper.prepared(wanted=prepare) as writer:
        paths = write_outputs(run, folder, formats=formats)
        assert (writer is not None) is prepare
        assert helper.claim() is None  # taken by write_outputs
    return {name: _content(path) for name, path in paths.items()}


def test_the_report_pickles_and_draws_the_same_figures(sim_report):
    """Every figure of a report is a plot's name and its data: the report sent to another
    process draws the same PNGs, byte for byte (on the old lambdas, pickling failed).
    (``sim_report``: ``build_report(sim_run[1])``, built once.)"""
    report = sim_report
    copy = pickle.loads(pickle.dumps(report))
    assert len(copy.figures) == len(report.figures) >= 5
    assert figure_pngs(copy.figures, dpi=40) == figure_pngs(report.figures, dpi=40)


@pytest.fixture(scope="module")
def here(documents_here) -> dict:
    """Every document written by this process alone, once for the tests comparing with it
    (and for test_report_writer_early's: tests/report/conftest.py)."""
    return documents_here


def test_helper_writes_the_same_files(documents_helped, here):
    """Every document written with the helper (``documents_helped``: the run whose figure
    batches test_report_writer_early reads) is the file this process writes alone."""
    helped = documents_helped[0]
    assert list(helped) == list(here)
    for name in here:  # the PDF's cover date is today's in both; Word's times left out
        assert helped[name] == here[name], name


def test_helper_draws_the_figures_of_the_html_alone(sim_run, here, tmp_path, monkeypatch):
    """Asked for report.html alone, the helper draws its figures: the file this process
    writes alone (``here``'s files: the HTML and data_quality.json do not depend on the
    other formats written beside them, so they are not written a second time)."""
    helped = _written(sim_run[1], tmp_path / "helped", monkeypatch, prepare=True, formats=("html",))
    assert "report.html" in helped and "report.docx" not in helped
    assert helped == {name: here[name] for name in helped}


def test_a_failing_helper_leaves_its_work_here(sim_run, here, tmp_path, monkeypatch):
    """A figure the helper cannot draw: this process draws every figure and writes the Word
    and PDF files itself, the same files."""
    me = os.getpid()
    real = helper._serve

    def broken(job_fd, png_fd):
        assert os.getpid() != me
        raise RuntimeError("the helper cannot draw")

    monkeypatch.setattr(helper, "_serve", broken)
    helped = _written(sim_run[1], tmp_path / "helped", monkeypatch, prepare=True)
    monkeypatch.setattr(helper, "_serve", real)
    assert helped == here


def test_a_report_that_does_not_pickle_is_written_here(tiny_run, tmp_path, monkeypatch):
    """A figure drawn by a lambda (a notebook's own) cannot be sent: written here."""
    report = build_report(tiny_run[1])
    report.sections.append(
        Section("extra", "Extra").add(Figure("line", "A line.", lambda ax: ax.plot([0, 1]), (2, 1)))
    )
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    with helper.prepared() as writer:
        assert writer is not None
        assert not writer.send(report, ["docx"], tmp_path, None)
        assert writer.pid == -1  # stopped and reaped


def test_an_unclaimed_helper_is_stopped(monkeypatch):
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    with helper.prepared() as writer:
        pid = writer.pid
    assert writer.pid == -1
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_a_stuck_helper_is_stopped_and_given_up(monkeypatch):
    monkeypatch.setattr(helper, "_serve", lambda job_fd, png_fd: time.sleep(60))
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    with helper.prepared() as writer:
        t0 = time.monotonic()
        assert writer.pngs(0.5) is None
        assert time.monotonic() - t0 < 10
        assert writer.pid == -1


def test_helper_forced_off(monkeypatch):
    monkeypatch.setenv("TIMESTUDY_HELPER", "0")
    with helper.prepared() as writer:
        assert writer is None and helper.claim() is None


def test_the_guide_process_never_imports_the_drawing_libraries(tmp_path):
    """With the helper, ``timestudy guide`` itself imports neither matplotlib nor the Word
    and PDF libraries (the old command imported all three), and writes every file. Which
    modules are imported does not depend on the study's size: an 8-worker week (9 figures
    drawn, against 10 for ``sim_run``'s 30 workers over 2 weeks)."""
    files = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "data")
    code = (
        "import sys\nfrom timestudy.cli import main\n"
        f"main(['guide', {str(files['diary'])!r}, '--cases', {str(files['cases'])!r}, "
        f"'--workers', {str(files['workers'])!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--quiet', '--n-boot', '19'])\n"
        "print(' '.join(m for m in ('matplotlib', 'docx', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "TIMESTUDY_HELPER": "1"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == ""  # none of the three imported
    for name in ("report.html", "report.docx", "report.pdf"):
        assert (tmp_path / "out" / name).stat().st_size > 0
