"""Fixtures for the ingest tests: small simulated studies and a helper to write files."""

from __future__ import annotations

import warnings

import pytest

from timestudy import simulate_study
from timestudy.errors import DataQualityWarning


@pytest.fixture(scope="session")
def faulty_study():
    """A 10-worker, 1-week study with 5% of diary rows corrupted on purpose (seed 21)."""
    return simulate_study(n_workers=10, weeks=1, seed=21, faults=0.05)


@pytest.fixture(scope="session")
def clean_study():
    """A 5-worker, 1-week clean study (seed 4)."""
    return simulate_study(n_workers=5, weeks=1, seed=4)


@pytest.fixture(autouse=True)
def _quiet_quality_warnings():
    """DataQualityWarning is tested explicitly where it matters; elsewhere it is noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        yield
