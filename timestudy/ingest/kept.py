"""The checked values of the rows kept (the exact duplicates left out), taken when wanted.

The text check runs on every candidate, before the duplicates are known
(:mod:`timestudy.ingest.validate`); the rows kept are then taken from its values one
column at a time, when a column is asked for: the episodes' text columns are often
taken in order already, beside the search (:mod:`timestudy.ingest.early`), and a copy
of every column less the duplicates would go unused (a second export appended to a 1M
file: 0.07 s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.tables import CheckResult

__all__ = ["KeptRows", "checked_rows"]


def checked_rows(checked: CheckResult, keep: np.ndarray) -> CheckResult:
    """``checked`` for the rows ``keep`` only (increasing), failures renumbered to their new
    positions, the values a :class:`KeptRows`.

    Examples
    --------
    >>> checked = CheckResult(pd.DataFrame({"a": ["x", "y", "z"]}),
    ...                       pd.DataFrame({"code": ["bad", "bad"]}), [], np.array([2, 1]))
    >>> kept = checked_rows(checked, np.array([0, 2]))
    >>> kept.rows.tolist(), kept.values["a"].tolist()
    ([1], ['x', 'z'])
    """
    position = np.full(len(checked.values), -1, np.int64)
    position[keep] = np.arange(len(keep))
    moved = position[checked.rows]
    failures = checked.failures[moved >= 0].reset_index(drop=True)
    values = KeptRows(checked.values, keep)
    return CheckResult(values, failures, checked.missing_columns, moved[moved >= 0])


class KeptRows:
    """The rows ``keep`` of a frame, each column taken when first asked for (the module
    notes); ``frame()`` takes them all.

    Examples
    --------
    >>> kept = KeptRows(pd.DataFrame({"a": ["x", "y", "z"]}), np.array([2, 0]))
    >>> "a" in kept, "b" in kept, kept["a"].tolist(), len(kept), kept.frame().shape
    (True, False, ['z', 'x'], 2, (2, 1))
    """

    def __init__(self, frame: pd.DataFrame, keep: np.ndarray) -> None:
        self._frame, self._keep, self._taken = frame, keep, {}

    def __contains__(self, name: object) -> bool:
        return name in self._frame

    def __len__(self) -> int:
        return len(self._keep)

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self._taken:
            self._taken[name] = self._frame[name].iloc[self._keep].reset_index(drop=True)
        return self._taken[name]

    def frame(self) -> pd.DataFrame:
        """Every column, as a frame."""
        return pd.DataFrame({name: self[name] for name in self._frame.columns}, copy=False)
