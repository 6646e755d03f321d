"""A run whose outputs would replace one of its own files is refused before any work.

Before: ``timestudy guide --config OUT/study.yaml`` (the rerun the written study file's own
header describes, its ``out`` being ``.``) and ``--calibrate-to OUT/guide.json --out OUT``
read, categorised and modelled the whole diary, then were refused as the outputs moved in.
"""

from __future__ import annotations

import pytest

import timestudy.pipeline
from timestudy._lib.atomic import OutputRefused, forget_inputs
from timestudy.cli import main
from timestudy.errors import ConfigError
from timestudy.study import read_study, run_study_file


@pytest.fixture
def never_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the study was run before the refusal")

    monkeypatch.setattr(timestudy.pipeline, "run_study", refuse)
    forget_inputs()
    yield
    forget_inputs()


def _study_file(folder, **extra) -> None:
    (folder / "diary.csv").write_text("worker_id,start,end,activity\n")
    (folder / "workers.csv").write_text("worker_id,fte\nW1,1\n")
    lines = [
        "inputs:",
        "  diary: diary.csv",
        "  workers: workers.csv",
        *(f"  {k}: {v}" for k, v in extra.items()),
        "report:",
        "  formats: [json]",
        "out: .",
    ]
    (folder / "study.yaml").write_text("\n".join(lines) + "\n")


def test_a_study_file_run_into_its_own_folder_is_refused_at_once(tmp_path, never_run):
    _study_file(tmp_path)
    before = (tmp_path / "study.yaml").read_text()
    with pytest.raises(OutputRefused, match="study.yaml is an input of this run"):
        run_study_file(read_study(tmp_path / "study.yaml"))
    assert (tmp_path / "study.yaml").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.csv", "study.yaml", "workers.csv"]


def test_calibrating_to_the_guide_about_to_be_written_is_refused_at_once(tmp_path, never_run):
    (tmp_path / "guide.json").write_text("{}")
    _study_file(tmp_path, calibrate_to="guide.json")
    study = read_study(tmp_path / "study.yaml").override(out=str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "study.yaml").write_text("x")  # not an input: no refusal
    with pytest.raises(OutputRefused, match="guide.json is an input of this run"):
        run_study_file(study.override(out=str(tmp_path)))
    # elsewhere: not refused as an output; "{}" is then refused as no guide, also before
    # the run (fix34r: the reference read before the diary)
    with pytest.raises(ConfigError, match="is not shaped like a guide.json"):
        run_study_file(study)


def test_the_command_says_so_in_one_line(tmp_path, never_run, capsys):
    _study_file(tmp_path)
    assert main(["guide", "--config", str(tmp_path / "study.yaml"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "timestudy guide: error: study.yaml is an input of this run: an output "
        "would overwrite it; give --out another folder"
    ]


def test_the_written_study_file_gives_the_rerun_it_allows():
    from timestudy.study import study_template

    assert "#   timestudy guide --config study.yaml\n" in study_template()
    used = study_template("timestudy guide --config study.yaml --out another_folder")
    assert "#   timestudy guide --config study.yaml --out another_folder\n" in used


def test_the_study_as_run_says_to_rerun_it_elsewhere(tmp_path):
    from timestudy.study.run import _write_used

    _study_file(tmp_path)
    study = read_study(tmp_path / "study.yaml")
    text = _write_used(study, tmp_path / "used.yaml", tmp_path).read_text()
    assert "#   timestudy guide --config study.yaml --out another_folder\n" in text
    assert read_study(tmp_path / "used.yaml").diary == study.diary
