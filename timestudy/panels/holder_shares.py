"""The holders' windows and used shares: the days a case's exposure and hours are counted over.

A holder's window (:func:`~timestudy.panels.windows.diary_windows`) and their used share
over the days each case was open in it (:func:`holder_windows`), a jointly held case's
holders' shares taken together (:func:`holders_share`), and a worker's used share over a
span of days (:func:`share_between`, :func:`days_between`): read by the exposure
(:mod:`~timestudy.panels.exposure`) and the hours on cases (:mod:`~timestudy.panels.cases`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.co_worked import CO_WORKERS
from timestudy.panels.co_held import case_holders, warn_no_diary_holders
from timestudy.panels.observed_days import observed_share, share_days
from timestudy.panels.windows import day_weights, diary_windows, worker_case_days


def _dates(cases: pd.DataFrame, col: str) -> pd.Series:
    if col not in cases:
        return pd.Series(pd.NaT, index=cases.index, dtype="datetime64[ns]")
    t = pd.to_datetime(cases[col]).astype("datetime64[ns]")
    # midnight of each day (Series.dt.normalize's days, a third of this function's time)
    return pd.Series(t.to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
                     index=t.index, name=t.name)


def holder_windows(cases: pd.DataFrame, days: pd.DataFrame,
                   period: tuple[pd.Timestamp, pd.Timestamp],
                   workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each case's holder's window (:func:`diary_windows`) and used share.

    Returns ``lo``, ``hi`` (first and last day of the window, NaT when the holder
    kept no diary) and ``share``, indexed like ``cases``: the holder's used share
    (:func:`~timestudy.panels.observed_days.observed_share`) over the days the case was
    open in the window, so that a day missing while the case was not open takes nothing
    from its exposure (audit22c: two blank days before a case opened cut its five open
    days, all written, to four); the holder's share over the whole window where the case
    was open on none of their full working days; each day counted as its part of a working
    day in the exposure (:func:`share_weights`). ``workers``' ``joined`` and ``left``
    bound the windows (:func:`diary_windows`).
    """
    span = diary_windows(days, period, workers)
    weight = share_weights(days, workers)
    holder = (cases["worker_id"].astype("string") if "worker_id" in cases
              else pd.Series(pd.NA, index=cases.index, dtype="string"))
    lo, hi = _job_window(cases, holder, span)
    out = pd.DataFrame({
        "lo": lo, "hi": hi,
        "share": holder.map(observed_share(days, weight)).astype(float).fillna(0.0),
    }, index=cases.index)
    out["share"] = _open_share(cases, days, holder, out, weight)
    out["share"] = holders_share(cases, days, holder, out, weight)
    warn_no_diary_holders(cases, span.index.astype("string"), workers)
    return out


def _job_window(cases: pd.DataFrame, holder: pd.Series, span: pd.DataFrame
                ) -> tuple[pd.Series, pd.Series]:
    """Each case's window: its holder's (``span``, :func:`diary_windows`); a jointly held
    case's (:data:`~timestudy.ingest.co_worked.CO_WORKERS`) from its holders' first day to
    their last, whichever is named first (a holder who leaves mid-study ends their own days
    of the job, not the case's: :mod:`~timestudy.panels.co_held`).

    Examples
    --------
    >>> span = pd.DataFrame({"lo": pd.to_datetime(["2026-03-02", "2026-03-04"]),
    ...     "hi": pd.to_datetime(["2026-03-08", "2026-03-13"])}, index=["JS1", "JS2"])
    >>> c = pd.DataFrame({"worker_id": ["JS1", "JS2", "JS1"],
    ...                   "co_workers": pd.array(["JS2", "JS1", None], dtype="string")})
    >>> lo, hi = _job_window(c, c["worker_id"].astype("string"), span)
    >>> [f"{a:%d}-{b:%d}" for a, b in zip(lo, hi)]
    ['02-13', '02-13', '02-08']
    """
    lo, hi = (holder.map(span[k]).astype("datetime64[ns]") for k in ("lo", "hi"))
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return lo, hi
    co = case_holders(cases, first=False)
    co = pd.Series(co["holder"].to_numpy(), index=cases.index[co["row"].to_numpy()])
    for k, pick, now in (("lo", "min", lo), ("hi", "max", hi)):
        theirs = co.map(span[k]).astype("datetime64[ns]").groupby(level=0).agg(pick)
        both = pd.concat([now, theirs.reindex(now.index)], axis=1)
        now[:] = getattr(both, pick)(axis=1).to_numpy()
    return lo, hi


