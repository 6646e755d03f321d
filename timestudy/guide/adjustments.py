"""Uplifts from "is" to "should": the adjustments file, and how its factors reach a guide."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from timestudy._lib.yaml import YAMLLimitError, read_text, safe_load
from timestudy.errors import ConfigError, TimestudyWarning
from timestudy.guide.carried import not_mixed, published_basis
from timestudy.guide.disclosure import Suppressed
from timestudy.guide.matrix_disclosure import MATRIX_TABLES, protect_uplifts

if TYPE_CHECKING:
    from timestudy.guide.timeguide import TimeGuide


@dataclass(frozen=True)
class Adjustments:
    """Uplifts from "is" (what the diary measured) to "should" (what the work needs).

    Loaded from a YAML file with ``source`` (who said so), ``method``
    (``sufficiency_survey``, ``expert_panel``, ``standards``...), ``date`` and
    ``uplifts`` with ``task_types`` and/or ``case_types`` mappings of factors
    (1.2 = 20% more time needed than measured).

    A file written by ``timestudy should`` (:func:`timestudy.guide.should.should_evidence`)
    also has ``uplifts.case_type_totals`` (a case type's whole should / is factor from
    evidence, which replaces the mix of its task uplifts) and ``evidence``: one mapping
    per figure considered, with the method that produced it, its interval, its source
    and whether it was chosen. Files without ``evidence`` (factors written by hand) still
    work; they are deprecated in favour of factors computed from evidence.

    Parameters
    ----------
    source : str
        Who said so: the panel, survey or standard, named so a reader can find it.
    method : str
        How: ``sufficiency_survey``, ``expert_panel``, ``standards``...
    date : str
        When the uplifts were agreed, ``YYYY-MM-DD`` (may be empty).
    task_types, case_types : dict of str to float
        Uplift factor by task type id and by case type.
    notes : str
        Anything a reader needs to weigh them.
    case_type_totals : dict of str to float
        A case type's whole should / is factor from evidence (``timestudy should``).
    evidence : tuple of dict
        Every figure considered, with its method, interval, source and whether chosen.

    Examples
    --------
    >>> from timestudy import Adjustments
    >>> from timestudy.schema import EXAMPLES
    >>> adj = Adjustments.from_yaml(EXAMPLES / "adjustments.yaml")
    >>> adj.method, adj.task_types["statutory_visit"], adj.case_types
    ('expert_panel', 1.25, {'CLA': 1.1})
    >>> Adjustments(source="Practice standards 2026", method="standards",
    ...             task_types={"case_notes": 1.2}).task_types
    {'case_notes': 1.2}
    """

    source: str
    method: str
    date: str = ""
    task_types: dict[str, float] = field(default_factory=dict)
    case_types: dict[str, float] = field(default_factory=dict)
    notes: str = ""
    case_type_totals: dict[str, float] = field(default_factory=dict)
    evidence: tuple[dict, ...] = ()

    @property
    def from_evidence(self) -> bool:
        """True when the factors were computed from evidence (``timestudy should``)."""
        return bool(self.evidence)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Adjustments:
        """Read and check an adjustments file; errors name the file, entry and fix."""
        path = Path(path)
        try:
            raw = safe_load(read_text(path))
        except FileNotFoundError:
            raise ConfigError("adjustments file not found: check the path",
                              source=str(path)) from None
        except (OSError, UnicodeDecodeError, YAMLLimitError) as exc:
            raise ConfigError(f"cannot be read as an adjustments YAML file ({exc})",
                              source=str(path)) from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"is not valid YAML ({' '.join(str(exc).split())})",
                              source=str(path)) from exc
        if not isinstance(raw, dict):
            raise ConfigError("must be a mapping with source, method and uplifts",
                              source=str(path))
        out = cls.from_dict(raw, source_name=str(path))
        if not out.from_evidence:
            warnings.warn(f"{path.name}: uplifts written by hand (no evidence section) are "
                          "deprecated; compute them from standards, a survey or a Delphi panel "
                          "with `timestudy should` (they are applied as before)",
                          DeprecationWarning, stacklevel=2)
        return out

    @classmethod
    def from_dict(cls, raw: dict, source_name: str = "adjustments") -> Adjustments:
        missing = [k for k in ("source", "method", "uplifts") if k not in raw]
        if missing:
            raise ConfigError(f"lacks {', '.join(missing)}: say where the uplifts come from "
                              "(source, method) and give uplifts", source=source_name)
        up = raw["uplifts"] or {}
        if not isinstance(up, dict):
            raise ConfigError("uplifts must be a mapping with task_types and/or case_types",
                              source=source_name)
        out = {}
        for kind in ("task_types", "case_types", "case_type_totals"):
            values = up.get(kind) or {}
            if not isinstance(values, dict):
                raise ConfigError(f"uplifts.{kind} must map {kind} to factors, e.g. "
                                  "'statutory_visit: 1.2'", source=source_name)
            for key, factor in values.items():
                if not isinstance(factor, int | float) or not 0.1 <= factor <= 10:
                    raise ConfigError(f"uplift {kind}.{key} = {factor!r} must be a number "
                                      "between 0.1 and 10 (1.2 means 20% more time)",
                                      source=source_name)
            out[kind] = {str(k): float(v) for k, v in values.items()}
        evidence = raw.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, dict) for e in evidence):
            raise ConfigError("evidence must be a list of mappings (as `timestudy should` "
                              "writes it)", source=source_name)
        return cls(str(raw["source"]), str(raw["method"]), str(raw.get("date", "")),
                   out["task_types"], out["case_types"], str(raw.get("notes", "")),
                   out["case_type_totals"], tuple(dict(e) for e in evidence))

    def to_dict(self) -> dict:
        uplifts = {"task_types": self.task_types, "case_types": self.case_types}
        out = {"source": self.source, "method": self.method, "date": self.date,
               "uplifts": uplifts, "notes": self.notes}
        if self.case_type_totals:
            uplifts["case_type_totals"] = self.case_type_totals
        if self.evidence:
            out["evidence"] = [dict(e) for e in self.evidence]
        return out


def refuse_uplifts_with_evidence(adjustments, standards=None, survey=None,
                                 delphi=None) -> None:
    """Refuse uplifts (an adjustments file) given together with evidence for "should"
    (standards, a survey, a Delphi panel): the evidence computes the uplifts.

    The one rule, checked before the diary is read (:func:`timestudy.run_study`,
    ``timestudy guide``) and again where the evidence is applied
    (:func:`timestudy.guide.should.apply_evidence`).

    Examples
    --------
    >>> refuse_uplifts_with_evidence(None, standards="england")
    >>> refuse_uplifts_with_evidence("adjustments.yaml", standards="england")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: give uplifts (an adjustments file) or evidence for should (standards, survey, delphi), not both: the evidence computes the uplifts
    """
    given = [e for e in (standards, survey, delphi)
             if e is not None and not (isinstance(e, str) and not e)]
    if adjustments is not None and given:
        raise ConfigError("give uplifts (an adjustments file) or evidence for should "
                          "(standards, survey, delphi), not both: the evidence computes the "
                          "uplifts")


def non_case_uplifts(tasks: pd.DataFrame, factors) -> list[str]:
    """Task types given an uplift (other than 1) that take non-case time (admin, supervision,
    training...): the uplifts that change the hours available for casework.

    The hours available for casework are the contracted hours less the non-case work
    measured (:func:`timestudy.models.available.available_time`); their "should" figure
    takes each non-case task's hours times its uplift (:func:`non_case_uplift`). A task
    whose non-case hours are withheld (NaN) is listed too: it may have some, and its
    uplift cannot be applied (see :func:`non_case_note`).

    Parameters
    ----------
    tasks : DataFrame
        The guide's tasks table, with ``non_case_hours_per_fte_week``.
    factors : mapping of str to float
        Uplift by task type.

    Returns
    -------
    list of str
        The task types, sorted.

    Examples
    --------
    >>> t = pd.DataFrame({"non_case_hours_per_fte_week": [2.0, 0.0, np.nan]},
    ...                  index=["supervision", "statutory_visit", "training"])
    >>> non_case_uplifts(t, {"supervision": 1.25, "statutory_visit": 1.2, "training": 1.0})
    ['supervision']
    """
    f = pd.Series(dict(factors), dtype=float)
    f = f.loc[f.ne(1.0) & f.index.isin(tasks.index)]
    if f.empty or "non_case_hours_per_fte_week" not in tasks:
        return []
    nc = tasks["non_case_hours_per_fte_week"].reindex(f.index).astype(float)
    return sorted(map(str, f.index[(nc > 0) | nc.isna()]))


def non_case_note(names: list[str], withheld: list[str] | tuple[str, ...] = ()) -> str:
    """The sentence every output carries when uplifts fall on non-case work ('' if none).

    ``withheld``: those of ``names`` whose uplift cannot be applied (the task's non-case
    hours or its uplift are withheld, from too few workers).

    Examples
    --------
    >>> non_case_note(["supervision"])[:66]
    'Uplifts on non-case work (supervision) are applied to the hours av'
    >>> non_case_note(["supervision", "training"], ["training"])[-79:]
    'no uplift on them is applied to the hours available for casework (as measured).'
    """
    if not names:
        return ""
    applied = [n for n in names if n not in set(withheld)]
    out = []
    if applied:
        out.append(
            f"Uplifts on non-case work ({', '.join(applied)}) are applied to the hours "
            "available for casework: the should hours for casework per FTE-week are the "
            "contracted hours less the non-case work measured, each non-case task's hours "
            "times its uplift, so more time needed on non-case work leaves fewer hours for "
            "casework and the caseload capacity and FTE needed follow (the measured hours "
            "available are shown too).")
    if withheld:
        out.append(
            f"The non-case hours of {', '.join(withheld)} are withheld (too few workers), so "
            "no uplift on them is applied to the hours available for casework (as measured).")
    return " ".join(out)


#: Row of a guide's ``available`` table: the non-case hours per FTE-week the uplifts add.
NON_CASE_UPLIFT = "non_case_uplift_hours_per_fte_week"


def non_case_uplift(tasks: pd.DataFrame, adjustments: Adjustments | None
                    ) -> tuple[pd.Series, list[str]]:
    """The non-case hours per FTE-week the uplifts add, with an interval, and the tasks withheld.

    Each non-case task adds its non-case hours times (uplift - 1). A task whose uplift
    or non-case hours are withheld (NaN: too few workers or respondents) adds nothing and
    is listed. The interval carries each uplift's interval (``uplift_ci_low`` and
    ``_high`` of its chosen evidence row; none without evidence) in quadrature over the
    tasks: half-widths ``sqrt(sum_t (hours_t * (u_hi_t - u_t))^2)`` above and
    ``sqrt(sum_t (hours_t * (u_t - u_lo_t))^2)`` below.

    Parameters
    ----------
    tasks : DataFrame
        The published tasks table: ``uplift`` and ``non_case_hours_per_fte_week``.
    adjustments : Adjustments or None
        The uplifts, with their evidence.

    Returns
    -------
    Series, list of str
        ``estimate``, ``ci_low``, ``ci_high`` (all 0 when no uplift falls on non-case
        work), and the non-case tasks whose uplift is withheld.

    Examples
    --------
    37 h contracted, 8 h non-case of which 4 h supervision uplifted 1.25: 1 h more.

    >>> t = pd.DataFrame({"uplift": [1.25, 1.0], "non_case_hours_per_fte_week": [4.0, 4.0]},
    ...                  index=["supervision", "email_admin"])
    >>> adj = Adjustments("a panel", "expert_panel", task_types={"supervision": 1.25})
    >>> extra, withheld = non_case_uplift(t, adj)
    >>> extra.tolist(), withheld
    ([1.0, 1.0, 1.0], [])
    """
    zero = pd.Series(0.0, index=["estimate", "ci_low", "ci_high"])
    if adjustments is None or not adjustments.task_types or "uplift" not in tasks \
            or "non_case_hours_per_fte_week" not in tasks:
        return zero, []
    names = non_case_uplifts(tasks, adjustments.task_types)
    up = tasks["uplift"].reindex(names).astype(float)
    hours = tasks["non_case_hours_per_fte_week"].reindex(names).astype(float)
    ok = up.notna() & hours.notna()
    withheld = sorted(map(str, up.index[~ok]))
    up, hours = up[ok], hours[ok]
    if up.empty:
        return zero, withheld
    lo, hi = _uplift_interval(adjustments, up)
    extra = float((hours * (up - 1)).sum())
    below = float(np.sqrt(((hours * (up - lo)) ** 2).sum()))
    above = float(np.sqrt(((hours * (hi - up)) ** 2).sum()))
    return pd.Series([extra, extra - below, extra + above], index=zero.index), withheld


def _uplift_interval(adjustments: Adjustments, up: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each uplift's interval from its chosen evidence row (the uplift itself without one)."""
    rows = pd.DataFrame([e for e in adjustments.evidence
                         if e.get("level") == "task_type" and e.get("chosen")],
                        columns=["item", "uplift_ci_low", "uplift_ci_high"])
    rows = rows.drop_duplicates("item").set_index("item")
    lo = pd.to_numeric(rows["uplift_ci_low"], errors="coerce").reindex(up.index)
    hi = pd.to_numeric(rows["uplift_ci_high"], errors="coerce").reindex(up.index)
    return lo.fillna(up).clip(upper=up), hi.fillna(up).clip(lower=up)


