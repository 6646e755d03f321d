"""The account of minutes: minutes read (the source's own durations) = accepted + rejected +
exact duplicates; total rows said apart.

Every row's *source minutes* are its own duration where the source has one (Toggl's
``Duration``, WOMBAT's ``total time``, ATUS ``TUACTDUR24``, a slot's length), else its
clock span. Minutes in are the source minutes of every row read (exact duplicates
apart); accepted are the minutes counted; rejected the source minutes of the rows
rejected. With ``minutes_from: duration`` the identity holds exactly; with ``clock``
any difference comes from rows flagged ``duration_mismatch``, and their lines are
listed. Rows whose minutes cannot be known (no end, no duration, an unreadable time)
are counted, not guessed.

Exact duplicates are counted once, but their minutes are in the file: ``minutes_read`` is
the source minutes of every row read, ``minutes_duplicates`` those of the copies left out,
and ``minutes_read = minutes_accepted + minutes_rejected + minutes_duplicates`` (+ the
difference), as ``minutes_in = minutes_accepted + minutes_rejected`` (+ the difference) is
for the rows kept (s3_dup.csv: 870 read = 660 accepted + 0 rejected + 210 in 3 exact
duplicates). Total and subtotal rows (:mod:`timestudy.ingest.totals`) are rejected
``total_row`` and their minutes are left out of both and said apart (``minutes_totals``):
the sums of a sheet are not work lost.
"""

from __future__ import annotations

import numpy as np


def account_minutes(source: np.ndarray, counted: np.ndarray, good: np.ndarray,
                    bad: np.ndarray, lines: np.ndarray, minutes_from: str,
                    unreadable_rows: int = 0, at: np.ndarray | None = None,
                    duplicates: np.ndarray | None = None,
                    totals: np.ndarray | None = None) -> dict:
    """The minutes account of one read (rounded to 0.0001 minute).

    Parameters
    ----------
    source : ndarray of float
        Source minutes of each candidate (NaN where unknown).
    counted : ndarray of float
        Minutes counted, per candidate (used where ``good``).
    good, bad : ndarray of bool
        Accepted and rejected candidates.
    lines : ndarray of int
        Each candidate's line in the source, to list the rows that differ (with ``at``:
        the lines of the rows read, each candidate's at its position ``at``).
    minutes_from : str
        The rule that decided what counts.
    unreadable_rows : int
        Rows the file reader could not split into fields (no minutes known).
    at : ndarray of int, optional
        Each candidate's position in ``lines`` (None: the candidates are ``lines``' rows).
    duplicates : ndarray of float, optional
        Source minutes of the exact duplicates left out (NaN where unknown).
    totals : ndarray of bool, optional
        Rejected candidates that are total rows: their minutes are said apart.

    Returns
    -------
    dict
        ``minutes_in`` (the rows kept, totals apart), ``minutes_accepted``,
        ``minutes_rejected``, ``minutes_duplicates``, ``minutes_read`` (in + duplicates),
        ``minutes_totals``, ``rows_duplicates``, ``rows_totals``, ``difference``,
        ``rows_without_minutes`` and the lines counted differently.

    Examples
    --------
    >>> a = account_minutes(np.array([10.0, 5.0, np.nan]), np.array([10.0, 0, 0]),
    ...                     np.array([True, False, False]), np.array([False, True, True]),
    ...                     np.array([2, 3, 4]), "duration")
    >>> a["minutes_in"], a["minutes_accepted"], a["minutes_rejected"], a["rows_without_minutes"]
    (15.0, 10.0, 5.0, 1)

    By hand: 60 accepted, a copy of it (60 in one exact duplicate), a total row of 60:
    read 120 = 60 accepted + 0 rejected + 60 duplicates; 60 more in total rows.

    >>> a = account_minutes(np.array([60.0, 60.0]), np.array([60.0, 0]),
    ...                     np.array([True, False]), np.array([False, True]),
    ...                     np.array([2, 4]), "duration", duplicates=np.array([60.0]),
    ...                     totals=np.array([False, True]))
    >>> a["minutes_read"], a["minutes_in"], a["minutes_duplicates"], a["minutes_totals"]
    (120.0, 60.0, 60.0, 60.0)
    """
    totals = np.zeros(len(source), bool) if totals is None else totals
    total_minutes = _nansum(source[totals]) if totals.any() else 0.0
    if totals.any():  # a sheet's sums: out of the minutes in and rejected
        source = np.where(totals, np.nan, source)
        bad = bad & ~totals
    copies = np.zeros(0) if duplicates is None else duplicates
    copied = _nansum(copies)
    known = ~np.isnan(source)
    every = bool(good.all())  # the usual diary: no reject, nothing to select
    accepted = _nansum(counted if every else counted[good])
    rejected = 0.0 if every else _nansum(source[bad & known])
    minutes_in = _nansum(source, ~known)
    # the identity holds row by row: only an accepted row counted otherwise than its own
    # minutes makes a difference (summed here, not as in - accepted - rejected, which
    # floating point cannot do exactly beside a timer left running for years)
    gap = source - counted
    gap[~(good & known)] = 0.0
    difference = float(gap.sum())
    differs = np.abs(gap, out=gap) > 1e-6
    return {
        "minutes_from": minutes_from,
        "minutes_read": round(minutes_in + copied, 4),
        "minutes_in": round(minutes_in, 4),
        "minutes_accepted": round(accepted, 4),
        "minutes_rejected": round(rejected, 4),
        "minutes_duplicates": round(copied, 4),
        "rows_duplicates": int(len(copies)),
        "minutes_totals": round(total_minutes, 4),
        "rows_totals": int(totals.sum()),
        "difference": round(difference, 4),
        "rows_without_minutes": int((bad & ~known).sum()) + int(unreadable_rows),
        "lines_counted_differently": lines[
            np.flatnonzero(differs)[:20] if at is None else at[differs][:20]
        ].astype(int).tolist(),
        "rows_counted_differently": int(differs.sum()),
    }


