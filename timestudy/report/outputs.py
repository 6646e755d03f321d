"""Write everything a time guide is handed over as: JSON, workbook, HTML and Markdown."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pandas as pd

from timestudy._lib.forking import die_with_parent, finished, stop, wait_limit
from timestudy._lib.progress import progress_bar
from timestudy.capacity import DEFAULT_BANDS
from timestudy.capacity.in_post import staff_on
from timestudy.guide import TimeGuide
from timestudy.report.content import build_report
from timestudy.report.excel import write_workbook
from timestudy.report.html import render_html
from timestudy.report.markdown import render_markdown
from timestudy.report.run_sections import quality_summary
from timestudy.report.tables import caseload_day, counted_caseload

FORMATS = ("json", "xlsx", "html", "md", "docx", "pdf")


def _html(report, path: Path, organisation, pngs) -> None:
    path.write_text(render_html(report, figures=pngs), encoding="utf-8")


def _md(report, path: Path, organisation, pngs) -> None:
    path.write_text(render_markdown(report), encoding="utf-8")


def _docx(report, path: Path, organisation, pngs) -> None:
    from timestudy.report.docx import write_docx

    write_docx(report, path, organisation=organisation, pngs=pngs)


def _pdf(report, path: Path, organisation, pngs) -> None:
    from timestudy.report.pdf import write_pdf

    write_pdf(report, path, organisation=organisation, pngs=pngs)


WRITERS = {"html": _html, "md": _md, "docx": _docx, "pdf": _pdf}


def _write_documents(report, documents: list[str], out: Path, organisation, pngs,
                     paths: dict, steps) -> None:
    """Each document written; the PDF, the slowest, by a forked helper process while this
    one writes the others, when a processor is free (the rule of
    :mod:`timestudy._lib.forking`). A helper that fails, or is not done within
    :func:`~timestudy._lib.forking.wait_limit` of this process's own writing, is stopped
    and the PDF written here."""
    from timestudy.plots.parallel import helper_wanted

    pdf = out / "report.pdf"
    child = (_start(lambda: WRITERS["pdf"](report, pdf, organisation, pngs))
             if "pdf" in documents and len(documents) > 1 and helper_wanted(2) else None)
    started = time.monotonic()
    try:
        for f in documents:
            paths[f"report.{f}"] = out / f"report.{f}"
            if f == "pdf" and child is not None:
                continue
            WRITERS[f](report, paths[f"report.{f}"], organisation, pngs)
            steps.update()
    except BaseException:  # an error or Ctrl-C here: the child is not left writing
        if child is not None:
            stop(child)
        raise
    if child is not None:
        if not finished(child, wait_limit(time.monotonic() - started)):
            WRITERS["pdf"](report, pdf, organisation, pngs)
        steps.update()


def _start(work) -> int | None:
    """A forked child doing ``work`` and leaving (exit status 0 when it succeeded)."""
    try:
        parent, pid = os.getpid(), os.fork()
    except OSError:
        return None
    if pid == 0:
        code = 1
        try:
            die_with_parent(parent)
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def caseload_for(guide: TimeGuide, run, caseload) -> tuple[pd.DataFrame | None, str]:
    """The caseload to pre-fill the workbook's calculator, and the words saying which.

    The cases of the caseload given, or else of the run's, open on the guide's day
    (:func:`~timestudy.report.tables.caseload_day`): the rule of
    :func:`~timestudy.report.tables.counted_caseload`, which also says how many cases
    were left out (closed by then, opened after it), so the calculator can say so.

    Parameters
    ----------
    guide : TimeGuide
        Gives the day (``meta["caseload_as_of"]``, else the last day of the diary).
    run : StudyRun or None
        Its ``cases`` are the caseload when none is given.
    caseload : DataFrame or None
        The caseload given (``case_id``, ``case_type``, ``worker_id``, optionally
        ``opened`` and ``closed``).

    Returns
    -------
    (DataFrame or None, str)
        The cases counted, and which they are in words (the report's wording, with
        how many were not counted and why); ``(None, "")`` with neither a caseload
        nor a run.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"period": ["2026-03-02", "2026-03-06"]})
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "worker_id": ["W1", "W1"],
    ...                   "opened": pd.to_datetime(["2026-01-01", "2026-03-20"])})
    >>> held, where = caseload_for(g, None, c)
    >>> held["case_id"].tolist()
    ['A']
    >>> where.split("; ")[1]
    '1 opened after it not counted'
    >>> caseload_for(g, None, None)
    (None, '')
    """
    if caseload is None and run is None:
        return None, ""
    return counted_caseload(caseload, getattr(run, "cases", None), *caseload_day(guide))


def write_outputs(
    source,
    out: str | Path,
    *,
    caseload=None,
    workers=None,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    formats: tuple[str, ...] = FORMATS,
    title: str = "Time guide",
    organisation: str | None = None,
    progress: bool = False,
) -> dict[str, Path]:
    """Write the guide's outputs to a folder.

    Parameters
    ----------
    source : TimeGuide or StudyRun
        A study run adds to the report the distributions across workers and
        teams, the time-of-day profile, capacity against the study's caseload
        and a data-quality summary (also written as ``data_quality.json``).
    out : str or Path
        Folder to write to (created if needed).
    caseload, workers : DataFrame, optional
        Caseload and workers for the report's capacity section (see
        :func:`timestudy.report.build_report`).
    bands : (float, float, float)
        Lower edges of green, amber and red.
    formats : tuple of str
        Any of ``json`` (``guide.json``), ``xlsx`` (``guide.xlsx``), ``html``
        (``report.html``), ``md`` (``report.md``), ``docx`` (``report.docx``) and
        ``pdf`` (``report.pdf``); all by default.
    title : str
        Title of the report.
    organisation : str, optional
        Named on the cover of the Word and PDF reports.
    progress : bool
        Show a progress bar.

    Returns
    -------
    dict
        The paths written, by file name.

    Examples
    --------
    >>> import tempfile
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    >>> sorted(write_outputs(run, tempfile.mkdtemp(), formats=("json", "xlsx", "html", "md")))
    ['data_quality.json', 'guide.json', 'guide.xlsx', 'report.html', 'report.md']
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"formats {unknown} are not known: use any of {FORMATS}")
    run = source if hasattr(source, "guide") and hasattr(source, "models") else None
    guide: TimeGuide = run.guide if run is not None else source
    if not isinstance(guide, TimeGuide):
        raise TypeError(f"source must be a TimeGuide or a StudyRun, not {type(source).__name__}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    steps = progress_bar(
        total=len(formats) + (run is not None), desc="outputs", unit="file", disable=not progress
    )
    paths: dict[str, Path] = {}
    if "json" in formats:
        paths["guide.json"] = out / "guide.json"
        guide.to_json(paths["guide.json"])
        steps.update()
    if "xlsx" in formats:
        paths["guide.xlsx"] = out / "guide.xlsx"
        held, counted = caseload_for(guide, run, caseload)
        staff = workers if workers is not None else getattr(run, "workers", None)
        if held is not None:  # the workers in post on the caseload's day, as the headline
            held, staff = staff_on(held, staff, caseload_day(guide)[0])
        write_workbook(guide, paths["guide.xlsx"], bands=bands, caseload=held, counted=counted,
                       workers=staff)
        steps.update()
    documents = [f for f in ("html", "md", "docx", "pdf") if f in formats]
    if documents:
        report = build_report(source, caseload=caseload, workers=workers, bands=bands, title=title)
        pngs = None
        if {"html", "docx", "pdf"} & set(documents):  # each figure drawn once for all three
            from timestudy.report.html import figure_pngs

            pngs = figure_pngs(report.figures, dpi=150)
        _write_documents(report, documents, out, organisation, pngs, paths, steps)
    if run is not None:
        paths["data_quality.json"] = out / "data_quality.json"
        paths["data_quality.json"].write_text(
            json.dumps(quality_summary(run), indent=2), encoding="utf-8"
        )
        steps.update()
    steps.close()
    return paths
