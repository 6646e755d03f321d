"""Secondary activities of a diary row whose date cannot be read: counted and named, never
dropped without a word (the twentieth stop's audit: a HETUS grid row dated ``2023-13-45``
lost its ``Sec`` activities from the report while its main activities were rejected)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from timestudy import read_diary
from timestudy.cli._diary import summary_text

EXAMPLES = Path(__file__).resolve().parents[2] / "data_schema" / "examples"
LS_MAP = {"columns": {"worker_id": "diary", "slot_number": "slot", "is_secondary": "secondary"},
          "layout": "long_slots", "first_slot_start": "04:00", "slot_minutes": 10}


def _warnings(result) -> dict[str, str]:
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", ())}


def _hetus_with_bad_date(tmp_path: Path) -> Path:
    rows = list(csv.reader((EXAMPLES / "timeuse_hetus.csv").open()))
    rows[2][1] = "2023-13-45"  # the second diary (H002, file row 3): no such date
    path = tmp_path / "bad.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_grid_rows_secondary_activity_is_counted_when_its_date_cannot_be_read(tmp_path):
    """H002's ``Sec115``-``Sec126`` all say "phone call": one secondary episode of 12 slots x
    10 minutes = 120 minutes, not read because row 3's date is unreadable. H001's two
    secondary episodes (``Sec19``-``Sec24`` radio, 60 min; ``Sec82``-``Sec90`` childcare,
    90 min) are read: 150 minutes."""
    result = read_diary(_hetus_with_bad_date(tmp_path),
                        mapping=EXAMPLES / "timeuse_hetus.mapping.yaml", warn=False)
    details = result.report.details
    assert details["secondary_minutes"] == 150.0
    assert len(result.secondary) == 2
    assert details["secondary_not_read"] == 1
    assert details["secondary_minutes_not_read"] == 120.0
    message = _warnings(result)["secondary_not_read"]
    assert message.startswith(
        "1 secondary activity (120 minutes) of row 3 (Sec115-Sec126) was not read")
    assert set(result.rejects["source_row"]) == {3}
    assert "secondary activity (120 minutes) of row 3 (Sec115-Sec126)" in summary_text(result)


def test_long_slots_secondary_rows_of_a_bad_date_are_counted(tmp_path):
    """Diary D2 (file rows 5-8) is dated 2026-02-30: its main slots 1-2 (rows 5-6) are
    rejected, and its secondary slots 1-2 (rows 7-8, "radio": one run of 2 x 10 = 20
    minutes, named by its first row) are counted, not dropped. D1's secondary slot 2
    ("radio", 10 minutes) is read."""
    path = tmp_path / "ls.csv"
    path.write_text("diary,date,slot,activity,secondary\n"
                    "D1,2026-03-09,1,work,0\nD1,2026-03-09,2,work,0\nD1,2026-03-09,2,radio,1\n"
                    "D2,2026-02-30,1,work,0\nD2,2026-02-30,2,work,0\n"
                    "D2,2026-02-30,1,radio,1\nD2,2026-02-30,2,radio,1\n")
    result = read_diary(path, mapping=LS_MAP, warn=False)
    details = result.report.details
    assert details["secondary_minutes"] == 10.0
    assert details["secondary_not_read"] == 1
    assert details["secondary_minutes_not_read"] == 20.0
    assert "of row 7 (slots 1-2) was not read" in _warnings(result)["secondary_not_read"]


def test_no_word_when_every_secondary_activity_is_read():
    result = read_diary(EXAMPLES / "timeuse_hetus.csv",
                        mapping=EXAMPLES / "timeuse_hetus.mapping.yaml", warn=False)
    assert "secondary_not_read" not in result.report.details
    assert "secondary_not_read" not in _warnings(result)


@pytest.mark.parametrize("rows, named", [
    ([4], "row 4"), ([4, 4, 9], "rows 4 and 9"), (list(range(1, 13)),
                                                  "rows 1, 2, 3, 4, 5, 6, 7, 8, 9, ... and 12")])
def test_the_rows_are_named(rows, named):
    import numpy as np

    from timestudy.ingest.secondary import not_read
    note = not_read(np.array(rows), np.full(len(rows), 10.0))
    assert f"of {named} " in note["warning"]["message"]


def test_a_row_is_named_once_with_all_its_slots():
    import numpy as np

    from timestudy.ingest.secondary import not_read
    note = not_read(np.array([4, 4]), np.array([20.0, 20.0]), np.array(["Sec1-Sec2", "Sec3-Sec4"]))
    assert "of row 4 (Sec1-Sec2, Sec3-Sec4) were not read" in note["warning"]["message"]
