"""Observe counts people per published cell (review 23a): a category only one of six
workers did was published at category level (time budget mean_participants_min 47,
participation 0.167, ``workers`` 6: the group's count, not the category's; multitasking
minutes 47; interruptions mean and median task 47), and free-text ``interrupted_by``
sources were published word for word."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.observe import observation_study

FEW = "fewer than 5"  # a count of 1 to 4 people, as published since obs24


def _six(make) -> pd.DataFrame:
    """Y1..Y5 and X: travel 11:00-12:00 (6 people); Y1..Y5 admin 12:00-12:10 (5); X alone
    recording 09:00-09:47 (1), one session each."""
    parts = [make([(f"Y{i}", "11:00", "12:00", "travel"), (f"Y{i}", "12:00", "12:10", "admin")]
                  ).assign(session_id=f"SY{i}", observer="O1") for i in range(1, 6)]
    parts.append(make([("X", "09:00", "09:47", "recording"), ("X", "11:00", "12:00", "travel")]
                      ).assign(session_id="SX", observer="O1"))
    return pd.concat(parts, ignore_index=True)


def test_a_category_of_one_person_is_withheld_in_every_table(make):
    """Recording: 1 person, withheld (before: mean_participants_min 47, participation 1/6 =
    0.167, workers 6). The ``all`` rows give recording back as the total less the rest, so
    the smallest other category goes too: admin (5 people) before travel (6). Travel is
    shown: mean 360 / 6 units = 60 min, workers 6; the all row 47 + 360 + 50 = 457 minutes.
    Each row's ``workers`` is its category's: recording 1, admin 5."""
    s = observation_study(_six(make))
    t = s.tables()
    b = t["time_budget"].set_index("category")
    # a count of 1 to 4 people is a band since obs24 (test_people_counts.py)
    assert b["workers"].to_dict() == {"admin": 5, "recording": FEW, "travel": 6, "all": 6}
    assert b.loc[["recording", "admin"], ["mean_min", "participation",
                                          "mean_participants_min", "share_of_time"]
                 ].isna().all().all()
    assert b.loc["travel", "mean_min"] == pytest.approx(60.0)
    m = t["multitasking"].set_index("category")
    assert m.loc[["recording", "admin"], "minutes"].isna().all()
    assert m.loc["travel", "minutes"] == 360.0 and m.loc["all", "minutes"] == 457.0
    i = t["interruptions"].set_index("category")
    assert i.loc[["recording", "admin"], ["mean_task_min", "median_task_min"]].isna().all().all()
    assert i.loc["travel", "mean_task_min"] == 60.0
    tr = t["transitions"].set_index("from")
    assert tr.loc["recording"].isna().all() and tr[["recording", "admin"]].isna().all().all()
    # tempogram (obs24): recording's and admin's shares withheld where anyone did them (X's
    # slots, and 12:00, admin's only one, with its time observed); their zeros are shown
    tempo = t["tempogram"].set_index("slot")
    assert tempo.loc[["09:00", "12:00"], ["recording", "admin", "observed"]].isna().all().all()
    assert tempo.loc["11:00", ["recording", "admin", "travel"]].tolist() == [0.0, 0.0, 1.0]
    assert "categories" in s.withheld()
    shown = observation_study(_six(make), min_workers=1).tables()["time_budget"]
    assert shown.set_index("category").loc["recording", "mean_participants_min"] == 47.0


def test_a_group_cell_of_one_person_and_its_complements_are_withheld(make):
    """Teams A (A1..A5) and B (B1..B5), all travel 11:00-12:00 and admin 12:00-12:10; B1
    alone recording 09:00-09:30. Study-wide recording (1) goes, and admin (10, before
    travel 10 by name) with it. Team B: recording and admin withheld. Team A: recording is 0
    people (a zero: shown, 0), admin withheld, so travel too (A's all row less admin);
    travel's total is published, so B's travel goes too. The teams' all rows stay: A
    (60 + 10) = 70 min, B 70 + 30 / 5 = 76."""
    rows = [make([(f"{g}{i}", "11:00", "12:00", "travel"), (f"{g}{i}", "12:00", "12:10", "admin")]
                 ).assign(session_id=f"S{g}{i}", team=g) for g in "AB" for i in range(1, 6)]
    rows.append(make([("B1", "09:00", "09:30", "recording")]).assign(session_id="SB1", team="B"))
    s = observation_study(pd.concat(rows, ignore_index=True), group="team")
    b = s.tables()["time_budget"].set_index(["team", "category"])["mean_min"]
    assert b[("Team A", "recording")] == 0.0
    assert b.drop([("Team A", "recording"), ("Team A", "all"), ("Team B", "all")]).isna().all()
    assert b[("Team A", "all")] == pytest.approx(70.0)
    assert b[("Team B", "all")] == pytest.approx(76.0)
    mine = observation_study(pd.concat(rows, ignore_index=True), group="team", min_workers=1)
    b = mine.tables()["time_budget"].set_index(["team", "category"])
    assert b.loc[("Team B", "recording"), ["workers", "mean_participants_min"]].tolist() == [1, 30]


def _sources(make) -> pd.DataFrame:
    """Y1..Y6: travel, admin interrupted (Y1 by a call naming a mother and child, the others
    by "phone"), travel; no task ids."""
    parts = []
    for i in range(1, 7):
        e = make([(f"Y{i}", "11:00", "11:30", "travel"), (f"Y{i}", "11:30", "11:40", "admin"),
                  (f"Y{i}", "11:40", "12:00", "travel")]).assign(session_id=f"S{i}", observer="O1")
        e["interrupted_by"] = [None, "call from Mrs Jane Smith (mother of child C123)"
                               if i == 1 else "phone", None]
        parts.append(e)
    return pd.concat(parts, ignore_index=True)


def test_free_text_sources_are_published_as_labels(make, tmp_path):
    """Without task ids the sources were published as written. Now ``Source 1`` (the call,
    first by its text) and ``Source 2`` (phone), text only in --internal; the call (1
    worker) is withheld and phone with it (the interruptions' total less phone's 5 would
    give it); ``--min-workers 1`` shows 1 and 5 interruptions, still by label."""
    path = tmp_path / "eps.csv"
    _sources(make).to_csv(path, index=False)
    for k, shown in (("5", [None, None]), ("1", [1, 5])):
        out, internal = tmp_path / f"out{k}", tmp_path / f"int{k}"
        assert main(["observe", str(path), "--out", str(out), "--internal", str(internal),
                     "--min-workers", k]) == 0
        assert not any("Smith" in p.read_text() for p in out.iterdir())
        src = pd.read_csv(out / "interruptions_sources.csv").set_index("source")
        assert src.loc[["Source 1", "Source 2"], "workers"].astype(str).tolist() == (
            [FEW, "5"] if k == "5" else ["1", "5"])
        got = src.loc[["Source 1", "Source 2"], "interruptions"].tolist()
        assert [None if pd.isna(v) else v for v in got] == shown
        text = pd.read_csv(internal / "interruptions_sources_text.csv")
        assert text.set_index("label").loc["Source 1", "source"].startswith("call from Mrs")


def test_a_source_is_counted_in_people_not_sessions(make):
    """P1 observed in 5 sessions (worker ids ``S1/P1``..``S5/P1``, one ``participant_key``),
    each an admin task interrupted by the call; P2..P6 once each, by phone. The call
    interrupted 1 person (was counted 5, one per session-scoped worker id, and shown):
    withheld, and phone (5 people) with it, the total being published."""
    parts = []
    for i, p in enumerate(["P1"] * 5 + ["P2", "P3", "P4", "P5", "P6"], start=1):
        e = make([(f"S{i}/{p}", "11:00", "11:30", "travel"), (f"S{i}/{p}", "11:30", "11:40", "admin"),
                  (f"S{i}/{p}", "11:40", "12:00", "travel")], day=f"2026-03-{i:02d}"
                 ).assign(session_id=f"S{i}", observer="O1", participant_key=f"QEH/{p}")
        e["interrupted_by"] = [None, "call from Mrs Smith" if p == "P1" else "phone", None]
        parts.append(e)
    s = observation_study(pd.concat(parts, ignore_index=True))
    src = s.tables()["interruptions_sources"].set_index("source")
    assert src.loc[["Source 1", "Source 2"], "workers"].tolist() == [FEW, 5]
    assert src["interruptions"].isna().all()


def test_time_on_task_of_one_person_interrupted_is_withheld(make):
    """Y1..Y5 travel 11:00-12:00; X travel 11:00-11:30, recording 11:30-11:40, travel
    11:40-12:00: X's travel is the one task interrupted (a return after other work), 30 +
    20 = 50 min (was published: interrupted, 1 task, mean 50). Interrupted: 1 worker,
    withheld; uninterrupted (6 workers, 6 tasks: 5 x 60 + 10 = 310 / 6 = 51.7 min) with
    it, as the interruptions' all row (7 tasks, 360 / 7) would give X's back."""
    eps = pd.concat([make([(f"Y{i}", "11:00", "12:00", "travel")]).assign(session_id=f"S{i}")
                     for i in range(1, 6)] +
                    [make([("X", "11:00", "11:30", "travel"), ("X", "11:30", "11:40", "recording"),
                           ("X", "11:40", "12:00", "travel")]).assign(session_id="SX")],
                    ignore_index=True)
    d = observation_study(eps).tables()["interruptions_durations"].set_index("status")
    assert d["workers"].to_dict() == {"interrupted": FEW, "uninterrupted": 6}
    assert d[["tasks", "mean_min", "median_min"]].isna().all().all()
    mine = observation_study(eps, min_workers=1).tables()["interruptions_durations"]
    mine = mine.set_index("status")
    assert mine.loc["interrupted", ["tasks", "mean_min"]].tolist() == [1, 50.0]
    assert mine.loc["uninterrupted", "mean_min"] == pytest.approx(310 / 6)


def test_one_person_multitasking_is_withheld(make):
    """Y1..Y5 and X: travel 11:00-12:00, admin 12:00-12:10; X also a phone call
    11:10-11:30 during travel: 20 min multitasking, X's alone (was published: travel and
    all 20 min, share 20 / 420 = 0.048 in the summary, 20 min at 2 activities). Now
    multitasking_workers 1: withheld in the label and all rows, the summary and the level
    of 2 (and level 1, its complement); travel's own minutes stay (6 people: 360)."""
    eps = pd.concat(
        [make([(f"Y{i}", "11:00", "12:00", "travel"), (f"Y{i}", "12:00", "12:10", "admin")]
              ).assign(session_id=f"S{i}") for i in range(1, 6)]
        + [make([("X", "11:00", "12:00", "travel"), ("X", "11:10", "11:30", "phone"),
                 ("X", "12:00", "12:10", "admin")]).assign(session_id="SX")],
        ignore_index=True)
    t = observation_study(eps).tables()
    m = t["multitasking"].set_index("category")
    assert m.loc[["travel", "all"], "multitasking_workers"].tolist() == [FEW, FEW]
    assert m[["multitasking_min", "share_multitasking"]].isna().all().all()
    assert m.loc["travel", "minutes"] == 360.0
    assert pd.isna(t["summary"].set_index("measure").loc["share_multitasking", "value"])
    levels = t["multitasking_levels"].set_index("activities")
    assert levels["workers"].to_dict() == {1: 6, 2: FEW} and levels["minutes"].isna().all()
    mine = observation_study(eps, min_workers=1).tables()
    assert mine["multitasking"].set_index("category").loc["all", "multitasking_min"] == 20.0
    assert mine["multitasking_levels"].set_index("activities").loc[2, "minutes"] == 20.0


