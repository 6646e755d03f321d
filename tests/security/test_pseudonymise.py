"""Pseudonymisation that cannot silently fail (issue 19, failure 3).

Before the fix, a diary with local headers (``Staff ID``, ``Case Ref``) was written
unchanged with a success message while the cases and workers tables were tokenised (so
the three no longer joined); every column outside a short list was copied verbatim; and
redaction missed ISO dates after "DOB", phone numbers with the area code in brackets
and NHS numbers. Each redaction pattern is enumerated here with examples that must and
must not match, and SECURITY.md lists the same examples.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from hostile import assert_clean_error, cli

from timestudy.privacy import REDACTED, nhs_number_valid, redact, tokens

KEY = "a-test-key-of-32-characters-long"
SECURITY = Path(__file__).parents[2] / "SECURITY.md"
OLD = dt.date.today().year - 3
#: pattern -> (texts that must be redacted, texts that must be left as they are)
PATTERNS = {
    "email": (["jo.bloggs@example.org", "a+b@council.gov.uk"],
              ["@SUM(A1)", "jo at example dot org"]),
    "NHS number": (["943 476 5919", "9434765919", "943-476-5919"],
                   ["943 476 5918", "ref 1234567890"]),
    "UK phone": (["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700 900123",
                  "(01234) 567890", "020 7946 0958", "(020) 7946 0958", "0161-496-0000",
                  "0800 123 4567"],
                 ["case 123456", "at 09:30", "2026-03-09", "C00014"]),
    "UK postcode": (["SW1A 1AA", "M1 1AA", "b33 8th"], ["M1", "W001"]),
    "street address": (["12 Acacia Avenue", "3a Mill Lane", "12-14 High St",
                        "7 St John's Close"],
                       ["2 hours on the road", "12 acacia avenue", "2 Family Court hearings"]),
    "NI number": (["AB123456C", "AB 12 34 56 C"], ["QQ 12 34 56 C", "AB123456"]),
    "date of birth": (["DOB 03/04/2015", "DOB: 2015-04-03", "born 3 April 2015",
                       "d.o.b. 2014-11-30"], ["born in Leeds", "DOB not known"]),
    "old date": ([f"seen {OLD}-01-02", f"on 3/4/{OLD}", f"12 May {OLD}"],
                 ["1 hour", "3 visits"]),
}


@pytest.mark.parametrize("kind", sorted(PATTERNS))
def test_each_redaction_pattern_matches_what_it_must_and_nothing_else(kind):
    must, must_not = PATTERNS[kind]
    out = redact(pd.Series(must + must_not, dtype="string")).tolist()
    for text, got in zip(must, out[: len(must)], strict=True):
        assert REDACTED in got, (kind, text, got)
        assert not re.search(r"\d{2}", got.replace(REDACTED, "")), (kind, text, got)
    assert out[len(must):] == must_not, kind


def test_a_date_this_year_is_kept():
    this_year = f"court 09/03/{dt.date.today().year}"
    assert redact(pd.Series([this_year])).tolist() == [this_year]


def test_security_md_lists_every_example():
    text = SECURITY.read_text()
    for kind, (must, must_not) in PATTERNS.items():
        for example in must + must_not:
            if str(OLD) in example:
                continue  # a year that moves with the calendar: SECURITY.md says "a year old"
            assert f"`{example}`" in text, (kind, example)


def test_nhs_check_digit():
    assert nhs_number_valid("4010232137") and not nhs_number_valid("4010232138")
    assert not nhs_number_valid("123")


@pytest.fixture
def local_study(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    pd.DataFrame({
        "Staff ID": ["SW1", "SW1", "SW2"],
        "Case Ref": ["CR1", "CR2", ""],
        "Start": ["2026-03-09T09:00", "2026-03-09T10:00", "2026-03-09T09:00"],
        "End": ["2026-03-09T10:00", "2026-03-09T11:00", "2026-03-09T09:30"],
        "Activity": ["visit Jo Bloggs DOB 2015-04-03", "call (01234) 567890", "notes\r=cmd"],
        "Supervisor note": ["private", "private", "private"],
    }).to_csv(src / "diary.csv", index=False, quoting=csv.QUOTE_ALL)
    pd.DataFrame({"case_id": ["CR1", "CR2"], "case_type": ["CIN", "CP"],
                  "worker_id": ["SW1", "SW1"], "child_name": ["Jo Bloggs", "Sam Evans"],
                  }).to_csv(src / "cases.csv", index=False)
    pd.DataFrame({"worker_id": ["SW1", "SW2"], "fte": [1.0, 0.8]}).to_csv(src / "workers.csv",
                                                                         index=False)
    (src / "map.yaml").write_text("columns:\n  worker_id: Staff ID\n  case_id: Case Ref\n"
                                  "  start: Start\n  end: End\n  activity: Activity\n")
    return src


def _files(src: Path) -> list[Path]:
    return [src / "diary.csv", src / "cases.csv", src / "workers.csv"]


def test_local_headers_without_a_mapping_are_refused(local_study, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    run = cli(["pseudonymise", *_files(local_study), "--out", tmp_path / "out"], capsys)
    assert_clean_error(run, name="diary.csv")
    assert "no identifier column" in run.err and not (tmp_path / "out").exists()


def test_the_mapping_of_validate_finds_the_ids_and_the_files_still_join(
    local_study, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    run = cli(["pseudonymise", *_files(local_study), "--mapping", local_study / "map.yaml",
               "--out", tmp_path / "out"], capsys)
    assert run.code == 0, run.err
    diary = pd.read_csv(tmp_path / "out" / "diary.csv", dtype=str)
    cases = pd.read_csv(tmp_path / "out" / "cases.csv", dtype=str)
    workers = pd.read_csv(tmp_path / "out" / "workers.csv", dtype=str)
    assert set(diary["Staff ID"]) == set(workers["worker_id"])
    assert set(diary["Case Ref"].dropna()) == set(cases["case_id"])
    assert diary["Staff ID"].iloc[0] == tokens(pd.Series(["SW1"]), KEY.encode()).iloc[0]
    text = "".join(p.read_text() for p in (tmp_path / "out").iterdir())
    for secret in ("SW1", "CR1", "Jo Bloggs", "Bloggs", "2015-04-03", "567890", "private",
                   "Sam Evans"):
        assert secret not in text, secret
    # unknown columns dropped and named; the cases table's names dropped too
    assert "Supervisor note" not in diary.columns and "child_name" not in cases.columns
    assert "dropped Supervisor note" in run.out and "dropped child_name" in run.out


def test_keep_keeps_a_column_redacted(local_study, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    run = cli(["pseudonymise", local_study / "diary.csv", "--mapping", local_study / "map.yaml",
               "--keep", "Supervisor note", "--out", tmp_path / "out"], capsys)
    assert run.code == 0, run.err
    assert "Supervisor note" in pd.read_csv(tmp_path / "out" / "diary.csv").columns
    assert "dropped" not in run.out


def test_an_output_equal_to_its_input_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    (tmp_path / "in").mkdir()
    pd.DataFrame({"worker_id": [None, None], "fte": [1.0, 0.5]}).to_csv(
        tmp_path / "in" / "workers.csv", index=False)
    run = cli(["pseudonymise", tmp_path / "in" / "workers.csv", "--out", tmp_path / "out"],
              capsys)
    assert_clean_error(run)
    assert "would equal the input" in run.err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["same folder", "two inputs, one name"])
def test_an_output_never_overwrites_an_input(local_study, tmp_path, capsys, monkeypatch, where):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    before = (local_study / "workers.csv").read_bytes()
    if where == "same folder":
        args = [local_study / "workers.csv", "--out", local_study]
    else:
        other = tmp_path / "b"
        other.mkdir()
        (other / "workers.csv").write_bytes(before)
        args = [local_study / "workers.csv", other / "workers.csv", "--out", tmp_path / "o"]
    run = cli(["pseudonymise", *args], capsys)
    assert_clean_error(run)
    assert (local_study / "workers.csv").read_bytes() == before


def test_a_file_with_unreadable_lines_is_refused_not_shortened(tmp_path, capsys, monkeypatch):
    """A bare carriage return splits a row in two: the copy would lose the row silently."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "diary.csv").write_bytes(
        b"worker_id,start,end,activity\nW1,2026-03-09T09:00,2026-03-09T10:00,notes\r=cmd\n"
        b"W2,2026-03-09T09:00,2026-03-09T10:00,visit\n")
    run = cli(["pseudonymise", tmp_path / "in" / "diary.csv", "--out", tmp_path / "out"], capsys)
    assert_clean_error(run, name="diary.csv")
    assert "cannot be read" in run.err and not (tmp_path / "out").exists()


