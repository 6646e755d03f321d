"""Text columns dictionary-encoded once, the codes reused by the check, the sort and the take.

A diary's identifiers and labels (workers, activities, cases, places) repeat: a million
rows hold a few thousand spellings. Such a column is encoded once (:func:`encode_text`);
the text check then works on its distinct values (:func:`timestudy.schema.tables.text_values`),
the worker codes that order the episodes come from the same encoding
(:meth:`Encoded.sorted_codes`), and the accepted rows are put in order by taking the
integer codes and copying each string from the small dictionary (:meth:`Encoded.take`),
not gathered from all over the column. Columns of mostly distinct text (free notes) are
not encoded: a dictionary there costs more than it saves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy._lib.arrow import encode_chunks
from timestudy._lib.threads import INLINE_ROWS, thread_pool

__all__ = ["Encoded", "clock_text", "encode_text", "few_distinct", "in_worker_runs"]


@dataclass(frozen=True)
class Encoded:
    """One text column as integer codes into its distinct values.

    Attributes
    ----------
    indices : ndarray of int32
        Position of each row's value in ``dictionary`` (-1 where missing).
    dictionary : pyarrow.Array
        The distinct values, in order of first appearance, of the column's Arrow type.

    Examples
    --------
    >>> e = encode_text(pd.Series(["b", "a", None, "b"], dtype="string"), always=True)
    >>> e.indices.tolist(), e.dictionary.to_pylist(), e.sorted_codes().tolist()
    ([0, 1, -1, 0], ['b', 'a'], [1, 0, -1, 1])
    >>> e.take(np.array([3, 2, 1]), pd.Series(["b", "a", None, "b"], dtype="string")).tolist()
    ['b', <NA>, 'a']
    """

    indices: np.ndarray
    dictionary: pa.Array

    def rows(self, keep: np.ndarray) -> Encoded:
        """The encoding of the rows ``keep`` only (the dictionary is shared)."""
        return Encoded(self.indices[keep], self.dictionary)

    def sorted_codes(self) -> np.ndarray:
        """Codes numbering the distinct values in sorted order (-1 where missing): the same as
        ``pd.factorize(values, sort=True)[0]`` (UTF-8 byte order is code point order)."""
        order = pc.array_sort_indices(self.dictionary).to_numpy()
        rank = np.empty(len(order) + 1, np.int64)
        rank[order] = np.arange(len(order))
        rank[-1] = -1  # index -1 (missing) reads the last entry
        return rank[self.indices]

    def sorted_values(self, like: pd.Series) -> pd.Series:
        """The distinct values in sorted order, as a column of ``like``'s dtype: the k-th is
        the value :meth:`sorted_codes` numbers k.

        Examples
        --------
        >>> like = pd.Series(["b", "a", None, "b"], dtype="string")
        >>> encode_text(like, always=True).sorted_values(like).tolist()
        ['a', 'b']
        """
        ordered = self.dictionary.take(pc.array_sort_indices(self.dictionary))
        return pd.Series(type(like.array)(ordered), dtype=like.dtype)

    def key_codes(self) -> np.ndarray:
        """int64 codes for the search for duplicates (:mod:`timestudy.ingest.duplicates`):
        the distinct values numbered in sorted order, a missing value after them all. Equal
        text, equal codes; and ISO dates and zero-padded clock times sort as the times do,
        so the order found on them is often the episodes' own.

        Examples
        --------
        >>> e = encode_text(pd.Series(["b", None, "a", "b"], dtype="string"), always=True)
        >>> e.key_codes().tolist()
        [1, 2, 0, 1]
        """
        codes = self.sorted_codes()
        codes[codes < 0] = len(self.dictionary)
        return codes

    def take(self, rows: np.ndarray, like: pd.Series) -> pd.Series:
        """The text of the rows ``rows``, in that order, as a column of ``like``'s dtype."""
        picked = self.indices[rows]
        missing = picked < 0
        codes = pa.array(picked, mask=missing) if missing.any() else pa.array(picked)
        text = pc.take(self.dictionary, codes)
        return pd.Series(type(like.array)(text), dtype=like.dtype)


