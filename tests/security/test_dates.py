"""Dates that do not fit, or that name an instant elsewhere, are rejected with their line, never
silently changed (issue 19, failure 1 and the time-zone part of failure 8).

Before the fix, ``9999-12-31`` became 1816-03-29, a typo ``3026-03-02`` became
1857-01-21 and ``0001-01-01`` became 1754, in every format, and the run exited 0;
``09:00+05:00`` and ``Z`` were read as if the offset were not there. Each layout and
format is tried with each of those values.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hostile import cli

from timestudy import read_diary
from timestudy.errors import ConfigError
from timestudy.ingest.diary import read_cases
from timestudy.schema.daterange import DateRange, bounded

EXAMPLES = Path(__file__).parents[2] / "data_schema" / "examples"
BAD_YEARS = ("9999", "3026", "0001")
#: (example file, line to change (1 = header), text on it, the same with a year put in)
LAYOUTS = {
    "canonical": ("episodes.csv", 3, "2026-03-09T09:10", "{y}-03-09T09:10"),
    "split": ("episodes_split.csv", 2, "09/03/2026", "09/03/{y}"),
    "toggl": ("toggl.csv", 2, ",2026-03-09,09:30:00", ",{y}-03-09,09:30:00"),
    "wombat": ("wombat.csv", 2, "01-Apr-2025", "01-Apr-{y}"),
    "slots": ("slots.csv", 2, "09/03/2026", "09/03/{y}"),
}
FIRST, LAST = np.datetime64("1990-01-01"), np.datetime64(f"{dt.date.today().year + 10}-12-31")


def _with_year(tmp_path: Path, layout: str, year: str) -> Path:
    name, line, old, new = LAYOUTS[layout]
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], (name, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new.format(y=year), 1)
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _assert_plausible(result) -> None:
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    for col in ("start", "end"):
        days = result.episodes[col].to_numpy().astype("M8[D]")
        assert ((days >= FIRST) & (days <= LAST + 1)).all(), (col, days.min(), days.max())


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_impossible_year_is_rejected_in_every_layout(tmp_path, layout, year):
    result = read_diary(_with_year(tmp_path, layout, year), warn=False)
    rejects = result.rejects
    out = rejects[rejects["code"] == "date_out_of_range"]
    assert len(out) >= 1, rejects[["code", "reason"]].to_string()
    assert (out["source_row"] == LAYOUTS[layout][1]).all()
    assert out["reason"].str.contains(year).all() and out["reason"].str.contains("1990").all()
    _assert_plausible(result)


def test_the_issue_examples_are_never_wrapped():
    """The three values of the issue, parsed and bounded: rejected, not 1816, 1857 or 1754."""
    from timestudy.schema import parse

    text = pd.Series(["9999-12-31", "3026-03-02", "0001-01-01", "2026-03-02"], dtype="str")
    stamps = parse.dates(text)
    assert [str(s)[:10] for s in stamps] == ["9999-12-31", "3026-03-02", "0001-01-01",
                                            "2026-03-02"]
    ns, outside = bounded(stamps)
    assert outside.tolist() == [True, True, True, False]
    assert np.isnat(ns[:3]).all() and str(ns[3])[:10] == "2026-03-02"


@pytest.mark.parametrize("year", BAD_YEARS)
def test_an_impossible_year_in_a_workbook_cell_is_rejected(tmp_path, year):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["worker_id", "start", "end", "activity"])
    ws.append(["W1", dt.datetime(2026, 3, 9, 9), dt.datetime(2026, 3, 9, 10), "notes"])
    ws.append(["W1", dt.datetime(int(year), 3, 9, 10), dt.datetime(2026, 3, 9, 11), "visit"])
    wb.save(tmp_path / "d.xlsx")
    result = read_diary(tmp_path / "d.xlsx", warn=False)
    assert result.report.n_accepted == 1 and result.report.n_rejected == 1
    assert result.rejects["code"].tolist() == ["date_out_of_range"]
    _assert_plausible(result)


@pytest.mark.parametrize("year", BAD_YEARS)
def test_an_impossible_year_in_the_cases_table_is_rejected(tmp_path, year):
    cases = (EXAMPLES / "cases.csv").read_text().splitlines()
    header = cases[0].split(",")
    row = cases[1].split(",")
    row[header.index("opened")] = f"{year}-01-05"
    (tmp_path / "cases.csv").write_text("\n".join([cases[0], ",".join(row), *cases[2:]]) + "\n")
    with pytest.raises(Exception) as exc:  # a cases table is all or nothing
        read_cases(tmp_path / "cases.csv")
    assert year in str(exc.value) and "outside the study's dates" in str(exc.value)


def test_offsets_are_converted_to_the_study_time_zone(tmp_path):
    text = ("worker_id,start,end,activity\n"
            "W1,2026-07-09T09:00+05:00,2026-07-09T10:00+05:00,visit\n"
            "W1,2026-07-09T09:00Z,2026-07-09T09:30Z,notes\n")
    (tmp_path / "d.csv").write_text(text)
    result = read_diary(tmp_path / "d.csv", timezone="Europe/London", warn=False)
    starts = result.episodes.sort_values("start")["start"].dt.strftime("%H:%M").tolist()
    assert starts == ["05:00", "10:00"]  # 04:00 UTC and 09:00 UTC on the London clock (BST)
    assert result.episodes["duration_min"].tolist() == [60.0, 30.0] or sorted(
        result.episodes["duration_min"]) == [30.0, 60.0]


def test_offsets_without_a_time_zone_are_rejected_not_dropped(tmp_path):
    text = ("worker_id,start,end,activity\n"
            "W1,2026-03-09T09:00+05:00,2026-03-09T10:00+05:00,visit\n"
            "W1,2026-03-09T11:00,2026-03-09T12:00,notes\n")
    (tmp_path / "d.csv").write_text(text)
    result = read_diary(tmp_path / "d.csv", warn=False)
    assert result.report.n_accepted == 1 and result.report.n_rejected == 1
    codes = set(result.rejects["code"])
    assert codes == {"offset_without_timezone"}
    assert result.rejects["reason"].str.contains("timezone").all()


def test_the_range_is_configurable_in_the_mapping(tmp_path):
    path = _with_year(tmp_path, "split", "2019")
    assert read_diary(path, warn=False).report.n_rejected == 0
    narrow = read_diary(path, mapping={"date_range": ["2020-01-01", "2030-12-31"]}, warn=False)
    assert set(narrow.rejects["code"]) == {"date_out_of_range"}
    assert narrow.rejects["reason"].str.contains("2020-01-01 to 2030-12-31").all()
    years = read_diary(path, mapping={"date_range": [2019, 2030]}, warn=False)
    assert years.report.n_rejected == 0


@pytest.mark.parametrize("spec", [["2030-01-01", "2020-01-01"], ["x", "2020-01-01"], [1990],
                                  ["1600-01-01", "2020-01-01"], "1990"])
def test_a_bad_range_is_a_clear_config_error(spec):
    with pytest.raises(ConfigError, match="date_range"):
        read_diary(EXAMPLES / "episodes.csv", mapping={"date_range": spec}, warn=False)


def test_default_range_runs_ten_years_ahead():
    assert DateRange.from_spec(today=dt.date(2026, 5, 1)).describe() == "1990-01-01 to 2036-12-31"


def test_validate_reports_the_line_and_reason(tmp_path, capsys):
    path = _with_year(tmp_path, "split", "3026")
    run = cli(["validate", path, "--out", tmp_path / "v"], capsys)
    assert run.code == 1 and "date_out_of_range 1" in run.out and "Traceback" not in run.err
    rejects = pd.read_csv(tmp_path / "v" / "rejects.csv", dtype=str)
    assert rejects["code"].tolist() == ["date_out_of_range"]
    assert rejects["source_row"].tolist() == ["2"]
    shutil.rmtree(tmp_path / "v")
