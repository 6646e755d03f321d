"""The holders of a cases table (or a caseload) spelt as the workers table spells them.

The diary's worker ids are folded to the workers table's (capitals and white space:
:mod:`timestudy.ingest.worker_ids`); a case whose ``worker_id`` is ``'w001'`` where the
workers table has ``'W001'`` is the same worker's, and left as spelt it would be held by no
worker in post: out of the cases per FTE, and its case-months out of the hours per
case-month. :func:`fold_holders` folds them the same way, in one warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.co_worked import CO_JOIN, CO_WORKERS, co_worker_lists, split_co_held

_SHOWN = 5
#: Key of a folded table's ``attrs``: a fingerprint of the workers table it was folded
#: against, so that folding it again against the same table does not warn again.
FOLDED = "holders_folded_against"



def table_name(source, default: str) -> str:
    """A table's name in a warning: its file's name, else ``default``.

    Examples
    --------
    >>> table_name("data/cases.csv", "the cases table"), table_name(None, "the caseload")
    ('cases.csv', 'the caseload')
    """
    return Path(source).name if isinstance(source, (str, Path)) else default


def fold_holders(cases: pd.DataFrame, workers: pd.DataFrame | None,
                 name: str = "the cases table", *, warn: bool = True) -> pd.DataFrame:
    """``cases`` with each ``worker_id`` not in ``workers`` but equal to exactly one of its
    ids once capitals and white space are folded, spelt as ``workers`` spells it.

    Parameters
    ----------
    cases : DataFrame
        A cases table or caseload, with ``worker_id``.
    workers : DataFrame or None
        The workers table (None: ``cases`` as it is).
    name : str
        The table's name in the warning.
    warn : bool
        Warn (default); false where the same table was folded, and warned of, before. A
        table this function returned, folded again against the same workers, is not warned
        of again (marked in its ``attrs``: the command line folds a cases table, naming
        its file, before :func:`timestudy.fit_study` folds it).

    Returns
    -------
    DataFrame
        A copy of ``cases`` (shallow when no id is folded), marked as folded in its
        ``attrs``.

    Raises
    ------
    SchemaError
        When holders are given and none is a worker of ``workers``, even folded (every
        holder ``'W1'`` where the table has ``'W01'``): naming the holders, their counts,
        the table's ids and a near one (did you mean ``'W01'``?).

    Warns
    -----
    DataQualityWarning
        Naming each spelling folded, the workers table's id and how many cases; and each
        holder equal to one of the table's ids but for leading zeros (did you mean), not
        applied.

    Examples
    --------
    >>> cases = pd.DataFrame({"case_id": ["C1", "C2", "C3"], "worker_id": ["w1", "w1", "W2"]})
    >>> workers = pd.DataFrame({"worker_id": ["W1", "W2"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     fold_holders(cases, workers)["worker_id"].tolist()
    ['W1', 'W1', 'W2']
    >>> print(w[0].message)
    the cases table: worker id 'w1' is 'W1' of the workers table (case and spaces folded): 2 cases held by it counted as W1's
    """
    if workers is None or "worker_id" not in cases or not len(cases):
        return split_co_held(cases, workers, name, warn=warn)
    mark = _fingerprint(workers)
    out = _fold(cases, workers, name, warn=warn and cases.attrs.get(FOLDED) != mark)
    out = out.copy(deep=False) if out is cases else out  # (the caller's table unmarked)
    out.attrs[FOLDED] = mark
    return out


def _fingerprint(workers: pd.DataFrame) -> int:
    """A number for the workers table's ids, equal for equal ids in any order."""
    if "worker_id" not in workers:
        return 0
    return hash(tuple(sorted(workers["worker_id"].dropna().astype(str).unique())))


def _fold(cases: pd.DataFrame, workers: pd.DataFrame, name: str, *, warn: bool
          ) -> pd.DataFrame:
    """:func:`fold_holders`' work, ``cases`` unmarked (itself when nothing is folded)."""
    cases = split_co_held(cases, workers, name, warn=warn)  # 'W1; W2': co-worked
    if "worker_id" not in cases:
        return cases
    table = pd.Index(workers["worker_id"].dropna().astype(str).unique())
    cases = _co_spelt(cases, table)
    held = cases["worker_id"]
    ids = pd.Index(held.dropna().astype(str).unique()).difference(table)
    if ids.empty:
        return cases
    from timestudy.ingest.worker_ids import _folded, _near  # the readers': when folding

    to = pd.Series(_folded(ids, table), dtype=object)  # the diary's ids' rule
    n = held.astype(object).value_counts()
    near = _near(ids.difference(to.index), table).dropna()
    if to.empty and pd.Index(held.dropna().astype(str).unique()).difference(ids).empty:
        _refuse(ids, near, n, table, name)  # every holder unknown, none folded
    if not (to.empty and near.empty) and warn:
        warnings.warn(f"{name}: {_said(to, near, n)}", DataQualityWarning, stacklevel=3)
    if to.empty:
        return cases
    out = cases.copy()
    out["worker_id"] = held.astype(object).replace(to.to_dict()).astype(held.dtype)
    return out


def _co_spelt(cases: pd.DataFrame, table: pd.Index) -> pd.DataFrame:
    """``cases`` with each co-worker (:data:`CO_WORKERS`) spelt as the workers table spells
    them, when they equal exactly one of its ids once case and spaces are folded."""
    if CO_WORKERS not in cases or not cases[CO_WORKERS].notna().any():
        return cases
    parts = co_worker_lists(cases[CO_WORKERS]).explode()
    from timestudy.ingest.worker_ids import _folded

    to = _folded(pd.Index(parts.dropna().unique().astype(str)).difference(table), table)
    if not to:
        return cases
    spelt = parts.replace(to).groupby(level=0, sort=False).agg(
        lambda p: CO_JOIN.join(p.dropna()) or pd.NA)  # the co-worked cases, a handful
    return cases.assign(**{CO_WORKERS: pd.array(spelt.reindex(cases.index), dtype="string")})


def _said(to: pd.Series, near: pd.Series, n: pd.Series) -> str:
    """The warning's words: each id folded, then each id near one of the table's."""
    def cases(a) -> str:
        return f"{n[a]} case{'s' if n[a] != 1 else ''}"
    return "; ".join([f"worker id {a!r} is {b!r} of the workers table (case and spaces "
                      f"folded): {cases(a)} held by it counted as {b}'s"
                      for a, b in to.items()]
                     + [f"worker id {a!r} ({cases(a)}) is not in the workers table: did you "
                        f"mean {b!r}? its digits differ only by leading zeros; not applied: "
                        "its cases count as held by no worker in post (no FTE, load or "
                        "case-months) until the worker_id column or the workers table is "
                        "corrected" for a, b in near.items()])


def _refuse(ids: pd.Index, near: pd.Series, n: pd.Series, table: pd.Index, name: str) -> None:
    """Refuse a table none of whose holders is a worker of the workers table."""
    shown = ", ".join(f"{a!r} ({n[a]} case{'s' if n[a] != 1 else ''}"
                      + (f"; did you mean {near[a]!r}?" if a in near else "") + ")"
                      for a in ids[:_SHOWN])
    more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
    listed = ", ".join(map(str, table[:_SHOWN])) + (", ..." if len(table) > _SHOWN else "")
    raise SchemaError(
        f"no case's holder (worker_id) is a worker of the workers table ({listed}): "
        f"{shown}{more}; with no case held by a worker in post there are no case-months, "
        "loads or cases per FTE. Correct the holders to the workers table's ids (or the "
        "workers table's ids to the diary's and the cases table's)", source=name)


#: Working days between the study's first diary day and a worker's first from which
#: :func:`late_diaries` names them (a working week, as a diary that stops early): weekdays,
#: or the days of the worker's own ``workdays`` pattern where the workers table gives one.
LATE_WEEKDAYS = 5


def working_days_before(first: pd.Series, start: pd.Timestamp,
                        workers: pd.DataFrame | None) -> tuple[pd.Series, pd.Index]:
    """Each worker's working days from ``start`` up to (not including) their ``first`` day,
    as the diary completeness reads their contracted days: the days of the workers table's
    ``workdays`` pattern where it gives one (a 3-day week, a 9-day fortnight, a week
    ``off``: :func:`~timestudy.panels.work_patterns.week_patterns`), else Monday to Friday.

    Parameters
    ----------
    first : Series
        Each worker's first diary day, by ``worker_id``.
    start : Timestamp
        The study's first diary day.
    workers : DataFrame or None
        The workers table (``workdays`` and ``pattern_from``, if any).

    Returns
    -------
    days : Series of int
        By worker, as ``first``.
    declared : Index
        The workers whose days are their own pattern's.

    Examples
    --------
    >>> first = pd.Series(pd.to_datetime(["2026-03-09", "2026-03-09"]), index=["P", "F"])
    >>> w = pd.DataFrame({"worker_id": ["P"], "workdays": ["Mon-Wed"]})
    >>> days, declared = working_days_before(first, pd.Timestamp("2026-03-02"), w)
    >>> days.tolist(), declared.tolist()
    ([3, 5], ['P'])
    """
    from timestudy.schema.workdays import contracted_on, declared_weekdays, week_patterns

    ids = pd.Index(first.index.astype(str), dtype="string")
    days, declared = declared_weekdays(workers, ids)
    mask = np.where(declared[:, None], days, np.arange(7) < 5)  # none given: Monday-Friday
    weeks, cycle, anchor = week_patterns(workers, ids, mask)
    day0 = np.datetime64(start.date(), "D")
    n = np.clip((first.to_numpy().astype("datetime64[D]") - day0).astype(np.int64), 0, None)
    who = np.repeat(np.arange(len(ids)), n)  # worker-days before each first: study-sized
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    on = contracted_on(weeks, cycle, anchor, who, day0 + offset)
    counted = np.bincount(who, weights=on, minlength=len(ids)).astype(int)
    return pd.Series(counted, index=first.index), pd.Index(first.index[declared])


def late_diaries(episodes: pd.DataFrame, workers: pd.DataFrame | None) -> str | None:
    """Words naming the workers whose diaries begin a working week or more after the
    study's first diary day while the workers table gives no ``joined`` date for them.

    Such a worker's days before their first entry are read as days not in post (out of the
    diary completeness and of their cases' case-months: the figures a ``joined`` date on
    their first diary day gives), as a joiner's. Were they in post and writing nothing,
    those days were missing diary days: the hours per case-month stay the same (a missing
    day is out of both the hours and the case-months), but the completeness overstates.
    Only the analyst knows which, so they are named, with the fix. The days counted are
    the worker's working days (:func:`working_days_before`): a part-timer on Monday to
    Wednesday whose first entry is the second Monday is 3 of their days in, not named.

    Parameters
    ----------
    episodes : DataFrame
        The diary read: ``worker_id`` and ``diary_date``.
    workers : DataFrame or None
        The workers table (its ``joined`` dates, if any, are respected; its ``workdays``
        patterns give each worker's working days).

    Returns
    -------
    str or None

    Examples
    --------
    >>> eps = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "diary_date": pd.to_datetime(
    ...     ["2026-03-02", "2026-03-16", "2026-03-16"])})
    >>> w = pd.DataFrame({"worker_id": ["W1", "W2", "W3"],
    ...                   "joined": pd.to_datetime([None, None, "2026-03-16"])})
    >>> print(late_diaries(eps, w))
    1 worker's diary begins 5 or more weekdays after the study's first diary day (2026-03-02) and the workers table gives no joined date: W2 (first diary day 2026-03-16, 10 weekdays in). The days before are read as not in post (out of the diary completeness and of their cases' case-months), as for a worker who joined that day. If they were in post and kept no diary then, those were missing diary days and the completeness overstates; if they joined, give the day in the workers table's `joined` column.
    """
    if workers is None or episodes.empty or "diary_date" not in episodes:
        return None
    first = episodes.groupby("worker_id", observed=True)["diary_date"].min().dt.normalize()
    start = first.min()
    gap, declared = working_days_before(first, start, workers)
    late = gap[gap >= LATE_WEEKDAYS]
    if "joined" in workers:
        known = workers.loc[workers["joined"].notna(), "worker_id"].astype(str)
        late = late[~late.index.astype(str).isin(set(known))]
    if late.empty:
        return None
    own = late.index.isin(declared)
    days = ("weekdays" if not own.any() else "working days (weekdays, or the days of the "
            "worker's own pattern where the workers table's workdays gives one)")
    if len(late) * 2 > len(first):  # most diaries begin later: the start is the odd one out
        early = sorted(gap.index[gap < LATE_WEEKDAYS].astype(str))
        return (f"{len(late)} of {len(first)} workers' diaries begin {LATE_WEEKDAYS} or more "
                f"{days} after the study's first diary day ({start:%Y-%m-%d}), which comes "
                f"from the diaries of {', '.join(early[:5])}{', ...' if len(early) > 5 else ''}"
                ": the days before the others' first entries are read as not in post. If "
                "those early rows are a pilot or a mistyped date, leave them out or correct "
                "them; if the others joined later, give each their `joined` date.")
    mine = set(late.index[own].astype(str))
    named = ", ".join(f"{w} (first diary day {first[w]:%Y-%m-%d}, {late[w]} "
                      f"{'of their working days' if str(w) in mine else 'weekdays'} in)"
                      for w in sorted(late.index.astype(str))[:10])
    n = len(late)
    return (f"{n} worker{'s' if n != 1 else ''}'{'' if n != 1 else 's'} diar"
            f"{'ies begin' if n != 1 else 'y begins'} {LATE_WEEKDAYS} or more {days} after "
            f"the study's first diary day ({start:%Y-%m-%d}) and the workers table gives no "
            f"joined date: {named}{', ...' if n > 10 else ''}. The days before are read as not "
            "in post (out of the diary completeness and of their cases' case-months), as for "
            "a worker who joined that day. If they were in post and kept no diary then, those "
            "were missing diary days and the completeness overstates; if they joined, give "
            "the day in the workers table's `joined` column.")
