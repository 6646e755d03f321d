"""Case-months: hours on each case over the same worker-days as its exposure.

Rules (the method section of a report says the same):

- **Window.** A holder's window runs from the day after their last contracted day
  before their first diary day to the day before their first contracted day after
  their last (within the study period; contracted weekdays as
  :func:`~timestudy.panels.diary_completeness` reads them from the workers table's
  ``workdays``): a case is held on its holder's days off as on their working days,
  so a Monday-to-Wednesday worker's last Thursday and Friday are in it, while a
  holder who joins or leaves mid-study has a window that stops where their entries do
  (:func:`diary_windows`).
- **Exposure.** A case counts the working days it was open (from its opening day,
  up to but not including its closing day) within its holder's window: weekdays
  that are not bank holidays (the list the diary's days were read with,
  :func:`~timestudy.panels.diary_completeness`) nor days the holder was absent
  (leave or sickness, written in or in the ``leave`` table), and a bank holiday
  the holder worked as a day at work. That count is multiplied by the share of the
  holder's contracted days at work that were used, short days left out of both
  counts (:func:`~timestudy.panels.completeness.observed_share`): a missing day is
  out of the exposure as it is out of the hours. A case-month is the working days
  of a month: :data:`~timestudy.schema.standards.WORKING_DAYS_PER_MONTH` (21.07,
  the weekdays of a year less England and Wales' 8 bank holidays, over 12), one
  twelfth of a day more for each bank holiday a year fewer on another list (21.74
  with none).

  Why: time available per FTE (:func:`timestudy.models.available_time`) takes
  the bank holidays, leave and sickness out of the year, so the work a case needs
  is counted over the days someone can do it, and each day off is taken out once.
  Absence written in (a leave entry, the ``leave`` table) and absence left blank (a
  missing day, out of the used share) then give the same exposure, and a diary
  with Good Friday and Easter Monday in it the same hours per case-month as one
  without. **Cover**: a case a colleague worked on while its holder was absent
  was held by cover, so every day its holder was absent stays in its exposure and
  the colleague's hours are its work on those days (:func:`covered_absence`); a
  case nobody worked on while its holder was away has those days out. Other work
  on a day out of the exposure (a bank holiday worked short, a few minutes on a
  day of leave) counts in the hours: work the case needed, done on a day off, like
  work at the weekend.
- **Hours.** All work on the case recorded on used days within the holder's
  window. Work by someone other than the holder counts, scaled by the
  holder's used share over the worker's own (so that it is observed as completely
  as the holder's). Work before the case opened or after it closed counts too (a
  closing summary is the case's work) and is reported as ``hours_outside_open``.
  Work outside the holder's window is left out and reported as
  ``hours_outside_window``. In :func:`timestudy.models.fit_study`, a journey
  written without a case right after a visit it returns from has been given the
  visit's case (:func:`~timestudy.panels.attribution.return_journeys`): it counts
  here as the case's work, as it counts in the visit's full time. An entry
  categorised as not work (leave, sickness, a break) is in no case's hours even
  with a case id: :func:`~timestudy.categorise` warns, naming its rows and hours.
- **Cases with no exposure.** A case with no case-months cannot be in a ratio per
  case-month, so work on it is in no case's hours: a case not in the cases table,
  with no holder, whose holder kept no diary, or not open on a weekday of its
  holder's window. :func:`hours_left_out` counts those hours by reason;
  :func:`case_month` warns (:class:`~timestudy.errors.DataQualityWarning`) and
  keeps the counts in ``attrs["hours_left_out"]`` of its table.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels.completeness import diary_completeness, observed_share
from timestudy.panels.episodes import DAYS_PER_MONTH, NON_WORK, prepare, study_period
from timestudy.panels.workdays import bank_holidays, holiday_days, holidays_a_year
from timestudy.schema.standards import BANK_HOLIDAYS_A_YEAR, WORKING_DAYS_PER_MONTH


def case_months(cases: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Case-months each case was open within ``period`` (inclusive days), by ``case_id``.

    Parameters
    ----------
    cases : DataFrame
        ``case_id``, ``opened`` and ``closed`` (NaT while open).
    period : (Timestamp, Timestamp)
        First and last day.

    Returns
    -------
    Series
        Case-months (days / (365.25 / 12)) by ``case_id``.

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "opened": pd.to_datetime(["2025-01-01",
    ...                   "2026-03-16"]), "closed": pd.to_datetime([None, None])})
    >>> period = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))
    >>> (case_months(c, period) * 365.25 / 12).round(6).tolist()
    [28.0, 14.0]
    """
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    after = end + pd.Timedelta(days=1)
    lo = _dates(cases, "opened").fillna(start).clip(lower=start)
    hi = _dates(cases, "closed").fillna(after).clip(upper=after)
    days = (hi - lo).dt.days.clip(lower=0)
    return pd.Series(days.to_numpy() / DAYS_PER_MONTH, index=cases["case_id"].to_numpy(),
                     name="case_months")


