"""Checks after categorising that no absence is counted as work and no case work as absence.

Two kinds of entry give a silently wrong guide when nobody looks at them:

- **Not work on a case.** An entry with a case id categorised as not work (leave,
  sickness, a break) is in no case's hours and makes its time absence. The shipped
  taxonomy classes an entry that names work on a child or case as that work (its
  absence words anywhere in a text are below every work pattern), so what is left is
  an entry that *starts* with the worker's own absence ("Annual leave", "Lunch") but
  carries a case id: :func:`non_work_on_cases` lists them and
  :func:`warn_non_work_on_cases` names their rows and hours.
- **Uncategorised absence.** Uncategorised time counts as time worked. An absence the
  taxonomy does not know ("Bank Hol", "Strike") shows as uncategorised time on a bank
  holiday, or as a whole day of nothing but uncategorised entries:
  :func:`uncategorised_days` lists such worker-days and
  :func:`warn_uncategorised_days` names them by date.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from timestudy.categorise.taxonomy import UNCATEGORISED, Taxonomy
from timestudy.errors import DataQualityWarning
from timestudy.schema.clock import diary_date

__all__ = [
    "non_work_on_cases",
    "uncategorised_days",
    "warn_non_work_on_cases",
    "warn_uncategorised_days",
]

#: A worker-day whose entries are all uncategorised counts as a whole day from this many
#: minutes on (half of a 6-hour day: a half-day's absence written on its own).
WHOLE_DAY_MIN = 180.0
#: Rows named in a warning, at most.
ROWS_NAMED = 8


def _minutes(episodes: pd.DataFrame) -> pd.Series:
    """``counted_min`` when present (overlaps counted once), else ``duration_min``, else NaN."""
    for col in ("counted_min", "duration_min"):
        if col in episodes:
            return pd.to_numeric(episodes[col], errors="coerce").astype(float)
    return pd.Series(np.nan, index=episodes.index)


def _rows(episodes: pd.DataFrame, at: np.ndarray | None = None) -> pd.Series:
    """Each entry's row in its file (``source_row``), else its position from 1 (only the
    entries at positions ``at``, when given)."""
    at = np.arange(len(episodes)) if at is None else at
    if "source_row" in episodes:
        return episodes["source_row"].iloc[at].astype("string")
    return pd.Series(at + 1, index=episodes.index[at]).astype("string")


def non_work_on_cases(categorised: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Entries with a case id categorised as not work: in no case's hours.

    Parameters
    ----------
    categorised : DataFrame
        :func:`~timestudy.categorise` output with ``case_id``.
    taxonomy : Taxonomy
        The taxonomy used: its categories say which count as work.

    Returns
    -------
    DataFrame
        One row per such entry: ``row`` (``source_row``, else the position from 1),
        ``task_type``, ``minutes`` (``counted_min``, else ``duration_min``). Empty
        without a ``case_id`` column.

    Examples
    --------
    >>> from timestudy import categorise, load_taxonomy
    >>> eps = pd.DataFrame({"activity": ["Annual leave", "Visit to sick child", "Lunch"],
    ...                     "case_id": ["C1", "C1", None], "duration_min": [450.0, 60, 30]})
    >>> non_work_on_cases(categorise(eps), load_taxonomy("uk_children_social_work"))
      row task_type  minutes
    0   1     leave    450.0
    """
    empty = pd.DataFrame({"row": pd.Series(dtype="string"), "task_type": pd.Series(dtype=str),
                          "minutes": pd.Series(dtype=float)})
    if "case_id" not in categorised or "category" not in categorised:
        return empty
    not_work = [c.id for c in taxonomy.categories if not c.counts_as_work]
    case = categorised["case_id"].astype("string").str.strip()
    on_case = case.notna() & (case != "") & categorised["category"].isin(not_work)
    if not on_case.any():
        return empty
    hit = categorised.loc[on_case.to_numpy()]
    return pd.DataFrame({"row": _rows(categorised)[on_case].to_numpy(),
                         "task_type": hit["task_type"].astype(str).to_numpy(),
                         "minutes": _minutes(hit).to_numpy()})


