"""Cells that name several cases at once: a visit to siblings written ``C11;C12``.

In children's social work each child is a case, and one visit often serves a sibling group.
A diary that writes the group in one cell (``C11;C12``, ``C11, C12``, ``C11 & C12``) names no
case the cases table lists, so the time would be in no case's hours. The reader does not
split the minutes itself (how to share a visit between children is the study's choice);
:func:`several_cases_warning` says which rows do this and how to write them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

CODE = "several_cases_in_one_cell"
_SPLIT = re.compile(r"\s*(?:;|,|/|&|\+|\band\b)\s*", re.IGNORECASE)


def several_cases_warning(episodes: pd.DataFrame, known: set | None) -> dict | None:
    """The report's warning on episodes whose ``case_id`` is two or more known cases in one
    cell (``code``, a one-line ``message``, ``episodes``, ``minutes``), or None.

    Examples
    --------
    >>> e = pd.DataFrame({"case_id": ["C11;C12", "C11", "C9;C10", None],
    ...                   "counted_min": [60.0, 30.0, 15.0, 10.0]})
    >>> w = several_cases_warning(e, {"C11", "C12", "C13"})
    >>> w["episodes"], w["minutes"]
    (1, 60.0)
    >>> print(w["message"])  # doctest: +ELLIPSIS
    several_cases_in_one_cell: 1 episode (60 min) names more than one case in one cell ('C11;C12'): ...
    """
    if not known or "case_id" not in episodes or episodes.empty:
        return None
    ids = episodes["case_id"].astype("string")
    values = pd.unique(ids.dropna())
    several = [v for v in values if v not in known and _all_known(v, known)]
    if not several:
        return None
    rows = ids.isin(several).fillna(False).to_numpy(bool)
    n, minutes = int(rows.sum()), float(np.nansum(episodes["counted_min"].to_numpy(float)[rows]))
    shown = ", ".join(repr(v) for v in several[:3]) + (", ..." if len(several) > 3 else "")
    message = (
        f"{CODE}: {n:,} {'episode' if n == 1 else 'episodes'} ({minutes:,.0f} min) "
        f"{'names' if n == 1 else 'name'} more than one case in one cell ({shown}): read as "
        "one case the cases table does not list, so the time is in no case's hours; give "
        "each case its own row with its share of the minutes (a visit to siblings shared "
        "between the children), or name the one case the time was for")
    return {"code": CODE, "message": message, "episodes": n, "minutes": round(minutes, 4)}


def _all_known(value: str, known: set) -> bool:
    parts = [p for p in _SPLIT.split(value.strip()) if p]
    return len(parts) >= 2 and all(p in known for p in parts)
