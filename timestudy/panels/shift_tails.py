"""Night shifts across the diary day's start: the tail of a shift is the day the shift began.

A diary day runs from ``diary_day_start`` (04:00 by default) to the same time the next
day, so a night shift of 20:00 to 08:00 writes its last entries (a 05:30-08:00 handover)
on the next diary day. On a night the worker works again that next day holds their own
night too, and nothing changes. On a night they did not work (a missed night, their
night off) the day holds nothing but the tail of the night before: read as a day of its
own it is a short day worked, complete, and the night missed is not missing (audit25n:
five workers on Mon-Fri nights, one night not written, 56.35 hours per FTE-week for
57.50 by hand).

A *tail-only day* is a worker's diary day whose entries, all of them, continue a run of
entries that began on the day before: each starts no more than :data:`TAIL_GAP_MIN`
minutes after the latest end of the entries before it, without a break, and the run's
part on the day before is at least as long as its part on the day itself (the tail of a
shift, not a day's work begun straight after a night; a night 00:00-08:00 written
00:00-04:00 and 04:00-08:00 is one night, on its day). Such a day is not a day at work of its
own: its entries are the day before's (:func:`fold_tails`), for the completeness and the
hours alike, and so is every night's end on a day that holds more (:func:`night_dates`). A day with any entry after a gap (a night worked, a day worker's late notes
then the next morning) is left as it is. Entries without a time of day (a dated diary)
are never a tail and break a run.

When most of a worker's diary days begin with such a carried-on run, their shifts
regularly cross the diary day's start: :func:`warn_night_shifts` names them and the
mapping's ``diary_day_start`` option (``"12:00"`` makes each night one diary day).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.night_runs import (  # the rule, below the panels for ingest's page
    _minutes,
    carried_rows,
    night_rows,
)
from timestudy.panels.episodes import NON_WORK

#: Share of a worker's diary days with entries that must begin with a run carried on from
#: the day before for their shifts to be named as crossing the diary day's start.
CROSSING_SHARE = 0.5


def night_dates(e: pd.DataFrame, non_work: Sequence[str] = NON_WORK,
                day_start_hour: float = 4.0) -> pd.Series:
    """Each entry's diary date, the end of a night (``night`` of :func:`carried_rows`) on
    the day its shift began: the diary day of the pieces of work.

    A night's entries after the diary day's start (a 05:30-08:00 handover, notes written
    at 06:00 on the visit at 02:00) are the night's work, whatever the next day holds: on
    a tail-only day :func:`fold_tails` reads them so for the completeness; the pieces, the
    worker-weeks' hours and the case-months' hours read every night so
    (:func:`on_night_dates`), so that a night's duty is one piece, not two split at the diary
    day's start, each night's handover stays a piece of its own (folding only the tail-only
    days put two nights' handovers on one day: tails25, not merged), and a piece's count and
    its hours fall in the same week and on the same case period (fix30n: a visit at 05:30 on
    Monday after a Sunday night counted in the week before, its hour in Monday's week). A
    day's work begun straight after a night, longer than the night's part before the day's
    start, stays on its own day; a night split evenly at it is the night's.

    Parameters
    ----------
    e : DataFrame
        As :func:`carried_rows` reads.
    non_work : sequence of str
        As :func:`carried_rows` reads.
    day_start_hour : float
        Hour at which a diary day starts (``e``'s ``diary_date`` made with it).

    Returns
    -------
    Series
        ``diary_date``, one day earlier on the nights' ends (the column itself when none).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 05:30", "2026-03-10 20:00", "2026-03-11 05:30"]),
    ...     "end": pd.to_datetime(["2026-03-10 05:30", "2026-03-10 08:00",
    ...     "2026-03-11 05:30", "2026-03-11 08:00"]), "minutes": [570.0, 150.0, 570.0, 150.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-10",
    ...     "2026-03-11"])
    >>> night_dates(e).dt.day.tolist()  # each night's handover on its night's day
    [9, 9, 10, 10]
    """
    return on_night_dates(e, non_work, day_start_hour)["diary_date"]


def on_night_dates(e: pd.DataFrame, non_work: Sequence[str] = NON_WORK,
                   day_start_hour: float = 4.0) -> pd.DataFrame:
    """The episodes with ``diary_date`` :func:`night_dates`' (the frame itself when no
    date moves): the one diary day of a minute for the pieces, the worker-weeks' hours and
    the case-months' hours.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 05:30"]), "end": pd.to_datetime(["2026-03-10 05:30",
    ...     "2026-03-10 08:00"]), "minutes": [570.0, 150.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10"])
    >>> on_night_dates(e)["diary_date"].dt.day.tolist()
    [9, 9]
    >>> day = e.iloc[:1]  # no night's end: the frame itself, not a copy
    >>> on_night_dates(day) is day
    True
    """
    night = night_rows(e, non_work, day_start_hour)
    if night is None:
        return e
    return e.assign(diary_date=e["diary_date"].where(~night, e["diary_date"]
                                                      - pd.Timedelta(days=1)))


def fold_tails(e: pd.DataFrame, non_work: Sequence[str] = NON_WORK,
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The episodes with each night's end on the night's day (the ``night`` rows of
    :func:`carried_rows`, as :func:`night_dates` reads them), and the tail-only days moved.

    The completeness's per-day hours read a minute on the day the pieces, the
    worker-weeks and the case-months read it: a worker on nights Sunday to Thursday
    22:00-07:00 has Sunday night's 04:00-07:00 on Monday beside Monday night's start,
    and with it there Monday's hours were 3 hours more than Monday's night (fix31n: a
    Monday night cut short at 00:30, 2.5 hours of a usual 9-hour night, was complete at
    5.5 of 6, for written in part at 2.5 of 9). A tail-only day holds nothing else, so it
    is left empty: a night not worked is missing, not a short day.

    Parameters
    ----------
    e : DataFrame
        As :func:`carried_rows` reads.
    non_work : sequence of str
        As :func:`carried_rows` reads.

    Returns
    -------
    (DataFrame, DataFrame)
        The episodes (the frame itself when there is no night's end; else a copy with
        ``diary_date`` one day earlier on the nights' ends), and the tail-only days moved:
        ``worker_id``, ``diary_date`` (the tail's day, as it was) and ``minutes``, with
        ``crossing`` per worker in ``attrs["crossing"]``: days beginning with a carried run
        and days with entries (for :func:`warn_night_shifts`).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": "N1", "start": pd.to_datetime(["2026-03-09 20:00",
    ...     "2026-03-10 05:30"]), "end": pd.to_datetime(["2026-03-10 05:30",
    ...     "2026-03-10 08:00"]), "minutes": [570.0, 150.0]})
    >>> e["diary_date"] = pd.to_datetime(["2026-03-09", "2026-03-10"])
    >>> folded, moved = fold_tails(e)
    >>> folded["diary_date"].dt.day.tolist(), moved["minutes"].tolist()
    ([9, 9], [150.0])
    """
    if not len(e) or "start" not in e:
        return e, pd.DataFrame(columns=["worker_id", "diary_date", "minutes"])
    c = carried_rows(e, non_work)
    code, names = pd.factorize(e["worker_id"])
    firsts = c["first"].to_numpy()
    crossing = pd.DataFrame({  # per worker: days begun with the night before, days written
        "sum": np.bincount(code[firsts], c["carried"].to_numpy()[firsts], len(names)),
        "size": np.bincount(code[firsts], minlength=len(names))},
        index=pd.Index(names).astype(str)).astype(int)
    tail = c["tail"].to_numpy()
    moved = pd.DataFrame({"worker_id": pd.Index(names).astype(str)[code[tail]],
                          "diary_date": e["diary_date"].to_numpy()[tail],
                          "minutes": _minutes(e).to_numpy(float)[tail]})
    if tail.any():  # the days moved (none on a day diary: no group to sum)
        moved = moved.groupby(["worker_id", "diary_date"], as_index=False)["minutes"].sum()
    moved.attrs["crossing"] = crossing
    night = c["night"].to_numpy()  # every tail-only day's entries among them
    if not night.any():
        return e, moved
    dates = e["diary_date"].where(~night, e["diary_date"] - pd.Timedelta(days=1))
    return e.assign(diary_date=dates), moved


def warn_night_shifts(moved: pd.DataFrame, day_start_hour: float = 4.0) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers whose shifts
    regularly cross the diary day's start, and the tail-only days read with the day before.
    """
    crossing = moved.attrs.get("crossing")
    often: list[str] = []
    if crossing is not None:
        hit = crossing.loc[(crossing["size"] >= 3)
                           & (crossing["sum"] > CROSSING_SHARE * crossing["size"])]
        often = [f"{w} ({n} of {k} days)" for w, n, k in  # the workers named: a handful
                 zip(hit.index, hit["sum"], hit["size"], strict=True)]
    if not often and not len(moved):
        return
    start = f"{int(day_start_hour):02d}:{round(day_start_hour % 1 * 60):02d}"
    per = moved.groupby("worker_id", sort=False)["diary_date"].agg(list)
    named = "; ".join(f"{w}: {', '.join(f'{d:%a %d %b %Y}' for d in ds[:3])}"
                      f"{f' and {len(ds) - 3} more' if len(ds) > 3 else ''}"
                      for w, ds in list(per.items())[:10])
    text = (f"{len(moved)} diary day(s) held only the end of a shift begun the day before "
            f"(continuous across the diary day's start, {start}), and are read with that day, "
            f"not as days at work of their own (a night not worked is then missing, not a "
            f"short day; {moved['minutes'].sum():g} minutes moved): {named}."
            if len(moved) else "")
    if often:
        text += (f" Shifts that regularly cross the diary day's start: {', '.join(often[:10])}"
                 f"{' and more' if len(often) > 10 else ''} begin most of their diary days "
                 "with the end of the night before: if they work nights, give the mapping "
                 'diary_day_start: "12:00" (or the hour between their shifts) so that each '
                 "shift is one diary day (it is every worker's: with day workers in the "
                 "study, their mornings would go to the day before).")
    warnings.warn(text.strip(), DataQualityWarning, stacklevel=4)


#: Hour of the next calendar date from which a diary day's first entry is a day's work of
#: that date read with the day before (a late ``diary_day_start``), not the end of a night.
MORNING_HOUR = 6.0


def morning_days(e: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Workers most of whose diary days begin the next morning: with a ``diary_day_start``
    after :data:`MORNING_HOUR` (``"12:00"``, for night workers), a day worker's Monday
    09:00 is Sunday's diary day, and their whole week is read a day early (each Friday
    missing, each Sunday extra).

    A diary day begins the next morning when its first entry starts on the next calendar
    date at :data:`MORNING_HOUR` or later; a worker is named when such days are at least
    3 and more than :data:`CROSSING_SHARE` of their diary days. Read from the diary dates
    themselves (ingest may have made them with the mapping's start): with a day start at
    :data:`MORNING_HOUR` or earlier no diary day holds such an entry.

    Parameters
    ----------
    e : DataFrame
        Episodes with ``worker_id``, ``start`` and ``diary_date``.

    Returns
    -------
    dict
        Worker id -> (days begun the next morning, diary days).

    Examples
    --------
    A day worker at 09:00 and a night worker from 17:00, three days, diary days from noon:

    >>> days = pd.to_datetime(["2026-10-12", "2026-10-13", "2026-10-14"])
    >>> e = pd.DataFrame({"worker_id": ["A"] * 3 + ["N"] * 3, "start": list(
    ...     days + pd.Timedelta("9h")) + list(days + pd.Timedelta("17h"))})
    >>> e["diary_date"] = (e["start"] - pd.Timedelta("12h")).dt.normalize()
    >>> morning_days(e)
    {'A': (3, 3)}
    >>> morning_days(e.assign(diary_date=(e["start"] - pd.Timedelta("4h")).dt.normalize()))
    {}
    """
    if not len(e) or "start" not in e:
        return {}
    start = e["start"]
    if getattr(start.dtype, "tz", None) is not None:  # on the clock as written
        start = start.dt.tz_localize(None)
    minute = start.to_numpy().astype("datetime64[m]").astype(np.int64)
    day = e["diary_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    late = minute >= day * 1440 + int(24 * 60 + MORNING_HOUR * 60)  # NaT: far below
    if not late.any():  # no entry the next morning (a diary day from 04:00): none named
        return {}
    code, names = pd.factorize(e["worker_id"].astype(str))
    key, day_code = np.unique(code.astype(np.int64) * 1_000_000 + day, return_inverse=True)
    # a day begins the next morning when every entry of it does (its first one does)
    morning = np.bincount(day_code, ~late, len(key)) == 0
    who = key // 1_000_000
    n = np.bincount(who, morning, len(names)).astype(int)
    k = np.bincount(who, minlength=len(names))
    hit = np.flatnonzero((n >= 3) & (n > CROSSING_SHARE * k))
    return {str(names[i]): (int(n[i]), int(k[i])) for i in hit}


def warn_morning_days(found: dict[str, tuple[int, int]]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers of
    :func:`morning_days`, what a late diary day start does to them and the fix."""
    if not found:
        return
    named = "; ".join(f"{w} ({n} of {k} diary days)" for w, (n, k) in list(found.items())[:10])
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    warnings.warn(
        f"with a diary_day_start after {MORNING_HOUR:02.0f}:00, {len(found)} "
        f"{'worker begins' if len(found) == 1 else 'workers begin'} the next morning most of their "
        "diary days: their work of each morning is read with the day before (Monday's on "
        "Sunday), so their contracted days read as missing and their days off as extra, and "
        "their hours per FTE-week and their cases' hours per case-month are off; "
        "diary_day_start is every worker's: with day workers in the study, leave it at "
        "04:00 (each night's end is read with its night's day), or study the night "
        f"workers apart: {named}{more}",
        DataQualityWarning, stacklevel=4)
