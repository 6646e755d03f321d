"""The guide's summary says why figures are hidden: how many rest on too few workers and how
many are withheld for another reason, from the same records as guide.json (audit28, finding 3).

The audit's study (:mod:`_audit28`): assessment write-up and the out-of-hours share rest on one
worker; the case notes' row (with the category shares) and the out-of-hours hours (the share in
another form) are withheld to protect them, and, since finding 1's rule, four matrix cells
(CIN's full visit cell and the three direct visit cells). On main the summary said "4 figures
suppressed (fewer than 5 workers)", where 2 were for too few workers and 2 to protect them, as
the console's line and ``guide.suppressed`` said.
"""

from __future__ import annotations

import pytest
from _audit28 import audit_guide


@pytest.fixture(scope="module")
def guide():
    return audit_guide()


def test_summary_says_both_reasons(guide):
    """4 records: assessment write-up and the out-of-hours share (fewer than 5 workers),
    the case notes' row and the out-of-hours hours (withheld to protect them), and the 4
    matrix cells the known-zero rule withholds now (secondary). On main: "4 figures
    suppressed (fewer than 5 workers)"."""
    few = sum(s.reason.startswith("fewer than") for s in guide.suppressed)
    other = len(guide.suppressed) - few
    assert (few, other) == (2, 6)
    lead = guide.to_markdown().split("\n\n")[2]
    assert lead == ("8 figures withheld: 2 resting on fewer than 5 workers and 6 for other "
                    "reasons, such as protecting those (each listed with its reason in "
                    "suppressed).")
