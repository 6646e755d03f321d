"""Time per piece of travel and case notes: the pieces no other piece claims.

Travel and case notes attributed to a piece of work (a journey to a visit, the notes written
up after it) are in that piece's full hours (:mod:`timestudy.panels.attribution`); only what
no piece claims is a piece of its own (:mod:`timestudy.panels.pieces`). The guide's tasks
table gives time per piece, so a travel or notes row counts only the pieces of their own,
each with the minutes no other piece took: counting the claimed entries as pieces too would
count their time twice (once in the visit's full hours, once in the travel row) for a reader
who adds the rows' time or counts pieces of work. ``hours_per_fte_week`` stays all of the
task's time: it is time, not pieces, and the category shares add up from it. The rule is
written once, in :mod:`timestudy.models.own_pieces`: the sensitivity table
(:func:`~timestudy.models.pieces_sensitivity`) counts travel and notes by it too.
"""

from __future__ import annotations

import pandas as pd

from timestudy.models import estimate_task_times
from timestudy.models.own_pieces import pieces_estimated_again, pieces_of_their_own

__all__ = ["pieces_of_their_own", "own_piece_times"]

#: Columns of the task-times table that are counts: 0, not missing, for a task with no
#: piece of its own.
COUNTS = ("n_pieces", "n_censored", "n_primary", "n_workers_primary")


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
    gave, again_from = pieces_estimated_again(pieces)
    tasks = table.index.intersection(gave)
    if not len(tasks):
        return table
    again = estimate_task_times(again_from, n_boot=n_boot, seed=seed, level=level).table
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
