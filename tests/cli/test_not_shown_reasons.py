"""The console's "not shown" line gives each withheld figure its own reason (audit26).

With ``--min-workers 1`` the guide withheld one figure, the regression cross-check of case
notes, for a negative estimate; the console said "1 figure resting on too few workers
(fewer than 1 ...)", a reason that cannot be. Now the figures withheld for too few workers
are counted apart from those withheld for another reason.
"""

from __future__ import annotations

from timestudy.cli.guide import _not_shown
from timestudy.guide.disclosure import Suppressed

FEW = Suppressed("tasks", "court_hearing", "fewer than 5 workers")
NEGATIVE = Suppressed("tasks.full_hours_regression", "case_notes",
                      "the regression estimate is negative (0.00 h, interval 0.00 to 0.00)")


def test_a_negative_estimate_is_not_too_few_workers():
    said = _not_shown([NEGATIVE], 1)
    assert "too few workers" not in said and "fewer than 1" not in said
    assert said == "not shown: 1 figure for another reason (listed in the report)"


def test_both_kinds_counted_apart():
    said = _not_shown([FEW, FEW, NEGATIVE], 5)
    assert said == ("not shown: 2 figures resting on too few workers (fewer than 5; listed in "
                    "the report); 1 figure for another reason")
