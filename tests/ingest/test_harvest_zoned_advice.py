"""A date and time with a zone under Harvest's Started At: the line's advice is a time
the reader accepts, in Harvest's form (fix38h).

Harvest writes a time of day with no zone ("started_time: time", "8:00am",
https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/), so
``2026-11-02T11:00:00Z`` is refused; the advice must be a time Harvest writes (conformance
harvest/zoned_datetimes.csv).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
MAPPING = HARVEST / "zoned_datetimes.mapping.yaml"
ZONED = "2026-11-02T11:00:00Z"


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, mapping=MAPPING)


def test_the_advised_time_is_read(tmp_path):
    """Before: "write the time alone ('11:00:00Z')", and line 3 so written was refused
    again ("'11:00:00Z' is not a time"): 90 of 120 minutes. After: the advice is
    '11:00am'; line 3 so written is read, 11:00-11:30: 120 of 120 minutes."""
    reason = _read(HARVEST / "zoned_datetimes.csv").rejects.set_index("source_row").loc[
        3, "reason"]
    advised = re.findall(r"'([^']*)'", reason.split(":", 2)[-1])
    advised = [a for a in advised if a[:1].isdigit()]
    assert advised == ["11:00am"]
    fixed = tmp_path / "fixed.csv"
    fixed.write_text((HARVEST / "zoned_datetimes.csv").read_text().replace(ZONED, advised[0]))
    result = _read(fixed)
    assert result.rejects.empty
    assert result.report.details["minutes"]["minutes_accepted"] == pytest.approx(120.0)
    assert str(result.episodes.set_index("source_row").loc[3, "start"])[11:16] == "11:00"


def test_the_line_names_the_zone():
    """The zone is said, and the time to write is the account's own."""
    reason = _read(HARVEST / "zoned_datetimes.csv").rejects.set_index("source_row").loc[
        3, "reason"]
    assert "it carries a time zone ('Z')" in reason
    assert "as the account's time zone shows it" in reason
