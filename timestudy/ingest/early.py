"""Text columns put in worker and start order early, on a core that would otherwise wait.

The accepted episodes are sorted by worker and start (:mod:`timestudy.ingest.accepted`),
and the order is found before the times are read: the search for duplicates sorts the
rows on the same two keys (:mod:`timestudy.ingest.duplicates`). The text check runs on
a second thread meanwhile and is done first, so that thread would then wait while the
main one reads the times. :class:`EarlyText` has it put the text columns in the order
the duplicates gave instead. The columns are used when that order, less the rows rejected or
dropped as duplicates, turns out to be the episodes' own (confirmed on the times read):
those rows are then filtered out, a pass in order rather than a gather from all over
each column. Otherwise they are dropped unused, and the work stops at the next column
once the caller says they will not be wanted (:meth:`EarlyText.cancel`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future

import numpy as np
import pandas as pd

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
        self._stop = threading.Event()
        self._kept: np.ndarray | None = None  # which rows of the order are episodes
        self._filtered: dict[str, pd.Series] = {}
        self._lock = threading.Lock()  # (the columns may be asked for from two threads)
        self._future = pool.submit(self._take_all, checked, names, extras, holds)

    def _take_all(self, checked: Future, names, extras, holds) -> dict[str, pd.Series] | None:
        result, encoded = checked.result()
        if holds is not None and not holds(result):
            self.cancel()
            return None
        out = {}
        values = result.values
        for name in names:
            if name not in values:
                continue
            if self._stop.is_set():
                return None
            out[name] = ordered_text(values[name], self.order, encoded.get(name))
        for name, column in extras.items():
            if self._stop.is_set():
                return None
            out[name] = take_text(column, self.order)
        return out

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
        self._kept = None if within.all() else within
        return True

    def columns(self) -> dict[str, pd.Series] | None:
        """The columns taken (waiting for them), with the rows :meth:`usable` left out gone."""
        got = self._future.result()
        if got is None or self._kept is None:
            return got
        with self._lock:
            if not self._filtered:
                self._filtered = {name: _rows(col, self._kept) for name, col in got.items()}
        return self._filtered


def _rows(column: pd.Series, mask: np.ndarray) -> pd.Series:
    """The rows of ``column`` where ``mask`` holds, in order, with a fresh index."""
    return column[mask].reset_index(drop=True)


def ordered_text(values: pd.Series, rows: np.ndarray | None, encoded: Encoded | None) -> pd.Series:
    """The rows ``rows`` of a checked text column, through its encoding when it has one."""
    if rows is not None and encoded is not None:
        return encoded.take(rows, values)
    return take_text(values, rows)


def take_text(values: pd.Series, rows: np.ndarray | None) -> pd.Series:
    """The given rows of ``values`` with a fresh index (no copy when ``rows`` is None).

    Text with few distinct values (codes, places, cases) is taken as a dictionary, each
    string copied from a small table rather than gathered from all over the column.

    Examples
    --------
    >>> take_text(pd.Series(["a", "b", None], dtype="string"), np.array([2, 0])).tolist()
    [<NA>, 'a']
    """
    if rows is None or (len(rows) == len(values) and not len(rows)):
        return values.reset_index(drop=True)
    encoded = encode_text(values)
    if encoded is not None:
        return encoded.take(rows, values)
    return values.iloc[rows].reset_index(drop=True)
