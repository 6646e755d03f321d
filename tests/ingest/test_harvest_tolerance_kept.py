"""A ``mismatch_tolerance_seconds`` the mapping sets below Harvest's 78 s of rounding is
kept and said, never raised in silence (fix38h).

``Hours`` is decimal hours to two places ("in decimal form ... 7.5, 3, 9.9",
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data)
and ``Started At``/``Ended At`` times to the minute ("started_time": "8:00am",
https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/): 18 + 60 =
78 s apart with both right (conformance harvest/rounding.csv: lines 2-5 are 72, -72, 60
and 84 s apart).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import yaml

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def _read(seconds: float | None):
    spec = yaml.safe_load((HARVEST / "rounding.mapping.yaml").read_text())
    if seconds is not None:
        spec["mismatch_tolerance_seconds"] = seconds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = timestudy.read_diary(HARVEST / "rounding.csv", warn=False, mapping=spec)
    eps = result.episodes.set_index("source_row")
    flagged = sorted(int(r) for r in eps.index
                     if "duration_mismatch" in str(eps.loc[r, "flags"] or ""))
    said = {w["code"]: w for w in result.report.details["warnings"]}
    return result, flagged, said["harvest_clock_times"]["message"]


def test_a_smaller_tolerance_is_kept_and_said():
    """30 s in the mapping. Before: raised to 78 s without a word (line 5 alone flagged,
    the report's rule 78). After: kept (lines 2-5 flagged: 72, 72, 60 and 84 s > 30 s; the
    rule 30) and the warning says 30 s is kept, below the 78 s of rounding."""
    result, flagged, message = _read(30)
    assert result.report.details["rules"]["mismatch_tolerance_seconds"] == 30.0
    assert flagged == [2, 3, 4, 5]
    assert "the mapping's mismatch_tolerance_seconds, 30 s, kept" in message
    assert "may be their rounding alone" in message


def test_the_default_and_a_larger_one_are_as_before():
    """No tolerance in the mapping: 78 s, line 5 alone flagged, "no less than 78 s" (as
    before); 120 s: kept, none flagged (as before)."""
    result, flagged, message = _read(None)
    assert (result.report.details["rules"]["mismatch_tolerance_seconds"], flagged) == (78.0, [5])
    assert "no less than 78 s" in message
    result, flagged, message = _read(120)
    assert (result.report.details["rules"]["mismatch_tolerance_seconds"], flagged) == (120.0, [])
