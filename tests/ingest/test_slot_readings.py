"""Slot grids read as their headers mean them: 12-hour clocks, headers that are not times,
the spring clock change, and what the summary's "rows read" counts (the audit's files in
/tmp/audit, written here inline)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.cli import main
from timestudy.cli._diary import summary_text
from timestudy.errors import SchemaError

T = pd.Timestamp


def _csv(tmp_path, text: str, name: str = "grid.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _warnings(result) -> dict[str, str]:
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", ())}


SL5 = ("worker_id,date,9:00 AM,9:30 AM,10:00 AM,10:30 AM,11:00 AM\n"
       "W1,09/03/2026,visit,visit,notes,notes,admin\n"
       "W2,09/03/2026,visit,visit,notes,notes,admin\n")


def test_twelve_hour_headers_with_am_pm_are_clock_times(tmp_path):
    """sl5.csv with ``slot_minutes: 30, layout: slots`` read 0 rows and exited 0."""
    result = read_diary(_csv(tmp_path, SL5), mapping={"slot_minutes": 30, "layout": "slots"})
    eps = result.episodes
    assert result.report.details["slot_columns"] == 5
    assert eps["activity"].tolist() == ["visit", "notes", "admin"] * 2
    assert eps["start"].tolist()[:3] == [T("2026-03-09 09:00"), T("2026-03-09 10:00"),
                                         T("2026-03-09 11:00")]
    assert eps["duration_min"].sum() == 300
    # detected without a mapping too, and a range's AM/PM written once is its start's
    pm = "worker_id,date,11:30-12:00 PM,12:00-12:30 PM,12:30-1:00 PM,1:00-1:30 PM\nW1,09/03/2026,a,b,c,d\n"
    eps = read_diary(_csv(tmp_path, pm, "pm.csv")).episodes
    assert [t.strftime("%H:%M") for t in eps["start"]] == ["11:30", "12:00", "12:30", "13:00"]
    assert eps["duration_min"].tolist() == [30.0] * 4


@pytest.mark.parametrize("headers", ["A,B,C,D", "Slot one,Slot two,Slot three,Slot four"])
def test_headers_that_are_not_times_are_refused_naming_them(tmp_path, capsys, headers):
    path = _csv(tmp_path, f"worker_id,date,{headers}\nW1,09/03/2026,visit,visit,notes,notes\n")
    with pytest.raises(SchemaError, match=r"none of its headers is a clock time \('"
                       + headers.split(",")[0] + "'.*slot_pattern"):
        read_diary(path, mapping={"slot_minutes": 30, "layout": "slots"})
    mapping = _csv(tmp_path, "slot_minutes: 30\nlayout: slots\n", "m.yaml")
    code = main(["validate", str(path), "--mapping", str(mapping), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "none of its headers is a clock time" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()


SL4 = ("worker_id,date,11:00,11:30,12:00,12:30,1:00,1:30\n"
       "W1,09/03/2026,visit,visit,lunch,notes,notes,admin\n")


@pytest.mark.parametrize("mapping", [None, {"slot_minutes": 30}])
def test_twelve_hour_headers_without_am_pm_are_read_as_afternoon(tmp_path, mapping):
    """sl4.csv: with slot_minutes 30 (the old refusal's advice) `notes` ran 12:30 to 01:30 the
    next day (780 minutes) and the six slots of 30 minutes counted 900."""
    result = read_diary(_csv(tmp_path, SL4), mapping=mapping)
    eps = result.episodes.set_index("activity")
    assert eps.loc["notes", "start"] == T("2026-03-09 12:30")
    assert eps.loc["notes", "end"] == T("2026-03-09 13:30")
    assert eps["duration_min"].sum() == 6 * 30
    assert result.report.details["slots_read_as_afternoon"] == ["1:00", "1:30"]
    assert "12-hour clock" in _warnings(result)["twelve_hour_slots"]


def test_a_step_back_that_is_no_12_hour_clock_is_refused_without_slot_minutes_advice(tmp_path):
    grid = ("worker_id,date,11:00,11:30,12:00,12:30,1:00,2:00\n"
            "W1,09/03/2026,visit,visit,lunch,notes,notes,admin\n")
    for mapping in (None, {"slot_minutes": 60}):
        with pytest.raises(SchemaError, match="go back from 12:30 to 1:00") as err:
            read_diary(_csv(tmp_path, grid), layout="slots", mapping=mapping)
        assert "13:00 or 1:00 PM" in str(err.value) and "set slot_minutes" not in str(err.value)


@settings(max_examples=60, deadline=None)
@given(start=st.integers(8, 12), spacing=st.sampled_from([15, 20, 30, 60]),
       n=st.integers(2, 24))
def test_no_slot_of_a_12_hour_grid_counts_more_than_its_spacing(start, spacing, n):
    minutes = [start * 60 + k * spacing for k in range(n)]
    minutes = [m for m in minutes if m < 20 * 60]
    if len(minutes) < 2:
        return
    headers = [f"{(m // 60 - 1) % 12 + 1}:{m % 60:02d}" for m in minutes]
    grid = pd.DataFrame({"worker_id": ["W1"], "date": ["2026-03-09"],
                         **{h: [f"a{k}"] for k, h in enumerate(headers)}})
    eps = read_diary(grid, layout="slots").episodes
    assert (eps["duration_min"] == spacing).all()
    assert [t.hour * 60 + t.minute for t in eps["start"]] == minutes


SL1 = ("worker_id,date,00:00,00:30,01:00,01:30,02:00,02:30,03:00,03:30\n"
       "W1,29/03/2026,sleep,sleep,work,work,work,work,sleep,sleep\n")
SL2 = ("worker_id,date,00:00,00:30,01:00,01:30,02:00,02:30,03:00,03:30\n"
       "W1,29/03/2026,sleep,sleep,sleep,work,work,work,sleep,sleep\n")


@pytest.mark.parametrize(("grid", "sleep_first"), [(SL1, 60.0), (SL2, 60.0)])
def test_slots_in_the_skipped_hour_count_no_minutes_and_are_named(tmp_path, grid, sleep_first):
    """sl2.csv: the runs ending and starting in the hour skipped were rejected
    nonexistent_time with two identical lines naming `date`. Both grids now count the
    night's real 180 minutes, as a timer would, and the report names the slot columns and
    the activities in them."""
    result = read_diary(_csv(tmp_path, grid), timezone="Europe/London")
    assert result.report.n_rejected == 0
    eps = result.episodes
    assert eps["duration_min"].tolist() == [sleep_first, 60.0, 60.0]
    assert eps["duration_min"].sum() == 180  # 00:00 to 04:00 on a 23-hour night
    assert "clock_change" in eps["flags"].iloc[1]
    message = _warnings(result)["clock_change_slots"]
    assert "slot columns 01:00, 01:30 did not happen" in message
    assert "'W1': " in message and "'work'" in message  # quoted: withheld when published
    assert result.report.details["clock_change_slots"] == [message]


SL8 = ("worker_id,date,09:00,09:30,10:00,10:30\n"
       "W1,09/03/2026,visit,visit,notes,notes\nW1,10/03/2026,,,,\nW2,09/03/2026,,,,\n")


def test_blank_grid_rows_are_counted_in_the_summary(tmp_path):
    """sl8.csv: "2 rows read" from 3 rows, 2 of them blank, said only in the JSON."""
    result = read_diary(_csv(tmp_path, SL8))
    assert result.report.details["blank_rows"] == 2
    text = summary_text(result)
    assert text.startswith("grid.csv: 3 rows read as 2 episodes (csv, layout slots)")
    assert ("2 of the grid's 3 rows have every slot blank ('W1' '10/03/2026', 'W2' '09/03/2026')"
            in text)


def test_a_grid_without_blank_rows_gives_no_warning(tmp_path):
    """The summary's first line says how many rows made how many episodes; no warning is
    raised for a grid that is read as it is."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = read_diary(_csv(tmp_path, SL8.split("W1,10/03")[0]))
    assert "warnings" not in result.report.details


@pytest.mark.parametrize(("headers", "minutes"), [
    (["9:00 AM", "9:30 AM", "12:00 PM", "12:30 PM"], [540, 570, 720, 750]),
    (["9 AM", "10 am", "11a.m.", "12 p.m."], [540, 600, 660, 720]),
    (["11:30-12:00 PM", "12:00-12:30 PM", "1:00-1:30 PM"], [690, 720, 780]),
    (["11:00-11:30 PM", "11:30-12:00 AM", "12:00-12:30 AM"], [1380, 1410, 0]),
])
def test_twelve_hour_header_spellings(headers, minutes):
    from timestudy.ingest.slots import slot_headers

    assert list(slot_headers(["worker_id", *headers]).values()) == minutes
