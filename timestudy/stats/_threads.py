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

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: How many :func:`one_blas_thread` blocks are running in this process, in any thread, and
#: the limit they share: only the first limits the pools and only the last undoes it (a
#: limit looks up every loaded library when a module was imported since the last, about
#: 2 ms; ``fit_study`` runs ``fit_glm``, ``fit_glmm``... inside its own). The limit is the
#: process's, not a thread's: counted per thread, a block ending in one thread undid it
#: under another (review19).
_HELD: dict = {"n": 0, "limit": None}
_LOCK = threading.Lock()


def _new_lock() -> None:  # a child forked while another thread held the lock: not held in it
    global _LOCK
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock)


def _limited():
    """The pools limited to one BLAS thread now (a limiter with ``restore_original_limits``),
    or None.

    The loaded libraries are looked up once for as long as no module is imported
    (threadpoolctl's cached controller, 3.8 and later): a ``threadpool_limits`` looks them all
    up each time, 2 to 6 ms in a guide's run with its plotting and document libraries
    loaded, and the report's disclosure checks start a dozen blocks of their own.

    Examples
    --------
    >>> limit = _limited()
    >>> limit is None or limit.restore_original_limits() is None
    True
    """
    try:
        import threadpoolctl
    except ImportError:  # pragma: no cover - optional
        return None
    cached = getattr(threadpoolctl, "get_cached_controller", None)
    if cached is None:  # pragma: no cover - threadpoolctl before 3.8: a fresh look-up
        return threadpoolctl.threadpool_limits(limits=1, user_api="blas")
    return cached().limit(limits=1, user_api="blas")


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
    with _LOCK:
        if _HELD["n"] == 0:
            _HELD["limit"] = _limited()
        _HELD["n"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _HELD["n"] -= 1
            if _HELD["n"] == 0 and _HELD["limit"] is not None:
                _HELD["limit"].restore_original_limits()
                _HELD["limit"] = None
