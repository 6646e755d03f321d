"""What the diary completeness gives the other panels: each worker's share of their days
observed (:func:`observed_share`, which scales case exposure and the missing-days
correction; :func:`share_days`), the completeness counted by week or worker
(:func:`completeness_by`), and the episodes of the days used (:func:`used_episodes`). The
days themselves are :func:`timestudy.panels.completeness.diary_completeness`'s."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.panels.episodes import NON_WORK, prepare
from timestudy.panels.shift_tails import night_dates
from timestudy.panels.workdays import AT_WORK_STATUSES, STATUSES


def observed_share(days: pd.DataFrame, weight: np.ndarray | None = None) -> pd.Series:
    """Share of each worker's full working days that were used, by ``worker_id``.

    Full working days are contracted complete, partial and missing days (absence
    is not work), less short days: a day worked short holds little case work, so it
    is neither a day on which work was seen nor one on which it could be lost (under
    days missing at random, hours on used days over this share estimate the hours
    of all days; counting short days as seen would bias that down). A worker with
    none gets 1.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.completeness.diary_completeness` output: ``worker_id``, ``contracted``,
        ``status``, ``used`` and (optional) ``short``, one row per worker-day.
    weight : ndarray, optional
        What each worker-day counts (:func:`~timestudy.panels.holder_shares.share_weights`:
        its part of a working day in the case exposure); 1 each when not given.

    Returns
    -------
    Series
        ``observed_share`` indexed by ``worker_id``, between 0 and 1.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1"] * 5, "contracted": True, "used": [True] * 4
    ...     + [False], "status": ["complete"] * 4 + ["missing"]})
    >>> observed_share(days).tolist()
    [0.8]
    >>> observed_share(days.assign(short=[False, False, False, True, False])).tolist()
    [0.75]
    """
    at_work, used = share_days(days, weight)
    # the two sums in one group-by, of the two columns alone (not a copy of every column)
    sums = pd.DataFrame({"_at": at_work, "_used": used}, index=days.index).groupby(
        days["worker_id"]).sum()
    n = sums["_at"]
    return (sums["_used"] / n.where(n > 0)).fillna(1.0).rename("observed_share")


def share_days(days: pd.DataFrame, weight: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """The worker-days :func:`observed_share` counts: full working days (contracted, at
    work, not short) and those of them used, each weighed by the part of it at work (1 less
    ``absent_part``, an afternoon's leave: the same part the case exposure and the FTE-weeks
    take out), times ``weight`` when given.

    Examples
    --------
    >>> days = pd.DataFrame({"contracted": [True, True, False], "used": [True, False, True],
    ...                      "status": ["complete", "missing", "extra"]})
    >>> [m.tolist() for m in share_days(days)]
    [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    >>> [m.tolist() for m in share_days(days.assign(absent_part=[0.5, 0.0, 0.0]))]
    [[0.5, 1.0, 0.0], [0.5, 0.0, 0.0]]
    """
    at_work = (days["contracted"].astype(bool) & days["status"].isin(AT_WORK_STATUSES)
               ).to_numpy(bool)
    if "short" in days:  # a day worked short holds little case work: neither seen nor lost
        at_work = at_work & ~days["short"].fillna(False).astype(bool).to_numpy()
    part = (1.0 - days["absent_part"].fillna(0.0).to_numpy(float) if "absent_part" in days
            else np.ones(len(days)))
    if weight is not None:
        part = part * weight
    return at_work * part, (at_work & days["used"].astype(bool).to_numpy()) * part


def completeness_by(days: pd.DataFrame, by: str = "week_start") -> pd.DataFrame:
    """Worker-days of each status by ``by`` (``week_start`` or ``worker_id``), with shares.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.completeness.diary_completeness` output: ``worker_id``, ``status`` and the
        ``by`` column, one row per worker-day.
    by : str
        Column to group by, ``week_start`` (default) or ``worker_id``.

    Returns
    -------
    DataFrame
        Indexed by ``by``: a count column per status, ``short`` (the complete
        days that are short days, when ``days`` has ``short``), ``workers``, and
        ``share_complete`` and ``share_missing`` of the contracted days at work
        (complete + partial + missing).

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1", "W1", "W2"], "week_start": pd.Timestamp(
    ...     "2026-03-02"), "status": ["complete", "missing", "complete"]})
    >>> completeness_by(days)[["complete", "missing", "workers"]].iloc[0].tolist()
    [2, 1, 2]
    """
    # a count per (by, status): crosstab's table, without its pivot_table (4 of 7 ms)
    counts = (days.groupby([by, "status"]).size().unstack(fill_value=0)
              .reindex(columns=list(STATUSES), fill_value=0))
    at_work = counts[list(AT_WORK_STATUSES)].sum(axis=1)
    out = counts.assign(workers=days.groupby(by)["worker_id"].nunique())
    if "short" in days:
        out.insert(len(STATUSES), "short", days.groupby(by)["short"].sum().astype(int))
    out["share_complete"] = counts["complete"] / at_work.where(at_work > 0)
    out["share_missing"] = counts["missing"] / at_work.where(at_work > 0)
    out.columns.name = None
    return out


def used_episodes(episodes: pd.DataFrame, days: pd.DataFrame,
                  day_start_hour: float = 4.0, non_work: Sequence[str] = NON_WORK,
                  on_nights: bool = False) -> pd.DataFrame:
    """The episodes of used and absent days: those of partial days left out are dropped.

    Missing days have no episodes; an absent day's entries (the leave itself, a
    few minutes of work) are kept. A night's end after the diary day's start is judged
    with its night (:func:`~timestudy.panels.shift_tails.night_dates`), as the
    completeness counts its hours: dropped with a night written in part, kept with a
    night used though its own diary day is written in part (fix31n: ``fit_study``, which
    drops before the worker-weeks read the nights, kept the end of a night written in
    part on its own day and dropped a whole night's end with the next night cut short).

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``worker_id`` and ``start`` (or ``diary_date``).
    days : DataFrame
        :func:`~timestudy.panels.completeness.diary_completeness` output for these episodes.
    day_start_hour : float
        Hour at which a diary day starts (work before it belongs to the day
        before); used when the episodes have no ``diary_date``.
    non_work : sequence of str
        Categories not work, as the completeness reads them (a night's run passes over).
    on_nights : bool
        ``episodes``' ``diary_date`` are a night's day already
        (:func:`~timestudy.panels.shift_tails.on_night_dates`): not read again.

    Returns
    -------
    DataFrame
        The rows of ``episodes`` not on a partial day left out (the same frame
        when no day is dropped).

    Examples
    --------
    >>> from timestudy.panels.completeness import diary_completeness
    >>> ep = pd.DataFrame({"worker_id": "W1", "task_type": "visit", "category": "direct",
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-03 09:00"]),
    ...     "duration_min": [480, 150]})
    >>> len(used_episodes(ep, diary_completeness(ep)))
    1

    ``on_nights``: the episodes' ``diary_date`` are taken as given. A night from Monday 9
    March 2026 at 20:00 whose end (05:30 to 08:00) falls on Tuesday 10, a partial day left
    out: on the night's day (``on_night_dates``) the end is kept with its night; on its
    own day it is dropped with Tuesday.

    >>> from timestudy.panels.shift_tails import on_night_dates
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 05:30"]), "end": pd.to_datetime(["2026-03-10 05:30",
    ...     "2026-03-10 08:00"]), "minutes": [570.0, 150.0],
    ...     "diary_date": pd.to_datetime(["2026-03-09", "2026-03-10"])})
    >>> days = pd.DataFrame({"worker_id": "N1", "diary_date": pd.to_datetime(["2026-03-09",
    ...     "2026-03-10"]), "status": ["complete", "partial"], "used": [True, False]})
    >>> used_episodes(on_night_dates(e), days, on_nights=True)["minutes"].tolist()
    [570.0, 150.0]
    >>> used_episodes(e, days, on_nights=True)["minutes"].tolist()
    [570.0]
    """
    drop = days.loc[~days["used"] & days["status"].eq("partial"), ["worker_id", "diary_date"]]
    if not len(drop):
        return episodes
    dates = (episodes["diary_date"].to_numpy() if on_nights
             else _night_days(episodes, drop["worker_id"], day_start_hour, non_work))
    # (worker, day) as integer codes of the partial days' workers and dates, each distinct
    # id looked up once (a MultiIndex of every entry's id as text cost 15 ms at 120 workers)
    names = pd.Index(drop["worker_id"].astype("string")).unique()
    when = pd.DatetimeIndex(drop["diary_date"]).as_unit("ns").unique()
    codes, distinct = pd.factorize(episodes["worker_id"], use_na_sentinel=False)
    who = names.get_indexer(pd.Index(distinct).astype("string"))[codes]
    at = when.get_indexer(pd.DatetimeIndex(dates).as_unit("ns"))
    pairs = (names.get_indexer(drop["worker_id"].astype("string")) * len(when)
             + when.get_indexer(pd.DatetimeIndex(drop["diary_date"]).as_unit("ns")))
    dropped = (who >= 0) & (at >= 0) & np.isin(who * len(when) + at, pairs)
    # episodes already of used days (fit_study's, given to worker_week): not copied again
    return episodes.loc[~dropped] if dropped.any() else episodes


def _night_days(episodes: pd.DataFrame, workers: pd.Series, day_start_hour: float,
                non_work: Sequence[str]) -> np.ndarray:
    """Each entry's diary day, a night's end on its night's day for the rows of
    ``workers`` (those with a day to drop: no other worker's night is read)."""
    e = episodes if "diary_date" in episodes else prepare(episodes, day_start_hour)
    dates = e["diary_date"].to_numpy()
    mine = e["worker_id"].astype("string").isin(
        pd.Index(workers.astype("string")).unique()).to_numpy(bool)
    if "start" not in e or not mine.any():
        return dates
    dates = dates.copy()
    dates[mine] = night_dates(e.loc[mine], non_work, day_start_hour).to_numpy()
    return dates
