"""``timestudy guide --no-sensitivity`` (study key ``sensitivity: false``) skips the pieces'
sensitivity, says so in guide.json, the report and the command's lines, and leaves every
other figure as it is.

Before: ``run_study(..., sensitivity=False)`` existed in Python only; the command had no
option and the study file no key.
"""

from __future__ import annotations

import json

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.study import read_study, study_template

NOT_RUN = "The sensitivity of time per piece to these definitions was not run for this guide"


def test_the_option_and_the_study_key_skip_it(tmp_path):
    from timestudy.cli import build_parser
    from timestudy.cli.guide import study_from_args

    parser = build_parser("guide")
    assert study_from_args(parser.parse_args(["guide", "d.csv", "--workers", "w.csv"])
                           ).sensitivity is True
    skipped = study_from_args(parser.parse_args(["guide", "d.csv", "--workers", "w.csv",
                                                 "--no-sensitivity"]))
    assert skipped.sensitivity is False
    assert skipped.model_arguments()["sensitivity"] is False
    assert "sensitivity" not in read_study_default(tmp_path).model_arguments()  # fingerprint
    (tmp_path / "study.yaml").write_text("sensitivity: false\n")
    assert read_study(tmp_path / "study.yaml").sensitivity is False
    assert "sensitivity: true  # --no-sensitivity\n" in study_template()


def read_study_default(folder):
    (folder / "default.yaml").write_text("seed: 0\n")
    return read_study(folder / "default.yaml")


def _figures(guide: dict) -> dict:
    """guide.json without its sensitivity and the meta that names the run's options."""
    meta = {k: v for k, v in guide["meta"].items()
            if k not in ("sensitivity", "data_fingerprint", "input_fingerprints", "created")}
    return {k: v for k, v in guide.items() if k not in ("sensitivity", "meta")} | {"meta": meta}


def test_a_guide_without_it_says_so_and_is_otherwise_the_same(tmp_path, capsys):
    files = simulate_study(n_workers=6, weeks=1, seed=3).write(tmp_path / "data")
    args = [str(files["diary"]), "--cases", str(files["cases"]), "--workers",
            str(files["workers"]), "--n-boot", "19", "--min-workers", "1", "--quiet",
            "--formats", "json,md"]
    assert main(["guide", *args, "--out", str(tmp_path / "with")]) in (0, 1)
    capsys.readouterr()
    assert main(["guide", *args, "--out", str(tmp_path / "without"), "--no-sensitivity"]) in (0, 1)
    said = capsys.readouterr().out
    assert "sensitivity of time per piece: not run (--no-sensitivity" in said
    with_, without = (json.loads((tmp_path / f / "guide.json").read_text())
                      for f in ("with", "without"))
    assert with_["sensitivity"] and without["sensitivity"] == []
    assert "sensitivity" not in with_["meta"]
    assert without["meta"]["sensitivity"].startswith("not run (--no-sensitivity")
    assert _figures(with_) == _figures(without)
    report = (tmp_path / "without" / "report.md").read_text()
    assert NOT_RUN in report and NOT_RUN not in (tmp_path / "with" / "report.md").read_text()
    used = read_study(tmp_path / "without" / "study.yaml")  # the rerun skips it too
    assert used.sensitivity is False
