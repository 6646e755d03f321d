"""Publishable tables from a study run: no identifiers, no group of fewer than ``min_workers``.

Every function here returns figures that may be shown as they are: workers are
never named (distributions only), and teams smaller than the disclosure
threshold are pooled with others until every group shown has enough workers.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from timestudy.capacity import (
    DEFAULT_BANDS,
    case_holding_fte,
    max_caseload,
    staffing,
    weighted_load,
)
from timestudy.capacity.holders import held_count, unlisted_holders
from timestudy.capacity.need import with_uncosted_types
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.report.day_profile import (  # noqa: F401 (its old home: still imported from here)
    drawn_time_of_day,
    time_of_day,
)

OTHER_TEAMS = "other teams (pooled)"


def work_categories(guide: TimeGuide) -> list[str]:
    """Categories of worked time, in the guide's order (out of hours left out)."""
    return [str(c) for c in guide.category_shares.index if c != "out_of_hours"]


def published_categories(guide: TimeGuide) -> list[str]:
    """Categories of worked time whose share the guide publishes, in the guide's order.

    A category the guide withholds (too few workers, or secondary suppression) is left out
    of every figure drawn from the study's data too: each worker's hours in it, or a
    team's share of it, would give the withheld share back.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> shares = pd.DataFrame({"share": [0.6, np.nan, 0.4, np.nan]},
    ...                       index=["admin", "travel", "recording", "out_of_hours"])
    >>> published_categories(SimpleNamespace(category_shares=shares))
    ['admin', 'recording']
    """
    shares = guide.category_shares["share"]
    return [c for c in work_categories(guide) if np.isfinite(shares[c])]


def worker_category_hours(
    worker_week: pd.DataFrame, categories: list[str], *, min_workers: int = 5
) -> pd.DataFrame | None:
    """Each worker's hours per FTE-week in each category, without the worker's identifier.

    Parameters
    ----------
    worker_week : DataFrame
        The worker-week panel (``StudyModels.worker_week``).
    categories : list of str
        Categories to show (``hours_<category>`` columns).
    min_workers : int
        Below this many workers nothing is returned.

    Returns
    -------
    DataFrame or None
        Long table ``category``, ``hours_per_fte_week``, sorted by category and
        hours (so row order says nothing about who is who); None when there are
        too few workers.

    Examples
    --------
    >>> ww = pd.DataFrame({"worker_id": ["a", "a", "b"], "fte_weeks": [1.0, 1.0, 0.5],
    ...                    "hours_travel": [4.0, 6.0, 2.0]})
    >>> worker_category_hours(ww, ["travel"], min_workers=2)["hours_per_fte_week"].tolist()
    [4.0, 5.0]
    """
    n = worker_week["worker_id"].nunique()
    if n < min_workers:
        return None
    cols = [f"hours_{c}" for c in categories if f"hours_{c}" in worker_week]
    by = worker_week.groupby("worker_id")
    fte_weeks = by["fte_weeks"].sum().replace(0, np.nan)
    per = by[cols].sum().div(fte_weeks, axis=0).dropna(how="all")
    long = per.melt(var_name="category", value_name="hours_per_fte_week")
    long["category"] = long["category"].str.removeprefix("hours_")
    order = {c: i for i, c in enumerate(categories)}
    long = long.assign(_o=long["category"].map(order)).sort_values(["_o", "hours_per_fte_week"])
    return long.drop(columns="_o").reset_index(drop=True)


def pool_small_groups(sizes: pd.Series, min_workers: int, other: str = OTHER_TEAMS) -> pd.Series:
    """Map each group to itself or to a pooled group, so that every group has enough workers.

    Groups with fewer than ``min_workers`` workers are pooled; if the pool is
    still too small, the smallest remaining groups join it until it is not (so
    that the pool cannot be worked out by subtraction from a total either).

    Parameters
    ----------
    sizes : Series
        Workers per group, indexed by group.
    min_workers : int

    Returns
    -------
    Series
        Group shown for each group, indexed like ``sizes``.

    Examples
    --------
    >>> pool_small_groups(pd.Series({"N": 9, "S": 6, "E": 2, "W": 1}), 5).to_dict()
    {'N': 'N', 'S': 'other teams (pooled)', 'E': 'other teams (pooled)', 'W': 'other teams (pooled)'}
    """
    original = sizes.index
    sizes = sizes.sort_values(kind="stable")
    shown = pd.Series(sizes.index, index=sizes.index, dtype=object)
    small = sizes < min_workers
    pool = int(sizes[small].sum())
    big = list(sizes.index[~small])
    while 0 < pool < min_workers and big:
        first = big.pop(0)
        small[first] = True
        pool += int(sizes[first])
    shown[small] = other
    if not big:  # everything pooled: one group, the whole study
        shown[:] = "all teams"
    return shown.reindex(original)


