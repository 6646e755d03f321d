"""Complementary withholding that hides no more than it must: a table of cells (rows by
columns) whose rows and columns add up to published totals.

A withheld cell can be had back exactly when the published figures pin it down: when it
is a fixed combination of the totals and the published cells (the total less the rest is
the simplest, two margins' subtractions chained the next). In the cells' own terms: the
withheld cells and withheld totals are the unknowns, each published total is one equation
(its cells add up to it), and an unknown is recovered exactly when no change to the
unknowns that keeps every equation can move it, that is, when it is zero in every
solution of the equations with their right-hand sides set to 0 (the null space), as
when its unit vector lies in the span of the equations.

The rule, as the guide's complementary suppression: withhold the cells of too few people
(the caller's), then, while some withheld figure can be recovered, withhold the smallest
further cell (fewest people, then by column and row) that shares a total with it and
stops that alone; where none does (its row's and its column's totals both give it), the
cheapest rectangle through it (three more cells, two rows by two columns: the fewest new
cells, then the fewest people; the hypercube method of statistical agencies' cell
suppression in two dimensions); a cell that gives nothing back is never withheld. A cell
of no one is a zero the reader can take as known. A row whose cells of someone are all
withheld and still recovered (a slot of one label, whose share is 1) has its own total
withheld instead (the caller blanks it), as has a row whose cells of someone are all
withheld where the totals would still give a figure back. A figure nothing here can
protect is left to the caller (the tempogram's second slot's time observed withheld:
:func:`~timestudy.observe._publish.withhold`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.stats._threads import one_blas_thread


def _equations(hidden: np.ndarray, row_known: np.ndarray, col_known: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """The published totals' equations in the unknowns: one row each of the table's rows,
    its columns and the grand total; one column each of the withheld cells (in
    ``np.nonzero`` order), then of the withheld column totals. Also the withheld cells'
    flat positions."""
    n_rows, n_cols = hidden.shape
    cell_r, cell_c = np.nonzero(hidden)
    free_c = np.flatnonzero(~col_known)
    n_cells = len(cell_r)
    a = np.zeros((n_rows + n_cols + 1, n_cells + len(free_c)))
    a[:, :n_cells] = _cell_columns(cell_r, cell_c, row_known, hidden.shape)
    a[n_rows + free_c, n_cells + np.arange(len(free_c))] = -1.0
    return a, cell_r * n_cols + cell_c


def _cell_columns(r: np.ndarray, c: np.ndarray, row_known: np.ndarray, shape) -> np.ndarray:
    """The equations' column of each cell (``r``, ``c``): its row's (where that total is
    published), its column's and the grand total's."""
    n_rows, n_cols = shape
    out = np.zeros((n_rows + n_cols + 1, len(r)))
    out[r, np.arange(len(r))] = row_known[r]
    out[n_rows + c, np.arange(len(r))] = 1.0
    out[-1] = 1.0
    return out


def _span(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(a a')^+`` and a basis of the equations' combinations that vanish (``a' y = 0``),
    from the eigenvectors of the small square ``a a'``."""
    ev, u = np.linalg.eigh(a @ a.T)
    keep = ev > 1e-9 * max(ev.max(initial=0.0), 1.0)
    return (u[:, keep] / ev[keep]) @ u[:, keep].T, u[:, ~keep]