def share_weights(days: pd.DataFrame, workers: pd.DataFrame | None = None) -> np.ndarray:
    """What each worker-day of ``days`` counts in its worker's used share: its part of a
    working day in their cases' exposure (:func:`~timestudy.panels.windows.day_weights`),
    so that the share is of the exposure's days: a day missing in a six-day week of
    ``"Mon-Sat / Mon-Fri"`` loses 5/6 of a day's work, one in a five-day week a whole day.
    A week of the same days every week weighs each of its days alike, so only a pattern
    mixing week lengths moves the share.

    Examples
    --------
    P works ``"Mon-Sat / Mon-Fri"`` from 2 March 2026 and left Saturday 7 blank: 10 days
    at work of 11, but 9 1/6 of 10 days' worth (6 x 5/6 + 5 x 1):

    >>> w = pd.DataFrame({"worker_id": ["P"], "workdays": ["Mon-Sat / Mon-Fri"],
    ...                   "pattern_from": ["2026-03-02"]})
    >>> d = pd.to_datetime(["2026-03-0" + str(i) for i in range(2, 8)]
    ...                    + [f"2026-03-{i}" for i in range(9, 14)])
    >>> days = pd.DataFrame({"worker_id": "P", "diary_date": d, "contracted": True,
    ...     "status": ["complete"] * 5 + ["missing"] + ["complete"] * 5,
    ...     "used": [True] * 5 + [False] + [True] * 5, "workday_bits": 0b0111111})
    >>> round(float(observed_share(days).iloc[0]), 4)  # counted as days: 10 / 11
    0.9091
    >>> round(float(observed_share(days, share_weights(days, w)).iloc[0]), 4)  # 9.1667 / 10
    0.9167
    """
    _, worker, week = worker_case_days(days, workers)
    return day_weights(week, worker, days["diary_date"].to_numpy())


def holders_share(cases: pd.DataFrame, days: pd.DataFrame, holder: pd.Series,
                  win: pd.DataFrame, weight: np.ndarray | None = None) -> np.ndarray:
    """``win["share"]``, a jointly held case's (:data:`~timestudy.ingest.co_worked.CO_WORKERS`)
    the used share of all its holders' full working days over its open days in ``win``
    taken together: its work is seen on the days any holder wrote, so one holder's blank
    days take from it in proportion to their part of the holders' days (a job share's
    second holder writing every day of theirs is not scaled by the first's blank days
    alone; audit29 s_js_leave_blank: 9 of 11 and 12 of 12 days, 21 of 23). ``weight``: each
    worker-day's (:func:`share_weights`; 1 when not given)."""
    share = win["share"].to_numpy(float).copy()
    if CO_WORKERS not in cases:
        return share
    joint = (cases[CO_WORKERS].notna() & holder.notna()).to_numpy()
    if not joint.any():
        return share
    every = case_holders(cases.assign(worker_id=holder.to_numpy()))
    every = every.loc[joint[every["row"].to_numpy()]]
    rows = every["row"].to_numpy(np.int64)
    who = every["holder"].reset_index(drop=True)
    first, last = _open_range(cases, win)
    n_at, n_used = (np.bincount(rows, weights=n, minlength=len(cases)) for n in days_between(
        days, who, first.iloc[rows].reset_index(drop=True), last.iloc[rows].reset_index(drop=True),
        weight))
    on = joint & (n_at > 1e-9)
    share[on] = n_used[on] / n_at[on]
    return share


