"""report.pdf written by a helper process is the file written here, byte for byte."""

from __future__ import annotations

import os

import pytest

from timestudy.report import outputs
from timestudy.report.outputs import write_outputs

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def test_pdf_by_the_helper_is_the_same_file(sim_run, documents_here, tmp_path, monkeypatch):
    """report.pdf written by the helper that write_outputs starts is the one this process
    writes alone (``documents_here``'s: a PDF does not depend on the formats written
    beside it), and the files are those written here, in that order."""
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    helped = write_outputs(sim_run[1], tmp_path / "helped", formats=("md", "pdf"))
    assert list(helped) == ["report.md", "report.pdf", "data_quality.json"]
    assert helped["report.pdf"].read_bytes() == documents_here["report.pdf"]


def test_a_failing_helper_leaves_the_pdf_to_this_process(tiny_run, tmp_path, monkeypatch):
    # the helper is used or not whatever the study's size: the 3-worker one is enough here
    me = os.getpid()
    pdf = outputs.WRITERS["pdf"]
    tried = tmp_path / "the helper tried"

    def only_here(*args):
        if os.getpid() != me:
            tried.touch()
            raise RuntimeError("the helper cannot write this")
        return pdf(*args)

    monkeypatch.setitem(outputs.WRITERS, "pdf", only_here)
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    paths = write_outputs(tiny_run[1], tmp_path / "out", formats=("md", "pdf"))
    assert tried.exists()  # the helper was started, and failed
    assert paths["report.pdf"].read_bytes()[:5] == b"%PDF-"
