"""The fast paths of ingest give what the plain computations give.

Validation takes shortcuts on the usual diary (rows already in worker and start
order, text needing no cleaning, Arrow-backed columns); each is checked here
against the general method on random input, sorted and shuffled.
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary, simulate_study
from timestudy._lib.arrow import factorize_sorted, sorted_codes
from timestudy._lib.memory import keep_freed_memory, tune_memory
from timestudy.ingest.duplicates import exact_duplicates
from timestudy.ingest.encoded import encode_text
from timestudy.ingest.parquetfile import write_parquet
from timestudy.ingest.quality import _worker_codes, worker_quality
from timestudy.schema.tables import text_values

texts = st.lists(st.one_of(st.none(), st.text(max_size=4)), max_size=40)



@settings(max_examples=200, deadline=None)
@given(texts, st.booleans())
def test_worker_codes_from_runs_are_sorted_factorize(values, in_order):
    """The quality page's worker codes (from the runs of sorted ids, where they run so) are
    ``factorize_sorted``'s, in order or not, with missing ids or without."""
    if in_order:
        values = sorted(values, key=lambda v: (v is None, (v or "").encode()))
    series = pd.Series(values, dtype="string[pyarrow]")
    codes, names = _worker_codes(series)
    want_codes, want_names = factorize_sorted(series)
    assert codes.tolist() == want_codes.tolist()
    assert list(names) == list(want_names) and names.dtype == want_names.dtype

@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(["string[pyarrow]", "str", "object"]))
def test_sorted_codes_are_pandas_sorted_factorize(values, dtype):
    series = pd.Series(values, dtype=dtype)
    codes, uniques = factorize_sorted(series)
    want_codes, want_uniques = pd.factorize(pd.Series(values, dtype=object), sort=True)
    assert codes.tolist() == want_codes.tolist()
    assert list(uniques) == list(want_uniques)
    assert sorted_codes(series).tolist() == want_codes.tolist()


rows = st.lists(
    st.tuples(st.sampled_from(["W1", "W2", "W3", None]), st.integers(0, 5), st.sampled_from("ab")),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rows, st.booleans())
def test_exact_duplicates_match_pandas(data, in_order):
    frame = pd.DataFrame(data, columns=["worker_id", "start", "activity"])
    frame["worker_id"] = frame["worker_id"].astype("str")
    frame["start"] = pd.to_datetime(frame["start"], unit="h")
    if in_order:  # the neighbour shortcut
        frame = frame.sort_values(["worker_id", "start"], kind="stable", na_position="first")
        frame = frame.reset_index(drop=True)
    want = frame.astype(object).duplicated().to_numpy()
    np.testing.assert_array_equal(exact_duplicates(frame), want)


@pytest.fixture(scope="module")
def episodes() -> pd.DataFrame:
    return read_diary(simulate_study(n_workers=12, weeks=2, seed=4).diary, warn=False).episodes


def test_worker_quality_does_not_depend_on_row_order(episodes):
    shuffled = episodes.sample(frac=1, random_state=0).reset_index(drop=True)
    pd.testing.assert_frame_equal(worker_quality(episodes), worker_quality(shuffled))


def test_worker_quality_by_hand():
    eps = pd.DataFrame(
        {
            "worker_id": ["B", "A", "A", "A"],
            "start": pd.to_datetime(
                ["2026-03-09 09:00", "2026-03-09 09:00", "2026-03-09 19:00", "2026-03-10 10:00"]
            ),
            "end": pd.to_datetime(
                ["2026-03-09 10:00", "2026-03-09 11:00", "2026-03-09 20:00", "2026-03-10 11:00"]
            ),
            "duration_min": [60.0, 120.0, 60.0, 60.0],
            "counted_min": [60.0, 120.0, 60.0, 60.0],
            "flags": ["", "", "gap_before", ""],
        }
    )
    eps["diary_date"] = eps["start"].dt.normalize()
    q = worker_quality(eps)
    assert q.index.tolist() == ["A", "B"]
    assert q.loc["A", "diary_days"] == 2 and q.loc["A", "episodes"] == 3
    assert q.loc["A", "recorded_hours_per_day"] == 2.0  # (3 h + 1 h) / 2 days
    assert q.loc["A", "max_day_hours"] == 3.0
    assert q.loc["A", "gaps"] == 1
    assert q.loc["A", "out_of_hours_share"] == pytest.approx(60 / 240)


