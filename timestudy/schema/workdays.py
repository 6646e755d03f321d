"""A ``workdays`` value of the workers table, read: one week's days, or weeks alternating.

``"Mon Tue Thu"``, ``"Mon-Fri"``, ``"0,1,3"`` are one week's days; ``"Mon-Fri / Mon-Thu"``
is a pattern of weeks (a 9-day fortnight: :mod:`timestudy.panels.work_patterns`), anchored
by ``pattern_from``. Part of the data contract: ``read_workers`` refuses a value it cannot
read (:func:`pattern_failures`) and the panels read it the same way.

Examples
--------
>>> parse_pattern("Mon-Fri / Mon-Thu")
((0, 1, 2, 3, 4), (0, 1, 2, 3))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.parse import dates
from timestudy.schema.weekdays import DAY_NAMES, DAY_NUMBERS

_DAY_NAMES = DAY_NUMBERS  # (one list of spellings: timestudy.schema.weekdays)


def parse_workdays(value) -> tuple[int, ...] | None:
    """Weekdays (Monday = 0) from ``"Mon Tue Thu"``, ``"mon,wed"``, ``"0,1,3"`` or ``"Mon-Fri"``.

    Parameters
    ----------
    value : str, list, tuple or None
        Day names or numbers separated by spaces, commas or semicolons, with
        ``-`` for a range; a list or tuple of day numbers; or a missing value
        (None, NaN, ``pd.NA``).

    Returns
    -------
    tuple of int or None
        The sorted weekday numbers, or None for a missing value.

    Raises
    ------
    ValueError
        When a part is not a weekday name or number (0 to 6), a range runs backwards
        (``"Fri-Mon"`` read nothing) or a day is named twice
        (``"Mon-Fri; Mon-Thu"``: two weeks written as one, where ``/`` separates weeks).

    Examples
    --------
    >>> parse_workdays("Mon Tue Thu"), parse_workdays("Mon-Wed"), parse_workdays("0,4")
    ((0, 1, 3), (0, 1, 2), (0, 4))
    >>> parse_workdays("Mon-Fri, Mon-Thu")
    Traceback (most recent call last):
    ...
    ValueError: workdays 'Mon-Fri, Mon-Thu': Monday is named twice in one week, so which ...
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, list | tuple):
        return tuple(sorted({int(v) for v in value}))
    days: list[int] = []
    for part in str(value).replace(",", " ").replace(";", " ").split():
        ends = part.split("-")
        try:
            idx = [int(p) if p.isdigit() else _DAY_NAMES[p.lower()] for p in ends]
        except KeyError:
            raise ValueError(f"workdays {value!r}: {part!r} is not a weekday; write days as "
                             "'Mon Tue Thu', 'Mon-Fri' or '0,1,3' (Monday = 0)") from None
        if len(idx) > 2 or idx[-1] < idx[0] or max(idx) > 6:
            raise ValueError(f"workdays {value!r}: {part!r} is not a day nor a range of days "
                             "from Monday (0) to Sunday (6); write a range first day first, "
                             "'Mon-Thu' (a week running over the weekend: 'Mon Fri-Sun')")
        days.extend(range(idx[0], idx[-1] + 1))
    twice = sorted({d for d in days if days.count(d) > 1})  # a week's days: seven at most
    if twice:
        raise ValueError(f"workdays {value!r}: {DAY_NAMES[twice[0]]} is named twice in one "
                         "week, so which days are worked is not clear (weeks that alternate "
                         "are written with '/' between them: 'Mon-Fri / Mon-Thu', with "
                         "pattern_from); name each day of a week once, e.g. 'Mon-Fri'")
    return tuple(sorted(days))


_WEEK_OFF = ("off", "none")


