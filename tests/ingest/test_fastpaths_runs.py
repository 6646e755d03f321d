"""The fast paths added for appended and shuffled exports give what the plain computations give.

Each shortcut (text copied a run of rows at a time, worker ids read from their dictionary,
clock times put on their days a block at a time, stamps turned into microseconds by integer
division) is checked against the general method on random input, and the whole read against
the plain one on an appended file with blanks, padded ids and copies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest import early
from timestudy.ingest.accepted import _as_us
from timestudy.ingest.duplicates import _read_codes
from timestudy.ingest.early import _runs, take_text
from timestudy.ingest.encoded import encode_text
from timestudy.ingest.timerules import _on_day_blocks, on_day

values = st.lists(st.one_of(st.none(), st.sampled_from(["", "a", "bb", "ccc", "W1", "é"])),
                  min_size=1, max_size=60)


def _chunked(items: list, cuts: list[int]) -> pd.Series:
    """``items`` as an Arrow-backed text column of several chunks (cut at ``cuts``)."""
    bounds = sorted({0, len(items), *(c % (len(items) + 1) for c in cuts)})
    chunks = [pa.array(items[a:b], pa.large_string()) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, pa.large_string())))


@settings(max_examples=200, deadline=None)
@given(values, st.lists(st.integers(0, 60), max_size=4), st.randoms(use_true_random=False),
       st.integers(1, 8))
def test_text_taken_run_by_run_is_the_plain_take(items, cuts, rnd, n_runs):
    """Rows in runs of consecutive positions (an appended export put in worker order), taken
    through the chunks' slices, are the rows ``iloc`` takes: values, nulls and type."""
    column = _chunked(items, cuts)
    bounds = sorted({0, len(items), *(rnd.randrange(len(items) + 1) for _ in range(n_runs))})
    runs = [np.arange(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    rnd.shuffle(runs)
    rows = np.concatenate(runs) if runs else np.array([], np.int64)
    want = column.iloc[rows].reset_index(drop=True)
    pieces = _runs(column, rows, longest=1)
    if pieces is not None:
        got = pa.concat_arrays(pieces)
        assert got.to_pylist() == pa.array(want.array).to_pylist()
        assert got.type == pa.array(want.array).type
    taken = take_text(column, rows)
    assert taken.dtype == want.dtype
    assert pa.array(taken.array).to_pylist() == pa.array(want.array).to_pylist()


def test_run_by_run_is_not_used_on_a_shuffled_order():
    """A shuffled order (short runs) is taken row by row: no slice per row."""
    column = _chunked([str(k) for k in range(1_000)], [300, 700])
    rows = np.random.default_rng(1).permutation(1_000)
    assert _runs(column, rows) is None
    ordered = np.concatenate([np.arange(500, 1_000), np.arange(500)])
    assert [len(p) for p in _runs(column, ordered)] == [200, 300, 300, 200]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["W1", " W1", "W2", "W2 ", "", "NA", "w1"])),
                min_size=1, max_size=40))
def test_worker_ids_read_from_their_dictionary_are_read_from_rows(items):
    """Worker codes folded where ids read the same (``W1`` and `` W1``; blanks missing) are
    the same from the dictionary's distinct values as from a row of each code."""
    column = pd.Series(items, dtype="string[pyarrow]")
    encoded = encode_text(column, always=True)
    codes = encoded.sorted_codes()
    plain = _read_codes(column, codes)
    via = _read_codes(column, codes, encoded.sorted_values(column))
    assert via.tolist() == plain.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-40_000, 40_000)),
                          st.floats(-3_000, 3_000, allow_nan=False)), min_size=1, max_size=50),
       st.integers(1, 7))
def test_clock_times_put_on_their_days_in_blocks_are_the_plain_sum(rows, block):
    """``day + round(minutes * 60e9) ns``, NaT days staying NaT, whatever the block size."""
    day = np.array([np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d, _ in rows],
                   "M8[D]").astype("M8[ns]")
    minutes = np.array([m for _, m in rows], float)
    want = day + np.round(minutes * 60_000_000_000).astype("i8").view("m8[ns]")
    assert _on_day_blocks(day, minutes, block=block).view("i8").tolist() == want.view(
        "i8").tolist()
    assert on_day(day, minutes).view("i8").tolist() == want.view("i8").tolist()


@pytest.mark.parametrize("fresh", [True, False])
def test_stamps_to_microseconds_by_division_are_the_cast(fresh):
    """NumPy's cast floors (before 1970 too); NaT stays NaT (by the cast itself)."""
    ns = np.array([-1_500, -1, 0, 999, 1_000, 1_772_000_000_123_456_789], "i8")
    want = ns.view("M8[ns]").astype("M8[us]")
    assert _as_us(ns.copy().view("M8[ns]"), fresh=fresh).tolist() == want.tolist()
    with_nat = np.append(ns, np.iinfo(np.int64).min).view("M8[ns]")
    assert np.isnat(_as_us(with_nat.copy(), fresh=fresh)[-1])


def test_appended_exports_read_as_with_row_by_row_takes(tmp_path, monkeypatch):
    """A diary of three teams' exports appended (padded and blank ids, blank cases, an exact
    copy) gives the same episodes, rejects and report with the run-by-run take as without."""
    rng = np.random.default_rng(7)
    teams = []
    for team in range(3):
        workers = [f"W{3 * k + team:02d}" for k in range(4)]  # (the teams' ids interleave)
        n = 600
        worker = np.sort(rng.choice(workers, n))
        start = pd.Timestamp("2026-03-02 08:00") + pd.to_timedelta(
            np.sort(rng.integers(0, 20 * 24 * 60, n)), unit="min")
        teams.append(pd.DataFrame({
            "worker_id": worker,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + pd.to_timedelta(rng.integers(5, 90, n), unit="min")).strftime(
                "%Y-%m-%dT%H:%M"),
            "activity": [f"task {k}" for k in rng.integers(0, 5_000, n)],
            "case_id": np.where(rng.random(n) < 0.3, "", [f"C{k}" for k in rng.integers(0, 9_000, n)]),
        }))
    frame = pd.concat(teams, ignore_index=True)
    frame.loc[5, "worker_id"] = " " + frame.loc[5, "worker_id"]
    frame.loc[9, "worker_id"] = ""
    frame = pd.concat([frame, frame.iloc[[20]]], ignore_index=True)
    path = tmp_path / "teams.csv"
    frame.to_csv(path, index=False)
    runs, used = early._runs, []
    monkeypatch.setattr(early, "_runs", lambda *a, **k: used.append(runs(*a, **k)) or used[-1])
    fast = read_diary(path, warn=False)
    assert any(p is not None for p in used)  # (the activities were taken run by run)
    monkeypatch.setattr(early, "_runs", lambda values, rows, longest=16: None)
    plain = read_diary(path, warn=False)
    pd.testing.assert_frame_equal(fast.episodes, plain.episodes)
    pd.testing.assert_frame_equal(fast.rejects, plain.rejects)
    assert fast.report.to_dict() == plain.report.to_dict()
