"""Text columns put in worker and start order early, on a core that would otherwise wait.

The accepted episodes are sorted by worker and start (:mod:`timestudy.ingest.accepted`),
and the order is found before the times are read: the search for duplicates sorts the
rows on the same two keys (:mod:`timestudy.ingest.duplicates`). The text check runs on
a second thread meanwhile and is done first, so that thread would then wait while the
main one reads the times. :class:`EarlyText` has it put the text columns in the order
the duplicates gave instead. The columns are used when that order, less the rows rejected or
dropped as duplicates, turns out to be the episodes' own (confirmed on the times read):
the duplicates, known before the work starts, are not taken at all, and the rows rejected
are then filtered out, a pass in order rather than a gather from all over each column. When the episodes are put together the work stops: the columns taken are
handed over, the one being taken is waited for only by whoever needs it, and the columns
not begun are taken then, two at a time beside it (:meth:`EarlyText.handover`).
Otherwise they are dropped unused, and the work stops at the next column once the
caller says they will not be wanted (:meth:`EarlyText.cancel`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.arrow import rows_where
from timestudy.ingest.encoded import Encoded, encode_text

__all__ = ["EarlyText", "take_text"]


class EarlyText:
    """Text columns of the checked values taken in the positions ``order`` on ``pool``.

    Parameters
    ----------
    pool : Executor
        The text check's pool (one thread): this runs after the check.
    checked : Future
        The text check's result, ``(CheckResult, encodings)``.
    order : ndarray of int
        Positions of the rows in the order the duplicates were searched in.
    names : list of str
        The checked text fields to take (those present in the values).
    extras : dict
        Extra input columns, by name, to take too.
    kept : ndarray of int, optional
        The candidates kept (not duplicates), whose positions the episodes' order gives
        (None: every candidate).
    holds : callable, optional
        Given the check's result, whether the order can still be the episodes' (False,
        for one, when the check changed a worker id: the workers are then coded anew).
    """

    def __init__(
        self, pool: Executor, checked: Future, order: np.ndarray, names: list[str],
        extras: dict[str, pd.Series], kept: np.ndarray | None = None,
        holds: Callable[[object], bool] | None = None,
    ) -> None:
        self.order, self.kept = order, kept
        # the rows of the order taken: the duplicates left out of the take itself (a second
        # export's copies: a fifth fewer rows gathered, and no pass to drop them after)
        self._taken: np.ndarray | None = None  # which rows of the order are taken (None: all)
        self._at = order
        if kept is not None and len(kept) < len(order):
            is_kept = np.zeros(len(order), bool)
            is_kept[kept] = True
            self._taken = is_kept[order]
            self._at = order[self._taken]
        self._stop = threading.Event()
        self._kept: np.ndarray | None = None  # which rows of the order are episodes
        self._out: dict[str, pd.Series] = {}  # the columns taken so far
        self._now: str | None = None  # the column being taken
        self._done = threading.Condition()  # guards the two above; told when a column is done
        self._future = pool.submit(self._take_all, checked, names, extras, holds)

    def _take_all(self, checked: Future, names, extras, holds) -> None:
        result, encoded = checked.result()
        if holds is not None and not holds(result):
            self.cancel()
            return
        values = result.values
        work = [(n, partial(ordered_text, values[n], self._at, encoded.get(n)))
                for n in names if n in values]
        work += [(n, partial(take_text, column, self._at)) for n, column in extras.items()]
        for name, take in work:
            with self._done:
                if self._stop.is_set():
                    return
                self._now = name  # begun: finished even if the work is stopped meanwhile
            column = None
            try:
                column = take()
            finally:  # (a take that fails leaves its column to the caller)
                with self._done:
                    if column is not None:
                        self._out[name] = column
                    self._now = None
                    self._done.notify_all()

    def cancel(self) -> None:
        """The columns will not be wanted: stop at the next column."""
        self._stop.set()

    def usable(self, take: np.ndarray | None) -> bool:
        """Whether the episodes' own positions ``take`` (in the rows kept, as ``kept``
        says) are this order with some rows left out (rejected, or duplicates); if not,
        the work is stopped.

        Examples
        --------
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> from types import SimpleNamespace
        >>> pool, order = ThreadPoolExecutor(1), np.array([2, 0, 3, 1])  # 3: a duplicate
        >>> checked = pool.submit(lambda: (SimpleNamespace(values={}), {}))
        >>> e = EarlyText(pool, checked, order, [], {}, kept=np.arange(3))
        >>> e.usable(np.array([2, 0, 1])), e.usable(np.array([0, 2]))
        (True, False)
        >>> pool.shutdown()
        """
        if take is None or self._stop.is_set():
            self.cancel()
            return False
        if take is self.order and self.kept is None:
            self._kept = None
            return True
        at = take if self.kept is None else self.kept[take]  # positions among the candidates
        mask = np.zeros(len(self.order), bool)
        mask[at] = True
        within = mask[self.order]  # which rows of this order are episodes
        if not np.array_equal(self.order[within], at):
            self.cancel()
            return False
        within = within if self._taken is None else within[self._taken]  # (rows taken)
        self._kept = None if within.all() else within
        return True

    def handover(self) -> tuple[dict[str, pd.Series], dict[str, Callable[[], pd.Series | None]]]:
        """Stop the work; the columns taken (with the rows :meth:`usable` left out gone), and
        for the column being taken now, if any, a call that waits for it (and gives None if
        that take failed). The columns in neither are the caller's to take, beside that one
        rather than after it.

        Examples
        --------
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> from types import SimpleNamespace
        >>> pool = ThreadPoolExecutor(1)
        >>> values = {"a": pd.Series(["x", "y"]), "b": pd.Series(["u", "v"])}
        >>> checked = pool.submit(lambda: (SimpleNamespace(values=values), {}))
        >>> e = EarlyText(pool, checked, np.array([1, 0]), ["a", "b"], {})
        >>> e.usable(np.array([1, 0]))
        True
        >>> got, pending = e.handover()
        >>> sorted([*got, *pending]) == sorted(set([*got, *pending]))
        True
        >>> pool.shutdown()
        """
        with self._done:
            self.cancel()
            got, now = dict(self._out), self._now
        got = {name: self._filtered(col) for name, col in got.items()}
        return got, ({now: partial(self._wait_for, now)} if now is not None else {})

    def _wait_for(self, name: str) -> pd.Series | None:
        """The column ``name``, begun here, once it is done (rows left out as in
        :meth:`handover`); None if its take failed (the caller's to take, then)."""
        with self._done:
            self._done.wait_for(lambda: self._now != name)
            column = self._out.get(name)
        return None if column is None else self._filtered(column)

    def _filtered(self, column: pd.Series) -> pd.Series:
        return column if self._kept is None else _rows(column, self._kept)


def _rows(column: pd.Series, mask: np.ndarray) -> pd.Series:
    """The rows of ``column`` where ``mask`` holds, in order, with a fresh index (Arrow text
    filtered by Arrow, :func:`~timestudy._lib.arrow.rows_where`)."""
    return rows_where(column, mask)


def ordered_text(values: pd.Series, rows: np.ndarray | None, encoded: Encoded | None) -> pd.Series:
    """The rows ``rows`` of a checked text column, through its encoding when it has one."""
    if rows is not None and encoded is not None:
        return encoded.take(rows, values)
    return take_text(values, rows)


def take_text(values: pd.Series, rows: np.ndarray | None) -> pd.Series:
    """The given rows of ``values`` with a fresh index (no copy when ``rows`` is None).

    Rows in long runs of consecutive rows (teams' exports appended, each in order) are
    copied a run at a time (:func:`_runs`). Otherwise, text with few distinct values
    (codes, places, cases) is taken as a dictionary, each string copied from a small table
    rather than gathered from all over the column. (Encoding a column costs more than a
    run-by-run copy of it: 28 against 9 ms for 1M case ids in 4,000 runs.)

    Examples
    --------
    >>> take_text(pd.Series(["a", "b", None], dtype="string"), np.array([2, 0])).tolist()
    [<NA>, 'a']
    """
    if rows is None or (len(rows) == len(values) and not len(rows)):
        return values.reset_index(drop=True)
    pieces = _runs(values, rows)
    if pieces is not None:  # appended exports: a few thousand runs, each copied whole
        return pd.Series(type(values.array)(pa.concat_arrays(pieces)), dtype=values.dtype)
    encoded = encode_text(values)
    if encoded is not None:
        return encoded.take(rows, values)
    return values.iloc[rows].reset_index(drop=True)


def _runs(values: pd.Series, rows: np.ndarray, longest: int = 16) -> list[pa.Array] | None:
    """The rows ``rows`` of an Arrow-backed column as slices of its chunks, one per run of
    consecutive rows (split where a chunk ends), when the runs are ``longest`` rows long or
    more on average; None otherwise (a shuffled file: the rows taken one by one).

    Examples
    --------
    >>> v = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["a", "b"], ["c", "d", "e"]])))
    >>> [p.to_pylist() for p in _runs(v, np.array([3, 4, 0, 1, 2]), longest=2)]
    [['d', 'e'], ['a', 'b'], ['c']]
    >>> _runs(v, np.array([4, 3, 2, 1, 0]), longest=2) is None
    True
    """
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    n = len(rows)
    head = rows[: 1 << 14]  # (most orders show what they are in their first rows)
    if n < 2 or np.count_nonzero(head[1:] != head[:-1] + 1) * longest > len(head):
        return None
    arr = pa.array(values.array)  # the column's own data: no copy
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    bounds = np.cumsum([0, *(len(c) for c in chunks)])
    cut = np.zeros(n, bool)
    cut[0] = True
    np.not_equal(rows[1:], rows[:-1] + 1, out=cut[1:])
    if np.count_nonzero(cut) * longest > n:
        return None
    starts = np.zeros(len(values) + 1, bool)
    starts[bounds[:-1]] = True  # where a chunk begins a piece begins too
    cut |= starts[rows]
    at = np.flatnonzero(cut)
    first = rows[at]
    chunk = np.searchsorted(bounds, first, side="right") - 1
    local = first - bounds[chunk]
    length = np.diff(np.append(at, n))
    return [chunks[k].slice(a, m)
            for k, a, m in zip(chunk.tolist(), local.tolist(), length.tolist(), strict=True)]
