"""Capacity and staffing from a time guide: caseload limits, weighted loads, scenarios.

Workload is the sum over cases of their hours per case-month; a worker's
capacity is their FTE times the hours for casework a full-time worker has in a
month (:attr:`TimeGuide.available_hours_per_fte_month`). Weighted load is
workload / capacity, with the Probation workload tool's status bands by default:
red at 110% or more, amber 100-110%, green 95-100%, blue under 95%.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed, percentage
from timestudy.capacity.holders import co_held
from timestudy.capacity.need import (
    available_month,
    case_hours,
    check_fte,
    check_on_suppressed,
    check_weights,
    no_holder,
    unlisted_note,
)
from timestudy.errors import ConfigError, TimestudyWarning
from timestudy.guide import TimeGuide
from timestudy.models.available import caseload_shares
from timestudy.results import TableResult

STATUS_COLOURS = {"red": "#C44E52", "amber": "#DD8452", "green": "#55A868", "blue": "#4C72B0"}
DEFAULT_BANDS = (0.95, 1.0, 1.10)  # blue below, green, amber, red at or above the last
OVER_CAPACITY = ("amber", "red")  # statuses at or above the amber edge: over capacity


def status(load: pd.Series | np.ndarray, bands: tuple[float, float, float] = DEFAULT_BANDS,
           at_least: pd.Series | np.ndarray | None = None) -> np.ndarray:
    """Status of each weighted load (hours needed / hours available); ``none`` when unknown.

    A load that is unknown because some cases cannot be costed is at least the
    load of the cases that can (``at_least``): when that already reaches the
    over-capacity edge (amber), the status is that band's ("at least amber",
    "at least red"), so a worker the headline counts over capacity never reads
    ``none``; below it, the status is ``none``.

    Parameters
    ----------
    load : Series or ndarray
        Weighted loads (1.0 = exactly at capacity); NaN when unknown.
    bands : (float, float, float)
        Lower edges of green, amber and red (below the first: blue).
    at_least : Series or ndarray, optional
        Where ``load`` is unknown: the load of the cases that can be costed
        (NaN when the hours available are unknown too).

    Returns
    -------
    ndarray of str
        ``blue``, ``green``, ``amber``, ``red`` or ``none``.

    Examples
    --------
    >>> import numpy as np
    >>> from timestudy.capacity import status
    >>> status(np.array([0.5, 0.97, 1.05, 1.1, np.nan])).tolist()
    ['blue', 'green', 'amber', 'red', 'none']
    >>> status(np.array([np.nan, np.nan, np.nan]), at_least=np.array([1.84, 1.02, 0.9])).tolist()
    ['red', 'amber', 'none']
    """
    low, mid, high = bands
    load = np.asarray(load, dtype=float)
    if at_least is not None:
        floor = np.asarray(at_least, dtype=float)
        load = np.where(np.isnan(load) & (floor >= mid), floor, load)
    return np.select([np.isnan(load), load >= high, load >= mid, load >= low],
                     ["none", "red", "amber", "green"], "blue")


def worker_status(needed, costed, available,
                  bands: tuple[float, float, float] = DEFAULT_BANDS) -> pd.DataFrame:
    """Each worker's load, its "at least" floor and status: the one rule of every table.

    The load is hours needed / hours available. With no hours available (an FTE of
    0, a role that holds no caseload, a holder missing from the workers table, or a
    guide that publishes no hours available) there is no load and no status
    (``none``), whatever the cases need. When some cases cannot be costed
    (``needed`` NaN) the load is unknown; if the cases that can (``costed``) alone
    reach amber, the status is that band, "at least", and ``load_at_least`` gives
    that floor (see :func:`status`). :func:`weighted_load` and the workload
    statements both use this rule.

    Parameters
    ----------
    needed : array-like
        Hours a month each worker's cases need (NaN when some cannot be costed).
    costed : array-like
        Hours a month of the cases that can be costed.
    available : array-like
        Hours a month each worker has for casework (NaN when unknown).
    bands : (float, float, float)
        Lower edges of green, amber and red.

    Returns
    -------
    DataFrame
        ``load`` (NaN when unknown), ``load_at_least`` (the floor where the status
        is "at least" that band, else NaN) and ``status``; aligned with ``needed``
        (its index when it is a Series).

    Examples
    --------
    Cases of 120 hours against 100 (red); a floor of 105 hours of costed cases
    (at least amber); 0 hours available (no status, not red):

    >>> import numpy as np
    >>> from timestudy.capacity import worker_status
    >>> worker_status([120.0, np.nan, 50.0], [120.0, 105.0, 50.0], [100.0, 100.0, 0.0])
        load  load_at_least status
    0   1.2            NaN    red
    1   NaN           1.05  amber
    2   NaN            NaN   none
    """
    index = needed.index if isinstance(needed, pd.Series) else None
    needed, costed, have = (np.asarray(x, dtype=float) for x in (needed, costed, available))
    some = np.isfinite(have) & (have > 0)  # no hours available: no load, no status
    with np.errstate(divide="ignore", invalid="ignore"):
        load = np.where(some, needed / np.where(some, have, 1.0), np.nan)
        floor = np.where(some & np.isnan(needed), costed / np.where(some, have, 1.0), np.nan)
    state = status(load, bands, at_least=floor)
    floor = np.where(np.isnan(load) & (state != "none"), floor, np.nan)
    return pd.DataFrame({"load": load, "load_at_least": floor, "status": state}, index=index)


def max_caseload(guide: TimeGuide, mix: Mapping[str, float] | pd.Series, *, fte: float = 1.0,
                 should: bool = True) -> float:
    """The most cases a worker of ``fte`` can hold with the given case mix.

    ``mix`` gives the share (or count) of each case type; it is normalised. A
    case type with a share whose hours the guide suppresses is an error (it
    cannot count as zero hours).

    Parameters
    ----------
    guide : TimeGuide
    mix : mapping or Series
        Share or count of each case type (normalised to shares).
    fte : float
        The worker's full-time equivalent.
    should : bool
        Use the guide's "should" hours (default) or what was measured.

    Returns
    -------
    float
        Cases: hours available per month / mean hours per case-month of the mix; NaN
        when the mix's case types took no measured time (0 hours per case-month).

    Examples
    --------
    A worker with 120 hours a month, cases of 5 and 10 hours half and half:
    120 / 7.5 = 16 cases (see the tests for a worked guide). With a guide
    from a simulated study, a half-time worker can hold half as many cases:

    >>> from timestudy import max_caseload, run_study, simulate_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> full = max_caseload(guide, {"CIN": 1, "CP": 1})
    >>> bool(abs(max_caseload(guide, {"CIN": 1, "CP": 1}, fte=0.5) - full / 2) < 1e-9)
    True
    >>> bool(max_caseload(guide, {"CIN": 2, "CP": 2}) == full)  # counts or shares alike
    True
    """
    mix = pd.Series(mix, dtype=float)
    weights = guide.hours_per_case_month(should)
    unknown = sorted(set(mix.index) - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} in the mix are not in the guide "
                          f"({list(weights.index)})")
    check_weights(guide, weights, mix.index[mix.fillna(0) != 0], "mix")
    available_month(guide, should)  # an error when the guide withholds the hours available
    return fte * guide.cases_per_fte(mix, should)


@dataclass(frozen=True, repr=False)
class WeightedLoad(TableResult):
    """Each worker's hours needed against hours available, with a status.

    Made by :func:`weighted_load`. Cases with no holder are in no worker's row:
    their count and hours are ``unallocated_cases`` and
    ``unallocated_hours_per_month`` (and a note says so).

    Parameters
    ----------
    table : DataFrame
        Indexed by ``worker_id``: ``team``, ``fte``, ``caseload_share``, ``n_cases``,
        ``hours_needed_per_month``, ``hours_available_per_month``, ``load``,
        ``load_at_least`` and ``status`` (see :func:`worker_status`).
    bands : (float, float, float)
        Lower edges of green, amber and red as shares of capacity.
    unallocated_cases : int
        Cases of the caseload with no holder (a blank ``worker_id``).
    unallocated_hours_per_month : float
        Hours a month those cases need (NaN when a case type's hours are suppressed).

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.capacity import WeightedLoad
    >>> table = pd.DataFrame({"load": [0.8, 1.2], "status": ["blue", "red"]},
    ...                      index=pd.Index(["W1", "W2"], name="worker_id"))
    >>> WeightedLoad(table).summary().loc["W2", "status"]
    'red'
    """

    bands: tuple[float, float, float] = DEFAULT_BANDS
    unallocated_cases: int = 0
    unallocated_hours_per_month: float = 0.0

    def plot(self, ax=None):
        """Weighted load per worker coloured by status, with the band lines; returns the Axes.

        See :func:`timestudy.plots.weighted_load_plot`.
        """
        from timestudy.plots import weighted_load_plot

        return weighted_load_plot(self.table, bands=self.bands, ax=ax)


def role_shares(guide: TimeGuide, workers: pd.DataFrame | None,
                roles: Mapping[str, float] | None = None) -> pd.Series:
    """Share of a full caseload each worker holds, by their ``role`` (1.0 if not listed).

    Parameters
    ----------
    guide : TimeGuide
        Gives the default allowances, ``meta["role_allowances"]``.
    workers : DataFrame or None
        ``worker_id`` and ``role``.
    roles : mapping, optional
        Maps a role, as named in the workers table, to its share of a full
        caseload (``{"asye": 0.9}``: a protected ASYE caseload); by default the
        guide's. Roles match ignoring case and spaces.

    Returns
    -------
    Series
        Share by ``worker_id`` (1.0 for a role not listed).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> from timestudy.capacity import role_shares
    >>> g = SimpleNamespace(meta={"role_allowances": {"ASYE": 0.9}})
    >>> w = pd.DataFrame({"worker_id": ["a", "b"], "role": ["asye", "social_worker"]})
    >>> role_shares(g, w).tolist()
    [0.9, 1.0]
    """
    if workers is None:
        return pd.Series(dtype=float)
    roles = guide.meta.get("role_allowances") if roles is None else roles
    share = caseload_shares(workers["worker_id"], workers, roles).fillna(1.0)
    return pd.Series(share.to_numpy(float), index=workers["worker_id"].to_numpy())


def sum_or_nan(frame: pd.DataFrame, key, column: str) -> pd.Series:
    """Sums of ``column`` by ``key``, NaN for a group with any NaN (unknown is not zero)."""
    g = frame.groupby(key)[column]
    return g.sum().where(g.count() == g.size())  # count leaves NaN out, size does not


def case_holding_fte(table: pd.DataFrame) -> pd.Series:
    """Each worker's case-holding FTE: ``fte`` x ``caseload_share`` (their role's share of a
    full caseload). Over 0: the worker has hours for casework; 0: none (an FTE of 0 or a
    role holding no caseload); NaN: FTE unknown (not in the workers table).

    Parameters
    ----------
    table : DataFrame
        A load table (:func:`weighted_load`), with ``fte`` and ``caseload_share``.

    Returns
    -------
    Series

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.capacity import case_holding_fte
    >>> t = pd.DataFrame({"fte": [1.0, 0.6, float("nan")], "caseload_share": [0.0, 0.9, 1.0]})
    >>> case_holding_fte(t).round(2).tolist()
    [0.0, 0.54, nan]
    """
    return table["fte"] * table["caseload_share"]


def weighted_load(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    should: bool = True,
    use_multipliers: bool = False,
    on_suppressed: str = "raise",
    roles: Mapping[str, float] | None = None,
) -> WeightedLoad:
    """Weighted caseload of each worker: hours their cases need / hours they have.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case open now, with ``worker_id`` and ``case_type`` (and the
        complexity columns when ``use_multipliers``). A case with a blank
        ``worker_id`` has no holder: it is in no worker's row, and is counted in
        :attr:`WeightedLoad.unallocated_cases` and ``unallocated_hours_per_month``.
    workers : DataFrame, optional
        ``worker_id``, ``fte`` and ``team``. Without it every holder is taken as
        1.0 FTE. With it, a blank ``fte`` is an error (as :func:`timestudy.read_workers`
        says), and a holder it does not list has an unknown FTE: their row has no
        hours available, load or status, their cases' hours still count, and a
        :class:`~timestudy.errors.TimestudyWarning` and a note name them (add them
        to the workers table).
    bands : (float, float, float)
        Lower edges of green, amber and red as shares of capacity.
    on_suppressed : {"raise", "nan"}
        A case of a type whose hours the guide suppresses (or a guide with no
        hours available) raises a :class:`~timestudy.errors.ConfigError` saying
        what to do; with ``"nan"`` the worker's hours, load and status are
        unknown (NaN), never counted as zero; their status is ``none`` unless the
        cases that can be costed already reach amber or red (see :func:`status`).
    roles : mapping, optional
        Role allowances: share of a full caseload by role (see :func:`role_shares`);
        by default the guide's. A worker's hours available are FTE x share x the
        hours per FTE-month.

    Returns
    -------
    WeightedLoad
        Table indexed by ``worker_id`` (the workers holding cases, and with ``workers``
        each listed worker with hours for casework and no case: 0 cases, load 0,
        blue): ``team``, ``fte``,
        ``caseload_share``, ``n_cases``, ``hours_needed_per_month``,
        ``hours_available_per_month``, ``load``, ``load_at_least``, ``status`` (by the
        rule of :func:`worker_status`: no load or status without hours available);
        and the cases with no holder, ``unallocated_cases`` and ``unallocated_hours_per_month``.

    Examples
    --------
    >>> from timestudy import run_study, simulate_study, weighted_load
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> t = weighted_load(guide, s.cases, s.workers).table
    >>> t.loc["W001", ["team", "fte", "n_cases"]].astype(str).tolist()
    ['South', '0.8', '15']
    >>> bool((t["load"] - t["hours_needed_per_month"] / t["hours_available_per_month"]).abs().max() < 1e-9)
    True

    Two cases with no holder are in no worker's row, and counted apart:

    >>> c = s.cases.astype({"worker_id": "string"})
    >>> c.loc[c.index[:2], "worker_id"] = None
    >>> wl = weighted_load(guide, c, s.workers)
    >>> wl.unallocated_cases, int(wl.table["n_cases"].sum()) == len(c) - 2
    (2, True)
    """
    check_on_suppressed(on_suppressed)
    check_fte(workers)
    if "worker_id" not in caseload:
        raise ConfigError("the caseload has no `worker_id` column: say who holds each case")
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers,
                       on_suppressed=on_suppressed)
    month = available_month(guide, should, on_suppressed)
    free = no_holder(caseload)
    frame = co_held(caseload.loc[~free].assign(_h=hours.to_numpy()[~free]))  # co-worked
    table = pd.DataFrame({"n_cases": frame.groupby("worker_id").size(),
                          "hours_needed_per_month": sum_or_nan(frame, "worker_id", "_h")})
    costed = frame.groupby("worker_id")["_h"].sum()  # the cases that can be costed
    shares = role_shares(guide, workers, roles)  # by worker, once
    if workers is not None:  # a listed worker with hours for casework and no case: load 0
        table, costed = _with_empty(table, costed, workers, shares)
    fte = pd.Series(1.0, index=table.index)
    team = pd.Series("", index=table.index, dtype=object)
    if workers is not None:  # a holder missing from the table: FTE unknown (not_listed)
        w = workers.set_index("worker_id")
        fte = w["fte"].reindex(table.index).astype(float)
        if "team" in w:
            team = w["team"].reindex(table.index).fillna("")
    share = shares.reindex(table.index).fillna(1.0)
    table.insert(0, "caseload_share", share.astype(float))
    table.insert(0, "fte", fte)
    table.insert(0, "team", team)
    table["hours_available_per_month"] = case_holding_fte(table) * month
    rule = worker_status(table["hours_needed_per_month"], costed.reindex(table.index),
                         table["hours_available_per_month"], bands)
    table[["load", "load_at_least", "status"]] = rule
    table.index.name = "worker_id"
    notes = _load_notes(table, bands, month, should, use_multipliers)
    lost = hours[free]
    free_hours = float(lost.sum()) if lost.notna().all() else np.nan
    if free.any():
        notes += (unallocated_note(int(free.sum()), free_hours, month),)
    off = unlisted_note(caseload, workers)
    if off:
        notes += (off,)
        warnings.warn(off, TimestudyWarning, stacklevel=2)
    if none := no_hours_note(table):
        notes += (none,)
    return WeightedLoad(table, "Weighted caseload by worker", notes, bands,
                        int(free.sum()), free_hours)


def _with_empty(table: pd.DataFrame, costed: pd.Series, workers: pd.DataFrame,
                shares: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """The load table with a row (0 cases, 0 hours) for each listed worker who holds no
    case but has hours for casework (FTE x role share over 0, ``shares`` of
    :func:`role_shares` by the rows of ``workers``): load 0, blue, and counted in the
    headline's workers and cases held per FTE as the FTE in post counts them."""
    share = shares.to_numpy()
    holding = workers["fte"].astype(float).to_numpy() * share
    ids = workers["worker_id"]
    empty = ids[(holding > 0) & ~ids.isin(table.index).to_numpy()]
    if empty.empty:
        return table, costed
    index = table.index.append(pd.Index(empty.unique())).sort_values()
    table = table.reindex(index)
    table.loc[empty.unique(), ["n_cases", "hours_needed_per_month"]] = 0.0
    costed = costed.reindex(index, fill_value=0.0)
    return table.astype({"n_cases": int}), costed


