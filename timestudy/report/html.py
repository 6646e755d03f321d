"""``report.html``: one self-contained page, figures embedded, readable offline.

The page has no external stylesheet, script, font or image: the style is inline
and every figure is a base64 PNG in the page, so it can be emailed, archived or
opened on a machine with no network.
"""

from __future__ import annotations

import re

from timestudy import __version__
from timestudy._lib.html import FrameView, environment, frame_view, render
from timestudy.report.content import build_report
from timestudy.report.model import Figure, Report, Table


def table_view(table: Table) -> FrameView:
    """A report :class:`Table` (display text) as a view for the ``frame`` macro."""
    return frame_view(table.frame, index=False, missing="", numeric=False,
                      caption=table.caption, note=table.note)


def figure_png(figure: Figure, dpi: int = 110) -> str:
    """Draw a report figure and return it as base64-encoded PNG (see
    :func:`timestudy.plots.draw_png`)."""
    from timestudy.plots import draw_png

    return draw_png(figure.draw, figure.size, dpi)


def figure_pngs(figures: list[Figure], dpi: int = 110) -> dict[str, str]:
    """Every figure drawn as :func:`figure_png` draws it, by key; half of them in a helper
    process when a processor is free (see :mod:`timestudy.plots.parallel`)."""
    from timestudy.plots.parallel import draw_pngs

    pngs = draw_pngs([(f.draw, f.size) for f in figures], dpi)
    return {f.key: png for f, png in zip(figures, pngs, strict=True)}


def warm() -> None:
    """The report's template loaded and compiled now (Jinja2 imported), so that writing
    ``report.html`` once its figures are drawn takes less.

    Examples
    --------
    >>> warm()
    """
    environment().get_template("report.html.j2")


def render_html(source, *, figures: dict[str, str] | None = None, **options) -> str:
    """The report as one self-contained HTML page.

    Parameters
    ----------
    source : TimeGuide, StudyRun or Report
        What to report on (see :func:`timestudy.report.build_report`).
    figures : dict, optional
        The report's figures already drawn (key -> base64 PNG, as
        :func:`figure_png` makes them), shared with the Word and PDF reports; each
        is shown 110 pixels per inch of its size whatever its resolution. Drawn
        here when not given.
    **options
        Passed to :func:`~timestudy.report.build_report` (``caseload``,
        ``workers``, ``bands``, ``title``).

    Returns
    -------
    str

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> from timestudy.report import render_html
    >>> page = render_html(example_run())
    >>> page.startswith("<!DOCTYPE html>"), "http://" in page, "<script" in page
    (True, False, False)
    """
    report = source if isinstance(source, Report) else build_report(source, **options)
    figures = figures or {f.key: figure_png(f) for f in report.figures}
    min_workers = 5
    for k, v in report.provenance:
        if k == "disclosure threshold":
            min_workers = int(re.search(r"\d+", v).group())
    return render("report.html.j2", report=report, figures=figures, version=__version__,
                  min_workers=min_workers, table_view=table_view)
