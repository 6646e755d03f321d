"""Conformance (fix27b): rows in the hour the clocks pass twice, 01:00-02:00 on 25 October
2026 in Europe/London (02:00 BST back to 01:00 GMT), read as
:mod:`timestudy.ingest.zones` documents: a time written once is read on the first pass,
or the second where the first would put an end before its start, or where the row's own
length fits only the second. Checked right on the code as it was; pinned here.

* 01:10-01:50 is 00:10-00:50 UTC, 40 minutes, with or without a time zone.
* 01:50-01:10 (an end before its start): with ``--timezone Europe/London`` 01:50 BST
  (00:50 UTC) to 01:10 GMT (01:10 UTC), 20 minutes, flagged ``clock_change``. (Not 40:
  only 20 minutes pass from 01:50 on the first pass to 01:10 on the second.) Without a
  time zone it is rejected, its reason naming the clock change and ``--timezone``; never
  rolled to 23 h 20 min.
* WOMBAT: a task 01:10-01:50 whose elapsed time is 01:40:00 fits only 01:10 BST to 01:50
  GMT (00:10-01:50 UTC): 100 minutes, flagged ``clock_change``.
"""

from __future__ import annotations

import pytest

from timestudy import read_diary

LONDON = "Europe/London"
FULL = ("worker_id,start,end,activity\n"
        "W1,25/10/2026 01:10,25/10/2026 01:50,visit\n"
        "W2,25/10/2026 01:50,25/10/2026 01:10,visit\n")
BARE = ("worker_id,date,start_time,end_time,activity\n"
        "W1,25/10/2026,01:10,01:50,visit\n"
        "W2,25/10/2026,01:50,01:10,visit\n")
WOMBAT = ("session date,observer id,session id,location id,participant id,session start,"
          "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
          "start time,end time,elapsed time,total time\n"
          "25-Oct-2026,10175,7,QEH,SW5,00:30:00,02:30:00,10175_7_1,Admin,0,01:10:00,01:50:00,"
          "00:40:00,00:40:00\n"
          "25-Oct-2026,10175,8,QEH,SW5,00:30:00,02:30:00,10175_8_1,Admin,0,01:50:00,01:10:00,"
          "00:20:00,00:20:00\n"
          "25-Oct-2026,10175,9,QEH,SW5,00:30:00,02:30:00,10175_9_1,Admin,0,01:10:00,01:50:00,"
          "01:40:00,01:40:00\n")


def _read(tmp_path, text, tz, layout=None):
    path = tmp_path / "diary.csv"
    path.write_text(text)
    return read_diary(path, timezone=tz, layout=layout, warn=False)


def _rows(r):
    e = r.episodes
    return list(zip(e["start"].dt.strftime("%H:%M"), e["end"].dt.strftime("%H:%M"),
                    e["duration_min"], e["flags"].fillna("").str.contains("clock_change"),
                    strict=True))


@pytest.mark.parametrize("text", [FULL, BARE], ids=["dated-times", "bare-times"])
def test_the_repeated_hour_in_a_diary_with_the_time_zone(tmp_path, text):
    """By hand: 01:10-01:50 on the first pass, 40 minutes, unflagged; 01:50 BST to 01:10
    GMT, 20 minutes, ``clock_change``. In 60 = accepted 60."""
    r = _read(tmp_path, text, LONDON)
    assert r.rejects.empty
    assert _rows(r) == [("01:10", "01:50", 40.0, False), ("01:50", "01:10", 20.0, True)]
    assert r.report.details["minutes"]["minutes_accepted"] == 60


@pytest.mark.parametrize("text, code", [(FULL, "end_before_start"), (BARE, "wrap_too_long")],
                         ids=["dated-times", "bare-times"])
def test_the_repeated_hour_in_a_diary_without_a_time_zone(tmp_path, text, code):
    """By hand: 01:10-01:50 is 40 minutes as written; 01:50-01:10 is rejected (never 23 h
    20 min counted), its reason naming the clock change and how to read it."""
    r = _read(tmp_path, text, None)
    assert _rows(r) == [("01:10", "01:50", 40.0, False)]
    assert r.rejects["code"].tolist() == [code]
    reason = r.rejects["reason"].iloc[0]
    assert "the clocks changed that night in Europe/London" in reason and "--timezone" in reason


def test_wombat_tasks_in_the_repeated_hour(tmp_path):
    """By hand: session 7's 01:10-01:50 (elapsed 40) is 40 minutes on the first pass;
    session 8's 01:50-01:10 (elapsed 20) 01:50 BST to 01:10 GMT, 20; session 9's
    01:10-01:50 elapsed 100 fits only 01:10 BST to 01:50 GMT, 100. In 160 = accepted
    160, the last two flagged ``clock_change``."""
    r = _read(tmp_path, WOMBAT, LONDON, layout="wombat")
    assert r.rejects.empty
    assert _rows(r) == [("01:10", "01:50", 40.0, False), ("01:50", "01:10", 20.0, True),
                        ("01:10", "01:50", 100.0, True)]
    assert r.report.details["minutes"]["minutes_accepted"] == 160
