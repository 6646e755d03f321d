"""The report's capacity section: the caseload, each worker's load and status, staff needed.

Given only a guide it says what it would show and how to get it; given a
:class:`~timestudy.pipeline.StudyRun` and a caseload, it shows the weighted loads of
(unnamed) workers, the workers by status and the staff needed by (pooled) team, every
count of workers by the count rule (:mod:`timestudy.capacity.over_capacity`).
"""

from __future__ import annotations

import pandas as pd

from timestudy._lib.disclose import count_band
from timestudy.capacity.in_post import staff_on
from timestudy.capacity.over_capacity import (
    count_in_sentence,
    holder_counts,
    status_bands,
    workers_words,
)
from timestudy.capacity.staff import NOT_LISTED, UNALLOCATED, not_costed_by
from timestudy.guide.disclosure import team_labels
from timestudy.report.format import case_count, number, percent
from timestudy.report.headline import bounds
from timestudy.report.model import Draw, Figure, Section, Table
from timestudy.report.rows import frame_of, guide_max_caseload
from timestudy.report.tables import (
    OTHER_TEAMS,
    capacity_tables,
    caseload_day,
    counted_caseload,
    pool_small_groups,
)


def _max_caseload_blocks(s: Section, guide) -> None:
    s.add(
        "How many cases fit in the hours a worker has depends on which cases they are. "
        "The most cases one FTE can hold is the hours available per FTE-month divided by "
        "the hours per case-month of the mix (should figures)."
    )
    mc = guide_max_caseload(guide)
    if len(mc):
        s.add(Figure("max_caseload",
                     "Most cases per FTE: each case type alone and the study's case mix.",
                     Draw("max_caseload_plot", (mc,)), (6.0, 0.4 * len(mc) + 1.2)))


def _no_hours_why(loads: pd.DataFrame, no_casework_hours: bool) -> str:
    """Why the workers of no status have no hours available: the guide gives a full-time
    worker none (work not linked to a case takes every contracted hour) and they have an
    FTE, or else their own FTE or role.

    Examples
    --------
    >>> _no_hours_why(pd.DataFrame({"status": ["none"], "fte": [1.0]}), True)
    'work not linked to a case takes every contracted hour, so the guide gives a full-time worker no hours for casework'
    """
    none = (~(pd.to_numeric(loads["hours_available_per_month"], errors="coerce") > 0)
            if "hours_available_per_month" in loads else loads["status"] == "none")
    fte = pd.to_numeric(loads.loc[none, "fte"], errors="coerce")
    if no_casework_hours and len(fte) and (fte > 0).all():
        return ("work not linked to a case takes every contracted hour, so the guide gives a "
                "full-time worker no hours for casework")
    return "not in the workers table, an FTE of 0 or a role holding no caseload"


def _load_blocks(s: Section, tables: dict, where: str, bands, k: int) -> None:
    loads = tables["loads"]
    s.add(
        f"Weighted load of each worker holding {where}: the hours their cases need a month "
        "against the hours they have. The same number of cases can be a light load or an "
        "impossible one."
    )
    excluded = int(tables["excluded"]["n_cases"].iloc[0])
    have = pd.to_numeric(loads["hours_available_per_month"], errors="coerce") > 0
    unknown = int((have & loads["status"].eq("none")).sum())
    floors = int(loads["load_at_least"].notna().sum())
    if excluded:
        s.add(f"{excluded:,} case{'s are' if excluded != 1 else ' is'} of a type whose hours "
              "are not shown, so not costed: a worker holding one has no load, and a status "
              "only when their other cases alone reach amber or red (at least that band), as "
              "their workload statement says.")
    shown = status_bands(tables["status"]["workers"], k)  # counts under k in words
    none, rated = int((~have).sum()), int(have.sum())
    _capacity_figure(s, loads, shown, (unknown, floors, rated), bands, k)
    rows = [{"status": _STATUS_ROWS.get(str(i), str(i).capitalize()),
             "workers": r["workers"], "share": percent(r["share"])}
            for i, r in shown.iterrows()]
    s.add(Table(
        "Workers by status", frame_of(rows),
        f"Red at {percent(bands[2])} of hours available or more, amber {percent(bands[1])} to "
        f"{percent(bands[2])}, green {percent(bands[0])} to {percent(bands[1])}, blue under "
        f"{percent(bands[0])}."
        + (f" A count of fewer than {k} workers, or leaving fewer, is in words and its share "
           "not shown." if not shown["shown"].all() else "")
        + (f" Red and amber count {workers_words(floors, rated, k)} whose costed "
           "cases alone reach the band (at least that band: the others are not costed)."
           if floors else "")
        + (f" Not in this table: {workers_words(none, len(loads), k)} holding cases with no "
           f"hours available ({_no_hours_why(loads, tables.get('no_casework_hours', False))}), "
           "so no load or status."
           if none else ""),
    ))


