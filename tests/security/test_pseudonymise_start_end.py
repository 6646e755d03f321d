"""A cases table headed ``Start``/``End`` is found as the cases table by pseudonymise (tables26).

A case system exports a case's open and close dates under ``Start`` and ``End``; ``guide
--cases`` reads them as ``opened`` and ``closed``. ``pseudonymise`` took any file headed
``start`` or ``end`` for a diary, so the cases table was not found: its ``Case Type`` was
dropped as an unknown column, and the guide refused the copies ("the cases table needs the
column(s) case_type"). Now a file headed so is the cases table when the guide's own date
rule (:func:`timestudy.schema.tables.read_dates`, what ``check_table`` reads a date field
by) reads every value under them as a date; a diary's ``start`` holds times of day.

By hand (review25a's two-worker study): W01 and W02 each write one hour on 2 March 2026,
W01 on C1 (CIN), W02 on C2 (CP); C3 (CIN, W01) closed on 1 February, before the diary, so
it has no case-month. One hour in one working day is 21.0744 h a month (21.0744 working
days a month): CIN 21.0744 and CP 21.0744 on the originals and on the copies (before: the
copies not read at all). Were the ``End`` dropped, C3 would be open all the diary and CIN
would be 10.5372.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.cli import main
from timestudy.ingest.table_spellings import tables_read

KEY = "a-test-key-of-32-characters-long"
FILES = ("diary.csv", "cases.csv", "workers.csv")


def _study(folder: Path) -> Path:
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "worker_id,start,end,activity,case_id\n"
        "W01,2026-03-02 09:00,2026-03-02 10:00,home visit,C1\n"
        "W02,2026-03-02 09:00,2026-03-02 10:00,home visit,C2\n")
    (folder / "cases.csv").write_text("Case ID,Case Type,Worker ID,Start,End\n"
                                      "C1,CIN,W01,2026-01-01,\nC2,CP,W02,02/01/2026,\n"
                                      "C3,CIN,W01,2025-11-01,2026-02-01\n")
    (folder / "workers.csv").write_text("worker_id,fte\nW01,1\nW02,1\n")
    return folder


def _guide(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(*(folder / f for f in FILES), sensitivity=False, n_boot=19, min_workers=1)


def test_a_cases_table_headed_start_and_end_is_pseudonymised_as_the_cases_table(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = _study(tmp_path / "in")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["pseudonymise", *(str(src / f) for f in FILES), "--out",
                     str(tmp_path / "out")]) == 0
    assert "dropped Case Type" not in capsys.readouterr().out  # before: dropped
    copy = pd.read_csv(tmp_path / "out" / "cases.csv", dtype=str)
    assert list(copy.columns) == ["Case ID", "Case Type", "Worker ID", "Start", "End"]
    diary = pd.read_csv(tmp_path / "out" / "diary.csv", dtype=str)
    assert set(diary["case_id"]) <= set(copy["Case ID"])  # one token per case in both
    for run in (_guide(src), _guide(tmp_path / "out")):
        got = run.guide.case_types["hours_per_case_month"].to_dict()
        assert got == pytest.approx({"CIN": 21.0744, "CP": 21.0744}, abs=1e-4)


def test_a_diary_headed_start_and_end_is_still_a_diary():
    """Times of day under ``start``: a diary, though ``Category`` reads as a case type; a
    diary with no row gives no evidence and stays a diary (the test before the fix)."""
    diary = pd.DataFrame({"worker_id": ["W1"], "start": ["2026-03-02 09:00"],
                          "end": ["2026-03-02 10:00"], "Category": ["CIN"],
                          "case_id": ["C1"]})
    cases = pd.DataFrame({"Case ID": ["C1"], "Case Type": ["CIN"], "Worker ID": ["W1"],
                          "Start": ["2026-01-05"], "End": [None]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = tables_read({"d": diary, "c": cases, "e": diary.head(0)},
                            {"d": "d.csv", "c": "c.csv", "e": "e.csv"})
    assert list(found["cases"]) == ["c"]
    assert found["cases"]["c"]["Start"] == "opened"


def test_workbook_datetimes_with_times_of_day_are_a_diary():
    from timestudy.ingest.table_spellings import dated_as_table  # (new with the fix)

    stamps = pd.Series(pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00"]))
    read = {"start": "opened", "end": "closed"}
    assert not dated_as_table(pd.DataFrame({"start": stamps, "end": stamps}), read)
    assert dated_as_table(pd.DataFrame({"start": stamps.dt.normalize()}), read)
