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


#: Columns naming a person, a session or a task: published as labels (``Worker 1``,
#: ``Participant 1`` (a person across session-scoped workers: :mod:`._publish`),
#: ``Session 1``, ``Task 1``); ``observers`` and ``sessions`` hold ``, ``-separated lists.
PERSON_COLUMNS = {"worker_id": "Worker", "worker": "Worker", "participant_key": "Worker",
                  "participant": "Participant",
                  "observer_id": "Observer", "observer": "Observer", "observers": "Observer",
                  "session_id": "Session", "session": "Session", "sessions": "Session",
                  "task_id": "Task"}
_LISTS = {"observers", "sessions"}


def _frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: (t.reset_index() if any(n is not None for n in t.index.names) else t)
            for k, t in tables.items()}


def _values(column: pd.Series, name: str) -> pd.Series:
    values = column.dropna().astype(str)
    return values.str.split(", ").explode() if _base(name) in _LISTS else values


def person_labels(tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Each id's published label, by prefix (``Worker``...), over every table given.

    Examples
    --------
    >>> t = {"a": pd.DataFrame({"worker": ["W2"]}), "b": pd.DataFrame({"worker_id": ["W1"]})}
    >>> person_labels(t)["Worker"]
    {'W1': 'Worker 1', 'W2': 'Worker 2'}
    """
    ids: dict[str, list] = {prefix: [] for prefix in set(PERSON_COLUMNS.values())}
    for t in _frames(tables).values():
        for c in t.columns:
            if _person(c):
                ids[_person(c)].extend(_values(t[c], c).unique())
    return {prefix: worker_labels(v, prefix) for prefix, v in ids.items()}


def published(tables: dict[str, pd.DataFrame], group: Sequence[str] = (),
              min_workers: int = DEFAULT_MIN_WORKERS,
              context: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The tables as published: people and sessions by label, teams by letter, no small group.

    Every column naming a worker, observer, session or task (also ``..._a``/``..._b`` of
    a pair, and the lists ``observers``, ``sessions``) shows a stable label, the same
    for an id in every table (and in ``context``, tables published elsewhere); a
    ``group`` column (a team...) shows ``Team A``, ``Team B``...; a group's row from
    fewer than ``min_workers`` workers (its ``workers``, the people observed, else its
    ``units``) has its figures withheld.

    Examples
    --------
    >>> t = pd.DataFrame({"worker_id": ["W2", "W1"], "minutes": [3.0, 4.0]})
    >>> published({"by_stream": t})["by_stream"]["worker_id"].tolist()
    ['Worker 2', 'Worker 1']
    """
    frames = _frames(tables)
    maps = person_labels({**(context or {}), **{f"_{k}": t for k, t in frames.items()}})
    out = {}
    for name, t in frames.items():
        t = t.copy()
        for c in t.columns:
            if _person(c):
                t[c] = _relabelled(t[c], c, maps[_person(c)])
        for g in (x for x in group if x in t):
            names = team_labels([v for v in t[g].dropna().unique() if str(v) != "all"])
            t[g] = t[g].map(lambda v, n=names: n.get(str(v), v))
            count = "workers" if "workers" in t else "units"  # people, not their sessions
            if count in t:
                # a cell of no one (its group's too few are withheld whole: _cells) is a 0
                small = (too_few(t[count], min_workers) & (t[g].astype(str) != "all")
                         & (t[count].fillna(1) != 0))
                num = [c for c in t.select_dtypes("number").columns
                       if c not in ("units", "workers")]
                t.loc[small, num] = np.nan
        out[name] = t
    return out


def _relabelled(column: pd.Series, name: str, labels: dict) -> pd.Series:
    if _base(name) in _LISTS:
        return column.map(lambda v: v if pd.isna(v)
                          else ", ".join(labels[x] for x in str(v).split(", ")))
    return column.astype("string").map(labels).astype(object)


def _base(column: str) -> str:
    return str(column).removesuffix("_a").removesuffix("_b")


def _person(column: str) -> str | None:
    return PERSON_COLUMNS.get(_base(column))


def whole_hours(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a tempogram table whose slot (``HH:MM``, index or column) starts on a whole hour.

    Where no slot does (a diary day from 04:30 in hour-long slots), every row.

    Examples
    --------
    >>> t = pd.DataFrame({"slot": ["09:45", "10:00", "10:15", "13:00"], "observed": 1.0})
    >>> whole_hours(t)["slot"].tolist()
    ['10:00', '13:00']
    """
    slot = table["slot"] if "slot" in table.columns else table.index.to_series()
    on_hour = slot.astype(str).str.endswith(":00").to_numpy()
    return table[on_hour] if on_hour.any() else table
