"""Every published should figure obeys the guide's withholding (audit23s, finding 1).

With the study's data read (``should --config``, ``guide --standards``), the evidence
computed PROCEEDINGS' should hours (3 workers) and CLA's (withheld as its complement)
and published them: "PROCEEDINGS | 22.85 | ... | 1.00 | 3" in should_evidence.md, and
"should 22.85 (8.30 to 62.89)" in report.md. With an uplift of 1.00 that is the measured
figure the guide withholds.

Here: simulate_study(n_workers=12, weeks=4, seed=3) has PROCEEDINGS held by 5 workers, so
a guide with ``min_workers=6`` withholds it (5 < 6; CLA, CP and CIN have 12 each). Before
the fix the standards_events row of PROCEEDINGS gave should 26.06 = 25.86 measured + 0.19
added (uplift 1.0075), eligible and chosen, and the events table printed 25.86 and 26.06.
After: the row keeps no figure (is, should, interval, uplift all blank), is neither
eligible nor chosen, its note is the guide's own reason, "fewer than 6 workers", and
the events table blanks PROCEEDINGS' figures but its head count (5 workers).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from timestudy import simulate_study
from timestudy.guide import build_guide
from timestudy.guide.should import apply_evidence, should_evidence
from timestudy.guide.should_withheld import FIGURES
from timestudy.models import fit_study


@pytest.fixture(scope="module")
def study():
    sim = simulate_study(n_workers=12, weeks=4, seed=3)
    ep = sim.diary.rename(columns={"true_task_type": "task_type",
                                   "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = fit_study(ep, sim.cases, sim.workers, n_boot=19, sensitivity=False)
        g = build_guide(m, min_workers=6)
    return m, g


def _hidden(g):
    return [k for k in g.reasons("case_types") if k != "*"]


def test_evidence_rows_of_a_withheld_case_type_keep_no_figure(study):
    m, g = study
    assert "PROCEEDINGS" in _hidden(g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = should_evidence(g, m, standards="england")
    t = ev.table.loc[ev.table["item"].isin(_hidden(g))]
    assert len(t) >= 2  # standards_met and standards_events of PROCEEDINGS at least
    assert t[list(FIGURES)].isna().all().all()  # was 26.06 should, 25.86 measured
    assert not t["eligible"].astype(bool).any() and not t["chosen"].astype(bool).any()
    proc = t.loc[t["item"] == "PROCEEDINGS", "note"]
    assert proc.str.startswith("withheld in the guide: fewer than 6 workers").all()
    assert "PROCEEDINGS" not in set(ev.summary()["item"])
    ev_t = ev.events.table
    assert ev_t.loc[_hidden(g), "should_hours_per_case_month"].isna().all()
    assert ev_t.loc[_hidden(g), "is_hours_per_case_month"].isna().all()
    assert ev_t.loc["PROCEEDINGS", "n_workers"] == 5
    assert np.isfinite(ev_t.loc["CP", "should_hours_per_case_month"])
    md = ev.to_markdown()
    for v in ("26.06", "25.86"):
        assert v not in md


def test_the_guide_built_with_evidence_does_not_publish_them(study):
    m, g = study
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = apply_evidence(g, m, standards="england")
    rows = [r for r in out.adjustments.evidence if r["item"] in _hidden(g)]
    assert rows and all(r["should_value"] is None and r["uplift"] is None for r in rows)
    assert "PROCEEDINGS" not in out.adjustments.case_type_totals
