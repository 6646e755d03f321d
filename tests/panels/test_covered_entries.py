"""An entry wholly covered by another is not a piece of work (audit 7, A3).

``s6_resub.csv`` was the base week plus the five Monday visits written again at the same
times as "Court hearing" (a form submitted twice, a second team's export). Ingest counted
the copies' minutes once (``counted_min`` 0), but each copy still made a piece of work and
took the notes written after the visit: "Court hearing, 5 pieces, 0 direct minutes, 4.00
full hours", the visits 6.20 h instead of 7.00. An entry ingest counts no minute of is no
sitting at all; entries of the same start and end now share their minutes (fixties:
:mod:`timestudy.ingest.overlaps`), so a form sent again as another task is a sitting of
its own with its share, and the day's minutes are still counted once. A true
instantaneous event (start equal to end) stays a piece, as ingest documents; notes after
two sittings that started together follow the one that ended last, whatever the rows'
order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timestudy.ingest.overlaps import overlap_minutes
from timestudy.panels import pieces_of_work, task_instances
from timestudy.panels.attribution import return_journeys
from timestudy.panels.episodes import wholly_covered

COLUMNS = ["worker_id", "case_id", "start", "end", "task_type", "category"]


def _diary(rows, counted=True) -> pd.DataFrame:
    """Rows as episodes, with ``counted_min`` as ingest counts it: each row's minutes less
    those :func:`overlap_minutes` counts for other rows of the worker (entries of the same
    times share theirs)."""
    e = pd.DataFrame(rows, columns=COLUMNS)
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    e["duration_min"] = (e["end"] - e["start"]).dt.total_seconds() / 60
    if counted:
        e = e.assign(_line=np.arange(len(e))).sort_values(
            ["worker_id", "start", "_line"], kind="stable").drop(columns="_line")
        ns = [e[c].to_numpy().astype("datetime64[ns]").astype(np.int64) for c in ("start",
                                                                                  "end")]
        covered = overlap_minutes(pd.factorize(e["worker_id"])[0], *ns)[0]
        e["counted_min"] = np.maximum(e["duration_min"].to_numpy() - covered, 0.0)
    return e.reset_index(drop=True)


def _monday(copy: bool) -> pd.DataFrame:
    rows = [("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
             "direct_work"),
            ("W1", None, "2026-03-09 12:00", "2026-03-09 12:30", "lunch", "non_work"),
            ("W1", "C1", "2026-03-09 12:30", "2026-03-09 16:30", "case_notes", "recording")]
    if copy:
        rows.append(("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "court_hearing",
                     "direct_work"))
    return _diary(rows)


def test_a_visit_written_again_as_a_hearing_shares_its_time():
    """s6_resub's Monday by hand: visit 09:00-12:00 (180 min), lunch, notes 12:30-16:30
    (240 min), and the visit written again as a court hearing 09:00-12:00. The two entries
    of the same times share the 180 minutes: 90 each, and each is a piece. The notes follow
    the sitting that ended last; both ended at 12:00, so they are shared: 120 each. Visit
    90 + 120 = 210, hearing 210, the notes' own piece 0 full (linked): the pieces' full
    minutes add up to the day's work, 180 + 240 = 420, as without the copy (the visit
    alone, 420), in any row order. Before (the first listed kept the time) the hearing
    counted 0 and made no piece."""
    day = _monday(copy=True)
    assert day["counted_min"].tolist() == [90.0, 90.0, 30.0, 240.0]
    for order in ([0, 1, 2, 3], [1, 0, 3, 2]):
        p = pieces_of_work(day.iloc[order]).set_index("task_type")
        assert p["direct_min"].to_dict() == {"statutory_visit": 90.0, "court_hearing": 90.0,
                                             "case_notes": 240.0}, order
        assert p["full_min"].to_dict() == {"statutory_visit": 210.0, "court_hearing": 210.0,
                                           "case_notes": 0.0}, order
        assert p["full_min"].sum() == pytest.approx(420.0)
    base = pieces_of_work(_monday(copy=False)).set_index("task_type")
    assert base["full_min"].to_dict() == {"statutory_visit": 420.0, "case_notes": 0.0}


def test_an_instantaneous_event_is_still_a_piece():
    """A zero-length entry (start equal to end: 0 minutes, flag ``instantaneous``) is an
    event ingest keeps, not a covered entry: a call at 12:00-12:00 on C1 stays a piece of
    0 minutes, inside a visit or not."""
    e = _diary([
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
         "direct_work"),
        ("W1", "C1", "2026-03-09 10:00", "2026-03-09 10:00", "family_contact", "direct_work"),
        ("W1", "C1", "2026-03-09 14:00", "2026-03-09 14:00", "family_contact", "direct_work")])
    assert wholly_covered(e).tolist() == [False, False, False]
    p = pieces_of_work(e)
    assert p.loc[p["task_type"] == "family_contact", "direct_min"].tolist() == [0.0, 0.0]


def test_partly_covered_entries_stay_pieces():
    """Visit 09:00-12:00 and a core group 11:00-13:00 on C1: the core group counts 60 of
    its 120 min (11-12 is the visit's). Both are pieces: 180 and 60 direct minutes."""
    e = _diary([
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
         "direct_work"),
        ("W1", "C1", "2026-03-09 11:00", "2026-03-09 13:00", "core_group", "direct_work")])
    p = pieces_of_work(e).set_index("task_type")
    assert p["direct_min"].to_dict() == {"statutory_visit": 180.0, "core_group": 60.0}


