"""``timestudy workload`` counts the caseload as the guide's capacity figures do (audit24k).

Hand-worked on test_workload_not_costed's guide.json (100 hours for casework per
FTE-month; "should" CIN 5, CP 12 h a case-month; caseload day 2026-03-27, the diary's
last). A (1.0 FTE) holds c1 CIN, c2 CIN, c3 CP, and c5 CP from 2026-03-10, which B held
until then; B (0.5 FTE) left on 2026-03-20 and still holds c4 CP in the caseload.

- Before: B had a statement ("c4, 12 of 50 hours, 24%") though B had left, where the
  guide counts c4 as held by no one; c5's row for B counted as a case "closed", and B's
  statement said a case of theirs had closed.
- Now: one statement, A's: 5 + 5 + 12 + 12 = 34 of 100 hours, 34%; the printed lines say
  4 cases counted, c5's earlier holding counted once with A, and c4 held by no one (B
  left); ``--worker B`` is refused naming the day B left.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_workload_not_costed import _write

from timestudy.capacity.in_post import no_caseload_roles
from timestudy.cli import main


def _leaver(root):
    argv = _write(root)
    (root / "cases.csv").write_text(
        "case_id,case_type,worker_id,opened,closed\nc1,CIN,A,,\nc2,CIN,A,,\nc3,CP,A,,\n"
        "c4,CP,B,,\nc5,CP,B,,2026-03-10\nc5,CP,A,2026-03-10,\n", encoding="utf-8")
    (root / "workers.csv").write_text("worker_id,fte,team,left\nA,1.0,N,\nB,0.5,S,2026-03-20\n",
                                      encoding="utf-8")
    return argv


def test_a_leaver_has_no_statement_and_their_cases_are_held_by_no_one(tmp_path, capsys):
    assert main(_leaver(tmp_path)) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["statement_A.html",
                                                                   "statement_A.md"]
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    assert "34%" in a and "c5" in a and "Not counted" not in a
    assert "cases open on 2026-03-27: 4 counted; 1 earlier or later holding(s) of a case " \
           "passed between workers" in out
    assert ("1 case(s) held by workers not in post on 2026-03-27 (left by then, or joining "
            "after it; B: 1): held by no one") in out
    assert "closed by 2026" not in out


def test_a_leavers_statement_is_refused_with_the_day(tmp_path, capsys):
    code = main([*_leaver(tmp_path), "--worker", "B"])
    err = capsys.readouterr().err
    assert code == 2 and "worker 'B' left on 2026-03-20, by the caseload day 2026-03-27" in err
    assert not (tmp_path / "out").exists()


def test_a_transfer_is_named_as_one_not_as_a_closing(tmp_path, capsys):
    """As of 2026-03-05 (before the transfer and before B left): B holds c4 and c5 (12 +
    12 = 24 of 50 hours, 48%); c5's later row for A is a transfer, not a case opened
    after the day."""
    assert main([*_leaver(tmp_path), "--as-of", "2026-03-05"]) == 0
    out = capsys.readouterr().out
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    assert "48%" in b and "22%" in a
    assert "opened after" not in out + a
    assert "1 case(s) held by another worker on 2026-03-05 (passed between you" in a


@pytest.mark.parametrize("role", ["team_manager", "Team_Manager", "EDT_worker"])
def test_a_no_caseload_role_written_with_underscores_is_named(role):
    """``team_manager`` did not match ``\\bmanager\\b`` (an underscore is a word character):
    a manager so written was counted a full case-holder with no word."""
    w = pd.DataFrame({"worker_id": ["a"], "role": [role]})
    assert no_caseload_roles(w) is not None


def test_a_case_passed_back_or_reopened_is_its_holders_alone(tmp_path, capsys):
    """review24a: c5 went A -> B -> A (A holds it on the day) and c6 was closed and
    reopened by A: A's statement counted c5 and c6 (5 + 5 + 12 + 12 + 12 = 46 of 100,
    46%) yet said "2 case(s) held by another worker"; now it says nothing of them, and B's
    statement names c5's earlier holding as passed between them."""
    argv = _write(tmp_path)
    (tmp_path / "cases.csv").write_text(
        "case_id,case_type,worker_id,opened,closed\nc1,CIN,A,,\nc2,CIN,A,,\nc3,CP,A,,\n"
        "c5,CP,A,,2026-03-03\nc5,CP,B,2026-03-03,2026-03-10\nc5,CP,A,2026-03-10,\n"
        "c6,CP,A,,2026-03-02\nc6,CP,A,2026-03-05,\nc7,CP,B,,\n", encoding="utf-8")
    (tmp_path / "workers.csv").write_text("worker_id,fte,team\nA,1.0,N\nB,0.5,S\n",
                                          encoding="utf-8")
    assert main(argv) == 0
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    assert "46%" in a and "Not counted" not in a
    assert "1 case(s) held by another worker on 2026-03-27" in b and "24%" in b
