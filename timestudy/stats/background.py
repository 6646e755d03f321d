"""Work done by a forked child process while this process goes on with other work.

A guide's numbers have independent parts (the pieces sensitivity needs nothing the case
models need). Where the machine has a processor to spare, :func:`start` forks a child
that does one part and hands its result back in a temporary file, pickled, while this
process does the rest; :meth:`Pending.result` collects it. Whatever goes wrong in the
child (an error, a result that cannot be pickled, a child killed or stuck), the work is
done again here, so the result, or the error it raises, is what the work gives when
done in this process: a forked child changes only when the work is done.

When to fork, how long to wait for a child and the child's tie to this process follow
one rule for every helper of the package (:mod:`timestudy._lib.forking`): Linux, a
processor to spare, ``TIMESTUDY_HELPER=1``/``0`` to force it; a child not done within
a few times this process's own share of the time is stopped; a child ends with its parent.
``fit_study`` forks one child, for a diary of at most ``SENSITIVITY_CHILD_ROWS`` used rows
(at 4,000 workers the child saved no wall time and added a second process's memory): the
pieces sensitivity and the task times, each :func:`settled` apart, while it builds the
worker-weeks and case-months and fits the case models, the task regression and the hours
available itself.
Warnings the child's work raises are raised again here when its result is collected, from
their module and with its registry, as :func:`warnings.warn` raises them (a filter on the
module applies; a warning shown once per place is shown once).
"""

from __future__ import annotations

import pickle
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from timestudy._lib import forking
from timestudy._lib.forking import finished, processor_free, stop, wait_limit

T = TypeVar("T")


