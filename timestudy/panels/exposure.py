"""Case exposure: the holders' windows and the working days each case is counted over.

The rules are :mod:`timestudy.panels.cases`'s (its notes say why): a holder's window
(:func:`diary_windows`), each case's working days open in it with bank holidays and the
holder's absence out unless a colleague covered the case (:func:`case_exposure`,
:func:`covered_absence`, :func:`absence_covered`), over the working days of a month
(:func:`month_working_days`, :func:`case_month_days`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.ingest.co_worked import CO_WORKERS, co_worker_lists
from timestudy.panels.co_held import co_held_days, held_by_others, kept_in_spells
from timestudy.panels.holidays import (
    DEFAULT_BANK_HOLIDAYS,
    bank_holidays,
    holiday_days,
    holidays_a_year,
    month_working_days,
)
from timestudy.panels.observed_days import observed_share, share_days
from timestudy.panels.windows import MON_TO_FRI, diary_windows, study_span  # noqa: F401
from timestudy.panels.workdays import WORKING_STATUSES


def _dates(cases: pd.DataFrame, col: str) -> pd.Series:
    if col not in cases:
        return pd.Series(pd.NaT, index=cases.index, dtype="datetime64[ns]")
    t = pd.to_datetime(cases[col]).astype("datetime64[ns]")
    # midnight of each day (Series.dt.normalize's days, a third of this function's time)
    return pd.Series(t.to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
                     index=t.index, name=t.name)


def holder_windows(cases: pd.DataFrame, days: pd.DataFrame,
                   period: tuple[pd.Timestamp, pd.Timestamp],
                   workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each case's holder's window (:func:`diary_windows`) and used share.

    Returns ``lo``, ``hi`` (first and last day of the window, NaT when the holder
    kept no diary) and ``share``, indexed like ``cases``: the holder's used share
    (:func:`~timestudy.panels.observed_days.observed_share`) over the days the case was
    open in the window, so that a day missing while the case was not open takes nothing
    from its exposure (audit22c: two blank days before a case opened cut its five open
    days, all written, to four); the holder's share over the whole window where the case
    was open on none of their full working days. ``workers``' ``joined`` and ``left``
    bound the windows (:func:`diary_windows`).
    """
    span = diary_windows(days, period, workers)
    holder = (cases["worker_id"].astype("string") if "worker_id" in cases
              else pd.Series(pd.NA, index=cases.index, dtype="string"))
    out = pd.DataFrame({
        "lo": holder.map(span["lo"]).astype("datetime64[ns]"),
        "hi": holder.map(span["hi"]).astype("datetime64[ns]"),
        "share": holder.map(observed_share(days)).astype(float).fillna(0.0),
    }, index=cases.index)
    out["share"] = _open_share(cases, days, holder, out)
    out["share"] = holders_share(cases, days, holder, out)
    return out


def holders_share(cases: pd.DataFrame, days: pd.DataFrame, holder: pd.Series,
                  win: pd.DataFrame) -> np.ndarray:
    """``win["share"]``, a jointly held case's (:data:`~timestudy.ingest.co_worked.CO_WORKERS`)
    the used share of all its holders' full working days over its open days in ``win``
    taken together: its work is seen on the days any holder wrote, so one holder's blank
    days take from it in proportion to their part of the holders' days (a job share's
    second holder writing every day of theirs is not scaled by the first's blank days
    alone; audit29 s_js_leave_blank: 9 of 11 and 12 of 12 days, 21 of 23)."""
    share = win["share"].to_numpy(float).copy()
    if CO_WORKERS not in cases:
        return share
    joint = (cases[CO_WORKERS].notna() & holder.notna()).to_numpy()
    if not joint.any():
        return share
    lists = co_worker_lists(cases[CO_WORKERS]).set_axis(np.arange(len(cases)))[joint].explode()
    rows = np.r_[np.flatnonzero(joint), lists.index.to_numpy(np.int64)]
    who = pd.Series(np.r_[holder.to_numpy()[joint], lists.astype("string").str.strip()
                          .to_numpy()], dtype="string")
    first, last = _open_range(cases, win)
    n_at, n_used = (np.bincount(rows, weights=n, minlength=len(cases)) for n in days_between(
        days, who, first.iloc[rows].reset_index(drop=True), last.iloc[rows].reset_index(drop=True)))
    on = joint & (n_at > 1e-9)
    share[on] = n_used[on] / n_at[on]
    return share


