"""Long-format slot diaries: a slot number beyond the diary day, and what the summary's
"rows read" counts (the audit's /tmp/audit/ls1.csv, written here inline)."""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary
from timestudy.cli._diary import summary_text

T = pd.Timestamp


def _warnings(result) -> dict[str, str]:
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", ())}


LS1 = ("diary,date,slot,activity,secondary\n"
       "D1,2026-03-09,1,sleep,0\nD1,2026-03-09,2,sleep,0\nD1,2026-03-09,4,sleep,0\n"
       "D1,2026-03-09,5,work,0\nD1,2026-03-09,5,meal,0\nD1,2026-03-09,6,work,1\n"
       "D1,2026-03-09,144,work,0\nD1,2026-03-09,145,work,0\nD1,2026-03-09,2.5,work,0\n")
LS_MAP = {"columns": {"worker_id": "diary", "slot_number": "slot", "is_secondary": "secondary"},
          "layout": "long_slots", "first_slot_start": "04:00", "slot_minutes": 10}


def test_long_slots_beyond_the_day_are_rejected_and_rows_accounted(tmp_path):
    """ls1.csv: 9 rows reported as "6 rows read", slot 145 of a 144-slot day accepted."""
    result = read_diary(_ls1(tmp_path), mapping=LS_MAP)
    rejects = result.rejects.set_index("source_row")
    assert rejects.loc[9, "code"] == "bad_slot"  # slot 145
    assert (result.episodes["end"] <= T("2026-03-10 04:00")).all()
    warned = _warnings(result)
    assert "beyond the 144 slots of 10 minutes in a diary day from 04:00 (145)" in warned[
        "slot_beyond_day"]
    assert set(warned) == {"slot_beyond_day"}
    assert summary_text(result).startswith(
        f"ls1.csv: 9 rows read as {result.report.n_read} episodes (csv, layout long_slots)")
    assert result.report.details["secondary_episodes"] == 1




def _ls1(tmp_path):
    path = tmp_path / "ls1.csv"
    path.write_text(LS1)
    return path
