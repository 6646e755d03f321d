"""Staff needed for a caseload against staff in post (FTE gap and the WISN ratio)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.capacity.holders import co_held
from timestudy.capacity.loads import role_shares, sum_or_nan, unallocated_note
from timestudy.capacity.need import (
    available_month,
    case_hours,
    check_fte,
    check_on_suppressed,
    no_holder,
    not_listed,
    unlisted_note,
    with_uncosted_types,
)
from timestudy.guide import TimeGuide
from timestudy.results import TableResult

UNALLOCATED = "(unallocated)"  # the staffing row of the cases with no holder
NOT_LISTED = "(holder not listed)"  # the row of the cases of holders not in the workers table


def staffing(guide: TimeGuide, caseload: pd.DataFrame, workers: pd.DataFrame | None = None, *,
             by: str = "team", should: bool = True, use_multipliers: bool = False,
             on_suppressed: str = "raise", roles=None) -> TableResult:
    """Staff needed for a caseload against staff in post, by team (or overall).

    FTE needed = hours the cases need per month / hours available per FTE-month;
    gap = FTE in post - FTE needed (negative: short of staff); ratio = in post /
    needed (as in WHO WISN: under 1 means pressure). FTE in post counts each worker's
    FTE times their role's share of a full caseload (``roles``, by default the guide's
    role allowances: an ASYE at 0.9 counts 0.9 of their FTE). Every team of ``workers``
    has a row, with no cases if it holds none, so that the total FTE in post is
    the workers table's. Suppressed case types raise unless
    ``on_suppressed="nan"`` (then the team's need is NaN). A case with no holder (a
    blank ``worker_id``) needs time too: it counts in its own row, ``(unallocated)``,
    when its team comes from its holder (a ``by`` column of the caseload keeps it in
    its team), and a note says how many there are. A case whose holder the workers
    table does not list counts the same way, in its own row ``(holder not listed)``
    (not a team's, nor ``(none)``): its hours are needed, its holder's FTE is unknown
    and not in post, and a note says how many cases and names the holders; a blank
    ``fte`` is an error.

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        One row per case open now: ``worker_id`` (blank: no holder), ``case_type``
        (and the complexity columns when ``use_multipliers``).
    workers : DataFrame, optional
        ``worker_id``, ``fte``, ``role`` and the ``by`` column; without it, only
        the need is shown.
    by : str
        Column that groups the rows (a ``total`` row is added).
    should : bool
        Use the guide's "should" hours (default) or what was measured.
    use_multipliers : bool
        Adjust each case's hours by the complexity multipliers.
    on_suppressed : {"raise", "nan"}
        What a case of a suppressed type does (see :func:`weighted_load`).
    roles : mapping, optional
        Role allowances (see :func:`role_shares`).

    Returns
    -------
    TableResult
        Indexed by ``by`` (then ``total``): ``n_cases``, ``hours_needed_per_month``,
        ``fte_needed``, ``fte_in_post``, ``gap_fte``, ``ratio``.

    Examples
    --------
    >>> from timestudy import run_study, simulate_study, staffing
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> guide = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
    >>> t = staffing(guide, s.cases, s.workers).table
    >>> t.columns.tolist()
    ['n_cases', 'hours_needed_per_month', 'fte_needed', 'fte_in_post', 'gap_fte', 'ratio']
    >>> int(t.loc["total", "n_cases"]) == len(s.cases)
    True

    Cases held by a worker the workers table does not list are a row of their own,
    and a note names the holder:

    >>> c = s.cases.astype({"worker_id": "string"})
    >>> c.loc[c.index[:2], "worker_id"] = "W999"
    >>> r = staffing(guide, c, s.workers)
    >>> int(r.table.loc["(holder not listed)", "n_cases"]), r.notes[-1][:56]
    (2, '2 cases held by 1 worker not in the workers table (W999)')
    """
    check_on_suppressed(on_suppressed)
    check_fte(workers)
    hours = case_hours(guide, caseload, should=should, use_multipliers=use_multipliers,
                       on_suppressed=on_suppressed)
    month = available_month(guide, should, on_suppressed)
    per = month if month > 0 else np.nan  # no hours for casework: no FTE figure, not infinite
    frame = caseload.assign(_h=hours.to_numpy())
    if "worker_id" in frame:  # a co-worked case: a share of it on each holder's team
        frame = co_held(frame, share="_s")
    free = (no_holder(frame) if "worker_id" in frame
            else np.zeros(len(frame), dtype=bool))
    from_holder = workers is not None and by in workers and by not in frame
    if from_holder:
        frame[by] = frame["worker_id"].map(workers.set_index("worker_id")[by])
    key = frame[by].fillna("(none)") if by in frame else pd.Series("all", index=frame.index)
    if from_holder and free.any():
        key = key.astype(object).where(~free, UNALLOCATED)
    off = not_listed(frame, workers) if "worker_id" in frame else free & False
    if from_holder and off.any():  # no team known: not "(none)", a row of its own
        key = key.astype(object).where(~off, NOT_LISTED)
    needed = sum_or_nan(frame.assign(_key=key), "_key", "_h")
    table = pd.DataFrame({"n_cases": _counted(frame, key),
                          "hours_needed_per_month": needed})
    if workers is not None:
        wk = workers[by].fillna("(none)") if by in workers else pd.Series("all", workers.index)
        share = role_shares(guide, workers, roles).to_numpy()
        in_post = (workers["fte"].astype(float) * share).groupby(wk).sum()
        table = table.reindex(table.index.union(in_post.index, sort=False))
        table["n_cases"] = _whole(table["n_cases"].fillna(0))
        table["hours_needed_per_month"] = table["hours_needed_per_month"].where(
            table.index.isin(needed.index), 0.0)
        table["fte_needed"] = table["hours_needed_per_month"] / per
        table["fte_in_post"] = in_post.reindex(table.index).fillna(0).astype(float)
        table["gap_fte"] = table["fte_in_post"] - table["fte_needed"]
        with np.errstate(divide="ignore", invalid="ignore"):
            table["ratio"] = (table["fte_in_post"] / table["fte_needed"]).where(
                table["fte_needed"] > 0)
    else:
        table["fte_needed"] = table["hours_needed_per_month"] / per
    table.index.name = by if by in frame else "group"
    total = table.sum(numeric_only=True, min_count=1)
    for col in ("hours_needed_per_month", "fte_needed", "gap_fte"):
        if col in table and table[col].isna().any():
            total[col] = np.nan
    if "ratio" in table:
        total["ratio"] = (total["fte_in_post"] / total["fte_needed"]
                          if total["fte_needed"] > 0 else np.nan)
    table.loc["total"] = total
    notes = (f"FTE needed = hours needed / {fixed(month, 1)} hours "
             "available per FTE-month; gap = in post - needed (negative: short of staff).",)
    if workers is not None:
        notes += ("Every team of the workers table is shown, with no cases if it holds none; "
                  "ratio = in post / needed (blank when nothing is needed).",)
    if free.any():
        lost = hours[free]
        notes += (unallocated_note(int(free.sum()), float(lost.sum()) if lost.notna().all()
                                   else np.nan, month),)
    if month <= 0:
        notes += ("Non-case work takes every contracted hour: no hours are left for casework "
                  "at contracted hours, so no FTE needed, gap or ratio can be given.",)
    if "_s" in frame and frame["_s"].lt(1).any():
        notes += (f"{int(frame['_s'].lt(1).sum()):,} rows hold a share of a co-worked case: "
                  "it counts on each holder's row with an equal share of the case and its "
                  "hours (two holders: half each), so the total counts it once.",)
    off = unlisted_note(caseload, workers) if "worker_id" in caseload else ""
    return TableResult(table, "Staffing need", notes + ((off,) if off else ()))


def _counted(frame: pd.DataFrame, key: pd.Series) -> pd.Series:
    """Cases by row: each holder's share of a co-worked case (``_s``, 1/k), so it counts
    once over the rows; ints when every count is whole."""
    n = (frame["_s"] if "_s" in frame else pd.Series(1.0, index=frame.index)).groupby(
        key.to_numpy()).sum()
    return _whole(n.rename_axis(None))


def _whole(n: pd.Series) -> pd.Series:
    """Counts of cases as ints when whole (no co-worked case split over rows), else 2 dp."""
    whole = (n - n.round()).abs().lt(1e-9).all()
    return n.round().astype(int) if whole else n.astype(float).round(2)


def not_costed_by(guide: TimeGuide, caseload: pd.DataFrame, workers: pd.DataFrame | None,
                  by: str = "team") -> pd.Series:
    """The cases not costed in each row of :func:`staffing` (and its ``total``): where a row
    holds one, its FTE needed is at least the figure shown and its gap at most.

    A case is not costed when its type has no published hours (suppressed, or no row in
    the guide) or it has no type; it falls in the row :func:`staffing` would put it in (its
    holder's team, ``(unallocated)``, ``(holder not listed)``).

    Parameters
    ----------
    guide : TimeGuide
    caseload : DataFrame
        Cases open, with ``worker_id`` and ``case_type``.
    workers : DataFrame or None
        The workers table, with the ``by`` column (teams as the staffing table groups them).
    by : str
        The column grouping the rows.

    Returns
    -------
    Series
        Cases not costed by row (rows with none left out), empty when every case is costed.

    Examples
    --------
    >>> from timestudy.examples import example_run
    >>> run = example_run()
    >>> c = pd.DataFrame({"worker_id": ["W001", "W001"], "case_type": ["CIN", "NEW"]})
    >>> not_costed_by(run.guide, c, run.workers).to_dict()
    {'South': 1, 'total': 1}
    """
    hours = guide.hours_per_case_month(True)
    off = ~caseload["case_type"].astype(str).isin(hours.index[hours.notna()]).to_numpy()
    if not off.any():
        return pd.Series(dtype=int)
    lost = caseload.loc[off]
    table = staffing(with_uncosted_types(guide, lost), lost, workers, by=by,
                     on_suppressed="nan").table
    n = table["n_cases"]  # a co-worked case's share on each holder's team (staffing)
    return n[n > 0]
