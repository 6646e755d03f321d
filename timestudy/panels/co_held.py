"""A case held jointly (a job share, ``JS1; JS2`` in the cases table): the job's days.

A case's days are its holders' days together (:func:`~timestudy.panels.windows.job_day_weights`:
the union of their contracted days in each week, each 5 over the union's days, so the
order the holders are named in changes nothing). A day of the job is held when a holder
whose day it is holds it: it is out of the exposure only when every holder contracted on it
is away, each either absent (leave or sickness) or outside their own diary window (no
diary, not yet joined, left, or their diary stopped: a window is a holder's own,
:func:`~timestudy.panels.windows.diary_windows`, as a lone holder's is); the part of a day
away, the least part any of them was away
(an afternoon's leave of one holder while the other is at work takes nothing). A holder's
day off holds nothing: it is no day of their working time (as a one-holder case's days
are its holder's own). A bank holiday on a day of the job is out unless a holder whose day
it is worked it. A co-holder's day missing from their diary (blank inside their window) is
one whose hours their own used share makes up for
(:func:`~timestudy.panels.holder_shares.holders_share`), so it is not taken out twice.

A holder the workers table lists who kept no diary is a holder all the same: their days
are days of the job's week, none of them held by them (review35: dropped from the job, JS1
on Monday to Wednesday with a Wednesday-to-Friday co-holder who kept none counted JS1's
week alone, 10 days a fortnight, 12.64 h per case-month for 6 days, 21.07), and
:func:`warn_no_diary_holders` names them. A holder joining mid-study holds none of the
job's days before (their days of the job's week out, as after a holder leaves), so the job
is never read as the others' days alone for a while. Every reader of a case's holders
takes them from :func:`case_holders`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.co_worked import CO_WORKERS, co_worker_lists
from timestudy.panels.windows import day_weights, job_day_weights
from timestudy.schema.clock import day_keys


def case_holders(cases: pd.DataFrame, first: bool = True) -> pd.DataFrame:
    """Each case's holders, one row each: ``row`` (the case's position in ``cases``),
    ``holder`` (trimmed text) and ``rank`` (0: the first-named, ``worker_id``; 1, 2, ...:
    :data:`~timestudy.ingest.co_worked.CO_WORKERS` in the order named, blanks left out):
    the one reading of a case's holders the job's days, windows, shares and cover take.
    ``first``: False, the co-holders alone.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["JS1", "W1", None],
    ...                   "co_workers": pd.array([" JS2; JS3", None, "X"], dtype="string")})
    >>> case_holders(c).values.tolist()
    [[0, 'JS1', 0], [1, 'W1', 0], [0, 'JS2', 1], [0, 'JS3', 2], [2, 'X', 1]]
    """
    parts = []
    if first and "worker_id" in cases:
        lead = cases["worker_id"].astype("string").str.strip()
        parts.append(pd.DataFrame({"row": np.arange(len(cases)), "holder": lead.to_numpy(),
                                   "rank": 0}))
    if CO_WORKERS in cases and cases[CO_WORKERS].notna().any():
        co = co_worker_lists(cases[CO_WORKERS]).set_axis(np.arange(len(cases))).explode()
        co = co.astype("string").str.strip()
        co = co[co.notna() & co.ne("")]
        parts.append(pd.DataFrame({"row": co.index.to_numpy(np.int64), "holder": co.to_numpy(),
                                   "rank": co.groupby(level=0).cumcount().to_numpy() + 1}))
    if not parts:
        return pd.DataFrame({"row": np.zeros(0, np.int64), "holder": pd.array([], "string"),
                             "rank": np.zeros(0, np.int64)})
    out = pd.concat(parts, ignore_index=True).astype({"holder": "string"})
    return out.loc[out["holder"].notna() & out["holder"].ne("")].reset_index(drop=True)


def job_holders(cases: pd.DataFrame, names: pd.Index, holder: np.ndarray) -> np.ndarray:
    """Each case's holders as rows of ``names`` (case x holder; -1: none or not in
    ``names``): its ``holder`` (rows, the first-named) then its co-holders
    (:func:`case_holders`).

    Examples
    --------
    >>> c = pd.DataFrame({"co_workers": pd.array([None, "JS1; X"], dtype="string")})
    >>> job_holders(c, pd.Index(["JS1", "JS2"]), np.array([0, 1])).tolist()
    [[0, -1, -1], [1, 0, -1]]
    """
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return np.asarray(holder, np.int64)[:, None]
    co = case_holders(cases, first=False)
    out = np.full((len(cases), int(co["rank"].max()) + 1), -1, np.int64)
    out[:, 0] = holder
    out[co["row"].to_numpy(), co["rank"].to_numpy()] = names.get_indexer(co["holder"])
    return out


def warn_no_diary_holders(cases: pd.DataFrame, diarists: pd.Index,
                          workers: pd.DataFrame | None) -> str | None:
    """Warn of the jointly held cases naming a holder the workers table lists who kept no
    diary, and return the words (None when there is none): their days of the job are days
    none of them held it (:func:`job_share_days`), not a job of the others' days alone.

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["K", "L"], "worker_id": ["JS1", "JS1"],
    ...                   "co_workers": pd.array(["JS3", None], dtype="string")})
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     print(warn_no_diary_holders(c, pd.Index(["JS1"]), pd.DataFrame(
    ...         {"worker_id": ["JS1", "JS3"]})))  # doctest: +NORMALIZE_WHITESPACE
    1 jointly held case names a holder who kept no diary (JS3: first case 'K', held by
    JS1 and JS3): their days of the job are read as days they did not hold it (Monday to
    Friday when the workers table gives them no workdays), out of its case-months unless a
    co-holder whose day it is was at work that day or a colleague covered the spell, and
    their time on it is not in the hours; add their diary, or take them out of the holder
    cell if they did not hold the case
    """
    if workers is None or "worker_id" not in workers or CO_WORKERS not in cases:
        return None
    listed = pd.Index(workers["worker_id"].dropna().astype("string").str.strip())
    listed = listed.difference(diarists)  # listed, no diary
    if not len(listed) or not cases[CO_WORKERS].notna().any():
        return None
    every = case_holders(cases)
    joint = np.bincount(every["row"], minlength=len(cases)) > 1
    off = every.loc[joint[every["row"].to_numpy()] & every["holder"].isin(listed)]
    if off.empty:
        return None
    rows = off["row"].unique()
    first = every.loc[every["row"] == rows[0], "holder"]
    case = cases["case_id"].iloc[rows[0]] if "case_id" in cases else rows[0]
    n = len(rows)
    words = (f"{n} jointly held case{'s name' if n != 1 else ' names'} a holder who kept no "
             f"diary ({', '.join(pd.unique(off['holder']))}: first case {case!r}, held by "
             f"{' and '.join(first)}): their days of the job are read as days they did not "
             "hold it (Monday to Friday when the workers table gives them no workdays), out "
             "of its case-months unless a co-holder whose day it is was at work that day or "
             "a colleague covered the spell, and their time on it is not in the hours; add "
             "their diary, or take them out of the holder cell if they did not hold the case")
    warnings.warn(words, DataQualityWarning, stacklevel=4)
    return words


def job_share_days(
    span, days: pd.DataFrame, windows: pd.DataFrame | None
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Each jointly held case's days away (as a negative) and bank holidays worked, on the
    days of its job (:func:`~timestudy.panels.windows.job_day_weights`) from its first open
    day up to its last: what :func:`~timestudy.panels.exposure.case_exposure` adds to its
    open days; 0 for a case of one holder. The job's days are read over its whole window
    (``span.around``), so that a spell of them away runs on before the case opened and
    after it closed, as a lone holder's does (:func:`job_cover`).

    Parameters
    ----------
    span : :class:`timestudy.panels.exposure._Span`
        Its ``holders`` (:func:`job_holders`, of the cases counted), ``joint``, ``first``,
        ``last``, ``around`` (each case's window: its first day and the day after its
        last), ``week``, ``worker``, ``date``, ``absent``, ``bank``.
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (``absent_part``, ``contracted``).
    windows : DataFrame or None
        :func:`~timestudy.panels.windows.diary_windows` by the rows of ``span.names``
        (None when no case is held jointly).

    Returns
    -------
    days : ndarray of float
        One per case counted.
    grid : tuple of ndarray
        Each job share's days in its window: its case (row among those counted), the day,
        its part of a working day, the least part of it its holders whose day it is were
        away, whether one of them worked it as a bank holiday, and whether the case was
        open that day (:func:`job_cover` reads them).
    """
    out = np.zeros(len(span.first))
    j = np.flatnonzero(span.joint)
    if not len(j):
        return out, (np.zeros(0, np.int64), np.zeros(0, "datetime64[D]"), np.zeros(0),
                     np.zeros(0), np.zeros(0, bool), np.zeros(0, bool))
    lo, hi = (t[j] for t in span.around)
    n = (hi - lo).astype(np.int64)
    case = np.repeat(j, n)
    date = np.repeat(lo, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    open_ = (span.first[case] <= date) & (date < span.last[case])
    holders = span.holders[case]
    weight = job_day_weights(span.week, holders, date)
    key = day_keys(span.worker, span.date)
    order = np.argsort(key, kind="stable")
    part = days["absent_part"].to_numpy(float) if "absent_part" in days else np.zeros(len(days))
    worked = days["contracted"].to_numpy(bool) & span.bank  # a bank holiday worked
    lo, hi = (windows[k].to_numpy().astype("datetime64[D]") for k in ("lo", "hi"))
    least, back = np.full(len(date), np.inf), np.zeros(len(date), bool)
    for who in holders.T:  # a column a holder: a handful
        has = who >= 0
        w = np.maximum(who, 0)
        mine = has & (day_weights(span.week, w, date) > 0)  # a day of this holder's
        inside = has & (lo[w] <= date) & (date <= hi[w])  # NaT compares False
        want = day_keys(w, date)
        row = order[np.minimum(np.searchsorted(key[order], want), len(order) - 1)]
        seen = inside & (key[row] == want)  # the holder's row of ``days`` that day
        away = np.where(
            ~inside, 1.0, np.where(seen, np.where(span.absent[row], 1.0, part[row]), 0.0)
        )
        least = np.where(mine, np.minimum(least, away), least)
        back |= mine & seen & worked[row]
    least[np.isinf(least)] = 0.0  # no holder's day: not a day of the job
    out += np.bincount(case, weights=weight * (back - least) * open_, minlength=len(out))
    return out, (case, date, weight, least, back, open_)


def job_cover(span, hours: pd.DataFrame) -> np.ndarray:
    """Each jointly held case's days away held by cover: a spell of the job's days away (days
    no holder whose day it was held, with no day of the job held between them) on one of
    whose days, or on a day off of the job inside it, someone not away worked on the case,
    other than a holder whose day it was (a colleague, or a co-holder on a day off), is back
    in its exposure, as a one-holder case's spell is
    (:func:`~timestudy.panels.exposure.covered_absence`); the part of a day away, when
    such a one worked the case that day. A spell is the job's over its window, before the
    case opened and after it closed too; its days back are those the case was open
    (fix36j: K opened on Wednesday 11 March 2026, a day off of the job inside a spell from
    Tuesday 10 to Thursday 12 on which a colleague visited, gave back no day, the spell
    cut at the opening; its Thursday, 1.25 days, is back).

    Parameters
    ----------
    span : :class:`timestudy.panels.exposure._Span`
        Its ``job_grid`` (:func:`job_share_days`), ``ok``, ``names``, ``worker``, ``date``
        and ``gone`` (each worker-day absent).
    hours : DataFrame
        :func:`~timestudy.panels.cases.case_hours` rows counted (``case_id``, ``worker_id``,
        ``diary_date``), with ``row``: the case's row among those counted.

    Returns
    -------
    ndarray of float
        Days, one per case counted.
    """
    case, date, weight, least, back, open_ = span.job_grid
    out = np.zeros(len(span.first))
    if not len(case) or hours.empty:
        return out
    me = span.names.get_indexer(hours["worker_id"].astype("string"))
    when = hours["diary_date"].to_numpy()
    gone = np.isin(
        day_keys(np.maximum(me, 0), when), day_keys(span.worker[span.gone], span.date[span.gone])
    ) & (me >= 0)
    theirs = (span.holders[hours["row"].to_numpy()] == me[:, None]).any(axis=1) & (
        day_weights(span.week, np.maximum(me, 0), when) > 0
    )  # a holder whose day it is
    by = ~gone & ~theirs
    bank = np.isin(date, span.holidays)
    whole = (weight > 0) & (least >= 1.0) & ~bank
    held = (weight > 0) & ((~bank & (least < 1.0)) | (bank & back))
    spell = day_keys(case, np.cumsum(held))  # days away with no day held between: a spell
    row = hours["row"].to_numpy()
    own = by & (span.holders[row] == me[:, None]).any(axis=1)  # a holder on a day off
    if own.any():  # away in that spell themselves: their own work, not cover
        by[own] = ~_away_in_spell(span, me[own], day_keys(row[own], when[own]), case,
                                  date, whole, spell)
    grid = day_keys(case, date)
    worked = np.isin(grid, day_keys(row[by], when[by]))
    # work on one of a spell's days away, or on a day off of the job between two of them
    inside = inside_spell(grid[whole], spell[whole], grid) >= 0
    hit = np.isin(spell, spell[worked & inside]) & whole
    part = worked & ~whole & ~bank & (least > 0)
    return out + np.bincount(case, weights=weight * least * (hit | part) * open_,
                             minlength=len(out))


def _away_in_spell(span, who: np.ndarray, at: np.ndarray, case: np.ndarray,
                   date: np.ndarray, whole: np.ndarray, spell: np.ndarray) -> np.ndarray:
    """Whether each holder ``who`` (their row of ``span.names``), working their case on a day
    off (``at``: the case's row and the day, as :func:`~timestudy.schema.clock.day_keys`),
    was away on a day of the job's spell of days away that day lies in (``case``, ``date``:
    the job's days in order; ``whole``, ``spell`` as :func:`job_cover` has them): a holder's
    own work in their own leave is not cover, as a one-holder case's holder's is not
    (:func:`~timestudy.panels.exposure.covered_absence`).

    Examples
    --------
    JS1 (row 0) away on Monday 9 March, a spell to Friday 13; JS1 and JS2 (row 1) each
    work the case on Wednesday 11:

    >>> from types import SimpleNamespace
    >>> span = SimpleNamespace(gone=np.array([True]), worker=np.array([0]),
    ...                        date=np.array(["2026-03-09"], "datetime64[D]"))
    >>> date = np.arange("2026-03-09", "2026-03-14", dtype="datetime64[D]")
    >>> case, wed = np.zeros(5, np.int64), day_keys(np.zeros(2, int), date[[2, 2]])
    >>> whole, spell = np.array([1, 1, 0, 1, 1], bool), np.zeros(5, np.int64)
    >>> _away_in_spell(span, np.array([0, 1]), wed, case, date, whole, spell).tolist()
    [True, False]
    """
    on = np.flatnonzero(whole)
    if not len(on):
        return np.zeros(len(at), bool)
    grid = day_keys(case, date)
    i = np.minimum(np.searchsorted(grid, at), len(grid) - 1)
    ids, first = np.unique(spell[on], return_index=True)  # each spell's first day away
    last = len(on) - 1 - np.unique(spell[on][::-1], return_index=True)[1]  # and last
    k = np.minimum(np.searchsorted(ids, spell[i]), len(ids) - 1)
    found = (grid[i] == at) & (ids[k] == spell[i])
    away = np.sort(day_keys(span.worker[span.gone], span.date[span.gone]))
    n = np.searchsorted(away, day_keys(who, date[on[last]][k]), "right") - np.searchsorted(
        away, day_keys(who, date[on[first]][k]))
    return found & (n > 0)


def inside_spell(absent: np.ndarray, spell: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Where in ``absent`` (sorted keys of days away, each of spell ``spell``) is a day of the
    spell each ``key`` falls in, from its first day away to its last: on a day away, or on a
    day off between two days away of one spell (a part-timer's Monday inside a fortnight's
    leave, a weekend inside leave from Friday to Monday); -1 outside every spell. Keys are
    :func:`~timestudy.schema.clock.day_keys`: a holder's, or a job's (one rule for both).

    Examples
    --------
    Away Thursday 2 and Tuesday 7 April 2026 (one spell: the days between are days off) and
    Thursday 16 (a second, a day at work between); keys on Friday 3, Tuesday 7, Friday 10:

    >>> absent = np.array(["2026-04-02", "2026-04-07", "2026-04-16"], "datetime64[D]")
    >>> key = np.array(["2026-04-03", "2026-04-07", "2026-04-10"], "datetime64[D]")
    >>> inside_spell(absent.astype(np.int64), np.array([0, 0, 1]), key.astype(np.int64))
    array([ 1,  1, -1])
    """
    if not len(absent):
        return np.full(len(key), -1)
    right = np.searchsorted(absent, key)  # the first day away on or after each key
    after, before = np.minimum(right, len(absent) - 1), np.maximum(right - 1, 0)
    on = (right < len(absent)) & (absent[after] == key)
    between = (right > 0) & (right < len(absent)) & (spell[before] == spell[after])
    return np.where(on | between, after, -1)
