"""Harvest's Hours against its clock times: a difference their rounding explains is not
flagged, and the sum the warning shows is never rounded into a misleading figure (fix37h).

``Hours`` is decimal hours to two places ("in decimal form ... 7.5, 3, 9.9",
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data):
0.01 h = 36 s, so within 18 s of the time tracked. ``Started At`` and ``Ended At`` are to
the whole minute ("started_time": "8:00am",
https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/): the minutes
between them within 60 s of the time between the instants. Both right, the two figures
differ by up to 18 + 60 = 78 s.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.ingest.mismatch import mismatch_warning

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def test_the_tolerance_is_the_two_roundings():
    """18 s (half of 0.01 h) + 60 s (two times to the minute) = 78 s."""
    from timestudy.ingest.harvest import ROUNDING_S

    assert ROUNDING_S == pytest.approx(0.01 * 3600 / 2 + 60) == pytest.approx(78.0)


def test_rounding_is_not_flagged_and_the_sum_is_not_rounded_away():
    """rounding.csv: 0.33 h against 9:00am-9:21am (19.8 against 21 min, 72 s) and 0.38 h
    against 10:00am-10:24am (22.8 against 24, -72 s) can both be right; 0.31 h against
    2:00pm-2:20pm (18.6 against 20, 84 s) cannot. Before: lines 2, 3 and 5 flagged
    duration_mismatch, warned "61 minutes counted from the durations where the clock gives
    65 (-4)" (61.2 against 65). After: line 5 alone, "18.6 minutes counted from the
    durations where the clock gives 20 (-1.4)"; Hours counted either way (166.2 min)."""
    result = _read(HARVEST / "rounding.csv", mapping=HARVEST / "rounding.mapping.yaml")
    eps = result.episodes.set_index("source_row")
    flagged = eps["flags"].fillna("").str.contains("duration_mismatch")
    assert flagged[flagged].index.tolist() == [5]
    said = {w["code"]: w for w in result.report.details["warnings"]}
    apart = said["duration_mismatch"]
    assert (apart["rows"], apart["minutes_counted"], apart["minutes_clock"]) == (1, 18.6, 20.0)
    assert ("18.6 minutes counted from the durations where the clock gives 20 (-1.4)"
            in apart["message"])
    assert "no less than 78 s" in said["harvest_clock_times"]["message"]
    assert result.report.details["rules"]["mismatch_tolerance_seconds"] == 78.0
    assert eps["duration_min"].sum() == pytest.approx(166.2)


def test_a_larger_tolerance_in_the_mapping_is_kept(tmp_path):
    """mismatch_tolerance_seconds: 120 in the mapping stays 120 (the 84 s row unflagged)."""
    mapping = tmp_path / "m.yaml"
    mapping.write_text((HARVEST / "rounding.mapping.yaml").read_text()
                       + "mismatch_tolerance_seconds: 120\n")
    result = _read(HARVEST / "rounding.csv", mapping=mapping)
    assert not result.episodes["flags"].fillna("").str.contains("duration_mismatch").any()


def _flagged(clock: list[float], given: list[float]) -> pd.DataFrame:
    start = pd.Timestamp("2026-11-02 09:00") + pd.to_timedelta(range(len(clock)), unit="h")
    return pd.DataFrame({"start": start, "end": start + pd.to_timedelta(clock, unit="min"),
                         "duration_min": given, "flags": "duration_mismatch"})


@pytest.mark.parametrize(("clock", "given", "shown"), [
    ([20.0, 21.4], [21.4, 20.0], "41.4 (equal in sum)"),  # +84 s and -84 s: 41.4 each
    ([20.0], [21.4], "20 (+1.4)"),
    ([20.0, 20.0], [20.6, 19.43], "40 (+2 s)"),  # +36 s and -34.2 s: +1.8 s in all
])
def test_the_signed_sum_is_never_a_bare_zero(clock, given, shown):
    """Before: a sum of differences under half a minute read "(+0)" (or "(-0)"), and 1.4
    read "(+1)"; now minutes to one decimal, seconds under 0.05 min, "equal in sum" where
    the rows cancel out."""
    message = mismatch_warning(_flagged(clock, given), "duration")["message"]
    assert f"where the clock gives {shown}" in message
