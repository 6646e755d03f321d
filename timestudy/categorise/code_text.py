"""Activity codes that their own text contradicts: counted, listed and warned.

An activity code beats the text (the precedence of :func:`timestudy.categorise.categorise`:
a ``task_type`` column, then ``activity_code``, then text patterns), and it still does. But
a code picked from a drop-down is easy to get wrong, and when the worker's words say,
at a high priority, something of another category, one of the two is wrong: "travel to
SV" coded ``SV`` is 180 minutes of travel counted as a statutory visit; "annual leave"
coded ``REC`` is leave counted as recording, and "lunch" coded ``SV`` a visit. A row is
*contradicted* when it was categorised by its code and what its text makes of it (the
winning pattern) is in another category than the code's, and either that pattern's
priority is :data:`CONTRADICT_FROM` or more (in the shipped taxonomy: leave, sickness and
TOIL at 90, breaks at 85 and travel at 80, each when the entry starts with it) or one of
the two is work and the other not (a text that names only a lunch, at whatever priority,
against a visit's code; a leave code on a visit's text). Two kinds of work of the text's
lesser priority ("write up SV Smith" coded ``SV``) are not: the code may well be right. :func:`contradicted` finds them,
:func:`contradictions` lists them by code and text, and :func:`warn_contradictions` warns
once with their count, hours and examples.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning

__all__ = ["CONTRADICT_FROM", "COLUMNS", "contradicted", "contradictions",
           "warn_contradictions"]

#: Priority from which a text pattern is taken to say what an entry is, against its code.
CONTRADICT_FROM = 80
#: Columns of :func:`contradictions`.
COLUMNS = ["activity_code", "activity", "by_code", "by_text", "episodes", "minutes"]


def contradicted(tax, task: np.ndarray, by_code: np.ndarray, text_task: np.ndarray,
                 text_priority: np.ndarray) -> np.ndarray:
    """Rows categorised by their code whose text says, at a high priority, another category.

    Parameters
    ----------
    tax : Taxonomy
    task : ndarray of int
        Each row's task type (position in ``tax.task_types``; -1 uncategorised).
    by_code : ndarray of bool
        Rows categorised by their activity code.
    text_task, text_priority : ndarray of int
        What the text patterns make of each row's text (task position, -1 none) and the
        priority of the winning pattern.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> from timestudy.categorise.taxonomy import load_taxonomy
    >>> tax = load_taxonomy()
    >>> sv, travel = tax.task_ids.index("statutory_visit"), tax.task_ids.index("travel")
    >>> brk, notes = tax.task_ids.index("break"), tax.task_ids.index("case_notes")
    >>> contradicted(tax, np.array([sv, sv, sv, sv]), np.array([True] * 4),
    ...              np.array([travel, sv, brk, notes]), np.array([80, 56, 15, 70])).tolist()
    [True, False, True, False]
    """
    cats = {c: i for i, c in enumerate(tax.category_ids)}
    cat = np.array([cats[t.category] for t in tax.task_types] + [-1])
    work = {c.id for c in tax.categories if c.counts_as_work}
    is_work = np.array([t.category in work for t in tax.task_types] + [True])
    found = by_code & (text_task >= 0)
    strong = (text_priority >= CONTRADICT_FROM) | (is_work[text_task] != is_work[task])
    return found & strong & (cat[text_task] != cat[task])


def contradictions(episodes: pd.DataFrame, tax, mask: np.ndarray, task: np.ndarray,
                   text_task: np.ndarray, minutes: np.ndarray | None) -> pd.DataFrame:
    """The contradicted rows by code and text: :data:`COLUMNS`, most minutes first.

    ``by_code`` and ``by_text`` are the task types of the code (which was used) and of the
    text. Only the masked rows are grouped (a few in any diary).
    """
    if not mask.any():
        return pd.DataFrame(columns=COLUMNS)
    ids = np.array(tax.task_ids + ["uncategorised"], dtype=object)
    rows = pd.DataFrame({
        "activity_code": episodes["activity_code"].astype("string").str.strip().to_numpy()[mask],
        "activity": episodes["activity"].astype("string").str.strip().to_numpy()[mask],
        "by_code": ids[task[mask]], "by_text": ids[text_task[mask]],
        "minutes": minutes[mask] if minutes is not None else np.nan})
    g = rows.groupby(COLUMNS[:4], sort=False, dropna=False).agg(
        episodes=("minutes", "size"), minutes=("minutes", "sum")).reset_index()
    return g.sort_values(["minutes", "episodes"], ascending=False, kind="stable",
                         ignore_index=True)[COLUMNS]


def warn_contradictions(table: pd.DataFrame, tax, stacklevel: int = 3) -> None:
    """Warn once of :func:`contradictions` (none: no warning): rows, hours, three examples."""
    if not len(table):
        return
    n, minutes = int(table["episodes"].sum()), float(table["minutes"].sum())
    hours = f" ({minutes / 60:,.1f} hours)" if np.isfinite(minutes) and minutes > 0 else ""
    examples = "; ".join(
        f"{r.activity!r} coded {r.activity_code!r}: {r.by_code} by the code, {r.by_text} by "
        f"the text ({r.episodes} rows)" for r in table.head(3).itertuples())
    more = f"; and {len(table) - 3} more code and text pairs" if len(table) > 3 else ""
    warnings.warn(
        f"{n:,} entries{hours} have an activity code that their text contradicts: the text "
        f"says another category (leave, sickness, a break or travel, at priority "
        f"{CONTRADICT_FROM} or more, or not work against work) in taxonomy {tax.name!r}: "
        f"{examples}{more}. The code was used "
        "(it comes before the text); check these codes and correct the wrong ones, or take "
        "the code off to categorise by the text (listed in the coverage report under "
        "'Codes contradicted by their text')",
        DataQualityWarning, stacklevel=stacklevel)
