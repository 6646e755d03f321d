"""How many threads are running on the machine now that are not ours (private; Linux).

:func:`timestudy._lib.forking.processor_free` forks a helper when fewer than the processors
less one half are busy with other work. It used to read that from the one-minute load
average, which counts this process's own recent work: twelve guides run one after another
on an idle 2-core machine raised it from 0.4 to 1.55, and from then on every guide ran
without its helpers (5.2 s against 3.5 s), though nothing else was running. What counts
here is what runs *now*, less what is ours: the kernel's count of runnable threads
(``/proc/loadavg``, fourth field) less the running threads of this process's family: the
process that first imported this module and its helpers, and theirs (:func:`family`). A helper
is a process forked by :func:`timestudy._lib.forking.start`, which names it
:data:`HELPER_NAME`; any other child (a ``multiprocessing`` pool's worker, a subprocess) is
other work, and a process forked by anything else starts a family of its own
(``os.register_at_fork``).
"""

from __future__ import annotations

import ctypes
import os

#: The name a helper process is given (``ps`` and ``top`` show it), by which its family knows it.
HELPER_NAME = "timestudy-help"
_PR_SET_NAME = 15  # linux/prctl.h

#: The process whose family this one belongs to (see the module); set again in a child
#: forked by anything but :func:`timestudy._lib.forking.start`, which keeps it.
ROOT = os.getpid()


def _new_family() -> None:
    global ROOT
    ROOT = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_family)


def keep_family(root: int) -> None:
    """In a child forked as a helper: it stays in the family of ``root`` (the parent's
    :data:`ROOT`, read before the fork), named :data:`HELPER_NAME`."""
    global ROOT
    ROOT = root
    try:
        ctypes.CDLL(None).prctl(_PR_SET_NAME, HELPER_NAME.encode())
    except (OSError, AttributeError):  # pragma: no cover - no prctl: not Linux
        pass


def others_running() -> int | None:
    """Threads runnable on the machine now, this process's family's aside; None where
    ``/proc`` does not say (not Linux, or hidden).

    Examples
    --------
    >>> n = others_running()
    >>> n is None or n >= 0
    True
    """
    try:
        runnable = runnable_now()
        ours = sum(_running_threads(pid) for pid in family(ROOT))
    except (OSError, ValueError, IndexError):
        return None
    return max(runnable - ours, 0)


def runnable_now() -> int:
    """The threads runnable on the machine now, this one among them (``/proc/loadavg``'s
    fourth field); OSError where it cannot be read."""
    with open("/proc/loadavg", encoding="ascii") as f:
        return int(f.read().split()[3].split("/")[0])


def family(root: int) -> set[int]:
    """``root``, this process, and the helpers forked from either and from their helpers
    (children named :data:`HELPER_NAME`): their pids (``/proc/PID/task/TID/children``).

    Examples
    --------
    >>> os.getpid() in family(os.getpid())
    True
    """
    seen: set[int] = set()
    todo = [root, os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                    todo += [c for c in map(int, f.read().split()) if c not in seen and _helper(c)]
            except OSError:
                continue
    return seen


def _helper(pid: int) -> bool:
    """Whether process ``pid`` is a helper (named :data:`HELPER_NAME`)."""
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip() == HELPER_NAME
    except OSError:
        return False


def _running_threads(pid: int) -> int:
    """How many threads of process ``pid`` are running or runnable now (state ``R``)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    n = 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", encoding="ascii", errors="replace") as f:
                n += f.read().rpartition(")")[2].split(None, 1)[0] == "R"
        except (OSError, IndexError):
            continue
    return n
