"""A case that changed type during the diary, listed once per period.

A child in need case stepped up to a child protection plan mid-diary is, in a council's
case system, two episodes with their dates. The cases table used to refuse a case
listed twice (``case_id`` unique), so a council gave the case its type on the last day
and every hour of the case before the step-up counted as child protection (audit8, a
6-worker study: CIN 43.48 h per case-month and CP 51.82 against 37.85 and 60.97 by hand,
FTE needed 7.31 against 7.80). Now each row is a period, each period its own case key,
and the diary's work goes to the period its day is in (``panels/case_periods.py``).

Every figure below is worked by hand in the docstrings, not by the code under test.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timestudy import simulate_study
from timestudy.errors import SchemaError
from timestudy.ingest import read_cases
from timestudy.panels import case_month
from timestudy.panels.case_periods import case_periods
from timestudy.panels.episodes import with_diary_date

WORKERS = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0], "contracted_hours": [37.0]})


def _week(case_minutes: dict[str, float]) -> pd.DataFrame:
    """W1's week of 9 to 13 March 2026: each weekday 09:00 an hour on case S1 (written
    ``S1``), then ``case_minutes`` on the other cases."""
    rows = []
    for day in pd.bdate_range("2026-03-09", "2026-03-13"):
        rows.append((day + pd.Timedelta(hours=9), 60.0, "S1"))
        rows += [(day + pd.Timedelta(hours=11), m, c) for c, m in case_minutes.items()]
    start, minutes, case = zip(*rows, strict=True)
    return with_diary_date(pd.DataFrame({
        "worker_id": "W1", "start": pd.to_datetime(start), "duration_min": minutes,
        "task_type": "home_visit", "category": "direct",
        "case_id": pd.Series(case, dtype="string")}))


def _stepped_up() -> pd.DataFrame:
    """S1: child in need until Wednesday 11 March, a CP plan from that day."""
    return pd.DataFrame({
        "case_id": ["S1", "S1", "A1"], "case_type": ["CIN", "CP", "CLA"],
        "worker_id": "W1",
        "opened": pd.to_datetime([None, "2026-03-11", "2025-06-01"]),
        "closed": pd.to_datetime(["2026-03-11", None, None])})


def test_hours_go_to_the_period_their_day_is_in():
    """By hand: S1 has 1 h a day. Monday and Tuesday are child in need (2 h on 2 weekdays
    open), Wednesday to Friday child protection (3 h on 3 weekdays): the CP period has 3/2
    the CIN period's hours and case-months, so both come to the same hours per case-month.
    W1 holds two cases (S1 counted once, and A1), not three."""
    ep, cases = case_periods(_week({"A1": 30.0}), _stepped_up())
    cm = case_month(ep, cases, workers=WORKERS).set_index("case_id")
    assert cm.loc["S1#1", "case_type"] == "CIN" and cm.loc["S1#2", "case_type"] == "CP"
    assert cm.loc["S1#1", "hours"] == pytest.approx(2.0)
    assert cm.loc["S1#2", "hours"] == pytest.approx(3.0)
    assert cm.loc["S1#2", "case_months"] / cm.loc["S1#1", "case_months"] == pytest.approx(1.5)
    assert cm.loc["S1#1", "hours_per_month"] == pytest.approx(cm.loc["S1#2", "hours_per_month"])
    assert set(cm["case_listed_as"]) == {"S1", "A1"}
    assert (cm["cases_held"] == 2).all()


def test_work_before_the_first_period_and_after_the_last_goes_to_the_nearest():
    """By hand: S1 is CIN opened Tuesday 10 and closed Wednesday 11 March, then CP from
    Friday 13. Monday's hour is before any period: the first's. Wednesday's and Thursday's
    are after the CIN period closed and before CP opened (a closing summary): the period
    opened last on or before their day, CIN. Friday's is CP's: CIN 4 rows, CP 1."""
    cases = pd.DataFrame({"case_id": ["S1", "S1"], "case_type": ["CIN", "CP"],
                          "worker_id": "W1",
                          "opened": pd.to_datetime(["2026-03-10", "2026-03-13"]),
                          "closed": pd.to_datetime(["2026-03-11", None])})
    ep, _ = case_periods(_week({}), cases)
    assert ep["case_id"].tolist() == ["S1#1"] * 4 + ["S1#2"]


def test_a_case_listed_once_is_left_as_it_is():
    ep = _week({"A1": 30.0})
    cases = _stepped_up().iloc[[0, 2]]
    got_ep, got_cases = case_periods(ep, cases)
    assert got_ep is ep and got_cases is cases


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=6, weeks=2, seed=3)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return with_diary_date(ep), s.cases, s.workers


def _by_type(cm: pd.DataFrame) -> pd.DataFrame:
    return cm.groupby("case_type")[["hours", "case_months"]].sum()


@pytest.fixture(scope="module")
def once(study) -> pd.DataFrame:
    """Each type's hours and case-months with every case listed once: the same for every
    example of the property below, so computed once for all of them."""
    ep, cases, workers = study
    return _by_type(case_month(ep, cases, workers=workers))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.integers(0, 10_000), day=st.integers(1, 9))
def test_periods_of_one_type_change_nothing(study, once, pick, day):
    """Listing any case as two periods of its own type, split on any weekday, gives every
    case type the same hours and case-months as listing it once."""
    ep, cases, workers = study
    worked = cases.loc[cases["case_id"].isin(set(ep["case_id"].dropna()))].reset_index(drop=True)
    row = worked.iloc[pick % len(worked)]
    split = pd.bdate_range("2026-03-02", periods=10)[day]
    first = row.copy()
    first["closed"] = split
    second = row.copy()
    second["opened"] = split
    if pd.notna(row["opened"]) and row["opened"] >= split or (
            pd.notna(row["closed"]) and row["closed"] <= split):
        return  # the split day is outside the case's own dates: not a period split
    twice = pd.concat([cases[cases["case_id"] != row["case_id"]],
                       pd.DataFrame([first, second])], ignore_index=True)
    ep2, cases2 = case_periods(ep, twice)
    got = _by_type(case_month(ep2, cases2, workers=workers))
    pd.testing.assert_frame_equal(got, once, rtol=1e-9)


def test_a_step_up_equals_the_case_split_by_hand(study):
    """The case as two periods gives each type what the case split into two ids, with the
    diary's rows re-keyed by their day by hand, gives: the audit's s1_split by hand."""
    ep, cases, workers = study
    busy = ep["case_id"].value_counts().index[0]
    split = pd.Timestamp("2026-03-09")
    row = cases.set_index("case_id").loc[busy]
    other = {"CIN": "CP", "CP": "CLA", "CLA": "PROCEEDINGS", "PROCEEDINGS": "CIN"}
    periods = pd.DataFrame({"case_id": [busy, busy],
                            "case_type": [row["case_type"], other[row["case_type"]]],
                            "worker_id": row["worker_id"],
                            "opened": [row["opened"], split], "closed": [split, pd.NaT]})
    rest = cases[cases["case_id"] != busy]
    ep2, cases2 = case_periods(ep, pd.concat([rest, periods], ignore_index=True))
    by_hand = periods.assign(case_id=[busy + "_a", busy + "_b"])
    rekeyed = ep.assign(case_id=ep["case_id"].mask(
        ep["case_id"].eq(busy).fillna(False).to_numpy(),
        np.where(ep["diary_date"] < split, busy + "_a", busy + "_b")))
    want = _by_type(case_month(rekeyed, pd.concat([rest, by_hand], ignore_index=True),
                               workers=workers))
    pd.testing.assert_frame_equal(_by_type(case_month(ep2, cases2, workers=workers)), want,
                                  rtol=1e-12)


def test_read_cases_reads_periods_and_refuses_overlaps(tmp_path):
    good = tmp_path / "cases.csv"
    good.write_text("case_id,case_type,worker_id,opened,closed\n"
                    "S1,CIN,W1,,2026-03-11\nS1,CP,W1,2026-03-11,\nA1,CLA,W1,,\n")
    t = read_cases(good)
    assert t["case_id"].tolist() == ["S1", "S1", "A1"]
    bad = tmp_path / "overlap.csv"
    bad.write_text("case_id,case_type,worker_id,opened,closed\n"
                   "S1,CIN,W1,,\nS1,CP,W1,2026-03-11,\n")
    with pytest.raises(SchemaError) as err:
        read_cases(bad)
    text = str(err.value)
    assert "overlap.csv" in text and "line 3" in text
    assert "case 'S1' is listed more than once" in text
    assert "opened 2026-03-11" in text and "closed no date" in text
    assert err.value.failures["code"].tolist() == ["not_unique"]


def test_two_rows_without_dates_are_still_refused(tmp_path):
    """A case listed twice with no dates is a mistake, not two periods."""
    f = tmp_path / "cases.csv"
    f.write_text("case_id,case_type\nS1,CIN\nS1,CIN\n")
    with pytest.raises(SchemaError, match="listed more than once"):
        read_cases(f)


def test_the_day_of_the_step_up_is_the_later_period():
    """Periods that touch (CIN closed 11 March, CP opened 11 March): a case is open up to
    but not including its closing day, so 11 March is CP's."""
    ep, _ = case_periods(_week({}), _stepped_up())
    days = ep["diary_date"].dt.date.tolist()
    assert dict(zip(days, ep["case_id"], strict=True))[dt.date(2026, 3, 11)] == "S1#2"


