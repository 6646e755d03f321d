"""The night rule (:mod:`timestudy.ingest.night_runs`) as fast on a million episodes (perf37i).

``timestudy validate --out`` spent 168-325 ms of processor time in the quality page's
``night_days`` on the 1M-episode shapes of ``benchmarks/bench_ingest.py`` (teams 239 ms,
shuffled 298 ms; 13.4 ms on /tmp/s120), the most of any step of the page: a copy of every
column of the crossing workers' rows (the text too: 42 ms on teams), the worker ids
factorized twice more though the page had coded them, ``np.lexsort`` on entries ingest
leaves in worker and start order (38 ms), the worker-days factorized by a hash table where
they are runs already, and every end made from the start and the minutes where each is
given. Now 75-132 ms (teams 239 -> 106 ms, shuffled 298 -> 115, s120 13.4 -> 6.3; medians
of 7, process time, old and new interleaved in one process, load 4.4-5.4), the nights read
the same (every row of every shape and of /tmp/s120, and 300 random frames, against the
code before; ``validate --out`` byte for byte). These tests hold each step without a clock.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.ingest import night_runs
from timestudy.ingest.night_runs import carried_rows, night_days, night_rows


def _nights(n_workers: int = 6, seed: int = 3) -> pd.DataFrame:
    """Episodes as ingest leaves them: workers in order, each one's entries by start; night
    workers (17:00-09:00 in three entries) and day workers; text columns beside."""
    rng = np.random.default_rng(seed)
    rows = []
    for w in range(n_workers):
        night = w % 2 == 0
        for d in pd.date_range("2026-03-09", periods=5):
            if night:
                spans = [(17, 0, 420), (0, 1, 300), (5, 1, 240)]  # 17:00-00:00-05:00-09:00
            else:
                spans = [(9, 0, 180), (12, 0, 60 + int(rng.integers(0, 4)) * 30)]
            for hour, next_day, minutes in spans:
                start = d + pd.Timedelta(days=next_day, hours=hour)
                rows.append((f"W{w}", start, start + pd.Timedelta(minutes=minutes), minutes))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "duration_min"])
    e = e.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)
    e["worker_id"] = e["worker_id"].astype("string[pyarrow]")
    e["counted_min"] = e["duration_min"].astype(float)
    e["diary_date"] = (e["start"] - pd.Timedelta(hours=4)).dt.normalize()
    e["activity"] = pd.Series("notes", index=e.index, dtype="string[pyarrow]")
    e["flags"] = pd.Series("", index=e.index, dtype="string[pyarrow]")
    return e


def test_entries_in_worker_and_start_order_are_not_sorted_again(monkeypatch):
    """Before: ``np.lexsort`` on every call (the stable sort of entries in order gives them
    back as they are); now it is not called, and the nights read are the sorted ones."""
    e = _nights()
    want = carried_rows(e.sample(frac=1, random_state=0)).loc[e.index]  # (sorted there)

    def refuse(*args, **kwargs):
        raise AssertionError("entries in order sorted again")

    monkeypatch.setattr(night_runs.np, "lexsort", refuse)
    pd.testing.assert_frame_equal(carried_rows(e), want)
    assert want["night"].sum() == 15  # 3 night workers, each night's 05:00-09:00 (5 nights)


def test_every_end_given_none_is_made_from_the_minutes(monkeypatch):
    """Before: each end made as start + minutes, then the given one taken where present."""
    e = _nights()
    want = carried_rows(e)

    def refuse(*args, **kwargs):
        raise AssertionError("an end made where each is given")

    monkeypatch.setattr(night_runs.pd, "to_timedelta", refuse)
    pd.testing.assert_frame_equal(carried_rows(e), want)


def test_an_end_missing_is_still_made_from_the_minutes():
    e = _nights()
    gone = e.assign(end=e["end"].where(e.index != 1))  # 00:00-05:00 of W0's first night
    assert carried_rows(gone)["night"].tolist() == carried_rows(e)["night"].tolist()


def test_the_night_rule_reads_no_text_and_factorizes_the_ids_once(monkeypatch):
    """Before: ``night_rows`` copied every column of the crossing workers' rows (the text:
    ``activity``, the flags) and factorized the ids of every row, then of those rows
    again, then the worker-days: three calls; now one, and only the ids and times taken."""
    e = _nights()
    want = night_rows(e, (), 0.0)
    seen, calls = [], []
    clock, factorize = night_runs._clock, pd.factorize

    def spy_clock(frame):
        seen.append(list(frame.columns))
        return clock(frame)

    def spy_factorize(values, *args, **kwargs):
        calls.append(len(values))
        return factorize(values, *args, **kwargs)

    monkeypatch.setattr(night_runs, "_clock", spy_clock)
    monkeypatch.setattr(night_runs.pd, "factorize", spy_factorize)
    got = night_rows(e, (), 0.0)
    assert got.tolist() == want.tolist() and got.sum() == 15
    assert seen and all("activity" not in s and "flags" not in s for s in seen)
    assert calls == [len(e)]


def test_nights_in_any_row_order_are_read_alike():
    """The paths without a sort (rows in order) and with one (shuffled, ties, missing
    times, time not work) read the same nights and tails, row by row."""
    rng = np.random.default_rng(11)
    for k in range(40):
        e = _nights(seed=k)
        if k % 3 == 0:
            e.loc[e.index[::7], "start"] = pd.NaT
        if k % 4 == 0:
            e["category"] = rng.choice(["work", "non_work"], len(e), p=[0.9, 0.1])
        shuffled = e.sample(frac=1, random_state=k)
        pd.testing.assert_frame_equal(carried_rows(shuffled).loc[e.index], carried_rows(e))
        a, b = night_rows(e, ("non_work",), 4.0), night_rows(shuffled, ("non_work",), 4.0)
        assert (a is None) == (b is None)
        if a is not None:
            assert a.tolist() == pd.Series(b, shuffled.index).loc[e.index].tolist()
        assert night_days(e).tolist() == pd.Series(
            night_days(shuffled), shuffled.index).loc[e.index].tolist()


@pytest.mark.parametrize("seed", range(5))
def test_the_crossing_workers_codes_are_those_of_their_rows_alone(seed):
    """:func:`night_runs._kept_codes`: the codes of whole workers' rows numbered as
    ``pd.factorize`` numbers those rows' ids, a missing id -1."""
    rng = np.random.default_rng(seed)
    ids = pd.Series(rng.choice(["a", "b", "c", "d", None], 200), dtype="string[pyarrow]")
    code = pd.factorize(ids)[0]
    chosen = rng.choice(np.unique(code), 3, replace=False)
    rows = np.isin(code, chosen)
    assert night_runs._kept_codes(code, rows).tolist() == pd.factorize(ids[rows])[0].tolist()


