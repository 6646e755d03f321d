"""WOMBAT (Work Observation Method By Activity Timing) observation exports.

An observer times each task of the person observed. The export has a row per
task with ``Session Date`` (``01-Apr-2025``), ``Participant ID``, ``Session ID``,
``Start Time``, ``End Time``, ``Duration`` (``HH:MM:SS``), ``What (...)`` and
``What (...) (subcategories)``, 0/1 flag columns ``[With Whom] ...`` and
``[How] ...``, ``Where``, ``Comments``, ``Multi With`` and ``Interrupted By``.

They become: ``worker_id`` (participant), ``activity_code`` (the What category),
``activity`` (``category: subcategory``), ``location`` (Where),
``secondary_activity`` (Multi With), and the extra columns ``session_id`` (the
observer's session, kept), ``observer``, ``with_whom`` and ``how`` (the flagged
names joined by ``;``), ``comments`` and ``interrupted_by``. Other columns are kept
as they were.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.mapping import HELPER_COLUMNS
from timestudy.schema.tables import load_schema, text_values

_RENAMES = {
    "session_date": "date",
    "participant_id": "worker_id",
    "where": "location",
    "multi_with": "secondary_activity",
    "session_id": "session_id",
    "observer": "observer",
    "comments": "comments",
    "interrupted_by": "interrupted_by",
}
_MAIN = re.compile(r"^what\s*\((.+?)\)$", re.I)
_SUB = re.compile(r"^what\s*\((.+?)\)\s*\(sub\s*categor(?:y|ies)\)$", re.I)
_FLAG = re.compile(r"^\[(with whom|how)\]\s*(.+)$", re.I)
_YES = ("1", "1.0", "true", "yes", "y", "x")


def read_wombat(frame: pd.DataFrame, labels: dict, name: str) -> Candidates:
    """Candidate episodes from a WOMBAT export (see the module notes for the columns).

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> from timestudy.ingest.layouts import rename_columns
    >>> from timestudy.ingest.mapping import DiaryMapping
    >>> f, labels = rename_columns(read_table(EXAMPLES / "wombat.csv"), DiaryMapping())
    >>> c = read_wombat(f, labels, "wombat.csv")
    >>> c.frame.loc[1, ["worker_id", "activity", "with_whom", "how"]].tolist()
    ['SW04', 'Communication: Phone call', 'Parent/carer', 'Phone']
    """
    missing = load_schema("episodes").missing_values
    out = pd.DataFrame(index=frame.index)
    labels = dict(labels)
    used: set[str] = set()
    for col in frame.columns:
        target = _RENAMES.get(normalise(col))
        if target and target not in frame.columns and target not in out:
            out[target] = frame[col]
            labels[target] = str(col)
            used.add(col)
    mains = [c for c in frame.columns if _MAIN.match(str(c)) and not _SUB.match(str(c))]
    if mains and "activity_code" not in frame:
        main = text_values(frame[mains[0]], missing)
        subs = [
            c
            for c in frame.columns
            if (m := _SUB.match(str(c)))
            and m.group(1).lower() == _MAIN.match(str(mains[0])).group(1).lower()
        ]
        sub = text_values(frame[subs[0]], missing) if subs else pd.Series(pd.NA, index=frame.index)
        out["activity_code"] = main
        out["activity"] = (main + ": " + sub).fillna(main)
        labels.update(activity_code=str(mains[0]), activity=str(mains[0]))
        used.update([mains[0], *subs[:1]])
    for kind in ("with whom", "how"):
        cols = [
            c for c in frame.columns if (m := _FLAG.match(str(c))) and m.group(1).lower() == kind
        ]
        if cols:
            out[kind.replace(" ", "_")] = _joined_flags(frame, cols)
            used.update(cols)
    for col in frame.columns:
        if col not in used and col not in out:
            out[col] = frame[col]
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known]
    return Candidates(out, np.arange(len(out)), labels, extras, "wombat")


def _joined_flags(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Names of the flag columns set to 1 in each row, joined by ``;``."""
    joined = pd.Series("", index=frame.index, dtype=object)
    for col in cols:
        label = _FLAG.match(str(col)).group(2).strip()
        on = frame[col].astype("str").str.strip().str.lower().isin(_YES).to_numpy()
        joined = joined + np.where(on, label + ";", "")
    return joined.str.rstrip(";").replace("", pd.NA).astype("string")
