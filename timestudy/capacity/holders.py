"""Who holds a caseload's cases: the cases with no holder, those held by a worker the workers
table does not list (and the note saying so), and the check that every listed worker has an
FTE. The rules the loads, staff needed, headline and calculator share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import ConfigError
from timestudy.ingest.co_worked import holder_names, holders_read
from timestudy.panels.co_held import case_holders


def no_holder(caseload: pd.DataFrame) -> np.ndarray:
    """Which cases have no holder: a blank ``worker_id`` (an unallocated case).

    An unallocated case still needs a worker's time: it counts in the hours and
    staff needed, though in no worker's load.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).

    Returns
    -------
    ndarray of bool
        True for a case with no holder, aligned with ``caseload``.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": pd.array(["W1", None], dtype="string")})
    >>> no_holder(c).tolist()
    [False, True]
    """
    if "worker_id" not in caseload:
        raise ConfigError("the caseload has no `worker_id` column: say who holds each case "
                          "(blank for a case with no holder)")
    return holder_names(caseload["worker_id"]).isna().to_numpy()  # ' ' is no holder


def not_listed(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> np.ndarray:
    """Which cases are held by a worker the workers table does not list.

    Such a holder's FTE is unknown, so the case is like one no listed worker
    holds: it counts in the hours and staff needed, while its holder has no
    hours available, no load and no FTE in post (the calculator's row of the
    cases no listed worker holds). Without a workers table every holder is
    taken as 1.0 FTE, so no case is flagged.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).
    workers : DataFrame or None
        The workers table, with ``worker_id``.

    Returns
    -------
    ndarray of bool
        True for a case with a holder who is not in ``workers``.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": pd.array(["W1", "W9", None], dtype="string")})
    >>> not_listed(c, pd.DataFrame({"worker_id": ["W1"]})).tolist()
    [False, True, False]
    """
    held = ~no_holder(caseload)
    if workers is None:
        return np.zeros(len(caseload), dtype=bool)
    ids = set(workers["worker_id"].astype(str))
    return held & ~holder_names(caseload["worker_id"]).isin(ids).fillna(False).to_numpy(bool)


def unlisted_note(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> str:
    """What the cases of holders missing from the workers table count in ('' when none):
    a co-worker of a co-worked case (``co_workers``) missing from it too.

    Parameters
    ----------
    caseload : DataFrame
        One row per case, with ``worker_id`` (blank: no holder).
    workers : DataFrame or None
        The workers table, with ``worker_id`` (None: every holder is taken as listed).

    Returns
    -------
    str
        How many cases are held by how many holders not listed, naming them (the first
        five), and what they count in; ``""`` when there are none.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["W1", "W9", "W9"]})
    >>> unlisted_note(c, pd.DataFrame({"worker_id": ["W1"]}))
    '2 cases held by 1 worker not in the workers table (W9): no FTE counted for them (no hours available, load or FTE in post); their cases count in the hours and staff needed. Add them to the workers table with their FTE.'
    """
    each = co_held(caseload.assign(_row=np.arange(len(caseload))), hours=None)
    off = not_listed(each, workers)  # a co-worker too (co_held): each holder of a case
    if not off.any():
        return ""
    who = sorted(set(each.loc[off, "worker_id"].astype(str)))
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    n = int(each.loc[off, "_row"].nunique())
    return (f"{n} case{'s' if n != 1 else ''} held by {len(who)} worker"
            f"{'s' if len(who) != 1 else ''} not in the workers table ({shown}): no FTE "
            "counted for them (no hours available, load or FTE in post); their cases count "
            "in the hours and staff needed. Add them to the workers table with their FTE.")


def check_fte(workers: pd.DataFrame | None) -> None:
    """Refuse a workers table with a blank ``fte``, as :func:`timestudy.read_workers` does.

    A blank FTE is unknown: taken as 1.0 in one table and 0 in another it would
    make the loads and the FTE in post disagree, so every table refuses it.

    Parameters
    ----------
    workers : DataFrame or None
        The workers table, with ``worker_id`` and ``fte``; None is accepted (no FTE
        to check).

    Returns
    -------
    None
        It returns nothing when every row has an FTE.

    Raises
    ------
    ConfigError
        When the table has no ``fte`` column, or rows with a blank FTE (naming them).

    Examples
    --------
    >>> check_fte(pd.DataFrame({"worker_id": ["W1"], "fte": [0.8]}))
    >>> check_fte(pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [0.8, None]}))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: the workers table has no fte for W2: every row needs one (a blank FTE is unknown, neither 0 nor 1.0); give each worker's FTE
    """
    if workers is None:
        return
    if "fte" not in workers:
        raise ConfigError("the workers table has no `fte` column: give each worker's FTE "
                          "(1.0 for full time)")
    blank = pd.to_numeric(workers["fte"], errors="coerce").isna().to_numpy()
    if blank.any():
        who = workers.loc[blank, "worker_id"].astype(str).tolist()
        raise ConfigError(f"the workers table has no fte for {', '.join(who[:10])}"
                          f"{', ...' if len(who) > 10 else ''}: every row needs one (a blank "
                          "FTE is unknown, neither 0 nor 1.0); give each worker's FTE")


def co_held(frame: pd.DataFrame, hours: str = "_h", share: str | None = None) -> pd.DataFrame:
    """One row per holder of each case: a co-worked case (its other holders in
    ``co_workers``, :func:`timestudy.ingest.co_worked.merge_co_worked`) on each co-worker's
    caseload, every holder with an equal share of its hours.

    The case's hours per case-month hold every co-worker's time on it, counted once, so its
    hours are shared, never given whole to each (which would count it once per holder in
    the staff needed); each holder holds it, so it is in each one's count of cases. A count
    of cases over holders (cases held per FTE, cases by team) adds up ``share`` (1/k for
    each of k holders), so the case counts once there too.

    Parameters
    ----------
    frame : DataFrame
        Cases held, with ``worker_id``, ``hours`` and, when any is co-worked,
        ``co_workers`` (``'W2'``, ``'W2; W3'``; blank for a case of one holder), read as
        :func:`~timestudy.panels.co_held.case_holders` reads it (names trimmed, a blank
        part no holder).
    hours : str
        The column of each case's hours a month (None: no hours to share).
    share : str, optional
        A column to write each row's share of its case (1.0 for a case of one holder).

    Returns
    -------
    DataFrame
        ``frame`` itself when no case is co-worked and no ``share`` is asked for; else each
        co-worked case's row with its hours divided by its number of holders, and a row of
        the same for each co-worker (appended after the others).

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1", "W1"], "_h": [10.0, 4.0],
    ...                   "co_workers": pd.array(["W2", None], dtype="string")})
    >>> co_held(f, share="s")[["worker_id", "_h", "s"]].values.tolist()
    [['W1', 5.0, 0.5], ['W1', 4.0, 1.0], ['W2', 5.0, 0.5]]
    """
    frame = holders_read(frame)  # ' W1 ' is W1, as read_cases leaves it
    if "co_workers" not in frame or not frame["co_workers"].notna().any():
        return frame if share is None else frame.assign(**{share: 1.0})
    others = case_holders(frame, first=False)  # the one reading of a cell: names trimmed
    n = np.bincount(others["row"], minlength=len(frame)) + 1.0
    shared = frame.assign(**({} if hours is None else
                             {hours: frame[hours].to_numpy(float) / n}))
    if share is not None:
        shared[share] = 1 / n
    extra = shared.iloc[others["row"].to_numpy()].assign(
        worker_id=others["holder"].to_numpy(object))
    extra["worker_id"] = extra["worker_id"].astype(frame["worker_id"].dtype)
    return pd.concat([shared, extra], ignore_index=True)


def unlisted_holders(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> set[str]:
    """The holders of ``caseload`` the workers table does not list, co-workers of a
    co-worked case (``co_workers``) among them (empty without a workers table).

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["W1", "W1"],
    ...                   "co_workers": pd.array(["W9", None], dtype="string")})
    >>> unlisted_holders(c, pd.DataFrame({"worker_id": ["W1"]}))
    {'W9'}
    """
    each = co_held(caseload, hours=None)
    return set(each.loc[not_listed(each, workers), "worker_id"].astype(str))


def held_count(frame: pd.DataFrame, holders=None) -> float:
    """How many cases ``frame`` holds, a co-worked case counted once: each holder's share
    (1/k of k) adds up to the case, so only the shares of ``holders`` (None: every holder)
    count.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1", "W1"],
    ...                   "co_workers": pd.array(["W2", None], dtype="string")})
    >>> held_count(f), held_count(f, ["W1"])
    (2.0, 1.5)
    """
    each = co_held(frame, hours=None, share="_share")
    if holders is not None:
        each = each.loc[each["worker_id"].astype(str).isin(pd.Index(holders).astype(str))]
    return float(each["_share"].sum())
