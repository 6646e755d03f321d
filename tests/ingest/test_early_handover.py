"""The early text columns handed over (timestudy.ingest.early.EarlyText.handover).

When the episodes are put together, the column the early thread is taking is waited for
only where it is needed, and the columns it has not begun are the caller's to take beside
it, not after it (many_texts' two columns of mostly distinct text were taken one after
the other before).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy.ingest import early
from timestudy.ingest.early import EarlyText


def _values() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(["x", "y", "z"], dtype="string")
                         for name in ("a", "b", "c")})


def test_the_column_being_taken_is_waited_for_and_the_rest_left_to_the_caller(monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = early.ordered_text

    def slow_a(values, rows, encoded):
        if values.name == "a":  # the first column: held until the handover is made
            started.set()
            assert release.wait(10)
        return real(values, rows, encoded)

    monkeypatch.setattr(early, "ordered_text", slow_a)
    pool = ThreadPoolExecutor(1)
    checked = pool.submit(lambda: (SimpleNamespace(values=_values()), {}))
    e = EarlyText(pool, checked, np.array([2, 0, 1]), ["a", "b", "c"], {})
    assert e.usable(np.array([2, 0, 1]))
    assert started.wait(10)
    got, pending = e.handover()
    assert got == {} and list(pending) == ["a"]  # b and c not begun: the caller's
    release.set()
    assert pending["a"]().tolist() == ["z", "x", "y"]
    pool.shutdown()


def test_columns_done_are_handed_over_with_the_rows_left_out_gone():
    pool = ThreadPoolExecutor(1)
    checked = pool.submit(lambda: (SimpleNamespace(values=_values()), {}))
    e = EarlyText(pool, checked, np.array([2, 0, 1]), ["a", "b"], {})
    pool.shutdown(wait=True)  # both columns taken
    assert e.usable(np.array([2, 1]))  # row 0 rejected
    got, pending = e.handover()
    assert pending == {}
    assert {k: v.tolist() for k, v in got.items()} == {"a": ["z", "y"], "b": ["z", "y"]}


def test_a_take_that_fails_is_left_to_the_caller(monkeypatch):
    started, release = threading.Event(), threading.Event()

    def broken(values, rows, encoded):
        started.set()
        assert release.wait(10)
        raise MemoryError("no room")

    monkeypatch.setattr(early, "ordered_text", broken)
    pool = ThreadPoolExecutor(1)
    checked = pool.submit(lambda: (SimpleNamespace(values=_values()), {}))
    e = EarlyText(pool, checked, np.array([2, 0, 1]), ["a"], {})
    assert e.usable(np.array([2, 0, 1]))
    assert started.wait(10)
    got, pending = e.handover()
    release.set()
    assert got == {} and pending["a"]() is None
    with pytest.raises(MemoryError):
        e._future.result()
    pool.shutdown()


def _four() -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(["w", "x", "y", "z"], dtype="string") for name in ("a", "b")}
    )


@pytest.mark.parametrize(
    ("take", "want"),
    [
        (np.array([2, 0, 1]), ["z", "w", "y"]),  # every row kept an episode
        (np.array([2, 1]), ["z", "y"]),  # the kept row 0 (candidate 0) rejected
    ],
)
def test_the_duplicates_are_not_taken_at_all(monkeypatch, take, want):
    # candidate 1 is a duplicate (kept: 0, 2, 3); the order searched: 3, 1, 0, 2. The
    # episodes' positions are among the kept rows (0 -> 0, 1 -> 2, 2 -> 3)
    asked = []
    real = early.ordered_text

    def counted(values, rows, encoded):
        asked.append(rows.tolist())
        return real(values, rows, encoded)

    monkeypatch.setattr(early, "ordered_text", counted)
    pool = ThreadPoolExecutor(1)
    checked = pool.submit(lambda: (SimpleNamespace(values=_four()), {}))
    e = EarlyText(pool, checked, np.array([3, 1, 0, 2]), ["a", "b"], {}, kept=np.array([0, 2, 3]))
    pool.shutdown(wait=True)  # both columns taken
    assert asked == [[3, 0, 2], [3, 0, 2]]  # (was the whole order, 3, 1, 0, 2, then filtered)
    assert e.usable(take)
    got, pending = e.handover()
    assert pending == {}
    assert {k: v.tolist() for k, v in got.items()} == {"a": want, "b": want}