def _open_share(cases: pd.DataFrame, days: pd.DataFrame, holder: pd.Series,
                win: pd.DataFrame) -> np.ndarray:
    """Each case's holder's used share over the case's open days in ``win``;
    ``win["share"]`` where none of those days is a full working day."""
    first, last = _open_range(cases, win)
    return share_between(days, holder, first, last, win["share"].to_numpy(float))


def share_between(days: pd.DataFrame, workers: pd.Series, first: pd.Series,
                  last: pd.Series, fallback: np.ndarray) -> np.ndarray:
    """Each of ``workers``' used share (:func:`~timestudy.panels.observed_days.observed_share`)
    over their days from ``first`` up to but not including ``last`` (one sorted search per
    count); ``fallback`` where that span holds none of their full working days.

    Examples
    --------
    W1 wrote 2 and 3 March, not the 4th: over 3 to 5 March, 1 of 2.

    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
    ...     ["2026-03-02", "2026-03-03", "2026-03-04"]), "contracted": True,
    ...     "status": ["complete", "complete", "missing"], "used": [True, True, False]})
    >>> share_between(days, pd.Series(["W1", "W1"]), pd.to_datetime(pd.Series(
    ...     ["2026-03-03", "2026-03-06"])), pd.to_datetime(pd.Series(["2026-03-05",
    ...     "2026-03-09"])), np.array([0.9, 0.9])).tolist()
    [0.5, 0.9]
    """
    share = np.asarray(fallback, float).copy()
    n_at, n_used = days_between(days, workers, first, last)
    on = n_at > 1e-9
    share[on] = n_used[on] / n_at[on]
    return share


def days_between(days: pd.DataFrame, workers: pd.Series, first: pd.Series,
                 last: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``workers``' full working days from ``first`` up to but not including
    ``last``, and those of them used (:func:`~timestudy.panels.observed_days.share_days`:
    each weighed by its part at work); 0 for a worker with no days there."""
    n_at, n_used = np.zeros(len(workers)), np.zeros(len(workers))
    ok = (first.notna() & last.notna() & (last > first)).to_numpy()
    if not ok.any() or days.empty:
        return n_at, n_used
    names = pd.Index(days["worker_id"].astype("string").unique())
    worker = names.get_indexer(days["worker_id"].astype("string"))
    date = days["diary_date"].to_numpy().astype("datetime64[D]")
    who = names.get_indexer(pd.Series(workers).astype("string")[ok])
    lo, hi = (_day_key(who, t[ok].to_numpy()) for t in (first, last))
    at_work, used = share_days(days)  # each day weighed by its part at work
    key = _day_key(worker, date)
    n_at[ok], n_used[ok] = (np.where(who >= 0, _sum_between(key, w, lo, hi), 0.0)
                            for w in (at_work, used))
    return n_at, n_used


def _open_range(cases: pd.DataFrame, win: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each case's first open day in its holder's window and the day after its last."""
    lo = np.maximum(_dates(cases, "opened").fillna(win["lo"]), win["lo"])
    hi = np.minimum(_dates(cases, "closed").fillna(win["hi"] + pd.Timedelta(days=1)),
                    win["hi"] + pd.Timedelta(days=1))
    return lo, hi


def case_exposure(cases: pd.DataFrame, days: pd.DataFrame,
                  period: tuple[pd.Timestamp, pd.Timestamp],
                  windows: pd.DataFrame | None = None,
                  workers: pd.DataFrame | None = None) -> pd.Series:
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
    windows : DataFrame, optional
        :func:`holder_windows` of ``cases``, when already worked out (``case_month`` works
        them out once for the exposure, the hours on cases and the cover).
    workers : DataFrame, optional
        Workers table: its ``joined`` and ``left`` bound a co-holder's window
        (:func:`~timestudy.panels.co_held.co_held_days`).

    Returns
    -------
    Series
        ``case_months`` indexed by ``case_id``: the open working days in the
        holder's window (weekdays less bank holidays and the holder's days absent,
        plus bank holidays the holder worked as a day at work; a case held jointly keeps
        a day away of its first-named holder on which another of its holders was at hand:
        :func:`~timestudy.panels.co_held.co_held_days`), times the holder's
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
    span = _Span(cases, days, period, windows, workers)
    working = np.zeros(len(cases))
    working[span.ok] = np.busday_count(span.first, span.last, holidays=span.holidays)
    working[span.ok] += (_holder_days(span, days["contracted"].to_numpy(bool) & span.bank)
                         - _holder_days(span, span.absent) - _holder_sum(span, span.part)
                         + np.bincount(span.kept_row, weights=span.kept_abs + span.kept_part,
                                       minlength=int(span.ok.sum())))
    return pd.Series(working * span.scale, index=cases["case_id"].to_numpy(),
                     name="case_months")


