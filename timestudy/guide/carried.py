"""What a guide made from another keeps of what it holds in memory only.

A guide built from a study keeps, beside its published tables, the task x case type
matrices before disclosure control with the protection that published them
(``_task_case_hours_unsuppressed``, ``_protection``) and the counts its count rule withheld
(``_measured_counts``). They belong to the tables they were measured for, and to no
other: the one rule of :meth:`TimeGuide.__post_init__ <timestudy.guide.TimeGuide>`, whatever
path made the guide (``dataclasses.replace``, :meth:`TimeGuide.derive`, a calibration):

- a table given back as it was (the same object) keeps its private state;
- a table changed by :meth:`TimeGuide.derive` (the same study's rows with other figures:
  other uplifts, pooled figures, a case type with no cost added) keeps the counts where
  they publish to the row's own (:func:`~timestudy.guide.counts.measured_counts`), and the
  matrices while they fit the tables (:func:`matrices_fit`);
- a table put in otherwise (``dataclasses.replace`` with another study's table) keeps none:
  nothing tells its rows from another study's whose published counts are the same.

A guide that keeps no matrices computes what needs them from its published cells, as a
guide read from guide.json does (:func:`published_basis`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import EstimationWarning
from timestudy.guide.disclosure import Suppressed

#: The tables whose private state rides with them: the counted tables and the matrices.
PRIVATE_TABLES = ("tasks", "case_types", "category_shares", "task_case_hours", "task_case_direct")


def given_back(guide) -> dict[str, bool]:
    """By table of :data:`PRIVATE_TABLES`, whether the guide was given it as it was in the
    guide it was made from (the same object), or made it fresh (a guide built, or read)."""
    seen = guide._tables
    if seen is None:
        return dict.fromkeys(PRIVATE_TABLES, True)
    return {name: seen.get(name) is getattr(guide, name) for name in PRIVATE_TABLES}


def matrices_fit(
    case_types: pd.DataFrame, unsuppressed: pd.DataFrame | None, published: pd.DataFrame
) -> bool:
    """Whether the task x case type full hours before disclosure control are those of these
    tables: each case type's hours per case-month (where a number) is its row's total, and
    each published cell is its cell.

    Parameters
    ----------
    case_types : DataFrame
        The guide's case types, with ``hours_per_case_month``.
    unsuppressed : DataFrame or None
        The matrix before disclosure control (None: none kept).
    published : DataFrame
        The matrix as published (withheld cells NaN).

    Returns
    -------
    bool

    Examples
    --------
    A reference's CP row (visit 5.0, write-up 4.0 from 2 workers: both withheld) fits its
    9.0 hours per case-month, not the 9.369 a calibration pooled:

    >>> full = pd.DataFrame({"visit": [5.0], "writeup": [4.0]}, index=["CP"])
    >>> shown = full * np.nan
    >>> matrices_fit(pd.DataFrame({"hours_per_case_month": [9.0]}, index=["CP"]), full, shown)
    True
    >>> matrices_fit(pd.DataFrame({"hours_per_case_month": [9.369]}, index=["CP"]), full, shown)
    False
    """
    if unsuppressed is None or "hours_per_case_month" not in case_types:
        return False
    # in NumPy (a guide checks it at each ``replace``: pandas' reindexing cost 7 ms a check)
    hours = pd.to_numeric(case_types["hours_per_case_month"], errors="coerce")
    hours = hours.to_numpy(float, na_value=np.nan)
    finite = np.isfinite(hours)
    full = unsuppressed.to_numpy(float, na_value=np.nan)
    row = unsuppressed.index.get_indexer(case_types.index[finite])
    totals = np.append(np.nansum(full, axis=1), 0.0)[row]  # no row (-1): no hours
    if not np.isclose(totals, hours[finite], rtol=1e-9, atol=1e-12).all():
        return False
    if published is None or published.empty:
        return True
    shown = published.to_numpy(float, na_value=np.nan)
    rows = unsuppressed.index.get_indexer(published.index)
    cols = unsuppressed.columns.get_indexer(published.columns)
    padded = np.pad(full, ((0, 1), (0, 1)), constant_values=np.nan)  # -1: NaN, as reindexed
    mine = padded[rows[:, None], cols[None, :]]
    cell = ~np.isnan(shown)
    return bool(
        np.isclose(
            np.where(cell, mine, 0.0), np.where(cell, shown, 0.0), rtol=1e-12, atol=0.0
        ).all()
    )


def published_basis(guide, adjustments) -> tuple[pd.DataFrame, list, list]:
    """The matrix the uplifts of a guide with no matrices before disclosure control mix
    the task uplifts by: its published cells (a guide read from guide.json, or made from
    another study's tables); the case types whose mix is unknown; the warnings to give.

    A case type with hours but no published cell of its row has no mix of task uplifts
    (its uplift is not computed: before, 1 was given without a word); one with some cells
    withheld is mixed over the published ones (an approximation); one whose published row
    adds up to other hours than its own is mixed by another study's task mix (a calibrated
    guide publishes its reference's matrices).

    Examples
    --------
    CIN fully published (3.0 + 2.0 = its 5.0 hours), CP withheld whole:

    >>> from types import SimpleNamespace
    >>> from timestudy.guide.adjustments import Adjustments
    >>> m = pd.DataFrame({"visit": [3.0, np.nan], "writeup": [2.0, np.nan]},
    ...                  index=["CIN", "CP"])
    >>> g = SimpleNamespace(task_case_hours=m, case_types=pd.DataFrame(
    ...     {"hours_per_case_month": [5.0, 9.0]}, index=["CIN", "CP"]))
    >>> basis, unknown, said = published_basis(g, Adjustments("t", "t", task_types={"visit": 1.5}))
    >>> unknown, len(said)
    (['CP'], 1)
    """
    basis = guide.task_case_hours
    if adjustments is None or not adjustments.task_types or basis.empty:
        return basis, [], []
    hours = pd.to_numeric(guide.case_types.get("hours_per_case_month"), errors="coerce")
    rows = basis.index.intersection(hours.index[hours.fillna(0) > 0])
    shown = basis.loc[rows].notna()
    whole = set(map(str, adjustments.case_type_totals))
    unknown = [k for k in rows[~shown.any(axis=1)] if str(k) not in whole]
    partial = rows[shown.any(axis=1) & ~shown.all(axis=1)]
    full = rows[shown.all(axis=1)]
    other = [k for k in full if not np.isclose(basis.loc[k].sum(), hours[k], rtol=1e-6)]
    said = []
    if unknown:
        said.append(
            f"the guide withholds every task x case type cell of case types "
            f"{sorted(map(str, unknown))}: the mix of their task uplifts is unknown, "
            "so their uplifts and should hours are not computed"
        )
    if len(partial):
        said.append(
            "the guide's task x case type hours have suppressed cells (case types "
            f"{sorted(map(str, partial))}): their uplifts mix the task uplifts over the "
            "published cells only and can differ a little from those of build_guide; rebuild "
            "the guide from the study for exact uplifts"
        )
    if other:
        said.append(
            f"the guide's task x case type hours of case types {sorted(map(str, other))}"
            " add up to other hours per case-month than its own (a calibrated guide "
            "publishes its reference's): their uplifts mix the task uplifts by that "
            "table's task mix"
        )
    for text in said:
        warnings.warn(text, EstimationWarning, stacklevel=3)
    return basis, unknown, said


def not_mixed(case_types: pd.DataFrame, unknown: list) -> tuple[pd.DataFrame, list]:
    """The case types with the uplift and should hours of ``unknown`` blank, and why."""
    if not unknown:
        return case_types, []
    out = case_types.copy()
    cols = [c for c in ("uplift", "hours_per_case_month_should") if c in out]
    out.loc[out.index.isin(unknown), cols] = np.nan
    return out, [
        Suppressed(
            "case_types.uplift",
            str(k),
            "every task x case type cell of its row is withheld: the mix of "
            "its task uplifts is unknown",
        )
        for k in unknown
    ]
