"""A case id spelt two ways is one case: :func:`timestudy.ingest.case_ids.match_case_ids`.

Hand-made diaries of a few rows on Monday 9 March 2026; every count and minute below is
worked by hand.
"""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary
from timestudy.ingest.case_ids import match_case_ids

CASES = pd.DataFrame({"case_id": ["C1", "C2", "0123"], "case_type": ["CP", "CIN", "CLA"]})


def _diary(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Rows of (worker, start, end, activity, case) on Monday 9 March 2026."""
    return pd.DataFrame({
        "worker_id": [r[0] for r in rows],
        "start": [f"2026-03-09T{r[1]}" for r in rows],
        "end": [f"2026-03-09T{r[2]}" for r in rows],
        "activity": [r[3] for r in rows],
        "case_id": [r[4] for r in rows],
    })


def _matched(rows, cases=CASES):
    return match_case_ids(read_diary(_diary(rows), cases=cases, warn=False), cases)


def _messages(got) -> list[str]:
    return [w["message"] for w in got.report.details.get("warnings", ())]


def test_a_case_id_in_other_letters_is_the_tables_case():
    """W1 09:00-10:00 on ``c1`` and 10:00-11:00 on ``C 2``: the table lists C1 and C2, so
    both rows take the table's spelling; no row repeats another, so 2 read = 2 accepted,
    120 minutes counted, no ``unknown_case`` flag left (the reader flagged both)."""
    before = read_diary(_diary([("W1", "09:00", "10:00", "Home visit", "c1"),
                                ("W1", "10:00", "11:00", "Case notes", "C 2")]),
                        cases=CASES, warn=False)
    assert before.report.warnings_by_code == {"unknown_case": 2}
    got = match_case_ids(before, CASES)
    r = got.report
    assert got.episodes["case_id"].tolist() == ["C1", "C2"]
    assert (r.n_read, r.n_accepted, r.n_duplicates) == (2, 2, 0)
    assert got.episodes["counted_min"].tolist() == [60.0, 60.0]
    assert got.episodes["flags"].tolist() == ["", ""]
    assert r.warnings_by_code == {}
    assert r.details["case_ids"]["folded"] == [
        {"as_read": "C 2", "case_id": "C2", "rows": 1, "duplicates": 0},
        {"as_read": "c1", "case_id": "C1", "rows": 1, "duplicates": 0}]
    assert _messages(got) == [
        "case id 'C 2' is 'C2' of the cases table (case and spaces folded): 1 row, 0 of them "
        "repeating a row of 'C2' exactly (counted once)",
        "case id 'c1' is 'C1' of the cases table (case and spaces folded): 1 row, 0 of them "
        "repeating a row of 'C1' exactly (counted once)"]


def test_a_second_spelling_of_a_row_is_an_exact_duplicate_counted_once():
    """W1 09:00-10:00 Home visit on C1, and the same row on ``c1`` (a second export). The
    reader keeps both (two cases to it): the second is wholly covered, 0 minutes counted,
    flagged ``overlap`` and ``unknown_case``. Folded, it repeats the first in every column:
    2 read = 1 accepted + 1 duplicate; 60 minutes in = 60 accepted (not 120); no flags."""
    got = _matched([("W1", "09:00", "10:00", "Home visit", "C1"),
                    ("W1", "09:00", "10:00", "Home visit", "c1")])
    r = got.report
    assert got.episodes["case_id"].tolist() == ["C1"]
    assert (r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates) == (2, 1, 0, 1)
    assert got.episodes["counted_min"].tolist() == [60.0]
    assert got.episodes["flags"].tolist() == [""]
    assert r.warnings_by_code == {}
    m = r.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"]) == (60.0, 60.0)
    assert _messages(got) == [
        "case id 'c1' is 'C1' of the cases table (case and spaces folded): 1 row, 1 of them "
        "repeating a row of 'C1' exactly (counted once)"]


def test_other_workers_rows_keep_their_flags_and_minutes():
    """W2's rows (no folding) are left as read: W2 09:00-10:00 and 09:30-10:30 on C2 count
    60 + 30 minutes with one ``overlap``; W1's ``c1`` row is folded. Flags after: overlap 1,
    no unknown_case."""
    got = _matched([("W1", "09:00", "10:00", "Home visit", "c1"),
                    ("W2", "09:00", "10:00", "Home visit", "C2"),
                    ("W2", "09:30", "10:30", "Case notes", "C2")])
    assert got.episodes["counted_min"].tolist() == [60.0, 60.0, 30.0]
    assert got.report.warnings_by_code == {"overlap": 1}


def test_an_id_not_in_the_table_is_named_and_a_leading_zero_suggested_not_applied():
    """``123`` (Excel dropped the 0 of ``0123``): no table id folds to it, so it stays
    ``123`` (in no case-month, flagged ``unknown_case``) and the warning names it, its 1 row
    and 1.5 h (09:00-10:30), and suggests ``0123``; ``C9`` has no near id."""
    got = _matched([("W1", "09:00", "10:30", "Home visit", "123"),
                    ("W1", "11:00", "11:15", "Phone call", "C9")])
    assert got.episodes["case_id"].tolist() == ["123", "C9"]
    assert got.report.warnings_by_code == {"unknown_case": 2}
    assert got.report.n_accepted == 2
    assert _messages(got) == [
        "case id '123' is not in the cases table: its 1 row (1.5 h recorded) is in no "
        "case-month, so in no case's hours; add it to the cases table or correct its "
        "spelling in the diary (did you mean '0123'? its digits differ only by leading "
        "zeros; not applied)",
        "case id 'C9' is not in the cases table: its 1 row (0.2 h recorded) is in no "
        "case-month, so in no case's hours; add it to the cases table or correct its "
        "spelling in the diary"]
    assert got.report.details["case_ids"]["unknown"][0] == {
        "case_id": "123", "rows": 1, "hours": 1.5, "near": "0123", "ambiguous": []}


def test_an_id_that_folds_to_two_table_ids_is_not_guessed():
    """The table lists ``AB1`` and ``ab1``; the diary's ``Ab1`` folds to both: left as read,
    with a warning naming both."""
    cases = pd.DataFrame({"case_id": ["AB1", "ab1"], "case_type": ["CP", "CP"]})
    got = _matched([("W1", "09:00", "10:00", "Home visit", "Ab1")], cases)
    assert got.episodes["case_id"].tolist() == ["Ab1"]
    (message,) = _messages(got)
    assert message.endswith("(it matches 'AB1' and 'ab1' once case and spaces are folded: "
                            "not guessed)")


def test_a_case_listed_once_per_period_is_one_id():
    """C1 on two rows of the cases table (two periods): ``c1`` folds to it."""
    cases = pd.DataFrame({"case_id": ["C1", "C1"], "case_type": ["CIN", "CP"],
                          "opened": ["2026-01-05", "2026-03-02"],
                          "closed": ["2026-03-02", None]})
    got = _matched([("W1", "09:00", "10:00", "Home visit", "c1")], cases)
    assert got.episodes["case_id"].tolist() == ["C1"]


def test_a_cell_naming_several_cases_is_left_alone():
    """``C1;C2`` names two known cases: the reader's several-cases warning covers it; this
    rule neither folds it nor warns again."""
    got = _matched([("W1", "09:00", "10:00", "Home visit", "C1;C2")])
    assert got.episodes["case_id"].tolist() == ["C1;C2"]
    assert "case_ids" not in got.report.details


def test_nothing_to_do_returns_the_same_result():
    """Every id in the table, no cases table, or an empty one (an observation study): the
    result as it was."""
    read = read_diary(_diary([("W1", "09:00", "10:00", "Home visit", "C1")]), warn=False)
    assert match_case_ids(read, CASES) is read
    assert match_case_ids(read, None) is read
    assert match_case_ids(read, CASES.iloc[:0]) is read
