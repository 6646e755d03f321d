"""What a workload statement says about its figures: its notes, why a load cannot be
worked out, and where the figures come from (the words of :mod:`timestudy.report.statement`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.capacity.headlines import NO_CASE_MONTHS, not_costed
from timestudy.capacity.need import (
    SHOULD_WITHHELD,
    missing_type,
    suppression_reasons,
    withheld_hours,
)
from timestudy.guide import TimeGuide
from timestudy.report.format import label, percent
from timestudy.report.headline import not_costed_text


def uncosted(guide: TimeGuide, group: pd.DataFrame, should: bool = True) -> list[dict]:
    """A worker's cases not costed for want of a row in the guide, by type.

    By the headline's rule (:func:`timestudy.capacity.headlines.not_costed`): the cases
    of a type the guide has no row for (no case-month of it in the diary) and the cases
    with no case type. The cases of a type the guide suppresses are left to
    :func:`notes`' own sentence.

    Parameters
    ----------
    guide : TimeGuide
    group : DataFrame
        One worker's cases, with ``case_type``.
    should : bool
        Whether the "should" hours are the ones used.

    Returns
    -------
    list of dict
        ``{case_type, n_cases, why}`` by type (``case_type`` None for the cases with no
        type), most cases first; empty when there is none.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
    >>> uncosted(guide, pd.DataFrame({"case_type": ["CIN", "NEW", "NEW", None]}))
    [{'case_type': 'NEW', 'n_cases': 2, 'why': 'no hours per case-month in this diary'}, {'case_type': None, 'n_cases': 1, 'why': 'no case type given'}]
    """
    items = not_costed(guide, group, should)
    return [i for i in items if i["case_type"] is None
            or i["case_type"] not in guide.case_types.index]


def left_out(guide: TimeGuide, group: pd.DataFrame, should: bool = True) -> str:
    """The cases a statement's hours needed and load leave out, in the headline's words.

    Each case whose ``hours_per_month`` is NaN is named by its type with why
    (:func:`timestudy.capacity.headlines.not_costed`, worded by
    :func:`timestudy.report.headline.not_costed_text`); a case whose type has hours
    but a complexity multiplier the guide withholds is counted apart, without a type.

    Parameters
    ----------
    guide : TimeGuide
    group : DataFrame
        Cases with ``case_type`` and ``hours_per_month`` (NaN: not costed), as a
        statement's ``cases`` (or several statements' together: a co-worked case, on each
        holder's statement, is counted once by its ``case_id``, as the headline counts it).
    should : bool
        Whether the "should" hours are the ones used.

    Returns
    -------
    str
        E.g. "1 CLA case not costed: no hours per case-month in this diary"; ``""`` when
        every case is costed.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
    >>> cases = pd.DataFrame({"case_type": ["CIN", "NEW", None],
    ...                       "hours_per_month": [4.0, float("nan"), float("nan")]})
    >>> left_out(guide, cases)
    '1 NEW case (no hours per case-month in this diary) and 1 case (no case type given) not costed'
    >>> left_out(guide, cases.iloc[:1])
    ''

    A case co-worked by W1 and W2 is on both statements, and one case:

    >>> two = pd.DataFrame({"case_id": ["C3", "C3"], "case_type": "NEW",
    ...                     "hours_per_month": float("nan"), "shared_by": 2})
    >>> left_out(guide, two)
    '1 NEW case not costed: no hours per case-month in this diary'
    """
    if "case_id" in group:  # once a case, however many holders' statements hold it
        group = group.loc[~group["case_id"].duplicated() | group["case_id"].isna()]
    nan = group["hours_per_month"].isna()
    items = not_costed(guide, group.loc[nan], should)
    rest = int(nan.sum()) - sum(i["n_cases"] for i in items)
    text = not_costed_text({"not_costed": items}) if items else ""
    if rest:
        text += ("; and " if text else "") + (f"{rest} case{'s' if rest != 1 else ''} not "
                                              "costed: a complexity multiplier is withheld")
    return text


def notes(group: pd.DataFrame, row: pd.Series, known: bool, gone: pd.Series,
           on: pd.Timestamp, at_least: bool = False,
           no_row: list[dict] | None = None) -> list[str]:
    """What a worker should know about their statement's figures."""
    notes = []
    closed, later = int(gone.get("closed", 0)), int(gone.get("not_opened", 0))
    parts = [f"{closed} case(s) of yours in the caseload closed by {on:%Y-%m-%d}"] if closed else []
    if later:
        parts.append(f"{later} opened after {on:%Y-%m-%d} (give the day the caseload is of "
                     "to count them)")
    moved = int(gone.get("transferred", 0))
    if moved:
        parts.append(f"{moved} case(s) held by another worker on {on:%Y-%m-%d} (passed "
                     "between you: counted with that worker)")
    if parts:
        notes.append("Not counted: " + " and ".join(parts) + ".")
    some = bool(group["hours_per_month"].notna().any())  # the others are counted, "at least"
    then = ("; the other cases alone already reach this status, so it is at least that."
            if at_least else "; the hours needed and the load count your other cases only "
            "(at least), and no status can be given." if some else
            ", so no total or load can be given, nor a status.")
    absent = {i["case_type"] for i in no_row or []}
    if absent:  # the headline's words: "1 CLA case not costed: no hours per case-month..."
        notes.append(not_costed_text({"not_costed": no_row}) + ". They are not counted as "
                     "zero: " + ("the hours needed and the load count only your other cases, "
                                 "which alone already reach this status, so it is at least "
                                 "that." if at_least else
                                 "the hours needed and the load count only your other "
                                 "cases (at least), and no status can be given." if some
                                 else "no total or load can be given, nor a status."))
    typed = ~missing_type(group)  # a case with no type: named with those of no row
    unknown = group.loc[group["hours_per_month"].isna().to_numpy() & typed, "case_type"]
    unknown = unknown[~unknown.astype(str).isin(absent)]
    if len(unknown):
        notes.append(
            f"{len(unknown)} case(s) ({', '.join(sorted(set(unknown.astype(str))))}) have no "
            "hours: the guide suppresses the figures they need (they are not counted as "
            "zero)" + then
        )
    if not known:  # no workers table at all (a holder missing from one has no FTE)
        notes.append("FTE not given in a workers table: taken as 1.0.")
    share = float(row.get("caseload_share", 1.0))
    if share != 1.0:
        notes.append(f"Your role holds {percent(share)} of a full caseload (a role allowance, "
                     "such as a protected ASYE caseload), so your hours available are "
                     f"{percent(share)} of those of your FTE.")
    return notes


