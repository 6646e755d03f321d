"""``fill_down``: a diary that writes the date (or the worker) once at the top of each block.

"Days without dates" (the audit of 2026-12-04, /tmp/audit3/sim_nodates.xlsx: the simulated
diary with the date only on each day's first row): 975 of 1,056 rows were rejected "Date is
missing: every row needs one", with no word of how to read such a diary. The mapping's
``fill_down: [date]`` now gives each blank cell the nearest filled value above, within the
same worker's rows, and flags the row ``filled_down``; the rejection without it names the key.
"""

from __future__ import annotations

import io

import hypothesis.strategies as st
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from timestudy import read_diary
from timestudy.errors import ConfigError

DIARY = """worker_id,date,start_time,end_time,activity,case_id
W1,09/03/2026,09:00,10:30,home visit,C1
W1,,10:45,11:30,case notes,C1
W1,,13:00,14:00,emails,
W1,10/03/2026,09:00,09:45,team meeting,
W1,,10:00,12:00,court,C2
W2,,09:00,10:00,visit,C3
"""


def test_dates_written_once_a_day_are_filled_down():
    """By hand: W1 on 9 March 90 + 45 + 60 min, on 10 March 45 + 120 min (360 in all); three
    rows take the date above (lines 3, 4, 6); W2's first row has no date above of its own
    worker and is rejected, saying why."""
    r = read_diary(io.StringIO(DIARY), mapping={"fill_down": ["date"], "dayfirst": True},
                   warn=False)
    e = r.episodes
    assert e["counted_min"].tolist() == [90, 45, 60, 45, 120]
    assert e["diary_date"].dt.strftime("%d").tolist() == ["09", "09", "09", "10", "10"]
    assert ["filled_down" in f for f in e["flags"]] == [False, True, True, False, True]
    (reason,) = r.rejects["reason"].tolist()
    assert r.rejects["source_row"].tolist() == [7]
    assert reason.endswith("(fill_down takes it from the rows above of the same worker: "
                           "none has one)")


def test_without_fill_down_the_rejection_names_it():
    r = read_diary(io.StringIO(DIARY), mapping={"dayfirst": True}, warn=False)
    assert r.rejects["source_row"].tolist() == [3, 4, 6, 7]
    assert set(r.rejects["reason"]) == {
        "date is missing: every row needs one (if it is written once at the top of each "
        "block of rows, give fill_down: [date] in the mapping)"}


def test_fill_down_names_canonical_columns():
    with pytest.raises(ConfigError, match="fill_down: 'Date' is not a canonical column"):
        read_diary(io.StringIO(DIARY), mapping={"fill_down": ["Date"]})


def test_a_workbook_with_the_date_on_each_days_first_row(tmp_path):
    """Excel date cells on the first row of each day only; times as time cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Worker", "Date", "From", "To", "What"])
    rows = [("W1", pd.Timestamp("2026-03-09"), "09:00", "10:00", "visit"),
            ("W1", None, "10:00", "10:30", "notes"),
            ("W1", pd.Timestamp("2026-03-10"), "09:00", "11:00", "court"),
            ("W1", None, "11:30", "12:00", "notes")]
    for w, d, a, b, what in rows:
        ws.append([w, d.to_pydatetime() if d is not None else None,
                   pd.Timestamp(f"2026-01-01 {a}").time(), pd.Timestamp(f"2026-01-01 {b}").time(),
                   what])
        if d is not None:
            ws.cell(ws.max_row, 2).number_format = "dd/mm/yyyy"
    path = tmp_path / "diary.xlsx"
    wb.save(path)
    mapping = {"columns": {"worker_id": "Worker", "date": "Date", "start_time": "From",
                           "end_time": "To", "activity": "What"}, "fill_down": ["date"]}
    e = read_diary(path, mapping=mapping, warn=False).episodes
    assert e["counted_min"].tolist() == [60, 30, 120, 30]
    assert e["diary_date"].dt.strftime("%m-%d").tolist() == ["03-09", "03-09", "03-10", "03-10"]


@st.composite
def _diaries(draw):
    """Workers' days of back-to-back entries, every row dated."""
    rows = []
    for w in range(draw(st.integers(1, 3))):
        for day in range(draw(st.integers(1, 3))):
            t = 8 * 60
            for _ in range(draw(st.integers(1, 4))):
                length = draw(st.integers(5, 120))
                rows.append((f"W{w}", f"{9 + day:02d}/03/2026", f"{t // 60:02d}:{t % 60:02d}",
                             f"{(t + length) // 60:02d}:{(t + length) % 60:02d}", "work"))
                t += length
    return pd.DataFrame(rows, columns=["worker_id", "date", "start_time", "end_time",
                                       "activity"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_diaries())
def test_blanking_repeated_dates_and_filling_down_gives_the_same_episodes(full):
    """Blank every date that repeats the row above within a worker's rows: read with
    fill_down, the episodes are those of the fully dated file (flags aside)."""
    blank = full.copy()
    same = (full["date"] == full["date"].shift()) & (full["worker_id"] == full["worker_id"].shift())
    blank.loc[same, "date"] = ""
    cols = ["worker_id", "start", "end", "counted_min", "diary_date"]
    want = read_diary(full, mapping={"dayfirst": True}, warn=False).episodes[cols]
    got = read_diary(blank, mapping={"dayfirst": True, "fill_down": ["date"]}, warn=False)
    assert got.rejects.empty
    pd.testing.assert_frame_equal(got.episodes[cols], want)
    assert sum("filled_down" in f for f in got.episodes["flags"]) == int(same.sum())


def test_a_long_slot_diary_fills_down_on_the_files_rows():
    """Review of the stop: the dates were filled after the long-slot reader had grouped its
    runs, so 10 March's slots 2 and 3 (court, emails) went on 9 March: 90 and 30 min. By
    hand, 30-minute slots from 09:00: 90 min on each day."""
    text = ("worker_id,date,slot_number,activity\nW1,09/03/2026,1,visit\nW1,,2,visit\n"
            "W1,,3,notes\nW1,10/03/2026,1,court\nW1,,2,court\nW1,,3,emails\n")
    mapping = {"fill_down": ["date"], "dayfirst": True, "first_slot_start": "09:00",
               "slot_minutes": 30}
    e = read_diary(io.StringIO(text), mapping=mapping, warn=False).episodes
    by_day = e.groupby(e["start"].dt.strftime("%m-%d"))["counted_min"].sum()
    assert by_day.to_dict() == {"03-09": 90.0, "03-10": 90.0}
    assert e["activity"].tolist() == ["visit", "notes", "court", "emails"]