def test_a_transition_one_person_made_is_withheld(make):
    """Y1..Y5: travel 11:00-11:30, admin -11:40, recording -12:00; X: travel, recording,
    admin (each category 6 people). Travel to recording is X's alone (was published: 1 / 6
    = 0.167), so withheld, and travel to admin (5 of 6 = 0.833) with it (the row adds up
    to 1); 6 transitions out of travel stay. Admin to recording: 5 people, 1.0, shown.
    Out of recording only X moved (to admin): the row is withheld, transitions_out too."""
    eps = pd.concat(
        [make([(f"Y{i}", "11:00", "11:30", "travel"), (f"Y{i}", "11:30", "11:40", "admin"),
               (f"Y{i}", "11:40", "12:00", "recording")]).assign(session_id=f"S{i}")
         for i in range(1, 6)]
        + [make([("X", "11:00", "11:30", "travel"), ("X", "11:30", "11:40", "recording"),
                 ("X", "11:40", "12:00", "admin")]).assign(session_id="SX")],
        ignore_index=True)
    t = observation_study(eps).tables()["transitions"].set_index("from")
    assert t.loc["travel", ["admin", "recording"]].isna().all()
    assert t.loc["travel", "transitions_out"] == 6
    assert t.loc["admin", "recording"] == 1.0
    assert t.loc["recording"].isna().all()
    mine = observation_study(eps, min_workers=1).tables()["transitions"].set_index("from")
    assert mine.loc["travel", "recording"] == pytest.approx(1 / 6)


