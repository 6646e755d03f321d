"""Clock times that look like a 12-hour clock written without am or pm.

A diary typed by hand may say ``1.30`` for half past one in the afternoon. Read on a
24-hour clock that is 01:30: an entry ``12.30`` to ``1.30`` becomes 13 hours across
midnight, and ``1.15`` to ``2.45`` a night's work on the day before (the audit of
2026-12-04, /tmp/audit3/x10_text_times.xlsx). One row cannot tell, but a whole diary can:
no time after 12:59, and entries starting in the small hours among a day of ordinary
ones. :func:`twelve_hour_warning` says so; the times are kept as read (but for the
morning spans of 12 hours or more across midnight the reading refuses: :data:`KEPT`).

A worker is judged on their own when others write afternoons (twelve.csv: W2's 13:15 hid
W1's 9:00, 11:30, 1:00, 2:30, whose 1:00 to 4:45 pm were read as 01:00 to 04:45): a worker
none of whose times is after 12:59, with starts both from 01:00 to 06:59 and from 07:00 to
12:59, whose times *wrap* as a 12-hour clock does: in the file's order, a start from 01:00
to 06:59 follows one from 07:00 to 12:59 on the same date, or an entry from 07:00 to 12:59
ends from 01:00 to 06:59 on a later date (11:30 to 1:00). A worker whose day starts early
(05:00, 06:30, then 08:00 to 12:00) writes the small hours first, and is not warned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.hour_entries import placed_rows, same_worker

CODE = "times_look_twelve_hour"
#: What the warning says was done with the times: kept as read, but for an entry from a
#: morning start to an end 12 hours or more later across midnight, which the reading refuses
#: (:func:`timestudy.ingest.clock_limits.roll_bare_ends`: 12.30 to 1.30 is 1 hour on a
#: 12-hour clock, not 13).
KEPT = ("The times are kept as read, but for an entry from a morning start running 12 hours or "
        "more across midnight (12.30 to 1.30), refused (wrap_too_long)")
#: Rows looked at first: an afternoon among them settles it (the usual diary).
SAMPLE = 10_000


def twelve_hour_warning(episodes: pd.DataFrame) -> dict | None:
    """The report's warning when no start or end is after 12:59 while some entries start
    from 01:00 to 06:59 and some from 07:00 to 12:59 (a 24-hour diary with work in the
    small hours has evenings too); else None. Rows flagged ``time_of_day_unknown`` (a
    diary without times, placed in file order from the diary day's start) have no time of
    day to judge and are left out.

    Examples
    --------
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 11:00", "2026-03-10 01:30",
    ...                     "2026-03-10 10:00"])
    >>> e = pd.DataFrame({"start": t, "end": t + pd.Timedelta("1h")})
    >>> print(twelve_hour_warning(e)["message"])  # doctest: +ELLIPSIS
    times_look_twelve_hour: no time in the diary is after 12:59, and 1 of 4 entries start between 01:00 and 06:59: ...
    """
    if episodes.empty or "start" not in episodes:
        return None
    if _afternoon(episodes.iloc[:SAMPLE])[0]:  # an afternoon among its first rows
        return by_worker(episodes)
    afternoon, start = _afternoon(episodes)
    if afternoon:
        return by_worker(episodes)
    if start is None:
        return None
    ok = ~np.isnat(start)
    hour = _hour(start)
    small = ok & (hour >= 1) & (hour < 7)
    day = ok & (hour >= 7)
    if not small.any() or not day.any():  # no evening, yet work in the small hours
        return None
    n, total = int(small.sum()), int(ok.sum())
    message = (
        f"{CODE}: no time in the diary is after 12:59, and {n:,} of {total:,} entries start "
        "between 01:00 and 06:59: if the times are on a 12-hour clock written without am or "
        "pm, afternoon work was read as night work; write the times with am/pm or on a "
        f"24-hour clock. {KEPT}"
    )
    return {"code": CODE, "message": message, "episodes": n}


def _afternoon(episodes: pd.DataFrame) -> tuple[bool, np.ndarray | None]:
    """Whether a start or end of ``episodes`` is after 12:59, rows flagged
    ``time_of_day_unknown`` left out; and the starts of the rows looked at (None: no row).
    A diary with such a time is not on a 12-hour clock: the first rows are asked first, and
    one found there answers for the whole diary.

    Examples
    --------
    >>> t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 13:00"])
    >>> _afternoon(pd.DataFrame({"start": t, "flags": ["", ""]}))[0]
    True
    >>> _afternoon(pd.DataFrame({"start": t, "flags": ["", "time_of_day_unknown"]}))[0]
    False
    """
    if "flags" in episodes:
        placed = episodes["flags"].str.contains("time_of_day_unknown", regex=False)
        if placed.any():
            episodes = episodes.loc[~placed.fillna(False).to_numpy(bool)]
            if episodes.empty:
                return False, None
    start = episodes["start"].to_numpy("M8[ns]")
    if (~np.isnat(start) & (_hour(start) >= 13)).any():
        return True, start
    if "end" in episodes:
        hour, nat = _hours_of(episodes["end"])
        if (~nat & (hour >= 13)).any():
            return True, start
    return False, start


def _hour(t: np.ndarray) -> np.ndarray:
    """Hour of the day of clock times (datetime64[ns], naive: on the wall clock)."""
    return (t.view(np.int64) % (86_400 * 10**9)) // (3_600 * 10**9)


_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def _hours_of(times: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_hour` of a column of clock times and where they are missing, worked on the
    column's own unit (the episodes hold microseconds): the same hours as through a copy
    in nanoseconds (``to_numpy("M8[ns]")``, as before), a missing time hour 0 as there.

    Examples
    --------
    >>> t = pd.Series(pd.to_datetime(["2026-03-09 13:30", None, "1969-12-31 23:00"])
    ...               ).astype("M8[us]")
    >>> hour, nat = _hours_of(t)
    >>> hour.tolist(), nat.tolist()
    ([13, 0, 23], [False, True, False])
    """
    dtype = times.dtype
    unit, count = np.datetime_data(dtype) if isinstance(dtype, np.dtype) and dtype.kind == "M" \
        else (None, 0)
    if count != 1 or unit not in _PER_SECOND:  # (a time zone, or another unit: as before)
        t = times.to_numpy("M8[ns]")
        return _hour(t), np.isnat(t)
    per = _PER_SECOND[unit]
    ticks = times.to_numpy().view(np.int64)  # (the column's own memory: no copy)
    hour = ticks % (86_400 * per)
    hour //= 3_600 * per
    nat = ticks == np.iinfo(np.int64).min
    if per != 10**9 and nat.any():
        hour[nat] = _hour(np.array(["NaT"], "M8[ns]"))[0]
    return hour, nat


