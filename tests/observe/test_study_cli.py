"""observation_study, the generated WOMBAT example, and ``timestudy observe`` (the modules' examples run in tests/test_docstrings.py)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.cli import main
from timestudy.observe import observation_study
from timestudy.schema import EXAMPLES
from timestudy.simulate.observation import observation_example


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("wombat") / "observations.csv"
    observation_example(n_workers=3, sessions=2, paired=2, seed=4).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def study(export):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eps = categorise(read_diary(export, layout="wombat", warn=False).episodes)
    return eps, observation_study(eps, source="observations.csv", min_workers=1)  # 3 workers


def test_example_reads_as_wombat(export):
    raw = pd.read_csv(export)
    assert {"Interrupted By", "Multi With", "[With Whom] Child"} <= set(raw.columns)
    r = read_diary(export, layout="wombat", warn=False)
    assert r.report.n_rejected == 0 and r.report.n_accepted == len(raw)
    assert {"session_id", "observer", "interrupted_by", "secondary_activity"} <= set(
        r.episodes.columns
    )


def test_study_counts_shared_time_once(study):
    """The simulated second observer starts seconds before the first and ends after, so
    each pair's common window (all of the first session) is counted from the second.
    Session a of a pair is the one that started first (never the lower observer id), so
    here the second observer's, the one kept."""
    eps, s = study
    assert len(s.pairs) == 2 and s.agreement is not None
    kept = set(s.multitasking.by_stream["session_id"])
    assert set(s.pairs["session_a"]) <= kept and not set(s.pairs["session_b"]) & kept
    summary = s.summary()["value"]
    assert 0 <= summary["share_multitasking"] <= 1
    assert summary["paired_sessions"] == 2 and "kappa_slices_1s" in summary


def test_report_is_self_contained_without_comments(study, tmp_path):
    _, s = study
    paths = s.write(tmp_path / "out", internal=tmp_path / "internal")
    html = paths["report"].read_text()
    assert html.count("data:image/png;base64,") == 6
    assert "visit notes" not in html  # the observers' comments never reach the report
    assert "<script" not in html and "http" not in html
    assert "Length-biased" in html
    assert pd.read_csv(paths["time_budget"]).shape[0] > 0
    assert {"multitasking", "interruptions", "tempogram", "agreement"} <= set(paths)
    assert "agreement_pairs" not in paths and "internal/agreement_pairs" in paths


def test_cli(export, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["observe", str(export), "--layout", "wombat", "--slot", "10", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "share_multitasking" in printed and "kappa_slices_1s" in printed
    assert (out / "report.html").exists() and (out / "tempogram.csv").exists()
    slots = pd.read_csv(out / "tempogram.csv")["slot"]
    assert (pd.to_datetime(slots, format="%H:%M").dt.minute % 10 == 0).all()


def test_cli_on_shipped_example_and_errors(tmp_path, capsys):
    assert main(["observe", str(EXAMPLES / "wombat.csv"), "--out", str(tmp_path / "a")]) == 0
    assert "paired_sessions" in capsys.readouterr().out
    assert (
        main(["observe", str(EXAMPLES / "wombat.csv"), "--slot", "7", "--out", str(tmp_path)]) == 2
    )
    err = capsys.readouterr().err
    assert "`slot` must be a whole number" in err and len(err.strip().splitlines()) == 1
    assert main(["observe", str(tmp_path / "missing.csv"), "--out", str(tmp_path)]) == 2


def test_cli_with_three_observers(tmp_path, capsys):
    # OBS3 shadowed each worker's first session; OBS4 shadows it too, calling every fifth
    # task travel. Three joint sessions of three observers each.
    raw = observation_example(n_workers=3, sessions=1, paired=3, seed=4)
    fourth = raw[raw["Observer"] == "OBS3"].assign(Observer="OBS4")
    fourth["Session ID"] = fourth["Session ID"].str.replace("S9", "S8")
    fourth.loc[fourth.index[::5], "What (Work Tasks)"] = "Travel"
    path = tmp_path / "three.csv"
    pd.concat([raw, fourth]).to_csv(path, index=False)
    assert main(["observe", str(path), "--layout", "wombat", "--out", str(tmp_path / "o")]) == 0
    printed = capsys.readouterr().out
    assert "fleiss_kappa_slices_1s" in printed and "observers_per_joint_session" in printed
    pairwise = pd.read_csv(tmp_path / "o" / "multi_agreement_pairwise.csv")
    assert len(pairwise.groupby(["observer_a", "observer_b"])) == 5
    stats = pd.read_csv(tmp_path / "o" / "multi_agreement.csv").set_index("measure")
    assert stats.loc["slices_1s", "joint_sessions"] == 3
    assert stats.loc["slices_1s", "ci_low"] < stats.loc["slices_1s", "estimate"]
    assert "Agreement of several observers" in (tmp_path / "o" / "report.html").read_text()


def test_cli_with_a_workers_table(tmp_path, capsys, small_study):
    small_study.diary.to_csv(tmp_path / "diary.csv", index=False)
    small_study.workers.to_csv(tmp_path / "workers.csv", index=False)
    args = ["observe", str(tmp_path / "diary.csv"), "--group", "team", "--out", str(tmp_path / "o")]
    assert main(args) == 2
    assert "--workers FILE" in capsys.readouterr().err
    assert main([*args, "--workers", str(tmp_path / "workers.csv")]) == 0
    budget = pd.read_csv(tmp_path / "o" / "time_budget.csv")
    teams = set(budget["team"]) - {"all"}  # published by letter, never by name
    assert len(teams) == small_study.workers["team"].nunique()
    assert all(t.startswith("Team ") for t in teams)


def test_hostile_labels_are_escaped_and_neutralised(make, tmp_path):
    # A category that tries to inject a script into the HTML or a formula into a spreadsheet.
    hostile = ["<script>alert(1)</script>", '=HYPERLINK("http://x")', "recording"]
    eps = make(
        [
            ("A", "09:00", "09:30", hostile[0]),
            ("A", "09:30", "10:00", hostile[1]),
            ("A", "10:00", "10:30", hostile[2]),
        ]
    )
    s = observation_study(eps, source="<b>file</b>")
    paths = s.write(tmp_path)  # its report.html is to_html(), drawn once
    html = paths["report"].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>file" not in html
    assert "<script>" not in s.multitasking._repr_html_()
    text = paths["multitasking"].read_text()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert pd.read_csv(paths["multitasking"])["category"].iloc[-1] == "all"
