"""``timestudy guide`` on the audit's files with worker ids spelt two ways (audit 7 A1).

By hand (see tests/test_pipeline_worker_ids.py): s7_twoteams.csv is the base week with
W1's week exported twice (``w1 ``), so the guide is the base week's (5 workers, CP 147.5 h,
0.5 FTE short) and every row is used (exit 0); s7_guide.csv has W2's Friday written
``W02``, rows the guide leaves out (exit 1), each line below saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timestudy.cli import main

DATA = Path(__file__).parents[1] / "data" / "worker_ids"


def _guide(diary: str, out: Path) -> int:
    return main(["guide", str(DATA / diary), "--cases", str(DATA / "cases5.csv"),
                 "--workers", str(DATA / "workers5.csv"), "--min-workers", "1",
                 "--n-boot", "19", "--formats", "md", "--quiet", "--out", str(out)])


@pytest.mark.filterwarnings("ignore")
def test_a_week_exported_twice_is_counted_once_and_said(tmp_path, capsys):
    assert _guide("s7_twoteams.csv", tmp_path) == 0
    got = capsys.readouterr()
    assert ("timestudy guide: warning: s7_twoteams.csv: worker id 'w1' is 'W1' of the workers "
            "table (case and spaces folded): 15 rows, 15 of them repeating a row of 'W1' "
            "exactly (counted once)") in got.err.splitlines()
    lines = got.out.splitlines()
    assert "90 rows read: 75 accepted, 0 rejected, 15 exact duplicates; 100.0% of time " \
           "categorised" in lines
    assert "5 workers, 5 cases, 2026-03-09 to 2026-03-13" in lines
    # 35 h over 5 working days x 21.0744 (152.2 in the old calendar month)
    assert "hours per case-month (measured; no uplifts were given): CP 147.5 h" in lines
    assert any("a shortfall of 0.5 FTE" in line for line in lines)


@pytest.mark.filterwarnings("ignore")
def test_an_id_not_in_the_workers_table_is_named_with_its_fix_and_exits_1(tmp_path, capsys):
    assert _guide("s7_guide.csv", tmp_path) == 1
    err = capsys.readouterr().err.splitlines()
    assert ("timestudy guide: warning: s7_guide.csv: worker id 'w1' is 'W1' of the workers "
            "table (case and spaces folded): 3 rows, 0 of them repeating a row of 'W1' "
            "exactly (counted once)") in err
    assert ("timestudy guide: warning: s7_guide.csv: worker id 'W02' is not in the workers "
            "table: its 3 rows are left out of every figure (7.5 h recorded; the guide has no "
            "FTE or contracted hours for it); add it to the workers table or correct its "
            "spelling in the diary (did you mean 'W2'? its digits differ only by leading "
            "zeros)") in err
    assert ("timestudy guide: s7_guide.csv: 3 of 75 rows rejected and left out of the guide "
            "(3 of them of worker ids not in the workers table: add the ids to the workers "
            "table or correct their spelling, as the warnings above say)") in err
    report = (tmp_path / "report.md").read_text()
    assert "| worker id spellings taken as the workers table's | 1 |" in report
    assert "'W02'" not in report and "'w1'" not in report  # the published warnings: no ids