def test_a_finished_period_is_not_a_closed_case():
    """review12: with S1 listed as CIN (closed 11 March) then CP (open), the caseload line
    said '1 closed by then': S1 is open (its CP period). Only A2, closed, is closed."""
    from timestudy.report.tables import counted_caseload

    cases = pd.concat([_stepped_up(), pd.DataFrame({
        "case_id": ["A2"], "case_type": ["CIN"], "worker_id": ["W1"],
        "opened": [pd.NaT], "closed": [pd.Timestamp("2026-03-10")]})], ignore_index=True)
    held, where = counted_caseload(None, cases, pd.Timestamp("2026-03-13"), "the last day")
    assert held["case_id"].tolist() == ["S1", "A1"]
    assert where.endswith("; 1 closed by then not counted")


def test_two_periods_opened_on_one_day_the_later_takes_the_day():
    """A period opened and closed on 11 March, then another opened that day: work on 11
    March is the later period's, whatever the order of the rows."""
    cases = pd.DataFrame({"case_id": ["S1"] * 3, "case_type": ["CIN", "CP", "CLA"],
                          "worker_id": "W1",
                          "opened": pd.to_datetime([None, "2026-03-11", "2026-03-11"]),
                          "closed": pd.to_datetime(["2026-03-11", "2026-03-11", None])})
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        ep, got = case_periods(_week({}), cases.iloc[order].reset_index(drop=True))
        day = dict(zip(ep["diary_date"].dt.day, ep["case_id"], strict=True))
        assert got.set_index("case_id").loc[day[11], "case_type"] == "CLA"
