"""``report.html``: one self-contained page, figures embedded, readable offline.

The page has no external stylesheet, script, font or image: the style is inline
and every figure is a base64 PNG in the page, so it can be emailed, archived or
opened on a machine with no network.
"""

from __future__ import annotations

import base64
import io
import re
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from matplotlib.figure import Figure as _MplFigure

from timestudy import __version__
from timestudy.report.content import build_report
from timestudy.report.model import Figure, Report, Table

_NUMERIC = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")
_CODE = re.compile(r"`([^`]+)`")


def _code(text: str) -> Markup:
    """Escape text and show `backticked` words as code."""
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


def _table(table: Table) -> Markup:
    """A :class:`Table` as an HTML table, every cell escaped."""
    frame = table.frame
    head = "".join(f"<th scope='col'>{escape(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for v in row:
            text = "" if v is None else str(v)
            cls = " class='num'" if _NUMERIC.match(text) else ""
            cells.append(f"<td{cls}>{escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f"<p class='note'>{escape(table.note)}</p>" if table.note else ""
    return Markup(
        f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table>{note}"
    )


@cache
def environment() -> Environment:
    """The Jinja2 environment of timestudy's templates (autoescaping on)."""
    env = Environment(
        loader=PackageLoader("timestudy.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["table"] = _table
    env.filters["code"] = _code
    return env


def figure_png(figure: Figure, dpi: int = 110) -> str:
    """Draw a report figure and return it as base64-encoded PNG."""
    fig = _MplFigure(figsize=figure.size)  # no pyplot: no global state, nothing to close
    figure.draw(fig.subplots())
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render_html(source, **options) -> str:
    """The report as one self-contained HTML page.

    Parameters
    ----------
    source : TimeGuide, StudyRun or Report
        What to report on (see :func:`timestudy.report.build_report`).
    **options
        Passed to :func:`~timestudy.report.build_report` (``caseload``,
        ``workers``, ``bands``, ``title``).

    Returns
    -------
    str

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> page = render_html(run_study(s.diary, s.cases, s.workers, n_boot=49))
    >>> page.startswith("<!DOCTYPE html>"), "http://" in page, "<script" in page
    (True, False, False)
    """
    report = source if isinstance(source, Report) else build_report(source, **options)
    figures = {f.key: figure_png(f) for f in report.figures}
    min_workers = 5
    for k, v in report.provenance:
        if k == "disclosure threshold":
            min_workers = int(re.search(r"\d+", v).group())
    return (
        environment()
        .get_template("report.html.j2")
        .render(report=report, figures=figures, version=__version__, min_workers=min_workers)
    )