def _open_share(cases: pd.DataFrame, days: pd.DataFrame, holder: pd.Series,
                win: pd.DataFrame, weight: np.ndarray | None = None) -> np.ndarray:
    """Each case's holder's used share over the case's open days in ``win``;
    ``win["share"]`` where none of those days is a full working day."""
    first, last = _open_range(cases, win)
    return share_between(days, holder, first, last, win["share"].to_numpy(float), weight)


def share_between(days: pd.DataFrame, workers: pd.Series, first: pd.Series,
                  last: pd.Series, fallback: np.ndarray, weight: np.ndarray | None = None
                  ) -> np.ndarray:
    """Each of ``workers``' used share (:func:`~timestudy.panels.observed_days.observed_share`)
    over their days from ``first`` up to but not including ``last`` (one sorted search per
    count); ``fallback`` where that span holds none of their full working days. ``weight``:
    each worker-day's (:func:`share_weights`; 1 when not given).

    Examples
    --------
    W1 wrote 2 and 3 March, not the 4th: over 3 to 5 March, 1 of 2.

    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
    ...     ["2026-03-02", "2026-03-03", "2026-03-04"]), "contracted": True,
    ...     "status": ["complete", "complete", "missing"], "used": [True, True, False]})
    >>> share_between(days, pd.Series(["W1", "W1"]), pd.to_datetime(pd.Series(
    ...     ["2026-03-03", "2026-03-06"])), pd.to_datetime(pd.Series(["2026-03-05",
    ...     "2026-03-09"])), np.array([0.9, 0.9])).tolist()
    [0.5, 0.9]
    """
    share = np.asarray(fallback, float).copy()
    n_at, n_used = days_between(days, workers, first, last, weight)
    on = n_at > 1e-9
    share[on] = n_used[on] / n_at[on]
    return share


def days_between(days: pd.DataFrame, workers: pd.Series, first: pd.Series,
                 last: pd.Series, weight: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``workers``' full working days from ``first`` up to but not including
    ``last``, and those of them used (:func:`~timestudy.panels.observed_days.share_days`:
    each weighed by its part at work and by ``weight``); 0 for a worker with no days
    there."""
    n_at, n_used = np.zeros(len(workers)), np.zeros(len(workers))
    ok = (first.notna() & last.notna() & (last > first)).to_numpy()
    if not ok.any() or days.empty:
        return n_at, n_used
    names = pd.Index(days["worker_id"].astype("string").unique())
    worker = names.get_indexer(days["worker_id"].astype("string"))
    date = days["diary_date"].to_numpy().astype("datetime64[D]")
    who = names.get_indexer(pd.Series(workers).astype("string")[ok])
    lo, hi = (_day_key(who, t[ok].to_numpy()) for t in (first, last))
    at_work, used = share_days(days, weight)  # each day weighed by its part at work
    key = _day_key(worker, date)
    n_at[ok], n_used[ok] = (np.where(who >= 0, _sum_between(key, w, lo, hi), 0.0)
                            for w in (at_work, used))
    return n_at, n_used


def _open_range(cases: pd.DataFrame, win: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each case's first open day in its holder's window and the day after its last."""
    lo = np.maximum(_dates(cases, "opened").fillna(win["lo"]), win["lo"])
    hi = np.minimum(_dates(cases, "closed").fillna(win["hi"] + pd.Timedelta(days=1)),
                    win["hi"] + pd.Timedelta(days=1))
    return lo, hi


def _sum_between(key: np.ndarray, weight: np.ndarray, lo: np.ndarray, hi: np.ndarray
                 ) -> np.ndarray:
    """The sum of ``weight`` over the worker-day keys from each ``lo`` up to but not
    including its ``hi``: one sort, one cumulative sum, two searches."""
    order = np.argsort(key, kind="stable")
    total = np.r_[0.0, np.cumsum(weight[order])]
    key = key[order]
    return total[np.searchsorted(key, hi)] - total[np.searchsorted(key, lo)]


_KEY_DAYS = 1_000_000  # days since 1970 stay far below this


def _day_key(worker: np.ndarray, date: np.ndarray) -> np.ndarray:
    """One sortable number per (worker, day): the worker's position, then the day."""
    return worker.astype(np.int64) * _KEY_DAYS + date.astype("datetime64[D]").astype(np.int64)
