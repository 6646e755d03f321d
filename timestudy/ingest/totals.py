"""Total and subtotal rows: a sheet's sums are not entries, and their minutes are not work.

A diary kept in a spreadsheet often carries a row under each day or worker that adds up the
rows above it (``W1,09/03/2026,,,90,Total,``), a subtotal (``,,,,120,Subtotal,``) or a grand
total (``Total,,,,210,,``). Read as entries, each was rejected for a missing start or worker,
and its minutes were counted as minutes in and rejected: s1_total.csv gave "840 in = 210
accepted + 630 rejected" where the diary holds 210 minutes of work.

A rejected row is a **total row** (code ``total_row``) when its start is blank, or its worker,
date or start says ``Total`` (``Subtotal``, ``Grand total``), and

* its duration equals the sum of two or more rows directly above it (total rows apart), or
* one of its cells says total (``Total``, ``Subtotal``, ``Grand total``, ``Totals``).

Its minutes are left out of the minutes in and said apart (``minutes_totals``); the row is
rejected with that one reason. A row with a start, or whose duration is the sum of only the
one row above it and which says nothing of a total, is an entry and keeps its own reasons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.tables import ROW_FAILURE_COLUMNS

CODE = "total_row"
_TOTAL = r"(?i)^\s*(?:sub\s*-?\s*|grand\s+)?totals?\b"
_SAYS_TOTAL = r"(?i)\b(?:sub\s*-?\s*|grand\s+)?totals?\b"
_KEYS = ("worker_id", "date", "start", "start_time")


def total_rows(frame: pd.DataFrame, bad: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Which rows of ``frame`` are total rows (see the module notes).

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    bad : ndarray of bool
        The rows rejected: only these can be total rows.
    source : ndarray of float
        Each row's source minutes (its own duration; NaN where unknown).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    By hand: 60 and 30 above a blank-start row of 90 (90 = 60 + 30: a total); a blank-start
    row of 30 under them is the sum of only the one row above: an entry missing its start.

    >>> f = pd.DataFrame({"worker_id": ["W1", "W1", "W1", "W1"],
    ...                   "start_time": ["09:00", "10:00", None, None],
    ...                   "activity": ["Visit", "Notes", "", "Phone"]})
    >>> total_rows(f, np.array([False, False, True, True]),
    ...            np.array([60.0, 30.0, 90.0, 30.0])).tolist()
    [False, False, True, False]
    """
    out = np.zeros(len(frame), bool)
    if not bad.any():
        return out
    pos = np.flatnonzero(bad)
    rows = frame.iloc[pos]
    keyed = [rows[c].astype("string") for c in _KEYS if c in rows]
    start = next((k for c, k in zip([c for c in _KEYS if c in rows], keyed, strict=True)
                  if c in ("start", "start_time")), None)
    blank = (start.isna() | (start.str.strip() == "")).to_numpy(bool) if start is not None \
        else np.zeros(len(pos), bool)
    named = np.zeros(len(pos), bool)
    for k in keyed:
        named |= k.str.contains(_TOTAL, regex=True).fillna(False).to_numpy(bool)
    maybe = blank | named
    if not maybe.any():
        return out
    says = np.zeros(len(pos), bool)
    for col in rows.columns:
        if rows[col].dtype.kind in "Mmiufb" or col.startswith("_"):
            continue
        says |= rows[col].astype("string").str.contains(_SAYS_TOTAL, regex=True) \
            .fillna(False).to_numpy(bool)
    suspect = np.zeros(len(frame), bool)
    suspect[pos[maybe]] = True
    sums = _sum_of_rows_above(source, suspect)
    out[pos] = maybe & (says | sums[pos])
    return out


def _sum_of_rows_above(source: np.ndarray, suspect: np.ndarray) -> np.ndarray:
    """Which ``suspect`` rows' minutes equal the sum of two or more rows directly above them,
    the suspect rows left out of the sums (to 0.0001 minute)."""
    minutes = np.nan_to_num(np.where(suspect, 0.0, source), nan=0.0).clip(min=0)
    entry = ~suspect
    prefix = np.concatenate([[0.0], np.cumsum(minutes[entry])])  # after each entry row
    before = np.cumsum(entry) - entry  # entry rows above each row
    d = np.nan_to_num(source, nan=-1.0)
    target = prefix[before] - d
    j = np.searchsorted(prefix, target - 1e-4)
    j = np.minimum(j, len(prefix) - 1)
    hit = np.abs(prefix[j] - target) <= 1e-4
    return suspect & (d > 0) & hit & (j <= before - 2)


def total_failures(rows: np.ndarray, source: np.ndarray, frame: pd.DataFrame) -> pd.DataFrame:
    """One failure ``total_row`` for each of ``rows`` (positions), with its minutes.

    Examples
    --------
    >>> total_failures(np.array([2]), np.array([60.0, 30.0, 90.0]),
    ...                pd.DataFrame({"a": [1, 2, 3]}))["reason"].iloc[0]
    'a total or subtotal row, not an entry (a sum of the rows above it, or a row that says total, where a start or worker belongs): its 90 min are left out of the minutes in and said apart as minutes in total rows'
    """
    said = ("a total or subtotal row, not an entry (a sum of the rows above it, or a row "
            "that says total, where a start or worker belongs): ")
    shown = [f"its {m:g} min are left out of the minutes in and said apart as minutes in "
             "total rows" if not np.isnan(m) else "it is left out of the minutes"
             for m in source[rows]]
    return pd.DataFrame({
        "row": rows.astype(np.int64),
        "column": "duration_min" if "duration_min" in frame else "start",
        "code": CODE,
        "value": "",
        "reason": [said + m for m in shown],
    }, columns=ROW_FAILURE_COLUMNS)
