"""Lay each simulated worker-day out as a sequence of diary episodes, and write the text.

The day starts with email, then visits (travel out, the visit, travel back),
meetings and office tasks in a random order, lunch once the clock passes 12:15,
then the recording the day's work brought. Recording that does not start before
the worker's usual finishing time moves into the evening, where it may cross
midnight: it stays on the diary day it belongs to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.simulate import params as P

LUNCH_AFTER = 12 * 60 + 15
SPLIT_RECORDING_OVER = 150
LATEST_END = 26 * 60 + 30  # 02:30 the next morning  # minutes: long recording is written in two sittings
DAY_ENDS = 28 * 60  # 04:00 the next morning: the next diary day begins


def _gap(rng: np.random.Generator) -> int:
    return int(min(12, rng.exponential(3.0)))


FIELDS = ("worker_id", "day_index", "start_min", "duration_min", "task_type", "case_pos",
          "location", "miles", "piece", "phrase")


def lay_out_days(
    rng: np.random.Generator,
    case_ev: pd.DataFrame,
    other_ev: pd.DataFrame,
    workdays: pd.DataFrame,
    workers: pd.DataFrame,
) -> pd.DataFrame:
    """Turn sittings into timed episodes, one worker-day at a time.

    Case notes are written the same day, or (``NOTES_NEXT_DAY`` of the time) on
    the worker's next working day of the diary.

    Returns one row per episode with ``worker_id``, ``day_index``, ``start_min``
    (minutes after midnight of the diary date, over 1440 after midnight),
    ``duration_min``, ``task_type``, ``case_pos`` (-1 for non-case work),
    ``location``, ``miles`` (travel only), ``piece`` (the piece of work the
    episode is part of or serves, -1 for non-case work) and ``phrase``.
    """
    by_day_case = _rows_by_day(case_ev, ["task_type", "case_pos", "direct_min", "notes_min",
                                         "travel_min", "travel_back_min", "where", "miles",
                                         "piece", "phrase"])
    by_day_other = _rows_by_day(other_ev, ["task_type", "direct_min"])
    start_min = dict(zip(workers["worker_id"], workers["_start_min"], strict=True))
    end_min = dict(zip(workers["worker_id"], workers["_end_min"], strict=True))
    absence_min = dict(zip(workers["worker_id"], (workers["contracted_hours"] * 60
                           / workers["_days"].map(len)).round(), strict=True))
    cols: dict[str, list] = {k: [] for k in FIELDS}

    def emit(wid, day, start, item):
        task, dur, case_pos, location, miles, piece, phrase = item
        for k, v in zip(FIELDS, (wid, day, start, dur, task, case_pos, location, miles, piece,
                                 phrase), strict=True):
            cols[k].append(v)

    carry: dict[str, list] = {}
    for wid, day, absence in zip(
        workdays["worker_id"], workdays["day_index"], workdays["absence"], strict=True
    ):
        if absence:
            emit(wid, day, 9 * 60, (absence, int(absence_min[wid]), -1, "", 0.0, -1, absence))
            continue
        blocks, queue, email = _day_blocks(rng, by_day_case.get((wid, day)),
                                           by_day_other.get((wid, day)))
        later = [b for b in queue if b[0][0] == "case_notes" and rng.random() < P.NOTES_NEXT_DAY]
        queue = carry.pop(wid, []) + [b for b in queue if not any(b is x for x in later)]
        rng.shuffle(blocks)
        left = _lay_out_day(rng, wid, day, blocks, queue, email, start_min[wid], end_min[wid],
                            emit)
        carry[wid] = later + left
    out = pd.DataFrame(cols)
    out["duration_min"] = out["duration_min"].astype(int)
    out = out[out["duration_min"] > 0]
    return out.reset_index(drop=True)


def _lay_out_day(rng, wid, day, blocks, queue, email, start, end, emit) -> list:
    """Email, then the day's blocks with lunch, then recording; the rest in the evening.

    Evening work that would run past ``DAY_ENDS`` (04:00, when the next diary day
    begins) is not written today: it is returned, to be done on the next working day.
    """
    t = int(start + rng.normal(0, 10))
    end_of_day = end + rng.normal(0, 15)
    lunch_done = False
    if email:
        morning = max(5, round(email * 0.6))
        emit(wid, day, t, ("email_admin", morning, -1, "office", 0.0, -1, "email_admin"))
        t += morning + _gap(rng)
        queue.append([("email_admin", email - morning, -1, "office", 0.0, -1, "email_admin")])
    evening: list[tuple] = []
    left: list[list[tuple]] = []
    for i, block in enumerate(blocks + queue):
        if i >= len(blocks) and t >= end_of_day:  # deferrable: to the evening
            evening.extend(block)
            continue
        if not lunch_done and t >= LUNCH_AFTER:
            lunch = int(rng.integers(*P.LUNCH_MINUTES))
            emit(wid, day, t, ("break", lunch, -1, "office", 0.0, -1, "break"))
            t += lunch + _gap(rng)
            lunch_done = True
        for item in block:
            emit(wid, day, t, item)
            t += item[1] + _gap(rng)
    if evening:
        # Evening catch-up after a break, but finished before the diary day ends.
        need = sum(item[1] for item in evening) + 5 * len(evening)
        t = max(t + _gap(rng), min(max(t + 60, int(19 * 60 + 30 + rng.uniform(0, 90))),
                                   LATEST_END - need))
        for item in evening:
            if t + item[1] > DAY_ENDS:  # the next diary day has begun: tomorrow's work
                left.append([item])
                _gap(rng)  # the same draws as when it fits: the rest of the study unchanged
                continue
            emit(wid, day, t, (*item[:3], "home", *item[4:]))
            t += item[1] + _gap(rng)
    return left


def _rows_by_day(ev: pd.DataFrame, cols: list[str]) -> dict[tuple[str, int], list[tuple]]:
    """Rows of ``ev`` as plain tuples, grouped by (worker_id, day_index)."""
    out: dict[tuple[str, int], list[tuple]] = {}
    keys = zip(ev["worker_id"].tolist(), ev["day_index"].tolist(), strict=True)
    rows = zip(*(ev[c].tolist() for c in cols), strict=True)
    for key, row in zip(keys, rows, strict=True):
        out.setdefault(key, []).append(row)
    return out


def _day_blocks(rng, case_ev, other_ev):
    """Split a day's sittings into ordered blocks, deferrable recording and email minutes.

    Each item is ``(task, minutes, case_pos, location, miles, piece, phrase)``.
    """
    blocks: list[list[tuple]] = []
    queue: list[list[tuple]] = []
    email = 0
    for task, dur in other_ev or ():
        if task == "email_admin":
            email += int(dur)
        else:
            loc = "training venue" if task == "training" else "office"
            blocks.append([(task, int(dur), -1, loc, 0.0, -1, task)])
    for task, pos, direct, notes, out, back, where, miles, piece, phrase in case_ev or ():
        dur = int(direct)
        if P.TASK_CATEGORY[task] == "recording":
            item = (task, dur, pos, "office", 0.0, piece, phrase)
            if dur > SPLIT_RECORDING_OVER:
                first = int(dur * rng.uniform(0.4, 0.6))
                blocks.append([(task, first, *item[2:])])
                queue.append([(task, dur - first, *item[2:])])
            else:
                queue.append([item])
            continue
        place = {"home": "family home", "venue": "school", "court": "court"}.get(where, "office")
        mode = "train" if miles > 60 else "car"
        block = [("travel", int(out), pos, mode, miles, piece, "travel")] if out else []
        block.append((task, dur, pos, place, 0.0, piece, phrase))
        if back:
            block.append(("travel", int(back), pos, mode, miles, piece, "travel"))
        blocks.append(block)
        if notes:
            queue.append([("case_notes", int(notes), pos, "office", 0.0, piece, "case_notes")])
    return blocks, queue, email


def _typo(rng: np.random.Generator, text: str) -> str:
    """Swap two neighbouring letters in one longer word, as hurried typing does."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = long[int(rng.integers(len(long)))]
    w = words[i]
    j = int(rng.integers(1, len(w) - 2))
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _untidy(rng: np.random.Generator, texts: np.ndarray, tasks: np.ndarray) -> np.ndarray:
    """Typos in a share of texts; a few replaced by vague words (never breaks or leave)."""
    n = len(texts)
    out = texts.copy()
    for i in np.flatnonzero(rng.random(n) < P.TYPO_SHARE):
        out[i] = _typo(rng, str(out[i]))
    vague = (rng.random(n) < P.VAGUE_SHARE) & ~np.isin(tasks, ["break", "leave", "sickness"])
    out[vague] = rng.choice(P.VAGUE_TEXTS, int(vague.sum()))
    return out


