"""A worker id spelt two ways is one worker: :func:`timestudy.ingest.worker_ids.match_worker_ids`.

Hand-made diaries of a few rows; every count and minute below is worked by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest.worker_ids import fold_id, match_worker_ids

WORKERS = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [1.0, 1.0]})


def _diary(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Rows of (worker, start, end, activity, case) on Monday 9 March 2026."""
    return pd.DataFrame({
        "worker_id": [r[0] for r in rows],
        "start": [f"2026-03-09T{r[1]}" for r in rows],
        "end": [f"2026-03-09T{r[2]}" for r in rows],
        "activity": [r[3] for r in rows],
        "case_id": [r[4] for r in rows],
    })


def _matched(rows, workers=WORKERS):
    return match_worker_ids(read_diary(_diary(rows), workers=workers, warn=False), workers)


def test_a_second_spelling_of_a_row_is_an_exact_duplicate_counted_once():
    """W1 09:00-10:00 and ``w1 `` 09:00-10:00, same activity and case: one row of 60 min.

    The reader keeps both (two workers to it); folded, the second repeats the first in every
    column: 2 read = 1 accepted + 1 duplicate, 60 minutes in = 60 accepted.
    """
    got = _matched([("W1", "09:00", "10:00", "Home visit", "C1"),
                    ("w1 ", "09:00", "10:00", "Home visit", "C1")])
    r = got.report
    assert got.episodes["worker_id"].tolist() == ["W1"]
    assert (r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates) == (2, 1, 0, 1)
    assert got.episodes["counted_min"].tolist() == [60.0]
    assert got.episodes["flags"].tolist() == [""]  # no unknown_worker left
    assert r.warnings_by_code == {}
    m = r.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]) == (60.0, 60.0, 0.0)
    assert r.details["worker_ids"]["folded"] == [
        {"as_read": "w1", "worker_id": "W1", "rows": 1, "duplicates": 1}]
    assert [w["message"] for w in r.details["warnings"]] == [
        "worker id 'w1' is 'W1' of the workers table (case and spaces folded): 1 row, 1 of "
        "them repeating a row of 'W1' exactly (counted once)"]


def test_time_two_spellings_recorded_at_once_is_counted_once():
    """W1 09:00-10:00 "Home visit" and ``W 1`` 09:30-10:30 "Visit" (other words: no
    duplicate). One worker: the second is covered 09:30-10:00, so it counts 30 of its 60
    minutes and is flagged ``overlap``; 90 minutes counted in all, not 120."""
    got = _matched([("W1", "09:00", "10:00", "Home visit", "C1"),
                    ("W 1", "09:30", "10:30", "Visit", "C1")])
    e = got.episodes
    assert e["worker_id"].tolist() == ["W1", "W1"]
    assert e["counted_min"].tolist() == [60.0, 30.0]
    assert e["flags"].tolist() == ["", "overlap"]
    assert got.report.warnings_by_code == {"overlap": 1}
    assert got.report.n_duplicates == 0


def test_an_id_not_in_the_table_is_rejected_with_its_rows_hours_and_a_near_id():
    """``W02`` (2 rows: 09:00-10:30 and 11:00-11:30, 2.0 h) is no table id, even folded; its
    digits differ from ``W2``'s only by a leading zero, which is suggested, not applied.
    3 read = 1 accepted (W1) + 2 rejected; 180 minutes in = 60 accepted + 120 rejected."""
    got = _matched([("W1", "09:00", "10:00", "Home visit", "C1"),
                    ("W02", "09:00", "10:30", "Home visit", "C2"),
                    ("W02", "11:00", "11:30", "Case notes", "C2")])
    r = got.report
    assert got.episodes["worker_id"].tolist() == ["W1"]
    assert (r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates) == (3, 1, 2, 0)
    assert r.rejected_by_reason == {"unknown_worker": 2}
    assert r.warnings_by_code == {}
    m = r.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]) == (180, 60, 120)
    assert r.details["worker_ids"]["unknown"] == [
        {"worker_id": "W02", "rows": 2, "hours": 2.0, "near": "W2"}]
    assert got.rejects["code"].tolist() == ["unknown_worker"] * 2
    assert got.rejects["worker_id"].tolist() == ["W02", "W02"]
    # as the diary wrote them (before fix27f: "2026-03-09T09:00:00", the time as read)
    assert got.rejects["start"].tolist() == ["2026-03-09T09:00", "2026-03-09T11:00"]
    assert r.details["warnings"][-1]["message"] == (
        "worker id 'W02' is not in the workers table: its 2 rows are left out of every figure "
        "(2.0 h recorded; the guide has no FTE or contracted hours for it); add it to the "
        "workers table or correct its spelling in the diary (did you mean 'W2'? its digits "
        "differ only by leading zeros)")


