"""A date and a time in Harvest's Started At or Ended At, and an entry with neither Hours
nor times: each rejected in a line saying what Harvest writes (fix37h).

Harvest writes an entry's start and end as a time of day within its date
("<started_at>8:00am</started_at>", http://www.getharvest.com/api/time-tracking;
"started_time: time", https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/),
never a full date and time, so one is not read as Harvest's (conformance
harvest/full_datetimes.csv).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
SPEC = yaml.safe_load((HARVEST / "full_datetimes.expected.yaml").read_text())


def _rejects():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(HARVEST / "full_datetimes.csv", warn=False,
                                      mapping=HARVEST / "full_datetimes.mapping.yaml")
    return result, result.rejects.set_index("source_row")


@pytest.mark.parametrize("row", [r for r in SPEC["rows"] if r["expect"] == "rejected"],
                         ids=lambda r: f"line{r['source_row']}")
def test_each_line_says_what_harvest_writes(row):
    """Before: line 3 "Started At '2026-11-02 10:45' is not a time: use 09:30, 9.30am or
    21:15"; line 5 "Started At is missing: every row needs one" (the missing figure is
    Hours). After: the lines in full_datetimes.expected.yaml."""
    _, rejects = _rejects()
    assert rejects.loc[row["source_row"], "reason"] == row["reason"]
    assert rejects.loc[row["source_row"], "code"] == row["reason_code"]


def test_minutes_are_unchanged():
    """in 180 = accepted 90 + rejected 30 + 60 (line 5: no minutes known), as before."""
    result, _ = _rejects()
    account = result.report.details["minutes"]
    assert (account["minutes_in"], account["minutes_accepted"], account["minutes_rejected"]
            ) == (pytest.approx(180.0), pytest.approx(90.0), pytest.approx(90.0))
