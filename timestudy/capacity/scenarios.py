"""What-if scenarios on a time guide: tasks moved to support staff, a new case mix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.capacity.need import (
    WHAT_TO_DO,
    available_month,
    check_weights,
    suppression_reasons,
)
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.results import Section, TableResult
from timestudy.schema.standards import Standards, read_standards


@dataclass(frozen=True, repr=False)
class SupportStaffScenario(TableResult):
    """Tasks moved to support staff.

    ``table`` by task, ``by_case_type`` (hours per case-month before, freed by
    each task, and after, by case type) and ``headline`` figures to compute with.
    Made by :func:`support_staff_scenario`.

    Parameters
    ----------
    table : DataFrame
        By task type: ``case_linked``, ``hours_per_fte_week``,
        ``non_case_hours_per_fte_week``, ``hours_per_case_month_freed``.
    by_case_type : DataFrame
        By case type: hours per case-month before, freed by each task, after,
        and the case type's share of the mix.
    headline : dict
        Available hours per FTE-month and the most cases per FTE, before and
        after, and ``cases_gained_per_fte``.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.capacity import support_staff_scenario
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> sc = support_staff_scenario(guide, ["email_admin"])
    >>> h = sc.headline
    >>> bool(h["max_cases_per_fte_after"] > h["max_cases_per_fte_before"])
    True
    >>> sc.table.index.tolist()
    ['email_admin']
    """

    headline: dict | None = None
    by_case_type: pd.DataFrame | None = None

    def summary(self, digits: int = 2) -> pd.DataFrame:
        """The headline figures (before and after) as a one-column table."""
        return pd.Series(self.headline, name="value").to_frame().round(digits)

    def _sections(self) -> list[Section]:
        """Hours per case-month before, freed by each task, and after, by case type."""
        if self.by_case_type is None:
            return []
        return [Section("By case type", table=self.by_case_type)]


def support_staff_scenario(guide: TimeGuide, tasks: list[str], *,
                           mix: Mapping[str, float] | None = None,
                           should: bool = True, evidence=None,
                           standards=None) -> SupportStaffScenario:
    """What moving task types to support staff frees, and the caseload capacity it gains.

    A task can be recorded without a case (payments, general admin...) and with
    one (a payment for a child's placement): both parts count. Its non-case
    hours per FTE-week (``non_case_hours_per_fte_week`` of the guide) are added
    to the time available; its direct hours per case-month on each case type
    are taken off that type's weight, at what they count for in its "should"
    figure (:func:`should_factors`: the task's and the type's uplifts, or the
    type's whole factor when evidence gives its should hours as a whole). ``mix`` is the case mix for capacity (the study's
    case-months by default).

    Figures the guide suppresses are not counted as zero: a task, case type or
    task x case type cell the scenario needs that is suppressed raises a
    :class:`~timestudy.errors.ConfigError` saying which and what to do.

    Parameters
    ----------
    guide : TimeGuide
    tasks : list of str
        Task type ids moved to support staff.
    mix : mapping, optional
        Case mix (share or count of each case type) for the capacity figures.
    should : bool
        Use the guide's "should" hours (default) or what was measured.
    evidence, standards : ShouldEvidence and Standards (or path, ``"england"``), optional
        The evidence the guide's uplifts came from and the standards it used: where
        a case type's should hours are by events (a standard's frequency times the
        measured time per piece), each task counts at its standard's rate, not at the
        case type's whole factor (see :func:`should_factors`).

    Returns
    -------
    SupportStaffScenario
        ``table`` by task type (``case_linked``, ``hours_per_fte_week``: all its
        direct hours; ``non_case_hours_per_fte_week``: the part added to the time
        available; ``hours_per_case_month_freed``: per case-month at the
        scenario's mix), ``by_case_type`` (hours per case-month before, freed by
        each task, after) and ``headline``: available hours per FTE-month and
        the most cases per FTE, before and after, and the cases gained per FTE.

    Examples
    --------
    General admin is recorded without a case here: moving it adds its hours to
    the time available, so each FTE can hold more cases.

    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.capacity import support_staff_scenario
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> sc = support_staff_scenario(guide, ["email_admin"])
    >>> bool(sc.table.loc["email_admin", "case_linked"]), bool(sc.headline["cases_gained_per_fte"] > 0)
    (False, True)
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
    check_weights(guide, weights, used, "mix")
    bad = sorted(per_week.index[per_week.isna()])
    if bad:
        raise ConfigError(f"the guide suppresses task type(s) {bad} "
                          f"({suppression_reasons(guide, 'tasks', bad)}): leave them out, or " + WHAT_TO_DO)
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
                f"non-case work ({suppression_reasons(guide, 'tasks.non_case_hours_per_fte_week', bad)}): "
                "leave them out, or " + WHAT_TO_DO)
        split_note = "Non-case hours per FTE-week are the guide's, for each task."
    else:  # a guide written before the split was published: all or nothing
        non_case = per_week.where(~case_linked.reindex(tasks).fillna(False), 0.0)
        split_note = ("This guide does not give the non-case part of each task: a task seen on "
                      "cases counts only by its case hours (rebuild the guide for both parts).")
    freed_non_case = float(non_case.sum())
    base_avail = available_month(guide)
    weeks = guide.available.loc["working_weeks_per_year", "estimate"]
    new_avail = base_avail + freed_non_case * weeks / 12
    factor = (should_factors(guide, tasks, direct.index, evidence, standards) if should
              else pd.DataFrame(1.0, index=direct.index, columns=direct.columns))
    unsplit = [k for k in factor.attrs.get("unsplit", []) if k in set(map(str, used))]
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
    notes = tuple(f"{k.replace('_', ' ')}: {fixed(v, 2)}" for k, v in summary.items()) + (
        _whole_note(guide, used, evidence) if should else ()) + ((
            f"{', '.join(unsplit)}: a moved task's standard has no piece measured on these "
            "cases, so the evidence cannot be split by task: the task is taken off at the "
            "case type's applied factor (an approximation).",) if unsplit else ()) + (
        split_note,
        "Hours per case-month freed are by case type in by_case_type; the table gives them "
        "per case-month at the scenario's case mix.")
    return SupportStaffScenario(table, "Moving tasks to support staff", notes, summary, by_type)


