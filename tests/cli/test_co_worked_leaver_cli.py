"""``timestudy workload`` and ``timestudy guide --caseload`` read a co-worked case one of
whose holders has left the same whichever holder is written first (fix27a's finding on the
simulated study: 'W009; W001' left the case held by no one, W001 at 144%; 'W001; W009'
gave W001 half, 150%, and W009, a leaver, a statement as "not in the workers table").

The workload statements, by hand on test_workload_not_costed's guide.json (100 h for
casework per FTE-month; "should" CIN 5, CP 12 h a case-month; caseload day 2026-03-27). A
(1.0 FTE) co-works K (CP) with L (left 2026-03-01) and holds c9 and c1 (CIN); B (0.5 FTE)
holds c2 (CP). Both ways: A 12 + 5 + 5 = 22 of 100 h, 22%; B 12 of 50, 24%; two statements,
none for L; 4 cases counted. Before: 'L; A' A 10 (10%) and K held by no one; 'A; L' A 6 +
10 = 16 (16%) and a statement for L with no status.

A's rows tied at 5 h (c9, c1) are listed by case id (c1 first), not in the caseload's order.

The guide's headline, by hand on one diary day (Monday 2 March 2026, a case open that day
1/21.0744 of a case-month): W1 writes 1 h on K and 1 h on J (both CP); W2 1 h on M (CP).
CP: 3 h over 3 case-days = 21.0744 h a case-month. The caseload has K co-worked by W1 and
L (left 2026-03-01), J W1's and M W2's: K is W1's whole either way, no case is held by no
one (before, 'L; W1': 1) nor by a worker not listed (before, 'W1; L': 0.5).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from timestudy.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from test_workload_not_costed import _write  # noqa: E402

RULE = "its hours shared equally among them (one left: the whole case)"


def _workload(root: Path, cell: str) -> list[str]:
    argv = _write(root)
    (root / "cases.csv").write_text(
        f"case_id,case_type,worker_id\nK,CP,{cell}\nc9,CIN,A\nc1,CIN,A\nc2,CP,B\n",
        encoding="utf-8")
    (root / "workers.csv").write_text(
        "worker_id,fte,team,left\nA,1.0,N,\nB,0.5,S,\nL,1.0,N,2026-03-01\n", encoding="utf-8")
    return argv


@pytest.mark.parametrize("cell", ["L; A", "A; L"])
def test_workload_statements_are_the_same_both_ways(tmp_path, capsys, recwarn, cell):
    assert main(_workload(tmp_path, cell)) == 0
    out = capsys.readouterr().out
    said = " ".join(str(w.message) for w in recwarn)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"statement_{w}.{x}" for w in ("A", "B") for x in ("html", "md")]  # none for L
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    assert "| hours needed a month | 22.0 |" in a and "| weighted load | 22% |" in a
    assert "| weighted load | 24% |" in b
    assert "co-worked" not in a  # held whole by A
    assert "cases open on 2026-03-27: 4 counted" in out and "held by no one" not in out
    assert "not in the workers table" not in said
    assert "L not in post, A holds it" in said and RULE in said
    assert sum("L not in post" in str(w.message) for w in recwarn) == 1  # said once


def test_tied_rows_are_listed_by_case_id(tmp_path, capsys):
    """c9 and c1 both need 5 h: c1 first (before: c9, the caseload's order)."""
    assert main(_workload(tmp_path, "A")) == 0
    capsys.readouterr()
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (K|c\d) \|", a, flags=re.M)
    assert rows == ["K", "c1", "c9"]


def _guide(root: Path, cell: str) -> dict:
    (root / "diary.csv").write_text(
        "worker_id,start,end,activity,case_id\n"
        "W1,2026-03-02 09:00,2026-03-02 10:00,visit,K\n"
        "W1,2026-03-02 11:00,2026-03-02 12:00,visit,J\n"
        "W2,2026-03-02 09:00,2026-03-02 10:00,visit,M\n", encoding="utf-8")
    (root / "cases.csv").write_text("case_id,case_type,worker_id\nK,CP,W1\nJ,CP,W1\nM,CP,W2\n",
                                    encoding="utf-8")
    (root / "caseload.csv").write_text(
        f"case_id,case_type,worker_id\nK,CP,{cell}\nJ,CP,W1\nM,CP,W2\n", encoding="utf-8")
    (root / "workers.csv").write_text(
        "worker_id,fte,team,left\nW1,1.0,A,\nW2,1.0,B,\nL,1.0,A,2026-03-01\n",
        encoding="utf-8")
    main(["guide", str(root / "diary.csv"), "--cases", str(root / "cases.csv"),
          "--workers", str(root / "workers.csv"), "--caseload", str(root / "caseload.csv"),
          "--out", str(root / "out"), "--formats", "json", "--n-boot", "19",
          "--min-workers", "1", "--quiet"])
    return json.loads((root / "out" / "guide.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("cell", ["L; W1", "W1; L"])
def test_guide_caseload_headline_is_the_same_both_ways(tmp_path, capsys, cell):
    h = _guide(tmp_path, cell)["meta"]["headline"]
    err = capsys.readouterr().err
    assert (h["unallocated_cases"], h["unlisted_cases"]) == (0, 0)  # 1, 0 / 0, 0.5 before
    assert h["held_cases"] == 3 and h["fte_in_post"] == pytest.approx(2.0)
    assert "not in the workers table" not in err
    assert "L not in post, W1 holds it" in err


def test_guide_caseload_is_led_by_a_co_holder_with_a_diary(tmp_path, capsys):
    """'W3; W1' in the caseload, W3 with no diary (nor in the workers table): led by W1, as
    the cases table would be (the caseload was never passed through lead_with_diary)."""
    _guide(tmp_path, "W3; W1")
    err = capsys.readouterr().err
    assert "the caseload: 1 co-worked case(s) name first a holder who kept no diary" in err
