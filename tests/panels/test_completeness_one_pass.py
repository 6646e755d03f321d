"""The completeness in one pass, and the worker-weeks reusing its folded tails (perf26b).

``diary_completeness`` cost more in pandas' per-call work than in its rows: a two-worker
diary of four weeks took 67 ms, most of it in fifteen group-bys and a merge on string
worker ids (its window's grid, the weekday counts, the usual day's medians, the checks of
swapped weeks, of weekdays written in part and of weekdays empty every other week). It now
groups the diary once, on an integer key, and works the rest out in NumPy: the same days.
``worker_week`` folded every worker's night tails again (``shift_tails.fold_tails``) after
the completeness had; it folded again only the workers the completeness folded a day of, and
now (fix30n) reads every night's end on the night's day (``shift_tails.night_dates``, as the
pieces do) for the workers with an entry ending near the next diary day's start alone (none
on a day diary), with the same figures here.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timestudy.ingest.night_runs as night_runs_module
import timestudy.panels.shift_tails as shift_tails_module
from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, worker_week
from timestudy.panels.workdays import usual_day


def _day(worker, start, minutes, task="visit", category="direct_work"):
    return {"worker_id": worker, "start": pd.Timestamp(start), "duration_min": float(minutes),
            "task_type": task, "category": category, "case_id": "C1"}


def _week() -> pd.DataFrame:
    """W1, Monday to Friday 2-6 March 2026: 8 h, 8 h, nothing, 7.5 h, 2.5 h; W2 Monday 7 h."""
    rows = [_day("W1", f"2026-03-0{d} 09:00", m) for d, m in ((2, 480), (3, 480), (5, 450),
                                                               (6, 150))]
    return pd.DataFrame(rows + [_day("W2", "2026-03-02 09:00", 420)])


def _count(monkeypatch, owner, name, counts):
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        counts[name] = counts.get(name, 0) + 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


def test_the_completeness_groups_the_diary_once_and_merges_nothing(monkeypatch):
    """By hand: W1's typical days are 8, 8, 7.5 and 2.5 hours (fewer than 3 of any weekday:
    the median of all, 7.75). Friday's 2.5 h is under half of it (3.875) and over a quarter
    (1.9375): written in part. Wednesday is empty: missing. W2's one day is complete. The
    diary is grouped once (by worker and day, on an integer key) and nothing is merged:
    before, 15 group-bys and a merge."""
    counts: dict[str, int] = {}
    for owner in (pd.DataFrame, pd.Series):
        _count(monkeypatch, owner, "groupby", counts)
    _count(monkeypatch, pd.DataFrame, "merge", counts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        d = diary_completeness(_week())
    assert d["status"].tolist() == ["complete", "complete", "missing", "complete", "partial",
                                    "complete"]
    assert d["usual_hours"].tolist()[:5] == [7.75] * 5
    assert d["worker_id"].tolist() == ["W1"] * 5 + ["W2"]
    assert counts == {"groupby": 1}


def test_a_day_diary_is_not_folded_again_for_the_worker_weeks(monkeypatch):
    """By hand: W1's used days are Monday, Tuesday and Thursday, 8 + 8 + 7.5 = 23.5 hours
    over 3 of 5 contracted days, 0.6 FTE-weeks; W2's Monday 7 hours, 0.2. No entry ends
    near the next diary day's start, so the worker-weeks read no night's end (no run of
    ``carried_rows``; before perf26b: ``fold_tails`` over every entry once more)."""
    counts: dict[str, int] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        days = diary_completeness(_week())
        for module in (shift_tails_module, night_runs_module):  # folds; the nights' ends
            _count(monkeypatch, module, "carried_rows", counts)
        ww = worker_week(_week(), days=days).set_index("worker_id")
    assert ww["hours_worked"].tolist() == [23.5, 7.0]
    assert ww["fte_weeks"].round(12).tolist() == [0.6, 0.2]
    assert counts == {}


def _nights_and_days() -> pd.DataFrame:
    """N1 on Monday to Thursday nights 2-5 March 2026, 20:00-05:30 and a handover 05:30-
    08:00 (diary days start at 04:00: the handover lands on the next day), not the night of
    Wednesday 4; D1 on days, 09:00-17:00, Monday to Friday."""
    rows = []
    for night in ("2026-03-02", "2026-03-03", "2026-03-05"):
        n = pd.Timestamp(night)
        rows += [_day("N1", n + pd.Timedelta(hours=20), 570),
                 _day("N1", n + pd.Timedelta(hours=29.5), 150, "handover", "recording")]
    rows += [_day("D1", f"2026-03-0{d} 09:00", 480) for d in range(2, 7)]
    ep = pd.DataFrame(rows)
    return ep.assign(end=ep["start"] + pd.to_timedelta(ep["duration_min"], unit="min"))


def test_only_the_night_worker_is_read_again_with_the_same_figures(monkeypatch):
    """By hand: N1's nights are 9.5 + 2.5 = 12 hours each, the handover on the night it
    ends; Wednesday 4 (its diary day held only Tuesday night's handover) is missing, so N1
    has 3 nights, 36 hours over 3 of 5 contracted days (0.6 FTE-weeks, to Friday 6, which
    held Thursday night's handover). D1: 5 days of 8 hours, 40 hours, 1.0. The worker-weeks
    read the nights of N1's 6 entries alone, not D1's 5 (before perf26b: all 11)."""
    ep = _nights_and_days()
    seen: list[list[str]] = []
    real = shift_tails_module.carried_rows

    def read(e, *args, **kwargs):
        seen.append(sorted(set(e["worker_id"])) + [len(e)])
        return real(e, *args, **kwargs)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        days = diary_completeness(ep)
        for module in (shift_tails_module, night_runs_module):  # folds; the nights' ends
            monkeypatch.setattr(module, "carried_rows", read)
        ww = worker_week(ep, days=days)
    n1 = days.loc[days["worker_id"] == "N1"].set_index("diary_date")["status"]
    assert n1.loc["2026-03-04"] == "missing"
    by = ww.set_index("worker_id")
    assert by.loc["N1", "hours_worked"] == pytest.approx(36.0)
    assert by.loc["N1", "fte_weeks"] == pytest.approx(0.6)
    assert by.loc["D1", ["hours_worked", "fte_weeks"]].tolist() == pytest.approx([40.0, 1.0])
    assert seen and all(s == ["N1", 6] for s in seen)  # the worker-weeks' and the pieces'


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6),
                          st.sampled_from([0.0, 1.5, 3.5, 7.0, 7.4, 7.5, 8.0, 9.25]),
                          st.booleans()), min_size=1, max_size=40))
def test_the_usual_day_is_pandas_group_median(rows):
    """The usual day's medians from one sort are pandas' group medians (an even count: the
    mean of the two middle days), by weekday with 3 typical days or more, else the
    worker's, and its maximum the group's: the same hours as the group-bys it replaces."""
    w, d, h, t = (np.array(c) for c in zip(*rows, strict=True))
    got = usual_day(w, d, h.astype(float), t, np.full(len(w), 6.0))
    s = pd.Series(h[t].astype(float))
    overall = s.groupby(w[t]).median().reindex(w).to_numpy(float)
    by = s.groupby([w[t], d[t]]).agg(["median", "size", "max"])
    at = pd.MultiIndex.from_arrays([w, d])
    own = by["median"].where(by["size"] >= 3).reindex(at).to_numpy(float)
    regular = by["max"].reindex(at).to_numpy(float) < 0.5 * overall
    fallback = np.where(regular, np.fmin(overall, 6.0), overall)
    want = np.where(np.isnan(own), fallback, own)
    assert np.array_equal(got, want, equal_nan=True)


def test_observed_share_sums_two_columns_without_copying_the_days(monkeypatch):
    """By hand (the week above): W1's full working days are Monday, Tuesday, Wednesday
    (missing), Thursday and Friday (partial): 3 used of 5, 0.6; W2's one day, 1.0. The two
    sums are taken in one group-by of the two columns, not of a copy of the whole table
    (before: ``days.assign`` copied every column, then two group sums)."""
    from timestudy.panels.observed_days import observed_share

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        days = diary_completeness(_week())
    counts: dict[str, int] = {}
    _count(monkeypatch, pd.DataFrame, "assign", counts)
    share = observed_share(days)
    assert share.round(12).to_dict() == {"W1": 0.6, "W2": 1.0}
    assert share.name == "observed_share" and share.index.name == "worker_id"
    assert counts == {}


def test_case_dates_are_read_as_their_midnight():
    """An opening date with a time is its day; a blank one NaT; a day before 1970 its own
    day (a floor, as ``Series.dt.normalize``), in nanoseconds, indexed as the cases."""
    from timestudy.panels.holder_shares import _dates

    cases = pd.DataFrame({"opened": ["2026-03-02 15:30", None, "1969-12-31 23:00"]},
                         index=[4, 5, 6])
    got = _dates(cases, "opened")
    assert got.dtype == "datetime64[ns]" and got.index.tolist() == [4, 5, 6]
    assert got.tolist()[0] == pd.Timestamp("2026-03-02") and pd.isna(got.iloc[1])
    assert got.iloc[2] == pd.Timestamp("1969-12-31")


def test_the_partial_days_entries_are_dropped_by_integer_codes(monkeypatch):
    """By hand (the week above): W1's Friday 6 March (2.5 h) is written in part and left
    out: its one entry goes, the other four stay (W1's Monday, Tuesday, Thursday, W2's
    Monday). The entries are matched to the partial days by integer codes of the workers
    and dates, not by a MultiIndex of every entry's id as text (before: one)."""
    from timestudy.panels.observed_days import used_episodes

    ep = _week()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        days = diary_completeness(ep)
    counts: dict[str, int] = {}
    _count(monkeypatch, pd.MultiIndex, "from_arrays", counts)
    kept = used_episodes(ep, days)
    assert kept.index.tolist() == [0, 1, 2, 4]
    assert kept["start"].dt.day.tolist() == [2, 3, 5, 2]
    assert counts == {}