def _load_notes(table: pd.DataFrame, bands, month: float, should: bool,
                use_multipliers: bool) -> tuple[str, ...]:
    """The notes of a load table: hours available, the bands and counts, the case hours."""
    counts = table["status"].value_counts().reindex([*STATUS_COLOURS, "none"], fill_value=0)
    counts = counts[(counts > 0) | counts.index.isin(list(STATUS_COLOURS))]
    return (
        f"Hours available for casework per FTE-month: {fixed(month, 1)} "
        "(contracted hours less observed non-case work, over the working year).",
        f"Status: red at {percentage(bands[2])} or more, amber {percentage(bands[1])}-"
        f"{percentage(bands[2])}, green {percentage(bands[0])}-{percentage(bands[1])}, blue under "
        f"{percentage(bands[0])}"
        + (" (none: a case type or the hours available are suppressed in the guide, the "
           "worker has no hours available (an FTE of 0 or a role holding no caseload), or "
           "the worker is not in the workers table; a worker whose costed cases alone reach "
           "amber or red has that status, at least)" if counts.get("none", 0)
           or table["load"].isna().any() else "") + ". "
        + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        "Case hours are the guide's " + ("'should' figures" if should else "measured figures")
        + (", adjusted by complexity multipliers." if use_multipliers else " by case type."),
    ) + (("Non-case work takes every contracted hour: no worker has hours for casework at "
          "contracted hours, so no worker has a load or status.",) if month <= 0 else ())