class Pending(Generic[T]):
    """Work started by :func:`start`: :meth:`result` gives what it returns."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, file=None):
        self._work, self._pid, self._file = work, pid, file
        self.forked = pid is not None  # whether a child process was given the work
        self._started = time.monotonic()  # this process's own share runs from here
        self._value: tuple = ()
        self._caught: list = []  # warnings of work done at once, raised by result()
        self._error: Exception | None = None  # the work's error, once raised by result()
        if pid is None:  # not forked: done at once, in the order it was asked for
            done = settled(work)
            if done.error is not None:
                raise done.error
            self._value, self._caught, self._work = (done.value,), done.caught, None

    def result(self) -> T:
        """The work's result: the child's, or the work done here if the child failed.

        The work's warnings are raised here, when its result is first collected, whether it
        was done in a child or at once: a run's warnings come in the same order either way.
        """
        if self._value:
            caught, self._caught = self._caught, []
            _raise(caught)
            return self._value[0]
        if self._error is not None:  # asked again after its error: the same error
            raise self._error
        got = self._collect()
        if got is None:  # the child failed: done here, its warnings raised as a child's are
            done = settled(self._work)
            self._work, self._error = None, done.error
            if done.error is None:
                self._value = (done.value,)
            _raise(done.caught)
            if done.error is not None:
                raise done.error
        else:  # kept before its warnings are raised: one an "error" filter raises is raised
            value, caught = got  # once, and the result is there when asked again
            self._value, self._work = (value,), None
            _raise(caught)
        return self._value[0]

    def _collect(self) -> tuple | None:
        """The child's (result, warnings), or None if it failed; the child is reaped, and
        stopped if stuck or if this process is interrupted while waiting for it."""
        pid, file, self._pid, self._file = self._pid, self._file, None, None
        with file:  # a stuck child is stopped (and the work done here), as on Ctrl-C
            if not finished(pid, wait_limit(time.monotonic() - self._started)):
                return None
            file.seek(0)
            try:
                return pickle.load(file)
            except Exception:  # noqa: BLE001 - a result that does not load: done again here
                return None

    def _stop(self) -> None:
        """The child, if any, killed and reaped; its work not wanted any more."""
        pid, file, self._pid, self._file = self._pid, self._file, None, None
        self._work = None
        if pid is not None:
            stop(pid)
        if file is not None:
            file.close()

    def __del__(self) -> None:  # never collected (an error on the way): the child is stopped
        if getattr(self, "_pid", None) is not None:
            self._stop()


def start(work: Callable[[], T], fork: bool | None = None,
          again: Callable[[], T] | None = None) -> Pending[T]:
    """Start ``work`` in a forked child when ``fork`` (by default :func:`processor_free`).

    Parameters
    ----------
    work : callable
        No arguments; returns a picklable result.
    fork : bool, optional
        Fork a child (True), do the work here at once (False), or let
        :func:`processor_free` decide.
    again : callable, optional
        What this process does instead if the child fails (by default ``work``):
        the same result from what this process keeps (``work`` may hold data this
        process lets go once the child has it).

    Returns
    -------
    Pending
        Its :meth:`~Pending.result` is ``work()``.

    Examples
    --------
    >>> start(lambda: sum(range(10)), fork=True).result()
    45
    >>> start(lambda: sum(range(10)), fork=False).result()
    45
    """
    if not (processor_free() if fork is None else fork):
        return Pending(work)
    return _forked(work, again) or Pending(again or work)


def _forked(work: Callable[[], T], again: Callable[[], T] | None) -> Pending[T] | None:
    """``work`` in a forked child (its result and warnings pickled to a temporary file),
    or None if no child could be forked."""
    try:
        file = tempfile.TemporaryFile()  # the result: a file, so the child never waits on us
    except OSError:
        return None

    def child() -> None:  # do the work, send it
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent
        done = settled(work)
        if done.error is not None:  # the child fails: the parent does the work again
            raise done.error
        pickle.dump((done.value, done.caught), file, pickle.HIGHEST_PROTOCOL)
        file.flush()

    pid = forking.start(child)
    if pid is None:
        file.close()
        return None
    return Pending(again or work, pid, file)


#: Work started for a later caller (:func:`ahead`): (key, Pending) pairs, claimed once.
_AHEAD: list[tuple[tuple, Pending]] = []


@contextmanager
def ahead(key: tuple, work: Callable[[], T], again: Callable[[], T] | None = None,
          fork: bool | None = None) -> Iterator[bool]:
    """``work`` started in a forked child now, for the first :func:`claim` of ``key`` in
    this block; stopped at its end if no one claimed it.

    For work a later call would do itself, started before this process has what that
    call needs (its imports, say): the call claims the work by the arguments it was
    given, so a claim with other arguments finds nothing and does its own work.

    Parameters
    ----------
    key : tuple
        What the work is of: plain values (text, numbers, None, tuples), compared with
        ``==`` by :func:`claim`.
    work, again, fork
        As :func:`start`, but with no child forked (the rule said no, or the fork
        failed) nothing is done and a claim finds nothing.

    Yields
    ------
    bool
        Whether a child was forked.

    Examples
    --------
    >>> with ahead(("sum", 10), lambda: sum(range(10)), fork=True):
    ...     claim(("sum", 9)), claim(("sum", 10)).result()
    (None, 45)
    """
    pending = _forked(work, again) if (processor_free() if fork is None else fork) else None
    if pending is None:  # nothing started: the caller does the work itself, in its place
        yield False
        return
    _AHEAD.append((key, pending))
    try:
        yield True
    finally:
        for i, (_, p) in enumerate(_AHEAD):
            if p is pending:
                del _AHEAD[i]
                pending._stop()
                break


def claim(key: tuple) -> Pending | None:
    """The work :func:`ahead` started for ``key`` (once), or None.

    Examples
    --------
    >>> claim(("anything",)) is None
    True
    """
    for i, (k, pending) in enumerate(_AHEAD):
        try:
            same = type(k) is type(key) and bool(k == key)
        except Exception:  # noqa: BLE001 - values that do not compare (frames): not the same
            same = False
        if same:
            del _AHEAD[i]
            return pending
    return None


def recorded(caught: list) -> list:
    """Warnings caught by :func:`warnings.catch_warnings` (``record=True``), kept to be
    raised again later by :func:`raise_again` (in this process or after a pickle).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("late", UserWarning)
    >>> with warnings.catch_warnings(record=True) as again:
    ...     raise_again(recorded(caught))
    >>> [str(w.message) for w in again]
    ['late']
    """
    names = _module_names() if caught else {}
    return [_Warning(w, names.get(w.filename)) for w in caught]


def raise_again(caught: list) -> None:
    """Raise again warnings kept by :func:`recorded`, in their order."""
    _raise(caught)


class Settled(Generic[T]):
    """Work done, with its warnings and any error kept, for :meth:`get` to give later.

    Made by :func:`settled`; picklable when the result and the error are, so a forked child
    can hand back several pieces of work, each raised in its place by the parent.
    """

    def __init__(self, value: T | None, caught: list, error: Exception | None):
        self.value, self.caught, self.error = value, caught, error

    def get(self) -> T:
        """The work's warnings raised again, then its result (or its error raised)."""
        _raise(self.caught)
        if self.error is not None:
            raise self.error
        return self.value


