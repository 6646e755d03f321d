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

import re

import numpy as np
import pandas as pd

from timestudy.schema.parse import dates
from timestudy.schema.weekdays import DAY_NAMES, DAY_NUMBERS

_DAY_NAMES = DAY_NUMBERS  # (one list of spellings: timestudy.schema.weekdays)
#: A range written with spaces, a dash other than a hyphen, or "to": "Mon - Thu", "Mon–Thu".
_RANGE = re.compile(r"\s*(?:[-\u2010-\u2015\u2212]|\bto\b)\s*", re.IGNORECASE)
#: A count of days, not which: "4", "4 days", "4.5", "9-day fortnight".
_COUNT = re.compile(r"\d+(?:\.\d*)?(?:\s*-?\s*days?\b.*)?", re.IGNORECASE)
#: Weeks labelled "Week 1: Mon-Fri; Week 2: Mon-Thu".
_WEEK_LABEL = re.compile(r"[;,]?\s*\bweek\s*(\d+)\s*[:=-]\s*", re.IGNORECASE)
#: The fix named when a value is not read.
_HOW = ("write days as 'Mon Tue Thu', 'Mon-Fri' or '0,1,3' (Monday = 0); weeks that "
        "alternate (a 9-day fortnight) as 'Mon-Fri / Mon-Thu', with pattern_from")


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
        (``"Fri-Mon"`` read nothing), a day is named twice
        (``"Mon-Fri; Mon-Thu"``: two weeks written as one, where ``/`` separates weeks), or
        the value is a count of days (``"4"``, ``4``, ``"4 days"``: which four?).

    Examples
    --------
    >>> parse_workdays("Mon Tue Thu"), parse_workdays("Mon-Wed"), parse_workdays("0,4")
    ((0, 1, 3), (0, 1, 2), (0, 4))
    >>> parse_workdays("Mon - Thu"), parse_workdays("Mon\u2013Thu"), parse_workdays("Mon to Thu")
    ((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2, 3))
    >>> parse_workdays("4")
    Traceback (most recent call last):
    ...
    ValueError: workdays '4' is a number of days, not which days (as a day number, Friday, ...
    >>> parse_workdays("Mon-Fri, Mon-Thu")
    Traceback (most recent call last):
    ...
    ValueError: workdays 'Mon-Fri, Mon-Thu': Monday is named twice in one week, so which ...
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, list | tuple):
        return tuple(sorted({int(v) for v in value}))
    if isinstance(value, int | float | np.number) or _COUNT.fullmatch(str(value).strip()):
        raise ValueError(_count_of_days(value))
    days: list[int] = []
    text = _RANGE.sub("-", str(value).strip())  # "Mon - Thu", "Mon–Thu", "Mon to Thu"
    for part in text.replace(",", " ").replace(";", " ").split():
        ends = part.split("-")
        try:
            idx = [int(p) if p.isdigit() else _DAY_NAMES[p.lower()] for p in ends]
        except KeyError:
            raise ValueError(f"workdays {value!r}: {part!r} is not a weekday; {_HOW}") from None
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


