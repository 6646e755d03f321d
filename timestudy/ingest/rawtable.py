"""A table as read from any source, with the row number the user sees for each row.

Every reader (:mod:`~timestudy.ingest.csvfile`, :mod:`~timestudy.ingest.jsonfile`,
:mod:`~timestudy.ingest.workbook`, Parquet and DataFrames in
:mod:`~timestudy.ingest.files`) returns a :class:`RawTable`; the errors for a file no
reader can use are made here, on one line whatever the parser said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.echo import Echo

#: Widest table read: a diary has a few dozen columns, a grid of 5-minute slots 288.
MAX_COLUMNS = 2_000


@dataclass
class RawTable:
    """A table as read, with row numbers.

    Attributes
    ----------
    frame : DataFrame
        The rows, columns named as in the source.
    source_row : ndarray of int
        Line (text files, header = line 1), sheet row, or 1-based position.
    name : str
        File name (or ``"DataFrame"``) used in messages.
    format : str
        ``csv``, ``xlsx``, ``parquet``, ``jsonl`` or ``dataframe``.
    problems : list of (int, list of str, str[, str])
        Rows that could not be split into fields: row number, raw fields, reason and,
        optionally, a code (default ``wrong_field_count``; see :func:`problem_code`).
    details : dict
        What was detected: encoding, delimiter, sheet.
    echo : callable, optional
        For a reader that typed some values (numbers, times): ``echo(source_rows)`` gives
        those rows' values as the file wrote them, by column (see
        :mod:`timestudy.ingest.echo`); None when every value is the source's own text.
    """

    frame: pd.DataFrame
    source_row: np.ndarray
    name: str
    format: str
    problems: list = field(default_factory=list)
    details: dict = field(default_factory=dict)
    echo: Echo | None = field(default=None, repr=False)

    @property
    def row_word(self) -> str:
        """``line`` for text files, ``row`` otherwise: how messages refer to a row."""
        return "line" if self.format in ("csv", "jsonl") else "row"


def problem_code(problem: tuple) -> str:
    """The reject code of an entry of :attr:`RawTable.problems`.

    Examples
    --------
    >>> problem_code((3, ["a"], "too few fields")), problem_code((3, [], "x", "unclosed_quote"))
    ('wrong_field_count', 'unclosed_quote')
    """
    return problem[3] if len(problem) > 3 else "wrong_field_count"


def check_width(n_columns: int, name: str) -> None:
    if n_columns > MAX_COLUMNS:
        raise SchemaError(
            f"has {n_columns:,} columns; a diary has at most {MAX_COLUMNS:,} (one per field, "
            "or one per time slot): check that this is the diary, and that the delimiter "
            "is right",
            source=name,
        )


def unreadable(name: str, what: str, exc: BaseException, fix: str) -> SchemaError:
    """The error for a file a parser gave up on, on one line whatever the parser said."""
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return SchemaError(f"is not a readable {what} ({detail}); {fix}", source=name)
