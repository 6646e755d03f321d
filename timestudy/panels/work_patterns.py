"""Working patterns that alternate by week: a 9-day fortnight, a rota of weeks.

A council writes a 9-day fortnight (every other Friday off) in the workers table's
``workdays`` as ``"Mon-Fri / Mon-Thu"``: week 1's days, then week 2's, separated by ``/``
(as many weeks as the rota has; ``off`` for a week with no contracted day). The weeks are
anchored by the workers table's ``pattern_from``: a date in a week 1 (weeks run Monday to
Sunday; the week after it is week 2, and so on, before the date as after it). Without
``pattern_from`` an alternating pattern is refused (one line naming the file, row, column
and fix): which Friday is off is the worker's, and guessing it wrong reads every day off
as missing and every day worked as extra.

A day off in the pattern is not a contracted day: left empty it is no missing day, and
work written on it is ``extra``, as on any day off. The worker's contracted days a week
are the mean over the cycle (4.5 for a 9-day fortnight): their FTE-weeks are their
contracted days used over 4.5, and their contracted day their weekly hours over 4.5
(37 / 4.5 = 8.22 hours). Their ``workday_bits`` are the days of any week of the pattern;
a holder's window (:func:`~timestudy.panels.windows.diary_windows`) runs over the days off
of the pattern's own weeks at either end of their diary (a diary that ends on the Thursday
before a Friday off runs over that Friday).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.workdays import (  # noqa: F401 (read_workers' check, from here too)
    no_anchor,
    parse_pattern,
    pattern_failures,
    pattern_from,
)


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
    given = w["workdays"].map(parse_pattern)
    cycle = given.map(lambda p: len(p) if isinstance(p, tuple) else 1,  # (NA: not given)
                      na_action=None).to_numpy(int)  # one per worker
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


def days_a_week(weeks: np.ndarray, cycle: np.ndarray) -> np.ndarray:
    """Each worker's contracted days a week: the mean over their cycle (4.5 for a 9-day
    fortnight), whole numbers as int when no worker's weeks differ.

    Parameters
    ----------
    weeks, cycle : ndarray
        :func:`week_patterns`' ``weeks`` and ``cycle``.

    Returns
    -------
    ndarray of int or float

    Examples
    --------
    >>> weeks = np.zeros((2, 2, 7), bool)
    >>> weeks[0, 0, :5] = weeks[0, 1, :4] = weeks[1, :, :3] = True
    >>> days_a_week(weeks, np.array([2, 1])).tolist()
    [4.5, 3.0]
    """
    inside = np.arange(weeks.shape[1])[None, :] < cycle[:, None]
    mean = (weeks.sum(axis=2) * inside).sum(axis=1) / cycle
    return mean.astype(int) if np.all(mean == np.round(mean)) else mean
