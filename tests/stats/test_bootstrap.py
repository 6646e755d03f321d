"""The vectorised worker-cluster bootstrap against an explicit loop."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.stats.bootstrap import (
    median_draws,
    percentile_interval,
    ratio_draws,
    weighted_median,
    worker_draws,
)


def test_ratio_draws_equal_a_loop_over_resamples():
    rng = np.random.default_rng(1)
    num, den = rng.gamma(2, 3, (7, 3)), rng.gamma(2, 1, (7, 3))
    draws = worker_draws(7, 50, seed=3)
    fast = ratio_draws(num, den, draws)
    for b in range(50):
        chosen = np.repeat(np.arange(7), draws[b].astype(int))
        expected = num[chosen].sum(0) / den[chosen].sum(0)
        np.testing.assert_allclose(fast[b], expected)


def test_draws_are_reproducible_and_resample_all_workers():
    a, b = worker_draws(10, 20, seed=5), worker_draws(10, 20, seed=5)
    np.testing.assert_array_equal(a, b)
    assert (a.sum(axis=1) == 10).all()
    assert not np.array_equal(a, worker_draws(10, 20, seed=6))


def test_weighted_median_by_hand():
    values = np.array([5.0, 1.0, 3.0, 9.0])
    assert weighted_median(values, np.ones((1, 4)))[0] == 3.0
    assert weighted_median(values, np.array([[0, 0, 0, 1.0]]))[0] == 9.0
    assert weighted_median(values, np.array([[0, 3.0, 1, 1]]))[0] == 1.0


@pytest.mark.parametrize(("n", "groups", "whole"), [
    (40, 8, False),  # few clusters: each cluster's weight at each value (sufficient stats)
    (300, 60, True),  # whole minutes, ties: sufficient statistics
    (60, 50, False),  # many clusters and distinct values: the rows weighted directly
])
def test_median_draws_equal_a_loop(n, groups, whole):
    rng = np.random.default_rng(2)
    x = rng.gamma(2, 20, n)
    x = np.round(x) if whole else x
    cluster = rng.integers(0, groups, n)
    draws = worker_draws(groups, 30, seed=1)
    fast = median_draws(x, cluster, np.ones(n), draws, chunk=7)
    for b in range(30):
        w = draws[b][cluster]
        rep = np.repeat(x, w.astype(int))
        if len(rep):
            # lower weighted median: the smallest value with half the weight at or below it
            srt = np.sort(rep)
            assert fast[b] == srt[(len(srt) - 1) // 2]


def test_percentile_interval_ignores_undefined_replicates():
    draws = np.array([[1.0], [2.0], [np.nan], [3.0]])
    lo, hi = percentile_interval(draws, 0.5)
    assert 1.0 <= lo[0] <= hi[0] <= 3.0


@pytest.mark.parametrize("whole", [True, False])
def test_median_draws_paths_agree_with_weighting_the_rows(whole):
    # many clusters and values against the rows: the sparse product (whole weights) or
    # the rows weighted directly (other weights) give the medians of weighting each row
    rng = np.random.default_rng(4)
    n, groups = 500, 400
    x = np.round(rng.gamma(2, 20, n))
    cluster = rng.integers(0, groups, n)
    weight = rng.integers(1, 4, n).astype(float) if whole else rng.uniform(0.5, 2.0, n)
    draws = worker_draws(groups, 40, seed=2)
    fast = median_draws(x, cluster, weight, draws, chunk=9)
    slow = weighted_median(x, draws[:, cluster] * weight)
    np.testing.assert_array_equal(fast, slow)


def test_seeded_draws_made_once_are_independent_copies():
    a = worker_draws(30, 20, seed=11)
    a[:] = -1.0  # a caller writing into its draws changes no one else's
    b = worker_draws(30, 20, seed=11)
    fresh = np.random.default_rng(11).multinomial(30, np.full(30, 1 / 30), size=20)
    np.testing.assert_array_equal(b, fresh.astype(float))
    assert worker_draws(30, 20, seed=None).shape == (20, 30)
