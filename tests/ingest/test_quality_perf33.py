"""The quality page's two look-ups over every episode made on fewer rows (perf33i): the flag
codes of the rows with a flag written only (most have none), and the diary's distinct dates
from the first row of each run of one date. Each gives what the whole column gives, on any
row order, missing values included."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest import quality, quality_days

CODES = ("gap_before", "overlap", "time_of_day_unknown", "long_day")
TEXTS = [
    "",
    "gap_before",
    "overlap;long_day",
    "gap_before;overlap",
    " ",
    "long_day",
    None,
    "time_of_day_unknown",
    "overlapping",
]
NAT = np.iinfo(np.int64).min


def _reference_flags(flags: pd.Series) -> dict[str, np.ndarray]:
    """Each row's codes, split row by row."""
    parts = [
        set(str(v).split(";")) if v is not None and not pd.isna(v) else set()
        for v in flags.astype(object)
    ]
    return {code: np.array([code in p for p in parts], bool) for code in CODES}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TEXTS), max_size=40), st.booleans())
def test_flag_codes_as_split_row_by_row(texts, chunked):
    dtype = "string[pyarrow]"
    flags = pd.Series(texts, dtype=dtype)
    if chunked and len(texts) > 1:  # a column of two chunks, as a CSV read leaves text
        import pyarrow as pa

        half = len(texts) // 2
        flags = pd.Series(
            pd.arrays.ArrowStringArray(
                pa.chunked_array(
                    [
                        pa.array(texts[:half], pa.large_string()),
                        pa.array(texts[half:], pa.large_string()),
                    ]
                )
            ),
            dtype=dtype,
        )
    got = quality._has_flags(flags, CODES)
    want = _reference_flags(flags)
    for code in CODES:
        np.testing.assert_array_equal(got[code], want[code], err_msg=code)
    objects = quality._has_flags(flags.astype(object), CODES)  # the pandas path alike
    for code in CODES:
        np.testing.assert_array_equal(objects[code], want[code], err_msg=code)


def test_only_the_flagged_rows_are_encoded(monkeypatch):
    flags = pd.Series(
        [""] * 9_990 + ["gap_before;overlap"] * 5 + [None] * 5 + ["long_day"] * 5,
        dtype="string[pyarrow]",
    )
    seen = []
    encode = quality.dictionary_codes

    def spy(values):
        seen.append(len(values))
        return encode(values)

    monkeypatch.setattr(quality, "dictionary_codes", spy)
    got = quality._has_flags(flags, CODES)
    assert seen == [10]  # (the whole column before: 10,005)
    assert got["overlap"].sum() == 5 and got["long_day"].sum() == 5
    assert got["gap_before"][9_990:9_995].all() and not got["gap_before"][:9_990].any()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 40, 41, None]), max_size=50))
def test_distinct_dates_as_from_every_row(picks):
    """Bank holidays found (or not) as from every row's date: Good Friday 2026 among them."""
    base = np.datetime64("2026-04-02", "ns").astype(np.int64)
    day = np.array([NAT if p is None else base + p * 86_400_000_000_000 for p in picks], np.int64)
    names = np.array(["A"], object)
    present = pd.to_datetime(np.unique(day[day != NAT]).view("M8[ns]"))
    want = not bool(quality_days.holiday_days(pd.Series(present)).any())
    assert quality_days._weekdays_alone(None, names, day) == want


def test_dates_hashed_once_a_run(monkeypatch):
    day = np.repeat(
        np.array(["2026-03-02", "2026-03-03", "2026-03-02"], "M8[ns]").view("i8"), [500, 300, 200]
    )
    seen = []
    unique = pd.unique

    def spy(values):
        seen.append(len(values))
        return unique(values)

    monkeypatch.setattr(quality_days.pd, "unique", spy)
    assert quality_days._weekdays_alone(None, np.array(["A"], object), day)
    assert seen == [3]  # one row a run (every row before: 1,000)
