"""The holders of a cases table (or a caseload) spelt as the workers table spells them.

The diary's worker ids are folded to the workers table's (capitals and white space:
:mod:`timestudy.ingest.worker_ids`); a case whose ``worker_id`` is ``'w001'`` where the
workers table has ``'W001'`` is the same worker's, and left as spelt it would be held by no
worker in post: out of the cases per FTE, and its case-months out of the hours per
case-month. :func:`fold_holders` folds them the same way, in one warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.worker_ids import _folded


def table_name(source, default: str) -> str:
    """A table's name in a warning: its file's name, else ``default``.

    Examples
    --------
    >>> table_name("data/cases.csv", "the cases table"), table_name(None, "the caseload")
    ('cases.csv', 'the caseload')
    """
    return Path(source).name if isinstance(source, (str, Path)) else default


def fold_holders(cases: pd.DataFrame, workers: pd.DataFrame | None,
                 name: str = "the cases table", *, warn: bool = True) -> pd.DataFrame:
    """``cases`` with each ``worker_id`` not in ``workers`` but equal to exactly one of its
    ids once capitals and white space are folded, spelt as ``workers`` spells it.

    Parameters
    ----------
    cases : DataFrame
        A cases table or caseload, with ``worker_id``.
    workers : DataFrame or None
        The workers table (None: ``cases`` as it is).
    name : str
        The table's name in the warning.
    warn : bool
        Warn (default); false where the same table was folded, and warned of, before.

    Returns
    -------
    DataFrame
        ``cases`` itself when no id is folded, else a copy with them folded.

    Warns
    -----
    DataQualityWarning
        Naming each spelling folded, the workers table's id and how many cases.

    Examples
    --------
    >>> cases = pd.DataFrame({"case_id": ["C1", "C2", "C3"], "worker_id": ["w1", "w1", "W2"]})
    >>> workers = pd.DataFrame({"worker_id": ["W1", "W2"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     fold_holders(cases, workers)["worker_id"].tolist()
    ['W1', 'W1', 'W2']
    >>> print(w[0].message)
    the cases table: worker id 'w1' is 'W1' of the workers table (case and spaces folded): 2 cases held by it counted as W1's
    """
    if workers is None or "worker_id" not in cases or not len(cases):
        return cases
    table = pd.Index(workers["worker_id"].dropna().astype(str).unique())
    held = cases["worker_id"]
    ids = pd.Index(held.dropna().astype(str).unique()).difference(table)
    if ids.empty:
        return cases
    to = pd.Series(_folded(ids, table), dtype=object)  # the diary's ids' rule
    if to.empty:
        return cases
    n = held.astype(object).value_counts()
    said = "; ".join(f"worker id {a!r} is {b!r} of the workers table (case and spaces "
                     f"folded): {n[a]} case{'s' if n[a] != 1 else ''} held by it counted as "
                     f"{b}'s" for a, b in to.items())
    if warn:
        warnings.warn(f"{name}: {said}", DataQualityWarning, stacklevel=3)
    out = cases.copy()
    out["worker_id"] = held.astype(object).replace(to.to_dict()).astype(held.dtype)
    return out
