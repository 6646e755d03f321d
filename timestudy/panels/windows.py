"""Holders' windows and the study period: the days a case is held over, at either end.

A case is held on its holder's days off as on their working days, so each holder's window
runs over the days off at either end of their diary (:func:`diary_windows`), within their
time in post (the workers table's ``joined`` and ``left``); and the study period runs over
the days at its ends that no diarist is contracted to work (:func:`study_span`). The rules
are :mod:`timestudy.panels.cases`' (its notes say why).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.holidays import bank_holidays, holiday_days
from timestudy.panels.work_patterns import contracted_on, week_patterns
from timestudy.schema.workdays import declared_weekdays

#: Monday to Friday as contracted-weekday bits (bit ``d`` for weekday ``d``, Monday = 0).
MON_TO_FRI = 0b0011111


def case_week(bits: np.ndarray) -> np.ndarray:
    """The days of the week a case is open on, as weekday bits, for holders with
    contracted weekdays ``bits`` (``diary_completeness``' ``workday_bits``): the holder's
    own days, whatever their number; Monday to Friday for a holder with none. Each day
    counts :func:`case_day_weight` of a day: five days' worth a week, as a case-month's
    working days are.

    A case-month is the share of its holder's working time the case is open, and a day
    a holder is not contracted on is no day of it: a part-timer's day off, like a
    full-timer's Saturday, is not a day the case could be worked by them, and a bank
    holiday on it takes nothing (fix33q: read as Monday to Friday, a Tuesday-to-Thursday
    holder's cases lost Good Friday and Easter Monday from their exposure with none of
    their work, 15.81 h per case-month for 12.64). A worker on Sunday to Thursday holds
    their cases Sunday to Thursday, one on Tuesday to Thursday Tuesday to Thursday, one on
    Monday to Saturday Monday to Saturday.

    Examples
    --------
    >>> [f"{b:07b}"[::-1] for b in case_week(np.array([0b1001111, 0b0111110, 0b0001110,
    ...     0b1100000, 0b0111111, 0]))]  # Monday first
    ['1111001', '0111110', '0111000', '0000011', '1111110', '1111100']
    """
    bits = np.asarray(bits, np.int64)
    return np.where((bits & 0b1111111) > 0, bits, MON_TO_FRI)  # none: Monday to Friday


def case_day_weight(bits: np.ndarray) -> np.ndarray:
    """The part of a working day each day of a :func:`case_week` counts in a case's
    exposure: 5 over its days (1 for a week of five; 5/6 for Monday to Saturday; 5/3 for
    Tuesday to Thursday), so a case open a whole week counts five days whatever its
    holder's week: a case-month is the share of its holder's working time the case is
    open. A day away or a bank holiday on one of the holder's days takes the same part.

    Examples
    --------
    >>> case_day_weight(np.array([0b0011111, 0b0001110, 0b0111111, 0b1111111])).round(4).tolist()
    [1.0, 1.6667, 0.8333, 0.7143]
    """
    week = case_week(bits)
    return 5 / sum(week >> d & 1 for d in range(7))


def case_days(bits: np.ndarray, workers: pd.DataFrame | None = None,
              ids: pd.Index | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each day counts in the exposure of a case its worker holds: on a day of their
    :func:`case_week`, 5 over the days of their week (:func:`case_day_weight`), 0 on
    another day; read a worker-day with :func:`~timestudy.schema.workdays.contracted_on`.

    A pattern that alternates by week (:mod:`~timestudy.panels.work_patterns`) is read
    week by week: each week of the cycle has its own case week, each of its days 5 over
    that week's days (``"Mon-Fri / Mon-Thu"``: Monday to Friday, a day each, then Monday
    to Thursday, five quarters each), as a worker on that week alone would.

    Parameters
    ----------
    bits : ndarray of int
        Each worker's contracted weekdays (``workday_bits``; of a pattern, the days of any
        of its weeks), by worker row.
    workers : DataFrame, optional
        Workers table: ``workdays`` and ``pattern_from`` of a pattern that alternates.
    ids : Index, optional
        Worker ids by row (needed with ``workers``).

    Returns
    -------
    weight, cycle, anchor : ndarray
        :func:`~timestudy.schema.workdays.week_patterns`' ``weeks`` (worker x week of the
        cycle x weekday) with each day's part of a working day in place of whether it is
        contracted, its ``cycle`` and ``anchor``.

    Examples
    --------
    A Sunday (8 March 2026) is a day of a Sunday-to-Thursday week, not of Monday to Friday;
    Saturday 14 counts five sixths of a day to a Monday-to-Saturday holder; Friday 13 is no
    day of a Tuesday-to-Thursday holder's, Thursday 12 five thirds of a day:

    >>> d = pd.to_datetime(["2026-03-08", "2026-03-08", "2026-03-14", "2026-03-13",
    ...                     "2026-03-12"]).to_numpy()
    >>> on = case_days(np.array([0b1001111, 0b0011111, 0b0111111, 0b0001110]))
    >>> contracted_on(*on, np.array([0, 1, 2, 3, 3]), d).round(4).tolist()
    [1.0, 0.0, 0.8333, 0.0, 1.6667]

    ``"Mon-Fri / Tue-Sat"`` from the week of 2 March: Saturday 7 is no day of week 1's case
    week, Saturday 14 is one of week 2's, Monday 9 is not; ``"Mon-Fri / Mon-Thu"``: Friday
    13 is no day of week 2's, Thursday 12 five quarters of a day:

    >>> w = pd.DataFrame({"worker_id": ["P", "F"], "pattern_from": ["2026-03-02"] * 2,
    ...                   "workdays": ["Mon-Fri / Tue-Sat", "Mon-Fri / Mon-Thu"]})
    >>> d = pd.to_datetime(["2026-03-07", "2026-03-14", "2026-03-09", "2026-03-13",
    ...                     "2026-03-12"]).to_numpy()
    >>> on = case_days(np.array([0b0111111, 0b0011111]), w, pd.Index(["P", "F"]))
    >>> contracted_on(*on, np.array([0, 0, 0, 1, 1]), d).round(4).tolist()
    [0.0, 1.0, 0.0, 0.0, 1.25]
    """
    bits = case_week(bits)
    mask = ((bits[:, None] >> np.arange(7)) & 1).astype(bool)
    weeks, cycle, anchor = week_patterns(
        workers if ids is not None else None,
        pd.RangeIndex(len(bits)) if ids is None else pd.Index(ids).astype("string"), mask)
    own = (weeks << np.arange(7)).sum(axis=2)  # worker x week of the cycle, as bits
    return weeks * case_day_weight(own)[..., None], cycle, anchor


def day_weights(week: tuple[np.ndarray, np.ndarray, np.ndarray], who: np.ndarray,
                dates: np.ndarray) -> np.ndarray:
    """What each worker-day counts in its worker's cases' exposure and used share: its
    :func:`case_days` weight (``week``; ``who``: a worker's row in it), its part of the
    holder's working time in a working day's worth: a whole week of the holder's counts five
    days whatever their week, and a bank holiday on one of their days takes that day's part
    (a six-day holder's, five sixths), as it takes that part of their working time.

    Examples
    --------
    Monday to Saturday against Monday to Friday, Easter 2026 (Good Friday 3 April, Easter
    Monday 6 April): each of the six days counts 5/6, so the fortnight less its two bank
    holidays counts 12 x 5/6 - 2 x 5/6 = 8 1/3 days against Monday to Friday's 8:

    >>> week = case_days(np.array([0b0111111, 0b0011111]))
    >>> d = np.arange(np.datetime64("2026-03-30"), np.datetime64("2026-04-13"))
    >>> hol = np.isin(d, np.array(["2026-04-03", "2026-04-06"], "datetime64[D]"))
    >>> w = day_weights(week, np.zeros(len(d), int), d)
    >>> w[7:].round(4).tolist(), round(float(w[~hol].sum()), 4)
    ([0.8333, 0.8333, 0.8333, 0.8333, 0.8333, 0.8333, 0.0], 8.3333)
    >>> float(day_weights(week, np.ones(len(d), int), d)[~hol].sum())
    8.0
    """
    return job_day_weights(week, np.asarray(who)[:, None], dates)


def job_day_weights(week: tuple[np.ndarray, np.ndarray, np.ndarray], holders: np.ndarray,
                    dates: np.ndarray) -> np.ndarray:
    """What each day counts in the exposure of a case held by ``holders`` (a job, one holder
    or a job share): the days of the job's week are its holders' days together, the union of
    their :func:`case_days` days in the calendar week (Monday to Sunday) of the day, each
    :func:`case_day_weight` of a day: 5 over the union's days, so a week wholly open is five
    days whatever the holders' weeks and whichever holder is named first. One holder's job
    is their own week (:func:`day_weights`); ``"JS1; JS2"`` on Monday to Wednesday and
    Wednesday to Friday hold their cases Monday to Friday, a day each; two on Monday and
    Tuesday hold them Monday and Tuesday, five halves each.

    Parameters
    ----------
    week : (ndarray, ndarray, ndarray)
        :func:`case_days` of the workers.
    holders : ndarray of int
        Day x holder: each day's job's holders, as rows of ``week`` (-1: none, padding).
    dates : ndarray of datetime64
        The days.

    Examples
    --------
    JS1 Monday to Wednesday, JS2 Wednesday to Friday: the job's week is Monday to Friday,
    each day one day; JS1 alone, Monday to Wednesday, each 5/3; JS1 with a Monday-Tuesday
    holder, Monday to Wednesday:

    >>> week = case_days(np.array([0b0000111, 0b0011100, 0b0000011]))
    >>> d = np.arange(np.datetime64("2026-03-02"), np.datetime64("2026-03-09"))  # Mon-Sun
    >>> [job_day_weights(week, np.tile(h, (7, 1)), d).round(4).tolist()
    ...  for h in ([0, 1], [1, 0], [0, -1], [0, 2])]  # doctest: +NORMALIZE_WHITESPACE
    [[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0],
     [1.6667, 1.6667, 1.6667, 0.0, 0.0, 0.0, 0.0], [1.6667, 1.6667, 1.6667, 0.0, 0.0, 0.0, 0.0]]
    """
    day = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    dow = (day + 3) % 7  # 1970-01-01: a Thursday
    bits = np.zeros(len(day), np.int64)
    holders = np.asarray(holders, np.int64)
    for who in holders.reshape(len(day), holders.size // max(len(day), 1)).T:  # a holder each
        on = who >= 0
        for d in range(7):  # the holder's days of the calendar week of each day
            at = (day[on] - dow[on] + d).astype("datetime64[D]")
            bits[on] |= (contracted_on(*week, who[on], at) > 0).astype(np.int64) << d
    return ((bits >> dow) & 1) * case_day_weight(bits)


def worker_case_days(days: pd.DataFrame, workers: pd.DataFrame | None = None
                     ) -> tuple[pd.Index, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The workers of ``days`` (:func:`~timestudy.panels.diary_completeness` output), each
    worker-day's row among them, and their :func:`case_days` (``workday_bits``, Monday to
    Friday without it; ``workers``' patterns alternating by week).

    The workers ``workers`` lists who kept no diary follow, with the weekdays its
    ``workdays`` declares (Monday to Friday when none): a co-holder of a job share who kept
    none has days of the job, none of them held (:mod:`~timestudy.panels.co_held`), not a
    job of the other holders' days alone.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["JS1"], "workday_bits": [0b0000111]})
    >>> w = pd.DataFrame({"worker_id": ["JS1", "JS3"], "workdays": ["Mon-Wed", "Wed-Fri"]})
    >>> names, rows, week = worker_case_days(days, w)
    >>> list(names), rows.tolist(), (week[0][:, 0] > 0).astype(int).tolist()
    (['JS1', 'JS3'], [0], [[1, 1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 1, 0, 0]])
    """
    worker = days["worker_id"].astype("string")
    names = pd.Index(worker.unique())
    rows = names.get_indexer(worker)
    bits = np.full(len(names), MON_TO_FRI)
    if "workday_bits" in days:
        bits[rows] = days["workday_bits"].to_numpy(np.int64)
    if workers is not None and "worker_id" in workers:  # listed, no diary: as declared
        listed = pd.Index(workers["worker_id"].dropna().astype("string").unique())
        more = listed.difference(names, sort=False)
        if len(more):
            mask, _ = declared_weekdays(workers, more)
            names = names.append(more)
            bits = np.r_[bits, (mask << np.arange(7)).sum(axis=1)]
    return names, rows, case_days(bits, workers, names)


def bank_days(days: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Whether each worker-day of ``days`` is a bank holiday, and the bank holidays: its
    ``bank_holiday`` (the list the days were read with) and those of the diary's days;
    England and Wales' for a table made by hand."""
    if "bank_holiday" in days:
        bank = days["bank_holiday"].to_numpy(bool)
        return bank, np.unique(days["diary_date"].to_numpy().astype("datetime64[D]")[bank])
    return (holiday_days(days["diary_date"]),
            bank_holidays().to_numpy().astype("datetime64[D]"))


def diary_windows(days: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp],
                  workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each worker's window: their diary days widened over the days off at either end.

    From the day after the worker's last contracted day before their first diary day
    to the day before their first contracted day after their last, within ``period``
    (the module's notes say why; the days of each week of a pattern that alternates by
    week, :mod:`~timestudy.panels.work_patterns`), and within their time in post: never before
    ``joined`` (the first day in post) nor on or after ``left`` (the day before it is the
    last). Without ``joined``, a diary that begins after a contracted day of the worker's
    inside ``period`` is read as a joiner's: it is not widened back (the days off before it
    are no days of theirs in post; a part-timer in post from the start whose diary begins
    on their first contracted day of the study is widened back to the period's first day).
    Without ``left``, a diary that stops early is widened over the days off after it, as a
    worker in post (``timestudy guide`` names a diary that stops 5 or more weekdays before
    the caseload day: give ``left``).

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output: ``worker_id``,
        ``diary_date`` and ``workday_bits`` (Monday to Friday when absent).
    period : (Timestamp, Timestamp)
        First and last day of the study.
    workers : DataFrame, optional
        Workers table: ``joined`` and ``left`` (dates, NaT or blank when not known).

    Returns
    -------
    DataFrame
        ``lo`` and ``hi`` (first and last day, inclusive) indexed by ``worker_id``.

    Examples
    --------
    Mon-Wed (bits 0b0000111), diary days Monday 9 to Wednesday 18 March 2026: the
    window runs to the day before Monday 23, cut at the period's end (Friday 20); it
    starts on Monday 9, for Wednesday 4 is a contracted day of the study with no diary
    (a joiner).

    >>> days = pd.DataFrame({"worker_id": "W3", "diary_date": pd.to_datetime(["2026-03-09",
    ...     "2026-03-18"]), "workday_bits": 0b0000111})
    >>> w = diary_windows(days, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-20")))
    >>> [f"{d:%a %d}" for d in w.loc["W3"]]
    ['Mon 09', 'Fri 20']

    In post from Thursday 5 (``joined``), left on Thursday 19: Thursday 5 to Wednesday 18.

    >>> workers = pd.DataFrame({"worker_id": ["W3"], "joined": pd.to_datetime(["2026-03-05"]),
    ...                         "left": pd.to_datetime(["2026-03-19"])})
    >>> w = diary_windows(days, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-20")), workers)
    >>> [f"{d:%a %d}" for d in w.loc["W3"]]
    ['Thu 05', 'Wed 18']
    """
    g = days.groupby("worker_id")
    first, last = g["diary_date"].min(), g["diary_date"].max()
    bits = (g["workday_bits"].first().to_numpy(np.int64) if "workday_bits" in days
            else np.full(len(first), MON_TO_FRI))
    back, ahead = _pattern_days_off(workers, first, last, bits)
    lo = first - pd.to_timedelta(back, unit="D")
    hi = last + pd.to_timedelta(ahead, unit="D")
    joined, left = (_in_post(workers, first.index, k) for k in ("joined", "left"))
    one = pd.Timedelta(days=1)
    # no joining date: a contracted day of theirs in the study before the diary: a joiner
    lo = lo.where(joined.notna() | (lo - one < period[0]), first)
    lo = lo.where(~(joined > lo), np.minimum(joined, first))  # never before joining
    hi = hi.where(~(left - one < hi), np.maximum(left - one, last))  # nor after leaving
    return pd.DataFrame({"lo": lo.clip(lower=period[0]), "hi": hi.clip(upper=period[1])})


def _in_post(workers: pd.DataFrame | None, ids: pd.Index, column: str) -> pd.Series:
    """Each of ``ids``' date ``column`` (``joined``, ``left``) in ``workers``; NaT when none."""
    if workers is None or column not in workers or "worker_id" not in workers:
        return pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]")
    w = workers.drop_duplicates("worker_id")
    at = pd.Series(pd.to_datetime(w[column]).astype("datetime64[ns]").dt.normalize().to_numpy(),
                   index=w["worker_id"].astype("string").to_numpy())
    return pd.Series(pd.Index(ids).astype("string").map(at), index=ids,
                     dtype="datetime64[ns]")


def study_span(period: tuple[pd.Timestamp, pd.Timestamp], days: pd.DataFrame
               ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The study period widened at either end, within its week, over days no diarist is
    contracted to work.

    The study period is the first and the last diary day (:func:`timestudy.panels.study_period`,
    or the ``period`` given). When no worker is contracted on the days after the last (every
    diarist on compressed hours or part-time Monday to Thursday), those days are the
    study's as a part-timer's days off are theirs (:func:`diary_windows`): cases are open on
    them. The widening stops at the edges of the first and the last week (Monday to
    Sunday): a study of whole weeks from a Monday is not widened back.

    Examples
    --------
    Everyone Monday to Thursday, diary Monday 12 to Thursday 29 October 2026: the period runs
    to Sunday 1 November (Friday 30 is a working day of the study); Monday 12 stays first.

    >>> days = pd.DataFrame({"worker_id": ["A", "B"], "workday_bits": 0b0001111})
    >>> span = study_span((pd.Timestamp("2026-10-12"), pd.Timestamp("2026-10-29")), days)
    >>> [f"{d:%a %d}" for d in span]
    ['Mon 12', 'Sun 01']
    """
    start, end = pd.Timestamp(period[0]).normalize(), pd.Timestamp(period[1]).normalize()
    if "workday_bits" not in days or not len(days):
        return start, end
    bits = np.bitwise_or.reduce(days["workday_bits"].to_numpy(np.int64))
    edge = np.array([start, end], dtype="datetime64[D]")
    back, ahead = (_days_off(edge[[i]], np.array([bits]), step)[0]
                   for i, step in ((0, -1), (1, 1)))
    back = min(int(back), start.day_of_week)  # within the first week
    ahead = min(int(ahead), 6 - end.day_of_week)  # and the last
    return start - pd.Timedelta(days=back), end + pd.Timedelta(days=ahead)


def _pattern_days_off(workers: pd.DataFrame | None, first: pd.Series, last: pd.Series,
                      bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days not contracted in a row before each worker's ``first`` and after their ``last``
    diary day: by their weekdays (``bits``), or by the weeks of their pattern where it
    alternates (:mod:`~timestudy.panels.work_patterns`: a 9-day fortnight's diary that ends
    on the Thursday before its Friday off runs over that Friday and the weekend).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["B"], "workdays": ["Mon-Fri / Mon-Thu"],
    ...                   "pattern_from": ["2026-11-02"]})
    >>> thu = pd.Series(pd.to_datetime(["2026-11-12"]), index=["B"])  # week 2: Friday off
    >>> [d.tolist() for d in _pattern_days_off(w, thu, thu, np.array([MON_TO_FRI]))]
    [[0], [3]]
    """
    dates = [s.to_numpy().astype("datetime64[D]") for s in (first, last)]
    mask = ((bits[:, None] >> np.arange(7)) & 1).astype(bool)
    weeks, cycle, anchor = week_patterns(workers, pd.Index(first.index).astype("string"), mask)
    if (cycle == 1).all():  # the same every week: by weekday alone
        return _days_off(dates[0], bits, -1), _days_off(dates[1], bits, 1)
    out = []
    steps = np.arange(1, 7 * weeks.shape[1] + 1)  # a week off runs over two weekends
    for date, step in zip(dates, (-1, 1), strict=True):
        near = date[:, None] + step * steps
        who = np.repeat(np.arange(len(date)), len(steps))
        on = contracted_on(weeks, cycle, anchor, who, near.ravel()).reshape(near.shape)
        out.append(np.where(on.any(axis=1), on.argmax(axis=1), 0))
    return out[0], out[1]


def _days_off(date: np.ndarray, bits: np.ndarray, step: int) -> np.ndarray:
    """Days in a row before (``step`` -1) or after (+1) each date that are not contracted."""
    weekday = (date.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 1970-01-01: Thursday
    ahead = (weekday[:, None] + step * np.arange(1, 8)) % 7
    on = (bits[:, None] >> ahead) & 1 == 1
    return np.where(on.any(axis=1), on.argmax(axis=1), 0)  # no contracted day: not widened