def parse_pattern(value) -> tuple[tuple[int, ...], ...] | None:
    """The weeks of a ``workdays`` value: ``"Mon-Fri / Mon-Thu"`` is two weeks.

    Parameters
    ----------
    value : str, list, tuple or None
        One week's days as :func:`~timestudy.panels.workdays.parse_workdays` reads them,
        or several weeks' separated by ``/`` (``off`` for a week with none).

    Returns
    -------
    tuple of tuple of int, or None
        Each week's weekday numbers (Monday = 0); one week when no ``/``; None for a
        missing value.

    Raises
    ------
    ValueError
        When a week is blank or a part is not a weekday.

    Examples
    --------
    >>> parse_pattern("Mon-Fri / Mon-Thu")
    ((0, 1, 2, 3, 4), (0, 1, 2, 3))
    >>> parse_pattern("Mon Tue"), parse_pattern("Mon-Wed / off"), parse_pattern(None)
    (((0, 1),), ((0, 1, 2), ()), None)
    """
    if isinstance(value, list | tuple):
        return (parse_workdays(value),)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    parts = str(value).split("/")
    blank = [i + 1 for i, p in enumerate(parts) if not p.strip()]
    if blank and len(parts) > 1:
        raise ValueError(f"workdays {value!r}: week {blank[0]} is blank; write each week's "
                         "days between the '/', e.g. 'Mon-Fri / Mon-Thu' (a week with no "
                         "contracted day: 'off')")
    return tuple(() if p.strip().lower() in _WEEK_OFF else parse_workdays(p) for p in parts)


def pattern_failures(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a workers table whose ``workdays`` cannot be read, or alternate by week with
    no ``pattern_from`` to say which week is week 1 (``read_workers``' check).

    Parameters
    ----------
    table : DataFrame
        The workers table as read: ``worker_id``, ``workdays`` and ``pattern_from``.

    Returns
    -------
    DataFrame
        ``position`` (in the table), ``column``, ``code`` and ``reason`` of each.

    Examples
    --------
    >>> t = pd.DataFrame({"worker_id": ["A", "B", "C"],
    ...                   "workdays": ["Mon-Fri / Mon-Thu", "Mon Funday", "Mon-Fri"]})
    >>> f = pattern_failures(t)
    >>> f["position"].tolist(), f["column"].tolist()
    ([0, 1], ['pattern_from', 'workdays'])
    >>> print(f["reason"][0][:72])
    worker 'A': workdays 'Mon-Fri / Mon-Thu' alternates by week (week 1 / we
    """
    rows: list[tuple[int, str, str, str]] = []
    if "workdays" not in table:
        return pd.DataFrame(rows, columns=["position", "column", "code", "reason"])
    start = pattern_from(table)
    ids = table["worker_id"].astype("string") if "worker_id" in table else table.index
    for i, value in enumerate(table["workdays"].to_numpy(object)):  # one per worker
        try:
            weeks = parse_pattern(value)
        except ValueError as exc:
            rows.append((i, "workdays", "workdays", f"worker {ids[i]!r}: {exc}"))
            continue
        if weeks is not None and len(weeks) > 1 and pd.isna(start.iloc[i]):
            rows.append((i, "pattern_from", "pattern_from", no_anchor(ids[i], value)))
    return pd.DataFrame(rows, columns=["position", "column", "code", "reason"])


def pattern_from(table: pd.DataFrame) -> pd.Series:
    """``pattern_from`` as dates (NaT when blank, unreadable or no column): dates as they are,
    text as the workers table's reader reads it (ISO, else day first: 09/11/2026 is 9 November).

    Examples
    --------
    >>> t = pd.DataFrame({"pattern_from": ["2026-11-09", "09/11/2026", None]})
    >>> pattern_from(t).dt.strftime("%d %b").tolist()
    ['09 Nov', '09 Nov', nan]
    """
    if "pattern_from" not in table:
        return pd.Series(pd.NaT, index=table.index, dtype="datetime64[us]")
    values = table["pattern_from"]
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize()
    return pd.Series(dates(values.astype("string")), index=table.index)


def no_anchor(worker, value) -> str:
    return (f"worker {worker!r}: workdays {value!r} alternates by week (week 1 / week 2) but "
            "pattern_from is blank (or not a date), so which week is week 1 is not known; "
            "give pattern_from, a date in a week the worker works week 1's days (e.g. the "
            "Monday of a week they work Friday), or write one week's workdays")
