"""Memory settings for the command line: big arrays reuse freed memory, in small pages.

Ingest makes many short-lived arrays of a million values or more. Two defaults
make each one cost more than the work done on it:

* glibc hands every block over 128 kB back to the kernel when it is freed, so the
  next array is faulted in afresh, page by page;
* NumPy asks the kernel for transparent huge pages on big arrays, and where the
  kernel is set to defragment memory for such requests
  (``/sys/kernel/mm/transparent_hugepage/defrag`` = ``madvise``, common on
  Linux) each first touch can stall while it compacts memory.

On a 1M-episode diary the two together took about 0.4 s of a 1.5 s
``timestudy validate`` on the benchmark machine (see ``benchmarks/RESULTS.md``).

:func:`tune_memory` changes both, and a third setting (below), for the ``timestudy`` command only (a
short-lived process; ``timestudy.cli.main`` called from Python with arguments does not):
importing the library changes nothing, so a notebook's
memory behaviour is left alone. ``read_diary`` itself only turns NumPy's huge-page
requests off while it runs (:func:`small_pages_while`) and puts them back after.

The third setting is Python's own: its cyclic garbage collector runs after every 700
new container objects, and a run on big frames makes millions of them (index
objects, blocks, arrays' wrappers), almost none of them in cycles. Collecting after
every 50,000 instead took the collector's share of a 4,000-worker ``timestudy guide``
from 0.86 to 0.23-0.24 s of processor time (:func:`fewer_collections`); memory in
unreachable cycles waits a little longer, which for a command that ends in seconds
does not matter.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

#: ``mallopt`` parameters (glibc ``malloc.h``) and the values set.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
SETTINGS = {
    M_MMAP_THRESHOLD: 32 << 20,  # blocks up to 32 MB from the heap (glibc's ceiling)
    M_TRIM_THRESHOLD: 1 << 30,  # keep up to 1 GB of freed heap for reuse
    M_TOP_PAD: 64 << 20,  # grow the heap in 64 MB steps
}
#: ``gc.set_threshold`` values: youngest generation after 50,000 new objects (Python: 700).
GC_THRESHOLDS = (50_000, 20, 10)


def tune_memory() -> dict[str, bool]:
    """Reuse freed memory (glibc) and leave out NumPy's huge-page request; say what was set.

    Examples
    --------
    >>> import gc
    >>> before = gc.get_threshold()
    >>> sorted(tune_memory())
    ['fewer_collections', 'keep_freed_memory', 'small_pages']
    >>> gc.set_threshold(*before)
    """
    return {"keep_freed_memory": keep_freed_memory(), "small_pages": small_pages(),
            "fewer_collections": fewer_collections()}


def fewer_collections() -> bool:
    """Run Python's cyclic garbage collector less often (:data:`GC_THRESHOLDS`).

    Examples
    --------
    >>> import gc
    >>> before = gc.get_threshold()
    >>> fewer_collections(), gc.get_threshold()
    (True, (50000, 20, 10))
    >>> gc.set_threshold(*before)
    """
    gc.set_threshold(*GC_THRESHOLDS)
    return True


def keep_freed_memory() -> bool:
    """Tune glibc's ``malloc`` for many large short-lived arrays; False where not glibc.

    Examples
    --------
    >>> keep_freed_memory() in (True, False)
    True
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # musl or another C library without mallopt
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in SETTINGS.items())


def small_pages() -> bool:
    """Stop NumPy asking for transparent huge pages (as ``NUMPY_MADVISE_HUGEPAGE=0`` would).

    Examples
    --------
    >>> small_pages() in (True, False)
    True
    """
    setter = _huge_page_setter()
    if setter is None:
        return False
    setter(False)
    return True


@contextmanager
def small_pages_while() -> Iterator[None]:
    """Within the block, NumPy asks for no huge pages; the setting is restored after.

    ``read_diary`` runs in this: its arrays live for milliseconds, so the cost of a
    huge page (a stall where the kernel compacts memory for it) is never repaid.

    Examples
    --------
    >>> with small_pages_while():
    ...     pass
    """
    global _SMALL_PAGE_USERS, _HUGE_PAGES_BEFORE
    setter = _huge_page_setter()
    if setter is None:
        yield
        return
    with _SMALL_PAGE_LOCK:  # calls may overlap in threads: the first in saves, the last out restores
        if _SMALL_PAGE_USERS == 0:
            _HUGE_PAGES_BEFORE = setter(False)
        _SMALL_PAGE_USERS += 1
    try:
        yield
    finally:
        with _SMALL_PAGE_LOCK:
            _SMALL_PAGE_USERS -= 1
            if _SMALL_PAGE_USERS == 0:
                setter(_HUGE_PAGES_BEFORE)


_SMALL_PAGE_LOCK = threading.Lock()
_SMALL_PAGE_USERS = 0
_HUGE_PAGES_BEFORE = True


def _huge_page_setter() -> Callable[[bool], bool] | None:
    """NumPy's private switch for huge-page requests (it returns the previous value)."""
    for module in ("_core", "core"):  # NumPy 2, then NumPy 1
        multiarray = getattr(getattr(np, module, None), "multiarray", None)
        setter = getattr(multiarray, "_set_madvise_hugepage", None)
        if setter is not None:
            return setter
    return None
