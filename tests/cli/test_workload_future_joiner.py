"""``timestudy workload`` and ``guide --caseload``: a worker joining after the caseload day
is not in post on it (workers table ``joined``: "the first day the worker was in post").

The workload statements, by hand on test_workload_not_costed's guide.json (100 h for
casework per FTE-month; "should" CIN 5, CP 12 h a case-month; caseload day 2026-03-27, the
diary's last). A (1.0 FTE) co-works K (CP) with J (1.0 FTE, joins 2026-04-06) and holds c1
(CIN); B (0.5 FTE) holds c2 (CP).

- Now: A 12 + 5 = 17 of 100 h, 17% (K whole); B 12 of 50, 24%; no statement for J;
  ``--worker J`` is refused on one line naming the day J joins.
- Before: K shared with J: A 6 + 5 = 11 of 100 h, 11%; J a statement of 6 of 100 h (6%),
  J counted in post before joining.

The guide's headline, by hand on one diary day (Monday 2 March 2026): W1 writes 1 h on K
and 1 h on J (both CP), W2 1 h on M (CP). The caseload: K co-worked 'W1; N' (N joins
2026-03-09, after the caseload day 2026-03-02), J W1's, M W2's. FTE in post: W1 and W2,
2.0 (before: 3.0 with N); 3 cases held, none held by no one, none by a worker not listed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from timestudy.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from test_workload_not_costed import _write  # noqa: E402


def _workload(root: Path) -> list[str]:
    argv = _write(root)
    (root / "cases.csv").write_text(
        "case_id,case_type,worker_id,co_workers\nK,CP,A,J\nc1,CIN,A,\nc2,CP,B,\n",
        encoding="utf-8")
    (root / "workers.csv").write_text(
        "worker_id,fte,team,joined\nA,1.0,N,\nB,0.5,S,\nJ,1.0,N,2026-04-06\n",
        encoding="utf-8")
    return argv


def test_a_future_joiner_has_no_statement_and_the_holder_in_post_holds_the_case(
        tmp_path, capsys, recwarn):
    assert main(_workload(tmp_path)) == 0
    capsys.readouterr()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"statement_{w}.{x}" for w in ("A", "B") for x in ("html", "md")]  # before: J too
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    assert "| hours needed a month | 17.0 |" in a and "| weighted load | 17% |" in a
    assert "co-worked" not in a  # held whole by A (before: "1/2 of its hours", 6.0)
    assert "| weighted load | 24% |" in b
    said = " ".join(str(w.message) for w in recwarn)
    assert "J (joins 2026-04-06) not in post, A holds it" in said


def test_a_future_joiners_statement_is_refused_on_one_line(tmp_path, capsys):
    code = main([*_workload(tmp_path), "--worker", "J"])
    err = capsys.readouterr().err
    assert code == 2  # before: 0, a statement of 6 h (6%)
    assert ("worker 'J' joins on 2026-04-06, after the caseload day 2026-03-27: no "
            "statement") in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def _guide(root: Path) -> dict:
    (root / "diary.csv").write_text(
        "worker_id,start,end,activity,case_id\n"
        "W1,2026-03-02 09:00,2026-03-02 10:00,visit,K\n"
        "W1,2026-03-02 11:00,2026-03-02 12:00,visit,J\n"
        "W2,2026-03-02 09:00,2026-03-02 10:00,visit,M\n", encoding="utf-8")
    (root / "cases.csv").write_text("case_id,case_type,worker_id\nK,CP,W1\nJ,CP,W1\nM,CP,W2\n",
                                    encoding="utf-8")
    (root / "caseload.csv").write_text(
        "case_id,case_type,worker_id\nK,CP,W1; N\nJ,CP,W1\nM,CP,W2\n", encoding="utf-8")
    (root / "workers.csv").write_text(
        "worker_id,fte,team,joined\nW1,1.0,A,\nW2,1.0,B,\nN,1.0,A,2026-03-09\n",
        encoding="utf-8")
    main(["guide", str(root / "diary.csv"), "--cases", str(root / "cases.csv"),
          "--workers", str(root / "workers.csv"), "--caseload", str(root / "caseload.csv"),
          "--out", str(root / "out"), "--formats", "json", "--n-boot", "19",
          "--min-workers", "1", "--quiet"])
    return json.loads((root / "out" / "guide.json").read_text(encoding="utf-8"))


def test_guide_headline_counts_no_future_joiner_in_post(tmp_path, capsys):
    h = _guide(tmp_path)["meta"]["headline"]
    err = capsys.readouterr().err
    assert h["fte_in_post"] == pytest.approx(2.0)  # before: 3.0
    assert (h["held_cases"], h["unallocated_cases"], h["unlisted_cases"]) == (3, 0, 0)
    assert "N (joins 2026-03-09) not in post, W1 holds it" in err
