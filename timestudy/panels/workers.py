"""Worker-days and worker-weeks: hours worked, by category, in and out of hours, and FTE-weeks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.ingest.dated import time_of_day_known
from timestudy.ingest.overlaps import content_tie, counted_pieces, may_interrupt
from timestudy.panels.censoring import days_per_piece
from timestudy.panels.completeness import diary_completeness
from timestudy.panels.episodes import (
    ABSENCE_TASKS,
    NON_WORK,
    prepare,
    sums_wide,
    time_off,
    with_diary_date,
)
from timestudy.panels.observed_days import used_episodes
from timestudy.panels.pieces import pieces_of_work
from timestudy.panels.shift_tails import on_night_dates
from timestudy.panels.survey_weights import survey_weights
from timestudy.panels.workdays import absent_share, contract_terms
from timestudy.schema.clock import day_keys, minutes_in_hours


def counted_spans(e: pd.DataFrame) -> pd.DataFrame:
    """Where each entry's counted minutes lie on the clock: the pieces of it they count.

    Ingest counts a minute that several entries of a worker cover once, for the entry
    that ends first (``counted_min``: :func:`~timestudy.ingest.overlaps.overlap_minutes`),
    so an entry's counted minutes lie on the parts of its clock span it keeps
    (:func:`~timestudy.ingest.overlaps.counted_pieces`): a meeting 17:00-19:00 with a call
    17:30-17:45 in it counts 17:00-17:30 and 17:45-19:00, the call 17:30-17:45; an
    entry 16:00-20:00 after one 09:00-17:00 counts 17:00-20:00 (two hours after 18:00,
    not 1.5). Its ``minutes`` are spread over its pieces in proportion (a clock change, a
    source's own duration); an entry that keeps no clock time (equal start and end) has
    its minutes at a point, its start. Entries that start together are taken in the
    order of their lines in the source (``source_row``, as ingest takes them), else in
    the order of the rows. Entries without a start or end have no piece.

    Parameters
    ----------
    e : DataFrame
        ``worker_id``, ``start``, ``end`` (naive wall clock, or time-zone aware) and
        ``minutes`` (counted); ``source_row`` and ``flags`` if there are.

    Returns
    -------
    DataFrame
        ``row`` (position in ``e``), ``start``, ``end`` (the columns' own clock and
        type), ``minutes`` and ``rate`` (minutes per clock minute, 0 at a point).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["a", "a"],
    ...     "start": pd.to_datetime(["2026-03-11 17:00", "2026-03-11 17:30"]),
    ...     "end": pd.to_datetime(["2026-03-11 19:00", "2026-03-11 17:45"]),
    ...     "minutes": [105.0, 15.0]})
    >>> p = counted_spans(e)
    >>> p["row"].tolist(), p["start"].dt.strftime("%H:%M").tolist(), p["minutes"].tolist()
    ([0, 0, 1], ['17:00', '17:45', '17:30'], [30.0, 75.0, 15.0])
    """
    zone = getattr(e["start"].dt, "tz", None)
    start, end = (_instants(e[c]) for c in ("start", "end"))
    valid = np.flatnonzero(~(np.isnat(start) | np.isnat(end)))
    start, end = (t[valid].astype("M8[ns]").view("i8") for t in (start, end))
    flags = may_interrupt(e)
    p = counted_pieces(
        pd.factorize(e["worker_id"])[0][valid], start, end,
        e["minutes"].to_numpy(float)[valid],
        interrupts=None if flags is None else flags[valid],
        tie=content_tie(e)[valid],
    )
    p["row"] = valid[p["row"].to_numpy()]
    for c in ("start", "end"):
        t = pd.Series(p[c].to_numpy().view("M8[ns]"), index=p.index)
        p[c] = (t.dt.tz_localize("UTC").dt.tz_convert(zone) if zone is not None
                else t.astype(e["start"].dtype))
    return p


def counted_in_hours(e: pd.DataFrame, work_start: str = "08:00", work_end: str = "18:00",
                     workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
                     days: pd.DataFrame | None = None) -> np.ndarray:
    """Counted minutes of each entry in working hours, where they lie (:func:`counted_spans`).

    A piece's minutes are in hours in the proportion of its clock time that is; a point's
    all of them or none, as its instant is in hours or not. With ``days``
    (:func:`~timestudy.panels.diary_completeness`), a worker's contracted day is a
    working day whatever its day of the week, and a bank holiday not worked as a day at
    work is not (:func:`working_days`).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["a", "a"],
    ...     "start": pd.to_datetime(["2026-03-11 17:00", "2026-03-11 17:30"]),
    ...     "end": pd.to_datetime(["2026-03-11 19:00", "2026-03-11 17:45"]),
    ...     "minutes": [105.0, 15.0]})
    >>> counted_in_hours(e).tolist()  # to 18:00: 17:00-17:30, 17:45-18:00; the call
    [45.0, 15.0]
    """
    p = counted_spans(e)
    point = (p["end"] == p["start"]).to_numpy()
    # a point: in hours as the first second from it is (a minute's share of one second)
    end = p["end"].where(~point, p["start"] + pd.Timedelta(seconds=1))
    rate = np.where(point, 60.0 * p["minutes"].to_numpy(), p["rate"].to_numpy())
    own = working_days(e["worker_id"].to_numpy()[p["row"].to_numpy()], days)
    inside = minutes_in_hours(p["start"], end, work_start, work_end, workdays, **own) * rate
    return np.bincount(p["row"].to_numpy(), weights=inside, minlength=len(e))


def working_days(worker: np.ndarray, days: pd.DataFrame | None) -> dict:
    """:func:`~timestudy.schema.clock.minutes_in_hours`' ``worker``, ``days_on`` and
    ``days_off`` for entries of ``worker``: each worker's contracted days
    (:func:`~timestudy.panels.diary_completeness`' ``contracted``: their declared
    working days, and a bank holiday worked as a day at work) are working days, in hours
    within working hours whatever their day of the week (a Saturday of a Tuesday-to-Saturday
    week); a bank holiday not worked as a day at work is out of hours all day, as a
    weekend is (audit22o). Empty (the days of the week alone) without ``days``.

    Examples
    --------
    >>> days = pd.DataFrame({"worker_id": ["TS", "TS"], "diary_date": pd.to_datetime(
    ...     ["2026-03-14", "2026-04-03"]), "contracted": [True, False],
    ...     "bank_holiday": [False, True]})
    >>> own = working_days(np.array(["TS", "W1"]), days)
    >>> own["worker"].tolist(), len(own["days_on"]), len(own["days_off"])
    ([0, -1], 1, 1)
    """
    if days is None or "contracted" not in days or not len(days):
        return {}
    names = pd.Index(days["worker_id"].astype(str).unique())
    code = names.get_indexer(days["worker_id"].astype(str))
    on = days["contracted"].to_numpy(bool)
    off = (days["bank_holiday"].to_numpy(bool) & ~on if "bank_holiday" in days
           else np.zeros(len(days), bool))
    date = days["diary_date"].to_numpy()
    return {"worker": names.get_indexer(pd.Index(np.asarray(worker).astype(str))),
            "days_on": day_keys(code[on], date[on]), "days_off": day_keys(code[off], date[off])}


def _instants(times: pd.Series) -> np.ndarray:
    """Times as naive datetime64: the wall clock, or UTC for a time-zone-aware column."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    return times.to_numpy()


