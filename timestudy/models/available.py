"""Time available for casework: contracted hours less the non-case work observed, over the
case-holding workers (a role's share of a caseload), per FTE-week and FTE-year."""

from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy._lib.disclose import effective_workers
from timestudy._lib.rounding import fixed, percentage
from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.models.per_fte_week import fte_week_weights
from timestudy.panels.survey_weights import weights_differ
from timestudy.panels.workdays import DEFAULT_BANK_HOLIDAYS, study_holidays_a_year
from timestudy.results import TableResult
from timestudy.schema.roles import role_key
from timestudy.stats.bootstrap import cluster_interval, ratio_draws, worker_draws

WEEKS_PER_YEAR = 365.25 / 7


@dataclass(frozen=True, repr=False)
class AvailableTime(TableResult):
    """Hours a worker has for casework per FTE-week and per FTE-year.

    Made by :func:`available_time`.

    Attributes
    ----------
    table : DataFrame
        Indexed by ``measure``: ``estimate``, ``ci_low``, ``ci_high``.
    title : str
    notes : tuple of str
        Method and caveats.
    assumptions : dict
        Contracted hours per FTE and the days a year away from casework.
    holders_effective : float or None
        The case-holding workers in effect under their survey weights (Kish's number,
        :func:`timestudy._lib.disclose.effective_workers`), for disclosure control only
        (not published); None when the weights are all the same (the head count).

    Examples
    --------
    >>> from timestudy import read_diary, read_workers, categorise
    >>> from timestudy.models import available_time
    >>> from timestudy.panels import worker_week
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> av = available_time(worker_week(eps, read_workers(EXAMPLES / "workers.csv")), n_boot=19)
    >>> av.assumptions["leave_days"], "available_case_hours_per_fte_year" in av.table.index
    (27.0, True)
    """

    assumptions: dict | None = None
    holders_effective: float | None = None


def available_arguments(available_options: dict | None, diary_options: dict | None) -> dict:
    """:func:`available_time`'s options: those given, with the study's bank holidays a year
    (:func:`timestudy.panels.holidays.study_holidays_a_year`): the number given (here, else
    ``diary_options["holidays_a_year"]``), else that of the list the diary's days were read
    with (``diary_options["holidays"]``, England and Wales by default), the user told once
    when the number and the list disagree. :func:`~timestudy.models.fit_study` reads the
    diary's days with this number too, so a case-month holds the same year.

    Parameters
    ----------
    available_options : dict or None
        Keyword arguments for :func:`available_time` as given (``bank_holidays``,
        ``leave_days``...); a ``bank_holidays`` of None is filled in.
    diary_options : dict or None
        The options the diary's days were read with; ``holidays`` names the bank
        holiday list (:func:`timestudy.panels.workdays.bank_holidays`).

    Returns
    -------
    dict
        The options for :func:`available_time`, with ``bank_holidays`` (a year) set.

    Examples
    --------
    >>> available_arguments(None, {"holidays": "scotland"})
    {'bank_holidays': 9.0}
    >>> available_arguments({"bank_holidays": 9}, {"holidays": "scotland"})
    {'bank_holidays': 9.0}
    """
    out, diary = dict(available_options or {}), diary_options or {}
    given = out.get("bank_holidays")
    out["bank_holidays"] = study_holidays_a_year(  # told once when it and the list disagree
        diary.get("holidays", DEFAULT_BANK_HOLIDAYS),
        diary.get("holidays_a_year") if given is None else given)
    return out


