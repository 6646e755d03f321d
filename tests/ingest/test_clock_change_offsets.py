"""With a time zone, the autumn hour the clocks pass twice is read as the source means it.

Hand-worked on Europe/London, whose clocks went back from 02:00 BST to 01:00 GMT on
25 October 2026 (01:00Z), so that 01:00-01:59 happened twice. data_schema/README.md
("Time zones"): a time with a UTC offset or ``Z`` names an instant, converted to the study's
zone and never read as another; a local time passed twice is read the first time, or the
second where the first would put an end before its start. Before this rule was kept on the
instants, ``01:30+01:00`` to ``01:30+00:00`` (60 minutes) was counted 0 and flagged
``instantaneous``, ``01:30+00:00`` to ``02:30+00:00`` was counted 120, and a local end of
01:15 after a start of 01:30 was rejected ``end_before_start`` (an audit of the readers,
2026-12-04).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary

LONDON = "Europe/London"
CHANGE = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 02:00 BST = 01:00 GMT


def _read(tmp_path, text: str, name: str = "d.csv"):
    path = tmp_path / name
    path.write_text(text)
    return read_diary(path, timezone=LONDON, warn=False)


def _minutes(result) -> dict:
    eps = result.episodes.set_index("worker_id")
    return eps["duration_min"].to_dict()


def test_times_with_offsets_count_the_minutes_between_their_instants(tmp_path):
    r = _read(
        tmp_path,
        "worker_id,start,end,activity\n"
        "W1,2026-10-25T00:30Z,2026-10-25T01:30Z,01:30 BST to 01:30 GMT\n"
        "W2,2026-10-25T00:15Z,2026-10-25T00:45Z,01:15-01:45 BST\n"
        "W3,2026-10-25T01:15Z,2026-10-25T01:45Z,01:15-01:45 GMT\n"
        "W4,2026-10-25T00:45Z,2026-10-25T01:15Z,01:45 BST to 01:15 GMT\n"
        "W5,2026-10-25T01:30+00:00,2026-10-25T02:30+00:00,01:30-02:30 GMT\n"
        "W6,2026-10-25T01:00+01:00,2026-10-25T01:00+00:00,01:00 BST to 01:00 GMT\n"
        "W7,2026-10-24T23:00Z,2026-10-25T03:00Z,overnight\n",
    )
    assert r.report.n_rejected == 0
    assert _minutes(r) == {"W1": 60.0, "W2": 30.0, "W3": 30.0, "W4": 30.0, "W5": 60.0,
                           "W6": 60.0, "W7": 240.0}
    flags = r.episodes.set_index("worker_id")["flags"]
    assert not flags.str.contains("instantaneous").any()
    account = r.report.details["minutes"]
    assert account["minutes_in"] == account["minutes_accepted"] == 510.0


def test_offsets_in_a_jsonl_export_are_read_the_same(tmp_path):
    r = _read(
        tmp_path,
        '{"worker_id":"W1","start":"2026-10-25T00:30:00Z","end":"2026-10-25T01:30:00Z",'
        '"activity":"a"}\n'
        '{"worker_id":"W3","start":"2026-10-25T01:00:00+01:00","end":"2026-10-25T01:00:00+00:00",'
        '"activity":"b"}\n',
        name="d.jsonl",
    )
    assert _minutes(r) == {"W1": 60.0, "W3": 60.0}


def test_a_local_end_on_the_second_pass_is_not_before_its_start(tmp_path):
    r = _read(
        tmp_path,
        "worker_id,start,end,activity\n"
        "W1,2026-10-25T01:30,2026-10-25T01:15,01:30 BST to 01:15 GMT\n"
        "W2,2026-10-25T01:59,2026-10-25T01:01,01:59 BST to 01:01 GMT\n"
        "W3,2026-10-25T00:30,2026-10-25T01:30,first pass: 60\n"
        "W4,2026-10-26T10:00,2026-10-26T09:00,a day later: before its start\n",
    )
    assert _minutes(r) == {"W1": 45.0, "W2": 2.0, "W3": 60.0}
    assert r.report.rejected_by_reason == {"end_before_start": 1}
    assert r.rejects["source_row"].tolist() == [5]


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(-180, 180),
    length=st.integers(0, 240),
    start_local=st.booleans(),
    end_local=st.booleans(),
)
def test_any_instants_near_the_change_give_their_true_minutes(tmp_path_factory, start, length,
                                                              start_local, end_local):
    """Whatever the instants, written in UTC (``Z``) or as London's own offset: the minutes
    counted are the minutes between them."""

    def written(at: datetime, local: bool) -> str:
        if not local:
            return at.strftime("%Y-%m-%dT%H:%MZ")
        return pd.Timestamp(at).tz_convert(LONDON).isoformat(timespec="minutes")

    s = CHANGE + timedelta(minutes=start)
    e = s + timedelta(minutes=length)
    text = ("worker_id,start,end,activity\n"
            f"W1,{written(s, start_local)},{written(e, end_local)},x\n")
    r = _read(tmp_path_factory.mktemp("h"), text)
    assert r.report.n_rejected == 0, r.rejects.to_dict("records")
    assert _minutes(r) == {"W1": float(length)}


def test_an_end_named_on_the_first_pass_before_its_start_is_rejected(tmp_path):
    """01:30 GMT (01:30Z) to 01:45 BST (00:45Z): the end is 45 minutes before the start,
    though 01:45 follows 01:30 on the clock; the offsets say which, so it is rejected."""
    r = _read(
        tmp_path,
        "worker_id,start,end,activity\n"
        "W1,2026-10-25T01:30+00:00,2026-10-25T01:45+01:00,end before start\n"
        "W2,2026-10-25T01:30+01:00,2026-10-25T01:45+01:00,15 minutes\n",
    )
    assert _minutes(r) == {"W2": 15.0}
    assert r.report.rejected_by_reason == {"end_before_start": 1}


SPLIT = (
    "worker_id,date,start_time,end_time,activity\n"
    "W1,25/10/2026,01:30,01:15,01:30 BST to 01:15 GMT\n"
    "W2,25/10/2026,23:30,00:30,night\n"
    "W3,26/10/2026,10:00,09:00,a day later\n"
)


def test_a_bare_end_on_the_second_pass_stays_on_its_day(tmp_path):
    """Split date and times: an end time before the start time is rolled to the next day,
    except where, in the zone, it is the second pass of the autumn hour."""
    r = _read(tmp_path, SPLIT)
    assert _minutes(r) == {"W1": 45.0, "W2": 60.0}
    assert r.report.rejected_by_reason == {"wrap_too_long": 1}


def test_without_a_time_zone_an_end_before_its_start_at_the_change_says_how_to_read_it(
        tmp_path):
    """No time zone: the times are read as written, so 01:30 to 01:15 is still refused,
    but its reason says the clocks changed that night and how to have it read."""
    (tmp_path / "s.csv").write_text(SPLIT)
    (tmp_path / "t.csv").write_text(
        "worker_id,start,end,activity\n"
        "W1,2026-10-25T01:40,2026-10-25T01:10,repeated hour\n"
        "W2,2026-10-26T01:40,2026-10-26T01:10,a day later\n"
    )
    for name, code in (("s.csv", "wrap_too_long"), ("t.csv", "end_before_start")):
        r = read_diary(tmp_path / name, warn=False)
        reasons = r.rejects.set_index("worker_id")["reason"]
        assert set(r.rejects["code"]) == {code}
        assert "set timezone: Europe/London" in reasons["W1"]
        assert "timezone" not in reasons[reasons.index != "W1"].str.cat()
