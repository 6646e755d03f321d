"""The working day: sittings, travel, notes and non-case work laid out in clock time.

Every episode belongs to a *block* (a journey out, a visit and the journey back;
a sitting of a statement; a liaison call; an hour of email). The blocks of a
worker-day are put in an order (email first thing, a team meeting on Tuesday
mornings, lunch mid-day, notes of the day's visits at the end of the day, often in
the evening, notes left for the next morning first thing) and laid end to end from
a start between 08:00 and 09:30 with short gaps. A return journey is recorded
without its case by some workers ("travel back to office").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .work import TASKS, WRITTEN, next_working, working_days

NON_CASE = pd.DataFrame.from_records(
    [
        ("email_admin", "ADM", "emails and admin", 35),
        ("team_meeting", "TM", "team meeting", 75),
        ("supervision", "SUP", "supervision with TM", 75),
        ("training", "TRN", "training", 150),
        ("duty", "DUTY", "duty desk", 200),
        ("break", "BRK", "lunch", 30),
    ],
    columns=["task", "code", "text", "minutes"],
).set_index("task")
TEXT = {
    "statutory_visit": "statutory visit - {n}",
    "assessment_visit": "C&F assessment visit {n}",
    "core_group": "core group {n}",
    "review_cp_conference": "RCPC {n}",
    "cin_review": "CIN review {n}",
    "cla_review": "CLA review {n}",
    "court_hearing": "court hearing {n}",
    "professional_liaison": "liaison with school re {n}",
    "family_contact": "phone call with mum ({n})",
    "court_statement": "SWET {n}",
    "assessment_writeup": "writing C&F assessment {n}",
    "care_plan": "care plan {n}",
    "chronology": "chronology {n}",
    "conference_report": "conference report {n}",
    "case_notes": "case notes {n}",
}


def extras(
    rng: np.random.Generator,
    s: pd.DataFrame,
    pieces: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame,
    cal: pd.DataFrame,
) -> pd.DataFrame:
    """Travel legs and follow-up notes of the sittings that bring them.

    A piece with travel (every visit; a meeting or hearing by its task's chance)
    has a leg out and a leg back at each sitting, each of 8 minutes plus 1.7 per
    mile of the case's distance (noise 20%). A piece with notes has one write-up
    after its first sitting: the same day (65%, a quarter of them in the evening)
    or first thing on the next working day.
    """
    first = ~s.duplicated("piece").to_numpy()
    piece_travel = rng.random(len(pieces)) < TASKS.loc[pieces["task"], "travel"].to_numpy()
    piece_notes = rng.random(len(pieces)) < TASKS.loc[pieces["task"], "notes"].to_numpy()
    miles = cases["travel_miles"].to_numpy()[pieces["case"].to_numpy()[s["piece"].to_numpy()]]
    trav = piece_travel[s["piece"].to_numpy()] & ~s.duplicated(["piece", "seq"]).to_numpy()
    t = s.loc[trav]
    legs = []
    for seq, name in ((0, "out"), (2, "back")):
        m = (8 + 1.7 * miles[trav]) * rng.lognormal(0, 0.2, trav.sum())
        uncoded = (seq == 2) & (
            rng.random(len(t)) < workers["uncoded_return"].to_numpy()[t["worker"].to_numpy()]
        )
        legs.append(
            t.assign(
                kind="travel",
                pos=seq,
                leg=name,
                uncoded=uncoded,
                minutes=np.maximum(5 * np.round(m / 5), 5),
                block=t.index,
            )
        )
    n = s.loc[first & piece_notes[s["piece"].to_numpy()]]
    med = 30 * workers["speed"].to_numpy()[n["worker"].to_numpy()]
    same = rng.random(len(n)) < 0.65
    keys, owner = working_days(cal, len(workers), include_light=True)
    nxt, ok = next_working(keys, owner, n["worker"].to_numpy(), n["day"].to_numpy() + 1)
    notes = n.assign(
        kind="notes",
        pos=0,
        leg="",
        uncoded=False,
        day=np.where(same, n["day"], nxt),
        minutes=np.maximum(5 * np.round(med * rng.lognormal(0, 0.4, len(n)) / 5), 5),
        block=-1 - np.arange(len(n)),
        evening=same & (rng.random(len(n)) < 0.25),
        next_day=~same,
    )
    notes = notes.loc[same | ok]
    return pd.concat([*legs, notes], ignore_index=True)


def non_case(rng: np.random.Generator, cal: pd.DataFrame, workers: pd.DataFrame) -> pd.DataFrame:
    """The non-case work and lunch of each worked diary day.

    Email and admin twice a day; a team meeting on Tuesdays; supervision once in
    four weeks; a training half-day for a third of workers; a duty day for each
    worker about once a fortnight; lunch on four days in five. A light day (a
    flexi afternoon) has an hour or two of email and admin and nothing else.
    """
    d = cal.loc[cal["in_diary"] & cal["status"].isin(["work", "light"])].reset_index(drop=True)
    light = d["status"].eq("light").to_numpy()
    wd = (d["day"] % 7).to_numpy()
    rows = [
        ("email_admin", np.ones(len(d), bool), 0.02),
        ("email_admin", ~light, None),
        ("team_meeting", ~light & (wd == 1), 0.12),
        ("break", ~light & (rng.random(len(d)) < 0.8), 0.5),
    ]
    per_worker = d.groupby("worker").cumcount().to_numpy()
    n_days = d.groupby("worker")["day"].transform("size").to_numpy()
    pick = np.floor(rng.random(len(workers)) * 1e6).astype(int)
    sup = (per_worker == pick[d["worker"]] % n_days) & ~light
    train = (
        (per_worker == (pick[d["worker"]] // 7) % n_days)
        & ~light
        & (rng.random(len(workers)) < 0.33)[d["worker"]]
    )
    duty = ~light & (rng.random(len(d)) < 0.1)
    rows += [("supervision", sup, None), ("training", train, 0.3), ("duty", duty, None)]
    out = []
    for task, on, key in rows:
        x = d.loc[on, ["worker", "day"]]
        m = NON_CASE.loc[task, "minutes"] * workers["speed"].to_numpy()[x["worker"].to_numpy()] ** (
            task != "break"
        )
        m = m * rng.lognormal(0, 0.3 if task != "break" else 0.0, len(x))
        k = rng.uniform(0.1, 0.9, len(x)) if key is None else np.full(len(x), key)
        out.append(x.assign(task=task, minutes=np.maximum(5 * np.round(m / 5), 5), key=k))
    return pd.concat(out, ignore_index=True).assign(kind="noncase", piece=-1, pos=0)


def top_up(
    rng: np.random.Generator,
    ep: pd.DataFrame,
    cal: pd.DataFrame,
    day_hours: np.ndarray | None = None,
) -> pd.DataFrame:
    """Admin and reading that fill an ordinary day to about seven hours (not a light day):
    a worker with little case work on a day does the background work that waits. With
    ``day_hours`` (each worker's contracted day), to that day's share of 7.4 hours of it."""
    work = ep.loc[ep["task"].ne("break")]
    total = work.groupby(["worker", "day"])["minutes"].sum()
    status = cal.set_index(["worker", "day"])["status"].reindex(total.index)
    target = rng.normal(435, 25, len(total))
    if day_hours is not None:
        target = target * day_hours[total.index.get_level_values("worker")] / 7.4
    need = np.where(status.eq("work").to_numpy(), target - total.to_numpy(), 0)
    short = need >= 15
    idx = total.index[short].to_frame(index=False)
    return idx.assign(
        task="email_admin",
        minutes=5 * np.round(need[short] / 5),
        key=rng.uniform(0.55, 0.95, short.sum()),
        kind="noncase",
        piece=-1,
        pos=0,
    )


def lay_out(
    rng: np.random.Generator, ep: pd.DataFrame, night: np.ndarray | None = None
) -> pd.DataFrame:
    """Clock times: the blocks of a worker-day in order of ``key``, end to end with gaps.

    A worker of ``night`` (a flag per worker) begins between 19:30 and 20:00 and has no
    evening gap; their shift runs past midnight into the next date, on the day it began."""
    ep = ep.sort_values(["worker", "day", "key", "block", "pos"], kind="stable")
    ep = ep.reset_index(drop=True)
    wd = ep["worker"].to_numpy() * 100_000 + ep["day"].to_numpy()
    new_day = np.r_[True, wd[1:] != wd[:-1]]
    new_block = new_day | np.r_[True, ep["block"].to_numpy()[1:] != ep["block"].to_numpy()[:-1]]
    gap = np.where(
        new_block, rng.choice([0, 0, 5, 10, 15], len(ep)), rng.choice([0, 0, 5], len(ep))
    )
    is_night = np.zeros(len(ep), bool) if night is None else night[ep["worker"].to_numpy()]
    evening = ep["evening"].fillna(False).to_numpy(bool) & ~is_night
    gap = gap + evening * rng.choice([90, 120, 150], len(ep))
    gap[new_day] = 0
    step = gap + ep["minutes"].to_numpy()
    end = pd.Series(step).groupby(wd).cumsum().to_numpy()
    begin = rng.integers(0, 19, len(ep)) * 5 + 480  # 08:00 to 09:30
    begin = np.where(is_night, 1170 + 5 * ((begin - 480) // 15), begin)  # 19:30 to 20:00
    day_begin = pd.Series(np.where(new_day, begin, 0)).groupby(wd).transform("max").to_numpy()
    ep["start_min"] = day_begin + end - ep["minutes"].to_numpy()
    return ep


def written_ids(ep: pd.DataFrame, workers: pd.DataFrame, cases: pd.DataFrame) -> pd.Series:
    """The ``instance_id`` a worker who keeps one writes on each sitting of written work."""
    keeps = workers["keeps_id"].to_numpy()[ep["worker"].to_numpy()]
    written = ep["task"].isin(WRITTEN).to_numpy() & ep["kind"].eq("direct").to_numpy()
    code = TASKS["code"].reindex(ep["task"]).fillna("").to_numpy()
    case = cases["case_id"].to_numpy()[np.maximum(ep["case"].fillna(-1).to_numpy(int), 0)]
    ids = pd.Series(
        code + "-" + case + "-" + ep["piece"].astype(str).to_numpy(), index=ep.index, dtype="string"
    )
    return ids.where(keeps & written)
