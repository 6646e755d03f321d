"""``timestudy workload`` and ``timestudy guide --caseload`` with a case type spelt otherwise
than the guide's ('cin' beside 'CIN').

Defect (review 15): both exited 0 and called the case "not costed: no hours per
case-month in this diary", a false reason (``timestudy workload``: "1 cin case not
costed: ..."; the guide's headline left it out of the FTE needed the same way). Now both
exit 2 with one line naming the type, the guide's spelling, the case and the fix, and
write nothing.
"""

from __future__ import annotations

import pandas as pd
from test_workload_not_costed import _write

from timestudy import simulate_study
from timestudy.cli import main


def test_workload_stops_on_a_misspelt_type_with_one_line(tmp_path, capsys):
    argv = _write(tmp_path)  # the guide of _guides.hand_guide: CIN and CP
    (tmp_path / "cases.csv").write_text(
        "case_id,case_type,worker_id\nc1,cin,A\nc2,cin,A\nc3,CP,A\nc4,CP,B\n", encoding="utf-8"
    )  # 'cin' the caseload's only spelling of CIN (a 'CIN' too would be folded with it)
    code = main(argv)  # before: exit 0, "2 cin cases not costed: no hours per case-month..."
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and not (tmp_path / "out").exists()
    assert err == (
        "timestudy workload: error: case type(s) ['cin'] are not in the guide as spelt (it "
        "has ['CIN', 'CP']): 'cin' is the guide's 'CIN' (case c1, c2); spell them as the guide "
        "does in the caseload's case_type column (capitals, spaces and other names of a "
        "type count), or they "
        "cannot be costed\n"
    )


def test_workload_still_writes_a_type_truly_absent(tmp_path, capsys):
    argv = _write(tmp_path)  # CLA: not in the guide in any spelling, so not costed
    assert main(argv) == 0
    assert "1 CLA case not costed" in capsys.readouterr().out


def test_guide_headline_stops_on_a_misspelt_caseload_type(tmp_path, capsys):
    files = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "study")
    cases = pd.read_csv(files["cases"])
    first = cases.index[cases["case_type"] == "CP"][0]
    cases.loc[cases["case_type"] == "CP", "case_type"] = "cp"  # the guide spells it CP
    # (every CP is 'cp': one 'cp' among the caseload's 'CP' would be folded into them)
    cases.to_csv(tmp_path / "caseload.csv", index=False)
    out = tmp_path / "out"
    code = main(
        [
            "guide",
            str(files["diary"]),
            "--cases",
            str(files["cases"]),
            "--workers",
            str(files["workers"]),
            "--out",
            str(out),
            "--n-boot",
            "19",
            "--quiet",
            "--formats",
            "json",
            "--caseload",
            str(tmp_path / "caseload.csv"),
        ]
    )
    printed, err = capsys.readouterr()  # before: exit 0, the cp case "not costed"
    assert code == 2 and (not out.exists() or not any(out.iterdir()))  # nothing written
    assert len(err.splitlines()) == 1
    assert err.startswith(
        "timestudy guide: error: case type(s) ['cp'] are not in the guide "
        "as spelt (it has ['CIN', 'CLA', 'CP', 'PROCEEDINGS']): 'cp' is the "
        f"guide's 'CP' (case {cases.loc[first, 'case_id']}, "
    )
