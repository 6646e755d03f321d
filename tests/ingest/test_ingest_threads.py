"""The reader's threads end before it returns, and leave the warnings as they found them.

:class:`warnings.catch_warnings` is not thread-safe (Python 3.11-3.13), and pandas enters
it inside everyday calls. A column still being taken on a thread the read started, as the
read returned, hid the warning given next (``duration_looks_like_hours`` went missing from
a ``guide.json``, ``tests/study/test_ahead.py``); a block left on a thread out of turn
leaves its state in force. See :mod:`timestudy._lib.threads`.
"""

from __future__ import annotations

import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import timestudy.ingest.early as early
import timestudy.ingest.validate as validate
from timestudy import read_diary
from timestudy._lib.threads import thread_pool


@pytest.fixture
def diary(tmp_path):
    """A diary whose rows are not in worker order (the text is taken early, in order)."""
    rng = np.random.default_rng(3)
    n = 400
    worker = rng.choice([f"W{i}" for i in range(8)], n)
    start = pd.Timestamp("2026-03-02 09:00") + pd.to_timedelta(
        rng.integers(0, 5 * 24 * 60, n), unit="min"
    )
    frame = pd.DataFrame(
        {
            "worker_id": worker,
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + pd.Timedelta(minutes=20)).strftime("%Y-%m-%d %H:%M"),
            "activity": rng.choice(["home visit", "case notes", "travel"], n),
            "case_id": rng.choice([f"C{i}" for i in range(40)], n),
        }
    )
    path = tmp_path / "diary.csv"
    frame.to_csv(path, index=False)
    return path


def _slow_take(monkeypatch, *, leave_open: bool = False, cancel: bool = False) -> list:
    """Each early text column taken slowly inside pandas' kind of block (every warning
    ignored), or, with ``leave_open``, a block entered on the thread and never left.

    The read asks whether the early columns are usable only once the first has begun (on
    a small diary the main thread may otherwise get there before the text check is done,
    and no column is begun: seen under load); with ``cancel`` the answer is no."""
    real, started, begun = early.ordered_text, [], threading.Event()
    usable = early.EarlyText.usable

    def waited(self, take):
        begun.wait(10)
        return self.cancel() or False if cancel else usable(self, take)

    monkeypatch.setattr(early.EarlyText, "usable", waited)

    def slow(*args, **kwargs):
        started.append(threading.current_thread().name)
        begun.set()
        if leave_open:
            warnings.catch_warnings().__enter__()  # as a block left out of turn leaves it
            warnings.simplefilter("ignore")
            return real(*args, **kwargs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            time.sleep(0.3)
            return real(*args, **kwargs)

    monkeypatch.setattr(early, "ordered_text", slow)
    return started


def test_a_warning_given_after_a_read_is_seen(diary, monkeypatch):
    """The early columns not wanted (the order is not the episodes'): the one being taken
    is finished before the read returns, not beside the caller's next warning."""
    started = _slow_take(monkeypatch, cancel=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read_diary(diary, warn=False)
        warnings.warn("given after the read", UserWarning, stacklevel=1)
    assert started and all(name != "MainThread" for name in started)  # on a thread
    assert result.report.n_accepted == 400
    assert [str(w.message) for w in caught] == ["given after the read"]


def test_the_warnings_state_is_put_back_after_a_read(diary, monkeypatch):
    started = _slow_take(monkeypatch, leave_open=True)
    filters, shown = list(warnings.filters), warnings.showwarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inside = list(warnings.filters)
        read_diary(diary, warn=False)
        assert warnings.filters == inside
        warnings.warn("given after the read", UserWarning, stacklevel=1)
    assert started
    assert [str(w.message) for w in caught] == ["given after the read"]
    assert warnings.filters == filters and warnings.showwarning is shown


def test_a_pool_ends_its_threads_and_puts_the_state_back():
    """Work the caller no longer waits for is finished when the block ends."""
    done = []

    def late():
        warnings.catch_warnings().__enter__()
        warnings.simplefilter("ignore")
        time.sleep(0.2)
        done.append(1)

    before = list(warnings.filters)
    with thread_pool(1) as pool:
        pool.submit(late)
        pool.shutdown(wait=False)
    assert done == [1] and warnings.filters == before


def test_a_read_that_fails_stops_the_early_columns(diary, monkeypatch):
    """review17: a read failing after the text check waited for every early column still
    to be taken (three 0.3 s columns: the error came after 0.93 s). The work not wanted
    is stopped first: only the column begun is finished."""
    started = _slow_take(monkeypatch)
    begun = threading.Event()
    real = early.ordered_text

    def first(*args, **kwargs):  # the main thread fails once the first column has begun
        begun.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(early, "ordered_text", first)

    def failing(*args, **kwargs):
        begun.wait(10)
        raise RuntimeError("a failure after the text check")

    monkeypatch.setattr(validate, "all_failures", failing)
    with pytest.raises(RuntimeError, match="after the text check"):
        read_diary(diary, warn=False)
    assert len(started) == 1, started  # three columns in all on the code before
