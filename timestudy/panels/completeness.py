"""Diary completeness: each worker-day complete, partial, missing, absent, holiday or extra.

A worker's *diary window* runs from the first to the last day they made an entry.
Each day of it is classed as follows (``diary_completeness``):

- **holiday**: a bank holiday (``holidays``: England and Wales by default,
  :func:`~timestudy.panels.holidays.bank_holidays`) on a contracted weekday with no
  work recorded: a day off for everyone, not missing, not used and out of the
  FTE-weeks (time available takes bank holidays out of the year). Work on a bank
  holiday is counted: under ``partial_below`` of the usual day it is **extra** (work
  on a day off), with more a day at work (a rota, or a day off in lieu later);
- **absent**: a leave or sickness entry with under an hour of work, or a day in the
  ``leave`` table (with more work, a day at work, its absence entries' share out of
  the FTE-weeks: ``worker_week``). Time off in lieu and flexi leave (``toil_tasks``)
  are not absence: a contracted day with such an entry is complete and used with the
  work written on it (none on a whole day of TOIL), in the FTE-weeks and the case's
  exposure, for TOIL is time off for hours already worked inside the working year
  (time available adds back leave, never TOIL);
- **missing**: a contracted day, not absent nor a bank holiday, with no work recorded;
- **partial**: a contracted day, not absent and with no absence entry, whose work
  recorded is under ``partial_below`` (half by default) of the worker's usual day
  (the median hours of their contracted days with work recorded on that weekday,
  when there are at least 3 such days, else on all weekdays or the contracted day,
  contracted hours over contracted weekdays, when shorter: :func:`~timestudy.schema.contract_days.usual_day`, so a
  contract with a short Friday keeps its Fridays, and a job share's half day its
  half day) but at least
  ``short_below`` (a quarter by default) of it: a day *written in part*;
- **complete**: any other contracted day with work recorded. A day with work under
  ``short_below`` of the usual day and no absence entry is a *short day* (column
  ``short``): a day worked short (a flexi afternoon, an appointment), taken as
  written in full;
- **extra**: work recorded on a day that is not contracted (a weekend, a bank
  holiday, or a day off of a part-time worker);
- days neither contracted nor worked are left out.

The end of a shift begun the day before (a night's handover after 04:00) is read with
that day (:func:`~timestudy.panels.shift_tails.fold_tails`, by the rule the pieces, the
worker-weeks and the case-months read: ``night_dates``), whatever else its own day holds:
a day holding only it is then empty, and a night not worked is missing, not a short
day; a night cut short is judged by its own hours, not with the night before's end;
and workers whose shifts regularly cross the diary day's start are warned
of with the mapping's ``diary_day_start``.

**Short and partial days look alike in a diary.** Both stop well before the
worker's usual end of day, and no entry says why. The rule assumes that a diary
written only in part stops at a break after a stretch written in full (the usual
pattern: the morning written, the afternoon not), so it holds at least a quarter of
the worker's usual day; a day with less than that is a day worked short. Leaving a
short day out would drop real short days (hours too high by their share of days:
+4% hours per case-month and +2.8% hours per FTE-week on the held-out generator,
4% light days); keeping a day written in part whole would count its unwritten
afternoon as not worked (-2.8% hours per FTE-week on the project's simulator with
5% of days written up to lunch). ``short_below=0`` leaves every short day out with
the partial ones; ``use_partial=True`` keeps both: the two bounds, reported side
by side by :func:`timestudy.capacity.diary_rule_bounds` (measured in
``benchmarks/RESULTS.md``, "Short days and days written in part").

*Used* days are complete and extra days, and partial days when ``use_partial``:
hours and exposure are both taken over used days only, so a missing day is never
counted as a day of zero hours. A short day counts whole in the hours and in the
FTE-weeks (:func:`~timestudy.panels.worker_week`); in a worker's used share of days
(:func:`~timestudy.panels.observed_days.observed_share`, which scales case exposure and the missing-days correction)
it is neither a day seen nor one lost.

**Leave not written in** looks like a missing day at work: it is classed missing,
so it is left out of hours and exposure alike, but it lowers the worker's observed
share (pieces of written work come out a little long, and the case-months of
exposure a little short). Reading a run of empty contracted days (2 to 5 in a row,
or a whole week) as absence was measured and not taken: on the held-out generator
such runs hold few of the days of leave not written in and more days of work
missed, and on the project's simulator (every leave day written in) every day they
catch is a day of work (``benchmarks/RESULTS.md``,
"Unwritten leave: runs of empty days"). Give a ``leave`` table when one exists.

Contracted weekdays come from the workers table's ``workdays`` column (``"Mon Tue
Thu"``, ``"0,1,3"``, or weeks that alternate, ``"Mon-Fri / Mon-Thu"`` with ``pattern_from``:
:mod:`~timestudy.panels.work_patterns`); without it a worker at 1.0 FTE works Monday to Friday and a
part-time worker the ``round(5 x fte)`` weekdays on which they most often made an
entry. A weekday written in part in every week of a worker's diary (2 weeks or more)
is warned of (:func:`~timestudy.panels.unrecorded_weekdays.partial_weekdays`): a
regular half day the workers table does not show is left out each time; so is a weekday
empty every other week (:func:`~timestudy.panels.unrecorded_weekdays.alternate_weekdays`),
and a contract that does not fit the diary (:mod:`~timestudy.panels.contract_fit`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.panels.contract_fit import check_contract_fit
from timestudy.panels.episodes import ABSENCE_TASKS, NON_WORK, TOIL_TASKS, prepare
from timestudy.panels.holidays import DEFAULT_BANK_HOLIDAYS
from timestudy.panels.holidays import holidays_a_year as usual_holidays_a_year
from timestudy.panels.shift_tails import (
    fold_tails,
    morning_days,
    warn_morning_days,
    warn_night_shifts,
)
from timestudy.panels.unrecorded_weekdays import (
    alternate_weekdays,
    partial_weekdays,
    swapped_weeks,
    unrecorded_weekdays,
    warn_alternate_weekdays,
    warn_partial_weekdays,
    warn_swapped_weeks,
)
from timestudy.panels.work_patterns import misplaced_anchors, warn_misplaced_anchors
from timestudy.panels.workdays import (  # noqa: F401 (STATUSES: callers import it from here)
    STATUSES,
    absent_share,
)
from timestudy.schema.contract_days import due_days


def _leave_days(leave: pd.DataFrame | None) -> pd.DataFrame:
    """Leave records as (worker_id, diary_date) rows: ``date``, or ``start`` to ``end``."""
    if leave is None or not len(leave):
        return pd.DataFrame({"worker_id": pd.Series(dtype="string"),
                             "diary_date": pd.Series(dtype="datetime64[ns]")})
    if "date" in leave:
        lo = hi = pd.to_datetime(leave["date"]).dt.normalize()
    elif {"start", "end"} <= set(leave.columns):
        lo = pd.to_datetime(leave["start"]).dt.normalize()
        hi = pd.to_datetime(leave["end"]).dt.normalize()
    else:
        raise ValueError(f"leave has columns {list(leave.columns)}: give worker_id with date "
                         "(one row per day) or with start and end (inclusive dates)")
    n = ((hi - lo).dt.days + 1).clip(lower=0).to_numpy()
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return pd.DataFrame({
        "worker_id": np.repeat(leave["worker_id"].astype("string").to_numpy(), n),
        "diary_date": np.repeat(lo.to_numpy(), n) + offset.astype("timedelta64[D]"),
    })


def _day_grid(e: pd.DataFrame, non_work: Sequence[str], absence_tasks: Sequence[str],
              toil_tasks: Sequence[str]) -> dict:
    """Every day of each worker's diary window (first to last diary date), in worker then date
    order, with the hours of work, absence and TOIL written on it (0 on a day without).

    Workers are integer codes into ``ids`` (their ids as strings, sorted as the ids are):
    one group sum over an integer key, no merge of string columns (a small diary's grid
    cost more in pandas' per-call work than in its rows).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W2", "W1", "W1"], "category": "direct",
    ...     "task_type": "visit", "minutes": [60.0, 120.0, 30.0], "diary_date":
    ...     pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-04"])})
    >>> g = _day_grid(e, ("non_work",), ("leave",), ("toil",))
    >>> list(g["ids"]), g["who"].tolist(), g["work"].tolist()
    (['W1', 'W2'], [0, 0, 0, 1], [2.0, 0.0, 0.5, 1.0])
    """
    minutes = e["minutes"]
    columns = {"w": np.where(e["category"].isin(non_work), 0.0, minutes),
               "a": np.where(e["task_type"].isin(absence_tasks), minutes, 0.0),
               "t": np.where(e["task_type"].isin(toil_tasks), minutes, 0.0)}
    code, names = pd.factorize(e["worker_id"], sort=True)
    stamp = e["diary_date"].to_numpy()
    ok = (code >= 0) & ~np.isnat(stamp)
    dcode, dvals = pd.factorize(stamp.view(np.int64)[ok], sort=True)
    key = code[ok].astype(np.int64) * max(len(dvals), 1) + dcode
    sums = pd.DataFrame({c: v[ok] for c, v in columns.items()}).groupby(key).sum() / 60
    k = sums.index.to_numpy()
    kw, kd = k // max(len(dvals), 1), np.asarray(dvals)[k % max(len(dvals), 1)].view(stamp.dtype)
    present, at = np.unique(kw, return_index=True)
    lo, hi = kd[at], kd[np.r_[at[1:], len(k)] - 1]
    n = (hi - lo) // np.timedelta64(1, "D") + 1
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    dates = np.repeat(lo, n) + offset.astype("timedelta64[D]")
    who = np.repeat(np.arange(len(present)), n)
    pos = (np.cumsum(n) - n)[np.searchsorted(present, kw)] + (kd - lo[np.searchsorted(
        present, kw)]) // np.timedelta64(1, "D")
    match = dates[np.clip(pos, 0, len(dates) - 1)] == kd  # as a merge on the exact date
    g = {"ids": pd.Index(names[present]).astype("string"), "who": who, "dates": dates,
         "dow": (dates.astype("datetime64[D]").astype(np.int64) + 3) % 7, "lo": lo, "hi": hi}
    for c, name in (("w", "work"), ("a", "away"), ("t", "toil")):
        g[name] = np.zeros(len(dates))
        g[name][pos[match]] = sums[c].to_numpy()[match]
    recorded = (g["work"] > 0) | (g["away"] > 0) | (g["toil"] > 0)
    g["by_day"] = np.bincount(who[recorded] * 7 + g["dow"][recorded],
                              minlength=7 * len(present)).reshape(len(present), 7)
    return g


def _listed(leave: pd.DataFrame | None, ids: pd.Index, who: np.ndarray, dates: np.ndarray
            ) -> np.ndarray:
    """Whether each worker-day (``ids[who]``, ``dates``) is in the ``leave`` table."""
    if leave is None or not len(leave):
        return np.zeros(len(who), bool)
    off = _leave_days(leave)
    if not len(off):
        return np.zeros(len(who), bool)
    key = pd.MultiIndex.from_arrays([ids.take(who), dates], names=["worker_id", "diary_date"])
    return key.isin(pd.MultiIndex.from_frame(off[["worker_id", "diary_date"]]))


def diary_completeness(
    episodes: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    leave: pd.DataFrame | None = None,
    holidays: str | Sequence | None = DEFAULT_BANK_HOLIDAYS,
    holidays_a_year: float | None = None,
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    partial_below: float = 0.5,
    short_below: float = 0.25,
    use_partial: bool = False,
    non_work: Sequence[str] = NON_WORK,
    absence_tasks: Sequence[str] = ABSENCE_TASKS,
    toil_tasks: Sequence[str] = TOIL_TASKS,
    day_start_hour: float = 4.0,
) -> pd.DataFrame:
    """Class each day of each worker's diary window (one of :data:`STATUSES`).

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    workers : DataFrame, optional
        Workers table: ``fte`` and, when given, ``workdays`` set the contracted days.
    leave : DataFrame, optional
        Leave records: ``worker_id`` with ``date``, or with ``start`` and ``end``.
    holidays : str, sequence of dates or None
        Bank holidays, a day off for everyone (:func:`~timestudy.panels.holidays.bank_holidays`):
        ``"england-and-wales"`` (default), ``"scotland"``, ``"northern-ireland"``,
        ``"none"`` (every empty contracted day missing or absent) or the dates.
    holidays_a_year : float, optional
        Bank holidays a year, the study's number (its ``available_time.bank_holidays``;
        :func:`~timestudy.panels.holidays.study_holidays_a_year` tells when it and the
        list disagree): the length of a case-month. By default the list's usual number
        (:func:`~timestudy.panels.holidays.holidays_a_year`: 8 for a list of dates).
    workdays : tuple of int
        Contracted weekdays of a full-time worker (Monday = 0).
    partial_below : float
        A contracted day with less work than this share of the worker's usual
        day, and no absence recorded, is partial (written in part) ...
    short_below : float
        ... unless its work is under this share: then it is a short day worked,
        complete and used whole (``short``). 0 classes every such day partial.
    use_partial : bool
        Use partial days (their hours and their exposure); left out by default.
    toil_tasks : sequence of str
        Time off in lieu and flexi leave: a contracted day with such an entry is a day
        at work, complete and used with the work written (none on a whole day of TOIL),
        never missing, partial nor absent.

    Returns
    -------
    DataFrame
        One row per worker and day: ``worker_id``, ``diary_date``, ``week_start``,
        ``contracted``, ``days_per_week`` (the worker's contracted weekdays),
        ``workday_bits`` (which they are: bit ``d`` set for weekday ``d``, Monday = 0),
        ``hours_worked``, ``usual_hours``, ``absent`` (a day off: absent or
        holiday), ``status`` (one of :data:`STATUSES`), ``short`` (a complete day
        under ``short_below`` of the usual day), ``used``, ``bank_holiday`` (the
        date is on the ``holidays`` list, whatever its status) and ``holidays_a_year``
        (as given, else the list's: case exposure counts months of working days with
        these days out, :func:`~timestudy.panels.holidays.month_working_days`), and
        ``absent_part``: the share of a contracted day used that was leave or sickness
        (an afternoon's leave, :func:`~timestudy.panels.workdays.absent_share`), out of
        the holder's cases' exposure as it is out of the FTE-weeks. A bank holiday is
        ``contracted`` only when worked as a day at work.

    Raises
    ------
    ValueError
        When ``short_below`` is not between 0 and ``partial_below``, or ``holidays``
        is not a list's name nor dates.

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": "W1", "task_type": "visit", "category": "direct",
    ...     "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-03 09:00",
    ...                              "2026-03-05 09:00"]), "duration_min": [480, 120, 470]})
    >>> diary_completeness(ep)["status"].tolist()
    ['complete', 'partial', 'missing', 'complete']

    Two hours of a usual 7.8 are over a quarter of the day: written in part. One hour
    would be a short day worked, complete and used:

    >>> short = ep.assign(duration_min=[480, 60, 470])
    >>> diary_completeness(short)[["status", "short", "used"]].values.tolist()[:2]
    [['complete', False, True], ['complete', True, True]]

    Good Friday and Easter Monday 2026 left empty are holidays, not missing days:

    >>> easter = ep.iloc[[0, 2]].assign(start=pd.to_datetime(["2026-04-02 09", "2026-04-07 09"]))
    >>> diary_completeness(easter)["status"].tolist()
    ['complete', 'holiday', 'holiday', 'complete']
    >>> diary_completeness(easter, holidays="none")["status"].tolist()
    ['complete', 'missing', 'missing', 'complete']
    """
    if not 0 <= short_below <= partial_below:
        raise ValueError(f"short_below={short_below} must be between 0 and partial_below="
                         f"{partial_below}: a short day is one further below the usual day")
    # a night's end is the night's, whatever its own day holds (shift_tails.night_dates)
    e, moved = fold_tails(prepare(episodes, day_start_hour, case_ids=False), non_work)
    g = _day_grid(e, non_work, absence_tasks, toil_tasks)
    ids, who, dates, dow = g["ids"], g["who"], g["dates"], g["dow"]
    work, away, toil_day = g["work"], g["away"], g["toil"] > 0
    by_day = g["by_day"]
    d = due_days(workers, ids, who, dates, work, (away > 0) | _listed(leave, ids, who, dates),
                 by_day, toil=toil_day, workdays=tuple(workdays), holidays=holidays,
                 partial_below=partial_below)  # who was due at work when (schema)
    mask, assumed, cycle, per_week = d["mask"], d["assumed"], d["cycle"], d["per_week"]
    seen = _weekdays_seen(g, ids)  # declared or not (contract_fit); weeks alike (a pattern's
    never = unrecorded_weekdays(cycle == 1, mask, by_day, seen, ids)  # off days: alternate_)
    bank, holiday, absent = d["bank"], d["holiday"], d["absent"]
    terms, contract_day, usual_hours = d["terms"], d["contract_day"], d["usual_hours"]
    contracted = d["contracted"]  # a bank holiday: a day at work only when worked as one
    no_entry = away == 0
    covered = work + g["toil"]  # TOIL covers its own part of the day
    below = (covered < partial_below * usual_hours) & no_entry
    short = (work > 0) & (covered < short_below * usual_hours) & no_entry
    status = np.select(
        [holiday, absent, ~contracted & (work > 0), ~contracted, (work == 0) & ~toil_day,
         below & ~short],
        ["holiday", "absent", "extra", "", "missing", "partial"], "complete")
    keep = status != ""
    status = status[keep]
    used = np.isin(status, ["complete", "extra"] + (["partial"] if use_partial else []))
    out = pd.DataFrame({
        "worker_id": ids.take(who[keep]).array, "diary_date": dates[keep],
        "week_start": (dates - dow.astype("timedelta64[D]"))[keep],
        "contracted": contracted[keep], "days_per_week": per_week[who][keep],
        "workday_bits": (mask << np.arange(7)).sum(axis=1).astype(np.uint8)[who][keep],
        "hours_worked": work[keep], "usual_hours": usual_hours[keep],
        "absent": (absent | holiday)[keep], "status": status,
        "short": (status == "complete") & short[keep], "bank_holiday": bank[keep],
        "holidays_a_year": usual_holidays_a_year(holidays) if holidays_a_year is None
        else float(holidays_a_year), "used": used,
        # the share of a day at work on leave or sick: out of the FTE-weeks and the exposure
        "absent_part": absent_share(away[keep], contract_day[keep], contracted[keep] & used)})
    warn_night_shifts(moved, day_start_hour)
    warn_morning_days(morning_days(e))  # a night workers' day start, read from the dates
    weekly = check_contract_fit(out, never, assumed, mask, seen, ids,
                                None if workers is None else terms)
    warn_partial_weekdays(partial_weekdays(out))
    # a day off worked every week is the pattern's, not a swap; a part-timer's weekdays the
    # default rule chose may hold the day worked in place of a bank holiday's (a tie)
    swaps = swapped_weeks(out, ids[assumed & (per_week < 5)])
    warn_swapped_weeks({w: s for w, s in swaps.items() if w not in weekly})
    warn_alternate_weekdays(alternate_weekdays(out, ids[cycle > 1]))
    warn_misplaced_anchors(misplaced_anchors(out, d["weeks"], cycle, d["anchor"], ids))
    return out


def _weekdays_seen(grid: pd.DataFrame | dict, ids: pd.Index) -> np.ndarray:
    """Days of each weekday (worker x 7, Monday = 0) from each worker's first diary day to
    the Sunday of their last, within the study's days (a worker who joined late is not
    asked for days before they came, and a four-day worker's last Friday is counted though
    they wrote nothing after Thursday). ``grid``: worker-days (``worker_id``,
    ``diary_date``), or :func:`_day_grid`'s days (its first and last by worker, ``ids``'
    order).

    Examples
    --------
    >>> grid = pd.DataFrame({"worker_id": ["W1", "W1", "W4", "W4"], "diary_date":
    ...     pd.to_datetime(["2026-03-09", "2026-03-20", "2026-03-16", "2026-03-19"])})
    >>> _weekdays_seen(grid, pd.Index(["W1", "W4"]))[:, 4].tolist()  # Fridays
    [2, 1]

    A worker who started on Wednesday 11 March is asked for one Monday (the 16th), not the
    9th before they came (review22c):

    >>> grid = pd.DataFrame({"worker_id": ["W1", "M", "M"], "diary_date": pd.to_datetime(
    ...     ["2026-03-09", "2026-03-11", "2026-03-20"])})
    >>> _weekdays_seen(grid, pd.Index(["M"]))[:, 0].tolist()
    [1]
    """
    if isinstance(grid, dict):
        first, last, end = grid["lo"], grid["hi"], grid["hi"].max()
    else:
        span = grid.groupby("worker_id")["diary_date"].agg(["min", "max"]).reindex(ids)
        first, last = span["min"].to_numpy(), span["max"].to_numpy()
        end = grid["diary_date"].to_numpy().max()
    lo = first.astype("datetime64[D]")
    last = last.astype("datetime64[D]")
    sunday = last + (6 - (last.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    hi = np.minimum(sunday, np.datetime64(end, "D"))
    out = np.zeros((len(ids), 7), int)
    for d in range(7):  # days of weekday d in [lo, hi]: np.busday_count with one weekday
        week = np.zeros(7, bool)
        week[d] = True
        out[:, d] = np.busday_count(lo, hi + np.timedelta64(1, "D"), weekmask=week)
    return out
