"""What every observation result shares: text and HTML display, tables to write, a figure."""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

import pandas as pd


def _fmt(value: float) -> str:
    return f"{value:.3f}"


class ResultMixin:
    """Display and export for a result that has ``summary()``, ``tables()`` and ``plot()``.

    Subclasses set ``title`` and may have a ``note`` attribute (a caveat shown
    under the figures, such as the length-biased-sampling warning).
    """

    title = "Result"

    def summary(self) -> pd.DataFrame:  # pragma: no cover - overridden
        raise NotImplementedError

    def tables(self) -> dict[str, pd.DataFrame]:  # pragma: no cover - overridden
        raise NotImplementedError

    def plot(self, ax=None):  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def notes(self) -> str:
        """Caveats to read with the numbers (empty when there are none)."""
        return str(getattr(self, "note", "") or "")

    def __repr__(self) -> str:
        text = f"{self.title}\n" + self.summary().to_string(float_format=_fmt)
        return text + (f"\nNote: {self.notes}" if self.notes else "")

    def _repr_html_(self) -> str:
        body = self.summary().to_html(float_format=_fmt, na_rep="")
        note = f"<p><em>Note:</em> {escape(self.notes)}</p>" if self.notes else ""
        return f"<h4>{escape(self.title)}</h4>{body}{note}"

    def write(self, folder: str | Path, prefix: str = "") -> dict[str, Path]:
        """Write each of :meth:`tables` as a CSV file in ``folder``; return the paths.

        Text cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe,
        so a label cannot run as a spreadsheet formula.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, table in self.tables().items():
            paths[name] = write_csv(table, folder / f"{prefix}{name}.csv")
        return paths

    def figure_base64(self, **kwargs) -> str:
        """The default plot as a base64-encoded PNG (for self-contained HTML)."""
        import matplotlib.pyplot as plt

        ax = self.plot(**kwargs)
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        plt.close(ax.figure)
        return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` (a named index as columns) with text that cannot act as a formula."""
    from timestudy.privacy import neutralise_formulas

    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    neutralise_formulas(table).to_csv(path, index=False)
    return path


def new_axes(ax, size: tuple[float, float] = (7, 4)):
    """``ax``, or the axes of a new figure of ``size`` inches."""
    import matplotlib.pyplot as plt

    return ax if ax is not None else plt.figure(figsize=size).gca()
