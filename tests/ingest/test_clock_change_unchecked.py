"""Without a time zone the clock times are read as written; episodes that Europe/London
would read otherwise are flagged ``clock_change_unchecked`` and the report warns once.
Hand-worked: 00:30 to 02:30 counts 120 minutes on both nights of change, though 60 passed
on 29 March 2026 and 180 on 25 October 2026."""

from __future__ import annotations

import json

import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import DataQualityWarning

DIARY = (
    "worker_id,start,end,duration_min,activity\n"
    "W1,2026-03-29T00:30,2026-03-29T02:30,,a\n"  # 60 minutes passed in London
    "W1,2026-03-29T01:15,2026-03-29T01:45,,gap\n"  # did not happen in London
    "W2,2026-10-25T01:30,2026-10-25T01:45,,a\n"  # ambiguous: 15 minutes either way
    "W3,2026-10-25T00:30,2026-10-25T02:30,,a\n"  # 180 minutes passed in London
    "W4,2026-03-28T23:00,2026-03-29T03:00,,a\n"  # 180 minutes passed in London
    "W5,2026-10-25T00:30,2026-10-25T01:30,,a\n"  # ambiguous end, read the first time: 60
    "W6,2026-03-30T09:00,2026-03-30T10:00,,a\n"  # no change near
    "W7,2026-03-29T00:30,,120,a\n"  # the minutes are the duration: the same in London
)


@pytest.fixture
def diary(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(DIARY)
    return path


def test_flagged_minutes_stay_as_written_and_the_report_says_so(diary):
    with pytest.warns(DataQualityWarning, match="set timezone: Europe/London"):
        r = read_diary(diary)
    eps = r.episodes.set_index("source_row")
    assert eps["duration_min"].to_dict() == {
        2: 120.0,
        3: 30.0,
        4: 15.0,
        5: 120.0,
        6: 240.0,
        7: 60.0,
        8: 60.0,
        9: 120.0,
    }
    flagged = eps["flags"].str.contains("clock_change_unchecked")
    assert flagged[flagged].index.tolist() == [2, 3, 5, 6]
    assert r.report.warnings_by_code["clock_change_unchecked"] == 4
    (warning,) = r.report.details["warnings"]
    assert (warning["code"], warning["episodes"]) == ("clock_change_unchecked", 4)
    assert warning["dates"] == ["2026-03-29", "2026-10-25"]
    line = warning["message"]
    assert line == (
        "clock_change_unchecked: 4 episodes cross a clock change of Europe/London or fall in "
        "the hour it skips (2026-03-29, 2026-10-25), but the mapping gives no time zone: their "
        "minutes are counted on the clock as written (00:30 to 02:30 counts 120, though 60 "
        "minutes passed on the spring night and 180 on the autumn one); set timezone: "
        "Europe/London (or your zone) in the mapping, or --timezone"
    )
    assert line in str(r.report)  # its notes


def test_the_time_zone_takes_the_flag_and_the_warning_away(diary):
    without = read_diary(diary, warn=False).report
    assert without.warnings_by_code["clock_change_unchecked"] == 4 and without.details["warnings"]
    r = read_diary(diary, timezone="Europe/London", warn=False)
    assert "clock_change_unchecked" not in r.report.warnings_by_code
    assert "warnings" not in r.report.details
    eps = r.episodes.set_index("source_row")
    assert eps.loc[[2, 5, 6], "duration_min"].tolist() == [60.0, 180.0, 180.0]


def test_validate_warns_in_one_line_and_exits_0(diary, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["validate", str(diary), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "clock_change_unchecked 4" in printed.out
    warned = [x for x in printed.out.splitlines() if "clock change" in x]
    assert len(warned) == 1
    assert warned[0].startswith(
        "  warning: clock_change_unchecked: 4 episodes cross a clock change of Europe/London"
    )
    assert warned[0].endswith(
        "set timezone: Europe/London (or your zone) in the mapping, or --timezone"
    )
    report = json.loads((out / "ingest_report.json").read_text())
    assert [w["message"] for w in report["details"]["warnings"]] == [
        warned[0].removeprefix("  warning: ")
    ]
