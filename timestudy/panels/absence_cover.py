"""A holder's blank day read as absence covered when a colleague worked on their case that day.

:func:`absence_covered` (the rule :mod:`timestudy.panels.cases`' notes give under
**Cover**), with :func:`_co_worked`, the cases worked together rather than covered: read by
:func:`~timestudy.panels.cases.case_month` before the exposure
(:func:`~timestudy.panels.exposure.covered_absence` keeps a covered spell in it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.panels.co_held import case_holders


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
    used share, and :func:`~timestudy.panels.exposure.covered_absence` keeps it in the covered case's exposure: the
    same figures as the absence written in. A colleague's joint visit on a day the holder
    worked and did not write is read the same way; it moves that one day only. A case the
    colleague worked mostly on days the holder wrote is worked together, not covered: its
    holder's blank days stay missing (:func:`_co_worked`). A case held jointly (a job
    share) is every holder's: a blank day of any of them is read so, and a co-holder's work
    on a day of their own is the job's, not cover (review34: a blank day of one holder on a
    day the other worked the case read as covered only when the blank one was named first);
    on their day off it is cover, as a colleague's.

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
    pairs = _holders(cases)
    work = pd.DataFrame({"case_id": work["case_id"].astype("string").to_numpy(),
                         "worker_id": work["worker_id"].astype("string").to_numpy(),
                         "diary_date": work["diary_date"].to_numpy()})
    work = work.merge(pairs, on="case_id")  # a row for each holder of its case
    holder = work["holder"]
    other = (work["worker_id"] != holder).to_numpy(bool)
    # a co-holder on a day of theirs works the job, not cover; on a day off, as a colleague
    co = pd.MultiIndex.from_frame(work[["case_id", "worker_id"]]).isin(
        pd.MultiIndex.from_frame(pairs))
    theirs = (days["contracted"].to_numpy(bool) if "contracted" in days
              else np.ones(len(days), bool))
    own_day = pd.MultiIndex.from_arrays(
        [work["worker_id"].to_numpy(), pd.to_datetime(work["diary_date"]).to_numpy()]).isin(
        pd.MultiIndex.from_arrays([days["worker_id"].astype("string").to_numpy(),
                                   days["diary_date"].to_numpy()])[theirs])
    other &= ~(co & own_day)
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


def _holders(cases: pd.DataFrame) -> pd.DataFrame:
    """Each case's holders, ``case_id`` and ``holder`` as strings: its first-named holder
    (``worker_id``) and, for a case held jointly, every co-holder
    (:data:`~timestudy.ingest.co_worked.CO_WORKERS`).

    Examples
    --------
    >>> _holders(pd.DataFrame({"case_id": ["K", "L"], "worker_id": ["JS1", "W1"],
    ...                        "co_workers": ["JS2", None]})).values.tolist()
    [['K', 'JS1'], ['L', 'W1'], ['K', 'JS2']]
    """
    c = cases.drop_duplicates("case_id")
    every = case_holders(c)
    out = pd.DataFrame({"case_id": c["case_id"].astype("string").to_numpy()[every["row"]],
                        "holder": every["holder"].to_numpy()}, dtype="string")
    return out.drop_duplicates(ignore_index=True)


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
                                  + work["worker_id"].astype("string") + "\x1f"
                                  + holder.astype("string").to_numpy())[0])
    seen = pd.DataFrame({"pair": pair, "date": date, "used": on_used, "blank": on_blank})
    seen = seen.loc[on_used | on_blank].drop_duplicates(["pair", "date"])
    share = seen.groupby("pair")["used"].mean()
    together = set(share.index[share > 0.5])
    return other & pair.isin(together).to_numpy()
