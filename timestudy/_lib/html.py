"""The one Jinja environment that every HTML page and notebook display of timestudy comes from.

Templates live in ``timestudy/templates`` and autoescaping is on for all of them, so
text from data (workers' descriptions, file names, labels) always shows as text.
Tables reach a template as a :class:`FrameView`: header and cells already formatted
as text, so the same view can also be laid out as plain text or Markdown (see
:mod:`timestudy.results`). ``jinja2`` is imported on the first render only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

#: Shown for a missing value (NaN, None, NA).
MISSING = "–"
_NUMERIC = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class FrameView:
    """A table as display text, ready for a template or a text layout.

    Attributes
    ----------
    header : tuple of str
        Index names (when the index is shown) then column names.
    rows : tuple of tuple of str
        One tuple of cells per row, index cells first.
    n_index : int
        How many leading cells of each row are the index (shown as row headers).
    numeric : tuple of bool
        For each cell position, whether it holds numbers (right-aligned). Empty:
        decide cell by cell from the text.
    caption, note : str
        Shown above and under the table.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    n_index: int = 0
    numeric: tuple[bool, ...] = ()
    caption: str = ""
    note: str = ""

    def is_numeric(self, position: int, cell: str) -> bool:
        """Whether the cell at ``position`` is a number (right-aligned)."""
        if self.numeric:
            return self.numeric[position]
        return bool(_NUMERIC.match(cell))


def format_value(value, digits: int = 2, missing: str = MISSING) -> str:
    """One value as display text: floats to ``digits`` decimals, missing values as ``missing``.

    Examples
    --------
    >>> format_value(3.14159), format_value(7), format_value(float("nan")), format_value("a<b")
    ('3.14', '7', '–', 'a<b')
    """
    if value is None:
        return missing
    if isinstance(value, bool | np.bool_ | int | np.integer):
        return str(value.item() if hasattr(value, "item") else value)
    if isinstance(value, float | np.floating):
        return missing if math.isnan(value) else f"{value:.{digits}f}"
    try:
        if pd.isna(value):
            return missing
    except (TypeError, ValueError):  # a list or array in a cell
        pass
    return str(value)


def _column_cells(values: pd.Series, digits: int, missing: str) -> list[str]:
    if values.dtype.kind == "f":
        return [missing if math.isnan(v) else f"{v:.{digits}f}" for v in values.to_numpy()]
    return [format_value(v, digits, missing) for v in values.to_numpy(object)]


def _reads_as_numbers(cells: list[str], missing: str) -> bool:
    """Whether a column of text holds numbers only (``"16.4"``, ``"175%"``), so aligns right."""
    present = [c for c in cells if c != missing and c != ""]
    return bool(present) and all(_NUMERIC.match(c) for c in present)


def _label(name) -> str:
    if isinstance(name, tuple):
        return " / ".join(str(n) for n in name if str(n) != "")
    return "" if name is None else str(name)


def frame_view(
    frame: pd.DataFrame,
    *,
    digits: int = 2,
    missing: str = MISSING,
    index: bool = True,
    caption: str = "",
    note: str = "",
    numeric: bool = True,
) -> FrameView:
    """A DataFrame as a :class:`FrameView`: every cell formatted as text.

    Parameters
    ----------
    frame : DataFrame
        Any table; a MultiIndex gives one index cell per level, MultiIndex
        columns are joined with ``" / "``.
    digits : int
        Decimals of floating-point cells.
    missing : str
        Text of a missing value.
    index : bool
        Show the index as the first cells of each row.
    caption, note : str
        Shown above and under the table.
    numeric : bool
        Right-align the columns of numbers (by dtype, or text that reads as
        numbers in every cell); when false, cells that read as numbers are
        right-aligned one by one (for tables of display text).

    Returns
    -------
    FrameView

    Examples
    --------
    >>> t = pd.DataFrame({"hours": [1.234, np.nan]}, index=pd.Index(["a", "b"], name="w"))
    >>> v = frame_view(t)
    >>> v.header, v.rows
    (('w', 'hours'), (('a', '1.23'), ('b', '–')))
    """
    columns = [_column_cells(frame.iloc[:, j], digits, missing) for j in range(frame.shape[1])]
    header = [_label(c) for c in frame.columns]
    kinds = [
        frame.dtypes.iloc[j].kind in "iuf" or _reads_as_numbers(cells, missing)
        for j, cells in enumerate(columns)
    ]
    n_index = 0
    if index:
        levels = [frame.index.get_level_values(i) for i in range(frame.index.nlevels)]
        columns = [[format_value(v, digits, missing) for v in lv] for lv in levels] + columns
        header = [_label(n) for n in frame.index.names] + header
        kinds = [False] * len(levels) + kinds
        n_index = len(levels)
    rows = tuple(zip(*columns, strict=True)) if columns else ((),) * len(frame)
    return FrameView(
        header=tuple(header),
        rows=rows,
        n_index=n_index,
        numeric=tuple(kinds) if numeric else (),
        caption=caption,
        note=note,
    )


def _code(text) -> str:
    """Escape text and show `backticked` words as code (a template filter)."""
    from markupsafe import Markup, escape

    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(text))))


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of timestudy's templates (autoescaping on).

    Examples
    --------
    >>> environment().from_string("<p>{{ text }}</p>").render(text="<b>")
    '<p>&lt;b&gt;</p>'
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("timestudy", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["code"] = _code
    return env


def render(template: str, /, **context) -> str:
    """Render one of timestudy's templates with ``context``.

    Examples
    --------
    >>> page = render("_page.html.j2", title="a < b", body="")
    >>> "<title>a &lt; b</title>" in page
    True
    """
    return environment().get_template(template).render(**context)


def page(title: str, body: str) -> str:
    """A whole HTML page around ``body``, which must itself come from a template of
    :func:`environment` (it is inserted as it is, not escaped again).

    Examples
    --------
    >>> page("Coverage", "<h4>Coverage</h4>").startswith("<!DOCTYPE html>")
    True
    """
    from markupsafe import Markup

    return render("_page.html.j2", title=title, body=Markup(body))
