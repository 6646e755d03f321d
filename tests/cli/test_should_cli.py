"""``timestudy should``: evidence to an adjustments file; exit codes; the guide and report with it."""

from __future__ import annotations

import openpyxl
import pytest
import yaml

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("should")
    files = simulate_study(n_workers=12, weeks=4, seed=8).write(root / "data")
    args = [str(files["diary"]), "--cases", str(files["cases"]), "--workers",
            str(files["workers"]), "--n-boot", "49", "--quiet"]
    assert main(["guide", *args, "--out", str(root / "g"), "--formats", "json"]) == 0
    return root, args


def test_should_writes_every_figure_with_its_method(built, capsys):
    root, _ = built
    out = root / "adj.yaml"
    code = main(["should", "--guide", str(root / "g" / "guide.json"), "--standards", "england",
                 "--survey", str(EXAMPLES / "survey.csv"), "--delphi",
                 str(EXAMPLES / "delphi.csv"), "--min-respondents", "3", "--out", str(out),
                 "--report", str(root / "rep")])
    assert code in (0, 1)
    raw = yaml.safe_load(out.read_text())
    methods = {e["method"] for e in raw["evidence"]}
    assert {"standards_events", "delphi", "survey"} <= methods
    assert set(raw["uplifts"]["case_type_totals"]) == {"CIN", "CLA", "CP", "PROCEEDINGS"}
    assert all({"uplift_ci_low", "uplift_ci_high", "source", "chosen"} <= set(e)
               for e in raw["evidence"])
    md = (root / "rep" / "should_evidence.md").read_text()
    assert "## Delphi panel" in md and "### Rounds" in md and "## Should by events" in md
    assert (root / "rep" / "delphi_convergence.png").stat().st_size > 1000
    printed = capsys.readouterr()
    assert "by standards_events" in printed.out and "wrote" in printed.out
    assert code == (1 if "disagree" in printed.err else 0)


def test_guide_report_and_workbook_show_is_and_should(built):
    root, args = built
    adj = root / "adj2.yaml"
    main(["should", "--guide", str(root / "g" / "guide.json"), "--standards", "england",
          "--out", str(adj)])
    out = root / "g2"
    assert main(["guide", *args, "--out", str(out), "--formats", "json,xlsx,md",
                 "--adjustments", str(adj)]) == 0
    md = (out / "report.md").read_text()
    assert "How each should figure was reached" in md
    assert "standards: required pieces x measured time per piece" in md
    assert "cases per FTE (is)" in md and "cases per FTE (should)" in md
    book = openpyxl.load_workbook(out / "guide.xlsx")
    ws = book["Should evidence"]
    header = [c.value for c in ws[5]]
    assert header[:8] == ["applies to", "method", "unit", "is", "should", "lower", "upper",
                          "uplift"]
    assert isinstance(ws.cell(6, 4).value, float)
    weights = [c.value for c in book["Case weights"][1]]
    assert "should: method" in weights and weights[-1] == "why not shown"
    method = weights.index("should: method")
    assert book["Case weights"].cell(2, method + 1).value.startswith("standards")


def test_should_study_file_reruns_the_study_for_cases(built, tmp_path):
    root, _ = built
    data = root / "data"
    study = tmp_path / "study.yaml"
    study.write_text(yaml.safe_dump({"inputs": {"diary": str(data / "diary.csv"),
                                                "cases": str(data / "cases.csv"),
                                                "workers": str(data / "workers.csv")},
                                     "n_boot": 49, "progress": False}))
    out = tmp_path / "adj.yaml"
    assert main(["should", "--guide", str(root / "g" / "guide.json"), "--standards",
                 "england", "--config", str(study), "--out", str(out)]) in (0, 1)
    methods = {e["method"] for e in yaml.safe_load(out.read_text())["evidence"]}
    assert "standards_met" in methods


@pytest.mark.parametrize("extra", [[], ["--standards", "nowhere.yaml"],
                                   ["--standards", "england", "--precedence", "court"],
                                   ["--survey", str(EXAMPLES / "episodes.csv")]])
def test_should_exits_2_and_writes_nothing(built, tmp_path, capsys, extra):
    root, _ = built
    out = tmp_path / "adj.yaml"
    assert main(["should", "--guide", str(root / "g" / "guide.json"), *extra,
                 "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.startswith("timestudy should: error:") and "Traceback" not in err


def test_guide_takes_the_evidence_directly(built, tmp_path):
    root, args = built
    out = tmp_path / "g"
    assert main(["guide", *args, "--out", str(out), "--formats", "json,md",
                 "--standards", "england", "--delphi", str(EXAMPLES / "delphi.csv"),
                 "--precedence", "delphi,standards"]) == 0
    used = yaml.safe_load((out / "study.yaml").read_text())
    assert used["should"]["standards"] == "england"
    assert used["should"]["precedence"] == ["delphi", "standards"]
    md = (out / "report.md").read_text()
    assert "Delphi panel (final round median)" in md
    import json

    adj = json.loads((out / "guide.json").read_text())["adjustments"]
    chosen = {(e["item"], e["method"]) for e in adj["evidence"] if e["chosen"]}
    assert ("CP", "delphi") in chosen  # the panel first, as asked


def test_guide_refuses_uplifts_and_evidence_together(tmp_path, capsys):
    """Refused once the study is fitted (where the evidence would be applied): on a study
    of 5 workers and one week, not ``built``'s 12 workers and four weeks."""
    files = simulate_study(n_workers=5, weeks=1, seed=8).write(tmp_path / "data")
    args = [str(files["diary"]), "--cases", str(files["cases"]), "--workers",
            str(files["workers"]), "--n-boot", "19", "--quiet"]
    code = main(["guide", *args, "--out", str(tmp_path / "g"), "--formats", "json",
                 "--standards", "england", "--adjustments",
                 str(EXAMPLES / "adjustments.yaml")])
    assert code == 2 and not (tmp_path / "g").exists()
    assert "not both" in capsys.readouterr().err


def test_hand_written_uplifts_are_marked_deprecated_in_the_report(built, tmp_path):
    root, args = built
    out = tmp_path / "g"
    assert main(["guide", *args, "--out", str(out), "--formats", "md", "--adjustments",
                 str(EXAMPLES / "adjustments.yaml")]) == 0
    md = (out / "report.md").read_text()
    assert "written by hand" in md and "timestudy should" in md
    assert "How each should figure was reached" not in md
