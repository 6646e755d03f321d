"""Put each simulated sitting on one of its worker's working days, evening out the load."""

from __future__ import annotations

import numpy as np
import pandas as pd

# How far (in working days, before and after) a sitting may move to even out the days.
FIXED_TASKS = {"initial_cp_conference", "review_cp_conference", "court_hearing", "cla_review",
               "cin_review", "plo_meeting", "strategy_meeting", "core_group"}
VISIT_TASKS = {"statutory_visit", "unannounced_visit", "assessment_visit", "s47_enquiry",
               "direct_work_session"}
MOVES = {0: (-1, 2), 1: (-2, 2), 2: (-3, 4), 3: (-1, 1)}


def place_events(
    rng: np.random.Generator,
    ev: pd.DataFrame,
    workdays: pd.DataFrame,
    other_ev: pd.DataFrame,
    window: tuple[int, int],
) -> pd.DataFrame:
    """Put each sitting wanted near the diary ``window`` on a working day of its worker.

    Meetings and hearings move at most a day earlier or two later; visits two
    working days either way; a sitting of a piece written over several days one day
    either way; other work (recording, calls) three days earlier or four later; all
    move on when the worker is off. Each goes to the least loaded day in its
    window on which the same piece, and no other piece of the same task on the same
    case, has a sitting yet; pieces of different tasks of one case may share a day. Sittings wanted far from the diary keep their wanted day
    (``placed`` False): they exist for the truth of the pieces they belong to.

    Returns
    -------
    DataFrame
        ``ev`` with ``day_index`` (-1: could not be placed, dropped) and ``placed``.
    """
    lo_w, hi_w = window
    near = ((ev["want_day"] >= lo_w - 5) & (ev["want_day"] < hi_w + 5)).to_numpy()
    available = {
        wid: g.loc[g["absence"] == "", "day_index"].to_numpy()
        for wid, g in workdays.groupby("worker_id", sort=False)
    }
    load: dict[tuple[str, int], float] = (
        other_ev.groupby(["worker_id", "day_index"])["direct_min"].sum().to_dict()
    )
    task = ev["task_type"].to_numpy()
    several = ev.groupby("piece")["sitting"].transform("max").to_numpy() > 0
    priority = np.where(np.isin(task, list(FIXED_TASKS)), 0,
                        np.where(np.isin(task, list(VISIT_TASKS)), 1, np.where(several, 3, 2)))
    order = np.lexsort((rng.random(len(ev)), priority))
    order = order[near[order]]
    minutes = (ev["direct_min"] + ev["travel_min"] + ev["travel_back_min"]
               + ev["notes_min"]).to_numpy()
    piece = ev["piece"].to_numpy()
    # Two pieces of one task type on one case never share a day: a diary could not tell
    # them apart (the rules would make them one piece).
    same = pd.factorize(pd.MultiIndex.from_arrays([ev["case_pos"], ev["task_type"]]))[0]
    want = ev["want_day"].to_numpy()
    workers = ev["worker_id"].to_numpy()
    out_day = np.where(near, -1, want)
    used: set[tuple[int, int]] = set()
    for j in order:  # sequential by design: each placement changes the next one's load
        days = available[workers[j]]
        lo, hi = MOVES[int(priority[j])]
        a = np.searchsorted(days, want[j] + lo)
        b = np.searchsorted(days, want[j] + hi, side="right")
        def ok(d, j=j):
            return (piece[j], d) not in used and (-1 - same[j], d) not in used

        window_days = [d for d in days[a:b] if ok(d)]
        if not window_days:  # off or busy in the window: the next free working day
            window_days = next(([d] for d in days[b:] if ok(d)), [])
        if not window_days:
            continue
        day = min(window_days, key=lambda d: (load.get((workers[j], d), 0.0), abs(d - want[j])))
        out_day[j] = day
        used.update(((piece[j], day), (-1 - same[j], day)))
        load[(workers[j], day)] = load.get((workers[j], day), 0.0) + minutes[j]
    ev = ev.assign(day_index=out_day, placed=near)
    return ev.loc[ev["day_index"] >= 0].drop(columns="want_day").reset_index(drop=True)
