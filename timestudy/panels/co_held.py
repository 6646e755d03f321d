"""A case held jointly (a job share, ``JS1; JS2`` in the cases table): the job's days.

A case's days are its holders' days together (:func:`~timestudy.panels.windows.job_day_weights`:
the union of their contracted days in each week, each 5 over the union's days, so the
order the holders are named in changes nothing). A day of the job is held when a holder
whose day it is holds it: it is out of the exposure only when every holder contracted on it
is away, each either absent (leave or sickness) or outside their own diary window (no
diary, not yet joined, left); the part of a day away, the least part any of them was away
(an afternoon's leave of one holder while the other is at work takes nothing). A holder's
day off holds nothing: it is no day of their working time (as a one-holder case's days
are its holder's own). A bank holiday on a day of the job is out unless a holder whose day
it is worked it. A co-holder's day missing from their diary is one whose hours their own
used share makes up for (:func:`~timestudy.panels.holder_shares.holders_share`), so it is
not taken out twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.co_worked import CO_WORKERS, co_worker_lists
from timestudy.panels.windows import day_weights, job_day_weights
from timestudy.schema.clock import day_keys


def job_holders(cases: pd.DataFrame, names: pd.Index, holder: np.ndarray) -> np.ndarray:
    """Each case's holders as rows of ``names`` (case x holder; -1: none or no diary): its
    ``holder`` (rows, the first-named) then :data:`~timestudy.ingest.co_worked.CO_WORKERS`.

    Examples
    --------
    >>> c = pd.DataFrame({"co_workers": pd.array([None, "JS1; X"], dtype="string")})
    >>> job_holders(c, pd.Index(["JS1", "JS2"]), np.array([0, 1])).tolist()
    [[0, -1, -1], [1, 0, -1]]
    """
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return np.asarray(holder, np.int64)[:, None]
    lists = co_worker_lists(cases[CO_WORKERS]).set_axis(np.arange(len(cases))).explode().dropna()
    rank = lists.groupby(level=0).cumcount().to_numpy() + 1
    out = np.full((len(cases), int(rank.max(initial=0)) + 1), -1, np.int64)
    out[:, 0] = holder
    out[lists.index.to_numpy(np.int64), rank] = names.get_indexer(
        lists.astype("string").str.strip())
    return out


def job_share_days(span, days: pd.DataFrame, windows: pd.DataFrame) -> np.ndarray:
    """Each jointly held case's days away (as a negative) and bank holidays worked, on the
    days of its job (:func:`~timestudy.panels.windows.job_day_weights`) from its first open
    day up to its last: what :func:`~timestudy.panels.exposure.case_exposure` adds to its
    open days; 0 for a case of one holder.

    Parameters
    ----------
    span : :class:`timestudy.panels.exposure._Span`
        Its ``holders`` (:func:`job_holders`, of the cases counted), ``joint``, ``first``,
        ``last``, ``week``, ``worker``, ``date``, ``absent``, ``bank``.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (``absent_part``, ``contracted``).
    windows : DataFrame
        :func:`~timestudy.panels.windows.diary_windows` by the rows of ``span.names``.

    Returns
    -------
    ndarray of float
        Days, one per case counted.
    """
    out = np.zeros(len(span.first))
    j = np.flatnonzero(span.joint)
    if not len(j):
        return out
    n = (span.last[j] - span.first[j]).astype(np.int64)
    case = np.repeat(j, n)
    date = np.repeat(span.first[j], n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    holders = span.holders[case]
    weight = job_day_weights(span.week, holders, date)
    key = day_keys(span.worker, span.date)
    order = np.argsort(key, kind="stable")
    part = days["absent_part"].to_numpy(float) if "absent_part" in days else np.zeros(len(days))
    worked = days["contracted"].to_numpy(bool) & span.bank  # a bank holiday worked
    lo, hi = (windows[k].to_numpy().astype("datetime64[D]") for k in ("lo", "hi"))
    away_least, back = np.full(len(date), np.inf), np.zeros(len(date), bool)
    for who in holders.T:  # a column a holder: a handful
        has = who >= 0
        w = np.maximum(who, 0)
        mine = has & (day_weights(span.week, w, date) > 0)  # a day of this holder's
        inside = has & (lo[w] <= date) & (date <= hi[w])  # NaT compares False
        want = day_keys(w, date)
        row = order[np.minimum(np.searchsorted(key[order], want), len(order) - 1)]
        seen = inside & (key[row] == want)  # the holder's row of ``days`` that day
        away = np.where(~inside, 1.0, np.where(seen, np.where(span.absent[row], 1.0, part[row]),
                                               0.0))
        away_least = np.where(mine, np.minimum(away_least, away), away_least)
        back |= mine & seen & worked[row]
    away_least[np.isinf(away_least)] = 0.0  # no holder's day: not a day of the job
    out += np.bincount(case, weights=weight * (back - away_least), minlength=len(out))
    return out
