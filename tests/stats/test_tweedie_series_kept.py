"""The Tweedie series of a dispersion that comes back is summed once (issue 18: the guide
in seconds): a GLMM's Hessian steps in the dispersion and back, and the series does not
depend on the mean, so a cache keeps the last few dispersions' series, to the same numbers."""

from __future__ import annotations

import numpy as np

from timestudy.stats import families as fam


def test_a_dispersion_that_comes_back_is_not_summed_again(monkeypatch):
    y, mu = np.array([0.0, 1.5, 2.0, 3.2, 7.0]), np.array([1.0, 2.0, 2.0, 3.0, 5.0])
    summed = []
    series = fam._tweedie_series

    def counted(*args):
        summed.append(float(args[1][0]))
        return series(*args)

    monkeypatch.setattr(fam, "_tweedie_series", counted)
    cache: dict = {}
    phis = (1.0, 1.1, 1.0, 0.9, 1.1, 1.0)
    got = [fam.loglik_dphi(y, mu, phi, 1.5, cache) for phi in phis]
    assert summed == [1.0, 1.1, 0.9]  # each dispersion once
    for phi, (ll, dphi) in zip(phis, got, strict=True):  # the same numbers as uncached
        want = fam.loglik_dphi(y, mu, phi, 1.5)
        np.testing.assert_array_equal(ll, want[0])
        np.testing.assert_array_equal(dphi, want[1])


def test_the_cache_keeps_only_the_last_few_dispersions():
    y, mu = np.array([1.5, 2.0]), np.array([2.0, 2.0])
    cache: dict = {}
    for phi in np.linspace(0.5, 2.0, 10):
        fam.loglik_rows(y, mu, phi, 1.5, cache)
    assert len(cache) == fam._KEPT
    assert [k[2] for k in cache] == list(np.linspace(0.5, 2.0, 10)[-fam._KEPT :])
