"""Interruptions from the observer's field and from episode sequences, against hand counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import TimestudyError
from timestudy.observe import interruptions
from timestudy.observe.interruption import LENGTH_BIAS_NOTE


@pytest.fixture
def field(make):
    # One session:
    #   notes X 09:00-09:20 interrupted by the phone -> call 09:20-09:25 -> notes X resumed
    #   09:25-09:45; write-up Y 09:45-10:15 interrupted twice ("Manager; Colleague") and never
    #   resumed; meeting 10:15-11:00.
    eps = make(
        [
            ("A", "09:00", "09:20", "recording"),
            ("A", "09:20", "09:25", "admin"),
            ("A", "09:25", "09:45", "recording"),
            ("A", "09:45", "10:15", "recording"),
            ("A", "10:15", "11:00", "admin"),
        ],
        activity=["notes X", "call", "notes X", "write-up Y", "meeting"],
        interrupted_by=["Phone", "", None, "Manager; Colleague", ""],
        session_id="S1",
    )
    return eps


def test_field_hand_counts(field):
    r = interruptions(field)
    assert r.method == "field"
    all_ = r.table.loc["all"]
    # tasks: notes X (two parts, 40 min), call (5), write-up Y (30), meeting (45)
    assert all_["tasks"] == 4
    assert all_["interrupted_tasks"] == 2 and all_["share_interrupted"] == 0.5
    assert all_["interruptions"] == 3  # phone; manager and colleague
    assert all_["hours"] == 2.0  # 09:00-11:00, counted once
    assert all_["interruptions_per_hour"] == 1.5  # 3 / 2
    assert all_["share_never_resumed"] == 0.5  # write-up Y of the two interrupted
    assert all_["mean_task_min"] == 30.0  # (40 + 5 + 30 + 45) / 4
    assert all_["median_task_min"] == 35.0  # (30 + 40) / 2
    assert sorted(r.tasks["task_min"]) == [5.0, 30.0, 40.0, 45.0]
    assert r.resumption_lag_min.tolist() == [5.0]  # 09:20 -> 09:25
    assert r.sources["interruptions"].to_dict() == {"Phone": 1, "Manager": 1, "Colleague": 1}
    rec = r.table.loc["recording"]
    # recording time 20 + 20 + 30 = 70 minutes; 3 interruptions -> 3 / (70/60) an hour
    assert rec["hours"] == pytest.approx(70 / 60)
    assert rec["interruptions_per_hour"] == pytest.approx(3 / (70 / 60))
    assert r.table.loc["admin", "interrupted_tasks"] == 0


def test_field_resume_window(field):
    # With 4 minutes the 5-minute break is too long: notes X is never resumed either.
    r = interruptions(field, resume_within=4)
    assert r.table.loc["all", "tasks"] == 5
    assert r.table.loc["all", "share_never_resumed"] == 1.0
    assert len(r.resumption_lag_min) == 0


def test_durations_and_note(field):
    r = interruptions(field)
    d = r.durations
    assert d.loc["interrupted", "tasks"] == 2 and d.loc["interrupted", "mean_min"] == 35.0
    assert d.loc["uninterrupted", "mean_min"] == 25.0  # (5 + 45) / 2
    assert LENGTH_BIAS_NOTE in r.notes and "Length-biased" in repr(r)
    assert "Length-biased" in r._repr_html_()


def test_sequence_hand_counts(make):
    # notes X, call, notes X (resumed after other work), notes X (continued straight on),
    # email, notes Z: one task X of three parts with one interruption.
    eps = make(
        [
            ("A", "09:00", "09:20", "recording"),
            ("A", "09:20", "09:25", "admin"),
            ("A", "09:25", "09:45", "recording"),
            ("A", "09:45", "10:00", "recording"),
            ("A", "10:00", "10:10", "admin"),
            ("A", "10:10", "10:20", "recording"),
        ],
        activity=["notes", "call", "notes", "notes", "email", "notes"],
        case_id=["X", None, "X", "X", None, "Z"],
    )
    r = interruptions(eps)
    assert r.method == "sequence"
    all_ = r.table.loc["all"]
    assert all_["tasks"] == 4  # X (55 min), call, email, Z
    assert all_["interruptions"] == 1 and all_["share_interrupted"] == 0.25
    assert all_["interruptions_per_hour"] == pytest.approx(1 / (80 / 60))
    assert np.isnan(all_["share_never_resumed"])
    assert sorted(r.tasks["task_min"]) == [5.0, 10.0, 10.0, 55.0]
    assert r.sources.index.tolist() == ["admin"]  # the call it switched to
    assert "upper bound" in r.notes


def test_sequence_days_are_separate(make):
    # The same task on two diary days is two tasks, not one interrupted task.
    eps = make(
        [
            ("A", "16:00", "17:00", "recording"),
            ("A", "2026-03-10 09:00", "2026-03-10 10:00", "recording"),
        ],
        activity=["notes", "notes"],
    )
    r = interruptions(eps, resume_within=None)
    assert r.table.loc["all", "tasks"] == 2 and r.table.loc["all", "interruptions"] == 0


def test_method_choice_and_errors(field):
    # the rule is on the columns, never on the values: an empty record is a record of none
    empty = interruptions(field.assign(interrupted_by=""))
    assert empty.method == "field" and empty.table.loc["all", "interruptions"] == 0
    assert interruptions(field.drop(columns="interrupted_by")).method == "sequence"
    assert interruptions(field, method="recorded").method == "field"
    assert interruptions(field, method="sequence").method == "sequence"
    with pytest.raises(TimestudyError, match=r"no column `interrupted_by`"):
        interruptions(field.drop(columns="interrupted_by"), method="field")
    with pytest.raises(TimestudyError, match="`method` must be"):
        interruptions(field, method="guess")
    with pytest.raises(TimestudyError, match="`resume_within`"):
        interruptions(field, resume_within=-1)


def test_plots(field):
    r = interruptions(field)
    assert "Interruptions" in r.plot().get_title()
    assert "length-biased" in r.plot(kind="durations").get_title()


rows = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 300), st.integers(1, 40), st.sampled_from("abc")),
    min_size=1,
    max_size=15,
)


@settings(max_examples=30)
@given(rows)
def test_sequence_invariants(data):
    t0 = pd.Timestamp("2026-03-09 08:00")
    eps = pd.DataFrame(
        {
            "worker_id": [f"W{r[0]}" for r in data],
            "start": [t0 + pd.Timedelta(minutes=r[1]) for r in data],
            "end": [t0 + pd.Timedelta(minutes=r[1] + r[2]) for r in data],
            "activity": [r[3] for r in data],
            "category": [r[3] for r in data],
        }
    )
    r = interruptions(eps)
    all_ = r.table.loc["all"]
    assert 0 <= all_["share_interrupted"] <= 1
    assert all_["interruptions_per_hour"] >= 0
    assert r.tasks["task_min"].sum() == pytest.approx(sum(x[2] for x in data))
    assert r.tasks["parts"].sum() == len(data)
