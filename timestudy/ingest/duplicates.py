"""Exact duplicates: rows equal in every column to an earlier row of the same file.

Rows are compared as the reader reads them: the identifiers (:data:`ID_COLUMNS`) trimmed
and their missing spellings as missing, as :func:`~timestudy.schema.tables.text_values`
reads them, so a second export of the same entries with ``W1 `` for ``W1`` is copies of
them, counted once; every other value as written. The CSV reader may type the times and
durations as it reads (its fast path, chosen on the first rows): rows equal in value are
then compared again on the text the file gives them (:attr:`RawTable.echo
<timestudy.ingest.rawtable.RawTable>`), so ``2026-03-09T09:00`` and ``2026-03-09 09:00:00``
are not copies of each other whichever way the file was read. Where every row equal in
value to an earlier one is on a line byte for byte that one's (a second export appended),
the whole lines say so and nothing is parsed again (:mod:`.copied_lines`).

Candidates are first compared on integer codes of two key columns (worker and start):
rows whose keys repeat are neighbours once the rows are in key order, which is the
order the accepted episodes take anyway, so the order found here is handed on
(:func:`duplicates_and_order`). Only rows whose keys repeat are compared whole.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.arrow import arrow_text, dictionary_codes, rows_at
from timestudy.ingest.copied_lines import Written, by_lines, copied_lines
from timestudy.ingest.order import keyed_order
from timestudy.schema.tables import load_schema, text_values

#: Columns that make a good key, best first (the first two present are used).
KEY_COLUMNS = ("worker_id", "start", "date", "start_time", "_start_min")
#: Columns compared as read: trimmed, missing spellings as missing (as the reader takes them).
ID_COLUMNS = ("worker_id", "case_id")


def exact_duplicates(frame: pd.DataFrame, codes: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Rows equal in every column to an earlier row, identifiers as read (see module notes).

    ``codes`` may give integer codes already made for a key column (``worker_id``: equal
    text, equal codes, as written).

    Examples
    --------
    >>> exact_duplicates(pd.DataFrame({"a": [1, 1, 1], "b": ["x", "y", "x"]})).tolist()
    [False, False, True]
    >>> exact_duplicates(pd.DataFrame({"worker_id": ["W1", "W1 "], "a": [1, 1]})).tolist()
    [False, True]
    """
    return duplicates_and_order(frame, codes)[0]


