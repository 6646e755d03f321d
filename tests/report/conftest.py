"""Small simulated studies run through the pipeline once, shared by the report tests."""

from __future__ import annotations

import warnings

import pytest

from timestudy import run_study, simulate_study, write_outputs
from timestudy.errors import TimestudyWarning
from timestudy.schema import EXAMPLES

N_BOOT = 99
FORMATS = ("json", "xlsx", "html", "md")  # report.docx and report.pdf: test_report_documents


def _run(n_workers: int, weeks: int, seed: int, adjustments=None, n_boot: int = N_BOOT):
    s = simulate_study(n_workers=n_workers, weeks=weeks, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        run = run_study(s.diary, s.cases, s.workers, n_boot=n_boot, adjustments=adjustments)
    return s, run


@pytest.fixture(scope="session")
def six_run():
    """The audit's g6 (6 workers, 4 weeks, seed 1, ``n_boot=19``): PROCEEDINGS suppressed
    (3 workers), 4 cases closed in the diary, one opened the day after it. Shared by the
    statement and calculator tests: (simulated study, StudyRun); do not change it."""
    return _run(6, 4, 1, n_boot=19)


@pytest.fixture(scope="session")
def sim_run():
    """A 30-worker, 2-week study with the example uplifts: (simulated study, StudyRun)."""
    return _run(30, 2, 5, EXAMPLES / "adjustments.yaml")


@pytest.fixture(scope="session")
def sim_report(sim_run):
    """``build_report(sim_run[1])``, built once for the tests that only read it (a test
    that changes a report builds its own)."""
    from timestudy.report import build_report

    return build_report(sim_run[1])


@pytest.fixture(scope="session")
def tiny_run():
    """A 3-worker study: below the disclosure threshold, everything suppressed."""
    return _run(3, 1, 3)


@pytest.fixture(scope="session")
def outputs(sim_run, tmp_path_factory):
    """The outputs of ``sim_run`` written once: paths by file name."""
    return write_outputs(sim_run[1], tmp_path_factory.mktemp("guide"), formats=FORMATS)


@pytest.fixture(scope="session")
def tiny_outputs(tiny_run, tmp_path_factory):
    return write_outputs(tiny_run[1], tmp_path_factory.mktemp("tiny"), formats=FORMATS)


@pytest.fixture(scope="session")
def documents_here(sim_run, tmp_path_factory) -> dict:
    """``sim_run``'s report in every document format written by this process alone (no
    helper): file name -> content (``_documents.content``). The same files for
    test_report_writer and test_report_writer_early, which compare the helper's with them:
    written once where both run in one test process."""
    from _documents import DOCUMENT_FORMATS, content

    from timestudy.report import writer as helper

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIMESTUDY_HELPER", "0")
        with helper.prepared(wanted=False) as writer:
            paths = write_outputs(
                sim_run[1], tmp_path_factory.mktemp("here"), formats=DOCUMENT_FORMATS
            )
            assert writer is None
            assert helper.claim() is None
    return {name: content(path) for name, path in paths.items()}


@pytest.fixture(scope="session")
def documents_helped(sim_run, tmp_path_factory) -> tuple[dict, list[list[str]]]:
    """``sim_run``'s report in every document format written with the forked helper: file
    name -> content (``_documents.content``), and the keys of the figures in each batch
    sent to the helper, in the order sent. The one run of the helper that
    test_report_writer (the same files as ``documents_here``) and test_report_writer_early
    (the figures sent section by section) both read: written once where both run in one
    test process."""
    from _documents import DOCUMENT_FORMATS, content

    from timestudy.report import writer as helper

    sent: list[list[str]] = []
    real = helper.Writer.figures

    def figures(self, figs):
        sent.append([f.key for f in figs])
        return real(self, figs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(helper.Writer, "figures", figures)
        mp.setenv("TIMESTUDY_HELPER", "1")
        with helper.prepared(wanted=True) as writer:
            paths = write_outputs(
                sim_run[1], tmp_path_factory.mktemp("helped"), formats=DOCUMENT_FORMATS
            )
            assert writer is not None
            assert helper.claim() is None  # taken by write_outputs
    return {name: content(path) for name, path in paths.items()}, sent


@pytest.fixture(scope="session")
def status_workbook(six_run, tmp_path_factory):
    """The workbook of the status rule's hand-made caseload on the g6 guide
    (``_status_caseload.status_study``), a calculator row per worker, written once and
    evaluated afresh once: (guide, caseload, workers, path, layout, ``formulas`` solution).
    Shared by test_calculator_status_rule and test_status_table_statements, which each work
    its statuses by hand."""
    pytest.importorskip("formulas")
    from _status_caseload import status_study
    from _workbook import evaluate

    from timestudy.report.excel import write_workbook

    guide, caseload, workers = status_study(six_run[1].guide)
    path = tmp_path_factory.mktemp("status") / "guide.xlsx"
    layout = write_workbook(guide, path, caseload=caseload, workers=workers, per_worker=True)
    return guide, caseload, workers, path, layout, evaluate(path)
