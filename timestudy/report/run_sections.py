"""Report sections that need the study's data: time use, capacity, data quality.

Given only a guide, they say what they would show and how to get it; given a
:class:`~timestudy.pipeline.StudyRun`, they show distributions across
(unnamed) workers, pooled teams and the whole study, never a group smaller than
the guide's disclosure threshold.
"""

from __future__ import annotations

import json

import pandas as pd

from timestudy._lib.disclose import count_band
from timestudy.capacity.in_post import staff_on
from timestudy.capacity.over_capacity import status_bands, workers_words
from timestudy.capacity.staff import NOT_LISTED, UNALLOCATED, not_costed_by
from timestudy.guide.disclosure import team_labels, too_few
from timestudy.guide.totals import withhold_shares
from timestudy.report.day_profile import time_of_day_blocks
from timestudy.report.format import number, percent
from timestudy.report.headline import bounds
from timestudy.report.labels import category_label, humanise, with_category_labels
from timestudy.report.model import Draw, Figure, Section, Table
from timestudy.report.rows import frame_of, guide_max_caseload, not_shown_note, share_rows
from timestudy.report.tables import (
    OTHER_TEAMS,
    capacity_tables,
    caseload_day,
    counted_caseload,
    pool_small_groups,
    published_categories,
    team_category_shares,
    work_categories,
    worker_category_hours,
)


def _shares_blocks(s: Section, guide) -> None:
    start, end = guide.meta.get("working_hours") or ("08:00", "18:00")
    s.add(
        "The share of worked time in each category (out of hours is time worked before "
        f"{start}, after {end} or at weekends, whatever the category)."
    )
    s.add(Table("Share of time worked by category", frame_of(share_rows(guide)),
                not_shown_note(guide, "category_shares", guide.category_shares.index,
                               lambda k: category_label(k, guide.meta))))
    shares = guide.category_shares
    if shares["share"].notna().any():
        s.add(Figure(
            "category_shares",
            "Share of time worked by category, with intervals.",
            Draw("category_shares_plot", (with_category_labels(shares, guide.meta, None),)),
            (6.0, 0.45 * len(shares) + 1.2),
        ))


def _worker_blocks(s: Section, guide, run, cats, k: int) -> None:
    per_worker = worker_category_hours(run.models.worker_week, cats, min_workers=k)
    if per_worker is None or not cats:
        return
    s.add("Workers differ. Each dot below is one worker (unnamed): their hours per "
          "FTE-week in each category over the diary period.")
    s.add(Figure(
        "worker_hours",
        "Hours per FTE-week by category across workers; each dot "
        "is a worker, the box holds the middle half of workers.",
        Draw("worker_hours_plot", (with_category_labels(per_worker, guide.meta),)),
        (6.5, 0.5 * len(cats) + 1.4),
    ))


def _team_blocks(s: Section, guide, run, cats, k: int) -> None:
    teams = team_category_shares(run.models.worker_week, run.workers, cats, min_workers=k)
    cats = published_categories(guide)  # a team's share of a withheld one gives it back
    if teams is None or not cats:
        return
    teams = teams.loc[teams["category"].isin(cats)]
    names = _published_teams(teams["team"].unique(), guide.meta, run.workers)
    teams = teams.assign(team=teams["team"].map(lambda t: names.get(t, t)))
    wide = teams.pivot_table(
        index=["team", "n_workers"], columns="category", values="share", sort=False
    ).reset_index()
    rows = [
        {"team": r["team"], "workers": number(r["n_workers"], 0),
         **{category_label(c, guide.meta): percent(r[c]) for c in cats if c in r}}
        for _, r in wide.iterrows()
    ]
    s.add(Table("Share of time worked by team", frame_of(rows),
                f"Teams with fewer than {k} workers are pooled."))
    s.add(Figure(
        "team_shares",
        f"Share of each team's worked time by category (teams with fewer than {k} workers "
        "pooled).",
        Draw("team_shares_plot", (with_category_labels(teams, guide.meta),)),
        (6.5, 0.45 * teams["team"].nunique() + 1.8),
    ))


def time_use_section(guide, run) -> Section:
    """Where the time goes: shares by category, per worker, per team and by time of day."""
    k = int(guide.meta.get("min_workers", 5))
    s = Section("time-use", "Where the time goes")
    _shares_blocks(s, guide)
    if run is None:
        s.add(
            "Distributions across workers and teams, and the time-of-day profile, need the "
            "study's data: run `timestudy guide` on the diary to add them."
        )
        return s
    cats = work_categories(guide)
    _worker_blocks(s, guide, run, published_categories(guide), k)
    _team_blocks(s, guide, run, cats, k)
    if run.models.worker_week["worker_id"].nunique() >= k:
        table = (category_withheld(run) if "share_minutes" in run.coverage.by_category
                 else pd.Series(dtype=bool))
        time_of_day_blocks(s, guide, run, table)
    return s


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


