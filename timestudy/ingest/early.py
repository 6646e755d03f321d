"""Text columns put in worker and start order early, on a core that would otherwise wait.

The accepted episodes are sorted by worker and start (:mod:`timestudy.ingest.accepted`),
and the order is found before the times are read: the search for duplicates sorts the
rows on the same two keys (:mod:`timestudy.ingest.duplicates`). The text check runs on
a second thread meanwhile and is done first, so that thread would then wait while the
main one reads the times. :class:`EarlyText` has it put the text columns in the order
the duplicates gave instead. The columns are used only when that order turns out to be
the episodes' own (no row rejected or dropped, the order confirmed on the times
read); otherwise they are dropped unused, and the work stops at the next column once
the caller says they will not be wanted (:meth:`EarlyText.cancel`).
"""

from __future__ import annotations

import threading
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
    """

    def __init__(
        self, pool: Executor, checked: Future, order: np.ndarray, names: list[str],
        extras: dict[str, pd.Series],
    ) -> None:
        self.order = order
        self._stop = threading.Event()
        self._future = pool.submit(self._take_all, checked, names, extras)

    def _take_all(self, checked: Future, names, extras) -> dict[str, pd.Series] | None:
        result, encoded = checked.result()
        if not result.failures.empty:  # rows will be rejected: the order will not hold
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
        """Whether ``take`` (the episodes' own positions) is this very order; if not, the
        work is stopped."""
        if take is None or take is not self.order:
            self.cancel()
            return False
        return True

    def columns(self) -> dict[str, pd.Series] | None:
        """The columns taken (waiting for them), or None when the check found failures."""
        return self._future.result()


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
