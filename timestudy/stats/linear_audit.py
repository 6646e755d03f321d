"""Which withheld figures a reader can solve for from published sums, and which more to
withhold so that none can be (complementary suppression as a linear audit).

The unknowns are figures (cells of a table); each equation is a sum a reader knows (a row
total, a column total, a share times a published whole). Pure NumPy: the guide's
disclosure rules (:mod:`timestudy.guide.disclosure`) build the equations and the options.
"""

from __future__ import annotations

import numpy as np

from timestudy.stats._threads import one_blas_thread

__all__ = ["given_back", "complement", "TRIES"]


def given_back(A: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Which hidden unknowns the equations ``A x = b`` (``b`` published) give back exactly.

    A hidden unknown is given back when it is the same in every solution: its unit vector
    lies in the row space of ``A`` restricted to the hidden unknowns (the published
    ones are known numbers and move to ``b``).

    Parameters
    ----------
    A : ndarray
        Equations x unknowns: the coefficients of the sums a reader knows.
    hidden : ndarray of bool
        Which unknowns are withheld.

    Returns
    -------
    ndarray of bool
        True for a hidden unknown that can be solved for.

    Examples
    --------
    A row of three cells adds up to a published total; one cell hidden is given back,
    two are not:

    >>> A = np.array([[1.0, 1.0, 1.0]])
    >>> given_back(A, np.array([True, False, False])).tolist()
    [True, False, False]
    >>> given_back(A, np.array([True, True, False])).tolist()
    [False, False, False]
    """
    out = np.zeros(len(hidden), dtype=bool)
    cols = np.flatnonzero(hidden)
    sub = A[:, cols]
    sub = sub[np.abs(sub).sum(axis=1) > 0]
    if not len(cols) or not len(sub):
        return out
    _, s, vt = np.linalg.svd(sub)
    rank = int((s > s.max() * max(sub.shape) * 1e-12).sum())
    out[cols] = np.abs(vt[rank:]).max(axis=0, initial=0.0) < 1e-9
    return out


#: The options :func:`complement` tries for one unknown before it takes the first.
TRIES = 24


def complement(A: np.ndarray, hidden: np.ndarray, options) -> tuple[np.ndarray, list]:
    """Hide more unknowns until :func:`given_back` gives none back (complementary suppression).

    ``options(i, hidden)`` lists, best first, the ``(name, unknowns)`` that may be hidden
    to protect unknown ``i``; the first that protects it is taken. When none of the
    first :data:`TRIES` does, the first is taken and the search goes on (each step hides
    more, so it ends). An unknown
    the sums give back even with every unknown hidden (a column with one cell that is
    not zero) cannot be protected by hiding more: it is left to the caller, and never
    hidden as a complement.

    Examples
    --------
    >>> A = np.array([[1.0, 1.0, 1.0]])
    >>> opts = lambda i, h: [(int(j), [j]) for j in np.flatnonzero(~h)]
    >>> hidden, picked = complement(A, np.array([True, False, False]), opts)
    >>> hidden.tolist(), picked
    ([True, True, False], [1])
    """
    with one_blas_thread():  # (a block, not a decorator: its warnings point at the caller)
        hidden, picked = hidden.copy(), []
        fixed = given_back(A, np.ones(len(hidden), dtype=bool))
        while (bad := given_back(A, hidden) & ~fixed).any():
            i = int(np.flatnonzero(bad)[0])
            choices = [(c, idx) for c, idx in options(i, hidden) if not fixed[list(idx)].all()]
            if not choices:
                break  # nothing left to hide: the sums themselves say it
            _name, idx = _first_protecting(A, hidden, i, choices[:TRIES]) or choices[0]
            hidden = hidden.copy()
            hidden[list(idx)] = True
            picked.append(_name)
        return hidden, picked


def _first_protecting(A: np.ndarray, hidden: np.ndarray, i: int, choices: list):
    """The first of ``choices`` whose unknowns, hidden too, stop ``i`` being given back.

    For a choice of one unknown ``j`` one least-squares solve answers for all at once: with
    ``i`` given back by the hidden columns ``A_H``, hiding ``j`` protects ``i`` exactly when
    column ``j`` is a combination of ``A_H`` with a weight on ``i`` that is not zero (then,
    and only then, a solution can move ``i``). A choice of several unknowns is tried whole
    with :func:`given_back`.
    """
    cols = np.flatnonzero(hidden)
    single = [k for k, (_, idx) in enumerate(choices) if len(idx) == 1]
    protects = np.zeros(len(choices), dtype=bool)
    if single:
        cand = A[:, [int(choices[k][1][0]) for k in single]]
        w, *_ = np.linalg.lstsq(A[:, cols], cand, rcond=None)
        spanned = (np.linalg.norm(A[:, cols] @ w - cand, axis=0)
                   <= 1e-9 * (1 + np.linalg.norm(cand, axis=0)))
        protects[single] = spanned & (np.abs(w[np.searchsorted(cols, i)]) > 1e-9)
    for k, (name, idx) in enumerate(choices):
        if len(idx) != 1:
            trial = hidden.copy()
            trial[list(idx)] = True
            protects[k] = not given_back(A, trial)[i]
        if protects[k]:
            return name, idx
    return None
