"""A worker's contracted days: which weekdays, how many a week, their usual day, and
which days of a diary they were due at work (:func:`due_days`).

One rule for the guide's panels (:func:`timestudy.panels.diary_completeness`) and for
ingest's quality page (:mod:`timestudy.ingest.quality`), which sits below the panels: a
worker's contracted days are their declared ``workdays`` (weeks that alternate read week
by week: :func:`~timestudy.schema.workdays.week_patterns`), else Monday to Friday at full
time and, part time, the ``round(5 x fte)`` weekdays they most often wrote on; a bank
holiday is a day off, a day at work only when at least ``partial_below`` of the worker's
usual day (:func:`usual_day`) was worked on it. Those days, and the bank holidays not so
worked, decide what is in hours (:func:`~timestudy.schema.clock.working_days`).

Examples
--------
>>> w = pd.DataFrame({"worker_id": ["P"], "fte": [0.6], "workdays": [None]})
>>> mask, assumed = contracted_weekdays(w, pd.Index(["P"]), pd.DataFrame(), (0, 1, 2, 3, 4))
>>> int(mask.sum()), assumed.tolist()
(3, [True])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.schema.holidays import DEFAULT_BANK_HOLIDAYS, holiday_days
from timestudy.schema.workdays import contracted_on, declared_weekdays, week_patterns

#: The shipped taxonomy's task types that are an absence (leave, sickness) and time off in
#: lieu (a contracted day used with no work, not an absence): the defaults of the panels
#: (:mod:`timestudy.panels.episodes`) and of ingest's quality page.
ABSENCE_TASKS = ("leave", "sickness")
TOIL_TASKS = ("toil",)
#: Typical days of a weekday needed to judge it against its own median (:func:`usual_day`).
USUAL_WEEKDAY_DAYS = 3


def contracted_weekdays(
    workers: pd.DataFrame | None, ids: pd.Index, counts: pd.DataFrame, default: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean (worker x 7) matrix of contracted weekdays (``diary_completeness``'s notes),
    and per worker whether they were assumed (no ``workdays`` given for them).

    ``workers``' ``workdays`` where given (of a pattern alternating by week, the days of any
    of its weeks: :mod:`~timestudy.panels.work_patterns` tells them week by week); else
    ``default`` at full time, and for a part-time worker the ``round(5 x fte)`` weekdays
    of ``default`` with the most days recorded (``counts``: worker x weekday), earlier
    weekdays winning ties.
    """
    mask = np.zeros((len(ids), 7), dtype=bool)
    mask[:, list(default)] = True
    if workers is None:
        return mask, np.ones(len(ids), bool)
    w = (
        workers.assign(worker_id=workers["worker_id"].astype("string"))
        .drop_duplicates("worker_id")
        .set_index("worker_id")
    )
    fte = w["fte"].reindex(ids).astype(float).to_numpy() if "fte" in w else np.ones(len(ids))
    k = np.clip(np.round(5 * np.nan_to_num(fte, nan=1.0) + 0.01), 1, len(default)).astype(int)
    c = counts.reindex(index=ids, columns=list(default), fill_value=0).to_numpy(float)
    order = np.argsort(-c, axis=1, kind="stable")
    pick = np.arange(c.shape[1])[None, :] < k[:, None]
    part = np.zeros_like(mask)
    rows = np.repeat(np.arange(len(ids)), c.shape[1])
    part[rows, np.asarray(default)[order].ravel()] = pick.ravel()
    mask = np.where((k < len(default))[:, None], part, mask)
    days, declared = declared_weekdays(workers, ids)  # of a pattern of weeks, any week's
    return np.where(declared[:, None], days, mask), ~declared


