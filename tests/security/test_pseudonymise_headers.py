"""Pseudonymise reads the headers the guide reads (review25a).

The guide reads a cases or workers table's headers by one rule
(:func:`timestudy.ingest.table_headers.canonical_headers`): ``Start Date`` as ``opened``,
``Staff ID`` as ``worker_id``, ``FTE`` as ``fte``, ``Weekly Hours`` as
``contracted_hours``, ``Case Ref`` as ``case_id``. Before the fix ``pseudonymise`` knew
only the schema's own names, so

* on the simulated study (6 workers, 2 weeks, seed 0) with the cases table's ``opened`` and
  ``closed`` headed ``Start Date`` and ``End Date``, it exited 0 but dropped both columns
  ("unknown columns"): the guide on the copies took every case as open all the diary
  period, 105 cases held where the originals hold 99 (5 closed by 13 March, 1 opened after
  it), and CP 11.300 h per case-month where the originals give 12.362 (the same CP hours
  over 9.4% more case-months), 12.956 cases per FTE supported for 12.229, with no word;
* with a workers table headed ``Staff ID,FTE,Weekly Hours`` it refused the file ("no
  identifier column"), and given ``--column 'Staff ID=worker_id'`` it dropped ``FTE`` and
  ``Weekly Hours`` (the copy has no fte: the guide cannot read it) and, not taking the file
  for the workers table, hashed the diary's ``w02 `` and the table's ``W02`` to two tokens.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy import run_study, simulate_study
from timestudy.cli import main
from timestudy.errors import DataQualityWarning

KEY = "a-test-key-of-32-characters-long"
FILES = ("diary.csv", "cases.csv", "workers.csv")


def _guide(folder: Path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(*(folder / f for f in FILES), sensitivity=False, n_boot=19, **kw)


def _pseudonymise(src: Path, out: Path, *extra: str) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["pseudonymise", *(str(src / f) for f in FILES), "--out", str(out),
                     *extra]) == 0
    return [str(w.message) for w in caught if w.category is DataQualityWarning]


def test_start_and_end_dates_are_kept_and_the_figures_are_the_originals(
        tmp_path, monkeypatch, capsys):
    """CP 12.362 h per case-month, 12.229 cases per FTE supported, 99 held, on both the
    originals and the copies (before: the copies 11.300, 12.956 and 105)."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = tmp_path / "in"
    simulate_study(n_workers=6, weeks=2, seed=0).write(src)
    cases = pd.read_csv(src / "cases.csv", dtype=str, keep_default_na=False)
    cases.rename(columns={"opened": "Start Date", "closed": "End Date"}).to_csv(
        src / "cases.csv", index=False)
    said = _pseudonymise(src, tmp_path / "out")
    out = capsys.readouterr().out
    assert "Start Date" not in out and "End Date" not in out  # before: "dropped Start Date, ..."
    assert any("cases.csv: read the column(s) 'Start Date' as opened, 'End Date' as closed"
               in m for m in said)
    copy = pd.read_csv(tmp_path / "out" / "cases.csv", dtype=str)
    assert list(copy.columns) == list(cases.rename(columns={"opened": "Start Date",
                                                            "closed": "End Date"}).columns)
    raw, pseud = _guide(src), _guide(tmp_path / "out")
    for run in (raw, pseud):
        head = run.guide.meta["headline"]
        assert run.guide.case_types.loc["CP", "hours_per_case_month"] == pytest.approx(
            12.362066, abs=1e-6)  # before: the copies 11.300033
        assert head["supported_cases_per_fte"]["estimate"] == pytest.approx(
            12.225513, abs=1e-6)  # 12.228817 before fix33q (a part-timer's own days)
        assert _value(head["held_cases"]) == 99  # before: the copies 105 (every case open)


def _value(figure):
    """A headline figure's estimate (a figure with an interval is a dict)."""
    return figure["estimate"] if isinstance(figure, dict) else figure


def _ps(folder: Path) -> Path:
    """review25a's ps/: two workers, one hour each on 2 March 2026 on their own case."""
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "worker_id,start,end,activity,case_id\n"
        "W01,2026-03-02 09:00,2026-03-02 10:00,home visit,C1\n"
        "w02 ,2026-03-02 09:00,2026-03-02 10:00,home visit,C2\n")
    (folder / "cases.csv").write_text("Case Ref,Case Type,Allocated Worker,Start Date\n"
                                      "C1,CIN,W01,2026-01-01\nC2,CP,W02,2026-01-02\n")
    (folder / "workers.csv").write_text("Staff ID,FTE,Weekly Hours\nW01,1,37\nW02,1,35\n")
    return folder


@pytest.mark.parametrize("extra", [(), ("--column", "Staff ID=worker_id", "--column",
                                        "Case Ref=case_id", "--column",
                                        "Allocated Worker=worker_id")])
def test_local_headers_of_the_tables_are_read_as_guide_reads_them(
        tmp_path, monkeypatch, capsys, extra):
    """By hand: each worker's one hour on 2 March is 1 h in a diary of 1 working day, so
    1 x 21.0744 (working days a month) = 21.0744 h per case-month for CIN (W01's C1) and
    for CP (W02's C2, the diary's ``w02 `` folded to the table's ``W02``), on the
    originals and on the copies. Before: without ``--column`` exit 2 (no identifier column
    in workers.csv); with it, ``FTE``, ``Weekly Hours`` and ``Case Type`` dropped (the guide
    cannot read the copies) and ``w02`` a token of its own."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = _ps(tmp_path / "in")
    said = _pseudonymise(src, tmp_path / "out", *extra)
    assert "dropped" not in capsys.readouterr().out
    copies = {f: pd.read_csv(tmp_path / "out" / f, dtype=str) for f in FILES}
    assert list(copies["workers.csv"].columns) == ["Staff ID", "FTE", "Weekly Hours"]
    assert list(copies["cases.csv"].columns) == ["Case Ref", "Case Type", "Allocated Worker",
                                                 "Start Date"]
    assert copies["diary.csv"]["worker_id"].tolist() == copies["workers.csv"]["Staff ID"].tolist()
    assert copies["diary.csv"]["case_id"].tolist() == copies["cases.csv"]["Case Ref"].tolist()
    assert ("diary.csv: 1 worker id spelt as workers.csv spells it before the tokens (case "
            "and spaces folded, the rule the guide joins on), so the copies join as the "
            "originals do: 'w02' as 'W02' (1 row)") in said
    for run in (_guide(src, min_workers=1), _guide(tmp_path / "out", min_workers=1)):
        assert (run.ingest.report.n_read, run.ingest.report.n_accepted) == (2, 2)
        assert run.guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
            {"CIN": 21.0744, "CP": 21.0744}, abs=1e-4)


def test_a_diary_with_a_category_column_is_not_taken_for_the_cases_table():
    """``Category`` is another name of the cases table's ``case_type`` and ``start`` of its
    ``opened``: a diary headed ``worker_id,start,end,Category,case_id`` would read as a
    cases table by the header rule alone; its ``start`` says it is a diary."""
    from timestudy.ingest.table_spellings import tables_read  # (new with the fix)

    diary = pd.DataFrame(columns=["worker_id", "start", "end", "Category", "case_id"])
    cases = pd.DataFrame(columns=["Case ID", "Type", "Worker", "Start Date", "End Date"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = tables_read({"d": diary, "c": cases}, {"d": "d.csv", "c": "c.csv"})
    assert found["cases"] == {"c": {"Case ID": "case_id", "Type": "case_type",
                                    "Worker": "worker_id", "Start Date": "opened",
                                    "End Date": "closed"}}
    assert found["workers"] == {}
