"""With a time zone, a clock time in the hour the clocks skip did not happen: rejected
``nonexistent_time``, never shifted to 0 minutes. Hand-worked on Europe/London, whose clocks
went from 01:00 to 02:00 on 29 March 2026 and from 02:00 back to 01:00 on 25 October 2026."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.cli import main

LONDON = "Europe/London"


def _csv(tmp_path, text: str):
    path = tmp_path / "d.csv"
    path.write_text(text)
    return path


def _read(source, **kw):
    return read_diary(source, timezone=LONDON, warn=False, **kw)


def test_a_time_in_the_skipped_hour_is_rejected_with_the_fix(tmp_path):
    d = _csv(
        tmp_path,
        "worker_id,start,end,activity\n"
        "W1,2026-03-29T00:30,2026-03-29T02:30,across\n"
        "W1,2026-03-29T01:15,2026-03-29T01:45,gap\n"
        "W2,2026-10-25T00:30,2026-10-25T01:30,ambiguous end\n",
    )
    r = _read(d)
    assert r.report.n_accepted == 2 and r.report.n_rejected == 1
    assert r.report.rejected_by_reason == {"nonexistent_time": 2}
    rej = r.rejects.set_index("column")
    assert set(rej["source_row"]) == {3}
    assert rej.loc["start", "reason"] == (
        "start '2026-03-29T01:15' is in the gap of a clock change: the clocks went forward at "
        "01:00 on 2026-03-29 in Europe/London: 01:15 did not happen on that day; correct the "
        "time (02:15?) or the date"
    )
    assert (
        "01:45 did not happen" in rej.loc["end", "reason"]
        and "(02:45?)" in rej.loc["end", "reason"]
    )
    eps = r.episodes.set_index("source_row")
    # spanning the skipped hour: 60 minutes passed, accepted and flagged as before
    assert eps.loc[2, "duration_min"] == 60.0 and eps.loc[2, "flags"] == "clock_change"
    # ambiguous 01:30 read the first time (BST): 00:30 to 01:30 is 60 minutes, as before
    assert eps.loc[4, "duration_min"] == 60.0 and eps.loc[4, "flags"] == ""
    # the 30 written minutes are accounted for as rejected, not lost
    account = r.report.details["minutes"]
    assert (account["minutes_in"], account["minutes_accepted"], account["minutes_rejected"]) == (
        150.0,
        120.0,
        30.0,
    )


def test_split_columns_and_a_bare_end_rolled_into_the_skipped_hour(tmp_path):
    d = _csv(
        tmp_path,
        "worker_id,date,start_time,end_time\n"
        "W1,29/03/2026,01:20,03:00\n"
        "W2,28/03/2026,23:00,01:30\n"
        "W3,28/03/2026,23:00,03:30\n",
    )
    r = _read(d)
    rej = r.rejects.set_index("source_row")
    assert rej.loc[2, "column"] == "start_time" and rej.loc[3, "column"] == "end_time"
    assert rej.loc[2, "reason"].startswith("start_time '01:20' is in the gap of a clock change")
    assert "on 2026-03-29" in rej.loc[3, "reason"] and "(02:30?)" in rej.loc[3, "reason"]
    eps = r.episodes.set_index("source_row")
    assert eps.loc[4, "duration_min"] == 210.0  # 23:00 GMT to 03:30 BST


def test_the_moment_of_the_change_and_ends_from_a_duration_are_kept():
    d = pd.DataFrame(
        {
            "worker_id": ["W1", "W2", "W3", "W4"],
            "start": [
                "2026-03-29T00:00",
                "2026-03-29T01:00",
                "2026-03-29T00:45",
                "2026-03-29T01:30",
            ],
            "end": ["2026-03-29T01:00", "2026-03-29T02:30", None, "2026-03-29T03:00"],
            "duration_min": [None, None, 30, None],
        }
    )
    r = _read(d)
    assert r.report.rejected_by_reason == {"nonexistent_time": 1}
    assert r.rejects["source_row"].tolist() == [4]  # (a frame's rows count from 1)
    eps = r.episodes.set_index("source_row")
    assert eps.loc[1, "duration_min"] == 60.0  # to 01:00: the instant the clocks went forward
    assert eps.loc[2, "duration_min"] == 30.0  # 01:00 GMT to 02:30 BST
    # 00:45 plus 30 true minutes: 01:15 GMT, on the clock 02:15; never in the skipped hour
    assert eps.loc[3, "duration_min"] == 30.0
    assert eps.loc[3, "end"] == pd.Timestamp("2026-03-29 02:15")


def test_without_a_time_zone_nothing_is_rejected(tmp_path):
    d = _csv(tmp_path, "worker_id,start,end\nW1,2026-03-29T01:15,2026-03-29T01:45\n")
    r = read_diary(d, warn=False)
    assert r.report.n_rejected == 0 and r.episodes["duration_min"].tolist() == [30.0]
    assert r.episodes["flags"].tolist() == ["clock_change_unchecked"]


def test_validate_exits_1_and_names_the_line_and_the_fix(tmp_path, capsys):
    d = _csv(
        tmp_path,
        "worker_id,start,end,activity\n"
        "W1,2026-03-29T00:30,2026-03-29T02:30,across\n"
        "W1,2026-03-29T01:15,2026-03-29T01:45,gap\n",
    )
    assert main(["validate", str(d), "--timezone", LONDON]) == 1
    printed = capsys.readouterr()
    assert "rejected: nonexistent_time 2" in printed.out
    assert (
        "line 3: start '2026-03-29T01:15' is in the gap of a clock change: the clocks went "
        "forward at 01:00 on 2026-03-29 in Europe/London: 01:15 did not happen on that day; "
        "correct the time (02:15?) or the date"
    ) in printed.out
    assert "1 of 2 rows rejected" in printed.err


@pytest.mark.parametrize("tz", ["America/New_York", "Australia/Lord_Howe"])
def test_other_zones_name_their_own_change(tz, tmp_path):
    # New York skips 02:00-03:00 on 8 March 2026; Lord Howe half an hour, 02:00-02:30, on
    # 4 October 2026
    day = "2026-03-08" if tz == "America/New_York" else "2026-10-04"
    d = _csv(tmp_path, f"worker_id,start,end\nW1,{day}T02:10,{day}T04:00\n")
    r = read_diary(d, timezone=tz, warn=False)
    reason = r.rejects["reason"].iloc[0]
    hint = "03:10" if tz == "America/New_York" else "02:40"
    assert f"forward at 02:00 on {day} in {tz}: 02:10 did not happen" in reason
    assert f"({hint}?)" in reason
