"""The counts the quartiles leave possible, for a study of thousands of workers, without a
dense n x n matrix.

``counts_possible`` built the order constraints ``s[j] <= s[j + 1]`` as dense identities:
at 4,000 workers 0.25 GB more peak memory (the 4,000-worker guide 1,531 -> 1,800 MB, found
by bisection at the eighteenth stop) and 6.4 cpu s of the solver converting them, in every
guide. Sparse, the same answers (the hand-worked cases are in test_disclosure_counts.py and
the docstring).
"""

from __future__ import annotations

import tracemalloc

import numpy as np

from timestudy.guide.diary import QUANTILE_OF, counts_possible


def test_thousands_of_workers_take_no_dense_square_matrix():
    """4,000 shares: a dense identity alone is 4,000 x 4,000 x 8 bytes = 128 MB; the sparse
    constraints need about 2 x 4,000 entries. The counts in question (under 5, or all but
    fewer than 5) are none here: 25% of the shares are under 0.9, far from 80%."""
    n = 4000
    share = np.sort(np.random.default_rng(1).beta(6, 1, n))
    quantiles = {k: float(np.round(np.quantile(share, p), 6)) for k, p in QUANTILE_OF.items()}
    among = [c for c in range(n + 1) if c < 5 or n - c < 5]
    tracemalloc.start()
    try:
        found = counts_possible(quantiles, n, 0.8, among)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == set()
    assert peak < 32 * 2**20, f"{peak / 2**20:.0f} MiB"


def test_a_count_under_five_is_found_possible_among_many():
    """3 of 1,000 shares at 0.5, the rest 1.0: the quartiles are all 1.0 and leave any count
    from 0 to 249 under 80% possible (the lower quartile is 0.25 s[249] + 0.75 s[250]:
    the 249 lowest may be anything); among the banded counts, 0-4 are possible, 996-1,000
    are not."""
    n = 1000
    quantiles = {"p25": 1.0, "median": 1.0, "p75": 1.0}
    among = [c for c in range(n + 1) if c < 5 or n - c < 5]
    assert counts_possible(quantiles, n, 0.8, among) == {0, 1, 2, 3, 4}