def test_the_quality_page_hands_its_worker_codes_to_the_night_rule(monkeypatch):
    """Before: ``night_days`` factorized the ids of every row (25 ms of 1M on the teams
    shape) though the page had just coded them; now not at all, the nights read the same."""
    from timestudy.ingest.quality import _worker_codes, worker_quality

    e = _nights()
    want = night_days(e)
    codes = _worker_codes(e["worker_id"])[0]
    page = worker_quality(e)
    calls = []
    factorize = pd.factorize

    def spy_factorize(values, *args, **kwargs):
        if isinstance(values, pd.Series) and values.name == "worker_id":
            calls.append(len(values))
        return factorize(values, *args, **kwargs)

    monkeypatch.setattr(night_runs.pd, "factorize", spy_factorize)
    assert night_days(e, workers=codes).tolist() == want.tolist()
    pd.testing.assert_frame_equal(worker_quality(e), page)
    assert calls == []


@pytest.mark.parametrize("seed", range(5))
def test_codes_in_any_order_are_numbered_as_factorize_numbers_them(seed):
    rng = np.random.default_rng(seed)
    ids = pd.Series(rng.choice(["d", "b", "a", "c", None], 100), dtype="string[pyarrow]")
    sorted_codes = pd.factorize(ids, sort=True)[0]
    assert night_runs._factorized(sorted_codes).tolist() == pd.factorize(ids)[0].tolist()
