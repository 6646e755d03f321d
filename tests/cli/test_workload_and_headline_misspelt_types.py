"""``timestudy workload`` and ``timestudy guide --caseload`` with a case type spelt otherwise
than the guide's ('cin' beside 'CIN').

Defect (review 15): both exited 0 and called the case "not costed: no hours per
case-month in this diary", a false reason (``timestudy workload``: "1 cin case not
costed: ..."; the guide's headline left it out of the FTE needed the same way). A known
type's other spelling ('cin', 'cp', 'LAC') is now that type by its usual name, said in a
warning, and costed (review23c); a spelling of a local type the caseload alone uses is
refused naming the guide's spelling (tests/report/test_statement_case_types_and_floors.py).
"""

from __future__ import annotations

import pandas as pd
from test_workload_not_costed import _write

from timestudy import simulate_study
from timestudy.cli import main


def test_workload_costs_a_known_type_spelt_otherwise(tmp_path, capsys):
    """'cin' the caseload's only spelling of CIN: costed as CIN with a warning, exit 0.
    Before review 15: "2 cin cases not costed: no hours per case-month..."; before
    review23c: refused, exit 2."""
    import pytest

    from timestudy.errors import DataQualityWarning

    argv = _write(tmp_path)  # the guide of _guides.hand_guide: CIN and CP
    (tmp_path / "cases.csv").write_text(
        "case_id,case_type,worker_id\nc1,cin,A\nc2,cin,A\nc3,CP,A\nc4,CP,B\n", encoding="utf-8"
    )
    with pytest.warns(DataQualityWarning, match=r"'cin' \(2 cases\) as 'CIN'"):
        code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "not costed" not in out + err


def test_workload_still_writes_a_type_truly_absent(tmp_path, capsys):
    argv = _write(tmp_path)  # CLA: not in the guide in any spelling, so not costed
    assert main(argv) == 0
    assert "1 CLA case not costed" in capsys.readouterr().out


def test_guide_headline_costs_a_known_type_spelt_otherwise(tmp_path, capsys):
    files = simulate_study(n_workers=8, weeks=1, seed=2).write(tmp_path / "study")
    cases = pd.read_csv(files["cases"])
    cases.loc[cases["case_type"] == "CP", "case_type"] = "cp"  # the guide spells it CP
    # (every CP is 'cp', the caseload's only spelling of CP)
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
    printed, err = capsys.readouterr()  # before review 15: exit 0, the cp case "not
    # costed"; before review23c: refused; now the cp cases are CP's
    assert code == 0, err
    import json

    h = json.loads((out / "guide.json").read_text())["meta"]["headline"]
    # every case open on the last diary day is costed, the cp cases as CP's
    assert h["held_costed_cases"] == h["held_cases"] == h["n_cases"]
