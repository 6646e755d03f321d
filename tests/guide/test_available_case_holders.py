"""The hours available are withheld when fewer than 5 case-holding workers give them.

Review of the stop: with the hours for casework measured over the case-holding workers only
(a role at share 0 left out), a study of 9 workers, 6 of them managers at ``manager=0``,
published hours worked 48.16, non-case 8.81 and available 28.19 h per FTE-week resting on
3 workers; only the study's 9 were checked against the threshold.
"""

from __future__ import annotations

import warnings

from timestudy import simulate_study
from timestudy.pipeline import run_study


def test_available_hours_from_three_case_holders_are_withheld():
    s = simulate_study(n_workers=9, weeks=2, seed=3)
    workers = s.workers.assign(role=["manager"] * 6 + ["social_worker"] * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = run_study(s.diary, s.cases, workers, n_boot=19, roles={"manager": 0}).guide
    assert g.meta["n_workers"] == 9
    assert g.meta["available_assumptions"]["case_holding_workers"] == 3
    assert g.available.isna().all().all()
    (why,) = [x.reason for x in g.suppressed if x.table == "available"]
    assert why == "fewer than 5 case-holding workers"  # no count (audit25f)
    assert g.meta["headline"] is None or g.meta["headline"].get("fte_needed") is None
