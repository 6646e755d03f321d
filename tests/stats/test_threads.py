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
    real = threadpoolctl.threadpool_limits
    monkeypatch.setattr(threadpoolctl, "threadpool_limits",
                        lambda **k: made.append(k) or real(**k))

    @one_blas_thread
    def inner():
        return _blas_threads()

    @one_blas_thread
    def outer():
        return inner(), inner(), _blas_threads()

    before = _blas_threads()
    assert all(seen <= {1} for seen in outer())
    assert made == [{"limits": 1, "user_api": "blas"}]
    assert _blas_threads() == before  # undone on the way out
    inner()
    assert len(made) == 2  # a call on its own limits again


def test_an_error_inside_leaves_the_next_call_limited():
    @one_blas_thread
    def fails():
        raise ValueError("no")

    with pytest.raises(ValueError):
        fails()
    assert getattr(_threads._DEPTH, "n", 0) == 0
    assert one_blas_thread(_blas_threads)() <= {1}