def by_worker(episodes: pd.DataFrame) -> dict | None:
    """The warning for the workers who, on their own, look on a 12-hour clock (the module
    notes) in a diary where others write afternoons; else None.

    Examples
    --------
    Hand-worked (twelve.csv): W1 9:00-11:30, 11:30-1:00, 1:00-2:30, 2:30-4:45, no time after
    12:59, the 1:00 after the 11:30 in the file; W2 09:00-12:30, 12:30-13:15 has an
    afternoon. W1 is named, 2 of 4 entries in the small hours.

    >>> t = lambda s: pd.to_datetime(s, format="%Y-%m-%d %H:%M")
    >>> e = pd.DataFrame({"worker_id": ["W1"] * 4 + ["W2"] * 2,
    ...     "source_row": [4, 5, 2, 3, 6, 7],
    ...     "start": t(["2026-03-09 01:00", "2026-03-09 02:30", "2026-03-09 09:00",
    ...                 "2026-03-09 11:30", "2026-03-09 09:00", "2026-03-09 12:30"]),
    ...     "end": t(["2026-03-09 02:30", "2026-03-09 04:45", "2026-03-09 11:30",
    ...               "2026-03-10 01:00", "2026-03-09 12:30", "2026-03-09 13:15"])})
    >>> w = by_worker(e)
    >>> w["workers"], w["episodes"]
    (['W1'], 2)
    """
    if "worker_id" not in episodes:
        return None
    hour = _hours_of(episodes["start"])[0]  # (NaT reads as hour 0: not small)
    small = (hour >= 1) & (hour < 7)
    if not small.any():  # the usual diary: no work in the small hours
        return None
    # workers as runs of the rows, sorted by worker (no hashing of a million names)
    new_worker = np.append(True, ~same_worker(episodes["worker_id"]))
    timed = ~placed_rows(episodes)
    late = (hour >= 13)
    if "end" in episodes:
        end_hour, end_nat = _hours_of(episodes["end"])
        late |= ~end_nat & (end_hour >= 13)
    suspect = _each_run(new_worker, timed & (hour >= 7) & (hour < 13), timed & small,
                        ~(timed & late))
    if not suspect.any():  # (every worker with small hours writes an afternoon too)
        return None
    group = np.cumsum(new_worker) - 1
    n = len(suspect)
    theirs = suspect[group] & timed & episodes["worker_id"].notna().to_numpy()
    at = np.flatnonzero(theirs)
    wraps = _wraps(episodes.iloc[at], group[at], hour[at])
    suspect &= np.bincount(group[at[wraps]], minlength=n) > 0
    theirs &= suspect[group]
    rows = np.zeros(len(episodes), bool)  # the entries that would read as afternoons
    rows[at] = _reread(episodes.iloc[at], group[at], hour[at], wraps)
    rows &= theirs
    if not rows.any():
        return None
    who = [str(w) for w in episodes["worker_id"].to_numpy()[np.flatnonzero(rows)]]
    who = list(dict.fromkeys(who))
    shown = ", ".join(who[:5]) + (" ..." if len(who) > 5 else "")
    message = (
        f"{CODE}: {len(who)} worker{'s' if len(who) > 1 else ''} ({shown}) write"
        f"{'' if len(who) > 1 else 's'} no time after 12:59 while others do, and "
        f"{int(rows.sum()):,} of their {int(theirs.sum()):,} entries start between 01:00 and "
        "06:59 after a morning on a day their times wrap (a 12-hour clock wraps at 1:00): if "
        "their times are on a 12-hour clock written without am or pm, those afternoons were "
        f"read as night work; write the times with am/pm or on a 24-hour clock. {KEPT}"
    )
    return {"code": CODE, "message": message, "episodes": int(rows.sum()), "workers": who}


