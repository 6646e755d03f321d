"""One BLAS thread inside the kernels' blocked passes (private).

The kernels make many small BLAS calls (a block of rows at a time, to stay in
cache and keep memory flat). With a multi-threaded BLAS each call synchronises
its threads; on a busy machine a descheduled thread stalls every call (measured
on 2 cores under load: an IRLS fit of 3M rows took 9.5 s with 2 BLAS threads and
1.3 s with one). The element-wise work is single-threaded anyway, so the fits
run with one BLAS thread when ``threadpoolctl`` is installed (and unchanged
otherwise).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

#: Per thread, how many :func:`one_blas_thread` blocks are running: only the
#: outermost limits the pools (each limit and its undoing look up every loaded library,
#: about 2 ms apiece; ``fit_study`` runs ``fit_glm``, ``fit_glmm``... inside its own).
_DEPTH = threading.local()


def _limit() -> AbstractContextManager:
    if getattr(_DEPTH, "n", 0):  # an outer call holds the limit already
        return nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """The BLAS thread pools limited to one thread (when possible) inside the block.

    A block, not a decorator: a decorator's wrapper is one more frame between a fit and its
    caller, so that a warning the fit raised for its caller (``stacklevel=2``) was placed on
    the wrapper's line in this module instead.

    Examples
    --------
    >>> import numpy as np
    >>> with one_blas_thread():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    with _limit():
        _DEPTH.n = getattr(_DEPTH, "n", 0) + 1
        try:
            yield
        finally:
            _DEPTH.n -= 1
