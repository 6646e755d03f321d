"""The diaries of a few workers whose role holds no caseload, left out of the whole guide.

The hours for casework leave out the workers whose role holds no caseload (a share of 0 in
the role allowances, :func:`timestudy.models.available_time`) while the task and category
tables count everyone: with fewer than the disclosure threshold left out, the difference
would give their own hours back, so :func:`few_left_out` leaves their diaries out of the
whole guide, and says so.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.errors import DataQualityWarning, TimestudyError

__all__ = ["few_left_out"]


def few_left_out(episodes: pd.DataFrame, workers: pd.DataFrame, roles, min_workers: int
                 ) -> pd.DataFrame:
    """The episodes, without those of the workers whose role holds no caseload when they
    are fewer than ``min_workers``.

    The hours for casework leave such workers out (:func:`timestudy.models.available_time`)
    while the task and category tables count everyone; with fewer than ``min_workers`` left
    out, the difference would give their own hours back, so their diaries are left out of
    the whole guide (a warning says so).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W1", "M1"]})
    >>> w = pd.DataFrame({"worker_id": ["W1", "M1"], "role": ["social_worker", "manager"]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     few_left_out(e, w, {"manager": 0}, 5)["worker_id"].tolist()
    ['W1']
    """
    from timestudy.models.available import caseload_shares

    share = caseload_shares(episodes["worker_id"], workers, roles)
    out = (share <= 0).to_numpy()
    n = episodes.loc[out, "worker_id"].nunique()
    if not 0 < n < min_workers:
        return episodes
    if out.all():
        raise TimestudyError("every worker in the diary has a role that holds no caseload (a "
                             "share of 0 in the roles): no guide can be built; give the "
                             "case-holding roles a share over 0")
    warnings.warn(
        f"the diaries of {n} {'worker' if n == 1 else 'workers'} whose role holds no caseload "
        f"(a share of 0) are left out of the whole guide, not only of the hours for casework: "
        f"with fewer than {min_workers} left out, the task and category tables would give "
        "their own hours back", DataQualityWarning, stacklevel=3)
    return episodes.loc[~out].reset_index(drop=True)
