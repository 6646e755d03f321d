"""Survey weights: the one rule for what a weight is, read once where the diary enters.

A survey weight is a finite number, 0 or more, given per worker: every row of a worker
carries the same weight. The guide samples workers, not days or entries (a worker's
diary covers every working day of the study weeks), and its disclosure control counts
workers in effect (Kish's number, :func:`timestudy._lib.disclose.effective_workers`),
which needs one weight a worker. A weight that differs between one worker's rows is
therefore refused here, as a missing, non-numeric, negative or infinite one is; an
observation study's time budgets and profiles (:mod:`timestudy.observe`), which may weigh
observation sessions, read their weights by their own rule. ``weights_differ`` says
whether a figure's workers in effect can differ from its head count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError

_FIX = ("a survey weight is a finite number, 0 or more, one per worker (the same on every "
        "row of the worker): correct it, or leave the weight out for equal weights")


def survey_weights(episodes: pd.DataFrame, weight: str | None, *,
                   source: str | None = None) -> np.ndarray:
    """Each row's survey weight from the column ``weight``, checked: ones without one.

    Parameters
    ----------
    episodes : DataFrame
        Diary rows with ``worker_id``, the ``weight`` column and, when read from a file,
        ``source_row`` (the file's row number, named in the message).
    weight : str or None
        Column of survey weights; None for equal weights (all 1).
    source : str, optional
        The diary's file, named in the message (default ``the diary``).

    Returns
    -------
    ndarray of float
        The weight of each row.

    Raises
    ------
    SchemaError
        One line naming the file, the first bad row, the column and the fix, when a weight
        is missing, not a number, negative or infinite, or differs between one worker's
        rows (how many rows are bad is said too); or when the column is not there.

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": ["A", "A", "B"], "w": ["2", "2", "0.5"],
    ...                    "source_row": [2, 3, 4]})
    >>> survey_weights(ep, "w").tolist()
    [2.0, 2.0, 0.5]
    >>> try:
    ...     survey_weights(ep.assign(w=["2", "", "0.5"]), "w", source="diary.csv")
    ... except SchemaError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    diary.csv: row 3, column `w`: a survey weight is missing; a survey weight is a finite ...
    """
    if not weight:
        return np.ones(len(episodes))
    where = source or "the diary"
    if weight not in episodes:
        raise SchemaError(f"no column `{weight}` of survey weights: give the column's name as "
                          "it is in the diary, or leave the weight out for equal weights",
                          source=where)
    raw = episodes[weight]
    w = pd.to_numeric(raw, errors="coerce").to_numpy(float)
    missing = raw.isna().to_numpy(bool, copy=True)
    if not pd.api.types.is_numeric_dtype(raw):  # text: a blank cell is missing too
        missing |= raw.astype("string").str.strip().eq("").fillna(True).to_numpy(bool)
    problems = (
        (missing, "a survey weight is missing"),
        (~missing & np.isnan(w), "a survey weight is not a number ({value!r})"),
        (np.isinf(w), "a survey weight is infinite ({value!r})"),
        (w < 0, "a survey weight is negative ({value!r})"),
    )
    for bad, what in problems:
        if bad.any():
            _refuse(episodes, bad, raw, what, weight, where)
    code = pd.factorize(episodes["worker_id"])[0]  # a missing id: -1, a group of its own
    first = np.empty(code.max() + 2 if len(code) else 0)
    first[code[::-1]] = w[::-1]  # the last write is each worker's first row
    differs = w != first[code]
    if differs.any():
        _refuse(episodes, differs, raw, "this worker's survey weight ({value!r}) differs from "
                "the one on the worker's first row", weight, where)
    return w


def _refuse(episodes: pd.DataFrame, bad: np.ndarray, raw: pd.Series, what: str, column: str,
            source: str) -> None:
    """Raise the one line: the first bad row, how many there are, the column and the fix."""
    i = int(np.flatnonzero(bad)[0])
    row = (f"row {int(episodes['source_row'].iloc[i])}" if "source_row" in episodes
           else f"entry {i + 1}")
    more = int(bad.sum()) - 1
    others = f" (and {more} more row{'s' if more > 1 else ''})" if more else ""
    raise SchemaError(f"{row}, column `{column}`: {what.format(value=str(raw.iloc[i]))}{others}; "
                      f"{_FIX}", source=source)


def weights_differ(frame: pd.DataFrame) -> bool:
    """Whether the rows' survey weights (``weight``) are not all the same: only then is a
    figure's number of workers in effect other than its head count.

    Parameters
    ----------
    frame : DataFrame
        A panel (worker-weeks, case-months, pieces) with or without ``weight``.

    Returns
    -------
    bool

    Examples
    --------
    >>> weights_differ(pd.DataFrame({"weight": [1.0, 1.0]}))
    False
    >>> weights_differ(pd.DataFrame({"weight": [1.0, 2.0]}))
    True
    """
    return "weight" in frame and frame["weight"].nunique(dropna=False) > 1
