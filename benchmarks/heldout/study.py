"""One held-out study: the world, its complete diary, the diary as kept, and its truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .diary import NON_CASE, TEXT, extras, lay_out, non_case, top_up, written_ids
from .truth import compute_truth, pattern_truth
from .work import TASKS, draw_pieces, sittings
from .world import REAL_HOLIDAYS, REAL_START, START, calendar, make_cases, make_workers

WORKER_COLUMNS = ["worker_id", "fte", "contracted_hours", "role", "team", "workdays"]
CASE_COLUMNS = [
    "case_id",
    "case_type",
    "worker_id",
    "travel_miles",
    "n_professionals",
    "n_children",
    "in_proceedings",
    "opened",
    "closed",
]
DIARY_COLUMNS = [
    "worker_id",
    "start",
    "end",
    "duration_min",
    "activity",
    "activity_code",
    "case_id",
    "instance_id",
    "location",
]


@dataclass(frozen=True)
class HeldOutStudy:
    """A generated study: the three tables as a council would send them, and the truth.

    ``complete`` is every episode of the diary window with its true piece and kind
    (``direct``, ``travel``, ``notes``, ``noncase``); ``diary`` what the workers
    wrote down (days missing, days recorded in part, leave entries); ``span`` every
    case episode of the span simulated (before, in and after the diary), unlaid;
    ``days`` every contracted day of each worker over the span with its ``status``;
    ``start`` the diary's first day (day 0); ``patterns`` each worker's working pattern
    (``patterns="real"`` only).
    """

    diary: pd.DataFrame
    workers: pd.DataFrame
    cases: pd.DataFrame
    truth: dict
    complete: pd.DataFrame
    span: pd.DataFrame
    days: pd.DataFrame
    start: pd.Timestamp = START
    patterns: pd.Series | None = None

    def write(self, folder: str | Path) -> dict[str, Path]:
        """Write ``diary.csv``, ``workers.csv``, ``cases.csv`` and ``truth.json``."""
        import json

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {k: folder / f"{k}.csv" for k in ("diary", "workers", "cases")}
        self.diary.to_csv(paths["diary"], index=False)
        self.workers.to_csv(paths["workers"], index=False)
        self.cases.to_csv(paths["cases"], index=False)
        paths["truth"] = folder / "truth.json"
        paths["truth"].write_text(json.dumps(self.truth, indent=1))
        return paths


def case_episodes(rng, s, ex) -> pd.DataFrame:
    """Sittings, travel legs and notes as episodes with their block and order key."""
    direct = s.assign(
        kind="direct", pos=1, block=s.index, leg="", uncoded=False, evening=False, next_day=False
    )
    notes_key = np.where(
        ex["next_day"].fillna(False).to_numpy(bool),
        rng.uniform(0, 0.08, len(ex)),
        1 + rng.random(len(ex)),
    )
    ex = ex.assign(key=np.where(ex["kind"].eq("notes"), notes_key, ex["key"]))
    return pd.concat([direct, ex], ignore_index=True)


def _recorded(
    rng,
    ep: pd.DataFrame,
    cal: pd.DataFrame,
    workers: pd.DataFrame,
    missing: bool,
    heavy_extra: float = 0.08,
    unwritten: float = 0.25,
    leave_min: np.ndarray | None = None,
) -> pd.DataFrame:
    """The diary as kept: missing days (at random, and ``heavy_extra`` more often on heavy
    days), days recorded only up to lunch, and leave or sickness not written in on a share
    ``unwritten`` of its days (of ``leave_min`` minutes each worker's, else 444). The same
    random draws whatever the two shares."""
    day_min = ep.loc[ep["task"] != "break"].groupby(["worker", "day"])["minutes"].sum()
    usual = day_min.groupby(level="worker").transform("median")
    heavy = (day_min > 1.15 * usual).astype(float)
    rate = workers["miss_rate"].to_numpy()[day_min.index.get_level_values("worker")]
    on = float(missing)
    missing = day_min.index[rng.random(len(day_min)) < on * (rate + heavy_extra * heavy.to_numpy())]
    part = day_min.index[rng.random(len(day_min)) < on * 0.03]
    key = pd.MultiIndex.from_frame(ep[["worker", "day"]])
    keep = ~key.isin(missing) & ~(key.isin(part) & (ep["start_min"] >= 12 * 60 + 30).to_numpy())
    away = cal.loc[cal["in_diary"] & cal["status"].isin(["leave", "sick"])]
    away = away.loc[rng.random(len(away)) < 1 - on * unwritten]
    leave = pd.DataFrame(
        {
            "worker": away["worker"].to_numpy(),
            "day": away["day"].to_numpy(),
            "task": np.where(away["status"].eq("leave"), "leave", "sickness"),
            "minutes": 444.0 if leave_min is None else leave_min[away["worker"].to_numpy()],
            "start_min": 540,
            "kind": "absence",
            "piece": -1,
            "case": -1,
        }
    )
    return pd.concat([ep.loc[keep], leave], ignore_index=True)


def _write_columns(
    ep: pd.DataFrame, workers: pd.DataFrame, cases: pd.DataFrame, day0: pd.Timestamp = START
) -> pd.DataFrame:
    """The canonical diary columns from the generator's frame."""
    case = ep["case"].fillna(-1).to_numpy(int)
    name = cases["surname"].to_numpy()[np.maximum(case, 0)]
    task = ep["task"].to_numpy()
    kind = ep["kind"].to_numpy()
    text = np.array([TEXT.get(t, "").format(n=n) for t, n in zip(task, name, strict=True)])
    codes = pd.concat(
        [TASKS["code"], NON_CASE["code"], pd.Series({"leave": "AL", "sickness": "SICK"})]
    )
    text = np.where(kind == "noncase", NON_CASE["text"].reindex(task).to_numpy(), text)
    text = np.where(task == "leave", "annual leave", np.where(task == "sickness", "off sick", text))
    code = codes.reindex(task).to_numpy()
    back = (kind == "travel") & (ep["leg"].to_numpy() == "back")
    text = np.where(
        kind == "travel",
        np.where(back, "travel back to office", np.char.add("travel to ", name.astype(str))),
        text,
    )
    text = np.where(kind == "notes", np.char.add("write up visit - ", name.astype(str)), text)
    code = np.where(kind == "travel", "TRV", np.where(kind == "notes", "REC", code))
    coded = (case >= 0) & ~ep["uncoded"].fillna(False).to_numpy(bool)
    start = day0 + pd.to_timedelta(
        ep["day"].to_numpy() * 1440 + ep["start_min"].to_numpy(), unit="min"
    )
    minutes = ep["minutes"].to_numpy(float)
    return pd.DataFrame(
        {
            "worker_id": workers["worker_id"].to_numpy()[ep["worker"].to_numpy(int)],
            "start": start.strftime("%Y-%m-%dT%H:%M:%S"),
            "end": (start + pd.to_timedelta(minutes, unit="min")).strftime("%Y-%m-%dT%H:%M:%S"),
            "duration_min": minutes,
            "activity": text,
            "activity_code": code,
            "case_id": pd.Series(cases["case_id"].to_numpy()[np.maximum(case, 0)]).where(coded),
            "instance_id": ep["instance_id"].to_numpy() if "instance_id" in ep else pd.NA,
            "location": np.where(kind == "travel", "car", "office"),
        }
    )


def generate(
    n_workers: int = 100,
    weeks: int = 4,
    seed: int = 0,
    *,
    scale: float = 1.0,
    missing: bool = True,
    light: float = 0.04,
    calls: str = "each",
    heavy_extra: float = 0.08,
    unwritten: float = 0.25,
    patterns: str = "weekdays",
) -> HeldOutStudy:
    """Generate a held-out study of ``n_workers`` social workers over ``weeks`` weeks.

    ``scale`` multiplies every rate of case work; ``missing=False`` writes the
    complete diary (no day missing or recorded in part, every leave day written in);
    ``light`` is the share of working days that are short (a flexi afternoon);
    ``calls`` whether every call is a piece of its own (``"each"``, as main's
    window 0 defines it since 85a1b8a) or a case's calls of one day are one piece
    (``"per_day"``, the definition before it). With ``missing``, a worked day is missed
    at the worker's rate plus ``heavy_extra`` on heavy days (over 1.15 times their median
    day), and a share ``unwritten`` of leave and sickness days is not written in; setting
    either to 0 takes that fault away and leaves every other draw as it was.

    ``patterns="real"`` (default ``"weekdays"``: every worker on a subset of Monday to
    Friday, days from 08:00) gives some full-time workers real working patterns
    (:data:`~heldout.world.PATTERNS`: six days, Sunday to Thursday, four compressed days,
    alternating weeks with ``pattern_from``, nights from 20:00 past midnight) and puts the
    diary from Monday 23 March 2026 across Good Friday and Easter Monday, bank holidays
    most workers take (a leave entry's minutes are then the worker's contracted day).

    Examples
    --------
    >>> s = generate(n_workers=8, seed=1)
    >>> list(s.diary.columns) == DIARY_COLUMNS, s.workers["worker_id"].nunique()
    (True, 8)
    >>> sorted(s.truth["hours_per_case_month"])
    ['CIN', 'CLA', 'CP', 'PROCEEDINGS']
    >>> bool(s.truth["sittings_per_piece"]["court_statement"] > 1)  # written over several days
    True
    """
    rng = np.random.default_rng(seed)
    real = patterns == "real"
    if patterns not in ("weekdays", "real"):
        raise ValueError(f"patterns={patterns!r}: use 'weekdays' or 'real'")
    day0 = REAL_START if real else START
    workers = make_workers(rng, n_workers, patterns)
    holidays = ((REAL_HOLIDAYS - day0).days).to_numpy() if real else None
    cal = calendar(rng, workers, weeks, light, holidays)
    cases = make_cases(rng, workers, weeks, day0)
    pieces = draw_pieces(rng, cases, workers, scale)
    pieces, s = sittings(rng, pieces, cal, workers, calls)
    s = s.assign(
        case=pieces["case"].to_numpy()[s["piece"].to_numpy()], key=rng.uniform(0.1, 0.9, len(s))
    )
    ex = extras(rng, s, pieces, cases, workers, cal)
    ep = case_episodes(rng, s, ex)
    window = ep["day"].between(0, 7 * weeks - 1)
    day = pd.concat([ep.loc[window], non_case(rng, cal, workers)], ignore_index=True)
    hours = workers["day_hours"].to_numpy(float) if real else None
    day = pd.concat([day, top_up(rng, day, cal, hours)], ignore_index=True)
    day = lay_out(rng, day, workers["night"].to_numpy(bool) if real else None)
    day["instance_id"] = written_ids(day, workers, cases)
    truth = compute_truth(ep, pieces, day, cases, workers, cal, weeks)
    truth["calls"] = calls
    if real:
        truth.update(pattern_truth(truth, cases, workers, cal, weeks))
    leave_min = None if hours is None else hours * 60
    kept = _recorded(rng, day, cal, workers, missing, heavy_extra, unwritten, leave_min)
    kept = kept.sort_values(["worker", "day", "start_min"], kind="stable")
    columns = [*WORKER_COLUMNS, "pattern_from"] if real else WORKER_COLUMNS
    return HeldOutStudy(
        _write_columns(kept, workers, cases, day0).reset_index(drop=True),
        workers[columns].copy(),
        cases[CASE_COLUMNS].copy(),
        truth,
        day,
        ep,
        cal,
        day0,
        workers["pattern"].copy() if real else None,
    )