def covered_absence(cases: pd.DataFrame, days: pd.DataFrame, hours: pd.DataFrame,
                    period: tuple[pd.Timestamp, pd.Timestamp],
                    windows: pd.DataFrame | None = None,
                    workers: pd.DataFrame | None = None) -> np.ndarray:
    """Case-months to add to :func:`case_exposure` for cases covered while their holder was away.

    A holder's absence comes in spells: runs of their absent working days with no day at
    work between them (a weekend, a bank holiday or a day not contracted does not end a
    spell; a day worked, written or not, does). A spell on one of whose days someone other
    than the holder worked on the case (``hours``' ``by_other``, inside the holder's
    window) was held by cover: its days are then in the case's exposure, as days at work
    are, and the colleagues' hours are its work on them. A spell no one covered stays out,
    whatever happened in another spell: a week off sick with one visit by a colleague
    does not bring back a week's leave on which no one touched the case.

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
    windows : DataFrame, optional
        :func:`holder_windows` of ``cases``, when already worked out (``case_month`` works
        them out once for the exposure, the hours on cases and the cover).

    Returns
    -------
    ndarray of float
        Case-months, one per row of ``cases`` (0 for a case not covered).

    Examples
    --------
    W1 away Tuesday 3 and Wednesday 4 March 2026 (one spell), back on Thursday, away
    again Friday 6 and Monday 9 (a second spell: the weekend does not end it). W2 visits
    W1's case A on the Wednesday: the first spell is covered, 2 days, 2 / 21.07 = 0.095
    case-months more; the second is not (counting every day away, as before, gave 4).

    >>> d = pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
    ...                     "2026-03-06", "2026-03-09", "2026-03-10"])
    >>> away = [False, True, True, False, True, True, False]
    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": d, "contracted": True,
    ...     "status": np.where(away, "absent", "complete"), "used": np.invert(away)})
    >>> c = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"], "opened": pd.NaT,
    ...     "closed": pd.NaT})
    >>> h = pd.DataFrame({"case_id": ["A"], "diary_date": d[[2]], "by_other": True,
    ...     "outside_window": False})
    >>> period = (d[0], d[-1])
    >>> round(float(covered_absence(c, days, h, period)[0]) * 21.07, 2)
    2.0

    A visit on the Monday instead covers the second spell, Friday and Monday:

    >>> round(float(covered_absence(c, days, h.assign(diary_date=d[[5]]), period)[0])
    ...       * 21.07, 2)
    2.0
    """
    span = _Span(cases, days, period, windows, workers)
    cover = hours.loc[hours["by_other"].to_numpy(bool) & ~hours["outside_window"].to_numpy(bool)]
    if "worker_id" not in cases or cover.empty:
        return np.zeros(len(cases))
    at = _positions(pd.Index(cases["case_id"].astype("string")), cover["case_id"].astype("string"))
    row = np.cumsum(span.ok) - 1  # each case's row among those counted (``ok``)
    keep = at >= 0
    keep[keep] = span.ok[at[keep]]
    at = at[keep]
    holder = span.holder[row[at]]
    key = _day_key(holder, cover["diary_date"].to_numpy()[keep])
    parts = _parts_covered(span, at, row[at], key, len(cases))
    absent = span.key(span.absent)  # sorted (holder, day) keys of the days away
    if not len(absent):
        return parts * span.scale
    hit = np.minimum(np.searchsorted(absent, key), len(absent) - 1)
    on = (holder >= 0) & (absent[hit] == key)  # a colleague's work on a day the holder was away
    spell, starts = _spells(span, absent)
    pair = np.unique(at[on].astype(np.int64) * len(starts) + spell[hit[on]])
    case, s = pair // len(starts), pair % len(starts)  # each case and spell covered, once
    ok, h = row[case], span.holder[row[case]]
    # the spell's days away that fall in the case's open days in its holder's window
    lo = np.maximum(starts[s], np.searchsorted(absent, _day_key(h, span.first[ok])))
    hi = np.minimum(np.r_[starts[1:], len(absent)][s],
                    np.searchsorted(absent, _day_key(h, span.last[ok])))
    days_back = np.bincount(case, weights=np.maximum(hi - lo, 0), minlength=len(cases))
    days_back = days_back - kept_in_spells(span, absent, spell, starts, pair, len(cases))
    return (days_back + parts) * span.scale


