"""What ``observe`` publishes of people: one label per person, and how many there are.

The pairs of sessions name the person observed by ``participant_key`` (a WOMBAT participant
id at its site: :func:`~timestudy.observe._span.person_column`), the per-stream tables by
``worker_id``. Where the two name the same people one to one (``participant_ids: person``
or ``site``), a pair's person is published as the worker's label, so ``Worker 2`` is the
same person in every table; where they do not (the default, a participant within its
session: each session its own ``worker_id``), the pair's person is a ``Participant`` label,
which no reader can take for one of the workers.
"""

from __future__ import annotations

import pandas as pd

from timestudy.observe._span import person_column


def person_ids(episodes: pd.DataFrame, worker: str = "worker_id") -> dict | None:
    """Each person's worker id, where persons and workers are one to one; else ``None``.

    ``{}`` when the person is the worker itself (no ``participant_key``).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["SW1", "SW1", "SW2"],
    ...                   "participant_key": ["QEH/SW1", "QEH/SW1", "QEH/SW2"]})
    >>> person_ids(e)
    {'QEH/SW1': 'SW1', 'QEH/SW2': 'SW2'}
    >>> person_ids(e.assign(worker_id=["20101/SW1", "20105/SW1", "20102/SW2"])) is None
    True
    """
    person = person_column(episodes, worker)
    if person == worker:
        return {}
    both = episodes[[person, worker]].dropna().drop_duplicates()
    if not (both[person].is_unique and both[worker].is_unique):
        return None
    return dict(zip(both[person].astype(str), both[worker], strict=True))


def same_people(table: pd.DataFrame, ids: dict | None) -> pd.DataFrame:
    """A pair table whose ``worker`` is the person, with the person as published.

    ``ids`` from :func:`person_ids`: the worker's id where persons and workers are one
    to one (labelled ``Worker N`` as in every other table), else the column renamed
    ``participant`` (labelled ``Participant N``).

    Examples
    --------
    >>> t = pd.DataFrame({"worker": ["QEH/SW1"], "common_min": [55.0]})
    >>> same_people(t, {"QEH/SW1": "SW1"})["worker"].tolist()
    ['SW1']
    >>> list(same_people(t, None).columns)
    ['participant', 'common_min']
    """
    if "worker" not in table.columns or ids == {}:
        return table
    if ids is None:
        return table.rename(columns={"worker": "participant"})
    return table.assign(worker=table["worker"].map(lambda v: ids.get(str(v), v)))
