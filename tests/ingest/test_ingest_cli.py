"""``timestudy validate`` and ``timestudy template``: outputs, exit codes, never a traceback."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.schema import EXAMPLES


def test_validate_clean_file_writes_outputs_and_exits_0(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "validate",
            str(EXAMPLES / "episodes.csv"),
            "--workers",
            str(EXAMPLES / "workers.csv"),
            "--cases",
            str(EXAMPLES / "cases.csv"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "episodes.csv: 25 rows read (csv, layout canonical): 25 accepted, 0 rejected" in printed
    eps = pd.read_parquet(out / "episodes.parquet")
    assert len(eps) == 25 and eps["start"].dtype.kind == "M"
    report = json.loads((out / "ingest_report.json").read_text())
    assert {k: report[k] for k in ("n_read", "n_accepted", "n_rejected", "n_duplicates")} == {
        "n_read": 25,
        "n_accepted": 25,
        "n_rejected": 0,
        "n_duplicates": 0,
    }
    assert pd.read_csv(out / "rejects.csv").empty
    html = (out / "quality.html").read_text()
    assert "Recorded hours per worker-day" in html and "W003" in html


def test_validate_with_rejects_exits_1_with_one_line_message(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["validate", str(EXAMPLES / "episodes_with_errors.csv"), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "line 4: start '2026-03-09T25:70:00' has an impossible time of day" in captured.out
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "episodes_with_errors.csv: 5 of 13 rows rejected" in err[0]
    rejects = pd.read_csv(out / "rejects.csv")
    assert rejects["source_row"].tolist() == [4, 5, 6, 8, 9]
    report = json.loads((out / "ingest_report.json").read_text())
    assert report["n_duplicates"] == 1
    assert report["rejected_by_reason"]["missing_end"] == 1
    assert "Why rows were rejected" in (out / "quality.html").read_text()


def test_validate_with_mapping_and_layout_options(tmp_path, capsys):
    code = main(
        [
            "validate",
            str(EXAMPLES / "episodes_local.csv"),
            "--mapping",
            str(EXAMPLES / "mapping.yaml"),
            "--layout",
            "split",
        ]
    )
    assert code == 0
    assert "6 accepted" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "file not found"),
        ([str(EXAMPLES / "cases.csv")], "cannot tell how this diary is laid out"),
        (
            [str(EXAMPLES / "episodes_split.csv"), "--mapping", "nowhere.yaml"],
            "mapping file not found",
        ),
        ([str(EXAMPLES / "episodes.csv"), "--timezone", "Mars/Olympus"], "not a known time zone"),
        (
            [str(EXAMPLES / "episodes.csv"), "--workers", str(EXAMPLES / "cases.csv")],
            "needs the column",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code = main(["validate", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("timestudy validate: error:") and message in err[0]


def test_unwritable_out_is_exit_2(tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    code = main(["validate", str(EXAMPLES / "episodes.csv"), "--out", str(blocker)])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write the results" in err and "Traceback" not in err


def test_garbage_file_is_exit_2_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "diary.csv"
    path.write_bytes(bytes(range(256)) * 20)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "diary.csv" in err and len(err.strip().splitlines()) == 1


def test_template_is_written_and_a_filled_template_ingests_without_mapping(tmp_path, capsys):
    path = tmp_path / "diary_template.xlsx"
    assert main(["template", "--out", str(path), "--rows", "50"]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Diary", "Instructions", "Lists"]
    sheet = book["Diary"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["worker_id", "date", "start_time", "end_time"]
    kinds = {
        str(dv.sqref).split(":")[0][0]: dv.type for dv in sheet.data_validations.dataValidation
    }
    assert kinds["B"] == "date" and kinds["C"] == "time" and kinds["G"] == "list"
    assert "statutory_visit" in [c.value for c in book["Lists"]["A"]]
    sheet.append(
        [
            "W001",
            dt.datetime(2026, 3, 9),
            dt.time(9, 30),
            dt.time(10, 45),
            "home visit",
            None,
            "statutory_visit",
            "C00003",
            "CP",
            None,
            "family home",
        ]
    )
    sheet.append(
        [
            "W001",
            dt.datetime(2026, 3, 9),
            dt.time(23, 30),
            dt.time(0, 15),
            "late case notes",
            None,
            "case_notes",
            "C00003",
            "CP",
            None,
            "home",
        ]
    )
    book.save(path)
    result = read_diary(path)
    eps = result.episodes
    assert result.report.n_rejected == 0 and len(eps) == 2
    assert eps["duration_min"].tolist() == [75.0, 45.0]
    assert eps["task_type"].tolist() == ["statutory_visit", "case_notes"]
    assert eps["case_type"].tolist() == ["CP", "CP"]  # an extra column, kept
    assert eps["source_row"].tolist() == [2, 3]


def test_template_with_taxonomy_and_bad_output(tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    assert main(["template", "--out", str(path), "--taxonomy", "healthcare_observation"]) == 0
    values = [c.value for c in openpyxl.load_workbook(path)["Lists"]["A"]]
    assert "direct_care" in values
    assert main(["template", "--out", str(tmp_path / "t.csv")]) == 2
    assert "must be an .xlsx file" in capsys.readouterr().err