def test_notes_follow_the_sitting_that_ended_last_whatever_the_row_order():
    """A core group 09:00-09:30 and a visit 09:00-12:00 on C1, both counted (30 and 150
    min: the core group was written first), notes 12:30-13:30. Of the two that started at
    09:00, the visit ended last: the notes are its write-up, 150 + 60 = 210 min; the core
    group 30. Before, the row last in the frame's order took the notes: with the visit
    above the core group, the core group was 90 min and the visit 150."""
    e = _diary([
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 09:30", "core_group", "direct_work"),
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
         "direct_work"),
        ("W1", "C1", "2026-03-09 12:30", "2026-03-09 13:30", "case_notes", "recording")])
    assert e["counted_min"].tolist() == [30.0, 150.0, 60.0]
    for order in ([0, 1, 2], [1, 0, 2], [2, 1, 0], [2, 0, 1]):
        p = pieces_of_work(e.iloc[order]).set_index("task_type")
        assert p["full_min"].to_dict() == {"core_group": 30.0, "statutory_visit": 210.0,
                                           "case_notes": 0.0}, order


def test_two_sittings_of_one_time_that_both_count_share_the_notes():
    """Without ``counted_min`` (a diary not read by ingest) a visit and a core group both at
    09:00-12:00 on C1 both count 180 min; notes 12:30-13:30. Neither ended last: no order of
    rows picks one, so the notes are contested between the two, one piece of each task type
    with the same rate: 30 min each, 210 min each. Before, the row last in the frame took
    all 60 min."""
    e = _diary([
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
         "direct_work"),
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "core_group", "direct_work"),
        ("W1", "C1", "2026-03-09 12:30", "2026-03-09 13:30", "case_notes", "recording")],
        counted=False)
    for order in ([0, 1, 2], [1, 0, 2]):
        p = pieces_of_work(e.iloc[order]).set_index("task_type")
        assert p.loc[["statutory_visit", "core_group"], "full_min"].tolist() == pytest.approx(
            [210.0, 210.0]), order


def test_a_covered_copy_does_not_hide_the_return_journey():
    """Travel on C1 08:30-09:00, the visit 09:00-12:00, the visit written again as a court
    hearing (counted 0), travel with no case 12:00-12:30. The copy is no entry: the travel
    back follows the visit that travel on C1 led to, and takes C1. Before, the copy stood
    between the two and the journey back kept no case (30 min out of the case time)."""
    e = _diary([
        ("W1", "C1", "2026-03-09 08:30", "2026-03-09 09:00", "travel", "travel"),
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "statutory_visit",
         "direct_work"),
        ("W1", "C1", "2026-03-09 09:00", "2026-03-09 12:00", "court_hearing", "direct_work"),
        ("W1", None, "2026-03-09 12:00", "2026-03-09 12:30", "travel", "travel")])
    r = return_journeys(e)
    assert r["return_journey"].tolist() == [False, False, False, True]
    assert r["case_id"].iloc[3] == "C1"


def test_a_copy_at_the_same_times_is_a_task_instance_of_the_same_day():
    """The earlier definition too: the Monday with its copy has the visit and the hearing,
    90 direct minutes each (their shared 180), and the notes, 240 (linked). One of the two
    (equal direct minutes: the first by task type, court_hearing) is the case-day's primary
    task with full 90 + 90 + 240 = 420, the day's work on C1 as without the copy; the
    others have no full time of their own. The same in any row order."""
    day = _monday(copy=True)
    inst = task_instances(day).set_index("task_type")
    assert inst["direct_min"].to_dict() == {"case_notes": 240.0, "court_hearing": 90.0,
                                            "statutory_visit": 90.0}
    assert inst.loc[inst["primary"], "full_min"].to_dict() == {"court_hearing": 420.0}
    assert inst["full_min"].sum() == pytest.approx(420.0)  # NaN for the linked ones
    base = task_instances(_monday(copy=False))
    assert base["full_min"].sum() == pytest.approx(420.0)
    pd.testing.assert_frame_equal(task_instances(day.iloc[[3, 1, 2, 0]]), task_instances(day))


