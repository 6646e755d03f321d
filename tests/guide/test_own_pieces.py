"""Audit 11: a travel or case-notes row of the tasks table counts only its pieces of their own.

A hand-made week (9-13 March 2026) of six workers, W1..W6, each holding cases C<w> and D<w>.
Every day: travel to a visit on C 09:00-09:30, the home visit 09:30-10:30, travel back on C
10:30-11:00, case notes on C 11:00-11:45, lunch, emails 12:30-16:30. Each of ``extra``
workers also has, on Wednesday, travel on D 16:30-17:10 and case notes on D 17:10-17:30 (no
piece of work on D: neither is claimed), and on Friday a journey on C 16:30-16:50 (five and a
half hours after the visit: not its journey; with that day's journeys on C one piece of
travel, 20 of its 80 minutes claimed by no piece).

By hand, per worker (all six ``extra``): the visit claims its journeys there and back and the
notes straight after it, so each visit's full time is 60 + 30 + 30 + 45 = 165 min (2.75 h).
Travel is 6 pieces as linked (a day's journeys on a case: 5 days on C, Wednesday on D) of
4 x 60 + 80 + 40 = 360 min; of them only Wednesday's D (40 min) and the unclaimed 20 min of
Friday's C piece are no visit's: 2 pieces of their own. Notes: 6 pieces (5 on C, 1 on D), 5 x 45 + 20 = 245 min, 1 of its own
(20 min). Over six workers: travel 12 pieces of their own of (6 x 40 + 6 x 20) / 12 = 30 min
(0.5 h), notes 6 of 20 min (1/3 h), visits 30 of 60 direct min and 2.75 full hours. The
hours per FTE-week stay all of each task's time (6 FTE-weeks): travel 6 x 360 / 60 / 6 = 6 h,
notes 245 / 60 = 4.0833 h. The rows' pieces times full hours add up to the case time once:
30 x 165 + 12 x 30 + 6 x 20 = 5,430 min = 6 x (300 + 360 + 245). (Before: travel showed all
36 pieces of 2,160 / 36 = 60 min and notes 36 of 1,470 / 36 = 40.83 min, so a
reader counting pieces or adding the rows' time counted the 6 x (300 + 225) = 3,150 claimed
minutes twice: once in the visits' full hours, once in these rows.)
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy.models import estimate_task_times
from timestudy.panels import TRAVEL_GAP_MIN
from timestudy.panels.own_pieces import pieces_of_their_own
from timestudy.pipeline import run_study
from timestudy.report.excel import CLAIMED_WHY, _tasks_frame
from timestudy.report.rows import ALL_CLAIMED, task_rows

DAYS = ["09", "10", "11", "12", "13"]
WORKERS = [f"W{w}" for w in range(1, 7)]


def _diary(extra) -> str:
    lines = ["worker_id,date,start_time,end_time,activity,case_id"]
    for w in range(1, 7):
        for d in DAYS:
            day = f"W{w},{d}/03/2026"
            lines += [f"{day},09:00,09:30,Travel to visit,C{w}",
                      f"{day},09:30,10:30,Home visit,C{w}",
                      f"{day},10:30,11:00,Travel back to office,C{w}",
                      f"{day},11:00,11:45,Case notes,C{w}",
                      f"{day},12:00,12:30,Lunch,",
                      f"{day},12:30,16:30,Emails,"]
            if w in extra and d == "11":
                lines += [f"{day},16:30,17:10,Travel to office,D{w}",
                          f"{day},17:10,17:30,Case notes,D{w}"]
            if w in extra and d == "13":
                lines += [f"{day},16:30,16:50,Travel to office,C{w}"]
    return "\n".join(lines) + "\n"


def _run(tmp_path_factory, extra):
    folder = tmp_path_factory.mktemp("own")
    diary = folder / "diary.csv"
    diary.write_text(_diary(extra))
    cases = pd.DataFrame({"case_id": [f"{c}{w}" for c in "CD" for w in range(1, 7)],
                          "case_type": "CIN", "worker_id": WORKERS * 2})
    workers = pd.DataFrame({"worker_id": WORKERS, "fte": 1.0, "contracted_hours": 37.0,
                            "role": "social_worker", "team": "A", "workdays": "Mon-Fri"})
    with warnings.catch_warnings():  # estimation warnings of a tiny study are expected
        warnings.simplefilter("ignore")
        return run_study(str(diary), cases, workers, min_workers=5, n_boot=19)


@pytest.fixture(scope="module")
def every(tmp_path_factory):
    """All six workers have travel and notes of their own."""
    return _run(tmp_path_factory, range(1, 7))


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Only W1..W3 have travel and notes of their own."""
    return _run(tmp_path_factory, range(1, 4))


@pytest.fixture(scope="module")
def none_own(tmp_path_factory):
    """No worker has: every journey and every note is a visit's."""
    return _run(tmp_path_factory, ())


