"""A leaver's cases are released whichever way their holder cell is spaced (fix37t2).

``capacity.in_post.staff_on`` compared ``worker_id.astype(str)`` with the workers who
left: a case of the leaver W8 written ``' W8 '`` stayed on ``' W8 '`` (before:
``[' W8 ', None]``, and the loads said "1 case held by 1 worker not in the workers table
(W8)"); after, read by ``co_worked.holders_read``, both are held by no one.
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity.in_post import staff_on

W = pd.DataFrame({"worker_id": ["W1", "W8"], "fte": [1.0, 1.0],
                  "left": pd.to_datetime([None, "2026-03-09"])})


def test_a_leavers_case_written_with_spaces_is_held_by_no_one():
    c = pd.DataFrame({"case_id": ["A", "B", "C"], "worker_id": [" W8 ", "W8", "W1 "]})
    held, staff = staff_on(c, W, "2026-03-13")
    assert held["worker_id"].tolist() == [None, None, "W1"]
    assert staff["worker_id"].tolist() == ["W1"]


def test_a_leaver_named_in_one_cell_with_a_co_holder_leaves_the_case_to_them():
    """``'W8; W1'`` in ``worker_id`` is W8 and W1 (as the command line reads it): W1's
    after W8 left (before: one holder ``'W8; W1'``, not in the workers table)."""
    import warnings

    c = pd.DataFrame({"case_id": ["K"], "worker_id": ["W8;W1"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held, _ = staff_on(c, W, "2026-03-13")
    assert held["worker_id"].tolist() == ["W1"]
