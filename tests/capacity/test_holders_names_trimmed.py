"""The capacity figures read a holder cell as the case-months do (fix36j).

``capacity.holders.co_held`` shares a co-worked case among its holders, each named as
``panels.co_held.case_holders`` reads the cell: trimmed, a blank part no holder. Before, it
split the cell itself: ``' JS2 '`` was a worker of its own, and ``'JS2; '`` (a stray
separator) a case of three holders, one of them blank.
"""

from __future__ import annotations

import pandas as pd

from timestudy.capacity.holders import co_held, held_count, unlisted_holders


def _frame(cell: str) -> pd.DataFrame:
    return pd.DataFrame({"worker_id": ["JS1", "W1"], "_h": [42.0, 4.0],
                         "co_workers": pd.array([cell, None], dtype="string")})


def test_a_co_holder_with_spaces_is_the_listed_worker():
    """K held by JS1 and ``' JS2 '``: JS2 holds half of it (0.5 cases, 21 h) and is the
    workers table's JS2, so no holder is unlisted (before: 0 cases for JS2, and
    ``' JS2 '`` named as a worker the table does not list)."""
    f = _frame(" JS2 ")
    assert co_held(f)[["worker_id", "_h"]].values.tolist() == [
        ["JS1", 21.0], ["W1", 4.0], ["JS2", 21.0]]
    assert held_count(f, ["JS2"]) == 0.5
    assert unlisted_holders(f, pd.DataFrame({"worker_id": ["JS1", "JS2", "W1"]})) == set()


def test_a_stray_separator_is_no_holder():
    """``'JS2; '``: two holders, 21 h each (before: three, 14 h each, one of them a blank
    name)."""
    got = co_held(_frame("JS2; "), share="s")
    assert got[["worker_id", "_h", "s"]].values.tolist() == [
        ["JS1", 21.0, 0.5], ["W1", 4.0, 1.0], ["JS2", 21.0, 0.5]]