def no_hours_note(table: pd.DataFrame) -> str:
    """Name the listed holders with no hours for casework ('' when none).

    Parameters
    ----------
    table : DataFrame
        A load table (:func:`weighted_load`): ``fte``, ``caseload_share`` and
        ``n_cases`` by ``worker_id``; a holder not in the workers table (FTE
        unknown, NaN) is named by :func:`unlisted_note` instead.

    Returns
    -------
    str
        How many cases the holders with a case-holding FTE (FTE x role share) of 0
        hold, naming them (the first five), and what their cases count in.

    Examples
    --------
    >>> t = pd.DataFrame({"fte": [1.0, 1.0, 0.0], "caseload_share": [1.0, 0.0, 1.0],
    ...                   "n_cases": [9, 3, 2]}, index=pd.Index(["A", "M", "Z"], name="worker_id"))
    >>> no_hours_note(t)
    '5 cases held by 2 workers with no hours for casework (an FTE of 0 or a role holding no caseload: M, Z): no load or status, and not in the cases held per FTE; their cases count in the hours and staff needed.'
    """
    holding = case_holding_fte(table)
    off = table.loc[holding.notna() & ~(holding > 0)]
    if off.empty:
        return ""
    who = sorted(off.index.astype(str))
    shown = ", ".join(who[:5]) + (", ..." if len(who) > 5 else "")
    n = int(off["n_cases"].sum())
    return (f"{n} case{'s' if n != 1 else ''} held by {len(who)} worker"
            f"{'s' if len(who) != 1 else ''} with no hours for casework (an FTE of 0 or a "
            f"role holding no caseload: {shown}): no load or status, and not in the cases "
            "held per FTE; their cases count in the hours and staff needed.")


def unallocated_note(n: int, hours: float, month: float) -> str:
    """What the cases with no holder need, for the notes of a load or staffing table.

    Examples
    --------
    >>> unallocated_note(2, 20.0, 100.0)
    "2 cases have no holder (a blank worker id): they need 20.0 hours a month (0.20 FTE), in no worker's load but counted in the staff needed."
    """
    they = "they need" if n != 1 else "it needs"
    if not np.isfinite(hours):
        need = f"{they} hours the guide suppresses (unknown, not zero)"
    else:
        need = f"{they} {fixed(hours, 1)} hours a month" + (
            f" ({fixed(hours / month, 2)} FTE)" if np.isfinite(month) and month > 0 else "")
    return (f"{n} case{'s have' if n != 1 else ' has'} no holder (a blank worker id): "
            f"{need}, in no worker's load but counted in the staff needed.")
