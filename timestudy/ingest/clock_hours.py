"""A duration column in hours beside clock times: the clock says which unit it is in.

A Toggl report with a decimal ``Duration`` (``1.50`` beside 09:00 to 10:30), or a
workbook's ``=(End-Start)*24`` column saved with its values, holds hours; read as minutes
(the default for a plain number) every entry is a sixtieth of its length (4.25 minutes
for 255). Where a row has both its own duration and clock times the two are compared
anyway (``duration_mismatch``, :meth:`~timestudy.ingest.timerules.Ruled.counted`), so the
rule is taken there, one rule for every layout:

* only when the mapping gives no ``duration_unit`` (a unit given is read as given);
* of the rows with a duration above 0 and clock times of their own (not an end made from
  the duration), at least 90% (:data:`NEARLY`), and at least three (:data:`AT_LEAST`; fewer
  only where the file has fewer rows with a duration, every one of them fitting), have the
  duration x 60 within ``mismatch_tolerance_seconds`` of end - start, and more rows fit
  hours so than fit minutes;
* and those rows with clock times of their own are at least half (:data:`CLOCKED`) of all
  the rows with a duration above 0: one row's clock does not say the unit of a column
  whose other rows have no end (one_end.csv: five rows of 30 to 90 minutes with no end,
  and ``1`` beside 19:00-20:00, is a diary in minutes);
* then every plain number of the column (``1.5``, a number cell; not ``1:30`` or
  ``01:30:00``, which are read as written) is read as hours: x 60, except on a row whose
  own clock fits its value as minutes (``30`` beside 15:00-15:30 among hours is 30
  minutes, not 1,800): that row is left as read, and the warning names it. A row whose
  end was made from its duration gets the end that many hours after its start. The rows
  read as hours are flagged ``duration_read_as_hours`` and the report says so in one
  warning (:func:`hours_warning`: rows, minutes before and after, the rows fitting by
  their own clock out of those with one, and the rows left as minutes).

Otherwise nothing changes: a diary in minutes never fits hours by its clock (a 45-minute
entry would need 45 hours between its times), and a column that fits neither is left as
read, its rows flagged ``duration_mismatch``. The warning ``duration_looks_like_hours``
(:mod:`timestudy.ingest.units`), which judges accepted episodes, still speaks where the
evidence is the next entry's start rather than the row's own end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema import parse

CODE = "duration_read_as_hours"
#: The share of the rows with both a duration and clock times that must fit hours.
NEARLY = 0.9
#: The fewest rows fitting hours by their own clock (fewer: every row with a duration).
AT_LEAST = 3
#: The share of the rows with a duration that must have clock times of their own.
CLOCKED = 0.5
#: Key of each row's verdict in the flags (not a flag of the episodes: ``flag_episodes``
#: writes only its codes): 0 no own clock, 1 fits hours, 2 fits minutes (left as read),
#: 3 neither.
BY_CLOCK = "duration_unit_by_clock"

_NS_PER_MIN = 60_000_000_000
_NS_PER_DAY = 86_400_000_000_000

__all__ = ["AT_LEAST", "BY_CLOCK", "CLOCKED", "CODE", "NEARLY", "hours_by_clock",
           "hours_warning", "plain_numbers", "reread", "unit_by_clock"]


#: An entry is at most a day: a plain number above this, on a row with no clock of its own,
#: is read as minutes even in a column of hours.
MAX_HOURS = 24.0


def reread(ruled, end_at: np.ndarray, clock: np.ndarray, given: np.ndarray) -> bool:
    """Read the plain numbers of a duration column as hours when the clock says so
    (:func:`hours_by_clock`); True if it did.

    ``ruled`` (a :class:`~timestudy.ingest.timerules.Ruled`) has its ``source`` minutes
    multiplied by 60 where :attr:`plain`, but not where the row's own clock fits the value
    as minutes; those rows flagged :data:`CODE`, each row's verdict kept in
    ``ruled.flags[BY_CLOCK]`` (:func:`unit_by_clock`). A valid row whose end was made from
    its duration has that end (``ruled.end`` and its instant in ``end_at``) and its
    ``clock`` minutes moved to match, and ``crossed_midnight`` judged again. ``given``: the
    rows with a duration of their own beside clock times.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> start = np.array(["2026-03-10T09:00", "2026-03-10T11:00", "2026-03-10T13:00",
    ...                   "2026-03-10T16:00"], "M8[ns]")
    >>> end = start + np.array([90, 60, 120, 0], "m8[m]")
    >>> end[3] += np.timedelta64(45, "s")
    >>> r = SimpleNamespace(source=np.array([1.5, 1, 2, 0.75]), valid=np.ones(4, bool),
    ...     tolerance=1.0, from_duration=np.array([0, 0, 0, 1], bool), start=start,
    ...     end=end, plain=lambda: np.ones(4, bool), flags={"crossed_midnight": np.zeros(4, bool)})
    >>> clock = np.array([90.0, 60, 120, 0.75])
    >>> reread(r, end.view("i8"), clock, ~r.from_duration)
    True
    >>> r.source.tolist(), clock.tolist(), str(r.end[3])[11:16], r.flags[CODE].tolist()
    ([90.0, 60.0, 120.0, 45.0], [90.0, 60.0, 120.0, 45.0], '16:45', [True, True, True, True])
    """
    verdict = unit_by_clock(ruled.source, clock, given & ruled.valid, ruled.tolerance)
    if _enough(verdict, ruled.source) is None:
        return False
    # a row with no clock of its own whose value is over a day's hours is minutes (review24c)
    rows = ruled.plain() & ~np.isnan(ruled.source) & (verdict != 2) & (
        given | (ruled.source <= MAX_HOURS))
    was = ruled.source
    ruled.source = np.where(rows, was * 60, was)
    ruled.flags[CODE] = rows
    ruled.flags[BY_CLOCK] = verdict
    built = rows & ruled.from_duration & ruled.valid
    if built.any():  # an end made from the duration: the duration's hours after the start
        step = np.round((ruled.source[built] - was[built]) * _NS_PER_MIN).astype("i8")
        if not np.shares_memory(end_at, ruled.end):
            end_at[built] += step
        ruled.end[built] += step.astype("m8[ns]")
        clock[built] += ruled.source[built] - was[built]
        day = ruled.start[built].view("i8") // _NS_PER_DAY
        ruled.flags["crossed_midnight"][built] = (
            ruled.end[built].view("i8") > (day + 1) * _NS_PER_DAY)
    return True


def unit_by_clock(source: np.ndarray, clock: np.ndarray, given: np.ndarray,
                  tolerance: float) -> np.ndarray:
    """Each row's unit by its own clock: 0 no clock of its own (or no duration above 0), 1
    its duration fits hours, 2 it fits minutes (also where it fits both), 3 neither.

    Examples
    --------
    >>> unit_by_clock(np.array([1.0, 30, 2, 5]), np.array([60.0, 30, 60, np.nan]),
    ...               np.ones(4, bool), 1.0).tolist()
    [1, 2, 3, 0]
    """
    both = given & ~np.isnan(clock) & (np.nan_to_num(source) > 0)
    said, span = np.where(both, source, 0.0), np.where(both, clock, 0.0)
    hours = np.abs(span - said * 60) <= tolerance
    minutes = np.abs(span - said) <= tolerance
    verdict = np.where(minutes, 2, np.where(hours, 1, 3)).astype(np.int8)
    verdict[~both] = 0
    return verdict


def hours_by_clock(source: np.ndarray, clock: np.ndarray, given: np.ndarray,
                   tolerance: float) -> tuple[int, int] | None:
    """Whether the durations ``source`` (minutes as read) are hours by the ``clock``
    minutes: ``(rows that fit hours, rows checked)``, or None when they are not.

    ``given`` marks the rows whose duration is their own beside clock times of their own;
    ``tolerance`` is in minutes. The rows checked must be at least :data:`CLOCKED` of the
    rows with a duration above 0, and those fitting hours at least :data:`AT_LEAST` (or
    every row with a duration, where the file has fewer).

    Examples
    --------
    The audit's toggl_decimal.csv: 1.50, 0.75 and 2.00 beside 90, 45 and 120 minutes on
    the clock; each x 60 is the clock's length, none is as minutes.

    >>> src, clock = np.array([1.5, 0.75, 2.0]), np.array([90.0, 45.0, 120.0])
    >>> hours_by_clock(src, clock, np.ones(3, bool), 1.0)
    (3, 3)

    A diary in minutes (45 beside 45) fits minutes, never hours:

    >>> hours_by_clock(np.array([45.0, 30.0]), np.array([45.0, 30.0]), np.ones(2, bool), 1.0)

    One row in three fitting hours is not nearly every row:

    >>> hours_by_clock(src, np.array([90.0, 10.0, 120.0]) * [1, 1, 0.5], np.ones(3, bool), 1.0)

    Nor is one row with an end among six (one_end.csv: 1 beside 60 minutes, five rows
    of minutes with no end):

    >>> src = np.array([30.0, 45, 60, 90, 20, 1])
    >>> hours_by_clock(src, np.array([30.0, 45, 60, 90, 20, 60]), src == 1, 1.0)
    """
    return _enough(unit_by_clock(source, clock, given, tolerance), source)


def _enough(verdict: np.ndarray, source: np.ndarray) -> tuple[int, int] | None:
    """``(rows fitting hours, rows checked)`` if the rows' verdicts (:func:`unit_by_clock`)
    say the column of ``source`` is hours, else None."""
    n = int(np.count_nonzero(verdict))
    if not n:
        return None
    n_hours = int(np.count_nonzero(verdict == 1))
    n_minutes = int(np.count_nonzero(verdict == 2))
    n_dur = int(np.count_nonzero(np.nan_to_num(source) > 0))
    if (n_hours < min(AT_LEAST, n_dur) or n < CLOCKED * n_dur or n_hours < NEARLY * n
            or n_hours <= n_minutes):
        return None
    return n_hours, n


def plain_numbers(column: pd.Series, missing=None) -> np.ndarray:
    """Which cells of a duration column are plain numbers (``1.5``, ``2``, ``0,75``, a
    number cell), which a unit multiplies; not ``1:30``, ``01:30:00`` nor ``1h 30m``,
    which are read as written.

    Examples
    --------
    >>> plain_numbers(pd.Series(["1.50", "01:30:00", "0,75", None, "1h"])).tolist()
    [True, False, True, False, False]
    >>> plain_numbers(pd.Series([1.5, np.nan])).tolist()
    [True, False]
    """
    if column.dtype.kind in "iuf":
        return ~np.isnan(column.to_numpy(float))
    text = column.astype("string").str.strip()
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    plain = ~np.isnan(parse.numbers(pd.Series(np.asarray(uniques, dtype=object),
                                              dtype="string")))
    return np.append(plain, False)[codes]


def hours_warning(minutes: np.ndarray, flags: dict, label: str,
                  source_rows: np.ndarray) -> dict | None:
    """The report's warning on the rows whose duration was read as hours (``flags[CODE]``,
    ``duration_read_as_hours``; None: none): ``minutes`` are the rows' minutes now (hours x
    60), ``flags[BY_CLOCK]`` each row's unit by its own clock (:func:`unit_by_clock`),
    ``source_rows`` each row's line in the file. It counts the rows fitting hours among
    those with clock times of their own, and names the rows left as minutes.

    Examples
    --------
    >>> flags = {CODE: np.array([1, 1, 1, 0], bool), BY_CLOCK: np.array([1, 1, 0, 2])}
    >>> w = hours_warning(np.array([90.0, 45.0, 120.0, 30.0]), flags, "Duration",
    ...                   np.array([2, 3, 4, 5]))
    >>> w["rows"], w["minutes_before"], w["minutes_after"], w["rows_left_as_minutes"]
    (3, 4.25, 255.0, 1)
    >>> print(w["message"])  # doctest: +ELLIPSIS
    duration_read_as_hours: 'Duration' holds hours: on 2 of its 3 rows with a start and end of their own, ... 3 plain numbers of it are read as hours: 4.25 min as minutes, 255 min as hours (source row 2: 1.5 = 90 min); 1 row whose own start and end fit its value as minutes is left as read (source row 5: 30 = 30 min); ...
    """
    rows = flags.get(CODE)
    n = 0 if rows is None else int(np.count_nonzero(rows))
    if not n:
        return None
    verdict = flags.get(BY_CLOCK, np.zeros(len(rows), np.int8))
    after = float(np.nansum(minutes[rows]))
    before = after / 60
    first = int(np.flatnonzero(rows)[0])
    kept = np.flatnonzero(verdict == 2)
    left = "" if not len(kept) else (
        f"; {len(kept)} row{'s' if len(kept) > 1 else ''} whose own start and end fit "
        f"{'their values' if len(kept) > 1 else 'its value'} as minutes "
        f"{'are' if len(kept) > 1 else 'is'} left as read (source row "
        f"{int(source_rows[kept[0]])}: {minutes[kept[0]]:g} = {minutes[kept[0]]:g} min)")
    message = (
        f"{CODE}: {label!r} holds hours: on {int(np.count_nonzero(verdict == 1))} of its "
        f"{int(np.count_nonzero(verdict))} rows with a start and end of their own, the "
        "duration as hours is the length between them (as minutes it is not), so "
        f"{n} plain number{'s' if n > 1 else ''} of it {'are' if n > 1 else 'is'} read as "
        f"hours: {round(before, 2):,g} min as minutes, {round(after, 2):,g} min as hours "
        f"(source row {int(source_rows[first])}: {minutes[first] / 60:g} = "
        f"{minutes[first]:g} min){left}; the rows read as hours are flagged {CODE}; "
        "if the column really is minutes, set duration_unit: minutes in the mapping")
    return {"code": CODE, "message": message, "rows": n, "minutes_before": round(before, 4),
            "minutes_after": round(after, 4), "rows_left_as_minutes": len(kept)}
