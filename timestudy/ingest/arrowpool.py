"""Arrow's memory while a diary is read: the C library's allocator, not mimalloc, on Linux.

pyarrow allocates from mimalloc by default. mimalloc reserves its memory in one large
region marked for transparent huge pages and hands freed pages back to the kernel
within milliseconds; the next buffer there is then faulted in again as a 2 MB huge
page that the kernel zeroes whole, even when only a few kilobytes of it are used.
Reading a diary makes and drops many Arrow buffers (the CSV read, the text columns'
encodings and the columns put in order), so on a kernel that gives huge pages where
they are asked for (``/sys/kernel/mm/transparent_hugepage/enabled`` = ``madvise``,
the common setting) the zeroing cost more than the rest of the work: a profile of
four 1M-row ``read_diary`` calls spent 44% of the process's cpu time in the kernel's
``clear_page_erms`` under ``do_huge_pmd_anonymous_page`` (``benchmarks/RESULTS.md``).

:func:`system_pool_while` makes the C library's allocator (``pa.system_memory_pool``)
pyarrow's default within a block (``read_diary`` and ``IngestResult.write`` run in one)
and puts the previous default back after, so a notebook's other Arrow work is left as
it was. Buffers keep the pool they came from, so those made inside and freed later (the
episodes' text) go back to the right one. Elsewhere than Linux the block changes nothing.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["system_pool_while"]

_LOCK = threading.Lock()
_USERS = 0
_BEFORE: pa.MemoryPool | None = None


@contextmanager
def system_pool_while(enabled: bool | None = None) -> Iterator[None]:
    """Within the block, pyarrow's default memory pool is the C library's allocator.

    ``enabled`` None: on Linux only. Calls may overlap in threads: the first in saves
    the default, the last out puts it back.

    Examples
    --------
    >>> before = pa.default_memory_pool().backend_name
    >>> with system_pool_while(enabled=True):
    ...     pa.default_memory_pool().backend_name
    'system'
    >>> pa.default_memory_pool().backend_name == before
    True
    """
    global _USERS, _BEFORE
    if not (sys.platform.startswith("linux") if enabled is None else enabled):
        yield
        return
    with _LOCK:
        if _USERS == 0:
            _BEFORE = pa.default_memory_pool()
            pa.set_memory_pool(pa.system_memory_pool())
        _USERS += 1
    try:
        yield
    finally:
        with _LOCK:
            _USERS -= 1
            if _USERS == 0:
                pa.set_memory_pool(_BEFORE)
                _BEFORE = None
