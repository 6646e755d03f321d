"""The tables of :func:`~timestudy.observe.interruption`, built from one row per task,
and the recorded interruptions' sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.observe._counted import covered_minutes, own_minutes
from timestudy.observe._timeline import label_names


def _aggregate(tasks: pd.DataFrame, group: np.ndarray, n: int, hours: np.ndarray) -> pd.DataFrame:
    """The by-label columns for ``n`` groups of tasks (``group`` codes 0..n-1)."""
    interrupted = (tasks["interruptions"] > 0).to_numpy()
    never = tasks["never_resumed"].astype("Float64").fillna(np.nan).to_numpy(float)
    frame = pd.DataFrame(
        {
            "g": group,
            "interrupted": interrupted.astype(float),
            "interruptions": tasks["interruptions"].to_numpy(float),
            "never": np.where(interrupted, never, np.nan),
            "task_min": tasks["task_min"].to_numpy(float),
        }
    )
    agg = frame.groupby("g").agg(
        tasks=("task_min", "size"),
        interrupted_tasks=("interrupted", "sum"),
        interruptions=("interruptions", "sum"),
        share_never_resumed=("never", "mean"),
        mean_task_min=("task_min", "mean"),
        median_task_min=("task_min", "median"),
    )
    out = agg.reindex(range(n))
    counts = ["tasks", "interrupted_tasks", "interruptions"]
    out[counts] = out[counts].fillna(0).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out.insert(2, "share_interrupted", out["interrupted_tasks"] / out["tasks"])
        out.insert(4, "hours", hours)
        out.insert(
            5, "interruptions_per_hour", np.where(hours > 0, out["interruptions"] / hours, np.nan)
        )
    return out


def label_table(p, tasks: pd.DataFrame, method: str, quiet: np.ndarray) -> pd.DataFrame:
    """By label, then ``all``; the ``all`` row's hours are the time observed (episodes
    counted once plus each stream's ``quiet`` minutes: :mod:`timestudy.observe._span`)."""
    group = p.stream * len(p.labels) + p.label
    codes, uniq = pd.factorize(group)
    n = len(p.streams)
    per_group = covered_minutes(p.frame, p.stream, p.start, p.end, n, codes.astype(np.int64),
                                len(uniq))
    label_hours = np.bincount(uniq % len(p.labels), per_group, len(p.labels)) / 60
    hours = (covered_minutes(p.frame, p.stream, p.start, p.end, n).sum() + quiet.sum()) / 60
    table = _aggregate(tasks, tasks["_label"].to_numpy(), len(p.labels), label_hours)
    table.index = p.labels
    total = _aggregate(tasks, np.zeros(len(tasks), np.int64), 1, np.array([hours]))
    if isinstance(p.labels, pd.MultiIndex):
        total.index = pd.MultiIndex.from_tuples(
            [("all",) + ("",) * (p.labels.nlevels - 1)], names=p.labels.names
        )
    else:
        total.index = pd.Index(["all"], name=p.labels.name)
    out = pd.concat([table, total])
    if method == "sequence":
        out["share_never_resumed"] = np.nan
    return out


def durations_table(tasks: pd.DataFrame) -> pd.DataFrame:
    """Time on task by status, with ``workers``: the people whose tasks they are."""
    status = np.where(tasks["interruptions"] > 0, "interrupted", "uninterrupted")
    g = tasks.groupby(status)["task_min"]
    out = pd.DataFrame(
        {
            "workers": tasks.groupby(status)["_person"].nunique(),
            "tasks": g.size(),
            "mean_min": g.mean(),
            "median_min": g.median(),
            "q25_min": g.quantile(0.25),
            "q75_min": g.quantile(0.75),
        }
    )
    out = out.reindex(["interrupted", "uninterrupted"]).fillna({"tasks": 0, "workers": 0})
    return out.astype({"workers": np.int64}).rename_axis("status")


def stream_table(p, tasks: pd.DataFrame, quiet: np.ndarray) -> pd.DataFrame:
    n = len(p.streams)
    hours = (covered_minutes(p.frame, p.stream, p.start, p.end, n) + quiet) / 60
    s = tasks["_stream"].to_numpy()
    n_tasks = np.bincount(s, minlength=n)
    n_int = np.bincount(s, tasks["interruptions"].to_numpy(float), n)
    interrupted = np.bincount(s, (tasks["interruptions"] > 0).to_numpy(float), n)
    out = p.streams.assign(hours=hours, tasks=n_tasks, interruptions=n_int.astype(np.int64))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["interruptions_per_hour"] = np.where(hours > 0, n_int / hours, np.nan)
        out["share_interrupted"] = np.where(n_tasks > 0, interrupted / n_tasks, np.nan)
    return out


def sources_table(named: pd.Series, who: np.ndarray) -> pd.DataFrame:
    """Interruptions by source, with ``workers``: how many people (``who``, each
    interruption's: its ``participant_key`` where the episodes have one) a source
    interrupted."""
    counts = named.value_counts().rename("interruptions")
    out = counts.to_frame().rename_axis("source")
    out["share"] = out["interruptions"] / out["interruptions"].sum() if len(out) else []
    people = pd.Series(who, dtype=object).groupby(named.to_numpy(object)).nunique()
    out.insert(0, "workers", people.reindex(out.index).fillna(0).astype(np.int64))
    return out


