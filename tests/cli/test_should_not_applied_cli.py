"""``timestudy should`` and the guide built with its file say what evidence is not applied:
a survey answer about case notes (no time per piece); and that an uplift on non-case work
(supervision) is applied to the hours available, which the workbook's calculator uses."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.cli import main

SAID = "Uplifts on non-case work (supervision) are applied to the hours available"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("should_not_applied")
    files = simulate_study(n_workers=12, weeks=4, seed=8).write(root / "data")
    args = [str(files["diary"]), "--cases", str(files["cases"]), "--workers",
            str(files["workers"]), "--n-boot", "19", "--quiet"]
    assert main(["guide", *args, "--out", str(root / "g"), "--formats", "json"]) == 0
    pd.DataFrame({"respondent_id": [f"R{i}" for i in range(5)] * 2,
                  "task_type": ["supervision"] * 5 + ["case_notes"] * 5,
                  "sufficient": "no", "extra_minutes": [30] * 5 + [10] * 5}).to_csv(
        root / "survey.csv", index=False)
    return root, args


def test_the_terminal_report_and_workbook_say_so(built, capsys):
    root, args = built
    adj = root / "adj.yaml"
    assert main(["should", "--guide", str(root / "g" / "guide.json"), "--survey",
                 str(root / "survey.csv"), "--out", str(adj)]) == 0
    printed = capsys.readouterr().out
    assert "not used: task type case_notes by survey" in printed
    assert "no time per piece of case_notes" in printed
    assert SAID in printed
    out = root / "g2"
    assert main(["guide", *args, "--out", str(out), "--formats", "json,xlsx,md",
                 "--adjustments", str(adj)]) == 0
    printed = capsys.readouterr()
    assert SAID in printed.out + printed.err  # the guide's warning
    md = (out / "report.md").read_text().replace("\\_", "_")  # Markdown escapes
    assert SAID in md and "no time per piece of case_notes" in md
    ws = openpyxl.load_workbook(out / "guide.xlsx")["Should evidence"]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert SAID in text and "no time per piece of case_notes" in text
    # guide.json, the headline and the calculator use the same should hours for casework
    import json

    raw = json.loads((out / "guide.json").read_text())
    m = raw["available_hours"]["measures"]
    should = m["available_case_hours_per_fte_year_should"]["estimate"] / 12
    assert should < m["available_case_hours_per_fte_year"]["estimate"] / 12
    calc = openpyxl.load_workbook(out / "guide.xlsx", data_only=True)["Capacity calculator"]
    assert calc["C3"].value == pytest.approx(should, abs=1e-4)
