"""Days without dates: weekday names dated by their week commencing, and a day written twice.

Before, a typed-up paper diary writing ``Monday`` in its date column (its week once, in
a "week commencing" column) had every row rejected ``bad_date`` ("'Monday' is not a
date"): 0 of 5 rows and 0 of 930 minutes accepted. By hand (wk.csv below): W1 writes
Monday 09:00-10:30 (90) and 10:30-11:00 (30), Tue 09:00-12:00 (180), Wednesday
22:00-00:30 (150, across midnight) in the week commencing 02/03/2026 (Monday 2 March),
and Monday 09:00-17:00 (480) in the week commencing 09/03/2026: 930 minutes on 2, 3, 4
and 9 March.

A diary writing a ``Day`` beside its ``Date`` states the day twice: a row whose two
disagree (07/04/2026, a Tuesday, written Monday) was read with no word.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest import read_diary

WEEKS = ("worker_id,week_commencing,date,start_time,end_time,activity,case_id\n"
         "W1,02/03/2026,Monday,09:00,10:30,home visit,C1\n"
         "W1,02/03/2026,Monday,10:30,11:00,travel,C1\n"
         "W1,02/03/2026,Tue,09:00,12:00,recording,C1\n"
         "W1,02/03/2026,Wednesday,22:00,00:30,out of hours call,C2\n"
         "W1,09/03/2026,Monday,09:00,17:00,court,C3\n")


def _read(tmp_path, text, name="wk.csv", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.warns(DataQualityWarning) as said:
        res = read_diary(path, **kw)
    return res, " ".join(str(w.message) for w in said)


def test_weekday_names_are_dated_by_their_week(tmp_path):
    res, said = _read(tmp_path, WEEKS)
    ep = res.episodes
    assert res.report.n_accepted == 5 and res.report.n_rejected == 0
    assert ep["duration_min"].sum() == 930
    assert ep["start"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2026-03-02 09:00", "2026-03-02 10:30", "2026-03-03 09:00", "2026-03-04 22:00",
        "2026-03-09 09:00"]
    assert ep["end"].iloc[3] == pd.Timestamp("2026-03-05 00:30")  # across midnight: 150
    assert "5 row(s) name the weekday, not the date" in said
    assert "2 week(s), from 2026-03-02 to 2026-03-09" in said and "other than Monday" not in said


def test_a_week_header_as_written_and_a_week_not_on_a_monday(tmp_path):
    """``W/C`` is the week; 03/02/2026 read day first is Tuesday 3 February, so Mon is 9
    February and Fri 6 February (the weekday on or after it), said, with month first
    (2 March, a Monday) named as the other reading."""
    text = ("worker_id,W/C,date,start_time,end_time,activity\n"
            "W1,03/02/2026,Mon,09:00,10:00,visit\nW1,03/02/2026,Fri,09:00,10:00,visit\n")
    res, said = _read(tmp_path, text)
    assert sorted(res.episodes["start"].dt.strftime("%Y-%m-%d")) == ["2026-02-06",
                                                                     "2026-02-09"]
    assert "1 week(s) start on a day other than Monday (Tuesday)" in said
    assert "read month first, every week would start on a Monday" in said
    assert "dayfirst: false" in said


def test_one_week_for_the_whole_file_from_the_mapping(tmp_path):
    """A dated log (date and minutes): Mon 60 and Tue 30 in the week of 2026-03-02."""
    (tmp_path / "map.yaml").write_text("defaults:\n  week_commencing: 2026-03-02\n",
                                       encoding="utf-8")
    text = "worker_id,date,duration_min,activity\nW1,Mon,60,visit\nW1,Tue,30,visit\n"
    res, said = _read(tmp_path, text, mapping=tmp_path / "map.yaml")
    days = res.episodes.groupby(res.episodes["start"].dt.strftime("%Y-%m-%d"))["duration_min"]
    assert days.sum().to_dict() == {"2026-03-02": 60, "2026-03-03": 30}
    assert "2 row(s) name the weekday" in said


@pytest.mark.parametrize(("text", "says"), [
    ("worker_id,date,start_time,end_time,activity\nW1,Mon,09:00,10:00,visit\n",
     "line 2: date 'Mon' names a weekday with no date: add a column 'week commencing'"),
    ("worker_id,Week commencing,date,start_time,end_time,activity\n"
     "W1,,Mon,09:00,10:00,visit\nW1,,Tue,09:00,10:00,visit\n",
     "line 2: column 'Week commencing' is blank, and date 'Mon' names a weekday: give the "
     "date its week starts on"),
    ("worker_id,Week commencing,date,start_time,end_time,activity\n"
     "W1,w/c 2 March,Mon,09:00,10:00,visit\n",
     "line 2: column 'Week commencing' 'w/c 2 March' is not a date"),
])
def test_a_weekday_with_no_week_stops_the_read_in_one_line(tmp_path, capsys, text, says):
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match="names a weekday"):
        read_diary(path)
    code = main(["validate", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_a_day_written_beside_the_date_is_checked_against_it(tmp_path):
    """03/04/2026 is Friday 3 April and 06/04/2026 Monday 6 April (day first): agree;
    07/04/2026 is Tuesday 7 April, written Monday: named, read as the date says."""
    text = ("worker_id,Date,Day,start_time,end_time,activity\n"
            "W1,03/04/2026,Friday,09:00,10:00,visit\nW1,06/04/2026,Monday,09:00,10:00,visit\n"
            "W1,07/04/2026,Monday,09:00,10:00,visit\n")
    res, said = _read(tmp_path, text)
    assert res.report.n_accepted == 3
    assert res.episodes["start"].iloc[2] == pd.Timestamp("2026-04-07 09:00")
    assert ("1 row(s) name a weekday that is not their date's (column 'Day': line 4; "
            "'07/04/2026' is a Tuesday, written 'Monday')") in said


def test_a_day_column_that_agrees_only_month_first_says_so(tmp_path):
    """04/03/2026 beside Friday: 4 March (day first) is a Wednesday, 3 April (month first)
    a Friday; 04/06/2026 beside Monday: 4 June is a Thursday, 6 April a Monday."""
    text = ("worker_id,Date,Day,start_time,end_time,activity\n"
            "W1,04/03/2026,Friday,09:00,10:00,visit\nW1,04/06/2026,Monday,09:00,10:00,visit\n")
    _, said = _read(tmp_path, text)
    assert "2 row(s) name a weekday that is not their date's" in said
    assert "read month first, every row's date is its weekday" in said


def test_dates_with_a_day_that_agrees_say_nothing(tmp_path):
    import warnings

    path = tmp_path / "ok.csv"
    path.write_text("worker_id,Date,Day,start_time,end_time,activity\n"
                    "W1,03/04/2026,Fri,09:00,10:00,visit\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        res = read_diary(path)
    assert res.report.n_accepted == 1


def test_a_few_weekdays_with_no_week_among_dates_are_rejected_and_named(tmp_path):
    """Two dated rows (60 + 30 accepted) and a row dated 'Monday' with no week column: it
    is rejected bad_date as before (a row with no date: its minutes not known), and the
    warning names it with the fix; the file is read, not refused."""
    text = ("worker_id,date,start_time,end_time,activity\n"
            "W1,02/03/2026,09:00,10:00,visit\nW1,Monday,09:00,09:45,visit\n"
            "W1,03/03/2026,09:00,09:30,visit\n")
    res, said = _read(tmp_path, text)
    m = res.report.details["minutes"]
    assert (m["minutes_accepted"], m["rows_without_minutes"]) == (90, 1)
    assert res.report.rejected_by_reason == {"bad_date": 1}
    assert ("1 row(s) name a weekday with no week to date it by, rejected bad_date (line 3: "
            "date 'Monday' names a weekday with no date: add a column 'week commencing'") in said


def test_a_second_weeks_days_under_the_first_weeks_date_are_named(tmp_path):
    """review24a: two weeks of Mon-Tue with the week given once in the mapping: week 2's
    Monday (09:00-12:00, 180) read as a copy of week 1's and its Tuesday as an overlap,
    540 of 840 counted with no word that the days started over. The minutes stay as read
    (the diary does not say which week); the warning names line 4, Monday after Tuesday."""
    (tmp_path / "m.yaml").write_text("defaults:\n  week_commencing: 2026-03-02\n",
                                     encoding="utf-8")
    text = ("worker_id,date,start_time,end_time,activity\n"
            "W1,Mon,09:00,12:00,visit\nW1,Tue,09:00,11:00,visit\n"
            "W1,Mon,09:00,12:00,visit\nW1,Tue,10:00,12:00,visit\n")
    _, said = _read(tmp_path, text, mapping=tmp_path / "m.yaml")
    assert ("1 row(s) name a weekday before the one above them in the same week (line 4: "
            "Monday after Tuesday, week commencing 2026-03-02)") in said


def test_an_end_day_named_is_the_first_such_day_after_the_start(tmp_path):
    """Saturday 22:00 to Sunday 02:00 in the week of 2 March (240) and Monday 09:00-10:00
    (60): 300 minutes, the first on 7-8 March; before, both rejected bad_date."""
    text = ("worker_id,week_commencing,date,start_time,end_date,end_time,activity\n"
            "W1,02/03/2026,Saturday,22:00,Sunday,02:00,ooh\n"
            "W1,02/03/2026,Monday,09:00,Monday,10:00,visit\n")
    res, _ = _read(tmp_path, text)
    assert res.report.n_accepted == 2 and res.episodes["duration_min"].sum() == 300
    assert res.episodes["end"].max() == pd.Timestamp("2026-03-08 02:00")


def test_a_weekday_misspelt_is_named_with_its_spelling(tmp_path):
    text = ("worker_id,W/C,date,start_time,end_time,activity\n"
            "W1,02/03/2026,Monday,09:00,10:00,visit\nW1,02/03/2026,Wendesday,09:00,10:00,visit\n")
    res, said = _read(tmp_path, text)
    assert res.report.rejected_by_reason == {"bad_date": 1}
    assert "1 row(s) name a day misspelt, rejected bad_date (line 3: 'Wendesday' for " \
           "Wednesday)" in said
