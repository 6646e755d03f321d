"""Observe's complements withhold no more than they must (obs24).

Before, a category of fewer than 5 people among 9 blanked nearly every tempogram share: its
complement in the time budget (the smallest other category) lost its whole tempogram
column, and the complements chained from there through every slot. Now a withheld figure
gets the fewest further cells that stop every subtraction the published totals allow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.observe import observation_study
from timestudy.observe._secondary import protect, recovered

SLOT = 15  # minutes


def _nine(make) -> pd.DataFrame:
    """P1..P9, one session each, 11:00-11:45 (three 15-minute slots). P1..P4 recording
    11:00-11:05 then travel to 11:10; P5..P9 travel 11:00-11:10; all nine admin
    11:10-11:25, phone 11:25-11:45."""
    parts = []
    for i in range(1, 10):
        head = ([(f"P{i}", "11:00", "11:05", "rec"), (f"P{i}", "11:05", "11:10", "travel")]
                if i <= 4 else [(f"P{i}", "11:00", "11:10", "travel")])
        rows = head + [(f"P{i}", "11:10", "11:25", "admin"), (f"P{i}", "11:25", "11:45", "phone")]
        parts.append(make(rows).assign(session_id=f"S{i}"))
    return pd.concat(parts, ignore_index=True)


def _attack(tempo: pd.DataFrame, totals: pd.Series, labels: list[str]) -> set:
    """Every figure the published tables give by subtraction, chained to the end.

    Minutes of a cell are share x observed x 15. Equations: a slot's cells add up to its
    time observed; a label's cells to its minutes (multitasking's ``minutes``, as the time
    budget's mean x units); the labels' minutes and the slots' times to the ``all`` row.
    Any equation with one unknown left gives it; repeat until none does. Returns the
    (slot, label) cells and ("total", label) totals recovered that were withheld."""
    t = tempo.set_index("slot")
    known = {}
    for s in t.index:
        if pd.notna(t.loc[s, "observed"]):
            known[("observed", s)] = t.loc[s, "observed"] * SLOT
            for c in labels:
                if pd.notna(t.loc[s, c]):
                    known[(s, c)] = t.loc[s, c] * known[("observed", s)]
    for c in labels:
        if pd.notna(totals[c]):
            known[("total", c)] = totals[c]
    grand = totals["all"]
    equations = ([([(s, c) for c in labels], ("observed", s)) for s in t.index]
                 + [([(s, c) for s in t.index], ("total", c)) for c in labels]
                 + [([("total", c) for c in labels], None),
                    ([("observed", s) for s in t.index], None)])
    names = {n for parts, total in equations for n in [*parts, total] if n is not None}
    withheld = names - set(known)
    got = set()
    while True:
        before = len(known)
        for parts, total in equations:
            names = parts + ([total] if total is not None else [])
            unknown = [n for n in names if n not in known]
            if len(unknown) == 1:
                whole = known[total] if total is not None and total in known else grand
                rest = sum(known[p] for p in parts if p in known)
                known[unknown[0]] = (whole - rest) if unknown[0] != total else rest
                got.add(unknown[0])
        if len(known) == before:
            return got & withheld


def test_a_category_of_four_among_nine_withholds_two_shares(make):
    """People by slot and label (hand count): 11:00 rec 4, travel 9, admin 9 (P1..P9
    11:10-11:15), phone 0; 11:15 admin 9, phone 9; 11:30 phone 9. Minutes: 11:00 rec 20,
    travel 4 x 5 + 5 x 10 = 70, admin 45 (of 135); 11:15 admin 90, phone 45; 11:30 phone
    135. Totals: rec 20, travel 70, admin 135, phone 180; all 405.

    rec (4 people) is withheld, and admin with it in the label totals (the smallest other:
    9 people, first by name), as before. Before, the tempogram lost admin's, phone's and
    rec's columns and 11:00's and 11:30's time observed: every share but 11:15's travel 0.
    Now two shares go: rec at 11:00 (4 people) and admin at 11:00, 11:00's smallest other
    (45 / 135 = 0.333; travel 0.519 is shown). 11:00's two add up to 65 minutes and
    admin's total (withheld) is 45 + 90: rec = 65 - admin@11:00 with admin@11:00 =
    admin's total - 90, neither known, so no subtraction gives either back."""
    s = observation_study(_nine(make))
    t = s.tables()
    tempo = t["tempogram"].set_index("slot")
    labels = ["admin", "phone", "rec", "travel"]
    assert s.tempogram.people.loc[["11:00", "11:15", "11:30"], labels].to_numpy().tolist() == [
        [9, 0, 4, 9], [9, 9, 0, 0], [0, 9, 0, 0]]
    gone = tempo[labels].isna()
    assert gone.sum().sum() == 2 and gone.loc["11:00", ["rec", "admin"]].all()
    assert tempo["observed"].tolist() == [9.0, 9.0, 9.0]
    assert tempo.loc["11:00", "travel"] == pytest.approx(70 / 135)
    assert tempo.loc["11:15", ["admin", "phone"]].tolist() == pytest.approx([90 / 135, 45 / 135])
    m = t["multitasking"].set_index("category")["minutes"]
    assert m[["rec", "admin"]].isna().all() and m[["travel", "phone", "all"]].tolist() == [
        70.0, 180.0, 405.0]
    assert _attack(t["tempogram"], m, labels) == set()
    assert "tempogram" in s.withheld()["categories"]