def field_counts(
    episodes: pd.DataFrame, column: str
) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Interruptions per row (non-blank ``;``-separated sources), every source named and its row."""
    text = episodes[column].astype("string").str.strip()
    rows = np.flatnonzero((text.notna() & (text != "")).to_numpy(bool))
    parts = text.iloc[rows].reset_index(drop=True).str.split(";").explode().str.strip()
    parts = parts[parts.notna() & (parts != "")]
    at = rows[parts.index.to_numpy(np.int64)]
    counts = np.zeros(len(episodes), np.int64)
    np.add.at(counts, at, 1)
    return counts, parts.reset_index(drop=True).astype(object), at


def source_labels(p, episodes: pd.DataFrame, named: pd.Series, at: np.ndarray) -> pd.Series:
    """Each named source as the label of the task it names, where it names a task id.

    WOMBAT's *interrupted by* holds the interrupting task's id: an interruption then
    comes from that task's label (its category, or the ``by`` columns) in the same
    stream, so the sources table says where interruptions come from rather than
    listing task ids. A source naming no task of its stream is kept as written.
    """
    if "task_id" not in episodes.columns or not len(named):
        return named
    ids = episodes["task_id"].astype("string").str.strip()
    has = ids.notna().to_numpy(bool)
    known = pd.Series(
        p.label[has],
        index=pd.MultiIndex.from_arrays([p.stream[has], ids[has].to_numpy(object)]),
    )
    known = known[~known.index.duplicated()]
    where = known.index.get_indexer(
        pd.MultiIndex.from_arrays([p.stream[at], named.to_numpy(object)])
    )
    names = np.asarray(label_names(p.labels), dtype=object)
    label = names[known.to_numpy()[np.maximum(where, 0)]] if len(known) else named.to_numpy()
    return pd.Series(np.where(where >= 0, label, named.to_numpy(object)), dtype=object)


def named_inside(p, episodes: pd.DataFrame, named: pd.Series, at: np.ndarray) -> np.ndarray:
    """For each named source, the row of the task it names where that task lies within the
    interrupted row's clock span (the row was not cut at the pause: a layout without
    pause columns), else -1.

    Such a row holds its interruption: the interrupted task went on after it where the
    row ends later (it was resumed), and its time on task leaves the interruption out.

    Examples
    --------
    Notes 10:20-11:00 (minutes 0-40) interrupted by t4, a call 10:30-10:35 (10-15):

    >>> from types import SimpleNamespace
    >>> from timestudy.observe._timeline import US_PER_MIN
    >>> p = SimpleNamespace(stream=np.array([0, 0]), start=np.array([0, 10]),
    ...                     end=np.array([40, 15]))
    >>> e = pd.DataFrame({"task_id": ["t3", "t4"]})
    >>> named_inside(p, e, pd.Series(["t4"]), np.array([0])).tolist()
    [1]
    """
    out = np.full(len(named), -1, np.int64)
    if "task_id" not in episodes.columns or not len(named):
        return out
    ids = episodes["task_id"].astype("string").str.strip()
    rows = np.flatnonzero(ids.notna().to_numpy(bool))
    index = pd.MultiIndex.from_arrays([p.stream[rows], ids.iloc[rows].to_numpy(object)])
    keep = ~index.duplicated()
    where = index[keep].get_indexer(pd.MultiIndex.from_arrays(
        [p.stream[at], named.astype("string").str.strip().to_numpy(object)]))
    j = np.where(where >= 0, rows[keep][np.maximum(where, 0)], -1)
    jj = np.maximum(j, 0)
    within = ((j >= 0) & (jj != at) & (p.start[jj] >= p.start[at]) & (p.end[jj] <= p.end[at])
              & (p.end[jj] - p.start[jj] < p.end[at] - p.start[at]))
    out[within] = j[within]
    return out


def held_minutes(p, episodes, named, named_at) -> tuple[np.ndarray, np.ndarray, int]:
    """Per row, the own minutes of the interruptions it holds (named and lying inside it:
    :func:`named_inside`) and how many of them the
    row outlasts (the task went on after them: resumed), and how many rows hold one.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.observe._timeline import US_PER_MIN
    >>> p = SimpleNamespace(stream=np.array([0, 0]), start=np.array([0, 10]) * US_PER_MIN,
    ...                     end=np.array([40, 15]) * US_PER_MIN, frame=pd.DataFrame(index=[0, 1]))
    >>> e = pd.DataFrame({"task_id": ["t3", "t4"]})
    >>> minutes, resumed, rows = held_minutes(p, e, pd.Series(["t4"]), np.array([0]))
    >>> [minutes.tolist(), resumed.tolist(), rows]
    [[5.0, 0.0], [1, 0], 1]
    """
    n = len(p.start)
    j = named_inside(p, episodes, named, named_at)
    inner = j >= 0
    rows, j = named_at[inner], j[inner]
    own = own_minutes(p.frame, p.start, p.end)
    minutes = np.bincount(rows, own[j], n)
    resumed = np.bincount(rows[p.end[j] < p.end[rows]], minlength=n)
    return minutes, resumed, len(np.unique(rows))
