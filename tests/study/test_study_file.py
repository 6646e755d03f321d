"""The study file: `timestudy init`, `timestudy guide --config`, flags over keys, the schema's
errors, and reproducible guides (same inputs and seed: the same guide.json and warnings)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from timestudy.cli import build_parser, main
from timestudy.errors import ConfigError
from timestudy.run_warnings import publishable
from timestudy.simulate import simulate_study
from timestudy.study import KEYS, Study, read_study, study_schema, study_template

ADJUSTMENTS = """\
source: test panel
method: expert_panel
uplifts:
  task_types:
    statutory_visit: 1.2
    statutory_vist: 1.5
"""


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory):
    """A small simulated study with a study file (and uplifts with one misspelt task)."""
    folder = tmp_path_factory.mktemp("study")
    simulate_study(n_workers=12, weeks=2, seed=1).write(folder / "data")
    (folder / "uplifts.yaml").write_text(ADJUSTMENTS)
    assert main(["init", str(folder / "study.yaml"), "--diary", "data/diary.csv",
                 "--cases", "data/cases.csv", "--workers", "data/workers.csv"]) == 0
    text = (folder / "study.yaml").read_text()
    text = text.replace("uplifts: null", "uplifts: uplifts.yaml").replace("n_boot: 999",
                                                                          "n_boot: 49")
    text = text.replace("formats: [json, xlsx, html, md, docx, pdf]", "formats: [json, md]")
    (folder / "study.yaml").write_text(text)
    return folder


def _guide_text(path) -> str:
    raw = json.loads(path.read_text())
    raw["meta"]["created"] = "-"
    return json.dumps(raw, indent=2)


def test_init_writes_a_commented_study_file(study_dir, capsys):
    text = (study_dir / "study.yaml").read_text()
    assert text.startswith("# timestudy study file")
    for key in ("annual_leave_days: 27  # --leave-days", "bank_holidays: null", "sickness_days: 8",
                "training_days: 0", "other_days: 0", "asye: 0.9", "min_workers: 5",
                "reference_case_type: null", "level: 0.95", "seed: 0"):
        assert key in text, key
    assert main(["init", str(study_dir / "study.yaml")]) == 2  # never overwritten silently
    assert "--force" in capsys.readouterr().err


def test_every_guide_option_has_a_key_and_a_default():
    guide = build_parser()._subparsers._group_actions[0].choices["guide"]
    dests = {a.dest for a in guide._actions} - {"help", "config", "func"}
    dests = {("progress" if d == "quiet" else d) for d in dests}
    assert dests == set(KEYS)
    for dotted in KEYS.values():
        node = study_schema()
        for part in dotted.split("."):
            node = node["properties"][part]
        assert "description" in node and "x-flag" in node, dotted


def test_reproducible_guide_and_warnings(study_dir, capsys):
    """Twice from the same file: byte-identical guide.json apart from its creation time, the
    same warnings, each explained in the report's method section."""
    outs, errs = [], []
    for run in ("a", "b"):
        code = main(["guide", "--config", str(study_dir / "study.yaml"), "--quiet",
                     "--out", str(study_dir / run)])
        assert code == 0
        captured = capsys.readouterr()
        outs.append(captured.out)
        errs.append([line for line in captured.err.splitlines() if "warning" in line])
    assert _guide_text(study_dir / "a" / "guide.json") == _guide_text(study_dir / "b" / "guide.json")
    assert errs[0] == errs[1] and any("statutory_vist" in e for e in errs[0])
    meta = json.loads((study_dir / "a" / "guide.json").read_text())["meta"]
    assert [w["message"] for w in meta["warnings"]] == [  # as published: amounts of time out
        publishable(e.split("warning: ", 1)[1]) for e in errs[0]]
    md = (study_dir / "a" / "report.md").read_text()
    method = md[md.index("Method, assumptions"):]
    assert "statutory\\_vist" in method and "What to do:" in method  # escaped Markdown
    assert outs[0].strip().splitlines()[-1] == f"open first: {study_dir / 'a' / 'report.md'}"
    assert (study_dir / "a" / "study.yaml").exists()  # the study as run, to repeat it


@pytest.fixture(scope="module")
def flagged(study_dir):
    """The exit code of ``timestudy guide --config`` with flags over two keys (the leave
    days and a role), its outputs in ``c``: run once for the two tests that read them."""
    return main(["guide", "--config", str(study_dir / "study.yaml"), "--quiet", "--out",
                 str(study_dir / "c"), "--leave-days", "30", "--role", "asye=0.5",
                 "--formats", "json"])


