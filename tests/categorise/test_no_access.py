"""A visit that did not happen is its own task type, ``no_access_visit`` (audit 10).

With the shipped taxonomy, "No access - Green" and "NA - family not in" were
uncategorised and the journeys to and from them went to an uncategorised piece; "SV - no
access" and "no answer at door" were statutory visits, counted as visits made by the
practice standards. A failed visit is real work on the case (the journey there and back,
the time at the door) but not a visit made: direct work, case-linked, with its journeys,
and in no standard's list of visits.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import categorise, load_taxonomy
from timestudy.models.standards import pieces_due
from timestudy.panels.attribution import return_journeys
from timestudy.panels.pieces import pieces_of_work
from timestudy.schema.standards import read_standards

UK = load_taxonomy("uk_children_social_work")

#: Audit 10's phrases (phr.csv) and the common words for a visit that did not happen.
NO_ACCESS = [
    "No access - Green",
    "no reply at door",
    "attempted home visit - no answer",
    "unannounced visit - nobody home",
    "NA - family not in",
    "Visit cancelled - no access",
    "SV - no access",
    "CLA visit - no reply",
    "SV - no answer",
    "no answer at door",
    "no answer at home",
    "No access visit",
    "no access to the property",
    "SV - no access for the second time",
    "failed visit",
    "attempted visit",
    "tried to visit mum",
    "unable to gain access",
    "could not gain access",
    "couldn't get in",
    "mum not in",
    "family not at home",
    "YP not home",
    "carer not in when visited",
    "child not at home",
    "Nobody answered the door",
    "no one home",
    "nobody in",
    "N/A visit",
    "NA SV",
    "NA visit Jones",
    "NA - Green",
    "NA - Smith-Jones family",
    "no answer",
    "not at home",
    "DNA",
]

#: Texts that mention the same words but are something else: what each is.
NOT_NO_ACCESS = {
    "N/A": "uncategorised",
    "n/a": "uncategorised",
    "NA": "uncategorised",
    "NA - leave": "uncategorised",
    "NA - see notes": "case_notes",
    "no reply to email": "email_admin",
    "no reply from school": "professional_liaison",
    "not in school": "uncategorised",
    "child not in school": "uncategorised",
    "mum not in attendance": "uncategorised",
    "parents not in agreement": "uncategorised",
    "no access to children": "uncategorised",
    "DNA test - Smith": "uncategorised",
    "rang mum - no answer": "family_contact",
    "chased school - no reply": "professional_liaison",
    "visited mum - no reply to text": "statutory_visit",
    "core group - dad DNA": "core_group",
    "write up no access visit": "case_notes",
    "travel to SV - no access": "travel",
    "LCS - no access": "it_problems",
    "no access to LCS": "it_problems",
    "no access to email": "it_problems",
    "no system access": "it_problems",
    "no access on Mosaic": "it_problems",
    "SV - Smith": "statutory_visit",
    "unannounced visit - Khan": "unannounced_visit",
    "home visit - Okafor (CP)": "statutory_visit",
}


def task_types(texts) -> list[str]:
    return categorise(pd.DataFrame({"activity": list(texts)}), UK)["task_type"].tolist()


def test_the_task_type_is_direct_case_work_and_not_a_call():
    assert UK.category_of["no_access_visit"] == "direct_work"
    t = next(t for t in UK.task_types if t.id == "no_access_visit")
    assert (t.label, t.case_linked, t.call) == ("Visit attempted, no access", True, False)
    assert UK.link_within_days.get("no_access_visit", 0) == 0  # an event of one day


@pytest.mark.parametrize("text", NO_ACCESS)
def test_words_for_a_visit_that_did_not_happen(text):
    assert task_types([text]) == ["no_access_visit"]


@pytest.mark.parametrize(("text", "expected"), list(NOT_NO_ACCESS.items()))
def test_the_same_words_about_something_else(text, expected):
    assert task_types([text]) == [expected]


def diary(back_case: str | None) -> pd.DataFrame:
    """Travel 09:00-09:30 to case C2, no access 09:30-09:45, travel back 09:45-10:15."""
    return pd.DataFrame(
        {
            "worker_id": "W01",
            "case_id": ["C2", "C2", back_case],
            "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:30", "2026-03-09 09:45"]),
            "duration_min": [30.0, 15.0, 30.0],
            "activity": ["travel to Green family", "No access - Green", "travel back to office"],
        }
    )


@pytest.mark.parametrize("back_case", ["C2", None])
def test_the_journeys_belong_to_the_failed_visit(back_case):
    """One piece with full time on C2, the failed visit: direct 15, linked 30 + 30 = 60, full 75.

    By hand: the journey out (09:00-09:30, C2) leads to the sitting just after it on its
    case; the journey back (09:45-10:15) returns from the sitting just before it, on C2
    as written or, written without a case, as the return journey of a visit a journey
    on C2 led to. With the old taxonomy the sitting was ``uncategorised`` and so was
    the piece the 60 minutes of travel went to.
    """
    ep = return_journeys(categorise(diary(back_case), UK))
    assert ep["task_type"].tolist() == ["travel", "no_access_visit", "travel"]
    assert ep["case_id"].tolist() == ["C2", "C2", "C2"]
    p = pieces_of_work(ep, link_within_days=UK.link_within_days, calls=UK.calls)
    assert p["full_min"].sum() == 75.0  # no minute lost or counted twice
    own = p.loc[p["primary"]]  # the travel, all attributed, has no full time of its own
    assert len(own) == 1
    row = own.iloc[0]
    assert (row["case_id"], row["task_type"], row["category"]) == (
        "C2",
        "no_access_visit",
        "direct_work",
    )
    assert (row["direct_min"], row["linked_travel_min"], row["full_min"]) == (15.0, 60.0, 75.0)


def test_a_failed_visit_is_not_a_visit_made():
    """A CP case is due a visit every 10 working days: 2 due in 2-29 March 2026 (the
    ``pieces_due`` example). Seen on 3 March, no access on 17 March: 1 done, not met.
    The old taxonomy read "SV - no access" as a statutory visit: 2 done, met."""
    texts = ["SV - Green", "SV - no access"]
    cm = pd.DataFrame(
        {
            "case_id": ["A"],
            "case_type": ["CP"],
            "worker_id": ["W1"],
            "opened": pd.to_datetime(["2020-01-01"]),
            "closed": pd.NaT,
            "case_months": [0.92],
        }
    )
    inst = pd.DataFrame(
        {
            "case_id": ["A", "A"],
            "task_type": task_types(texts),
            "diary_date": pd.to_datetime(["2026-03-03", "2026-03-17"]),
        }
    )
    p = pieces_due(cm, inst, read_standards(), ("2026-03-02", "2026-03-29"))
    visit = p.loc[p["piece"] == "statutory_visit", ["due", "done", "met"]].values.tolist()
    assert visit == [[2.0, 1.0, False]]