def test_a_tempogram_share_of_one_person_is_withheld(make):
    """Y1..Y5 travel 11:00-12:00, admin 12:00-12:15; Z1..Z5 phone 11:00-12:15; X admin
    11:00-11:15, travel 11:15-12:00, admin 12:00-12:15. Slot 11:00 observes 11 people:
    admin 1/11 (X alone: was published) is withheld. Its slot's total and admin's total
    would each give it back; since obs24 the cheapest rectangle through it is withheld
    (was 7 cells, 11:15's phone and travel among them): 11:00 phone (5 people), 12:00
    admin (6, admin's other slot) and 12:00 phone (5). Each slot's two and each label's
    two can trade any amount: 11:00 admin + phone = 6/11 of 165 = 90 min, 12:00 165
    min, admin 105, phone 375 - 3 x 75 = 150; one unknown left free. Shown: 11:15 to
    11:45 (travel 6/11, phone 5/11), 11:00's travel 5/11, admin 0 at 11:15 (no one's)."""
    eps = pd.concat(
        [make([(f"Y{i}", "11:00", "12:00", "travel"), (f"Y{i}", "12:00", "12:15", "admin")]
              ).assign(session_id=f"S{i}") for i in range(1, 6)]
        + [make([(f"Z{i}", "11:00", "12:15", "phone")]).assign(session_id=f"T{i}")
           for i in range(1, 6)]
        + [make([("X", "11:00", "11:15", "admin"), ("X", "11:15", "12:00", "travel"),
                 ("X", "12:00", "12:15", "admin")]).assign(session_id="SX")],
        ignore_index=True)
    t = observation_study(eps).tables()["tempogram"].set_index("slot")
    labels = ["admin", "phone", "travel"]
    assert t.loc[["11:00", "11:15", "12:00"], labels].isna().sum(axis=1).tolist() == [2, 0, 2]
    assert t.loc[["11:00", "12:00"], ["admin", "phone"]].isna().all().all()
    assert t.loc[["11:00", "12:00"], "travel"].tolist() == pytest.approx([5 / 11, 0.0])
    assert t.loc["11:30", labels].tolist() == pytest.approx([0.0, 5 / 11, 6 / 11])
    assert t["observed"].tolist() == [11.0] * 5
    mine = observation_study(eps, min_workers=1).tables()["tempogram"].set_index("slot")
    assert mine.loc["11:00", "admin"] == pytest.approx(1 / 11)


