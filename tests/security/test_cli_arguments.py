"""Every numeric and date option is checked by its argparse type, with a clear message and no
traceback (issue 19, failure 9 and deliverable 8).

Before the fix, ``simulate --workers 0``, ``--weeks 0`` and a ``--start`` that is not a
Monday or not a date printed tracebacks, and negative or zero ``--rows``, ``--window``
and ``--faults`` were accepted. Each option of each command is tried with hostile
values in a fresh process: exit 2, argparse's usage line and one error line naming the
option, never a traceback, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import run_clis

EXAMPLES = Path(__file__).parents[2] / "data_schema" / "examples"
HOSTILE = ["0", "-1", "nan", "inf", "1e999", "x", "", "99999999999999999999"]
DATES = ["2026-03-03", "notadate", "3026-03-02", "0001-01-01", "2026-02-30", "02/03/2026"]
#: command prefix, option, values that must be refused
OPTIONS = [
    (["simulate", "--out", "{tmp}/s"], "--workers", HOSTILE),
    (["simulate", "--out", "{tmp}/s"], "--weeks", HOSTILE),
    (["simulate", "--out", "{tmp}/s"], "--seed", ["-1", "x", "1.5", "99999999999999999999"]),
    (["simulate", "--out", "{tmp}/s"], "--faults", ["-0.1", "1", "1.5", "nan", "x"]),
    (["simulate", "--out", "{tmp}/s"], "--start", DATES),
    (["demo", "--out", "{tmp}/d"], "--workers", ["0", "-3", "x"]),
    (["demo", "--out", "{tmp}/d"], "--n-boot", ["0", "-5", "x"]),
    (["template", "--out", "{tmp}/t.xlsx"], "--rows", ["0", "-5", "x", "1e9"]),
    (["observe", str(EXAMPLES / "wombat.csv"), "--out", "{tmp}/o"], "--window",
     ["0", "-60", "nan", "x"]),
    (["observe", str(EXAMPLES / "wombat.csv"), "--out", "{tmp}/o"], "--slot", ["0", "-15", "x"]),
    (["observe", str(EXAMPLES / "wombat.csv"), "--out", "{tmp}/o"], "--resume-within",
     ["-1", "nan", "x"]),
    (["guide", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/g"], "--min-workers",
     ["0", "-1", "x"]),
    (["guide", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/g"], "--n-boot", ["0", "x"]),
    (["guide", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/g"], "--level",
     ["0", "1", "95", "-0.5", "nan"]),
    (["guide", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/g"], "--leave-days",
     ["-1", "400", "nan"]),
    (["guide", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/g"], "--contracted-hours",
     ["0", "-37", "200", "inf"]),
    (["categorise", str(EXAMPLES / "episodes.csv"), "--out", "{tmp}/c.csv"], "--top",
     ["-1", "x"]),
    (["agreement", str(EXAMPLES / "episodes.csv"), "--manual", "task_type"], "--level",
     ["0", "1", "x"]),
    (["workload", "g.json", "c.csv", "--out", "{tmp}/w"], "--date", DATES[1:]),
]


def _cases(tmp: Path):
    for prefix, option, values in OPTIONS:
        for value in values:
            yield [a.format(tmp=tmp) for a in prefix] + [f"{option}={value}"], option


def test_every_hostile_option_value_is_refused_in_one_clear_line(tmp_path, capsys):
    from timestudy.cli import main

    for args, option in _cases(tmp_path):
        capsys.readouterr()
        with pytest.raises(SystemExit) as exc:  # any other exception fails the test
            main(args)
        err = capsys.readouterr().err
        assert exc.value.code == 2, (args, err)
        assert "Traceback" not in err, (args, err)
        last = err.strip().splitlines()[-1]
        assert last.startswith(f"timestudy {args[0]}: error: argument {option}"), (args, last)
        assert "give" in last or "use" in last, (args, last)
    assert not any(tmp_path.iterdir()), "nothing is written for a refused option"


def test_as_a_program_the_issue_examples_print_no_traceback(tmp_path):
    commands = [["simulate", "--workers", "0", "--out", tmp_path / "a"],
                ["simulate", "--start", "2026-03-03", "--out", tmp_path / "b"],
                ["template", "--rows", "-5", "--out", tmp_path / "t.xlsx"]]
    for run in run_clis(commands):
        assert run.code == 2 and "Traceback" not in run.err, run.err
        lines = run.err.strip().splitlines()
        assert lines[0].startswith("usage: timestudy ") and ": error: argument --" in lines[-1]
        assert all(line.startswith(" ") for line in lines[1:-1])  # only the usage wraps
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "0 is not allowed: give a whole number from 1 to 10000"),
        (["--weeks", "0"], "0 is not allowed: give a whole number from 1 to 104"),
        (["--start", "2026-03-03"], "2026-03-03 is a Tuesday: give a Monday, such as 2026-03-02"),
        (["--start", "next week"], "'next week' is not a date: use ISO 8601 like 2026-03-02"),
        (["--faults", "-0.5"], "-0.5 is not allowed: give a number of at least 0 and below 1"),
    ],
)
def test_simulate_says_what_is_wrong(args, message, tmp_path, capsys):
    from timestudy.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["simulate", *args, "--out", str(tmp_path / "s")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_good_values_still_run(tmp_path, capsys):
    from timestudy.cli import main

    assert main(["simulate", "--workers", "2", "--weeks", "1", "--start", "2026-03-09",
                 "--faults", "0", "--out", str(tmp_path / "s")]) == 0
    assert "2026-03-09" in (tmp_path / "s" / "diary.csv").read_text()