def duplicates_and_order(
    frame: pd.DataFrame, codes: dict[str, np.ndarray] | None = None,
    distinct: dict[str, pd.Series] | None = None, written: Written | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Exact duplicates (as :func:`exact_duplicates`) and the positions that sort the rows by
    the codes of the two key columns (None when they are in that order already, or there is
    no such key). With sorted codes given for ``worker_id`` and a start held as datetimes,
    that is worker and start order. ``distinct`` may give, for a column of ``codes``, its
    distinct values in the order the codes number them (code k: the k-th, -1: missing),
    every one of them present in the column (a dictionary of it,
    :meth:`~timestudy.ingest.encoded.Encoded.sorted_values`): they are then read as they
    are, with no search for a row of each code. ``written`` gives the text of the columns
    the reader typed, asked for the rows equal in value only (see the module notes).

    Examples
    --------
    >>> frame = pd.DataFrame({"worker_id": ["b", "a", "b"], "start": [1, 2, 1]})
    >>> dup, order = duplicates_and_order(frame, {"worker_id": np.array([1, 0, 1])})
    >>> dup.tolist(), order.tolist()
    ([False, False, True], [1, 0, 2])
    """
    n = len(frame)
    if n < 2 or frame.shape[1] == 0:
        return np.zeros(n, bool), None
    keys = [c for c in KEY_COLUMNS if c in frame][:3] or list(frame.columns)
    made = codes or {}
    parts = [made[col] if col in made else key_codes(frame[col]) for col in keys]
    parts = [
        _read_codes(frame[c], p, (distinct or {}).get(c)) if c in ID_COLUMNS else p
        for c, p in zip(keys, parts, strict=True)
    ]
    if len(keys) == 3:  # a date and a clock time (a split diary): one key of the two
        parts = [parts[0], *_joined(parts[1], parts[2])]
    order = None
    if len(parts) == 2:  # equal keys are neighbours in key order
        order, key, ordered = keyed_order(parts[0], parts[1])  # (``ordered``: key[order])
        same = _equal_neighbours(*((parts, order) if key is None else ([ordered], None)))
        if not same.any():  # (the usual diary: no key repeats, no row to compare)
            return np.zeros(n, bool), order
        in_order = np.zeros(n, bool)
        in_order[1:] = same
        in_order[:-1] |= same
        maybe = in_order if order is None else np.empty(n, bool)
        if order is not None:
            maybe[order] = in_order
    else:  # a cheap hash; whole rows are compared only where it repeats
        maybe = pd.Series(_key_hash(parts)).duplicated(keep=False).to_numpy()
    # the identifiers' codes as read, for the rows compared whole
    read = {c: p for c, p in zip(keys, parts, strict=False) if c in ID_COLUMNS and len(keys) < 3}
    out = np.zeros(n, bool)
    at = np.flatnonzero(maybe)
    copied = copied_lines(at, _key_hash([p[at] for p in parts]), written)
    if copied is not None:  # rows on an earlier one's line: copies, compared no further
        out[at[copied]] = True
        at = at[~copied]
        at = at[pd.Series(_key_hash([p[at] for p in parts])).duplicated(keep=False).to_numpy()]
    if len(at):  # (a poor key, such as no worker column, most rows: whole columns coded)
        out[at] = _duplicated(frame, at, read, written)
    return out, order


def _key_hash(parts: list[np.ndarray]) -> np.ndarray:
    """One number per row of the codes ``parts``: equal codes, equal numbers (a hash, so
    a few rows of other codes may share one too).

    Examples
    --------
    >>> _key_hash([np.array([1, 2, 1]), np.array([5, 5, 5])]).tolist()
    [1000008, 2000011, 1000008]
    """
    key = np.zeros(len(parts[0]) if parts else 0, np.int64)
    for part in parts:
        key = key * 1_000_003 + part  # may wrap around: it is only a hash
    return key


def _duplicated(frame: pd.DataFrame, at: np.ndarray, read: dict[str, np.ndarray],
                written: Written | None = None) -> np.ndarray:
    """Which of the rows at positions ``at`` equal an earlier one of them in every column,
    identifiers as read (:func:`_as_read`), compared on integer codes: each column's codes
    (``read`` gives some, for every row of the frame, as read), joined column by column into
    one code a row. A few rows of objects compared by pandas cost what a million such codes
    do: a second export appended (a third of the rows copies) took seconds. Where
    ``written`` is given, the rows equal so are compared again with the typed columns as
    written (equal text is equal value, so no copy is missed).

    Examples
    --------
    >>> frame = pd.DataFrame({"worker_id": ["W1", "W1 ", "W1", "W2"], "n": [1.0, 1.0, 2.0, 1.0],
    ...     "t": pd.to_datetime(["2026-03-09 09:00"] * 4)})
    >>> _duplicated(frame, np.arange(4), {}).tolist()
    [False, True, False, False]
    >>> text = {"t": np.array(["2026-03-09T09:00", "2026-03-09 09:00:00"] * 2)}
    >>> _duplicated(frame, np.arange(4), {}, lambda at: {k: v[at] for k, v in text.items()}
    ...             ).tolist()
    [False, False, False, False]
    """
    whole = 4 * len(at) > len(frame)  # many rows: code whole columns, not copy their text
    rows = frame if whole else _as_read(frame.iloc[at])
    joined, width = np.zeros(len(at), np.int64), 1
    for col in rows.columns:
        if col in read:
            codes = read[col][at]
        elif hasattr(rows[col].array, "asi8"):  # times in their own unit: a small range
            codes = rows[col].array.asi8
            codes = codes[at] if whole else codes
        elif whole:  # Arrow text: the rows taken first (a third of the rows to encode)
            some = arrow_text(rows[col]) and len(at) < len(rows)
            column = rows_at(rows[col], at) if some else rows[col]
            codes = key_codes(column)
            if col in ID_COLUMNS and column.dtype.kind not in "iufbM":
                codes = _read_codes(column, codes)
            codes = codes if some else codes[at]
        else:
            codes = key_codes(rows[col])
        codes, size = _small(codes)
        if width * size >= 1 << 62:  # the joined code would overflow: number it afresh
            joined, uniques = pd.factorize(joined, use_na_sentinel=False)
            width = len(uniques)
        joined, width = joined * size + codes, width * size
    numbered, _ = pd.factorize(joined, use_na_sentinel=False)  # one hash of the joined codes
    same = _seen(numbered)
    if written is None or not same.any():
        return same
    group, joined = _repeated(numbered)  # (numbered from 0 among them: no overflow)
    settled = by_lines(joined, at[group], written)
    if settled is not None:  # (a second export appended: every copy a copy of its line)
        same[group] = settled
        return same
    for texts in written(at[group]).values():  # (as text: a blank cell is "")
        codes, size = text_codes(pd.Series(texts if isinstance(texts, np.ndarray)
                                           else pd.arrays.ArrowStringArray(texts)))
        joined, _ = pd.factorize(joined * (size + 1) + codes, use_na_sentinel=False)
    same[group] = _seen(joined)
    return same


def _seen(numbered: np.ndarray) -> np.ndarray:
    """Which rows repeat an earlier row's number, for numbers given in order of first
    appearance from 0 (as :func:`pandas.factorize` gives them): ``Series.duplicated()``
    of them, without a second hash. A row is the first of its number when that number is
    above every earlier one (each new number is one more than the last new one).

    Examples
    --------
    >>> _seen(np.array([0, 1, 0, 2, 1, 1])).tolist()
    [False, False, True, False, True, True]
    """
    same = np.zeros(len(numbered), bool)
    if len(numbered) > 1:
        same[1:] = numbered[1:] <= np.maximum.accumulate(numbered[:-1])
    return same


def _repeated(numbered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows whose number (in order of first appearance from 0) other rows share
    (``Series.duplicated(keep=False)``), and their numbers renumbered among them alike
    (what :func:`pandas.factorize` of their numbers gives: the order of first appearance
    is kept, for every row of a number shared is among them).

    Examples
    --------
    >>> group, renumbered = _repeated(np.array([0, 1, 0, 2, 3, 3]))
    >>> group.tolist(), renumbered.tolist()
    ([True, False, True, False, True, True], [0, 0, 1, 1])
    """
    counts = np.bincount(numbered)
    shared = counts > 1
    group = shared[numbered]
    return group, (np.cumsum(shared) - 1)[numbered[group]]


def _as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its text identifiers as the reader reads them (the frame itself when
    it has none)."""
    read = {
        col: text_values(frame[col], _missing())
        for col in ID_COLUMNS
        if col in frame and frame[col].dtype.kind not in "iufbM"
    }
    return frame.assign(**read) if read else frame


def _read_codes(values: pd.Series, codes: np.ndarray, distinct: pd.Series | None = None
                ) -> np.ndarray:
    """``codes`` of an identifier column (equal text, equal codes) made equal where the
    values as read are equal (``W1 `` and ``W1``), numbered in the order of those values;
    ``codes`` itself when reading merges none (the usual diary). The text is read once per
    code, not per row: from ``distinct`` (the value of each code 0, 1, ..., every one
    present; -1 missing) when given, else from a row of each code.

    Examples
    --------
    >>> _read_codes(pd.Series(["W2", " W1", "W1"]), np.array([2, 0, 1])).tolist()
    [1, 0, 0]
    >>> written = pd.Series(["W1", " W1", None])  # codes of the text as written: 1, 0, missing
    >>> _read_codes(written, np.array([1, 0, -1]), pd.Series([" W1", "W1"])).tolist()
    [0, 0, 1]
    """
    if values.dtype.kind in "iufbM" or not len(codes):
        return codes
    low = int(codes.min())
    shifted = codes - low if low else codes  # (a missing value's code may be -1)
    if distinct is not None and low in (0, -1):  # a missing value (code -1) read as missing
        shown = distinct if low == 0 else pd.concat(
            [pd.Series([None], dtype=distinct.dtype), distinct], ignore_index=True)
        present = np.ones(len(shown), bool)
    else:
        one = np.full(int(shifted.max()) + 1, -1, np.int64)
        one[shifted] = np.arange(len(codes))  # a row of each code
        present = one >= 0
        shown = values.iloc[one[present]].reset_index(drop=True)
    read, uniques = pd.factorize(text_values(shown, _missing()), sort=True,
                                 use_na_sentinel=False)
    if len(uniques) == int(present.sum()):  # no two codes read the same
        return codes
    folded = np.full(len(present), -1, np.int64)
    folded[present] = read
    return folded[shifted]


def _small(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """``codes`` as codes from 0 and how many there can be: shifted where their range is
    small (text codes, times on one clock), else numbered (nanoseconds, bits of floats).

    Examples
    --------
    >>> _small(np.array([5, 7, 5]))[0].tolist(), _small(np.array([1 << 60, 3, 3]))[0].tolist()
    ([0, 2, 0], [0, 1, 1])
    """
    if not len(codes):
        return codes, 1
    low, high = int(codes.min()), int(codes.max())
    if high - low < 1 << 31:
        return codes - low, high - low + 1
    numbered, uniques = pd.factorize(codes, use_na_sentinel=False)
    return numbered, len(uniques)


def _missing() -> tuple[str, ...]:
    """The spellings the reader takes for a missing value (the episodes schema's)."""
    return load_schema("episodes").missing_values


def _equal_neighbours(keys: list[np.ndarray], order: np.ndarray | None) -> np.ndarray:
    """For each row but the last in ``order`` (None: as they are), whether the next row has
    the same value in every one of ``keys``."""
    same = None
    for key in keys:
        ordered = key if order is None else key[order]
        equal = ordered[1:] == ordered[:-1]
        same = equal if same is None else same & equal
    return same


def _joined(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """``a`` and ``b`` as one code (equal pairs, equal codes) when both are small
    non-negative codes, else ``a`` alone (a coarser key: more rows are compared whole)."""
    if not len(a) or min(a.min(), b.min()) < 0:
        return [a]
    width = int(b.max()) + 1
    if (int(a.max()) + 1) * width >= 2**62:
        return [a]
    return [a * width + b]


def key_codes(values: pd.Series) -> np.ndarray:
    """int64 codes of one key column: nanoseconds for dates and numbers, else text codes.

    Examples
    --------
    >>> key_codes(pd.Series([0.0, -0.0, 1.5])).tolist()[:2] == key_codes(pd.Series([-0.0] * 2)).tolist()
    True
    """
    if values.dtype.kind in "Mmiu":
        array = values.to_numpy("M8[ns]") if values.dtype.kind == "M" else values.to_numpy()
        return array.view("i8") if array.dtype.itemsize == 8 else array.astype(np.int64)
    if values.dtype.kind == "f":  # equal numbers, equal bits: one zero and one NaN
        array = values.to_numpy(float) + 0.0  # -0.0 becomes 0.0
        array[np.isnan(array)] = np.nan
        return array.view("i8")
    return text_codes(values)[0]


def text_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column (missing values get a code too) and how many there are.

    Examples
    --------
    >>> codes, n = text_codes(pd.Series(["a", None, "a"], dtype="string"))
    >>> codes.tolist(), n
    ([0, 1, 0], 2)
    """
    encoded = dictionary_codes(values)
    if encoded is None:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return codes, len(uniques)
    indices, dictionary = encoded
    n = len(dictionary)
    return np.where(indices < 0, n, indices), n + 1
