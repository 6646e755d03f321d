"""A small generated WOMBAT observation export, and a second observer made by perturbation.

:func:`observation_example` writes what an observation study of social workers
would export from WOMBAT: tasks timed to the second with what / with whom / how /
where, interruptions (the interrupted task stops, a short task follows, and the
task is usually resumed), secondary activities (*Multi With*), tasks recorded
as overlapping rows, and paired sessions in which a second observer shadowed the
same worker. Its true answer is known by construction: the second observer's
records are the first observer's with every boundary moved by a few seconds and a
few labels changed (:func:`second_observer`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.observe._timeline import check_frame, need_columns

__all__ = ["observation_example", "second_observer"]

# what, subcategory, mean minutes, with whom, how, where, chance of being drawn
_MENU = [
    ("Documentation", "Case notes", 18, "Alone", "Computer", "Office", 0.24),
    ("Documentation", "Assessment write-up", 30, "Alone", "Computer", "Office", 0.12),
    ("Communication", "Phone call with parent", 8, "Parent/carer", "Phone", "Office", 0.12),
    ("Communication", "Liaison with school", 10, "Professional", "Phone", "Office", 0.08),
    ("Communication", "Email", 10, "Alone", "Computer", "Office", 0.10),
    ("Direct work", "Home visit", 50, "Child;Parent/carer", "Face to face", "Family home", 0.10),
    ("Meeting", "Core group", 50, "Parent/carer;Professional", "Face to face", "School", 0.04),
    ("Meeting", "Supervision", 40, "Professional", "Face to face", "Office", 0.05),
    ("Travel", "", 20, "Alone", "", "Car", 0.10),
    ("Break", "Lunch", 30, "Alone", "", "Office", 0.05),
]
_INTERRUPTERS = np.array([2, 3])  # menu items that interrupt: phone call, liaison
_SOURCES = np.array(["Phone", "Colleague", "Manager"])
_WHO = ["Child", "Parent/carer", "Professional", "Alone"]
_HOW = ["Face to face", "Phone", "Computer"]


def _session(rng: np.random.Generator, start: pd.Timestamp, hours: float) -> pd.DataFrame:
    """One observer's tasks for one session, in internal form (``_item`` is the menu row)."""
    p = np.array([m[6] for m in _MENU])
    n = 40
    item = rng.choice(len(_MENU), size=n, p=p / p.sum())
    hit = (item <= 1) & (rng.random(n) < 0.4)  # documentation interrupted
    resumed = hit & (rng.random(n) < 0.8)
    after = np.minimum(np.flatnonzero(hit & ~resumed) + 1, n - 1)
    item[after] = 8  # a task left unfinished: the worker has to go out
    hit[after] = resumed[after] = False
    is_doc = item <= 1
    mean = np.array([m[2] for m in _MENU], float)[item]
    minutes = np.clip(rng.lognormal(np.log(mean), 0.45), 1.0, 150.0)
    count = 1 + hit + resumed  # part one, the interrupting task, part two
    task = np.repeat(np.arange(n), count)
    role = np.arange(len(task)) - np.repeat(np.cumsum(count) - count, count)
    frac = rng.uniform(0.25, 0.75, n)[task]
    interrupter = rng.choice(_INTERRUPTERS, size=len(task))
    rows_item = np.where(role == 1, interrupter, item[task])
    length = np.where(
        role == 1,
        rng.uniform(2, 6, len(task)),
        np.where(hit[task], np.where(role == 0, frac, 1 - frac), 1.0) * minutes[task],
    )
    seconds = np.round(length * 60)
    begin = np.concatenate([[0], np.cumsum(seconds)[:-1]])
    keep = begin + seconds <= hours * 3600
    starts = start + pd.to_timedelta(begin, unit="s")
    out = pd.DataFrame(
        {
            "_item": rows_item,
            "start": starts,
            "end": starts + pd.to_timedelta(seconds, unit="s"),
            "interrupted_by": np.where(
                (role == 0) & hit[task], rng.choice(_SOURCES, len(task)), ""
            ),
            "multi_with": np.where(
                (role == 0) & is_doc[task] & ~hit[task] & (rng.random(len(task)) < 0.2),
                "Communication",
                "",
            ),
        }
    )[keep]
    doc_rows = out.index[(out["_item"] <= 1) & (out["interrupted_by"] == "")]
    chosen = doc_rows[rng.random(len(doc_rows)) < 0.25]
    email = out.loc[chosen].copy()  # an email answered while writing, recorded as its own row
    offset = (email["end"] - email["start"]) * rng.uniform(0.2, 0.6, len(email))
    email["start"] = email["start"] + offset.dt.round("s")
    email["end"] = email["start"] + pd.to_timedelta(rng.integers(60, 240, len(email)), unit="s")
    email = email.assign(_item=4, interrupted_by="", multi_with="")
    both = pd.concat([out, email[email["end"] <= out["end"].max()]], ignore_index=True)
    return both.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def second_observer(
    episodes: pd.DataFrame,
    *,
    jitter_s: float = 8.0,
    relabel: float = 0.05,
    column: str = "category",
    drop_overlapping: float = 0.3,
    observer: str = "OBS-B",
    seed: int = 0,
) -> pd.DataFrame:
    """A second observer's record of the same episodes: the first one, perturbed.

    Every distinct boundary time of a stream moves by a normal error of
    ``jitter_s`` seconds (shared boundaries stay shared, so back-to-back tasks
    stay back to back), a share ``relabel`` of episodes get another value of
    ``column``, and a share ``drop_overlapping`` of the episodes that start
    inside another are missed. ``observer`` and ``session_id`` (suffixed
    ``-B``) are set when present.

    Parameters
    ----------
    episodes : DataFrame
        The first observer's episodes (``worker_id``, ``start``, ``end``, ``column``).
    jitter_s : float
        Standard deviation of the boundary error, in seconds.
    relabel : float
        Share of episodes given another label.
    column : str
        The label column.
    drop_overlapping : float
        Share of overlapping episodes the second observer misses.
    observer : str
        The second observer's name.
    seed : int
        Seed of the random numbers.

    Returns
    -------
    DataFrame
        The second observer's episodes, in the columns of ``episodes``.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.simulate import second_observer
    >>> eps = pd.DataFrame({"worker_id": "W1", "category": ["recording", "admin"],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:30"]),
    ...     "end": pd.to_datetime(["2026-03-09 09:30", "2026-03-09 10:00"])})
    >>> b = second_observer(eps, relabel=0.0, seed=1)
    >>> bool((b["end"].iloc[0] == b["start"].iloc[1])), len(b)
    (True, 2)
    """
    check_frame(episodes)
    need_columns(episodes, ["start", "end", column])
    if jitter_s < 0 or not 0 <= relabel <= 1 or not 0 <= drop_overlapping <= 1:
        raise TimestudyError("`jitter_s` must be >= 0 and the shares between 0 and 1")
    rng = np.random.default_rng(seed)
    out = episodes.copy()
    stream_cols = [c for c in ("worker_id", "session_id") if c in out.columns]
    stream = out.groupby(stream_cols, sort=False).ngroup().to_numpy() if stream_cols else 0
    stream = np.broadcast_to(stream, (len(out),))
    times = np.concatenate(
        [out["start"].to_numpy("datetime64[us]"), out["end"].to_numpy("datetime64[us]")]
    )
    codes, uniq = pd.factorize(pd.MultiIndex.from_arrays([np.tile(stream, 2), times]))
    shift = np.round(rng.normal(0.0, jitter_s, len(uniq)) * 1e6).astype("int64")
    moved = times.view("int64") + shift[codes]
    start, end = moved[: len(out)], moved[len(out) :]
    end = np.maximum(end, start + 1_000_000)
    out["start"] = pd.to_datetime(start.astype("datetime64[us]"))
    out["end"] = pd.to_datetime(end.astype("datetime64[us]"))
    values, labels = pd.factorize(out[column])
    change = (rng.random(len(out)) < relabel) & (len(labels) > 1)
    step = rng.integers(1, max(2, len(labels)), len(out))
    out[column] = np.where(
        change, labels.to_numpy()[(values + step) % max(1, len(labels))], out[column]
    )
    order = np.lexsort((out["start"].to_numpy(), stream))
    run_end = pd.Series(out["end"].to_numpy()[order]).groupby(stream[order]).cummax().shift()
    inside = np.zeros(len(out), bool)
    inside[order] = (out["start"].to_numpy()[order] < run_end.to_numpy()) & (
        stream[order] == np.roll(stream[order], 1)
    )
    out = out[~(inside & (rng.random(len(out)) < drop_overlapping))]
    if "observer" in out.columns:
        out["observer"] = observer
    if "session_id" in out.columns:
        out["session_id"] = out["session_id"].astype("string") + "-B"
    return out.reset_index(drop=True)


