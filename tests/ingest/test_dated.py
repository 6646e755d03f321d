"""Diaries with a date and a duration but no time of day (layout ``dated``).

Before: ``timestudy validate`` refused them (exit 2, "cannot tell how this diary is laid
out"). Now each worker-day's rows are placed in file order from the diary day's start
(04:00), flagged ``time_of_day_unknown``, and a worker-day over 24 hours is rejected row by
row; no minute is lost or made up.
"""

from __future__ import annotations

import io
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError
from timestudy.ingest.dated import FLAG, place_rows
from timestudy.ingest.flags import flag_episodes
from timestudy.ingest.layouts import detect_layout
from timestudy.ingest.mapping import DiaryMapping

SMALL = """worker_id,date,activity,case_id,duration_min
W1,2026-03-02,home visit,C1,90
W1,2026-03-02,travel,C1,30
W2,2026-03-02,phone call,C2,15
W1,2026-03-02,case notes,C1,45
W2,2026-03-03,court statement,C3,1:30
"""


def _read(text: str, **kw):
    return read_diary(io.StringIO(text), name="d.csv", warn=False, **kw)


def test_a_small_dated_diary_is_placed_in_file_order():
    """W1 on 2 March: 90 + 30 + 45 = 165 minutes, placed 04:00-05:30, 05:30-06:00 and
    (line 5, after W2's line 4) 06:00-06:45; W2: 15 minutes at 04:00 on 2 March and
    1:30 = 90 minutes at 04:00 on 3 March. Every row flagged; 90 + 30 + 15 + 45 + 90 =
    270 minutes in and accepted."""
    r = _read(SMALL)
    assert r.report.layout == "dated"
    e = r.episodes.set_index("source_row")
    hm = e["start"].dt.strftime("%d %H:%M").to_dict()
    assert hm == {2: "02 04:00", 3: "02 05:30", 5: "02 06:00", 4: "02 04:00", 6: "03 04:00"}
    assert e["end"].dt.strftime("%H:%M").to_dict() == {2: "05:30", 3: "06:00", 5: "06:45",
                                                       4: "04:15", 6: "05:30"}
    assert e["counted_min"].to_dict() == {2: 90.0, 3: 30.0, 5: 45.0, 4: 15.0, 6: 90.0}
    assert (e["flags"] == FLAG).all()
    assert (e["diary_date"].dt.strftime("%Y-%m-%d") == ["2026-03-02"] * 4 + ["2026-03-03"]).all()
    m = r.report.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]) == (270, 270, 0)
    warning = [w for w in r.report.details["warnings"] if w["code"] == FLAG]
    assert len(warning) == 1
    text = warning[0]["message"]
    assert "5 rows (270 minutes, 4.5 hours, as written)" in text
    assert "out-of-hours work, overlaps and time-of-day profiles cannot be measured" in text
    assert "file order" in text


def test_a_worker_day_over_24_hours_is_rejected_row_by_row():
    """W1 on 2 March: 900 + 600 = 1,500 minutes = 25 hours: both rows rejected, each with
    the day and the total; W1's 3 March row (60) accepted. In 1,560 = 60 + 1,500."""
    text = ("worker_id,date,activity,duration_min\nW1,2026-03-02,recording,900\n"
            "W1,2026-03-03,visit,60\nW1,2026-03-02,recording,600\n")
    r = _read(text)
    assert r.episodes["source_row"].tolist() == [3]
    assert r.rejects["source_row"].tolist() == [2, 4]
    assert set(r.rejects["code"]) == {"day_over_24_hours"}
    assert all("W1 dated 2026-03-02 add up to 25.0 hours (1,500 minutes)" in s
               for s in r.rejects["reason"])
    m = r.report.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]) == (1560, 60, 1500)
    assert r.report.n_read == r.report.n_accepted + r.report.n_rejected + r.report.n_duplicates


def test_a_day_of_exactly_24_hours_fits_its_own_date():
    """720 + 720 minutes: 04:00-16:00 and 16:00-04:00 next day, both on diary date 2 March."""
    r = _read("worker_id,date,activity,duration_min\nW1,2026-03-02,a,720\nW1,2026-03-02,b,720\n")
    assert len(r.episodes) == 2 and r.rejects.empty
    assert (r.episodes["diary_date"] == pd.Timestamp("2026-03-02")).all()
    assert r.episodes["end"].max() == pd.Timestamp("2026-03-03 04:00")


