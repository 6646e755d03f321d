"""``timestudy guide``, ``timestudy workload`` and ``timestudy demo``: exit codes and outputs."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from timestudy import simulate_study
from timestudy.cli import main

OUTPUTS = ["guide.json", "guide.xlsx", "report.html", "report.md", "data_quality.json"]
DOCUMENTS = ["report.docx", "report.pdf", "study.yaml"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A small study on disk, clean and with faults."""
    root = tmp_path_factory.mktemp("study")
    clean = simulate_study(n_workers=10, weeks=1, seed=8).write(root / "clean")
    faulty = simulate_study(n_workers=10, weeks=1, seed=8, faults=0.02).write(root / "faulty")
    return clean, faulty


def _guide(files, out, *extra, formats="json,xlsx,html,md"):
    return main(
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
            "49",
            "--quiet",
            *(["--formats", formats] if formats else []),
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def uplifted(files, tmp_path_factory):
    """The clean study's guide with the example uplifts, every format, written once: the
    folder and what the command printed."""
    out = tmp_path_factory.mktemp("guide")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = _guide(
            files[0], out, "--adjustments", "data_schema/examples/adjustments.yaml", formats=None
        )
    assert code == 0  # every format
    return out, printed.getvalue()


@pytest.fixture(scope="module")
def guide_dir(uplifted):
    return uplifted[0]


def test_guide_writes_every_output(guide_dir, capsys):
    for name in OUTPUTS + DOCUMENTS:
        assert (guide_dir / name).stat().st_size > 0, name
    raw = json.loads((guide_dir / "guide.json").read_text())
    assert raw["adjustments"]["method"] == "expert_panel"
    assert raw["meta"]["n_boot"] == 49


@pytest.fixture(scope="module")
def rejected(files, tmp_path_factory):
    """The faulty study's guide (no uplifts), written once: its exit code, folder and what
    the command printed to stdout and stderr."""
    out = tmp_path_factory.mktemp("rejected")
    with (
        contextlib.redirect_stdout(io.StringIO()) as printed,
        contextlib.redirect_stderr(io.StringIO()) as errors,
    ):
        code = _guide(files[1], out, "--no-sensitivity")  # (not read here)
    return code, out, printed.getvalue(), errors.getvalue()


def test_guide_prints_a_summary(rejected, uplifted):
    """The summary of a run without uplifts (``rejected``'s: the faulty study's, which
    writes report.html among its files) and of one with them (``uplifted``'s, printed
    once); report.html is the file the summary names to open first."""
    _, tmp_path, out, _ = rejected
    # no uplifts given: the should figures are the measured ones, and the summary says so
    assert "rows read" in out and "hours per case-month (measured; no uplifts were given)" in out
    assert "(should" not in out
    assert f"open first: {tmp_path / 'report.html'}" in out.splitlines()
    assert "hours per case-month (should, with uplifts)" in uplifted[1]


def test_guide_exits_1_when_rows_were_rejected(rejected):
    code, tmp_path, _, err = rejected
    assert code == 1
    assert "rejected" in err and "timestudy validate" in err
    assert all((tmp_path / n).exists() for n in OUTPUTS)
    quality = json.loads((tmp_path / "data_quality.json").read_text())
    assert quality["n_rejected"] > 0 and quality["rejected_by_reason"]


def test_guide_exits_2_on_a_missing_file_or_bad_option(files, tmp_path, capsys):
    bad = dict(files[0], diary=tmp_path / "nope.csv")
    assert _guide(bad, tmp_path / "a") == 2
    assert "nope.csv" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # refused by the option's argparse type
        _guide(files[0], tmp_path / "b", "--min-workers", "0")
    assert exc.value.code == 2 and "--min-workers: 0 is not allowed" in capsys.readouterr().err
    assert not (tmp_path / "b" / "guide.json").exists()
    assert _guide(files[0], tmp_path / "c", "--adjustments", str(files[0]["cases"])) == 2


def test_guide_min_workers_suppresses(files, tmp_path):
    # guide.json is read; every format of a suppressed guide: tiny_outputs (tests/report)
    assert (
        _guide(files[0], tmp_path, "--min-workers", "50", "--no-sensitivity", formats="json") == 0
    )
    raw = json.loads((tmp_path / "guide.json").read_text())
    assert all(c["hours_per_case_month"] is None for c in raw["case_types"])


def test_workload_writes_statements(files, guide_dir, tmp_path, capsys):
    args = [
        "workload",
        "--guide",
        str(guide_dir / "guide.json"),
        "--caseload",
        str(files[0]["cases"]),
        "--workers",
        str(files[0]["workers"]),
        "--out",
        str(tmp_path),
        "--date",
        "2026-04-01",
    ]
    assert main(args) == 0
    assert "10 workload statement(s)" in capsys.readouterr().out
    assert len(list(tmp_path.glob("statement_*.html"))) == 10
    assert len(list(tmp_path.glob("statement_*.md"))) == 10
    one = tmp_path / "one"
    assert main([*args[:-4], "--out", str(one), "--worker", "W003", "--use-multipliers"]) == 0
    assert [p.name for p in one.glob("*.html")] == ["statement_W003.html"]
    assert "complexity multipliers" in (one / "statement_W003.md").read_text()


def test_workload_exits_2_on_an_unknown_worker_or_guide(files, guide_dir, tmp_path, capsys):
    base = [
        "workload",
        "--guide",
        str(guide_dir / "guide.json"),
        "--caseload",
        str(files[0]["cases"]),
        "--out",
        str(tmp_path),
    ]
    assert main([*base, "--worker", "W999"]) == 2
    assert "W999" in capsys.readouterr().err
    assert (
        main(
            [
                "workload",
                "--guide",
                str(files[0]["cases"]),
                "--caseload",
                str(files[0]["cases"]),
                "--out",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert not list(tmp_path.glob("*.html"))


def test_demo_runs_the_whole_pipeline(tmp_path, capsys):
    code = main(
        [
            "demo",
            "--out",
            str(tmp_path),
            "--workers",
            "8",
            "--weeks",
            "1",
            "--n-boot",
            "49",
            "--quiet",
        ]
    )
    assert code == 0
    for name in ("diary.csv", "cases.csv", "workers.csv", "truth.json"):
        assert (tmp_path / "data" / name).exists()
    for name in OUTPUTS:
        assert (tmp_path / name).exists()
    raw = json.loads((tmp_path / "guide.json").read_text())
    assert raw["adjustments"] is not None
    assert len(list((tmp_path / "statements").glob("*.html"))) == 8
    assert "illustrative" in capsys.readouterr().out


def test_a_suppressed_figure_is_printed_without_a_unit():
    """Audit: the summary printed 'PROCEEDINGS suppressed h'."""
    from timestudy.cli.guide import _hours

    assert _hours(None) == "suppressed" and _hours(float("nan")) == "suppressed"
    assert _hours(22.96) == "23.0 h"
