"""A case held jointly (a job share, ``JS1; JS2`` in the cases table): the days its
first-named holder is away on which another of its holders holds it.

A case's exposure is counted on its first-named holder's diary days
(:data:`~timestudy.ingest.co_worked.CO_WORKED_RULE`), less their days away
(:func:`~timestudy.panels.exposure.case_exposure`). A case held jointly is held on a day
any one of its holders holds it: it loses a day (or the part of a day away) only when all
its holders are away, each either absent that day (leave or sickness) or outside their
own diary window (no diary, not yet joined, left). A co-holder's day off is a day they
hold the case, as the first-named holder's day off is; a co-holder's day missing from
their diary is one whose hours their own used share makes up for
(:func:`~timestudy.panels.cases.case_hours`), so it is not taken out twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.co_worked import CO_WORKERS, co_worker_lists
from timestudy.panels.windows import diary_windows
from timestudy.schema.clock import day_keys


def co_held_days(
    cases: pd.DataFrame,
    days: pd.DataFrame,
    period: tuple[pd.Timestamp, pd.Timestamp],
    workers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each jointly held case's first-named holder's days away (absent, or at work with a
    part of the day away) on which another of its holders was at hand: inside their own
    diary window (:func:`~timestudy.panels.windows.diary_windows`) and not absent.

    Parameters
    ----------
    cases : DataFrame
        ``worker_id`` (the first-named holder) and, for a case held jointly,
        :data:`~timestudy.ingest.co_worked.CO_WORKERS` (``'JS2'``, ``'W2; W3'``).
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    period : (Timestamp, Timestamp)
        First and last day of the study (the holders' windows').
    workers : DataFrame, optional
        Workers table: ``joined`` and ``left`` bound the windows.

    Returns
    -------
    DataFrame
        ``row`` (position in ``cases``) and ``diary_date``, one row per case and day.

    Examples
    --------
    JS1 on leave Monday 9 March 2026; JS2 (who works Wednesday to Friday) wrote on
    Wednesday 4 and Friday 13: Monday 9 is in JS2's window, a day off, the case held.

    >>> days = pd.DataFrame({"worker_id": ["JS1", "JS1", "JS2", "JS2"],
    ...     "diary_date": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-04",
    ...                                   "2026-03-13"]),
    ...     "status": ["complete", "absent", "complete", "complete"],
    ...     "workday_bits": [0b0000111, 0b0000111, 0b0011100, 0b0011100]})
    >>> cases = pd.DataFrame({"worker_id": ["JS1", "JS1"], "co_workers": pd.array(
    ...     ["JS2", None], dtype="string")})
    >>> period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-13"))
    >>> co_held_days(cases, days, period).astype(str).values.tolist()
    [['0', '2026-03-09']]
    """
    none = pd.DataFrame(
        {"row": np.array([], np.int64), "diary_date": np.array([], "datetime64[ns]")}
    )
    if CO_WORKERS not in cases or "worker_id" not in cases or not len(days):
        return none
    joint = (cases[CO_WORKERS].notna() & cases["worker_id"].notna()).to_numpy()
    if not joint.any():
        return none
    absent = days["status"].eq("absent").to_numpy()
    part = (
        days["absent_part"].to_numpy(float) > 0
        if "absent_part" in days
        else np.zeros(len(days), bool)
    )
    away = days.loc[absent | part, ["worker_id", "diary_date"]].astype({"worker_id": "string"})
    held = pd.DataFrame(
        {
            "row": np.flatnonzero(joint),
            "worker_id": cases["worker_id"].astype("string").to_numpy()[joint],
        }
    )
    pairs = held.merge(away, on="worker_id")  # each joint case's holder's days away
    lists = co_worker_lists(cases[CO_WORKERS]).set_axis(np.arange(len(cases)))[joint].explode()
    co = pd.DataFrame(
        {"row": lists.index.to_numpy(np.int64), "co": lists.astype("string").str.strip().to_numpy()}
    )
    pairs = pairs.merge(co, on="row")
    if pairs.empty:
        return none
    win = diary_windows(days, period, workers)
    win.index = win.index.astype("string")
    date = pairs["diary_date"].to_numpy()
    lo, hi = (pairs["co"].map(win[k]).to_numpy().astype("datetime64[ns]") for k in ("lo", "hi"))
    inside = (lo <= date) & (date <= hi)  # NaT compares False: no diary, not at hand
    gone = pd.MultiIndex.from_arrays(
        [
            days["worker_id"].astype("string").to_numpy()[absent],
            days["diary_date"].to_numpy()[absent],
        ]
    )
    off = pd.MultiIndex.from_arrays([pairs["co"].to_numpy(), date]).isin(gone)
    return pairs.loc[inside & ~off, ["row", "diary_date"]].drop_duplicates().reset_index(drop=True)


def held_by_others(span, co: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The days of ``co`` (:func:`co_held_days`) in each case's open days of
    :class:`timestudy.panels.exposure._Span` ``span``: their row among its cases counted
    (``ok``), their (holder, day) key (:func:`~timestudy.schema.clock.day_keys`), a whole
    day away's part of a working day (``span.absent`` by ``span.weight``: 1.0 in a week of
    five days) and the part of a day at work away (``span.part``)."""
    r = co["row"].to_numpy(np.int64)
    took = span.ok[r]
    row = (np.cumsum(span.ok) - 1)[r[took]]
    day = co["diary_date"].to_numpy()[took].astype("datetime64[D]")
    inside = (span.holder[row] >= 0) & (span.first[row] <= day) & (day < span.last[row])
    row, day = row[inside], day[inside]
    key = day_keys(span.holder[row], day)
    every = day_keys(span.worker, span.date)
    order = np.argsort(every, kind="stable")
    at = order[np.searchsorted(every[order], key)] if len(order) else order
    return row, key, (span.absent * span.weight)[at], span.part[at].astype(float)


def kept_in_spells(
    span, absent: np.ndarray, spell: np.ndarray, starts: np.ndarray, pair: np.ndarray, n: int
) -> np.ndarray:
    """Each of ``n`` cases' days away held by a co-holder (in the exposure already) that lie
    in a spell of absence ``pair`` (case x spells + spell) gives back as covered
    (:func:`~timestudy.panels.exposure.covered_absence`): taken off, not counted twice."""
    k = span.kept_abs > 0
    if not k.any():
        return np.zeros(n)
    case = np.flatnonzero(span.ok)[span.kept_row[k]]
    spell_of = spell[np.searchsorted(absent, span.kept_key[k])]
    inside = np.isin(case.astype(np.int64) * len(starts) + spell_of, pair)
    return np.bincount(case[inside], weights=span.kept_abs[k][inside], minlength=n)
