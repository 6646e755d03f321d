"""The pieces of work counted in the worker-weeks: the counts of the regression of full hours.

Each primary case piece counts 1, or for a piece linked over several days its days seen over
its task's days per piece (:func:`regression_counts`), put in the weeks it spans by its days
in each (:func:`_week_shares`), as ``n_<task_type>`` columns of
:func:`~timestudy.panels.workers.worker_week` (``_piece_counts``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.censoring import days_per_piece
from timestudy.panels.episodes import sums_wide


def regression_counts(pieces: pd.DataFrame) -> pd.Series:
    """What each piece counts for in the worker-week counts of the regression of full hours.

    A piece of a task done in one day (``link_within_days`` 0) counts 1. A piece linked
    over several days counts its days seen over its task's days per piece
    (:func:`~timestudy.panels.censoring.days_per_piece`: the days per piece the task
    times use, with the diary's edges and days missing at random allowed for), so a
    piece seen in part counts in part and a task's counts add up to its pieces, as its
    ``piece_equivalent`` s do. Days, not minutes: a ``piece_equivalent`` is the piece's
    own minutes over its task's minutes per piece, so a slow worker's pieces would count
    for more pieces, and the regression would read the worker's pace as more pieces.

    Examples
    --------
    >>> p = pd.DataFrame({"task_type": ["visit", "report", "report"], "n_days": [1, 2, 4],
    ...     "link_within_days": [0, 10, 10], "left_censored": False,
    ...     "right_censored": False, "days_followed": [1, 2, 4], "days_preceded": [1, 2, 4]})
    >>> regression_counts(p).tolist()  # the report's pieces take 3 days on average
    [1.0, 0.6666666666666666, 1.3333333333333333]
    """
    per_piece = days_per_piece(pieces).replace(0, np.nan)
    code, tasks = pd.factorize(pieces["task_type"])  # looked up once per task type
    per_code = np.append(per_piece.reindex(tasks).to_numpy(float), np.nan)
    n = pieces["n_days"].to_numpy(float) / per_code[code]
    linked = pieces["link_within_days"].to_numpy() > 0
    return pd.Series(np.where(linked, np.nan_to_num(n), 1.0), index=pieces.index, dtype=float)


def _week_shares(first: np.ndarray, last: np.ndarray, n_days: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each piece's share of its days in each week it spans: the first and last sitting days
    are known (one day each), the other ``n_days - 2`` fall on the weekdays between them,
    evenly (on the two end days when there is no weekday between). Returns the piece of each
    row, the row's Monday and the share (a piece's shares add up to 1)."""
    monday = first - ((first.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    n_weeks = (last - monday).astype(np.int64) // 7 + 1
    row = np.repeat(np.arange(len(first)), n_weeks)
    k = np.arange(n_weeks.sum()) - np.repeat(np.cumsum(n_weeks) - n_weeks, n_weeks)
    ws = monday[row] + (7 * k).astype("timedelta64[D]")
    f, lst = first[row], last[row]
    ends = ((f >= ws) & (f <= ws + 6)).astype(float) + ((lst >= ws) & (lst <= ws + 6))
    one_day = f == lst
    between = np.busday_count(np.minimum(f + 1, lst), lst)  # weekdays strictly between
    lo, hi = np.maximum(f + 1, ws), np.minimum(lst, ws + 7)
    here = np.busday_count(np.minimum(lo, hi), hi)
    d = n_days.astype(float)[row]
    inner = np.clip(d - 2, 0, None)
    share = np.where(between > 0, (ends + inner * here / np.maximum(between, 1)) / d,
                     ends / 2)
    return row, ws, np.where(one_day, 1.0, share)


def _piece_counts(week: pd.DataFrame, pieces: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_<task_type>``: primary case pieces by week, each counting its
    :func:`regression_counts` (1, or its days seen over its task's days per piece for one
    linked over several days), put in the weeks it spans by its days in each
    (:func:`_week_shares`: the first and last sitting days where they are, the others on
    the weekdays between)."""
    keys = ["worker_id", "week_start"]
    keep = (pieces["primary"] & pieces["case_id"].notna()).to_numpy(bool)
    n = regression_counts(pieces).to_numpy()[keep]  # days per piece over every piece

    def kept(column: str) -> np.ndarray:  # the rows kept of the columns read, not a copy of all
        return pieces[column][keep].to_numpy()

    first = kept("first_date").astype("datetime64[D]")
    last = kept("last_date").astype("datetime64[D]")
    row, ws, share = _week_shares(first, last, kept("n_days"))
    spread = pd.DataFrame({"worker_id": kept("worker_id")[row],
                           "week_start": ws.astype("datetime64[ns]"),
                           "task_type": kept("task_type")[row],
                           "n": n[row] * share})
    counts = sums_wide(spread, keys, "task_type", "n")
    counts.columns = [f"n_{c}" for c in counts.columns]
    week = week.merge(counts.reset_index(), on=keys, how="left")
    n_cols = list(counts.columns)
    week[n_cols] = week[n_cols].fillna(0.0)
    return week
