"""The one weighting of every figure per FTE-week and every share of the time worked.

The hours available (:func:`timestudy.models.available_time`), the tasks' hours per
FTE-week and the category shares of a guide are tied by sums a reader knows (the tasks'
parts add up to the non-case and case hours per FTE-week, a category's share times the
hours worked is its tasks' hours, the out-of-hours hours over the hours worked are the
out-of-hours share), and a task's minutes a piece times its pieces are its hours. They
hold, and no two of them give a worker's own hours back by their difference, only when
every one weighs each row alike: :func:`fte_week_weights` is that weight, written once.

A role's share of a caseload (an ASYE at 0.9) is not a weight on what was measured: it
says how much of a caseload the worker's hours can hold, so it applies where a worker's
capacity is worked out (:func:`timestudy.capacity.role_shares`), once. Only a share of 0
(a role that holds no caseload) leaves the worker out of the hours available.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def fte_week_weights(frame: pd.DataFrame, caseload_share: pd.Series | None = None
                     ) -> np.ndarray:
    """The weight of each row (a worker-week, a piece of work) in the figures per FTE-week.

    A row weighs its survey weight (``weight``; 1 without the column). With
    ``caseload_share`` (each worker's share of a caseload by ``worker_id``, as the hours
    available take it), a worker whose role holds no caseload (share 0) weighs 0: left out.
    Any other share, between 0 and 1 included, leaves the weight as it is: an ASYE's hours
    and FTE-weeks count whole, their allowance applying to their capacity only.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``worker_id`` and, optionally, ``weight``.
    caseload_share : Series, optional
        Each worker's share of a caseload, indexed by ``worker_id``; a worker not in it
        holds a caseload.

    Returns
    -------
    ndarray of float
        One weight a row.

    Examples
    --------
    Hand-worked: A holds a full caseload, B is an ASYE at 0.9 with a survey weight of 2
    (still 2), M a manager at 0 (left out), C has no share given (kept).

    >>> f = pd.DataFrame({"worker_id": ["A", "B", "M", "C"], "weight": [1.0, 2.0, 1.0, 1.0]})
    >>> fte_week_weights(f, pd.Series({"A": 1.0, "B": 0.9, "M": 0.0})).tolist()
    [1.0, 2.0, 0.0, 1.0]
    >>> fte_week_weights(f[["worker_id"]]).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    w = frame["weight"].to_numpy(float) if "weight" in frame else np.ones(len(frame))
    if caseload_share is None or caseload_share.empty:
        return w
    holds = frame["worker_id"].map(caseload_share).astype(float).fillna(1.0).to_numpy() > 0
    return np.where(holds, w, 0.0)