def _parts_covered(span: _Span, at: np.ndarray, ok: np.ndarray, key: np.ndarray,
                   n: int) -> np.ndarray:
    """Days to give back to each of ``n`` cases for its holder's part-days away (``span.part``)
    on which a colleague worked it: each (case, day) once, its share away (an afternoon's
    leave covered is held by cover, as a whole day's is). ``at``: the case of each row of
    cover; ``ok``: its row among those counted; ``key``: its (holder, day) key."""
    on = span.part > 0
    if not on.any() or not len(key):
        return np.zeros(n)
    pkey = _day_key(span.worker[on], span.date[on])
    order = np.argsort(pkey, kind="stable")
    pkey, share = pkey[order], span.part[on][order]
    hit = np.minimum(np.searchsorted(pkey, key), len(pkey) - 1)
    day = (key % _KEY_DAYS).astype("datetime64[D]")
    inside = (span.first[ok] <= day) & (day < span.last[ok])  # the case's open days
    hit_ok = (span.holder[ok] >= 0) & (pkey[hit] == key) & inside
    if (span.kept_part > 0).any():  # a part-day a co-holder held is counted already
        kept = span.kept_part > 0
        hit_ok &= ~pd.MultiIndex.from_arrays([ok, key]).isin(pd.MultiIndex.from_arrays(
            [span.kept_row[kept], span.kept_key[kept]]))
    pair = np.unique(at[hit_ok].astype(np.int64) * len(pkey) + hit[hit_ok])
    return np.bincount(pair // len(pkey), weights=share[pair % len(pkey)], minlength=n)


def _spells(span: _Span, absent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each sorted absent (worker, day) key's spell, and where each spell starts in ``absent``.

    A spell ends at a day at work (:data:`~timestudy.panels.workdays.WORKING_STATUSES`):
    two absent days of a worker are in one spell when no day they worked lies between.
    """
    worked = np.searchsorted(span.key(span.at_work), absent)  # days worked before each
    new = np.ones(len(absent), bool)
    new[1:] = (worked[1:] != worked[:-1]) | (absent[1:] // _KEY_DAYS != absent[:-1] // _KEY_DAYS)
    return np.cumsum(new) - 1, np.flatnonzero(new)


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
    worked and did not write is read the same way; it moves that one day only. A case the
    colleague worked mostly on days the holder wrote is worked together, not covered: its
    holder's blank days stay missing (:func:`_co_worked`).

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
    other &= ~_co_worked(work, holder, other, days)
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


def _co_worked(work: pd.DataFrame, holder: pd.Series, other: np.ndarray,
               days: pd.DataFrame) -> np.ndarray:
    """Which rows of a colleague's work (``other``) are on a case worked together: of the
    days the colleague worked it on which its holder wrote (used) or wrote nothing
    (missing), more than half were days the holder wrote. The holder's blank days are then
    days of theirs not written, not days away covered (audit22c: a case both worked every
    day had every blank day of its holder read as absence covered, 10% under by hand); a
    joint visit beside two days of cover is still cover (review22b).

    Examples
    --------
    W2 on W1's case A on 2, 3 and 4 March; W1 wrote 2 and 3 March, not the 4th: 2 of 3
    days with W1 writing, worked together.

    >>> days = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
    ...     ["2026-03-02", "2026-03-03", "2026-03-04"]), "used": [True, True, False],
    ...     "status": ["complete", "complete", "missing"]})
    >>> work = pd.DataFrame({"case_id": "A", "worker_id": "W2", "diary_date":
    ...     days["diary_date"]})
    >>> _co_worked(work, pd.Series(["W1"] * 3), np.ones(3, bool), days).tolist()
    [True, True, True]
    >>> _co_worked(work.iloc[1:], pd.Series(["W1"] * 2), np.ones(2, bool), days).tolist()
    [False, False]
    """
    date = pd.to_datetime(work["diary_date"]).to_numpy()
    at = pd.MultiIndex.from_arrays([holder.to_numpy(), date])
    written = days["used"].astype(bool).to_numpy()
    blank = days["status"].eq("missing").to_numpy()
    keys = pd.MultiIndex.from_arrays([days["worker_id"].astype("string").to_numpy(),
                                      days["diary_date"].to_numpy()])
    on_used = other & at.isin(keys[written])
    if not on_used.any():
        return np.zeros(len(work), bool)
    on_blank = other & at.isin(keys[blank])
    pair = pd.Series(pd.factorize(work["case_id"].astype("string") + "\x1f"
                                  + work["worker_id"].astype("string"))[0])
    seen = pd.DataFrame({"pair": pair, "date": date, "used": on_used, "blank": on_blank})
    seen = seen.loc[on_used | on_blank].drop_duplicates(["pair", "date"])
    share = seen.groupby("pair")["used"].mean()
    together = set(share.index[share > 0.5])
    return other & pair.isin(together).to_numpy()


class _Span:
    """What :func:`case_exposure` and :func:`covered_absence` count over: each case's open
    days in its holder's window (``first`` to ``last``, exclusive, for the rows ``ok``)
    and the worker-days of ``days`` that add to or take from them."""

    def __init__(self, cases: pd.DataFrame, days: pd.DataFrame,
                 period: tuple[pd.Timestamp, pd.Timestamp],
                 windows: pd.DataFrame | None = None,
                 workers: pd.DataFrame | None = None) -> None:
        """``windows``: :func:`holder_windows` of ``cases``, when already worked out;
        ``workers``: the workers table, bounding co-holders' windows."""
        win = (windows if windows is not None else
               holder_windows(cases, days, (pd.Timestamp(period[0]), pd.Timestamp(period[1]))))
        lo, hi = _open_range(cases, win)
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
        self.at_work = days["status"].isin(WORKING_STATUSES).to_numpy()  # days worked
        # the share of each weekday at work on leave or sick (an afternoon's leave)
        self.part = (days["absent_part"].to_numpy(float) * weekday if "absent_part" in days
                     else np.zeros(len(days)))
        worker = days["worker_id"].astype("string")
        self.names = pd.Index(worker.unique())
        self.worker = self.names.get_indexer(worker)
        holder = (cases["worker_id"].astype("string") if "worker_id" in cases
                  else pd.Series(pd.NA, index=cases.index, dtype="string"))
        self.holder = self.names.get_indexer(holder[self.ok])
        self.scale = win["share"].to_numpy() / case_month_days(days)
        # a jointly held case's days away that another holder held (co_held)
        self.kept_row, self.kept_key, self.kept_abs, self.kept_part = held_by_others(
            self, co_held_days(cases, days, (pd.Timestamp(period[0]), pd.Timestamp(period[1])),
                               workers))

    def key(self, kind: np.ndarray) -> np.ndarray:
        """The sorted (worker, day) keys of the worker-days ``kind``."""
        return np.sort(_day_key(self.worker[kind], self.date[kind]))


