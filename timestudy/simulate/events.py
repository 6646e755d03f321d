"""Work events of a simulated study: the pieces of work each case and each worker needs.

A *piece* is one task on one case (a visit, a court statement) made of one or more
*sittings*, each on its own working day, with its direct minutes and the travel and
case notes it brings. Pieces are generated from ``LEAD_WEEKS`` before the diary to
``TAIL_WEEKS`` after it, so that the diary sees pieces open at both its edges;
:mod:`timestudy.simulate.placement` puts each sitting on a working day and the
layout module turns each worker-day's sittings into diary episodes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.simulate import params as P


def calendar(period_start: pd.Timestamp, weeks: int, lead: int = 0,
             tail: int = 0) -> pd.DatetimeIndex:
    """Weekdays (Monday to Friday) from ``lead`` weeks before the diary to ``tail`` after."""
    days = pd.date_range(period_start - pd.Timedelta(weeks=lead), periods=7 * (lead + weeks + tail),
                         freq="D")
    return days[days.day_of_week < 5]


def worker_days(
    rng: np.random.Generator, workers: pd.DataFrame, weekdays: pd.DatetimeIndex
) -> pd.DataFrame:
    """Scheduled days of each worker, with whether they were on leave or sick.

    Returns one row per worker and scheduled weekday: ``worker_id``, ``day_index``
    (position in ``weekdays``), ``date``, ``absence`` ('' or 'leave' or 'sickness').
    """
    dow = weekdays.day_of_week.to_numpy()
    on = np.array([np.isin(dow, d) for d in workers["_days"]])  # workers x weekdays
    w, idx = np.nonzero(on)
    out = pd.DataFrame({"worker_id": workers["worker_id"].to_numpy()[w], "day_index": idx})
    out["date"] = weekdays[out["day_index"].to_numpy()]
    u = rng.random(len(out))
    out["absence"] = np.select(
        [u < P.LEAVE_DAY_PROB, u < P.LEAVE_DAY_PROB + P.SICK_DAY_PROB], ["leave", "sickness"], ""
    )
    return out


def _rhythm_days(rng: np.random.Generator, interval: float, lo: int, hi: int,
                 first: float | None = None) -> np.ndarray:
    """Working-day indices in [lo, hi] of a task repeating about every ``interval`` days,
    the first on day ``first`` (by default at random in the first interval after ``lo``).

    The same random numbers are drawn either way (``first`` lies less than an interval
    before ``lo``), so fixing one task's rhythm leaves every other draw of a study as it was.
    """
    phase = rng.uniform(0, interval)
    k = np.arange(0, int((hi - lo) / interval) + 2)
    start = lo + phase if first is None else first
    days = start + interval * k + rng.normal(0, min(2.0, interval / 6), len(k))
    days = np.round(days).astype(int)
    return days[(days >= lo) & (days <= hi)]


def _case_pieces(rng, ctype, in_proc, lo, hi, new, liaison_rate):
    """Tasks and wanted days of one case's pieces in [lo, hi]."""
    tasks: list[np.ndarray] = []
    days: list[np.ndarray] = []
    opened: dict[str, int] = {}
    if new:
        steps = P.OPENING_WORK[ctype]
        tasks.append(np.array(steps, dtype=object))
        days.append(lo + np.arange(len(steps)) * 3)
        opened = {s: lo + 3 * i for i, s in enumerate(steps)}
        lo = lo + 3 * len(steps)
    rhythm = dict(P.RHYTHMS[ctype])
    if in_proc and ctype != "PROCEEDINGS":
        rhythm.update(P.PROCEEDINGS_EXTRA)
    for task, interval in rhythm.items():
        # After the opening one (a statement, a care plan), the next a full interval later.
        d = _rhythm_days(rng, interval, lo, hi, first=opened[task] + interval
                         if task in opened else None)
        tasks.append(np.full(len(d), task, dtype=object))
        days.append(d)
    span = hi - lo + 1
    for task, rate in (("professional_liaison", liaison_rate), ("family_contact",
                       P.FAMILY_CONTACT_RATE), ("referral", P.REFERRAL_RATE)):
        k = rng.binomial(span, rate) if span > 0 else 0
        tasks.append(np.full(k, task, dtype=object))
        days.append(rng.integers(lo, hi + 1, k) if k else np.empty(0, int))
    return np.concatenate(tasks), np.concatenate(days).astype(int)


