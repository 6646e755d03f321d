"""Work in a forked child: the result is the work's, whatever happens to the child."""

from __future__ import annotations

import os
import warnings

import pytest

from timestudy._lib import runnable
from timestudy.stats import background


def test_forked_work_gives_its_result():
    pending = background.start(lambda: {"a": [1, 2, 3]}, fork=True)
    assert pending.forked
    assert pending.result() == {"a": [1, 2, 3]}


def test_serial_work_is_done_at_once():
    done = []
    pending = background.start(lambda: done.append(1) or 7, fork=False)
    assert done == [1] and not pending.forked  # before its result is asked for
    assert pending.result() == 7


def test_child_that_fails_is_replaced_by_the_work_done_here():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "here"

    assert background.start(work, fork=True).result() == "here"


def test_unpicklable_result_is_done_again_with_what_this_process_keeps():
    pending = background.start(lambda: (lambda: None), fork=True, again=lambda: "again")
    assert pending.result() == "again"


def test_error_of_the_work_is_raised_here():
    def work():
        raise ValueError("bad input")

    pending = background.start(work, fork=True)
    with pytest.raises(ValueError, match="bad input"):
        pending.result()


def test_child_warnings_are_raised_when_collected():
    def work():
        warnings.warn("watch out", UserWarning, stacklevel=1)
        return 1

    pending = background.start(work, fork=True)
    with pytest.warns(UserWarning, match="watch out"):
        assert pending.result() == 1


@pytest.mark.parametrize("fork", [True, False])
def test_warnings_come_when_collected_forked_or_not(fork):
    # the same order of warnings whether the work went to a child or was done at once:
    # "first", then the work's, then "last" (the run's warnings are published in order)
    def work():
        warnings.warn("the work's", UserWarning, stacklevel=1)
        return 1

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("first", UserWarning, stacklevel=1)
        pending = background.start(work, fork=fork)
        warnings.warn("between", UserWarning, stacklevel=1)
        assert pending.result() == 1
        assert pending.result() == 1  # raised once, not at every call
        warnings.warn("last", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["first", "between", "the work's", "last"]


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("1", True)])
def test_environment_forces_the_rule(monkeypatch, value, expected):
    monkeypatch.setenv("TIMESTUDY_HELPER", value)
    assert background.processor_free() is (expected and hasattr(os, "fork"))


def test_child_never_collected_is_stopped():
    import time

    pending = background.start(lambda: time.sleep(60), fork=True)
    pid = pending._pid
    del pending  # an error on the way: nobody asks for the result
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already stopped and reaped


def test_stuck_child_waited_for_a_few_times_this_process_share(monkeypatch):
    # A child can deadlock after a fork (a lock another thread held): it is waited for
    # wait_limit(this process's own share), not a fixed ten minutes, then the work is
    # done here.
    from timestudy._lib import forking

    monkeypatch.setattr(forking, "MIN_WAIT_S", 0.2)
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            import time

            time.sleep(5)  # stuck, as far as the parent can tell
        return os.getpid()

    assert background.start(work, fork=True).result() == parent


def test_child_ends_with_the_process_that_forked_it():
    import time

    read, write = os.pipe()
    middle = os.fork()
    if middle == 0:  # a parent that ends without collecting its child
        pending = background.start(lambda: time.sleep(60), fork=True)
        os.write(write, str(pending._pid).encode())
        os._exit(0)
    os.close(write)
    child = int(os.read(read, 64))
    os.close(read)
    os.waitpid(middle, 0)
    for _ in range(400):  # the kernel kills it at once; reaped by whoever adopted it
        if not _alive(child):
            break
        time.sleep(0.025)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] not in "ZX"
    except FileNotFoundError:
        return False


def test_default_rule_forks_on_linux_only(monkeypatch):
    import sys

    monkeypatch.delenv("TIMESTUDY_HELPER", raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(runnable, "others_running", lambda: 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not background.processor_free()
    monkeypatch.setattr(sys, "platform", "linux")
    assert background.processor_free() is hasattr(os, "fork")


def test_interrupted_wait_stops_the_child(monkeypatch):
    pending = background.start(lambda: __import__("time").sleep(60), fork=True)
    pid = pending._pid

    def interrupt(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(background.time, "sleep", interrupt)
    with pytest.raises(KeyboardInterrupt):
        pending.result()
    monkeypatch.undo()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped, though `pending` lives on
    assert pending._pid is None


def _warns_three_times():
    for _ in range(3):
        warnings.warn("repeated", RuntimeWarning, stacklevel=1)  # one place, three times
    return 1


@pytest.mark.parametrize("fork", [True, False])
def test_warnings_raised_again_as_warn_raises_them(fork):
    """A warning the work raised three times from one line is shown once under Python's
    default action, as :func:`warnings.warn` in place shows it (review18: three times, as
    the copies were raised with no module registry), and a filter on the module applies
    (none before: the module was taken from the file's path)."""
    with warnings.catch_warnings(record=True) as in_place:
        warnings.simplefilter("default")
        _warns_three_times()
    assert len(in_place) == 1
    globals().pop("__warningregistry__", None)
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("default")
        assert background.start(lambda: background.settled(_warns_three_times),
                                fork=fork).result().get() == 1
    assert [str(w.message) for w in again] == ["repeated"]
    globals().pop("__warningregistry__", None)
    with warnings.catch_warnings(record=True) as filtered:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=__name__)
        background.start(lambda: background.settled(_warns_three_times), fork=fork).result().get()
    assert filtered == []


def _warns_at_its_caller():
    warnings.warn("placed on the caller", UserWarning, stacklevel=2)
    return 1


def _take(pending):
    return pending.result()  # the line the warning is raised from, whoever did the work


def _get(done):
    return done.get()


@pytest.mark.parametrize("how", ["fork", "here", "settled", "child failed"])
def test_a_warning_placed_on_the_work_s_caller_comes_from_the_line_taking_the_result(how):
    """A work's warning one frame up lands on the line of this module that called the work
    (``Pending``, ``settled``, the child); it is raised from the line taking the result,
    where the work is called when done in its place."""
    if how == "settled":
        done = background.settled(_warns_at_its_caller)
        taker, take = _get, lambda: _get(done)
    else:
        work = _warns_at_its_caller
        if how == "child failed":
            work = lambda: os._exit(3)  # noqa: E731 - the child dies: done here again
        pending = background.start(work, fork=how != "here", again=_warns_at_its_caller)
        taker, take = _take, lambda: _take(pending)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert take() == 1
    (w,) = caught
    assert (w.filename, w.lineno) == (__file__, taker.__code__.co_firstlineno + 1)


def _warns_then_gives_one():
    warnings.warn("turned into an error", UserWarning, stacklevel=1)
    return 1


def test_a_result_asked_again_after_a_warning_raised_as_an_error():
    """An "error" filter raises a forked work's warning when its result is collected; asked
    again, the result is there (it raised TypeError: the child's file was gone, review19)."""
    pending = background.start(_warns_then_gives_one, fork=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="turned into an error"):
            pending.result()
    assert pending.result() == 1


def test_an_error_asked_for_again_is_the_same_error():
    def fails():
        raise ValueError("no hours")

    pending = background.start(lambda: os._exit(3), fork=True, again=fails)  # child dies
    for _ in range(2):
        with pytest.raises(ValueError, match="no hours"):
            pending.result()
