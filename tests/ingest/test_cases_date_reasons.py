"""A refused date of the cases table says why and what to do (audit25j J_us, J_serial, X1).

Before, ``03/16/2026`` (month first, as a US-set machine writes it) was refused as "not a
date" with no cause or fix; and an Excel date serial in a workbook's cases table was told to
"format the column as dates in the workbook before saving the CSV", where there is no CSV.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import SchemaError
from timestudy.ingest.tables import read_cases


def test_a_month_first_date_is_said_to_be_one_with_the_fix(tmp_path):
    """03/16/2026: there is no 16th month, so day first it is no date; month 03, day 16 is
    16 March 2026, to be written 2026-03-16."""
    path = tmp_path / "cases.csv"
    path.write_text("case_id,case_type,opened\nC1,CIN,03/16/2026\nC2,CIN,03/17/2026\n")
    with pytest.raises(SchemaError) as got:
        read_cases(path)
    said = str(got.value)
    assert ("line 2: opened '03/16/2026' is not a date: it looks month first (month 03, "
            "day 16: 16 March 2026), where the table's dates are read day first: write the "
            "column's dates as ISO dates like 2026-03-16") in said
    assert "line 3: opened '03/17/2026' is not a date (month first: 2026-03-17)" in said


def test_a_day_first_date_that_is_no_date_is_not_said_to_be_month_first(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,case_type,opened\nC1,CIN,31/02/2026\n")
    with pytest.raises(SchemaError) as got:
        read_cases(path)
    assert "month first" not in str(got.value)


def test_an_excel_serial_in_a_workbook_is_not_told_to_save_a_csv(tmp_path):
    """46097 is 2026-03-16 (days since 1899-12-30); the cell holds a number in the workbook
    itself, so the fix is to format its cells as dates, not to save a CSV."""
    path = tmp_path / "cases.xlsx"
    pd.DataFrame({"case_id": ["C1"], "case_type": ["CIN"], "opened": [46097]}).to_excel(
        path, index=False)
    with pytest.raises(SchemaError) as got:
        read_cases(path)
    said = str(got.value)
    assert "46097 is 2026-03-16" in said
    assert "format the column's cells as dates in the workbook" in said
    assert "CSV" not in said
