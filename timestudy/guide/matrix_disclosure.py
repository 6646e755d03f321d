"""Disclosure control of the task x case type matrices and the uplifts worked from them.

A cell of a matrix from fewer than ``min_workers`` workers (by head or in effect under
their survey weights, :func:`~timestudy.guide.disclosure.too_few`) is withheld, and so is
what would give it back: the matrices' rows add up to a published figure (the case type's
hours per case-month), the full and direct matrices share their cells, and an uplift times
a case type's hours gives its should figure. The rules of the rest of the guide are in
:mod:`timestudy.guide.disclosure`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from timestudy.guide.disclosure import Suppressed, _fewer, too_few, unknowns
from timestudy.stats.linear_audit import complement

if TYPE_CHECKING:
    from timestudy.guide.adjustments import Adjustments

__all__ = ["publish_matrix", "protect_matrices", "protect_uplifts", "MatrixProtection",
           "MATRIX_TABLES", "SAME_FIGURE", "uplift_rows"]


def publish_matrix(matrix: pd.DataFrame, workers: pd.DataFrame, min_workers: int, label: str,
                    rows_out: set, cols_out: set, row_totals: bool = False,
                    effective: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list]:
    """The matrix as published: cells from fewer than ``min_workers`` workers are NaN.

    ``rows_out`` and ``cols_out`` (suppressed case types and tasks) go whole.
    Zero cells (no piece of work) are kept. With ``row_totals`` (the rows add up to
    a published figure, the hours per case-month) no hidden cell can be had by
    subtraction: see :func:`protect_matrices`, which does this for two matrices at once.
    ``effective`` (same shape as ``workers``) are the cells' workers in effect under their
    survey weights.
    """
    hide, notes = _primary_cells(matrix, workers, min_workers, label, rows_out, cols_out,
                                 effective)
    if row_totals:
        (hide,), more = _complement_rows((matrix,), (hide,), (label,), rows_out)
        notes += more
    return matrix.mask(hide), notes


def _primary_cells(matrix: pd.DataFrame, workers: pd.DataFrame, min_workers: int, label: str,
                   rows_out: set, cols_out: set, effective: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, list]:
    """Cells hidden for their own sake: from too few workers (by head or in effect), or in a
    row or column out."""
    w = workers.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
    few = w < min_workers
    if effective is not None:
        e = effective.reindex(index=matrix.index, columns=matrix.columns, fill_value=0)
        few |= e.apply(too_few, args=(min_workers,)) & (w > 0)
    hide = few & (matrix.fillna(0) != 0)
    whole = pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
    whole.loc[whole.index.isin(rows_out)] = True
    whole.loc[:, whole.columns.isin(cols_out)] = True
    notes = [Suppressed(label, f"{k}/{t}", _fewer(min_workers, w.loc[k, t]))
             for (k, t), h in (hide & ~whole).stack().items() if h]
    return hide | whole, notes


def protect_matrices(full: pd.DataFrame, direct: pd.DataFrame, workers_full: pd.DataFrame,
                     workers_direct: pd.DataFrame, min_workers: int, rows_out: set,
                     cols_out: set, hidden: tuple | None = None,
                     columns: tuple | None = None, effective: tuple | None = None,
                     uplifts: tuple | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The full and direct task x case type matrices as published, protected together.

    Both have the same row totals (a case type's hours per case-month: every minute on
    a case is one piece's direct time and one piece's full time), and a cell with the
    same value in both (writing: full = direct) is one figure. After the primary
    suppression of each (:func:`publish_matrix`) a cell hidden in one is hidden in the
    other where the two are equal, and complementary cells are hidden until no hidden
    cell is determined by the published cells and the row totals
    (:func:`given_back`). The complementary cells are the smallest published ones of
    the row, in the same matrix first. A cell that is zero is known, withheld or not (a
    task with no pieces publishes ``n_pieces`` 0; :func:`~timestudy.guide.disclosure.unknowns`):
    it is never a complement, and a row whose only other withheld cells are zero hides a
    cell that is not (audit28: CIN's case notes, 0, beside its withheld assessment
    write-up). ``hidden`` (two masks) are cells already hidden
    and recorded, e.g. by :func:`protect_uplifts`: only what follows from them is added.
    ``columns`` = (case-months by case type, task types) are the direct matrix's columns
    with a published total: a task's case hours (``hours_per_fte_week`` less
    ``non_case_hours_per_fte_week``, times the FTE-weeks) are the column times the
    case-months; those sums are protected too. ``effective`` (two frames like the workers')
    are the cells' workers in effect under their survey weights. ``uplifts`` = (case types,
    task uplifts) are the rows whose uplift is published as the mix of their task uplifts
    (:func:`uplift_rows`): each row's full cells times the task uplifts add up to a published
    figure (its should hours over its own factor), a second total of the row.

    Two cells within :data:`SAME_FIGURE` of each other in the full and direct matrices are
    one figure: a task with no travel or notes of its own (a call, most writing) has the
    same minutes in both, over case-months that can differ by a fraction of a percent, and
    two such cells published in a row give the reader that fraction (audit25f: CIN family
    contact's full hours withheld, 0.21898, its direct hours published, 0.21906; with the
    row's uplifted total the withheld case notes came back, 0.035305 for 0.035411).
    """
    eff_f, eff_d = effective if effective is not None else (None, None)
    hide_f, notes = _primary_cells(full, workers_full, min_workers, "task_case_hours",
                                   rows_out, cols_out, eff_f)
    hide_d, more = _primary_cells(direct, workers_direct, min_workers,
                                  "task_case_direct_hours", rows_out, cols_out, eff_d)
    if hidden is not None:
        hide_f, hide_d, notes, more = hide_f | hidden[0], hide_d | hidden[1], [], []
    hides, more2 = _complement_rows((full, direct), (hide_f, hide_d),
                                    ("task_case_hours", "task_case_direct_hours"), rows_out,
                                    columns, uplifts)
    return full.mask(hides[0]), direct.mask(hides[1]), notes + more + more2