def test_travel_and_notes_rows_count_only_their_pieces_of_their_own(every):
    """Travel 12 pieces of 30 min (0.5 h), notes 6 of 20 min: the module docstring's hand
    figures (before: 36 pieces of 60 min and 36 of 40.83 min)."""
    t = every.guide.tasks
    assert t.loc["travel", "n_pieces"] == 12 and t.loc["case_notes", "n_pieces"] == 6
    assert t.loc["travel", "direct_minutes"] == pytest.approx(30.0)
    assert t.loc["travel", "full_hours"] == pytest.approx(0.5)
    assert t.loc["case_notes", "direct_minutes"] == pytest.approx(20.0)
    assert t.loc["case_notes", "full_hours"] == pytest.approx(20 / 60)
    assert t.loc["statutory_visit", ["n_pieces", "direct_minutes", "full_hours"]].tolist() == \
        pytest.approx([30, 60.0, 2.75])
    # a piece of its own has no time given away: its interval is of the same minutes
    assert t.loc["travel", "direct_minutes_ci_low"] <= 30.0 <= t.loc[
        "travel", "direct_minutes_ci_high"]
    assert (t.loc["travel", "sittings_per_piece"], t.loc["travel", "n_workers"]) == (1.0, 6)
    item = next(x for x in every.guide.to_dict()["tasks"] if x["task_type"] == "travel")
    assert item["n_pieces"] == 12 and item["direct_minutes"]["estimate"] == pytest.approx(30)


def test_hours_per_fte_week_stay_all_of_the_time_and_the_rows_add_up_once(every):
    """Hours per FTE-week: travel 6 x 360 / 60 / 6 FTE-weeks = 6 h, notes 4.0833 h (all of
    it, claimed or not); the travel share times the hours worked per FTE-week (2,105 min a
    worker: 35.083 h) gives the travel row's hours back. Pieces times full hours over the case
    tasks: 30 x 165 + 12 x 30 + 6 x 20 = 5,430 min, the case time of the diary, once."""
    g = every.guide
    t = g.tasks
    assert t.loc["travel", "hours_per_fte_week"] == pytest.approx(6.0)
    assert t.loc["case_notes", "hours_per_fte_week"] == pytest.approx(245 / 60)
    worked = float(g.available.loc["hours_worked_per_fte_week", "estimate"])
    assert worked == pytest.approx(2105 / 60)
    assert g.category_shares.loc["travel", "share"] * worked == pytest.approx(6.0)
    case = ["statutory_visit", "travel", "case_notes"]
    assert float((t.loc[case, "n_pieces"] * t.loc[case, "full_hours"]).sum() * 60) == \
        pytest.approx(5430.0)
    assert float(every.models.pieces["full_min"].loc[
        every.models.pieces["case_id"].notna()].sum()) == pytest.approx(5430.0)


def test_few_workers_with_pieces_of_their_own_withhold_time_per_piece(three):
    """Only W1..W3 have travel of their own: 3 D journeys of 40 min and 3 Friday remainders
    of 20 (6 pieces), from 3 workers, fewer than min_workers = 5. Its time per piece rests on
    them, so its direct minutes, days and full hours per piece are withheld (the row, with its
    hours per FTE-week, rests on all six: (6 x 300 + 3 x 60) / 60 / 6 = 5.5 h). Before, the
    direct minutes of all 33 travel pieces as linked were published."""
    g = three.guide
    t = g.tasks.loc["travel"]
    n = g._unsuppressed_counts("tasks").loc["travel"]  # as measured (published: withheld)
    assert n["n_pieces"] == 6 and n["n_workers"] == 6 and n["n_workers_primary"] == 3
    assert np.isnan(t["n_workers_primary"])
    assert np.isnan([t["direct_minutes"], t["direct_minutes_ci_low"], t["full_hours"],
                     t["sittings_per_piece"]]).all()
    assert t["hours_per_fte_week"] == pytest.approx(5.5)
    records = {(s.table, s.key): s.reason for s in g.suppressed}
    assert records[("tasks.direct_minutes", "travel")] == (
        "fewer than 5 workers with pieces of their own")
    assert ("tasks.full_hours", "travel") in records


def test_travel_and_notes_all_claimed_have_no_piece_and_say_where_their_time_is(none_own):
    """Every journey and note is a visit's (the audit's study): 0 pieces of their own and no
    time per piece, hours per FTE-week all of their time (travel 5 x 60 / 60 = 5 h, notes
    5 x 45 / 60 = 3.75 h); the report's row says its time is in other pieces' full hours.
    Before: 30 pieces of 60 and of 45 min, counted again beside the visits' 2.75 h."""
    g = none_own.guide
    t = g.tasks
    for task, hours in (("travel", 5.0), ("case_notes", 3.75)):
        assert t.loc[task, "n_pieces"] == 0 and t.loc[task, "n_censored"] == 0
        assert np.isnan(t.loc[task, ["direct_minutes", "full_hours"]].astype(float)).all()
        assert t.loc[task, "hours_per_fte_week"] == pytest.approx(hours)
        assert not any(s.key == task for s in g.suppressed)  # none, not withheld
    rows = {r["task"]: r for r in task_rows(g)}
    assert rows["Travel"]["pieces of work"] == ALL_CLAIMED
    assert rows["Statutory visit"]["pieces of work"] == "30"
    frame = _tasks_frame(g).set_index("task")
    assert frame.loc["Travel", "why not shown"] == CLAIMED_WHY
    assert frame.loc["Travel", "pieces of work"] == 0


