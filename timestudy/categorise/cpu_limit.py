"""A limit of processor time on a run of pattern searches, instead of one on each search.

Every search of a text by a taxonomy pattern may take :data:`~timestudy.categorise.matching.MATCH_TIMEOUT_S`
seconds. :mod:`regex` enforces a ``timeout`` by reading a clock twice a search, and that
clock is a system call: about 3 microseconds a search, more than most searches of a
short text take, so the time limit alone was half the time of categorising a diary.

:func:`limited` lets a run of searches go without ``timeout``, under one timer of
processor time (``ITIMER_VIRTUAL``) set to the limit of one search. :mod:`regex` looks
for signals while it searches, so when the timer runs out, the search under way stops
with :class:`OutOfTime`. The caller then searches that text again under the time limit
of one search, and starts the next run with a full limit. No search can run longer
than the limit without being stopped, and every search shorter than the limit gives
its answer: the answers are those of a ``timeout`` on every search. The timer counts
the processor time of the whole process, so another thread's work only stops a run
sooner (its text is then searched again: the same answer, a little later).

The timer needs the signal ``SIGVTALRM``: it is used only in the main thread, when no
other handler of that signal is set and no such timer runs (:func:`usable`); else the
caller puts a ``timeout`` on every search, as before. Its handler, once set, stays set:
it does nothing outside :func:`limited`, so a signal the timer sent just as a run ended
is ignored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["OutOfTime", "limited", "usable"]

T = TypeVar("T")
_ARMED = [False]  # inside limited(): the handler stops the search under way


class OutOfTime(Exception):  # noqa: N818 (not an error: the limit of a run ran out)
    """The run of searches under :func:`limited` used up its processor time."""


def _on_timer(_signum: int, _frame: object) -> None:
    if _ARMED[0]:
        _ARMED[0] = False
        raise OutOfTime


def usable() -> bool:
    """Whether :func:`limited` can be used here (and its handler is set).

    Examples
    --------
    >>> usable() in (True, False)  # True in the main thread, unless the signal is taken
    True
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.main_thread() is not threading.current_thread()
    ):
        return False
    handler = signal.getsignal(signal.SIGVTALRM)
    if handler is _on_timer:
        return True
    if handler != signal.SIG_DFL or signal.getitimer(signal.ITIMER_VIRTUAL) != (0.0, 0.0):
        return False  # someone else's
    signal.signal(signal.SIGVTALRM, _on_timer)
    return True


def limited(answers: Iterable[T], out: list[T], seconds: float) -> None:
    """Extend ``out`` with ``answers`` (searches made as they are taken), within ``seconds``.

    ``seconds`` of processor time for all of them: when the time runs out, the search under
    way stops and :class:`OutOfTime` is raised, with the answers found so far in ``out``
    (``len(out)`` is the position of the one under way). Call :func:`usable` first.

    Examples
    --------
    >>> import regex
    >>> rx, texts, out = regex.compile(r"(?:.+.*x)(?!\\w)"), ["a x", "a x" * 3000 + "a", "b"], []
    >>> try:
    ...     limited(map(bool, map(rx.search, texts)), out, 0.05) if usable() else out.append(True)
    ... except OutOfTime:
    ...     pass
    >>> out  # the second text was stopped after 0.05 s (it takes minutes)
    [True]
    """
    _ARMED[0] = True
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        out.extend(answers)
    finally:
        _ARMED[0] = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
