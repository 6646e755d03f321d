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


def test_another_name_of_a_guide_type_is_that_type(tmp_path, capsys):
    """'Child Protection' (the caseload's only name for CP) is the guide's CP, by its usual
    name (review23c: every known type takes it): costed as CP, said in a warning. Before
    cases23: exit 0, the case "not costed: no hours per case-month in this diary", a false
    reason (the audit's LAC for CLA)."""
    argv = _write(tmp_path)
    (tmp_path / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\n"
                                        "c2,Child Protection,B\n", encoding="utf-8")
    import pytest

    from timestudy.errors import DataQualityWarning

    with pytest.warns(DataQualityWarning, match=r"'Child Protection' \(1 case\) as 'CP', the usual name of the type \(no row spells it so\)"):
        code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "not costed" not in out + err


def test_guide_caseload_holders_spelt_otherwise_are_the_workers(tmp_path, capsys):
    """The simulated study (8 workers) with W001's cases held by 'w001' in the --caseload:
    the headline counts them W001's (as many cases per FTE as with the cases table's own
    spelling), and the report names no holder missing from the workers table. Before: the
    headline fell (W001's cases held by no worker in post) and, the headline mended, the
    report's staffing table still had a row "cases of workers not in the workers table"
    (the audit's cl_holder.csv: 13 cases, 1.1 FTE needed, none in post)."""
    import json

    import pandas as pd

    from timestudy import simulate_study

    files = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "study")
    cases = pd.read_csv(files["cases"])
    n = int(cases["worker_id"].eq("W001").sum())
    cases.loc[cases["worker_id"] == "W001", "worker_id"] = "w001"
    cases.to_csv(tmp_path / "caseload.csv", index=False)
    heads, said = {}, {}
    for name, caseload in (("own", files["cases"]), ("spelt", tmp_path / "caseload.csv")):
        out = tmp_path / name
        argv = ["guide", str(files["diary"]), "--cases", str(files["cases"]), "--workers",
                str(files["workers"]), "--out", str(out), "--n-boot", "19", "--quiet",
                "--formats", "json,md", "--caseload", str(caseload)]
        assert main(argv) == 0
        said[name] = capsys.readouterr().err
        heads[name] = json.loads((out / "guide.json").read_text())["meta"]["headline"]
        report = (out / "report.md").read_text(encoding="utf-8")
        assert "cases of workers not in the workers table" not in report
        assert "held by 1 worker not in the workers table" not in said[name] + report
    assert (f"worker id 'w001' is 'W001' of the workers table (case and spaces folded): "
            f"{n} cases") in said["spelt"] and "worker id" not in said["own"]
    assert heads["spelt"]["held_cases_per_fte"] == heads["own"]["held_cases_per_fte"]
    assert heads["spelt"]["unlisted_workers"] == 0

