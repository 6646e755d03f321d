"""Multitasking: hand-computed example, brute-force property, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy.errors import TimestudyError
from timestudy.observe import multitasking


@pytest.fixture
def hand(make):
    # Worker A: recording 09:00-10:00, a phone call 09:20-09:40 and an email 09:30-09:50.
    #   levels: 09:00-09:20 one, 09:20-09:30 two, 09:30-09:40 three, 09:40-09:50 two,
    #   09:50-10:00 one -> observed 60, multitasking 30 (09:20-09:50).
    # Worker B: travel 09:00-09:30 with a secondary activity (two activities for 30 minutes),
    #   recording 09:30-10:00 -> observed 60, multitasking 30.
    return make(
        [
            ("A", "09:00", "10:00", "recording"),
            ("A", "09:20", "09:40", "admin"),
            ("A", "09:30", "09:50", "admin"),
            ("B", "09:00", "09:30", "travel"),
            ("B", "09:30", "10:00", "recording"),
        ],
        secondary_activity=[None, None, "", "phone", None],
    )


def test_totals_count_time_once(hand):
    m = multitasking(hand)
    t = m.totals.iloc[0]
    assert t["episode_min"] == 60 + 20 + 20 + 30 + 30  # 160: the plain sum double counts
    assert t["observed_min"] == 120  # 60 + 60
    assert t["multitasking_min"] == 60  # 30 + 30
    assert m.share == pytest.approx(0.5)


def test_levels(hand):
    levels = multitasking(hand).levels["minutes"]
    # one activity: A 20 (09:00-09:20) + 10 (09:50-10:00), B 30 (recording) -> 60
    # two: A 10 (09:20-09:30) + 10 (09:40-09:50), B 30 (travel + secondary) -> 50
    # three: A 10 (09:30-09:40)
    assert levels.to_dict() == {1: 60.0, 2: 50.0, 3: 10.0}
    assert levels.sum() == 120


def test_by_label(hand):
    t = multitasking(hand).table
    # admin: union of 09:20-09:40 and 09:30-09:50 = 30 minutes, all of it with >= 2 activities
    assert t.loc["admin", ["minutes", "multitasking_min"]].tolist() == [30.0, 30.0]
    # recording: A 60 (30 multitasking) + B 30 (none) = 90, 30 -> 1/3
    assert t.loc["recording", ["minutes", "multitasking_min"]].tolist() == [90.0, 30.0]
    assert t.loc["recording", "share_multitasking"] == pytest.approx(1 / 3)
    # travel: 30 minutes, all with the secondary activity
    assert t.loc["travel", "share_multitasking"] == 1.0
    assert t.loc["admin", "share_of_observed"] == pytest.approx(30 / 120)
    s = multitasking(hand).summary()
    assert s.index[-1] == "all" and s.loc["all", "minutes"] == 120


def test_secondary_none_ignores_column(hand):
    m = multitasking(hand, secondary=None)
    assert m.totals["multitasking_min"].iloc[0] == 30  # only A's overlaps


def test_by_two_columns(hand):
    hand = hand.assign(task_type=["notes", "call", "email", "travel", "notes"])
    t = multitasking(hand, by=["category", "task_type"]).summary()
    assert t.loc[("admin", "call"), "minutes"] == 20
    assert t.loc[("all", ""), "minutes"] == 120


def test_sessions_are_not_merged(make):
    # Two observers' sessions of the same worker overlap completely: not multitasking.
    eps = make([("A", "09:00", "10:00", "recording"), ("A", "09:00", "10:00", "recording")])
    eps["session_id"] = ["S1", "S2"]
    assert multitasking(eps).share == 0.0
    assert multitasking(eps, session=None).share == 1.0


intervals = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 120),
        st.integers(0, 60),
        st.sampled_from(["a", "b", "c"]),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@given(intervals)
def test_matches_a_minute_grid(rows):
    t0 = pd.Timestamp("2026-03-09 08:00")
    eps = pd.DataFrame(
        {
            "worker_id": [f"W{r[0]}" for r in rows],
            "start": [t0 + pd.Timedelta(minutes=r[1]) for r in rows],
            "end": [t0 + pd.Timedelta(minutes=r[1] + r[2]) for r in rows],
            "category": [r[3] for r in rows],
            "secondary_activity": ["x" if r[4] else None for r in rows],
        }
    )
    m = multitasking(eps)
    grid = np.zeros((3, 200), int)
    label_grid = {c: np.zeros((3, 200), bool) for c in "abc"}
    for w, s, d, c, sec in rows:
        grid[w, s : s + d] += 1 + sec
        label_grid[c][w, s : s + d] = True
    assert m.totals["observed_min"].iloc[0] == pytest.approx((grid >= 1).sum())
    assert m.totals["multitasking_min"].iloc[0] == pytest.approx((grid >= 2).sum())
    assert 0 <= m.share <= 1 or np.isnan(m.share)
    for c in m.table.index:
        assert m.table.loc[c, "minutes"] == pytest.approx(label_grid[c].sum())
        assert m.table.loc[c, "multitasking_min"] == pytest.approx(
            (label_grid[c] & (grid >= 2)).sum()
        )


def test_errors(make):
    eps = make([("A", "09:00", "10:00", "recording")])
    with pytest.raises(TimestudyError, match=r"no column `category`.*categorise"):
        multitasking(eps.drop(columns="category"))
    with pytest.raises(TimestudyError, match=r"`end` is before `start`"):
        multitasking(eps.assign(end=eps["start"] - pd.Timedelta("1min")))
    with pytest.raises(TimestudyError, match=r"`start` has 1 rows .* not times"):
        multitasking(eps.assign(start=["soon"]))
    with pytest.raises(TimestudyError, match="must be a pandas DataFrame"):
        multitasking([1, 2])
    with pytest.raises(TimestudyError, match=r"no column `notes`"):
        multitasking(eps, secondary="notes")


def test_text_times_are_parsed(make):
    eps = make([("A", "09:00", "10:00", "recording")])
    text = eps.assign(start=["2026-03-09 09:00"], end=["2026-03-09 10:00"])
    assert multitasking(text).totals["observed_min"].iloc[0] == 60


def test_plot_and_display(hand):
    m = multitasking(hand)
    ax = m.plot()
    assert ax.get_title() == "Multitasking"
    assert "Multitasking" in repr(m) and "<table" in m._repr_html_()


def test_recorded_multitasking_counts_only_what_the_export_records(make):
    eps = make([("A", "09:00", "10:00", "recording"), ("A", "09:10", "09:20", "admin"),
                ("A", "09:30", "09:40", "admin")])
    eps["multitask_with"] = ["T2", "T1", None]  # 09:30-09:40 overlaps, but is not recorded
    m = multitasking(eps)
    assert m.method == "recorded"
    assert m.totals[["observed_min", "multitasking_min"]].iloc[0].tolist() == [60.0, 10.0]
    assert multitasking(eps, method="overlap").totals["multitasking_min"].iloc[0] == 20.0
    none = multitasking(eps.assign(multitask_with=None))  # a record of none: none
    assert none.method == "recorded" and none.totals["multitasking_min"].iloc[0] == 0
    with pytest.raises(TimestudyError, match=r"no column `multitask_with`.*overlap"):
        multitasking(eps.drop(columns="multitask_with"), method="recorded")