def warn_non_work_on_cases(categorised: pd.DataFrame, taxonomy: Taxonomy, *,
                           stacklevel: int = 2) -> None:
    """Warn, naming the rows and hours, when entries with a case id are categorised not work.

    Examples
    --------
    >>> import warnings
    >>> from timestudy import categorise, load_taxonomy
    >>> eps = pd.DataFrame({"activity": ["Lunch"], "case_id": ["C1"], "duration_min": [30.0]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_non_work_on_cases(categorise(eps), load_taxonomy("uk_children_social_work"))
    >>> str(w[0].message)[:71]
    '1 entry with a case id is categorised as not work (break 0.5 h, row 1),'
    """
    found = non_work_on_cases(categorised, taxonomy)
    if found.empty:
        return
    n = len(found)
    by_task = found.groupby("task_type", sort=True)["minutes"].sum() / 60
    kinds = ", ".join(f"{t} {h:,.1f} h" for t, h in by_task.items())
    rows = ", ".join(found["row"].head(ROWS_NAMED)) + (", ..." if n > ROWS_NAMED else "")
    noun, verb = ("entry", "is") if n == 1 else ("entries", "are")
    warnings.warn(
        f"{n} {noun} with a case id {verb} categorised as not work ({kinds}, "
        f"row{'s' if n > 1 else ''} {rows}), so {'it is' if n == 1 else 'they are'} in no "
        "case's hours and count as absence or a break. If it is work on the case, say "
        "what (a visit, a call, case notes); if it is absence, remove the case id.",
        DataQualityWarning, stacklevel=stacklevel)


def uncategorised_days(categorised: pd.DataFrame,
                       holidays: Sequence | pd.DatetimeIndex | None = None,
                       *, whole_day_min: float = WHOLE_DAY_MIN) -> pd.DataFrame:
    """Worker-days whose uncategorised time looks like an absence the taxonomy does not know.

    Uncategorised time counts as time worked. A worker-day is listed when it has
    uncategorised time on a bank holiday (``bank_holiday``), or when every entry of
    the day is uncategorised and they add up to ``whole_day_min`` or more
    (``whole_day``).

    Parameters
    ----------
    categorised : DataFrame
        :func:`~timestudy.categorise` output with ``worker_id`` and ``diary_date`` (or
        ``start``: days start at 04:00) and minutes (``counted_min`` or ``duration_min``).
    holidays : sequence of dates, optional
        The bank holidays of the study (e.g.
        :func:`timestudy.panels.workdays.bank_holidays`); none: only whole days.
    whole_day_min : float
        Minutes from which a day of nothing but uncategorised entries is listed.

    Returns
    -------
    DataFrame
        ``worker_id``, ``diary_date``, ``minutes`` (uncategorised), ``rows`` (the
        entries' rows, comma-separated) and ``reason`` (``bank_holiday`` or
        ``whole_day``), by date. Empty when the columns needed are missing.

    Examples
    --------
    Good Friday 2026 written "Bank Hol" in a taxonomy without the phrase, and a
    whole Monday of "xyz":

    >>> eps = pd.DataFrame({"worker_id": "W1", "activity": ["Bank Hol", "xyz", "SV"],
    ...     "task_type": ["uncategorised", "uncategorised", "statutory_visit"],
    ...     "start": pd.to_datetime(["2026-04-03 09:00", "2026-04-13 09:00",
    ...                              "2026-04-14 09:00"]), "duration_min": [450.0, 420, 60]})
    >>> uncategorised_days(eps, pd.to_datetime(["2026-04-03"]))[["minutes", "reason"]]
       minutes        reason
    0    450.0  bank_holiday
    1    420.0     whole_day
    """
    marked = _days_and_marks(categorised)
    if marked is None:
        return pd.DataFrame(columns=_LISTED)
    return _listed(categorised, *marked, holidays, whole_day_min)


_LISTED = ["worker_id", "diary_date", "minutes", "rows", "reason"]


