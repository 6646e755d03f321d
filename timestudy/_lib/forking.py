"""Forked helper processes: when to fork one, how long to wait for it, its tie to us (private).

One rule for every helper the package forks (the report's figures of
:mod:`timestudy.plots.parallel` and its PDF in :mod:`timestudy.report.outputs`; the pieces
sensitivity of :mod:`timestudy.stats.background` only when ``TIMESTUDY_HELPER=1``, see
:func:`forced`):

- **When.** On Linux only (Python stopped forking by default on macOS because forking
  after some system frameworks have loaded is unsafe), when the process may run on two
  or more processors and the one-minute load average is below the processors less one
  half. ``TIMESTUDY_HELPER=1`` forks whatever the platform's default or the load (where
  ``os.fork`` exists), ``TIMESTUDY_HELPER=0`` never.
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
import os
import signal
import sys
import time

MIN_WAIT_S = 30.0  # the shortest wait for a child, however quick this process's share
WAIT_FACTOR = 5.0  # the wait for a child as a multiple of this process's own share
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
    return cores >= 2 and os.getloadavg()[0] < cores - 0.5


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
