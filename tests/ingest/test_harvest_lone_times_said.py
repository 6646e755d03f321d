"""A Harvest entry with one time alone, or with neither Hours nor times: said as the
reader reads it (fix38h2).

conformance harvest/one_time.csv: line 2 timed, line 3 Ended At alone, line 4 Started At
alone (a timer running at export: rejected running_timer), line 5 no times.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import timestudy
from timestudy.ingest import harvest

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
HEAD = ("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,"
        "Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Started At,Ended At\n")
ROW = "2026-11-02,C,P,C1,T,,{h},{h},No,No,Yes,Sam,Jones,SW,Yes,{s},{e}\n"


def _read(path: Path, mapping):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, mapping=mapping)


def test_the_timed_entries_counted_are_the_accepted_ones():
    """Before: "the 2 timed entries" (line 2, and line 4 rejected running_timer); after:
    "the 1 timed entry", line 2 alone."""
    result = _read(HARVEST / "one_time.csv", HARVEST / "one_time.mapping.yaml")
    said = {w["code"]: w for w in result.report.details["warnings"]}["harvest_clock_times"]
    assert "the 1 timed entry, which keeps its 'Started At'" in said["message"]
    assert set(result.rejects["source_row"]) == {4}


def test_a_row_with_no_hours_says_which_time_is_there(tmp_path):
    """No Hours: Ended At alone, Started At alone, neither. Before: line 3 "Hours is
    missing, and Started At and Ended At too" (its Ended At given), line 4 "there is no
    end and no duration_min"; after: each says Hours and the time that is there."""
    path = tmp_path / "no_hours.csv"
    path.write_text(HEAD + ROW.format(h="1.5", s="9:00am", e="10:30am")
                    + ROW.format(h="", s="", e="11:30am") + ROW.format(h="", s="1:00pm", e="")
                    + ROW.format(h="", s="", e=""))
    why = _read(path, {"columns": {"case_id": "Project Code"}}).rejects.set_index(
        "source_row")["reason"]
    assert why[3].startswith("Hours is missing, and Started At too (Ended At '11:30am' alone)")
    assert why[4].startswith("Hours is missing, and Ended At too (Started At '1:00pm' alone)")
    assert why[5].startswith("Hours is missing, and Started At and Ended At too")
    assert not any("duration_min" in w for w in why)


def test_the_notes_say_a_start_alone_is_rejected():
    """Before, the module notes said a Started At with no Ended At was "counted from
    Hours"; it is rejected running_timer (line 4 above): the notes say so."""
    notes = " ".join(harvest.__doc__.split())
    assert "or a ``Started At`` with no ``Ended At``" not in notes
    assert "A ``Started At`` with no ``Ended At`` is a timer still running at export" in notes
    assert "rejected ``running_timer``" in notes
