"""The content model of a report: sections of paragraphs, tables and figures, laid out by each writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Table:
    """A table of display text with a caption (and an optional note under it)."""

    caption: str
    frame: pd.DataFrame
    note: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Draw:
    """A figure's drawing: the plot function of :mod:`timestudy.plots` named ``plot``, called
    with ``args``, ``kwargs`` and the Axes to draw on.

    Held by name and data, not as a function: it pickles (a helper process that has
    already imported matplotlib can be sent it, :mod:`timestudy.report.writer`), and the
    process that builds the report's content never imports matplotlib.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.plots import new_axes
    >>> shares = pd.DataFrame({"share": [0.6, 0.4], "share_ci_low": [0.5, 0.3],
    ...                        "share_ci_high": [0.7, 0.5]}, index=["visits", "recording"])
    >>> draw = Draw("category_shares_plot", (shares,))
    >>> draw(new_axes(size=(3, 2))).get_xlabel()
    'share of time worked'
    >>> import pickle
    >>> pickle.loads(pickle.dumps(draw)).plot
    'category_shares_plot'
    """

    plot: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def __call__(self, ax):
        from importlib import import_module

        plots = import_module("timestudy.plots")  # matplotlib: only where a figure is drawn
        return getattr(plots, self.plot)(*self.args, ax=ax, **self.kwargs)


@dataclass(frozen=True)
class Figure:
    """A figure: ``draw(ax)`` draws it on a new Axes of ``size`` inches (a :class:`Draw`
    in every report, so that a report can be sent to a helper process)."""

    key: str
    caption: str
    draw: Callable
    size: tuple[float, float] = (7.0, 4.0)
    kind: str = "figure"


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    """A titled part of the report: paragraphs, tables and figures in order."""

    id: str
    title: str
    blocks: list = field(default_factory=list)

    def add(self, block) -> Section:
        self.blocks.append(Text(block) if isinstance(block, str) else block)
        return self


@dataclass(frozen=True)
class Report:
    """A whole report: title, provenance and sections.

    :func:`~timestudy.report.build_report` builds one from a guide or a study
    run; each writer (HTML, Markdown, Word, PDF) only lays it out.

    Parameters
    ----------
    title, subtitle : str
    provenance : list of (str, str)
        Label and value of each fact about the data and the run.
    sections : list of Section
        The parts of the report, in order.

    Examples
    --------
    >>> from timestudy.report import Report
    >>> from timestudy.report.model import Section
    >>> intro = Section("summary", "Summary").add("Hours per case-month by case type.")
    >>> r = Report("Time guide", "Example council", [("Workers", "8")], [intro])
    >>> r.section("summary").blocks[0].text, r.figures
    ('Hours per case-month by case type.', [])
    """

    title: str
    subtitle: str
    provenance: list[tuple[str, str]]
    sections: list[Section]

    def section(self, id: str) -> Section:
        """The section with this id."""
        return next(s for s in self.sections if s.id == id)

    @property
    def figures(self) -> list[Figure]:
        """Every figure, in order."""
        return [b for s in self.sections for b in s.blocks if b.kind == "figure"]
