"""The should evidence as printed (should_evidence.md) withholds what rests on too few.

Audit of the should figures (/tmp/audit6): should_evidence.md printed PROCEEDINGS' hours of
cases that met the standard, 25.78 h from 4 workers (and not met, 20.05 from 2), though the
evidence row itself was withheld; and a survey task with 4 respondents, suppressed, still
showed `review: True`, which tells that at least 3 of the 4 lacked time.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy import simulate_study
from timestudy.guide import build_guide
from timestudy.guide.should import should_evidence
from timestudy.models import fit_study
from timestudy.models.sufficiency import sufficiency


def test_a_suppressed_survey_task_does_not_say_review():
    s = pd.DataFrame({"respondent_id": list("abcd"), "task_type": "core_group",
                      "sufficient": [False, False, False, True],
                      "extra_minutes": [30.0, 10.0, 20.0, 0.0]})
    t = sufficiency(s, pd.Series({"core_group": 100.0}), min_respondents=5, n_boot=19).table
    assert bool(t.loc["core_group", "suppressed"])
    assert pd.isna(t.loc["core_group", "review"])  # was True
    shown = sufficiency(s, pd.Series({"core_group": 100.0}), min_respondents=4, n_boot=19)
    assert bool(shown.table.loc["core_group", "review"])


def test_the_nccd_table_hides_figures_from_too_few_workers():
    sim = simulate_study(n_workers=12, weeks=4, seed=3)
    ep = sim.diary.rename(columns={"true_task_type": "task_type",
                                   "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = fit_study(ep, sim.cases, sim.workers, n_boot=19, sensitivity=False)
        g = build_guide(m)
        ev = should_evidence(g, m, standards="england")
    by = ev.standards_met.by_type
    for status in ("met", "not_met"):
        few = by[f"n_workers_{status}"] < 5
        hidden = by.loc[few, f"hours_per_case_month_{status}"]
        assert hidden.isna().all()
    withheld = g.case_types.index[g.case_types["hours_per_case_month"].isna()]
    assert by.reindex(withheld)[["share_met", "hours_per_case_month_met"]].isna().all().all()
    assert np.isfinite(by["share_met"]).any()
