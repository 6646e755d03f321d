"""A fuzzer over diary bytes, dates and the date range: every row accounted for, every accepted
date inside the range, exit codes 0/1/2 and no traceback (issue 19, deliverables 1 and 9).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from hostile import FUZZ, assert_clean_error, cli
from hypothesis import given
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.errors import TimestudyError

YEARS = st.one_of(st.integers(1, 9999), st.sampled_from([1677, 1678, 1989, 1990, 2026, 2036,
                                                         2037, 2262, 2263, 3026, 9999]))
OFFSETS = st.sampled_from(["", "", "Z", "+05:00", "-03:30", "+0100", "+25:00", "+00:00"])
SEPARATORS = st.sampled_from(["T", " "])


@st.composite
def stamps(draw) -> str:
    year, month, day = draw(YEARS), draw(st.integers(1, 13)), draw(st.integers(0, 31))
    hour, minute = draw(st.integers(0, 24)), draw(st.integers(0, 60))
    text = f"{year:04d}-{month:02d}-{day:02d}{draw(SEPARATORS)}{hour:02d}:{minute:02d}"
    return text + draw(OFFSETS)


@st.composite
def diaries(draw) -> bytes:
    n = draw(st.integers(1, 8))
    rows = ["worker_id,start,end,activity"]
    for i in range(n):
        rows.append(f"W{i % 2},{draw(stamps())},{draw(stamps())},task {i}")
    body = "\n".join(rows).encode()
    noise = draw(st.binary(max_size=6))
    where = draw(st.integers(0, len(body)))
    return body[:where] + noise + body[where:] if draw(st.booleans()) else body


@st.composite
def split_diaries(draw) -> bytes:
    """A date column plus clock times: years in local spellings (dd/mm/yyyy)."""
    rows = ["worker_id,date,start_time,end_time,activity"]
    for _ in range(draw(st.integers(1, 6))):
        year = draw(YEARS)
        rows.append(f"W1,{draw(st.integers(1, 28)):02d}/{draw(st.integers(1, 12)):02d}/"
                    f"{year:04d},09:00,10:00,a")
    return "\n".join(rows).encode()


RANGES = st.one_of(st.none(), st.tuples(st.integers(1600, 2300), st.integers(1600, 2300)))


def _check(path, date_range, timezone) -> None:
    mapping = {"date_range": list(date_range)} if date_range else None
    try:
        result = read_diary(path, mapping=mapping, timezone=timezone, warn=False)
    except TimestudyError as exc:
        assert "\n" not in str(exc).strip()
        return
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    first, last = (date_range if date_range else (1990, dt.date.today().year + 10))
    for col in ("start", "end"):
        years = result.episodes[col].to_numpy().astype("M8[Y]").astype(int) + 1970
        assert ((years >= first) & (years <= last + 1)).all(), (col, years)
    assert not np.isnat(result.episodes["start"].to_numpy()).any()


@FUZZ
@given(data=diaries(), date_range=RANGES, timezone=st.sampled_from([None, "Europe/London"]))
def test_fuzzed_dates_are_accounted_for_and_in_range(tmp_path_factory, data, date_range,
                                                     timezone):
    path = tmp_path_factory.mktemp("fuzz") / "d.csv"
    path.write_bytes(data)
    _check(path, date_range, timezone)


@FUZZ
@given(data=split_diaries())
def test_fuzzed_local_dates_are_accounted_for_and_in_range(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "d.csv"
    path.write_bytes(data)
    _check(path, None, None)


@FUZZ
@given(data=diaries())
def test_validate_exits_cleanly_whatever_the_dates(tmp_path_factory, capsys, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "d.csv").write_bytes(data)
    run = cli(["validate", folder / "d.csv", "--out", folder / "v"], capsys)
    assert_clean_error(run, codes=(0, 1, 2))