def observation_example(
    n_workers: int = 4, sessions: int = 2, paired: int = 2, seed: int = 0
) -> pd.DataFrame:
    """A WOMBAT-style observation export of social workers, as read from the file.

    Parameters
    ----------
    n_workers : int
        Workers observed (``SW01``...).
    sessions : int
        Sessions per worker, one a day, morning or afternoon, about 3.5 hours each.
    paired : int
        How many workers' first session a second observer (``OBS3``) also
        recorded, for inter-observer reliability.
    seed : int
        Random seed.

    Returns
    -------
    DataFrame
        The columns of a WOMBAT export (``Observer``, ``Session ID``,
        ``Participant ID``, ``Session Date``, ``Task ID``, ``Start Time``,
        ``End Time``, ``Duration``, ``What (Work Tasks)`` and its subcategories,
        ``[With Whom] ...`` and ``[How] ...`` flags, ``Where``, ``Comments``,
        ``Multi With``, ``Interrupted By``), as text, ready for ``to_csv`` and
        :func:`timestudy.read_diary` with ``layout="wombat"``.

    Examples
    --------
    >>> from timestudy.simulate import observation_example
    >>> raw = observation_example(n_workers=2, sessions=1, paired=1)
    >>> raw["Observer"].unique().tolist()
    ['OBS1', 'OBS3', 'OBS2']
    """
    if n_workers < 1 or sessions < 1 or not 0 <= paired <= n_workers:
        raise TimestudyError(
            "`n_workers` and `sessions` must be at least 1 and `paired` from 0 to `n_workers`"
        )
    rng = np.random.default_rng(seed)
    frames = []
    for w in range(n_workers):
        for s in range(sessions):
            day = pd.Timestamp("2025-04-01") + pd.Timedelta(days=s)
            clock = pd.Timedelta(hours=9 if (w + s) % 2 == 0 else 13)
            begin = day + clock + pd.Timedelta(seconds=int(rng.integers(0, 2700)))
            f = _session(rng, begin, hours=3.5).assign(
                worker_id=f"SW{w + 1:02d}",
                session_id=f"S{w * sessions + s + 1:03d}",
                observer=f"OBS{w % 2 + 1}",
            )
            frames.append(f)
            if s == 0 and w < paired:
                b = second_observer(f, column="_item", relabel=0.08, seed=seed + w, observer="OBS3")
                frames.append(b.assign(session_id=f"S{900 + w + 1:03d}"))
    return _wombat(pd.concat(frames, ignore_index=True), rng)


