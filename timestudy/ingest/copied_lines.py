"""Copies told by their whole lines: a row on a line byte for byte an earlier one's.

Rows on equal lines hold equal text in every column, so they are copies whatever the reader
made of their values (:mod:`timestudy.ingest.duplicates`): a second export appended is
found on its lines (:func:`copied_lines`), and rows equal in value on equal lines need not
have their typed columns parsed again to be compared as written (:func:`by_lines`). The
lines are those a reader gives (``written.lines``: :func:`~timestudy.ingest.echo.whole_lines`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow.compute as pc

__all__ = ["LINE_LAYOUTS", "Written", "by_lines", "copied_lines", "first_lines"]

#: The text of the columns a reader typed, for candidate positions: ``written(positions)``
#: gives ``{column: texts}`` (see :mod:`timestudy.ingest.duplicates`).
Written = Callable[[np.ndarray], dict[str, np.ndarray]]

#: Layouts whose candidates are the file's rows, each one line's own cells: equal lines,
#: equal rows (:func:`copied_lines`).
LINE_LAYOUTS = ("canonical", "duration")


def copied_lines(at: np.ndarray, key: np.ndarray, written: Written | None) -> np.ndarray | None:
    """Which rows at positions ``at`` are on a line byte for byte the line of the first of
    them with their ``key`` (equal text in every column: copies, whatever the reader made
    of their values), where ``written.apart`` says each row is its own line and holds
    nothing but what that line says (:func:`timestudy.ingest.validate._written`); None
    where it does not, the reader gives no lines, or no such line repeats. A second export
    appended is then found on its lines alone, its values not coded column by column (a
    copy of another row of its key is left to that).

    Examples
    --------
    >>> import pyarrow as pa
    >>> text = pa.array([b"a,1\\n", b"b,2\\n", b"a,1\\n", b"a,1.0\\n"])
    >>> class Lines:
    ...     lines, apart = staticmethod(lambda at: text.take(at)), True
    >>> copied_lines(np.arange(4), np.array([7, 8, 7, 7]), Lines()).tolist()
    [False, False, True, False]
    """
    lines = getattr(written, "lines", None)
    if lines is None or not getattr(written, "apart", False) or len(at) < 2:
        return None
    later, same = first_lines(pd.factorize(key)[0], at, lines)
    if not same.any():
        return None
    copied = np.zeros(len(at), bool)
    copied[later[same]] = True
    return copied


def by_lines(joined: np.ndarray, at: np.ndarray, written: Written) -> np.ndarray | None:
    """Which rows (numbered ``joined`` by their values from 0, in order of first appearance,
    each equal in value to another row) copy an earlier one, where every row is on a line
    byte for byte the line of the first row of its value (equal lines, equal text in every
    column: the typed columns need not be parsed again to be compared as written); None
    when the lines cannot tell (the reader gives no ``written.lines``,
    :func:`~timestudy.ingest.echo.whole_lines`; or some row's line differs from the first's:
    ``W1`` and ``W1 ``, ``09:00`` and ``09:00:00``, compared column by column then).

    Examples
    --------
    Rows 0 and 2 equal in value on equal lines, rows 1 and 3 too: the later ones are copies.

    >>> import pyarrow as pa
    >>> text = pa.array([b"a,1\\n", b"b,2\\n", b"a,1\\n", b"b,2\\n", b"b,2.0\\n"])
    >>> class Lines:
    ...     lines = staticmethod(lambda at: text.take(at))
    >>> by_lines(np.array([0, 1, 0, 1]), np.arange(4), Lines()).tolist()
    [False, False, True, True]
    >>> by_lines(np.array([0, 1, 0, 1]), np.array([0, 1, 2, 4]), Lines()) is None
    True
    """
    lines = getattr(written, "lines", None)
    if lines is None or not len(joined):
        return None
    later, equal = first_lines(joined, at, lines)
    if not equal.all():
        return None  # equal in value, on other lines: compare the text
    same = np.zeros(len(joined), bool)
    same[later] = True
    return same


def first_lines(numbered: np.ndarray, at: np.ndarray, lines: Callable
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Each row but the first of its number (``numbered``: from 0, in order of first
    appearance) among the rows at ``at``, and whether each is on a line byte for byte the
    first's (``lines``: the whole lines of positions, :func:`~timestudy.ingest.echo.whole_lines`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> text = pa.array([b"a\\n", b"b\\n", b"a\\n", b"b \\n"])
    >>> later, same = first_lines(np.array([0, 1, 0, 1]), np.arange(4), text.take)
    >>> later.tolist(), same.tolist()
    ([2, 3], [True, False])
    """
    first = np.empty(int(numbered.max()) + 1, np.int64)
    first[numbered[::-1]] = np.arange(len(numbered) - 1, -1, -1)  # the first row of each
    ref = first[numbered]
    later = np.flatnonzero(ref != np.arange(len(numbered)))  # each row but the first
    if not len(later):
        return later, np.zeros(0, bool)
    text = lines(at[np.concatenate([later, ref[later]])])  # (one search of the file)
    half = len(later)
    same = pc.equal(text.slice(0, half), text.slice(half))
    return later, same.to_numpy(zero_copy_only=False).astype(bool, copy=False)
