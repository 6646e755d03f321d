"""Report sections that need the study's data: time use and data quality (capacity:
:mod:`timestudy.report.capacity_section`).

Given only a guide, they say what they would show and how to get it; given a
:class:`~timestudy.pipeline.StudyRun`, they show distributions across
(unnamed) workers, pooled teams and the whole study, never a group smaller than
the guide's disclosure threshold.
"""

from __future__ import annotations

import json

import pandas as pd

from timestudy.guide.disclosure import too_few
from timestudy.guide.totals import withhold_shares
from timestudy.report.capacity_section import published_teams
from timestudy.report.day_profile import time_of_day_blocks
from timestudy.report.format import number, percent
from timestudy.report.labels import category_label, humanise, plain_reason, with_category_labels
from timestudy.report.model import Draw, Figure, Section, Table
from timestudy.report.rows import frame_of, holders_words, not_shown_note, share_rows
from timestudy.report.tables import (
    published_categories,
    team_category_shares,
    work_categories,
    worker_category_hours,
)


def _shares_blocks(s: Section, guide) -> None:
    start, end = guide.meta.get("working_hours") or ("08:00", "18:00")
    s.add(
        "The share of worked time in each category (out of hours is time worked before "
        f"{start}, after {end}, at weekends or on a bank holiday not worked as a working "
        "day, whatever the category; a weekend day a worker is contracted to work counts "
        "as a working day)." + holders_words(guide, "above")
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
    shares = guide.category_shares["share"]
    teams = team_category_shares(run.models.worker_week, run.workers, cats, min_workers=k,
                                 withheld=[c for c in cats if not pd.notna(shares.get(c))])
    cats = published_categories(guide)  # a team's share of a withheld one gives it back
    if teams is None or not cats:
        return
    teams = teams.loc[teams["category"].isin(cats)]
    names = published_teams(teams["team"].unique(), guide.meta, run.workers)
    teams = teams.assign(team=teams["team"].map(lambda t: names.get(t, t)))
    # a share from too few of the team's workers (or one that gives it back) is not shown,
    # as the guide does not show a category's share from too few workers
    cell = teams["share"].map(percent).where(teams["reason"] == "", "not shown")
    wide = teams.assign(cell=cell).pivot_table(
        index=["team", "n_workers"], columns="category", values="cell", aggfunc="first",
        sort=False).reset_index()
    rows = [
        {"team": r["team"], "workers": number(r["n_workers"], 0),
         **{category_label(c, guide.meta): r[c] for c in cats if c in r}}
        for _, r in wide.iterrows()
    ]
    gone = teams.loc[teams["reason"] != ""]
    why = "; ".join(f"{r['team']} {category_label(r['category'], guide.meta)} "
                    f"({plain_reason(r['reason'], 'category_shares')})"
                    for _, r in gone.iterrows())
    s.add(Table("Share of time worked by team", frame_of(rows),
                f"Teams with fewer than {k} workers are pooled."
                + (f" Not shown: {why}." if why else "")))
    drawn = teams.loc[teams["reason"] == ""]
    s.add(Figure(
        "team_shares",
        f"Share of each team's worked time by category (teams with fewer than {k} workers "
        "pooled" + ("; a share not shown in the table is not drawn)." if why else ")."),
        Draw("team_shares_plot", (with_category_labels(drawn, guide.meta),)),
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