def team_category_shares(
    worker_week: pd.DataFrame, workers: pd.DataFrame, categories: list[str], *,
    min_workers: int = 5, withheld=(),
) -> pd.DataFrame | None:
    """Share of each team's worked time by category, teams pooled below ``min_workers``.

    Each team's share of a category rests on the team's workers with time in it, not on the
    team: it is withheld by the guide's rule for any table of shares
    (:func:`~timestudy.guide.totals.withhold_shares`), when fewer than ``min_workers`` of
    them have time in it, when the guide withholds the category (``withheld``), or when the
    team's other shares would give either back (they add up to 1).

    Parameters
    ----------
    worker_week : DataFrame
        The worker-week panel (``worker_id``, ``hours_<category>``).
    workers : DataFrame
        The workers table (``worker_id``, ``team``).
    categories : list of str
        The categories whose shares the team's worked time is split into.
    min_workers : int
        The guide's threshold.
    withheld : iterable of str
        Categories the guide withholds.

    Returns
    -------
    DataFrame or None
        Long table ``team``, ``category``, ``share``, ``n_workers`` (the team's workers),
        ``n_workers_category`` (those with time in the category) and ``reason`` (why the
        share is withheld, in the guide's words; empty when it is published); None when
        the workers table has no team or fewer than two groups can be shown.

    Examples
    --------
    Two teams of 5; in team A only one worker travels (2 h of A's 20 h):

    >>> ww = pd.DataFrame({"worker_id": list("abcdefghij"),
    ...                    "hours_admin": [2.0, 4, 4, 4, 4, 3, 3, 3, 3, 3],
    ...                    "hours_travel": [2.0, 0, 0, 0, 0, 1, 1, 1, 1, 1]})
    >>> teams = pd.DataFrame({"worker_id": list("abcdefghij"), "team": list("AAAAABBBBB")})
    >>> t = team_category_shares(ww, teams, ["admin", "travel"], min_workers=5)
    >>> t[["team", "category", "share", "n_workers_category"]].values.tolist()
    [['A', 'admin', 0.9, 5], ['B', 'admin', 0.75, 5], ['A', 'travel', 0.1, 1], ['B', 'travel', 0.25, 5]]
    >>> t["reason"].tolist()
    ['secondary suppression: with the other shares it would give a suppressed share back', '', 'fewer than 5 workers', '']
    """
    if "team" not in workers or worker_week["worker_id"].nunique() < min_workers:
        return None
    team = (
        worker_week["worker_id"]
        .map(workers.set_index("worker_id")["team"])
        .astype("string")
        .fillna("(no team)")
    )
    ids = pd.Series(worker_week["worker_id"].to_numpy())
    sizes = ids.groupby(team.to_numpy()).nunique()
    group = team.map(pool_small_groups(sizes, min_workers)).to_numpy()
    cols = [f"hours_{c}" for c in categories if f"hours_{c}" in worker_week]
    hours = worker_week[cols].groupby(group).sum()
    if len(hours) < 2:
        return None
    names = [c.removeprefix("hours_") for c in cols]
    share = hours.div(hours.sum(axis=1), axis=0).set_axis(names, axis=1)
    per_worker = worker_week[cols].groupby([group, worker_week["worker_id"].to_numpy()]).sum()
    with_time = (per_worker > 0).groupby(level=0).sum().set_axis(names, axis=1)
    long = (
        share.rename_axis("team")
        .reset_index()
        .melt(id_vars="team", var_name="category", value_name="share")
    )
    long["n_workers"] = long["team"].map(ids.groupby(group).nunique()).astype(int)
    key = pd.MultiIndex.from_frame(long[["team", "category"]])
    long["n_workers_category"] = with_time.stack().reindex(key).fillna(0).astype(int).to_numpy()
    long["reason"] = _team_share_reasons(share, with_time, min_workers, withheld).stack(
    ).reindex(key).to_numpy()
    return long