def available_time(
    worker_week: pd.DataFrame,
    *,
    workers: pd.DataFrame | None = None,
    roles: Mapping[str, float] | None = None,
    holders: Collection | None = None,
    contracted_per_fte: float | None = None,
    leave_days: float = 27.0,
    bank_holidays: float = 8.0,
    sickness_days: float = 8.0,
    training_days: float = 0.0,
    other_days: float = 0.0,
    n_boot: int = 999,
    seed: int | None = 0,
    level: float = 0.95,
) -> AvailableTime:
    """Time available for casework: contracted hours less the non-case work observed.

    Per FTE-week it is ``contracted_per_fte`` minus the non-case work hours per
    FTE-week seen in the diary (email, team meetings, supervision, training...).
    Per FTE-year it is that figure times the working weeks left after annual
    leave, bank holidays, sickness and training allowances (days of 1/5 week).

    Every figure is over the case-holding workers: a worker whose role holds no
    caseload (share 0 in ``roles``: a manager, an out-of-hours duty worker) is left
    out, as their hours are not hours a caseload could have. A worker whose role
    holds part of one (an ASYE at 0.9) counts whole, weighed as every figure per
    FTE-week is (:func:`~timestudy.models.per_fte_week.fte_week_weights`: the survey
    weight alone): the allowance says how much of a caseload their hours can hold, and
    applies to their capacity (:func:`timestudy.capacity.role_shares`), not to what
    was measured. With ``holders``, workers who hold no case,
    recorded no case time and whose role has no share given are kept, with a
    :class:`~timestudy.errors.DataQualityWarning` naming them.

    Parameters
    ----------
    worker_week : DataFrame
        Output of :func:`timestudy.panels.worker_week`.
    workers : DataFrame, optional
        ``worker_id`` and ``role``: each worker's role, for ``roles``.
    roles : mapping, optional
        Share of a full caseload by role (``{"manager": 0, "asye": 0.9}``), role names
        matched ignoring case, spaces and underscores; a role not listed holds 1.
    holders : collection, optional
        The ``worker_id`` of each case's holder (the cases table's), for the warning.
    contracted_per_fte : float, optional
        Contracted hours of a full-time week; by default from the workers'
        contracted hours (sum of contracted hours / sum of FTE), 37 without them.
    leave_days : float
        Annual leave days a year (27: a typical local-government entitlement
        with some years' service).
    bank_holidays : float
        Bank holidays a year (8 in England and Wales).
    sickness_days : float
        Sickness absence days a year (8: close to the children's social worker
        average in the DfE workforce census).
    training_days : float
        Training days a year *not* seen in the diary (0 by default, because
        training during the diary period is already in the non-case time).
    other_days : float
        Other days a year away from casework and not seen in the diary (team
        away-days, union duties, secondments, duty weeks off the caseload), 0 by
        default.

    level : float
        Level of the intervals.
    n_boot, seed
        Worker-cluster bootstrap replicates and seed.

    Returns
    -------
    AvailableTime
        Table indexed by ``measure`` with ``estimate``, ``ci_low``, ``ci_high``:
        ``hours_worked_per_fte_week``, ``non_case_hours_per_fte_week``,
        ``case_hours_per_fte_week``, ``out_of_hours_per_fte_week``,
        ``available_case_hours_per_fte_week``, ``working_weeks_per_year`` and
        ``available_case_hours_per_fte_year``.

    Examples
    --------
    Working weeks: 365.25 / 7 less (27 + 8 + 8) days of 1/5 week = 43.58.

    >>> from timestudy import read_diary, read_workers, categorise
    >>> from timestudy.models import available_time
    >>> from timestudy.panels import worker_week
    >>> from timestudy.schema import EXAMPLES
    >>> eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    >>> t = available_time(worker_week(eps, read_workers(EXAMPLES / "workers.csv")), n_boot=19).table
    >>> round(float(t.loc["working_weeks_per_year", "estimate"]), 2)
    43.58
    >>> per_year = t.loc["available_case_hours_per_fte_week", "estimate"] * 43.578571
    >>> bool(abs(t.loc["available_case_hours_per_fte_year", "estimate"] - per_year) < 1e-3)
    True
    """
    ww, share, left_out = _case_holding(worker_week.reset_index(drop=True), workers, roles,
                                        holders)
    ids = pd.Index(ww["worker_id"].unique())
    w = fte_week_weights(ww, share)  # as every figure per FTE-week weighs a row
    if contracted_per_fte is None:
        if {"contracted_hours", "fte_weeks"} <= set(ww) and ww["fte_weeks"].sum() > 0:
            contracted_per_fte = float((ww["contracted_hours"] * w).sum()
                                       / (ww["fte_weeks"] * w).sum())
        else:
            contracted_per_fte = 37.0
    measures = ["hours_worked", "hours_non_case", "hours_case", "hours_out_of_hours"]
    g = ids.get_indexer(ww["worker_id"])
    num = np.zeros((len(ids), len(measures)))
    np.add.at(num, g, ww[measures].to_numpy(float) * w[:, None])
    den = np.zeros((len(ids), len(measures)))
    np.add.at(den, g, (ww["fte_weeks"].to_numpy(float) * w)[:, None])
    draws = worker_draws(len(ids), n_boot, seed)
    est = num.sum(0) / den.sum(0)
    reps = ratio_draws(num, den, draws)
    lo4, hi4 = cluster_interval(est, reps, np.full(len(est), len(ids)), level)
    days_away = leave_days + bank_holidays + sickness_days + training_days + other_days
    weeks = WEEKS_PER_YEAR - days_away / 5
    # contracted less non-case work; none left (non-case work takes every contracted
    # hour) is 0 hours for casework, never a negative number of hours
    avail = max(contracted_per_fte - est[1], 0.0)
    a_lo, a_hi = (np.maximum(contracted_per_fte - b, 0.0) for b in (hi4[1], lo4[1]))
    known = _time_known_share(ww, w)
    if known == 0:  # no hour with a time of day: out-of-hours work is not known, not 0
        est[3] = lo4[3] = hi4[3] = np.nan
    all_est = np.r_[est, avail, weeks, avail * weeks]
    lo = np.r_[lo4, a_lo, weeks, a_lo * weeks]  # working weeks a year: an assumption
    hi = np.r_[hi4, a_hi, weeks, a_hi * weeks]
    names = ["hours_worked_per_fte_week", "non_case_hours_per_fte_week",
             "case_hours_per_fte_week", "out_of_hours_per_fte_week",
             "available_case_hours_per_fte_week", "working_weeks_per_year",
             "available_case_hours_per_fte_year"]
    table = pd.DataFrame({"estimate": all_est, "ci_low": lo, "ci_high": hi},
                         index=pd.Index(names, name="measure"))
    assumptions = {"contracted_per_fte": contracted_per_fte, "leave_days": leave_days,
                   "bank_holidays": bank_holidays, "sickness_days": sickness_days,
                   "training_days": training_days, "other_days": other_days,
                   "case_holding_workers": len(ids), "workers_left_out": left_out}
    notes = _available_notes(assumptions, weeks, share) + (
        (no_casework_hours_note(est[1], contracted_per_fte),) if avail <= 0 else ()) + (
        (time_unknown_note(known),) if known < 1 else ())
    weighted = weights_differ(ww)
    return AvailableTime(table, "Time available for casework", notes, assumptions,
                         effective_workers(ww["worker_id"], ww["weight"]) if weighted else None)


