"""Pieces of their own: the one rule of what a travel or case-notes piece counts as.

Travel and case notes attributed to a piece of work (a journey to a visit, the notes written
up after it) are in that piece's full hours (:mod:`timestudy.panels.attribution`); only what
no piece claims is a piece of its own (:mod:`timestudy.panels.pieces`). Time per piece of a
task whose pieces gave time to others is therefore counted over its pieces of their own, each
with the minutes no other piece took: counting the claimed entries as pieces too would count
their time twice (once in the visit's full hours, once in the travel row). The guide's tasks
table (:func:`timestudy.guide.own_pieces.own_piece_times`) and the sensitivity of time per
piece to the definitions (:func:`~timestudy.models.pieces_sensitivity`) both estimate these
tasks again from :func:`pieces_estimated_again`, so the two tables agree at the definitions
in use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The task of :func:`every_worker`'s stand-ins: no taxonomy's (it starts with a NUL).
EVERY_WORKER = "\x00every worker"


def pieces_of_their_own(pieces: pd.DataFrame) -> pd.DataFrame:
    """The pieces of their own, each with the minutes no other piece took as its direct time.

    A piece of work is a piece of its own unless other pieces claimed all of it (a journey to
    a visit, the notes after it: ``primary`` False). A travel or notes piece part of which was
    claimed keeps the rest (its ``full_min``, ``direct_min`` less ``attributed_min``);
    any other piece gives nothing away and is as it was.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`): ``primary``,
        ``direct_min`` and ``attributed_min``.

    Returns
    -------
    DataFrame
        The rows of ``pieces`` that are pieces of their own, in their order, with
        ``direct_min`` the minutes no other piece took and ``attributed_min`` 0.

    Examples
    --------
    A 30-minute journey claimed whole by a visit, a 40-minute one claimed for 10 minutes
    and a 60-minute visit:

    >>> p = pd.DataFrame({"task_type": ["travel", "travel", "statutory_visit"],
    ...     "primary": [False, True, True], "direct_min": [30.0, 40.0, 60.0],
    ...     "attributed_min": [30.0, 10.0, 0.0]})
    >>> pieces_of_their_own(p)[["task_type", "direct_min"]].values.tolist()
    [['travel', 30.0], ['statutory_visit', 60.0]]
    """
    own = pieces.loc[pieces["primary"].to_numpy(bool)]
    given = own["attributed_min"].to_numpy(float)
    return own.assign(direct_min=own["direct_min"].to_numpy(float) - given,
                      attributed_min=np.zeros(len(own)))


def every_worker(pieces: pd.DataFrame) -> pd.DataFrame:
    """A stand-in piece of :data:`EVERY_WORKER` for each worker of ``pieces``.

    Each is a one-day piece of 0 minutes seen whole, in the order the workers first appear
    in ``pieces``. Put first in a table of a few tasks' pieces, the stand-ins make its
    workers those of the whole table, in the same order: the bootstrap draws the same
    replicates, and the sums over workers are added in the same order, as for the whole
    table.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`), with ``worker_id``.

    Returns
    -------
    DataFrame
        One row per worker, with the columns of ``pieces``: ``task_type``
        :data:`EVERY_WORKER`, ``direct_min`` and ``full_min`` 0, one day seen whole.

    Examples
    --------
    >>> p = pd.DataFrame({"worker_id": ["W2", "W1", "W2"], "task_type": "travel",
    ...     "direct_min": [30.0, 40.0, 20.0], "full_min": [30.0, 40.0, 20.0]})
    >>> every_worker(p)[["worker_id", "direct_min"]].values.tolist()
    [['W2', 0.0], ['W1', 0.0]]
    """
    first = pieces.drop_duplicates("worker_id")
    one_day = {"n_days": 1, "link_within_days": 0, "left_censored": False,
               "right_censored": False, "days_followed": 1, "days_preceded": 1,
               "piece_equivalent": 1.0, "primary": True, "attributed_min": 0.0}
    return first.assign(task_type=EVERY_WORKER, direct_min=0.0, full_min=0.0,
                        **{k: v for k, v in one_day.items() if k in first})


def pieces_estimated_again(pieces: pd.DataFrame) -> tuple[pd.Index, pd.DataFrame]:
    """The tasks whose pieces gave time to other pieces, and the pieces to estimate them from.

    A task gave time when some of its pieces have ``attributed_min`` > 0 (travel, case
    notes). Its time per piece is counted over :func:`pieces_of_their_own` (a task every
    piece of which was claimed has none: 0 pieces, no time per piece); every other task is
    counted over all its pieces, as they are.

    Parameters
    ----------
    pieces : DataFrame
        Pieces of work (:func:`~timestudy.panels.pieces_of_work`). Without
        ``attributed_min``, no task gave time.

    Returns
    -------
    tasks : Index
        The task types that gave time, in the order they first gave it.
    again : DataFrame
        :func:`every_worker`'s stand-ins of the workers of ``pieces``, then the pieces of
        their own of ``tasks``: estimated (and dropping the stand-ins' task), time per
        piece of ``tasks`` with the workers of ``pieces`` in their order. Empty when no
        task gave time.

    Examples
    --------
    Three visits of 60 minutes, each with a 30-minute journey claimed by it, and one
    journey of 20 minutes that no piece claims:

    >>> p = pd.DataFrame({"worker_id": "W1", "task_type": ["statutory_visit"] * 3
    ...     + ["travel"] * 4, "direct_min": [60.0] * 3 + [30.0] * 3 + [20.0],
    ...     "full_min": [90.0] * 3 + [0.0] * 3 + [20.0],
    ...     "attributed_min": [0.0] * 3 + [30.0] * 3 + [0.0],
    ...     "primary": [True] * 3 + [False] * 3 + [True]})
    >>> tasks, again = pieces_estimated_again(p)
    >>> list(tasks), again["direct_min"].tolist()  # the stand-in of W1, then the journey
    (['travel'], [0.0, 20.0])
    """
    if "attributed_min" not in pieces:
        return pd.Index([], name="task_type"), pieces.iloc[:0]
    gave = pieces["attributed_min"].to_numpy(float) > 0
    tasks = pd.Index(pd.unique(pieces["task_type"].to_numpy()[gave]), name="task_type")
    if not len(tasks):
        return tasks, pieces.iloc[:0]
    mine = pieces["task_type"].isin(tasks).to_numpy() & pieces["primary"].to_numpy(bool)
    own = pieces_of_their_own(pieces.loc[mine])  # the rows of their own taken at once
    return tasks, pd.concat([every_worker(pieces), own], ignore_index=True)