def _dates(cases: pd.DataFrame, col: str) -> pd.Series:
    if col not in cases:
        return pd.Series(pd.NaT, index=cases.index, dtype="datetime64[ns]")
    return pd.to_datetime(cases[col]).astype("datetime64[ns]").dt.normalize()


#: Monday to Friday as contracted-weekday bits (bit ``d`` for weekday ``d``, Monday = 0).
MON_TO_FRI = 0b0011111


def diary_windows(days: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp]
                  ) -> pd.DataFrame:
    """Each worker's window: their diary days widened over the days off at either end.

    From the day after the worker's last contracted day before their first diary day
    to the day before their first contracted day after their last, within ``period``
    (the module's notes say why).

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output: ``worker_id``,
        ``diary_date`` and ``workday_bits`` (Monday to Friday when absent).
    period : (Timestamp, Timestamp)
        First and last day of the study.

    Returns
    -------
    DataFrame
        ``lo`` and ``hi`` (first and last day, inclusive) indexed by ``worker_id``.

    Examples
    --------
    Mon-Wed (bits 0b0000111), diary days Monday 9 to Wednesday 18 March 2026: the
    window runs from the day after Wednesday 4 to the day before Monday 23, cut at the
    period's end (Friday 20).

    >>> days = pd.DataFrame({"worker_id": "W3", "diary_date": pd.to_datetime(["2026-03-09",
    ...     "2026-03-18"]), "workday_bits": 0b0000111})
    >>> w = diary_windows(days, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-20")))
    >>> [f"{d:%a %d}" for d in w.loc["W3"]]
    ['Thu 05', 'Fri 20']
    """
    g = days.groupby("worker_id")
    first, last = g["diary_date"].min(), g["diary_date"].max()
    bits = (g["workday_bits"].first().to_numpy(np.int64) if "workday_bits" in days
            else np.full(len(first), MON_TO_FRI))
    lo = first - pd.to_timedelta(_days_off(first.to_numpy(), bits, -1), unit="D")
    hi = last + pd.to_timedelta(_days_off(last.to_numpy(), bits, 1), unit="D")
    return pd.DataFrame({"lo": lo.clip(lower=period[0]), "hi": hi.clip(upper=period[1])})


