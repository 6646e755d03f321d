"""A small study calibrated to a published guide from the command line (``--calibrate-to``,
``inputs.calibrate_to``).

``timestudy guide ... --calibrate-to REFERENCE_JSON`` fits the local study, calibrates the
reference guide to its models (:func:`timestudy.capacity.calibration.calibrate`, with the
study's ``min_workers``) and writes the calibrated guide and its report instead of the
local guide: the same guide as the Python calibration, by flag or by study key. A
reference that cannot be read is one line naming the file and the fix, exit 2, and
nothing is written.
"""

from __future__ import annotations

import json
import warnings

import pytest

from timestudy import simulate_study
from timestudy.capacity.calibration import calibrate
from timestudy.cli import main
from timestudy.guide import TimeGuide
from timestudy.pipeline import run_study


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A 12-worker reference guide (guide.json, as published; without the pieces'
    sensitivity, which calibration does not read) and two local studies of 3 and 6
    workers, one week each."""
    folder = tmp_path_factory.mktemp("calibrate")
    ref = simulate_study(n_workers=12, weeks=1, seed=24).write(folder / "ref")
    assert main(["guide", str(ref["diary"]), "--cases", str(ref["cases"]), "--workers",
                 str(ref["workers"]), "--out", str(folder / "reference"), "--n-boot", "19",
                 "--formats", "json", "--quiet", "--no-sensitivity"]) in (0, 1)
    out = {"reference": str(folder / "reference" / "guide.json"), "folder": folder}
    for n in (3, 6):
        written = simulate_study(n_workers=n, weeks=1, seed=22).write(folder / f"local{n}")
        out[n] = {k: str(written[k]) for k in ("diary", "cases", "workers")}
    return out


def _guide(local: dict, out, *extra, formats: str = "json,md") -> int:
    """``timestudy guide`` of a local study, without the pieces' sensitivity: no test here
    reads it, and it changes no other figure (tests/cli/test_guide_no_sensitivity.py)."""
    return main(["guide", local["diary"], "--cases", local["cases"], "--workers",
                 local["workers"], "--out", str(out), "--n-boot", "19", "--formats", formats,
                 "--quiet", "--no-sensitivity", *extra])


def _figures(guide: dict) -> dict:
    return {k: guide[k] for k in ("tasks", "case_types", "available_hours")}


@pytest.mark.parametrize("n", [3, 6])
def test_the_flag_and_the_key_write_the_python_calibration(files, n, tmp_path, capsys):
    """The calibrated guide.json is ``calibrate(reference, run_study(...).models)
    .to_guide()``, by ``--calibrate-to`` and by ``inputs.calibrate_to``; the report says
    it is calibrated, and the study as run keeps the key. With 3 local workers no figure
    is pooled (each rests on fewer than 5 of them) and the time available stays the
    reference's; with 6, some are. Of the keyed run only guide.json is read: it writes
    that alone. The key is run with 6 local workers only: it names the same reference as
    the flag does whatever the study's size (the 3 workers' case is the pooling rule's,
    which the flagged run and the Python calibration show), so a keyed run of the 3 workers
    proved the key's reading a second time."""
    local = files[n]
    assert _guide(local, tmp_path / "flag", "--calibrate-to", files["reference"]) in (0, 1)
    flagged = json.loads((tmp_path / "flag" / "guide.json").read_text(encoding="utf-8"))
    keyed = flagged
    if n == 6:
        study = tmp_path / "study.yaml"
        study.write_text(
            "inputs:\n"
            f"  diary: {local['diary']}\n  cases: {local['cases']}\n"
            f"  workers: {local['workers']}\n  calibrate_to: {files['reference']}\n"
            f"out: {tmp_path / 'keyed'}\nn_boot: 19\nsensitivity: false\n"
            "report:\n  formats: [json]\n",
            encoding="utf-8")
        assert main(["guide", "--config", str(study), "--quiet"]) in (0, 1)
        keyed = json.loads((tmp_path / "keyed" / "guide.json").read_text(encoding="utf-8"))
        assert keyed["meta"]["calibrated"] is True
    reference = TimeGuide.from_json(files["reference"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # (the pieces sensitivity is not calibrated: left out, the models are the same)
        models = run_study(local["diary"], local["cases"], local["workers"], n_boot=19,
                           progress=False, sensitivity=False).models
        cal = calibrate(reference, models)
    python = json.loads(cal.to_guide().to_json())
    assert _figures(flagged) == _figures(keyed) == _figures(python)
    assert flagged["meta"]["calibrated"] is True
    assert flagged["meta"]["calibration_min_workers"] == 5
    pooled = (cal.table["weight_local"] > 0) & (cal.table.index.get_level_values(0)
                                                != "available hours per FTE-week")
    ref = json.loads(reference.to_json())
    if n == 3:
        assert not pooled.any()
        assert flagged["available_hours"] == ref["available_hours"]
        assert flagged["case_types"] == [
            {**r, **{k: r2[k] for k in r2 if k.startswith(("event_", "relative_weight"))}}
            for r, r2 in zip(ref["case_types"], flagged["case_types"], strict=True)]
    else:
        assert pooled.any()
    report = (tmp_path / "flag" / "report.md").read_text(encoding="utf-8")
    assert "### Calibration to a reference guide" in report
    assert "fewer than 5 local workers is not pooled" in report
    used = (tmp_path / "flag" / "study.yaml").read_text(encoding="utf-8")
    assert "calibrate_to: " in used  # --config OUT/study.yaml repeats it
    assert "calibrated: the reference guide pooled" in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, "not json", '{"meta": {}}'])
