"""A separator with nothing beyond it names no second holder; ``worker_id`` naming several
holders at ``;`` is read by the API as the command line reads it (fix37t2).

Before: ``holder_names`` trimmed white space only, so ``'W1; '`` was a holder named
``'W1;'``; on ``simulate_study(8, 1, 2)`` with case C00004's ``worker_id`` ``'W001; '``,
``run_study`` counted CP's case-months 7.355 -> 7.118 (0.237 lost) and warned "1 case held
by 1 worker not in the workers table (W001;)"; after: 7.355, no warning. And
``holders_read`` left ``'JS1; JS2'`` one holder (the CLI's ``fold_holders`` splits it).
"""

from __future__ import annotations

import pandas as pd

from timestudy.ingest.co_worked import holder_names, holders_read


def test_a_trailing_or_leading_separator_is_no_holder():
    got = holder_names(pd.Series(["W1; ", " ;W1", "W1;", ";", "W1 & "])).tolist()
    assert got == ["W1", "W1", "W1", pd.NA, "W1"]


def test_worker_id_naming_two_holders_is_a_co_worked_case():
    c = pd.DataFrame({"case_id": ["K", "L", "M"], "worker_id": ["JS1; JS2", "JS1;JS2", "W5; "],
                      "co_workers": pd.array([None, "JS3", None], dtype="string")})
    got = holders_read(c)
    assert got["worker_id"].tolist() == ["JS1", "JS1", "W5"]
    assert got["co_workers"].tolist() == ["JS2", "JS2; JS3", pd.NA]
