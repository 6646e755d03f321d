"""A dated diary (worker, date, duration: no time of day) in hours is warned, not read as
minutes in silence; a header naming ``hh:mm`` over ``1.30`` is refused with its fix.

The audit of messy CSV exports (/tmp/audit23m): ``dated_hours.csv``, 30 rows of 0.5 to 3
hours, two or more a worker-day, was "43.00 in = 43.00 accepted", exit 0, no warning (2,580
minutes meant); ``dated_hours_big.csv`` 15 minutes for 900; ``hhmm_dots.csv`` under
``Duration (hh:mm)`` 9.8 minutes for 660. The rows of a dated diary are placed back to back
from the diary day's start, so each next start is the duration in minutes later: that was
counted as evidence that the column "fits minutes", a circle the placing drew. Placed rows
(``time_of_day_unknown``) are now never evidence by their next start; they are judged by
the weak evidence: their sizes, and their worker-days' totals.
"""

from __future__ import annotations

import io

import pytest

from timestudy import read_diary
from timestudy.cli import main

HEAD = "Worker ID,Date,Duration,Activity,Case ID\n"


def _read(text: str, **mapping):
    return read_diary(io.StringIO(HEAD + text), mapping={"dayfirst": True, **mapping},
                      warn=False)


def _codes(result) -> dict[str, dict]:
    return {w["code"]: w for w in result.report.details.get("warnings", ())}


BIG = """W1,09/03/2026,2,visit,C1
W1,09/03/2026,3,court,C1
W1,09/03/2026,2.5,notes,C2
W2,09/03/2026,4,visit,C3
W2,09/03/2026,3.5,notes,C3
"""


def test_a_dated_diary_in_hours_is_warned_with_both_totals():
    """dated_hours_big.csv. As read: 2 + 3 + 2.5 + 4 + 3.5 = 15 minutes; as hours 15 x 60 =
    900. Before: no warning (4 of 5 rows "fit minutes" by their placed next start). Now:
    duration_looks_like_hours, nothing checked, kept as read."""
    r = _read(BIG)
    assert r.episodes["duration_min"].sum() == 15
    w = _codes(r)["duration_looks_like_hours"]
    assert (w["checked"], w["fit_minutes"]) == (0, 0)
    assert (w["minutes_as_read"], w["minutes_if_hours"]) == (15, 900)
    assert "15 min accepted; 900 if hours" in w["message"] and "\n" not in w["message"]


def test_whole_hours_are_judged_by_their_worker_days():
    """No quarter or half hours, so the old weak evidence (a quarter of values in quarters)
    never fired: W1 2 + 3 + 3 = 8, W2 4 + 4 = 8, W3 1 + 6 = 7 on 09/03. As minutes the
    worker-days average 23 / 3 = 7.67 minutes, as hours 7.7 hours, none over 24: warned.
    As read 23 minutes; as hours 1,380."""
    r = _read("W1,09/03/2026,2,v,C1\nW1,09/03/2026,3,v,C1\nW1,09/03/2026,3,v,C1\n"
              "W2,09/03/2026,4,v,C1\nW2,09/03/2026,4,v,C1\n"
              "W3,09/03/2026,1,v,C1\nW3,09/03/2026,6,v,C1\n")
    w = _codes(r)["duration_looks_like_hours"]
    assert (w["worker_days"], w["minutes_as_read"], w["minutes_if_hours"]) == (3, 23, 1380)
    assert "3 worker-days average 7.67 min as read, 7.7 hours if hours" in w["message"]


def test_mostly_short_entries_are_warned_as_a_column():
    """dated_hours.csv in small: W1 1.5, 0.75, 2; W2 0.5, 1.25, 3. Five of six under 2, so
    duration_under_two_minutes stands down for the column check, which before said
    nothing. As read 9 minutes; as hours 540."""
    r = _read("W1,09/03/2026,1.5,v,C1\nW1,09/03/2026,0.75,v,C1\nW1,09/03/2026,2,v,C1\n"
              "W2,09/03/2026,0.5,v,C1\nW2,09/03/2026,1.25,v,C1\nW2,09/03/2026,3,v,C1\n")
    codes = _codes(r)
    assert "duration_under_two_minutes" not in codes
    w = codes["duration_looks_like_hours"]
    assert (w["minutes_as_read"], w["minutes_if_hours"]) == (9, 540)


def test_saying_hours_reads_them_as_hours():
    """The fix the warning names: duration_unit: hours gives 900 minutes, no warning."""
    r = _read(BIG, duration_unit="hours")
    assert r.episodes["duration_min"].sum() == 900
    assert "duration_looks_like_hours" not in _codes(r)


