"""The categorise, agreement and taxonomy commands."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from timestudy.cli import main


@pytest.fixture()
def diary_csv(small_study, tmp_path):
    path = tmp_path / "diary.csv"
    small_study.diary.to_csv(path, index=False)
    return path


def test_categorise_command_writes_table_and_report(diary_csv, tmp_path, capsys):
    out = tmp_path / "out" / "categorised.parquet"
    assert (
        main(
            [
                "categorise",
                str(diary_csv),
                "--taxonomy",
                "uk_children_social_work",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "share of time categorised" in printed and str(out) in printed
    table = pd.read_parquet(out)
    assert {"task_type", "category", "rule"} <= set(table.columns)
    assert (table["task_type"] == table["true_task_type"]).mean() > 0.97
    report = json.loads((out.parent / "categorised_coverage.json").read_text())
    assert report["summary"]["share of time categorised"] > 0.97
    assert (out.parent / "categorised_coverage.html").exists()


def test_categorise_default_output_name_and_csv(diary_csv, capsys):
    assert main(["categorise", str(diary_csv)]) == 0
    table = pd.read_csv(diary_csv.with_name("diary_categorised.csv"), dtype=str)
    original = pd.read_csv(diary_csv, dtype=str)
    assert table["start"].tolist() == original["start"].tolist()  # passed through unchanged


def test_categorise_command_errors(diary_csv, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "name": "bad",
                "categories": [{"id": "a", "label": "A", "counts_as_work": True}],
                "task_types": [{"id": "t", "label": "T", "category": "b", "patterns": ["x"]}],
            }
        )
    )
    assert main(["categorise", str(diary_csv), "--taxonomy", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "unknown category 'b'" in err and len(err.splitlines()) == 1
    assert main(["categorise", str(tmp_path / "none.csv")]) == 2
    assert main(["categorise", str(diary_csv), "--out", str(tmp_path / "x.txt")]) == 2
    assert "unsupported file type '.txt'" in capsys.readouterr().err


def test_agreement_command(diary_csv, tmp_path, capsys):
    assert (
        main(
            [
                "agreement",
                str(diary_csv),
                "--manual",
                "true_task_type",
                "--out",
                str(tmp_path / "agree"),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "kappa" in printed and "heatmap_category" in printed
    summary = pd.read_csv(tmp_path / "agree" / "agreement_summary.csv", index_col=0)
    assert summary.loc["task_type", "estimate"] > 0.97
    assert summary.loc["task_type", "statistic"] == "cohen_kappa"
    assert main(["agreement", str(diary_csv), "--manual", "nope"]) == 2


def test_taxonomy_command(tmp_path, capsys):
    assert main(["taxonomy", "healthcare_observation", "--check"]) == 0
    assert "wrong: 0" in capsys.readouterr().out
    custom = tmp_path / "t.yaml"
    custom.write_text(
        yaml.safe_dump(
            {
                "name": "t",
                "categories": [{"id": "a", "label": "A", "counts_as_work": True}],
                "task_types": [
                    {
                        "id": "t",
                        "label": "T",
                        "category": "a",
                        "patterns": ["visit"],
                        "examples": ["a visit", "emails"],
                    }
                ],
            }
        )
    )
    assert main(["taxonomy", str(custom), "--check"]) == 1
    assert "WRONG 'emails': expected t, got uncategorised" in capsys.readouterr().out
