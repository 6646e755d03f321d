"""Pieces of work against hand-computed diaries: linking, instance ids, attribution, censoring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels import diary_completeness, pieces_of_work, used_episodes
from timestudy.panels.censoring import days_per_piece, expected_days, risk_counts

WINDOWS = {"court_statement": 10, "care_plan": 5}  # working days


def _diary(rows, **extra):
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "minutes", "task_type",
                                    "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    return e.assign(**extra)


def _by(p, task):
    return p.loc[p["task_type"] == task].sort_values("first_date").reset_index(drop=True)


def test_sittings_within_the_window_are_one_piece_and_the_window_chains():
    e = _diary([
        ("W1", "C1", "2026-03-02 10:00", 120, "court_statement", "recording"),
        ("W1", "C1", "2026-03-09 10:00", 90, "court_statement", "recording"),
        ("W1", "C1", "2026-03-20 10:00", 60, "court_statement", "recording"),  # 9 working days on
        ("W1", "C1", "2026-04-20 10:00", 45, "court_statement", "recording"),  # a new statement
        ("W1", "C1", "2026-03-02 14:00", 60, "care_plan", "recording"),
        ("W1", "C1", "2026-03-12 14:00", 60, "care_plan", "recording"),  # 8 working days > 5
        ("W1", "C2", "2026-03-03 10:00", 30, "court_statement", "recording"),  # another case
    ])
    p = pieces_of_work(e, link_within_days=WINDOWS)
    st = _by(p, "court_statement")
    assert st.loc[st["case_id"] == "C1", "direct_min"].tolist() == [270.0, 45.0]
    assert st.loc[st["case_id"] == "C1", "n_days"].tolist() == [3, 1]
    assert st.loc[0, "max_gap_days"] == 9  # working days
    assert _by(p, "care_plan")["direct_min"].tolist() == [60.0, 60.0]
    assert (p["defined_by"] == "linking").all()
    assert len(pieces_of_work(e, link_within_days={})) == len(e)  # window 0: each day a piece


def test_instance_id_defines_pieces_and_carries_travel_with_it():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 30, "travel", "travel"),
        ("W1", "C1", "2026-03-02 10:00", 60, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 13:00", 20, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 16:00", 25, "travel", "travel"),  # no sitting next to it
    ], instance_id=["V1", "V1", "V2", "V2"])
    p = pieces_of_work(e, link_within_days={})
    v = _by(p, "statutory_visit")
    assert v["direct_min"].tolist() == [60.0, 20.0]  # two visits on one case-day, by their ids
    assert v["linked_travel_min"].tolist() == [30.0, 25.0]
    assert (v["defined_by"] == "instance_id").all()
    assert p["full_min"].sum() == e["duration_min"].sum()


def test_a_journey_returns_from_the_sitting_before_and_leads_to_the_one_after():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 20, "travel", "travel"),
        ("W1", "C1", "2026-03-02 09:25", 60, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 10:30", 20, "travel", "travel"),  # back from the visit
        ("W1", "C1", "2026-03-02 10:55", 15, "travel", "travel"),  # out to the core group
        ("W1", "C1", "2026-03-02 11:15", 60, "core_group", "direct_work"),
        ("W1", "C1", "2026-03-02 12:20", 15, "travel", "travel"),
        ("W1", "C9", "2026-03-02 15:00", 40, "travel", "travel"),  # leads to nothing of C9
        ("W1", "C2", "2026-03-02 15:45", 30, "statutory_visit", "direct_work"),
    ])
    p = pieces_of_work(e, link_within_days={}).set_index(["case_id", "task_type"])
    assert p.loc[("C1", "statutory_visit"), "linked_travel_min"] == 40
    assert p.loc[("C1", "core_group"), "linked_travel_min"] == 30
    lone = p.loc[("C9", "travel")]
    assert lone["primary"] and lone["full_min"] == 40 and lone["attributed_min"] == 0
    assert p.loc[("C2", "statutory_visit"), "linked_travel_min"] == 0
    assert not p.loc[("C1", "travel"), "primary"] and p.loc[("C1", "travel"), "full_min"] == 0


def test_a_contested_leg_is_split_and_never_counted_twice():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 60, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 10:05", 30, "travel", "travel"),  # between two visits
        ("W1", "C1", "2026-03-02 10:40", 60, "statutory_visit", "direct_work"),
    ], instance_id=["A", None, "B"])
    p = pieces_of_work(e, link_within_days={})
    v = _by(p, "statutory_visit")
    assert v["linked_travel_min"].tolist() == [15.0, 15.0]  # same task type: half each
    assert p["full_min"].sum() == pytest.approx(150.0)


def test_notes_follow_the_pieces_of_the_last_day_split_by_what_each_task_brings():
    e = _diary([
        # On C2 a visit alone brings its notes: visits do bring recording.
        ("W1", "C2", "2026-03-02 09:00", 50, "statutory_visit", "direct_work"),
        ("W1", "C2", "2026-03-02 15:00", 40, "case_notes", "recording"),
        # On C1 a visit and a call, then notes: a call never brings notes alone.
        ("W1", "C1", "2026-03-03 09:00", 50, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-03 11:00", 15, "professional_liaison", "admin"),
        ("W1", "C1", "2026-03-03 12:00", 15, "professional_liaison", "admin"),
        ("W1", "C3", "2026-03-03 12:00", 15, "professional_liaison", "admin"),
        ("W1", "C1", "2026-03-03 16:00", 45, "case_notes", "recording"),
        # Friday's visit written up on Monday (3 days): still the visit's.
        ("W1", "C4", "2026-03-06 10:00", 50, "statutory_visit", "direct_work"),
        ("W1", "C4", "2026-03-09 09:00", 30, "case_notes", "recording"),
        # A statement is its own record: notes after it are not its.
        ("W1", "C5", "2026-03-02 10:00", 90, "court_statement", "recording"),
        ("W1", "C5", "2026-03-02 16:00", 20, "case_notes", "recording"),
    ])
    p = pieces_of_work(e, link_within_days=WINDOWS).set_index(["case_id", "task_type"])
    assert p.loc[("C2", "statutory_visit"), "linked_recording_min"] == 40
    assert p.loc[("C1", "statutory_visit"), "linked_recording_min"] > 44.9
    assert (p.loc[("C1", "professional_liaison"), "linked_recording_min"] < 0.1).all()
    assert p.loc[("C4", "statutory_visit"), "linked_recording_min"] == 30
    assert p.loc[("C5", "case_notes"), "full_min"] == 20  # no piece claims it: its own
    assert p["full_min"].sum() == pytest.approx(e["duration_min"].sum())


def test_full_time_over_pieces_is_the_case_time_of_the_diary(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    p = pieces_of_work(ep)
    work = ep.loc[ep["category"] != "non_work"]
    on_case = work.loc[work["case_id"].notna(), "duration_min"].sum()
    assert p.loc[p["case_id"].notna(), "full_min"].sum() == pytest.approx(on_case, rel=1e-12)
    assert p.loc[p["case_id"].isna(), "full_min"].sum() == pytest.approx(
        work.loc[work["case_id"].isna(), "duration_min"].sum(), rel=1e-12)
    assert p["direct_min"].sum() == pytest.approx(work["duration_min"].sum(), rel=1e-12)
    shares = p["attributed_min"].sum() - p["linked_min"].sum()
    assert abs(shares) < 1e-6  # every minute given is a minute received
    assert (p.loc[p["defined_by"] == "instance_id", "case_id"].notna()).all()


def test_pieces_at_the_diary_edges_are_flagged_censored():
    rows = [("W1", "C0", f"2026-03-{d:02d} 09:00", 420, "email_admin", "admin")
            for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20)]
    rows += [("W1", "C1", "2026-03-02 10:00", 60, "court_statement", "recording"),
             ("W1", "C1", "2026-03-04 10:00", 60, "court_statement", "recording"),
             ("W1", "C2", "2026-03-09 10:00", 60, "court_statement", "recording"),
             ("W1", "C2", "2026-03-12 10:00", 60, "court_statement", "recording"),
             ("W1", "C3", "2026-03-19 10:00", 60, "court_statement", "recording")]
    e = _diary(rows)
    p = _by(pieces_of_work(e, link_within_days=WINDOWS), "court_statement")
    assert (p["censor_margin"] == 3).all()  # the longest gap seen (95th percentile): 3 days
    assert p["left_censored"].tolist() == [True, False, False]
    assert p["right_censored"].tolist() == [False, False, True]
    assert p["days_followed"].tolist() == [2, 2, 0]
    assert p["days_preceded"].tolist() == [0, 2, 1]


def test_days_per_piece_by_hand():
    # Forward from seen starts: A ends at day 2; B is seen to day 3 (still open).
    # Backward from seen ends: A began at day 2 from its end; C at day 1.
    p = pd.DataFrame({"task_type": "x", "n_days": [2, 3, 1],
                      "left_censored": [False, False, True],
                      "right_censored": [False, True, False],
                      "days_followed": [2, 3, 1], "days_preceded": [2, 0, 0]})
    at, ev = risk_counts(p, 3)
    assert at.sum(0).tolist() == [3, 3, 1] and ev.sum(0).tolist() == [0, 2, 0]
    # h = (0, 2/3, 0): E[D] = 1 + 1 + 1/3 by Kaplan-Meier
    assert float(expected_days(at.sum(0), ev.sum(0))) == pytest.approx(7 / 3)
    # Steady flow: days preceded and followed (4 + 3 + 1) over starts and ends seen (2 + 1 +
    # 1) = 2; the edge rule is the mean of the two.
    assert days_per_piece(p)["x"] == pytest.approx((7 / 3 + 2) / 2)
    assert float(expected_days(np.array([4, 0]), np.array([4, 0]))) == 1.0


def test_used_days_only(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    status = diary_completeness(ep, study.workers)
    p = pieces_of_work(used_episodes(ep, status), days=status)
    kept = status.loc[status["used"] | status["absent"], ["worker_id", "diary_date"]]
    seen = p[["worker_id", "first_date"]].rename(columns={"first_date": "diary_date"})
    assert seen.merge(kept, how="left", indicator=True)["_merge"].eq("both").all()


def test_windows_count_working_days_so_weekends_and_leave_do_not_split_a_piece():
    e = _diary([
        ("W1", "C1", "2026-03-05 10:00", 60, "court_statement", "recording"),  # Thursday
        ("W1", "C1", "2026-03-16 10:00", 60, "court_statement", "recording"),  # Monday, 11 days
        ("W1", "C0", "2026-03-06 09:00", 420, "email_admin", "admin"),
    ])
    # Without a completeness table every weekday counts: Thursday to the Monday after next
    # is 7 working days, within a window of 10 (it was 11 calendar days).
    assert len(_by(pieces_of_work(e, link_within_days=WINDOWS), "court_statement")) == 1
    # With a week of leave between them (and its weekend), the two sittings are still one
    # working day apart: one piece even with a window of 1.
    leave = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
        ["2026-03-05", "2026-03-06"] + [f"2026-03-{d:02d}" for d in (9, 10, 11, 12, 13)]
        + ["2026-03-16"]), "status": ["complete"] * 2 + ["absent"] * 5 + ["complete"]})
    p = _by(pieces_of_work(e, link_within_days={"court_statement": 2}, days=leave),
            "court_statement")
    assert p["direct_min"].tolist() == [120.0] and p["max_gap_days"].tolist() == [2]


def test_two_calls_on_one_case_in_a_day_are_two_pieces_even_back_to_back():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 15, "professional_liaison", "admin"),
        ("W1", "C1", "2026-03-02 14:00", 20, "professional_liaison", "admin"),  # afternoon
        ("W1", "C2", "2026-03-02 10:00", 30, "professional_liaison", "admin"),
        ("W1", "C2", "2026-03-02 10:30", 10, "professional_liaison", "admin"),  # back to back
        ("W1", "C3", "2026-03-02 11:00", 10, "family_contact", "direct_work"),
        ("W1", "C3", "2026-03-02 11:10", 5, "family_contact", "direct_work"),  # back to back
        ("W1", "C0", "2026-03-02 11:15", 30, "email_admin", "admin"),
        ("W1", "C0", "2026-03-02 16:00", 30, "email_admin", "admin"),
    ])
    e = e.assign(case_id=e["case_id"].where(e["case_id"] != "C0"))
    p = pieces_of_work(e, link_within_days={})  # the shipped taxonomy's calls
    calls = p.loc[p["task_type"].isin(["professional_liaison", "family_contact"])]
    assert calls.sort_values("direct_min").groupby("case_id")["direct_min"].apply(
        list).to_dict() == {"C1": [15.0, 20.0], "C2": [10.0, 30.0], "C3": [5.0, 10.0]}
    assert p.loc[p["task_type"] == "email_admin", "direct_min"].tolist() == [60.0]  # one a day
    # Not marked as calls, two touching entries are one entry written as two rows.
    q = pieces_of_work(e, link_within_days={}, calls=())
    assert sorted(q.loc[q["case_id"] == "C2", "direct_min"]) == [40.0]


def test_a_visit_written_as_two_touching_rows_is_one_visit_a_break_makes_two():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 30, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 09:30", 30, "statutory_visit", "direct_work"),  # its next row
        ("W1", "C1", "2026-03-02 14:00", 45, "statutory_visit", "direct_work"),  # after a break
    ])
    p = pieces_of_work(e, link_within_days={})
    assert sorted(p["direct_min"]) == [45.0, 60.0]
    assert p["n_sittings"].max() == 2


def test_notes_go_to_the_piece_that_brings_them_not_to_a_later_call():
    rows = []
    # On ten cases a visit alone is followed by its notes the same day: visits bring notes;
    # ten calls alone bring none.
    for i in range(10):
        rows += [("W1", f"C{i}", "2026-03-02 09:00", 60, "statutory_visit", "direct_work"),
                 ("W1", f"C{i}", "2026-03-02 16:00", 30, "case_notes", "recording"),
                 ("W1", f"D{i}", "2026-03-02 12:00", 10, "professional_liaison", "admin")]
    # On C9 the visit's notes wait to the next working day, after a call on the case.
    rows += [("W1", "C9", "2026-03-03 09:00", 10, "professional_liaison", "admin"),
             ("W1", "C9", "2026-03-03 11:00", 40, "case_notes", "recording")]
    e = _diary(rows)
    p = pieces_of_work(e, link_within_days={}).set_index(["case_id", "task_type"])
    assert p.loc[("C9", "professional_liaison"), "linked_recording_min"] < 0.01
    assert p.loc[("C9", "statutory_visit"), "linked_recording_min"] == pytest.approx(70, abs=0.01)
    assert p["full_min"].sum() == pytest.approx(e["duration_min"].sum())


def test_notes_never_go_to_a_call_a_stand_alone_note_stays_its_own():
    e = _diary([
        # C1: a visit, the follow-up call to school, then the visit's notes: all the visit's.
        ("W1", "C1", "2026-03-02 09:00", 60, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 10:30", 15, "professional_liaison", "admin"),
        ("W1", "C1", "2026-03-02 16:00", 30, "case_notes", "recording"),
        # C2: a call on Monday, then on Tuesday a case note with no visit or meeting before
        # it (a stand-alone update): no piece claims it, it is a piece of its own.
        ("W1", "C2", "2026-03-02 11:00", 10, "family_contact", "direct_work"),
        ("W1", "C2", "2026-03-03 09:00", 25, "case_notes", "recording"),
    ])
    p = pieces_of_work(e, link_within_days={}).set_index(["case_id", "task_type"])
    assert p.loc[("C1", "statutory_visit"), "linked_recording_min"] == 30
    assert p.loc[("C1", "professional_liaison"), "full_min"] == 15
    assert p.loc[("C2", "family_contact"), "full_min"] == 10
    assert p.loc[("C2", "case_notes"), "full_min"] == 25 and p.loc[("C2", "case_notes"), "primary"]
    assert p["full_min"].sum() == pytest.approx(e["duration_min"].sum())
    # Without the call rule, the call alone before it takes the stand-alone note.
    q = pieces_of_work(e, link_within_days={}, calls=()).set_index(["case_id", "task_type"])
    assert q.loc[("C2", "family_contact"), "full_min"] == 35


def test_calls_without_a_case_are_a_piece_per_entry_other_non_case_work_one_per_day():
    # The module notes: non-case work is one piece per day, a call a piece per entry.
    e = pd.DataFrame({
        "worker_id": "W1", "case_id": None, "duration_min": 15.0,
        "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 11:00", "2026-03-02 12:00",
                                 "2026-03-02 14:00"]),
        "task_type": ["professional_liaison"] * 2 + ["supervision"] * 2,
        "category": ["direct_work"] * 2 + ["admin"] * 2})
    n = pieces_of_work(e, calls=["professional_liaison"]).groupby("task_type").size()
    assert n.to_dict() == {"professional_liaison": 2, "supervision": 1}


def test_a_call_with_an_instance_id_follows_the_id():
    # TAXONOMY.md: "A call with an instance_id still follows the id" (rows and notes).
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 15, "family_contact", "direct_work"),
        ("W1", "C1", "2026-03-02 09:15", 15, "family_contact", "direct_work"),
        ("W1", "C1", "2026-03-02 10:00", 10, "family_contact", "direct_work"),
        ("W1", "C1", "2026-03-02 10:10", 20, "case_notes", "recording"),
    ]).assign(instance_id=["X", "X", None, "X"])
    p = pieces_of_work(e, link_within_days={}).set_index(["task_type", "defined_by"])
    assert p.loc[("family_contact", "instance_id"), ["n_days", "direct_min", "full_min"]
                 ].tolist() == [1, 30.0, 50.0]  # two rows, one day; its notes by the id
    assert p.loc[("family_contact", "linking"), "full_min"] == 10.0  # no notes of its own


@pytest.mark.parametrize("column", ["task_type", "category"])
def test_a_work_episode_with_no_task_type_or_category_is_refused(column):
    """A blank label would take another's code (a blank task became a statutory visit)."""
    from timestudy.errors import TimestudyError

    e = _diary([
        ("W1", "C1", "2026-03-02 10:00", 60, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 12:00", 45, "email_admin", "admin"),
    ])
    e.loc[1, column] = None
    with pytest.raises(TimestudyError, match="1 work episode\\(s\\) have no task_type or category"):
        pieces_of_work(e)
