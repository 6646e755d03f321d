"""The headline of a study: the caseload the evidence supports against the caseload held.

:func:`headline` gives the four figures a director reads first, each with an
interval: the cases per FTE the guide supports for the caseload's mix against
the cases per FTE held; the share of workers over capacity; the staff needed and
the gap; and the hours worked against the hours contracted. The result is plain
JSON-ready data, kept in the guide's ``meta["headline"]`` so that every report
sentence is built from ``guide.json``.

Intervals of quantities that cannot be negative are on the log scale (so never
below zero): the guide's intervals of the hours per case-month and of the hours
available are turned into standard errors of their logarithms and combined as if
independent (the delta method). The share over capacity has a Wilson interval,
treating the workers as a sample of the service's.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy._lib.rounding import JSON_DIGITS
from timestudy.capacity.holders import held_count, unlisted_holders
from timestudy.capacity.loads import (
    DEFAULT_BANDS,
    case_holding_fte,
    role_shares,
    weighted_load,
)
from timestudy.capacity.need import (
    SHOULD_WITHHELD,
    check_case_types,
    not_listed,
    with_uncosted_types,
    withheld_hours,
)
from timestudy.capacity.over_capacity import holder_counts, over_capacity_counts
from timestudy.errors import DataQualityWarning
from timestudy.guide import TimeGuide
from timestudy.stats.distributions import norm_ppf


def _r(v, digits: int = JSON_DIGITS):
    return None if v is None or not np.isfinite(v) else round(float(v), digits)


def _est(est, lo, hi) -> dict | None:
    if est is None or not np.isfinite(est):
        return None
    return {"estimate": _r(est), "ci_low": _r(lo), "ci_high": _r(hi)}


def _log_se(est, lo, hi, z) -> float:
    """Standard error of log(est) from an interval (0 when unknown or degenerate)."""
    if not all(np.isfinite(x) and x > 0 for x in (est, lo, hi)):
        return 0.0
    return float((np.log(hi) - np.log(lo)) / (2 * z))


def _log_half(est, bound, z) -> float:
    """Standard error of log(est) from one side of an interval: 0 when unknown, infinite
    when that side reaches 0 (hours available from 0: no lower limit to the FTE needed)."""
    if not (np.isfinite(est) and est > 0 and np.isfinite(bound)):
        return 0.0
    return float(abs(np.log(bound) - np.log(est)) / z) if bound > 0 else np.inf


def _factors(a: pd.Series, se_h: float, z: float) -> tuple[float, float]:
    """Lower and upper factors of the cases supported per FTE: each side of the hours
    available's interval combined with the hours per case-month's (delta method)."""
    with np.errstate(over="ignore"):
        return (float(np.exp(-z * np.hypot(_log_half(a["estimate"], a["ci_low"], z), se_h))),
                float(np.exp(z * np.hypot(_log_half(a["estimate"], a["ci_high"], z), se_h))))


def _at_hours_worked(av: pd.DataFrame, contracted: float, supported: float, mean: float
                     ) -> float:
    """Cases per FTE the mix would fit at the hours actually worked (not contracted)."""
    worked = float(av.loc["hours_worked_per_fte_week", "estimate"])
    non_case = float(av.loc["non_case_hours_per_fte_week", "estimate"])
    if contracted - non_case > 0:
        return supported * (worked - non_case) / (contracted - non_case)
    weeks = float(av.loc["working_weeks_per_year", "estimate"])  # no hours at contract
    return max(worked - non_case, 0.0) * weeks / 12 / mean


def _held_counts(held: pd.DataFrame, caseload: pd.DataFrame, usable: pd.DataFrame,
                 fte_held: float) -> dict:
    """Cases held per FTE: every case (``held_cases``, costed or not, the headline's rule)
    and only the costed ones (``held_costed_cases``: like with like against the cases
    supported, which count costed cases only). A co-worked case counts once: each of its
    holders' share (:func:`~timestudy.capacity.holders.held_count`), not once per holder."""
    n = _whole(held_count(caseload, held.index))
    costed = _whole(held_count(usable, held.index))
    per = (lambda k: _r(k / fte_held)) if fte_held > 0 else (lambda k: None)
    return {"held_cases": n, "held_cases_per_fte": per(n), "held_costed_cases": costed,
            "held_costed_cases_per_fte": per(costed)}


def _whole(n: float):
    """A count of cases: an int when whole (a co-worked case's shares add up), else 2 dp."""
    return int(round(n)) if abs(n - round(n)) < 1e-9 else round(float(n), 2)


def _withheld(out: dict, av: pd.DataFrame) -> dict:
    """The headline when non-case work takes every contracted hour: no hours for casework,
    so no caseload supported, share over capacity or staff needed (none is a figure)."""
    nc = av.loc["non_case_hours_per_fte_week"]
    out.update(no_hours_for_casework=True, supported_cases_per_fte=None,
               share_over_capacity=None, fte_needed=None, gap_fte=None, staffing_ratio=None,
               non_case_hours_per_fte_week=_est(nc["estimate"], nc["ci_low"], nc["ci_high"]))
    return out


def _mix_hours(guide: TimeGuide, counts: pd.Series, z: float) -> tuple[float, float]:
    """Mean should hours per case of a mix and the SE of its log."""
    ct = guide.case_types
    share = counts / counts.sum()
    should = ct["hours_per_case_month_should"].reindex(share.index).astype(float)
    se = [(_log_se(ct.loc[k, "hours_per_case_month"], ct.loc[k, "hours_per_case_month_ci_low"],
                   ct.loc[k, "hours_per_case_month_ci_high"], z) * should[k]) for k in share.index]
    mean = float((share * should).sum())
    var = float(((share.to_numpy() * np.asarray(se)) ** 2).sum())
    return mean, (np.sqrt(var) / mean if mean > 0 else 0.0)


def no_case_hours_said(counts: pd.Series) -> str:
    """Why the study has no headline when every costed case type of the caseload has 0 hours
    per case-month (no diary hour was on one of their cases in a case-month).

    Examples
    --------
    >>> print(no_case_hours_said(pd.Series({"CIN": 6, "CP": 6})))
    no headline: the 12 cases of the caseload are of types with 0 hours per case-month (CIN, CP): no diary hour was on one of their cases in a case-month, so no caseload per FTE, staff needed or gap rests on them; check that the diary's case ids are the cases table's (other warnings name those not in it), correct them and run again
    """
    types = ", ".join(map(str, counts.index[:5])) + (", ..." if len(counts) > 5 else "")
    return (f"no headline: the {int(counts.sum()):,} cases of the caseload are of types with 0 "
            f"hours per case-month ({types}): no diary hour was on one of their cases in a "
            "case-month, so no caseload per FTE, staff needed or gap rests on them; check that "
            "the diary's case ids are the cases table's (other warnings name those not in "
            "it), correct them and run again")


NO_CASE_MONTHS = "no hours per case-month in this diary"
NO_CASE_TYPE = "no case type given"


def _why_not_costed(guide: TimeGuide, case_type: str, should: bool = True) -> str:
    """Why a case type has no hours, in a few words: ``too few workers`` and the like.

    A type the guide has no row for had no case-month in the diary (no diarist held
    a case of it on a working day of the diary, or its name is not the diary's):
    :data:`NO_CASE_MONTHS`. A type whose measured hours are shown and only its should
    hours withheld says so (:func:`~timestudy.capacity.need.withheld_hours`), never "not
    shown in the guide" beside the measured figure the guide shows."""
    if case_type not in guide.case_types.index:
        return NO_CASE_MONTHS
    if withheld_hours(guide, case_type, should) == "should hours":
        return f"should hours withheld: {SHOULD_WITHHELD}"
    reasons = [x.reason for x in guide.suppressed if x.key in (case_type, "*")
               and (x.table.startswith("case_types") or x.table == "all")]
    if any(str(r).startswith("fewer than") for r in reasons):
        return "too few workers"
    if any(str(r).startswith("secondary suppression") for r in reasons):
        return "withheld to protect a type with too few workers"
    return "not shown in the guide"


def not_costed(guide: TimeGuide, caseload: pd.DataFrame, should: bool = True) -> list[dict]:
    """The cases the guide gives no hours for, by case type: what the FTE needed leaves out.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases open, with ``case_type``.
    should : bool
        Whether the "should" hours are the ones used.

    Returns
    -------
    list of dict
        One ``{case_type, n_cases, why}`` a case type with no hours per case-month
        (suppressed, or with no row in the guide), and one ``{case_type: None, n_cases,
        why: NO_CASE_TYPE}`` for the cases with no case type (missing or blank), most
        cases first; empty when every case is costed.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> guide = example_run().guide
    >>> not_costed(guide, pd.DataFrame({"case_type": ["CIN", "NEW", "NEW"]}))
    [{'case_type': 'NEW', 'n_cases': 2, 'why': 'no hours per case-month in this diary'}]
    >>> not_costed(guide, pd.DataFrame({"case_type": ["CIN", None]}))
    [{'case_type': None, 'n_cases': 1, 'why': 'no case type given'}]
    """
    hours = guide.hours_per_case_month(should)
    costed = set(hours.index[hours.notna()].astype(str))
    lost: dict = {}
    for k, n in caseload["case_type"].value_counts(dropna=False).items():  # by type, not row
        key = None if pd.isna(k) or not str(k).strip() else str(k)  # no type: named too
        if key is None or key not in costed:
            lost[key] = lost.get(key, 0) + int(n)
    items = [{"case_type": k, "n_cases": n,
              "why": NO_CASE_TYPE if k is None else _why_not_costed(guide, k, should)}
             for k, n in lost.items()]
    return sorted(items, key=lambda i: -i["n_cases"])  # most first; ties as counted


def _in_post(guide: TimeGuide, workers: pd.DataFrame, roles) -> float:
    """Case-holding FTE in post: each worker's FTE times their role's share of a caseload."""
    return float((workers["fte"].astype(float)
                  * role_shares(guide, workers, roles).to_numpy()).sum())


def _held(guide: TimeGuide, caseload: pd.DataFrame, workers, bands, roles, unlisted=()
          ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, float]:
    """Every listed holder's load and status, those with hours for casework and those
    without, and the former's FTE.

    Every case held by a listed worker counts, costed or not: the status is the one rule
    of the statements, the report's table of workers by status and the calculator
    (:func:`~timestudy.capacity.loads.worker_status`: a case not costed makes the load
    unknown, and the status is "at least" amber or red when the costed cases alone reach
    it, else none). A holder whose case-holding FTE (FTE x role share) is 0 has no hours
    for casework, so, like a holder not in the workers table, their cases are in neither
    side of the cases held per FTE. A case of a type the guide has no row for
    (:data:`NO_CASE_MONTHS`) has unknown hours, as a suppressed type's, rather than
    stopping the headline.
    """
    table = weighted_load(with_uncosted_types(guide, caseload), caseload, workers, bands=bands,
                          roles=roles, on_suppressed="nan").table
    table = table.loc[~table.index.astype(str).isin(list(unlisted))]  # a co-worker not listed
    holding = case_holding_fte(table)
    return table, table.loc[holding > 0], table.loc[~(holding > 0)], float(holding.sum())


def headline(
    guide: TimeGuide,
    caseload: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    bands: tuple[float, float, float] = DEFAULT_BANDS,
    roles: Mapping[str, float] | None = None,
    where: str = "",
) -> dict | None:
    """The study's headline figures, each with its interval.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases open (``worker_id``, ``case_type``). A case of a type whose hours
        the guide suppresses counts in the cases held per FTE but cannot count
        in the hours: the FTE needed, the loads and the cases supported per FTE
        leave it out (``cases_left_out``, by type in ``not_costed``), so the FTE
        needed is a lower bound. The same goes for a case of a type the guide has
        no row for (:data:`NO_CASE_MONTHS`) and for a case with no case type
        (:data:`NO_CASE_TYPE`); a type that is one of the guide's spelt otherwise
        (``'cin'`` for ``'CIN'``) is an error
        (:func:`~timestudy.capacity.need.check_case_types`). A case with a blank
        ``worker_id`` has no holder: it counts in the FTE needed (it needs a
        worker's time) and in ``unallocated_cases``, not in the cases held per
        FTE nor in any worker's load. A case whose holder is not in ``workers`` counts the
        same way (its holder's FTE is unknown): in the FTE needed and in
        ``unlisted_cases`` (held by ``unlisted_workers`` workers), not in the
        cases held per FTE, the workers, the share over capacity nor the FTE in
        post. A listed holder with no hours for casework (an FTE of 0 or a role
        holding no caseload) has no FTE in the cases held per FTE, so their cases
        are not in it either (``no_hours_cases``, held by ``no_hours_workers``
        workers, whom the load table's notes name); they count in the FTE needed.
    workers : DataFrame, optional
        ``worker_id``, ``fte``, ``role`` (for the role allowances).
    bands : (float, float, float)
        Status bands; "over capacity" is a load at or above the amber edge.
    roles : mapping, optional
        Role allowances (share of a full caseload by role); the guide's by default.
    where : str
        What the caseload is, for the report ("the cases open on 2026-03-29").

    Returns
    -------
    dict or None
        ``n_cases`` (the cases costed), ``cases_left_out`` (the cases not
        costed), ``not_costed`` (those by type, see :func:`not_costed`),
        ``unallocated_cases``, ``unlisted_cases``, ``unlisted_workers``,
        ``no_hours_cases``, ``no_hours_workers`` (the two counts of workers by the count
        rule, with their ``_words``: :func:`~timestudy.capacity.over_capacity.holder_counts`),
        ``supported_cases_per_fte``, ``held_cases_per_fte`` (every case held, costed
        or not, over ``held_cases``), ``held_costed_cases_per_fte`` (the costed ones
        only, ``held_costed_cases``: what the cases supported compare with),
        ``n_over_capacity`` and
        ``share_over_capacity`` (of the workers with a status: a worker whose costed
        cases alone reach amber is over, at least), ``n_no_status`` (workers holding
        cases with no hours available, or a case not costed and other cases under
        amber: no status, not in that share), each count with its ``_words``
        (:func:`~timestudy.capacity.over_capacity.over_capacity_counts`: a count
        of fewer than ``meta.min_workers``, or leaving fewer, is None, in words
        only, and then the share is None),
        ``fte_needed``, ``fte_in_post``, ``gap_fte``, ``staffing_ratio`` (in post /
        needed, as in WHO WISN), ``hours_worked_per_fte_week``,
        ``contracted_hours_per_fte_week``, ``supported_cases_per_fte_at_hours_worked``;
        estimates as ``{estimate, ci_low, ci_high}``. None when the guide publishes no
        hours available or the caseload has no case of a published type. When work
        not linked to a case takes every contracted hour (hours available 0),
        ``no_hours_for_casework`` is True, ``non_case_hours_per_fte_week`` is given,
        and the cases supported, share over capacity, FTE needed, gap and WISN ratio
        are None: no figure rests on zero hours. None, with a warning
        (:func:`no_case_hours_said`), when every costed type of the caseload has 0 hours per
        case-month (no diary hour on one of its cases): no caseload rests on 0 hours a case.

    Examples
    --------
    >>> from timestudy.capacity import headline
    >>> from timestudy.examples import example_run
    >>> from timestudy.report.tables import open_caseload
    >>> run = example_run()
    >>> h = headline(run.guide, open_caseload(run.cases, run.models.period[1]), run.workers)
    >>> h["supported_cases_per_fte"]["ci_low"] < h["supported_cases_per_fte"]["estimate"]
    True
    """
    check_case_types(guide, caseload)  # a type spelt otherwise: an error, not "not costed"
    month = guide.available_hours_per_fte_month
    hours = guide.hours_per_case_month(True)
    ok = caseload["case_type"].astype(str).isin(hours.index[hours.notna()])
    usable = caseload.loc[ok]
    if not np.isfinite(month) or usable.empty:
        return None
    z = float(norm_ppf(0.5 + float(guide.meta.get("level", 0.95)) / 2))
    av = guide.available_table()  # its should rows (uplifts on non-case work), as `month` is
    counts = usable["case_type"].astype(str).value_counts().sort_index()
    mean, se_h = _mix_hours(guide, counts, z)
    if not mean > 0:  # no hour on a case of the mix: no caseload rests on 0 hours a case
        warnings.warn(no_case_hours_said(counts), DataQualityWarning, stacklevel=2)
        return None
    lo, hi = _factors(av.loc["available_case_hours_per_fte_year"], se_h, z)
    up = 1 / lo if lo > 0 else np.inf  # hours available from 0: the need has no upper limit
    supported = month / mean
    wl = weighted_load(guide, usable, workers, bands=bands, roles=roles)
    off = not_listed(caseload, workers)  # holders with no FTE: like cases no one listed holds
    unlisted = unlisted_holders(caseload, workers)  # a co-worker of a co-worked case too
    # every case a listed holder holds, costed or not: one status rule (worker_status)
    loads, held, no_hours, fte_held = _held(guide, caseload.loc[~off], workers, bands, roles,
                                            unlisted)
    counts = over_capacity_counts(loads["status"], int(guide.meta.get(
        "min_workers", DEFAULT_MIN_WORKERS)), z)
    needed = ((float(wl.table["hours_needed_per_month"].sum())  # unlisted holders too
               + wl.unallocated_hours_per_month) / month  # an unallocated case needs time too
              if month > 0 else np.nan)
    in_post = fte_held if workers is None else _in_post(guide, workers, roles)
    worked = av.loc["hours_worked_per_fte_week"]
    contracted = float((guide.meta.get("available_assumptions") or {}).get("contracted_per_fte",
                                                                             np.nan))
    out = {
        "caseload": where,
        "n_workers": int(len(loads)),
        "n_cases": int(len(usable)),
        "cases_left_out": int(len(caseload) - len(usable)),
        "not_costed": not_costed(guide, caseload),
        "unallocated_cases": wl.unallocated_cases,
        "unlisted_cases": _whole(held_count(caseload, unlisted)),  # a co-worker's share too
        "no_hours_cases": _whole(held_count(caseload.loc[~off], no_hours.index)),
        **holder_counts(len(no_hours), len(unlisted), len(loads), int(guide.meta.get(
            "min_workers", DEFAULT_MIN_WORKERS)), counts["n_no_status"]),  # by the count rule
        "supported_cases_per_fte": _est(supported, supported * lo, supported * hi),
        **_held_counts(held, caseload.loc[~off], usable, fte_held),
        **counts,  # counts of fewer than min_workers in words; then no share
        "share_over_capacity": _est(*counts["share_over_capacity"])
        if counts["share_over_capacity"] else None,
        "fte_needed": _est(needed, needed / hi, needed * up),
        "fte_in_post": _r(in_post),
        "gap_fte": _est(in_post - needed, in_post - needed * up, in_post - needed / hi),
        "staffing_ratio": _est(in_post / needed, in_post / needed * lo, in_post / needed * hi)
        if needed > 0 else None,
        "hours_worked_per_fte_week": _est(worked["estimate"], worked["ci_low"], worked["ci_high"]),
        "contracted_hours_per_fte_week": _r(contracted),
        "supported_cases_per_fte_at_hours_worked": _r(
            _at_hours_worked(av, contracted, supported, mean)),
        "over_capacity_from": _r(bands[1]),
        "interval": "log scale (delta method) for cases and FTE; Wilson for the share",
    }
    return _withheld(out, av) if month <= 0 else out