def _team_share_reasons(share: pd.DataFrame, with_time: pd.DataFrame, min_workers: int,
                        withheld) -> pd.DataFrame:
    """Why each team's share (team x category) is withheld, in the guide's words, by the
    guide's rule (:func:`~timestudy.guide.totals.withhold_shares`, one team at a time:
    a team's shares add up to 1); empty for a published share."""
    from timestudy._lib.disclose import too_few
    from timestudy.guide.totals import withhold_shares

    few = too_few(with_time, min_workers) & share.ne(0)
    out = pd.DataFrame("", index=share.index, columns=share.columns, dtype=object)
    for t in share.index:  # one team at a time: a handful of teams
        hide = withhold_shares(share.loc[t], with_time.loc[t], min_workers, withheld)
        out.loc[t, hide] = ("secondary suppression: with the other shares it would give a "
                            "suppressed share back")
    out = out.mask(share.columns.isin(list(withheld)) & (out != ""), "the guide withholds this category")
    return out.mask(few, f"fewer than {min_workers} workers")


def case_state(cases: pd.DataFrame, on) -> pd.Series:
    """Each case on a day: ``open`` (opened on or before it, not closed by it), ``closed``
    (closed on or before it) or ``not_opened`` (opened after it). A case without the
    ``opened`` or ``closed`` date is taken to be open as far as that date goes.

    Examples
    --------
    >>> c = pd.DataFrame({"opened": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-04-01"]),
    ...                   "closed": pd.to_datetime([None, "2026-02-01", None])})
    >>> case_state(c, pd.Timestamp("2026-03-01")).tolist()
    ['open', 'closed', 'not_opened']
    """
    on = pd.Timestamp(on)
    state = np.full(len(cases), "open", dtype=object)
    if "opened" in cases:
        state[(pd.to_datetime(cases["opened"]) > on).to_numpy()] = "not_opened"
    if "closed" in cases:
        state[(pd.to_datetime(cases["closed"]) <= on).to_numpy()] = "closed"
    return pd.Series(state, index=cases.index, name="state")


