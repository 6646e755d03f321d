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
from timestudy.guide.build import TimeGuide
from timestudy.results import Result

STATUS_COLOURS = {"red": "#C44E52", "amber": "#DD8452", "green": "#55A868", "blue": "#4C72B0"}
DEFAULT_BANDS = (0.95, 1.0, 1.10)  # blue below, green, amber, red at or above the last


def status(load: pd.Series | np.ndarray, bands: tuple[float, float, float] = DEFAULT_BANDS
           ) -> np.ndarray:
    """Status of each weighted load (hours needed / hours available); ``none`` when unknown.

    Examples
    --------
    >>> status(np.array([0.5, 0.97, 1.05, 1.1, np.nan])).tolist()
    ['blue', 'green', 'amber', 'red', 'none']
    """
    low, mid, high = bands
    load = np.asarray(load, dtype=float)
    return np.select([np.isnan(load), load >= high, load >= mid, load >= low],
                     ["none", "red", "amber", "green"], "blue")


ON_SUPPRESSED = ("raise", "nan")
WHAT_TO_DO = (
    "build the guide with a lower min_workers for internal use only "
    "(timestudy.build_guide(models, min_workers=...), not for publication), or calibrate "
    "your local study to a reference guide that publishes them "
    "(timestudy.calibrate(reference, local).to_guide())"
)


def _reasons(guide: TimeGuide, table: str | tuple[str, ...], keys) -> str:
    tables = (table,) if isinstance(table, str) else table
    why = {s["key"]: s["reason"] for s in guide.suppressed if s["table"] in tables}
    every = next((s["reason"] for s in guide.suppressed if s["table"] == "all"), None)
    return "; ".join(f"{k}: {why.get(str(k)) or every or 'not estimable'}" for k in keys)


def _check_on_suppressed(on_suppressed: str) -> None:
    if on_suppressed not in ON_SUPPRESSED:
        raise ValueError(f"on_suppressed must be one of {ON_SUPPRESSED}, not {on_suppressed!r}")


def _check_weights(guide: TimeGuide, weights: pd.Series, present, where: str) -> None:
    """Refuse case types whose hours the guide suppresses: they are not zero hours."""
    bad = sorted({str(k) for k in present if k in weights.index and not np.isfinite(weights[k])})
    if bad:
        raise ConfigError(
            f"the {where} has case type(s) {bad} whose hours the guide suppresses "
            f"({_reasons(guide, ('case_types.uplift', 'case_types'), bad)}), so they cannot be counted (and must not "
            f"count as zero hours): leave them out of the {where}, or {WHAT_TO_DO}")


def _available_month(guide: TimeGuide) -> float:
    """Hours for casework per FTE-month; an error when the guide suppresses them."""
    month = guide.available_hours_per_fte_month
    if not np.isfinite(month):
        raise ConfigError(
            "the guide publishes no hours available per FTE "
            f"({_reasons(guide, 'available', ['hours available'])}): {WHAT_TO_DO}")
    return month


