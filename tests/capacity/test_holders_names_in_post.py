"""A co-holder who has left reads as the workers table's worker however the cell spaces
their name (fix36j patch to ``capacity/in_post``: ``panels.co_held.case_holders``)."""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.capacity.in_post import staff_on


def test_a_leaver_written_with_spaces_leaves_the_case():
    """K held by W1 and ``' W8 '``, W8 left on Monday 9 March 2026: on Friday 13, K is
    W1's alone (before: ``' W8 '`` was no leaver, K still shared with them)."""
    w = pd.DataFrame({"worker_id": ["W1", "W8"], "fte": [1.0, 1.0],
                      "left": pd.to_datetime([None, "2026-03-09"])})
    c = pd.DataFrame({"case_id": ["K"], "worker_id": ["W1"],
                      "co_workers": pd.array([" W8 "], dtype="string")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held, _ = staff_on(c, w, "2026-03-13")
    assert held["worker_id"].tolist() == ["W1"]
    assert held["co_workers"].isna().tolist() == [True]