def test_equal_rows_are_both_kept_and_named_in_the_warning():
    """Two 15-minute calls on one case the same day: 30 minutes, not 15 (a timed diary's
    exact duplicate has the same start; a dated one has none to compare)."""
    r = _read("worker_id,date,activity,case_id,duration_min\n"
              "W1,2026-03-02,call,C1,15\nW1,2026-03-02,call,C1,15\n")
    assert r.report.n_duplicates == 0 and r.episodes["counted_min"].sum() == 30
    message = r.report.details["warnings"][0]["message"]
    assert "1 rows repeat an earlier row word for word: kept" in message


def test_no_overlap_or_gap_flag_between_placed_rows():
    """Rows placed 04:00-05:00 and (after a 2-hour hole left by a row rejected for its text)
    07:00-08:00 are not judged for gaps; without the placed flag the hole is gap_before."""
    eps = {"worker_id": ["W1", "W1"], "case_id": [None, None], "duration_min": [60.0, 60.0],
           "diary_date": pd.to_datetime(["2026-03-02", "2026-03-02"])}
    ns = 60_000_000_000
    start = np.array([240, 420]) * ns
    end = start + 60 * ns
    worker = np.array([0, 0])
    placed = {FLAG: np.array([True, True])}
    _, flags, counts = flag_episodes(eps, worker, start, end, DiaryMapping(), placed)
    assert flags.tolist() == [FLAG, FLAG] and "gap_before" not in counts
    _, flags, _ = flag_episodes(eps, worker, start, end, DiaryMapping(), {})
    assert flags.tolist() == ["", "gap_before"]


def test_place_rows_starts_each_row_where_the_one_before_ends():
    """16.366... minutes (00:16:22) three times: each start is the previous end to the
    microsecond, so no placed row overlaps the next by a nanosecond."""
    minutes = np.full(3, 16 + 22 / 60)
    s, total, over = place_rows(np.zeros(3, int), np.array(["2026-03-02"] * 3, "M8[D]"),
                                minutes, np.ones(3, bool))
    micros = np.round(minutes * 60e6).astype("i8") * 1000
    assert (s[1:].view("i8") == s[:-1].view("i8") + micros[:-1]).all()
    assert total[0] == pytest.approx(3 * minutes[0]) and not over.any()


@pytest.mark.parametrize("columns, layout", [
    (["worker_id", "date", "activity", "duration_min"], "dated"),
    (["worker_id", "start", "end", "duration_min"], "canonical"),
    (["worker_id", "start", "duration_min"], "duration"),
    (["worker_id", "date", "start_time", "end_time"], "split"),
    (["worker_id", "date", "start_time", "duration_min"], "split"),
])
def test_layouts_detected(columns, layout):
    assert detect_layout(columns, "x.csv") == layout


def test_date_and_end_time_without_start_is_still_refused():
    with pytest.raises(SchemaError, match="date and duration_min"):
        detect_layout(["worker_id", "date", "end_time", "duration_min"], "x.csv")


def test_reachable_through_a_mapping_with_hours():
    """Headers Staff, Day, Hours mapped; duration_unit hours: 1.5 h = 90 and 0.25 h = 15."""
    text = "Staff,Day,Task,Hours\nAnn,02/03/2026,visit,1.5\nAnn,02/03/2026,notes,0.25\n"
    mapping = {"columns": {"worker_id": "Staff", "date": "Day", "activity": "Task",
                           "duration_min": "Hours"}, "duration_unit": "hours"}
    r = _read(text, mapping=mapping)
    assert r.report.layout == "dated"
    assert r.episodes["counted_min"].tolist() == [90.0, 15.0]
    assert r.episodes["start"].dt.strftime("%H:%M").tolist() == ["04:00", "05:30"]


def test_short_dated_days_do_not_look_like_a_twelve_hour_clock():
    """Placed rows run 04:00-10:00: no time after 12:59 and starts before 07:00, which in a
    timed diary would be the 12-hour warning; placed rows have no time of day to judge."""
    r = _read("worker_id,date,activity,duration_min\nW1,2026-03-02,a,240\n"
              "W1,2026-03-02,b,120\n")
    assert [w["code"] for w in r.report.details["warnings"]] == [FLAG]


