"""Evidence about types the study does not have is said, never dropped (audit23s, 5 and 6).

Before: a standard for YOUTH (no YOUTH case in the study) left no row and no word; a
Delphi item for YOUTH or life_story_work (not a task type of uk_children_social_work,
41 task types) was listed ``eligible: True`` with only "IQR as interval"; and a standard
naming ``statutory_visti`` was said to have its "hours per piece suppressed in the guide,
measured hours kept", though no such task type exists.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.guide import build_guide
from timestudy.guide.should import should_evidence
from timestudy.models import fit_study
from timestudy.schema.standards import standards_from_dict


@pytest.fixture(scope="module")
def guide():
    sim = simulate_study(n_workers=12, weeks=4, seed=3)
    ep = sim.diary.rename(columns={"true_task_type": "task_type",
                                   "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_guide(fit_study(ep, sim.cases, sim.workers, n_boot=19,
                                     sensitivity=False),
                           taxonomy="uk_children_social_work")


def _std(case_types):
    return standards_from_dict({"standards_version": 1, "name": "t", "source": "s",
                                "case_types": case_types})


def _piece(task):
    return [{"piece": "visit", "task_types": [task], "every": "2 weeks", "source": "x"}]


def test_a_standard_for_a_case_type_not_in_the_study_gets_a_row_saying_so(guide):
    std = _std({"CP": _piece("statutory_visit"), "YOUTH": _piece("statutory_visit")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = should_evidence(guide, standards=std).table
    y = t.loc[t["item"] == "YOUTH"]
    assert len(y) == 1  # was 0
    assert not y["eligible"].iloc[0] and not y["chosen"].iloc[0]
    assert y["note"].iloc[0] == ("YOUTH is not a case type of this study (no case of it): "
                                 "its standard is not used")


def test_delphi_items_for_unknown_types_are_not_eligible_and_say_why(guide):
    rows = [(f"E{i}", 1, t, c, m, h) for i in range(1, 6) for t, c, m, h in (
        ("", "YOUTH", None, 10.0), ("life_story_work", "", 60.0, None))]
    panel = pd.DataFrame(rows, columns=["expert_id", "round", "task_type", "case_type",
                                        "minutes_per_piece", "hours_per_case_month"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = should_evidence(guide, delphi=panel).table.set_index("item")
    assert not t.loc["YOUTH", "eligible"] and not t.loc["life_story_work", "eligible"]
    assert t.loc["YOUTH", "note"].startswith("YOUTH is not a case type of this study")
    assert t.loc["life_story_work", "note"].startswith(
        "life_story_work is not a task type of the taxonomy uk_children_social_work")


def test_a_misspelt_task_type_in_a_standard_is_named_with_the_nearest(guide):
    std = _std({"CIN": _piece("statutory_visti")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = should_evidence(guide, standards=std).table
    note = t.loc[t["item"] == "CIN", "note"].iloc[0]
    assert ("standard for visit: statutory_visti is not a task type of the taxonomy "
            "uk_children_social_work (did you mean statutory_visit?)") in note
    assert "suppressed" not in note  # was "hours per piece suppressed in the guide"
