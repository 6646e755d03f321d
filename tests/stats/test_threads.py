"""One BLAS thread in the kernels: limited once, by the outermost call."""

from __future__ import annotations

import pytest

from timestudy.stats import _threads
from timestudy.stats._threads import one_blas_thread

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads() -> set[int]:
    return {i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"}


def test_nested_calls_limit_the_pools_once(monkeypatch):
    # fit_study runs fit_glm, fit_glmm... inside its own limit: only the outermost call
    # limits (each limit looks up every loaded library); every level runs with one thread
    made = []
    real = _threads._limited
    monkeypatch.setattr(_threads, "_limited", lambda: made.append("limit") or real())

    def inner():
        with one_blas_thread():
            return _blas_threads()

    def outer():
        with one_blas_thread():
            return inner(), inner(), _blas_threads()

    before = _blas_threads()
    assert all(seen <= {1} for seen in outer())
    assert made == ["limit"]
    assert _blas_threads() == before  # undone on the way out
    inner()
    assert len(made) == 2  # a call on its own limits again


def test_blocks_in_turn_look_the_libraries_up_once(monkeypatch):
    """A limit looked up every loaded library each time (threadpoolctl's
    ``threadpool_limits``: 2 to 6 ms in a guide's run, which starts a dozen blocks one after
    another, ten of them the report's disclosure checks). Three blocks in turn with no module
    imported between them: one look-up, not three, and each block runs on one BLAS thread
    and leaves the pools as they were."""
    if not hasattr(threadpoolctl, "get_cached_controller"):
        pytest.skip("threadpoolctl before 3.8 has no cached controller")
    looked = []
    real = threadpoolctl.ThreadpoolController

    class Counted(real):
        def __init__(self, *args, **kwargs):
            looked.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(threadpoolctl, "ThreadpoolController", Counted)
    threadpoolctl.reset_cached_controller()

    def blas_threads() -> set[int]:  # looked up apart (not counted)
        return {i["num_threads"] for i in real().info() if i["user_api"] == "blas"}

    before = blas_threads()
    inside = []
    for _ in range(3):
        with one_blas_thread():
            inside.append(blas_threads())
    threadpoolctl.reset_cached_controller()  # no Counted controller left for later tests
    assert all(seen <= {1} for seen in inside)
    assert blas_threads() == before
    assert len(looked) == 1


def test_an_error_inside_leaves_the_next_call_limited():
    with pytest.raises(ValueError), one_blas_thread():
        raise ValueError("no")
    assert _threads._HELD["n"] == 0
    with one_blas_thread():
        assert _blas_threads() <= {1}


def test_blocks_in_two_threads_keep_the_limit_until_both_end(monkeypatch):
    """The limit is the process's: counted per thread, the first thread to leave undid it
    while the second was still inside, and the second's end left one thread for good
    (review19). A stand-in limit records what is done to the pools (OpenBLAS 0.3.31 reports
    a limit set in a thread after one set in another differently)."""
    import threading

    events = []

    class Limit:
        def __init__(self):
            events.append("limited")

        def restore_original_limits(self):
            events.append("restored")

    monkeypatch.setattr(_threads, "_limited", Limit)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def a():
        with one_blas_thread():
            a_in.set()
            b_in.wait(30)
        a_out.set()

    def b():
        a_in.wait(30)
        with one_blas_thread():
            b_in.set()
            a_out.wait(30)
            events.append("b still inside")

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert events == ["limited", "b still inside", "restored"]
    assert _threads._HELD == {"n": 0, "limit": None}


def test_a_fit_s_warning_points_at_its_caller():
    """``fit_glm`` warns with ``stacklevel=2``: under the decorator this was the decorator's
    wrapper in ``stats/_threads.py``, not the line that called the fit."""
    import warnings

    import numpy as np

    from timestudy.stats.glm import fit_glm

    x = np.arange(1.0, 21.0)
    X = np.column_stack([np.ones(20), x, 2 * x])  # the third column the second's double
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit_glm(np.exp(0.05 * x) * (1 + 0.1 * np.sin(x)), X, family="gamma")
    (w,) = [w for w in caught if "rank deficient" in str(w.message)]
    assert w.filename == __file__
