"""A diary whose every row is rejected is not a diary without an activity or case column
(audit23m: validate warned "no activity, activity_code or task_type" and "no case_id"
though both columns were there, and the guide refused for them)."""

from __future__ import annotations

from timestudy.cli import main

DIARY = ("worker_id,start,end,activity,case_id\n"
         "W1,soon,later,visit,C1\nW2,soon,later,visit,C2\n")


def test_validate_says_the_rejects_not_missing_columns(tmp_path, capsys):
    """Two rows, their times not times: 2 of 2 rejected, exit 1; no warning about
    columns the file has."""
    path = tmp_path / "d.csv"
    path.write_text(DIARY)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "2 of 2 rows rejected" in err
    assert "no activity" not in err and "no case_id" not in err


def test_guide_says_no_row_was_accepted(tmp_path, capsys):
    """The guide refuses (exit 2) naming the cause: no row accepted; not missing columns."""
    path = tmp_path / "d.csv"
    path.write_text(DIARY)
    (tmp_path / "cases.csv").write_text("case_id,case_type\nC1,CIN\nC2,CP\n")
    (tmp_path / "workers.csv").write_text("worker_id,fte\nW1,1.0\nW2,1.0\n")
    code = main(["guide", str(path), "--cases", str(tmp_path / "cases.csv"),
                 "--workers", str(tmp_path / "workers.csv"), "--out", str(tmp_path / "g")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "no row accepted" in err and "no activity" not in err
    assert not (tmp_path / "g").exists()
