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
takes them from :func:`case_holders`, or from a table whose holder cells
:func:`~timestudy.ingest.co_worked.holders_read` read (``' JS1 '`` is JS1, ``'JS2; '`` JS2
alone), as :func:`timestudy.read_cases` leaves them.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.ingest.co_worked import CO_WORKERS, co_worker_lists, holder_names
from timestudy.panels.windows import day_weights, job_day_weights
from timestudy.schema.clock import day_keys


def case_holders(cases: pd.DataFrame, first: bool = True) -> pd.DataFrame:
    """Each case's holders, one row each: ``row`` (the case's position in ``cases``),
    ``holder`` (read by :func:`~timestudy.ingest.co_worked.holder_names`: trimmed) and ``rank`` (0: the first-named, ``worker_id``; 1, 2, ...:
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
        lead = holder_names(cases["worker_id"])
        parts.append(pd.DataFrame({"row": np.arange(len(cases)), "holder": lead.to_numpy(),
                                   "rank": 0}))
    if CO_WORKERS in cases and cases[CO_WORKERS].notna().any():
        co = co_worker_lists(cases[CO_WORKERS]).set_axis(np.arange(len(cases))).explode()
        co = co.dropna().astype("string")  # each trimmed, blanks left out (holder_names)
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


class JobGrid(NamedTuple):
    """The days of each distinct job (its holders and its window) in the jointly held cases
    counted (:func:`job_share_days`), and where each case's open days lie in them."""

    job: np.ndarray  #: each day's job
    date: np.ndarray  #: the day (each job's days in order, one after another)
    weight: np.ndarray  #: its part of a working day (0: not a day of the job)
    least: np.ndarray  #: the least part of it its holders whose day it is were away
    back: np.ndarray  #: a holder whose day it is worked it as a bank holiday
    at_work: np.ndarray  #: a holder was at work that day, their day or not: a spell ends
    of: np.ndarray  #: each case counted's job (-1: one holder)
    lo: np.ndarray  #: each case's first open day's place in the days (its job's)
    hi: np.ndarray  #: and the place after its last


def job_share_days(span, days: pd.DataFrame, windows: pd.DataFrame | None
                   ) -> tuple[np.ndarray, JobGrid]:
    """Each jointly held case's days away (as a negative) and bank holidays worked, on the
    days of its job (:func:`~timestudy.panels.windows.job_day_weights`) from its first open
    day up to its last: what :func:`~timestudy.panels.exposure.case_exposure` adds to its
    open days; 0 for a case of one holder. The job's days are read over its whole window
    (``span.around``), so that a spell of them away runs on before the case opened and
    after it closed, as a lone holder's does (:func:`job_cover`); once for each distinct job
    (holders and window), so that the work grows with the jobs times their days, not the
    cases (fix36j2: 3,000 cases of one job share open a week each in a year, 21.8 s).

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
    grid : JobGrid
        The jobs' days (:func:`job_cover` reads them).
    """
    out = np.zeros(len(span.first))
    j = np.flatnonzero(span.joint)
    of = np.full(len(out), -1, np.int64)
    if not len(j):
        none = np.zeros(0)
        no = np.zeros(0, bool)
        return out, JobGrid(np.zeros(0, np.int64), np.zeros(0, "datetime64[D]"), none, none,
                            no, no, of, of[:0], of[:0])
    lo, hi = (t[j] for t in span.around)
    jobs = np.column_stack([span.holders[j], lo.astype(np.int64), hi.astype(np.int64)])
    _, pick, which = np.unique(jobs, axis=0, return_index=True, return_inverse=True)
    of[j] = which.ravel()
    n = (hi[pick] - lo[pick]).astype(np.int64)
    begin = np.cumsum(n) - n  # each job's first day's place
    job = np.repeat(np.arange(len(n)), n)
    date = np.repeat(lo[pick], n) + (np.arange(n.sum()) - np.repeat(begin, n))
    holders = span.holders[j[pick]][job]
    weight = job_day_weights(span.week, holders, date)
    key = day_keys(span.worker, span.date)
    order = np.argsort(key, kind="stable")
    part = days["absent_part"].to_numpy(float) if "absent_part" in days else np.zeros(len(days))
    worked = days["contracted"].to_numpy(bool) & span.bank  # a bank holiday worked
    w_lo, w_hi = (windows[k].to_numpy().astype("datetime64[D]") for k in ("lo", "hi"))
    least, back = np.full(len(date), np.inf), np.zeros(len(date), bool)
    at_work = np.zeros(len(date), bool)
    for who in holders.T:  # a column a holder: a handful
        has = who >= 0
        w = np.maximum(who, 0)
        mine = has & (day_weights(span.week, w, date) > 0)  # a day of this holder's
        inside = has & (w_lo[w] <= date) & (date <= w_hi[w])  # NaT compares False
        want = day_keys(w, date)
        row = order[np.minimum(np.searchsorted(key[order], want), len(order) - 1)]
        seen = inside & (key[row] == want)  # the holder's row of ``days`` that day
        away = np.where(
            ~inside, 1.0, np.where(seen, np.where(span.absent[row], 1.0, part[row]), 0.0)
        )
        least = np.where(mine, np.minimum(least, away), least)
        back |= mine & seen & worked[row]
        at_work |= has & (key[row] == want) & span.at_work[row]  # as a lone holder's spell
    least[np.isinf(least)] = 0.0  # no holder's day: not a day of the job
    grid = JobGrid(job, date, weight, least, back, at_work, of, np.zeros(len(out), np.int64),
                   np.zeros(len(out), np.int64))
    grid.lo[j] = begin[of[j]] + (span.first[j] - lo).astype(np.int64)
    grid.hi[j] = begin[of[j]] + (span.last[j] - lo).astype(np.int64)
    on = np.flatnonzero(weight * (back - least) != 0)  # a day away or a bank holiday worked
    case, at = _open_places(grid, on)
    out += np.bincount(case, weights=(weight * (back - least))[at], minlength=len(out))
    return out, grid


