"""Parsing of the values people write: times, dates, date-times, durations, numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.schema import parse


def one(fn, value, *args):
    out = fn(pd.Series([value], dtype="str"), *args)
    return (out[0] if not isinstance(out, tuple) else out[0][0]).item()


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("9:30", 570),
        ("09:30", 570),
        ("09:30:00", 570),
        ("9.30", 570),
        ("9.30am", 570),
        ("9.30 am", 570),
        ("9:30 a.m.", 570),
        ("9:30PM", 1290),
        ("12:00 pm", 720),
        ("12:15am", 15),
        ("9am", 540),
        ("11 p.m.", 1380),
        ("0930", 570),
        ("21:15", 1275),
        ("00:00", 0),
        ("24:00", 1440),
        ("23:59:30", 1439.5),
    ],
)
def test_times_of_day(text, minutes):
    assert one(parse.time_minutes, text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["25:70", "24:01", "13pm", "0am", "9", "930", "nine", "9:7", ""])
def test_not_times(text):
    assert np.isnan(one(parse.time_minutes, text))


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2026-03-09", True, "2026-03-09"),
        ("09/03/2026", True, "2026-03-09"),
        ("9/3/2026", True, "2026-03-09"),
        ("09/03/26", True, "2026-03-09"),
        ("09.03.2026", True, "2026-03-09"),
        ("01-Apr-2025", True, "2025-04-01"),
        ("1 April 2025", True, "2025-04-01"),
        ("2026-03-09T00:00:00", True, "2026-03-09"),
        ("03/09/2026", False, "2026-03-09"),
        ("Mar 9, 2026", False, "2026-03-09"),
        ("01-Apr-2025", False, "2025-04-01"),
    ],
)
def test_dates(text, dayfirst, expected):
    got = parse.dates(pd.Series([text], dtype="str"), dayfirst)[0]
    assert got == np.datetime64(expected)


@pytest.mark.parametrize("text", ["03/25/2026", "31/02/2026", "2026-13-01", "yesterday"])
def test_not_dates_dayfirst(text):
    assert np.isnat(parse.dates(pd.Series([text], dtype="str"), True)[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-09T09:30", "2026-03-09T09:30"),
        ("2026-03-09 09:30:15", "2026-03-09T09:30:15"),
        ("09/03/2026 09:30", "2026-03-09T09:30"),
        ("09/03/2026 9.30am", "2026-03-09T09:30"),
        ("9 March 2026 14:05", "2026-03-09T14:05"),
        ("01-Apr-2025, 1:05 PM", "2025-04-01T13:05"),
    ],
)
def test_datetimes(text, expected):
    stamps, clock = parse.datetimes(pd.Series([text], dtype="str"))
    assert stamps[0] == np.datetime64(expected)
    assert np.isnan(clock[0])


def test_offsets_are_converted_to_the_study_zone_or_left_unread():
    text = pd.Series(["2026-03-09T09:30:00+01:00", "2026-03-09T09:30Z"], dtype="str")
    london, _ = parse.datetimes(text, True, "Europe/London")
    assert london.tolist() == [np.datetime64("2026-03-09T08:30"), np.datetime64("2026-03-09T09:30")]
    bare, _ = parse.datetimes(text)
    assert np.isnat(bare).all()  # never read as if the offset were not there


def test_time_only_values_are_told_apart_from_bad_values():
    stamps, clock = parse.datetimes(pd.Series(["17:00", "25:70", "2026-03-09T25:70"], dtype="str"))
    assert np.isnat(stamps).all()
    assert clock[0] == 1020 and np.isnan(clock[1:]).all()


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45.5", 45.5),
        ("1,5", 1.5),
        ("1:30", 90),
        ("01:30:00", 90),
        ("0:00:30", 0.5),
        ("1h 30m", 90),
        ("1h", 60),
        ("90 min", 90),
        ("90 mins", 90),
        ("2 hours", 120),
        ("1.5 hrs", 90),
    ],
)
def test_durations(text, minutes):
    assert one(parse.durations, text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["ninety", "1:75", "", "h", "inf"])
def test_not_durations(text):
    assert np.isnan(one(parse.durations, text))


def test_by_unique_spreads_results_and_fills_missing():
    values = pd.Series(["9:30", None, "9:30", "x"], dtype="str")
    out = parse.by_unique(values, parse.time_minutes, np.nan)
    assert out[0] == out[2] == 570 and np.isnan(out[1]) and np.isnan(out[3])


def test_as_text_shows_values_as_written():
    assert parse.as_text(pd.Series([1.0, 2.5, None, "x"], dtype=object)).tolist() == [
        "1",
        "2.5",
        "",
        "x",
    ]