def with_non_case_uplift(available: pd.DataFrame, tasks: pd.DataFrame,
                         adjustments: Adjustments | None) -> tuple[pd.DataFrame, str]:
    """The ``available`` table with the row :data:`NON_CASE_UPLIFT` (only when an uplift on
    non-case work applies), and the sentence saying what was applied ('' if none).

    The should hours for casework are read from it by
    :meth:`~timestudy.guide.TimeGuide.available_hours`.
    """
    available = available.drop(index=NON_CASE_UPLIFT, errors="ignore")
    names = non_case_uplifts(tasks, adjustments.task_types) if adjustments else []
    extra, withheld = non_case_uplift(tasks, adjustments)
    if len(names) > len(withheld) and available["estimate"].notna().any():
        available = pd.concat([available, extra.to_frame(NON_CASE_UPLIFT).T])
        available.index.name = "measure"
    return available, non_case_note(names, withheld)


#: The rows of hours available that have a "should" figure.
AVAILABLE_MEASURES = ["non_case_hours_per_fte_week", "available_case_hours_per_fte_week",
            "available_case_hours_per_fte_year"]


def should_available(available: pd.DataFrame, should: bool = True) -> pd.DataFrame:
    """The rows of :meth:`TimeGuide.available_hours` from a guide's ``available`` table.

    Examples
    --------
    By hand: 37 h contracted, 8 h non-case (7 to 9) of which 4 h supervision uplifted 1.25
    (1.2 to 1.35): 1 h more non-case work (0.8 to 1.4), so 29 -> 28 h for casework, its
    interval 28 - hypot(1, 0.4) to 28 + hypot(1, 0.2).

    >>> av = pd.DataFrame({"estimate": [8.0, 29.0, 29.0 * 40, 40.0, 1.0],
    ...                    "ci_low": [7.0, 28.0, 28.0 * 40, 40.0, 0.8],
    ...                    "ci_high": [9.0, 30.0, 30.0 * 40, 40.0, 1.4]},
    ...                   index=[*AVAILABLE_MEASURES, "working_weeks_per_year", NON_CASE_UPLIFT])
    >>> should_available(av).round(4).loc["available_case_hours_per_fte_week"].tolist()
    [28.0, 26.923, 29.0198]
    """
    columns = ["estimate", "ci_low", "ci_high"]
    out = available.reindex(index=AVAILABLE_MEASURES, columns=columns).astype(float)
    if not should or NON_CASE_UPLIFT not in available.index:
        return out
    extra = available.reindex(columns=columns).loc[NON_CASE_UPLIFT].astype(float)
    up, down = extra["ci_high"] - extra["estimate"], extra["estimate"] - extra["ci_low"]
    nc = out.loc["non_case_hours_per_fte_week"]
    out.loc["non_case_hours_per_fte_week"] = [
        nc["estimate"] + extra["estimate"],
        nc["estimate"] + extra["estimate"] - np.hypot(nc["estimate"] - nc["ci_low"], down),
        nc["estimate"] + extra["estimate"] + np.hypot(nc["ci_high"] - nc["estimate"], up)]
    week = out.loc["available_case_hours_per_fte_week"]
    est = max(week["estimate"] - extra["estimate"], 0.0)
    lo = max(est - np.hypot(week["estimate"] - week["ci_low"], up), 0.0)
    hi = max(est + np.hypot(week["ci_high"] - week["estimate"], down), 0.0)
    out.loc["available_case_hours_per_fte_week"] = [est, lo, hi]
    weeks = float(available.loc["working_weeks_per_year", "estimate"])
    out.loc["available_case_hours_per_fte_year"] = [est * weeks, lo * weeks, hi * weeks]
    return out


