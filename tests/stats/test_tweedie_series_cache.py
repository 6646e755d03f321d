"""The Tweedie series kept for one ``y`` and dispersion gives the same log-densities, to the bit.

The series depends on ``y``, ``phi`` and ``p`` only; the GLMM's Hessian steps in the
coefficients and its quadrature nodes change the mean alone, so they reuse it.
"""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.stats import families as fam


def _data(n=70_000, seed=3):  # more than one block of rows (fam._BLOCK)
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.1, 0.0, rng.gamma(2.0, 3.0, n))
    return y, rng.uniform(1.0, 9.0, n), rng.uniform(1.0, 9.0, n)


def test_kept_series_gives_the_same_numbers_and_is_summed_once(monkeypatch):
    y, mu1, mu2 = _data()
    calls = []
    real = fam._tweedie_series
    monkeypatch.setattr(fam, "_tweedie_series", lambda *a: calls.append(1) or real(*a))
    cache: dict = {}
    first = fam.loglik_dphi(y, mu1, 1.7, 1.4, cache)
    n_blocks = len(calls)
    assert n_blocks == -(-len(y) // fam._BLOCK)
    again = fam.loglik_dphi(y, mu2, 1.7, 1.4, cache)  # another mean, the same phi
    assert len(calls) == n_blocks  # not summed again
    rows = fam.loglik_rows(y, mu2, 1.7, 1.4, cache)
    assert len(calls) == n_blocks
    fresh = fam.loglik_dphi(y, mu2, 1.7, 1.4)
    for a, b in zip(again, fresh, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(rows, fresh[0])
    np.testing.assert_array_equal(first[0], fam.loglik_rows(y, mu1, 1.7, 1.4))


@pytest.mark.parametrize(("phi", "p"), [(1.9, 1.4), (1.7, 1.5)])
def test_another_dispersion_or_power_is_summed_anew(phi, p):
    y, mu1, _ = _data(5_000)
    cache: dict = {}
    fam.loglik_dphi(y, mu1, 1.7, 1.4, cache)
    for a, b in zip(fam.loglik_dphi(y, mu1, phi, p, cache), fam.loglik_dphi(y, mu1, phi, p),
                    strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_dispersion_per_row_is_never_kept():
    y, mu1, mu2 = _data(5_000)
    phi = np.linspace(1.0, 2.0, len(y))
    cache: dict = {}
    fam.loglik_dphi(y, mu1, phi, 1.4, cache)
    assert cache == {}
    np.testing.assert_array_equal(fam.loglik_rows(y, mu2, phi, 1.4, cache),
                                  fam.loglik_rows(y, mu2, phi, 1.4))