def _each_run(starts: np.ndarray, *rows: np.ndarray) -> np.ndarray:
    """For each run of rows (``starts``: True at each run's first row), whether each mask of
    ``rows`` but the last holds on at least one of its rows, and the last on every one: one
    pass of each mask, run by run (no run number per row, no row gathered).

    Examples
    --------
    Runs [0, 1], [2], [3, 4]: a morning in each but the second, an afternoon in the third.

    >>> starts = np.array([True, False, True, True, False])
    >>> morning = np.array([True, False, False, False, True])
    >>> not_late = np.array([True, True, True, False, True])
    >>> _each_run(starts, morning, not_late).tolist()
    [True, False, False]
    """
    at = np.flatnonzero(starts)
    out = np.logical_and.reduceat(rows[-1], at)
    for some in rows[:-1]:
        out &= np.logical_or.reduceat(some, at)
    return out


def _reread(rows: pd.DataFrame, group: np.ndarray, hour: np.ndarray,
            wraps: np.ndarray) -> np.ndarray:
    """Which of a few workers' entries a 12-hour clock would read otherwise: those starting
    from 01:00 to 06:59 after, in the file's order, a start from 07:00 to 12:59 of the same
    worker and date, on a date whose times wrap (``wraps``: :func:`_wraps`). An early
    start written first (05:30 before 07:00) or a forgotten entry written later on a day
    that does not wrap is kept as read, and not counted.

    Examples
    --------
    By hand: W1 on 9 March 9:00, 11:30, 1:00, 2:30 (wraps at 1:00): 1:00 and 2:30; on 10
    March 5:30 then 7:00 (an early start, no wrap): none.

    >>> d = pd.to_datetime(["2026-03-09"] * 4 + ["2026-03-10"] * 2)
    >>> e = pd.DataFrame({"start": d + pd.to_timedelta([9, 11.5, 1, 2.5, 5.5, 7], unit="h"),
    ...                   "source_row": range(2, 8)})
    >>> h = np.array([9, 11, 1, 2, 5, 7])
    >>> _reread(e, np.zeros(6, int), h, np.array([0, 0, 1, 0, 0, 0], bool)).tolist()
    [False, False, True, True, False, False]
    """
    day = rows["start"].to_numpy("M8[ns]").astype("M8[D]").astype(np.int64)
    line = rows["source_row"].to_numpy() if "source_row" in rows else np.arange(len(rows))
    order = np.lexsort((line, day, group))  # each worker-date's rows in the file's order
    g, d = group[order], day[order]
    first = np.append(True, (g[1:] != g[:-1]) | (d[1:] != d[:-1]))
    run = np.cumsum(first) - 1
    morning = ((hour >= 7) & (hour < 13))[order].astype(np.int64)
    seen = np.cumsum(morning) - morning  # mornings before each row, from the file's start
    seen -= seen[np.flatnonzero(first)][run]  # ... from its worker-date's first row
    wrapped = np.bincount(run, weights=wraps[order], minlength=run[-1] + 1)[run] > 0
    small = (hour >= 1) & (hour < 7)
    out = np.zeros(len(rows), bool)
    out[order] = small[order] & (seen > 0) & wrapped
    return out