def _nansum(values: np.ndarray, missing: np.ndarray | None = None) -> float:
    """``np.nansum(values)``, without its copy of ``values`` when none is NaN (``missing``:
    where they are, if known already). The same sum: the same numbers, added in the same order.

    Examples
    --------
    >>> _nansum(np.array([1.5, np.nan, 2.0])), _nansum(np.array([1.5, 2.0]))
    (3.5, 3.5)
    """
    missing = np.isnan(values) if missing is None else missing
    return float(np.nansum(values) if missing.any() else values.sum())


def with_counted(account: dict | None, episodes) -> dict | None:
    """The account with the minutes accepted that lie under other entries of the worker
    and so are counted once, for those (``minutes_under_other_entries``: ``duration_min``
    less ``counted_min``, summed), and the minutes the episodes count
    (``minutes_counted``): accepted = counted + under other entries.

    Examples
    --------
    By hand: a visit 09:00-10:00 (60) and a call 09:30-09:45 inside it (15): the call
    counts 15, the visit 45; 75 accepted = 60 counted + 15 under other entries.

    >>> import pandas as pd
    >>> e = pd.DataFrame({"duration_min": [60.0, 15.0], "counted_min": [45.0, 15.0]})
    >>> a = with_counted({"minutes_accepted": 75.0}, e)
    >>> a["minutes_counted"], a["minutes_under_other_entries"]
    (60.0, 15.0)
    """
    if account is None or "counted_min" not in episodes or "duration_min" not in episodes:
        return account
    own = episodes["duration_min"].to_numpy(float)
    counted = episodes["counted_min"].to_numpy(float)
    return {**account, "minutes_counted": round(_nansum(counted), 4),
            "minutes_under_other_entries": round(_nansum(own - counted), 4)}