def _published_teams(names, meta, workers=None) -> dict:
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
    names = _published_teams([str(i) for i in staffing.index], meta, workers)
    lost = pd.Series(dtype=int) if lost is None else lost
    rows = []
    for i, r in staffing.iterrows():  # a row holding cases not costed: at least, at most
        least, most = bounds({"cases_left_out": int(lost.get(i, 0))})
        need, gap = number(r["fte_needed"], 1), number(r.get("gap_fte"), 1)
        rows.append({
            "team": names.get(str(i), str(i)),
            "cases": number(r["n_cases"], 0),
            "hours needed a month": number(r["hours_needed_per_month"], 0),
            "FTE needed": f"{least}{need}" if pd.notna(r["fte_needed"]) else need,
            "FTE in post": number(r.get("fte_in_post"), 1),
            "gap (FTE)": f"{most}{gap}" if pd.notna(r.get("gap_fte")) else gap,
        })
    n_lost = int(lost.get("total", 0))
    s.add(Table("Staff needed by team", frame_of(rows),
                f"Teams with fewer than {k} workers holding cases are pooled; FTE in post counts "
                "role allowances; a negative gap is a shortfall."
                + (f" Cases counts the {int(staffing.loc['total', 'n_cases']):,} costed; "
                   f"{n_lost:,} case{'s are' if n_lost != 1 else ' is'} not costed (a type "
                   "whose hours are not shown), so where a row holds one its FTE needed is at "
                   "least the figure shown and its gap at most (their hours are needed too)."
                   if n_lost and "total" in staffing.index else "")))
    n = int(unlisted["n_cases"].iloc[0]) if unlisted is not None and len(unlisted) else 0
    if n:
        who = int(unlisted["n_workers"].iloc[0])
        costed = int(unlisted["n_costed"].iloc[0]) if "n_costed" in unlisted else n
        part = ("" if costed == n else
                f" (the {costed:,} of a case type with published hours; the others are not costed)")
        s.add(f"{n:,} case{'s are' if n != 1 else ' is'} held by {who:,} worker"
              f"{'s' if who != 1 else ''} not in the workers table: "
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


def quality_section(run) -> Section:
    """Data quality: what happened to the diary rows and how much time was categorised."""
    r = run.ingest.report
    cov = run.coverage
    s = Section("data-quality", "Data quality")
    s.add(
        "Every diary row was checked. Rejected rows (times that cannot be read, an end "
        "before the start, a worker id not in the workers table...) are left out of every "
        "figure; exact duplicates are counted once. A worker id that differs from exactly "
        "one id of the workers table only in case or spaces (a small letter for a capital, "
        "a space around or inside it) is that worker: its rows take the table's spelling, "
        "and a row that then repeats another row of that worker exactly is a duplicate, "
        "counted once. A worker id the table still lacks has no FTE and no contracted "
        "hours, so its rows are rejected (the run's warnings name each id, its rows and "
        "hours). Rows are listed, with their line numbers, by `timestudy validate` (kept "
        "with the diary, not published; it flags a worker id the workers table lacks, and "
        "the guide rejects it)."
    )
    few = bool(too_few(run.episodes["worker_id"].nunique(),
                       int(run.guide.meta.get("min_workers", 5))))
    rows = [
        ("rows read", number(r.n_read, 0)),
        ("accepted", number(r.n_accepted, 0)),
        ("rejected", number(r.n_rejected, 0)),
        ("exact duplicates", number(r.n_duplicates, 0)),
        *_folded_rows(r),
        ("share of entries categorised",
         "suppressed" if few else percent(cov.share_episodes_categorised, 1)),
        ("share of time categorised",
         "suppressed" if few or _time_categorised_withheld(run)
         else percent(cov.share_minutes_categorised, 1)),
    ]
    s.add(Table("Diary rows", frame_of([{"measure": m, "value": v} for m, v in rows])))
    if r.rejected_by_reason:
        s.add(
            Table(
                "Rejected rows by reason",
                frame_of(
                    [
                        {"reason": humanise(k), "rows": number(v, 0)}
                        for k, v in r.rejected_by_reason.items()
                    ]
                ),
                "A row can fail for more than one reason.",
            )
        )
    if r.warnings_by_code:
        s.add(
            Table(
                "Accepted entries flagged for checking",
                frame_of(
                    [
                        {"flag": humanise(k), "entries": number(v, 0)}
                        for k, v in r.warnings_by_code.items()
                    ]
                ),
            )
        )
    _category_block(s, run)
    return s


def _folded_rows(report) -> list[tuple[str, str]]:
    """The data-quality rows on worker ids respelt as the workers table's (none: no row)."""
    folded = report.details.get("worker_ids", {}).get("folded", ())
    if not folded:
        return []
    return [("worker id spellings taken as the workers table's", number(len(folded), 0)),
            ("rows they hold", number(sum(f["rows"] for f in folded), 0))]


def category_withheld(run) -> pd.Series:
    """Which shares of the diary time by category (as categorised) are withheld: a share
    from too few workers, one the guide withholds (of the diary time, it gives the share of
    the time worked back) and what would give either back (:func:`withhold_shares`).
    ``uncategorised`` withheld takes the share of time categorised (1 less it) with it.
    The shares are of unweighted diary minutes: the head count is the whole rule."""
    by = run.coverage.by_category
    k = int(run.guide.meta.get("min_workers", 5))
    ep = run.episodes
    n = (ep.groupby("category")["worker_id"].nunique() if "category" in ep
         else pd.Series(dtype=int)).reindex(by.index).fillna(0)
    if too_few(ep["worker_id"].nunique(), k):
        n[:] = 0
    shares = run.guide.category_shares["share"]
    return withhold_shares(by["share_minutes"], n, k,
                           withheld=shares.index[shares.isna()].drop("out_of_hours",
                                                                     errors="ignore"))


def _category_block(s: Section, run) -> None:
    """Time by category as categorised, withheld by the guide's rule (:func:`category_withheld`)."""
    by = run.coverage.by_category
    if "share_minutes" not in by:
        return
    k = int(run.guide.meta.get("min_workers", 5))
    hide = category_withheld(run)
    rows = [{"category": category_label(c, run.guide.meta),
             "share of diary time": "suppressed" if hide[c] else percent(v, 1)}
            for c, v in by["share_minutes"].items()]
    note = (f"Shares from fewer than {k} workers are suppressed, with those the guide "
            "withholds and those that would give either back." if hide.any() else None)
    s.add(Table("Time by category (as categorised)", frame_of(rows), note))


def _time_categorised_withheld(run) -> bool:
    """The share of time categorised is 1 less the uncategorised share: withheld with it."""
    if "share_minutes" not in run.coverage.by_category:
        return False
    return bool(category_withheld(run).get("uncategorised", False))


#: Where the completeness by worker is, in the published outputs that cannot show it.
BY_WORKER_NOTE = ("Diary completeness by worker names workers, so it is not published: "
                  "`timestudy guide ... --internal DIR` writes it to DIR/completeness.html "
                  "(with the same table as JSON and CSV), to keep with the diary.")


def quality_summary(run) -> dict:
    """The data-quality summary as plain JSON-ready values (counts and shares, no rows).

    Diary completeness is the guide's: by week (a week from too few workers withheld)
    and by worker as a distribution; the table by worker is internal
    (:func:`timestudy.report.write_internal`). ``minutes`` is ingest's account of minutes
    (read = accepted + rejected + duplicates; accepted = counted + under other entries:
    :func:`timestudy.ingest.accounting.with_counted`), its totals only (no lines).
    """
    r = run.ingest.report
    account = r.details.get("minutes")
    cov = run.coverage
    few = bool(too_few(run.episodes["worker_id"].nunique(),
                       int(run.guide.meta.get("min_workers", 5))))
    return {
        "format": r.format,
        "layout": r.layout,
        "n_read": r.n_read,
        "n_accepted": r.n_accepted,
        "n_rejected": r.n_rejected,
        "n_duplicates": r.n_duplicates,
        "rejected_by_reason": dict(r.rejected_by_reason),
        "flagged_by_code": dict(r.warnings_by_code),
        "minutes": None if account is None
        else {k: v for k, v in account.items() if not isinstance(v, list | tuple)},
        "taxonomy": cov.taxonomy,
        "share_episodes_categorised": None if few else float(cov.share_episodes_categorised),
        "share_minutes_categorised": None if few or _time_categorised_withheld(run)
        else float(cov.share_minutes_categorised),
        "completeness": run.guide.meta.get("completeness"),
        "completeness_by_week": json.loads(
            run.guide.completeness.rename(index=lambda d: f"{pd.Timestamp(d):%Y-%m-%d}")
            .rename_axis("week_start").reset_index().to_json(orient="records"))
        if len(run.guide.completeness) else [],
        "completeness_by_worker": BY_WORKER_NOTE,
    }
