"""The disclosure rule every stage shares: what a published output may show of people.

* A figure resting on fewer than ``min_workers`` workers is withheld (:func:`too_few`);
  :mod:`timestudy.guide.disclosure` applies it to the guide, the report and workbook to
  their tables, :mod:`timestudy.observe` to its outputs.
* A worker appears only as a stable label (``Worker 1``, ``Worker 2``... in the order of
  their ids, :func:`worker_labels`), never by id.
* A team appears by name only when the name is on an allow-list; otherwise as ``Team A``,
  ``Team B``... in the order of the names (:func:`team_labels`): team names can hold a
  person's name or phone number.

It sits below every stage (observe, beside panels, uses it as the guide does).
"""

from __future__ import annotations

import string
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_MIN_WORKERS", "team_labels", "too_few", "worker_labels"]

DEFAULT_MIN_WORKERS = 5


def too_few(n_workers, min_workers: int = DEFAULT_MIN_WORKERS):
    """True where a figure rests on fewer than ``min_workers`` workers (NaN counts as none).

    Examples
    --------
    >>> too_few(pd.Series([1, 5, 9]), 5).tolist()
    [True, False, False]
    >>> bool(too_few(4))
    True
    """
    if isinstance(n_workers, pd.Series):
        return n_workers.fillna(0) < min_workers
    return np.nan_to_num(np.asarray(n_workers, dtype=float)) < min_workers


def worker_labels(ids: Iterable, prefix: str = "Worker") -> dict:
    """Each worker id's published label: ``Worker 1``... in the order of the ids.

    The same set of ids gives the same labels on every run.

    Examples
    --------
    >>> worker_labels(["W9", "W10", "W9"])
    {'W10': 'Worker 1', 'W9': 'Worker 2'}
    """
    unique = sorted({str(i) for i in ids if i is not None and not pd.isna(i)})
    return {i: f"{prefix} {n}" for n, i in enumerate(unique, start=1)}


def team_labels(names: Iterable, allow: Iterable[str] = ()) -> dict:
    """Each team name's published label: itself when allowed, else ``Team A``, ``Team B``...

    Examples
    --------
    >>> team_labels(["Jo Smith 07700 900123", "North", "East"], allow=["North"])
    {'East': 'Team A', 'Jo Smith 07700 900123': 'Team B', 'North': 'North'}
    """
    allowed = {str(a) for a in allow}
    unique = sorted({str(n) for n in names if n is not None and not pd.isna(n)})
    out, k = {}, 0
    for name in unique:
        if name in allowed:
            out[name] = name
        else:
            out[name] = f"Team {_letters(k)}"
            k += 1
    return out


def _letters(k: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA..."""
    text = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        text = string.ascii_uppercase[r] + text
    return text
