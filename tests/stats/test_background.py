"""Work in a forked child: the result is the work's, whatever happens to the child."""

from __future__ import annotations

import os
import warnings

import pytest

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
