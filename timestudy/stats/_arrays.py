"""Input checks and group arithmetic shared by the kernels (private).

Every kernel takes plain NumPy arrays: a response ``y`` of length n, a design
matrix ``X`` of shape (n, p), integer-like group labels, optional weights and
offset. The helpers here validate those at the boundary (saying which argument
is wrong and what would fix it), code groups as 0..G-1 and sum by group with
``np.bincount`` (no per-row Python loops).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.linalg as sla
from scipy import sparse

from timestudy.errors import EstimationWarning, TimestudyError

#: Columns whose residual norm, after projecting on the columns kept before
#: them, is below this fraction of their own norm are dropped (R's ``lm``/``glm``
#: use 1e-7 with the same rule).
RANK_TOL = 1e-7
_CHUNK = 1 << 16
_GRAM_CHUNK = 1 << 14  # rows per block of X' W X: the block stays in cache


def as_vector(name: str, value: object, n: int | None = None, *,
              default: float | None = None, positive: bool = False) -> np.ndarray:
    """A finite float64 vector of length ``n`` (or ``default`` repeated when None)."""
    if value is None:
        if default is None or n is None:
            raise TimestudyError(f"`{name}` is required")
        return np.full(n, float(default))
    a = np.asarray(value, dtype=float)
    if a.ndim == 0 and n is not None:
        a = np.full(n, float(a))
    if a.ndim != 1 or (n is not None and len(a) != n):
        raise TimestudyError(f"`{name}` must be a vector of length {n}, not shape {a.shape}")
    bad = ~np.isfinite(a)
    if positive:
        bad |= a <= 0
    if bad.any():
        what = "finite and > 0" if positive else "finite"
        raise TimestudyError(f"`{name}` has {int(bad.sum())} values that are not {what} "
                             f"(first at position {int(np.flatnonzero(bad)[0])}): drop those "
                             "rows before fitting")
    return a


def as_design(X: object, n: int) -> np.ndarray:
    """A finite float64 design matrix with ``n`` rows (a vector becomes one column)."""
    a = np.asarray(X, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] != n:
        raise TimestudyError(f"`X` must have shape ({n}, p) to match `y`, not {a.shape}")
    if a.shape[1] == 0:
        raise TimestudyError("`X` has no columns: pass at least an intercept column of ones")
    if not np.isfinite(a).all():
        rows = np.flatnonzero(~np.isfinite(a).all(axis=1))
        raise TimestudyError(f"`X` has {len(rows)} rows with missing or infinite values "
                             f"(first at row {int(rows[0])}): drop them before fitting")
    return a


@dataclass(frozen=True)
class Groups:
    """Group codes 0..G-1 for each row, and the original labels in code order."""

    codes: np.ndarray
    labels: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.labels)

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sums of ``values`` (n,) or (n, k) by group: shape (G,) or (G, k)."""
        if values.ndim == 1:
            return np.bincount(self.codes, weights=values, minlength=self.n_groups)
        return np.column_stack([self.sum(values[:, j]) for j in range(values.shape[1])])

    def sum_columns(self, X: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Sums of ``w * X[:, j]`` by group for each column: (G, p), by blocks of rows."""
        return self.sum_products(X, w, np.arange(X.shape[1]), None)

    @cached_property
    def indicator(self) -> sparse.csc_matrix:
        """The (G, n) 0/1 matrix of group membership (built once, on first use)."""
        n = len(self.codes)
        return sparse.csc_matrix((np.ones(n), (self.codes, np.arange(n))),
                                 shape=(self.n_groups, n))

    def sum_products(self, X: np.ndarray, w: np.ndarray, left: np.ndarray,
                     right: np.ndarray | None) -> np.ndarray:
        """Group sums of ``w * X[:, left] * X[:, right]`` (or of ``w * X[:, left]``): (G, k).

        By blocks of rows, each a sparse product of the group indicator with the
        block's products (one pass, no n x k temporary).
        """
        out = np.zeros((self.n_groups, len(left)))
        z = self.indicator
        for start in range(0, len(w), _CHUNK):
            sl = slice(start, start + _CHUNK)
            xb = X[sl]
            f = xb[:, left] * w[sl, None]
            if right is not None:
                f *= xb[:, right]
            out += z[:, sl] @ f
        return out


def as_groups(groups: object, n: int) -> Groups:
    """Code group labels (any dtype) as 0..G-1; non-negative integers take a fast path."""
    g = np.asarray(groups)
    if g.ndim != 1 or len(g) != n:
        raise TimestudyError(f"`groups` must be a vector of length {n}, not shape {g.shape}")
    if g.dtype.kind in "iu" and n and g.min() >= 0 and g.max() < 4 * n + 1024:
        present = np.bincount(g) > 0
        remap = np.cumsum(present) - 1
        return Groups(remap[g].astype(np.intp), np.flatnonzero(present))
    if g.dtype.kind == "f" and not np.isfinite(g).all():
        raise TimestudyError("`groups` has missing values: drop those rows before fitting")
    labels, codes = np.unique(g, return_inverse=True)
    return Groups(codes.astype(np.intp).ravel(), labels)


def check_groups(grp: Groups) -> None:
    """A mixed model needs two groups or more, and some group with two rows or more."""
    if grp.n_groups < 2:
        raise TimestudyError(f"`groups` has {grp.n_groups} group: a mixed model needs at "
                             "least 2 (fit a GLM or a linear model instead)")
    if np.bincount(grp.codes).max() < 2:
        raise TimestudyError("every group in `groups` has one row: the group and residual "
                             "variances cannot be told apart (fit a GLM or a linear model)")


def between_within_df(X: np.ndarray, grp: Groups) -> np.ndarray:
    """Between-within degrees of freedom of each column (SAS's DDFM=BW rule).

    A column constant within every group is a between-group term: ``G`` less
    the number of between-group columns. Any other column gets ``n - G`` less
    the number of within-group columns.

    Examples
    --------
    >>> g = np.repeat(np.arange(4), 3)
    >>> X = np.column_stack([np.ones(12), g % 2, np.arange(12.0)])
    >>> between_within_df(X, as_groups(g, 12)).tolist()
    [2.0, 2.0, 7.0]
    """
    n, p = X.shape
    ones = np.ones(n)
    count = np.bincount(grp.codes, minlength=grp.n_groups)[:, None]
    sums = grp.sum_columns(X, ones)
    squares = grp.sum_products(X, ones, np.arange(p), np.arange(p))
    within = (squares - sums**2 / count).sum(axis=0)  # within-group sum of squares
    between = within <= 1e-10 * np.maximum(squares.sum(axis=0), 1e-300)
    df_b = grp.n_groups - int(between.sum())
    df_w = n - grp.n_groups - int((~between).sum())
    return np.where(between, float(max(df_b, 1)), float(max(df_w, 1)))


def r_factor(X: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """Upper-triangular R of ``sqrt(w) X = QR``, by blocks of rows (memory O(block x p))."""
    p = X.shape[1]
    R = np.zeros((0, p))
    for start in range(0, X.shape[0], _CHUNK):
        block = X[start:start + _CHUNK]
        if w is not None:
            block = block * np.sqrt(w[start:start + _CHUNK])[:, None]
        R = sla.qr(np.vstack([R, block]), mode="r", overwrite_a=True, check_finite=False)[0]
        R = R[:p]
    return R


def kept_columns(R: np.ndarray, tol: float = RANK_TOL) -> np.ndarray:
    """Indices of columns kept by sequential (R's limited-pivoting) rank detection.

    Works on R of ``X = QR``: the columns of R have the geometry of the columns
    of X, so a column is dropped when its residual after projecting on the
    columns kept before it is below ``tol`` times its norm.
    """
    kept: list[int] = []
    basis = np.zeros((R.shape[0], 0))
    for j in range(R.shape[1]):
        col = R[:, j]
        norm = np.linalg.norm(col)
        resid = col - basis @ (basis.T @ col)
        resid -= basis @ (basis.T @ resid)  # re-orthogonalise once
        rn = np.linalg.norm(resid)
        if norm > 0 and rn > tol * norm:
            kept.append(j)
            basis = np.column_stack([basis, resid / rn])
    return np.asarray(kept, dtype=np.intp)


def _gram_screen(gram: np.ndarray) -> bool:
    """True when the Gram matrix shows every column clearly independent of the earlier ones.

    The squared residual of each column on those before it, relative to its
    squared norm, is read off a Cholesky factor of the scaled Gram matrix; above
    1e-8 (a residual norm of 1e-4, far above rounding) no QR is needed.
    """
    d = np.sqrt(np.diag(gram))
    if np.any(d == 0) or not np.all(np.isfinite(gram)):
        return False
    try:
        chol = np.linalg.cholesky(gram / np.outer(d, d))
    except np.linalg.LinAlgError:
        return False
    return bool(np.min(np.diag(chol)) ** 2 > 1e-8)


def pivoted_rank(X: np.ndarray, w: np.ndarray | None = None,
                 tol: float = RANK_TOL) -> np.ndarray:
    """Columns of ``X`` to keep: later columns collinear with earlier ones are dropped.

    One pass builds ``X' W X``; when it shows every column clearly independent
    of those before it (squared residual above 1e-8 of its squared norm) all are
    kept. Otherwise the R factor of a QR decomposition by blocks of rows decides
    with R's rule (residual norm below ``tol`` times the column norm: dropped).

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0, 1, 2, 3], [0, 2, 4, 6]])
    >>> pivoted_rank(X).tolist()
    [0, 1]
    """
    gram, _ = weighted_crossprod(X, np.ones(X.shape[0]) if w is None else w)
    if _gram_screen(gram):
        return np.arange(X.shape[1])
    return kept_columns(r_factor(X, w), tol)


def full_rank(X: np.ndarray, w: np.ndarray, column_names, *, what: str = "design",
              stacklevel: int = 3) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """The columns of ``X`` a fit can estimate (:func:`pivoted_rank`), their names, and the
    names of those dropped, with one warning naming them; the one rule of every fit's design.

    Parameters
    ----------
    X, w : ndarray
        The design and the observation weights.
    column_names : sequence of str, optional
        A name for every column (``x0``, ``x1``... when None).
    what : str
        What the warning calls the design.
    stacklevel : int
        Where the warning is placed, as :func:`warnings.warn` counts (by default the caller
        of the function that calls this one).

    Raises
    ------
    TimestudyError
        ``column_names`` does not name every column.

    Examples
    --------
    >>> X = np.column_stack([np.ones(4), [0, 1, 2, 3], [0, 2, 4, 6]])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     kept, names, dropped = full_rank(X, np.ones(4), ["a", "b", "c"])
    >>> kept.shape, names, dropped, str(caught[0].message)
    ((4, 2), ('a', 'b'), ('c',), 'design is rank deficient: dropped c')
    """
    names = tuple(column_names) if column_names is not None else tuple(
        f"x{j}" for j in range(X.shape[1]))
    if len(names) != X.shape[1]:
        raise TimestudyError(f"`column_names` has {len(names)} names for {X.shape[1]} columns")
    keep = pivoted_rank(X, w)
    dropped = tuple(names[j] for j in range(X.shape[1]) if j not in set(keep.tolist()))
    if dropped:
        warnings.warn(f"{what} is rank deficient: dropped {', '.join(dropped)}",
                      EstimationWarning, stacklevel=stacklevel)
        X, names = X[:, keep], tuple(names[j] for j in keep)
    return X, names, dropped


def weighted_crossprod(X: np.ndarray, w: np.ndarray, z: np.ndarray | None = None
                       ) -> tuple[np.ndarray, np.ndarray | None]:
    """``X' diag(w) X`` and ``X' diag(w) z`` by blocks of rows (no n x p temporary)."""
    p = X.shape[1]
    xtwx = np.zeros((p, p))
    xtwz = np.zeros(p) if z is not None else None
    for start in range(0, X.shape[0], _GRAM_CHUNK):
        sl = slice(start, start + _GRAM_CHUNK)
        wx = X[sl] * w[sl, None]
        xtwx += X[sl].T @ wx
        if z is not None:
            xtwz += wx.T @ z[sl]
    return xtwx, xtwz


def group_crossprods(X: np.ndarray, w: np.ndarray, groups: Groups) -> np.ndarray:
    """Per-group ``X_g' diag(w_g) X_g``, shape (G, p, p), by one bincount per pair."""
    p = X.shape[1]
    rows, cols = np.triu_indices(p)
    sums = groups.sum_products(X, w, rows, cols)
    out = np.empty((groups.n_groups, p, p))
    out[:, rows, cols] = sums
    out[:, cols, rows] = sums
    return out


def sym_inverse(A: np.ndarray) -> np.ndarray:
    """Inverse of a symmetric positive definite matrix through its Cholesky factor."""
    c = sla.cho_factor(A, lower=True, check_finite=False)
    return sla.cho_solve(c, np.eye(A.shape[0]), check_finite=False)
