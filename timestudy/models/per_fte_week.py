"""The one weighting of every figure per FTE-week and every share of the time worked.

The hours available (:func:`timestudy.models.available_time`), the tasks' hours per
FTE-week and the category shares of a guide are tied by sums a reader knows (the tasks'
parts add up to the non-case and case hours per FTE-week, a category's share times the
hours worked is its tasks' hours, the out-of-hours hours over the hours worked are the
out-of-hours share). They hold only when every one of them weighs each row alike:
:func:`fte_week_weights` is that weight, written once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def fte_week_weights(frame: pd.DataFrame, caseload_share: pd.Series | None = None
                     ) -> np.ndarray:
    """The weight of each row (a worker-week, a piece of work) in the figures per FTE-week.

    A row weighs its survey weight (``weight``; 1 without the column) times its worker's
    share of a caseload (``caseload_share`` by ``worker_id``: a role's allowance, an ASYE
    at 0.9 counts their hours and FTE-weeks times 0.9). A worker not in
    ``caseload_share`` counts 1: that is every worker when no role allowance is given, and
    a worker whose role holds no caseload, left out of the hours available (share 0) but
    counted whole in the task and category tables.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``worker_id`` and, optionally, ``weight``.
    caseload_share : Series, optional
        Each worker's share of a caseload, indexed by ``worker_id``
        (:attr:`timestudy.models.AvailableTime.caseload_share`).

    Returns
    -------
    ndarray of float
        One weight a row.

    Examples
    --------
    Hand-worked: B is an ASYE at 0.9 with a survey weight of 2; C has no share given.

    >>> f = pd.DataFrame({"worker_id": ["A", "B", "C"], "weight": [1.0, 2.0, 1.0]})
    >>> fte_week_weights(f, pd.Series({"A": 1.0, "B": 0.9})).tolist()
    [1.0, 1.8, 1.0]
    >>> fte_week_weights(f[["worker_id"]]).tolist()
    [1.0, 1.0, 1.0]
    """
    w = frame["weight"].to_numpy(float) if "weight" in frame else np.ones(len(frame))
    if caseload_share is None or caseload_share.empty:
        return w
    share = frame["worker_id"].map(caseload_share).astype(float).fillna(1.0)
    return w * share.to_numpy(float)
