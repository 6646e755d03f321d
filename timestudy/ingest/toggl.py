"""Toggl Track detailed reports (CSV export).

Columns ``User``, ``Email``, ``Client``, ``Project``, ``Task``, ``Description``,
``Billable``, ``Start date``, ``Start time``, ``End date``, ``End time``,
``Duration`` (``HH:MM:SS``; hours may pass 24; some exports call it ``Duration (h)``),
``Tags``. Dates follow the exporting user's profile: month-first files are recognised
(see :func:`timestudy.ingest.dayorder.infer_dayfirst`) and 12-hour times are read. They become: ``worker_id`` (User, or Email
when there is no User), ``activity`` (Description), ``activity_code`` (Project),
``case_id`` (Client), start and end from the date and time columns. Other columns
are kept as they were. A mapping overrides any of these, e.g. ``columns:
{case_id: Project, activity_code: Tags}``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.mapping import HELPER_COLUMNS
from timestudy.schema.tables import load_schema

_TARGETS = (
    ("start_date", "date"),
    ("user", "worker_id"),
    ("email", "worker_id"),
    ("description", "activity"),
    ("project", "activity_code"),
    ("client", "case_id"),
    ("duration_(h)", "duration_min"),
)


def read_toggl(frame: pd.DataFrame, labels: dict, name: str) -> Candidates:
    """Candidate episodes from a Toggl Track detailed report.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> from timestudy.ingest.layouts import rename_columns
    >>> from timestudy.ingest.mapping import DiaryMapping
    >>> f, labels = rename_columns(read_table(EXAMPLES / "toggl.csv"), DiaryMapping())
    >>> c = read_toggl(f, labels, "toggl.csv")
    >>> c.frame.loc[0, ["worker_id", "activity", "activity_code", "case_id"]].tolist()
    ['Sam Jones', 'Visit to Evans family', 'Statutory visit', 'C00003']
    """
    labels = dict(labels)
    rename: dict[str, str] = {}
    taken = set(frame.columns)
    for source, target in _TARGETS:
        col = next((c for c in frame.columns if normalise(c) == source), None)
        if col is not None and target not in taken and col not in rename:
            rename[col] = target
            taken.add(target)
            labels[target] = str(col)
    out = frame.rename(columns=rename)
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known]
    return Candidates(out, np.arange(len(out)), labels, extras, "toggl")