def apply_uplifts(tasks: pd.DataFrame, case_types: pd.DataFrame, tch: pd.DataFrame,
                   adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``uplift`` and the "should" columns.

    A case type's uplift is its own factor times the mix of its task uplifts:
    ``sum_t hours[k, t] * u_t / sum_t hours[k, t]``.
    """
    tasks, case_types = tasks.copy(), case_types.copy()
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    case_up = pd.Series(adjustments.case_types if adjustments else {}, dtype=float)
    where = {"task_types": "the taxonomy's task types (`timestudy taxonomy` lists them)",
             "case_types": "the case types of the cases table"}
    totals_up = pd.Series(adjustments.case_type_totals if adjustments else {}, dtype=float)
    where["case_type_totals"] = where["case_types"]
    for kind, factors, known in (("task_types", task_up, tasks.index),
                                 ("case_types", case_up, case_types.index),
                                 ("case_type_totals", totals_up, case_types.index)):
        unknown = sorted(set(map(str, factors.index)) - set(map(str, known)))
        if unknown:  # a misspelt id would otherwise be ignored without a word
            warnings.warn(
                f"adjustments: uplifts.{kind} names {', '.join(unknown)}, which this study has "
                f"no figures for, so {'it is' if len(unknown) == 1 else 'they are'} not "
                f"applied; check the spelling against {where[kind]}",
                TimestudyWarning,
                stacklevel=3,
            )
    tasks["uplift"] = task_up.reindex(tasks.index).fillna(1.0)
    tasks["full_hours_should"] = tasks["full_hours"] * tasks["uplift"]
    u = task_up.reindex(tch.columns).fillna(1.0)
    if (u == 1.0).all():  # no task uplift: exactly 1 (two row sums of one table can differ
        scale = pd.Series(1.0, index=tch.index)  # in their last bit with its memory layout)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = (tch * u).sum(axis=1) / tch.sum(axis=1)
    case_types["uplift"] = (scale.reindex(case_types.index).fillna(1.0)
                            * case_up.reindex(case_types.index).fillna(1.0))
    totals = pd.Series(adjustments.case_type_totals if adjustments else {}, dtype=float)
    if len(totals):  # a whole should / is factor from evidence replaces the task mix
        known = totals.reindex(case_types.index)
        case_types["uplift"] = known.fillna(case_types["uplift"])
    case_types["hours_per_case_month_should"] = (case_types["hours_per_case_month"]
                                                 * case_types["uplift"])
    return tasks, case_types


def suppress_uplifts(tasks: pd.DataFrame, case_types: pd.DataFrame, suppressed: list[Suppressed]
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Blank the uplifts (and "should" figures) of suppressed rows."""
    rows_t = {s.key for s in suppressed if s.table == "tasks"}
    rows_c = {s.key for s in suppressed if s.table == "case_types"}
    tasks, case_types = tasks.copy(), case_types.copy()
    tasks.loc[tasks.index.astype(str).isin(rows_t), ["uplift", "full_hours_should"]] = np.nan
    case_types.loc[case_types.index.astype(str).isin(rows_c),
                   ["uplift", "hours_per_case_month_should"]] = np.nan
    return tasks, case_types


def with_adjustments(guide: TimeGuide, adjustments: Adjustments | None) -> TimeGuide:
    """The same guide with other "is versus should" uplifts (or none).

    A case type's uplift mixes the task uplifts by the hours of each task on
    cases of that type. A guide built by :func:`build_guide` keeps the full
    matrix in memory, so the same adjustments give the same uplifts. A guide
    read from JSON, or made from other tables (a calibrated guide:
    :mod:`timestudy.guide.carried`), has only the published matrix, where cells from
    fewer than ``min_workers`` workers are suppressed: with its own adjustments it is
    returned as it is; with others the mix is taken over the published cells
    only (an approximation, with an :class:`~timestudy.errors.EstimationWarning`
    when it matters, or when the rows are another study's); a case type with every
    cell withheld gets no uplift (withheld, said). Suppressed rows keep no uplift, and
    published cells the new uplifts would give back are suppressed too (see
    :func:`protect_uplifts`).

    Parameters
    ----------
    guide : TimeGuide
    adjustments : Adjustments or None
        The uplifts (None: none, so "should" equals "is").

    Returns
    -------
    TimeGuide

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.schema import EXAMPLES
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> adj = with_adjustments(guide, Adjustments.from_yaml(EXAMPLES / "adjustments.yaml"))
    >>> ct = adj.case_types
    >>> bool((ct["uplift"].dropna() >= 1).all()), adj.adjustments.method
    (True, 'expert_panel')
    >>> with_adjustments(adj, None).case_types["uplift"].dropna().unique().tolist()
    [1.0]
    """
    basis, unknown = guide._task_case_hours_unsuppressed, []
    if basis is None and adjustments == guide.adjustments:
        return guide  # the published uplifts already are these adjustments' (exactly)
    if basis is None:  # mixed over the published cells (carried.published_basis)
        basis, unknown, _ = published_basis(guide, adjustments)
    suppressed = [s for s in guide.suppressed if s.table != "case_types.uplift"]
    tasks, case_types = apply_uplifts(guide.tasks, guide.case_types, basis, adjustments)
    tasks, case_types = suppress_uplifts(tasks, case_types, suppressed)
    case_types, notes = not_mixed(case_types, unknown)
    suppressed += notes
    published, direct = guide.task_case_hours, guide.task_case_direct
    if guide._protection is not None:  # built from a study: protected as build_guide does
        suppressed = [s for s in suppressed if s.table not in MATRIX_TABLES]
        published, direct, case_types, notes = guide._protection.publish(case_types,
                                                                         adjustments)
        suppressed += notes
    elif guide._task_case_hours_unsuppressed is not None:  # exact uplifts: protect the cells
        published, case_types, notes = protect_uplifts(published, basis, case_types,
                                                        adjustments)
        suppressed += notes
    available, note = with_non_case_uplift(guide.available, tasks, adjustments)
    if note:  # said wherever a guide is built with them
        warnings.warn(note, TimestudyWarning, stacklevel=2)
    return guide.derive(tasks=tasks, case_types=case_types, task_case_hours=published,
                        task_case_direct=direct, adjustments=adjustments,
                        suppressed=suppressed, available=available)
