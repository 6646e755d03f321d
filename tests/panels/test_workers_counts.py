"""Counts of pieces in the worker-week panel: what a piece counts for, and in which weeks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels.censoring import days_per_piece
from timestudy.panels.week_counts import _piece_counts, _week_shares, regression_counts


def _pieces() -> pd.DataFrame:
    """Two reports of one worker (3 and 1 days, mean 2 days per piece) and a visit."""
    return pd.DataFrame(
        {
            "worker_id": "W1",
            "case_id": ["C1", "C2", "C1"],
            "primary": True,
            "task_type": ["report", "report", "visit"],
            "link_within_days": [10, 10, 0],
            "first_date": pd.to_datetime(["2026-03-05", "2026-03-10", "2026-03-03"]),  # Thu, Tue
            "last_date": pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-03"]),  # Mon
            "n_days": [3, 1, 1],
            "direct_min": [900.0, 60.0, 60.0],
            "left_censored": False,
            "right_censored": False,
            "days_followed": [3, 1, 1],
            "days_preceded": [3, 1, 1],
        }
    )


def test_a_linked_piece_counts_its_days_over_the_days_per_piece():
    p = _pieces()
    assert float(days_per_piece(p)["report"]) == 2.0
    # by days, not by minutes: the long report (900 of its task's 960 minutes) counts 1.5,
    # not 1.875; a task's counts still add up to its pieces
    assert regression_counts(p).tolist() == [1.5, 0.5, 1.0]


def test_a_linked_piece_missed_days_count_as_in_the_task_times():
    p = _pieces().assign(observed_share=0.8)
    per = float(days_per_piece(p)["report"])
    assert per > 2.0  # days missing at random: pieces are longer than the days seen
    np.testing.assert_allclose(regression_counts(p).to_numpy(), [3 / per, 1 / per, 1.0])


def test_week_shares_put_the_end_days_where_they_are():
    f = np.array(["2026-03-05", "2026-03-06", "2026-03-02"], dtype="datetime64[D]")
    last = np.array(["2026-03-10", "2026-03-09", "2026-03-13"], dtype="datetime64[D]")
    row, ws, share = _week_shares(f, last, np.array([4, 3, 6]))
    # Thu..Tue over 4 days: Thu and Tue known, Fri and Mon the weekdays between: 2 + 2;
    # Fri..Mon over 3 days, no weekday between: half each; Mon..Fri of the next week over
    # 6 days: Mon, then 4 of the 8 weekdays between in each week: 1 + 2 and 2 + 1
    np.testing.assert_allclose(share, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    assert ws.astype(str).tolist() == ["2026-03-02", "2026-03-09"] * 3
    np.testing.assert_array_equal(np.bincount(row, weights=share), [1.0, 1.0, 1.0])


def test_piece_counts_by_week():
    week = pd.DataFrame(
        {"worker_id": "W1", "week_start": pd.to_datetime(["2026-03-02", "2026-03-09"])}
    )
    w = _piece_counts(week, _pieces()).set_index("week_start")
    # the 3-day report Thu, (Fri or Mon), Mon: 2/3 and 1/3 of its 1.5; the 1-day report 0.5
    assert w["n_report"].tolist() == pytest.approx([1.0, 1.0])
    assert w["n_visit"].tolist() == [1.0, 0.0]