def describe(
    rng: np.random.Generator, eps: pd.DataFrame, cases: pd.DataFrame
) -> pd.DataFrame:
    """Write each episode's free text and, for some, an activity code."""
    n = len(eps)
    pos = eps["case_pos"].to_numpy()
    has_case = pos >= 0
    safe = np.where(has_case, pos, 0)
    surname = np.where(has_case, cases["_surname"].to_numpy()[safe], "")
    place = np.where(has_case, cases["_place"].to_numpy()[safe], "")
    school = np.where(has_case, cases["_school"].to_numpy()[safe], P.SCHOOLS[0])
    pro = rng.choice(P.PROFESSIONALS, n)
    system = rng.choice(P.SYSTEMS, n)
    pick = rng.random(n)
    texts = np.empty(n, dtype=object)
    tasks = eps["task_type"].to_numpy()
    phrase_set = np.asarray(eps["phrase"].to_numpy(), dtype=object).copy()
    travel = np.flatnonzero(tasks == "travel")
    if len(travel):
        leg = eps.iloc[travel].groupby(["worker_id", "day_index", "piece"]).cumcount()
        after = np.append(tasks, "")[np.minimum(travel + 1, n)]
        where = np.select([after == "court_hearing", np.isin(after, ["core_group", "cin_review"])],
                          ["court", "venue"], "home")
        by_train = eps["location"].to_numpy()[travel] == "train"
        back = leg.to_numpy() % 2 == 1
        phrase_set[travel] = np.where(by_train, np.where(back, "train_back", "train"),
                                      np.where(back, "back", where))
    for key in np.unique(phrase_set):
        idx = np.flatnonzero(phrase_set == key)
        templates = P.TRAVEL_PHRASES.get(key) or P.PHRASE_VARIANTS.get(key) or P.PHRASES[key]
        choice = (pick[idx] * len(templates)).astype(int)
        texts[idx] = [
            templates[c].format(n=surname[i], p=place[i], s=school[i], pro=pro[i], sys=system[i])
            .replace("  ", " ").strip(" -")
            for c, i in zip(choice, idx, strict=True)
        ]
    texts = _untidy(rng, texts, tasks)
    case_text = np.char.lower(texts.astype(str))
    # Vary case as workers do: some all lower case, a few all upper case.
    style = rng.random(n)
    texts = np.where(style < 0.25, case_text, texts)
    texts = np.where(style > 0.97, np.char.upper(texts.astype(str)), texts)
    codes = np.where(
        rng.random(n) < P.CODE_SHARE, eps["task_type"].map(P.CODES).to_numpy(), None
    )
    secondary = np.where(
        (eps["task_type"].to_numpy() == "travel") & (eps["location"].to_numpy() == "train")
        & (rng.random(n) < 0.5), "emails on the train", None
    )
    return eps.assign(activity=texts, activity_code=codes, secondary_activity=secondary)