def test_an_id_folding_to_two_table_ids_is_not_guessed():
    """The table has ``A1`` and ``a1`` (two workers to it): ``A 1`` folds to both, so it is
    neither; rejected, with no suggestion (leading zeros do not decide it either)."""
    table = pd.DataFrame({"worker_id": ["A1", "a1"], "fte": [1.0, 1.0]})
    got = _matched([("A1", "09:00", "10:00", "Home visit", "C1"),
                    ("A 1", "11:00", "12:00", "Home visit", "C1")], table)
    assert got.episodes["worker_id"].tolist() == ["A1"]
    assert got.report.details["worker_ids"] == {
        "folded": [], "unknown": [{"worker_id": "A 1", "rows": 1, "hours": 1.0, "near": None}]}
    assert "did you mean" not in got.report.details["warnings"][-1]["message"]


def test_a_diary_of_table_ids_is_left_as_it_is():
    result = read_diary(_diary([("W1", "09:00", "10:00", "Home visit", "C1")]), warn=False)
    assert match_worker_ids(result, WORKERS) is result
    assert match_worker_ids(result, None) is result


def test_unknown_case_and_other_flags_are_carried_over():
    """Folded rows keep the flags the reader gave them that are not worked out again
    (``unknown_case``: ``C9`` is in no cases table) and take those worked out again for
    their worker (``gap_before``: 10:00 to 11:30 is 90 minutes, over the 60 of the default;
    as a worker of its own the reader could not see it)."""
    cases = pd.DataFrame({"case_id": ["C1"], "case_type": ["CP"], "worker_id": ["W1"]})
    diary = _diary([("W1", "09:00", "10:00", "Home visit", "C1"),
                    ("w1", "11:30", "12:00", "Home visit", "C9")])
    got = match_worker_ids(read_diary(diary, workers=WORKERS, cases=cases, warn=False), WORKERS)
    assert got.episodes["flags"].tolist() == ["", "gap_before;unknown_case"]
    assert got.report.warnings_by_code == {"gap_before": 1, "unknown_case": 1}


@pytest.mark.parametrize("spelt", ["w1", " W1 ", "W 1", "w\u00a01", "\tw1"])
def test_fold_id_folds_case_and_every_space(spelt):
    assert fold_id(pd.Index([spelt])).tolist() == ["w1"]


def test_a_dated_diary_with_two_spellings_keeps_every_minute():
    """review12: in a diary without times each spelling's rows were placed from 04:00 as two
    workers; folded into one, they sat on the same invented times and 75 of 180 minutes were
    counted as overlap (no flag, the account still saying all accepted). By hand: W1's day is
    90 + 15 + 15 + 60 = 180 minutes, placed one after another in file order (04:00, 05:30,
    05:45, 06:00), and the two equal phone calls (one per spelling) are both kept."""
    import warnings

    from timestudy import read_diary

    diary = pd.DataFrame({"worker_id": ["W1", "W1", "w1", "w1"], "date": ["2026-03-09"] * 4,
                          "activity": ["Home visit", "Phone call", "Phone call", "Case notes"],
                          "case_id": ["C1", "C2", "C2", "C1"], "duration_min": [90, 15, 15, 60]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = match_worker_ids(read_diary(diary, warn=False), pd.DataFrame({"worker_id": ["W1"]}))
    e = got.episodes.sort_values("start")
    assert e["counted_min"].sum() == 180.0 and len(e) == 4 and got.report.n_duplicates == 0
    assert e["start"].dt.strftime("%H:%M").tolist() == ["04:00", "05:30", "05:45", "06:00"]
    assert (e["worker_id"] == "W1").all()
