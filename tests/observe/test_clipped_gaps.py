"""Timing gaps are read within the common window, as the matched minutes are (audit 23,
defect 2): a task that one observer's session cut at its start or end showed the session's
edge as a disagreement, with every kappa and the CCC at 1."""

from __future__ import annotations

import pytest

from timestudy.observe import observer_agreement


def test_a_session_end_is_no_end_gap(make):
    """A stops at 15:00, B at 15:10 (both: direct work 14:30-14:50, then travel; A's travel
    cut at 15:00 by A's end). The common window is 14:30-15:00; in it both tasks end
    together: end gaps 0 and 0 (before: 0 and 600 s, mean 300), start gaps 0 and 0."""
    a = make([("W1", "14:30", "14:50", "direct"), ("W1", "14:50", "15:00", "travel")])
    b = make([("W1", "14:30", "14:50", "direct"), ("W1", "14:50", "15:10", "travel")])
    r = observer_agreement(a, other=b)
    assert r.stats.loc["task_pairs", "estimate"] == pytest.approx(1.0)
    assert r.matches["end_gap_s"].tolist() == [0.0, 0.0]
    assert r.gaps.loc["end_gap", "mean_abs_s"] == 0.0
    assert r.pairs["mean_abs_end_gap_s"].tolist() == [0.0]


def test_a_session_start_is_no_start_gap(make):
    """A from 14:00: recording 14:00-14:20, liaison -14:30, direct -14:50, travel -15:00;
    B from 14:05: recording 14:05-14:21, liaison -14:32, recording -14:50, travel -15:00.
    Common window 14:05-15:00, A's first task clipped to start at 14:05. Start gaps (B - A):
    0, 60, 120, 0 s, mean absolute (0 + 60 + 120 + 0) / 4 = 45 s (before: the first was
    -300 s, mean 120 s). End gaps 60, 120, 0, 0: mean 45 s, as before."""
    a = make([("W1", "14:00", "14:20", "recording"), ("W1", "14:20", "14:30", "liaison"),
              ("W1", "14:30", "14:50", "direct"), ("W1", "14:50", "15:00", "travel")])
    b = make([("W1", "14:05", "14:21", "recording"), ("W1", "14:21", "14:32", "liaison"),
              ("W1", "14:32", "14:50", "recording"), ("W1", "14:50", "15:00", "travel")])
    r = observer_agreement(a, other=b)
    assert r.matches["start_gap_s"].tolist() == [0.0, 60.0, 120.0, 0.0]
    assert r.gaps.loc["start_gap", "mean_abs_s"] == pytest.approx(45.0)
    assert r.gaps.loc["end_gap", "mean_abs_s"] == pytest.approx(45.0)
    assert str(r.matches["start_a"].iloc[0].time()) == "14:00:00"  # the task's own start
