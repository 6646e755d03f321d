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
    assign_cover,
    calendar,
    case_events,
    event_minutes,
    non_case_events,
    worker_days,
)
from timestudy.simulate.faults import inject_faults
from timestudy.simulate.layout import describe, lay_out_days
from timestudy.simulate.placement import place_events
from timestudy.simulate.recording import (
    Missing,
    draw_missing_days,
    draw_partial_days,
    keep_instance_ids,
    unwritten,
)
from timestudy.simulate.truth import compute_truth

__all__ = ["DIARY_COLUMNS", "SimulatedStudy", "simulate_study"]

DIARY_COLUMNS = [
    "worker_id", "start", "end", "duration_min", "activity", "activity_code", "case_id",
    "instance_id", "secondary_activity", "location", "true_task_type", "true_piece_id",
    "true_category",
]


@dataclass(repr=False)
class SimulatedStudy(Result):
    """A simulated time study: canonical tables plus the true answer.

    Attributes
    ----------
    diary : DataFrame
        Episodes in the canonical layout (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``activity``, ``activity_code``, ``case_id``,
        ``instance_id`` (unless no worker keeps one), ``secondary_activity``,
        ``location``) with the true labels ``true_task_type``, ``true_piece_id``
        (the piece of work a case episode is part of or serves) and ``true_category``.
    cases, workers : DataFrame
        Canonical cases and workers tables.
    truth : dict
        The figures estimators should recover (see :func:`compute_truth`).
    design : dict
        The arguments the study was simulated with.
    faults : DataFrame
        Rows of ``diary`` that were corrupted on purpose, with the fault injected
        (empty unless ``faults`` was requested).
    sittings : DataFrame
        Every sitting of every piece of case work the generator made, in the diary
        or not (before it, after it, or on a day left unwritten): ``piece`` (its
        ``true_piece_id`` is ``P`` and the number in seven digits), ``sitting``,
        ``case_id``, ``worker_id``, ``task_type``, ``date``, ``day_index``,
        ``direct_min``, ``travel_min`` and ``travel_back_min`` (one way each),
        ``notes_min`` and ``in_diary`` (on a day of the diary window, written or
        left unwritten). The truth of each piece comes from here.

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> s = simulate_study(n_workers=6, weeks=1, seed=1)
    >>> s.workers["worker_id"].tolist()
    ['W001', 'W002', 'W003', 'W004', 'W005', 'W006']
    >>> s.summary().index[:3].tolist()
    ['workers', 'episodes', 'cases per FTE']
    """

    diary: pd.DataFrame
    cases: pd.DataFrame
    workers: pd.DataFrame
    truth: dict
    design: dict
    faults: pd.DataFrame = field(default_factory=pd.DataFrame)
    sittings: pd.DataFrame = field(default_factory=pd.DataFrame)

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
    instance_ids: float = 0.25,
    missing_days: float = 0.0,
    missing: Missing = "random",
    partial_days: float = 0.0,
) -> SimulatedStudy:
    """Simulate a children's social work time study with known truth.

    Work is generated as pieces (a visit with its travel and notes; a court
    statement over several sittings on different days) from four weeks before the
    diary to three after it, so pieces are open at both edges of the diary. Several
    pieces of one case can fall on one day; colleagues cover some visits; a closing
    case gets a closure summary after it closed.

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
    instance_ids : float
        Share of workers who note a piece-of-work reference (``instance_id``) on
        their case work.
    missing_days : float
        Share of days worked that are not written at all (``.truth`` stays that
        of the complete diary; the days are listed in ``.design['missing']``).
    missing : {"random", "workload"}
        Days missing at random, or more often for workers with more cases per FTE.
    partial_days : float
        Share of the other days worked written only up to lunch.

    Returns
    -------
    SimulatedStudy

    Examples
    --------
    >>> from timestudy import simulate_study
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
    weekdays = calendar(period_start, weeks, params.LEAD_WEEKS, params.TAIL_WEEKS)
    window = (5 * params.LEAD_WEEKS, 5 * (params.LEAD_WEEKS + weeks))
    cases = make_cases(rng, workers, period_start, 7 * weeks, 7 * params.LEAD_WEEKS)
    wdays = worker_days(rng, workers, weekdays)
    in_window = wdays.loc[wdays["day_index"].between(window[0], window[1] - 1)]
    oev = non_case_events(rng, workers, wdays)  # all days, so that the load is even at the edges
    cev = assign_cover(rng, case_events(rng, cases, weekdays), wdays, workers)
    cev = place_events(rng, event_minutes(rng, cev, cases, workers), wdays, oev, window)
    shown = cev.loc[cev["placed"] & cev["day_index"].between(window[0], window[1] - 1)]
    oev = oev.loc[oev["day_index"].between(window[0], window[1] - 1)]
    eps = describe(rng, lay_out_days(rng, shown, oev, in_window, workers), cases)
    diary = _diary(eps, weekdays, cases)
    public_workers = workers.drop(columns=[c for c in workers if c.startswith("_")])
    public_cases = cases.drop(columns=[c for c in cases if c.startswith("_")])
    truth = compute_truth(diary, public_cases, public_workers, period_start, weeks, cev, window)
    truth["worker_speed"] = dict(zip(workers["worker_id"], workers["_speed"].round(6),
                                     strict=True))
    if instance_ids > 0:
        diary.insert(diary.columns.get_loc("case_id") + 1, "instance_id",
                     keep_instance_ids(rng, diary, instance_ids))
    none = pd.DataFrame({"worker_id": pd.Series(dtype=object),
                         "diary_date": pd.Series(dtype="datetime64[ns]")})
    gone = draw_missing_days(rng, diary, public_cases, public_workers, missing_days,
                             missing) if missing_days > 0 else none
    part = draw_partial_days(rng, diary, partial_days, gone) if partial_days > 0 else none
    diary = diary.loc[~unwritten(diary, gone, part)].reset_index(drop=True)
    design = {"n_workers": n_workers, "weeks": weeks, "seed": seed, "start": start,
              "faults": faults, "instance_ids": instance_ids, "missing_days": missing_days,
              "missing": missing, "partial_days": partial_days,
              "n_missing_days": len(gone), "n_partial_days": len(part), "window": list(window)}
    fault_rows = pd.DataFrame()
    if faults > 0:
        diary, fault_rows = inject_faults(diary, public_cases, faults, rng)
    return SimulatedStudy(diary, public_cases, public_workers, truth, design, fault_rows,
                          _sittings(cev, cases, weekdays, window))


def _sittings(cev: pd.DataFrame, cases: pd.DataFrame, weekdays: pd.DatetimeIndex,
              window: tuple[int, int]) -> pd.DataFrame:
    """The generator's sittings with dates and case ids (see ``SimulatedStudy.sittings``)."""
    day = cev["day_index"].to_numpy()
    out = cev[["piece", "sitting", "worker_id", "task_type", "day_index", "direct_min",
               "travel_min", "travel_back_min", "notes_min"]].copy()
    out.insert(2, "case_id", cases["case_id"].to_numpy()[cev["case_pos"].to_numpy()])
    out.insert(5, "date", weekdays[np.clip(day, 0, len(weekdays) - 1)])
    out["in_diary"] = (cev["placed"] & (day >= window[0]) & (day < window[1])).to_numpy()
    return out.reset_index(drop=True)