def test_a_reference_that_cannot_be_read_is_one_line(files, content, tmp_path, capsys):
    """Missing, not JSON, or not shaped like a guide: one line naming the file and the
    fix, exit 2, no output folder."""
    bad = tmp_path / "reference.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert _guide(files[6], out, "--calibrate-to", str(bad)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "reference.json" in err[0] and "--calibrate-to" in err[0]
    assert "give the guide.json a `timestudy guide` run wrote" in err[0]
    assert not out.exists() or not any(out.iterdir())


def test_the_calibrated_guide_keeps_the_local_runs_own_meta(files, tmp_path, capsys):
    """review17: the calibrated guide copied the reference's meta whole: its role
    allowances (the method said "asye: 90%" of the reference under ``--role
    social_worker=0.5``), its survey weights, its warnings, fingerprints and team names,
    and no local headline. Now the run's own, as in the local guide: laid over the
    calibrated figures by ``run_study(calibrate_to=...)``. Only guide.json is read: the
    runs write that alone."""
    local = files[6]
    extra = ["--role", "social_worker=0.5", "--caseload", local["cases"]]
    assert _guide(local, tmp_path / "local", *extra, formats="json") in (0, 1)
    assert _guide(local, tmp_path / "cal", *extra, "--calibrate-to", files["reference"],
                  formats="json") in (0, 1)
    own, cal = (json.loads((tmp_path / k / "guide.json").read_text(encoding="utf-8"))["meta"]
                for k in ("local", "cal"))
    assert cal["calibrated"] is True and "calibrated" not in own
    for key in ("role_allowances", "survey_weighted", "published_team_names"):
        assert cal[key] == own[key], key
    reference = json.loads(open(files["reference"], encoding="utf-8").read())["meta"]
    assert cal["data_fingerprint"] not in (reference["data_fingerprint"], own["data_fingerprint"])
    assert cal["role_allowances"]["social_worker"] == 0.5
    assert cal["input_fingerprints"]["diary"] == own["input_fingerprints"]["diary"]
    assert cal["input_fingerprints"]["calibrate_to"]  # the reference file is an input too
    local_messages = {w["message"] for w in own["warnings"]}
    assert local_messages <= {w["message"] for w in cal["warnings"]}
    assert cal["headline"] is not None  # the local caseload and staff against the guide
    assert cal["headline"]["fte_in_post"] == own["headline"]["fte_in_post"]


def test_a_reference_inside_the_output_folder_is_not_replaced(files, tmp_path, capsys):
    """review17: ``--out selfref --calibrate-to selfref/guide.json`` replaced the
    reference with the calibrated guide (exit 0). The reference is an input: one line,
    exit 2, the file as it was."""
    out = tmp_path / "selfref"
    out.mkdir()
    target = out / "guide.json"
    target.write_bytes(open(files["reference"], "rb").read())
    before = target.read_bytes()
    capsys.readouterr()
    assert _guide(files[6], out, "--calibrate-to", str(target)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "guide.json" in err[0]
    assert target.read_bytes() == before


def test_the_local_caseload_is_counted_on_the_local_diarys_last_day(files):
    """The calibrated guide's period is the reference's (a 1-week diary ending 2026-03-06);
    a 3-week local diary ends 2026-03-20. Its headline counted the local cases open on
    the reference's last day: 102 cases, "8 opened after it not counted", against the
    local guide's 105 on 2026-03-20. Now the local day (``meta.caseload_as_of``)."""
    reference = TimeGuide.from_json(files["reference"])
    s = simulate_study(n_workers=6, weeks=3, seed=22)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the headline and the period do not read the pieces sensitivity: not run
        own = run_study(s.diary, s.cases, s.workers, n_boot=19, sensitivity=False).guide
        cal = run_study(s.diary, s.cases, s.workers, n_boot=19, calibrate_to=reference,
                        sensitivity=False).guide
    assert reference.meta["period"][1] < own.meta["period"][1] == "2026-03-20"
    assert cal.meta["caseload_as_of"] == "2026-03-20"
    assert cal.meta["headline"]["n_cases"] == own.meta["headline"]["n_cases"]
    assert cal.meta["headline"]["caseload"] == own.meta["headline"]["caseload"]
