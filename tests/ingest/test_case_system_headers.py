"""Cases and workers tables headed as case-management and HR systems export them (audit25j).

Before, a cases table headed ``Case ID,Case Type,Worker ID,Start Date,End Date`` (as
Liquidlogic exports it) read ``Start Date`` and ``End Date`` as extra columns and dropped
them: every case open all the diary period, without a word (the audit's N_headers: CP 17.6 h
per case-month where the dates give 52.7, 30 cases counted where 24 are open at the end).
A workers table's ``weekly_hours`` of 35 was dropped the same way (contracted hours taken as
37 x FTE: 32.0 h for casework per FTE-week where 35 gives 30.0).
"""

from __future__ import annotations

import warnings

import pytest

from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.tables import read_cases, read_workers


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_case_system_date_headers_are_read_as_opened_and_closed(tmp_path):
    """Start Date 16/03/2026 (day first) is opened 2026-03-16; End Date 09/03/2026 is
    closed 2026-03-09. Before: both NaT (open all period) and the dates were extra columns."""
    path = _write(tmp_path, "cases.csv", "Case ID,Case Type,Worker ID,Start Date,End Date\n"
                  "C1,CIN,W01,16/03/2026,\nC2,CP,W01,,09/03/2026\n")
    with pytest.warns(DataQualityWarning, match=r"'Start Date' as opened, 'End Date' as "
                      r"closed"):
        got = read_cases(path)
    assert got.columns[:5].tolist() == ["case_id", "case_type", "worker_id", "travel_miles",
                                        "n_professionals"]
    assert got["opened"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["2026-03-16", ""]
    assert got["closed"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["", "2026-03-09"]
    assert "Start Date" not in got.columns


@pytest.mark.parametrize("header", ["Allocated Worker", "Key Worker", "Allocated To"])
def test_holder_headers_are_read_as_worker_id(tmp_path, header):
    path = _write(tmp_path, "cases.csv", f"case_id,case_type,{header}\nC1,CIN,W01\n")
    with pytest.warns(DataQualityWarning, match=f"'{header}' as worker_id"):
        got = read_cases(path)
    assert got["worker_id"].tolist() == ["W01"]


def test_two_columns_that_could_be_one_field_are_neither_read_and_named(tmp_path):
    """Start Date and Allocation Date could each be opened: neither is taken (which is the
    opening is the user's to say), and the warning names both and the fix."""
    path = _write(tmp_path, "cases.csv", "case_id,case_type,Start Date,Allocation Date\n"
                  "C1,CIN,01/03/2026,02/03/2026\n")
    with pytest.warns(DataQualityWarning, match=r"columns 'Start Date' and 'Allocation Date' "
                      r"are not read: each could be opened; rename the one that is to opened"):
        got = read_cases(path)
    assert got["opened"].isna().all()


def test_an_unread_date_beside_no_opened_is_named(tmp_path):
    """'Plan Start' is no alias (a plan's start is not the allocation): left unread, with a
    warning that it could be opened, which the table lacks. Before: no word."""
    path = _write(tmp_path, "cases.csv", "case_id,case_type,closed,Plan Start\n"
                  "C1,CIN,,01/03/2026\n")
    with pytest.warns(DataQualityWarning, match=r"column 'Plan Start' is not read; it could "
                      r"be opened, which the table lacks: rename it to the one it is"):
        got = read_cases(path)
    assert got["opened"].isna().all() and got["Plan Start"].tolist() == ["01/03/2026"]


def test_a_missing_type_column_names_the_column_that_could_be_it(tmp_path):
    path = _write(tmp_path, "cases.csv", "case_id,Case Category Name\nC1,CIN\n")
    with pytest.raises(SchemaError, match=r"the column 'Case Category Name' could be "
                       r"case_type"):
        read_cases(path)


def test_schema_headers_read_without_a_warning(tmp_path):
    path = _write(tmp_path, "cases.csv", "case_id,case_type,worker_id,opened,closed,Notes\n"
                  "C1,CIN,W01,,,x\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(path)
    assert got["Notes"].tolist() == ["x"]


def test_weekly_hours_is_contracted_hours_and_leave_days_named(tmp_path):
    """weekly_hours 35 at fte 1 is 35 contracted hours (before: blank, so 37 x 1 = 37; on
    the audit's study, with 1 h of admin a day, 5 h a week, casework hours per FTE-week were
    37 - 5 = 32.0 where 35 - 5 = 30.0). annual_leave_days has no field (one leave allowance
    for the study): named with where it goes."""
    path = _write(tmp_path, "workers.csv", "worker_id,fte,weekly_hours,annual_leave_days\n"
                  "W01,1.0,35,32\nW02,1.0,35,32\n")
    with pytest.warns(DataQualityWarning) as w:
        got = read_workers(path)
    said = " ".join(str(x.message) for x in w)
    assert "'weekly_hours' as contracted_hours" in said
    assert "column 'annual_leave_days' is not read: annual leave is one allowance" in said
    assert "--leave-days" in said
    assert got["contracted_hours"].tolist() == [35.0, 35.0]