def _diary(eps: pd.DataFrame, weekdays: pd.DatetimeIndex, cases: pd.DataFrame) -> pd.DataFrame:
    """The canonical diary of the laid-out episodes, with the true labels."""
    dates = weekdays[eps["day_index"].to_numpy()]
    start_ts = dates + pd.to_timedelta(eps["start_min"].to_numpy(), unit="min")
    on_case = eps["case_pos"].to_numpy() >= 0
    diary = pd.DataFrame(
        {
            "worker_id": eps["worker_id"].to_numpy(),
            "start": start_ts,
            "end": start_ts + pd.to_timedelta(eps["duration_min"].to_numpy(), unit="min"),
            "duration_min": eps["duration_min"].to_numpy(float),
            "activity": eps["activity"].to_numpy(),
            "activity_code": eps["activity_code"].to_numpy(),
            "case_id": np.where(on_case, cases["case_id"].to_numpy()[eps["case_pos"].clip(
                lower=0)], None),
            "secondary_activity": eps["secondary_activity"].to_numpy(),
            "location": eps["location"].to_numpy(),
            "true_task_type": eps["task_type"].to_numpy(),
            "true_piece_id": np.where(on_case, "P" + eps["piece"].astype(str).str.zfill(7),
                                      None),
        }
    )
    diary["true_category"] = diary["true_task_type"].map(params.TASK_CATEGORY)
    diary = diary.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)
    for col in ("activity", "activity_code", "case_id", "secondary_activity", "location",
                "true_piece_id"):
        diary[col] = diary[col].astype("string")
    return diary