def test_rows_of_tasks_that_gave_nothing_away_are_as_estimated(every):
    """The models' task times are the tasks table's: travel and notes over their pieces of
    their own, the bootstrap drawing every worker; every other row is what an estimate
    that counts every piece gives, to the bit."""
    m = every.models
    table = m.task_times.table
    every_piece = estimate_task_times(m.pieces.drop(columns="attributed_min"), n_boot=19,
                                      seed=0, level=0.95).table
    same = ["statutory_visit", "email_admin"]
    pd.testing.assert_frame_equal(table.loc[same], every_piece.loc[same])
    assert table.loc["travel", "n_pieces"] == 12 and every_piece.loc["travel", "n_pieces"] == 36
    assert (table.loc[["travel", "case_notes"], "n_workers"] == 6).all()
    own = pieces_of_their_own(m.pieces)
    assert len(own) == 30 + 30 + 12 + 6  # visits, emails, travel and notes of their own
    assert (own["attributed_min"] == 0).all()
    assert float(own.loc[own["task_type"] == "travel", "direct_min"].sum()) == 6 * 60
    # travel and notes are those of the whole table of pieces of their own (its workers
    # the same, in the same order): the same figures and intervals
    whole = estimate_task_times(own, n_boot=19, seed=0, level=0.95).table
    redone = ["travel", "case_notes"]
    cols = [c for c in whole.columns if c not in ("category", "n_workers")]
    pd.testing.assert_frame_equal(table.loc[redone, cols], whole.loc[redone, cols])
    pd.testing.assert_frame_equal(every.guide.tasks[["n_pieces"]], table[["n_pieces"]]
                                  .loc[every.guide.tasks.index])


def _in_use(sensitivity: pd.DataFrame) -> list[pd.DataFrame]:
    """The sensitivity's rows at the definitions in use, by task: windows x1, gap 30 min."""
    at = [("link_within_days", 1.0), ("travel_gap_min", TRAVEL_GAP_MIN)]
    return [sensitivity.loc[(sensitivity["parameter"] == p) & (sensitivity["value"] == v)]
            .set_index("task_type") for p, v in at]


def test_sensitivity_counts_travel_and_notes_as_the_tasks_table_does(every):
    """At the definitions in use the sensitivity's travel row is 12 pieces of 30 min (0.5 h)
    and its notes row 6 of 20 min (1/3 h), the module docstring's hand figures and the tasks
    table's, with no change; the visits' row stays 30 pieces of 60 min and 2.75 h. Before:
    travel 36 pieces of 2,160 / 36 = 60 min and notes 36 of 1,470 / 36 = 40.83 min (every
    journey and note, claimed or not), beside a tasks table of 12 and 6."""
    t = every.guide.tasks
    for published in (every.models.sensitivity, every.guide.sensitivity):
        for rows in _in_use(published):
            for task, n, minutes in (("travel", 12, 30.0), ("case_notes", 6, 20.0),
                                     ("statutory_visit", 30, 60.0)):
                assert rows.loc[task, "n_pieces"] == n == t.loc[task, "n_pieces"]
                assert rows.loc[task, "direct_min"] == pytest.approx(minutes)
                assert rows.loc[task, "direct_min"] == pytest.approx(
                    t.loc[task, "direct_minutes"], rel=1e-12)
                assert rows.loc[task, "full_hours"] == pytest.approx(
                    t.loc[task, "full_hours"], rel=1e-12)
                assert rows.loc[task, ["direct_change", "full_change"]].tolist() == [0.0, 0.0]
    assert t.loc["travel", "full_hours"] == pytest.approx(0.5)


def test_sensitivity_rows_with_no_piece_of_their_own_are_not_a_change(none_own):
    """Every journey and note is a visit's: at the definitions in use the sensitivity's
    travel and notes rows have 0 pieces and no time per piece (as the tasks table: before,
    30 pieces of 60 and of 45 min), and no change under any rule; the published table keeps
    them and the report's definitions section does not count them as moving."""
    from timestudy.report.pieces_sections import definitions_section, sensitivity_rows

    g = none_own.guide
    for rows in _in_use(g.sensitivity):
        for task in ("travel", "case_notes"):
            assert rows.loc[task, "n_pieces"] == 0 == g.tasks.loc[task, "n_pieces"]
            assert np.isnan(rows.loc[task, ["direct_min", "full_hours"]].astype(float)).all()
    claimed = g.sensitivity.loc[g.sensitivity["task_type"].isin(["travel", "case_notes"])]
    assert claimed[["direct_change", "full_change"]].isna().all().all()
    for measure in ("direct_change", "full_change"):
        assert not {"Travel", "Case notes"} & {r["task"] for r in sensitivity_rows(g, measure)}
    assert definitions_section(g).title
