"""Clock times that look like a 12-hour clock written without am or pm.

A diary typed by hand may say ``1.30`` for half past one in the afternoon. Read on a
24-hour clock that is 01:30: an entry ``12.30`` to ``1.30`` becomes 13 hours across
midnight, and ``1.15`` to ``2.45`` a night's work on the day before (the audit of
2026-12-04, /tmp/audit3/x10_text_times.xlsx). One row cannot tell, but a whole diary can:
no time after 12:59, and entries starting in the small hours among a day of ordinary
ones. :func:`twelve_hour_warning` says so; the times are kept as read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CODE = "times_look_twelve_hour"
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
    if _afternoon(episodes.iloc[:SAMPLE])[0]:  # the usual diary: an afternoon among its first rows
        return None
    afternoon, start = _afternoon(episodes)
    if afternoon or start is None:
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
        "pm, afternoon work was read as night work (and an entry such as 12.30 to 1.30 as 13 "
        "hours across midnight); write the times with am/pm or on a 24-hour clock. The times "
        "are kept as read"
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
        end = episodes["end"].to_numpy("M8[ns]")
        if (~np.isnat(end) & (_hour(end) >= 13)).any():
            return True, start
    return False, start


def _hour(t: np.ndarray) -> np.ndarray:
    """Hour of the day of clock times (datetime64[ns], naive: on the wall clock)."""
    return (t.view(np.int64) % (86_400 * 10**9)) // (3_600 * 10**9)