def encode_text(values: pd.Series, always: bool = False) -> Encoded | None:
    """The encoding of an Arrow-backed text column with few distinct values (see
    :func:`few_distinct`; any number with ``always``); None for any other column."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    arr = pa.array(values.array)  # the column's own data: no copy
    arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    if not (always or few_distinct(arr)):
        return None
    indices, dictionary = encode_chunks(arr)
    codes = pc.fill_null(indices, -1).to_numpy()
    return Encoded(np.asarray(codes, np.int32), dictionary)


def few_distinct(arr: pa.ChunkedArray, sample: int = 20_000) -> bool:
    """Whether the first rows have at most one distinct value in four: a dictionary then pays
    (measured on 1M rows: 8.7k distinct activities 0.08 s against 0.105 s; one in four
    distinct, 0.17 s against 0.10 s).

    Examples
    --------
    >>> few_distinct(pa.chunked_array([["a", "b"] * 1_000])), few_distinct(pa.chunked_array([["a"]]))
    (True, False)
    """
    head = arr.slice(0, sample)
    return len(head) >= 1_000 and pc.count_distinct(head).as_py() * 4 <= len(head)


def in_worker_runs(worker: Encoded | None, longest: int = 16) -> bool:
    """Whether the rows come in runs of one worker ``longest`` rows long or more on average
    (a sorted diary, or teams' sorted exports appended): their text is then checked row by
    row and taken in order a run at a time (:func:`~timestudy.ingest.early.take_text`), for
    a dictionary costs more to make than it saves there (1M case ids of a teams file: 29 ms
    to encode and 7 to check, against 15 to check row by row; the take 10 ms against 9).

    Examples
    --------
    >>> e = encode_text(pd.Series(["a"] * 40 + ["b"] * 40, dtype="string"), always=True)
    >>> in_worker_runs(e), in_worker_runs(e.rows(np.arange(80) % 2 * 40 + np.arange(80) // 2))
    (True, False)
    """
    if worker is None or len(worker.indices) < 2:
        return False
    codes = worker.indices
    return bool(np.count_nonzero(codes[1:] != codes[:-1]) * longest < len(codes))


#: Columns of dates and times that, written as text, are read from their distinct values.
CLOCK_TEXT = ("start", "end", "date", "start_time", "end_time", "end_date")


def clock_text(frame: pd.DataFrame) -> dict[str, Encoded]:
    """The columns of :data:`CLOCK_TEXT` held as Arrow text, dictionary-encoded (a column
    read as datetimes already is left out), in that order. Of two or more, every other one
    is encoded on a second thread (Arrow hashes without the GIL; the thread has ended when
    this returns): a split diary's date, start and end times, 52 -> 36 ms (wall).

    Examples
    --------
    >>> frame = pd.DataFrame({"start": pd.Series(["09:00", "09:00"], dtype="string[pyarrow]"),
    ...                       "end": pd.Series(["10:00", "09:30"], dtype="string[pyarrow]"),
    ...                       "activity": ["a", "b"]})
    >>> {n: e.indices.tolist() for n, e in clock_text(frame).items()}
    {'start': [0, 0], 'end': [0, 1]}
    """
    names = [name for name in CLOCK_TEXT if name in frame]
    if len(names) < 2 or len(frame) < INLINE_ROWS:  # (a small table: no thread is worth it)
        found: dict[str, Encoded | None] = {name: encode_text(frame[name], always=True)
                                            for name in names}
    else:
        with thread_pool(1) as pool:
            there = {name: pool.submit(encode_text, frame[name], True) for name in names[1::2]}
            here = {name: encode_text(frame[name], always=True) for name in names[::2]}
            found = {name: here[name] if name in here else there[name].result()
                     for name in names}
    return {name: e for name, e in found.items() if e is not None}
