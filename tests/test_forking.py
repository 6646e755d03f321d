"""The one function forking every helper process (timestudy._lib.forking.start)."""

from __future__ import annotations

import gc
import os

import pytest

from timestudy._lib import forking

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


def test_child_result_status_and_pipe():
    """work() returning: exit status 0 and what it sent arrives; raising: status 1."""
    r, w = forking.pipe()
    ok = forking.start(lambda: forking.send(w, os.getpid()))
    forking.close(w)
    assert forking.receive(r, deadline=None) == ok != os.getpid()
    assert forking.finished(ok, 60)
    forking.close(r)
    failed = forking.start(lambda: 1 / 0)
    assert failed is not None and not forking.finished(failed, 60)


def test_child_leaves_without_the_parents_clean_up(tmp_path):
    """The child ends by os._exit: an atexit handler of this process does not run in it,
    and a buffered write of this process's open file is not flushed twice."""
    path = tmp_path / "buffered.txt"
    with path.open("w") as f:
        f.write("once\n")  # buffered, not yet written
        pid = forking.start(lambda: None)
        assert forking.finished(pid, 60)
    assert path.read_text() == "once\n"


def test_freeze_moves_shared_objects_out_of_the_childs_collector():
    """Frozen in the child only: this process's collector still sees its objects."""
    before = gc.get_freeze_count()
    r, w = forking.pipe()
    pid = forking.start(lambda: forking.send(w, gc.get_freeze_count()), freeze=True)
    forking.close(w)
    assert forking.receive(r) > 0
    assert forking.finished(pid, 60)
    forking.close(r)
    assert gc.get_freeze_count() == before


def test_a_fork_that_fails_gives_none(monkeypatch):
    def refuse():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert forking.start(lambda: None) is None
