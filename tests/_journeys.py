"""Journeys back from a sitting in the simulator's diary, by the simulator's own pieces (shared by tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def journeys_back(study) -> tuple[pd.DataFrame, np.ndarray]:
    """The study's episodes (true task types, sorted by worker and start) and which rows are
    a journey back from the sitting just before it (same true piece, not itself travel)."""
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    ep = ep.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)
    prev = ep.groupby("worker_id")["true_piece_id"].shift()
    prev_task = ep.groupby("worker_id")["task_type"].shift()
    back = (ep["task_type"].eq("travel") & ep["true_piece_id"].eq(prev).fillna(False)
            & prev_task.ne("travel").fillna(False)).to_numpy(bool)
    return ep, back