def case_hours(guide: TimeGuide, caseload: pd.DataFrame, *, should: bool = True,
               use_multipliers: bool = False, on_suppressed: str = "raise") -> pd.Series:
    """Expected hours per month of each case in ``caseload``.

    By case type from the guide's case weights ("should" figures when uplifts
    exist); with ``use_multipliers`` the complexity multipliers adjust each
    case for its ``travel_miles``, ``n_professionals``, ``n_children`` and
    ``in_proceedings`` (then scaled by the case type's uplift).

    A case type (or multiplier) the guide suppresses has no hours: a
    :class:`~timestudy.errors.ConfigError` names it and what to do, or with
    ``on_suppressed="nan"`` its cases get NaN (never zero).
    """
    _check_on_suppressed(on_suppressed)
    if "case_type" not in caseload:
        raise ConfigError("the caseload has no `case_type` column: give one case per row with "
                          "its case type (CIN, CP, CLA, PROCEEDINGS...)")
    weights = guide.hours_per_case_month(should)
    unknown = sorted(set(caseload["case_type"].dropna().astype(str)) - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} are not in the guide (it has "
                          f"{list(weights.index)}): map them to one of these")
    ctype = caseload["case_type"].astype(str)
    if on_suppressed == "raise":
        _check_weights(guide, weights, set(caseload["case_type"].dropna().astype(str)),
                       "caseload")
    if not use_multipliers:
        return ctype.map(weights).astype(float).rename("hours_per_month")
    m = guide.multipliers["multiplier"] if "multiplier" in guide.multipliers else pd.Series()
    if "baseline_hours_per_month" not in m.index:
        raise ConfigError("the guide has no complexity multipliers (the model could not be "
                          "fitted): use use_multipliers=False")
    ref = guide.meta.get("reference_case_type")
    type_m = ctype.map(lambda k: 1.0 if k == ref else m.get(f"case_type={k}", 1.0)).astype(float)
    parts = {"baseline_hours_per_month": pd.Series(m["baseline_hours_per_month"],
                                                   index=caseload.index, dtype=float),
             "case_type": type_m}
    log_h = np.log(parts["baseline_hours_per_month"]) + np.log(type_m)
    for term in ("travel_miles", "n_professionals", "n_children", "in_proceedings"):
        if term in m.index and term in caseload:
            x = caseload[term].astype(float).fillna(0)
            effect = np.where(x != 0, np.log(m[term]) * x, 0.0)  # a NaN multiplier only counts
            log_h = log_h + effect                               # for the cases it applies to
            parts[term] = pd.Series(np.where(x != 0, m[term], 1.0), index=caseload.index)
    if on_suppressed == "raise":
        bad = sorted({(f"case_type={k}" if name == "case_type" else name)
                      for name, v in parts.items() for k in ctype[~np.isfinite(v)]})
        if bad:
            raise ConfigError(
                f"the guide suppresses the multiplier(s) {bad} the caseload needs "
                f"({_reasons(guide, 'multipliers', bad)}): use use_multipliers=False, or "
                + WHAT_TO_DO)
    uplift = ctype.map(guide.case_types["uplift"]).astype(float) if should else 1.0
    return (np.exp(log_h) * uplift).rename("hours_per_month")


def max_caseload(guide: TimeGuide, mix: Mapping[str, float] | pd.Series, *, fte: float = 1.0,
                 should: bool = True) -> float:
    """The most cases a worker of ``fte`` can hold with the given case mix.

    ``mix`` gives the share (or count) of each case type; it is normalised. A
    case type with a share whose hours the guide suppresses is an error (it
    cannot count as zero hours).

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
    _check_weights(guide, weights, mix.index[mix.fillna(0) != 0], "mix")
    per_case = float((mix / mix.sum() * weights.reindex(mix.index)).sum())
    return fte * _available_month(guide) / per_case


@dataclass(frozen=True, repr=False)
class WeightedLoad(Result):
    """Each worker's hours needed against hours available, with a status."""

    bands: tuple[float, float, float] = DEFAULT_BANDS

    def plot(self, ax=None):
        """Weighted load per worker coloured by status, with the band lines; returns the Axes."""
        t = self.table.sort_values("load")
        ax = ax or plt.figure(figsize=(7, 0.22 * len(t) + 1.2)).gca()
        ax.barh(t.index.astype(str), t["load"].fillna(0) * 100,
                color=t["status"].map(STATUS_COLOURS).fillna("#BBBBBB"))
        for b in self.bands:
            ax.axvline(b * 100, color="grey", lw=0.8, ls="--")
        ax.set_xlabel("weighted load (% of hours available for casework)")
        return ax


def _sum_or_nan(frame: pd.DataFrame, key, column: str) -> pd.Series:
    """Sums of ``column`` by ``key``, NaN for a group with any NaN (unknown is not zero)."""
    g = frame.groupby(key)[column]
    return g.sum().where(~g.apply(lambda x: x.isna().any()))