#: The row of the table of workers by status for workers whose cases are not all costed.
_STATUS_ROWS = {"none": "No status (cases not costed)"}


def _capacity_figure(s: Section, loads: pd.DataFrame, shown: pd.DataFrame,
                     counts: tuple[int, int, int], bands, k: int) -> None:
    """The chart of each worker's load: a dot is a worker and its height its band, so the
    bands whose count the status table ``shown`` withholds are not drawn, nor the loads of
    at least a band (triangles) when their number is in words. ``counts``: the workers with
    no load (not drawn), those with such a floor, and those with hours available."""
    unknown, floors, rated = counts
    drawn = "" if not unknown else (
        f" Not drawn: {workers_words(unknown, len(loads), k)} holding cases not costed whose other "
        "cases stay under amber (no load).")
    # a dot is a worker and its band its height: the bands whose count the table does not
    # give as a number are not drawn, so the picture gives back no withheld count
    hidden = [str(b) for b in shown.index[~shown["shown"].to_numpy(bool)] if str(b) != "none"]
    if hidden:
        bands_hidden = " and ".join([", ".join(hidden[:-1]), hidden[-1]] if len(hidden) > 1
                                    else hidden)
        drawn += (f" Not drawn, as the table below withholds their number: the workers "
                  f"{bands_hidden} ({'a band' if len(hidden) == 1 else 'bands'} of "
                  f"fewer than {k} workers, or leaving fewer).")
    keep = ~loads["status"].astype(str).isin(hidden)
    triangles = bool(floors) and count_band(floors, rated, k) == (floors, floors)
    if floors and not triangles:  # each triangle is one of them: their number in words
        keep &= loads["load_at_least"].isna()
        drawn += (" Not drawn, as their number is not shown: the workers whose costed cases "
                  "alone reach a band (cases not costed).")
    s.add(Figure(
        "capacity",
        "Weighted load against cases held per FTE (every case held, costed or not); each "
        "dot is a worker (unnamed), coloured by status; dashed lines are the band edges"
        + ("; a triangle is a load of at least that (cases not costed)." if triangles else ".")
        + drawn,
        Draw("capacity_plot", (loads[keep],), {"bands": bands}),
        (6.5, 4.2),
    ))


def published_teams(names, meta, workers=None) -> dict:
    """Each team's name as published: an allowed name, ``Team A``..., or the pooled group.

    Letters follow every team of the workers table (when given), so a team has the same
    letter in every table of the report.
    """
    if workers is not None and "team" in workers:
        names = [*names, *workers["team"].dropna().astype(str).unique()]
    labels = team_labels([t for t in names if t not in _NOT_TEAMS],
                         meta.get("published_team_names", ()))
    return labels | {"total": "all teams (total)", UNALLOCATED: "cases with no worker",
                     NOT_LISTED: "cases of workers not in the workers table"}


#: Rows of a team table that are not a team: pooled, unknown, everything, the total, and
#: the cases no worker holds.
_NOT_TEAMS = (OTHER_TEAMS, "(no team)", "(none)", "all teams", "total", UNALLOCATED, NOT_LISTED)


def not_costed_by_row(guide, caseload: pd.DataFrame, workers: pd.DataFrame | None,
                      k: int) -> pd.Series:
    """The cases not costed in each row of the table of staff needed by team and its total
    (:func:`~timestudy.capacity.staff.not_costed_by`), teams pooled as
    :func:`~timestudy.report.tables.capacity_tables` pools them; empty without teams."""
    if workers is None or "team" not in workers:
        return pd.Series(dtype=int)
    w = workers.copy()
    w["team"] = w["team"].astype("string").fillna("(no team)")
    sizes = w.groupby("team")["worker_id"].nunique()
    w["team"] = w["team"].map(pool_small_groups(sizes, k)).fillna(OTHER_TEAMS)
    return not_costed_by(guide, caseload, w, by="team")