def test_one_slot_withheld_is_not_given_back_by_the_total(make):
    """Y1..Y5 travel, Z1..Z5 admin, 11:00-12:00; X travel 09:00-09:10, alone. Slot 09:00
    (1 worker) is withheld, but its time observed was the total less the rest: 610 min
    observed (multitasking's all row) / 15 = 40.67 slots, less 4 x 10 = 40, gives X's
    0.67. Now a second slot's goes too, the fewest workers first (11:00, 10, the first of
    four); 11:15 stays (10)."""
    eps = pd.concat([make([(f"{g}{i}", "11:00", "12:00", c)]).assign(session_id=f"S{g}{i}")
                     for g, c in (("Y", "travel"), ("Z", "admin")) for i in range(1, 6)]
                    + [make([("X", "09:00", "09:10", "travel")]).assign(session_id="SX")],
                    ignore_index=True)
    s = observation_study(eps)
    assert s.tables()["multitasking"].set_index("category").loc["all", "minutes"] == 610.0
    t = s.tables()["tempogram"].set_index("slot")
    assert t.loc[["09:00", "11:00"], "observed"].isna().all()
    assert t.loc["11:15", "observed"] == 10.0
    mine = observation_study(eps, min_workers=1).tables()["tempogram"].set_index("slot")
    assert mine.loc["09:00", "observed"] == pytest.approx(10 / 15)
