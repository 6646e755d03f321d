"""The order of a shuffled diary's key is found by one sort of key and position packed
together (:func:`timestudy.ingest.order.radix_order`), as a stable ``argsort`` gives it.

Shifting the key left and putting each row's position in the bits freed makes every
number different and keeps the key's order, ties in position order; NumPy's unstable sort
of them is then the stable order. Keys too wide for that are still sorted 16 bits at a time.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest import order as order_module
from timestudy.ingest.order import radix_order


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=300), st.sampled_from([1, 60, 2**40, 2**55]))
def test_packed_sort_is_a_stable_argsort(values, scale):
    key = np.array(values, np.int64) * scale  # ties aplenty; the widest fall back to digits
    got = radix_order(key)
    assert got.dtype == np.int64
    assert got.tolist() == np.argsort(key, kind="stable").tolist()


@pytest.mark.parametrize("high", [5_000 * 44_640, 2**40, 2**61])
def test_packed_sort_of_a_shuffled_diary_sized_key(high):
    key = np.random.default_rng(1).integers(0, high, 300_000)
    key[::7] = key[3]  # many rows on one key: their positions must stay in order
    assert (radix_order(key) == np.argsort(key, kind="stable")).all()


def test_a_diary_key_is_sorted_once_not_digit_by_digit(monkeypatch):
    # a worker code and a start in minutes over a month fit beside 1M positions: the rows
    # are put in order by one sort of the packed numbers, no counting sort of 16-bit digits
    key = np.random.default_rng(2).integers(0, 5_000 * 44_640, 1_000)
    want = np.argsort(key, kind="stable")

    def no_argsort(*args, **kwargs):
        raise AssertionError("sorted digit by digit")

    monkeypatch.setattr(order_module.np, "argsort", no_argsort)
    assert (radix_order(key) == want).all()