def _holder_days(span: _Span, kind: np.ndarray) -> np.ndarray:
    """Worker-days ``kind`` of each (``ok``) case's holder in its open days: one sorted search."""
    key = span.key(kind)
    n = (np.searchsorted(key, _day_key(span.holder, span.last))
         - np.searchsorted(key, _day_key(span.holder, span.first)))
    return np.where(span.holder >= 0, n, 0)


def _holder_sum(span: _Span, weight: np.ndarray) -> np.ndarray:
    """The sum of ``weight`` over each (``ok``) case's holder's worker-days in its open days."""
    on = weight > 0
    if not on.any():
        return np.zeros(len(span.holder))
    n = _sum_between(_day_key(span.worker[on], span.date[on]), weight[on],
                     _day_key(span.holder, span.first), _day_key(span.holder, span.last))
    return np.where(span.holder >= 0, n, 0.0)


def _sum_between(key: np.ndarray, weight: np.ndarray, lo: np.ndarray, hi: np.ndarray
                 ) -> np.ndarray:
    """The sum of ``weight`` over the worker-day keys from each ``lo`` up to but not
    including its ``hi``: one sort, one cumulative sum, two searches."""
    order = np.argsort(key, kind="stable")
    total = np.r_[0.0, np.cumsum(weight[order])]
    key = key[order]
    return total[np.searchsorted(key, hi)] - total[np.searchsorted(key, lo)]


