"""A case's status is not its type, a referral date no closing, a date named by its header
(review25a hdr/).

Before: ``Case Status`` (Open/Closed in a case system) was an alias of case_type, so a table
with it and no type column published two case types, ``Open`` and ``Closed``; ``Referral
Date`` beside an ``Allocation Date`` was hinted "it could be closed"; a refused date under
``Start Date`` was named ``opened '31/02/2026'``, a column the user's file does not have.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.table_dates import date_reasons
from timestudy.ingest.table_headers import canonical_headers
from timestudy.ingest.tables import read_cases
from timestudy.schema.tables import load_schema


def _write(tmp_path, text):
    path = tmp_path / "cases.csv"
    path.write_text(text)
    return path


def test_case_status_of_open_and_closed_is_no_case_type(tmp_path):
    """Case Status holding Open, Closed and no type column: refused, naming the column as a
    status (before: read, 1 case of type 'Open' and 1 of 'Closed')."""
    path = _write(tmp_path, "Case ID,Case Status,Worker,Start Date,End Date\n"
                  "C1,Open,W01,2026-01-05,\nC2,Closed,W01,2026-01-06,2026-02-01\n")
    with pytest.warns(DataQualityWarning, match=r"column 'Case Status' is not read: it holds "
                      r"'Open' and 'Closed', a case's status, not its case type"), \
            pytest.raises(SchemaError, match=r"needs the column\(s\) case_type.*the column "
                          r"'Case Status' holds 'Open' and 'Closed': a case's status, not "
                          r"its type"):
        read_cases(path)


def test_legal_status_is_read_and_case_status_named(tmp_path):
    """Case Status and Legal Status: before, neither read (two aliases of case_type) and the
    table refused; now Legal Status is the type (CIN, CP) and Case Status named as a status
    (the table has no closed dates to say which are open)."""
    path = _write(tmp_path, "Case ID,Case Status,Legal Status,Allocated Worker,Start Date\n"
                  "C1,Open,CIN,W01,2026-01-05\nC2,Closed,CP,W01,2026-01-06\n")
    with pytest.warns(DataQualityWarning) as w:
        got = read_cases(path)
    said = " ".join(str(x.message) for x in w)
    assert got["case_type"].tolist() == ["CIN", "CP"]
    assert "'Legal Status' as case_type" in said
    assert "column 'Case Status' is not read: it holds 'Open' and 'Closed'" in said


def test_a_referral_date_is_hinted_neither_opened_nor_closed():
    """Referral Date beside Allocation Date (read as opened): before, "'Referral Date' is
    not read; it could be closed"; a referral comes before a case opens: no hint."""
    t = pd.DataFrame(columns=["case_id", "case_type", "worker_id", "Allocation Date",
                              "Referral Date"])
    with pytest.warns(DataQualityWarning) as w:
        canonical_headers(t, load_schema("cases"), "cases.csv")
    said = " ".join(str(x.message) for x in w)
    assert "'Allocation Date' as opened" in said and "Referral Date" not in said
    t = pd.DataFrame(columns=["case_id", "case_type", "worker_id", "Referral Date"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nor "could be opened" beside no opened
        canonical_headers(t, load_schema("cases"), "cases.csv")


def test_a_refused_date_is_named_by_the_users_header():
    """canonical_headers gives {'opened': 'Start Date', 'case_id': 'Case ID'} as read_as;
    a reason "opened '31/02/2026' is not a date" is then "Start Date '31/02/2026' ..."; a
    month-first date keeps its cause after the header (16 > 12: 16 March 2026)."""
    t = pd.DataFrame(columns=["Case ID", "case_type", "Start Date"])
    with pytest.warns(DataQualityWarning):
        read_as = canonical_headers(t, load_schema("cases"), "cases.csv").attrs["read_as"]
    assert read_as == {"case_id": "Case ID", "opened": "Start Date"}
    said = date_reasons(pd.Series(["opened '31/02/2026' is not a date",
                                   "opened '03/16/2026' is not a date",
                                   "closed 'x' is not a date"]), "csv", read_as)
    assert said[0] == "Start Date '31/02/2026' is not a date"
    assert said[1].startswith("Start Date '03/16/2026' is not a date: it looks month first")
    assert said[2] == "closed 'x' is not a date"  # closed read under its own name
