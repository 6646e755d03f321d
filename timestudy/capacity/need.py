"""Hours each case of a caseload needs, from a time guide (which cases have no holder, and the
caseload's case types against the guide's, are in :mod:`timestudy.capacity.holders` and
:mod:`timestudy.capacity.caseload_types`, and importable from here too).

A case's hours per month are its case type's hours per case-month in the guide
(the "should" figures when uplifts exist), optionally adjusted by the complexity
multipliers; the hours a worker has are the guide's hours for casework (the "should"
figure when uplifts on non-case work exist: fewer hours). Hours the guide suppresses are
never zero: they raise, or are NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# the caseload's case types and holders, in modules of their own: importable from here too
from timestudy.capacity.caseload_types import (
    check_case_types,
    missing_type,
    misspelt_types,
    with_uncosted_types,
)
from timestudy.capacity.holders import check_fte, no_holder, not_listed, unlisted_note
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide

__all__ = ["ON_SUPPRESSED", "SHOULD_WITHHELD", "WHAT_TO_DO", "available_month", "case_hours",
           "check_case_types", "check_fte", "check_on_suppressed", "check_weights",
           "missing_type", "misspelt_types", "no_holder", "not_listed", "suppression_reasons",
           "unlisted_note", "with_uncosted_types", "withheld_hours"]

ON_SUPPRESSED = ("raise", "nan")
WHAT_TO_DO = (
    "build the guide with a lower min_workers for internal use only "
    "(timestudy.build_guide(models, min_workers=...), not for publication), or calibrate "
    "your local study to a reference guide that publishes them "
    "(timestudy.calibrate(reference, local).to_guide())"
)


def suppression_reasons(guide: TimeGuide, table: str | tuple[str, ...], keys) -> str:
    why = guide.reasons(*((table,) if isinstance(table, str) else table))
    return "; ".join(f"{k}: {why.get(str(k)) or why.get('*') or 'not estimable'}" for k in keys)


#: Why a case type's should hours are withheld while its measured hours are shown (the
#: guide's ``case_types.uplift`` record), in the words of the headline and statements.
SHOULD_WITHHELD = ("with their uplift they would give back a task's hours the guide "
                   "withholds; the measured hours are shown")


def withheld_hours(guide: TimeGuide, case_type: str, should: bool = True) -> str:
    """Which hours per case-month of a case type the guide withholds, in words.

    ``"should hours"`` when the should figures are used and the guide shows the
    measured figure but withholds the uplift and should figure (a ``case_types.uplift``
    record: :data:`SHOULD_WITHHELD` says why); ``"hours"`` otherwise (the measured
    figure withheld, and the should one with it, or no row for the type). The one rule of
    the headline's ``not_costed`` and the statements.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide import Suppressed
    >>> ct = pd.DataFrame({"hours_per_case_month": [25.9, np.nan]}, index=["PRO", "CLA"])
    >>> g = SimpleNamespace(case_types=ct, suppressed=[
    ...     Suppressed("case_types.uplift", "PRO", "would give a cell back"),
    ...     Suppressed("case_types", "CLA", "fewer than 5 workers (3)")])
    >>> withheld_hours(g, "PRO"), withheld_hours(g, "CLA"), withheld_hours(g, "PRO", False)
    ('should hours', 'hours', 'hours')
    """
    ct = guide.case_types
    shown = case_type in ct.index and bool(np.isfinite(
        pd.to_numeric(pd.Series([ct.loc[case_type, "hours_per_case_month"]]),
                      errors="coerce").iloc[0]))
    uplift = any(x.table == "case_types.uplift" and x.key == case_type for x in guide.suppressed)
    return "should hours" if should and shown and uplift else "hours"


def check_on_suppressed(on_suppressed: str) -> None:
    if on_suppressed not in ON_SUPPRESSED:
        raise ValueError(f"on_suppressed must be one of {ON_SUPPRESSED}, not {on_suppressed!r}")


def check_weights(guide: TimeGuide, weights: pd.Series, present, where: str) -> None:
    """Refuse case types whose hours the guide suppresses: they are not zero hours."""
    bad = sorted({str(k) for k in present if k in weights.index and not np.isfinite(weights[k])})
    if bad:
        raise ConfigError(
            f"the {where} has case type(s) {bad} whose hours the guide suppresses "
            f"({suppression_reasons(guide, ('case_types.uplift', 'case_types'), bad)}), so they cannot be counted (and must not "
            f"count as zero hours): leave them out of the {where}, or {WHAT_TO_DO}")


def available_month(guide: TimeGuide, should: bool = True, on_suppressed: str = "raise"
                    ) -> float:
    """Hours for casework per FTE-month ("should": with the uplifts on non-case work, as
    :meth:`TimeGuide.available_hours` gives them): the one rule of the loads and the staff
    needed. An error when the guide suppresses them, or NaN with ``on_suppressed="nan"``."""
    month = guide._case_hours_month(should)  # the guide's one rule: the year's over 12
    if not np.isfinite(month) and on_suppressed == "raise":
        raise ConfigError(
            "the guide publishes no hours available per FTE "
            f"({suppression_reasons(guide, 'available', ['hours available'])}): {WHAT_TO_DO}")
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
    ``on_suppressed="nan"`` its cases get NaN (never zero). So does a case with no case
    type (:func:`missing_type`). A type that is one of the guide's spelt otherwise
    (``'cin'`` for ``'CIN'``) is always an error (:func:`check_case_types`).

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case: ``case_type`` (and the complexity columns when
        ``use_multipliers``).
    should : bool
        Use the guide's "should" hours (default) or what was measured.
    use_multipliers : bool
        Adjust each case's hours by the complexity multipliers.
    on_suppressed : {"raise", "nan"}
        What a case of a suppressed type does.

    Returns
    -------
    Series
        ``hours_per_month``, aligned with ``caseload``.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.capacity import case_hours
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> h = case_hours(guide, s.cases.head(3))
    >>> s.cases["case_type"].head(3).tolist()
    ['CLA', 'CP', 'CP']
    >>> bool((h == guide.hours_per_case_month().reindex(["CLA", "CP", "CP"]).to_numpy()).all())
    True
    """
    check_on_suppressed(on_suppressed)
    if "case_type" not in caseload:
        raise ConfigError("the caseload has no `case_type` column: give one case per row with "
                          "its case type (CIN, CP, CLA, PROCEEDINGS...)")
    weights = guide.hours_per_case_month(should)
    none = missing_type(caseload)
    if none.any() and on_suppressed == "raise":
        raise ConfigError(f"{int(none.sum())} case(s) of the caseload have no case type: give "
                          "each its case type in the case_type column (a case with no type "
                          "cannot be costed, and must not count as zero hours)")
    check_case_types(guide, caseload)  # a type spelt otherwise than the guide's
    present = set(caseload.loc[~none, "case_type"].astype(str).unique())  # not case by case
    unknown = sorted(present - set(weights.index))
    if unknown:
        raise ConfigError(f"case type(s) {unknown} are not in the guide (it has "
                          f"{list(weights.index)}): if they are spelt otherwise, map them to one "
                          "of these; if the diary held no such case on a working day, the guide "
                          "has no hours for them (use a guide from a study that has them)")
    ctype = caseload["case_type"].astype(object).where(~none).astype(str)  # no type: no hours
    if on_suppressed == "raise":
        check_weights(guide, weights, present, "caseload")
    if not use_multipliers:
        return ctype.map(weights).astype(float).rename("hours_per_month")
    return _with_multipliers(guide, caseload, ctype, should=should, on_suppressed=on_suppressed)


