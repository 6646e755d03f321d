"""Diary completeness by worker: the internal table of whose diaries to chase.

The table names workers, so it is never part of the published outputs (the guide,
the report, ``data_quality.json``, which show completeness by week and as a
distribution over unnamed workers). :func:`write_internal` writes it to a folder of
its own, kept with the diary like the pages of ``timestudy validate``
(``timestudy guide --internal DIR``).

Every count comes from the panels' classification of each worker-day
(:func:`~timestudy.panels.diary_completeness`, as used by the models of the run),
grouped by :func:`~timestudy.panels.completeness_by` and
:func:`~timestudy.panels.observed_share`: there is no second rule here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from timestudy._lib.html import frame_view, render
from timestudy.exports import write_csv
from timestudy.panels.completeness import STATUSES
from timestudy.panels.observed_days import completeness_by, observed_share

#: Columns of :func:`completeness_by_worker`, in order.
BY_WORKER_COLUMNS = [
    "contracted_days",
    "complete",
    "short",
    "partial",
    "missing",
    "absent",
    "holiday",
    "extra",
    "share_complete",
    "observed_share",
    "hours_recorded",
    "usual_hours",
]
NAMES = ("completeness.html", "completeness.json", "completeness_by_worker.csv")


def completeness_by_worker(days: pd.DataFrame) -> pd.DataFrame:
    """One row per worker: the days of their diary window by status, and the hours recorded.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output (a study run's
        ``models.days``).

    Returns
    -------
    DataFrame
        Indexed by ``worker_id``, lowest ``observed_share`` first (the diaries to
        chase first): ``contracted_days`` (contracted days in the diary window),
        a count of days per status (``complete``, ``partial``, ``missing``,
        ``absent``, ``holiday``, ``extra``), ``short`` (of the complete days, those worked
        short: counted whole), ``share_complete`` (complete over complete,
        partial and missing), ``observed_share`` (the share of full working days
        used, which scales hours and exposure), ``hours_recorded`` (hours of work
        over the window) and ``usual_hours`` (the worker's usual day: the median of
        their contracted days' usual hours, each the usual hours of its weekday).

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.report import completeness_by_worker
    >>> ep = pd.DataFrame({"worker_id": ["W1"] * 3 + ["W2"] * 2, "task_type": "visit",
    ...     "category": "direct", "start": pd.to_datetime(["2026-03-02 09", "2026-03-03 09",
    ...     "2026-03-05 09", "2026-03-02 09", "2026-03-03 09"]),
    ...     "duration_min": [480, 120, 470, 450, 450]})
    >>> from timestudy.panels import diary_completeness
    >>> t = completeness_by_worker(diary_completeness(ep))
    >>> t[["contracted_days", "complete", "partial", "missing", "observed_share"]].reset_index(
    ...     ).values.tolist()
    [['W1', 4, 2, 1, 1, 0.5], ['W2', 2, 2, 0, 0, 1.0]]
    """
    by = completeness_by(days, "worker_id")
    g = days.groupby("worker_id")
    short = by["short"] if "short" in by else pd.Series(0, index=by.index)
    out = pd.DataFrame(
        {
            "contracted_days": g["contracted"].sum().astype(int),
            "complete": by["complete"].astype(int),
            "short": short.astype(int),
            **{k: by[k].astype(int) for k in STATUSES if k != "complete"},
            "share_complete": by["share_complete"],
            "observed_share": observed_share(days),
            "hours_recorded": g["hours_worked"].sum(),
            "usual_hours": _usual(days),
        }
    ).reindex(columns=BY_WORKER_COLUMNS)
    out.index = out.index.astype("string").rename("worker_id")
    return out.sort_values(["observed_share", "share_complete"], kind="stable")


def _usual(days: pd.DataFrame) -> pd.Series:
    """Each worker's usual day: the median usual hours of their contracted days (of all
    their days where none is contracted). The first day's alone was a weekday's: a job
    share's Wednesday half day (4 h) for a worker of 8-hour Thursdays and Fridays."""
    on = days["contracted"].astype(bool)
    has = on.groupby(days["worker_id"]).transform("any")
    return days.loc[on | ~has].groupby("worker_id")["usual_hours"].median()


def inside_published(folder: str | Path, published: str | Path | None) -> bool:
    """Whether ``folder`` is the published outputs folder or inside it.

    Examples
    --------
    >>> inside_published("out/internal", "out"), inside_published("internal", "out")
    (True, False)
    """
    if published is None:
        return False
    inside, pub = Path(folder).resolve(), Path(published).resolve()
    return inside == pub or inside.is_relative_to(pub)


def write_internal(
    run, folder: str | Path, *, published: str | Path | None = None
) -> dict[str, Path]:
    """Write the diary completeness by worker: ``completeness.html``, ``.json`` and a CSV.

    Parameters
    ----------
    run : StudyRun
        A study run (:func:`timestudy.run_study`); its ``models.days`` are the
        worker-days as the models used them.
    folder : str or Path
        Folder to write to (created if needed): keep it with the diary, never with
        the published outputs.
    published : str or Path, optional
        The published outputs folder, which ``folder`` may not be in.

    Returns
    -------
    dict
        The paths written, by file name.

    Raises
    ------
    ValueError
        When ``folder`` is inside ``published``, or the run has no completeness.

    Examples
    --------
    >>> import tempfile
    >>> from timestudy import simulate_study, run_study
    >>> from timestudy.report import write_internal
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    >>> sorted(write_internal(run, tempfile.mkdtemp()))
    ['completeness.html', 'completeness.json', 'completeness_by_worker.csv']
    """
    folder = Path(folder)
    if inside_published(folder, published):
        raise ValueError(
            f"internal folder {folder} is inside the published outputs folder "
            f"{published}: the completeness by worker names workers; give a "
            "folder outside it (kept with the diary)"
        )
    days = getattr(run.models, "days", None)
    if days is None or not len(days):
        raise ValueError("the run has no diary completeness (models.days): nothing to write")
    by_worker = completeness_by_worker(days)
    by_week = completeness_by(days, "week_start").rename(index=lambda d: f"{d:%Y-%m-%d}")
    rule = (run.guide.meta.get("definitions") or {}).get("completeness", "")
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in NAMES}
    write_csv(by_worker.round(6), paths["completeness_by_worker.csv"], index=True)
    records = json.loads(by_worker.round(6).reset_index().to_json(orient="records"))
    weeks = json.loads(
        by_week.round(6).rename_axis("week_start").reset_index().to_json(orient="records")
    )
    paths["completeness.json"].write_text(
        json.dumps({"rule": rule, "by_worker": records, "by_week": weeks}, indent=2),
        encoding="utf-8",
    )
    paths["completeness.html"].write_text(
        render(
            "completeness.html.j2",
            rule=rule,
            period=run.guide.meta.get("period") or ["?", "?"],
            n_workers=len(by_worker),
            n_below=int((by_worker["observed_share"] < 0.8).sum()),
            workers=frame_view(by_worker, digits=2),
            weeks=frame_view(by_week, digits=2),
        ),
        encoding="utf-8",
    )
    return paths