def worker_day(
    episodes: pd.DataFrame,
    *,
    non_work: Sequence[str] = NON_WORK,
    absence_tasks: Sequence[str] = ABSENCE_TASKS,
    work_start: str = "08:00",
    work_end: str = "18:00",
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    day_start_hour: float = 4.0,
    days: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Hours of each worker on each diary day, by category and in or out of hours.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    non_work : sequence of str
        Categories that are not work.
    absence_tasks : sequence of str
        Task types that record an absence (leave, sickness).
    work_start, work_end : str
        Working hours (``HH:MM``); time outside them on any day is out of hours.
    workdays : tuple of int
        Working weekdays (0 = Monday).
    day_start_hour : float
        Hour at which a diary day starts.
    days : DataFrame, optional
        :func:`~timestudy.panels.diary_completeness` output: each worker's contracted
        days are working days whatever their day of the week, and a bank holiday not
        worked as a day at work is not (:func:`working_days`).

    Returns
    -------
    DataFrame
        One row per worker and diary day: ``worker_id``, ``diary_date``,
        ``hours_<category>`` for every category, ``hours_worked``, ``hours_case``,
        ``hours_non_case``, ``hours_out_of_hours``, ``hours_time_known``,
        ``hours_absence``, ``absent`` (an absence recorded and under an hour worked),
        ``first_start``, ``last_end``.

        ``hours_out_of_hours`` counts only work with a time of day, and
        ``hours_time_known`` is that work's hours: out-of-hours figures are over those
        hours. An entry flagged ``time_of_day_unknown`` (a diary without times, whose
        rows are placed in file order:
        :func:`~timestudy.ingest.dated.time_of_day_known`) counts in the hours
        worked and by category, and is neither in hours nor out of hours. A day of only
        such entries has ``hours_time_known`` 0: its out-of-hours work is not known, not
        none.

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> d = worker_day(eps).set_index("worker_id")
    >>> d.loc["W001", ["hours_worked", "hours_case", "hours_non_case"]].round(4).tolist()
    [9.0, 8.0833, 0.9167]
    """
    e = prepare(episodes, day_start_hour)
    if "end" not in e:
        e["end"] = e["start"] + pd.to_timedelta(e["minutes"], unit="min")
    work = ~e["category"].isin(non_work)
    in_hours = counted_in_hours(e, work_start, work_end, workdays, days)
    timed = work.to_numpy(bool) & time_of_day_known(e)
    e = e.assign(
        _work=np.where(work, e["minutes"], 0.0),
        _case=np.where(work & e["case_id"].notna(), e["minutes"], 0.0),
        _ooh=np.where(timed, e["minutes"].to_numpy() - in_hours, 0.0),
        _timed=np.where(timed, e["minutes"], 0.0),
        _absence=np.where(e["task_type"].isin(absence_tasks), e["minutes"], 0.0),
    )
    keys = ["worker_id", "diary_date"]
    by_cat = sums_wide(e, keys, "category", "minutes")
    by_cat.columns = [f"hours_{c}" for c in by_cat.columns]
    out = e.groupby(keys).agg(
        hours_worked=("_work", "sum"), hours_case=("_case", "sum"),
        hours_out_of_hours=("_ooh", "sum"), hours_time_known=("_timed", "sum"),
        hours_absence=("_absence", "sum"),
        first_start=("start", "min"), last_end=("end", "max"),
    )
    out = out.join(by_cat)
    hours = [c for c in out.columns if c.startswith("hours_")]
    out[hours] = out[hours] / 60
    out["hours_non_case"] = out["hours_worked"] - out["hours_case"]
    out["hours_out_of_hours"] = out["hours_out_of_hours"].clip(lower=0)
    out["absent"] = (out["hours_absence"] > 0) & (out["hours_worked"] < 1)
    return out.reset_index()


def worker_week(
    episodes: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    pieces: pd.DataFrame | None = None,
    days: pd.DataFrame | None = None,
    weight: str | None = None,
    **day_options,
) -> pd.DataFrame:
    """Hours of each worker in each week (Monday to Sunday), with counts of pieces of work.

    Hours are those of used days (:func:`~timestudy.panels.diary_completeness`);
    an FTE-week counts only the contracted days used, so a missing day is out of
    both the hours and the FTE-weeks, and a day on leave or sick out of the
    FTE-weeks. A short day (a day worked short, under ``short_below`` of the
    worker's usual day) counts whole in both; a day written in part in neither,
    unless ``use_partial``. A night's end after the diary day's start (04:00) counts on
    the night's day (:func:`~timestudy.panels.shift_tails.night_dates`), as the pieces
    counted in the week read it: a visit at 05:30 on Monday after a Sunday night is
    the week before's, its count and its hour alike.

    Work on a bank holiday not worked as a day at work (a few hours on a day off) is out
    of hours all day, as at a weekend; a bank holiday worked as a day at work keeps its
    working hours, and so does a contracted weekend day (the Saturday of a
    Tuesday-to-Saturday week): one rule, :func:`working_days`.

    A day worked and on leave or sick in part (an afternoon's leave) counts its
    absent share out of the FTE-weeks and contracted hours
    (:func:`~timestudy.panels.workdays.absent_share`: its absence hours over the
    contracted day, ``contracted_hours / days_per_week``, clipped to [0, 1]): time
    available is contracted time less leave and sickness, as a whole day of leave
    (absent, out of the FTE-weeks) already is. An afternoon's leave of a 7.4-hour day
    on a 37-hour week of 36 hours worked: 1 - 4/37 FTE-weeks, 33 contracted hours, 3
    over contract (``tests/panels/test_part_day_leave.py``).

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes.
    workers : DataFrame, optional
        Canonical workers table; gives ``fte`` and ``contracted_hours``
        (full time 1.0 and 37 hours when not given).
    pieces : DataFrame, optional
        Output of :func:`~timestudy.panels.pieces_of_work` (computed when not
        given); its primary case pieces are counted as ``n_<task_type>`` columns,
        each by :func:`regression_counts` (1, or for a piece linked over several days
        its days seen over its task's days per piece) put in the weeks it spans by
        its days in each.
    days : DataFrame, optional
        Output of :func:`~timestudy.panels.diary_completeness` (computed when not given).
    weight : str, optional
        Column of survey weights, averaged into ``weight``.
    **day_options
        Passed to :func:`worker_day` (working hours, non-work categories...).

    Returns
    -------
    DataFrame
        ``worker_id``, ``week_start``, the ``hours_*`` columns of
        :func:`worker_day` summed over used days, ``days_worked`` (contracted days
        used), ``days_absent``, ``days_absent_part`` (the part of the days worked
        on leave or sick: each day's absence hours over the contracted day, clipped
        to [0, 1], summed), ``days_missing``, ``days_partial``, ``days_short``
        (short days, counted in ``days_worked``), ``fte``, ``fte_weeks`` (FTE x
        (contracted days used - ``days_absent_part``) / contracted days a week),
        ``contracted_hours`` (pro rata, the same share of the week), ``overtime_hours``
        (``hours_worked - contracted_hours``), ``weight`` and ``n_<task_type>``
        counts of primary case pieces.

    Examples
    --------
    >>> from timestudy import read_diary, categorise
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> w = worker_week(eps).set_index("worker_id")
    >>> w.loc["W001", ["hours_worked", "days_worked", "fte_weeks"]].tolist()
    [9.0, 1.0, 0.2]
    """
    non_work = day_options.get("non_work", NON_WORK)
    # one diary day for the completeness and the hours
    day_start_hour = day_options.get("day_start_hour", 4.0)
    episodes = with_diary_date(episodes, day_start_hour)
    if days is None:
        days = diary_completeness(episodes, workers, workdays=tuple(day_options.get(
            "workdays", (0, 1, 2, 3, 4))), non_work=non_work, **time_off(day_options))
    # a night's end on the night's day, as the pieces read it (their counts in its week),
    # a tail-only day's as the completeness reads it (shift_tails.night_dates)
    episodes = used_episodes(on_night_dates(episodes, non_work, day_start_hour), days)
    used = days.loc[days["used"] | days["absent"], ["worker_id", "diary_date", "contracted",
                                                      "used"]]
    # in hours on each worker's own working days (:func:`working_days`)
    d = worker_day(episodes, days=days,
                   **{k: v for k, v in day_options.items() if k != "toil_tasks"})
    d = d.merge(used, on=["worker_id", "diary_date"], how="inner")
    keys = ["worker_id", "week_start"]
    d["week_start"] = d["diary_date"] - pd.to_timedelta(d["diary_date"].dt.day_of_week, unit="D")
    per_week = days.groupby("worker_id")["days_per_week"].first().astype(float).clip(lower=1)
    contract_day = contract_terms(workers, d["worker_id"])[1] / d["worker_id"].map(per_week).astype(float)
    d["days_absent_part"] = absent_share(d["hours_absence"].to_numpy(float),
                                         contract_day.to_numpy(float),
                                         (d["contracted"] & d["used"]).to_numpy(bool))
    hours = [c for c in d.columns if c.startswith("hours_")]
    week = d.groupby(keys)[hours + ["days_absent_part"]].sum()
    status = days.assign(
        days_worked=days["contracted"] & days["used"], days_absent=days["status"].eq("absent"),
        days_missing=days["status"].eq("missing"), days_partial=days["status"].eq("partial"),
        days_short=days["short"] if "short" in days else False,
    ).groupby(keys)[["days_worked", "days_absent", "days_missing", "days_partial",
                     "days_short"]].sum()
    week = status.join(week, how="left").fillna(0.0).reset_index()
    week.insert(week.columns.get_loc("days_absent") + 1, "days_absent_part",
                week.pop("days_absent_part"))
    week["fte"], contracted = contract_terms(workers, week["worker_id"])
    share = ((week["days_worked"] - week["days_absent_part"])
             / week["worker_id"].map(per_week).astype(float))
    week["fte_weeks"] = week["fte"] * share
    week["contracted_hours"] = contracted * share
    week["overtime_hours"] = week["hours_worked"] - week["contracted_hours"]
    if weight:
        w = pd.Series(survey_weights(episodes, weight), index=episodes["worker_id"].to_numpy())
        week["weight"] = week["worker_id"].map(w.groupby(level=0).first()).fillna(1.0)
    else:
        week["weight"] = 1.0
    if pieces is None:
        pieces = pieces_of_work(episodes, non_work=non_work, days=days)
    return _piece_counts(week, pieces)


def regression_counts(pieces: pd.DataFrame) -> pd.Series:
    """What each piece counts for in the worker-week counts of the regression of full hours.

    A piece of a task done in one day (``link_within_days`` 0) counts 1. A piece linked
    over several days counts its days seen over its task's days per piece
    (:func:`~timestudy.panels.censoring.days_per_piece`: the days per piece the task
    times use, with the diary's edges and days missing at random allowed for), so a
    piece seen in part counts in part and a task's counts add up to its pieces, as its
    ``piece_equivalent`` s do. Days, not minutes: a ``piece_equivalent`` is the piece's
    own minutes over its task's minutes per piece, so a slow worker's pieces would count
    for more pieces, and the regression would read the worker's pace as more pieces.

    Examples
    --------
    >>> p = pd.DataFrame({"task_type": ["visit", "report", "report"], "n_days": [1, 2, 4],
    ...     "link_within_days": [0, 10, 10], "left_censored": False,
    ...     "right_censored": False, "days_followed": [1, 2, 4], "days_preceded": [1, 2, 4]})
    >>> regression_counts(p).tolist()  # the report's pieces take 3 days on average
    [1.0, 0.6666666666666666, 1.3333333333333333]
    """
    per_piece = days_per_piece(pieces).replace(0, np.nan)
    code, tasks = pd.factorize(pieces["task_type"])  # looked up once per task type
    per_code = np.append(per_piece.reindex(tasks).to_numpy(float), np.nan)
    n = pieces["n_days"].to_numpy(float) / per_code[code]
    linked = pieces["link_within_days"].to_numpy() > 0
    return pd.Series(np.where(linked, np.nan_to_num(n), 1.0), index=pieces.index, dtype=float)


def _week_shares(first: np.ndarray, last: np.ndarray, n_days: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each piece's share of its days in each week it spans: the first and last sitting days
    are known (one day each), the other ``n_days - 2`` fall on the weekdays between them,
    evenly (on the two end days when there is no weekday between). Returns the piece of each
    row, the row's Monday and the share (a piece's shares add up to 1)."""
    monday = first - ((first.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    n_weeks = (last - monday).astype(np.int64) // 7 + 1
    row = np.repeat(np.arange(len(first)), n_weeks)
    k = np.arange(n_weeks.sum()) - np.repeat(np.cumsum(n_weeks) - n_weeks, n_weeks)
    ws = monday[row] + (7 * k).astype("timedelta64[D]")
    f, lst = first[row], last[row]
    ends = ((f >= ws) & (f <= ws + 6)).astype(float) + ((lst >= ws) & (lst <= ws + 6))
    one_day = f == lst
    between = np.busday_count(np.minimum(f + 1, lst), lst)  # weekdays strictly between
    lo, hi = np.maximum(f + 1, ws), np.minimum(lst, ws + 7)
    here = np.busday_count(np.minimum(lo, hi), hi)
    d = n_days.astype(float)[row]
    inner = np.clip(d - 2, 0, None)
    share = np.where(between > 0, (ends + inner * here / np.maximum(between, 1)) / d,
                     ends / 2)
    return row, ws, np.where(one_day, 1.0, share)


def _piece_counts(week: pd.DataFrame, pieces: pd.DataFrame) -> pd.DataFrame:
    """Add ``n_<task_type>``: primary case pieces by week, each counting its
    :func:`regression_counts` (1, or its days seen over its task's days per piece for one
    linked over several days), put in the weeks it spans by its days in each
    (:func:`_week_shares`: the first and last sitting days where they are, the others on
    the weekdays between)."""
    keys = ["worker_id", "week_start"]
    keep = (pieces["primary"] & pieces["case_id"].notna()).to_numpy(bool)
    n = regression_counts(pieces).to_numpy()[keep]  # days per piece over every piece

    def kept(column: str) -> np.ndarray:  # the rows kept of the columns read, not a copy of all
        return pieces[column][keep].to_numpy()

    first = kept("first_date").astype("datetime64[D]")
    last = kept("last_date").astype("datetime64[D]")
    row, ws, share = _week_shares(first, last, kept("n_days"))
    spread = pd.DataFrame({"worker_id": kept("worker_id")[row],
                           "week_start": ws.astype("datetime64[ns]"),
                           "task_type": kept("task_type")[row],
                           "n": n[row] * share})
    counts = sums_wide(spread, keys, "task_type", "n")
    counts.columns = [f"n_{c}" for c in counts.columns]
    week = week.merge(counts.reset_index(), on=keys, how="left")
    n_cols = list(counts.columns)
    week[n_cols] = week[n_cols].fillna(0.0)
    return week