def _with_multipliers(guide: TimeGuide, caseload: pd.DataFrame, ctype: pd.Series, *,
                      should: bool, on_suppressed: str) -> pd.Series:
    """Each case's hours a month by the complexity multipliers (:func:`case_hours` with
    ``use_multipliers``): the baseline times its type's multiplier and those of its
    complexity attributes, times the type's uplift for the should hours. ``ctype`` is each
    case's type as text ('nan' for a case with no type: no hours)."""
    m = guide.multipliers["multiplier"] if "multiplier" in guide.multipliers else pd.Series()
    if "baseline_hours_per_month" not in m.index:
        raise ConfigError("the guide has no complexity multipliers (the model could not be "
                          "fitted): cost cases without them (leave out --use-multipliers; "
                          "in Python, use_multipliers=False)")
    ref = guide.meta.get("reference_case_type")
    kinds = ctype.unique()  # each case type's multiplier looked up once, not once per case
    # A type with no term is the reference's (1.0), unless its hours are unknown (a type
    # the diary has no case-month of, or one withheld): then so is its multiplier.
    measured = guide.case_types["hours_per_case_month"].astype(float)
    type_m = ctype.map(pd.Series([1.0 if k == ref else m.get(
        f"case_type={k}", 1.0 if np.isfinite(measured.get(k, np.nan)) else np.nan)
        for k in kinds], index=kinds)).astype(float)
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
                      for name, v in parts.items() for k in ctype[~np.isfinite(v)].unique()})
        if bad:
            raise ConfigError(
                f"the guide suppresses the multiplier(s) {bad} the caseload needs "
                f"({suppression_reasons(guide, 'multipliers', bad)}): cost cases without them "
                f"(leave out --use-multipliers; in Python, use_multipliers=False), or "
                + WHAT_TO_DO)
    uplift = ctype.map(guide.case_types["uplift"]).astype(float) if should else 1.0
    return (np.exp(log_h) * uplift).rename("hours_per_month")
