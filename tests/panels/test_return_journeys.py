"""Case-less return journeys: hand-worked diaries and recovery on the simulator's diary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _journeys import journeys_back

from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys


def _diary(rows):
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "minutes", "task_type",
                                    "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    return e


def test_a_caseless_journey_right_after_a_visit_reached_by_a_journey_is_its_way_back():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 25, "travel", "travel"),
        ("W1", "C1", "2026-03-02 09:30", 60, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 10:35", 25, "travel", "travel"),  # back: C1's
        ("W1", None, "2026-03-02 11:00", 30, "email_admin", "admin"),
        ("W1", None, "2026-03-02 11:35", 20, "travel", "travel"),  # after email: non-case
        ("W1", "C2", "2026-03-02 13:00", 15, "family_contact", "direct_work"),
        ("W1", None, "2026-03-02 13:20", 20, "travel", "travel"),  # no journey to the call
        ("W1", "C3", "2026-03-02 14:00", 20, "travel", "travel"),
        ("W1", "C3", "2026-03-02 14:25", 45, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 15:30", 20, "travel", "travel"),  # 20 min later: C3's
        ("W1", "C4", "2026-03-02 16:00", 20, "travel", "travel"),
        ("W1", "C4", "2026-03-02 16:25", 30, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 17:40", 20, "travel", "travel"),  # 45 min later: too late
        ("W2", None, "2026-03-02 10:35", 25, "travel", "travel"),  # another worker
    ])
    r = return_journeys(e)
    assert r["return_journey"].tolist() == [False, False, True, False, False, False, False,
                                            False, False, True, False, False, False, False]
    assert r.loc[[2, 9], "case_id"].tolist() == ["C1", "C3"]
    assert r["case_id"].isna().sum() == 5  # email and four journeys stay without a case
    p = pieces_of_work(r, link_within_days={}).set_index(["case_id", "task_type"])
    assert p.loc[("C1", "statutory_visit"), "linked_travel_min"] == 50
    assert p.loc[("C3", "statutory_visit"), "linked_travel_min"] == 40
    # Full time over the pieces on cases is the case time under the new definition.
    on_case = r.loc[r["case_id"].notna(), "duration_min"].sum()
    assert p.loc[p.index.get_level_values(0).notna(), "full_min"].sum() == pytest.approx(on_case)
    assert p["full_min"].sum() == pytest.approx(e["duration_min"].sum())


def test_a_break_between_the_visit_and_the_journey_is_not_work_but_the_gap_still_counts():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 25, "travel", "travel"),
        ("W1", "C1", "2026-03-02 09:30", 60, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 10:30", 10, "break", "non_work"),
        ("W1", None, "2026-03-02 10:45", 25, "travel", "travel"),  # 15 min after the visit
    ])
    r = return_journeys(e)
    assert r["return_journey"].tolist() == [False, False, False, True]
    assert r.loc[3, "case_id"] == "C1" and pd.isna(r.loc[2, "case_id"])


def test_return_journeys_written_without_a_case_come_back_to_their_visits(study):
    # Blank the case of every journey back from a sitting (by the simulator's own pieces).
    ep, back = journeys_back(study)
    assert back.sum() > 500
    cut = ep.assign(case_id=ep["case_id"].where(~back))
    r = return_journeys(cut)
    found = r["return_journey"].to_numpy()
    assert not (found & ~back).any()  # nothing filled that was not a way back
    assert found[back].mean() > 0.95  # all of them in this study
    assert (r.loc[found, "case_id"] == ep.loc[found, "case_id"]).all()
    full = pieces_of_work(ep).groupby("task_type")["full_min"].sum()
    again = pieces_of_work(r).groupby("task_type")["full_min"].sum()
    visits = ["statutory_visit", "unannounced_visit", "core_group"]
    assert np.allclose(again[visits], full[visits], rtol=0.01)


def test_a_visit_written_as_two_touching_rows_still_has_its_journey_back():
    # One visit in two rows (as pieces_of_work counts it: one piece); the journey back
    # follows the second row, the journey out led to the first.
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 25, "travel", "travel"),
        ("W1", "C1", "2026-03-02 09:30", 30, "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-02 10:00", 30, "statutory_visit", "direct_work"),
        ("W1", None, "2026-03-02 10:35", 25, "travel", "travel"),  # back: C1's
        ("W2", "C2", "2026-03-02 09:00", 25, "travel", "travel"),
        ("W2", "C2", "2026-03-02 09:30", 30, "statutory_visit", "direct_work"),
        ("W2", "C2", "2026-03-02 10:15", 30, "statutory_visit", "direct_work"),  # a break,
        ("W2", None, "2026-03-02 10:50", 25, "travel", "travel"),  # nothing else: one visit
    ])  # (audit24p: a visit in two sittings around a break of up to 60 minutes is one visit)
    r = return_journeys(e)
    assert r["return_journey"].tolist() == [False] * 3 + [True] + [False] * 3 + [True]
    assert r.loc[3, "case_id"] == "C1"
    p = pieces_of_work(r, link_within_days={})
    visit = p.loc[p["task_type"].eq("statutory_visit") & p["case_id"].eq("C1")]
    assert len(visit) == 1 and visit["linked_travel_min"].iloc[0] == 50


def test_a_journey_after_notes_of_the_given_notes_task_types_is_not_a_way_back():
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", 25, "travel", "travel"),
        ("W1", "C1", "2026-03-02 09:30", 30, "visit_record", "recording"),
        ("W1", None, "2026-03-02 10:05", 25, "travel", "travel"),
    ])
    assert return_journeys(e)["return_journey"].tolist() == [False, False, True]
    r = return_journeys(e, notes=("visit_record",))
    assert r["return_journey"].tolist() == [False, False, False]


def test_fit_study_gives_the_return_rule_the_notes_task_types_of_its_piece_options(monkeypatch):
    import timestudy.models as models

    seen = {}

    class Stop(Exception):
        pass

    def spy(used, **kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(models, "return_journeys", spy)
    e = _diary([("W1", "C1", "2026-03-02 09:00", 60, "statutory_visit", "direct_work"),
                ("W2", "C1", "2026-03-02 09:00", 60, "statutory_visit", "direct_work")])
    cases = pd.DataFrame({"case_id": ["C1"], "case_type": ["CIN"]})
    with pytest.raises(Stop):
        models.fit_study(e, cases, piece_options={"notes": ("visit_record",)})
    assert seen["notes"] == ("visit_record",)
