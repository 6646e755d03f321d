"""Who holds a caseload's cases: the cases with no holder, those held by a worker the workers
table does not list (and the note saying so), and the check that every listed worker has an
FTE. The rules the loads, staff needed, headline and calculator share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import ConfigError


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
    return caseload["worker_id"].isna().to_numpy()


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
    return held & ~caseload["worker_id"].astype(str).isin(ids).to_numpy()


def unlisted_note(caseload: pd.DataFrame, workers: pd.DataFrame | None) -> str:
    """What the cases of holders missing from the workers table count in ('' when none).

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
    off = not_listed(caseload, workers)
    if not off.any():
        return ""
    who = sorted(set(caseload.loc[off, "worker_id"].astype(str)))
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    n = int(off.sum())
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


def outside_window_note(hours: pd.DataFrame) -> str | None:
    """The console warning on work left out for falling outside its case's holder's window
    (audit26: a cases export listing only the current holder dropped 42 h); None when none.

    Parameters
    ----------
    hours : DataFrame
        Work rows on cases (:func:`timestudy.panels.cases._hours_of`): ``case_id``,
        ``worker_id``, ``minutes`` and ``outside_window``.

    Examples
    --------
    W1 held C1 until it passed to W2 (joined on the 6th); the cases table lists W2 alone,
    so W1's 3 h and 1.5 h on C1 before the 6th fall outside W2's window:

    >>> h = pd.DataFrame({"case_id": ["C1", "C1", "C1"], "worker_id": ["W1", "W1", "W2"],
    ...                   "minutes": [180.0, 90.0, 60.0], "outside_window": [True, True, False]})
    >>> print(outside_window_note(h))
    4.5 h of work on 1 case by 1 worker (W1) fall outside the case's holder's window (before the holder joined or after they left, or on no diary day of theirs) and are left out of the hours per case-month: list each holder of a case in the cases table, a row each with the dates they held it (opened, closed), not the current holder alone
    """
    out = hours.loc[hours["outside_window"].to_numpy(bool)]
    if out.empty:
        return None
    n, who = out["case_id"].nunique(), sorted(out["worker_id"].astype(str).unique())
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    return (f"{out['minutes'].sum() / 60:,.1f} h of work on {n:,} case{'s' if n != 1 else ''} "
            f"by {len(who):,} worker{'s' if len(who) != 1 else ''} ({shown}) fall outside the "
            "case's holder's window (before the holder joined or after they left, or on no "
            "diary day of theirs) and are left out of the hours per case-month: list each "
            "holder of a case in the cases table, a row each with the dates they held it "
            "(opened, closed), not the current holder alone")
