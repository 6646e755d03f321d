"""How simulated workers keep their diaries: piece references, missing and partial days.

The truth of a study is that of the complete diary; these functions then make
the diary a real one: some workers note an ``instance_id`` for their pieces of
work, some days are not written at all, and some only in part.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from timestudy.schema.clock import diary_date

Missing = Literal["random", "workload"]


def keep_instance_ids(rng: np.random.Generator, diary: pd.DataFrame, share: float) -> pd.Series:
    """The ``instance_id`` column: the piece reference for the case work of ``share`` of workers.

    A worker who keeps references writes one on each episode of a piece of work,
    its travel and its case notes included; other workers and non-case work have none.
    """
    ids = diary["worker_id"].unique()
    keeps = ids[rng.random(len(ids)) < share]
    on = diary["worker_id"].isin(keeps) & diary["true_piece_id"].notna()
    return diary["true_piece_id"].where(on).astype("string").rename("instance_id")


def _worked_days(diary: pd.DataFrame) -> pd.DataFrame:
    """(worker_id, diary_date) of days with work and no leave or sickness entry."""
    d = diary.assign(diary_date=diary_date(diary["start"]))
    away = d.loc[d["true_task_type"].isin(["leave", "sickness"]), ["worker_id", "diary_date"]]
    days = d[["worker_id", "diary_date"]].drop_duplicates()
    key = pd.MultiIndex.from_frame(days)
    return days.loc[~key.isin(pd.MultiIndex.from_frame(away))].reset_index(drop=True)


def draw_missing_days(rng: np.random.Generator, diary: pd.DataFrame, cases: pd.DataFrame,
                 workers: pd.DataFrame, share: float, how: Missing = "random") -> pd.DataFrame:
    """Worker-days left unwritten: ``share`` of the days worked on average.

    ``how="random"``: every day worked is missing with the same probability.
    ``how="workload"``: not at random, a worker's days are missing more often the
    more cases per FTE they hold (probability proportional to the square of their
    caseload per FTE, scaled to average ``share``; at most 0.6).

    Returns
    -------
    DataFrame
        ``worker_id``, ``diary_date`` of the missing days.
    """
    days = _worked_days(diary)
    if how == "random":
        p = np.full(len(days), share)
    elif how == "workload":
        load = cases.groupby("worker_id").size() / workers.set_index("worker_id")["fte"]
        pressure = (days["worker_id"].map(load).astype(float).fillna(load.mean()) ** 2).to_numpy()
        p = np.clip(share * pressure / pressure.mean(), 0, 0.6)
    else:
        raise ValueError(f"how must be 'random' or 'workload', not {how!r}")
    return days.loc[rng.random(len(days)) < p].reset_index(drop=True)


def draw_partial_days(rng: np.random.Generator, diary: pd.DataFrame, share: float,
                 missing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Worker-days written only up to the lunch break: ``share`` of the other days worked."""
    days = _worked_days(diary)
    if missing is not None and len(missing):
        key = pd.MultiIndex.from_frame(days)
        days = days.loc[~key.isin(pd.MultiIndex.from_frame(missing))]
    return days.loc[rng.random(len(days)) < share].reset_index(drop=True)


def unwritten(diary: pd.DataFrame, missing: pd.DataFrame, partial: pd.DataFrame) -> np.ndarray:
    """Rows of ``diary`` a worker did not write: all of a missing day, the afternoon of a partial."""
    d = diary_date(diary["start"])
    key = pd.MultiIndex.from_arrays([diary["worker_id"], d])
    gone = key.isin(pd.MultiIndex.from_frame(missing)) if len(missing) else np.zeros(len(d), bool)
    if len(partial):
        noon = d + pd.Timedelta(hours=12)
        gone |= key.isin(pd.MultiIndex.from_frame(partial)) & (diary["start"] >= noon).to_numpy()
    return np.asarray(gone)