def _totals(guide: TimeGuide) -> dict[str, float]:
    return dict(guide.adjustments.case_type_totals) if guide.adjustments else {}


def _whole_note(guide: TimeGuide, used, evidence=None) -> tuple[str, ...]:
    """Which case types of the mix have should hours from evidence as a whole."""
    whole = sorted(set(_totals(guide)) & set(map(str, used)) - set(_by_events(evidence)))
    return ((f"The should hours of {', '.join(whole)} come from evidence as a whole "
             "(uplifts.case_type_totals): each moved task is taken off them at the case "
             "type's factor, as the guide applies it; where the evidence is by events, give "
             "it (evidence=, standards=) to take each task at its standard's rate.",)
            if whole else ())


def _by_events(evidence) -> list[str]:
    """Case types whose chosen should figure is the standards' events (``evidence.events``)."""
    if evidence is None or evidence.events is None:
        return []
    pick = evidence.summary()
    pick = pick.loc[(pick["level"] == "case_type") & (pick["method"] == "standards_events")]
    return [str(k) for k in pick["item"]]


def _events_factors(evidence, standards, case_type: str, task_up: pd.Series) -> pd.Series:
    """Each task's factor in a case type's should hours by events: the rate applied (the
    standard's, or the measured where that is higher: a standard is a minimum) over the
    measured rate (applied / measured pieces per case-month) times its task uplift;
    a task the standards do not list is counted as measured (times its uplift). None when
    a moved task's piece was never measured on the case type (its standard's hours then
    sit on no measured hours, so no factor of them can carry it)."""
    if not isinstance(standards, Standards):
        standards = read_standards(None if str(standards).lower() == "england" else standards)
    items = evidence.events.items.loc[evidence.events.items["case_type"] == case_type]
    listed = standards.items.loc[(standards.items["case_type"] == case_type)
                                 & standards.items["per_case_month"].notna()]
    pieces = dict(zip(listed["piece"], listed["task_types"], strict=True))
    out = task_up.copy()
    for it in items.itertuples():
        hit = out.index.isin(list(pieces.get(it.piece, ())))
        if not hit.any():  # not a task being moved
            continue
        required = float(getattr(it, "per_case_month_applied", it.per_case_month_required))
        measured = float(it.per_case_month_measured)
        if not (np.isfinite(required) and np.isfinite(measured) and measured > 0):
            return None  # none measured on this case type: no factor carries the standard
        out[hit] = out[hit] * (required / measured)
    return out


