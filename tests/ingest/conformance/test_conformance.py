"""Conformance: every file in this folder read as its own tool means it (issue 14).

Each ``*.expected.yaml`` says, row by row (or episode by episode for slot diaries), what
must be accepted or rejected, with which times, minutes, flags and reasons, and the
totals; README.md gives each tool's public documentation behind them. These tests read
the data file as ``read_with`` says and check every row, and the identity minutes in (the
source's own durations) = minutes accepted + minutes rejected.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import timestudy

HERE = Path(__file__).resolve().parent
#: libyaml's safe loader where PyYAML has it (as timestudy.categorise.taxonomy reads the
#: taxonomies): the same values as the pure-Python safe loader for every file here, read in
#: a tenth of the time, and every test process collecting this module reads all of them.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SPECS = sorted(HERE.glob("*/*.expected.yaml"))
TOL = 0.01  # minutes


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name.removesuffix('.expected.yaml')}"


def load(path: Path) -> dict:
    spec = yaml.load(path.read_text(), Loader=YAML_LOADER)
    if "same_episodes_as" in spec:
        other = yaml.load((path.parent / spec["same_episodes_as"]["file"]).read_text(),
                          Loader=YAML_LOADER)
        drop = set(spec["same_episodes_as"].get("without", []))
        spec["episodes"] = [{k: v for k, v in e.items() if k not in drop}
                            for e in other[spec["same_episodes_as"]["list"]]]
    return spec


def read(path: Path, spec: dict) -> timestudy.ingest.IngestResult:
    how = dict(spec.get("read_with") or {})
    if "mapping" in how:
        how["mapping"] = path.parent / how["mapping"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path.parent / spec["file"], **how, warn=False)


#: Each file's spec and read, once in a test process: the rows' tests (the ``case``
#: fixture) and the observation measures of the same files read them alike.
READS: dict[Path, tuple[dict, timestudy.ingest.IngestResult]] = {}


def spec_and_read(path: Path) -> tuple[dict, timestudy.ingest.IngestResult]:
    if path not in READS:
        spec = load(path)
        READS[path] = spec, read(path, spec)
    return READS[path]


@pytest.fixture(scope="module", params=SPECS, ids=_id)
def case(request):
    return spec_and_read(request.param)


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value)


def _by_row(episodes: pd.DataFrame) -> pd.DataFrame:
    """One line per source row: the first start, last end, summed minutes, all flags."""
    flags = episodes["flags"].fillna("").str.split(";")
    return episodes.assign(_flags=flags).groupby("source_row").agg(
        start=("start", "min"), end=("end", "max"), minutes=("duration_min", "sum"),
        flags=("_flags", lambda s: sorted({f for fl in s for f in fl if f})),
        fragments=("start", "size"),
    )


ROW_FIELDS = ("worker_id", "participant_id", "site", "observer", "session_id", "activity",
              "location", "task_type")


def _check_accepted(row: dict, got: pd.Series, first: pd.Series) -> None:
    where = f"line {row['source_row']}"
    assert got["start"] == _ts(row["start"]), where
    assert got["end"] == _ts(row["end"]), where
    assert got["minutes"] == pytest.approx(row["minutes"], abs=TOL), where
    assert got["flags"] == sorted(row.get("flags", [])), where
    if "diary_date" in row:
        assert first["diary_date"] == _ts(row["diary_date"]), where
    for name in ROW_FIELDS:
        if name in row:
            assert str(first[name]) == str(row[name]), f"{where}: {name}"
    if "site_as_written" in row:
        assert str(first["site_as_written"]).strip() == row["site_as_written"].strip(), where
    if "secondary_activity" in row:
        assert pd.isna(first["secondary_activity"]) == (row["secondary_activity"] is None)
    if "multi_with" in row:
        assert str(first["multitask_with"]).split(";") == row["multi_with"], where


def test_every_row(case):
    spec, result = case
    if "rows" not in spec:
        pytest.skip("a slot diary: checked episode by episode")
    episodes = result.episodes
    rows = _by_row(episodes)
    rejects = result.rejects
    assert len(spec["rows"]) == result.report.n_read
    for row in spec["rows"]:
        line = row["source_row"]
        if row["expect"] == "accepted":
            assert line in rows.index, f"line {line} was not accepted: " + "; ".join(
                rejects.loc[rejects["source_row"] == line, "reason"])
            first = episodes[episodes["source_row"] == line].iloc[0]
            _check_accepted(row, rows.loc[line], first)
        else:
            mine = rejects[rejects["source_row"] == line]
            assert line not in rows.index, f"line {line} was accepted"
            assert row["reason_code"] in set(mine["code"]), (line, mine["code"].tolist())
            assert len(mine) == 1, f"line {line}: one reject, one reason ({mine['code'].tolist()})"


def test_figures_given_twice_are_named(case):
    """Where a file's figures given twice disagree, the warning names each row with both;
    where none do, no row is flagged ``figures_disagree`` and nothing is warned so."""
    spec, result = case
    named = [row for row in spec.get("rows", []) if "disagree" in row]
    said = {w["code"]: w for w in result.report.details.get("warnings", [])}
    if "warning" not in spec and not named:  # no false alarm on the other sources' files
        assert "figures_disagree" not in said
        flagged = result.episodes["flags"].fillna("").str.split(";").map(set)
        assert not flagged.map(lambda f: "figures_disagree" in f).any()
        return
    warning = said[spec["warning"]["code"]]
    assert warning["rows"] == spec["warning"]["rows"]
    assert warning["first"] == [row["source_row"] for row in named][: len(warning["first"])]
    for row in named:
        if row["source_row"] in warning["first"]:  # (the warning names the first few)
            text = warning["message"].split(f"line {row['source_row']} ", 1)[1]
            assert row["disagree"] in text.split("; line ")[0], row["source_row"]


def test_pauses_are_not_time_on_task(case):
    spec, result = case
    for row in spec.get("rows", []):
        if "active_fragments" not in row:
            continue
        parts = result.episodes[result.episodes["source_row"] == row["source_row"]]
        got = list(zip(parts["start"], parts["end"], strict=True))
        want = [(_ts(f["start"]), _ts(f["end"])) for f in row["active_fragments"]]
        assert got == want
        assert parts["interrupted_by"].iloc[0] == row["interrupted_by"][0]
        assert pd.isna(parts["interrupted_by"].iloc[-1])  # resumed: the last part is whole


def test_every_episode(case):
    spec, result = case
    if "episodes" not in spec:
        pytest.skip("a row-per-episode file: checked row by row")
    eps = result.episodes.sort_values(["worker_id", "start"]).reset_index(drop=True)
    want = sorted(spec["episodes"], key=lambda e: (str(e["worker_id"]), e["start"]))
    assert len(eps) == len(want)
    for got, e in zip(eps.itertuples(), want, strict=True):
        assert (got.worker_id, got.start, got.end) == (str(e["worker_id"]), _ts(e["start"]),
                                                       _ts(e["end"]))
        assert got.duration_min == pytest.approx(e["minutes"], abs=TOL)
        assert got.activity == e["activity"]
        if "diary_date" in e:
            assert got.diary_date == _ts(e["diary_date"])
        if "secondary_activity" in e:
            assert got.secondary_activity == e["secondary_activity"]
    secondary = spec.get("secondary_episodes", [])
    if secondary:
        sec = result.secondary.sort_values(["worker_id", "start"]).reset_index(drop=True)
        assert len(sec) == len(secondary)
        for got, e in zip(sec.itertuples(), secondary, strict=True):
            assert (got.activity, got.start, got.end) == (e["activity"], _ts(e["start"]),
                                                          _ts(e["end"]))
            assert got.duration_min == pytest.approx(e["minutes"], abs=TOL)
            assert not got.counts_in_total


def test_minutes_in_equal_minutes_accepted_plus_rejected(case):
    spec, result = case
    totals = spec["totals"]
    account = result.report.details["minutes"]
    for name in ("minutes_in", "minutes_accepted", "minutes_rejected"):
        assert account[name] == pytest.approx(totals[name], abs=TOL), name
    assert account["difference"] == pytest.approx(0, abs=TOL)
    assert float(result.episodes["duration_min"].sum()) == pytest.approx(
        totals["minutes_accepted"], abs=TOL)
    if "rows_without_duration" in totals:
        assert account["rows_without_minutes"] == totals["rows_without_duration"]
    if "secondary_minutes" in totals:
        assert result.report.details["secondary_minutes"] == pytest.approx(
            totals["secondary_minutes"])
    if "minutes_by_site" in totals:
        by_site = result.episodes.groupby("site")["duration_min"].sum().to_dict()
        assert by_site == pytest.approx(totals["minutes_by_site"])


def test_a_difference_is_flagged_with_its_line():
    """Counting the clock instead of the duration: the difference is listed, line by line."""
    path = HERE / "toggl" / "duration_mismatch.csv"
    result = timestudy.read_diary(path, mapping={"minutes_from": "clock"}, warn=False)
    account = result.report.details["minutes"]
    assert account["difference"] == pytest.approx(62.5167 - 60.0, abs=TOL)
    assert account["lines_counted_differently"] == [2, 3, 4]
    flagged = result.episodes.loc[result.episodes["flags"].str.contains("duration_mismatch"),
                                  "source_row"]
    assert sorted(flagged) == [2, 4]  # line 3 differs by 1 s: within the 60 s tolerance


OBSERVE = [p for p in SPECS if "observe" in yaml.load(p.read_text(), Loader=YAML_LOADER)]


@pytest.mark.parametrize("path", OBSERVE, ids=_id)
def test_observation_measures(path):
    from timestudy.observe import observation_study

    spec, result = spec_and_read(path)
    eps = timestudy.categorise(result.episodes.copy())  # the shared read is left as it is
    study = observation_study(eps, by="activity_code", source=path.name)
    summary = study.summary()["value"]
    want = spec["observe"]
    assert summary["observed_hours"] == pytest.approx(want["observed_hours"], abs=1e-3)
    if "share_multitasking" in want:
        assert summary["share_multitasking"] == pytest.approx(want["share_multitasking"],
                                                              abs=1e-3)
    if "multitasking_minutes" in want:
        got = study.multitasking.totals["multitasking_min"].iloc[0]
        assert got == pytest.approx(want["multitasking_minutes"], abs=TOL)
    if "share_tasks_interrupted" in want:
        assert summary["share_tasks_interrupted"] == pytest.approx(
            want["share_tasks_interrupted"])
        assert summary["share_interrupted_never_resumed"] == pytest.approx(
            want["share_interrupted_never_resumed"])
        assert study.interruptions.table["interruptions"].iloc[-1] == want["interruptions"]
    if "time_on_task_min_of_interrupted_task" in want:
        tasks = study.interruptions.tasks
        assert tasks.loc[tasks["interruptions"] > 0, "task_min"].tolist() == [
            want["time_on_task_min_of_interrupted_task"]]
    if "paired_sessions" in want:
        assert summary["paired_sessions"] == want["paired_sessions"]


def test_guide_refuses_a_half_described_diary(tmp_path, capsys):
    from timestudy.cli import main

    folder = HERE / "mapping"
    spec = load(folder / "worker_only.expected.yaml")
    out = tmp_path / "out"
    code = main(["guide", str(folder / "worker_only.csv"), "--mapping",
                 str(folder / "worker_only.mapping.yaml"), "--cases", str(folder / "cases.csv"),
                 "--workers", str(folder / "workers.csv"), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == spec["guide"]["exit_code"]
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert len(err) == 1
    for name in spec["guide"]["message_names"]:
        assert name in err[0]
    assert np.all([key in err[0] for key in ("columns.activity", "columns.case_id")])
