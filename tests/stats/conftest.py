"""Pytest fixtures of the stats tests (the helpers live in ``stats_data``)."""

from __future__ import annotations

import pytest
from stats_data import DATASETS


@pytest.fixture(params=DATASETS)
def name(request) -> str:
    """Each committed data set in turn: panel, singular, unbalanced."""
    return request.param
