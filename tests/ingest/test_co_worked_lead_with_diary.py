"""A co-worked case's figure must not depend on which co-worker is named first
(cowork26, review26's F5).

A co-worked case's case-months are on its first-named holder's diary days. With W3 listed
but keeping no diary, 'W1; W3' gave CP 42.1488 h per case-month and 'W3; W1' 21.0744: K's
3 h fell out as "case whose holder kept no diary" though W1, a co-holder, kept one.
:func:`~timestudy.ingest.co_worked.lead_with_diary` puts first the first co-holder who kept
a diary.

By hand (one diary day, Monday 2 March 2026: a case open that day is 1/21.0744 of a
case-month): W1 writes 1 h on K and 1 h on L, W2 2 h on K and 1 h on M; K (CP) is W1's and
W3's, L (CP) W1's, M (CIN) W2's. K on W1's diary day: CP (3 + 1) h over 2 case-days =
42.1488 either way round; K in no case-month (W3 first): L's 1 h alone, 21.0744.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.ingest.co_worked import lead_with_diary

T = pd.to_datetime
DIARY = pd.DataFrame({
    "worker_id": ["W1", "W1", "W2", "W2"], "activity": "visit", "case_id": ["K", "L", "K", "M"],
    "start": T(["2026-03-02 09:00", "2026-03-02 11:00", "2026-03-02 09:00", "2026-03-02 13:00"]),
    "end": T(["2026-03-02 10:00", "2026-03-02 12:00", "2026-03-02 11:00", "2026-03-02 14:00"])})
WORKERS = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": 1.0})


def _cases(lead: str, co: str) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["K", "L", "M"], "case_type": ["CP", "CP", "CIN"],
                         "worker_id": [lead, "W1", "W2"],
                         "co_workers": pd.array([co, None, None], dtype="string")})


def _cp(cases: pd.DataFrame) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(DIARY, cases, WORKERS, sensitivity=False, n_boot=19, min_workers=1)
    return round(float(run.guide.case_types.loc["CP", "hours_per_case_month"]), 4)


@pytest.mark.parametrize(("lead", "co"), [("W1", "W3"), ("W3", "W1")])
def test_the_case_months_are_on_a_co_holder_who_kept_a_diary(lead, co):
    """42.1488 either way round (before: 21.0744 with W3 first)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        moved = lead_with_diary(_cases(lead, co), DIARY["worker_id"].unique())
    assert moved.loc[0, ["worker_id", "co_workers"]].tolist() == ["W1", "W3"]
    assert bool(said) == (lead == "W3")
    assert _cp(moved) == 42.1488


def test_no_co_holder_kept_a_diary_leaves_the_case_as_it_is():
    """W3 and W9 kept no diary: nothing to move to (the case's hours are warned as before)."""
    c = _cases("W3", "W9")
    assert lead_with_diary(c, ["W1", "W2"]) is c


def test_run_study_reads_either_order_alike():
    """The pipeline itself: 'W3; W1' as 'W1; W3', 42.1488."""
    assert _cp(_cases("W3", "W1")) == 42.1488