def _available_notes(a: dict, weeks: float, share: pd.Series) -> tuple[str, ...]:
    """The notes of :func:`available_time`: method, the year, and whose hours they are."""
    notes = (
        f"Available for casework = {fixed(a['contracted_per_fte'], 1)} contracted hours per FTE-week "
        "minus the non-case work observed per FTE-week.",
        f"A year has {fixed(weeks, 1)} working weeks after {a['leave_days']:g} days' leave, "
        f"{a['bank_holidays']:g} bank holidays, {a['sickness_days']:g} sickness, "
        f"{a['training_days']:g} training and {a['other_days']:g} other days away from "
        "casework.",
        "An FTE-week excludes days and parts of days on leave or sick. Hours worked above "
        "contract are not counted as available: the guide plans to contracted hours.",
        "Hours available for casework are the contracted hours less the non-case work, and "
        "their interval is the non-case work's interval taken from them, floored at 0.",
    )
    if a["workers_left_out"] or (share != 1).any():
        notes += (_holders_note(a["case_holding_workers"], a["workers_left_out"],
                                bool(((share > 0) & (share < 1)).any())),)
    return notes


def _time_known_share(ww: pd.DataFrame, w: np.ndarray) -> float:
    """The share of the hours worked (weighted as the estimates) that have a time of day
    (``hours_time_known`` of :func:`~timestudy.panels.worker_day`; 1 without the column);
    NaN when no hour is worked."""
    if "hours_time_known" not in ww:
        return 1.0
    worked = float((ww["hours_worked"].to_numpy(float) * w).sum())
    if worked <= 0:
        return np.nan
    return min(float((ww["hours_time_known"].to_numpy(float) * w).sum()) / worked, 1.0)


