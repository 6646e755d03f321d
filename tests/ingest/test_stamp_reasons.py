"""Unreadable starts among many readable ones: one reject each, with the reason that fits.

The reasons are worked out from the text of the unreadable rows alone, and a date with no
time of day is looked for among the values read as midnight alone
(:func:`timestudy.ingest._reader.explain_stamp_failures`, ``time_columns.no_time_of_day``):
the readable rows around them must change nothing.
"""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary

BAD = {  # a start as written -> the start of its reason
    "09:30": "start '09:30' has no date",
    "2026-03-09T25:70": "start '2026-03-09T25:70' has an impossible time of day",
    "25:99": "start '25:99' is not a time",
    "2026-03-10": "start '2026-03-10' is a date with no time of day",
    "09/03/2026": "start '09/03/2026' is a date with no time of day",
    "31/02/2026 10:00": "start '31/02/2026 10:00' is not a date and time: dates are read day first",
    "soon": "start 'soon' is not a date and time: use ISO 8601",
}


def test_each_unreadable_start_has_one_reason_among_readable_ones():
    good = [f"2026-03-{d:02d}T{h:02d}:00" for d in range(2, 28) for h in (0, 9, 13)]
    starts = [*good[:40], *BAD, *good[40:]]  # midnight starts (T00:00) among them, readable
    frame = pd.DataFrame({"worker_id": "W1", "start": starts, "duration_min": "30"})
    result = read_diary(frame, warn=False)
    rejects = result.rejects
    assert rejects["code"].eq("bad_datetime").all()
    assert rejects["start"].tolist() == list(BAD)  # one each, in file order
    for reason, expected in zip(rejects["reason"], BAD.values(), strict=True):
        assert reason.startswith(expected), reason
    assert result.report.n_accepted == len(good)
