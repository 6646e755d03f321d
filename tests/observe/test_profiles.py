"""Tempograms and transition matrices against hand-computed shares and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import TimestudyError
from timestudy.observe import tempogram, transitions
from timestudy.observe.profiles import NOT_OBSERVED


def test_weighted_shares(make):
    # A (weight 3) in recording 09:00-09:30, B (weight 1) in travel 09:15-09:45.
    # 09:00: only A -> recording 1.  09:15: 3 x 15 recording, 1 x 15 travel -> 0.75 / 0.25.
    # 09:30: only B -> travel 1.
    eps = make(
        [("A", "09:00", "09:30", "recording"), ("B", "09:15", "09:45", "travel")], w=[3.0, 1.0]
    )
    t = tempogram(eps, weight="w")
    assert t.shares.loc["09:00"].tolist() == [1.0, 0.0]
    assert t.shares.loc["09:15"].tolist() == [0.75, 0.25]
    assert t.shares.loc["09:30"].tolist() == [0.0, 1.0]
    assert t.minutes.loc["09:15", "recording"] == 45.0  # 15 minutes x weight 3
    assert t.coverage.loc["09:15", "worker_days"] == 2
    assert np.isnan(t.shares.loc["12:00", "recording"])  # nobody observed


def test_partial_slots_and_overlaps(make):
    # A: recording 09:00-09:15 with admin 09:05-09:10 inside it (an interruption: admin
    # counts its own 5 minutes, recording 10, as ingest counts them); B: admin 09:00-09:05.
    # Slot 09:00: recording 10, admin 5 + 5 -> 0.5 / 0.5; observed = 20 / 15 slots.
    eps = make(
        [
            ("A", "09:00", "09:15", "recording"),
            ("A", "09:05", "09:10", "admin"),
            ("B", "09:00", "09:05", "admin"),
        ]
    )
    t = tempogram(eps)
    assert t.shares.loc["09:00", "recording"] == 0.5
    assert t.shares.loc["09:00", "admin"] == 0.5
    assert t.coverage.loc["09:00", "observed"] == pytest.approx(20 / 15)


def test_diary_day_and_slot_length(make):
    # 03:50-04:10 belongs 10 minutes to the last slot of one diary day and 10 to the first of
    # the next; the table starts at the diary day's start.
    eps = make([("A", "03:50", "04:10", "recording")])
    t = tempogram(eps)
    assert t.shares.index[0] == "04:00" and t.shares.index[-1] == "03:45"
    assert t.minutes.loc["03:45", "recording"] == 10 and t.minutes.loc["04:00", "recording"] == 10
    t10 = tempogram(eps, slot=10, day_start="06:00")
    assert len(t10.shares) == 144 and t10.shares.index[0] == "06:00"
    assert t10.minutes.loc["03:50", "recording"] == 10
    with pytest.raises(TimestudyError, match="`slot` must be a whole number"):
        tempogram(eps, slot=7)
    with pytest.raises(TimestudyError, match="`day_start`"):
        tempogram(eps, day_start="25:00")


def test_include_unobserved(make):
    # A recorded 09:00-09:15, B only 10:00-10:15 the same day: at 09:00 half the worker-days
    # were observed in recording and half not observed.
    eps = make([("A", "09:00", "09:15", "recording"), ("B", "10:00", "10:15", "admin")])
    t = tempogram(eps, include_unobserved=True)
    assert t.shares.loc["09:00", "recording"] == 0.5
    assert t.shares.loc["09:00", NOT_OBSERVED] == 0.5
    assert t.shares.loc["03:00", NOT_OBSERVED] == 1.0


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 2000),
            st.integers(0, 300),
            st.sampled_from("abc"),
            st.floats(0.1, 5),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([10, 15, 30]),
)
def test_shares_sum_to_one_where_observed(rows, slot):
    t0 = pd.Timestamp("2026-03-09 00:00")
    eps = pd.DataFrame(
        {
            "worker_id": [f"W{r[0]}" for r in rows],
            "start": [t0 + pd.Timedelta(minutes=r[1]) for r in rows],
            "end": [t0 + pd.Timedelta(minutes=r[1] + r[2]) for r in rows],
            "category": [r[3] for r in rows],
            "w": [r[4] for r in rows],
        }
    )
    t = tempogram(eps, slot=slot, weight="w")
    seen = t.coverage["observed"] > 0
    assert np.allclose(t.shares[seen].sum(axis=1), 1.0)
    assert t.shares[~seen].isna().all().all()


@pytest.fixture
def sequence(make):
    # A: recording, travel, direct work, travel, recording; B: admin, admin.
    eps = make(
        [
            ("A", "09:00", "09:30", "recording"),
            ("A", "09:30", "10:00", "travel"),
            ("A", "10:00", "11:00", "direct_work"),
            ("A", "11:00", "11:30", "travel"),
            ("A", "13:00", "14:00", "recording"),
            ("B", "09:00", "09:30", "admin"),
            ("B", "09:30", "10:00", "admin"),
        ]
    )
    return eps


def test_transition_counts(sequence):
    tr = transitions(sequence)
    c = tr.counts
    assert c.loc["recording", "travel"] == 1 and c.loc["travel", "direct_work"] == 1
    assert c.loc["direct_work", "travel"] == 1 and c.loc["travel", "recording"] == 1
    assert c.loc["admin", "admin"] == 1 and c.to_numpy().sum() == 5
    assert tr.probabilities.loc["travel"].dropna().to_dict() == {
        "admin": 0.0,
        "direct_work": 0.5,
        "recording": 0.5,
        "travel": 0.0,
    }
    assert tr.rates["switches"].iloc[0] == 4  # admin -> admin is not a switch
    assert tr.rates["hours"].iloc[0] == 4.5  # A 3.5 h, B 1 h
    assert tr.rates["switches_per_hour"].iloc[0] == pytest.approx(4 / 4.5)
    long = tr.to_frame()
    assert set(long.columns) == {"from", "to", "transitions", "probability"}


def test_transition_gap_and_weight(sequence):
    # The 90-minute gap 11:30 -> 13:00 is cut by max_gap=60.
    tr = transitions(sequence, max_gap=60)
    assert tr.counts.loc["travel", "recording"] == 0
    w = transitions(sequence.assign(w=[2.0, 1, 1, 1, 1, 1, 1]), weight="w")
    assert w.counts.loc["recording", "travel"] == 2.0  # the weight of the episode left
    assert tr.counts.to_numpy().sum() == 4
    # Equal weights leave the rate unchanged: weighted switches over weighted hours.
    doubled = transitions(sequence.assign(w=2.0), weight="w").rates.iloc[0]
    assert doubled["switches_per_hour"] == pytest.approx(4 / 4.5)
    assert doubled["switches"] == 8 and doubled["hours"] == 9


def test_plots(sequence):
    assert transitions(sequence).plot().get_xlabel() == "next category"
    assert tempogram(sequence).plot().get_ylabel() == "share of observed workers"
    assert "Tempogram" in repr(tempogram(sequence))


def test_transitions_without_any_transition(make):
    # One task per worker: nothing follows anything (this used to fail casting NaN to int).
    r = transitions(make([("W1", "09:00", "10:00", "admin"), ("W2", "09:00", "10:00", "travel")]))
    assert r.probabilities.isna().all().all()
    assert r.rates["switches_per_hour"].iloc[0] == 0
