"""episodes.parquet: each column written the cheapest way that gives back the same table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from timestudy.ingest.parquetfile import mostly_distinct, write_parquet

N = 5_000


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "worker_id": pd.array([f"W{i % 40:03d}" for i in range(N)], dtype="string"),
            "start": pd.to_datetime("2026-01-05 08:00") + pd.to_timedelta(np.arange(N) * 7, "min"),
            "duration_min": rng.integers(1, 120, N).astype(float),
            "activity": pd.array([f"note {i} {rng.integers(1e9)}" for i in range(N)], "string"),
            "case_id": pd.array([None if i % 9 == 0 else f"C{i % 70}" for i in range(N)], "string"),
            "source_row": rng.permutation(N).astype(np.int64) + 2,
        }
    )


def _chunks(path) -> dict[str, pq.ColumnChunkMetaData]:
    meta = pq.ParquetFile(path).metadata
    group = meta.row_group(0)
    return {group.column(i).path_in_schema: group.column(i) for i in range(meta.num_columns)}


def test_the_file_reads_back_as_the_same_table(tmp_path, frame):
    path = tmp_path / "episodes.parquet"
    write_parquet(frame, path)
    back = pq.read_table(path)
    expected = pa.Table.from_pandas(frame, preserve_index=False)
    assert back.equals(expected, check_metadata=True)
    assert back.schema.equals(expected.schema, check_metadata=True)
    pd.testing.assert_frame_equal(pd.read_parquet(path), frame)


def test_each_column_is_encoded_for_what_it_holds(tmp_path, frame):
    path = tmp_path / "episodes.parquet"
    write_parquet(frame, path)
    chunks = _chunks(path)
    # line numbers: deltas, bit-packed, not compressed (no dictionary to build and drop)
    assert "DELTA_BINARY_PACKED" in chunks["source_row"].encodings
    assert chunks["source_row"].compression == "UNCOMPRESSED"
    assert not chunks["source_row"].has_dictionary_page
    # text nearly all distinct: written plain; repeated text and minutes: a dictionary
    assert not chunks["activity"].has_dictionary_page
    for name in ("worker_id", "case_id", "duration_min", "start"):
        assert chunks[name].has_dictionary_page, name
        assert chunks[name].compression == "SNAPPY", name
    # statistics on numbers and times only
    assert chunks["start"].is_stats_set and not chunks["activity"].is_stats_set


def test_mostly_distinct_looks_at_the_first_rows_only():
    repeated = pa.chunked_array([["a", "b"] * 10_000 + [str(i) for i in range(30_000)]])
    assert not mostly_distinct(repeated)
    assert mostly_distinct(repeated, sample=50_000)
    assert not mostly_distinct(pa.chunked_array([[str(i) for i in range(999)]]))
    assert not mostly_distinct(pa.chunked_array([pa.nulls(5_000, pa.large_string())]))
