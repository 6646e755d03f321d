"""A statement's basis says uplifts only where the guide was given some (audit29).

Without uplifts a guide's should figures are its measured ones; the statements said "should
figures (measured hours with the uplifts for what the work needs)" all the same. The command
line's summary already said "measured; no uplifts were given": one rule now
(:func:`timestudy.guide.uplifted.has_uplifts`) for both.
"""

from __future__ import annotations

import warnings

from timestudy import workload_statements
from timestudy.errors import TimestudyWarning
from timestudy.guide.uplifted import has_uplifts


def _basis(s, run) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        st = workload_statements(run.guide, s.cases, s.workers, date="2026-04-01")
    return st[0].basis


def test_no_uplifts_says_the_should_figures_are_the_measured_ones(six_run):
    s, run = six_run
    assert not has_uplifts(run.guide)
    basis = _basis(s, run)
    assert "should figures, which are the measured ones (no uplifts were given)" in basis
    assert "with the uplifts" not in basis
