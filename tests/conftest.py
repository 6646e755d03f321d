"""Seeded fixtures built from the simulator, shared by every test module."""

from __future__ import annotations

import matplotlib
import pytest
from hypothesis import settings

from timestudy import simulate_study

matplotlib.use("Agg")

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def study():
    """A 40-worker, 4-week simulated study (seed 11)."""
    return simulate_study(n_workers=40, weeks=4, seed=11)


@pytest.fixture(scope="session")
def small_study():
    """A 6-worker, 1-week simulated study (seed 3), for fast checks."""
    return simulate_study(n_workers=6, weeks=1, seed=3)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
