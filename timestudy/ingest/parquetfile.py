"""``episodes.parquet``: the accepted episodes written for the later stages and other tools.

The write is most of what ``timestudy validate --out`` adds to the read, and pyarrow's
Parquet writer encodes on one thread, so each column is written the cheapest way that
loses nothing (``pq.read_table`` gives back the same table: values, types and schema
metadata):

- statistics (min and max) on the numbers and times only: those of free text cost a
  fifth of the write and help no reader;
- a dictionary for every column except where nearly every value differs: the line
  numbers, and text whose first rows are mostly distinct (free notes, activities typed
  by hand). There Parquet would build a dictionary only to drop it once it passed its
  size limit;
- the line numbers as deltas, bit-packed (``DELTA_BINARY_PACKED``) and not compressed:
  a fifth of the column's former cost, and smaller (2.7 MB against 4.9 MB for
  1M shuffled lines).
"""

from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["write_parquet"]

#: Integer columns whose values are all different and often run in order: written as deltas.
DELTA_COLUMNS = frozenset({"source_row"})


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write episodes to Parquet (see the module notes for the encodings chosen).

    Parameters
    ----------
    frame : DataFrame
        The episodes (or any table).
    path : path
        The ``.parquet`` file to write (written whole or not at all).

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "x.parquet"
    >>> write_parquet(pd.DataFrame({"a": ["x", "y"], "source_row": [2, 3]}), path)
    >>> pd.read_parquet(path)["source_row"].tolist()
    [2, 3]
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    names = table.column_names
    types = dict(zip(names, table.schema.types, strict=True))
    text = {n for n in names if pa.types.is_string(types[n]) or pa.types.is_large_string(types[n])}
    delta = {n for n in names if n in DELTA_COLUMNS and pa.types.is_integer(types[n])}
    plain = delta | {n for n in text if mostly_distinct(table[n])}
    pq.write_table(
        table,
        path,
        write_statistics=[n for n in names if n not in text],
        use_dictionary=[n for n in names if n not in plain],
        column_encoding={n: "DELTA_BINARY_PACKED" for n in delta} or None,
        compression={n: "none" if n in delta else "snappy" for n in names},
    )


def mostly_distinct(column: pa.ChunkedArray, sample: int = 20_000) -> bool:
    """Whether more than half of the first ``sample`` values of ``column`` differ (at least
    1,000 of them): a Parquet dictionary of such a column is built only to be dropped.

    Parameters
    ----------
    column : pyarrow.ChunkedArray
        One column of the table written.
    sample : int
        How many of the first values to look at.

    Returns
    -------
    bool

    Examples
    --------
    >>> mostly_distinct(pa.chunked_array([[str(i) for i in range(2_000)]]))
    True
    >>> mostly_distinct(pa.chunked_array([["a", "b"] * 1_000])), mostly_distinct(pa.chunked_array([["x"]]))
    (False, False)
    """
    head = column.slice(0, sample)
    return len(head) >= 1_000 and pc.count_distinct(head).as_py() * 2 > len(head)
