"""A day missing while a case was not open takes nothing from its exposure (audit22c).

W1 keeps a diary Monday 2 to Friday 13 March 2026, nothing written on Wednesday 4 and
Thursday 5 (missing: used share 8/10). Case N opens Monday 9 March; W1 writes 60 minutes on
it on each of its five open days, 9 to 13 March. By hand: 5 hours over the 5 open days, all
written: 5 / 21.0744 case-months, 21.07 hours per case-month, what the two days written in as
leave give. Before, the exposure took W1's share over the whole diary: 5 x 0.8 = 4 days,
26.34 hours per case-month (the audit's study: CIN 22.83 for 21.07), without a word.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import case_month
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-13"))


def _days(gone_status: str) -> pd.DataFrame:
    d = pd.bdate_range(*PERIOD)
    gone = d.isin(pd.to_datetime(["2026-03-04", "2026-03-05"]))
    return pd.DataFrame({"worker_id": "W1", "diary_date": d, "contracted": True,
                         "status": pd.Series("complete", index=range(len(d))).mask(
                             gone, gone_status), "used": ~gone, "short": False,
                         "absent": gone & (gone_status == "absent")})


def _month(gone_status: str) -> pd.Series:
    d = pd.bdate_range("2026-03-09", "2026-03-13") + pd.Timedelta(hours=10)
    e = pd.DataFrame({"worker_id": "W1", "case_id": "N", "task_type": "case_notes",
                      "category": "recording", "start": d, "duration_min": 60.0})
    cases = pd.DataFrame({"case_id": ["N"], "case_type": ["CIN"], "worker_id": ["W1"],
                          "opened": pd.to_datetime(["2026-03-09"]), "closed": [pd.NaT]})
    return case_month(e, cases, period=PERIOD, days=_days(gone_status)).iloc[0]


@pytest.mark.parametrize("gone", ["missing", "absent"])
def test_days_before_a_case_opened_leave_its_exposure_whole(gone):
    r = _month(gone)
    assert r["hours"] == pytest.approx(5.0)
    assert r["case_months"] == pytest.approx(5 / WORKING_DAYS_PER_MONTH)
    assert r["hours_per_month"] == pytest.approx(WORKING_DAYS_PER_MONTH)


def test_a_colleagues_hours_are_scaled_by_their_share_over_the_open_days():
    """review22b: case A open 9 to 13 March; W1 (holder) writes every day of 2 to 13 March,
    60 minutes on A each open day; W2 writes nothing on 9 and 10 March and 60 minutes on A
    on 11, 12 and 13. By hand: W1's 5 h, and W2's 3 h over 3 of their 5 open days, 5 h in
    all days: 10 h over 5 days, 42.15 per case-month. Before, W2's share over the whole
    diary (8/10) scaled their hours: 35.66."""
    d = pd.bdate_range(*PERIOD)
    w2_gone = d.isin(pd.to_datetime(["2026-03-09", "2026-03-10"]))
    days = pd.concat([
        pd.DataFrame({"worker_id": "W1", "diary_date": d, "contracted": True,
                      "status": "complete", "used": True, "short": False, "absent": False}),
        pd.DataFrame({"worker_id": "W2", "diary_date": d, "contracted": True,
                      "status": pd.Series("complete", index=range(len(d))).mask(w2_gone,
                                                                             "missing"),
                      "used": ~w2_gone, "short": False, "absent": False})],
        ignore_index=True)
    open_days = pd.bdate_range("2026-03-09", "2026-03-13") + pd.Timedelta(hours=10)
    e = pd.concat([
        pd.DataFrame({"worker_id": "W1", "start": open_days}),
        pd.DataFrame({"worker_id": "W2", "start": open_days[2:]})], ignore_index=True)
    e = e.assign(case_id="A", task_type="case_notes", category="recording", duration_min=60.0)
    cases = pd.DataFrame({"case_id": ["A"], "case_type": ["CIN"], "worker_id": ["W1"],
                          "opened": pd.to_datetime(["2026-03-09"]), "closed": [pd.NaT]})
    r = case_month(e, cases, period=PERIOD, days=days).iloc[0]
    assert r["hours"] == pytest.approx(10.0)
    assert r["hours_per_month"] == pytest.approx(2 * WORKING_DAYS_PER_MONTH)


def test_a_colleague_who_wrote_none_of_the_open_days_takes_their_whole_share():
    """review22c: W2 wrote 7 of their 10 days (not 9, 10, 11 March) and put 60 minutes on
    case C (open 9 to 11 March) on the 12th. W2 wrote none of C's open days: their whole
    share, 0.7, scales the hour (the holder's 1 over 0.7: 85.7 minutes), not 1 (60)."""
    from timestudy.panels.cases import case_hours

    d = pd.bdate_range(*PERIOD)
    gone = d.isin(pd.to_datetime(["2026-03-09", "2026-03-10", "2026-03-11"]))
    days = pd.concat([
        pd.DataFrame({"worker_id": "W1", "diary_date": d, "contracted": True,
                      "status": "complete", "used": True, "short": False}),
        pd.DataFrame({"worker_id": "W2", "diary_date": d, "contracted": True,
                      "status": pd.Series("complete", index=range(len(d))).mask(gone,
                                                                             "missing"),
                      "used": ~gone, "short": False})], ignore_index=True)
    e = pd.DataFrame({"case_id": ["C"], "worker_id": ["W2"], "category": ["recording"],
                      "minutes": [60.0], "diary_date": pd.to_datetime(["2026-03-12"])})
    cases = pd.DataFrame({"case_id": ["C"], "worker_id": ["W1"],
                          "opened": pd.to_datetime(["2026-03-09"]),
                          "closed": pd.to_datetime(["2026-03-12"])})
    h = case_hours(e, cases, days, PERIOD)
    assert h["counted"].tolist() == pytest.approx([60 / 0.7])