def case_events(rng: np.random.Generator, cases: pd.DataFrame,
                weekdays: pd.DatetimeIndex) -> pd.DataFrame:
    """Sittings each case needs, on the working day each would ideally happen.

    Rhythms (visits, reviews, court work), Poisson-rate tasks (liaison, family
    contact, referrals), opening work for new cases and a closure summary after a
    case closes, over the whole of ``weekdays``. Pieces of writing get several
    sittings (:data:`~timestudy.simulate.params.SITTINGS`).

    Returns
    -------
    DataFrame
        One row per sitting: ``piece`` (a number unique in the study), ``sitting``
        (0, 1, ...), ``case_pos``, ``want_day`` (index into ``weekdays``),
        ``task_type``, ``phrase`` (the words the diary uses) and ``worker_id``
        (the holder).
    """
    n_wd = len(weekdays)
    opened_idx = np.searchsorted(weekdays.values, cases["opened"].values)
    closed = cases["closed"].fillna(weekdays[-1] + pd.Timedelta(days=1))
    closed_idx = np.searchsorted(weekdays.values, closed.values) - 1
    new = (cases["opened"] >= weekdays[0]).to_numpy()
    liaison = P.LIAISON_RATE_PER_PROFESSIONAL * cases["n_professionals"].to_numpy()
    pos, want, task = [], [], []
    for i, (ctype, in_proc) in enumerate(zip(cases["case_type"], cases["in_proceedings"],
                                             strict=True)):
        lo, hi = max(0, opened_idx[i]), min(n_wd - 1, closed_idx[i])
        if hi < lo:
            continue
        t, d = _case_pieces(rng, ctype, in_proc, lo, hi, new[i], liaison[i])
        if ctype in ("CP", "PROCEEDINGS"):
            un = (t == "statutory_visit") & (rng.random(len(t)) < P.UNANNOUNCED_SHARE)
            t = np.where(un, "unannounced_visit", t)
        pos.append(np.full(len(t), i))
        want.append(d)
        task.append(t)
    ev = pd.DataFrame({"case_pos": np.concatenate(pos), "want_day": np.concatenate(want),
                       "task_type": np.concatenate(task).astype(object)})
    ev["phrase"] = ev["task_type"]
    closing = np.flatnonzero(cases["closed"].notna().to_numpy() & (closed_idx < n_wd - 1))
    after = closed_idx[closing] + rng.integers(P.CLOSURE_SUMMARY_DAYS[0],
                                               P.CLOSURE_SUMMARY_DAYS[1] + 1, len(closing))
    ev = pd.concat([ev, pd.DataFrame({"case_pos": closing, "want_day": after,
                                      "task_type": "case_notes", "phrase": "closure_summary"})],
                   ignore_index=True)
    ev = ev.loc[ev["want_day"] < n_wd].reset_index(drop=True)
    ev["piece"] = np.arange(len(ev))
    ev = _sittings(rng, ev, closed_idx)
    ev["worker_id"] = cases["worker_id"].to_numpy()[ev["case_pos"].to_numpy()]
    return ev


def _sittings(rng: np.random.Generator, ev: pd.DataFrame, closed_idx: np.ndarray) -> pd.DataFrame:
    """One row per sitting: pieces of writing repeated over days a few weekdays apart."""
    lo, hi, gap = (ev["task_type"].map({t: s[j] for t, s in P.SITTINGS.items()}).fillna(1)
                   .astype(int).to_numpy() for j in range(3))
    n = rng.integers(lo, hi + 1)
    out = ev.loc[ev.index.repeat(n)].reset_index(drop=True)
    first = np.repeat(np.cumsum(n) - n, n)
    k = np.arange(n.sum()) - first
    step = np.where(k > 0, rng.integers(1, np.repeat(gap, n) + 1), 0)
    total = np.cumsum(step)
    offset = total - total[first]
    out["want_day"] = out["want_day"].to_numpy() + offset
    out["sitting"] = k
    keep = (out["want_day"] <= closed_idx[out["case_pos"]]) | (out["phrase"] == "closure_summary")
    return out.loc[keep].reset_index(drop=True)


def assign_cover(rng: np.random.Generator, ev: pd.DataFrame, workdays: pd.DataFrame,
                 workers: pd.DataFrame) -> pd.DataFrame:
    """A colleague of the same team does some visits: most of those due while the holder is away."""
    away = workdays.loc[workdays["absence"] != "", ["worker_id", "day_index"]]
    key = pd.MultiIndex.from_arrays([ev["worker_id"], ev["want_day"]])
    holder_away = key.isin(pd.MultiIndex.from_frame(away))
    visit = ev["task_type"].isin(P.COVER_TASKS).to_numpy()
    u = rng.random(len(ev))
    cover = visit & ((holder_away & (u < P.COVER_WHEN_AWAY)) | (u < P.COVER_SHARE))
    team = ev["worker_id"].map(workers.set_index("worker_id")["team"]).to_numpy()
    out = ev["worker_id"].to_numpy().copy()
    for name, members in workers.groupby("team")["worker_id"]:  # six teams at most
        ids = members.to_numpy()
        rows = np.flatnonzero(cover & (team == name))
        if len(ids) < 2 or not len(rows):
            continue
        pick = ids[rng.integers(0, len(ids) - 1, len(rows))]
        out[rows] = np.where(pick == out[rows], ids[-1], pick)
    return ev.assign(worker_id=out)


def event_minutes(
    rng: np.random.Generator, ev: pd.DataFrame, cases: pd.DataFrame, workers: pd.DataFrame
) -> pd.DataFrame:
    """Direct minutes, linked case-note minutes and travel minutes (out and back) of each sitting."""
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
    out_min = np.where(travel > 0, np.maximum(5, np.round(travel)), 0)
    back = np.where(out_min > 0, np.maximum(5, np.round(out_min + rng.normal(0, 3, n))), 0)
    return ev.assign(
        direct_min=np.maximum(5, np.round(direct)),
        notes_min=np.where(notes > 0, np.maximum(5, np.round(notes)), 0),
        travel_min=out_min,
        travel_back_min=back,
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