def usual_day(
    worker: np.ndarray,
    weekday: np.ndarray,
    hours: np.ndarray,
    typical: np.ndarray,
    contract_day: np.ndarray | None = None,
    min_days: int = USUAL_WEEKDAY_DAYS,
    half: float = 0.5,
) -> np.ndarray:
    """Each worker-day's usual hours: the median of the worker's typical days on that weekday.

    A worker's usual day on a weekday is the median hours of their *typical* days
    (contracted, not absent, with work recorded) on that weekday when there are at
    least ``min_days`` of them, else the median of all their typical days, or their
    contracted day (``contract_day``: contracted hours over contracted weekdays) when
    that is shorter and every day of that weekday seen is under ``half`` the median (a
    regular short day, not one short day beside an ordinary one). A contract with a shorter day (7.5 hours Monday to Thursday, 3.5
    on Friday) then keeps its Fridays as the complete days they are; one unusual
    Friday among ordinary ones is still judged against the ordinary ones (a median).
    In a diary too short to show a weekday's own day, the contract speaks for it: a
    job share's half day (3.5 hours of a 0.5 FTE, 18.5-hour week on 3 weekdays, 6.17
    hours a day) is over half its contracted day, so it is not taken as written in
    part for being under half the worker's 7.5-hour days.

    Parameters
    ----------
    worker, weekday, hours, typical : ndarray
        One entry per worker-day: worker id, weekday (Monday = 0), hours worked and
        whether the day is typical.
    contract_day : ndarray, optional
        One entry per worker-day: the worker's contracted hours a day (none without a
        workers table).
    min_days : int
        Typical days of a weekday needed to judge it against its own median.
    half : float
        Under this share of the worker's median, a weekday whose every day seen is so
        short is a regular short day (the contracted day then speaks for it).

    Returns
    -------
    ndarray of float
        Usual hours of each worker-day (NaN for a worker with no typical day).

    Examples
    --------
    >>> w = np.array(["A"] * 10)
    >>> dow = np.array([0, 1, 2, 3, 4] * 2)
    >>> h = np.array([7.5, 7.5, 7.5, 7.5, 3.5] * 2)
    >>> usual_day(w, dow, h, np.ones(10, bool), min_days=2)[:5].tolist()
    [7.5, 7.5, 7.5, 7.5, 3.5]
    >>> usual_day(w, dow, h, np.ones(10, bool), min_days=3)[:5].tolist()  # too few Fridays
    [7.5, 7.5, 7.5, 7.5, 7.5]
    >>> usual_day(w, dow, h, np.ones(10, bool), np.full(10, 6.0), min_days=3)[:5].tolist()
    [7.5, 7.5, 7.5, 7.5, 6.0]
    """
    code = pd.factorize(np.asarray(worker))[0].astype(np.int64)
    n = code.max(initial=-1) + 1
    pair = code * 7 + np.asarray(weekday, np.int64)  # each worker-weekday
    h, t = np.asarray(hours, float), np.asarray(typical, bool)
    k = t & ~np.isnan(h)  # a median and a maximum skip a missing figure, as pandas' do
    overall = _medians(code[k], h[k], n)[0][code]
    med, _, top = _medians(pair[k], h[k], 7 * n)
    size = np.bincount(pair[t], minlength=7 * n)
    day_med = np.where(size >= min_days, med, np.nan)[pair]
    fallback = overall
    if contract_day is not None:  # only for a weekday short every time it was seen
        regular = top[pair] < half * overall
        fallback = np.where(regular, np.fmin(fallback, contract_day), fallback)
    return np.where(np.isnan(day_med), fallback, day_med)


