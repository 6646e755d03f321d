"""A statement's basis says uplifts where the guide was given some (audit29; the case without
uplifts is test_statement_basis_uplifts.py: the two use different shared study runs)."""

from __future__ import annotations

import warnings

from timestudy import workload_statements
from timestudy.errors import TimestudyWarning
from timestudy.guide.uplifted import has_uplifts


def test_uplifts_given_are_said(sim_run):
    s, run = sim_run  # the example adjustments.yaml
    assert has_uplifts(run.guide)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        st = workload_statements(run.guide, s.cases, s.workers, date="2026-04-01")
    assert "measured hours with the uplifts for what the work needs" in st[0].basis
