"""Survey weights from the command line and the study file (``--weight``, ``inputs.weight``).

A consultant running ``timestudy guide`` on a sample of diarists names the diary column
that holds each worker's survey weight, as a Python user gives ``run_study(weight=...)``:
the same guide either way, said in guide.json (``meta.survey_weighted``) and in the
report's method; a column that is not there is one line, exit 2, nothing written.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.pipeline import run_study


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """An 8-worker, 1-week study whose diary has a weight column: the first worker stands
    for 3 workers, the others for 1 each."""
    folder = tmp_path_factory.mktemp("weight")
    written = simulate_study(n_workers=8, weeks=1, seed=2).write(folder / "study")
    d = pd.read_csv(written["diary"])
    d["w"] = (d["worker_id"] == d["worker_id"].iloc[0]).map({True: 3.0, False: 1.0})
    d.to_csv(folder / "diary.csv", index=False)
    return {"diary": str(folder / "diary.csv"), "cases": str(written["cases"]),
            "workers": str(written["workers"]), "folder": folder}


def _guide(files, out, *extra) -> dict:
    """``timestudy guide`` without the pieces' sensitivity: no test here reads it, and it
    changes no other figure (tests/cli/test_guide_no_sensitivity.py)."""
    code = main(["guide", files["diary"], "--cases", files["cases"], "--workers",
                 files["workers"], "--out", str(out), "--n-boot", "19", "--formats",
                 "json,md", "--quiet", "--no-sensitivity", *extra])
    assert code in (0, 1)
    return json.loads((out / "guide.json").read_text(encoding="utf-8"))


def _figures(guide: dict) -> dict:
    return {k: guide[k] for k in ("tasks", "case_types", "available_hours", "category_shares")}


def test_the_flag_and_the_study_key_give_the_python_guide(files, tmp_path, capsys):
    """``--weight w`` and ``inputs: {weight: w}`` give the figures of ``run_study(...,
    weight="w")``; without the weight the first worker counts once and the hours for
    casework per FTE-week differ; the method says the diaries were weighted. Of the keyed
    run only guide.json is read: it writes that alone."""
    flagged = _guide(files, tmp_path / "flag", "--weight", "w")
    study = tmp_path / "study.yaml"
    study.write_text(
        "inputs:\n"
        f"  diary: {files['diary']}\n  cases: {files['cases']}\n  workers: {files['workers']}\n"
        "  weight: w\n"
        f"out: {tmp_path / 'keyed'}\nn_boot: 19\nsensitivity: false\n"
        "report:\n  formats: [json]\n",
        encoding="utf-8")
    assert main(["guide", "--config", str(study), "--quiet"]) in (0, 1)
    keyed = json.loads((tmp_path / "keyed" / "guide.json").read_text(encoding="utf-8"))
    plain = _guide(files, tmp_path / "plain")
    python = run_study(files["diary"], files["cases"], files["workers"], n_boot=19,
                       weight="w", progress=False, sensitivity=False).guide.to_dict()
    assert _figures(flagged) == _figures(keyed) == _figures(json.loads(json.dumps(python)))
    assert flagged["meta"]["survey_weighted"] is keyed["meta"]["survey_weighted"] is True
    assert plain["meta"]["survey_weighted"] is False
    measures = [g["available_hours"]["measures"]["hours_worked_per_fte_week"]["estimate"]
                for g in (flagged, plain)]
    assert measures[0] != measures[1]
    report = (tmp_path / "flag" / "report.md").read_text(encoding="utf-8")
    assert "### Survey weights" in report
    assert "### Survey weights" not in (tmp_path / "plain" / "report.md").read_text("utf-8")
    used = (tmp_path / "flag" / "study.yaml").read_text(encoding="utf-8")
    assert "weight: w" in used  # the study as run: --config OUT/study.yaml repeats it


def test_a_column_not_in_the_diary_is_one_line(files, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["guide", files["diary"], "--cases", files["cases"], "--workers",
                 files["workers"], "--out", str(out), "--weight", "survey_weight",
                 "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "diary.csv" in err[0] and "`survey_weight`" in err[0]
    assert not out.exists()
