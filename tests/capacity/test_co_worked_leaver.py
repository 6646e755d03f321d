"""A co-worked case one of whose holders has left is read the same whichever holder is
written first (fix27a's finding; fix27d).

``capacity/in_post.staff_on`` looked at the first-named holder alone:

* ``'L; A'`` (L left before the caseload day): the whole case was held by no one, though A,
  in post, co-works it (the headline's "1 case no worker holds");
* ``'A; L'``: A kept half of it and L, a leaver the workers table lists, was called "not in
  the workers table" with the other half (the headline's "0.5 cases held by workers not in
  the workers table"), with a statement of their own and no status.

Now a leaver is dropped from the case's holders, the holder still in post takes the first
place, and the case's hours are shared equally among the holders in post: the one left
holds it whole. The data schema reads a co-worked case as "on each co-worker's caseload with
an equal share of its hours" (``capacity.holders.co_held``): with one co-worker gone, the
case is the other's alone, as a case listed with one holder is; the case counts once,
never half of it on a leaver nor lost unsaid. A case none of whose holders is in post is
held by no one, as a leaver's own case is.

By hand on ``_guides.hand_guide`` (100 h for casework per FTE-month, "should" CIN 5 and
CP 12 h a case-month), caseload day 2026-03-13: A (1.0 FTE) co-works K (CP) with L (1.0
FTE, left 2026-03-01) and holds c1 (CIN); B (0.5 FTE) holds c2 (CP).

* After, both orders: A 12 + 5 = 17 h of 100 (load 0.17), B 12 of 50 (0.24); no case
  without a holder, none held by a worker not listed; 29 h needed, 0.29 FTE; 3 cases held
  over 1.5 FTE in post (2.0 per FTE).
* Before: ``'L; A'`` A 5 h (0.05) and K unallocated (12 h); ``'A; L'`` A 6 + 5 = 11 h (0.11),
  L a row of 6 h with no FTE.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import headline, weighted_load
from timestudy.capacity.in_post import staff_on
from timestudy.errors import DataQualityWarning

ON = "2026-03-13"
WORKERS = pd.DataFrame({"worker_id": ["A", "B", "L"], "fte": [1.0, 0.5, 1.0],
                        "team": ["N", "S", "N"],
                        "left": pd.to_datetime([None, None, "2026-03-01"])})


def _caseload(lead: str, co: str) -> pd.DataFrame:
    """K co-worked by ``lead`` and ``co`` (as the cases table's reader writes it), c1 A's,
    c2 B's."""
    return pd.DataFrame({"case_id": ["K", "c1", "c2"], "case_type": ["CP", "CIN", "CP"],
                         "worker_id": [lead, "A", "B"],
                         "co_workers": pd.array([co, None, None], dtype="string")})


BOTH = pytest.mark.parametrize("lead,co", [("L", "A"), ("A", "L")], ids=["L; A", "A; L"])


@BOTH
def test_the_holder_in_post_holds_the_case_whichever_is_first(lead, co):
    with pytest.warns(DataQualityWarning) as said:
        held, staff = staff_on(_caseload(lead, co), WORKERS, ON)
    assert held["worker_id"].tolist() == ["A", "A", "B"]
    assert held["co_workers"].isna().all()
    assert staff["worker_id"].tolist() == ["A", "B"]
    text = " ".join(str(w.message) for w in said)
    assert "1 co-worked case names a holder not in post on 2026-03-13" in text
    assert "L not in post, A holds it" in text
    assert "its hours shared equally among them (one left: the whole case)" in text


@BOTH
def test_loads_and_headline_are_the_same_both_ways(lead, co):
    """A 17 h (0.17), B 12 h (0.24); 29 h, 0.29 FTE needed; 3 cases over 1.5 FTE."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held, staff = staff_on(_caseload(lead, co), WORKERS, ON)
        wl = weighted_load(hand_guide(), held, staff)
        h = headline(hand_guide(min_workers=1), held, staff)
    t = wl.table
    assert t.index.tolist() == ["A", "B"]  # L: no row ('A; L' before: a row of 6 h, no FTE)
    assert t["hours_needed_per_month"].tolist() == pytest.approx([17.0, 12.0])  # A: 5 or 11
    assert t["load"].tolist() == pytest.approx([0.17, 0.24])
    assert wl.unallocated_cases == 0  # 'L; A' before: 1
    assert (h["unallocated_cases"], h["unlisted_cases"]) == (0, 0)  # 'A; L' before: 0, 0.5
    assert h["fte_needed"]["estimate"] == pytest.approx(0.29)
    assert h["fte_in_post"] == pytest.approx(1.5)
    assert h["held_cases_per_fte"] == pytest.approx(2.0)


def test_three_holders_one_gone_share_between_the_two_in_post():
    """K written 'L; A; B': A and B hold half each (6 h): A 6 + 5 = 11, B 6 + 12 = 18."""
    c = _caseload("L", "A; B")
    with pytest.warns(DataQualityWarning, match="case 'K': L not in post, A and B hold it"):
        held, staff = staff_on(c, WORKERS, ON)
    assert held.loc[0, ["worker_id", "co_workers"]].tolist() == ["A", "B"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = weighted_load(hand_guide(), held, staff).table
    assert t["hours_needed_per_month"].tolist() == pytest.approx([11.0, 18.0])


def test_no_holder_in_post_leaves_the_case_held_by_no_one_and_said():
    """K written 'L; M', both gone: held by no one (12 h unallocated), counted once."""
    w = pd.concat([WORKERS, pd.DataFrame({"worker_id": ["M"], "fte": [1.0], "team": ["S"],
                                          "left": pd.to_datetime(["2026-03-02"])})])
    with pytest.warns(DataQualityWarning, match="1 with no holder in post is held by no one"):
        held, staff = staff_on(_caseload("L", "M"), w, ON)
    assert held["worker_id"].tolist()[0] is None and pd.isna(held["co_workers"].iloc[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wl = weighted_load(hand_guide(), held, staff)
    assert wl.unallocated_cases == 1
    assert wl.table["hours_needed_per_month"].tolist() == pytest.approx([5.0, 12.0])


def test_a_co_worked_case_with_every_holder_in_post_is_untouched():
    c = _caseload("A", "B")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning
        held, _ = staff_on(c, WORKERS, ON)
    assert held["worker_id"].tolist() == ["A", "A", "B"]
    assert held["co_workers"].tolist()[0] == "B"


def test_warn_false_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        held, _ = staff_on(_caseload("L", "A"), WORKERS, ON, warn=False)
    assert held["worker_id"].tolist() == ["A", "A", "B"]


def test_a_caseload_indexed_otherwise_is_changed_by_position():
    """Rows kept in their place whatever the caseload's index (a filtered table's)."""
    c = _caseload("L", "A; B").set_axis([10, 5, 7])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        held, _ = staff_on(c, WORKERS, ON)
    assert held.loc[10, ["worker_id", "co_workers"]].tolist() == ["A", "B"]
    assert held.loc[[5, 7], "worker_id"].tolist() == ["A", "B"]
