"""One result contract: every result shows itself the same way, through one printer.

A result supplies data: a title, a lead (one or two sentences of context), the
:meth:`~Result.summary` table, notes on the method and its caveats, and
optional further sections (more tables, or other results within it). The base
class turns them into one :class:`Section` and a :class:`Printer` lays that out
three ways, as lifelines and statsmodels do with their summaries:

- ``repr(result)``: plain text, for a console or a log;
- ``result._repr_html_()``: HTML for Jupyter, from the one Jinja environment
  (:mod:`timestudy._lib.html`, autoescaping on);
- ``result.to_markdown()``: Markdown, to paste into a report or an issue.

The numbers to compute with stay in DataFrames: ``summary()`` and ``to_frame()``.
Figures are drawn by :mod:`timestudy.plots`; a result's ``plot(ax=None)`` only
hands its numbers to a plotting function there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

import pandas as pd

from timestudy._lib.html import FrameView, frame_view, render
from timestudy._lib.markdown import MAX_CHARS, PROSE_CHARS, md_text

__all__ = ["Printer", "Result", "Section", "TableResult", "part"]

#: Rows of one table shown in the text rendering (HTML and Markdown show all).
TEXT_ROWS = 40


@dataclass(frozen=True)
class Section:
    """One part of a result's display: a title, paragraphs, a table, parts within it, notes.

    Attributes
    ----------
    title : str
        Heading (the result's title for the top section).
    paragraphs : tuple of str
        Plain text shown under the title.
    table : DataFrame, optional
        Shown with floats to ``digits`` decimals (and its index when ``index``).
    parts : tuple of Section
        Sections within this one (the displays of results within a result).
    notes : tuple of str
        Method notes and caveats, shown last.
    detail : bool
        Shown in HTML and Markdown only; the text rendering names it instead,
        to keep ``repr`` short.
    text_rows : int
        Rows of ``table`` shown in the text rendering.
    """

    title: str = ""
    paragraphs: tuple[str, ...] = ()
    table: pd.DataFrame | None = None
    parts: tuple[Section, ...] = ()
    notes: tuple[str, ...] = ()
    digits: int = 2
    index: bool = True
    detail: bool = False
    text_rows: int = TEXT_ROWS


@dataclass(frozen=True)
class _Node:
    """A :class:`Section` with its table formatted: what the templates and layouts read."""

    title: str
    paragraphs: tuple[str, ...]
    view: FrameView | None
    parts: tuple[_Node, ...]
    notes: tuple[str, ...]
    detail: bool
    text_rows: int


def _node(section: Section) -> _Node:
    view = None
    if section.table is not None:
        view = frame_view(section.table, digits=section.digits, index=section.index)
    return _Node(
        title=section.title,
        paragraphs=tuple(section.paragraphs),
        view=view,
        parts=tuple(_node(p) for p in section.parts),
        notes=tuple(section.notes),
        detail=section.detail,
        text_rows=section.text_rows,
    )


class Printer:
    """Lays out one :class:`Section` as text, HTML or Markdown: one content, three renderings.

    Examples
    --------
    >>> s = Section("Hours <by type>", ("Two case types.",),
    ...             pd.DataFrame({"hours": [10.0, 12.5]}, index=pd.Index(["CIN", "CP"], name="type")),
    ...             notes=("Ratio estimator.",))
    >>> print(Printer(s).text())
    Hours <by type>
    Two case types.
    <BLANKLINE>
    type  hours
    CIN   10.00
    CP    12.50
    <BLANKLINE>
    Notes:
    - Ratio estimator.
    >>> "<h4>Hours &lt;by type&gt;</h4>" in Printer(s).html()
    True
    >>> print(Printer(s).markdown().splitlines()[4])
    | type | hours |
    """

    def __init__(self, section: Section):
        self.section = section
        self._root = _node(section)

    # ---------------------------------------------------------------- text
    def text(self) -> str:
        """Plain text: title, lead, table, the parts that are not detail, notes."""
        lines = _text_section(self._root, top=True)
        return "\n".join(lines).rstrip()

    # ---------------------------------------------------------------- HTML
    def html(self) -> str:
        """HTML for a notebook, rendered by ``result.html.j2`` (every text escaped)."""
        return render("result.html.j2", root=self._root)

    # ---------------------------------------------------------------- Markdown
    def markdown(self, depth: int = 1) -> str:
        """GitHub-flavoured Markdown, the title a heading of ``depth`` (1 for ``#``)."""
        return "\n".join(_markdown_section(self._root, depth)).rstrip() + "\n"


def _text_table(view: FrameView, max_rows: int) -> list[str]:
    rows = view.rows[:max_rows]
    widths = [len(h) for h in view.header]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells) -> str:
        out = []
        for j, (c, w) in enumerate(zip(cells, widths, strict=True)):
            right = j >= view.n_index and (not view.numeric or view.numeric[j])
            out.append(c.rjust(w) if right else c.ljust(w))
        return "  ".join(out).rstrip()

    lines = [line(view.header)] if view.header else []
    lines += [line(r) for r in rows] if rows else ["(none)"]
    if len(view.rows) > max_rows:
        lines.append(f"... {len(view.rows) - max_rows} more rows (see the HTML or Markdown)")
    return lines


def _text_section(node: _Node, top: bool = False) -> list[str]:
    lines = []
    if node.title:
        lines += [node.title] if top else ["", node.title, "-" * len(node.title)]
    lines += list(node.paragraphs)
    if node.view is not None:
        lines += [""] + _text_table(node.view, node.text_rows)
    for p in node.parts:
        if not p.detail:
            lines += _text_section(p)
    if node.notes:
        lines += ["", "Notes:"] + [f"- {n}" for n in node.notes]
    hidden = [p.title for p in node.parts if p.detail and p.title]
    if hidden:
        lines += ["", "Also in the HTML and Markdown: " + "; ".join(hidden) + "."]
    return lines


def _md(text: str, max_chars: int = MAX_CHARS) -> str:
    """Text for Markdown: the one rule of :func:`timestudy._lib.markdown.md_text`."""
    return md_text(text, max_chars)


def _markdown_table(view: FrameView) -> list[str]:
    if not view.header:
        return []
    align = [
        "---:" if j >= view.n_index and view.numeric and view.numeric[j] else "---"
        for j in range(len(view.header))
    ]
    lines = ["| " + " | ".join(_md(h) for h in view.header) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in view.rows]
    return lines


def _markdown_section(node: _Node, depth: int) -> list[str]:
    lines = []
    if node.title:
        lines += ["#" * min(depth, 6) + " " + _md(node.title), ""]
    for p in node.paragraphs:
        lines += [_md(p, PROSE_CHARS), ""]
    if node.view is not None:
        lines += _markdown_table(node.view) or ["(none)"]
        lines.append("")
    for p in node.parts:
        lines += _markdown_section(p, depth + 1)
    if node.notes:
        lines += [f"- {_md(n, PROSE_CHARS)}" for n in node.notes] + [""]
    return lines


class Result:
    """Base of every timestudy result: one way to compute with it, three ways to show it.

    A subclass supplies data, never layout:

    - ``title`` (an attribute or a field), or override :meth:`_title`;
    - :meth:`summary`: a tidy DataFrame whose columns its docstring lists;
    - ``notes`` (an attribute: a string or a sequence of strings), or
      override :meth:`_notes`;
    - optionally :meth:`_lead` (sentences under the title) and :meth:`_sections`
      (further tables, or results within this one: see :func:`part`);
    - ``plot(ax=None)`` when it has a figure, handing its numbers to a function
      of :mod:`timestudy.plots`.

    Every subclass then has ``repr`` (text), ``_repr_html_`` (Jupyter) and
    :meth:`to_markdown`, all from one :class:`Printer`. Subclasses that are
    dataclasses must say ``repr=False`` so that the dataclass does not write
    its own ``__repr__``. Override :meth:`_display` only when the layout is not
    title, lead, summary, sections and notes (a workload statement lists its
    cases before its totals).

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> import pandas as pd
    >>> from timestudy.models import Result
    >>> @dataclass(frozen=True, repr=False)
    ... class Hours(Result):
    ...     table: pd.DataFrame
    ...     title = "Hours per case-month"
    ...     notes = ("Ratio estimator.",)
    ...     def summary(self):
    ...         return self.table
    >>> h = Hours(pd.DataFrame({"hours": [10.0]}, index=pd.Index(["CIN"], name="case_type")))
    >>> print(h)
    Hours per case-month
    <BLANKLINE>
    case_type  hours
    CIN        10.00
    <BLANKLINE>
    Notes:
    - Ratio estimator.
    >>> print(h.to_markdown().splitlines()[0])
    # Hours per case-month
    """

    #: Decimals shown for the floats of the summary table.
    _digits: ClassVar[int] = 2

    # ------------------------------------------------------------ what a subclass supplies
    def summary(self) -> pd.DataFrame:
        """The result's headline table (each subclass documents its columns)."""
        raise NotImplementedError(f"{type(self).__name__} does not define summary()")

    def _title(self) -> str:
        """The heading of the display: ``title``, else the class name."""
        title = getattr(self, "title", "")
        return title if isinstance(title, str) and title else type(self).__name__

    def _lead(self) -> Sequence[str]:
        """Sentences shown under the title (none by default)."""
        return ()

    def _notes(self) -> tuple[str, ...]:
        """Method notes and caveats, from ``notes`` (a string or a sequence of strings)."""
        notes = getattr(self, "notes", ())
        if isinstance(notes, str):
            return (notes,) if notes else ()
        return tuple(str(n) for n in notes or ())

    def _sections(self) -> Sequence[Section]:
        """Further sections shown after the summary (none by default)."""
        return ()

    def _display(self) -> Section:
        """Everything the printer shows, as one :class:`Section`."""
        return Section(
            title=self._title(),
            paragraphs=tuple(self._lead()),
            table=self.summary(),
            parts=tuple(self._sections()),
            notes=self._notes(),
            digits=self._digits,
        )

    # ------------------------------------------------------------ what every result has
    def to_frame(self) -> pd.DataFrame:
        """The result's main table as a DataFrame (the summary unless a subclass says more)."""
        return self.summary()

    def plot(self, ax=None):
        """The result's figure on ``ax`` (a new one when None); returns the Axes."""
        raise NotImplementedError(
            f"{type(self).__name__} has no figure: its numbers are in .summary()"
        )

    def to_markdown(self, depth: int = 1) -> str:
        """The result as Markdown, its title a heading of ``depth`` (1 for ``#``)."""
        return Printer(self._display()).markdown(depth)

    def __repr__(self) -> str:
        return Printer(self._display()).text()

    def _repr_html_(self) -> str:
        return Printer(self._display()).html()


def part(result: Result, *, detail: bool = True, title: str | None = None) -> Section:
    """The display of ``result`` as a section of another result's display.

    Examples
    --------
    >>> r = TableResult(pd.DataFrame({"n": [3]}), "Counts")
    >>> part(r).title, part(r).detail
    ('Counts', True)
    """
    section = result._display()
    return replace(section, detail=detail, title=section.title if title is None else title)


@dataclass(frozen=True, repr=False)
class TableResult(Result):
    """A result whose numbers are one table: estimates with their intervals, say.

    ``table`` is a plain DataFrame (``to_frame()`` returns a copy); ``summary()``
    rounds it for reading; ``notes`` explain the method.

    Parameters
    ----------
    table : DataFrame
        The numbers.
    title : str
        Heading of the display.
    notes : tuple of str
        Method notes and caveats, shown last.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.models import Result, TableResult
    >>> r = TableResult(pd.DataFrame({"fte_needed": [3.14159]}), "Staffing need", ("Demo.",))
    >>> r.summary()["fte_needed"].tolist()
    [3.14]
    >>> isinstance(r, Result), "<table" in r._repr_html_()
    (True, True)
    """

    table: pd.DataFrame
    title: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The estimates as a DataFrame (a copy)."""
        return self.table.copy()

    def summary(self, digits: int = 2) -> pd.DataFrame:
        """The estimates rounded for reading."""
        return self.table.round(digits)
