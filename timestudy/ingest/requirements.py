"""What categorisation and the guide need from a diary, checked before anything is estimated.

Categorisation needs what the time was spent on: ``activity`` (free text),
``activity_code`` or ``task_type``. Case weights need ``case_id``. A column counts as
present when it holds at least one value. :func:`missing_for_guide` names each missing
column with the mapping key that supplies it, so ``timestudy guide`` can refuse a
half-described diary in one line, and ``timestudy validate`` can warn.
"""

from __future__ import annotations

import pandas as pd

WHAT = ("activity", "activity_code", "task_type")


def _present(episodes: pd.DataFrame, col: str) -> bool:
    return col in episodes.columns and bool(episodes[col].notna().any())


def missing_for_guide(episodes: pd.DataFrame, cases: bool = True) -> list[str]:
    """One phrase per missing need: the columns and the mapping key for each.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes (as :func:`timestudy.read_diary` gives them).
    cases : bool
        Whether case weights are wanted (a cases table was given).

    Examples
    --------
    >>> eps = pd.DataFrame({"worker_id": ["W1"], "activity": [None], "case_id": [None]})
    >>> missing_for_guide(eps)  # doctest: +NORMALIZE_WHITESPACE
    ['no activity, activity_code or task_type (what the time was spent on: give one with
      columns.activity, columns.activity_code or columns.task_type in the mapping)',
     'no case_id (which case the time was for: columns.case_id in the mapping; for an
      observation study without cases, leave out --cases)']
    >>> missing_for_guide(eps.assign(activity=["visit"]), cases=False)
    []
    >>> missing_for_guide(eps.iloc[:0])  # every row rejected: not a want of columns
    ["no row accepted (each rejected row's reason is in rejects.csv: timestudy validate DIARY --out DIR)"]
    """
    if episodes.empty:  # nothing to look in: not a diary without those columns
        return ["no row accepted (each rejected row's reason is in rejects.csv: timestudy "
                "validate DIARY --out DIR)"]
    out = []
    if not any(_present(episodes, c) for c in WHAT):
        out.append(
            "no activity, activity_code or task_type (what the time was spent on: give one with "
            "columns.activity, columns.activity_code or columns.task_type in the mapping)"
        )
    if cases and not _present(episodes, "case_id"):
        out.append(
            "no case_id (which case the time was for: columns.case_id in the mapping; for an "
            "observation study without cases, leave out --cases)"
        )
    return out
