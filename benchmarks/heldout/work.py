"""Pieces of case work and their sittings: what each worker did on which day, for which case.

A *piece* is one task on one case by one worker: a visit (with its travel and the
notes written after it), a court statement written over several sittings, a day's
liaison calls on a case. Pieces arrive on each case as a steady flow at rates by
case type (per month open), start on a working day of their worker and, for
written work, continue on the next working days (weekends, leave and sickness in
between), so that a statement begun before the diary, or finished after it, is
seen only in part. Visits are sometimes done by a colleague covering the case.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .world import BEFORE

DAYS_PER_MONTH = 365.25 / 12
# task: rates per month open for CIN, CP, CLA, PROCEEDINGS; sittings (min, max);
# median minutes of a sitting (log sd 0.35); chance of travel; chance of notes after.
TASKS = pd.DataFrame.from_records(
    [
        ("statutory_visit", "SV", (1.0, 2.2, 0.9, 1.6), (1, 1), 60, 1.0, 0.9),
        ("assessment_visit", "AV", (0.35, 0.25, 0.0, 0.1), (1, 1), 90, 1.0, 0.9),
        ("core_group", "CG", (0.0, 1.0, 0.0, 0.3), (1, 1), 75, 0.5, 0.7),
        ("review_cp_conference", "RCPC", (0.0, 0.33, 0.0, 0.1), (1, 1), 100, 0.4, 0.6),
        ("cin_review", "CINR", (0.5, 0.0, 0.0, 0.0), (1, 1), 60, 0.5, 0.6),
        ("cla_review", "CLAR", (0.0, 0.0, 0.33, 0.1), (1, 1), 80, 0.6, 0.6),
        ("court_hearing", "CRT", (0.0, 0.0, 0.0, 0.6), (1, 2), 180, 1.0, 0.5),
        ("professional_liaison", "LIA", (2.2, 3.2, 2.2, 3.2), (1, 1), 18, 0.0, 0.0),
        ("family_contact", "FC", (0.8, 1.2, 1.2, 0.8), (1, 1), 15, 0.0, 0.0),
        ("court_statement", "CST", (0.0, 0.0, 0.0, 0.5), (2, 6), 110, 0.0, 0.0),
        ("assessment_writeup", "ASW", (0.5, 0.4, 0.1, 0.2), (2, 5), 85, 0.0, 0.0),
        ("care_plan", "CPL", (0.3, 0.3, 0.4, 0.3), (1, 3), 55, 0.0, 0.0),
        ("chronology", "CHR", (0.2, 0.4, 0.2, 0.8), (1, 3), 45, 0.0, 0.0),
        ("conference_report", "CRP", (0.1, 0.33, 0.33, 0.1), (1, 3), 70, 0.0, 0.0),
        ("case_notes", "REC", (0.5, 0.5, 0.5, 0.5), (1, 1), 30, 0.0, 0.0),
    ],
    columns=["task", "code", "rates", "sittings", "minutes", "travel", "notes"],
).set_index("task")
WRITTEN = ("court_statement", "assessment_writeup", "care_plan", "chronology", "conference_report")
VISITS = ("statutory_visit", "assessment_visit")
RANDOM = ("professional_liaison", "family_contact", "case_notes")


def working_days(
    cal: pd.DataFrame, n_workers: int, include_light: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys ``worker * 10_000 + day + BEFORE`` of the days a worker can do casework."""
    ok = cal["status"].eq("work") | (include_light & cal["status"].eq("light"))
    c = cal.loc[ok]
    keys = np.sort(c["worker"].to_numpy() * 10_000 + c["day"].to_numpy() + BEFORE)
    return keys, keys // 10_000


