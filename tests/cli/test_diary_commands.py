"""Every command that reads a diary takes the same options; outputs are atomic; exit codes."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.cli import build_parser, main
from timestudy.schema import EXAMPLES

READERS = ("validate", "categorise", "guide", "observe", "pseudonymise", "agreement")


@pytest.mark.parametrize("command", READERS)
def test_every_reading_command_takes_the_same_diary_options(command):
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    options = {s for a in sub.choices[command]._actions for s in a.option_strings}
    assert {"--mapping", "--layout", "--sheet", "--timezone"} <= options


@pytest.mark.parametrize(
    "command", [*READERS, "workload", "simulate", "demo", "template", "taxonomy"]
)
def test_help_documents_the_exit_status(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exit status: 0" in text and " 2 " in text


def test_a_fixed_date_in_the_mapping_dates_a_diary_without_one():
    from timestudy import read_diary

    diary = pd.DataFrame({"worker_id": ["W1", "W1"], "start_time": ["23:00", "00:30"],
                          "end_time": ["00:30", "01:00"], "activity": ["calls", "notes"]})
    mapping = {"defaults": {"date": "2026-03-09"}, "times_before_day_start": "next_day"}
    eps = read_diary(diary, mapping=mapping, warn=False).episodes
    assert eps["start"].tolist() == [pd.Timestamp("2026-03-09 23:00"),
                                     pd.Timestamp("2026-03-10 00:30")]
    assert eps["diary_date"].nunique() == 1 and eps["duration_min"].tolist() == [90.0, 30.0]


def test_a_failed_command_leaves_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("what,when\nx,y\n")
    out = tmp_path / "out"
    assert main(["validate", str(bad), "--out", str(out)]) == 2
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_observe_with_a_mapping_states_its_methods(tmp_path, capsys):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("layout: wombat\ninterruptions: recorded\nmultitasking: recorded\n")
    out = tmp_path / "o"
    code = main(["observe", str(EXAMPLES / "wombat_export.csv"), "--mapping", str(mapping),
                 "--by", "activity_code", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 1  # the timer left running is rejected and left out
    assert "interruptions: recorded (given (recorded))" in printed
    assert "timers left running (rejected): line 18" in printed  # its own line (follow25)
    methods = pd.read_csv(out / "methods.csv").set_index("measure")
    assert methods["method"].tolist() == ["recorded", "recorded"]
    assert "Methods" in (out / "report.html").read_text()


def test_observe_refuses_a_method_the_data_cannot_support(tmp_path, capsys):
    code = main(["observe", str(EXAMPLES / "episodes.csv"), "--multitasking", "recorded",
                 "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "records no multitasking" in err and not (tmp_path / "o").exists()


def test_pseudonymise_finds_the_ids_through_the_layout(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", "k" * 32)
    out = tmp_path / "p"
    assert main(["pseudonymise", str(EXAMPLES / "wombat_export.csv"), "--layout", "wombat",
                 "--out", str(out)]) == 0
    written = pd.read_csv(out / "wombat_export.csv", dtype=str)
    assert not set(written["participant id"]) & {"SW1", "SW4", "SW5"}


def test_guide_for_an_observation_study(tmp_path, capsys, small_study):
    diary = small_study.diary.drop(columns=["case_id"])
    diary.to_csv(tmp_path / "diary.csv", index=False)
    small_study.workers.to_csv(tmp_path / "workers.csv", index=False)
    out = tmp_path / "g"
    # only guide.json and what is printed are read: the run writes guide.json alone
    code = main(["guide", str(tmp_path / "diary.csv"), "--workers", str(tmp_path / "workers.csv"),
                 "--n-boot", "19", "--out", str(out), "--quiet", "--formats", "json"])
    printed = capsys.readouterr().out
    assert code == 0 and "observation study" in printed
    import json

    guide = json.loads((out / "guide.json").read_text())
    assert guide["case_types"] in ([], {}) and guide["tasks"]


def test_validate_names_the_lines_of_long_episodes_kept(tmp_path, capsys):
    diary = tmp_path / "d.csv"
    diary.write_text(
        "worker_id,start,end,activity\n"
        "W1,2026-03-09T09:00,2026-03-09T10:00,calls\n"
        "W1,2026-03-10T06:00,2026-03-10T19:30,court\n"  # 13.5 h: over the 12 h default
        "W2,2026-03-09T09:00,2026-03-09T17:00,notes\n"
    )
    assert main(["validate", str(diary)]) == 0
    printed = capsys.readouterr().out
    assert "long episodes kept (flagged long_episode): line 3" in printed
    diary.write_text("worker_id,start,end,activity\nW1,2026-03-09T09:00,2026-03-09T10:00,calls\n")
    assert main(["validate", str(diary)]) == 0
    assert "long episodes kept" not in capsys.readouterr().out