def _listed(categorised: pd.DataFrame, day: pd.Series, unc: np.ndarray, holidays,
            whole_day_min: float, may: np.ndarray | None = None) -> pd.DataFrame:
    """:func:`uncategorised_days` given each entry's day and whether it is uncategorised.

    Only the rows of the days that may be listed (:func:`_days_that_may_be_listed`) are
    grouped and joined, when there are any: each such day's sums and rows are those of
    every row (grouping a whole diary's worker-days and joining them cost 0.05 s). ``may``:
    :func:`_may_be_listed` of the same, when known.
    """
    cols = _LISTED
    hol = _holidays(holidays)
    may = _may_be_listed(categorised, day, unc, holidays) if may is None else may
    at = np.flatnonzero(may) if may.any() else np.arange(len(categorised))
    m, unc = _minutes(categorised).fillna(0.0).to_numpy()[at], unc[at]
    worker = categorised["worker_id"].iloc[at].astype("string").to_numpy()
    frame = pd.DataFrame({"worker_id": worker, "diary_date": day.to_numpy()[at], "unc": unc,
                          "minutes": np.where(unc, m, 0.0), "all": m})
    keys = ["worker_id", "diary_date"]
    grouped = frame.groupby(keys, sort=True)  # sums and a size: a named agg costs 0.06 s
    days = grouped[["minutes", "all", "unc"]].sum().rename(
        columns={"all": "total", "unc": "n_unc"}).assign(n=grouped.size()).reset_index()
    on_holiday = days["diary_date"].isin(hol.normalize()) & (days["n_unc"] > 0)
    whole = (days["n_unc"] == days["n"]) & (days["minutes"] >= whole_day_min)
    days["reason"] = np.where(on_holiday, "bank_holiday", "whole_day")
    days = days.loc[on_holiday | whole]
    # the rows only of the days named (a join per worker-day of a whole diary cost 0.6 s)
    named = frame.loc[unc, keys].assign(rows=_rows(categorised, at[unc]).to_numpy())
    named = named.merge(days[keys], on=keys)
    rows = named.groupby(keys, sort=False)["rows"].agg(", ".join).rename("rows")
    days = days.merge(rows, left_on=keys, right_index=True, how="left")
    return days[cols].sort_values(["diary_date", "worker_id"]).reset_index(drop=True)


def _holidays(holidays) -> pd.DatetimeIndex:
    """The bank holidays given (None: none), as dates."""
    return pd.DatetimeIndex(pd.to_datetime(list(holidays) if holidays is not None else []))


def _may_be_listed(categorised: pd.DataFrame, day: pd.Series, unc: np.ndarray,
                   holidays) -> np.ndarray:
    """:func:`_days_that_may_be_listed` of the entries (none when none is uncategorised)."""
    if not unc.any():
        return np.zeros(len(unc), dtype=bool)
    return _days_that_may_be_listed(categorised["worker_id"].astype("string"), day.to_numpy(),
                                    unc, _holidays(holidays))


def _days_that_may_be_listed(worker: pd.Series, date: np.ndarray, unc: np.ndarray,
                             hol: pd.DatetimeIndex) -> np.ndarray:
    """The rows of the worker-days :func:`_listed` may list, from counts of codes.

    A day is listed only if it has an uncategorised entry on a date among ``hol`` or
    nothing but uncategorised entries (its minutes are looked at after). A row without a
    worker or a date is in no day, as in the grouping.

    Examples
    --------
    >>> worker = pd.Series(["W1", "W1", "W2", None], dtype="string")
    >>> date = pd.to_datetime(["2026-04-03", "2026-04-03", "2026-04-06", "2026-04-06"]).values
    >>> unc = np.array([True, False, True, True])
    >>> _days_that_may_be_listed(worker, date, unc, pd.DatetimeIndex([])).tolist()
    [False, False, True, False]
    >>> _days_that_may_be_listed(worker, date, unc, pd.DatetimeIndex(["2026-04-03"])).tolist()
    [True, True, True, False]
    """
    w, d = pd.factorize(worker)[0], pd.factorize(date)[0]
    valid = (w >= 0) & (d >= 0)
    key = (w.astype(np.int64) * (int(d.max(initial=0)) + 1) + d)[valid]
    unc = np.asarray(unc, dtype=bool)[valid]
    on_holiday = unc & pd.Series(date).isin(hol.normalize()).to_numpy()[valid]
    n, n_unc = np.bincount(key), np.bincount(key, weights=unc)
    may = (n_unc == n) | (np.bincount(key, weights=on_holiday) > 0)
    out = np.zeros(len(worker), dtype=bool)
    out[valid] = may[key]
    return out


