"""The cases a workload statement counts: the caseload checked, the cases each worker holds
open on the day (with those closed, not yet opened or transferred), the workers in post
then, and each case's hours a month with each worker's row of the load table (for
:func:`timestudy.report.statement.workload_statements`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.capacity import case_hours, weighted_load
from timestudy.capacity.holders import co_held
from timestudy.capacity.in_post import staff_on
from timestudy.capacity.need import check_case_types, missing_type, with_uncosted_types
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.ingest.co_worked import holders_read
from timestudy.panels.co_held import case_holders
from timestudy.report.tables import case_state


def _check_caseload(caseload: pd.DataFrame) -> None:
    missing = [c for c in ("case_id", "case_type", "worker_id") if c not in caseload]
    if missing:
        raise ConfigError(
            f"the caseload lacks column(s) {missing}: give one row per case held "
            "with case_id (pseudonymous), case_type and worker_id"
        )


def open_held(caseload: pd.DataFrame, on: pd.Timestamp, worker: str | None,
              listed: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cases held and open on ``on`` (of ``worker`` only, when given), and how many of
    each worker's cases in the caseload were ``closed`` or ``not_opened`` then, or
    ``transferred``: a row of a case another worker holds on ``on`` (a case passed from
    one holder to another has a row for each: the one not open is not a closing or an
    opening). A row of a case its worker holds again on ``on`` (passed back, or reopened)
    is neither: the case is counted once, open.

    A ``worker`` who holds no case open on ``on`` is an error, unless ``listed`` (in
    the workers table): their statement then shows no case and a load of 0, as the
    statements of every worker show them. The holder cells are read by the one rule
    (:func:`~timestudy.ingest.co_worked.holders_read`: ``' W1 '`` is W1)."""
    caseload = holders_read(caseload)
    held = caseload.loc[caseload["worker_id"].notna()]
    if worker is not None:
        held = held.loc[_holds(held, worker)]  # a co-worker of a co-worked case too
        if held.empty and not listed:
            raise ConfigError(
                f"worker {worker!r} holds no case in the caseload (it has "
                f"{caseload['worker_id'].nunique()} workers) and is not in the workers "
                "table: check the id"
            )
    state = case_state(held, on).to_numpy()
    is_open = case_state(caseload, on).to_numpy() == "open"
    pairs = caseload.loc[is_open & caseload["worker_id"].notna().to_numpy(),
                         ["case_id", "worker_id"]].astype(str)
    holder = pairs.drop_duplicates("case_id").set_index("case_id")["worker_id"]
    now = held["case_id"].astype(str).map(holder)  # who holds the case on the day, if anyone
    mine = now.eq(held["worker_id"].astype(str)).to_numpy(bool)
    ended = state != "open"
    state = np.where(ended & now.notna().to_numpy(bool) & ~mine, "transferred",
                     np.where(ended & mine, "same_case", state))  # an earlier period of it
    if not (state == "open").any() and not (listed and worker is not None):
        raise ConfigError(f"no case of {'worker ' + repr(worker) if worker else 'the caseload'} "
                          f"is open on {on:%Y-%m-%d} ({len(held)} closed by then or opened "
                          "after it): give as_of (--as-of) for the day the caseload is of")
    gone = pd.crosstab(held["worker_id"].astype(str), state).reindex(
        columns=["closed", "not_opened", "transferred"], fill_value=0)  # (same_case: none)
    return held.loc[state == "open"], gone


def _holds(held: pd.DataFrame, worker) -> np.ndarray:
    """Which cases ``worker`` holds: first-named in ``worker_id`` or a co-worker, the cells
    read as :func:`~timestudy.panels.co_held.case_holders` reads them (names trimmed).

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["W1", "W3"],
    ...                   "co_workers": pd.array([" JS2 ", None], dtype="string")})
    >>> _holds(c, "JS2").tolist(), _holds(c, "W3").tolist()
    ([True, False], [False, True])
    """
    every = case_holders(held)
    mine = np.zeros(len(held), bool)
    mine[every.loc[every["holder"].eq(str(worker).strip()).to_numpy(bool), "row"]] = True
    return mine