def time_unknown_note(known: float) -> str:
    """What a guide says when some or all hours worked have no time of day (a diary
    without times: ingest's ``dated`` layout, rows flagged ``time_of_day_unknown``).

    Examples
    --------
    >>> time_unknown_note(0.0)[:60]
    'Out-of-hours work is not known: no hour of the diary has a t'
    >>> time_unknown_note(0.25)[:70]
    'Out-of-hours hours per FTE-week count only the 25% of hours worked wit'
    """
    if not known > 0:
        return ("Out-of-hours work is not known: no hour of the diary has a time of day (it "
                "gives each entry's date and duration only), so the out-of-hours hours are "
                "not shown rather than shown as 0.")
    return (f"Out-of-hours hours per FTE-week count only the {percentage(known)} of hours worked with "
            "a time of day; the rest of the diary gives dates and durations only, and its "
            "hours are neither in hours nor out of hours (a lower bound, not an estimate of "
            "all out-of-hours work).")


def no_casework_hours_note(non_case: float, contracted: float) -> str:
    """What a guide says when non-case work takes every contracted hour.

    Examples
    --------
    >>> no_casework_hours_note(38.2, 37.0)
    'Non-case work took 38.2 hours per FTE-week, all of the 37.0 contracted: no hours are left for casework at contracted hours (0, not a negative figure), so no caseload, load or staffing need can be worked out from these hours.'
    """
    return (f"Non-case work took {fixed(non_case, 1)} hours per FTE-week, all of the "
            f"{fixed(contracted, 1)} contracted: no hours are left for casework at contracted hours "
            "(0, not a negative figure), so no caseload, load or staffing need can be worked "
            "out from these hours.")


def caseload_shares(worker_id: pd.Series, workers: pd.DataFrame | None,
                    roles: Mapping[str, float] | None) -> pd.Series:
    """Each row's share of a full caseload by its worker's role; NaN where none is given.

    Role names match ignoring case, spaces and underscores (as
    :func:`timestudy.capacity.role_shares` uses this rule).

    Parameters
    ----------
    worker_id : Series
        A worker id a row.
    workers : DataFrame or None
        ``worker_id`` and ``role``.
    roles : mapping or None
        Share of a full caseload by role.

    Returns
    -------
    Series
        Aligned on ``worker_id``: the share, NaN for a worker with no role, a role
        not in ``roles`` or no workers table (each counted as holding 1).

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["a", "b", "c"], "role": ["Team Manager", "asye", None]})
    >>> caseload_shares(pd.Series(["a", "b", "c", "d"]), w, {"team_manager": 0, "ASYE": 0.9}
    ...                 ).tolist()
    [0.0, 0.9, nan, nan]
    """
    if workers is None or not roles or "role" not in workers:
        return pd.Series(np.nan, index=worker_id.index)
    key = {role_key(k): float(v) for k, v in roles.items()}
    table = workers.drop_duplicates("worker_id").set_index("worker_id")["role"]
    share = pd.Series([key.get(role_key(r), np.nan) if isinstance(r, str) else np.nan
                       for r in table], index=table.index, dtype=float)  # once per worker
    return worker_id.map(share).astype(float)




def roles_not_listed(workers: pd.DataFrame | None, roles: Mapping[str, float] | None
                     ) -> str | None:
    """A note naming the workers whose role names a newly qualified worker (``NQSW``,
    ``newly qualified ...``, ``ASYE ...``) in a way the role shares given do not (counted at
    a full caseload), when some shares were given; else None.

    The ASYE year is for newly qualified social workers, and councils name the role either
    way: a study giving ``asye: 0.9`` held its ``NQSW`` at a full caseload without a word
    (audit22k). Other roles not listed hold a full caseload, as the README says, unsaid.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["a", "b", "c", "d"],
    ...                   "role": ["ASYE", "NQSW", "NQSW", "social_worker"]})
    >>> print(roles_not_listed(w, {"asye": 0.9}))
    2 workers have a role given no share of a caseload ('NQSW': 2): each counted at a full caseload; if a role holds part of one (a newly qualified worker's protected caseload), give its share (roles: in the study file, or --role NQSW=0.9)
    """
    if workers is None or not roles or "role" not in workers:
        return None
    known = {role_key(k) for k in roles}
    role = workers.drop_duplicates("worker_id")["role"].dropna().astype(str)
    role = role[role.str.contains(r"(?i)\bnqsw\b|newly\s*qualified|\basye\b", regex=True)]
    left = role[~role.map(role_key).isin(known)]
    if left.empty:
        return None
    counts = left.value_counts()
    named = ", ".join(f"{r!r}: {n}" for r, n in counts.head(5).items())
    more = f" and {len(counts) - 5} more" if len(counts) > 5 else ""
    n = int(counts.sum())
    return (f"{n} worker{'s have' if n != 1 else ' has'} a role given no share of a caseload "
            f"({named}{more}): each counted at a full caseload; if a role holds part of one "
            "(a newly qualified worker's protected caseload), give its share (roles: in the "
            f"study file, or --role {counts.index[0]}=0.9)")


