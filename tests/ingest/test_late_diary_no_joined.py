"""A worker whose diary begins a week into the study, with no ``joined`` date (tables26).

W1 writes one hour a day on case A (CIN) every weekday from Monday 2 to Friday 13 March
2026; W2 one hour a day on case B (CP) from Monday 9 to Friday 13 only, and the workers
table has no ``joined`` column (or a blank one). The guide reads W2's first week as days
not in post, as a joiner's: out of the diary completeness (5 of 5 of W2's days complete,
none missing) and out of B's case-months, the same figures a ``joined`` date of 9 March
gives: by hand CIN 10 h over 10 case-days and CP 5 h over 5, both 1 h a day x 21.0744 =
21.0744 h per case-month. Were W2 in post and writing nothing, the five days were missing:
out of the hours and the case-months too (the same 21.0744), but the completeness would be
15 of 20 worker-days, not 15 of 15. Before, nothing said which was read; now a warning names
W2, their first diary day and the fix (a ``joined`` date), and none is given when the date
is there.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study

DAYS = pd.bdate_range("2026-03-02", "2026-03-13")


def _diary() -> pd.DataFrame:
    rows = [{"worker_id": w, "case_id": c, "activity": "visit",
             "start": d + pd.Timedelta(hours=9), "end": d + pd.Timedelta(hours=10)}
            for w, c, days in (("W1", "A", DAYS), ("W2", "B", DAYS[5:])) for d in days]
    return pd.DataFrame(rows)


CASES = pd.DataFrame({"case_id": ["A", "B"], "case_type": ["CIN", "CP"],
                      "worker_id": ["W1", "W2"]})


def _run(workers):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        run = run_study(_diary(), CASES, workers, sensitivity=False, n_boot=19, min_workers=1)
    return run, [str(w.message) for w in said if "diary begins" in str(w.message)]


@pytest.mark.parametrize("joined", [None, [pd.NaT, pd.NaT]], ids=["no column", "blank"])
def test_a_late_diary_with_no_joined_date_is_named(joined):
    workers = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0})
    if joined is not None:
        workers["joined"] = joined
    run, said = _run(workers)
    assert run.guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
        {"CIN": 21.0744, "CP": 21.0744}, abs=1e-4)
    assert len(said) == 1 and "W2 (first diary day 2026-03-09, 5 weekdays in)" in said[0]
    assert "joined" in said[0] and "W1" not in said[0]


def test_no_word_when_the_joined_date_is_given():
    workers = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0,
                            "joined": pd.to_datetime([None, "2026-03-09"])})
    run, said = _run(workers)
    assert said == []
    assert run.guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
        {"CIN": 21.0744, "CP": 21.0744}, abs=1e-4)


def test_an_early_pilot_row_is_named_not_every_other_worker():
    """review26: one pilot row of W1 a fortnight before the study moved the study's first
    diary day back, and the warning named every other worker as late (10-11 weekdays in).
    By hand: W1 has rows on 2 March and from 16 March, W2-W4 from 16 March: 3 of 4 diaries
    begin 10 weekdays after 2 March, so the start is the odd one out, named by its worker."""
    import pandas as pd

    from timestudy.ingest.holder_ids import late_diaries

    eps = pd.DataFrame({"worker_id": ["W1", "W1", "W2", "W3", "W4"],
                        "diary_date": pd.to_datetime(["2026-03-02", "2026-03-16", "2026-03-16",
                                                      "2026-03-16", "2026-03-17"])})
    said = late_diaries(eps, pd.DataFrame({"worker_id": ["W1", "W2", "W3", "W4"]}))
    assert said.startswith("3 of 4 workers' diaries begin 5 or more weekdays after the "
                           "study's first diary day (2026-03-02), which comes from the "
                           "diaries of W1")
    assert "pilot" in said