def _count_of_days(value) -> str:
    """The refusal of a ``workdays`` value that counts days rather than naming them."""
    text = str(value).strip()
    whole = text.isdigit() or (isinstance(value, float) and value.is_integer())
    n = int(float(text)) if whole else 7
    day = f" (as a day number, {DAY_NAMES[n]}, Monday = 0)" if n < 7 else ""
    return (f"workdays {value!r} is a number of days, not which days{day}: write the days "
            "by name, e.g. 'Mon-Thu' for four (one day alone by name, 'Fri'); weeks that "
            "alternate (a 9-day fortnight) as 'Mon-Fri / Mon-Thu', with pattern_from")


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
        When a week is blank, a part is not a weekday, or every week is one day
        (``"Mon/Tue/Wed"``: one week's days written with ``/``?).

    Examples
    --------
    >>> parse_pattern("Mon-Fri / Mon-Thu")
    ((0, 1, 2, 3, 4), (0, 1, 2, 3))
    >>> parse_pattern("Week 1: Mon-Fri; Week 2: Mon-Thu")  # weeks labelled, in order
    ((0, 1, 2, 3, 4), (0, 1, 2, 3))
    >>> parse_pattern("Mon Tue"), parse_pattern("Mon-Wed / off"), parse_pattern(None)
    (((0, 1),), ((0, 1, 2), ()), None)
    """
    if isinstance(value, list | tuple):
        return (parse_workdays(value),)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    parts = _labelled_weeks(value) or str(value).split("/")
    blank = [i + 1 for i, p in enumerate(parts) if not p.strip()]
    if blank and len(parts) > 1:
        raise ValueError(f"workdays {value!r}: week {blank[0]} is blank; write each week's "
                         "days between the '/', e.g. 'Mon-Fri / Mon-Thu' (a week with no "
                         "contracted day: 'off')")
    weeks = tuple(() if p.strip().lower() in _WEEK_OFF else parse_workdays(p) for p in parts)
    if len(weeks) > 1 and all(len(w) == 1 for w in weeks):
        raise ValueError(f"workdays {value!r} reads as {len(weeks)} weeks that alternate, of "
                         "one day each ('/' separates weeks): if these are the days of one "
                         "week, write them with spaces or commas, e.g. 'Mon Tue Wed'")
    return weeks


def _labelled_weeks(value) -> list[str] | None:
    """The weeks of ``"Week 1: Mon-Fri; Week 2: Mon-Thu"`` (numbered 1, 2, ... in order),
    or None when the value labels no week."""
    text = str(value)
    found = list(_WEEK_LABEL.finditer(text))
    if not found:
        return None
    numbers = [int(m.group(1)) for m in found]
    if found[0].start() != 0 or numbers != list(range(1, len(found) + 1)):
        raise ValueError(f"workdays {value!r}: weeks labelled 'Week 1:', 'Week 2:' ... must "
                         "start the value and run in order; or write the weeks' days with '/' "
                         "between them, 'Mon-Fri / Mon-Thu' (week 1 first), with pattern_from")
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [text[m.end():e] for m, e in zip(found, ends, strict=True)]


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


#: Contracted hours over declared workdays above this are not a working day: one of the
#: workers table's fte, contracted_hours or workdays is wrong (37 h over 3 days: 12.3 h).
LONGEST_CONTRACT_DAY = 11.0


def long_contract_days(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a workers table whose ``contracted_hours`` over their declared ``workdays``
    (the mean days a week of a pattern) make a day over :data:`LONGEST_CONTRACT_DAY` hours
    (``read_workers``' note: read, and warned of). A day's fit to the diary is judged later
    (:func:`~timestudy.panels.contract_fit.day_length_misfit`).

    Examples
    --------
    >>> t = pd.DataFrame({"fte": [1.0, 0.6], "contracted_hours": [37.0, 22.2],
    ...                   "workdays": ["Mon Tue Wed", "Mon-Fri"]})
    >>> noted = long_contract_days(t)
    >>> noted["position"].tolist(), noted["reason"][0][:60]
    ([0], 'contracted_hours 37 over 3 workdays (Mon Tue Wed) is 12.33 h')
    """
    if "workdays" not in table or "contracted_hours" not in table:
        return pd.DataFrame({"position": np.zeros(0, np.int64), "reason": []})
    given = table["workdays"].astype(object).where(table["workdays"].notna(), None)
    days = np.array([_mean_days(v) for v in given.to_numpy(object)])  # one per worker
    hours = table["contracted_hours"].astype(float).to_numpy()
    day = np.divide(hours, days, out=np.full(len(days), np.nan), where=days > 0)
    off = np.flatnonzero(day > LONGEST_CONTRACT_DAY)
    return pd.DataFrame({"position": off, "reason": [
        f"contracted_hours {hours[i]:g} over {days[i]:g} workdays ({given.iat[i]}) is "
        f"{day[i]:.2f} h a day, over {LONGEST_CONTRACT_DAY:g}: if the fte and hours are "
        "out of date (fewer hours), correct them; if the workdays are (more days), "
        "correct those" for i in off]})


def _mean_days(value) -> float:
    """Days a week of a ``workdays`` value (the mean over a pattern's weeks; NaN when blank
    or unreadable, which ``pattern_failures`` reports)."""
    try:
        weeks = parse_pattern(value)
    except ValueError:
        return float("nan")
    return float("nan") if not weeks else sum(map(len, weeks)) / len(weeks)


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


def declared_weekdays(workers: pd.DataFrame | None, ids: pd.Index
                      ) -> tuple[np.ndarray, np.ndarray]:
    """The weekdays the workers table's ``workdays`` declares for each worker (of a pattern
    alternating by week, the days of any of its weeks: :func:`week_patterns` tells them week
    by week), and whether it declares any.

    Parameters
    ----------
    workers : DataFrame or None
        Workers table: ``worker_id`` and ``workdays``.
    ids : Index
        Worker ids, in the rows' order.

    Returns
    -------
    days : ndarray of bool
        Worker x 7 (all False where none is declared).
    declared : ndarray of bool
        Per worker.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["P", "F"], "workdays": ["Mon-Wed", None]})
    >>> days, declared = declared_weekdays(w, pd.Index(["P", "F", "X"]))
    >>> days.sum(axis=1).tolist(), declared.tolist()
    ([3, 0, 0], [True, False, False])
    """
    days = np.zeros((len(ids), 7), dtype=bool)
    if workers is None or "workdays" not in workers:
        return days, np.zeros(len(ids), bool)
    w = workers.assign(worker_id=workers["worker_id"].astype("string")).drop_duplicates(
        "worker_id").set_index("worker_id")
    given = w["workdays"].reindex(ids).map(parse_pattern)
    declared = given.notna().to_numpy()
    for i in np.flatnonzero(declared):  # one per worker, not per day
        days[i] = np.isin(np.arange(7), [d for week in given.iat[i] for d in week])
    return days, declared


def week_patterns(workers: pd.DataFrame | None, ids: pd.Index, mask: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each worker's contracted weekdays week by week: ``mask`` (worker x 7, every week the
    same) where no pattern alternates, the weeks of ``workdays`` where one does.

    Parameters
    ----------
    workers : DataFrame or None
        Workers table: ``workdays`` and ``pattern_from``.
    ids : Index
        Worker ids, in the rows' order.
    mask : ndarray of bool
        Worker x 7: each worker's contracted weekdays (the days of any week of a pattern).

    Returns
    -------
    weeks : ndarray of bool
        Worker x week of the cycle x 7.
    cycle : ndarray of int
        Weeks in each worker's cycle (1: the same every week).
    anchor : ndarray of int64
        Day number (days since 1970) of the Monday of a week 1 (0 where ``cycle`` is 1).

    Raises
    ------
    ValueError
        When a pattern alternates and the worker has no ``pattern_from``.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["F"], "workdays": ["Mon-Fri / Mon-Thu"],
    ...                   "pattern_from": ["2026-11-04"]})
    >>> weeks, cycle, anchor = week_patterns(w, pd.Index(["F"]), np.ones((1, 7), bool))
    >>> weeks.sum(axis=2).tolist(), cycle.tolist(), str(np.datetime64(int(anchor[0]), "D"))
    ([[5, 4]], [2], '2026-11-02')
    """
    n = len(ids)
    cycle, anchor = np.ones(n, int), np.zeros(n, np.int64)
    if workers is None or "workdays" not in workers:
        return mask[:, None, :], cycle, anchor
    w = workers.assign(worker_id=workers["worker_id"].astype("string")).drop_duplicates(
        "worker_id").set_index("worker_id").reindex(ids)
    given = pd.Series([parse_pattern(v) for v in w["workdays"].to_numpy(object)],
                      index=w.index, dtype=object)  # one per worker: tuples, None if blank
    cycle = np.array([1 if p is None else len(p) for p in given], int)
    weeks = np.repeat(mask[:, None, :], cycle.max(initial=1), axis=1)
    for i in np.flatnonzero(cycle > 1):  # the workers with a pattern, not their days
        for k, days in enumerate(given.iat[i]):
            weeks[i, k] = np.isin(np.arange(7), days)
    start = pattern_from(w)
    blank = np.flatnonzero((cycle > 1) & start.isna().to_numpy())
    if len(blank):
        first = blank[0]
        raise ValueError(f"the workers table: {no_anchor(ids[first], w['workdays'].iat[first])}")
    day = start.to_numpy().astype("datetime64[D]").astype(np.int64)
    anchor = np.where(cycle > 1, day - (day + 3) % 7, 0)  # 1970-01-01 was a Thursday
    return weeks, cycle, anchor


def contracted_on(weeks: np.ndarray, cycle: np.ndarray, anchor: np.ndarray,
                  who: np.ndarray, dates: pd.Series | np.ndarray) -> np.ndarray:
    """Whether each worker-day (``who``: the worker's row, ``dates``) is a contracted day of
    the week of the worker's cycle it falls in (:func:`week_patterns`).

    Parameters
    ----------
    weeks, cycle, anchor : ndarray
        :func:`week_patterns`' output.
    who : ndarray of int
        Each worker-day's worker row.
    dates : Series or ndarray
        Each worker-day's date.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["F"], "workdays": ["Mon-Fri / Mon-Thu"],
    ...                   "pattern_from": ["2026-11-02"]})
    >>> p = week_patterns(w, pd.Index(["F"]), np.ones((1, 7), bool))
    >>> fridays = pd.Series(pd.to_datetime(["2026-10-30", "2026-11-06", "2026-11-13"]))
    >>> contracted_on(*p, np.zeros(3, int), fridays).tolist()  # week 2, 1, 2
    [False, True, False]
    """
    day = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    dow = (day + 3) % 7
    k = ((day - dow - anchor[who]) // 7) % cycle[who]
    return weeks[who, k, dow]