def _medians(
    group: np.ndarray, values: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median, size and maximum of ``values`` by ``group`` (0 to ``n - 1``; NaN where a group
    has none): pandas' group median (the mean of the two middle values of an even count),
    from one sort.

    Examples
    --------
    >>> [a.tolist() for a in _medians(np.array([0, 0, 1, 0, 0]), np.array([4.0, 1, 3, 2, 8]), 3)]
    [[3.0, 3.0, nan], [4, 1, 0], [8.0, 3.0, nan]]
    """
    order = np.lexsort((values, group))
    v = values[order]
    size = np.bincount(group, minlength=n)
    start = np.cumsum(size) - size
    has = size > 0
    med, top = np.full(n, np.nan), np.full(n, np.nan)
    lo, hi = (start + (size - 1) // 2)[has], (start + size // 2)[has]
    med[has] = (v[hi] + v[lo]) / 2
    top[has] = v[(start + size - 1)[has]]
    return med, size, top


def contract_terms(
    workers: pd.DataFrame | None, worker_id: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Each row's FTE (1.0 when not given) and contracted hours a week (37 x FTE when not
    given), from the workers table: the worker's contract (a contracted day is its hours
    over the worker's contracted weekdays).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["J1"], "fte": [0.5], "contracted_hours": [18.5]})
    >>> [s.tolist() for s in contract_terms(w, pd.Series(["J1", "X"], dtype="string"))]
    [[0.5, 1.0], [18.5, 37.0]]
    """
    fte = pd.Series(1.0, index=worker_id.index)
    hours = pd.Series(np.nan, index=worker_id.index)
    if workers is not None:
        w = workers.assign(worker_id=workers["worker_id"].astype("string")).set_index("worker_id")
        fte = worker_id.map(w["fte"]).astype(float).fillna(1.0)
        if "contracted_hours" in w:
            hours = worker_id.map(w["contracted_hours"]).astype(float)
    return fte, hours.fillna(37.0 * fte)


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


def weekly_pattern(
    workers: pd.DataFrame | None,
    ids: pd.Index,
    by_day: np.ndarray | None = None,
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
) -> dict:
    """Each worker's contracted weekdays, week by week, and their contracted days a week.

    Parameters
    ----------
    workers : DataFrame or None
        Workers table: ``fte``, ``workdays`` and ``pattern_from``.
    ids : Index
        Worker ids, in the rows' order.
    by_day : ndarray of int, optional
        Worker x 7: days written on each weekday (which of a part-time worker's weekdays
        with none declared are theirs; their number is ``round(5 x fte)`` either way).
    workdays : tuple of int
        Contracted weekdays of a full-time worker with none declared (Monday = 0).

    Returns
    -------
    dict
        ``mask`` and ``assumed`` (:func:`contracted_weekdays`), ``weeks``, ``cycle`` and
        ``anchor`` (:func:`~timestudy.schema.workdays.week_patterns`), ``per_week``
        (:func:`days_a_week`: the mean over a pattern's weeks).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["A", "F", "P"], "fte": [1.0, 1.0, 0.6],
    ...     "workdays": ["Mon Tue Wed", "Mon-Fri / Mon-Thu", None],
    ...     "pattern_from": [None, "2026-11-02", None]})
    >>> weekly_pattern(w, pd.Index(["A", "F", "P", "X"]))["per_week"].tolist()
    [3.0, 4.5, 3.0, 5.0]
    """
    counts = pd.DataFrame() if by_day is None else pd.DataFrame(by_day, index=ids)
    mask, assumed = contracted_weekdays(workers, ids, counts, tuple(workdays))
    weeks, cycle, anchor = week_patterns(workers, ids, mask)  # a 9-day fortnight's two weeks
    return {
        "mask": mask,
        "assumed": assumed,
        "weeks": weeks,
        "cycle": cycle,
        "anchor": anchor,
        "per_week": days_a_week(weeks, cycle),
    }


def due_days(
    workers: pd.DataFrame | None,
    ids: pd.Index,
    who: np.ndarray,
    dates: np.ndarray,
    work: np.ndarray,
    away: np.ndarray,
    by_day: np.ndarray,
    *,
    toil: np.ndarray | None = None,
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    holidays=DEFAULT_BANK_HOLIDAYS,
    partial_below: float = 0.5,
) -> dict:
    """Which worker-days of a diary each worker was due at work: the module's rule.

    Parameters
    ----------
    workers : DataFrame or None
        Workers table: ``fte``, ``contracted_hours``, ``workdays``, ``pattern_from``.
    ids : Index
        Worker ids; ``who`` numbers them.
    who, dates : ndarray
        Each worker-day's worker (position in ``ids``) and date (datetime64).
    work : ndarray of float
        Hours of work written on each worker-day.
    away : ndarray of bool
        An absence written (or listed) on the day: with under an hour of work, absent.
    by_day : ndarray of int
        Worker x 7: days written on each weekday (a part-time worker's usual days).
    toil : ndarray of bool, optional
        Time off in lieu written on the day (a day at work, not a typical one).
    workdays : tuple of int
        Contracted weekdays of a full-time worker with none declared (Monday = 0).
    holidays : str, sequence of dates or None
        Bank holidays (:func:`~timestudy.schema.holidays.bank_holidays`).
    partial_below : float
        Share of the usual day worked on a bank holiday that makes it a day at work.

    Returns
    -------
    dict
        ``mask``, ``assumed`` (:func:`contracted_weekdays`); ``weeks``, ``cycle``,
        ``anchor`` (:func:`~timestudy.schema.workdays.week_patterns`); ``per_week``
        (:func:`days_a_week`) and ``terms`` (``fte``, ``contracted_hours``,
        ``days_per_week``) by worker; and by worker-day ``bank`` (a bank holiday),
        ``weekday`` (a contracted day of the week), ``holiday`` (one of those on a bank
        holiday, not worked), ``absent``, ``typical``, ``contract_day`` (hours),
        ``usual_hours`` (:func:`usual_day`) and ``contracted`` (due at work: a contracted
        weekday, and on a bank holiday only when worked as a day at work).

    Examples
    --------
    Spring bank holiday, Monday 25 May 2026: 8 hours on it is a day at work for a worker
    whose usual day is 8 hours, 2 hours is not; Saturday 30th is a Tuesday-to-Saturday
    worker's contracted day:

    >>> w = pd.DataFrame({"worker_id": ["A", "T"], "fte": 1.0, "workdays": ["Mon-Fri", "Tue-Sat"]})
    >>> dates = pd.to_datetime(["2026-05-25", "2026-05-26", "2026-05-25", "2026-05-26",
    ...                         "2026-05-30"]).to_numpy()
    >>> who = np.array([0, 0, 0, 0, 1])
    >>> d = due_days(w, pd.Index(["A", "T"]), who[[0, 1, 4]], dates[[0, 1, 4]],
    ...              np.array([8.0, 8, 8]), np.zeros(3, bool), np.zeros((2, 7), int))
    >>> d["contracted"].tolist(), d["bank"].tolist()
    ([True, True, True], [True, False, False])
    >>> due_days(w, pd.Index(["A", "T"]), who[:2], dates[:2], np.array([2.0, 8]),
    ...          np.zeros(2, bool), np.zeros((2, 7), int))["contracted"].tolist()
    [False, True]
    """
    dow = (np.asarray(dates).astype("datetime64[D]").astype(np.int64) + 3) % 7
    p = weekly_pattern(workers, ids, by_day, workdays)
    weeks, cycle, anchor, per_week = p["weeks"], p["cycle"], p["anchor"], p["per_week"]
    bank = holiday_days(pd.Series(dates), holidays)
    weekday = contracted_on(weeks, cycle, anchor, who, dates)
    holiday = bank & weekday & (work == 0)
    absent = away & (work < 1) & ~holiday
    typical = weekday & ~bank & ~absent & (work > 0)
    if toil is not None:
        typical &= ~toil
    terms = pd.concat(
        contract_terms(workers, pd.Series(ids, index=ids)), axis=1, keys=["fte", "contracted_hours"]
    ).assign(days_per_week=per_week)
    contract_day = (terms["contracted_hours"].to_numpy(float) / np.clip(per_week, 1, None))[who]
    usual_hours = usual_day(
        who, dow, work, typical, None if workers is None else contract_day, half=partial_below
    )
    # a bank holiday is a day off, a day at work only when worked as one
    contracted = weekday & (~bank | (work >= partial_below * usual_hours))
    return {
        **p,
        "terms": terms,
        "bank": bank,
        "weekday": weekday,
        "holiday": holiday,
        "absent": absent,
        "typical": typical,
        "contract_day": contract_day,
        "usual_hours": usual_hours,
        "contracted": contracted,
    }
