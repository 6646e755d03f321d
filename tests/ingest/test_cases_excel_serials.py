"""A cases table whose dates are Excel date serials (a CSV saved from a workbook whose date
column was formatted as numbers: the audit's c_dates_serial.csv).

Before: "opened '45673' is not a date", with nothing to say why. Excel counts days from
1899-12-30 (45658 is 2025-01-01), so 45673 is 2025-01-16 and 45672 2025-01-15: the error
now says so, with the fix, once, and the date of every other serial.
"""

from __future__ import annotations

import pytest

from timestudy.errors import SchemaError
from timestudy.ingest.diary import read_cases


def test_an_excel_date_serial_is_said_to_be_one(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("case_id,case_type,worker_id,opened\nC1,CIN,W1,45673\nC2,CP,W1,45658\n"
                    "C3,CP,W1,2025-01-02\nC4,CP,W1,soon\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        read_cases(path)
    said = str(err.value)
    assert ("line 2: opened '45673' is not a date: it looks like an Excel date serial (45673 "
            "is 2025-01-16): format the column as dates in the workbook before saving the CSV, "
            "or write ISO dates like 2025-01-16; line 3: opened '45658' is not a date (an Excel "
            "date serial: 2025-01-01); line 5: opened 'soon' is not a date. Fix them") in said
