"""Every faulty row of a simulated study is read as its faults table says (fix38h).

An ``overlap`` drawn right after a row rejected (an unparseable time, an end before its
start, no worker) or given to another worker (``W_UNKNOWN``) had nothing left to overlap:
the table said ``overlap`` (expected ``warning``) and validate accepted the row with no
flag. Before, 20 workers, 2 weeks, 10% faults: seed 0, rows 52 and 1008 of 250 faulty
rows; seed 2, row 439 of 250. After: such a row is given a fault that stays in place
(``duplicate`` or ``unknown_case``) and the overlap another row, the same number of each
fault: no row's expectation differs from what validate gives, on any seed tried (0-7).

Overlaps on adjacent rows (fix38h2): applied in draw order, row p+1's overlap could be
applied before row p's, which then moved p's end, and p+1 no longer overlapped it (listed
``overlap``, read with ``gap_before`` alone). Before: 60 workers, 4 weeks, 10%, seed 3 row
15992 (seed 9 row 7954); 20 workers, 2 weeks, 30%, seeds 1, 6 and 8. After: overlaps applied
last, by row: no row wrong on seeds 0-9 at either size (measured by review38h and here).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from timestudy import read_diary, simulate_study


@pytest.mark.parametrize(("workers", "weeks", "share", "seed"),
                         [(20, 2, 0.1, 0), (20, 2, 0.1, 2), (20, 2, 0.1, 5), (60, 4, 0.1, 3),
                          (20, 2, 0.3, 1)])
def test_each_faulty_row_is_read_as_expected(workers, weeks, share, seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = simulate_study(n_workers=workers, weeks=weeks, seed=seed, faults=share)
        got = read_diary(s.diary, cases=s.cases, workers=s.workers, warn=False)
    rejected = np.isin(s.faults["row"], got.rejects["source_row"] - 1)
    flags = got.episodes.groupby(got.episodes["source_row"] - 1)["flags"].first().fillna("")
    kept = s.faults["row"].isin(flags.index).to_numpy()
    said = flags.reindex(s.faults["row"]).fillna("").str.split(";").to_numpy()
    flagged = np.array([f in these for f, these in zip(s.faults["fault"], said, strict=True)])
    expected = s.faults["expected"].to_numpy()
    wrong = s.faults[~np.select(
        [expected == "rejected", expected == "duplicate", expected == "warning"],
        [rejected, ~kept & ~rejected, kept & flagged], False)]
    assert wrong.empty, wrong


def test_as_many_faults_of_each_kind():
    """The swap moves faults between rows, never adds or drops one: 10% of 20 workers'
    2 weeks at seed 0 is 250 rows, each kind 35 or 36 times (duplicates counted once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = simulate_study(n_workers=20, weeks=2, seed=0, faults=0.1)
    counts = s.faults["fault"].value_counts()
    assert len(s.faults) == 250 and counts.max() - counts.min() <= 1
