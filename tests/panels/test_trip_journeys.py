"""Journeys on trips of several stops (audit 10, G2 and G3): every leg goes to the visit it
was for, every minute once.

G2: two children of one family (cases A and B) visited together; the worker writes the
journey once per child, as two legs back to back, and the way back the same way. Before,
a leg whose neighbour was the other child's leg or visit went to no visit: a travel piece
of its own.

G3: office -> visit A -> visit B -> office, the middle and last legs written with no case.
Before, the middle leg was taken as A's way back (the return-journey rule), B's visit had
no journey there, and the last leg, after a visit no journey on its case led to, stayed
non-case.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys

DAY = "2026-03-10"


def _pieces(rows, worker="W01") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows (start, end, activity, case) read, categorised, their case-less journeys
    given a case (as fit_study does) and made pieces: (episodes, pieces)."""
    frame = pd.DataFrame([(f"{DAY}T{a}", f"{DAY}T{b}", act, case) for a, b, act, case in rows],
                         columns=["start", "end", "activity", "case_id"]).assign(worker_id=worker)
    e = return_journeys(categorise(read_diary(frame, warn=False).episodes))
    return e, pieces_of_work(e).set_index(["case_id", "task_type"])


SIBLINGS = [
    ("09:00", "09:20", "checking emails", None),
    ("09:20", "09:40", "travel to visit", "A"),
    ("09:40", "10:00", "travel to visit", "B"),
    ("10:00", "10:30", "CP statutory visit - A", "A"),
    ("10:30", "11:00", "CP statutory visit - B", "B"),
    ("11:00", "11:20", "travel back to office", "A"),
    ("11:20", "11:40", "travel back to office", "B"),
    ("11:40", "12:30", "checking emails", None),
]


def test_siblings_legs_written_back_to_back_go_to_their_own_visits():
    """G2, the visits one after the other. By hand: A's leg out (09:20-09:40, 20) leads to
    A's visit (10:00-10:30) past B's leg; B's leg out (20) to B's visit (10:30-11:00) past
    A's visit; A's leg back (11:00-11:20, 20) returns from A's visit past B's visit; B's
    (11:20-11:40, 20) from B's visit past A's leg. Each visit 30 direct + 40 travel = 70
    full; no travel piece keeps a minute; non-case 20 + 50 = 70 (email). In: 210 = 70 +
    70 + 70. Before: each visit 30 full and 80 travel minutes in travel pieces of their
    own (40 on A, 40 on B)."""
    e, p = _pieces(SIBLINGS)
    for case in ("A", "B"):
        visit = p.loc[(case, "statutory_visit")]
        assert visit["direct_min"] == 30.0, case
        assert visit["linked_travel_min"] == 40.0, case
        assert visit["full_min"] == 70.0, case
        assert p.loc[(case, "travel"), "full_min"] == 0.0, case
    assert p.loc[p.index.get_level_values(0).isna(), "full_min"].sum() == 70.0
    assert p["full_min"].sum() == pytest.approx(e["counted_min"].sum()) == 210.0


def test_siblings_legs_go_to_their_own_visits_when_the_visits_share_their_times():
    """G2, both visits written 10:00-11:00: the same-times rule shares the hour, 30 direct
    each. By hand as above: each visit 30 + 40 = 70 full, the travel pieces 0, non-case
    70, in 210. Before: B's leg out led to B's visit (the one on its case of the two
    starting at 10:00), B's visit 50; A's 40 minutes and B's way back (20) stayed travel
    pieces."""
    rows = [r for r in SIBLINGS if "visit -" not in r[2]]
    rows[2:2] = [("10:00", "11:00", "CP statutory visit - A", "A"),
                 ("10:00", "11:00", "CP statutory visit - B", "B")]
    e, p = _pieces(rows)
    for case in ("A", "B"):
        assert p.loc[(case, "statutory_visit"), "direct_min"] == 30.0, case
        assert p.loc[(case, "statutory_visit"), "full_min"] == 70.0, case
        assert p.loc[(case, "travel"), "full_min"] == 0.0, case
    assert p["full_min"].sum() == pytest.approx(e["counted_min"].sum()) == 210.0


TRIP = [
    ("08:30", "09:00", "checking emails", None),
    ("09:00", "09:30", "travel to visit", "A"),
    ("09:30", "10:30", "CP statutory visit - A", "A"),
    ("10:30", "10:50", "travel", None),
    ("10:50", "11:40", "CP statutory visit - B", "B"),
    ("11:40", "12:10", "travel back to office", None),
    ("12:10", "12:30", "checking emails", None),
]


def test_a_blank_middle_leg_leads_to_the_next_stop_and_the_last_is_its_way_back():
    """G3. By hand: the journey out on A (09:00-09:30, 30) leads to A's visit (60): 90
    full. The blank 10:30-10:50 (20) ends where B's visit begins, on another case than A,
    and B is left by a journey (11:40): it leads to B. The blank 11:40-12:10 (30) follows
    B, which a journey now on B led to: B's way back. B: 50 + 20 + 30 = 100. Non-case:
    email 30 + 20 = 50. In: 240 = 90 + 100 + 50. Before: A 60 + 30 + 20 = 110, B 50, and
    30 minutes of non-case travel (non-case 80)."""
    e, p = _pieces(TRIP)
    assert p.loc[("A", "statutory_visit"), "full_min"] == 90.0
    assert p.loc[("B", "statutory_visit"), "linked_travel_min"] == 50.0
    assert p.loc[("B", "statutory_visit"), "full_min"] == 100.0
    assert p.loc[p.index.get_level_values(0).isna(), "full_min"].sum() == 50.0
    assert p["full_min"].sum() == pytest.approx(e["counted_min"].sum()) == 240.0
    assert e["case_id"].tolist()[3:6] == ["B", "B", "B"]
    assert e["journey_to"].tolist() == [False, False, False, True, False, False, False]
    assert e["return_journey"].tolist() == [False] * 5 + [True, False]


