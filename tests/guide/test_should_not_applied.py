"""Survey answers that cannot be applied are said; uplifts on non-case work reach capacity.

Audit 6: a survey row about case notes (no time per piece of their own: their time is in the
pieces they belong to) had no figure and a terse note; an uplift on supervision (non-case
work) changed no hours available, capacity or FTE needed, and nothing said so. Since
branch noncase the uplift is applied: the should hours for casework lose 0.54 x (1.335 - 1)
h per FTE-week, and every output says so.

Study: simulate_study(n_workers=12, weeks=4, seed=2). Supervision takes 1.4929 h a piece
and 0.54 h per FTE-week, all of it non-case; case notes have no time per piece. Survey: five
respondents all lack time, 30 minutes more a supervision, 10 more a case note: supervision's
uplift 1 + 30 / (1.4929 x 60) = 1.335.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.errors import TimestudyWarning
from timestudy.guide import build_guide
from timestudy.guide.should import apply_evidence, should_evidence
from timestudy.models import fit_study

SAID = "Uplifts on non-case work (supervision) are applied to the hours available"
SURVEY = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(5)] * 2,
                       "task_type": ["supervision"] * 5 + ["case_notes"] * 5,
                       "sufficient": "no", "extra_minutes": [30.0] * 5 + [10.0] * 5})


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=12, weeks=4, seed=2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = fit_study(ep, s.cases, s.workers, n_boot=19, sensitivity=False)
        return build_guide(m), m


def test_a_case_notes_answer_is_kept_and_says_why_it_is_not_applied(study):
    g, m = study
    ev = should_evidence(g, m, survey=SURVEY)
    row = ev.table.set_index("item").loc["case_notes"]
    assert not row["eligible"] and not row["chosen"]
    assert "not applied: the guide has no time per piece of case_notes" in row["note"]
    assert "counted in the pieces of work it belongs to" in row["note"]
    assert any(e["item"] == "case_notes" and "not applied" in e["note"]
               for e in ev.adjustments().evidence)


def test_a_non_case_uplift_is_said_everywhere_and_applied_to_capacity(study):
    g, m = study
    ev = should_evidence(g, m, survey=SURVEY)
    row = ev.table.set_index("item").loc["supervision"]
    assert row["chosen"] and row["uplift"] == pytest.approx(1 + 30 / (1.492857 * 60), rel=1e-4)
    assert "applied to the hours available for casework" in row["note"]
    assert "not applied" not in row["note"]
    assert ev.non_case == ("supervision",)
    assert SAID in ev.adjustments().notes and SAID in ev.to_markdown()
    with pytest.warns(TimestudyWarning, match=r"non-case work \(supervision\)"):
        g2 = apply_evidence(g, m, survey=SURVEY)
    assert g2.tasks.loc["supervision", "uplift"] == pytest.approx(row["uplift"], abs=1e-4)
    # applied (was: unchanged): 0.54 h of supervision per FTE-week x (uplift - 1) less
    extra = g.tasks.loc["supervision", "non_case_hours_per_fte_week"] * (row["uplift"] - 1)
    weeks = g.available.loc["working_weeks_per_year", "estimate"]
    assert g2.available_hours_per_fte_month == pytest.approx(
        g.available_hours_per_fte_month - extra * weeks / 12, rel=1e-4)
    assert g2.available.loc["available_case_hours_per_fte_week", "estimate"] == \
        g.available.loc["available_case_hours_per_fte_week", "estimate"]  # measured: as was
    assert SAID in g2.adjustments.notes


def test_a_case_uplift_alone_says_nothing_about_non_case_work(study):
    g, m = study
    visits = SURVEY.assign(task_type=["statutory_visit"] * 5 + ["chronology"] * 5)
    ev = should_evidence(g, m, survey=visits)
    assert ev.non_case == () and "non-case" not in ev.adjustments().notes
