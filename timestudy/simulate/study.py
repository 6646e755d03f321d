"""A simulated children's social work time study with its true answer.

The simulator is what every statistical test of timestudy recovers: workers with
caseloads of CIN, CP, CLA and care-proceedings cases, each case with its own
rhythm of visits, meetings and court work, laid out as realistic diary days with
travel, lunch, recording after visits and evening catch-up, written in workers'
own words. ``.truth`` holds the exact figures the estimators should recover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.exports import write_csv
from timestudy.results import Result
from timestudy.simulate import params
from timestudy.simulate.events import (
    calendar,
    case_events,
    event_minutes,
    non_case_events,
    place_events,
    worker_days,
)
from timestudy.simulate.faults import inject_faults
from timestudy.simulate.layout import describe, lay_out_days
from timestudy.simulate.truth import compute_truth

__all__ = ["DIARY_COLUMNS", "SimulatedStudy", "simulate_study"]

DIARY_COLUMNS = [
    "worker_id", "start", "end", "duration_min", "activity", "activity_code", "case_id",
    "secondary_activity", "location", "true_task_type", "true_category",
]


@dataclass(repr=False)
class SimulatedStudy(Result):
    """A simulated time study: canonical tables plus the true answer.

    Attributes
    ----------
    diary : DataFrame
        Episodes in the canonical layout (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``activity``, ``activity_code``, ``case_id``,
        ``secondary_activity``, ``location``) with the true labels
        ``true_task_type`` and ``true_category``.
    cases, workers : DataFrame
        Canonical cases and workers tables.
    truth : dict
        The figures estimators should recover (see :func:`compute_truth`).
    design : dict
        The arguments the study was simulated with.
    faults : DataFrame
        Rows of ``diary`` that were corrupted on purpose, with the fault injected
        (empty unless ``faults`` was requested).
    """

    diary: pd.DataFrame
    cases: pd.DataFrame
    workers: pd.DataFrame
    truth: dict
    design: dict
    faults: pd.DataFrame = field(default_factory=pd.DataFrame)

    title = "Simulated study"
    _digits = 3

    def summary(self) -> pd.DataFrame:
        """Headline figures of the study against the England calibration bands.

        Indexed by ``measure`` with ``value`` and ``england_band`` (the published
        range the simulator is calibrated to, blank where there is none).
        """
        t = self.truth
        share = t["category_share"]
        rows = [
            ("workers", len(self.workers), ""),
            ("episodes", len(self.diary), ""),
            ("cases per FTE", t["cases_per_fte"], "16-18"),
            ("hours worked per FTE-week", t["hours_worked_per_fte_week"], "about 45"),
            ("direct work share", share.get("direct_work", 0.0), "0.15-0.30"),
            ("recording + admin share", share.get("recording", 0) + share.get("admin", 0),
             "0.40-0.65"),
            ("travel share", share.get("travel", 0.0), "0.10-0.15"),
            ("out-of-hours share", t["out_of_hours_share"], ""),
        ]
        return pd.DataFrame(rows, columns=["measure", "value", "england_band"]).set_index("measure")

    def _lead(self) -> list[str]:
        return [f"{len(self.workers)} workers, {len(self.cases)} cases, {len(self.diary)} "
                f"episodes, {self.design['weeks']} weeks, seed {self.design['seed']}."]

    def write(self, out: str | Path, format: str = "csv") -> dict[str, Path]:
        """Write ``diary``, ``cases``, ``workers`` (csv, parquet or xlsx) and ``truth.json``.

        Returns the paths written, by table name.
        """
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for name, table in (("diary", self.diary), ("cases", self.cases),
                            ("workers", self.workers)):
            path = out / f"{name}.{format}"
            if format == "csv":
                write_csv(table, path, date_format="%Y-%m-%dT%H:%M:%S")
            elif format == "parquet":
                table.to_parquet(path, index=False)
            elif format == "xlsx":
                table.to_excel(path, index=False, sheet_name=name)
            else:
                raise ValueError(f"format must be csv, parquet or xlsx, not {format!r}")
            paths[name] = path
        truth_path = out / "truth.json"
        truth_path.write_text(json.dumps({"design": self.design, **self.truth}, indent=2))
        paths["truth"] = truth_path
        if len(self.faults):
            paths["faults"] = out / "faults.csv"
            write_csv(self.faults, paths["faults"])
        return paths


def simulate_study(
    n_workers: int = 80,
    weeks: int = 4,
    seed: int = 0,
    *,
    start: str = "2026-03-02",
    faults: float = 0.0,
) -> SimulatedStudy:
    """Simulate a children's social work time study with known truth.

    Parameters
    ----------
    n_workers : int
        Number of workers keeping a diary.
    weeks : int
        Length of the diary period in weeks (starting on a Monday).
    seed : int
        Seed of the random generator: the same seed gives the same study.
    start : str
        First day of the diary period (a Monday).
    faults : float
        Share of diary rows to corrupt for robustness tests (unparseable times,
        end before start, duplicates, overlaps, unknown ids); the corrupted rows
        are listed in ``.faults``. ``.truth`` is always that of the clean diary.

    Returns
    -------
    SimulatedStudy

    Examples
    --------
    >>> study = simulate_study(n_workers=5, weeks=1, seed=1)
    >>> sorted(study.truth["hours_per_case_month"])
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    >>> study.diary["worker_id"].nunique()
    5
    """
    if n_workers < 1 or weeks < 1:
        raise ValueError(f"n_workers and weeks must be at least 1, got {n_workers} and {weeks}")
    period_start = pd.Timestamp(start)
    if period_start.day_of_week != 0:
        raise ValueError(f"start must be a Monday, {start} is a {period_start.day_name()}")
    rng = np.random.default_rng(seed)
    from timestudy.simulate.population import make_cases, make_workers

    workers = make_workers(rng, n_workers)
    weekdays = calendar(period_start, weeks)
    cases = make_cases(rng, workers, period_start, 7 * weeks)
    wdays = worker_days(rng, workers, weekdays)
    oev = non_case_events(rng, workers, wdays)
    cev = event_minutes(rng, case_events(rng, cases, wdays, weekdays), cases, workers)
    cev = place_events(rng, cev, wdays, oev)
    eps = describe(rng, lay_out_days(rng, cev, oev, wdays, workers), cases)
    dates = weekdays[eps["day_index"].to_numpy()]
    start_ts = dates + pd.to_timedelta(eps["start_min"].to_numpy(), unit="min")
    diary = pd.DataFrame(
        {
            "worker_id": eps["worker_id"].to_numpy(),
            "start": start_ts,
            "end": start_ts + pd.to_timedelta(eps["duration_min"].to_numpy(), unit="min"),
            "duration_min": eps["duration_min"].to_numpy(float),
            "activity": eps["activity"].to_numpy(),
            "activity_code": eps["activity_code"].to_numpy(),
            "case_id": np.where(eps["case_pos"] >= 0,
                                cases["case_id"].to_numpy()[eps["case_pos"].clip(lower=0)], None),
            "secondary_activity": eps["secondary_activity"].to_numpy(),
            "location": eps["location"].to_numpy(),
            "true_task_type": eps["task_type"].to_numpy(),
        }
    )
    diary["true_category"] = diary["true_task_type"].map(params.TASK_CATEGORY)
    diary = diary.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)
    for col in ("activity", "activity_code", "case_id", "secondary_activity", "location"):
        diary[col] = diary[col].astype("string")
    public_workers = workers.drop(columns=[c for c in workers if c.startswith("_")])
    public_cases = cases.drop(columns=[c for c in cases if c.startswith("_")])
    truth = compute_truth(diary, public_cases, public_workers, period_start, weeks)
    truth["worker_speed"] = dict(zip(workers["worker_id"], workers["_speed"].round(6),
                                     strict=True))
    design = {"n_workers": n_workers, "weeks": weeks, "seed": seed, "start": start,
              "faults": faults}
    fault_rows = pd.DataFrame()
    if faults > 0:
        diary, fault_rows = inject_faults(diary, public_cases, faults, rng)
    return SimulatedStudy(diary, public_cases, public_workers, truth, design, fault_rows)