def _days_and_marks(categorised: pd.DataFrame) -> tuple[pd.Series, np.ndarray] | None:
    """Each entry's diary day and whether it is uncategorised (None without the columns)."""
    if not {"worker_id", "task_type"} <= set(categorised.columns) or not (
            "diary_date" in categorised or "start" in categorised):
        return None
    # (a table given to `timestudy categorise` as it is may hold unreadable times: no day)
    day = (pd.to_datetime(categorised["diary_date"], errors="coerce").dt.normalize()
           if "diary_date" in categorised
           else diary_date(pd.to_datetime(categorised["start"], errors="coerce"), 4.0))
    return day, categorised["task_type"].astype(str).eq(UNCATEGORISED).to_numpy()


def _may_list(categorised: pd.DataFrame, holidays) -> bool:
    """Whether :func:`uncategorised_days` may list a day: some worker-day has an
    uncategorised entry and either no other entries or a date among ``holidays``.

    False means it lists none (its rule is stricter: minutes, and missing workers or days,
    are not looked at here); it is a quick test on arrays, so that a diary with nothing to
    warn of (the usual case) is not grouped and joined in pandas.

    Examples
    --------
    >>> eps = pd.DataFrame({"worker_id": ["W1", "W1", "W2"],
    ...     "task_type": ["uncategorised", "statutory_visit", "uncategorised"],
    ...     "start": pd.to_datetime(["2026-04-03 09:00", "2026-04-03 10:00",
    ...                              "2026-04-06 09:00"])})
    >>> _may_list(eps.iloc[:2], None), _may_list(eps.iloc[:2], ["2026-04-03"])
    (False, True)
    >>> _may_list(eps, None)  # W2's day holds nothing else
    True
    """
    marked = _days_and_marks(categorised)
    return marked is not None and bool(_may_be_listed(categorised, *marked, holidays).any())


def warn_uncategorised_days(categorised: pd.DataFrame,
                            holidays: Sequence | pd.DatetimeIndex | None = None, *,
                            stacklevel: int = 2) -> None:
    """Warn when uncategorised time, counted as work, falls on a bank holiday or fills a day.

    Names the dates and rows (never the workers) of :func:`uncategorised_days`.

    Examples
    --------
    >>> import warnings
    >>> eps = pd.DataFrame({"worker_id": "W1", "activity": ["Strike"],
    ...     "task_type": ["uncategorised"], "start": pd.to_datetime(["2026-03-12 09:00"]),
    ...     "duration_min": [450.0], "source_row": [5]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_uncategorised_days(eps)
    >>> str(w[0].message)[:76]
    'uncategorised time counted as hours worked may be an absence: 7.5 h filling '
    """
    marked = _days_and_marks(categorised)
    may = None if marked is None else _may_be_listed(categorised, *marked, holidays)
    if may is None or not may.any():
        return  # nothing to list: not grouped (see _may_list)
    found = _listed(categorised, *marked, holidays, WHOLE_DAY_MIN, may)
    if found.empty:
        return
    parts = []
    for reason, what in (("bank_holiday", "on bank holidays"),
                         ("whole_day", "filling whole days with nothing else")):
        sel = found[found["reason"] == reason]
        if len(sel):
            dates = ", ".join(sorted({f"{d:%Y-%m-%d}" for d in sel["diary_date"]})[:ROWS_NAMED])
            parts.append(f"{sel['minutes'].sum() / 60:,.1f} h {what} ({dates}; rows "
                         f"{', '.join(sel['rows'].head(ROWS_NAMED))})")
    warnings.warn(
        "uncategorised time counted as hours worked may be an absence: "
        + " and ".join(parts) + ". If these entries are leave, sickness or other time off, "
        "add their words to the taxonomy's leave or sickness patterns (or use its codes); "
        "if they are work, to the task type they are.",
        DataQualityWarning, stacklevel=stacklevel)
