"""Data of the stats tests: the committed data sets and R's reference values.

The data sets and ``r_reference.json`` are written by ``benchmarks/r_reference.py``
(R 4.2.2, lme4 1.1-31, glmmTMB 1.1.5, sandwich 3.0-2, clubSandwich 0.5.8), so
these tests need no R.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
DATASETS = ("panel", "singular", "unbalanced")


@cache
def dataset(name: str) -> dict:
    """Arrays of one data set: X, names, g, y, hours, w, off, y_count (z1 if any)."""
    with np.load(FIXTURES / f"{name}.npz") as f:
        return {k: f[k] for k in f.files}


@cache
def reference() -> dict:
    return json.loads((FIXTURES / "r_reference.json").read_text())


@cache
def tweedie_power_fit(name: str):
    """The Tweedie GLM with its power profiled (slow: shared by the tests that need it)."""
    from timestudy.stats import fit_glm

    d = dataset(name)
    return fit_glm(d["hours"], d["X"], family="tweedie", offset=d["off"])


def close(actual, expected, rtol: float, atol: float = 0.0) -> None:
    """``assert_allclose`` with the largest relative difference in the message."""
    a, e = np.atleast_1d(np.asarray(actual, float)), np.atleast_1d(np.asarray(expected, float))
    np.testing.assert_allclose(a, e, rtol=rtol, atol=atol)