#: The longest gap (minutes) between an entry's end and the next start on a 12-hour clock.
_LUNCH = 90


def _minutes_of_day(t: np.ndarray) -> np.ndarray:
    """Minutes since midnight of each of ``t`` (NaN for NaT)."""
    out = ((t - t.astype("M8[D]")) / np.timedelta64(1, "m")).astype(float)
    return np.where(np.isnat(t), np.nan, out)


def _wraps(rows: pd.DataFrame, group: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """Which of a few workers' entries show a 12-hour clock's wrap: a start from 01:00 to
    06:59 after a start from 07:00 to 12:59 on the same date in the file's order (and,
    where entries have ends, within 90 minutes after that entry's end on a 12-hour clock:
    11:30-1:00 then 1:00, or 12:00 then 1:30 after lunch), or an entry from 07:00 to 12:59
    ending from 01:00 to 06:59 on a later date."""
    start = rows["start"].to_numpy("M8[ns]")
    morning = (hour >= 7) & (hour < 13)
    crossed = np.zeros(len(rows), bool)
    if "end" in rows:
        end = rows["end"].to_numpy("M8[ns]")
        crossed = morning & (_hour(end) >= 1) & (_hour(end) < 7) & ~np.isnat(end)
        crossed &= end.astype("M8[D]") > start.astype("M8[D]")
    order = (np.lexsort((rows["source_row"].to_numpy(), group)) if "source_row" in rows
             else np.arange(len(group)))
    g, h, d = group[order], hour[order], start[order].astype("M8[D]")
    after = np.zeros(len(order), bool)
    after[1:] = (g[1:] == g[:-1]) & (d[1:] == d[:-1]) & (h[:-1] >= 7) & (h[:-1] < 13)
    after[1:] &= (h[1:] >= 1) & (h[1:] < 7)
    if "end" in rows:  # and it follows on from the entry before on a 12-hour clock (the
        # same time, or a lunch's gap): 05:30 written after 08:00-10:00 is a forgotten entry
        tod = _minutes_of_day(start[order])
        before_end = _minutes_of_day(rows["end"].to_numpy("M8[ns]")[order])
        gap = np.mod(tod[1:] - before_end[:-1], 720)
        after[1:] &= gap <= _LUNCH
    wrapped = np.zeros(len(order), bool)
    wrapped[order] = after
    return crossed | wrapped
