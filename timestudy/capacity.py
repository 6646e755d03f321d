"""Capacity and staffing from a time guide: caseload limits, weighted loads, scenarios.

Workload is the sum over cases of their hours per case-month; a worker's
capacity is their FTE times the hours for casework a full-time worker has in a
month (:attr:`TimeGuide.available_hours_per_fte_month`). Weighted load is
workload / capacity, with the Probation workload tool's status bands by default:
red at 110% or more, amber 100-110%, green 95-100%, blue under 95%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.models.results import Result

STATUS_COLOURS = {"red": "#C44E52", "amber": "#DD8452", "green": "#55A868", "blue": "#4C72B0"}
DEFAULT_BANDS = (0.95, 1.0, 1.10)  # blue below, green, amber, red at or above the last


def status(load: pd.Series | np.ndarray, bands: tuple[float, float, float] = DEFAULT_BANDS
           ) -> np.ndarray:
    """Status of each weighted load (hours needed / hours available).

    Examples
    --------
    >>> status(np.array([0.5, 0.97, 1.05, 1.1])).tolist()
    ['blue', 'green', 'amber', 'red']
    """
    low, mid, high = bands
    load = np.asarray(load, dtype=float)
    return np.select([load >= high, load >= mid, load >= low], ["red", "amber", "green"], "blue")


def case_hours(guide: TimeGuide, caseload: pd.DataFrame, *, should: bool = True,
               use_multipliers: bool = False) -> pd.Series:
    """Expected hours per month of each case in ``caseload``.

    By case type from the guide's case weights ("should" figures when uplifts
    exist); with ``use_multipliers`` the complexity multipliers adjust each
    case for its ``travel_miles``, ``n_professionals``, ``n_children`` and
    ``in_proceedings`` (then scaled by the case type's uplift).
    """
    if "case_type" not in caseload:
        raise ConfigError("the caseload has no `case_type` column: give one case per row with "
                          "its case type (CIN, CP, CLA, PROCEEDINGS...)")
    weights = guide.hours_per_case_month(should)
    unknown = sorted(set(caseload["case_type"].dropna().astype(str)) - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} are not in the guide (it has "
                          f"{list(weights.index)}): map them to one of these")
    ctype = caseload["case_type"].astype(str)
    if not use_multipliers:
        return ctype.map(weights).astype(float).rename("hours_per_month")
    m = guide.multipliers["multiplier"]
    ref = guide.meta.get("reference_case_type")
    log_h = np.log(m["baseline_hours_per_month"]) + np.log(
        ctype.map(lambda k: 1.0 if k == ref else m.get(f"case_type={k}", 1.0)).astype(float))
    for term in ("travel_miles", "n_professionals", "n_children", "in_proceedings"):
        if term in m.index and term in caseload:
            log_h = log_h + np.log(m[term]) * caseload[term].astype(float).fillna(0)
    uplift = ctype.map(guide.case_types["uplift"]).astype(float) if should else 1.0
    return (np.exp(log_h) * uplift).rename("hours_per_month")


def max_caseload(guide: TimeGuide, mix: Mapping[str, float] | pd.Series, *, fte: float = 1.0,
                 should: bool = True) -> float:
    """The most cases a worker of ``fte`` can hold with the given case mix.

    ``mix`` gives the share (or count) of each case type; it is normalised.

    Examples
    --------
    A worker with 120 hours a month, cases of 5 and 10 hours half and half:
    120 / 7.5 = 16 cases (see the tests for a worked guide).
    """
    mix = pd.Series(mix, dtype=float)
    weights = guide.hours_per_case_month(should)
    unknown = sorted(set(mix.index) - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} in the mix are not in the guide "
                          f"({list(weights.index)})")
    per_case = float((mix / mix.sum() * weights.reindex(mix.index)).sum())
    return fte * guide.available_hours_per_fte_month / per_case


@dataclass(frozen=True, repr=False)
class WeightedLoad(Result):
    """Each worker's hours needed against hours available, with a status."""

    bands: tuple[float, float, float] = DEFAULT_BANDS

    def plot(self, ax=None):
        """Weighted load per worker coloured by status, with the band lines; returns the Axes."""
        t = self.table.sort_values("load")
        ax = ax or plt.figure(figsize=(7, 0.22 * len(t) + 1.2)).gca()
        ax.barh(t.index.astype(str), t["load"] * 100, color=t["status"].map(STATUS_COLOURS))
        for b in self.bands:
            ax.axvline(b * 100, color="grey", lw=0.8, ls="--")
        ax.set_xlabel("weighted load (% of hours available for casework)")
        return ax


def weighted_load(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    should: bool = True,
    use_multipliers: bool = False,
) -> WeightedLoad:
    """Weighted caseload of each worker: hours their cases need / hours they have.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case held now, with ``worker_id`` and ``case_type`` (and the
        complexity columns when ``use_multipliers``).
    workers : DataFrame, optional
        ``worker_id``, ``fte`` (1.0 when missing) and ``team``.
    bands : (float, float, float)
        Lower edges of green, amber and red as shares of capacity.

    Returns
    -------
    WeightedLoad
        Table indexed by ``worker_id``: ``team``, ``fte``, ``n_cases``,
        ``hours_needed_per_month``, ``hours_available_per_month``, ``load``,
        ``status``.
    """
    if "worker_id" not in caseload:
        raise ConfigError("the caseload has no `worker_id` column: say who holds each case")
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers)
    by = caseload.assign(_h=hours.to_numpy()).groupby("worker_id")
    table = pd.DataFrame({"n_cases": by.size(), "hours_needed_per_month": by["_h"].sum()})
    fte = pd.Series(1.0, index=table.index)
    team = pd.Series("", index=table.index, dtype=object)
    if workers is not None:
        w = workers.set_index("worker_id")
        fte = w["fte"].reindex(table.index).astype(float).fillna(1.0)
        if "team" in w:
            team = w["team"].reindex(table.index).fillna("")
    table.insert(0, "fte", fte)
    table.insert(0, "team", team)
    table["hours_available_per_month"] = table["fte"] * guide.available_hours_per_fte_month
    table["load"] = table["hours_needed_per_month"] / table["hours_available_per_month"]
    table["status"] = status(table["load"], bands)
    table.index.name = "worker_id"
    counts = table["status"].value_counts().reindex(list(STATUS_COLOURS), fill_value=0)
    notes = (
        f"Hours available for casework per FTE-month: {guide.available_hours_per_fte_month:.1f} "
        "(contracted hours less observed non-case work, over the working year).",
        f"Status: red at {bands[2]:.0%} or more, amber {bands[1]:.0%}-{bands[2]:.0%}, green "
        f"{bands[0]:.0%}-{bands[1]:.0%}, blue under {bands[0]:.0%}. "
        + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        "Case hours are the guide's " + ("'should' figures" if should else "measured figures")
        + (", adjusted by complexity multipliers." if use_multipliers else " by case type."),
    )
    return WeightedLoad(table, "Weighted caseload by worker", notes, bands)


