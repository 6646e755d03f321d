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


@pytest.mark.parametrize("zoned", ["2026-11-02 11:00 AM GMT", "2026-11-02 11:00 BST"])
def test_a_zone_after_am_pm_or_named_is_advised(tmp_path, zoned):
    """A zone after am/pm, or a zone's abbreviation (fix38h2). Before: "write the time
    alone ('11:00 AM GMT')" ('11:00 BST'), refused again when so written; after: the zone
    named and '11:00am' advised, read when so written (120 of 120 minutes)."""
    given = tmp_path / "given.csv"
    given.write_text((HARVEST / "zoned_datetimes.csv").read_text().replace(ZONED, zoned))
    reason = _read(given).rejects.set_index("source_row").loc[3, "reason"]
    assert f"it carries a time zone ('{zoned.split()[-1]}')" in reason
    advised = [a for a in re.findall(r"'([^']*)'", reason.split(":", 2)[-1]) if a[:1].isdigit()]
    assert advised == ["11:00am"]
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(given.read_text().replace(zoned, advised[0]))
    result = _read(fixed)
    assert result.rejects.empty
    assert result.report.details["minutes"]["minutes_accepted"] == pytest.approx(120.0)


def test_nine_pm_gmt_is_advised_in_harvests_form():
    """'9:00 PM GMT' (the review's case): before advised as written, now '9:00pm'."""
    from timestudy.ingest.harvest_reasons import _time_to_write

    assert "('9:00pm' if that zone is 'GMT')" in _time_to_write("9:00 PM GMT")