_KEY_DAYS = 1_000_000  # days since 1970 stay far below this


def _day_key(worker: np.ndarray, date: np.ndarray) -> np.ndarray:
    """One sortable number per (worker, day): the worker's position, then the day."""
    return worker.astype(np.int64) * _KEY_DAYS + date.astype("datetime64[D]").astype(np.int64)


def case_month_days(days: pd.DataFrame | None,
                    holidays: str | Sequence | None = DEFAULT_BANK_HOLIDAYS) -> float:
    """Working days in the case-month ``days`` count exposure in: :func:`month_working_days`
    of their ``holidays_a_year`` (the study's, :func:`~timestudy.panels.diary_completeness`);
    for a table without them, of the usual number of the list ``holidays``
    (:func:`~timestudy.panels.holidays.holidays_a_year`).

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["W1"], "holidays_a_year": [10.0]})
    >>> round(case_month_days(days), 4), round(case_month_days(None), 4)
    (20.9077, 21.0744)
    """
    if days is None or "holidays_a_year" not in days or not len(days):
        return month_working_days(holidays_a_year(holidays))
    return month_working_days(float(days["holidays_a_year"].iloc[0]))


def _positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)``, each distinct value looked up once (a million text
    ids: 0.05 s against 0.12-0.3)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return index.get_indexer(distinct)[codes]