def load_shown(row: pd.Series, group: pd.DataFrame) -> tuple[float, float, bool, bool]:
    """Hours needed, load, whether the status is a floor and whether the figures are.

    As the worker's row of the load table has them (the one rule,
    :func:`timestudy.capacity.worker_status`): when some cases cannot be costed but the
    others alone reach amber or red, the statement shows those others, "at least", and
    the status is at least that band. When the others do not reach amber there is no
    status, but the hours needed and the load still count the cases that can be costed,
    "at least" (as the calculator shows them): a floor, never a dash beside figures the
    guide gives. With no hours available there is no load.

    Examples
    --------
    One CIN case of 15.45 h a month costed, one PROCEEDINGS case not, 93.9 h available:
    at least 15.45 h and at least 15.45 / 93.9 = 16.45%, with no status.

    >>> row = pd.Series({"load_at_least": np.nan, "hours_needed_per_month": np.nan,
    ...                  "load": np.nan, "hours_available_per_month": 93.9})
    >>> need, load, at_least, floor = load_shown(
    ...     row, pd.DataFrame({"hours_per_month": [15.45, np.nan]}))
    >>> round(need, 2), round(load, 4), at_least, floor
    (15.45, 0.1645, False, True)
    """
    floor = float(row["load_at_least"])
    if np.isfinite(floor):
        return float(group["hours_per_month"].sum()), floor, True, True
    need, load = float(row["hours_needed_per_month"]), float(row["load"])
    hours = group["hours_per_month"].astype(float)
    if np.isfinite(need) or not (hours.isna().any() and hours.notna().any()):
        return need, load, False, False
    need, have = float(hours.sum()), float(row["hours_available_per_month"])
    return need, (need / have if np.isfinite(have) and have > 0 else np.nan), False, True


def _reason(guide: TimeGuide, tables, key: str) -> str:
    """The guide's reason for withholding ``key`` of ``tables`` (a case type it has no row
    for: :data:`~timestudy.capacity.headlines.NO_CASE_MONTHS`, the headline's words)."""
    if "case_types" in tables and key not in guide.case_types.index:
        return NO_CASE_MONTHS
    return suppression_reasons(guide, tables, [key]).removeprefix(f"{key}: ")


