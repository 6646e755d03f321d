"""Work on threads that leaves the process's warnings as it found them (private).

:class:`warnings.catch_warnings` is not thread-safe before Python 3.14: entering it saves
the process's one list of filters and its ``showwarning``, and leaving it puts them back.
pandas enters it inside everyday calls (``astype``, for one, through
``is_extension_array_dtype``, which ignores every warning for a moment), and so does
the text work the reader runs on threads. Two such blocks on two threads that overlap
without nesting break the warnings of the whole process:

- a warning given while another thread is inside such a block is ignored: a diary's
  ``duration_looks_like_hours`` warning, given as a read ended while a thread it had
  started was still taking a text column, was missing from ``guide.json`` (seen in one
  of three full runs of the suite, ``tests/study/test_ahead.py``);
- a block left on one thread after a block entered later on another puts back the state
  saved before the other's, so a caller's :func:`warnings.catch_warnings` (``record=True``)
  may record nothing more, or an "ignore" filter may stay in force.

:func:`thread_pool` gives a pool whose threads have all ended when its block ends, and
puts the warnings state back as it was when the block began, after them: the caller's
own warnings are given outside the block, where no thread of ours is running.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

__all__ = ["thread_pool"]


@contextmanager
def thread_pool(max_workers: int) -> Iterator[ThreadPoolExecutor]:
    """A pool of ``max_workers`` threads, all ended when the block ends (its work done,
    even work the caller no longer wants), then the warnings state put back as it was.

    Parameters
    ----------
    max_workers : int
        The threads of the pool.

    Yields
    ------
    ThreadPoolExecutor
        The pool (the block may shut it down early without waiting, as work that outlives
        its use would; the block's end waits for it).

    Examples
    --------
    >>> import warnings
    >>> before = list(warnings.filters)
    >>> with thread_pool(1) as pool:
    ...     pool.submit(sum, [1, 2]).result()
    3
    >>> warnings.filters == before
    True
    """
    with warnings.catch_warnings():  # left last: after every thread below has ended
        pool = ThreadPoolExecutor(max_workers=max_workers)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True)