def next_working(
    keys: np.ndarray,
    owner: np.ndarray,
    worker: np.ndarray,
    day: np.ndarray,
    ahead: np.ndarray | int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``ahead``-th working day of each worker on or after ``day``, and whether it exists."""
    pos = np.searchsorted(keys, worker * 10_000 + day + BEFORE) + ahead
    ok = pos < len(keys)
    pos = np.minimum(pos, len(keys) - 1)
    ok &= owner[pos] == worker
    return keys[pos] % 10_000 - BEFORE, ok


def first_arrival(u: np.ndarray, ongoing: np.ndarray) -> np.ndarray:
    """The first arrival of a schedule with intervals of 70-130% of its period, in periods,
    from a uniform draw ``u``: for a case open before the span (``ongoing``) the time to
    the next arrival of the schedule already running (the renewal's forward recurrence
    time: density 1 up to 0.7, then ``(1.3 - a) / 0.6`` to 1.3; inverse CDF below), so
    arrivals come at the steady rate from the span's first day; for a case opened in the
    span, a uniform point of the first period.

    Begun at a uniform point of one period (as before fix35c), every ongoing case's schedule
    started afresh at the span's first day: arrivals from 0.7 to 1.0 periods in came at up
    to 1.5 times the steady rate, and fell to half of it after (court statements, a period
    of 61 days: +20% in the diary's first three weeks, -33% in its fourth).

    Examples
    --------
    >>> first_arrival(np.array([0.35, 0.7, 0.85, 1.0]), np.ones(4, bool)).round(4).tolist()
    [0.35, 0.7, 0.8757, 1.3]
    >>> u = np.linspace(0, 1, 200_001)  # the mean forward recurrence time E[X^2] / 2E[X]
    >>> round(float(first_arrival(u, np.ones(len(u), bool)).mean()), 4), 1.03 / 2
    (0.515, 0.515)
    """
    steady = np.where(u <= 0.7, u, 1.3 - np.sqrt(1.2 * (1 - np.minimum(u, 1.0))))
    return np.where(ongoing, steady, u)


def _regular(
    rng: np.random.Generator, rates: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Case, task and day of pieces that come round at intervals of 70-130% of 1 / rate,
    at the steady rate over the span for a case open before it (:func:`first_arrival`)."""
    case_i, task_i = np.nonzero(rates > 0)
    period = DAYS_PER_MONTH / rates[case_i, task_i]
    n_max = int(np.ceil((hi - lo).max() / (0.7 * period.min()))) + 2
    steps = period[:, None] * rng.uniform(0.7, 1.3, (len(period), n_max))
    steps[:, 0] = period * first_arrival(rng.random(len(period)), lo[case_i] <= -BEFORE)
    day = lo[case_i][:, None] + np.floor(np.cumsum(steps, axis=1)).astype(int)
    keep = day <= hi[case_i][:, None]
    rows = np.nonzero(keep)[0]
    return case_i[rows], task_i[rows], day[keep]


def spread(
    keys: np.ndarray, worker: np.ndarray, day: np.ndarray, ahead: np.ndarray, span: int
) -> tuple[np.ndarray, np.ndarray]:
    """The worker's working day at the same point of the span as ``day``, then ``ahead`` more.

    Work arriving over the calendar is spread over the days the worker works, so
    that a Monday or the day back from leave does not take the weekend's or the
    leave's arrivals on top of its own (a worker plans their week).
    """
    first = np.searchsorted(keys, worker * 10_000)
    count = np.searchsorted(keys, (worker + 1) * 10_000) - first
    pos = np.floor((day + BEFORE) / span * count).astype(int) + ahead
    ok = (pos >= 0) & (pos < count)
    return keys[first + np.clip(pos, 0, np.maximum(count - 1, 0))] % 10_000 - BEFORE, ok


def _rebalance(
    rng: np.random.Generator,
    s: pd.DataFrame,
    keys: np.ndarray,
    pieces: pd.DataFrame,
    cap: float = 420.0,
    rounds: int = 4,
) -> pd.DataFrame:
    """Move one-day pieces off overfull days to the worker's next working day, as a worker
    rebooks a visit: on a day whose casework (with travel) passes ``cap`` minutes, the
    one-day pieces past the cap, in a random order, go to the next working day."""
    one_day = (
        ~s["task"]
        .isin(
            (
                "court_statement",
                "assessment_writeup",
                "care_plan",
                "chronology",
                "conference_report",
                "court_hearing",
            )
        )
        .to_numpy()
    )
    travel = TASKS.loc[s["task"], "travel"].to_numpy()
    load = s["minutes"].to_numpy() * (1 + 0.6 * travel)
    order = rng.random(len(s))
    day = s["day"].to_numpy().copy()
    worker = s["worker"].to_numpy()
    for _ in range(rounds):
        o = np.lexsort((order, ~one_day, day, worker))
        wd = worker[o] * 10_000 + day[o]
        cum = pd.Series(load[o]).groupby(wd).cumsum().to_numpy()
        move = np.zeros(len(s), bool)
        move[o] = (cum > cap) & one_day[o]
        if not move.any():
            break
        pos = np.searchsorted(keys, worker[move] * 10_000 + day[move] + BEFORE) + 1
        ok = (pos < len(keys)) & (keys[np.minimum(pos, len(keys) - 1)] // 10_000 == worker[move])
        day[np.flatnonzero(move)[ok]] = keys[pos[ok]] % 10_000 - BEFORE
    del pieces
    return s.assign(day=day)


def draw_pieces(
    rng: np.random.Generator, cases: pd.DataFrame, workers: pd.DataFrame, scale: float
) -> pd.DataFrame:
    """The pieces each case asks for over the span: task, start day, who does it.

    Calls, liaison and stand-alone notes arrive at random (Poisson, rate x months
    open x ``scale``, uniform over the days open). Visits, meetings, hearings and
    written work come round at intervals (every 1 / rate months, each interval 70%
    to 130% of that, the first at a random point of one), as plans, reviews and
    court timetables make them do. A visit or a core group is done by a colleague
    of the same team in 6% of cases (cover). A closed case gets a closure summary
    (case notes) one to five days after its closing date.
    """
    ctype = pd.Categorical(cases["case_type"], categories=["CIN", "CP", "CLA", "PROCEEDINGS"])
    rates = np.stack(TASKS["rates"].to_numpy())[:, ctype.codes].T * scale  # (cases, tasks)
    lo_all, hi_all = cases["open_from"].to_numpy(), cases["open_to"].to_numpy()
    months = (hi_all - lo_all + 1) / DAYS_PER_MONTH
    random = TASKS.index.isin(RANDOM)[None, :]
    n = rng.poisson(rates * months[:, None] * random)
    case_i, task_i = np.nonzero(n)
    case_i, task_i = np.repeat(case_i, n[case_i, task_i]), np.repeat(task_i, n[case_i, task_i])
    lo, hi = lo_all[case_i], hi_all[case_i]
    day = lo + np.floor(rng.random(len(case_i)) * (hi - lo + 1)).astype(int)
    c2, t2, d2 = _regular(rng, rates * ~random, lo_all, hi_all)
    case_i, task_i, day = np.r_[case_i, c2], np.r_[task_i, t2], np.r_[day, d2]
    task = TASKS.index.to_numpy()[task_i]
    worker = cases["holder"].to_numpy()[case_i]
    cover = np.isin(task, (*VISITS, "core_group")) & (rng.random(len(task)) < 0.06)
    team = workers["team"].to_numpy()
    colleague = rng.integers(0, len(workers), len(task))
    cover &= team[colleague] == team[worker]
    worker = np.where(cover, colleague, worker)
    closed = cases.index[cases["closed"].ne("")].to_numpy()
    summary = pd.DataFrame(
        {
            "case": closed,
            "task": "case_notes",
            "day": cases.loc[closed, "open_to"].to_numpy() + 1 + rng.integers(1, 6, len(closed)),
            "worker": cases.loc[closed, "holder"].to_numpy(),
            "cover": False,
        }
    )
    p = pd.concat(
        [
            pd.DataFrame(
                {"case": case_i, "task": task, "day": day, "worker": worker, "cover": cover}
            ),
            summary,
        ],
        ignore_index=True,
    )
    p = p.assign(closure=np.r_[np.zeros(len(case_i), bool), np.ones(len(closed), bool)])
    return _thin(rng, p, workers, int(hi_all.max() - lo_all.min() + 1))


def _thin(
    rng: np.random.Generator,
    p: pd.DataFrame,
    workers: pd.DataFrame,
    span: int,
    per_day: float = 330.0,
) -> pd.DataFrame:
    """Leave undone the work a worker has no time for: a worker whose pieces would take more
    than ``per_day`` minutes of casework a working day does each with the probability that
    brings them to it (time per case falls as caseloads rise)."""
    spec = TASKS.loc[p["task"]]
    sit = np.array([(a + b) / 2 for a, b in spec["sittings"]])
    load = spec["minutes"].to_numpy() * sit * (1 + 0.6 * spec["travel"].to_numpy()) + (
        30 * spec["notes"].to_numpy()
    )
    days = span * 5 / 7 * workers["fte"].to_numpy() * 0.9
    mean = np.bincount(p["worker"], weights=load, minlength=len(workers)) / days
    keep = rng.random(len(p)) < np.minimum(1.0, per_day / mean)[p["worker"].to_numpy()]
    return p.loc[keep | p["closure"].to_numpy()].reset_index(drop=True)


def sittings(
    rng: np.random.Generator,
    pieces: pd.DataFrame,
    cal: pd.DataFrame,
    workers: pd.DataFrame,
    calls: str = "each",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pieces (with the follow-up calls added) and one row per sitting: the piece, its
    worker, day, minutes and order within the piece.

    ``calls`` says what a piece is for calls, liaison and stand-alone notes, which
    come one to three a day on a case: ``"per_day"`` all of a case's calls of one task
    on one day are one piece (a window of 0 as one diary day), ``"each"`` every call
    is a piece of its own.

    The first sitting is on the worker's first working day on or after the piece's
    start; each further sitting of written work one to three working days after the
    one before (a hearing: the next working day). Pieces running off the end of the
    span are cut there (nobody reads those days).
    """
    keys, owner = working_days(cal, len(workers), include_light=False)
    spec = TASKS.loc[pieces["task"]]
    lo = np.array([s[0] for s in spec["sittings"]])
    hi = np.array([s[1] for s in spec["sittings"]])
    k = lo + np.floor(rng.random(len(pieces)) * (hi - lo + 1)).astype(int)
    pid = np.repeat(np.arange(len(pieces)), k)
    seq = np.arange(len(pid)) - np.repeat(np.cumsum(k) - k, k)
    step = np.where(
        seq == 0,
        0,
        np.where(
            pieces["task"].to_numpy()[pid] == "court_hearing",
            1,
            rng.choice([1, 1, 2, 3], size=len(pid)),
        ),
    )
    ahead = pd.Series(step).groupby(pid).cumsum().to_numpy()
    worker = pieces["worker"].to_numpy()[pid]
    day, ok = spread(
        keys, worker, pieces["day"].to_numpy()[pid], ahead, int(cal["day"].max()) + BEFORE + 1
    )
    speed = workers["speed"].to_numpy()[worker]
    median = spec["minutes"].to_numpy()[pid] * speed
    minutes = np.maximum(5 * np.round(median * rng.lognormal(0, 0.35, len(pid)) / 5), 10)
    s = pd.DataFrame(
        {
            "piece": pid,
            "seq": seq,
            "worker": worker,
            "day": day,
            "minutes": minutes,
            "task": pieces["task"].to_numpy()[pid],
        }
    )
    s = s.loc[ok].copy()
    s = _rebalance(rng, s, keys, pieces)
    pieces, s = _follow_ups(rng, pieces, s, workers)
    return _calls(rng, pieces, s, calls)


def _calls(
    rng: np.random.Generator, pieces: pd.DataFrame, s: pd.DataFrame, calls: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One to three liaison contacts or calls with the family on a case on a day, as one
    piece (``calls="per_day"``) or each its own (``"each"``); see :func:`sittings`."""
    one_day = s["task"].isin(RANDOM).to_numpy()
    if calls == "per_day":  # a day's calls on one case are one piece
        key = s.loc[one_day].assign(case=pieces["case"].to_numpy()[s.loc[one_day, "piece"]])
        s.loc[one_day, "piece"] = (
            key.groupby(["worker", "case", "task", "day"])["piece"].transform("min").to_numpy()
        )
    # One to three liaison contacts or calls with the family on one case on one day.
    is_call = s["task"].isin(["professional_liaison", "family_contact"]).to_numpy()
    extra = np.where(is_call, rng.choice([1, 1, 1, 2, 3], size=len(s)), 1)
    s = s.loc[s.index.repeat(extra)].reset_index(drop=True)
    again = s.duplicated(["piece", "seq"]).to_numpy()
    s.loc[again, "minutes"] = np.maximum(5 * np.round(s.loc[again, "minutes"] * 0.6 / 5), 5)
    if calls == "each":  # a further call is a piece of its own
        old = s.loc[again, "piece"].to_numpy()
        s.loc[again, "piece"] = len(pieces) + np.arange(again.sum())
        pieces = pd.concat([pieces, pieces.iloc[old]], ignore_index=True)
    return pieces, s


def _follow_ups(
    rng: np.random.Generator,
    pieces: pd.DataFrame,
    s: pd.DataFrame,
    workers: pd.DataFrame,
    share: float = 0.3,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A call to a professional about a visit on the day of the visit (a third of visits):
    two pieces, two task types, on one case on one day."""
    v = s.loc[s["task"].isin(VISITS).to_numpy() & (rng.random(len(s)) < share)]
    new = len(pieces) + np.arange(len(v))
    speed = workers["speed"].to_numpy()[v["worker"].to_numpy()]
    minutes = np.maximum(5 * np.round(18 * speed * rng.lognormal(0, 0.35, len(v)) / 5), 5)
    add_p = pd.DataFrame(
        {
            "case": pieces["case"].to_numpy()[v["piece"].to_numpy()],
            "task": "professional_liaison",
            "day": v["day"].to_numpy(),
            "worker": v["worker"].to_numpy(),
            "cover": False,
            "closure": False,
        }
    )
    add_s = pd.DataFrame(
        {
            "piece": new,
            "seq": 0,
            "worker": v["worker"].to_numpy(),
            "day": v["day"].to_numpy(),
            "minutes": minutes,
            "task": "professional_liaison",
        }
    )
    return (pd.concat([pieces, add_p], ignore_index=True), pd.concat([s, add_s], ignore_index=True))
