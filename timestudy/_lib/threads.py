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

For a small table the threads cost more than they save (each started and joined per read:
about a third of a 3-row diary's processor time), so ``inline=True`` gives an executor
that runs each task at once on the calling thread: the same functions, the same results.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager

__all__ = ["INLINE_ROWS", "InlineExecutor", "thread_pool"]

#: Tables of fewer rows than this run their "threaded" work on the calling thread (a
#: diary of a few rows, as a test or a small team writes; tests/ingest/test_ingest_threads.py
#: reads 400 rows to see the threads at work).
INLINE_ROWS = 200


class InlineExecutor(Executor):
    """An executor that runs each task when it is submitted, on the calling thread.

    Examples
    --------
    >>> pool = InlineExecutor()
    >>> pool.submit(sum, [1, 2]).result()
    3
    >>> pool.submit(int, "x").exception().__class__.__name__
    'ValueError'
    """

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        """Run ``fn(*args, **kwargs)`` now; its result (or exception) in a done future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 (held by the future, as a thread's is)
            future.set_exception(exc)
        return future


@contextmanager
def thread_pool(max_workers: int, inline: bool = False) -> Iterator[Executor]:
    """A pool of ``max_workers`` threads, all ended when the block ends (its work done,
    even work the caller no longer wants), then the warnings state put back as it was.

    Parameters
    ----------
    max_workers : int
        The threads of the pool.
    inline : bool
        Run each task on the calling thread as it is submitted (:class:`InlineExecutor`),
        starting no thread: for small tables (fewer than :data:`INLINE_ROWS` rows).

    Yields
    ------
    Executor
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
        pool = InlineExecutor() if inline else ThreadPoolExecutor(max_workers=max_workers)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True)
