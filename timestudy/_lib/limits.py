"""The front door of every input file: what kind of file it is and how big, checked before
a byte is read.

* Only regular files are read: a FIFO, a device (``/dev/zero``), a socket or a folder is
  refused at once, so nothing blocks forever or grows without bound.
* A file larger than :func:`max_input_bytes` (2 GB unless ``$TIMESTUDY_MAX_INPUT_MB`` says
  otherwise) is refused, as is one that needs more memory to read than the machine has
  free (about :data:`MEMORY_PER_BYTE` bytes per byte of file); the message states the
  limit and how to raise it.
* Each file checked is noted as an input (:func:`timestudy._lib.atomic.note_input`), so no
  output of the same run can replace it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from timestudy._lib.atomic import note_input
from timestudy.errors import TimestudyError

__all__ = ["InputRefused", "MEMORY_PER_BYTE", "check_input", "max_input_bytes"]

#: Memory needed to read a table, per byte of file (text, Arrow columns, pandas frame).
MEMORY_PER_BYTE = 6
#: Largest input read unless ``$TIMESTUDY_MAX_INPUT_MB`` is set.
DEFAULT_MAX_MB = 2048
ENV = "TIMESTUDY_MAX_INPUT_MB"


class InputRefused(TimestudyError):
    """An input file that is not read: not a regular file, too big, or too big for memory."""


def max_input_bytes() -> int:
    """The largest input file read, in bytes (``$TIMESTUDY_MAX_INPUT_MB``, default 2048 MB).

    Examples
    --------
    >>> max_input_bytes() == int(os.environ.get("TIMESTUDY_MAX_INPUT_MB", 2048)) * 2**20
    True
    """
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB << 20
    try:
        mb = float(raw)
    except ValueError:
        raise InputRefused(f"${ENV} is {raw!r}: set it to a number of megabytes, "
                           f"like {DEFAULT_MAX_MB}") from None
    if mb <= 0:
        raise InputRefused(f"${ENV} is {raw!r}: set it to a positive number of megabytes")
    return int(mb * 2**20)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_input(path: str | os.PathLike, name: str | None = None, *,
                memory_per_byte: float = MEMORY_PER_BYTE) -> int:
    """Refuse ``path`` unless it is a regular file within the size and memory limits.

    Parameters
    ----------
    path : path
        The input file (a symbolic link is followed).
    name : str, optional
        How messages name it (default: the path).
    memory_per_byte : float
        Memory needed to read it, per byte of file.

    Returns
    -------
    int
        Its size in bytes.

    Raises
    ------
    FileNotFoundError
        When it does not exist.
    InputRefused
        One line saying what it is, or its size, the limit and how to raise it.

    Examples
    --------
    >>> check_input("/dev/null")
    Traceback (most recent call last):
    ...
    timestudy._lib.limits.InputRefused: /dev/null: is a device, not a file: give the path of a file
    """
    label = name or str(path)
    mode = os.stat(path).st_mode
    kind = _kind(mode)
    if kind is not None:
        raise InputRefused(f"is {kind}, not a file: give the path of a file", source=label)
    size = os.stat(path).st_size
    limit = max_input_bytes()
    if size > limit:
        raise InputRefused(
            f"is {_mb(size)}; timestudy reads inputs of at most {_mb(limit)}: set "
            f"{ENV} to a larger number of megabytes to raise the limit", source=label)
    free = available_memory()
    needed = int(size * memory_per_byte)
    if free is not None and needed > free:
        raise InputRefused(
            f"is {_mb(size)} and needs about {_mb(needed)} of memory to read, but "
            f"{_mb(free)} is free: close other programs, use a machine with more memory, or "
            "split the file (by worker or by week) and run each part", source=label)
    note_input(path)
    return size


def _mb(n: float) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.1f} MB"


def available_memory() -> int | None:
    """Memory free for a new allocation, in bytes (Linux ``MemAvailable``; None elsewhere).

    Examples
    --------
    >>> m = available_memory()
    >>> m is None or m > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def read_bytes(path: str | os.PathLike, name: str | None = None) -> bytes:
    """The bytes of an input file, after :func:`check_input`.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "k.txt"
    >>> _ = p.write_bytes(b"key")
    >>> read_bytes(p)
    b'key'
    """
    check_input(path, name)
    return Path(path).read_bytes()
