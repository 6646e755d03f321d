"""A week's total in a diary without clock times, named: its minutes and whether they are
its worker's entries of that week.

A timesheet kept as a date and a duration per row (layout ``dated``) may close each
worker's week with a row such as ``W/C 02/03/2026, Weekly total, 37:30`` or a Monday's
``Total for week``. Read as work, its 2,250 minutes were a day's (and that day, over 24
hours, rejected every entry of it). :func:`~timestudy.ingest.totals.week_totals` tells it
for a total row (rejected ``total_row``, its minutes said apart), and
:func:`week_total_warning` names each, equal to its week's entries or not, with the two
figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.totals import _WEEK_DATE, _without_clock, week_totals
from timestudy.schema import parse


def week_total_warning(frame: pd.DataFrame, totals: np.ndarray, good: np.ndarray,
                       source: np.ndarray, rows: np.ndarray, dayfirst: bool = True
                       ) -> dict | None:
    """The warning ``week_total_row`` naming the total rows of a diary without clock times
    that are a week's total (:func:`week_totals`), each with its minutes and whether they
    equal the minutes of its worker's entries in that week (``good`` rows, not totals); None
    when there are none.

    A row's week is the 7 days from the date it commences (``W/C 02/03/2026``), to the date
    it ends (``w/e``), or the Monday-to-Sunday week of its plain date.

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    totals, good : ndarray of bool
        The total rows, and the rows accepted.
    source : ndarray of float
        Each row's duration in minutes.
    rows : ndarray of int
        Each row's source row, for the message.
    dayfirst : bool
        How the dates are read.

    Examples
    --------
    By hand: W1's 450 on Monday 2 and Tuesday 3 March 2026 = 900; a ``Weekly total`` of
    900 dated Wednesday 4 March (week 2 to 8 March) equals it.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 3,
    ...                   "date": ["02/03/2026", "03/03/2026", "04/03/2026"],
    ...                   "duration_min": [450, 450, 900],
    ...                   "activity": ["visit", "visit", "Weekly total"]})
    >>> w = week_total_warning(f, np.array([False, False, True]),
    ...                        np.array([True, True, False]), np.array([450.0, 450, 900]),
    ...                        np.array([2, 3, 4]))
    >>> print(w["message"])  # doctest: +ELLIPSIS
    week_total_row: 1 row is a week's total...: source row 4 (W1, week from 2026-03-02: 900 min, equal to the 900 min of its entries that week)
    """
    if not _without_clock(frame):
        return None
    weekly = totals & week_totals(frame)
    if not weekly.any():
        return None
    who = (frame["worker_id"].astype("string").str.strip().fillna("") if "worker_id" in frame
           else pd.Series("", index=frame.index, dtype="string"))
    worker = pd.factorize(who)[0].astype(np.int64)
    start = _week_starts(frame, weekly, dayfirst)
    day = _days(frame, dayfirst)
    entry = good & ~totals & ~np.isnan(source) & ~np.isnat(day)
    span = 1_000_000  # days per worker in the key (a worker's days, then the next worker's)
    key = worker[entry] * span + day[entry].astype(np.int64)
    order = np.argsort(key, kind="stable")
    summed = np.concatenate([[0.0], np.cumsum(source[entry][order])])
    key = key[order]
    pos = np.flatnonzero(weekly)
    first = worker[pos] * span + np.where(np.isnat(start[pos]), 0, start[pos].astype(np.int64))
    week = summed[np.searchsorted(key, first + 7)] - summed[np.searchsorted(key, first)]
    own = source[pos]
    same = np.abs(week - own) <= 1e-4
    shown = [_week_row(r, w, s, m, k, e) for r, w, s, m, k, e in
             zip(rows[pos][:5], who.to_numpy()[pos][:5], start[pos][:5], own[:5], week[:5],
                 same[:5], strict=True)]
    more = f"; and {len(pos) - 5:,} more" if len(pos) > 5 else ""
    n = len(pos)
    message = (
        f"week_total_row: {n:,} row{' is' if n == 1 else 's are'} a week's total (a weekly "
        "total, or dated by the week it commences), not a day's work: rejected total_row, its "
        "minutes left out of the minutes in; " + f"{int(same.sum()):,} equal and "
        f"{int((~same).sum()):,} do not equal the minutes of its worker's entries that week: "
        + "; ".join(shown) + more)
    return {"code": "week_total_row", "message": message, "rows": n}


def _week_row(row, worker, start, minutes, week, same) -> str:
    """One week's total row in :func:`week_total_warning`'s message."""
    if np.isnat(start):
        return f"source row {row} ({worker}: {minutes:,.0f} min; its week could not be read)"
    said = "equal to" if same else "not equal to"
    return (f"source row {row} ({worker}, week from {np.datetime_as_string(start)}: "
            f"{minutes:,.0f} min, {said} the {week:,.0f} min of its entries that week)")


def _days(frame: pd.DataFrame, dayfirst: bool) -> np.ndarray:
    """Each row's date (datetime64[D], NaT where none reads)."""
    col = frame["date"]
    if col.dtype.kind == "M":
        return col.to_numpy().astype("M8[D]")
    return parse.by_unique(col.astype("string").str.strip(),
                           lambda v: parse.dates(v, dayfirst), np.datetime64("NaT", "us")
                           ).astype("M8[D]")


def _week_starts(frame: pd.DataFrame, weekly: np.ndarray, dayfirst: bool) -> np.ndarray:
    """The first day of each ``weekly`` row's week: the date after ``W/C``, six days before
    the date after ``w/e``, or the Monday of a plain date (NaT elsewhere)."""
    start = _days(frame, dayfirst)
    out = np.full(len(frame), np.datetime64("NaT", "D"))
    monday = start - ((start.astype(np.int64) + 3) % 7).astype("m8[D]")  # 1970-01-01: Thu
    out[weekly] = monday[weekly]
    if frame["date"].dtype.kind != "M":
        named = frame["date"].astype("string").str.extract(_WEEK_DATE)
        said = weekly & named["day"].notna().to_numpy(bool)
        if said.any():
            text = named["day"][said]
            day = parse.dates(text, dayfirst).astype("M8[D]")
            ends = named.loc[said, ["end", "end2", "end3", "end4"]].notna().any(axis=1)
            out[said] = day - np.where(ends.to_numpy(bool), 6, 0).astype("m8[D]")
    return out