def weighted_load(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    should: bool = True,
    use_multipliers: bool = False,
    on_suppressed: str = "raise",
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
    on_suppressed : {"raise", "nan"}
        A case of a type whose hours the guide suppresses (or a guide with no
        hours available) raises a :class:`~timestudy.errors.ConfigError` saying
        what to do; with ``"nan"`` the worker's hours, load and status are
        unknown (NaN, status ``none``), never counted as zero.

    Returns
    -------
    WeightedLoad
        Table indexed by ``worker_id``: ``team``, ``fte``, ``n_cases``,
        ``hours_needed_per_month``, ``hours_available_per_month``, ``load``,
        ``status``.
    """
    _check_on_suppressed(on_suppressed)
    if "worker_id" not in caseload:
        raise ConfigError("the caseload has no `worker_id` column: say who holds each case")
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers,
                       on_suppressed=on_suppressed)
    month = (_available_month(guide) if on_suppressed == "raise"
             else guide.available_hours_per_fte_month)
    frame = caseload.assign(_h=hours.to_numpy())
    table = pd.DataFrame({"n_cases": frame.groupby("worker_id").size(),
                          "hours_needed_per_month": _sum_or_nan(frame, "worker_id", "_h")})
    fte = pd.Series(1.0, index=table.index)
    team = pd.Series("", index=table.index, dtype=object)
    if workers is not None:
        w = workers.set_index("worker_id")
        fte = w["fte"].reindex(table.index).astype(float).fillna(1.0)
        if "team" in w:
            team = w["team"].reindex(table.index).fillna("")
    table.insert(0, "fte", fte)
    table.insert(0, "team", team)
    table["hours_available_per_month"] = table["fte"] * month
    table["load"] = table["hours_needed_per_month"] / table["hours_available_per_month"]
    table["status"] = status(table["load"], bands)
    table.index.name = "worker_id"
    counts = table["status"].value_counts().reindex([*STATUS_COLOURS, "none"], fill_value=0)
    counts = counts[(counts > 0) | counts.index.isin(list(STATUS_COLOURS))]
    notes = (
        f"Hours available for casework per FTE-month: {month:.1f} "
        "(contracted hours less observed non-case work, over the working year).",
        f"Status: red at {bands[2]:.0%} or more, amber {bands[1]:.0%}-{bands[2]:.0%}, green "
        f"{bands[0]:.0%}-{bands[1]:.0%}, blue under {bands[0]:.0%}"
        + (" (none: a case type or the hours available are suppressed in the guide)"
           if counts.get("none", 0) else "") + ". "
        + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        "Case hours are the guide's " + ("'should' figures" if should else "measured figures")
        + (", adjusted by complexity multipliers." if use_multipliers else " by case type."),
    )
    return WeightedLoad(table, "Weighted caseload by worker", notes, bands)


def staffing(guide: TimeGuide, caseload: pd.DataFrame, workers: pd.DataFrame | None = None, *,
             by: str = "team", should: bool = True, use_multipliers: bool = False,
             on_suppressed: str = "raise") -> Result:
    """Staff needed for a caseload against staff in post, by team (or overall).

    FTE needed = hours the cases need per month / hours available per FTE-month;
    gap = FTE in post - FTE needed (negative: short of staff); ratio = in post /
    needed (as in WHO WISN: under 1 means pressure). Every team of ``workers``
    has a row, with no cases if it holds none, so that the total FTE in post is
    the workers table's. Suppressed case types raise unless
    ``on_suppressed="nan"`` (then the team's need is NaN).
    """
    _check_on_suppressed(on_suppressed)
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers,
                       on_suppressed=on_suppressed)
    month = (_available_month(guide) if on_suppressed == "raise"
             else guide.available_hours_per_fte_month)
    frame = caseload.assign(_h=hours.to_numpy())
    if workers is not None and by in workers and by not in frame:
        frame[by] = frame["worker_id"].map(workers.set_index("worker_id")[by])
    key = frame[by].fillna("(none)") if by in frame else pd.Series("all", index=frame.index)
    needed = _sum_or_nan(frame.assign(_key=key), "_key", "_h")
    table = pd.DataFrame({"n_cases": frame.groupby(key).size(),
                          "hours_needed_per_month": needed})
    if workers is not None:
        wk = workers[by].fillna("(none)") if by in workers else pd.Series("all", workers.index)
        in_post = workers.groupby(wk)["fte"].sum()
        table = table.reindex(table.index.union(in_post.index, sort=False))
        table["n_cases"] = table["n_cases"].fillna(0).astype(int)
        table["hours_needed_per_month"] = table["hours_needed_per_month"].where(
            table.index.isin(needed.index), 0.0)
        table["fte_needed"] = table["hours_needed_per_month"] / month
        table["fte_in_post"] = in_post.reindex(table.index).fillna(0).astype(float)
        table["gap_fte"] = table["fte_in_post"] - table["fte_needed"]
        with np.errstate(divide="ignore", invalid="ignore"):
            table["ratio"] = (table["fte_in_post"] / table["fte_needed"]).where(
                table["fte_needed"] > 0)
    else:
        table["fte_needed"] = table["hours_needed_per_month"] / month
    table.index.name = by if by in frame else "group"
    total = table.sum(numeric_only=True, min_count=1)
    for col in ("hours_needed_per_month", "fte_needed", "gap_fte"):
        if col in table and table[col].isna().any():
            total[col] = np.nan
    if "ratio" in table:
        total["ratio"] = (total["fte_in_post"] / total["fte_needed"]
                          if total["fte_needed"] > 0 else np.nan)
    table.loc["total"] = total
    notes = (f"FTE needed = hours needed / {month:.1f} hours "
             "available per FTE-month; gap = in post - needed (negative: short of staff).",)
    if workers is not None:
        notes += ("Every team of the workers table is shown, with no cases if it holds none; "
                  "ratio = in post / needed (blank when nothing is needed).",)
    return Result(table, "Staffing need", notes)


@dataclass(frozen=True, repr=False)
class SupportStaffScenario(Result):
    """Tasks moved to support staff.

    ``table`` by task, ``by_case_type`` (hours per case-month before, freed by
    each task, and after, by case type) and ``headline`` figures to compute with.
    """

    headline: dict | None = None
    by_case_type: pd.DataFrame | None = None

    def summary(self, digits: int = 2) -> pd.DataFrame:
        """The headline figures (before and after) as a one-column table."""
        return pd.Series(self.headline, name="value").to_frame().round(digits)

    def _repr_html_(self) -> str:
        extra = ("" if self.by_case_type is None else "<h4>By case type</h4>"
                 + self.by_case_type.round(2).to_html(na_rep="-"))
        return super()._repr_html_() + extra


def support_staff_scenario(guide: TimeGuide, tasks: list[str], *,
                           mix: Mapping[str, float] | None = None,
                           should: bool = True) -> SupportStaffScenario:
    """What moving task types to support staff frees, and the caseload capacity it gains.

    A task can be recorded without a case (payments, general admin...) and with
    one (a payment for a child's placement): both parts count. Its non-case
    hours per FTE-week (``non_case_hours_per_fte_week`` of the guide) are added
    to the time available; its direct hours per case-month on each case type
    are taken off that type's weight (times the task's and the type's uplifts
    for "should" figures). ``mix`` is the case mix for capacity (the study's
    case-months by default).

    Figures the guide suppresses are not counted as zero: a task, case type or
    task x case type cell the scenario needs that is suppressed raises a
    :class:`~timestudy.errors.ConfigError` saying which and what to do.

    Returns
    -------
    SupportStaffScenario
        ``table`` by task type (``case_linked``, ``hours_per_fte_week``: all its
        direct hours; ``non_case_hours_per_fte_week``: the part added to the time
        available; ``hours_per_case_month_freed``: per case-month at the
        scenario's mix), ``by_case_type`` (hours per case-month before, freed by
        each task, after) and ``headline``: available hours per FTE-month and
        the most cases per FTE, before and after, and the cases gained per FTE.
    """
    unknown = sorted(set(tasks) - set(guide.tasks.index))
    if unknown:
        raise ConfigError(f"task type(s) {unknown} are not in the guide; known: "
                          f"{sorted(guide.tasks.index)}")
    tasks = list(dict.fromkeys(tasks))
    t_rows = guide.tasks.loc[tasks]
    per_week = t_rows["hours_per_fte_week"]
    direct_all = guide.task_case_direct
    direct = pd.DataFrame({t: direct_all[t] if t in direct_all else 0.0 for t in tasks},
                          index=direct_all.index, dtype=float)
    weights = guide.hours_per_case_month(should)
    mix = pd.Series(mix if mix is not None else guide.case_types["case_months"], dtype=float)
    unknown = sorted(set(mix.index) - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} in the mix are not in the guide "
                          f"({list(weights.index)})")
    mix = mix / mix.sum()
    used = mix.index[mix.fillna(0) != 0]
    _check_weights(guide, weights, used, "mix")
    bad = sorted(per_week.index[per_week.isna()])
    if bad:
        raise ConfigError(f"the guide suppresses task type(s) {bad} "
                          f"({_reasons(guide, 'tasks', bad)}): leave them out, or " + WHAT_TO_DO)
    cells = direct.reindex(used.intersection(direct.index)).isna().stack()
    if cells.any():
        which = [f"{k}/{t}" for k, t in cells[cells].index]
        raise ConfigError(
            f"the guide suppresses the direct hours of {which} (case type/task type: fewer "
            f"than {guide.meta.get('min_workers', 5)} workers), so the hours the move frees on "
            f"those cases are unknown: leave those tasks or case types out, or " + WHAT_TO_DO)
    case_linked = (direct.fillna(0.0) != 0).any(axis=0)
    if "non_case_hours_per_fte_week" in t_rows:
        non_case = t_rows["non_case_hours_per_fte_week"]
        bad = sorted(non_case.index[non_case.isna()])
        if bad:
            raise ConfigError(
                f"the guide suppresses how task type(s) {bad} split between casework and "
                f"non-case work ({_reasons(guide, 'tasks.non_case_hours_per_fte_week', bad)}): "
                "leave them out, or " + WHAT_TO_DO)
        split_note = "Non-case hours per FTE-week are the guide's, for each task."
    else:  # a guide written before the split was published: all or nothing
        non_case = per_week.where(~case_linked.reindex(tasks).fillna(False), 0.0)
        split_note = ("This guide does not give the non-case part of each task: a task seen on "
                      "cases counts only by its case hours (rebuild the guide for both parts).")
    freed_non_case = float(non_case.sum())
    base_avail = _available_month(guide)
    weeks = guide.available.loc["working_weeks_per_year", "estimate"]
    new_avail = base_avail + freed_non_case * weeks / 12
    factor = pd.DataFrame(1.0, index=direct.index, columns=direct.columns)
    if should:  # "should" weights carry the uplifts: so does what the move takes off them
        up = guide.tasks["uplift"].reindex(tasks) if "uplift" in guide.tasks else None
        task_up = (up if up is not None else pd.Series(1.0, index=tasks)).fillna(1.0)
        case_up = pd.Series(guide.adjustments.case_types if guide.adjustments else {},
                            dtype=float).reindex(direct.index).fillna(1.0)
        factor = factor.mul(task_up, axis=1).mul(case_up, axis=0)
    freed = (direct * factor).reindex(weights.index).fillna(0.0)
    new_weights = weights - freed.sum(axis=1)
    before = base_avail / float((mix * weights.reindex(mix.index)).sum())
    after = new_avail / float((mix * new_weights.reindex(mix.index)).sum())
    freed_at_mix = freed.reindex(mix.index).mul(mix, axis=0).sum(axis=0)
    table = pd.DataFrame({
        "case_linked": case_linked.reindex(tasks).fillna(False).astype(bool),
        "hours_per_fte_week": per_week.astype(float),
        "non_case_hours_per_fte_week": non_case.astype(float),
        "hours_per_case_month_freed": freed_at_mix.reindex(tasks).astype(float),
    })
    table.index.name = "task_type"
    by_type = pd.concat([weights.rename("hours_per_case_month_before"),
                         freed.add_prefix("freed_"),
                         new_weights.rename("hours_per_case_month_after"),
                         mix.reindex(weights.index).fillna(0.0).rename("mix_share")], axis=1)
    by_type.index.name = "case_type"
    summary = {"available_hours_per_fte_month_before": base_avail,
               "available_hours_per_fte_month_after": float(new_avail),
               "max_cases_per_fte_before": before, "max_cases_per_fte_after": after,
               "cases_gained_per_fte": after - before}
    notes = tuple(f"{k.replace('_', ' ')}: {v:.2f}" for k, v in summary.items()) + (
        split_note,
        "Hours per case-month freed are by case type in by_case_type; the table gives them "
        "per case-month at the scenario's case mix.")
    return SupportStaffScenario(table, "Moving tasks to support staff", notes, summary, by_type)


def case_mix_scenario(guide: TimeGuide, current: Mapping[str, float], new: Mapping[str, float],
                      *, fte_in_post: float | None = None, should: bool = True) -> Result:
    """Staff needed for the current and a new case mix (counts of cases by type).

    A case type with cases whose hours the guide suppresses is an error (it
    cannot count as zero hours).
    """
    weights = guide.hours_per_case_month(should)
    rows = []
    for name, counts in (("current", current), ("new", new)):
        c = pd.Series(counts, dtype=float)
        unknown = sorted(set(c.index) - set(weights.index))
        if unknown:
            raise ConfigError(f"case type(s) {unknown} are not in the guide ({list(weights.index)})")
        _check_weights(guide, weights, c.index[c.fillna(0) != 0], f"{name} case mix")
        month = _available_month(guide)
        hours = float((c * weights.reindex(c.index)).sum())
        row = {"scenario": name, "cases": c.sum(), "hours_needed_per_month": hours,
               "fte_needed": hours / month}
        if fte_in_post is not None:
            row["gap_fte"] = fte_in_post - row["fte_needed"]
        rows.append(row)
    table = pd.DataFrame(rows).set_index("scenario")
    return Result(table, "Case mix scenario", (
        f"Change in FTE needed: {table.loc['new', 'fte_needed'] - table.loc['current', 'fte_needed']:+.2f}.",))
