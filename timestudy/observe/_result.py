"""What every observation result shares: the result contract, tables to write, its caveat."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS, team_labels, too_few, worker_labels
from timestudy.results import Result


class ObservationResult(Result):
    """A :class:`~timestudy.results.Result` with ``tables()`` to write as CSV files.

    Subclasses set ``title``, define ``summary()``, ``tables()`` and ``plot()``,
    and may have a ``note`` attribute: a caveat shown under the summary (such as
    the length-biased-sampling warning), also as :attr:`notes`.
    """

    title = "Result"
    _digits = 3

    def tables(self) -> dict[str, pd.DataFrame]:  # pragma: no cover - overridden
        """Every table of the result, by file name stem."""
        raise NotImplementedError

    @property
    def notes(self) -> str:
        """Caveats to read with the numbers (empty when there are none)."""
        return str(getattr(self, "note", "") or "")

    def write(self, folder: str | Path, prefix: str = "") -> dict[str, Path]:
        """Write each of :meth:`tables` as a CSV file in ``folder``; return the paths.

        Text cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe,
        so a label cannot run as a spreadsheet formula.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, table in self.tables().items():
            paths[name] = write_csv(table, folder / f"{prefix}{name}.csv")
        return paths


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` (a named index as columns) with text that cannot act as a formula."""
    from timestudy.exports import write_csv as write

    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    return write(table, path)


#: Columns naming a person or a session: published as labels (``Worker 1``, ``Session 1``).
PERSON_COLUMNS = {"worker_id": "Worker", "observer_id": "Observer", "observer": "Observer",
                  "session_id": "Session"}


def published(tables: dict[str, pd.DataFrame], group: Sequence[str] = (),
              min_workers: int = DEFAULT_MIN_WORKERS) -> dict[str, pd.DataFrame]:
    """The tables as published: people and sessions by label, teams by letter, no small group.

    Every column naming a worker, observer or session (also ``..._a``/``..._b`` of a pair)
    shows a stable label; a ``group`` column (a team...) shows ``Team A``, ``Team B``...;
    a group's row from fewer than ``min_workers`` units has its figures withheld.

    Examples
    --------
    >>> t = pd.DataFrame({"worker_id": ["W2", "W1"], "minutes": [3.0, 4.0]})
    >>> published({"by_stream": t})["by_stream"]["worker_id"].tolist()
    ['Worker 2', 'Worker 1']
    """
    frames = {k: (t.reset_index() if any(n is not None for n in t.index.names) else t)
              for k, t in tables.items()}
    maps: dict[str, dict] = {}
    for prefix in set(PERSON_COLUMNS.values()):
        cols = [c for t in frames.values() for c in t.columns if _person(c) == prefix]
        maps[prefix] = worker_labels((v for t in frames.values() for c in cols if c in t
                                      for v in t[c].dropna().astype(str).unique()), prefix)
    out = {}
    for name, t in frames.items():
        t = t.copy()
        for c in t.columns:
            if _person(c):
                t[c] = t[c].astype("string").map(maps[_person(c)]).astype(object)
        for g in (x for x in group if x in t):
            names = team_labels([v for v in t[g].dropna().unique() if str(v) != "all"])
            t[g] = t[g].map(lambda v, n=names: n.get(str(v), v))
            if "units" in t:
                small = too_few(t["units"], min_workers) & (t[g].astype(str) != "all")
                num = [c for c in t.select_dtypes("number").columns if c != "units"]
                t.loc[small, num] = np.nan
        out[name] = t
    return out


def _person(column: str) -> str | None:
    base = str(column).removesuffix("_a").removesuffix("_b")
    return PERSON_COLUMNS.get(base)