def recovered(hidden: np.ndarray, row_known: np.ndarray, col_known: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Which withheld cells, and which withheld column totals, the published figures give.

    Parameters
    ----------
    hidden : ndarray of bool, rows x columns
        The withheld cells (every other cell is published, a zero included).
    row_known, col_known : ndarray of bool
        Whether each row's, each column's total is published (the grand total is).

    Returns
    -------
    cells : ndarray of bool, rows x columns
        True at a withheld cell the published figures pin down.
    totals : ndarray of bool, columns
        True at a withheld column total they pin down.

    Examples
    --------
    One withheld cell in a row of known total comes back; two do not.

    >>> h = np.array([[True, False], [False, False]])
    >>> recovered(h, np.array([True, True]), np.array([False, False]))[0].tolist()
    [[True, False], [False, False]]
    >>> h = np.array([[True, True], [False, False]])
    >>> recovered(h, np.array([True, True]), np.array([False, False]))[0].any()
    np.False_
    """
    a, flat = _equations(hidden, row_known, col_known)
    return _pinned(a, _span(a)[0], flat, hidden.shape, col_known)


def _pinned(a, pinv, flat, shape, col_known):
    """:func:`recovered` from the equations ``a`` and their ``(a a')^+``."""
    # an unknown is pinned where its unit vector lies in the equations' span
    pinned = np.einsum("ij,ij->j", a, pinv @ a) > 1 - 1e-9
    cells = np.zeros(int(np.prod(shape)), bool)
    cells[flat] = pinned[: len(flat)]
    totals = np.zeros(shape[1], bool)
    totals[~col_known] = pinned[len(flat):]
    return cells.reshape(shape), totals


def _freeing(h, rows, a, span, target: int, cand: np.ndarray) -> np.ndarray:
    """For each candidate cell (flat positions ``cand``, row totals kept), whether
    withholding it alone stops the unknown ``target`` (its column in :func:`_equations`)
    being pinned: the equations' combinations giving the target, ``y`` with ``a' y`` its
    unit vector, must all weigh the new cell's column, as they do where that column adds
    no new combination (it lies in the span of the others') and the least such ``y``
    weighs it."""
    pinv, null = span
    y = pinv @ a[:, target]
    v = _cell_columns(*np.divmod(cand, h.shape[1]), rows, h.shape)
    spanned = np.linalg.norm(null.T @ v, axis=0) < 1e-9
    return spanned & (np.abs(y @ v) > 1e-9)


def protect(people: pd.DataFrame, hidden: pd.DataFrame, row_known: pd.Series,
            col_known: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """``hidden`` with the fewest further cells withheld so that none of its cells, and no
    withheld column total (``col_known`` False), can be recovered; and the rows whose
    total must be withheld too (``row_known`` with those set False).

    ``people`` counts the people of each cell (0: a zero, known, never a complement).

    Examples
    --------
    Slots (rows) by labels; ``a`` (4 people) and ``c`` (its complement in the label
    totals) have their totals withheld. ``a`` at 09:00 is withheld, and the row's
    smallest other, ``c`` (5 people, before ``b``'s 6), so 09:00's total less the rest
    does not give it; with ``c``'s total withheld nothing more is needed.

    >>> people = pd.DataFrame({"a": [4, 0], "b": [6, 6], "c": [5, 5]}, index=["09", "10"])
    >>> h, rows = protect(people, people.lt(5) & people.gt(0),
    ...                   pd.Series(True, index=people.index),
    ...                   pd.Series([False, True, False], index=people.columns))
    >>> h.to_numpy().tolist(), rows.all()
    ([[True, False, True], [False, False, False]], np.True_)
    """
    with one_blas_thread():  # many small solves: a second BLAS thread only stalls them
        return _protect(people, hidden, row_known, col_known)


def _protect(people, hidden, row_known, col_known):
    rows, cols = row_known.to_numpy(bool).copy(), col_known.to_numpy(bool)
    n = people.to_numpy(float)
    rank, live = _order(people), n > 0
    out = hidden.to_numpy(bool).copy()
    h = out & live  # a cell of no one is a zero the reader may take as known, withheld or not
    # a cell that is its column's only one of someone is known from its published total
    # whatever else is withheld: never a complement; one that is its row's only one takes
    # the row's total with it (its share is 1)
    can = live & ~((live.sum(axis=0, keepdims=True) == 1) & cols[None, :])
    alone = live & (live.sum(axis=1, keepdims=True) == 1)
    skip = np.zeros(h.size + h.shape[1], bool)  # figures nothing can protect
    age = np.zeros(h.size + h.shape[1])  # the newest withheld cell is protected first
    while True:
        a, flat = _equations(h, rows, cols)
        span = _span(a)
        cells, totals = _pinned(a, span[0], flat, h.shape, cols)
        todo = np.flatnonzero(np.concatenate([cells.ravel(), totals]) & ~skip)
        if not len(todo):
            break
        at = int(todo[np.argmax(age[todo])])
        r, c = divmod(at, h.shape[1]) if at < h.size else (None, at - h.size)
        before = h.copy()
        if _step(h, rows, cols, (a, span), (can, alone, rank, live), (r, c)):
            age[: h.size][(h & ~before).ravel()] = age.max() + 1
            continue
        if r is not None and rows[r]:
            rows[r] = False  # its row's cells of someone all withheld: its total goes
            h[r] |= can[r]
        else:
            skip[at] = True
    return (pd.DataFrame(out | h, index=hidden.index, columns=hidden.columns),
            pd.Series(rows, index=row_known.index))


def _step(h, rows, cols, system, cells, target) -> bool:
    """Withhold what stops ``target`` (row, column; row None: the column's total) being
    recovered: the first cell sharing a published total with it that does alone (rank
    order; one alone in its row takes the row's total), else the cheapest rectangle
    through it, else the total of a row whose cells of someone are all withheld where
    that stops it (the totals of two slots of one label each, say, give the third's),
    else the first such cell (another follows). False where none is left.
    ``system``: the equations and their :func:`_span`; ``cells``: which may be withheld,
    which are alone in their rows, and their order."""
    (a, span), (can, alone, rank, live), (r, c) = system, cells, target
    near = np.zeros_like(h)
    if r is not None and rows[r]:
        near[r] = True
    if r is None or cols[c]:
        near[:, c] = True
    near &= can & ~h
    cand = np.argsort(np.where(near, rank, np.inf), axis=None)[: int(near.sum())]
    unknown = np.flatnonzero(h.ravel())
    index = (int(np.searchsorted(unknown, r * h.shape[1] + c)) if r is not None
             else len(unknown) + int((~cols[:c]).sum()))
    frees = _freeing(h, rows, a, span, index, cand)
    lone = alone.ravel()[cand]
    for i in np.flatnonzero(lone):  # a row's only cell: its row's total goes with it
        trial, trial_rows = h.copy(), rows.copy()
        trial.flat[cand[i]], trial_rows[cand[i] // h.shape[1]] = True, False
        got = recovered(trial, trial_rows, cols)
        frees[i] = not (got[0][r, c] if r is not None else got[1][c])
    if frees.any():
        pick = cand[np.flatnonzero(frees)[0]]
        h.flat[pick] = True
        rows[pick // h.shape[1]] &= not alone.flat[pick]
        return True
    box = _rectangle(h, can, rank, r, c) if r is not None and rows[r] and cols[c] else None
    if box is not None:
        h[box] = True  # two rows, two columns: each can trade any amount with the other
        return True
    row = _row_to_free(h, rows, cols, live, target)
    if row is not None:
        rows[row] = False
        return True
    if len(cand):
        h.flat[cand[0]] = True
        rows[cand[0] // h.shape[1]] &= not alone.flat[cand[0]]
        return True
    return False


def _row_to_free(h, rows, cols, live, target):
    """The first row of published total whose cells of someone are all withheld and whose
    total, withheld too, stops ``target`` being recovered; None where none does."""
    r, c = target
    full = rows & live.any(axis=1) & ~(live & ~h).any(axis=1)
    for row in np.flatnonzero(full):
        trial = rows.copy()
        trial[row] = False
        cells, totals = recovered(h, trial, cols)
        if not (cells[r, c] if r is not None else totals[c]):
            return int(row)
    return None


def _order(people: pd.DataFrame) -> np.ndarray:
    """Each cell's place in the order complements are taken: fewest people, then column
    name, then row."""
    flat = pd.DataFrame({"n": people.to_numpy(float).ravel(),
                         "c": np.tile(people.columns.astype(str), len(people)),
                         "r": np.repeat(np.arange(len(people)), people.shape[1])})
    place = np.empty(len(flat))
    place[flat.sort_values(["n", "c", "r"], kind="stable").index.to_numpy()] = np.arange(len(flat))
    return place.reshape(people.shape)


def _rectangle(h, can, rank, r, c):
    """The cells (rows, columns) to withhold with (``r``, ``c``) so that four withheld
    cells, two in its row and two in its column, make a rectangle, whose cells no
    subtraction gives back (each row's and column's two can trade any amount): the
    fewest new cells, then the smallest; None where there is no such rectangle.

    Examples
    --------
    >>> h = np.array([[True, False], [False, False]])
    >>> _rectangle(h, np.ones((2, 2), bool), np.arange(4.0).reshape(2, 2), 0, 0)
    (array([0, 1, 1]), array([1, 0, 1]))
    """
    cost = np.where(h, 0.0, np.where(can, 1e9 + rank, np.inf))
    total = cost[r][None, :] + cost[:, c][:, None] + cost
    total[r, :] = np.inf
    total[:, c] = np.inf
    if not np.isfinite(total).any():
        return None
    r2, c2 = np.unravel_index(np.argmin(total), total.shape)
    return np.array([r, r2, r2]), np.array([c2, c, c2])
