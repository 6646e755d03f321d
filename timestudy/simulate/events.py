"""Work events of a simulated study: what each case and each worker needs on which day.

An *event* is one task on one case (or one non-case task of a worker) on one working
day, with its direct minutes and the travel and case notes it brings. The layout
module then turns each worker-day's events into a sequence of diary episodes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.simulate import params as P


def calendar(period_start: pd.Timestamp, weeks: int) -> pd.DatetimeIndex:
    """Weekdays (Monday to Friday) of the diary period."""
    days = pd.date_range(period_start, periods=7 * weeks, freq="D")
    return days[days.day_of_week < 5]


def worker_days(
    rng: np.random.Generator, workers: pd.DataFrame, weekdays: pd.DatetimeIndex
) -> pd.DataFrame:
    """Scheduled days of each worker, with whether they were on leave or sick.

    Returns one row per worker and scheduled weekday: ``worker_id``, ``day_index``
    (position in ``weekdays``), ``date``, ``absence`` ('' or 'leave' or 'sickness').
    """
    dow = weekdays.day_of_week.to_numpy()
    rows = []
    for wid, wdays in zip(workers["worker_id"], workers["_days"], strict=True):
        idx = np.flatnonzero(np.isin(dow, wdays))
        rows.append(pd.DataFrame({"worker_id": wid, "day_index": idx}))
    out = pd.concat(rows, ignore_index=True)
    out["date"] = weekdays[out["day_index"].to_numpy()]
    u = rng.random(len(out))
    out["absence"] = np.select(
        [u < P.LEAVE_DAY_PROB, u < P.LEAVE_DAY_PROB + P.SICK_DAY_PROB], ["leave", "sickness"], ""
    )
    return out


def _rhythm_days(rng: np.random.Generator, interval: float, lo: int, hi: int) -> np.ndarray:
    """Working-day indices in [lo, hi] of a task repeating about every ``interval`` days."""
    phase = rng.uniform(0, interval)
    k = np.arange(0, int((hi - lo) / interval) + 2)
    days = lo + phase + interval * k + rng.normal(0, min(2.0, interval / 6), len(k))
    days = np.round(days).astype(int)
    return days[(days >= lo) & (days <= hi)]


def case_events(
    rng: np.random.Generator,
    cases: pd.DataFrame,
    workdays: pd.DataFrame,
    weekdays: pd.DatetimeIndex,
) -> pd.DataFrame:
    """Events each case needs, on the working day they would ideally happen.

    Rhythms (visits, reviews, court work), Poisson-rate tasks (liaison, family
    contact, referrals) and opening work for cases opened in the diary are drawn
    as ``want_day`` (index into ``weekdays``); :func:`place_events` then puts them
    on the worker's actual working days.
    """
    n_wd = len(weekdays)
    opened_idx = np.searchsorted(weekdays.values, cases["opened"].values)
    closed = cases["closed"].fillna(weekdays[-1] + pd.Timedelta(days=1))
    closed_idx = np.searchsorted(weekdays.values, closed.values) - 1
    recs_case: list[np.ndarray] = []
    recs_day: list[np.ndarray] = []
    recs_task: list[np.ndarray] = []
    liaison_rate = P.LIAISON_RATE_PER_PROFESSIONAL * cases["n_professionals"].to_numpy()
    for i, (ctype, in_proc) in enumerate(
        zip(cases["case_type"], cases["in_proceedings"], strict=True)
    ):
        lo, hi = max(0, opened_idx[i]), min(n_wd - 1, closed_idx[i])
        if hi < lo:
            continue
        tasks: list[np.ndarray] = []
        days: list[np.ndarray] = []
        if opened_idx[i] >= 0 and cases["opened"].iat[i] >= weekdays[0]:
            steps = P.OPENING_WORK[ctype]
            d = lo + np.arange(len(steps)) * 3
            tasks.append(np.array(steps))
            days.append(d)
            lo = lo + 3 * len(steps)
        rhythm = dict(P.RHYTHMS[ctype])
        if in_proc and ctype != "PROCEEDINGS":
            rhythm.update(P.PROCEEDINGS_EXTRA)
        for task, interval in rhythm.items():
            d = _rhythm_days(rng, interval, lo, hi)
            tasks.append(np.full(len(d), task, dtype=object))
            days.append(d)
        span = hi - lo + 1
        for task, rate in (
            ("professional_liaison", liaison_rate[i]),
            ("family_contact", P.FAMILY_CONTACT_RATE),
            ("referral", P.REFERRAL_RATE),
        ):
            k = rng.binomial(max(span, 0), rate) if span > 0 else 0
            tasks.append(np.full(k, task, dtype=object))
            days.append(rng.integers(lo, hi + 1, k) if k else np.empty(0, int))
        t = np.concatenate(tasks) if tasks else np.empty(0, object)
        d = np.concatenate(days).astype(int) if days else np.empty(0, int)
        reps = np.array([P.SITTINGS.get(x, 1) for x in t], dtype=int)
        if (reps > 1).any():
            t = np.repeat(t, reps)
            d = np.repeat(d, reps) + np.concatenate([np.arange(r) for r in reps])
        if ctype in ("CP", "PROCEEDINGS"):
            un = (t == "statutory_visit") & (rng.random(len(t)) < P.UNANNOUNCED_SHARE)
            t = np.where(un, "unannounced_visit", t)
        recs_case.append(np.full(len(t), i))
        recs_day.append(d)
        recs_task.append(t.astype(object))
    ev = pd.DataFrame(
        {
            "case_pos": np.concatenate(recs_case),
            "want_day": np.concatenate(recs_day),
            "task_type": np.concatenate(recs_task),
        }
    )
    ev["worker_id"] = cases["worker_id"].to_numpy()[ev["case_pos"].to_numpy()]
    return ev


# How far (in working days, before and after) an event may move to even out the days.
FIXED_TASKS = {"initial_cp_conference", "review_cp_conference", "court_hearing", "cla_review",
               "cin_review", "plo_meeting", "strategy_meeting", "core_group"}
VISIT_TASKS = {"statutory_visit", "unannounced_visit", "assessment_visit", "s47_enquiry",
               "direct_work_session"}


def place_events(
    rng: np.random.Generator,
    ev: pd.DataFrame,
    workdays: pd.DataFrame,
    other_ev: pd.DataFrame,
) -> pd.DataFrame:
    """Put each case event on one of its worker's working days, evening out the load.

    Meetings and hearings move at most a day earlier or two later; visits two
    working days either way; other work (recording, calls) three days earlier or
    four later; all move on when the worker is off. Each goes to the least loaded day in
    its window that has no other event of the same case, so that one case-day
    holds one task and the travel and recording it brings. Events that cannot be
    placed inside the diary did not happen within it.
    """
    available = {
        wid: g.loc[g["absence"] == "", "day_index"].to_numpy()
        for wid, g in workdays.groupby("worker_id", sort=False)
    }
    load: dict[tuple[str, int], float] = (
        other_ev.groupby(["worker_id", "day_index"])["direct_min"].sum().to_dict()
    )
    task = ev["task_type"].to_numpy()
    priority = np.where(np.isin(task, list(FIXED_TASKS)), 0,
                        np.where(np.isin(task, list(VISIT_TASKS)), 1, 2))
    order = np.lexsort((rng.random(len(ev)), priority))
    minutes = (ev["direct_min"] + 2 * ev["travel_min"] + ev["notes_min"]).to_numpy()
    case_pos = ev["case_pos"].to_numpy()
    want = ev["want_day"].to_numpy()
    workers = ev["worker_id"].to_numpy()
    out_day = np.full(len(ev), -1)
    used: set[tuple[int, int]] = set()
    for j in order:
        days = available[workers[j]]
        lo, hi = {0: (-1, 2), 1: (-2, 2)}.get(int(priority[j]), (-3, 4))
        a = np.searchsorted(days, want[j] + lo)
        b = np.searchsorted(days, want[j] + hi, side="right")
        window = [d for d in days[a:max(b, a + 1)] if (case_pos[j], d) not in used]
        if not window:  # off that day or the case is busy: the next free working day
            window = [d for d in days[a:] if (case_pos[j], d) not in used][:1]
        if not window:
            continue
        day = min(window, key=lambda d: (load.get((workers[j], d), 0.0), abs(d - want[j])))
        out_day[j] = day
        used.add((case_pos[j], day))
        load[(workers[j], day)] = load.get((workers[j], day), 0.0) + minutes[j]
    ev = ev.assign(day_index=out_day)
    return ev[ev["day_index"] >= 0].drop(columns="want_day").reset_index(drop=True)


def event_minutes(
    rng: np.random.Generator, ev: pd.DataFrame, cases: pd.DataFrame, workers: pd.DataFrame
) -> pd.DataFrame:
    """Direct minutes, linked case-note minutes and one-way travel minutes of each event."""
    c = cases.iloc[ev["case_pos"].to_numpy()].reset_index(drop=True)
    speed = ev["worker_id"].map(workers.set_index("worker_id")["_speed"]).to_numpy()
    task = ev["task_type"]
    base = task.map(lambda t: P.BASE_MINUTES[t][0]).to_numpy(float)
    per_child = task.map(lambda t: P.BASE_MINUTES[t][1]).to_numpy(float)
    extra_children = c["n_children"].to_numpy() - 1
    n = len(ev)
    direct = (base + per_child * extra_children) * speed * rng.lognormal(0, P.DURATION_SD, n)
    notes_base, notes_child = P.BASE_MINUTES["case_notes"]
    notes = (
        task.map(P.LINKED_NOTES).fillna(0).to_numpy()
        * (notes_base + notes_child * extra_children)
        * speed
        * rng.lognormal(0, P.DURATION_SD, n)
    )
    where = task.map(P.LOCATION).fillna("office").to_numpy()
    miles = np.select(
        [where == "home", where == "venue", where == "court"],
        [c["travel_miles"].to_numpy(), rng.uniform(*P.VENUE_MILES, n), P.COURT_MILES],
        0.0,
    )
    travel = np.where(
        where == "office",
        0.0,
        (P.TRAVEL_FIXED + P.TRAVEL_PER_MILE * miles) * rng.lognormal(0, P.TRAVEL_SD, n),
    )
    return ev.assign(
        direct_min=np.maximum(5, np.round(direct)),
        notes_min=np.where(notes > 0, np.maximum(5, np.round(notes)), 0),
        travel_min=np.where(travel > 0, np.maximum(5, np.round(travel)), 0),
        where=where,
        miles=miles,
    )


def non_case_events(
    rng: np.random.Generator, workers: pd.DataFrame, workdays: pd.DataFrame
) -> pd.DataFrame:
    """Non-case work on each working day: email, team meetings, supervision, training..."""
    wd = workdays[workdays["absence"] == ""].reset_index(drop=True)
    speed = wd["worker_id"].map(workers.set_index("worker_id")["_speed"]).to_numpy()
    frames = []
    for task, (prob, minutes) in P.NON_CASE_DAILY.items():
        hit = rng.random(len(wd)) < prob
        m = minutes * rng.lognormal(0, P.DURATION_SD, hit.sum())
        if task != "training":
            m = m * speed[hit]
        frames.append(
            pd.DataFrame(
                {"worker_id": wd.loc[hit, "worker_id"], "day_index": wd.loc[hit, "day_index"],
                 "task_type": task, "direct_min": m}
            )
        )
    week = wd["day_index"] // 5
    role = wd["worker_id"].map(workers.set_index("worker_id")["role"])
    team = wd["worker_id"].map(workers.set_index("worker_id")["team"])
    # Team meeting: weekly on the team's day; supervision: every 2 or 4 weeks.
    team_day = team.map({t: i % 5 for i, t in enumerate(P.TEAMS)})
    tm = (wd["day_index"] % 5) == team_day
    first_of_week = wd.groupby(["worker_id", week])["day_index"].transform("min") == wd["day_index"]
    every = role.map(P.SUPERVISION_EVERY_WEEKS)
    phase = wd["worker_id"].str[1:].astype(int) % 2
    sup = first_of_week & ((week + phase) % every == 0)
    for task, hit, minutes in (
        ("team_meeting", tm, P.TEAM_MEETING_MINUTES),
        ("supervision", sup, P.SUPERVISION_MINUTES),
    ):
        frames.append(
            pd.DataFrame(
                {"worker_id": wd.loc[hit, "worker_id"], "day_index": wd.loc[hit, "day_index"],
                 "task_type": task,
                 "direct_min": minutes * rng.lognormal(0, 0.1, int(hit.sum()))}
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["direct_min"] = np.maximum(5, np.round(out["direct_min"]))
    return out
