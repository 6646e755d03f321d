"""Work on a case with no case-months is in no case's hours: counted, named and warned.

A hand-worked case. W1 keeps a diary Monday 2 to Friday 6 March 2026, every day used.

=====  ====================================  ==========  =============================
case   in the cases table                    work (min)  where it goes
=====  ====================================  ==========  =============================
A      held by W1, open                      60 + 30     counted: 1.5 h
B      held by W9, who kept no diary         45 + 15     left out, holder kept no diary
C      no holder (blank worker_id)           20          left out, no holder
D      held by W1, closed 1 March            40          left out, no case-months
Z      not in the cases table                90          left out, not in the cases table
=====  ====================================  ==========  =============================

W1 also wrote 30 minutes of non-work on Z and 25 minutes of travel with no case: neither
is work on a case. Work on cases: 300 min = 5 h; counted 1.5 h; left out 3.5 h
(B 1 h, C 1/3 h, D 2/3 h, Z 1.5 h).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import case_month
from timestudy.panels.left_out import hours_left_out
from timestudy.pipeline import publishable

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-06"))
DAYS = pd.DataFrame({"worker_id": "W1", "diary_date": pd.bdate_range(*PERIOD),
                     "contracted": True, "status": "complete", "used": True, "short": False})
ENTRIES = [  # case, date, minutes, category
    ("A", "2026-03-02", 60.0, "direct"), ("A", "2026-03-03", 30.0, "direct"),
    ("B", "2026-03-03", 45.0, "direct"), ("B", "2026-03-04", 15.0, "admin"),
    ("C", "2026-03-04", 20.0, "direct"), ("D", "2026-03-02", 40.0, "admin"),
    ("Z", "2026-03-05", 90.0, "direct"), ("Z", "2026-03-05", 30.0, "non_work"),
    (None, "2026-03-06", 25.0, "travel"),
]


def _episodes(entries=ENTRIES) -> pd.DataFrame:
    case, day, minutes, category = zip(*entries, strict=True)
    return pd.DataFrame({"worker_id": "W1", "case_id": list(case), "task_type": "t",
                         "category": list(category), "duration_min": list(minutes),
                         "start": pd.to_datetime(list(day)) + pd.Timedelta(hours=10)})


def _cases() -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": ["A", "B", "C", "D"], "case_type": "CIN",
        "worker_id": pd.array(["W1", "W9", None, "W1"], dtype="string"),
        "opened": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-05", "2026-02-02"]),
        "closed": pd.to_datetime([None, None, None, "2026-03-01"])})


def _month(entries=ENTRIES):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cm = case_month(_episodes(entries), _cases(), period=PERIOD, days=DAYS)
    return cm, [w for w in caught if issubclass(w.category, DataQualityWarning)]


def test_left_out_hours_by_reason_by_hand():
    cm, caught = _month()
    assert cm["case_id"].tolist() == ["A"]  # the case-months are unchanged: A only
    assert cm["hours"].tolist() == pytest.approx([1.5])
    assert cm["hours_outside_window"].tolist() == [0.0]
    lost = cm.attrs["hours_left_out"]
    assert list(lost) == ["not_in_cases", "no_holder", "holder_kept_no_diary",
                          "no_case_months"]
    assert {k: v["hours"] for k, v in lost.items()} == pytest.approx(
        {"not_in_cases": 1.5, "no_holder": 20 / 60, "holder_kept_no_diary": 1.0,
         "no_case_months": 40 / 60})
    assert [v["n_cases"] for v in lost.values()] == [1, 1, 1, 1]
    assert [v["n_episodes"] for v in lost.values()] == [1, 1, 2, 1]
    # every minute of work on a case is counted or left out, and said so
    counted = cm["hours"].sum() + cm["hours_outside_window"].sum()
    assert counted + sum(v["hours"] for v in lost.values()) == pytest.approx(5.0)


def test_one_warning_names_the_hours_the_cases_and_why():
    _, caught = _month()
    assert len(caught) == 1
    text = str(caught[0].message)
    assert text.startswith("3.5 of 5.0 hours of work on cases are in no case-month (1.5 h on 1 "
                           "case not in the cases table; 0.3 h on 1 case with no holder; 1.0 h "
                           "on 1 case whose holder kept no diary; 0.7 h on 1 case open on no "
                           "working day its holder wrote in the diary); ")
    assert caught[0].filename == __file__  # points at the caller of case_month
    # published (guide.json, the report) with no quote to blank and no identifier, its
    # amounts of time as [time] (they may be one worker's); cut at 300 characters
    shown = publishable(text, frozenset({"W1", "W9", "A", "B", "C", "D", "Z"}))
    assert shown.startswith("[time] of work on cases are in no case-month ([time] on 1 case "
                            "not in the cases table; [time] on 1 case with no holder; ")
    assert "wrote in the diary); " in shown and len(shown) <= 300


def test_the_published_warning_keeps_its_figures_within_300_characters():
    entries = [e for e in ENTRIES if e[0] in ("A", "B")]
    _, caught = _month(entries)
    text = str(caught[0].message)
    assert len(text) <= 300
    assert text.startswith("1.0 of 2.5 hours of work on cases are in no case-month (1.0 h on "
                           "1 case whose holder kept no diary)")
    # published, its amounts of time are not (they may be one worker's: pipeline.publishable)
    assert publishable(text).startswith("[time] of work on cases are in no case-month ([time] "
                                        "on 1 case whose holder kept no diary)")


def test_nothing_left_out_no_warning_and_no_attrs():
    entries = [e for e in ENTRIES if e[0] in ("A", None) or e[3] == "non_work"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        cm = case_month(_episodes(entries), _cases(), period=PERIOD, days=DAYS)
    assert "hours_left_out" not in cm.attrs
    assert cm["hours"].tolist() == pytest.approx([1.5])


def test_hours_left_out_table():
    e = _episodes().assign(minutes=lambda d: d["duration_min"])
    work = e.loc[e["category"].ne("non_work") & e["case_id"].notna()]
    cases = _cases().assign(case_months=[1.0, 0.0, 0.0, 0.0])
    t = hours_left_out(work, cases, DAYS)
    assert t.columns.tolist() == ["n_cases", "n_episodes", "hours"]
    assert t["hours"].sum() == pytest.approx(3.5)
    # a case listed twice counts once, and is kept if any row has case-months
    twice = pd.concat([cases, cases.iloc[[1]].assign(case_months=2.0)])
    assert "holder_kept_no_diary" not in hours_left_out(work, twice, DAYS).index
    # nothing lost: an empty table
    assert hours_left_out(work.loc[work["case_id"] == "A"], cases, DAYS).empty


@pytest.fixture(scope="module")
def sim_episodes(small_study):
    s = small_study
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, ep


def test_simulated_case_moved_to_a_holder_who_kept_no_diary(sim_episodes):
    s, ep = sim_episodes
    on_case = ep.loc[ep["case_id"].notna() & ep["category"].ne("non_work")]
    cid = on_case["case_id"].value_counts().index[0]
    recorded = on_case.loc[on_case["case_id"] == cid, "duration_min"].sum() / 60
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        before = case_month(ep, s.cases, workers=s.workers)
    # as simulated, one case opens on the Saturday after the diary's last day, with 1.6 h
    # of work on the Friday: it has no case-months, and is counted so
    assert before.attrs["hours_left_out"] == {"no_case_months": {
        "n_cases": 1, "n_episodes": 2, "hours": pytest.approx(95 / 60)}}
    moved = s.cases.copy()
    moved.loc[moved["case_id"] == cid, "worker_id"] = "W_NODIARY"
    with pytest.warns(DataQualityWarning, match=rf"\({recorded:,.1f} h on 1 case whose "
                                                "holder kept no diary"):
        after = case_month(ep, moved, workers=s.workers)
    assert after.attrs["hours_left_out"] == {**before.attrs["hours_left_out"],
                                             "holder_kept_no_diary": {
        "n_cases": 1, "n_episodes": int((on_case["case_id"] == cid).sum()),
        "hours": pytest.approx(recorded)}}
    # the other cases' hours are as they were; the moved case's are counted as left out
    kept = before.loc[before["case_id"] != cid].reset_index(drop=True)
    cols = ["case_id", "case_months", "hours", "hours_outside_window"]
    pd.testing.assert_frame_equal(after[cols], kept[cols], check_exact=True)
    assert before["hours"].sum() - after["hours"].sum() == pytest.approx(
        before.loc[before["case_id"] == cid, "hours"].sum())


def test_a_holder_naming_several_workers_in_one_cell_is_said():
    """audit22c F5: a co-worked case with holder ``W1/W2`` (both kept diaries) was warned
    as held by a worker who kept no diary, never naming the cell; now the warning says the
    cell names several workers and what to give."""
    from timestudy.panels.left_out import _warn_left_out

    cases = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1/W2"], "case_months": [0.0]})
    work = pd.DataFrame({"case_id": ["A"], "minutes": [60.0]})
    both = pd.concat([DAYS, DAYS.assign(worker_id="W2")], ignore_index=True)
    lost = hours_left_out(work, cases, both)
    assert lost.attrs["several_holders"] == ["W1/W2"]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always", DataQualityWarning)
        _warn_left_out(lost, 1.0)
    assert "1 of them name several workers in one cell, as 'W1/W2': give the case's one " \
        "holder" in str(got[0].message)
