"""Integer codes of label and id columns, as text: the distinct values first, then the rows.

Every measure of the observation package turns its id and label columns (worker, session,
observer, category...) into integer codes and their sorted keys (:func:`codes_of`). Each
value is read as text with surrounding space removed, and a missing or blank value is
:data:`MISSING_LABEL`. Doing that text work on every row cost most of the time of a measure on
a small study (about 4 ms a column on 100 rows, against 0.3 ms for the rest): the values are
factorised as they are first, the text work done on the distinct values only, and the rows
given the codes of their values. Only columns whose distinct values are text or whole numbers
go this way (two distinct values of other kinds can read as the same text, or one as two:
``1`` and ``1.0``); the others are read row by row as before. The codes and keys are the same
either way (``tests/observe/test_codes.py``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

MISSING_LABEL = "(missing)"
#: Text whose surrounding space Python's ``str.strip`` and pandas' ``str.strip`` read alike.
_PLAIN = re.compile(r"[\t\n\x0b\x0c\r\x20-\x7e]*")


def codes_of(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the combinations of ``columns`` (missing as a value) and the sorted keys.

    Parameters
    ----------
    frame : DataFrame
    columns : list of str
        One column gives an Index of keys named after it; several a MultiIndex.

    Returns
    -------
    codes : ndarray of int64
        Each row's key, as a position in ``keys``.
    keys : Index or MultiIndex
        The distinct values (as text, stripped; missing or blank as ``(missing)``), sorted.

    Examples
    --------
    >>> f = pd.DataFrame({"w": [" B", "A", None, "B"], "s": [2, 1, 1, 2]})
    >>> codes, keys = codes_of(f, ["w"])
    >>> codes.tolist(), keys.tolist()
    ([2, 1, 0, 2], ['(missing)', 'A', 'B'])
    >>> codes, keys = codes_of(f, ["w", "s"])
    >>> codes.tolist(), keys.tolist()
    ([2, 1, 0, 2], [('(missing)', '1'), ('A', '1'), ('B', '2')])
    """
    per_column = [_column_codes(frame[col]) for col in columns] if len(frame) else None
    if per_column is None or any(c is None for c in per_column):
        return _codes_by_row(frame, columns)
    if len(columns) == 1:
        codes, labels = per_column[0]
        return codes, labels.rename(columns[0])
    key = np.zeros(len(frame), np.int64)
    for codes, labels in per_column:  # tuples in sorted order: each column's codes, in turn
        key = np.unique(key * len(labels) + codes, return_inverse=True)[1].reshape(-1)
    first = np.zeros(int(key.max()) + 1, np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]  # a row of each combination
    # every label of a column is in some combination: the levels are the columns' labels
    index = pd.MultiIndex(levels=[labels for _c, labels in per_column],
                          codes=[codes[first] for codes, _l in per_column], names=columns,
                          verify_integrity=False)
    return key.astype(np.int64), index


def _column_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index] | None:
    """Sorted codes of one column's values read as text, worked on its distinct values; None
    for a column whose distinct values are not all text or whole numbers (read by row)."""
    dtype = values.dtype
    kind = dtype.kind if isinstance(dtype, np.dtype) else ""
    if not (isinstance(dtype, pd.StringDtype) or kind in ("i", "u", "b", "O")):
        return None
    raw, distinct = pd.factorize(values)
    if kind == "O" and pd.api.types.infer_dtype(distinct, skipna=True) not in ("string", "empty"):
        return None
    text = _distinct_text(distinct, values.dtype)
    if (raw < 0).any():
        raw = np.where(raw < 0, len(text), raw)
        text = np.append(text, np.array([MISSING_LABEL], dtype=object))
    order = sorted(set(text))  # code point order, as factorize(sort=True) sorts text
    at = {v: i for i, v in enumerate(order)}
    sorted_codes = np.fromiter((at[v] for v in text), np.int64, len(text))
    return sorted_codes[raw], pd.Index(np.array(order, dtype=object))


def _distinct_text(distinct, dtype) -> np.ndarray:
    """:func:`_as_text` of a column's distinct values (none missing): by Python's
    ``str.strip`` where it strips what pandas strips (text of printable ASCII, tabs and line
    ends; whole numbers), else by :func:`_as_text`."""
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        out = [str(v) for v in np.asarray(distinct).tolist()]
    else:
        out = np.asarray(distinct, dtype=object).tolist()
        if not all(_PLAIN.fullmatch(v) for v in out):
            return _as_text(pd.Series(distinct, dtype=dtype))
        out = [v.strip() for v in out]
    return np.array([v or MISSING_LABEL for v in out] or [], dtype=object)


def _as_text(values: pd.Series) -> np.ndarray:
    """Values as stripped text, missing or blank as :data:`MISSING_LABEL` (object array)."""
    text = values.astype("string").str.strip()
    return text.mask(text.isna() | (text == ""), MISSING_LABEL).astype(object).to_numpy()


def _codes_by_row(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.Index]:
    """:func:`codes_of`, the text work done on every row."""
    parts = [_as_text(frame[col]) for col in columns]
    if len(columns) == 1:
        codes, uniques = pd.Index(parts[0]).factorize(sort=True)
        return codes.astype(np.int64), uniques.rename(columns[0])
    index = pd.MultiIndex.from_arrays(parts, names=columns)
    codes, uniques = index.factorize(sort=True)
    return codes.astype(np.int64), pd.MultiIndex.from_tuples(list(uniques), names=columns)
