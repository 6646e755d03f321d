"""When the work happens: the time-of-day profile of a study, and its report text and chart.

:func:`time_of_day` is the tempogram (the share of workers at work through the day, by
category, with the workers each cell rests on); :func:`drawn_time_of_day` applies the
tables' disclosure rule to it, cell by cell, so the chart and its sentences withhold what
the tables withhold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide.disclosure import too_few
from timestudy.ingest.dated import time_of_day_known
from timestudy.panels import days_in_diaries, used_episodes
from timestudy.panels.working_hours import counted_spans
from timestudy.report.format import percent
from timestudy.report.labels import category_label, plain_reason, with_category_labels
from timestudy.report.model import Draw, Figure, Section


def _whole_minutes(delta: pd.Series) -> np.ndarray:
    """Whole minutes of each time span, rounded down (NaT: a large negative number).

    Examples
    --------
    >>> _whole_minutes(pd.Series(pd.to_timedelta(["59.999999s", "1min", "-1s"]))).tolist()
    [0, 1, -1]
    """
    return delta.to_numpy("m8[us]").astype(np.int64) // 60_000_000


def time_of_day(
    episodes: pd.DataFrame,
    period: tuple[pd.Timestamp, pd.Timestamp],
    *,
    non_work: tuple[str, ...] = ("non_work",),
    slot_minutes: int = 30,
    days: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of workers at work through the day, by category, on weekdays and at weekends.

    A tempogram: for each slot of the day, the workers working in each category
    summed over the worker-days of the diaries, divided by those worker-days
    (:func:`~timestudy.panels.days_in_diaries`). A day on leave, off sick or off (a bank holiday,
    a day not contracted, a weekend) is a day not at work; a day the diary misses
    is unknown, not a day not at work: it is left out, as is a day written in part
    that the panels leave out (and its entries). Time after midnight is folded
    onto the early hours of the same kind of day. Entries flagged ``time_of_day_unknown``
    (a diary without times, placed in file order) are left out: they have no time of day.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes with ``worker_id``, ``start``, ``end``, ``category``
        (and ``counted_min``: concurrent time is counted once).
    period : (Timestamp, Timestamp)
        First and last day of the diary period.
    non_work : tuple of str
        Categories that are not work (breaks).
    slot_minutes : int
        Width of a slot (a divisor of 60).
    days : DataFrame, optional
        Each worker-day's completeness (:func:`timestudy.panels.diary_completeness`,
        ``StudyModels.days``). Without it every day of ``period`` counts for every
        worker: only right for a diary known to miss no day.

    Returns
    -------
    DataFrame
        ``day_type`` (``weekday`` or ``weekend``), ``hour`` (start of the slot, in
        hours), ``category``, ``share_at_work`` and ``n_workers`` (the workers with time
        in the cell: what it rests on, for disclosure control, :func:`drawn_time_of_day`).

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": ["a"], "category": ["travel"],
    ...     "start": pd.to_datetime(["2026-03-02 09:00"]), "end": pd.to_datetime(["2026-03-02 10:00"])})
    >>> t = time_of_day(ep, (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-02")))
    >>> t.loc[(t.day_type == "weekday") & (t.hour == 9.5), "share_at_work"].tolist()
    [1.0]
    """
    known = time_of_day_known(episodes)
    if "diary_date" in episodes:  # only the columns used here are filtered below
        keep = ("worker_id", "start", "end", "category", "counted_min", "source_row", "flags",
                "diary_date")
        episodes = episodes[[c for c in episodes.columns if c in keep]]
    if not known.all():  # rows of a diary without times: their clock is file order
        episodes = episodes.loc[known]
    p = None
    if "counted_min" in episodes:  # the parts counted, where they lie (an interruption's own),
        # worked out on all the worker's rows: an entry left out below still holds its time
        used = [c for c in ("worker_id", "start", "end", "source_row", "flags") if c in episodes]
        p = counted_spans(episodes[used].assign(minutes=episodes["counted_min"].to_numpy(float)))
    at = np.full(len(episodes), -1)  # each row's position among the work rows kept
    episodes = episodes.assign(_position=np.arange(len(episodes)))
    if days is not None:  # the entries of a partial day left out are left out here too
        episodes = used_episodes(episodes, days)
    work = ~episodes["category"].isin(non_work)
    e = episodes.loc[work, ["start", "end", "category"]]  # only the columns used
    day0 = e["start"].dt.normalize()
    if p is not None:
        at[episodes["_position"].to_numpy()[work.to_numpy(bool)]] = np.arange(len(e))
        row = at[p["row"].to_numpy()]
        on = row >= 0
        row, begin, finish = row[on], p["start"][on], p["end"][on]
        counted = p["minutes"].to_numpy(float)[on]
    else:
        row, begin, finish = np.arange(len(e)), e["start"], e["end"]
        counted = None
    base = day0.iloc[row].reset_index(drop=True)
    s = _whole_minutes(begin.reset_index(drop=True) - base).clip(0, 2880)
    t = _whole_minutes(finish.reset_index(drop=True) - base).clip(0, 2880)
    span = np.maximum(t - s, 0)
    counted = span.astype(float) if counted is None else counted
    weight = np.where(span > 0, np.nan_to_num(counted) / np.where(span > 0, span, 1), 0.0)
    weekend = (day0.dt.day_of_week >= 5).to_numpy()[row]
    who = pd.factorize(episodes.loc[work, "worker_id"])[0][row]
    # codes in sorted order; a blank category is "uncategorised", as categorise() names it
    # (a -1 code would be counted to the last category)
    code, cats = pd.factorize(e["category"].fillna("uncategorised").astype(str), sort=True)
    cats = pd.Index(cats)
    g = code[row] * 2 + weekend.astype(int)
    diff = np.zeros((2 * len(cats), 2881))
    np.add.at(diff, (g, s), weight)
    np.add.at(diff, (g, t), -weight)
    cover = np.cumsum(diff, axis=1)[:, :2880]
    cover = cover[:, :1440] + cover[:, 1440:]
    per_slot = cover.reshape(len(cover), 1440 // slot_minutes, slot_minutes).mean(axis=2)
    if days is None:
        every = pd.date_range(period[0], period[1], freq="D")
        n_days = np.array([(every.day_of_week < 5).sum(), (every.day_of_week >= 5).sum()],
                          float) * max(episodes["worker_id"].nunique(), 1)
    else:
        n_days = days_in_diaries(days, period)
    denom = np.tile(n_days, len(cats))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(denom[:, None] > 0, per_slot / denom[:, None], 0.0)
    hours = np.arange(per_slot.shape[1]) * slot_minutes / 60
    n_workers = _slot_workers(g, s, t, weight > 0, who, slot_minutes, len(share))
    return pd.DataFrame(
        {
            "day_type": np.repeat(np.tile(["weekday", "weekend"], len(cats)), len(hours)),
            "hour": np.tile(hours, len(share)),
            "category": np.repeat(np.repeat(cats.to_numpy(), 2), len(hours)),
            "share_at_work": share.ravel(),
            "n_workers": n_workers.ravel(),
        }
    )


def _slot_workers(group: np.ndarray, start: np.ndarray, end: np.ndarray, on: np.ndarray,
                  worker: np.ndarray, slot_minutes: int, n_groups: int) -> np.ndarray:
    """How many workers have time in each group's slot of the day (the workers a cell of
    :func:`time_of_day` rests on): spans of ``start`` to ``end`` minutes from the day's
    midnight (up to 2880: time after midnight folded onto the early hours), where ``on``.

    Examples
    --------
    Worker 0 from 09:10 to 10:00 and worker 1 from 09:50 to 09:55, both in group 0; worker
    1 again from 23:50 to 00:20 (folded: 23:30 and 00:00):

    >>> n = _slot_workers(np.array([0, 0, 0]), np.array([550, 590, 1430]),
    ...                   np.array([600, 595, 1460]), np.array([True, True, True]),
    ...                   np.array([0, 1, 1]), 30, 1)
    >>> n[0, 18].item(), n[0, 19].item(), n[0, 47].item(), n[0, 0].item(), int(n.sum())
    (1, 2, 1, 1, 5)
    """
    per_day = 1440 // slot_minutes
    keep = on & (end > start)
    s, t, g, w = start[keep], end[keep], group[keep], worker[keep]
    first = s // slot_minutes
    n = (t - 1) // slot_minutes - first + 1  # the slots each span touches
    span = np.repeat(np.arange(len(s)), n)
    step = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    slot = (first[span] + step) % per_day
    width = int(w.max()) + 1 if len(w) else 1
    cell = np.unique((g[span] * per_day + slot) * width + w[span]) // width
    return np.bincount(cell, minlength=n_groups * per_day).reshape(n_groups, per_day)


def drawn_time_of_day(tod: pd.DataFrame, withheld, min_workers: int
                      ) -> tuple[pd.DataFrame, pd.Series]:
    """The cells of :func:`time_of_day` that may be drawn, and how many may not, by category.

    The disclosure rule of the tables, cell by cell: a category whose share is withheld
    elsewhere (``withheld``: the guide's, or the report's table of time by category) is
    not drawn at all, since its band would give the share back; a cell (a half hour of one
    category) resting on fewer than ``min_workers`` workers is drawn as 0.

    Parameters
    ----------
    tod : DataFrame
        :func:`time_of_day`'s table, with ``n_workers``.
    withheld : collection of str
        Categories withheld elsewhere.
    min_workers : int
        The guide's disclosure threshold.

    Returns
    -------
    (DataFrame, Series)
        The rows to draw (``share_at_work`` 0 where too few workers), and the number of
        cells (with time) drawn as 0 by category, indexed by category (those with any).

    Examples
    --------
    >>> tod = pd.DataFrame({"day_type": "weekday", "hour": [9.0, 9.5, 9.0],
    ...                     "category": ["travel", "travel", "admin"],
    ...                     "share_at_work": [0.5, 0.1, 0.3], "n_workers": [6, 2, 7]})
    >>> drawn, few = drawn_time_of_day(tod, {"admin"}, 5)
    >>> drawn["share_at_work"].tolist(), few.to_dict()
    ([0.5, 0.0], {'travel': 1})
    """
    shown = tod.loc[~tod["category"].isin(set(withheld))]
    few = (shown["share_at_work"] > 0) & too_few(shown["n_workers"], min_workers)
    counts = shown.loc[few, "category"].value_counts(sort=False)
    return shown.assign(share_at_work=shown["share_at_work"].where(~few, 0.0)), counts


#: What the time-of-day chart leaves out of the out-of-hours time it shades: the guide's rule
#: (:func:`~timestudy.schema.clock.working_days`) counts all of a day that is not a working
#: day as out of hours (a weekend, or a bank holiday not worked as a day at work, unless it
#: is a worker's contracted day), and the chart draws weekdays only.
WEEKENDS_NOT_DRAWN = (
    "Weekends are not drawn: work at a weekend is out of hours all day, unless on a day the "
    "worker is contracted to work, and is counted in the share out of hours (as is work on "
    "a bank holiday not worked as a day at work, drawn here with the weekdays)."
)


def _hours(hhmm: str) -> float:
    """``"17:30"`` -> 17.5."""
    h, m = hhmm.split(":")
    return int(h) + int(m) / 60


def time_of_day_blocks(s: Section, guide, run, table_withheld: pd.Series) -> None:
    """The time-of-day text and chart, withheld as the tables are (:func:`drawn_time_of_day`):
    the categories the guide withholds and those ``table_withheld`` marks (the report's
    table of time by category, ``run_sections.category_withheld``) are not drawn."""
    start, end = guide.meta.get("working_hours") or ("08:00", "18:00")
    k = int(guide.meta.get("min_workers", 5))
    tod = time_of_day(run.episodes, run.models.period,
                      non_work=tuple(run.models.options.get("non_work", ("non_work",))),
                      days=run.models.days)
    hidden = _chart_withheld(guide, table_withheld, tod["category"].unique())
    drawn, _ = drawn_time_of_day(tod, hidden, k)  # the tables' rule, cell by cell
    weekday, few = drawn_time_of_day(tod.loc[tod["day_type"] == "weekday"], hidden, k)
    weekday = with_category_labels(weekday, guide.meta)
    ooh = guide.category_shares["share"].get("out_of_hours", np.nan)
    weekend = drawn.loc[drawn["day_type"] == "weekend", "share_at_work"].sum()
    total = drawn["share_at_work"].sum()
    known = _time_known_share(run.models.worker_week)
    if not known > 0 or not tod["share_at_work"].sum() > 0:  # a diary without times
        s.add("When the work happens: not known. The diary gives each entry's date and "
              "duration but no time of day, so out-of-hours work and the time-of-day "
              "profile cannot be measured (shown as not known, not as 0).")
        return
    of = ("" if known >= 1 else f" (of the {percent(known)} of hours worked with a time of "
          "day; the rest of the diary gives dates and durations only)")
    why = guide.reasons("category_shares")
    why = why.get("out_of_hours", why.get("*"))
    s.add(
        f"When the work happens. {out_of_hours_words(ooh, of, why)} "
        "The figure shows, for each half hour of a weekday, the share of workers at "
        "work and on what; the shaded hours are out of hours."
        + (" Some work was also done at weekends (not in the figure)."
           if weekend > 0.01 * total else "")
    )
    s.add(Figure(
        "time_of_day",
        f"Share of workers at work through a weekday, by category (shaded: before {start} "
        f"and after {end}, out of hours). {WEEKENDS_NOT_DRAWN} "
        "Of the weekdays in the workers' diaries: a day on leave, off "
        "sick or off (a bank holiday, a day not contracted) counts as a day not at work; a "
        "day the diary misses (no entries, no leave) or has only in part is left out."
        + _not_drawn(hidden, few, k, guide.meta),
        Draw("time_of_day_plot", (weekday,),
             {"work_start": _hours(start), "work_end": _hours(end)}),
        (7.5, 3.8),
    ))


def out_of_hours_words(share, of: str = "", why: str | None = None) -> str:
    """The sentence on out-of-hours work: its share, or that the share is not shown and why
    (never the tables' dash inside a sentence).

    Parameters
    ----------
    share : float
        The share of the time worked that was out of hours (NaN when withheld or not
        estimated).
    of : str
        What the share is of, when not all the time worked (``" (of the 80% of hours..."``).
    why : str, optional
        The guide's reason for withholding it (:meth:`~timestudy.guide.TimeGuide.reasons`).

    Returns
    -------
    str

    Examples
    --------
    >>> out_of_hours_words(0.125)
    '13% of the time worked was out of hours.'
    >>> out_of_hours_words(float("nan"), why="fewer than 5 workers (3)")
    'The share of the time worked that was out of hours is not shown: fewer than 5 workers gave this figure.'
    >>> out_of_hours_words(None)
    'The share of the time worked that was out of hours is not estimated.'
    """
    if np.isfinite(float(np.nan if share is None else share)):
        return f"{percent(share)} of the time worked{of} was out of hours."
    start = f"The share of the time worked{of} that was out of hours is not"
    if why is None:
        return f"{start} estimated."
    return f"{start} shown: {plain_reason(why, 'category_shares')}."


def _chart_withheld(guide, table: pd.Series, categories) -> list[str]:
    """The categories the time-of-day chart leaves out: those whose share the guide
    withholds and those the report's table of time by category withholds (``table``), one
    rule for every form; a category neither table has is left out too (nothing says it
    may be shown)."""
    shares = guide.category_shares["share"]
    by_guide = set(shares.index[shares.isna()]) - {"out_of_hours"}
    return [str(c) for c in categories
            if c in by_guide or bool(table.get(c, c not in shares.index))]


def _not_drawn(hidden, few: pd.Series, k: int, meta) -> str:
    """What the time-of-day chart does not draw, in words (empty when it draws it all)."""
    parts = []
    if len(hidden):
        names = [category_label(c, meta) for c in hidden]
        parts.append(f"{_and(names)} (withheld in the table of shares)")
    if few.sum():
        parts.append(f"{int(few.sum())} half hour{'s' if few.sum() != 1 else ''} of "
                     f"{_and([category_label(c, meta) for c in few.index])} resting on fewer "
                     f"than {k} workers (drawn as 0)")
    return f" Not drawn, to protect the workers who took part: {'; '.join(parts)}." if parts \
        else ""


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def _time_known_share(worker_week) -> float:
    """The share of the hours worked that have a time of day (1 without the column)."""
    if "hours_time_known" not in worker_week:
        return 1.0
    worked = float(worker_week["hours_worked"].sum())
    return float(worker_week["hours_time_known"].sum()) / worked if worked > 0 else np.nan