def _hms(seconds: np.ndarray) -> np.ndarray:
    s = np.round(seconds).astype(np.int64)
    h, m, sec = s // 3600, s // 60 % 60, s % 60
    return np.char.add(
        np.char.add(np.char.zfill(h.astype(str), 2), ":"),
        np.char.add(
            np.char.add(np.char.zfill(m.astype(str), 2), ":"), np.char.zfill(sec.astype(str), 2)
        ),
    )


def _wombat(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Internal task rows as the text columns of a WOMBAT export."""
    menu = pd.DataFrame(_MENU, columns=["what", "sub", "mean", "who", "how", "where", "p"])
    m = menu.iloc[frame["_item"].to_numpy()].reset_index(drop=True)
    f = frame.reset_index(drop=True)
    start, end = f["start"], f["end"]
    midnight = start.dt.normalize()
    out = pd.DataFrame(
        {
            "Observer": f["observer"],
            "Session ID": f["session_id"],
            "Participant ID": f["worker_id"],
            "Session Date": start.dt.strftime("%d-%b-%Y"),
            "Task ID": f.groupby("session_id").cumcount() + 1,
            "Start Time": _hms((start - midnight).dt.total_seconds().to_numpy()),
            "End Time": _hms((end - midnight).dt.total_seconds().to_numpy()),
            "Duration": _hms((end - start).dt.total_seconds().to_numpy()),
            "What (Work Tasks)": m["what"],
            "What (Work Tasks) (subcategories)": m["sub"],
        }
    )
    for who in _WHO:
        out[f"[With Whom] {who}"] = m["who"].str.contains(who, regex=False).astype(int)
    for how in _HOW:
        out[f"[How] {how}"] = (m["how"] == how).astype(int)
    out["Where"] = m["where"]
    note = (m["what"] == "Direct work") & (rng.random(len(m)) < 0.5)
    out["Comments"] = np.where(note, "visit notes: family seen at home", "")
    out["Multi With"] = f["multi_with"].to_numpy()
    out["Interrupted By"] = f["interrupted_by"].to_numpy()
    return out