def should_factors(guide: TimeGuide, tasks: list[str], case_types, evidence=None,
                   standards=None) -> pd.DataFrame:
    """What a task's measured hours on a case type count for in that type's "should" hours.

    The guide's rule (:func:`timestudy.guide.adjustments.apply_uplifts`): a case type's
    should hours are its measured hours times its uplift, which is the mix of its task
    uplifts times its own factor, ``sum_t h[k, t] * u_t * c_k``, so task ``t`` counts
    ``u_t * c_k``; unless evidence gives the case type's should hours as a whole
    (``uplifts.case_type_totals``), which replaces that mix: then every task of the
    case type counts the guide's applied uplift of the case type. Given the evidence
    (``evidence``, from :func:`timestudy.guide.should.should_evidence`, with the
    ``standards`` it used), a case type whose chosen figure is by events is split as
    the events compute it: a listed task at its standard's rate over its measured rate
    (times its uplift), the rest as measured (times its uplift); these sum to the
    case type's should hours.

    Parameters
    ----------
    guide : TimeGuide
    tasks : list of str
        Task type ids.
    case_types : sequence of str
        Case types (rows).
    evidence, standards : optional
        The evidence behind the guide's uplifts and its standards (both or neither).

    Returns
    -------
    DataFrame
        Factors, case types by tasks.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> should_factors(guide, ["email_admin"], ["CIN"]).to_dict()
    {'email_admin': {'CIN': 1.0}}
    """
    index = pd.Index(case_types)
    up = guide.tasks["uplift"].reindex(tasks) if "uplift" in guide.tasks else None
    task_up = (up if up is not None else pd.Series(1.0, index=tasks)).fillna(1.0)
    case_up = pd.Series(guide.adjustments.case_types if guide.adjustments else {},
                        dtype=float).reindex(index).fillna(1.0)
    factor = pd.DataFrame(1.0, index=index, columns=list(tasks))
    factor = factor.mul(task_up, axis=1).mul(case_up, axis=0)
    whole = index[index.astype(str).isin(list(_totals(guide)))]
    if len(whole):  # the applied uplift of such a case type is its total (apply_uplifts)
        applied = guide.case_types["uplift"].reindex(whole).astype(float)
        factor.loc[whole] = np.repeat(applied.to_numpy()[:, None], len(tasks), axis=1)
    if (evidence is None) != (standards is None):
        raise ConfigError("give the evidence and the standards it used together "
                          "(evidence=should_evidence(...), standards=...), or neither")
    unsplit = []
    for k in sorted(set(_by_events(evidence)) & set(map(str, whole))):
        split = _events_factors(evidence, standards, k, task_up)
        if split is None:
            unsplit.append(k)  # kept at the case type's applied factor, with a note
        else:
            factor.loc[k] = split.to_numpy()
    factor.attrs["unsplit"] = unsplit
    return factor


def _signed(value: float) -> str:
    """A change with its sign, rounded by the one rule: ``+0.13``, ``-0.13``, ``+0.00``."""
    text = fixed(value, 2)
    return text if text.startswith("-") else f"+{text}"


def case_mix_scenario(guide: TimeGuide, current: Mapping[str, float], new: Mapping[str, float],
                      *, fte_in_post: float | None = None, should: bool = True) -> TableResult:
    """Staff needed for the current and a new case mix (counts of cases by type).

    A case type with cases whose hours the guide suppresses is an error (it
    cannot count as zero hours).

    Parameters
    ----------
    guide : TimeGuide
    current, new : mapping of str to float
        Cases of each case type now and in the scenario.
    fte_in_post : float, optional
        FTE in post, for the gap (in post minus needed).
    should : bool
        Use the guide's "should" hours (default) or what was measured.

    Returns
    -------
    TableResult
        Rows ``current`` and ``new``: ``cases``, ``hours_needed_per_month``,
        ``fte_needed`` and, with ``fte_in_post``, ``gap_fte``.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.capacity import case_mix_scenario
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> t = case_mix_scenario(guide, {"CIN": 10, "CP": 5}, {"CIN": 10, "CP": 8},
    ...                       fte_in_post=2).table
    >>> t["cases"].tolist(), t.columns.tolist()
    ([15.0, 18.0], ['cases', 'hours_needed_per_month', 'fte_needed', 'gap_fte'])
    >>> w = guide.hours_per_case_month()
    >>> bool(abs(t.loc["current", "hours_needed_per_month"] - (10 * w["CIN"] + 5 * w["CP"])) < 1e-9)
    True
    """
    weights = guide.hours_per_case_month(should)
    rows = []
    for name, counts in (("current", current), ("new", new)):
        c = pd.Series(counts, dtype=float)
        unknown = sorted(set(c.index) - set(weights.index))
        if unknown:
            raise ConfigError(f"case type(s) {unknown} are not in the guide ({list(weights.index)})")
        check_weights(guide, weights, c.index[c.fillna(0) != 0], f"{name} case mix")
        month = available_month(guide)
        hours = float((c * weights.reindex(c.index)).sum())
        row = {"scenario": name, "cases": c.sum(), "hours_needed_per_month": hours,
               "fte_needed": hours / month}
        if fte_in_post is not None:
            row["gap_fte"] = fte_in_post - row["fte_needed"]
        rows.append(row)
    table = pd.DataFrame(rows).set_index("scenario")
    return TableResult(table, "Case mix scenario", (
        f"Change in FTE needed: {_signed(table.loc['new', 'fte_needed'] - table.loc['current', 'fte_needed'])}.",))
