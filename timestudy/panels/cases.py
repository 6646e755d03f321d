"""Case-months: hours on each case over the same worker-days as its exposure.

Rules (the method section of a report says the same):

- **Window.** A holder's window runs from the day after their last contracted day
  before their first diary day to the day before their first contracted day after
  their last (within the study period; contracted weekdays as
  :func:`~timestudy.panels.diary_completeness` reads them from the workers table's
  ``workdays``): a case is held on its holder's days off as on their working days,
  so a Monday-to-Wednesday worker's last Thursday and Friday are in it. A window
  never runs before the holder's ``joined`` date nor on or after their ``left`` date
  (the workers table); without ``joined``, a diary that begins after a contracted day of
  the holder's inside the study is a joiner's and its window starts on its first day (a
  full-timer's or a part-timer's alike); without ``left``, a diary that stops early is
  widened over the days off after it, as a worker's in post
  (:func:`~timestudy.panels.windows.diary_windows`).
- **Study period.** The first to the last diary day (or the ``period`` given), widened
  within its first and last week over days no diarist is contracted to work
  (:func:`~timestudy.panels.windows.study_span`): a study in which everyone works Monday
  to Thursday (compressed hours, part-timers) still holds its last Friday, as a
  part-timer's window holds their days off. Neither the study file nor the command line
  states the period: it is found so from the diary and the workers' ``workdays``.
- **Exposure.** A case counts the working days it was open (from its opening day,
  up to but not including its closing day) within its holder's window: days of the
  holder's week (their own days, each 5 / their days a week of a day: a
  Sunday-to-Thursday worker's cases are open Sunday to Thursday, a Tuesday-to-Thursday
  part-timer's Tuesday to Thursday, each five thirds of a day, a Monday-to-Saturday
  worker's each five sixths; a pattern alternating by week, week by week: five days'
  worth a week, so a case-month is the share of its
  holder's working time the case is open, :func:`~timestudy.panels.windows.case_days`)
  that are not bank holidays (the list the diary's days were read with,
  :func:`~timestudy.panels.diary_completeness`; each the part of a day it is in the
  holder's week, as it takes that part of their working time:
  :func:`~timestudy.panels.windows.day_weights`)
  nor days the holder was absent
  (leave or sickness, written in or in the ``leave`` table), less the share of each
  day at work that was leave or sickness (an afternoon's leave: its hours over the
  holder's contracted day, ``absent_part``, the rule the FTE-weeks take it out by:
  :func:`~timestudy.panels.workdays.absent_share`), and a bank holiday
  the holder worked as a day at work. That count is multiplied by the share of the
  holder's contracted days at work that were used while the case was open in the
  window, each day counted as it counts in the exposure (a six-day week's days five
  sixths: :func:`~timestudy.panels.holder_shares.share_weights`), short days left out
  of both counts
  (:func:`~timestudy.panels.observed_days.observed_share` over those days,
  :func:`~timestudy.panels.holder_shares.holder_windows`): a missing day is out of the
  exposure as it is out of the hours, and a day missing while the case was not open
  takes nothing from it (the whole window's share where the case was open on none of
  the holder's days at work). A case-month is the working days
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
  was held by cover, so the days of that spell of absence (or the part of a day away on
  which the colleague worked it) stay in its exposure and
  the colleague's hours are its work on them (:func:`~timestudy.panels.exposure.covered_absence`); a
  spell in which nobody worked on the case has its days out. A colleague who worked the
  case mostly on days its holder wrote works it with them: the holder's blank days stay
  missing (:func:`~timestudy.panels.absence_cover.absence_covered`). A case held jointly (a
  job share, ``JS1; JS2``) is held by its job: its days are its holders' days together (the
  union of their contracted days in each week, each 5 over the union's days,
  :func:`~timestudy.panels.windows.job_day_weights`: Monday to Wednesday and Wednesday to
  Friday hold it Monday to Friday, a day each), over its holders' windows together, and a
  day is out only when every holder whose day it is is away (a co-holder's day off holds
  nothing; :mod:`~timestudy.panels.co_held`), whichever holder is named first; its share
  observed is its holders' full working days written taken together, and each holder's
  hours are scaled as a colleague's are (:func:`~timestudy.panels.holder_shares.holders_share`).
  Other work
  on a day out of the exposure (a bank holiday worked short, a few minutes on a
  day of leave) counts in the hours: work the case needed, done on a day off, like
  work at the weekend.
- **Hours.** All work on the case recorded on used days within the holder's
  window, a night's end after the diary day's start on the night's day
  (:func:`~timestudy.panels.shift_tails.night_dates`, as the pieces read it). Work by
  someone other than the holder counts, scaled by the holder's used share (over the
  case's open days) over the worker's own (so that it is observed as completely as the
  holder's). Work before the case opened or after it closed counts too (a
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
from timestudy.ingest.co_worked import CO_WORKERS, holders_read
from timestudy.panels.absence_cover import absence_covered
from timestudy.panels.co_held import job_holders
from timestudy.panels.completeness import diary_completeness
from timestudy.panels.episodes import DAYS_PER_MONTH, NON_WORK, prepare, study_period, sums_wide
from timestudy.panels.exposure import _positions, case_exposure, covered_absence, study_span
from timestudy.panels.holder_shares import (
    _dates,
    _open_range,
    holder_windows,
    share_between,
    share_weights,
)
from timestudy.panels.left_out import _warn_left_out, hours_left_out, outside_window_note
from timestudy.panels.observed_days import observed_share
from timestudy.panels.shift_tails import on_night_dates
from timestudy.panels.survey_weights import survey_weights


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


_HOURS_READS = ["case_id", "worker_id", "category", "minutes", "diary_date"]  # case_hours reads


def case_hours(e: pd.DataFrame, cases: pd.DataFrame, days: pd.DataFrame,
               period: tuple[pd.Timestamp, pd.Timestamp],
               workers: pd.DataFrame | None = None) -> pd.DataFrame:
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
    workers : DataFrame, optional
        Workers table: its ``joined`` and ``left`` bound the holders' windows.

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
    c = holders_read(cases).assign(case_id=cases["case_id"].astype("string"))
    c = c.drop_duplicates("case_id")
    c = c.reset_index(drop=True)
    return _hours_of(e, c, days, holder_windows(c, days, period, workers), workers)


def _hours_of(e: pd.DataFrame, c: pd.DataFrame, days: pd.DataFrame,
              win: pd.DataFrame, workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`case_hours` on cases ``c`` (one row a case, ``case_id`` text, indexed from 0)
    whose :func:`~timestudy.panels.holder_shares.holder_windows` are ``win``; a worker's
    used share weighs their days as the holder's does
    (:func:`~timestudy.panels.holder_shares.share_weights`, ``workers``' patterns)."""
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
    weight = share_weights(days, workers)
    share = observed_share(days, weight).reindex(names).fillna(1.0).to_numpy()
    me = _positions(names, w["worker_id"].astype("string"))
    holder = (names.get_indexer(c["worker_id"].astype("string")) if "worker_id" in c
              else np.full(len(c), -1))
    by_other = ~(job_holders(c, names, holder)[ci] == me[:, None]).any(axis=1)  # any holder's
    own = share[me]
    # a colleague's work, and a jointly held case's holders' (holder_shares.holders_share)
    rescale = by_other | (c[CO_WORKERS].notna().to_numpy()[ci] if CO_WORKERS in c else False)
    if rescale.any():  # a colleague's share over the case's open days, as the holder's
        first, last = _open_range(c, win)
        pos = np.flatnonzero(rescale)
        own = own.copy()
        over = share_between(days, w["worker_id"].iloc[pos].reset_index(drop=True),
                             first.iloc[ci[pos]].reset_index(drop=True),
                             last.iloc[ci[pos]].reset_index(drop=True), own[pos], weight)
        own[pos] = np.where(over > 0, over, own[pos])  # none written there: their whole share
    scale = np.where(rescale, win["share"].to_numpy(float)[ci] / np.where(own > 0, own, 1.0),
                     1.0)
    counted = np.where(outside_window, 0.0, w["minutes"].to_numpy(float) * scale)
    return w[["case_id", "worker_id", "category", "minutes", "diary_date"]].assign(
        counted=counted, by_other=by_other, outside_open=outside_open,
        outside_window=outside_window)


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
        (see :func:`study_period`). Either way it is widened at its ends, within its
        first and last week, over days no diarist is contracted to work
        (:func:`~timestudy.panels.windows.study_span`: a study in which everyone works
        Monday to Thursday ends on the Friday).
    workers : DataFrame, optional
        Gives FTE for the caseload-pressure term ``cases_per_fte``, and contracted
        days for the completeness of diaries.
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output (computed when not given).

    Returns
    -------
    DataFrame
        One row per case observed in the period: the case's columns,
        ``case_months`` (exposure, see :func:`~timestudy.panels.exposure.case_exposure` and
        :func:`~timestudy.panels.exposure.covered_absence`), ``hours_<category>``,
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
    # a night's end on the night's day, as the pieces and the worker-weeks read it
    e = on_night_dates(prepare(episodes, day_start_hour), non_work, day_start_hour)
    if period is None:
        period = study_period(e)
    period = (pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    if days is None:
        days = diary_completeness(e, workers, non_work=non_work)
    out = holders_read(cases).copy()  # ' W1 ' is W1, as read_cases leaves it
    out["case_id"] = out["case_id"].astype("string")
    days = absence_covered(days, e.loc[~e["category"].isin(non_work)], out)
    period = study_span(period, days)  # and the days off no one works at its ends
    # each case's holder's window worked out once, for the exposure, the hours and the cover
    win = holder_windows(out, days, period, workers)
    out["case_months"] = case_exposure(out, days, period, windows=win,
                                       workers=workers).to_numpy()
    work = e.loc[~e["category"].isin(non_work) & e["case_id"].notna(), _HOURS_READS]
    # a case with no days of its own may have some held by cover: worked on, it is kept
    # until the cover is known (fix36j2: opened and closed inside a covered spell)
    kept = ((out["case_months"] > 0) | out["case_id"].isin(
        work["case_id"].astype("string").unique())).to_numpy()
    every, out = out, out.loc[kept].reset_index(drop=True)
    win = win.loc[kept].reset_index(drop=True)
    once = ~out["case_id"].duplicated().to_numpy()  # case_hours' one row a case
    h = (_hours_of(work, out, days, win, workers) if once.all()
         else case_hours(work, out, days, period, workers))
    # held by cover while away
    out["case_months"] += covered_absence(out, days, h, period, windows=win, workers=workers)
    every.loc[kept, "case_months"] = out["case_months"].to_numpy()
    lost = hours_left_out(work, every, days)
    out = out.loc[out["case_months"].to_numpy() > 0].reset_index(drop=True)
    h = h.loc[_positions(pd.Index(out["case_id"].unique()), h["case_id"].astype("string")) >= 0]
    by_cat = sums_wide(h, "case_id", "category", "counted") / 60
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
        w = pd.Series(survey_weights(e, weight), index=e["worker_id"].to_numpy())
        w = w.groupby(level=0).first()  # one per worker, checked
        out["weight"] = out["worker_id"].map(w).fillna(1.0)
    else:
        out["weight"] = 1.0
    if note := outside_window_note(h):
        warnings.warn(note, DataQualityWarning, stacklevel=2)
    if len(lost):
        _warn_left_out(lost, float(work["minutes"].sum()) / 60)
        out.attrs["hours_left_out"] = {
            k: {"n_cases": int(n), "n_episodes": int(m), "hours": float(h)}
            for k, n, m, h in zip(lost.index, lost["n_cases"], lost["n_episodes"],
                                  lost["hours"], strict=True)}
    return out
