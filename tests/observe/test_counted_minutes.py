"""Every minute of the observation outputs is a minute ingest counted (timestudy.observe._counted).

Hand-worked cases: the spring clock change in Europe/London (22:00 to 02:30 is 210
minutes, not the 270 on the clock), Toggl timers whose own durations differ from their
clock times, a plain day where nothing changes, overlaps as ingest counts them.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.cli import main
from timestudy.observe import (
    interruptions,
    multitasking,
    observation_study,
    tempogram,
    time_budget,
    transitions,
)
from timestudy.schema import EXAMPLES
from timestudy.simulate.observation import observation_example

DST_NIGHT = "worker_id,start,end,activity\nW1,2026-03-28T22:00,2026-03-29T02:30,case notes\n"
TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
    "End time,Duration,Tags,Amount ()\n"
)


def _read(text: str, tmp_path, name="diary.csv", **kw) -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return categorise(read_diary(path, warn=False, **kw).episodes)


def _figures(eps: pd.DataFrame, by: str = "category") -> dict[str, float]:
    """Every total of time counted once, in minutes, from each measure."""
    b = time_budget(eps, by).table
    everything = b[b[by] == "all"]
    m = multitasking(eps, by)
    return {
        "budget": float((everything["units"] * everything["mean_min"]).sum()),
        "observed": float(m.totals["observed_min"].iloc[0]),
        "by_stream": float(m.by_stream["observed_min"].sum()),
        "levels": float(m.levels["minutes"].sum()),
        "tempogram": float(tempogram(eps, by).minutes.to_numpy().sum()),
        "interruptions": float(interruptions(eps, by).table["hours"].iloc[-1] * 60),
        "transitions": float(transitions(eps, by).rates["hours"].iloc[0] * 60),
    }


def test_dst_night_counts_210_minutes(tmp_path):
    eps = _read(DST_NIGHT, tmp_path, timezone="Europe/London")
    assert eps["counted_min"].tolist() == [210.0]  # what ingest and `validate` count
    figures = _figures(eps)  # every measure once
    assert figures == pytest.approx(dict.fromkeys(figures, 210.0), abs=1e-9)
    s = observation_study(eps)
    assert s.summary().loc["observed_hours", "value"] == pytest.approx(3.5)
    assert s.budget.table["mean_min"].tolist() == pytest.approx([210.0, 210.0])
    assert s.multitasking.totals["episode_min"].iloc[0] == pytest.approx(210.0)
    assert s.interruptions.tasks["task_min"].tolist() == pytest.approx([210.0])
    # positions stay on the clock: the episode still runs 22:00 to 02:30 in the tempogram
    seen = s.tempogram.coverage["worker_days"]
    assert seen[seen > 0].index.tolist()[0] == "22:00" and seen.loc["02:15"] == 1


def test_dst_night_through_the_command(tmp_path):
    path = tmp_path / "dst.csv"
    path.write_text(DST_NIGHT)
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main(["observe", str(path), "--timezone", "Europe/London", "--min-workers", "1",
              "--out", str(out)])
    budget = pd.read_csv(out / "time_budget.csv")
    assert budget["mean_min"].tolist() == [210.0, 210.0]
    summary = pd.read_csv(out / "summary.csv").set_index("measure")["value"]
    assert summary["observed_hours"] == 3.5


def test_without_the_time_zone_the_clock_is_counted(tmp_path):
    eps = _read(DST_NIGHT, tmp_path)
    assert set(_figures(eps).values()) == {270.0}


def test_toggl_durations_are_the_sources_own(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eps = categorise(read_diary(EXAMPLES / "toggl_timers.csv", warn=False).episodes)
    per_person = eps.groupby("worker_id")["counted_min"].sum()
    assert per_person.to_dict() == pytest.approx({"Priya Shah": 62.5 + 1 / 60, "Sam Jones": 1100})
    total = per_person.sum()
    figures = _figures(eps)
    assert figures == pytest.approx(dict.fromkeys(figures, total), rel=1e-12)
    s = observation_study(eps)
    streams = s.multitasking.by_stream.set_index("worker_id")["observed_min"]
    assert streams.to_dict() == pytest.approx(per_person.to_dict(), rel=1e-12)
    # 09:00-09:07:30 timed as 15 minutes: its own 15 minutes, not the clock's 7.5
    tasks = s.interruptions.tasks
    assert tasks["task_min"].sum() == pytest.approx(eps["duration_min"].sum())


def test_plain_day_is_the_clock_to_the_bit(make):
    """Where the figures agree with the clock, giving them changes nothing at all."""
    eps = make([("A", "09:00", "10:00", "recording"), ("A", "09:30", "10:30", "admin"),
                ("A", "11:00", "11:20", "recording"), ("B", "09:15", "09:40", "travel"),
                ("B", "03:30", "04:30", "admin")])
    wall = (eps["end"] - eps["start"]).dt.total_seconds() / 60
    given = eps.assign(duration_min=wall, counted_min=[60.0, 30.0, 20.0, 25.0, 60.0])
    for measure in (time_budget, multitasking, interruptions, tempogram, transitions):
        a, b = measure(eps).tables(), measure(given).tables()
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)
    assert _figures(eps)["budget"] == 60 + 30 + 20 + 25 + 60


def test_read_plain_day_is_the_clock_to_the_bit(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eps = categorise(read_diary(EXAMPLES / "episodes.csv", warn=False).episodes)
    bare = eps.drop(columns=["counted_min", "duration_min"])
    a, b = observation_study(eps).tables(), observation_study(bare).tables()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


def test_overlap_as_ingest_counts_it(tmp_path):
    """Two episodes starting together: ingest gives the shared time to the one that ends
    first. By hand: a visit 09:00-10:00 and case notes 09:00-09:30; the notes end first and
    count their 30 minutes (09:00-09:30), the visit the rest, 09:30-10:00: 30. The budget:
    direct work 30, recording 30, all 60 (the clock's hour, counted once). Before, the row
    listed first (the visit) kept all 60 and the notes counted 0."""
    eps = _read("worker_id,start,duration_min,activity\nW1,09/03/2026 09:00,60,visit\n"
                "W1,09/03/2026 09:00,30,case notes\n", tmp_path, layout="duration")
    assert eps["counted_min"].tolist() == [30.0, 30.0]
    b = time_budget(eps).summary()["mean_min"]
    assert b.to_dict() == {"direct_work": 30.0, "recording": 30.0, "all": 60.0}
    # hand-built without counted_min: the same rule
    bare = time_budget(eps.drop(columns=["counted_min"])).summary()["mean_min"]
    assert bare.to_dict() == b.to_dict()


def test_episodes_that_start_together_follow_their_times_not_their_lines(tmp_path):
    """Recording 09:00-10:00 (line 2) and a call 09:00-09:30 (line 3) start together: the
    call ends first and keeps 09:00-09:30 (30 minutes), the recording 09:30-10:00 (30), in
    any row order. So with 30-minute slots the 09:00 slot holds the call's 30 and the
    09:30 slot the recording's 30, one worker observed in each. Before, the line listed
    first (the recording) counted 60 and the call 0, and rows in another order gave the
    recording's minutes to the wrong slots (the 09:30 slot showed 2.0 of one worker
    observed)."""
    eps = _read("worker_id,start,end,activity,task_type\n"
                "W1,2026-03-11T09:00,2026-03-11T10:00,case recording,case_recording\n"
                "W1,2026-03-11T09:00,2026-03-11T09:30,phone call,phone_call\n", tmp_path)
    assert eps["counted_min"].tolist() == [30.0, 30.0]
    call, notes = eps["category"].tolist()[::-1]
    first = tempogram(eps, slot=30)
    assert first.minutes.loc["09:00"].to_dict() == {notes: 0.0, call: 30.0}
    assert first.minutes.loc["09:30"].to_dict() == {notes: 30.0, call: 0.0}
    for rows in (eps, eps.iloc[::-1]):
        t = tempogram(rows, slot=30)
        pd.testing.assert_frame_equal(t.minutes, first.minutes)
        pd.testing.assert_frame_equal(t.coverage, first.coverage)
        assert (t.coverage["observed"] <= 1).all()
        assert t.minutes.to_numpy().sum() == pytest.approx(60.0)
        assert _figures(rows) == pytest.approx(_figures(eps))


def test_episodes_of_the_same_times_take_their_parts_by_content_not_lines(tmp_path):
    """Two visits to siblings 09:40-10:40 written once per child: they share the hour, 30
    minutes each, and the parts follow the rows' content (by activity: 'SV older' before
    'SV younger'), not their lines: 'SV older' holds 09:40-10:10 and 'SV younger'
    10:10-10:40 whichever is written first. With 30-minute slots by activity: 'SV older'
    20 in 09:30 and 10 in 10:00; 'SV younger' 20 in 10:00 and 10 in 10:30."""
    head = "worker_id,start,end,activity\n"
    older = "W1,2026-03-11T09:40,2026-03-11T10:40,SV older\n"
    younger = "W1,2026-03-11T09:40,2026-03-11T10:40,SV younger\n"
    for text in (head + older + younger, head + younger + older):
        eps = _read(text, tmp_path)
        assert eps["counted_min"].tolist() == [30.0, 30.0]
        t = tempogram(eps, by="activity", slot=30).minutes
        assert t.loc[["09:30", "10:00", "10:30"]].to_dict("list") == {
            "SV older": [20.0, 10.0, 0.0], "SV younger": [0.0, 20.0, 10.0]}


def test_time_with_no_room_on_the_clock(tmp_path):
    """A timer of 15 minutes with equal start and end, and one inside another whose own
    duration is longer than its clock: their minutes still count, for their own category.

    By hand: A 09:00-09:00 timed 15 minutes; B 10:00-11:00 (60); C 10:10-10:17:30 timed
    15 minutes, wholly inside B: an interruption, so it counts its own 15 (ingest: its
    duration less no clock time counted for others) and B loses C's 7.5 clock minutes:
    52.5. On the clock C keeps 10:10-10:17:30 (15 minutes on 7.5, two a minute), B keeps
    10:00-10:10 and 10:17:30-11:00 (52.5 on 52.5). Multitasking, the worker's counted
    time where each activity goes on: A 15 (a point), B 10:00-11:00 = 52.5 + C's 15 =
    67.5, C 15; at level 2 (10:10-10:17:30) 15, all C's; level 1: A 15 + B 52.5 = 67.5.
    (The one span from 10:17:30 of the rule before gave C 21.56 minutes.)
    """
    eps = _read(
        TOGGL_HEADER
        + "Sam,s@x.org,C1,Recording,,A,No,2026-03-09,09:00:00,2026-03-09,09:00:00,00:15:00,,\n"
        + "Sam,s@x.org,C1,Recording,,B,No,2026-03-09,10:00:00,2026-03-09,11:00:00,01:00:00,,\n"
        + "Sam,s@x.org,C1,Admin,,C,No,2026-03-09,10:10:00,2026-03-09,10:17:30,00:15:00,,\n",
        tmp_path,
    )
    assert eps["counted_min"].tolist() == [15.0, 52.5, 15.0]
    figures = _figures(eps, by="activity")
    assert figures == pytest.approx(dict.fromkeys(figures, 82.5))
    m = multitasking(eps, by="activity")
    assert m.table["minutes"].to_dict() == pytest.approx({"A": 15.0, "B": 67.5, "C": 15.0})
    assert m.table["multitasking_min"].to_dict() == pytest.approx({"A": 0.0, "B": 15.0, "C": 15.0})
    assert m.totals["multitasking_min"].iloc[0] == pytest.approx(15.0)
    assert m.levels["minutes"].to_dict() == pytest.approx({1: 67.5, 2: 15.0})
    b = time_budget(eps, by="activity").summary()["mean_min"]
    assert b.to_dict() == pytest.approx({"A": 15.0, "B": 52.5, "C": 15.0, "all": 82.5})
    t = tempogram(eps, by="activity", slot=5).minutes
    assert t.loc[["10:10", "10:15"]].sum().to_dict() == pytest.approx(
        {"A": 0.0, "B": 2.5, "C": 15.0})  # C 10 + 5 (its 2.5 clock minutes); B 10:17:30-10:20


def test_second_session_of_a_shared_worker_gives_its_time_back(tmp_path):
    """Two observers shadow W1 (one worker id): ingest counts W1's time once, so each session
    holds part of it. Both start at 09:00 and S2 ends later (10:01), so S2 keeps the shared
    09:00-10:00 and S1 is left out; S2 counts all of its own: 61 minutes."""
    rows = ["worker_id,start,end,activity,observer,session_id"]
    for obs, sess, lag in (("O1", "S1", 0), ("O2", "S2", 1)):
        for a, b, act in (("09:00", "09:20", "case notes"), ("09:20", "09:40", "phone call"),
                          ("09:40", "10:00", "case notes")):
            start = pd.Timestamp(f"2026-03-09 {a}") + pd.Timedelta(minutes=lag if a != "09:00" else 0)
            end = pd.Timestamp(f"2026-03-09 {b}") + pd.Timedelta(minutes=lag)
            rows.append(f"W1,{start:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},{act},{obs},{sess}")
    eps = _read("\n".join(rows) + "\n", tmp_path)
    assert eps["counted_min"].sum() == pytest.approx(61.0)  # W1's time, counted once
    s = observation_study(eps)
    assert len(s.pairs) == 1
    kept = s.multitasking.by_stream
    assert kept["session_id"].tolist() == ["S2"]
    assert kept["observed_min"].tolist() == [61.0]
    assert s.budget.table.set_index("category").loc["all", "mean_min"] == 61.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_total_is_the_counted_minutes(seed):
    """On the generated WOMBAT exports (durations of their own, overlaps, fragments)."""
    raw = observation_example(n_workers=4, sessions=2, paired=0, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eps = read_diary(raw, layout="wombat", warn=False).episodes
    total = eps["counted_min"].sum()
    figures = _figures(eps, by="activity_code")
    assert figures == pytest.approx(dict.fromkeys(figures, total), rel=1e-12)


def test_matched_durations_are_the_observers_own(make):
    eps = make([("W1", "09:00", "09:40", "recording"), ("W1", "09:00", "09:40", "recording")],
               session_id=["S1", "S2"], observer=["O1", "O2"], duration_min=[40.0, 41.0])
    s = observation_study(eps)
    matches = s.agreement.matches
    assert matches[["minutes_a", "minutes_b"]].iloc[0].tolist() == [40.0, 41.0]