def test_flags_override_keys(study_dir, flagged, capsys):
    code = flagged
    assert code == 0
    meta = json.loads((study_dir / "c" / "guide.json").read_text())["meta"]
    assert meta["available_assumptions"]["leave_days"] == 30
    assert meta["available_assumptions"]["bank_holidays"] == 8  # England and Wales: the default list
    assert meta["role_allowances"] == {"asye": 0.5}
    assert sorted(p.name for p in (study_dir / "c").iterdir()) == [
        "data_quality.json", "guide.json", "study.yaml"]
    capsys.readouterr()
    used = read_study(study_dir / "c" / "study.yaml")
    assert used.leave_days == 30 and used.roles == {"asye": 0.5} and used.n_boot == 49
    # the published study file names its inputs relative to itself, never by absolute path
    # (a home folder can name a person), and still finds them
    text = (study_dir / "c" / "study.yaml").read_text()
    assert str(study_dir.resolve()) not in text and "diary: ../" in text
    given = read_study(study_dir / "study.yaml")
    for name in ("diary", "cases", "workers"):
        assert Path(getattr(used, name)).resolve() == Path(getattr(given, name)).resolve()
    assert Path(used.out).resolve() == (study_dir / "c").resolve()


def test_errors_name_the_key_and_the_fix(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("available_time:\n  annual_leave_day: 27\n  sickness_days: many\n"
                    "level: 2\nroles:\n  asye: high\n")
    with pytest.raises(ConfigError) as err:
        read_study(path)
    message = str(err.value)
    assert "4 problem(s)" in message
    assert re.search(r"unknown key\(s\) `annual_leave_day` \(did you mean `annual_leave_days`\?\)"
                     r" under `available_time`", message)
    assert ("`available_time.sickness_days` (--sickness-days): 'many' is not of type 'number'"
            in message)
    assert "Sickness absence days a year" in message  # what the key means: the fix
    assert "`level`" in message and "`roles.asye`" in message


def test_bad_yaml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="timestudy init"):
        read_study(tmp_path / "none.yaml")
    (tmp_path / "bad.yaml").write_text("inputs: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        read_study(tmp_path / "bad.yaml")


def test_the_template_is_a_valid_study_file_with_the_defaults(tmp_path):
    (tmp_path / "study.yaml").write_text(study_template())
    s = read_study(tmp_path / "study.yaml")
    assert s.leave_days == 27 and s.roles == {"asye": 0.9} and s.bands == (0.95, 1.0, 1.1)
    assert s.diary == str((tmp_path / "data" / "diary.csv").resolve())
    assert Study.from_options().to_dict()["available_time"]["annual_leave_days"] == 27


def test_guide_without_inputs_says_what_to_do(capsys, tmp_path):
    assert main(["guide", "--out", str(tmp_path)]) == 2
    assert "timestudy init" in capsys.readouterr().err


def test_flags_are_checked_too(capsys, study_dir):
    with pytest.raises(SystemExit) as exc:  # each flag's own argparse type refuses it first
        main(["guide", "--config", str(study_dir / "study.yaml"), "--level", "3",
              "--sickness-days", "-1"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --level: 3 is not allowed: give a number above 0 and below 1" in err


def test_team_names_are_published_only_from_the_allow_list(study_dir, capsys):
    """--team-names (report.team_names) lets the report show those teams by name; every other
    team stays Team A, Team B... (a team name can hold a person's name)."""
    code = main(["guide", "--config", str(study_dir / "study.yaml"), "--quiet", "--out",
                 str(study_dir / "teams"), "--team-names", "East,West", "--min-workers", "3"])
    assert code == 0
    capsys.readouterr()
    md = (study_dir / "teams" / "report.md").read_text()
    assert "East" in md and "West" in md
    for hidden in ("Central", "South", "North", "Disabled Children"):
        assert hidden not in md, hidden
    table = md[md.index("**Staff needed by team**"):].split("\n\n")[1]
    assert "| East |" in table and "| West |" in table and "| other teams (pooled) |" in table
    assert "| all teams (total) |" in table
    meta = json.loads((study_dir / "teams" / "guide.json").read_text())["meta"]
    assert meta["published_team_names"] == ["East", "West"]
    used = read_study(study_dir / "teams" / "study.yaml")
    assert used.team_names == ("East", "West")


def test_should_fits_the_guides_models_from_the_study_file(study_dir, flagged, monkeypatch):
    """Review of the stop: ``timestudy should --config`` rebuilt run_study's arguments
    without the roles, so its models (standards met per case, intervals) came from other
    hours for casework than the guide's. Both now take Study.model_arguments. The study
    file is the one the guide with the role flag wrote (``flagged``, its leave days flagged
    too: one more argument that must come through the same)."""
    import timestudy.pipeline as pipeline
    from timestudy.cli.should import _models

    assert flagged == 0
    seen = {}
    real = pipeline.run_study

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run_study", spy)
    _models(str(study_dir / "c" / "study.yaml"))
    assert seen["roles"] == {"asye": 0.5}
    assert seen == read_study(study_dir / "c" / "study.yaml").model_arguments()
