"""The shortcuts of the thirty-second stop give what the plain computations give.

- ``header_again``: ids holding a digit that no header holds are passed over before the
  header rule folds them; the rule itself still decides every other value.
- ``twelve_hour``: each worker's run of rows is asked run by run (``reduceat``), not through
  a run number per row and ``bincount``.
- ``quality_days``: the diary's distinct dates hashed, then sorted, as ``np.unique`` gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest import header_again
from timestudy.ingest.header_again import _cannot_read_as, _read_as, without_repeated_header
from timestudy.ingest.quality_days import _weekdays_alone
from timestudy.ingest.rawtable import RawTable
from timestudy.ingest.twelve_hour import _each_run, by_worker

_PIECES = [
    "Worker",
    "worker",
    "ID",
    "id",
    "_",
    " ",
    "-",
    "\ufeff",
    "Start",
    "start",
    "end",
    "case",
    "Case ID",
    "W",
    "0",
    "1",
    "2",
    "42",
    "é",
    "duration",
    "(mins)",
    "min",
    "2nd",
    "Activity",
    "\t",
]
texts = st.lists(st.sampled_from(_PIECES), min_size=0, max_size=5).map("".join)
key_sets = st.sets(
    st.sampled_from(
        [
            "worker_id",
            "start",
            "end",
            "activity",
            "case_id",
            "duration_min",
            "start2",
            "w42",
            "id_1",
        ]
    ),
    min_size=1,
)


@settings(deadline=None)
@given(st.lists(texts, min_size=1, max_size=20), key_sets)
def test_a_value_passed_over_never_reads_as_a_header(values, keys):
    """No value that ``_cannot_read_as`` passes over reads as one of the keys by the header
    rule (``_read_as``), whatever the keys hold (digits among them included)."""
    v = pd.Series(values, dtype="string")
    over = _cannot_read_as(v, keys)
    reads = _read_as(v).isin(keys).to_numpy(bool)
    assert not (over & reads).any()


def test_ids_with_digits_are_passed_over_and_headers_still_found(monkeypatch):
    """A file of numbered ids with its header again (spelt otherwise) and a row whose id
    is a header word: the same lines skipped and warned of as with no value passed over."""
    ids = ["W001", "Worker ID", "W002", "worker-id", "Start", "W10"]
    starts = ["09:00", "Start", "09:30", "start", "10:00", "11:00"]

    def read(passed_over):
        monkeypatch.setattr(header_again, "_cannot_read_as", passed_over)
        f = pd.DataFrame(
            {
                "worker_id": pd.Series(ids, dtype="string"),
                "start": pd.Series(starts, dtype="string"),
            }
        )
        raw = without_repeated_header(RawTable(f, np.arange(2, 8), "d.csv", "csv"))
        return raw.frame.to_dict("list"), raw.source_row.tolist(), raw.details.get("warnings")

    fast = read(_cannot_read_as)
    plain = read(lambda values, keys: np.zeros(len(values), bool))
    assert fast == plain
    assert fast[1] == [2, 4, 6, 7]  # lines 3 and 5 (the header again, twice) skipped


def _each_run_plain(starts: np.ndarray, *rows: np.ndarray) -> np.ndarray:
    """The former computation: a run number per row, then ``bincount`` of each mask."""
    group = np.cumsum(starts) - 1
    n = int(group[-1]) + 1
    out = np.bincount(group[~rows[-1]], minlength=n) == 0
    for some in rows[:-1]:
        out &= np.bincount(group[some], minlength=n) > 0
    return out


@settings(deadline=None)
@given(st.integers(1, 80), st.integers(0, 2**32 - 1))
def test_each_run_is_the_bincount_of_run_numbers(n, seed):
    """Run by run (``reduceat``) gives what counting each mask by run number gives."""
    rng = np.random.default_rng(seed)
    starts = np.append(True, rng.random(n - 1) < 0.3)
    masks = [rng.random(n) < p for p in (0.2, 0.5, 0.9)]
    assert _each_run(starts, *masks).tolist() == _each_run_plain(starts, *masks).tolist()


def _twelve(flags: list[str]) -> pd.DataFrame:
    """twelve.csv's W1 (no time after 12:59 but its 4:45 end) and W2 (an afternoon)."""
    t = lambda s: pd.to_datetime(s, format="%Y-%m-%d %H:%M")  # noqa: E731
    return pd.DataFrame(
        {
            "worker_id": ["W1"] * 5 + ["W2"] * 2,
            "source_row": [4, 5, 2, 3, 8, 6, 7],
            "start": t(
                [
                    "2026-03-09 01:00",
                    "2026-03-09 02:30",
                    "2026-03-09 09:00",
                    "2026-03-09 11:30",
                    "2026-03-09 14:00",
                    "2026-03-09 09:00",
                    "2026-03-09 12:30",
                ]
            ),
            "end": t(
                [
                    "2026-03-09 02:30",
                    "2026-03-09 04:45",
                    "2026-03-09 11:30",
                    "2026-03-10 01:00",
                    "2026-03-09 15:00",
                    "2026-03-09 12:30",
                    "2026-03-09 13:15",
                ]
            ),
            "flags": flags,
        }
    )


def test_a_placed_afternoon_does_not_clear_a_worker():
    """W1's one afternoon (14:00-15:00) is a row placed in file order (no time of its own):
    W1 is still named, 2 of its entries in the small hours (1:00, 2:30); timed, that
    afternoon clears W1."""
    placed = by_worker(_twelve([""] * 4 + ["time_of_day_unknown"] + [""] * 2))
    assert placed["workers"] == ["W1"] and placed["episodes"] == 2
    assert by_worker(_twelve([""] * 7)) is None


def test_distinct_dates_hashed_find_a_bank_holiday_among_unsorted_days():
    """Christmas Day among unsorted dates and a missing one: a bank holiday, so the workers'
    days are read; without it, Monday to Friday for all."""
    d = pd.to_datetime(["2026-12-29", "2026-12-24", "NaT", "2026-12-25", "2026-12-24"])
    day = d.to_numpy("M8[ns]").view("i8")
    names = np.array(["W1"], object)
    assert _weekdays_alone(None, names, day) is False
    assert _weekdays_alone(None, names, day[[0, 1, 2, 4]]) is True
    assert _weekdays_alone(None, names, day[[2]]) is True