def test_each_withheld_share_is_needed(make):
    """The two withheld shares are the fewest: publish either and the attack gives both
    back (rec@11:00 = 135 - 70 - admin@11:00, or admin@11:00 = 135 - 70 - 20), and with it
    rec's total (20) and admin's (135), from the ``all`` row."""
    s = observation_study(_nine(make))
    t = s.tables()
    mine = observation_study(_nine(make), min_workers=1).tables()["tempogram"]
    m = t["multitasking"].set_index("category")["minutes"]
    labels = ["admin", "phone", "rec", "travel"]
    for label in ("rec", "admin"):
        shown = t["tempogram"].copy()
        shown.loc[0, label] = mine.loc[0, label]
        assert _attack(shown, m, labels) == {("11:00", "rec"), ("11:00", "admin"),
                                             ("total", "rec"), ("total", "admin")} - {
            ("11:00", label)}


def test_the_rule_on_a_grid_by_hand():
    """3 slots x 3 labels, every total published. Cell (0, 0) of 2 people is withheld; no
    single other cell protects it (its row and its column each give it), so the cheapest
    rectangle goes: (0, 1), (1, 0), (1, 1) (people 5, 6, 5: rows 0 and 1 by labels a and
    b, the smallest above the threshold); row 2 (people 9) stays."""
    people = pd.DataFrame({"a": [2, 6, 9], "b": [5, 5, 9], "c": [7, 8, 9]})
    hidden, rows = protect(people, people.lt(5), pd.Series(True, index=people.index),
                           pd.Series(True, index=people.columns))
    assert hidden.to_numpy().tolist() == [[True, True, False], [True, True, False],
                                          [False, False, False]]
    assert rows.all()
    cells, totals = recovered(hidden.to_numpy(), np.ones(3, bool), np.ones(3, bool))
    assert not cells.any() and not totals.any()


def test_two_slots_of_withheld_cells_do_not_give_a_total_back(make):
    """W1..W6 documentation 09:00-09:30, direct care 09:30-10:00, travel 10:00-10:10; X
    recording 09:00-09:30 alone. Recording (1 person) is withheld, and direct care (6,
    first by name) as its complement in the label totals. Slots 09:00 and 09:15 hold
    documentation (6 x 15 = 90 min) and recording (15) each, both withheld; but their
    time observed (7 x 15 = 105 each) less documentation's total (180, published) gave
    recording's 30 minutes back: (105 + 105) - 180 = 30 (so it was before obs24, and at
    the first obs24 commit). Now 09:00's time observed is withheld too, and the attack
    recovers nothing."""
    eps = pd.concat([make([(f"W{i}", "09:00", "09:30", "documentation"),
                           (f"W{i}", "09:30", "10:00", "direct care"),
                           (f"W{i}", "10:00", "10:10", "travel")]).assign(session_id=f"S{i}")
                     for i in range(1, 7)]
                    + [make([("X", "09:00", "09:30", "recording")]).assign(session_id="SX")],
                    ignore_index=True)
    t = observation_study(eps).tables()
    m = t["multitasking"].set_index("category")["minutes"]
    assert m[["documentation", "travel", "all"]].tolist() == [180.0, 60.0, 450.0]
    tempo = t["tempogram"].set_index("slot")
    assert tempo.loc[["09:00", "09:15"], ["documentation", "recording"]].isna().all().all()
    assert pd.isna(tempo.loc["09:00", "observed"]) and tempo.loc["09:15", "observed"] == 7.0
    labels = ["direct care", "documentation", "recording", "travel"]
    assert _attack(t["tempogram"], m, labels) == set()
