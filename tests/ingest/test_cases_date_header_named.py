"""A refused date of a cases table read under another header name is named by the user's
header: the table says ``Start Date``, so the reason says ``Start Date '31/02/2026'``, not
the field ``opened`` the user never wrote (review25a)."""

import pytest

from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.tables import read_cases


def test_the_reason_names_the_header_as_written(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("Case ID,Case Type,Worker ID,Start Date\nC1,CP,W1,31/02/2026\n")
    with pytest.warns(DataQualityWarning, match="'Start Date' as opened"), \
            pytest.raises(SchemaError, match=r"line 2: Start Date '31/02/2026' is not a date"):
        read_cases(path)
