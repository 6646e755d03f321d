"""A small diary is read without starting a thread, and reads the same as on threads.

Each ``read_diary`` of a tiny table used to start and join five threads (three pools in
``validate_candidates``, one in ``clock_text``): about a third of its processor time.
"""

from __future__ import annotations

import threading

import pandas as pd
import pytest

import timestudy._lib.threads as threads
from timestudy import read_diary
from timestudy.schema import EXAMPLES

FRAME = pd.DataFrame(
    {
        "worker_id": ["W1", "W1", "W2", "W1"],
        "start": ["2026-03-09T09:00", "2026-03-09T10:00", "2026-03-09T09:30", "2026-03-09T09:00"],
        "end": ["2026-03-09T10:00", "2026-03-09T11:30", "nonsense", "2026-03-09T10:00"],
        "activity": ["a", "b", "c", "a"],
        "case_id": ["C1", "C2", "C3", "C1"],
    }
)


def test_small_diary_starts_no_thread(monkeypatch):
    started = []
    start = threading.Thread.start
    monkeypatch.setattr(
        threading.Thread, "start", lambda self: (started.append(self), start(self))[1]
    )
    result = read_diary(FRAME, warn=False)
    assert result.report.n_read == 4
    assert started == []


@pytest.mark.parametrize("source", [FRAME, EXAMPLES / "episodes_with_errors.csv"])
def test_inline_reads_as_threads_do(monkeypatch, source):
    inline = read_diary(source, warn=False)
    monkeypatch.setattr(threads, "INLINE_ROWS", 0)
    monkeypatch.setattr("timestudy.ingest.validate.INLINE_ROWS", 0)
    monkeypatch.setattr("timestudy.ingest.encoded.INLINE_ROWS", 0)
    threaded = read_diary(source, warn=False)
    pd.testing.assert_frame_equal(inline.episodes, threaded.episodes)
    pd.testing.assert_frame_equal(inline.rejects, threaded.rejects)
    assert inline.report.to_dict() == threaded.report.to_dict()