TASKS = [("statutory_visit", "direct_work"), ("core_group", "direct_work"),
         ("case_notes", "recording"), ("travel", "travel"), ("court_statement", "recording"),
         ("family_contact", "direct_work"), ("email_admin", "admin"), ("lunch", "non_work")]
_row = st.tuples(st.sampled_from(["W1", "W2"]), st.sampled_from(["C1", "C2", None]),
                 st.integers(0, 4), st.integers(32, 68), st.integers(1, 16),
                 st.integers(0, len(TASKS) - 1))


def _rows(spec) -> list[tuple]:
    out = []
    for worker, case, day, q_start, q_len, task in spec:
        start = pd.Timestamp("2026-03-09") + pd.Timedelta(days=day, minutes=15 * q_start)
        out.append((worker, case, start, start + pd.Timedelta(minutes=15 * q_len),
                    *TASKS[task]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.lists(_row, min_size=1, max_size=14), data=st.data())
def test_copies_at_the_same_times_share_and_count_no_minute_twice(spec, data):
    """Property: appending to a diary copies of some of its rows at the same times with
    another activity (a resubmitted form) adds no minute: each worker's counted minutes
    are those of the diary without them, and each set of entries of the same times counts
    between them what it counted before, in equal shares. A copy is wholly covered (no
    sitting) exactly where the row it copies was; a copy of direct work on a case that
    counts time is a sitting, so a piece of its task type on its case exists; and the full
    minutes of all pieces add up to the minutes of work counted."""
    rows = _rows(spec)
    picked = data.draw(st.lists(st.integers(0, len(rows) - 1), min_size=1, max_size=5))
    tasks = data.draw(st.lists(st.integers(0, len(TASKS) - 1), min_size=len(picked),
                               max_size=len(picked)))
    copies = [(*rows[i][:4], *TASKS[t]) for i, t in zip(picked, tasks, strict=True)]
    base, again = _diary(rows), _diary(rows + copies)
    assert again.groupby("worker_id")["counted_min"].sum().to_dict() == pytest.approx(
        base.groupby("worker_id")["counted_min"].sum().to_dict())
    times = ["worker_id", "start", "end"]
    shared = again.groupby(times)["counted_min"]
    assert (shared.transform("max") - shared.transform("min")).max() == pytest.approx(0.0)
    assert shared.sum().to_dict() == pytest.approx(base.groupby(times)["counted_min"].sum()
                                                   .to_dict())
    spans = pd.MultiIndex.from_frame(again[times])
    was = pd.Series(wholly_covered(base), pd.MultiIndex.from_frame(base[times]))
    was = was.groupby(level=[0, 1, 2]).max()
    assert (wholly_covered(again) == was.reindex(spans).to_numpy()).all()
    work = again["category"] != "non_work"  # no minute counted twice, nor lost
    if not work.any() or not (again.loc[work, "counted_min"] > 0).any():
        return
    q = pieces_of_work(again)
    assert q["full_min"].sum() == pytest.approx(again.loc[work, "counted_min"].sum())
    sitting = (again["category"] == "direct_work") & again["case_id"].notna() & (
        again["counted_min"] > 0)
    made = set(zip(q["worker_id"], q["case_id"], q["task_type"], strict=True))
    wanted = set(zip(*(again.loc[sitting, c] for c in ("worker_id", "case_id", "task_type")),
                     strict=True))
    assert wanted <= made


def test_a_diary_with_no_work_has_no_pieces():
    """fixexposure's hypothesis run: a visit written at the very times of a lunch written
    before it is covered (ingest counts it 0), so the diary has no work left, and
    pieces_of_work stopped on a maximum over no sittings. It now gives no pieces."""
    from timestudy.panels import pieces_of_work

    ep = pd.DataFrame({"worker_id": ["W1"], "case_id": ["C1"],
                       "start": pd.to_datetime(["2026-03-09 08:00"]),
                       "end": pd.to_datetime(["2026-03-09 08:15"]), "duration_min": [15.0],
                       "counted_min": [15.0], "task_type": ["lunch"], "category": ["non_work"]})
    assert pieces_of_work(ep).empty