def _case_holding(ww: pd.DataFrame, workers: pd.DataFrame | None,
                  roles: Mapping[str, float] | None, holders: Collection | None
                  ) -> tuple[pd.DataFrame, pd.Series, int]:
    """The worker-weeks of the case-holding workers (the workers :func:`fte_week_weights`
    does not leave out), each worker's share of a caseload by ``worker_id`` (1 where none
    is given), and how many workers a share of 0 left out (after the warning of
    ``holders``)."""
    given = caseload_shares(ww["worker_id"], workers, roles)
    if holders is not None:
        _warn_no_case(ww, given, workers, holders)
    share = pd.Series(given.fillna(1.0).to_numpy(float), index=ww["worker_id"].to_numpy())
    share = share.groupby(level=0, sort=False).first()
    out = share.index[share <= 0]
    if len(share) and len(out) == len(share):
        raise TimestudyError("every worker's role holds no caseload (a share of 0 in the "
                             "roles): no hours for casework can be measured; give the "
                             "case-holding roles a share over 0")
    return ww[~ww["worker_id"].isin(out)].reset_index(drop=True), share, len(out)


def _warn_no_case(ww: pd.DataFrame, given: pd.Series, workers: pd.DataFrame | None,
                  holders: Collection) -> None:
    """Warn once of the workers kept in the hours for casework who hold no case, recorded
    no case time and whose role has no share given."""
    by = ww.assign(_open=given.isna()).groupby("worker_id")
    case, unset = by["hours_case"].sum(), by["_open"].all()
    listed = pd.Index(holders if isinstance(holders, pd.Series | pd.Index) else list(holders))
    idle = case.index[(case <= 0) & unset & ~case.index.isin(listed.dropna())]
    if not len(idle):
        return
    role = (workers.drop_duplicates("worker_id").set_index("worker_id")["role"]
            .reindex(idle) if workers is not None and "role" in workers
            else pd.Series(np.nan, index=idle))
    named = ", ".join(f"{w} {r}" if isinstance(r, str) else str(w) for w, r in role.items())
    names = sorted({r for r in role if isinstance(r, str)}) or ["ROLE"]
    flags = " ".join(f"--role {r}=0" for r in names) + (
        " with a role in the workers table" if names == ["ROLE"] else "")
    keys = ", ".join(f"{r}: 0" for r in names)
    warnings.warn(
        f"{len(idle)} {'worker' if len(idle) == 1 else 'workers'} with no case in the cases "
        f"table and no case time {'counts' if len(idle) == 1 else 'count'} in the hours for "
        "casework per FTE-week: if their role "
        f"holds no caseload, give it a share of 0 ({flags}, or roles: {{{keys}}} in the study "
        f"file) to leave them out ({named})", DataQualityWarning, stacklevel=5)


def _holders_note(n: int, left_out: int, part: bool) -> str:
    """The note saying whose hours the time available is measured over.

    Examples
    --------
    >>> _holders_note(8, 2, True)
    'Measured over the 8 case-holding workers: 2 whose role holds no caseload (a share of 0) are left out (their hours still count in the task and category tables); a worker whose role holds part of a caseload counts whole here, as in every measured figure (their allowance applies to their capacity).'
    """
    text = f"Measured over the {n} case-holding workers"
    if left_out:
        text += (f": {left_out} whose role holds no caseload (a share of 0) "
                 f"{'is' if left_out == 1 else 'are'} left out (their hours still count in "
                 "the task and category tables)")
    if part:
        text += ("; a worker whose role holds part of a caseload counts whole here, as in "
                 "every measured figure (their allowance applies to their capacity)")
    return text + "."
