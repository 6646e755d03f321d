"""Toggl Track detailed reports (CSV export).

Columns ``User``, ``Email``, ``Client``, ``Project``, ``Task``, ``Description``,
``Billable``, ``Start date``, ``Start time``, ``End date``, ``End time``,
``Duration`` (``HH:MM:SS``; hours may pass 24; some exports call it ``Duration (h)``),
``Tags``. Dates follow the exporting user's profile: month-first files are recognised
(see :func:`timestudy.ingest.dayorder.infer_dayfirst`) and 12-hour times are read. They
become: ``worker_id`` (User, or Email when there is no User), ``activity``
(Description), ``activity_code`` (Project), ``case_id`` (Client), start and end from the
date and time columns. Other columns are kept as they were. A mapping overrides any of
these, e.g. ``columns: {case_id: Project, activity_code: Tags}``.

A bare decimal ``Duration`` (``1.50``) is read as written, in minutes, and warned
``duration_looks_like_hours`` when the clock says hours (:mod:`timestudy.ingest.units`):
Toggl documents its durations as ``hh:mm:ss`` ("01:32:15 = 1 hour 32 minutes and 15
seconds", https://support.toggl.com/en/articles/2527645-timer-mode) and a single number
typed as a duration as minutes; no public Toggl page found says a CSV export writes the
profile's decimal duration format, so the file itself does not say hours
(``duration_unit: hours`` in a mapping does).

User is Toggl's display name (the detailed report's ``user``, "full name of the user"),
which two people can share: Toggl's own report example has two entries of "John Swift"
under different user ids. The CSV has no user id; the Email identifies the account. A file where one User has two Emails (two people, or one person's two
accounts) or one Email appears under two Users (a renamed person) is refused, since
keying workers by User would merge or split them silently: the message names the user
and the fix, ``columns: {worker_id: Email}`` in a mapping. User stays the default key
because it is what a study's workers table is keyed by, and it is no more identifying
than the names already in the file (Email is kept as a column; ``timestudy
pseudonymise`` replaces both with keyed tokens, which keep the one-to-one check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.mapping import HELPER_COLUMNS
from timestudy.schema.tables import load_schema, text_values

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
    _one_email_per_user(out, labels, name)
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known]
    return Candidates(out, np.arange(len(out)), labels, extras, "toggl")


def _one_email_per_user(out: pd.DataFrame, labels: dict, name: str) -> None:
    """Refuse a file where User does not name one account: one User with two Emails, or
    one Email under two Users (when the workers are keyed by User and Email is there).

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["Sam Jones", "Sam Jones"],
    ...                   "Email": ["sam@north.example", "sam@south.example"]})
    >>> _one_email_per_user(f, {"worker_id": "User"}, "t.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: t.csv: User 'Sam Jones' has 2 different Email values: ...
    """
    email = next((c for c in out.columns if normalise(c) == "email"), None)
    if email is None or "worker_id" not in out or normalise(labels.get("worker_id", "")) != "user":
        return
    missing = load_schema("episodes").missing_values
    pairs = pd.DataFrame({"user": text_values(out["worker_id"], missing),
                          "email": text_values(out[email], missing).str.lower()}
                         ).dropna().drop_duplicates()
    emails = pairs.groupby("user")["email"].nunique()
    users = pairs.groupby("email")["user"].agg(["nunique", "min", "max"])
    fix = (f"key the workers by email with `columns: {{worker_id: {email}}}` in a mapping "
           "(and key the workers table the same way)")
    if (emails > 1).any():
        many = emails[emails > 1]
        more = f" (and {len(many) - 1} other users likewise)" if len(many) > 1 else ""
        raise SchemaError(
            f"{labels['worker_id']} {many.index[0]!r} has {many.iloc[0]} different {email} "
            f"values{more}: two people share that display name, and keying workers by it "
            f"would merge them; {fix}", source=name)
    if (users["nunique"] > 1).any():
        first = users[users["nunique"] > 1].iloc[0]
        raise SchemaError(
            f"one {email} appears under {first['nunique']} {labels['worker_id']} names "
            f"({first['min']!r}, {first['max']!r}): one person renamed, and keying workers by "
            f"the name would split them; {fix}", source=name)
