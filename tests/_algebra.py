"""A reader's algebra for the disclosure tests: which hidden figures published sums give back.

Written apart from :func:`timestudy.stats.linear_audit.given_back`, so that the tests check
the guide's suppression with a reader of their own, not with the code under test.
"""

from __future__ import annotations

import numpy as np


def solvable(A: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Which hidden unknowns of the equations ``A`` (rows: sums a reader knows; columns:
    unknowns) can be solved for: a hidden unknown is solvable when its unit vector is a
    combination of the equations restricted to the hidden unknowns (least squares finds it
    with no residual).

    Examples
    --------
    >>> A = np.array([[1.0, 1.0, 0.0]])  # x0 + x1 known
    >>> solvable(A, np.array([True, False, False])).tolist()  # x1 published: x0 follows
    [True, False, False]
    >>> solvable(A, np.array([True, True, False])).tolist()
    [False, False, False]
    """
    cols = np.flatnonzero(hidden)
    out = np.zeros(len(hidden), dtype=bool)
    sub = A[:, cols]
    for j, c in enumerate(cols):
        e = np.zeros(len(cols))
        e[j] = 1.0
        y = np.linalg.lstsq(sub.T, e, rcond=None)[0]
        out[c] = np.allclose(sub.T @ y, e, atol=1e-8)
    return out
