"""How far a source's durations are from its clock times, in one warning.

A row whose duration and clock span differ by more than the tolerance is flagged
``duration_mismatch``, row by row. What a reader needs is the sum: Toggl and Clockify can
round every entry's duration (to the next 15 minutes, say) in a report, and six calls of
7 minutes on the clock then count 90 minutes, not 42. The warning gives the rows, the
minutes counted and the clock's, and, where every mismatched duration is a whole number
of one rounding step at or above its clock span, that step; the fix names the rule that
counts the clock instead (``minutes_from: clock``). Nothing is changed. Rows across a
clock change read without a time zone are left to that warning (their difference is the
clock change's hour, not a rounding).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CODE = "duration_mismatch"
#: Rounding steps of time trackers' reports, in minutes (largest first: a step is named
#: only if every mismatched duration is a multiple of it).
STEPS = (60, 30, 15, 10, 6, 5)


def mismatch_warning(episodes: pd.DataFrame, minutes_from: str, difference: float = 0.0
                     ) -> dict | None:
    """The warning summing the minutes of the rows flagged ``duration_mismatch``.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes: ``start``, ``end`` (the clock's), ``duration_min`` (counted)
        and ``flags``.
    minutes_from : str
        The rule that counted (``duration`` or ``clock``).
    difference : float
        With ``clock``: the source's minutes less those counted, over the accepted rows
        (the minutes account's ``difference``): the durations the episodes no longer hold.

    Returns
    -------
    dict or None
        ``code``, ``rows``, ``minutes_counted``, ``minutes_clock`` and ``message``; None
        when no row is flagged.

    Examples
    --------
    Six calls of 7 minutes on the clock, each with a duration of 15 (a report rounding up
    to 15 minutes): 90 counted where the clock gives 42.

    >>> t = pd.Timestamp("2026-03-10 09:00")
    >>> e = pd.DataFrame({"start": [t + pd.Timedelta(hours=h) for h in range(6)],
    ...                   "duration_min": 15.0, "flags": "duration_mismatch"})
    >>> e["end"] = e["start"] + pd.Timedelta(minutes=7)
    >>> w = mismatch_warning(e, "duration")
    >>> w["rows"], w["minutes_counted"], w["minutes_clock"]
    (6, 90.0, 42.0)
    >>> print(w["message"])  # doctest: +ELLIPSIS
    duration_mismatch: 6 rows' durations are not their clock times: 90 minutes counted from the durations where the clock gives 42 (+48); every one is a whole number of 15 minutes at or above its clock time, as a report rounding up to 15 minutes writes them: ...
    """
    if episodes.empty or "flags" not in episodes:
        return None
    flags = episodes["flags"].astype("string")
    flagged = (flags.str.contains(CODE, regex=False)  # (across a clock change: said there)
               & ~flags.str.contains("clock_change_unchecked", regex=False))
    flagged = flagged.fillna(False).to_numpy(bool)
    if not flagged.any():
        return None
    sub = episodes.loc[flagged]
    clock = ((sub["end"] - sub["start"]).dt.total_seconds() / 60).to_numpy(float)
    given = sub["duration_min"].to_numpy(float)
    ok = np.isfinite(clock) & np.isfinite(given)
    clock, given = clock[ok], given[ok]
    if not len(given):
        return None
    counted = float(given.sum()) if minutes_from == "duration" else float(clock.sum())
    other = float(clock.sum()) if minutes_from == "duration" else counted + float(difference)
    step = _step(given, clock) if minutes_from == "duration" else None
    if minutes_from == "duration":
        head = (f"{counted:,.0f} minutes counted from the durations where the clock gives "
                f"{other:,.0f} ({counted - other:+,.0f})")
        fix = ("if the tool rounded them, count the clock with minutes_from: clock in a "
               "mapping; if the clock times are wrong, correct them")
    else:
        head = (f"{counted:,.0f} minutes counted from the clock where the durations give "
                f"{other:,.0f} ({other - counted:+,.0f})")
        fix = "if the durations are right, count them with minutes_from: duration"
    rounded = (f"; every one is a whole number of {step} minutes at or above its clock time, "
               f"as a report rounding up to {step} minutes writes them" if step else "")
    n = int(len(given))
    return {"code": CODE, "rows": n, "minutes_counted": round(counted, 4),
            "minutes_clock": round(float(clock.sum()), 4),
            "message": f"{CODE}: {n:,} " + ("rows' durations are not their clock times"
                                               if n != 1 else "row's duration is not its "
                                               "clock time") + f": {head}{rounded}: {fix}"}


def _step(given: np.ndarray, clock: np.ndarray) -> int | None:
    """The rounding step every duration is a multiple of, at or above its clock span.

    Examples
    --------
    >>> _step(np.array([15.0, 30.0]), np.array([7.0, 16.0])), _step(np.array([12.0]),
    ...                                                                 np.array([7.0]))
    (15, 6)
    >>> _step(np.array([15.0]), np.array([20.0])) is None
    True
    """
    if not (given >= clock - 1e-9).all():
        return None
    for step in STEPS:
        if np.allclose(np.mod(given, step), 0) and (given - clock < step).all():
            return step
    return None