def _staffing_block(s: Section, staffing, k: int, meta, workers=None, unlisted=None,
                    lost: pd.Series | None = None) -> None:
    names = published_teams([str(i) for i in staffing.index], meta, workers)
    lost = pd.Series(dtype=int) if lost is None else lost
    rows = []
    for i, r in staffing.iterrows():  # a row holding cases not costed: at least, at most
        least, most = bounds({"cases_left_out": int(lost.get(i, 0))})
        need, gap = number(r["fte_needed"], 1), number(r.get("gap_fte"), 1)
        rows.append({
            "team": names.get(str(i), str(i)),
            "cases": case_count(r["n_cases"]),
            "hours needed a month": number(r["hours_needed_per_month"], 0),
            "FTE needed": f"{least}{need}" if pd.notna(r["fte_needed"]) else need,
            "FTE in post": number(r.get("fte_in_post"), 1),
            "gap (FTE)": f"{most}{gap}" if pd.notna(r.get("gap_fte")) else gap,
        })
    n_lost = int(lost.get("total", 0))
    s.add(Table("Staff needed by team", frame_of(rows),
                f"Teams with fewer than {k} workers holding cases are pooled; FTE in post counts "
                "role allowances; a negative gap is a shortfall."
                + (f" Cases counts the {case_count(staffing.loc['total', 'n_cases'])} costed; "
                   f"{n_lost:,} case{'s are' if n_lost != 1 else ' is'} not costed (a type "
                   "whose hours are not shown), so where a row holds one its FTE needed is at "
                   "least the figure shown and its gap at most (their hours are needed too)."
                   if n_lost and "total" in staffing.index else "")))
    n = float(unlisted["n_cases"].iloc[0]) if unlisted is not None and len(unlisted) else 0
    if n:  # (a co-worked case's share on an unlisted co-worker: 0.5)
        who = int(unlisted["n_workers"].iloc[0])
        costed = float(unlisted["n_costed"].iloc[0]) if "n_costed" in unlisted else n
        part = ("" if costed == n else f" (the {case_count(costed)} of a case type with "
                "published hours; the others are not costed)")
        c = holder_counts(0, who, 0, k)  # under min_workers: in words, as the headline
        s.add(f"{case_count(n)} case{'s are' if n != 1 else ' is'} held by "
              f"{count_in_sentence(c['unlisted_workers'], c['unlisted_workers_words'])} "
              "not in the workers table: "
              f"{'their' if n != 1 else 'its'} hours count in the staff needed, in a row of "
              f"their own{part}, but no FTE in post, load or status is counted for the holder"
              f"{'s' if who != 1 else ''}. `timestudy guide` names them (not here: the report "
              "is published); add them to the workers table with their FTE.")


def capacity_section(guide, run, caseload, workers, bands) -> Section:
    """Capacity against caseload: most cases per FTE, weighted loads, staffing."""
    k = int(guide.meta.get("min_workers", 5))
    s = Section("capacity", "Capacity and caseload")
    _max_caseload_blocks(s, guide)
    if caseload is not None or run is not None:  # the cases open on the guide's day count
        if caseload is None:
            workers = run.workers if workers is None else workers
        on, why = caseload_day(guide)
        caseload, where = counted_caseload(caseload, None if run is None else run.cases, on, why)
        caseload, workers = staff_on(caseload, workers, on)  # one who left holds none
    if caseload is None:
        s.add("Weighted loads need a caseload: use `timestudy workload` with a caseload file, "
              "or run `timestudy guide` on the study's data.")
        return s
    tables = capacity_tables(guide, caseload, workers, min_workers=k, bands=bands)
    if tables is None:
        s.add(f"Weighted loads are not shown: the guide publishes no time available, or "
              f"fewer than {k} workers hold cases.")
        return s
    _load_blocks(s, tables, where, bands, k)
    if "staffing" in tables:
        _staffing_block(s, tables["staffing"], k, guide.meta, workers, tables.get("unlisted"),
                        not_costed_by_row(guide, caseload, workers, k))
    return s
