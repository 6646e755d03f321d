"""The one writer of every CSV file timestudy produces.

Rejects, categorised episodes, pseudonymised tables, observation tables, agreement
tables, simulated studies: all go through :func:`write_csv`, which

- applies the one formula-safety rule (:func:`timestudy.privacy.neutralise_formulas`)
  to every text cell and header, at the start and after every line break;
- quotes every value holding a carriage return, a line feed, a quote or the delimiter,
  and ends rows with CRLF (RFC 4180), so a value can never start a new row in a
  spreadsheet or in any CSV reader;
- writes UTF-8.

A file written here reads back row for row with Python's :mod:`csv` module, pandas and
pyarrow (``tests/security/test_csv_writer.py``).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from timestudy.privacy import neutralise_formulas

__all__ = ["write_csv", "csv_text"]


def csv_text(frame: pd.DataFrame, *, index: bool = False, date_format: str | None = None) -> str:
    r"""``frame`` as the text :func:`write_csv` writes.

    Examples
    --------
    >>> print(repr(csv_text(pd.DataFrame({"a": ["x\ry", "=1"], "b": [1, 2]}))))
    'a,b\r\n"x\ry",1\r\n\'=1,2\r\n'
    """
    buffer = io.StringIO()
    _write(frame, buffer, index, date_format)
    return buffer.getvalue()


def _write(frame: pd.DataFrame, handle, index: bool, date_format: str | None) -> None:
    if index:
        names = [n if n is not None else "" for n in frame.index.names]
        frame = frame.rename_axis(names).reset_index()
    neutralise_formulas(frame).to_csv(
        handle, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL,
        date_format=date_format,
    )


def write_csv(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    index: bool = False,
    date_format: str | None = None,
) -> Path:
    r"""Write ``frame`` to ``path`` as a spreadsheet-safe, always-quoted CSV file.

    Parameters
    ----------
    frame : DataFrame
        The table; with ``index`` its index is written as leading columns.
    path : path
        The file to write (its folder must exist).
    index : bool
        Write the index (a confusion matrix's row labels) as columns.
    date_format : str, optional
        strftime format of datetime columns (default ISO 8601).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"note": ["ok\n@SUM(1)"]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> pd.read_csv(p)["note"].tolist()
    ["ok\n'@SUM(1)"]
    """
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        _write(frame, handle, index, date_format)
    return path
