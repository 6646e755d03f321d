"""Write everything a time guide is handed over as: JSON, workbook, HTML and Markdown."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from timestudy._lib.forking import wait_limit
from timestudy._lib.progress import progress_bar
from timestudy.capacity import DEFAULT_BANDS
from timestudy.capacity.in_post import staff_on
from timestudy.guide import TimeGuide
from timestudy.report.content import build_report
from timestudy.report.documents import WRITERS, write_documents
from timestudy.report.excel import write_workbook
from timestudy.report.run_sections import quality_summary
from timestudy.report.tables import caseload_day, counted_caseload
from timestudy.report.writer import Writer, claim

FORMATS = ("json", "xlsx", "html", "md", "docx", "pdf")
DOCUMENTS = ("html", "md", "docx", "pdf")  # the report's formats, in the order written
#: The documents a helper forked before the numbers writes (:mod:`timestudy.report.writer`).
HELPED = ("docx", "pdf")
__all__ = ["FORMATS", "WRITERS", "caseload_for", "output_names", "write_outputs"]


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
    >>> from timestudy import write_outputs
    >>> from timestudy.examples import example_run
    >>> run = example_run()
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
    documents = [f for f in DOCUMENTS if f in formats]
    paths = {name: out / name for name in output_names(formats, quality=run is not None)}
    report = writer = None
    with older_objects_aside():  # the run's objects: not traversed by each collection
        try:
            if documents:  # built first: a helper can draw and write while this one writes
                writer = claim() if {"html", "docx", "pdf"} & set(documents) else None
                report = build_report(source, caseload=caseload, workers=workers, bands=bands,
                                      title=title, on_section=_figures_to(writer))
                writer = _hand_over(report, documents, out, organisation, writer)
            started = time.monotonic()
            if "json" in formats:
                guide.to_json(paths["guide.json"])
                steps.update()
            if "xlsx" in formats:
                _workbook(guide, run, paths["guide.xlsx"], caseload, workers, bands)
                steps.update()
            if run is not None:
                paths["data_quality.json"].write_text(
                    json.dumps(quality_summary(run), indent=2), encoding="utf-8"
                )
                steps.update()
            if documents:
                _documents(report, documents, out, organisation, writer, started, steps)
        finally:
            if writer is not None:
                writer.dismiss()  # nothing if it ended; stopped if an error left it working
    steps.close()
    return paths


@contextmanager
def older_objects_aside() -> Iterator[bool]:
    """The objects alive now moved out of the cyclic garbage collector's sight for the
    block (:func:`gc.freeze`), and put back after it (:func:`gc.unfreeze`); yields whether
    it moved them.

    Writing the report makes millions of short-lived objects (the figures' artists, the
    documents' elements), and each full collection they set off traverses every object
    alive: after a guide's numbers, the run and the modules of pandas and SciPy. At 120
    workers the three full collections of the writing took 0.27-0.29 s of its 2.75 s of
    processor time (one process, no helper); with the objects alive before the writing
    set aside, a collection traverses only what the writing made. An object alive at the
    start that the block drops in a cycle is collected at the first full collection after
    the block, not during it. A process that has objects frozen already (its own
    :func:`gc.freeze`) is left as it is: nothing is moved (putting back its objects at the
    end is not this block's to do).

    Examples
    --------
    In a process that froze nothing itself, the objects alive are frozen for the block,
    then put back:

    >>> import gc
    >>> before = gc.get_freeze_count()
    >>> with older_objects_aside() as moved:
    ...     moved == (before == 0), gc.get_freeze_count() >= before
    (True, True)
    >>> gc.get_freeze_count() == before
    True
    """
    if gc.get_freeze_count():
        yield False
        return
    gc.freeze()
    try:
        yield True
    finally:
        gc.unfreeze()


def output_names(formats, quality: bool = True) -> list[str]:
    """The files :func:`write_outputs` writes for ``formats``, in the order it lists them.

    Parameters
    ----------
    formats : iterable of str
        As :func:`write_outputs` takes them.
    quality : bool
        Whether ``data_quality.json`` is written (a study run, not a guide alone).

    Examples
    --------
    >>> from timestudy.report.outputs import output_names
    >>> output_names(("pdf", "json"), quality=False)
    ['guide.json', 'report.pdf']
    """
    names = [n for f, n in (("json", "guide.json"), ("xlsx", "guide.xlsx")) if f in formats]
    documents = [f"report.{f}" for f in DOCUMENTS if f in formats]
    return names + documents + ["data_quality.json"] * quality


def _workbook(guide: TimeGuide, run, path: Path, caseload, workers, bands) -> None:
    held, counted = caseload_for(guide, run, caseload)
    staff = workers if workers is not None else getattr(run, "workers", None)
    if held is not None:  # the workers in post on the caseload's day, as the headline
        held, staff = staff_on(held, staff, caseload_day(guide)[0])
    write_workbook(guide, path, bands=bands, caseload=held, counted=counted, workers=staff)


def _figures_to(writer: Writer | None):
    """What to do with each section of the report as it is built: send its figures to the
    helper, which draws them while the next sections are built."""

    def sent(section) -> None:
        figures = [b for b in section.blocks if b.kind == "figure"]
        if writer is not None and figures:
            writer.figures(figures)  # one that fails stops the helper: all drawn here

    return sent


def _hand_over(report, documents: list[str], out: Path, organisation,
               writer: Writer | None) -> Writer | None:
    """The helper forked before the numbers (if any), sent the report: the figures not sent
    yet to draw and the Word and PDF files to write (:mod:`timestudy.report.writer`)."""
    helped = [f for f in documents if f in HELPED]
    if writer is not None and writer.send(report, helped, out, organisation):
        return writer
    return None


def _documents(report, documents: list[str], out: Path, organisation, writer: Writer | None,
               started: float, steps) -> None:
    """The documents written: by the helper those it was sent, here the others (and the
    helper's too when it fails); each figure drawn once for all of them."""
    paths: dict[str, Path] = {}
    if writer is not None:  # while the helper draws: what needs no figure, HTML's template
        write_documents(report, [f for f in documents if f == "md"], out, organisation, None,
                        paths, steps)
        documents = [f for f in documents if f != "md"]
        if "html" in documents:
            from timestudy.report.html import warm

            warm()
    pngs = writer.pngs(wait_limit(time.monotonic() - started)) if writer is not None else None
    if pngs is None:
        writer = None
    helped = [f for f in documents if f in HELPED] if writer is not None else []
    if pngs is None and {"html", "docx", "pdf"} & set(documents):
        from timestudy.report.html import figure_pngs

        pngs = figure_pngs(report.figures, dpi=150)
    here = [f for f in documents if f not in helped]
    write_documents(report, here, out, organisation, pngs, paths, steps)
    if writer is not None:
        if not writer.done(wait_limit(time.monotonic() - started)):
            write_documents(report, helped, out, organisation, pngs, paths, steps)
        else:
            steps.update(len(helped))