def open_caseload(cases: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    """Cases open on a day (opened on or before it, not closed by it: :func:`case_state`),
    with or without a holder: a case no worker holds still needs a worker's time (the
    capacity figures count it in the staff needed and name it as unallocated).

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "worker_id": ["W1", "W1"],
    ...                   "opened": pd.to_datetime(["2026-01-01", "2026-01-01"]),
    ...                   "closed": pd.to_datetime([None, "2026-02-01"])})
    >>> open_caseload(c, pd.Timestamp("2026-03-01"))["case_id"].tolist()
    ['A']
    >>> open_caseload(c.assign(worker_id=[None, "W1"]), pd.Timestamp("2026-03-01"))["case_id"].tolist()
    ['A']
    """
    return cases.loc[(case_state(cases, on) == "open").to_numpy()]


def dated(cases: pd.DataFrame) -> bool:
    """Whether a caseload has opened or closed dates to check against a day (without
    them every case in it counts as open: :func:`case_state`).

    Examples
    --------
    >>> dated(pd.DataFrame({"case_id": ["A"], "opened": ["2026-01-01"]})), dated(pd.DataFrame())
    (True, False)
    """
    return "opened" in cases or "closed" in cases


def counted_caseload(caseload: pd.DataFrame | None, cases: pd.DataFrame, on: pd.Timestamp,
                     why: str) -> tuple[pd.DataFrame, str]:
    """The caseload capacity figures count, and the words saying which: the cases open on
    ``on`` (:func:`case_state`) of the caseload given, else of the study's ``cases``.

    Closed cases and cases opened after ``on`` are not counted, and the words say how many.

    Parameters
    ----------
    caseload : DataFrame or None
        The caseload given (``case_id``, ``case_type``, ``worker_id``, optionally
        ``opened`` and ``closed``); None to count the study's ``cases``.
    cases : DataFrame
        The study's cases table, counted when no caseload is given.
    on : Timestamp
        The day a case must be open on to count (:func:`caseload_day`).
    why : str
        Why that day, in words (shown in brackets after it).

    Returns
    -------
    (DataFrame, str)
        The cases counted (rows of the table counted, its columns), and which they are
        in words: the day and why, and how many were not counted (closed by then,
        opened after it); for a caseload without opened or closed dates, that every
        case in it is counted.

    Raises
    ------
    ConfigError
        When a caseload is given and none of its cases is open on ``on``.

    Examples
    --------
    >>> c = pd.DataFrame({"case_id": ["A", "B"], "worker_id": ["W1", "W1"],
    ...                   "opened": pd.to_datetime(["2026-01-01", "2026-01-01"]),
    ...                   "closed": pd.to_datetime([None, "2026-02-01"])})
    >>> held, where = counted_caseload(c, c, pd.Timestamp("2026-03-01"), "the day asked for")
    >>> held["case_id"].tolist()
    ['A']
    >>> where
    'the caseload given: the 1 case open on 2026-03-01 (the day asked for); 1 closed by then not counted'
    >>> counted_caseload(c[["case_id", "worker_id"]], c, pd.Timestamp("2026-03-01"), "")[1]
    'the caseload given: its 2 cases (it has no opened or closed dates, so every case in it is counted)'
    """
    given = caseload is not None
    table = caseload if given else cases
    state = case_state(table, on).to_numpy()
    held = table.loc[state == "open"]
    n = len(held)
    # a case listed once per period (panels.case_periods) counts once: closed by then only
    # when no period of it is open, opened after it only when none opened before
    ids = table["case_id"].astype(str).to_numpy() if "case_id" in table else np.arange(len(table))
    is_open = set(ids[state == "open"])
    closed = {i for i in ids[state == "closed"] if i not in is_open}
    later = {i for i in ids[state == "not_opened"] if i not in is_open and i not in closed}
    left = [f"{k:,} {w}" for w, k in (("closed by then", len(closed)),
                                      ("opened after it", len(later))) if k]
    if given and not n:
        raise ConfigError(f"no case of the caseload given is open on {on:%Y-%m-%d} ({why}): "
                          f"{' and '.join(left)}; give --as-of (study key "
                          "inputs.caseload_as_of) for the day the caseload is of")
    if not dated(table):  # nothing to check against the day
        return held, (f"{'the caseload given: ' if given else ''}its {n:,} case"
                      f"{'s' * (n != 1)} (it has no opened or closed dates, so every case in "
                      "it is counted)")
    where = (f"{'the caseload given: ' if given else ''}the {n:,} case{'s' * (n != 1)} open on "
             f"{on:%Y-%m-%d} ({why})")
    return held, where + (f"; {' and '.join(left)} not counted" if left else "")


def caseload_day(guide: TimeGuide, as_of=None, fallback: str | None = None
                 ) -> tuple[pd.Timestamp, str]:
    """The day a caseload's cases must be open on (:func:`open_caseload`) to count, and why.

    ``as_of`` when given; else the day the guide's capacity figures counted the cases
    open on: ``meta["caseload_as_of"]`` when the guide was built with one, else the last
    day of its diary; without a diary period, ``fallback`` (an ISO date), else today.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> day, why = caseload_day(SimpleNamespace(meta={"period": ["2026-03-02", "2026-03-27"]}))
    >>> f"{day:%Y-%m-%d}", why.split(",")[0]
    ('2026-03-27', "the last day of the study's diary")
    """
    if as_of is not None:
        try:  # ISO only: 03/04/2026 is ambiguous
            day = date.fromisoformat(as_of.strip()) if isinstance(as_of, str) else as_of
            return pd.Timestamp(day).normalize(), "the day asked for"
        except (TypeError, ValueError):
            raise ConfigError(f"as_of {as_of!r} is not a date: use ISO 8601 like 2026-03-27"
                              ) from None
    if guide.meta.get("caseload_as_of"):  # the day the guide's capacity figures counted on
        return (pd.Timestamp(guide.meta["caseload_as_of"]), "the day the guide's capacity "
                "figures count the cases open on")
    end = (guide.meta.get("period") or [None, None])[1]
    if end:
        return (pd.Timestamp(end), "the last day of the study's diary, the day the guide's "
                "capacity figures count the cases open on")
    return pd.Timestamp(fallback or "today").normalize(), "the statement's date"


#: The statuses of the table of workers by status, in its order; ``none`` there is a worker
#: with hours for casework whose cases are not all costed and whose costed cases stay
#: under amber (the statements' "no status").
STATUS_ORDER = ("red", "amber", "green", "blue", "none")


def worker_loads(guide: TimeGuide, caseload: pd.DataFrame, workers: pd.DataFrame | None,
                 bands: tuple[float, float, float] = DEFAULT_BANDS) -> pd.DataFrame:
    """Each worker's cases held, load and status (unnamed, by load), by the statements' rule.

    Every case a worker holds counts, costed or not, as in their workload statement
    (:func:`timestudy.workload_statements`): a case of a type the guide publishes no
    hours for makes the load unknown, and the status is "at least" amber or red when the
    costed cases alone reach it, else none (:func:`timestudy.capacity.worker_status`).
    ``n_cases`` and ``cases_per_fte`` count every case held.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> loads = worker_loads(guide, s.cases, s.workers)
    >>> int(loads["n_cases"].sum()) == int(s.cases["worker_id"].notna().sum())
    True
    """
    costing = with_uncosted_types(guide, caseload)
    wl = weighted_load(costing, caseload, workers, bands=bands, on_suppressed="nan").table
    holding = case_holding_fte(wl)  # no hours for casework: no cases per FTE
    return (
        wl[["n_cases", "fte", "hours_available_per_month", "load", "load_at_least", "status"]]
        .assign(cases_per_fte=wl["n_cases"] / holding.where(holding > 0))
        .sort_values("load")
        .reset_index(drop=True)
    )


def status_counts(loads: pd.DataFrame) -> pd.DataFrame:
    """Workers and share of workers by status, of the workers with hours for casework.

    A worker with no hours for casework (an FTE of 0, a role holding no caseload, not in
    the workers table) has no status and is left out (the report says how many); one
    whose cases are not all costed and whose costed cases stay under amber is ``none``
    (its own row, when there is one), as their statement says.

    Examples
    --------
    >>> loads = pd.DataFrame({"status": ["red", "none", "blue", "none"],
    ...                       "hours_available_per_month": [40.0, 40.0, 40.0, 0.0]})
    >>> status_counts(loads)["workers"].to_dict()
    {'red': 1, 'amber': 0, 'green': 0, 'blue': 1, 'none': 1}
    """
    have = pd.to_numeric(loads["hours_available_per_month"], errors="coerce") > 0
    counts = loads.loc[have, "status"].value_counts().reindex(list(STATUS_ORDER), fill_value=0)
    if not counts["none"]:
        counts = counts.drop("none")
    out = pd.DataFrame({"workers": counts, "share": counts / max(int(counts.sum()), 1)})
    out.index.name = "status"
    return out


def capacity_tables(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None,
    *,
    min_workers: int = 5,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
) -> dict[str, pd.DataFrame] | None:
    """Weighted loads (unnamed), workers by status and staffing by (pooled) team.

    Returns
    -------
    dict or None
        ``no_casework_hours``: whether the guide gives a full-time worker no hours for
        casework (work not linked to a case takes every contracted hour);
        ``loads``: one row per worker (:func:`worker_loads`: every case held counts,
        costed or not, and the status is the statements') with ``n_cases``, ``fte``,
        ``hours_available_per_month``, ``cases_per_fte`` (per case-holding FTE, as the
        headline's cases held per FTE; blank for a worker with no hours for casework),
        ``load``, ``load_at_least``, ``status`` (no identifier, sorted by load);
        ``status``: workers and share of workers by status (:func:`status_counts`); ``staffing``: the
        output of :func:`timestudy.staffing` by team, small teams pooled;
        ``unlisted``: ``n_cases`` and ``n_workers`` held by workers the workers table
        does not list (one row; counted, not named: the report is published).
        None when the guide publishes no time available or there are too few
        workers holding cases.
    """
    if not np.isfinite(guide.available_hours_per_fte_month):
        return None
    hours = guide.hours_per_case_month(True)
    types = set(hours.index[hours.notna()])
    usable = caseload.loc[caseload["case_type"].astype(str).isin(types)]
    if usable["worker_id"].nunique() < min_workers:
        return None
    loads = worker_loads(guide, caseload, workers, bands)
    status_t = status_counts(loads)
    staff = None
    if workers is not None and "team" in workers:
        w = workers.copy()
        w["team"] = w["team"].astype("string").fillna("(no team)")
        # every worker is in post, as in the headline: one whose cases are all closed, or
        # of withheld types, still counts, and a team is pooled by all its workers in post
        sizes = w.groupby("team")["worker_id"].nunique()
        w["team"] = w["team"].map(pool_small_groups(sizes, min_workers)).fillna(OTHER_TEAMS)
        staff = staffing(guide, usable, w, by="team").table
    mix = usable["case_type"].astype(str).value_counts()
    rows = [(f"{k.replace('_', ' ')} cases only", max_caseload(guide, {k: 1.0}))
            for k in sorted(types)]
    rows.append(("this caseload's mix", max_caseload(guide, mix)))
    maxc = pd.DataFrame(rows, columns=["case_mix", "max_cases_per_fte"])
    out = {
        "no_casework_hours": bool(guide.available_hours_per_fte_month <= 0),
        "loads": loads,
        "status": status_t,
        "max_caseload": maxc,
        "excluded": pd.DataFrame({"n_cases": [len(caseload) - len(usable)]}),
    }
    if staff is not None:
        out["staffing"] = staff
    off = unlisted_holders(caseload, workers)  # as the headline counts them: their shares
    out["unlisted"] = pd.DataFrame({"n_cases": [held_count(caseload, off)],  # of every case
                                    "n_workers": [len(off)],
                                    "n_costed": [held_count(usable, off)]})  # in staffing
    return out