def test_text_values_pass_clean_text_through_unchanged():
    clean = pd.Series(["W1", "W2", None], dtype="str")
    assert text_values(clean, ("", "NA")).tolist() == ["W1", "W2", pd.NA]
    messy = pd.Series([" W1", "NA", "W2 "], dtype="str")
    assert text_values(messy, ("", "NA")).tolist() == ["W1", pd.NA, "W2"]


def test_parquet_round_trip(tmp_path, episodes):
    path = tmp_path / "episodes.parquet"
    write_parquet(episodes, path)
    pd.testing.assert_frame_equal(pd.read_parquet(path), episodes, check_dtype=False)


def test_a_duration_too_short_to_show_is_an_instantaneous_event():
    # found by hypothesis: 1e-9 minutes ended 60 ns after the start, equal at microseconds
    text = b"worker_id,start,duration_min\nW1,2025-10-20T00:00,1e-09\nW1,2025-10-20T01:00,0.5\n"
    result = read_diary(io.BytesIO(text), warn=False)
    assert result.report.rejected_by_reason == {}
    eps = result.episodes
    assert eps["duration_min"].tolist() == [0.0, 0.5]
    assert eps["flags"].tolist() == ["instantaneous", ""]
    rejected = read_diary(io.BytesIO(text), mapping={"zero_length": "reject"}, warn=False)
    assert rejected.report.rejected_by_reason == {"no_length": 1}


def test_memory_settings_take_where_they_can_and_are_harmless():
    import platform

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    import gc

    from timestudy._lib.memory import GC_THRESHOLDS

    huge_pages_before = np._core.multiarray._get_madvise_hugepage()
    gc_before = gc.get_threshold()
    assert keep_freed_memory() is glibc  # mallopt accepted every setting, or no glibc
    gc.set_threshold(700, 10, 10)  # Python's default, whatever an earlier test left
    try:
        done = tune_memory()
        assert done["keep_freed_memory"] is glibc
        assert done["small_pages"] is True  # this NumPy has the switch
        assert np._core.multiarray._get_madvise_hugepage() is False
        assert done["fewer_collections"] is True
        assert gc.get_threshold() == GC_THRESHOLDS
        assert np.ones(3_000_000).sum() == 3_000_000  # big blocks still allocate and free
        cycle = []  # garbage in a cycle is still collected
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:  # for the rest of the suite
        np._core.multiarray._set_madvise_hugepage(huge_pages_before)
        gc.set_threshold(*gc_before)


def test_float_keys_equal_as_numbers_are_duplicates():
    nan_a, nan_b = np.float64("nan"), -np.abs(np.float64("nan"))  # two NaN bit patterns
    frame = pd.DataFrame({"worker_id": ["W1"] * 4, "_start_min": [0.0, -0.0, nan_a, nan_b]})
    assert exact_duplicates(frame).tolist() == [False, True, False, True]


def test_worker_quality_skips_a_missing_day_total():
    eps = pd.DataFrame(
        {
            "worker_id": ["A", "A"],
            "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-10 09:00"]),
            "end": pd.to_datetime(["2026-03-09 10:00", "2026-03-10 11:00"]),
            "duration_min": [60.0, 120.0],
            "counted_min": [np.nan, 120.0],
            "flags": ["", ""],
        }
    )
    eps["diary_date"] = eps["start"].dt.normalize()
    assert worker_quality(eps).loc["A", "max_day_hours"] == 2.0


def test_huge_page_setting_is_restored_after_overlapping_reads():
    import threading

    from timestudy._lib.memory import _huge_page_setter, small_pages_while

    setter = _huge_page_setter()
    if setter is None:
        pytest.skip("this NumPy has no huge-page switch")
    before = setter(True)
    inside, leave = threading.Event(), threading.Event()

    def hold():
        with small_pages_while():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(5)
    with small_pages_while():  # overlaps the other thread's block
        assert setter(False) is False  # off inside
    leave.set()
    worker.join()
    assert setter(before) is True  # the first caller's setting came back