def staffing(guide: TimeGuide, caseload: pd.DataFrame, workers: pd.DataFrame | None = None, *,
             by: str = "team", should: bool = True, use_multipliers: bool = False) -> Result:
    """Staff needed for a caseload against staff in post, by team (or overall).

    FTE needed = hours the cases need per month / hours available per FTE-month;
    gap = FTE in post - FTE needed (negative: short of staff); ratio = in post /
    needed (as in WHO WISN: under 1 means pressure).
    """
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers)
    frame = caseload.assign(_h=hours.to_numpy())
    if workers is not None and by in workers and by not in frame:
        frame[by] = frame["worker_id"].map(workers.set_index("worker_id")[by])
    key = frame[by].fillna("(none)") if by in frame else pd.Series("all", index=frame.index)
    need = frame.groupby(key)["_h"].sum() / guide.available_hours_per_fte_month
    table = pd.DataFrame({"n_cases": frame.groupby(key).size(),
                          "hours_needed_per_month": frame.groupby(key)["_h"].sum(),
                          "fte_needed": need})
    if workers is not None:
        wk = workers[by].fillna("(none)") if by in workers else pd.Series("all", workers.index)
        table["fte_in_post"] = workers.groupby(wk)["fte"].sum().reindex(table.index).fillna(0)
        table["gap_fte"] = table["fte_in_post"] - table["fte_needed"]
        table["ratio"] = table["fte_in_post"] / table["fte_needed"]
    table.index.name = by if by in frame else "group"
    total = table.sum(numeric_only=True)
    if "ratio" in table:
        total["ratio"] = total["fte_in_post"] / total["fte_needed"]
    table.loc["total"] = total
    notes = (f"FTE needed = hours needed / {guide.available_hours_per_fte_month:.1f} hours "
             "available per FTE-month; gap = in post - needed (negative: short of staff).",)
    return Result(table, "Staffing need", notes)