def test_a_blank_leg_between_three_stops_leads_to_each_next_one():
    """office -> A -> B -> C -> office, every leg after the first blank (each 20 minutes,
    each visit 40). By hand: A 40 + 20 = 60; B 40 + 20 = 60; C 40 + 20 (to) + 20 (back)
    = 80. In: 20 + 3 * 40 + 3 * 20 = 200 = 60 + 60 + 80."""
    rows = [("09:00", "09:20", "travel to visit", "A"),
            ("09:20", "10:00", "CP statutory visit - A", "A"),
            ("10:00", "10:20", "travel", None),
            ("10:20", "11:00", "CP statutory visit - B", "B"),
            ("11:00", "11:20", "travel", None),
            ("11:20", "12:00", "CP statutory visit - C", "C"),
            ("12:00", "12:20", "travel back to office", None)]
    e, p = _pieces(rows)
    full = p.xs("statutory_visit", level="task_type")["full_min"].to_dict()
    assert full == {"A": 60.0, "B": 60.0, "C": 80.0}
    assert p["full_min"].sum() == pytest.approx(200.0)


@pytest.mark.parametrize("then", [
    ("10:50", "11:40", "call with mum - B", "B"),  # a call: no journey leads to it
    ("10:50", "11:40", "court statement - B", "B"),  # office work, left by no journey
])
def test_a_blank_leg_before_a_call_or_office_work_stays_the_way_back(then):
    """The blank 10:30-10:50 after A's visit is A's way back, as the return-journey rule
    has it, when what follows is a call (a call needs no journey) or work at the office
    that no journey leaves (here the emails follow). A: 60 + 30 + 20 = 110 full."""
    rows = [*TRIP[:4], then, *TRIP[6:]]
    e, p = _pieces(rows)
    assert p.loc[("A", "statutory_visit"), "full_min"] == 110.0
    assert e["case_id"].tolist()[3] == "A" and not e["journey_to"].any()


def test_a_journey_with_a_neighbour_on_its_case_keeps_it():
    """Travel out, the visit, travel back on X, then at the office straight after a
    strategy meeting on Y and one on X: the way back returns from the visit, its neighbour
    on X, and is not shared with X's meeting further along the trip. The visit: 60 + 20 +
    20 = 100; X's meeting 30, Y's 30."""
    rows = [("09:00", "09:20", "travel to visit", "X"),
            ("09:20", "10:20", "CP statutory visit - X", "X"),
            ("10:20", "10:40", "travel back to office", "X"),
            ("10:40", "11:10", "strategy meeting - Y", "Y"),
            ("11:10", "11:40", "strategy meeting - X", "X")]
    _, p = _pieces(rows)
    assert p.loc[("X", "statutory_visit"), "full_min"] == 100.0
    assert p.loc[("X", "strategy_meeting"), "full_min"] == 30.0


def test_the_trip_ends_at_work_without_a_case_or_a_long_gap():
    """Travel on A at 09:00, email, A's visit at 09:40: the email ends the trip, so the leg
    finds nothing along it. Rows in time order, minutes as ns."""
    from timestudy.panels.journeys import along_the_trip

    case = np.array([0, -1, 0])
    start = np.array([0, 20, 40])
    travel = np.array([True, False, False])
    trip = along_the_trip(np.zeros(3, int), start, start + 20, case, travel, ~travel,
                          np.zeros(3, bool), 30)
    assert trip.after(np.array([0])).tolist() == [-1]
    gap = along_the_trip(np.zeros(2, int), np.array([0, 60]), np.array([20, 80]),
                         np.array([0, 0]), np.array([True, False]), np.array([False, True]),
                         np.zeros(2, bool), 30)
    assert gap.after(np.array([0])).tolist() == [-1]  # 40 minutes apart: two trips


def test_between_two_stops_wants_another_case_and_the_same_worker():
    """A blank leg between two sittings of one case, or whose next row is another
    worker's, leads nowhere (the return rule keeps it)."""
    from timestudy.panels.journeys import between_two_stops

    case, start = np.array([0, -1, 0, -1]), np.array([0, 60, 80, 130])
    end, travel = np.array([60, 80, 130, 150]), np.array([False, True, False, True])
    args = (start, end, travel, ~travel, np.zeros(4, bool), np.array([-1, 0, 1, 2]),
            np.arange(4), 30)
    assert between_two_stops(np.zeros(4, int), case, *args).tolist() == [-1] * 4
    other = np.array([0, -1, 1, -1])
    assert between_two_stops(np.zeros(4, int), other, *args).tolist() == [-1, 2, -1, -1]
    assert between_two_stops(np.array([0, 0, 1, 1]), other, *args).tolist() == [-1] * 4