def test_validate_reads_it(tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_text(SMALL)
    code = main(["validate", str(path), "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr()
    assert "layout dated" in capsys.readouterr().out


# --- property: a timed diary with its times dropped reads to the same minutes ---------
SETTINGS = settings(deadline=None,
                    max_examples=int(os.environ.get("TIMESTUDY_INGEST_EXAMPLES", "30")),
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def timed_diaries(draw):
    """Episodes of up to 3 workers on up to 3 days, each day's in sequence from 05:00 with
    gaps, none overlapping, each starting before midnight (its date is then its diary
    date) and ending by the next day's 04:00. Lengths from 1 minute: two zero-length
    entries at one instant would be a timed diary's exact duplicates."""
    rows = []
    for w in range(draw(st.integers(1, 3))):
        for d in draw(st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True)):
            t = 300 + draw(st.integers(0, 120))  # minutes after midnight
            for _ in range(draw(st.integers(1, 6))):
                length = draw(st.integers(1, 180))
                if t >= 1440 or t + length > 1680:
                    break
                rows.append({"worker_id": f"W{w}", "day": d, "start_min": t,
                             "minutes": length,
                             "activity": draw(st.sampled_from(["visit", "travel", "notes"])),
                             "case_id": draw(st.sampled_from(["C1", "C2", ""]))})
                t += length + draw(st.integers(0, 90))
    frame = pd.DataFrame(rows)
    return frame.sample(frac=1, random_state=draw(st.integers(0, 9))).reset_index(drop=True)


@SETTINGS
@given(timed_diaries())
def test_dropping_the_times_keeps_every_minute(diary):
    day0 = pd.Timestamp("2026-03-02")
    start = day0 + pd.to_timedelta(diary["day"], unit="D") + pd.to_timedelta(
        diary["start_min"], unit="min")
    timed = pd.DataFrame({"worker_id": diary["worker_id"],
                          "start": start.dt.strftime("%Y-%m-%dT%H:%M"),
                          "end": (start + pd.to_timedelta(diary["minutes"], unit="min"))
                          .dt.strftime("%Y-%m-%dT%H:%M"),
                          "activity": diary["activity"], "case_id": diary["case_id"]})
    dated = pd.DataFrame({"worker_id": diary["worker_id"],
                          "date": start.dt.strftime("%Y-%m-%d"),
                          "duration_min": diary["minutes"],
                          "activity": diary["activity"], "case_id": diary["case_id"]})
    a = _read(timed.to_csv(index=False))
    b = _read(dated.to_csv(index=False))
    assert b.report.layout == "dated" and b.report.n_accepted == len(diary)
    assert a.report.n_accepted == len(diary)
    for keys in (["worker_id", "diary_date"], ["case_id"], ["activity"]):
        ga = a.episodes.groupby(keys, dropna=False)["counted_min"].sum()
        gb = b.episodes.groupby(keys, dropna=False)["counted_min"].sum()
        pd.testing.assert_series_equal(ga, gb, check_exact=False)
    assert b.episodes["flags"].str.contains(FLAG).all()


def test_a_forced_dated_layout_on_a_file_with_times_is_refused(tmp_path):
    """review12: `--layout dated` on a file with start_time/end_time placed the start in
    file order but kept the written end, so the first row reached over the next two and
    their 75 minutes were counted 0. A file with clock columns is now refused for dated,
    naming the columns (exit 2, nothing written)."""
    import pytest

    from timestudy.errors import SchemaError
    from timestudy.ingest import read_diary

    f = tmp_path / "mix.csv"
    f.write_text("worker_id,date,start_time,end_time,activity,case_id,duration_min\n"
                 "W1,2026-03-09,09:00,10:30,Home visit,C1,90\n"
                 "W1,2026-03-09,,,Phone call,C2,15\nW1,2026-03-09,,,Case notes,C1,60\n")
    with pytest.raises(SchemaError, match="'end_time', 'start_time'"):
        read_diary(f, layout="dated")


def test_observe_refuses_a_diary_without_times(tmp_path, capsys):
    """review12: `timestudy observe` on a dated diary said "`episodes` has no rows" of a
    924-row file (the tempogram had left every untimed row out). It now says why: exit 2,
    nothing written."""
    from timestudy.cli import main

    f = tmp_path / "d.csv"
    f.write_text("worker_id,date,activity,case_id,duration_min\n"
                 "W1,2026-03-02,home visit,C1,90\nW1,2026-03-02,recording,C1,45\n")
    assert main(["observe", str(f), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2 of 2 entries have a date and a duration but no time of day" in err
    assert not (tmp_path / "o").exists()


def test_a_date_column_with_times_says_to_map_it_as_the_start(tmp_path):
    """review12: a contacts export's `Date` with its time (`09/03/2026 14:30`) was rejected
    "is not a date"; the reason now says it holds a time and how to keep it."""
    from timestudy.ingest import read_diary

    f = tmp_path / "d.csv"
    f.write_text("worker_id,Date,activity,case_id,duration_min\n"
                 "W1,09/03/2026 14:30,home visit,C1,90\nW1,10/03/2026,recording,C1,45\n")
    r = read_diary(f, mapping={"columns": {"date": "Date"}}, warn=False)
    (reason,) = r.rejects["reason"].tolist()
    assert "is a date with a time of day" in reason and '{start: "Date"}' in reason
