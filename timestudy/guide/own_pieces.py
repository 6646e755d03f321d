"""Time per piece of travel and case notes: the pieces no other piece claims.

Travel and case notes attributed to a piece of work (a journey to a visit, the notes written
up after it) are in that piece's full hours (:mod:`timestudy.panels.attribution`); only what
no piece claims is a piece of its own (:mod:`timestudy.panels.pieces`). The guide's tasks
table gives time per piece, so a travel or notes row counts only the pieces of their own,
each with the minutes no other piece took: counting the claimed entries as pieces too would
count their time twice (once in the visit's full hours, once in the travel row) for a reader
who adds the rows' time or counts pieces of work. ``hours_per_fte_week`` stays all of the
task's time: it is time, not pieces, and the category shares add up from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.models import estimate_task_times

__all__ = ["pieces_of_their_own", "own_piece_times"]

#: Columns of the task-times table that are counts: 0, not missing, for a task with no
#: piece of its own.
COUNTS = ("n_pieces", "n_censored", "n_primary", "n_workers_primary")


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


#: The task of :func:`_every_worker`'s stand-ins: no taxonomy's (it starts with a NUL).
EVERY_WORKER = "\x00every worker"


def _every_worker(pieces: pd.DataFrame) -> pd.DataFrame:
    """A stand-in piece of :data:`EVERY_WORKER` (a one-day piece of 0 minutes seen whole)
    for each worker, in the order the workers first appear in ``pieces``: put first, it
    makes the bootstrap of a few tasks' pieces draw every worker, in the order the whole
    table's bootstrap drew them (the same replicates), at the cost of those few tasks."""
    first = pieces.drop_duplicates("worker_id")
    one_day = {"n_days": 1, "link_within_days": 0, "left_censored": False,
               "right_censored": False, "days_followed": 1, "days_preceded": 1,
               "piece_equivalent": 1.0, "primary": True, "attributed_min": 0.0}
    return first.assign(task_type=EVERY_WORKER, direct_min=0.0, full_min=0.0,
                        **{k: v for k, v in one_day.items() if k in first})


def own_piece_times(table: pd.DataFrame, pieces: pd.DataFrame, *, n_boot: int = 999,
                    seed: int | None = 0, level: float = 0.95) -> pd.DataFrame:
    """The task-times table with each task that gave time to other pieces counted over its
    pieces of their own.

    A task whose pieces other pieces claimed (travel, case notes: ``attributed_min`` > 0)
    is estimated again over :func:`pieces_of_their_own` only: ``n_pieces``, ``n_censored``, the
    days per piece and the direct minutes and full hours per piece (the same, as a piece of
    its own has no time attributed to it) with their intervals. The bootstrap resamples
    every worker, in the order of the rest of the table (as they first appear in
    ``pieces``), with the same ``n_boot``, ``seed`` and ``level``: the same replicates, with
    only these tasks' pieces summed again. A task
    every piece of which was claimed has 0 pieces and no time per piece. ``category`` and
    ``n_workers`` (every worker who recorded the task: the row's hours per FTE-week rest on
    them) stay; the rows of every other task are as they were.

    Parameters
    ----------
    table : DataFrame
        :attr:`~timestudy.models.TaskTimes.table` of all the pieces.
    pieces : DataFrame
        The pieces it was estimated from (:func:`~timestudy.panels.pieces_of_work`).
    n_boot, seed, level
        The bootstrap of ``table`` (:func:`~timestudy.models.estimate_task_times`).

    Returns
    -------
    DataFrame
        ``table`` with the rows of the tasks that gave time away counted over their pieces
        of their own.

    Examples
    --------
    Three visits of 60 minutes, each with a 30-minute journey claimed by it, and one
    journey of 20 minutes that no piece claims:

    >>> from timestudy.models import estimate_task_times
    >>> p = pd.DataFrame({"worker_id": "W1", "task_type": ["statutory_visit"] * 3
    ...     + ["travel"] * 4, "category": ["direct_work"] * 3 + ["travel"] * 4,
    ...     "direct_min": [60.0] * 3 + [30.0] * 3 + [20.0],
    ...     "full_min": [90.0] * 3 + [0.0] * 3 + [20.0],
    ...     "attributed_min": [0.0] * 3 + [30.0] * 3 + [0.0],
    ...     "primary": [True] * 3 + [False] * 3 + [True]})
    >>> t = own_piece_times(estimate_task_times(p, n_boot=19).table, p, n_boot=19)
    >>> int(t.loc["travel", "n_pieces"]), float(t.loc["travel", "direct_min"])  # 1 of 4
    (1, 20.0)
    >>> float(t.loc["statutory_visit", "full_hours"])  # the journeys are here
    1.5
    """
    gave = pieces["attributed_min"].to_numpy(float) > 0
    tasks = table.index.intersection(pd.unique(pieces["task_type"].to_numpy()[gave]))
    if not len(tasks):
        return table
    mine = pieces["task_type"].isin(tasks).to_numpy()
    own = pieces_of_their_own(pieces.loc[mine])
    again = estimate_task_times(pd.concat([_every_worker(pieces), own], ignore_index=True),
                                n_boot=n_boot, seed=seed, level=level).table
    cols = [c for c in table.columns if c not in ("category", "n_workers") and c in again]
    redone = again.reindex(tasks)[cols]
    for c in COUNTS:
        if c in redone:
            redone[c] = redone[c].fillna(0).astype(table[c].dtype)
    if "edges_allowed_for" in redone:  # no piece of its own: no edge to allow for
        redone["edges_allowed_for"] = redone["edges_allowed_for"].astype("boolean").fillna(
            True).astype(bool)
    out = table.copy()
    for c in cols:
        out.loc[tasks, c] = redone[c].to_numpy()
    return out
