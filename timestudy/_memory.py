"""Allocator settings for the command line: big arrays reuse freed memory.

Ingest makes many short-lived arrays of a million values or more. With glibc's
default settings each one is a fresh ``mmap`` that the kernel must fault in page
by page, and is handed back on release; on a 1M-episode diary that costs about a
fifth of ``timestudy validate``'s time. :func:`keep_freed_memory` raises glibc's
thresholds so such blocks come from the heap and stay there for the next array.
It is called by the ``timestudy`` command (a short-lived process), never on
import of the library, so a notebook's memory behaviour is left alone.
"""

from __future__ import annotations

import ctypes
import sys

#: ``mallopt`` parameters (glibc ``malloc.h``) and the values set.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
SETTINGS = {
    M_MMAP_THRESHOLD: 32 << 20,  # blocks up to 32 MB from the heap (glibc's ceiling)
    M_TRIM_THRESHOLD: 1 << 30,  # keep up to 1 GB of freed heap for reuse
    M_TOP_PAD: 64 << 20,  # grow the heap in 64 MB steps
}


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
