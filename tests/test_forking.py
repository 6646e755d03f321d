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


@pytest.mark.skipif(not os.path.exists("/proc/loadavg"), reason="reads Linux's /proc")
@pytest.mark.parametrize(("others", "load", "free"), [
    (0, 9.0, True),     # nothing else running now: a load average of our own past runs ignored
    (1, 0.0, True),     # one other busy thread on two processors: as a load of 1 before
    (2, 0.0, False),    # two: no processor free, whatever the load average says
    (None, 1.4, True),  # /proc silent: the one-minute load average, as before
    (None, 1.6, False),
])
def test_the_rule_counts_other_work_running_now(monkeypatch, others, load, free):
    """Twelve guides one after another raised the load average past 1.5 on an idle 2-core
    machine, and every later guide ran without its helpers (5.2 s against 3.5 s)."""
    from timestudy._lib import runnable

    monkeypatch.delenv("TIMESTUDY_HELPER", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(runnable, "others_running", lambda: others)
    assert forking.processor_free() is free


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads Linux's /proc")
def test_a_helper_s_work_is_not_other_work(monkeypatch):
    """A busy helper and the calling thread are subtracted from the runnable count (here
    fixed at 5): at most 3 others are left, whatever else this machine runs."""
    from timestudy._lib import runnable

    r, w = forking.pipe()
    pid = forking.start(lambda: (forking.send(w, runnable.ROOT), sum(1 for _ in iter(int, 1))))
    try:
        assert forking.receive(r, deadline=__import__("time").monotonic() + 60) == runnable.ROOT
        assert pid in runnable.family(runnable.ROOT)
        with open(f"/proc/{pid}/comm") as f:
            assert f.read().strip() == runnable.HELPER_NAME
        monkeypatch.setattr(runnable, "runnable_now", lambda: 5)
        # the busy child is running or waiting to run (state R): counted as ours
        assert any(runnable.others_running() <= 3 for _ in range(2000))
    finally:
        forking.stop(pid)
        forking.close(r, w)


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads Linux's /proc")
def test_a_child_that_is_not_a_helper_is_other_work():
    """A subprocess (or a pool's worker) of the process is not its helper (review19)."""
    import subprocess
    import sys

    from timestudy._lib import runnable

    child = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        assert child.pid not in runnable.family(runnable.ROOT)
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_process_forked_by_anything_else_starts_a_family_of_its_own():
    from timestudy._lib import runnable

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # not a helper (a multiprocessing pool's worker, say): its own family
        os.write(w, str(runnable.ROOT == os.getpid()).encode())
        os._exit(0)
    os.close(w)
    assert os.read(r, 10) == b"True"
    os.close(r)
    os.waitpid(pid, 0)
