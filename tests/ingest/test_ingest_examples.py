"""The examples of real exports in data_schema/examples: each quirk read as its tool means it."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.schema import EXAMPLES


def test_wombat_export_zero_length_pauses_multitasking_and_night_session():
    r = read_diary(EXAMPLES / "wombat_export.csv", warn=False)
    eps = r.episodes
    assert r.report.rejected_by_reason == {"long_running_timer": 1}  # 1 week and 05:24:59
    zero = eps[eps["flags"].str.contains("instantaneous")]
    assert len(zero) == 2 and (zero["duration_min"] == 0).all()
    assert (zero["start"] == zero["end"]).all()  # never 24 hours
    paused = eps[eps["task_id"] == "10175_20007_1"]
    assert paused["fragment"].tolist() == [1, 2] and paused["duration_min"].sum() == 25
    night = eps[eps["session_id"] == "20002"].set_index("source_row")
    assert night["start"].max() == pd.Timestamp("2025-04-02 00:12:40")  # the next day
    assert (night["diary_date"] == pd.Timestamp("2025-04-01")).all()
    assert set(eps["site"]) == {"QEH", "ECPC"} and eps["worker_id"].iloc[0].count("/") == 1
    account = r.report.details["minutes"]
    assert account["minutes_in"] == pytest.approx(
        account["minutes_accepted"] + account["minutes_rejected"])
    assert r.report.details["merged_spellings"] == {"site": {"QEH": ["Q.E.H.", "QEH", "Qeh"]}}


def test_toggl_timers():
    r = read_diary(EXAMPLES / "toggl_timers.csv", warn=False)
    assert r.report.rejected_by_reason == {"long_running_timer": 1, "running_timer": 1}
    assert r.report.warnings_by_code["instantaneous"] == 2
    assert r.report.warnings_by_code["duration_mismatch"] == 2
    assert r.report.details["minutes"]["difference"] == 0


def test_time_use_diaries_with_their_mappings():
    atus = read_diary(EXAMPLES / "timeuse_atus.csv", mapping=EXAMPLES / "timeuse_atus.mapping.yaml",
                      warn=False)
    per_diary = atus.episodes.groupby("worker_id")["duration_min"].sum()
    assert per_diary.tolist() == [1440.0, 1440.0]
    assert atus.episodes["diary_date"].nunique() == 2  # 2 diaries, 2 diary days
    hetus = read_diary(EXAMPLES / "timeuse_hetus.csv",
                       mapping=EXAMPLES / "timeuse_hetus.mapping.yaml", warn=False)
    assert hetus.episodes["duration_min"].sum() == 2820
    assert hetus.secondary["duration_min"].sum() == 270
    assert not hetus.secondary["counts_in_total"].any()


def test_participant_ids_folded_when_asked():
    text = pd.read_csv(EXAMPLES / "wombat_export.csv", dtype=str, keep_default_na=False)
    text.loc[text["session id"] == "20001", "participant id"] = ["SW 1", "sw1", "SW1", "Sw 1",
                                                                  "SW1"]
    plain = read_diary(text, layout="wombat", warn=False).episodes
    folded = read_diary(text, mapping={"layout": "wombat", "participant_ids": "person",
                                       "normalise_keys": ["site", "participant_id"]},
                        warn=False).episodes
    assert plain.loc[plain["session_id"] == "20001", "worker_id"].nunique() == 4
    assert set(folded.loc[folded["session_id"] == "20001", "worker_id"]) == {"SW1"}