def _complement_rows(matrices: tuple, hides: tuple, labels: tuple, rows_out: set,
                     columns: tuple | None = None, uplifts: tuple | None = None
                     ) -> tuple[tuple, list]:
    """Complementary suppression of matrices with the same rows and row totals, cells equal
    (to :data:`SAME_FIGURE`) in two of them being one figure, ``columns`` = (case-months by
    row, the columns whose total of the last matrix times the case-months is published) and
    ``uplifts`` = (rows, weights by column): the first matrix's rows whose cells times the
    weights add up to a published figure (see :func:`protect_matrices`). The audit's
    unknowns are the withheld cells that are not zero (:func:`unknowns`); those that are
    stay withheld as they were."""
    cols, rows = matrices[0].columns, matrices[0].index
    n, R, M = len(cols), len(rows), len(matrices)
    vals = np.concatenate([m.reindex(columns=cols).fillna(0).to_numpy(float).ravel()
                           for m in matrices])
    nonzero = vals != 0
    given = np.concatenate([h.reindex(columns=cols, fill_value=False).to_numpy(bool).ravel()
                            for h in hides])
    hidden = unknowns(given, vals)  # a zero cell is known, null or not: it protects nothing
    eqs, links = [], []
    for j in range(M):
        for r in np.flatnonzero(~rows.isin(list(rows_out))):
            e = np.zeros(M * R * n)
            e[(j * R + r) * n:(j * R + r + 1) * n] = 1.0
            eqs.append(e)
    for c in np.flatnonzero(nonzero[:R * n]):  # equal cells: one figure in two matrices
        for j in range(1, M):
            other = vals[j * R * n + c]
            if abs(vals[c] - other) <= SAME_FIGURE * max(abs(vals[c]), abs(other)):
                links.append((c, j * R * n + c))
    eqs += _uplift_equations(rows, cols, rows_out, uplifts, M)
    if columns is not None:
        months, shown = columns
        w = months.reindex(rows).fillna(0).to_numpy(float)
        for t in np.flatnonzero(cols.isin(list(shown))):
            e = np.zeros(M * R * n)
            e[(M - 1) * R * n + np.arange(R) * n + t] = w
            eqs.append(e)
    for a, b in links:
        e = np.zeros(M * R * n)
        e[a], e[b] = 1.0, -1.0
        eqs.append(e)
    A = np.array(eqs).reshape(len(eqs), M * R * n)  # published cells: known numbers
    notes = []

    def note(c, why):
        r, t = divmod(c % (R * n), n)
        notes.append(Suppressed(labels[c // (R * n)], f"{rows[r]}/{cols[t]}", why))

    for a, b in links:  # a figure hidden in one matrix is hidden in the other
        if hidden[a] != hidden[b]:
            c = b if hidden[a] else a
            hidden[c] = True
            note(c, "the same figure is suppressed in the "
                 + ("direct" if c == a else "full") + " hours table")

    twins: dict[int, list] = {}  # a figure of two matrices is hidden in both at once
    for a, b in links:
        twins.setdefault(a, []).append(b)
        twins.setdefault(b, []).append(a)

    def options(i, h):
        ri, ti = divmod(i % (R * n), n)
        free = np.flatnonzero(~h & nonzero)
        r, t = divmod(free % (R * n), n)
        key = np.lexsort((vals[free], free // (R * n) != i // (R * n), (r != ri) & (t != ti)))
        return [(c, [c, *(x for x in twins.get(c, ()) if not h[x])]) for c in free[key]]

    new, _ = complement(A, hidden, options)
    for c in np.flatnonzero(new & ~hidden):
        note(c, "secondary suppression: with the row or column totals it would give a "
             "suppressed cell back")
    out = (new | given).reshape(M, R, n)
    return tuple(pd.DataFrame(out[j], index=rows, columns=cols).reindex(columns=m.columns)
                 for j, m in enumerate(matrices)), notes


#: Two cells of the full and direct matrices within this share of each other are one
#: figure. A cell with no travel or notes (a call, most writing) is the same minutes in
#: both, over case-months that differ by a fraction of a percent (0.04% and 0.07% on the
#: simulated study); the next closest pair differed by 10% (the full cell of a visit).
SAME_FIGURE = 0.01


def _uplift_equations(rows: pd.Index, cols: pd.Index, rows_out: set, uplifts: tuple | None,
                      M: int) -> list:
    """Each row of ``uplifts`` = (rows, weights by column) as an equation on the first of
    ``M`` matrices: its cells times the weights add up to a published figure."""
    if uplifts is None:
        return []
    shown, weights = uplifts
    w = weights.reindex(cols).fillna(1.0).to_numpy(float)
    out = []
    for r in np.flatnonzero(rows.isin(list(shown)) & ~rows.isin(list(rows_out))):
        e = np.zeros(M * len(rows) * len(cols))
        e[r * len(cols):(r + 1) * len(cols)] = w
        out.append(e)
    return out


def uplift_rows(case_types: pd.DataFrame, columns: pd.Index,
                adjustments: Adjustments | None) -> tuple | None:
    """The case types whose full cells times the task uplifts add up to a published figure,
    and the task uplifts by column: (rows, uplifts), or None when no task uplift differs
    from 1 (the equation is then the row total).

    A case type's published uplift is its own factor times the mix of its task uplifts
    weighed by its hours (``guide.adjustments.apply_uplifts``), so its should hours over
    its factor are ``sum_t h[k, t] u_t``; a case type whose uplift comes whole from evidence
    (``case_type_totals``) or is withheld gives no such sum.

    Parameters
    ----------
    case_types : DataFrame
        The case types as published, with ``uplift`` (NaN where withheld).
    columns : Index
        The task types of the matrices.
    adjustments : Adjustments or None
        The uplifts (None: none).

    Returns
    -------
    (list, Series) or None
        The case types with the sum, and the task uplifts by column (1 where none).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> ct = pd.DataFrame({"uplift": [1.1, np.nan, 1.2]}, index=["CIN", "CP", "CLA"])
    >>> a = SimpleNamespace(task_types={"visit": 1.25}, case_type_totals={"CLA": 1.2})
    >>> rows, u = uplift_rows(ct, pd.Index(["visit", "notes"]), a)
    >>> rows, u.tolist()
    (['CIN'], [1.25, 1.0])
    """
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    u = task_up.reindex(columns).fillna(1.0)
    if (u == 1.0).all() or "uplift" not in case_types:
        return None
    whole = set(map(str, adjustments.case_type_totals)) if adjustments else set()
    shown = case_types["uplift"].notna() & np.isfinite(case_types["uplift"].astype(float))
    return [k for k in case_types.index[shown] if str(k) not in whole], u


def protect_uplifts(published: pd.DataFrame, full: pd.DataFrame, case_types: pd.DataFrame,
                     adjustments: Adjustments | None) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Hide what a case type's uplift would give back of the hidden cells of its row.

    With the row's hours (``sum_t h[k, t]``), its uplift (``sum_t h[k, t] * u_t``
    over them, times the case type's own factor) and the published cells, the
    hidden cells of a row can be added up within each group of equal task
    uplifts when there are at most two groups: a group of one hidden cell would
    be given back (one hidden cell alone is given back by the row total: a row of two
    cells of different uplifts, whose two sums fix both whatever is hidden, so that
    no complement protects them). Such a row hides its smallest published cell of the
    same uplift, or else of another uplift; failing both, the case type's uplift and
    "should" hours are suppressed.
    """
    notes: list = []
    task_up = pd.Series(adjustments.task_types if adjustments else {}, dtype=float)
    u = task_up.reindex(full.columns).fillna(1.0)
    if u.nunique() < 2:
        return published, case_types, notes
    published, case_types = published.copy(), case_types.copy()
    nonzero = full.reindex_like(published).fillna(0) != 0
    for k in published.index:
        if k not in case_types.index or not np.isfinite(case_types.loc[k, "uplift"]):
            continue
        if adjustments is not None and str(k) in adjustments.case_type_totals:
            continue  # its uplift comes from evidence, not from the row's hidden cells
        while True:
            hidden = published.loc[k].isna() & nonzero.loc[k]
            groups = u[hidden].value_counts()
            if len(groups) > 2 or not (groups == 1).any():
                break  # (one cell alone: the row total gives it back where the row's two
                # sums fix every cell, which no complement protects; fix30r)
            alone = groups.index[groups == 1][0]
            shown = ~published.loc[k].isna() & nonzero.loc[k]
            same = shown & (u == alone)
            other = shown & ~u.isin(groups.index)
            pick = same if same.any() else other
            if not pick.any():
                case_types.loc[k, ["uplift", "hours_per_case_month_should"]] = np.nan
                notes.append(Suppressed("case_types.uplift", str(k), "with the case type's hours it would give a suppressed task x "
                              "case type cell back"))
                break
            t = full.loc[k, pick[pick].index].idxmin()
            published.loc[k, t] = np.nan
            notes.append(Suppressed("task_case_hours", f"{k}/{t}", "secondary suppression: with the case type's uplift it would give "
                          "a suppressed cell back"))
    return published, case_types, notes


#: Tables of the task x case type matrices and of the uplifts they protect.
MATRIX_TABLES = ("task_case_hours", "task_case_direct_hours", "case_types.uplift")


@dataclass(frozen=True, repr=False, eq=False)
class MatrixProtection:
    """What publishing the task x case type matrices needs: the unsuppressed full and direct
    matrices, the workers behind each cell, and the rows, columns and column totals
    (:func:`protect_matrices`). Kept with a guide built from a study (in memory only), so
    that other uplifts (:func:`timestudy.guide.with_adjustments`) are protected exactly
    as :func:`timestudy.build_guide` protects its own."""

    full: pd.DataFrame
    direct: pd.DataFrame
    workers_full: pd.DataFrame
    workers_direct: pd.DataFrame
    min_workers: int
    rows_out: frozenset
    cols_out: frozenset
    columns: tuple | None = None
    effective: tuple | None = None

    def publish(self, case_types: pd.DataFrame, adjustments: Adjustments | None
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list]:
        """The full and direct matrices as published with ``adjustments``' uplifts, the
        case types (an uplift that would give a cell back withheld) and the records of
        every cell withheld: the matrices protected together, then each uplift's
        secondary cells (:func:`protect_uplifts`) and what they hide in the direct
        matrix, until nothing more is hidden.

        Parameters
        ----------
        case_types : DataFrame
            The guide's case types, with their uplifts (``uplift`` and the should
            columns); a case type whose uplift would give a withheld cell back has its
            should figures withheld in the copy returned.
        adjustments : Adjustments or None
            The uplifts the published matrices carry (None: as measured).

        Returns
        -------
        (DataFrame, DataFrame, DataFrame, list of Suppressed)
            The full and direct matrices as published (withheld cells NaN), the case
            types as published, and a record of every cell withheld and why.

        Examples
        --------
        A guide built from a study keeps its protection; publishing again with the
        same uplifts gives the matrix the guide publishes:

        >>> from timestudy import simulate_study, run_study
        >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
        >>> g = run_study(s.diary, s.cases, s.workers, n_boot=19).guide
        >>> full, direct, case_types, withheld = g._protection.publish(g.case_types,
        ...                                                             g.adjustments)
        >>> full.equals(g.task_case_hours), bool(full.isna().any().any()) == bool(withheld)
        (True, True)
        """
        args = (self.full, self.direct, self.workers_full, self.workers_direct,
                self.min_workers, set(self.rows_out), set(self.cols_out))
        full, direct, notes = protect_matrices(
            *args, columns=self.columns, effective=self.effective,
            uplifts=uplift_rows(case_types, self.full.columns, adjustments))
        while True:
            full, case_types, more = protect_uplifts(full, self.full, case_types, adjustments)
            if not more:
                return full, direct, case_types, notes
            notes += more
            full, direct, more = protect_matrices(
                *args, hidden=(full.isna(), direct.isna()), columns=self.columns,
                effective=self.effective,
                uplifts=uplift_rows(case_types, self.full.columns, adjustments))
            notes += more