def test_a_dated_diary_in_minutes_is_not_warned():
    """Control: 90 + 30 + 45 and 60 + 120 minutes on two worker-days (165 and 180), and a
    diary of short entries whose worker-days would be 30 hours as hours (10 + 12 + 8):
    neither warned."""
    assert "duration_looks_like_hours" not in _codes(_read(
        "W1,09/03/2026,90,v,C1\nW1,09/03/2026,30,v,C1\nW1,09/03/2026,45,v,C1\n"
        "W2,09/03/2026,60,v,C1\nW2,09/03/2026,120,v,C1\n"))
    assert "duration_looks_like_hours" not in _codes(_read(
        "W1,09/03/2026,10,v,C1\nW1,09/03/2026,12,v,C1\nW1,09/03/2026,8,v,C1\n"
        "W2,09/03/2026,10,v,C1\nW2,09/03/2026,12,v,C1\nW2,09/03/2026,8,v,C1\n"))


HHMM = """Worker ID,Date,Duration (hh:mm),Activity,Case ID
W1,09/03/2026,1.30,visit,C1
W1,09/03/2026,0.45,notes,C1
W1,09/03/2026,2.15,court,C2
"""
HHMM_MAP = {"columns": {"duration_min": "Duration (hh:mm)"}}  # hhmm.yaml


def test_hours_and_minutes_written_with_a_dot_are_read_as_such(tmp_path, capsys):
    """hhmm_dots.csv: under ``Duration (hh:mm)``, 1.30 was read as 1.3 minutes (1.3 + 0.45
    + 2.15 = 3.9 for 90 + 45 + 135 = 270); then refused, exit 2. Now read as hours and
    minutes, 270, with a warning (read24: tests/ingest/test_hours_dot_minutes.py; a 1.5
    among them is still refused there)."""
    path = tmp_path / "hhmm_dots.csv"
    path.write_text(HHMM)
    r = read_diary(path, mapping={"dayfirst": True, **HHMM_MAP}, warn=False)
    assert r.episodes["duration_min"].tolist() == [90, 45, 135]
    (tmp_path / "hhmm.yaml").write_text('columns: {duration_min: "Duration (hh:mm)"}\n')
    assert main(["validate", str(path), "--mapping", str(tmp_path / "hhmm.yaml"),
                 "--out", str(tmp_path / "out")]) == 0
    assert "duration_read_as_hours_minutes: 3 values" in capsys.readouterr().out


def test_hours_and_minutes_written_with_a_colon_are_read():
    """The same header over 1:30, 0:45, 2:15: 90 + 45 + 135 = 270 minutes, no refusal."""
    r = read_diary(io.StringIO(HHMM.replace("1.30", "1:30").replace("0.45", "0:45")
                               .replace("2.15", "2:15")), mapping={"dayfirst": True, **HHMM_MAP},
                   warn=False)
    assert r.episodes["duration_min"].tolist() == [90, 45, 135]


def test_short_entries_among_minutes_over_24_are_named_however_many(tmp_path):
    """review23b dated_half.csv: a dated diary of 1.5, 0.75, 30 (W1) and 0.5, 1.25, 45 (W2):
    4 of 6 entries under 2. The column check cannot say hours (30 and 45 are over 24), so
    the short entries are named: source rows 2, 3, 5, 6. Before the review: no warning
    (the short-entry warning stood aside for a column check that could not fire), 79
    minutes accepted."""
    path = tmp_path / "half.csv"
    path.write_text("Worker ID,Date,Duration,Activity,Case ID\nW1,09/03/2026,1.5,visit,C1\n"
                    "W1,09/03/2026,0.75,notes,C1\nW1,09/03/2026,30,phone,C2\n"
                    "W2,09/03/2026,0.5,visit,C3\nW2,09/03/2026,1.25,notes,C3\n"
                    "W2,09/03/2026,45,court,C4\n")
    r = read_diary(path, warn=False)
    said = [w for w in r.report.details["warnings"] if w["code"] == "duration_under_two_minutes"]
    assert said and "source rows 2, 3, 5, 6" in said[0]["message"]


def test_h_mm_ss_text_under_an_hh_mm_header_is_read(tmp_path):
    """review23b hhmm_secs2.csv: under ``Duration (hh:mm)``, text with seconds, 0:10:30 =
    10.5 minutes, 1:30:00 = 90 and 0:15:00 = 15: 115.5 minutes, no refusal. Before the
    review: refused (exit 2, "10.5 ... as hours.minutes 10 h 50 min"), the parsed minutes
    judged, not the text."""
    path = tmp_path / "secs.csv"
    path.write_text("Worker ID,Date,Duration (hh:mm),Activity,Case ID\n"
                    "W1,09/03/2026,0:10:30,call,C1\nW1,09/03/2026,1:30:00,visit,C1\n"
                    "W1,09/03/2026,0:15:00,notes,C1\n")
    r = read_diary(path, mapping={"dayfirst": True, **HHMM_MAP}, warn=False)
    assert r.episodes["duration_min"].sum() == pytest.approx(115.5)
