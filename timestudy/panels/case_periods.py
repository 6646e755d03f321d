"""A case listed once per period: a case that changed type or holder during the diary.

Councils' case systems record a case as a run of episodes, each with its own dates: a
child in need case stepped up to a child protection plan on 11 March is one row
``CIN`` opened before the diary and closed 11 March, and a second row ``CP`` opened 11
March (the CIN census's plan dates; a new SSDA903 episode when a legal status
changes). :func:`timestudy.ingest.read_cases` reads such rows when each row of a case
has its own period, one after the other. Every panel then needs one row per case, so
:func:`case_periods` gives each period its own case key (``S1#1``, ``S1#2``, in
order of opening) and moves the diary's work on the case to the period its day falls
in: work on 10 March counts as child in need work, on its case-months, and work on
12 March as child protection. Work before the first period opened is the first
period's; work between two periods (a case closed and re-opened) or after the last
closed is the period before it (a closing summary is the case's work), as work
outside a case's open dates is for a case listed once
(:mod:`timestudy.panels.cases`), unless that period closed before the diary began (a
case exported with its history): then it is the next period's, as work before a case
opened is its own (a re-referral's assessment before its new period opened).

A case listed once is left as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["case_periods", "period_key"]


def period_key(case_id: pd.Series, number: pd.Series) -> pd.Series:
    """The case key of a case's ``number``-th period (1 for the first opened).

    Examples
    --------
    >>> period_key(pd.Series(["S1", "S1"]), pd.Series([1, 2])).tolist()
    ['S1#1', 'S1#2']
    """
    return case_id.astype(str) + "#" + number.astype(int).astype(str)


def case_periods(episodes: pd.DataFrame, cases: pd.DataFrame,
                 date: str = "diary_date") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give each period of a case listed more than once its own key, in both tables.

    Parameters
    ----------
    episodes : DataFrame
        ``case_id`` and the day each episode counts on (``date``, by default the diary
        date of :func:`timestudy.panels.with_diary_date`).
    cases : DataFrame
        A cases table as :func:`timestudy.ingest.read_cases` reads it (a case listed
        more than once has periods one after the other).
    date : str
        Column of ``episodes`` with each episode's day.

    Returns
    -------
    (DataFrame, DataFrame)
        The episodes with the ``case_id`` of a listed-more-than-once case replaced by
        its period's key, and the cases with one row per key; each such row keeps the
        case as listed in ``case_listed_as``. Both unchanged when every case is listed once.

    Examples
    --------
    >>> cases = pd.DataFrame({"case_id": ["S1", "S1", "A"], "case_type": ["CIN", "CP", "CLA"],
    ...     "opened": pd.to_datetime([None, "2026-03-11", None]),
    ...     "closed": pd.to_datetime(["2026-03-11", None, None])})
    >>> ep = pd.DataFrame({"case_id": pd.Series(["S1", "S1", "A", None], dtype="string"),
    ...     "diary_date": pd.to_datetime(["2026-03-10", "2026-03-11", "2026-03-10", "2026-03-10"])})
    >>> ep2, cases2 = case_periods(ep, cases)
    >>> ep2["case_id"].tolist()
    ['S1#1', 'S1#2', 'A', <NA>]
    >>> cases2[["case_id", "case_type", "case_listed_as"]].values.tolist()
    [['S1#1', 'CIN', 'S1'], ['S1#2', 'CP', 'S1'], ['A', 'CLA', 'A']]
    """
    again = cases["case_id"].duplicated(keep=False).to_numpy()
    if not again.any():
        return episodes, cases
    opened = pd.to_datetime(cases["opened"]).astype("datetime64[ns]")
    closed = pd.to_datetime(cases["closed"]).astype("datetime64[ns]")
    # in order of opening (a blank opened first); of two opened the same day, the one that
    # closes first (a blank closed: still open, last), whatever the rows' order
    order = np.lexsort((closed.fillna(pd.Timestamp.max).to_numpy(),
                        opened.fillna(pd.Timestamp.min).to_numpy(),
                        cases["case_id"].astype(str).to_numpy()))
    listed = cases["case_id"].astype(str)
    number = pd.Series(np.zeros(len(cases), int), index=cases.index)
    ranked = cases.iloc[order]
    number.iloc[order] = ranked.groupby(ranked["case_id"].astype(str), sort=False).cumcount() + 1
    keys = listed.where(~again, period_key(listed, number))
    out_cases = cases.assign(case_id=keys.astype(cases["case_id"].dtype), case_listed_as=listed)
    return (_rekeyed(episodes, cases.loc[again], keys[again], opened[again], closed[again],
                     date), out_cases)


def _rekeyed(episodes: pd.DataFrame, periods: pd.DataFrame, keys: pd.Series,
             opened: pd.Series, closed: pd.Series, date: str) -> pd.DataFrame:
    """The episodes of the cases ``periods`` lists on the key of the period their day is in
    (the last opened on or before it; the first when none was). A period closed before its
    holder's first diary day (the study's first, with no holder) is no period of the
    diary: work after it, before the next opened (a re-referral's assessment), is the next
    period's, as work before a case opened is."""
    case = episodes["case_id"].astype("string")
    on = case.isin(set(periods["case_id"].astype(str))).fillna(False).to_numpy(bool)
    if not on.any():
        return episodes
    days = pd.to_datetime(episodes[date]).astype("datetime64[ns]").dt.normalize()
    left = pd.DataFrame({"case": case[on].astype(str).to_numpy(),
                         "day": days[on].to_numpy(), "row": np.flatnonzero(on)})
    right = pd.DataFrame({"case": periods["case_id"].astype(str).to_numpy(),
                          "day": opened.fillna(pd.Timestamp.min).to_numpy(),
                          "key": keys.to_numpy(object),
                          "n": keys.str.rsplit("#", n=1).str[1].astype(int).to_numpy()})
    # closed before its holder's diary began (the study's, without a holder): none of its work
    began = pd.Series(days.min(), index=periods.index)
    if "worker_id" in periods and "worker_id" in episodes:
        firsts = days.groupby(episodes["worker_id"].astype("string")).min()
        began = periods["worker_id"].astype("string").map(firsts).fillna(days.min())
    gone = (closed <= began).to_numpy()
    right["gone_from"] = np.where(gone, closed.to_numpy(), np.datetime64("NaT"))
    # periods opened on one day (one closed the day it opened): the later in number wins
    right = right.sort_values(["day", "n"], kind="stable")
    firsts = right.groupby("case", sort=False)["key"].first()
    got = pd.merge_asof(left.sort_values("day", kind="stable"), right, on="day", by="case",
                        direction="backward")
    got["key"] = got["key"].fillna(got["case"].map(firsts))
    after = (got["day"] >= got["gone_from"]).to_numpy()  # after a period gone before the diary
    if after.any():  # the next period opened, if any
        later = pd.merge_asof(got.loc[after, ["day", "case"]], right[["day", "case", "key"]],
                              on="day", by="case", direction="forward")
        got.loc[after, "key"] = later["key"].fillna(got.loc[after, "key"]).to_numpy()
    new = episodes["case_id"].astype(object).to_numpy(copy=True)
    new[got["row"].to_numpy()] = got["key"].to_numpy(object)
    dtype = episodes["case_id"].dtype
    column = pd.Series(new, index=episodes.index)
    return episodes.assign(case_id=column if isinstance(dtype, pd.CategoricalDtype)
                           else column.astype(dtype))
