"""Forked helper processes: when to fork one, how long to wait for it, its tie to us (private).

One rule for every helper the package forks, and one function forking them all
(:func:`start`): the report's helper, its figures and its Word and PDF documents
(:mod:`timestudy.report.writer`, :mod:`timestudy.plots.parallel`,
:mod:`timestudy.report.documents`) and the pieces sensitivity of
:mod:`timestudy.stats.background` (only when ``TIMESTUDY_HELPER=1``, see :func:`forced`):

- **When.** On Linux only (Python stopped forking by default on macOS because forking
  after some system frameworks have loaded is unsafe), when the process may run on two
  or more processors and fewer than the processors less one half are busy *now* with
  work that is not this process's or its helpers'
  (:func:`timestudy._lib.runnable.others_running`; the one-minute load average where
  ``/proc`` does not say: it counts this process's own recent work, so that guides run one
  after another lost their helpers). ``TIMESTUDY_HELPER=1`` forks whatever the platform's
  default or the load (where ``os.fork`` exists), ``TIMESTUDY_HELPER=0`` never. The rule
  cannot tell a thread of this process busy with multi-threaded BLAS from its own work (see
  **How long**): a program running such threads beside a guide sets ``TIMESTUDY_HELPER=0``.
- **How long.** A child can deadlock after a fork (a lock another thread of this process
  held at the fork, say numpy's global random state in a notebook's background thread,
  is never released in the child). Once this process has done its own share, it waits
  for the child at most :func:`wait_limit` of that share's time (never less than
  :data:`MIN_WAIT_S`), then stops the child and does the child's work itself: a stuck
  child costs a few times the work, never a fixed ten minutes. The fork itself can hang
  *this* process where another thread is running a multi-threaded OpenBLAS call at
  that moment (OpenBLAS's fork handler waits for its threads; OpenBLAS issues 2270 and
  5520): forty forks beside two threads busy with matrix products hung in ``os.fork``
  in 2 of 2 runs, and took 6.4 s with OpenBLAS limited to one thread, as
  ``fit_study`` runs. No rule here can see another thread's BLAS work; a program that
  runs such threads beside a guide sets ``TIMESTUDY_HELPER=0``.
- **Its tie to us.** A child is killed by the kernel when the process that forked it
  ends (:func:`die_with_parent`), so a parent killed, interrupted or ended on an error
  leaves no helper behind; a parent that lives on (a notebook's kernel) stops its child
  (:func:`stop`) when an error or an interruption leaves the child's work unwanted.
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable

from timestudy._lib import runnable

MIN_WAIT_S = 30.0  # the shortest wait for a child, however quick this process's share
WAIT_FACTOR = 5.0  # the wait for a child as a multiple of this process's own share
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PIPE_BYTES = 1 << 20  # pipes are made this large where Linux allows: a write rarely waits
_SIZE = struct.Struct("<Q")


def forced() -> bool | None:
    """What ``TIMESTUDY_HELPER`` asks for: True (``1``, where ``os.fork`` exists), False
    (``0``, or no ``os.fork``), or None (unset: the module's rule decides).

    Examples
    --------
    >>> forced() in (True, False, None)
    True
    """
    if not hasattr(os, "fork"):
        return False
    value = os.environ.get("TIMESTUDY_HELPER", "").strip()
    return value == "1" if value in ("0", "1") else None


def processor_free() -> bool:
    """Whether to fork a helper process (see the module's rule).

    Examples
    --------
    >>> isinstance(processor_free(), bool)
    True
    """
    if forced() is not None:
        return bool(forced())
    if not sys.platform.startswith("linux"):
        return False
    cores = len(os.sched_getaffinity(0))
    if cores < 2:
        return False
    others = runnable.others_running()
    busy = os.getloadavg()[0] if others is None else others
    return busy < cores - 0.5


def wait_limit(own_s: float) -> float:
    """Seconds to wait for a child once this process's own share, ``own_s`` seconds, is done.

    Examples
    --------
    >>> wait_limit(0.5), wait_limit(20.0)
    (30.0, 100.0)
    """
    return max(MIN_WAIT_S, WAIT_FACTOR * own_s)


def die_with_parent(parent: int) -> None:
    """In a forked child: have the kernel kill it when ``parent`` ends (Linux; else nothing).

    ``parent`` is the pid of the process that forked (read before the fork): if it has
    already ended, the child leaves at once.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent:  # ended before the tie was made
        os._exit(1)


def start(work: Callable[[], object], *, freeze: bool = False) -> int | None:
    """A forked child doing ``work()`` and leaving: its pid, or None if it cannot be forked.

    The child is tied to this process (:func:`die_with_parent`) and leaves with exit status
    0 when ``work`` returned, 1 when it raised, without running this process's clean-up
    (``os._exit``: no ``atexit`` handler, no flushing of buffers it shares with us).
    ``freeze``: the objects it shares with this process moved out of its collector's sight
    (``gc.freeze``), so that its collections do not touch, and so copy, their pages. Every
    helper process of the package is forked here.

    Examples
    --------
    >>> r, w = pipe()
    >>> pid = start(lambda: send(w, "drawn"))
    >>> close(w)
    >>> receive(r), finished(pid, 60)
    ('drawn', True)
    >>> close(r)
    """
    try:
        parent, root = os.getpid(), runnable.ROOT
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child
        code = 1
        try:
            runnable.keep_family(root)  # a helper: its work is ours, not other work
            die_with_parent(parent)
            if freeze:
                gc.freeze()
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def finished(pid: int, timeout: float) -> bool:
    """Whether the forked child ``pid`` ended well (exit status 0) within ``timeout``
    seconds; it is reaped either way, and stopped if it is not done by then or if this
    process is interrupted (or fails) while waiting for it."""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status == 0
            time.sleep(0.005)
    except BaseException:  # Ctrl-C while waiting: no child left behind
        stop(pid)
        raise
    stop(pid)
    return False


def stop(pid: int) -> None:
    """A forked child killed and reaped (nothing if it is already gone)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass


def pipe() -> tuple[int, int]:
    """A pipe ``(read end, write end)`` made :data:`PIPE_BYTES` large where Linux allows."""
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # a smaller limit: writes then wait for the reader, as ever
        pass
    return r, w


def close(*fds: int) -> None:
    """Each of ``fds`` closed (those already closed, or negative, skipped)."""
    for fd in fds:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


def write_all(fd: int, data: bytes, deadline: float | None) -> None:
    """All of ``data`` written to ``fd``; TimeoutError when the reader takes nothing before
    ``deadline`` (``time.monotonic()``; None: wait as long as it takes)."""
    view = memoryview(data)
    while view:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and (left <= 0 or not select.select([], [fd], [], left)[1]):
            raise TimeoutError("the other process took nothing")
        try:
            view = view[os.write(fd, view[:PIPE_BYTES]) :]
        except BlockingIOError:  # full after all: wait again
            select.select([], [fd], [], None if deadline is None else 0.05)


def read_exactly(fd: int, n: int | None, deadline: float | None) -> bytes:
    """``n`` bytes from ``fd`` (all until the end when ``n`` is None); TimeoutError past
    ``deadline``, EOFError when the writer ends first."""
    chunks, got = [], 0
    while n is None or got < n:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and (left <= 0 or not select.select([fd], [], [], left)[0]):
            raise TimeoutError("the other process sent nothing")
        chunk = os.read(fd, PIPE_BYTES if n is None else min(n - got, PIPE_BYTES))
        if not chunk:
            if n is None:
                break
            raise EOFError("the other process ended")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def send(fd: int, obj, deadline: float | None = None) -> None:
    """``obj`` pickled and written to ``fd`` as one message (its length first), for
    :func:`receive` at the other end."""
    blob = pickle.dumps(obj, protocol=5)
    write_all(fd, _SIZE.pack(len(blob)) + blob, deadline)


def receive(fd: int, deadline: float | None = None):
    """The next message :func:`send` wrote to ``fd``; EOFError when the writer closed its
    end before one began (or ended within one), TimeoutError past ``deadline``.

    Examples
    --------
    >>> r, w = pipe()
    >>> send(w, ("figures", [1, 2])); close(w)
    >>> receive(r)
    ('figures', [1, 2])
    >>> try:
    ...     receive(r)
    ... except EOFError:
    ...     print("ended")
    ended
    >>> close(r)
    """
    (n,) = _SIZE.unpack(read_exactly(fd, _SIZE.size, deadline))
    return pickle.loads(read_exactly(fd, n, deadline))


def waiting(fd: int) -> bool:
    """Whether ``fd`` has something to read now (or its writer has ended)."""
    return bool(select.select([fd], [], [], 0)[0])