def test_arrow_pool_is_the_system_one_inside_a_read_and_restored_after(tmp_path, monkeypatch):
    import timestudy.ingest.diary as diary

    before = pa.default_memory_pool()
    seen = []
    real = diary.validate_candidates

    def spy(*args, **kwargs):
        seen.append(pa.default_memory_pool().backend_name)
        return real(*args, **kwargs)

    monkeypatch.setattr(diary, "validate_candidates", spy)
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,activity\nW1,2026-03-02T09:00,2026-03-02T10:00,a\n")
    read_diary(path, warn=False)
    with pytest.raises(Exception):  # noqa: B017 - any failure: the pool still comes back
        read_diary(tmp_path / "missing.csv", warn=False)
    assert seen == (["system"] if sys.platform.startswith("linux") else [before.backend_name])
    assert pa.default_memory_pool().backend_name == before.backend_name


padded = st.lists(
    st.one_of(st.none(), st.sampled_from(["a", " a", "b ", "NA", "-", "", "é", "x y", "\t"])),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(padded, st.randoms(use_true_random=False))
def test_text_checked_through_a_dictionary_is_the_row_by_row_check(values, rnd):
    series = pd.Series(values, dtype="str")
    encoded = encode_text(series, always=True)
    missing = ("", "NA", "-")
    want, got = text_values(series, missing), text_values(series, missing, encoded)
    assert got.dtype == want.dtype and got.index.equals(want.index)
    assert pa.array(got.array).type == pa.array(want.array).type
    assert got.tolist() == want.tolist()
    assert encoded.sorted_codes().tolist() == pd.factorize(series, sort=True)[0].tolist()
    rows = np.array(rnd.sample(range(len(values)), len(values)), dtype=np.int64)
    taken = encoded.take(rows, series)
    plain = series.iloc[rows].reset_index(drop=True)
    assert taken.dtype == plain.dtype and taken.tolist() == plain.tolist()
    assert encoded.rows(rows[: len(rows) // 2]).take(np.arange(len(rows) // 2), series).tolist() \
        == series.iloc[rows[: len(rows) // 2]].tolist()


@pytest.fixture(scope="module")
def thirty_diary() -> pd.DataFrame:
    """The simulated diary of both orders below, simulated once (each takes a copy)."""
    return simulate_study(n_workers=30, weeks=2, seed=5).diary


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_text_through_dictionaries_gives_the_plain_result(tmp_path, monkeypatch, order,
                                                          thirty_diary):
    """Columns of few distinct values are checked and put in order through one dictionary
    encoding each (``timestudy.ingest.encoded``); with the encoding turned off, every column
    goes the plain way: episodes, rejects and report must not differ. The file is big enough
    (3.8k rows) for the encoding to be used, and has padded, blank and duplicated rows."""
    diary = thirty_diary.copy()
    rng = np.random.default_rng(5)
    diary["location"] = rng.choice(["office", "home", " home", "NA", "court"], len(diary))
    diary["activity_code"] = rng.choice(["A1", "B2", "C3"], len(diary))
    diary = pd.concat([diary, diary.iloc[:50]], ignore_index=True)  # exact duplicates
    if order == "shuffled":
        diary = diary.iloc[rng.permutation(len(diary))]
    path = tmp_path / "diary.csv"
    diary.to_csv(path, index=False)
    fast = read_diary(path, warn=False)
    assert fast.report.n_duplicates == 50 and len(fast.episodes) > 3_000
    assert fast.episodes["location"].isna().any() and "home" in set(fast.episodes["location"])
    monkeypatch.setattr("timestudy.ingest.encoded.few_distinct", lambda arr: False)
    monkeypatch.setattr("timestudy.ingest.validate.encode_text", lambda values, always=False: None)
    plain = read_diary(path, warn=False)
    pd.testing.assert_frame_equal(fast.episodes, plain.episodes)
    pd.testing.assert_frame_equal(fast.rejects, plain.rejects)
    assert fast.report.to_dict() == plain.report.to_dict()
