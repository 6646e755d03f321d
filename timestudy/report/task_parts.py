"""A task row withheld in part: its time per piece or its full hours, the rest shown.

The guide withholds a travel or notes row's time per piece when its pieces of their own
are of fewer than ``min_workers`` workers (``tasks.direct_minutes``, with its full hours),
and any row's full hours when fewer had pieces of full time (``tasks.full_hours``), while
the row's hours per FTE-week, of every worker who did the task, stay. Such figures read
"not shown" as a whole row's do (a dash is a figure not estimated, README), the table's note
says why, and the row's pieces and workers are those of the figure: the pieces of their own
and their workers, in words (audit25f: the Case notes row read "–" with 3 pieces and 6
workers, where its figures rested on 3; its workers now read "not shown", as guide.json's
``n_workers_primary_words``: 3 of 6 in words would give the other 3).
"""

from __future__ import annotations

import pandas as pd

from timestudy._lib.disclose import shown_count
from timestudy.report.format import NOT_ESTIMATED
from timestudy.report.labels import plain_reason

NOT_SHOWN = "not shown"

#: The parts of a task row withheld alone, and what the table's note calls them.
PARTS = {"tasks.direct_minutes": "the time per piece", "tasks.full_hours": "the full hours"}


def missing_parts(guide, key) -> tuple[str, str]:
    """What a task row's missing direct minutes (and sittings per piece) and its missing
    full hours (their interval, should) read: "not shown" when withheld, whole or in part,
    else the dash of a figure not estimated.

    Parameters
    ----------
    guide : TimeGuide
        The guide (its ``reasons``).
    key : str
        The task type.

    Returns
    -------
    (str, str)
        What the direct minutes and the full hours read when missing.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide.disclosure import Suppressed, reasons
    >>> s = [Suppressed("tasks.direct_minutes", "case_notes", "fewer than 5 workers"),
    ...      Suppressed("tasks.full_hours", "visit", "fewer than 5 workers")]
    >>> g = SimpleNamespace(reasons=lambda *t: reasons(s, *t))
    >>> missing_parts(g, "case_notes"), missing_parts(g, "visit"), missing_parts(g, "travel")
    (('not shown', 'not shown'), ('–', 'not shown'), ('–', '–'))
    """
    whole = guide.reasons("tasks")
    whole = str(key) in whole or "*" in whole
    direct = whole or str(key) in guide.reasons("tasks.direct_minutes")
    full = direct or str(key) in guide.reasons("tasks.full_hours")
    return (NOT_SHOWN if direct else NOT_ESTIMATED), (NOT_SHOWN if full else NOT_ESTIMATED)


def task_counts(guide, key, row: pd.Series) -> tuple:
    """A task row's (pieces, workers) as published (the row carries them as guide.json
    does: pieces NaN where they rest on fewer than ``min_workers`` workers, a withheld
    count NaN beside its words), shown as they are. A row whose
    time per piece is withheld for its pieces of their own counts those pieces' workers
    (``n_workers_primary``), so its pieces are None and its workers words.

    Parameters
    ----------
    guide : TimeGuide
        The guide (its ``reasons`` and ``meta``: ``n_workers``, ``min_workers``).
    key : str
        The task type.
    row : Series
        The task's row of ``guide.tasks``.

    Returns
    -------
    (int or None, str)
        The pieces as published (None: not shown) and the workers' cell.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide.disclosure import Suppressed, reasons
    >>> s = [Suppressed("tasks.direct_minutes", "case_notes", "fewer than 5 workers")]
    >>> g = SimpleNamespace(reasons=lambda *t: reasons(s, *t),
    ...                     meta={"n_workers": 8, "min_workers": 5})
    >>> notes = pd.Series({"n_pieces": float("nan"), "n_workers": 8,  # as the guide
    ...                    "n_workers_primary": float("nan"),  # publishes them
    ...                    "n_workers_primary_words": "fewer than 5 of 8"})
    >>> visit = pd.Series({"n_pieces": 3, "n_workers": 8, "n_workers_primary": 8})
    >>> task_counts(g, "case_notes", notes), task_counts(g, "visit", visit)
    ((None, 'fewer than 5 of 8'), (3, '8'))
    """
    col = ("n_workers_primary" if str(key) in guide.reasons("tasks.direct_minutes")
           else "n_workers")
    p = row.get("n_pieces")
    return (None if p is None or pd.isna(p) else int(p)), shown_count(row, col)


def part_reasons(guide, keys) -> dict[str, str]:
    """Key -> why a part of its row is withheld, in plain words, for the rows of ``keys``
    not withheld whole: "the time per piece (fewer than 5 workers gave this figure)".

    Parameters
    ----------
    guide : TimeGuide
        The guide (its ``reasons``).
    keys : iterable
        The task types of the table.

    Returns
    -------
    dict
        Task type -> the part withheld and why, for those withheld in part only.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide.disclosure import Suppressed, reasons
    >>> s = [Suppressed("tasks.full_hours", "case_notes", "fewer than 5 workers with pieces "
    ...                 "of full time"), Suppressed("tasks.direct_minutes", "case_notes",
    ...                 "fewer than 5 workers with pieces of their own")]
    >>> g = SimpleNamespace(reasons=lambda *t: reasons(s, *t))
    >>> part_reasons(g, ["case_notes", "visit"])
    {'case_notes': 'the time per piece (fewer than 5 workers gave this figure)'}
    """
    whole = guide.reasons("tasks")
    out: dict[str, str] = {}
    for table, what in PARTS.items():  # the time per piece first: it holds the full hours
        why = guide.reasons(table)
        for k in map(str, keys):
            if k in why and k not in whole and "*" not in whole:
                out.setdefault(k, f"{what} ({plain_reason(why[k], table)})")
    return out
