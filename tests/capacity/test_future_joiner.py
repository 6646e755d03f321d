"""A worker who joins after the caseload day is not in post on it (workers table ``joined``).

data_schema/README.md: ``joined`` is "the first day the worker was in post". So on a
caseload day before it the worker is not in post, as one who has left by then is not:
no FTE in post, no load, and a co-worked case's share goes to the holders in post
(:func:`timestudy.capacity.in_post.staff_on`). Before the fix :func:`in_post` looked at
``left`` alone: a future joiner counted 1.0 FTE in post and held half of a co-worked case.

By hand, caseload day Friday 13 March 2026: W1 (1.0 FTE, no dates), W2 (0.8 FTE, left
Monday 9 March), W3 (1.0 FTE, joins Monday 16 March). In post: W1 alone, 1.0 FTE (before:
W1 and W3, 2.0 FTE). Case K co-worked by W1 and W3: W1's whole (before: half each); case
J held by W3 alone: held by no one (unallocated, as a leaver's case is).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.capacity.holders import co_held
from timestudy.capacity.in_post import in_post, staff_on

DAY = "2026-03-13"


def _workers() -> pd.DataFrame:
    return pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": [1.0, 0.8, 1.0],
                         "left": pd.to_datetime([None, "2026-03-09", None]),
                         "joined": pd.to_datetime([None, None, "2026-03-16"])})


def test_a_worker_joining_after_the_day_is_not_in_post():
    staff = in_post(_workers(), DAY)
    assert staff["worker_id"].tolist() == ["W1"]  # before: W1, W3
    assert staff["fte"].sum() == pytest.approx(1.0)  # before: 2.0


def test_a_worker_is_in_post_from_the_day_they_join():
    """On Monday 16 March, W3's first day: W1 and W3 in post, 2.0 FTE (W2 has left)."""
    assert in_post(_workers(), "2026-03-16")["worker_id"].tolist() == ["W1", "W3"]


def test_a_table_with_joined_but_no_left_column():
    w = _workers().drop(columns="left")
    assert in_post(w, DAY)["worker_id"].tolist() == ["W1", "W2"]


def test_a_co_worked_case_of_a_future_joiner_is_held_whole_by_the_holder_in_post():
    """K (42 h a month) co-worked 'W3; W1': W1 holds all 42 h (before: 21 h each, W3 in
    post); J, W3's alone, is held by no one."""
    caseload = pd.DataFrame({"case_id": ["K", "J"], "worker_id": ["W3", "W3"],
                             "co_workers": pd.array(["W1", pd.NA], dtype="string"),
                             "hours": [42.0, 10.0]})
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        held, staff = staff_on(caseload, _workers(), DAY)
    assert held["worker_id"].tolist() == ["W1", None]
    assert staff["worker_id"].tolist() == ["W1"]
    each = co_held(held.loc[held["worker_id"].notna()], hours="hours")
    assert each.groupby("worker_id")["hours"].sum().to_dict() == {"W1": 42.0}
    text = " ".join(str(w.message) for w in said)
    assert "not yet joined" in text and "W3 (joins 2026-03-16) not in post, W1 holds it" in text