def test_free_text_with_no_names_to_redact_is_warned(tmp_path, monkeypatch):
    """audit24c's Outlook export: 'Home visit - Jane Bloggs' and '12 Acacia Avenue' were
    written as they were with no word that no name had been given to redact; now the
    address is redacted (a street address pattern) and a warning names the free-text
    columns and --names; with --names the name goes too and nothing is warned."""
    import warnings

    from timestudy.cli import main
    from timestudy.errors import DataQualityWarning

    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    diary = tmp_path / "in" / "diary.csv"
    diary.parent.mkdir()
    diary.write_text("worker_id,start,end,activity,location,case_id\n"
                     "W1,2026-03-10T09:00,2026-03-10T10:30,Home visit - Jane Bloggs,"
                     "12 Acacia Avenue,C1\n", encoding="utf-8")
    with pytest.warns(DataQualityWarning, match=r"free text \(activity, location\) is written "
                      "with no names redacted.*give --names"):
        assert main(["pseudonymise", str(diary), "--out", str(tmp_path / "a")]) == 0
    text = (tmp_path / "a" / "diary.csv").read_text(encoding="utf-8")
    assert "Jane Bloggs" in text and "Acacia" not in text
    names = tmp_path / "names.txt"
    names.write_text("Jane Bloggs\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        assert main(["pseudonymise", str(diary), "--out", str(tmp_path / "b"),
                     "--names", str(names)]) == 0
    assert "Bloggs" not in (tmp_path / "b" / "diary.csv").read_text(encoding="utf-8")
