"""Conformance: the four readings fixed after the second audit, beyond what the generic
checks of ``test_conformance.py`` cover (which also read these files row by row).

Each ``*.expected.yaml`` used here says, with its public source, what a reading must give:
a refusal without the mapping (the one line names the fix), the tasks outside their
WOMBAT session, the length of each uneven slot, and the case and place of each
long-format episode.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml

import timestudy
from timestudy.cli import main
from timestudy.errors import SchemaError

HERE = Path(__file__).resolve().parent
REFUSED = ["toggl/same_name_two_emails", "timeuse/slots_uneven", "harvest/same_name_two_ids"]


def _spec(name: str) -> dict:
    return yaml.safe_load((HERE / f"{name}.expected.yaml").read_text())


def _read(name: str) -> timestudy.ingest.IngestResult:
    spec = _spec(name)
    how = dict(spec["read_with"])
    how["mapping"] = HERE / Path(name).parent / how["mapping"] if "mapping" in how else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(HERE / f"{name}.csv", **how, warn=False)


@pytest.mark.parametrize("name", REFUSED)
def test_refused_without_the_mapping_in_one_line(name, tmp_path, capsys):
    """Read without the mapping that says what the file means: refused, nothing written."""
    want = _spec(name)["refused_without_mapping"]
    with pytest.raises(SchemaError) as err:
        timestudy.read_diary(HERE / f"{name}.csv", layout=want["layout"], warn=False)
    for part in want["message_names"]:
        assert part in str(err.value)
    out = tmp_path / "out"
    code = main(
        ["validate", str(HERE / f"{name}.csv"), "--layout", want["layout"], "--out", str(out)]
    )
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(lines) == 1 and all(part in lines[0] for part in want["message_names"])


@pytest.mark.parametrize("name", ["toggl/same_name_two_emails", "harvest/same_name_two_ids"])
def test_two_people_one_name_are_two_workers(name):
    counted = _read(name).episodes.groupby("worker_id")["counted_min"]
    want = _spec(name)["totals"]["counted_by_worker"]
    assert counted.sum().to_dict() == pytest.approx(want)


def test_wombat_tasks_outside_their_session_are_listed():
    result = _read("wombat/session_edges")
    assert (
        result.report.details["tasks_outside_session"]
        == _spec("wombat/session_edges")["outside_session"]
    )


def test_wombat_sessions_without_outside_tasks_report_none():
    result = _read("wombat/after_midnight")
    assert "tasks_outside_session" not in result.report.details


def test_uneven_slots_and_their_lengths():
    spec = _spec("timeuse/slots_uneven")
    result = _read("timeuse/slots_uneven")
    assert result.report.details["slot_lengths"] == spec["slot_lengths"]
    assert result.report.details["blank_slot_minutes"] == spec["totals"]["blank_slot_minutes"]
    got = result.episodes.sort_values(["worker_id", "start"])["slots"].tolist()
    assert got == [e["slots"] for e in spec["episodes"]]


def test_long_slot_episodes_keep_their_case_and_place():
    spec = _spec("timeuse/long_slots_carried")
    eps = _read("timeuse/long_slots_carried").episodes.sort_values("start")
    got = eps[["case_id", "location", "slots"]].astype(str).values.tolist()
    assert got == [[e["case_id"], e["location"], e["slots"]] for e in spec["episodes"]]
    by_case = eps.groupby("case_id")["duration_min"].sum().to_dict()
    assert by_case == pytest.approx(spec["totals"]["minutes_by_case"])
