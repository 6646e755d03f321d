"""The capacity's readers of a caseload's holders take them by the one rule
(:func:`timestudy.ingest.co_worked.holder_names`: trimmed, a blank no holder), as the panels
do (fix37t's patch): a caseload DataFrame passed to the Python API with ``' W1 '`` is W1's.
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity.holders import co_held, no_holder, not_listed

WORKERS = pd.DataFrame({"worker_id": ["W1", "W2"]})


def test_a_holder_with_spaces_is_listed():
    """``' W1 '`` is W1 of the workers table (before: not listed, its FTE unknown)."""
    c = pd.DataFrame({"worker_id": [" W1 ", "W9"]})
    assert not_listed(c, WORKERS).tolist() == [False, True]


def test_a_blank_holder_is_no_holder():
    """``'  '`` is an unallocated case (before: a holder named '  ', not listed)."""
    c = pd.DataFrame({"worker_id": ["  ", "W1"]})
    assert no_holder(c).tolist() == [True, False]
    assert not_listed(c, WORKERS).tolist() == [False, False]


def test_co_held_rows_name_the_holders_trimmed():
    """K held by ``' W1 '`` with ``'W2; '``: half its 10 h on W1 and half on W2 (before:
    half on ' W1 ', a worker no table lists)."""
    f = pd.DataFrame({"worker_id": [" W1 "], "_h": [10.0],
                      "co_workers": pd.array(["W2; "], dtype="string")})
    assert co_held(f)[["worker_id", "_h"]].values.tolist() == [["W1", 5.0], ["W2", 5.0]]