def shared_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per holder of each case, a co-worked case with each holder's share of its
    hours (:func:`~timestudy.capacity.holders.co_held`) and ``shared_by``: how many hold it
    (NA for a case of one holder), so each statement's list adds up to its total.

    Examples
    --------
    >>> c = pd.DataFrame({"worker_id": ["W1"], "case_id": ["K"], "hours_per_month": [42.0],
    ...                   "co_workers": pd.array(["W2"], dtype="string")})
    >>> shared_cases(c)[["worker_id", "hours_per_month", "shared_by"]].values.tolist()
    [['W1', 21.0, 2], ['W2', 21.0, 2]]
    """
    if "co_workers" not in cases or not cases["co_workers"].notna().any():
        return cases.drop(columns="co_workers", errors="ignore")
    each = co_held(cases, hours="hours_per_month", share="_share")
    k = (1 / each.pop("_share")).round().astype("Int64")
    return each.drop(columns="co_workers").assign(shared_by=k.where(k > 1))


def _in_post(caseload: pd.DataFrame, workers: pd.DataFrame | None, worker: str | None,
             on: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The caseload and workers on ``on`` as the guide's capacity figures take them: a worker
    who has left by then, or joins after it, has no statement, and their cases are held by
    no one (:func:`~timestudy.capacity.in_post.staff_on`); asking for such a worker's
    statement is an error saying so."""
    held, staff = staff_on(caseload, workers, on)
    if worker is not None and workers is not None and staff is not None:
        row = workers.loc[workers["worker_id"].astype(str) == str(worker)]
        if len(row) and str(worker) not in set(staff["worker_id"].astype(str)):
            raise ConfigError(f"worker {worker!r} {_out_of_post(row.iloc[0], on)}: no statement "
                              "(their cases are held by no one then; give --as-of a day "
                              "they are in post, or the cases' holder then)")
    return held, staff


def _out_of_post(row: pd.Series, on: pd.Timestamp) -> str:
    """Why a worker of the workers table is not in post on ``on``: joins after it, or left.

    Examples
    --------
    >>> _out_of_post(pd.Series({"joined": pd.Timestamp("2026-03-20")}), pd.Timestamp("2026-03-13"))
    'joins on 2026-03-20, after the caseload day 2026-03-13'
    """
    joined = pd.Timestamp(row["joined"]) if "joined" in row else pd.NaT
    if pd.notna(joined) and joined > on:
        return f"joins on {joined:%Y-%m-%d}, after the caseload day {on:%Y-%m-%d}"
    left = pd.Timestamp(row["left"]) if "left" in row else pd.NaT
    if pd.notna(left):
        return f"left on {left:%Y-%m-%d}, by the caseload day {on:%Y-%m-%d}"
    return f"is not in post on the caseload day {on:%Y-%m-%d}"


def _hours_and_loads(guide: TimeGuide, caseload: pd.DataFrame, held: pd.DataFrame,
                     workers: pd.DataFrame | None, **how) -> tuple[pd.Series, pd.DataFrame]:
    """Each case's hours a month and each worker's row of the load table.

    A case whose hours the guide suppresses is unknown, not zero: its worker gets no
    total or load (the statement says why) rather than one that is too low, and a
    status only when the other cases alone reach amber or red ("at least"). A type the
    guide has no row for (no case-month in the diary) is not costed either, as the
    headline rules it, rather than stopping every statement; unless the guide knows none
    of the caseload's types (its names are not the diary's: case_hours says so), or a
    type is one of the guide's spelt otherwise (an error, for the whole caseload, as for
    the headline). A case with no case type is not costed either (its own reason)."""
    check_case_types(guide, caseload)
    typed = caseload.loc[~missing_type(caseload), "case_type"].astype(str)
    costing = with_uncosted_types(guide, held) if typed.isin(guide.case_types.index).any() \
        else guide
    keep = {k: how[k] for k in ("should", "use_multipliers")}
    hours = case_hours(costing, held, on_suppressed="nan", **keep)
    return hours, weighted_load(costing, held, workers, on_suppressed="nan", **how).table