def _no_hours(guide: TimeGuide, n: pd.Series, should: bool) -> str:
    """The case types a worker holds whose hours the guide withholds, by the one rule of
    the headline (:func:`~timestudy.capacity.need.withheld_hours`): "no hours" when the
    measured figure is withheld, "no should hours" when only the should figure is (the
    measured one shown), each with the guide's reason; ``n`` counts cases by type."""
    tables = ("case_types.uplift", "case_types")
    which = {k: withheld_hours(guide, k, should) for k in n.index}
    parts = []
    for kind in ("hours", "should hours"):
        ks = [k for k in n.index if which[k] == kind]
        why = {k: SHOULD_WITHHELD if kind == "should hours" else _reason(guide, tables, k)
               for k in ks}
        if len(ks) == 1:
            parts.append(f"no {kind} for {label(ks[0])} cases ({why[ks[0]]})")
        elif ks:
            parts.append(f"no {kind} for {', '.join(map(label, ks[:-1]))} or "
                         f"{label(ks[-1])} cases ("
                         + "; ".join(f"{k}: {why[k]}" for k in ks) + ")")
    held = (f"you hold {n.iloc[0]}" if len(n) == 1 else f"you hold {n.sum()} of them ("
            + ", ".join(f"{label(k)} {v}" for k, v in n.items()) + ")")
    return (f"the guide publishes {' and '.join(parts)} and {held}, so their time cannot be "
            "costed")


def no_status(guide: TimeGuide, group: pd.DataFrame, row: pd.Series, should: bool) -> str:
    """Why a worker's load cannot be worked out: each thing that stops it, with the guide's
    reason for what it withholds."""
    why = []
    have = float(row["hours_available_per_month"])
    if not np.isfinite(float(row["fte"])):
        why.append("you are not in the workers table, so your FTE and the hours you have "
                   "for casework are unknown (ask for your FTE to be added to it)")
    elif not np.isfinite(have):
        why.append("the guide publishes no hours available for casework ("
                   + _reason(guide, "available", "hours available") + ")")
    elif have <= 0:
        why.append("you have no hours available for casework (an FTE of 0, or a role that "
                   "holds no caseload)")
    nan, none = group["hours_per_month"].isna().to_numpy(), missing_type(group)
    untyped = int((nan & none).sum())
    if untyped:
        why.append(f"no case type is given for {untyped} of your cases, so "
                   f"{'its' if untyped == 1 else 'their'} time cannot be costed")
    unknown = group.loc[nan & ~none, "case_type"].astype(str)
    by_type = guide.hours_per_case_month(should).reindex(unknown).isna().to_numpy()
    n = unknown[by_type].value_counts().sort_index()
    if len(n):
        why.append(_no_hours(guide, n, should))
    if (~by_type).any():
        m = guide.multipliers.get("multiplier", pd.Series(dtype=float)).astype(float)
        why.append(f"{int((~by_type).sum())} of your cases need a complexity multiplier the "
                   "guide does not publish ("
                   + suppression_reasons(guide, "multipliers", list(m.index[m.isna()])) + ")")
    return "; ".join(why)


def basis(should: bool, use_multipliers: bool, on: pd.Timestamp | None, why_on: str,
          uplifted: bool = True) -> str:
    """Where a statement's figures come from, in words (``on`` None: the caseload has no
    opened or closed dates, so none was checked; ``uplifted`` False: the guide was given no
    uplifts, so its should figures are the measured ones)."""
    counted = (f"Cases counted are those open on {on:%Y-%m-%d} ({why_on}): opened by then "
               "and not closed by then." if on is not None else
               "The caseload has no opened or closed dates, so every case in it is counted.")
    return (
        counted + " Hours a month for each case are the guide's "
        + ("should figures (measured hours with the uplifts for what the work needs)"
           if should and uplifted else
           "should figures, which are the measured ones (no uplifts were given)" if should
           else "measured figures (what is done now)")
        + (" for its case type, adjusted by the complexity multipliers (travel, "
           "professionals, children, proceedings)." if use_multipliers else " for its case type.")
        + " Hours available are your FTE times the hours for casework a full-time "
        "worker has in a month: contracted hours less work not linked to cases, over "
        "the weeks left after leave, bank holidays and sickness. Your cases' hours are "
        "for every month of the year, the weeks you are away included: they count the "
        "cover your absences need."
    )

