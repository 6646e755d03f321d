"""Toggl Track's and Clockify's **Summary** report: refused in one line naming the file,
the report and the export that works; a one-person summary by date, mapped, read in hours.

A Summary report gives one total per project, client, user, description or date over the
report's range ("Summary Reports provide an aggregation of time entries data",
https://engineering.toggl.com/docs/reports_start; "The Summary report groups your time
entries by project, client, user, tag, and date",
https://clockify.me/help/getting-started/understand-use-your-reports). Column sets
observed in public code: Toggl ``Project``, ``Client``, ``Description``, ``Duration``
(hasehiro0828/toggl-tools, ``src/csv2text/model.ts``, reading
``Toggl_Track_summary_report_*.csv``); Clockify ``User``, ``Project``, ``Time (h)``,
``Time (decimal)``, ``Percent`` (adrianbiro/clockify-powershell-utils) and, grouped by
Date, ``Date``, ``Time (h)``, ``Time (decimal)``; Harvest's Time report ``Hours``,
``Billable Hours``, ``Billable Amount`` per project or task (Harvest's report tables:
https://help.getharvest.com/harvest/apps/harvest-for-android/android-app-viewing-reports/;
the file's ``Client``, ``Project`` grouping is this file's, the export's headers not
found). ``Time (decimal)`` is hours, as the
detailed report's ``Duration (decimal)`` (https://clockify.me/help/track-time-and-expenses/
duration-format: in Decimal "'2' = 2 hours").

Before (7bc88346): every summary was refused as "cannot tell how this diary is laid out"
(no word of a Summary report or the Detailed export); and a Clockify summary by date
mapped with ``duration_min: Time (decimal)`` read ``7.50`` as 7.5 minutes, unwarned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HERE = Path(__file__).parent / "conformance" / "reports"


@pytest.mark.parametrize(("path", "words"), [
    ("toggl_summary_report.csv", ["Toggl Track Summary report", "Project, Client, Description",
                                   "Reports > Detailed > Export > Download CSV"]),
    ("clockify_summary_report.csv", ["Clockify Summary report", "User, Project",
                                      "Reports > Time > Detailed > Export > Save as CSV"]),
    ("clockify_summary_by_date.csv", ["Clockify Summary report grouped by Date",
                                       "columns: {duration_min: 'Time (h)'}"]),
    ("harvest_time_report.csv", ["Harvest Time report: hours per Client, Project",
                                  "Detailed time report"]),
])
def test_a_summary_report_is_refused_naming_the_detailed_export(path, words):
    """A Summary's ``40:00:00`` per project is no day's work: nothing is read."""
    with pytest.raises(SchemaError) as caught:
        read_diary(HERE / path, warn=False)
    message = str(caught.value)
    assert message.startswith(Path(path).name + ": this is a ")
    assert "\n" not in message
    for word in words:
        assert word in message


def test_the_command_line_says_it_in_one_line(tmp_path, capsys):
    """``timestudy validate`` exits 2 with the one line, and writes nothing."""
    code = main(["validate", str(HERE / "toggl_summary_report.csv"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "Toggl Track Summary report" in err[0]
    assert not (tmp_path / "out" / "episodes.parquet").exists()


def test_a_one_person_summary_by_date_reads_time_decimal_as_hours():
    """By hand: ``7.50`` is 7.5 h = 450 min on 2 March, ``6.00`` 360 on 3 March, ``40.00``
    = 2,400 on 4 March, over a day's 1,440: rejected. In 3,210 = accepted 810 + rejected
    2,400, warned ``duration_read_as_hours`` (before: 7.5 + 6 + 40 = 53.5 min accepted,
    unwarned). The dates are month first (the mapping's ``dayfirst: false``): a Clockify
    US account writes MM/DD/YYYY, and a summary by date lists its days, here consecutive
    (2, 3, 4 March); this test said 3 February, 3 March (day first, the default) until
    fix38r2, a month apart, which no such report of three days is."""
    result = read_diary(HERE / "clockify_summary_by_date.csv",
                        mapping=HERE / "clockify_summary_by_date.mapping.yaml", warn=False)
    assert result.episodes["duration_min"].tolist() == [450.0, 360.0]
    assert result.episodes["start"].astype(str).tolist() == ["2026-03-02 04:00:00",
                                                             "2026-03-03 04:00:00"]
    assert result.rejects["source_row"].tolist() == [4]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_accepted"],
            minutes["minutes_rejected"]) == (3210.0, 810.0, 2400.0)
    codes = [w["code"] for w in result.report.details["warnings"]]
    assert "duration_read_as_hours" in codes