def settled(work: Callable[[], T]) -> Settled[T]:
    """``work()`` done now, its warnings and its error (if any) kept, not raised.

    Several pieces of work handed to one child (:func:`start`) each keep their own
    warnings and error, so that the caller raises each where it would have been raised
    had the work been done in its place.

    Examples
    --------
    >>> import warnings
    >>> def noisy():
    ...     warnings.warn("late", UserWarning)
    ...     return 1
    >>> done = settled(noisy)  # nothing raised yet
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     done.get(), [str(w.message) for w in caught]
    (1, ['late'])
    >>> settled(lambda: 1 / 0).get()
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, error = work(), None
        except Exception as exc:  # noqa: BLE001 - kept, raised by get() in its place
            value, error = None, exc
    return Settled(value, recorded(caught), error)


class _Warning:
    """A caught warning reduced to what :func:`warnings.warn_explicit` needs (picklable),
    with the name of the module it was raised from (None when no loaded module is that file).
    """

    def __init__(self, w: warnings.WarningMessage, module: str | None = None):
        self.message, self.category = str(w.message), w.category
        self.filename, self.lineno = w.filename, w.lineno
        self.module = module


def _module_names() -> dict[str, str]:
    """The loaded modules' names by their files (a warning records its file, not its module)."""
    return {file: name for name, mod in list(sys.modules.items())
            if isinstance(file := getattr(mod, "__file__", None), str)}


def _raise(caught: list) -> None:
    """Raise again warnings of work done earlier (:class:`_Warning`) as :func:`warnings.warn`
    raises them: from their module, with its registry, so that a filter on ``module=`` applies
    and a warning shown once per place (Python's default) is shown once, however many times
    the work raised it.

    A warning placed (by its ``stacklevel``) on the line of this module that called the work
    is raised from the line that takes the result instead (the caller of
    :meth:`Pending.result`, :meth:`Settled.get` or :func:`raise_again`): where the work is
    called when it is done in its place, so that it comes from the same module whether a
    child, this module or the caller did the work."""
    taker = sys._getframe(2)  # _raise <- result / get / raise_again <- the taker
    for w in caught:
        filename, lineno, name = w.filename, w.lineno, getattr(w, "module", None)
        if filename == __file__:
            filename, lineno = taker.f_code.co_filename, taker.f_lineno
            name = taker.f_globals.get("__name__")
        module = sys.modules.get(name) if name else None
        if module is None:
            warnings.warn_explicit(w.message, w.category, filename, lineno)
        else:
            registry = vars(module).setdefault("__warningregistry__", {})
            warnings.warn_explicit(w.message, w.category, filename, lineno,
                                   module=name, registry=registry)
