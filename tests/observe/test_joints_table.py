"""The joint sessions' table worked on arrays (perf26c): the same table as grouping the
sessions with pandas (three group-bys and two Python functions a group before: 40% of a
``multi_observer_agreement`` call on a tiny study)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy.observe._multi_tables import joints_of


def grouped(sessions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table as pandas' group-bys made it before (the reference)."""
    s = sessions.copy()
    s["side"] = -1
    inside = s["joint"] >= 0
    s.loc[inside, "side"] = (
        s[inside].groupby("joint")["observer"].transform(lambda o: pd.factorize(o, sort=True)[0])
    )
    j = s[inside]
    per_side = j.groupby(["joint", "side"]).agg(lo=("lo", "min"), hi=("hi", "max"))
    window = per_side.groupby("joint").agg(lo=("lo", "max"), hi=("hi", "min"))
    joints = j.groupby("joint").agg(
        worker=("worker", "first"),
        observers=("observer", lambda o: ", ".join(sorted(set(map(str, o))))),
        sessions=("session", lambda o: ", ".join(sorted(map(str, o)))),
        n_observers=("observer", "nunique"),
    )
    return joints.join(window).reset_index(drop=True), s


def test_hand_worked_joint(monkeypatch):
    """W1's sessions a (O1, 5-30), b (O2, 0-10) and c (O2, 20-40) make joint session 0; d
    (W2) is alone. Sides: O1 0, O2 1. O1 covers 5-30, O2 0-40 (first start 0, last end
    40): the common window is the latest first start, 5, to the earliest last end, 30.
    No pandas group-by is used (before: three)."""
    s = pd.DataFrame({"worker": ["W1", "W1", "W1", "W2"], "observer": ["O2", "O1", "O2", "O1"],
                      "session": ["b", "a", "c", "d"], "lo": [0, 5, 20, 0],
                      "hi": [10, 30, 40, 9], "joint": [0, 0, 0, -1]})
    monkeypatch.setattr(pd.DataFrame, "groupby", lambda *a, **k: pytest.fail("grouped"))
    joints, sides = joints_of(s)
    assert sides["side"].tolist() == [1, 0, 1, -1]
    assert joints.to_dict("records") == [{"worker": "W1", "observers": "O1, O2",
                                          "sessions": "a, b, c", "n_observers": 2,
                                          "lo": 5, "hi": 30}]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(-1, 3),
                          st.integers(0, 50), st.integers(1, 50)), min_size=1, max_size=30))
def test_the_same_table_as_grouping(rows):
    """Any sessions (workers, observers, joint numbers 0, 1, ... or -1, times): the same
    frames, values and dtypes, as the group-bys."""
    worker, observer, joint, lo, span = (np.array(c) for c in zip(*rows, strict=True))
    joint[joint >= 0] = pd.factorize(joint[joint >= 0])[0]  # numbered 0, 1, ... as made
    if (joint < 0).all():
        return
    ids = [f"s{i}" for i in range(len(rows))]
    s = pd.DataFrame({"worker": [f"W{w}" for w in worker], "observer": [f"O{o}" for o in observer],
                      "session": ids, "lo": lo.astype(np.int64),
                      "hi": (lo + span).astype(np.int64), "joint": joint.astype(np.int64)})
    s = s.astype({"worker": "str", "observer": "str", "session": "str"})
    got, want = joints_of(s), grouped(s)
    pd.testing.assert_frame_equal(got[0], want[0], check_exact=True)
    pd.testing.assert_frame_equal(got[1], want[1], check_exact=True)
