"""A Harvest report with some entries typed in as a duration keeps the timed entries'
times; the untimed ones are placed as a diary without times places its rows, and a
placed time is never an overlap with a real one (fix37h).

Harvest's times are optional per entry ("Started-At: Start timestamp of timer (if
timestamps are enabled)", https://help.getharvest.com/api-v1/reports-api/reports/time-reports/;
time typed in or imported "will only show a duration",
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data):
conformance harvest/untimed_beside_timed.csv and harvest/timestamps.csv.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.panels import worker_day

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
FILE = HARVEST / "untimed_beside_timed.csv"
MAPPING = HARVEST / "untimed_beside_timed.mapping.yaml"


def _read() -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(FILE, mapping=MAPPING, warn=False)


def test_the_timed_entries_keep_their_times():
    """Ann Lee's call-out 4:15am-5:00am keeps its time; before (1d689f36) the whole
    report was read without times and it was placed at 04:00 too."""
    eps = _read().episodes.set_index("source_row")
    assert str(eps.loc[2, "start"]) == "2026-11-04 04:15:00"
    assert str(eps.loc[5, "start"]) == "2026-11-04 10:00:00"
    assert eps.loc[[3, 4], "flags"].str.contains("time_of_day_unknown").all()
    assert not eps.loc[[2, 5], "flags"].fillna("").str.contains("time_of_day_unknown").any()


def test_a_placed_time_is_no_overlap():
    """The untimed 1.0 h is placed 04:00-05:00, over the real 04:15-05:00: neither covers
    the other. Counted 45 + 60 + 30 + 15 = 150 of 150; with the overlap check judging the
    placed row against the timed one, it was flagged overlap and counted 15 (105 of 150,
    45 under other entries)."""
    result = _read()
    eps = result.episodes
    assert not eps["flags"].fillna("").str.contains("overlap").any()
    assert eps["counted_min"].sum() == pytest.approx(150.0)
    account = result.report.details["minutes"]
    assert (account["minutes_accepted"], account["minutes_under_other_entries"]) == (
        pytest.approx(150.0), pytest.approx(0.0))


def test_out_of_hours_counts_the_timed_call_out_only():
    """The worker-day's out-of-hours time is the call-out's 45 minutes (04:15-05:00, before
    08:00), over 1 h of time known (45 + 15): the placed 1.5 h is in the hours worked
    (2.5 h) and neither in nor out of hours. Before (1d689f36): no time known, 0 out of
    hours over 0."""
    eps = _read().episodes.assign(category="direct", task_type="visit")
    day = worker_day(eps).iloc[0]
    assert day["hours_worked"] == pytest.approx(2.5)
    assert day["hours_time_known"] == pytest.approx(1.0)
    assert day["hours_out_of_hours"] == pytest.approx(0.75)


def test_two_equal_untimed_entries_are_both_kept(tmp_path):
    """Two untimed entries alike word for word (two 0.5 h supervisions typed in) are two
    entries, as in a diary without times (no clock tells a copy); a timed row exported
    twice is still one entry and a copy."""
    lines = FILE.read_text().splitlines()
    (tmp_path / "h.csv").write_text("\n".join([*lines, lines[3], lines[1]]) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(tmp_path / "h.csv", mapping=MAPPING, warn=False)
    assert result.episodes["duration_min"].sum() == pytest.approx(150.0 + 30.0)
    assert result.report.details["minutes"]["rows_duplicates"] == 1
    assert isinstance(result.episodes, pd.DataFrame)