@dataclass(frozen=True, repr=False)
class SupportStaffScenario(Result):
    """Tasks moved to support staff: ``table`` by task, ``headline`` figures to compute with."""

    headline: dict | None = None

    def summary(self, digits: int = 2) -> pd.DataFrame:
        """The headline figures (before and after) as a one-column table."""
        return pd.Series(self.headline, name="value").to_frame().round(digits)


def support_staff_scenario(guide: TimeGuide, tasks: list[str], *,
                           mix: Mapping[str, float] | None = None,
                           should: bool = True) -> SupportStaffScenario:
    """What moving task types to support staff frees, and the caseload capacity it gains.

    Non-case tasks (payments, general admin...) add their observed hours per
    FTE-week to the time available; case-linked tasks (minute-taking, ...)
    take their direct hours per case-month off each case type's weight.
    ``mix`` is the case mix for capacity (the study's case-months by default).

    Returns
    -------
    SupportStaffScenario
        ``table`` by task type (``case_linked``, ``hours_per_fte_week``,
        ``hours_per_case_month_freed``) and ``headline``: available hours per
        FTE-month and the most cases per FTE, before and after, and the cases
        gained per FTE.
    """
    unknown = sorted(set(tasks) - set(guide.tasks.index))
    if unknown:
        raise ConfigError(f"task type(s) {unknown} are not in the guide; known: "
                          f"{sorted(guide.tasks.index)}")
    direct = guide.task_case_direct.reindex(columns=tasks).fillna(0.0)
    case_linked = direct.sum(axis=0) > 0
    weeks = guide.available.loc["working_weeks_per_year", "estimate"]
    per_week = guide.tasks.loc[tasks, "hours_per_fte_week"].fillna(0.0)
    freed_non_case = float(per_week[~case_linked.reindex(tasks).fillna(False)].sum())
    base_avail = guide.available_hours_per_fte_month
    new_avail = base_avail + freed_non_case * weeks / 12
    weights = guide.hours_per_case_month(should)
    new_weights = weights - direct.sum(axis=1).reindex(weights.index).fillna(0.0)
    mix = pd.Series(mix if mix is not None else guide.case_types["case_months"], dtype=float)
    mix = mix / mix.sum()
    before = base_avail / float((mix * weights.reindex(mix.index)).sum())
    after = new_avail / float((mix * new_weights.reindex(mix.index)).sum())
    rows = [{"task_type": t, "case_linked": bool(case_linked.get(t, False)),
             "hours_per_fte_week": float(per_week[t]),
             "hours_per_case_month_freed": float(direct[t].sum())} for t in tasks]
    table = pd.DataFrame(rows).set_index("task_type")
    summary = {"available_hours_per_fte_month_before": base_avail,
               "available_hours_per_fte_month_after": new_avail,
               "max_cases_per_fte_before": before, "max_cases_per_fte_after": after,
               "cases_gained_per_fte": after - before}
    notes = tuple(f"{k.replace('_', ' ')}: {v:.2f}" for k, v in summary.items())
    return SupportStaffScenario(table, "Moving tasks to support staff", notes, summary)


def case_mix_scenario(guide: TimeGuide, current: Mapping[str, float], new: Mapping[str, float],
                      *, fte_in_post: float | None = None, should: bool = True) -> Result:
    """Staff needed for the current and a new case mix (counts of cases by type)."""
    weights = guide.hours_per_case_month(should)
    rows = []
    for name, counts in (("current", current), ("new", new)):
        c = pd.Series(counts, dtype=float)
        unknown = sorted(set(c.index) - set(weights.index))
        if unknown:
            raise ConfigError(f"case type(s) {unknown} are not in the guide ({list(weights.index)})")
        hours = float((c * weights.reindex(c.index)).sum())
        row = {"scenario": name, "cases": c.sum(), "hours_needed_per_month": hours,
               "fte_needed": hours / guide.available_hours_per_fte_month}
        if fte_in_post is not None:
            row["gap_fte"] = fte_in_post - row["fte_needed"]
        rows.append(row)
    table = pd.DataFrame(rows).set_index("scenario")
    return Result(table, "Case mix scenario", (
        f"Change in FTE needed: {table.loc['new', 'fte_needed'] - table.loc['current', 'fte_needed']:+.2f}.",))