def _days_off(date: np.ndarray, bits: np.ndarray, step: int) -> np.ndarray:
    """Days in a row before (``step`` -1) or after (+1) each date that are not contracted."""
    weekday = (date.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 1970-01-01: Thursday
    ahead = (weekday[:, None] + step * np.arange(1, 8)) % 7
    on = (bits[:, None] >> ahead) & 1 == 1
    return np.where(on.any(axis=1), on.argmax(axis=1), 0)  # no contracted day: not widened


def holder_windows(cases: pd.DataFrame, days: pd.DataFrame,
                   period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    """Each case's holder's window (:func:`diary_windows`) and used share.

    Returns ``lo``, ``hi`` (first and last day of the window, NaT when the holder
    kept no diary) and ``share`` (holder's used share), indexed like ``cases``.
    """
    span = diary_windows(days, period)
    holder = (cases["worker_id"].astype("string") if "worker_id" in cases
              else pd.Series(pd.NA, index=cases.index, dtype="string"))
    return pd.DataFrame({
        "lo": holder.map(span["lo"]).astype("datetime64[ns]"),
        "hi": holder.map(span["hi"]).astype("datetime64[ns]"),
        "share": holder.map(observed_share(days)).astype(float).fillna(0.0),
    }, index=cases.index)


def case_exposure(cases: pd.DataFrame, days: pd.DataFrame,
                  period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    """Case-months each case was observed: open working days in its holder's window, used share.

    Parameters
    ----------
    cases : DataFrame
        ``case_id``, ``worker_id`` (holder), ``opened``, ``closed``.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (its ``bank_holiday``
        and ``holidays_a_year`` name the bank holidays; without them England and
        Wales').
    period : (Timestamp, Timestamp)
        First and last diary day considered.

    Returns
    -------
    Series
        ``case_months`` indexed by ``case_id``: the open working days in the
        holder's window (weekdays less bank holidays and the holder's days absent,
        plus bank holidays the holder worked as a day at work), times the holder's
        :func:`~timestudy.panels.observed_share`, over the working days of a month
        (:func:`month_working_days`: 21.07).

    Examples
    --------
    Two weeks from Monday 30 March 2026, a case open throughout: 10 weekdays less
    Good Friday and Easter Monday are 8 working days, 8 / 21.07 = 0.380 case-months.

    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(["2026-03-30",
    ...     "2026-04-10"]), "contracted": True, "status": "complete", "used": True})
    >>> c = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"], "opened": pd.NaT,
    ...     "closed": pd.NaT})
    >>> period = (pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-10"))
    >>> round(float(case_exposure(c, days, period).iloc[0]) * 21.07, 2)
    8.0
    """
    span = _Span(cases, days, period)
    working = np.zeros(len(cases))
    working[span.ok] = np.busday_count(span.first, span.last, holidays=span.holidays)
    working[span.ok] += (_holder_days(span, days["contracted"].to_numpy(bool) & span.bank)
                         - _holder_days(span, span.absent))
    return pd.Series(working * span.scale, index=cases["case_id"].to_numpy(),
                     name="case_months")


def covered_absence(cases: pd.DataFrame, days: pd.DataFrame, hours: pd.DataFrame,
                    period: tuple[pd.Timestamp, pd.Timestamp]) -> np.ndarray:
    """Case-months to add to :func:`case_exposure` for cases covered while their holder was away.

    A case on which someone other than its holder worked (``hours``' ``by_other``,
    inside the holder's window) on a day its holder was absent was held by cover:
    every day its holder was absent is then in its exposure, as a day at work is, and
    the colleagues' hours are its work on those days.

    Parameters
    ----------
    cases : DataFrame
        ``case_id``, ``worker_id`` (holder), ``opened``, ``closed``.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    hours : DataFrame
        :func:`case_hours` output for these cases.
    period : (Timestamp, Timestamp)
        First and last diary day considered.

    Returns
    -------
    ndarray of float
        Case-months, one per row of ``cases`` (0 for a case not covered).

    Examples
    --------
    W1 off sick Thursday and Friday (written in), W2 visits W1's case A on the Friday:
    A keeps the two days, 2 / 21.07 = 0.095 case-months more.

    >>> d = pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
    ...                     "2026-03-06"])
    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": d, "contracted": True,
    ...     "status": ["complete"] * 3 + ["absent"] * 2, "used": [True] * 3 + [False] * 2})
    >>> c = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"], "opened": pd.NaT,
    ...     "closed": pd.NaT})
    >>> h = pd.DataFrame({"case_id": ["A"], "diary_date": d[[4]], "by_other": True,
    ...     "outside_window": False})
    >>> period = (d[0], d[-1])
    >>> round(float(covered_absence(c, days, h, period)[0]) * 21.07, 2)
    2.0
    """
    span = _Span(cases, days, period)
    away = np.zeros(len(cases))
    away[span.ok] = _holder_days(span, span.absent)
    cover = hours.loc[hours["by_other"].to_numpy(bool) & ~hours["outside_window"].to_numpy(bool)]
    if "worker_id" not in cases or cover.empty:
        return np.zeros(len(cases))
    at = _positions(pd.Index(cases["case_id"].astype("string")), cover["case_id"].astype("string"))
    cover, at = cover.loc[at >= 0], at[at >= 0]
    holder = span.names.get_indexer(cases["worker_id"].astype("string"))[at]
    date = cover["diary_date"].to_numpy().astype("datetime64[D]")
    on_absent_day = np.isin(_day_key(holder, date), span.key(span.absent)) & (holder >= 0)
    covered = np.zeros(len(cases), bool)
    covered[at[on_absent_day]] = True
    return np.where(covered, away * span.scale, 0.0)


def absence_covered(days: pd.DataFrame, work: pd.DataFrame, cases: pd.DataFrame
                    ) -> pd.DataFrame:
    """``days`` with each holder's missing day on which someone else worked on one of
    their cases read as absence (``absent``): a day off covered, not a day of theirs lost.

    A day a holder wrote nothing is a missing day: out of the hours and, through their
    used share, out of their cases' exposure, with a colleague's work on their cases
    scaled by that share. When a colleague worked on the holder's case that very day,
    the likelier reading is that the holder was away (leave or sickness not written in)
    and the colleague covered: read as missing, the colleague's hours were counted
    against exposure that had dropped the day (audit 8's s2c_blank: 50.7 h a case-month
    on the covered case against 36.2 by hand). As absence, the day leaves the holder's
    used share, and :func:`covered_absence` keeps it in the covered case's exposure: the
    same figures as the absence written in. A colleague's joint visit on a day the holder
    worked and did not write is read the same way; it moves that one day only.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    work : DataFrame
        Work episodes: ``case_id``, ``worker_id``, ``diary_date``.
    cases : DataFrame
        ``case_id`` and ``worker_id`` (holder).

    Returns
    -------
    DataFrame
        ``days``, with those days' ``status`` ``absent`` and ``absent`` True (the
        same frame when there are none).

    Examples
    --------
    W1 wrote nothing on Tuesday; W2 visited W1's case A that day:

    >>> days = pd.DataFrame({"worker_id": ["W1", "W1", "W2"], "diary_date": pd.to_datetime(
    ...     ["2026-03-02", "2026-03-03", "2026-03-03"]), "contracted": True,
    ...     "status": ["complete", "missing", "complete"], "absent": False,
    ...     "used": [True, False, True]})
    >>> work = pd.DataFrame({"case_id": ["A"], "worker_id": ["W2"],
    ...     "diary_date": pd.to_datetime(["2026-03-03"])})
    >>> cases = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"]})
    >>> absence_covered(days, work, cases)["status"].tolist()
    ['complete', 'absent', 'complete']
    """
    missing = days["status"].eq("missing").to_numpy()
    if not missing.any() or "worker_id" not in cases or not len(work):
        return days
    c = cases.drop_duplicates("case_id")
    holder = work["case_id"].astype("string").map(
        pd.Series(c["worker_id"].astype("string").to_numpy(),
                  index=c["case_id"].astype("string").to_numpy()))
    other = (holder.notna() & (holder != work["worker_id"].astype("string"))).to_numpy(bool)
    if not other.any():
        return days
    cover = pd.MultiIndex.from_arrays([holder[other].to_numpy(),
                                       pd.to_datetime(work["diary_date"]).to_numpy()[other]])
    hit = missing & pd.MultiIndex.from_arrays(
        [days["worker_id"].astype("string").to_numpy(), days["diary_date"].to_numpy()]
    ).isin(cover)
    if not hit.any():
        return days
    return days.assign(status=np.where(hit, "absent", days["status"]),
                       absent=days["absent"].to_numpy(bool) | hit)


class _Span:
    """What :func:`case_exposure` and :func:`covered_absence` count over: each case's open
    days in its holder's window (``first`` to ``last``, exclusive, for the rows ``ok``)
    and the worker-days of ``days`` that add to or take from them."""

    def __init__(self, cases: pd.DataFrame, days: pd.DataFrame,
                 period: tuple[pd.Timestamp, pd.Timestamp]) -> None:
        win = holder_windows(cases, days, (pd.Timestamp(period[0]), pd.Timestamp(period[1])))
        lo = np.maximum(_dates(cases, "opened").fillna(win["lo"]), win["lo"])
        hi = np.minimum(_dates(cases, "closed").fillna(win["hi"] + pd.Timedelta(days=1)),
                        win["hi"] + pd.Timedelta(days=1))
        self.ok = (lo.notna() & hi.notna() & (hi > lo)).to_numpy()
        self.first = lo[self.ok].to_numpy().astype("datetime64[D]")
        self.last = hi[self.ok].to_numpy().astype("datetime64[D]")
        self.date = days["diary_date"].to_numpy().astype("datetime64[D]")
        if "bank_holiday" in days:  # the list the days were read with, on the diary's days
            self.bank = days["bank_holiday"].to_numpy(bool)
            self.holidays = np.unique(self.date[self.bank])
        else:  # a table made by hand: England and Wales'
            self.bank = holiday_days(days["diary_date"])
            self.holidays = bank_holidays().to_numpy().astype("datetime64[D]")
        weekday = (self.date.astype(np.int64) + 3) % 7 < 5  # 1970-01-01: Thursday
        # contracted weekdays absent (leave or sickness; a bank holiday is not one)
        self.absent = (days["contracted"].to_numpy(bool) & weekday & ~self.bank
                       & days["status"].eq("absent").to_numpy())
        worker = days["worker_id"].astype("string")
        self.names = pd.Index(worker.unique())
        self.worker = self.names.get_indexer(worker)
        holder = (cases["worker_id"].astype("string") if "worker_id" in cases
                  else pd.Series(pd.NA, index=cases.index, dtype="string"))
        self.holder = self.names.get_indexer(holder[self.ok])
        n = (float(days["holidays_a_year"].iloc[0]) if "holidays_a_year" in days and len(days)
             else holidays_a_year())
        self.scale = win["share"].to_numpy() / month_working_days(n)

    def key(self, kind: np.ndarray) -> np.ndarray:
        """The sorted (worker, day) keys of the worker-days ``kind``."""
        return np.sort(_day_key(self.worker[kind], self.date[kind]))


def _holder_days(span: _Span, kind: np.ndarray) -> np.ndarray:
    """Worker-days ``kind`` of each (``ok``) case's holder in its open days: one sorted search."""
    key = span.key(kind)
    n = (np.searchsorted(key, _day_key(span.holder, span.last))
         - np.searchsorted(key, _day_key(span.holder, span.first)))
    return np.where(span.holder >= 0, n, 0)


def _day_key(worker: np.ndarray, date: np.ndarray) -> np.ndarray:
    """One sortable number per (worker, day): the worker's position, then the day."""
    return worker.astype(np.int64) * 1_000_000 + date.astype("datetime64[D]").astype(np.int64)


def month_working_days(holidays: float = BANK_HOLIDAYS_A_YEAR) -> float:
    """Working days in a month with ``holidays`` bank holidays a year: a case-month.

    :data:`~timestudy.schema.standards.WORKING_DAYS_PER_MONTH` (21.07, England and
    Wales' 8), a twelfth of a day more for each holiday fewer: the days that time
    available per FTE (:func:`timestudy.models.available_time`) counts as working days.

    Examples
    --------
    >>> round(month_working_days(), 4), round(month_working_days(0), 4)
    (21.0744, 21.7411)
    """
    return WORKING_DAYS_PER_MONTH + (BANK_HOLIDAYS_A_YEAR - holidays) / 12


_HOURS_READS = ["case_id", "worker_id", "category", "minutes", "diary_date"]  # case_hours reads


def _positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)``, each distinct value looked up once (a million text
    ids: 0.05 s against 0.12-0.3)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return index.get_indexer(distinct)[codes]


def case_hours(e: pd.DataFrame, cases: pd.DataFrame, days: pd.DataFrame,
               period: tuple[pd.Timestamp, pd.Timestamp]) -> pd.DataFrame:
    """Each work episode on a known case, with its ``counted`` minutes by the rules above.

    Parameters
    ----------
    e : DataFrame
        Work episodes with ``case_id``, ``worker_id``, ``category``, ``minutes``
        and ``diary_date``.
    cases : DataFrame
        ``case_id``, ``worker_id`` (holder), ``opened``, ``closed``.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    period : (Timestamp, Timestamp)
        First and last diary day considered.

    Returns
    -------
    DataFrame
        The episodes on known cases with ``case_id``, ``worker_id``,
        ``category``, ``minutes``, ``diary_date``, ``counted`` (minutes scaled for a worker other
        than the holder, 0 outside the holder's window), ``by_other``,
        ``outside_open`` and ``outside_window``.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1", "W2"], "diary_date": pd.Timestamp("2026-03-02"),
    ...     "contracted": True, "status": "complete", "used": True})
    >>> c = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"], "opened": pd.NaT,
    ...     "closed": pd.NaT})
    >>> e = pd.DataFrame({"case_id": ["A", "A"], "worker_id": ["W1", "W2"], "category": "x",
    ...     "minutes": [60.0, 30.0], "diary_date": pd.Timestamp("2026-03-02")})
    >>> h = case_hours(e, c, days, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-02")))
    >>> h["counted"].tolist(), h["by_other"].tolist()
    ([60.0, 30.0], [False, True])
    """
    c = cases.assign(case_id=cases["case_id"].astype("string")).drop_duplicates("case_id")
    c = c.reset_index(drop=True)
    win = holder_windows(c, days, period)
    at = _positions(pd.Index(c["case_id"]), e["case_id"].astype("string"))
    w = e.loc[at >= 0]
    ci = at[at >= 0]
    date = w["diary_date"].to_numpy().astype("datetime64[ns]")
    lo, hi = (win[k].to_numpy().astype("datetime64[ns]")[ci] for k in ("lo", "hi"))
    outside_window = np.isnat(lo) | (date < lo) | (date > hi)
    opened, closed = (_dates(c, k).to_numpy()[ci] for k in ("opened", "closed"))
    outside_open = (date < opened) | (date >= closed)  # NaT compares False: open-ended
    names = pd.Index(pd.unique(pd.concat([w["worker_id"].astype("string"),
                                          c["worker_id"].astype("string")]).dropna()))
    share = observed_share(days).reindex(names).fillna(1.0).to_numpy()
    me = _positions(names, w["worker_id"].astype("string"))
    holder = (names.get_indexer(c["worker_id"].astype("string"))[ci] if "worker_id" in c
              else np.full(len(ci), -1))
    by_other = me != holder
    scale = np.where(by_other, win["share"].to_numpy(float)[ci] / share[me], 1.0)
    counted = np.where(outside_window, 0.0, w["minutes"].to_numpy(float) * scale)
    return w[["case_id", "worker_id", "category", "minutes", "diary_date"]].assign(
        counted=counted, by_other=by_other, outside_open=outside_open,
        outside_window=outside_window)


#: Why work on a case is in no case-month, in the order they are tested.
LEFT_OUT = {  # no apostrophe (a published warning blanks a quote), no snake_case (people read it)
    "not_in_cases": "not in the cases table",
    "no_holder": "with no holder",
    "holder_kept_no_diary": "whose holder kept no diary",
    "no_case_months": "not open while the holder kept the diary",
}


def hours_left_out(work: pd.DataFrame, cases: pd.DataFrame, days: pd.DataFrame
                   ) -> pd.DataFrame:
    """Hours of work on cases that have no case-months, by why.

    Parameters
    ----------
    work : DataFrame
        Work episodes on a case: ``case_id`` and ``minutes``.
    cases : DataFrame
        ``case_id``, ``worker_id`` (holder) and ``case_months`` (see
        :func:`case_exposure`); a case repeated counts once if any row has case-months.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (``worker_id``, ``used``).

    Returns
    -------
    DataFrame
        Indexed by ``reason`` (the keys of :data:`LEFT_OUT`, only those with work):
        ``n_cases``, ``n_episodes``, ``hours`` (as recorded, in no case's hours).

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1", "W2"], "used": [True, True]})
    >>> cases = pd.DataFrame({"case_id": ["A", "B", "C", "D"], "worker_id": ["W1", "W9",
    ...     None, "W2"], "case_months": [1.0, 0.0, 0.0, 0.0]})
    >>> work = pd.DataFrame({"case_id": ["A", "B", "B", "C", "D", "Z"],
    ...                      "minutes": [60.0, 30.0, 30.0, 15.0, 45.0, 90.0]})
    >>> t = hours_left_out(work, cases, days)  # Z, C, B (W9: no diary), D (W2: not open)
    >>> t["hours"].to_dict()
    {'not_in_cases': 1.5, 'no_holder': 0.25, 'holder_kept_no_diary': 1.0, 'no_case_months': 0.75}
    >>> t["n_cases"].tolist(), t["n_episodes"].tolist()
    ([1, 1, 1, 1], [1, 1, 2, 1])
    """
    ids = cases["case_id"].astype("string")
    kept = pd.Index(ids[cases["case_months"].to_numpy() > 0].unique())
    lost = work.loc[_positions(kept, work["case_id"].astype("string")) < 0]
    rows: dict[str, tuple] = {}
    if lost.empty:
        return _left_out_table(rows)
    c = cases.assign(case_id=ids).drop_duplicates("case_id")
    holder = (c["worker_id"].astype("string") if "worker_id" in c
              else pd.Series(pd.NA, index=c.index, dtype="string"))
    diarists = pd.Index(days.loc[days["used"].astype(bool), "worker_id"].astype("string").unique())
    why = np.select([holder.isna().to_numpy(), _positions(diarists, holder) < 0],
                    ["no_holder", "holder_kept_no_diary"], "no_case_months")
    case = lost["case_id"].astype("string")
    at = _positions(pd.Index(c["case_id"]), case)
    reason = np.where(at < 0, "not_in_cases", why[at])
    minutes = lost["minutes"].to_numpy(float)
    rows = {k: (case[reason == k].nunique(), int((reason == k).sum()),
                minutes[reason == k].sum() / 60) for k in LEFT_OUT if (reason == k).any()}
    return _left_out_table(rows)


def _left_out_table(rows: dict[str, tuple]) -> pd.DataFrame:
    return pd.DataFrame(list(rows.values()), columns=["n_cases", "n_episodes", "hours"],
                        index=pd.Index(list(rows), name="reason", dtype=object))


def _warn_left_out(lost: pd.DataFrame, total_hours: float) -> None:
    """One data note naming the hours on cases with no case-months, and why."""
    parts = "; ".join(f"{_h(h)} h on {n:,} case{'s' if n != 1 else ''} {LEFT_OUT[k]}"
                      for k, n, h in zip(lost.index, lost["n_cases"], lost["hours"],
                                         strict=True))
    warnings.warn(  # the figures first: a published warning is cut at 300 characters
        f"{_h(lost['hours'].sum())} of {_h(total_hours)} hours of work on cases are in no "
        f"case-month ({parts}); a case needs case-months in the diary period to be in the "
        "hours per case-month. Check the holders and the opening and closing dates in the "
        "cases table, and that it lists every case.",
        DataQualityWarning, stacklevel=3)


def _h(hours: float) -> str:
    """Hours to 0.1, or to 0.01 under 0.05 (a few minutes are not '0.0 h').

    Examples
    --------
    >>> _h(38.44), _h(0.03), _h(0.0)
    ('38.4', '0.03', '0.0')
    """
    return f"{hours:,.2f}" if 0 < hours < 0.05 else f"{hours:,.1f}"


def case_month(
    episodes: pd.DataFrame,
    cases: pd.DataFrame,
    *,
    period: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    workers: pd.DataFrame | None = None,
    days: pd.DataFrame | None = None,
    non_work: Sequence[str] = NON_WORK,
    weight: str | None = None,
    day_start_hour: float = 4.0,
) -> pd.DataFrame:
    """Hours on each case in the diary period, with its exposure in case-months.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes (of used days: see :func:`~timestudy.panels.used_episodes`).
    cases : DataFrame
        Canonical cases table (``case_id``, ``case_type``, ``worker_id``,
        attributes, ``opened``, ``closed``).
    period : (Timestamp, Timestamp), optional
        First and last day of the diary period; by default from the episodes
        (see :func:`study_period`).
    workers : DataFrame, optional
        Gives FTE for the caseload-pressure term ``cases_per_fte``, and contracted
        days for the completeness of diaries.
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output (computed when not given).

    Returns
    -------
    DataFrame
        One row per case observed in the period: the case's columns,
        ``case_months`` (exposure, see :func:`case_exposure` and
        :func:`covered_absence`), ``hours_<category>``,
        ``hours`` (all work counted), ``hours_per_month`` (hours / case_months),
        ``hours_by_others`` and ``hours_outside_open`` (parts of ``hours``),
        ``hours_outside_window`` (not counted), ``cases_held`` and
        ``cases_per_fte`` of its worker, and ``weight``. Work on a case with no
        case-months is in no row: a :class:`~timestudy.errors.DataQualityWarning`
        says how many hours on how many cases and why, and
        ``attrs["hours_left_out"]`` holds the :func:`hours_left_out` table as a
        dict (reason: ``{"n_cases", "n_episodes", "hours"}``), absent when none is.

    Examples
    --------
    >>> from timestudy import read_diary, read_cases, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> cm = case_month(eps, read_cases(EXAMPLES / "cases.csv"))
    >>> cm.loc[cm["case_id"] == "C00006", ["case_type", "hours"]].values.tolist()
    [['CLA', 5.75]]
    >>> bool(((cm["hours"] / cm["case_months"] - cm["hours_per_month"]).abs() < 1e-9).all())
    True
    """
    e = prepare(episodes, day_start_hour)
    if period is None:
        period = study_period(e)
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    if days is None:
        days = diary_completeness(e, workers, non_work=non_work)
    out = cases.copy()
    out["case_id"] = out["case_id"].astype("string")
    days = absence_covered(days, e.loc[~e["category"].isin(non_work)], out)
    out["case_months"] = case_exposure(out, days, period).to_numpy()
    work = e.loc[~e["category"].isin(non_work) & e["case_id"].notna(), _HOURS_READS]
    lost = hours_left_out(work, out, days)
    out = out.loc[out["case_months"] > 0].reset_index(drop=True)
    h = case_hours(work, out, days, period)
    out["case_months"] += covered_absence(out, days, h, period)  # held by cover while away
    by_cat = h.pivot_table(index="case_id", columns="category", values="counted",
                           aggfunc="sum", fill_value=0.0, observed=True) / 60
    by_cat.columns = [f"hours_{c}" for c in by_cat.columns]
    parts = pd.DataFrame({
        "hours_by_others": h["counted"].where(h["by_other"], 0.0),
        "hours_outside_open": h["counted"].where(h["outside_open"], 0.0),
        "hours_outside_window": h["minutes"].where(h["outside_window"], 0.0),
    }).groupby(h["case_id"].to_numpy()).sum() / 60
    out = out.merge(by_cat, left_on="case_id", right_index=True, how="left")
    out = out.merge(parts, left_on="case_id", right_index=True, how="left")
    hour_cols = list(by_cat.columns)
    filled = hour_cols + list(parts.columns)
    out[filled] = out[filled].fillna(0.0)
    out["hours"] = out[hour_cols].sum(axis=1)
    out["hours_per_month"] = out["hours"] / out["case_months"]
    listed = "case_listed_as" if "case_listed_as" in out else "case_id"  # one per period
    held = out.groupby("worker_id")[listed].transform("nunique")
    out["cases_held"] = held
    fte = out["worker_id"].map(workers.set_index("worker_id")["fte"]) if workers is not None else 1
    out["cases_per_fte"] = held / pd.Series(fte, index=out.index).astype(float).fillna(1.0)
    if weight:
        w = e.groupby("worker_id")[weight].mean()
        out["weight"] = out["worker_id"].map(w).fillna(1.0)
    else:
        out["weight"] = 1.0
    if len(lost):
        _warn_left_out(lost, float(work["minutes"].sum()) / 60)
        out.attrs["hours_left_out"] = {
            k: {"n_cases": int(n), "n_episodes": int(m), "hours": float(h)}
            for k, n, m, h in zip(lost.index, lost["n_cases"], lost["n_episodes"],
                                  lost["hours"], strict=True)}
    return out
