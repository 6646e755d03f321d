"""``timestudy workload`` with a holder or a case type spelt otherwise (audit23w).

Hand-worked on the guide.json of test_workload_not_costed (100 hours for casework per
FTE-month; "should" CIN 5, CP 12 h a case-month), workers A (1.0 FTE), B (0.5), S5 (1.0).

Before, a case held by 'b' (the workers table's B) gave B "blue: under capacity (0%)"
and a second statement, ``statement_b``, with no FTE (the audit's cl_holder.csv: W002 at
0% and ``statement_w002_2``). Now 'b' is B, in one warning: B holds CP, 12 of 50 hours,
24%, and there are three statements.
"""

from __future__ import annotations

import pytest
from test_workload_not_costed import _write

from timestudy.cli import main
from timestudy.errors import DataQualityWarning


def test_a_holder_spelt_otherwise_is_the_workers_tables_worker(tmp_path, capsys):
    argv = _write(tmp_path)
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\nc2,CIN,A\n"
                                        "c3,CP,A\nc4,CP,b\nc5,CLA,S5\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match="worker id 'b' is 'B' of the workers table"):
        code = main(argv)
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"statement_{w}.{x}" for w in ("A", "B", "S5") for x in ("html", "md")]
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    assert "24%" in b and "c4" in b


def test_a_case_type_spelt_two_ways_in_the_caseload_is_one_type(tmp_path, capsys):
    """CIN, cin (one CIN, spelt as its first row: a tie), CP for A: 5 + 5 + 12 = 22 of 100
    hours, 22%, as with one spelling; before: exit 2 ('cin' is the guide's 'CIN')."""
    argv = _write(tmp_path)
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\nc2,cin,A\n"
                                        "c3,CP,A\nc4,CP,B\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match=r"'cin' \(1 case\) as 'CIN' \(1\)"):
        code = main(argv)
    assert code == 0
    assert "22%" in (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")


def test_another_name_of_a_guide_type_is_refused_naming_it(tmp_path, capsys):
    """'Child Protection' (the caseload's only name for CP) is the guide's CP: exit 2 and
    one line naming it, as 'cin' for 'CIN'; before: exit 0, the case "not costed: no hours
    per case-month in this diary", a false reason (the audit's LAC for CLA)."""
    argv = _write(tmp_path)
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\n"
                                        "c2,Child Protection,B\n", encoding="utf-8")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "'Child Protection' is the guide's 'CP' (case c2)" in err