def _open_places(grid: JobGrid, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each (case, place) of sorted ``places`` (of ``grid``'s days) in the open days of a
    jointly held case whose job's days they are, in order of case and day: a search of each
    case's open days, no grid of the cases' days.

    Examples
    --------
    Two cases of one job of 6 days, open on its days 1-3 and 2-5; days away 2 and 5:

    >>> g = JobGrid(*[None] * 6, of=np.array([0, 0]), lo=np.array([1, 2]),
    ...             hi=np.array([4, 6]))
    >>> [x.tolist() for x in _open_places(g, np.array([2, 5]))]
    [[0, 1, 1], [2, 2, 5]]
    """
    case = np.flatnonzero(grid.of >= 0)
    a = np.searchsorted(places, grid.lo[case])
    n = np.searchsorted(places, grid.hi[case]) - a
    case = np.repeat(case, n)
    at = places[np.repeat(a, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))]
    return case, at


def job_cover(span, hours: pd.DataFrame) -> np.ndarray:
    """Each jointly held case's days away held by cover: a spell of the job's days away (days
    no holder whose day it was held, with no day between them of the job held or on which
    one of its holders was at work, their day or not, as a lone holder's day at work ends
    their spell) on one of whose days, or on a day off of the job inside it, someone not
    away worked on the case, other than a holder whose day it was (a colleague, or a
    co-holder on a day off), is back in its exposure, as a one-holder case's spell is
    (:func:`~timestudy.panels.exposure.covered_absence`); the part of a day away, when
    such a one worked the case that day. A spell is the job's over its window, before the
    case opened and after it closed too; its days back are those the case was open
    (fix36j: K opened on Wednesday 11 March 2026, a day off of the job inside a spell from
    Tuesday 10 to Thursday 12 on which a colleague visited, gave back no day, the spell
    cut at the opening; its Thursday, 1.25 days, is back). A holder at work on a day off of
    the job ends the spell (fix36j2: JS1 at work on Wednesday 11, between JS1's leave on
    Tuesday 10 and JS2's on Thursday 12; before, a visit on the Tuesday held the Thursday
    too, 10 days for 8.75); a co-holder at work on one of the job's days away, their day
    off, is on a day of the spell, not between two of its days, and it goes on.

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
    g = span.job_grid
    out = np.zeros(len(span.first))
    hours = hours.loc[g.of[hours["row"].to_numpy()] >= 0] if len(g.job) else hours.iloc[:0]
    if hours.empty:
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
    bank = np.isin(g.date, span.holidays)
    whole = (g.weight > 0) & (g.least >= 1.0) & ~bank
    held = (g.weight > 0) & ((~bank & (g.least < 1.0)) | (bank & g.back))
    held |= g.at_work & ~whole  # a holder at work on a day not one of the job's away
    spell = day_keys(g.job, np.cumsum(held))  # days away with no day held between: a spell
    row = hours["row"].to_numpy()
    at = day_keys(g.of[row], when)  # the job's day each hour is on
    own = by & (span.holders[row] == me[:, None]).any(axis=1)  # a holder on a day off
    if own.any():  # away in that spell themselves: their own work, not cover
        by[own] = ~_away_in_spell(span, me[own], at[own], g.job, g.date, whole, spell)
    grid = day_keys(g.job, g.date)
    i = np.minimum(np.searchsorted(grid, at), len(grid) - 1)
    by &= grid[i] == at  # on a day of its job's window
    # work on one of a spell's days away, or on a day off of the job between two of them
    inside = by & (inside_spell(grid[whole], spell[whole], at) >= 0)
    pair = np.unique(row[inside] * len(grid) + i[inside])  # each case and a day of a spell
    case, s = pair // len(grid), spell[pair % len(grid)]
    lo = np.maximum(np.searchsorted(spell, s), g.lo[case])  # the spell's open days
    hi = np.minimum(np.searchsorted(spell, s, "right"), g.hi[case])
    n = np.maximum(hi - lo, 0)
    days = np.repeat(lo, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    hit = np.repeat(case, n)[whole[days]] * len(grid) + days[whole[days]]
    part = by & ~whole[i] & ~bank[i] & (g.least[i] > 0) & (g.lo[row] <= i) & (i < g.hi[row])
    pair = np.unique(np.r_[hit, row[part] * len(grid) + i[part]])  # in order of case and day
    case, day = pair // len(grid), pair % len(grid)
    return out + np.bincount(case, weights=(g.weight * g.least)[day], minlength=len(out))


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
