"""Validation: every row accepted, rejected or counted as a duplicate; warnings; clock changes.

The simulator's ``faults`` table says what ingest should make of each corrupted row,
so the outcome of every faulty row is checked against it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import DataQualityWarning, read_diary
from timestudy.errors import SchemaError

T = pd.Timestamp


def identity_holds(report) -> bool:
    return report.n_read == report.n_accepted + report.n_rejected + report.n_duplicates


@pytest.fixture(scope="module")
def faulty(faulty_study):
    return read_diary(
        faulty_study.diary, cases=faulty_study.cases, workers=faulty_study.workers, warn=False
    )


def test_faulty_rows_meet_the_simulators_expectations(faulty_study, faulty):
    faults = faulty_study.faults
    rejected = set(faulty.rejects["source_row"] - 1)  # DataFrame rows are numbered from 1
    accepted = faulty.episodes.set_index(faulty.episodes["source_row"] - 1)
    for row in faults.itertuples():
        if row.expected == "rejected":
            assert row.row in rejected, row
        elif row.expected == "duplicate":
            assert row.row not in rejected and row.row not in accepted.index, row
        elif row.fault == "overlap" and row.row - 1 in rejected:
            continue  # it overlapped an episode that was itself rejected: nothing to overlap
        else:
            assert row.fault in accepted.loc[row.row, "flags"].split(";"), row
    r = faulty.report
    assert identity_holds(r)
    assert r.n_duplicates == (faults["expected"] == "duplicate").sum()
    assert r.n_rejected == (faults["expected"] == "rejected").sum()
    assert r.n_read == len(faulty_study.diary)
    assert set(accepted.index) | rejected == set(range(r.n_read)) - set(
        faults.loc[faults["expected"] == "duplicate", "row"]
    )


def test_reject_rows_carry_line_column_reason_and_code(faulty_study, faulty):
    rej = faulty.rejects
    assert list(rej.columns[-4:]) == ["source_row", "column", "reason", "code"]
    assert set(faulty_study.diary.columns) <= set(rej.columns)  # the original values are kept
    bad_time = rej[rej["reason"].str.contains("'25:70'")]
    if len(bad_time):
        assert (
            bad_time["reason"].iloc[0] == "start '25:70' is not a time (hours 0-23, minutes 0-59)"
        )
        assert bad_time["column"].iloc[0] == "start"
    assert set(rej["code"]) <= {"bad_datetime", "end_before_start", "missing_required"}
    swapped = rej[rej["code"] == "end_before_start"].iloc[0]
    assert "is before the start" in swapped["reason"]
    missing = rej[rej["code"] == "missing_required"]
    assert (missing["column"] == "worker_id").all() and (missing["worker_id"] == "").all()


def test_rejected_25_70_from_a_csv_names_the_line(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text("worker_id,start,end\nW1,2026-03-09T09:00,2026-03-09T10:00\nW1,25:70,11:00\n")
    result = read_diary(path)
    assert result.rejects[["source_row", "column", "reason", "code"]].values.tolist() == [
        [3, "start", "start '25:70' is not a time (hours 0-23, minutes 0-59)", "bad_datetime"]
    ]


def test_output_columns_and_dtypes(faulty):
    eps = faulty.episodes
    assert list(eps.columns) == [
        "worker_id",
        "start",
        "end",
        "duration_min",
        "activity",
        "activity_code",
        "task_type",
        "case_id",
        "secondary_activity",
        "location",
        "instance_id",
        "true_task_type",
        "true_piece_id",
        "true_category",
        "source_row",
        "diary_date",
        "counted_min",
        "flags",
    ]
    for col in ("worker_id", "activity", "task_type", "case_id", "flags"):
        assert eps[col].dtype == "string", col
    assert eps["start"].dtype.kind == "M" and eps["end"].dtype.kind == "M"
    assert eps["start"].dt.tz is None
    assert eps["duration_min"].dtype == float and eps["counted_min"].dtype == float
    assert eps["source_row"].dtype == np.int64
    assert eps["task_type"].isna().all()  # created, as all-NA, because the input had none
    assert (eps["flags"].notna()).all()
    order = eps[["worker_id", "start"]].apply(tuple, axis=1).tolist()
    assert order == sorted(order)


def test_clean_simulated_diary_round_trips(clean_study):
    result = read_diary(clean_study.diary)
    eps = result.episodes
    assert result.report.n_rejected == 0 and result.report.n_duplicates == 0
    diary = clean_study.diary.sort_values(["worker_id", "start"], kind="stable")
    assert eps["start"].tolist() == diary["start"].tolist()
    assert np.allclose(eps["duration_min"], diary["duration_min"])
    assert eps["true_task_type"].tolist() == diary["true_task_type"].tolist()
    assert np.allclose(eps["counted_min"], eps["duration_min"])  # the simulator never overlaps


def diary(*rows, **cols):
    frame = pd.DataFrame(rows, columns=["worker_id", "start", "end"])
    for k, v in cols.items():
        frame[k] = v
    return frame


def test_overlaps_are_flagged_and_counted_once():
    """By hand: 09:30-09:45 lies inside 09:00-10:00, an interruption: it counts its own 15
    minutes and the first entry 60 - 15 = 45 (flagged ``overlap``: part of its time is
    counted for another entry). 09:50-10:30 only overlaps the first: the first keeps
    09:50-10:00, so it counts 30 (flagged ``overlap``). W1 counts 45 + 15 + 30 + 30 = 120,
    the time covered. (Until interruptions counted their own minutes: 60, 0, 30, 30, the
    inner entry flagged.)"""
    d = diary(
        ("W1", "2026-03-09T09:00", "2026-03-09T10:00"),
        ("W1", "2026-03-09T09:30", "2026-03-09T09:45"),  # inside the first
        ("W1", "2026-03-09T09:50", "2026-03-09T10:30"),  # 10 minutes overlap
        ("W1", "2026-03-09T11:00", "2026-03-09T11:30"),
        ("W2", "2026-03-09T09:30", "2026-03-09T10:00"),  # another worker: no overlap
    )
    eps = read_diary(d).episodes
    assert eps["counted_min"].tolist() == [45.0, 15.0, 30.0, 30.0, 30.0]
    assert eps["flags"].tolist() == ["overlap", "", "overlap", "", ""]
    w1 = eps[eps["worker_id"] == "W1"]
    assert w1["counted_min"].sum() == 90 + 30  # 09:00-10:30 and 11:00-11:30


def test_gaps_long_episodes_long_days_and_unknown_ids():
    d = diary(
        ("W1", "2026-03-09T05:00", "2026-03-09T18:00"),  # 13 hours
        ("W1", "2026-03-09T19:30", "2026-03-09T23:30"),  # gap of 90 minutes, day of 17 hours
        ("W2", "2026-03-09T09:00", "2026-03-09T10:00"),
        case_id=["C1", None, "C9"],
    )
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    cases = pd.DataFrame({"case_id": ["C1"], "case_type": ["CP"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read_diary(d, workers=workers, cases=cases)
    eps = result.episodes
    assert eps["flags"].tolist() == [
        "long_episode;long_day",
        "gap_before;long_day",
        "unknown_worker;unknown_case",
    ]
    assert result.report.warnings_by_code == {
        "gap_before": 1,
        "long_episode": 1,
        "long_day": 2,
        "unknown_worker": 1,
        "unknown_case": 1,
    }
    assert any(issubclass(w.category, DataQualityWarning) for w in caught)


def test_thresholds_come_from_the_mapping():
    d = diary(
        ("W1", "2026-03-09T09:00", "2026-03-09T09:30"),
        ("W1", "2026-03-09T09:50", "2026-03-09T10:00"),
    )
    assert read_diary(d).episodes["flags"].tolist() == ["", ""]
    eps = read_diary(d, mapping={"gap_minutes": 15}).episodes
    assert eps["flags"].tolist() == ["", "gap_before"]


def test_exact_duplicates_are_counted_not_kept():
    row = ("W1", "2026-03-09T09:00", "2026-03-09T10:00")
    d = diary(row, row, ("W1", "2026-03-09T09:00", "2026-03-09T10:01"), row)
    r = read_diary(d).report
    assert (r.n_read, r.n_accepted, r.n_duplicates) == (4, 2, 2)


def test_duration_and_end_disagreeing_is_flagged_and_the_rule_decides():
    d = diary(("W1", "2026-03-09T09:00", "2026-03-09T10:00"), duration_min=[45])
    result = read_diary(d)
    eps = result.episodes
    assert eps["duration_min"].iloc[0] == 45 and eps["flags"].iloc[0] == "duration_mismatch"
    assert result.report.details["rules"]["minutes_from"] == "duration"
    clock = read_diary(d, mapping={"minutes_from": "clock"})
    assert clock.episodes["duration_min"].iloc[0] == 60
    assert clock.report.details["minutes"]["lines_counted_differently"] == [1]  # a DataFrame


def test_an_end_equal_to_its_start_is_instantaneous_or_rejected_when_asked():
    d = diary(("W1", "2026-03-09T10:00", "2026-03-09T10:00"))
    eps = read_diary(d).episodes
    assert eps["duration_min"].tolist() == [0.0] and eps["flags"].tolist() == ["instantaneous"]
    result = read_diary(d, mapping={"zero_length": "reject"})
    assert result.rejects["code"].tolist() == ["no_length"]


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (("W1", "2026-03-09T10:00", "2026-03-09T09:00"), "end_before_start"),
        (("W1", "2026-03-09T10:00", "2026-03-12T10:00"), "above_maximum"),
        (("W1", "09:30", "10:00"), "bad_datetime"),
        (("W1", "2026-03-09T10:00", None), "missing_end"),
        ((None, "2026-03-09T10:00", "2026-03-09T11:00"), "missing_required"),
        (("W1", None, "2026-03-09T11:00"), "missing_required"),
        (("  ", "2026-03-09T10:00", "2026-03-09T11:00"), "missing_required"),
        (("N/A", "2026-03-09T10:00", "2026-03-09T11:00"), "missing_required"),
    ],
)
def test_reject_codes(row, code):
    result = read_diary(diary(row))
    assert result.rejects["code"].tolist() == [code]
    assert result.report.rejected_by_reason == {code: 1}


def test_time_only_start_says_it_has_no_date():
    reason = read_diary(diary(("W1", "09:30", "10:00"))).rejects["reason"].iloc[0]
    assert reason.startswith("start '09:30' has no date")


@pytest.mark.parametrize("start", ["2026-03-09", "09/03/2026"])
def test_a_start_with_a_date_and_no_time_is_rejected_not_put_at_midnight(start):
    """Read as midnight, a date alone put the entry in the diary day before, out of hours."""
    d = pd.DataFrame({"worker_id": ["W1", "W1"], "start": [start, "2026-03-10T09:00"],
                      "duration_min": ["420", "60"]})
    result = read_diary(d, warn=False)
    assert result.rejects["code"].tolist() == ["bad_datetime"]
    assert result.rejects["reason"].iloc[0].startswith(
        f"start '{start}' is a date with no time of day")
    assert result.episodes["start"].tolist() == [T("2026-03-10 09:00")]
    end = read_diary(diary(("W1", "2026-03-09T09:00", "2026-03-10")), warn=False).rejects
    assert end["code"].tolist() == ["bad_datetime"] and end["column"].tolist() == ["end"]


def test_month_first_dates_are_recognised_and_get_a_hint_when_read_day_first():
    d = diary(("W1", "03/25/2026 09:00", "03/25/2026 10:00"))
    result = read_diary(d)
    assert result.episodes["start"].iloc[0] == T("2026-03-25 09:00")
    assert result.report.details["day_order"].startswith("month-first")
    reason = read_diary(d, dayfirst=True).rejects["reason"].iloc[0]
    assert "dayfirst: false" in reason


def test_a_file_mixing_day_orders_is_refused():
    d = diary(("W1", "03/25/2026 09:00", "03/25/2026 10:00"),
              ("W1", "25/03/2026 11:00", "25/03/2026 12:00"))
    with pytest.raises(SchemaError, match="mixes month-first and day-first"):
        read_diary(d)


def test_duration_range_comes_from_the_schema():
    d = pd.DataFrame(
        {
            "worker_id": ["W1", "W1"],
            "start": ["2026-03-09T09:00"] * 2,
            "duration_min": ["-5", "1500"],
        }
    )
    assert read_diary(d).rejects["code"].tolist() == ["below_minimum", "above_maximum"]


def test_spring_forward_night_is_one_hour_with_a_timezone():
    d = diary(("W1", "2026-03-29T00:30", "2026-03-29T02:30"))
    eps = read_diary(d, timezone="Europe/London").episodes
    assert eps["duration_min"].iloc[0] == 60.0
    assert eps[["start", "end"]].iloc[0].tolist() == [T("2026-03-29 00:30"), T("2026-03-29 02:30")]
    assert eps["flags"].iloc[0] == "clock_change"
    assert read_diary(d).episodes["duration_min"].iloc[0] == 120.0  # no time zone: wall clock


def test_fall_back_night_and_duration_given_with_a_timezone():
    d = diary(("W1", "2025-10-26T00:30", "2025-10-26T02:30"))
    assert read_diary(d, timezone="Europe/London").episodes["duration_min"].iloc[0] == 180.0
    d = pd.DataFrame({"worker_id": ["W1"], "start": ["2026-03-29T00:30"], "duration_min": [90]})
    eps = read_diary(d, timezone="Europe/London").episodes
    assert eps["end"].iloc[0] == T("2026-03-29 03:00")  # 90 elapsed minutes on the wall clock


def test_diary_day_start_from_the_mapping():
    d = diary(("W1", "2026-03-10T03:30", "2026-03-10T04:30"))
    assert read_diary(d).episodes["diary_date"].iloc[0] == T("2026-03-09")
    m = {"diary_day_start": "03:00"}
    assert read_diary(d, mapping=m).episodes["diary_date"].iloc[0] == T("2026-03-10")


def test_timezone_aware_input_is_shown_on_the_local_clock():
    start = pd.Series(pd.to_datetime(["2026-03-29T00:30"]).tz_localize("UTC"))
    d = pd.DataFrame({"worker_id": ["W1"], "start": start, "duration_min": [60.0]})
    eps = read_diary(d, timezone="Europe/London").episodes
    assert eps["start"].iloc[0] == T("2026-03-29 00:30")
    assert eps["end"].iloc[0] == T("2026-03-29 02:30")


def test_timezone_aware_input_without_a_study_time_zone_is_rejected():
    """Read on its own clock it lost its real length (00:30 UTC to 03:30 BST on 29 March:
    120 minutes, read as 180), as a text time with an offset is rejected."""
    start = pd.Series(pd.to_datetime(["2026-03-29T00:30"]).tz_localize("UTC"))
    end = pd.Series(pd.to_datetime(["2026-03-29T02:30"]).tz_localize("UTC"))
    d = pd.DataFrame({"worker_id": ["W1"], "start": start.dt.tz_convert("Europe/London"),
                      "end": end.dt.tz_convert("Europe/London")})
    result = read_diary(d, warn=False)
    assert result.rejects["code"].tolist() == ["offset_without_timezone"] * 2  # start, end
    assert result.rejects["column"].tolist() == ["start", "end"]
    assert result.report.n_rejected == 1 and result.episodes.empty
    assert "set timezone" in result.rejects["reason"].iloc[0]
    eps = read_diary(d, timezone="Europe/London").episodes
    assert eps["counted_min"].tolist() == [120.0]


def test_defaults_fill_blank_cells_and_missing_columns():
    d = pd.DataFrame(
        {
            "start": ["2026-03-09T09:00", "2026-03-09T10:00"],
            "end": ["10:00", "11:00"],
            "location": ["home", " "],
        }
    )
    defaults = {"worker_id": "W7", "location": "office", "team": "North"}
    eps = read_diary(d, mapping={"defaults": defaults}).episodes
    assert eps["worker_id"].tolist() == ["W7", "W7"]
    assert eps["team"].tolist() == ["North", "North"]  # a new extra column, kept
    assert eps["location"].tolist() == ["home", "office"]


def test_empty_diary_gives_an_empty_result():
    result = read_diary(pd.DataFrame({"worker_id": [], "start": [], "end": []}, dtype="str"))
    assert result.report.n_read == 0 and len(result.episodes) == 0
    assert "counted_min" in result.episodes.columns


def test_result_and_report_display():
    result = read_diary(
        diary(("W1", "2026-03-09T09:00", "2026-03-09T10:00"), ("W1", "bad", "2026-03-09T11:00"))
    )
    assert "rows read" in repr(result.report) and "<table" in result._repr_html_()
    assert result.summary().loc["rejected", "value"] == 1
    assert result.to_frame() is result.episodes
    d = result.report.to_dict()
    assert {
        "n_read",
        "n_accepted",
        "n_rejected",
        "n_duplicates",
        "rejected_by_reason",
        "warnings_by_code",
    } <= set(d)


@pytest.mark.parametrize("seed", [5, 8])
def test_faulty_study_written_to_csv(tmp_path, seed):
    """The same expectations through files: line numbers are the row position + 2."""
    from timestudy import simulate_study

    study = simulate_study(n_workers=12, weeks=1, seed=seed, faults=0.05)
    paths = study.write(tmp_path)
    result = read_diary(paths["diary"], cases=paths["cases"], workers=paths["workers"])
    assert identity_holds(result.report)
    rejected = set(result.rejects["source_row"] - 2)
    faults = study.faults
    assert set(faults.loc[faults["expected"] == "rejected", "row"]) <= rejected
    assert result.report.n_duplicates == (faults["expected"] == "duplicate").sum()
    flags = result.episodes.set_index(result.episodes["source_row"] - 2)["flags"]
    for row in faults[faults["expected"] == "warning"].itertuples():
        if not (row.fault == "overlap" and row.row - 1 in rejected):
            assert row.fault in flags.loc[row.row].split(";"), row
