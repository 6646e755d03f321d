"""A duration column in hours beside clock times: the clock says which unit it is in.

A Toggl report with a decimal ``Duration`` (``1.50`` beside 09:00 to 10:30), or a
workbook's ``=(End-Start)*24`` column saved with its values, holds hours; read as minutes
(the default for a plain number) every entry is a sixtieth of its length (4.25 minutes
for 255). Where a row has both its own duration and clock times the two are compared
anyway (``duration_mismatch``, :meth:`~timestudy.ingest.timerules.Ruled.counted`), so the
rule is taken there, one rule for every layout:

* only when the mapping gives no ``duration_unit`` (a unit given is read as given);
* of the rows with a duration above 0 and clock times of their own (not an end made from
  the duration), at least 90% (:data:`NEARLY`), and at least two (or the only one), have
  the duration x 60 within ``mismatch_tolerance_seconds`` of end - start, and more rows
  fit hours so than fit minutes;
* then every plain number of the column (``1.5``, a number cell; not ``1:30`` or
  ``01:30:00``, which are read as written) is read as hours: x 60. A row whose end was made
  from its duration gets the end that many hours after its start. The rows are flagged
  ``duration_read_as_hours`` and the report says so in one warning (:func:`hours_warning`:
  rows, minutes before and after).

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

_NS_PER_MIN = 60_000_000_000
_NS_PER_DAY = 86_400_000_000_000

__all__ = ["CODE", "NEARLY", "hours_by_clock", "hours_warning", "plain_numbers", "reread"]


def reread(ruled, end_at: np.ndarray, clock: np.ndarray, given: np.ndarray) -> bool:
    """Read the plain numbers of a duration column as hours when the clock says so
    (:func:`hours_by_clock`); True if it did.

    ``ruled`` (a :class:`~timestudy.ingest.timerules.Ruled`) has its ``source`` minutes
    multiplied by 60 where :attr:`plain`, those rows flagged :data:`CODE`; a valid row
    whose end was made from its duration has that end (``ruled.end`` and its instant in
    ``end_at``) and its ``clock`` minutes moved to match, and ``crossed_midnight`` judged
    again. ``given``: the rows with a duration of their own beside clock times.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> start = np.array(["2026-03-10T09:00", "2026-03-10T11:00"], "M8[ns]")
    >>> end = np.array(["2026-03-10T10:30", "2026-03-10T11:00:45"], "M8[ns]")
    >>> r = SimpleNamespace(source=np.array([1.5, 0.75]), valid=np.ones(2, bool),
    ...     tolerance=1.0, from_duration=np.array([False, True]), start=start, end=end,
    ...     plain=lambda: np.ones(2, bool), flags={"crossed_midnight": np.zeros(2, bool)})
    >>> clock = np.array([90.0, 0.75])
    >>> reread(r, end.view("i8"), clock, np.array([True, False]))
    True
    >>> r.source.tolist(), clock.tolist(), str(r.end[1])[11:16], r.flags[CODE].tolist()
    ([90.0, 45.0], [90.0, 45.0], '11:45', [True, True])
    """
    if hours_by_clock(ruled.source, clock, given & ruled.valid, ruled.tolerance) is None:
        return False
    rows = ruled.plain() & ~np.isnan(ruled.source)
    was = ruled.source
    ruled.source = np.where(rows, was * 60, was)
    ruled.flags[CODE] = rows
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


def hours_by_clock(source: np.ndarray, clock: np.ndarray, given: np.ndarray,
                   tolerance: float) -> tuple[int, int] | None:
    """Whether the durations ``source`` (minutes as read) are hours by the ``clock``
    minutes: ``(rows that fit hours, rows checked)``, or None when they are not.

    ``given`` marks the rows whose duration is their own beside clock times of their own;
    ``tolerance`` is in minutes.

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
    """
    both = given & ~np.isnan(clock) & (np.nan_to_num(source) > 0)
    n = int(np.count_nonzero(both))
    if not n:
        return None
    said, span = source[both], clock[both]
    n_hours = int(np.count_nonzero(np.abs(span - said * 60) <= tolerance))
    n_minutes = int(np.count_nonzero(np.abs(span - said) <= tolerance))
    if n_hours < min(2, n) or n_hours < NEARLY * n or n_hours <= n_minutes:
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


def hours_warning(minutes: np.ndarray, rows: np.ndarray, fits: np.ndarray, label: str,
                  source_rows: np.ndarray) -> dict | None:
    """The report's warning on the rows ``rows`` whose duration was read as hours (flag
    ``duration_read_as_hours``): ``minutes`` are the rows' minutes now (hours x 60),
    ``fits`` the rows whose clock agrees, ``source_rows`` each row's line in the file.

    Examples
    --------
    >>> w = hours_warning(np.array([90.0, 45.0, 120.0]), np.ones(3, bool), np.ones(3, bool),
    ...                   "Duration", np.array([2, 3, 4]))
    >>> w["rows"], w["minutes_before"], w["minutes_after"]
    (3, 4.25, 255.0)
    >>> print(w["message"])  # doctest: +ELLIPSIS
    duration_read_as_hours: 'Duration' holds hours: on 3 of its 3 rows, ... 4.25 min as minutes, 255 min as hours (source row 2: 1.5 = 90 min); ...
    """
    n = int(np.count_nonzero(rows))
    if not n:
        return None
    after = float(np.nansum(minutes[rows]))
    before = after / 60
    first = int(np.flatnonzero(rows)[0])
    n_fit = int(np.count_nonzero(fits & rows))
    message = (
        f"{CODE}: {label!r} holds hours: on {n_fit} of its {n} rows, the duration as "
        f"hours is the length between the row's start and end (as minutes it is not), so "
        f"every plain number of it is read as hours: {round(before, 2):,g} min as minutes, "
        f"{round(after, 2):,g} min as hours (source row {int(source_rows[first])}: "
        f"{minutes[first] / 60:g} = {minutes[first]:g} min); the rows are flagged {CODE}; "
        "if the column really is minutes, set duration_unit: minutes in the mapping")
    return {"code": CODE, "message": message, "rows": n, "minutes_before": round(before, 4),
            "minutes_after": round(after, 4)}
