"""What every observation result shares: the result contract, tables to write, its caveat."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from timestudy.results import Result


class ObservationResult(Result):
    """A :class:`~timestudy.results.Result` with ``tables()`` to write as CSV files.

    Subclasses set ``title``, define ``summary()``, ``tables()`` and ``plot()``,
    and may have a ``note`` attribute: a caveat shown under the summary (such as
    the length-biased-sampling warning), also as :attr:`notes`.
    """

    title = "Result"
    _digits = 3

    def tables(self) -> dict[str, pd.DataFrame]:  # pragma: no cover - overridden
        """Every table of the result, by file name stem."""
        raise NotImplementedError

    @property
    def notes(self) -> str:
        """Caveats to read with the numbers (empty when there are none)."""
        return str(getattr(self, "note", "") or "")

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


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` (a named index as columns) with text that cannot act as a formula."""
    from timestudy.exports import write_csv as write

    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    return write(table, path)
