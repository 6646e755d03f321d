"""data_quality.json carries ingest's account of minutes, with the minutes under other entries.

Before, the published quality summary had the rows read, accepted and rejected but not the
minutes: a diary whose entries overlap said nothing of the minutes counted once for others.
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import pytest

from timestudy import read_diary
from timestudy.report.run_sections import quality_summary

SAME_TIMES = (
    "worker_id,case_id,start,end,activity\n"
    "W1,C1,2026-03-09T09:00,2026-03-09T10:00,home visit\n"
    "W1,C2,2026-03-09T09:00,2026-03-09T10:00,home visit\n"
    "W1,C1,2026-03-09T10:00,2026-03-09T10:30,case notes\n"
)


def test_two_entries_at_the_same_times_in_the_minutes_account(tiny_run, tmp_path):
    """By hand: two visits 09:00-10:00 (60 min each, siblings written once per child) and
    notes 10:00-10:30 (30). Read and accepted: 60 + 60 + 30 = 150. The visits share their
    hour, 30 each, so counted 30 + 30 + 30 = 90 and under other entries 150 - 90 = 60;
    accepted = counted + under. No line lists in the published summary."""
    path = tmp_path / "same_times.csv"
    path.write_text(SAME_TIMES)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ingest = read_diary(path, warn=False)
    q = quality_summary(dataclasses.replace(tiny_run[1], ingest=ingest))
    m = q["minutes"]
    assert (m["minutes_read"], m["minutes_accepted"], m["minutes_rejected"]) == (150, 150, 0)
    assert (m["minutes_counted"], m["minutes_under_other_entries"]) == (90.0, 60.0)
    assert not any(isinstance(v, list | tuple | dict) for v in m.values())
    json.dumps(q)


def test_data_quality_json_has_the_minutes(tiny_run, tiny_outputs):
    """The file written for a run: its account is the run's, and accepted = counted +
    under other entries (to 4 decimals, as the account rounds)."""
    m = json.loads(tiny_outputs["data_quality.json"].read_text())["minutes"]
    assert m["minutes_accepted"] == pytest.approx(
        m["minutes_counted"] + m["minutes_under_other_entries"], abs=1e-3
    )
    assert m["minutes_counted"] == pytest.approx(
        tiny_run[1].ingest.episodes["counted_min"].sum(), abs=1e-3
    )
