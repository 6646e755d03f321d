"""How far a source's durations are from its clock times, in one warning.

A row whose duration and clock span differ by more than the tolerance is flagged
``duration_mismatch``, row by row. What a reader needs is the sum: Toggl and Clockify can
round every entry's duration (to the next 15 minutes, say) in a report, and six calls of
7 minutes on the clock then count 90 minutes, not 42. The warning gives the rows, the
minutes counted and the clock's, and, where every mismatched duration is a whole number
of one rounding step at or above its clock span, that step; the fix names the rule that
counts the clock instead (``minutes_from: clock``). Nothing is changed. Rows across a
clock change read without a time zone are left to that warning (their difference is the
clock change's hour, not a rounding). A row that warning does not flag, whose clock times
are consistent on the first pass of the autumn night's repeated hour but whose duration is
longer by exactly that hour (:func:`at_clock_change`: a WOMBAT task from 00:50 to 01:20 on
25 October 2026 whose elapsed time is 01:30:00 ran to 01:20 GMT, the second pass), is not
a rounding either: the warning says so once, apart, with the fix (a ``timezone``); its
minutes stay the source's own, as counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import rounded
from timestudy.ingest.timerules import NS_PER_MIN
from timestudy.ingest.zones import CHECKED_ZONE, UNCHECKED, localise, near_change

CODE = "duration_mismatch"
#: Rounding steps of time trackers' reports, in minutes (largest first: a step is named
#: only if every mismatched duration is a multiple of it).
STEPS = (60, 30, 15, 10, 6, 5)
#: How far (minutes) a difference may be from the clock change's hour and still be it: an
#: export's rounding to the minute (WOMBAT writes seconds: there it is the hour exactly).
HOUR_TOLERANCE = 0.5


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
    mismatched = flags.str.contains(CODE, regex=False).fillna(False).to_numpy(bool)
    if not mismatched.any():
        return None
    sub = episodes.loc[mismatched]
    clock = ((sub["end"] - sub["start"]).dt.total_seconds() / 60).to_numpy(float)
    given = sub["duration_min"].to_numpy(float)
    hour = at_clock_change(sub["start"].to_numpy("M8[ns]"), sub["end"].to_numpy("M8[ns]"),
                           given - clock)
    # across a clock change as Europe/London reads it: said by that warning (the spring
    # night's hour skipped, and any end an hour out); the autumn's repeated hour is not
    ok = np.isfinite(clock) & np.isfinite(given) & ~flags[mismatched].str.contains(
        UNCHECKED, regex=False).fillna(False).to_numpy(bool)
    changed = _changed(sub[ok & hour], given[ok & hour] - clock[ok & hour])
    clock, given = clock[ok & ~hour], given[ok & ~hour]
    if not len(given):
        return changed
    counted = float(given.sum()) if minutes_from == "duration" else float(clock.sum())
    other = float(clock.sum()) if minutes_from == "duration" else counted + float(difference)
    step = _step(given, clock) if minutes_from == "duration" else None
    if minutes_from == "duration":
        head = (f"{minutes_text(counted)} minutes counted from the durations where the clock "
                f"gives {minutes_text(other)} ({minutes_text(counted - other, True)})")
        fix = ("if the tool rounded them, count the clock with minutes_from: clock in a "
               "mapping; if the clock times are wrong, correct them")
    else:
        head = (f"{minutes_text(counted)} minutes counted from the clock where the durations "
                f"give {minutes_text(other)} ({minutes_text(other - counted, True)})")
        fix = "if the durations are right, count them with minutes_from: duration"
    rounded = (f"; every one is a whole number of {step} minutes at or above its clock time, "
               f"as a report rounding up to {step} minutes writes them" if step else "")
    n = int(len(given))
    out = {"code": CODE, "rows": n, "minutes_counted": round(counted, 4),
           "minutes_clock": round(float(clock.sum()), 4),
           "message": f"{CODE}: {n:,} " + ("rows' durations are not their clock times"
                                              if n != 1 else "row's duration is not its "
                                              "clock time") + f": {head}{rounded}: {fix}"}
    if changed:  # the rows at a clock change: said after the others, once
        out["at_clock_change"] = changed["at_clock_change"]
        out["message"] += "; and " + changed["message"].removeprefix(f"{CODE}: ")
    return out


def minutes_text(minutes: float, signed: bool = False) -> str:
    """``minutes`` to one decimal (a whole number without it), so that no figure the
    warning shows is rounded to a misleading whole minute; ``signed``: with its sign, in
    seconds under a twentieth of a minute (``+2 s``, not ``+0``), and ``equal in sum``
    where the rows' differences cancel out. Half away from zero, as every figure shown
    (:func:`timestudy._lib.rounding.rounded`).

    Examples
    --------
    >>> minutes_text(1234.0), minutes_text(30.25), minutes_text(1.3, True)
    ('1,234', '30.3', '+1.3')
    >>> minutes_text(0.2, True), minutes_text(-0.03, True), minutes_text(0.0, True)
    ('+0.2', '-2 s', 'equal in sum')
    """
    if signed and abs(minutes) * 60 < 0.5:
        return "equal in sum"
    if signed and abs(minutes) < 0.05:
        return f"{minutes * 60:+.0f} s"
    return f"{rounded(minutes, 1):{'+' if signed else ''},.1f}".removesuffix(".0")


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


def at_clock_change(start: np.ndarray, end: np.ndarray, difference: np.ndarray
                    ) -> np.ndarray:
    """Which rows (wall-clock ``start``, ``end``) overlap the hour of a clock change of
    :data:`~timestudy.ingest.zones.CHECKED_ZONE` and have a duration less their clock span
    (``difference``, minutes) of exactly the hour the clocks moved, within
    :data:`HOUR_TOLERANCE`: 60 more in autumn (the hour passed twice), 60 less in spring
    (the hour skipped).

    Examples
    --------
    00:50 to 01:20 on 25 October 2026 with 90 minutes elapsed (+60); 00:50 to 02:20 on 29
    March with 30 (-60); the same on 29 March with 150 (+60: not the spring hour); and a
    summer day's +60:

    >>> s = np.array(["2026-10-25T00:50", "2026-03-29T00:50", "2026-03-29T00:50",
    ...               "2026-07-01T00:50"], "M8[ns]")
    >>> e = s + np.array([30, 90, 90, 30], "m8[m]")
    >>> at_clock_change(s, e, np.array([60.0, -60.0, 60.0, 60.0])).tolist()
    [True, True, False, False]
    """
    out = np.zeros(len(start), bool)
    near = near_change(start, end, ~np.isnat(start) & ~np.isnat(end)
                       & (np.abs(np.abs(difference) - 60) <= HOUR_TOLERANCE))
    if near is None or not near.any():
        return out
    pos = np.flatnonzero(near)
    margin = np.timedelta64(2, "h")  # both sides of the hour that changed
    walls = (start[pos] - margin, end[pos] + margin)
    first = np.ones(len(pos), bool)
    before, after = ((w.view("i8") - localise(w, CHECKED_ZONE, first)[0]) / NS_PER_MIN
                     for w in walls)
    out[pos] = np.abs(difference[pos] - (before - after)) <= HOUR_TOLERANCE
    return out


def _changed(rows: pd.DataFrame, difference: np.ndarray) -> dict | None:
    """What the warning says of the ``rows`` (episodes) whose duration is off its clock
    span by the hour of a clock change (``difference``), or None where there are none."""
    if rows.empty:
        return None
    n = len(rows)
    days = sorted(set(rows["start"].dt.strftime("%Y-%m-%d")))
    lines = rows["source_row"].astype(int).tolist() if "source_row" in rows else []
    where = f" (source {'row' if len(lines) == 1 else 'rows'} " \
            f"{', '.join(map(str, lines[:10]))})" if lines else ""
    text = (f"{n:,} {'row' if n == 1 else 'rows'}{where} at a clock change of {CHECKED_ZONE} "
            f"({', '.join(days)}) {'differs' if n == 1 else 'differ'} from the clock by "
            "exactly the hour the clocks changed that night ("
            + ("longer: a time on the second pass of the hour passed twice" if
               (difference > 0).all() else "the hour skipped or passed twice")
            + "), not a rounding: the clock times were read as written, as no time zone is "
            f"given; set timezone: {CHECKED_ZONE} (or the IANA zone of the site) in the "
            "mapping, or --timezone, and the times are read across the change")
    return {"code": CODE, "rows": n, "minutes_counted": round(float(rows["duration_min"].sum()), 4),
            "minutes_clock": round(float((rows["duration_min"] - difference).sum()), 4),
            "at_clock_change": {"rows": n, "dates": days, "source_rows": lines[:10]},
            "message": f"{CODE}: {text}"}
