"""``report.md``: the report's text and tables as Markdown (figures are in ``report.html``)."""

from __future__ import annotations

import re

from timestudy import __version__
from timestudy._lib.markdown import PROSE_CHARS, md_text
from timestudy.report.content import build_report
from timestudy.report.model import Report, Table


def markdown_table(table: Table) -> str:
    """A :class:`Table` as a GitHub-flavoured Markdown table with its caption.

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(Table("Shares", pd.DataFrame({"category": ["travel"],
    ...                                                     "share": ["14%"]}))))
    **Shares**
    <BLANKLINE>
    | category | share |
    | --- | --- |
    | travel | 14% |
    """
    frame = table.frame
    lines = [f"**{md_text(table.caption)}**", ""]
    if frame.empty:
        lines.append("(none)")
    else:
        lines.append("| " + " | ".join(md_text(c) for c in frame.columns) + " |")
        lines.append("| " + " | ".join("---" for _ in frame.columns) + " |")
        for row in frame.itertuples(index=False):
            lines.append("| " + " | ".join(md_text("" if v is None else v) for v in row) + " |")
    if table.note:
        lines += ["", f"*{md_text(table.note, PROSE_CHARS)}*"]
    return "\n".join(lines)


def render_markdown(source, **options) -> str:
    """The report as Markdown: the same sections, text and tables as ``report.html``.

    Parameters
    ----------
    source : TimeGuide, StudyRun or Report
    **options
        Passed to :func:`~timestudy.report.build_report`.

    Returns
    -------
    str

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import render_markdown
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> text = render_markdown(run_study(s.diary, s.cases, s.workers, n_boot=19))
    >>> text.splitlines()[0]
    '# Time guide'
    """
    report = source if isinstance(source, Report) else build_report(source, **options)
    out = [f"# {md_text(report.title)}", "", md_text(report.subtitle, PROSE_CHARS), "",
           "## Contents", ""]
    out += [f"{i}. [{md_text(s.title)}](#{_anchor(s.id)})"
            for i, s in enumerate(report.sections, 1)]
    out.append(f"{len(report.sections) + 1}. [Provenance](#provenance)")
    for s in report.sections:
        out += ["", f'<a id="{_anchor(s.id)}"></a>', "", f"## {md_text(s.title)}", ""]
        for b in s.blocks:
            if b.kind == "heading":
                out += [f"### {md_text(b.text)}", ""]
            elif b.kind == "text":
                out += [md_text(b.text, PROSE_CHARS), ""]
            elif b.kind == "table":
                out += [markdown_table(b), ""]
            elif b.kind == "figure":
                out += [f"*Figure (in report.html): {md_text(b.caption, PROSE_CHARS)}*", ""]
    out += [
        "",
        '<a id="provenance"></a>',
        "",
        "## Provenance",
        "",
        "| item | value |",
        "| --- | --- |",
    ]
    out += [f"| {md_text(k)} | {md_text(v)} |" for k, v in report.provenance]
    out += [
        "",
        f"Written by timestudy {__version__}. No diary text and no identifiers of "
        "workers or cases appear in this report.",
        "",
    ]
    return "\n".join(out)


def _anchor(section_id: str) -> str:
    """A section id as an HTML anchor: letters, digits and hyphens only."""
    return re.sub(r"[^a-z0-9-]", "-", str(section_id).lower())
