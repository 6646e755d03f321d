"""A case id spelt two ways is one case: :func:`timestudy.run_study` end to end, with
:func:`timestudy.ingest.case_ids.match_case_ids` wired as the pipeline will call it (right
after ``match_worker_ids``, with the cases table as read: ``wired`` below).

The audit's files (tests/data/worker_ids, from audit 7): the base week is 5 workers (W1-W5,
1 FTE and 37 contracted hours each) keeping Monday 9 to Friday 13 March 2026, each day
09:00-12:00 a home visit and 12:30-16:30 case notes on their own CP case (7 h of case work)
and a 30-minute lunch. A case held a whole week is 5 / 21.0744 of a case-month (a
case-month is 21.07 working days: panels/exposure.py).
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timestudy.pipeline as pipeline
from timestudy import run_study, simulate_study
from timestudy.ingest.case_ids import match_case_ids
from timestudy.ingest.diary import read_cases
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

DATA = Path(__file__).parent / "data" / "worker_ids"
MONTH = 5 / WORKING_DAYS_PER_MONTH  # case-months in a week a case is held (working days)
AVAILABLE_A_MONTH = 37 * (365.25 / 7 - 43 / 5) / 12  # 134.367 h
# Every run leaves out the pieces sensitivity (the refits of the other windows, a quarter of
# each run's processor time): no figure or warning read here comes from it (the guide's
# tables, headline and warnings the same with it or without, checked on the audit's files
# and the clean study).
RUN = {"min_workers": 1, "n_boot": 19, "sensitivity": False}


@pytest.fixture
def wired(monkeypatch):
    """The lead's wiring, simulated: ``match_case_ids(match_worker_ids(...), cases_t,
    mapping)``. Returns a function taking the cases table (as ``run_study`` will read it)."""
    original = pipeline.match_worker_ids

    def wire(cases) -> None:
        table = read_cases(cases)
        monkeypatch.setattr(pipeline, "match_worker_ids",
                            lambda ingest, workers, mapping: match_case_ids(
                                original(ingest, workers, mapping), table, mapping))
    return wire


def _run(diary, cases=DATA / "cases5.csv"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = run_study(diary, cases, DATA / "workers5.csv", **RUN)
    return run, [str(w.message) for w in caught]


def test_the_audits_guide_file_folds_c3(wired):
    """s7_guide.csv: the base week with W1's Friday written ``w1 ``, W2's Friday ``W02``
    (rejected: W2's Friday is a missing day, 0.8 of a week of C2 held) and W3's Thursday
    case ``c3``. Before: ``c3`` is in no case-month, CP = (3 x 35 + 28 + 28) / (4.8 x
    5/21.0744) = 161 / 1.138827 = 141.37 h. By hand after: ``c3`` is C3 (2 rows, 7 h), so

        CP = (3 x 35 + 28 [W2] + 35 [W3]) / (4.8 x 5/21.0744) = 168 / 1.138827 = 147.5208 h,

    the base week's; FTE needed 5 x 147.5208 / 134.367 = 5.4895: 0.4895 short. No hours are
    left in no case-month. (In the calendar month before the working-day exposure: 152.1875
    h, 0.6631 short.)"""
    wired(DATA / "cases5.csv")
    run, caught = _run(DATA / "s7_guide.csv")
    r = run.ingest.report
    assert (r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates) == (75, 72, 3, 0)
    assert "c3" not in set(run.episodes["case_id"].dropna())
    cp = run.guide.case_types.loc["CP", "hours_per_case_month"]
    assert cp == pytest.approx(168 / (4.8 * MONTH)) == pytest.approx(147.5208, abs=1e-4)
    assert run.guide.meta["headline"]["gap_fte"]["estimate"] == pytest.approx(-0.4895, abs=1e-4)
    assert any("case id 'c3' is 'C3' of the cases table (case and spaces folded): 2 rows"
               in m for m in caught)
    assert not any("in no case-month" in m for m in caught)


def test_a_case_id_that_lost_its_leading_zero_is_named_not_applied(wired, tmp_path):
    """cases5.csv with C3 written ``0123`` and the diary's C3 rows written ``123`` (Excel
    dropped the zero): not folded (a guess), so W3's 35 h are in no case-month and the
    warning names ``123`` with its 10 rows and 35.0 h and suggests ``0123``."""
    cases = tmp_path / "cases.csv"
    cases.write_text((DATA / "cases5.csv").read_text().replace("C3,", "0123,"))
    diary = tmp_path / "diary.csv"
    diary.write_text((DATA / "s7_guide.csv").read_text().replace(",C3", ",123")
                     .replace(",c3", ",123"))
    wired(cases)
    run, caught = _run(diary, cases)
    assert "123" in set(run.episodes["case_id"].dropna())
    assert any("case id '123' is not in the cases table: its 10 rows (35.0 h recorded) are in "
               "no case-month" in m and "did you mean '0123'?" in m for m in caught)


# ------------------------------------------------------------------ any respelling, same guide
@pytest.fixture(scope="module")
def clean():
    s = simulate_study(n_workers=6, weeks=1, seed=5)
    diary = s.diary.drop(columns=[c for c in s.diary if c.startswith("true_")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(diary, s.cases, s.workers, **RUN)
    return s, diary, run


def _respell(ids: pd.Series, rng: random.Random, changed: bool = False) -> list[str]:
    """Each id with its letters' case flipped at random and spaces added inside and around
    (``changed``: always other than the id once the spaces around it are trimmed)."""
    out = []
    for text in ids:
        chars = [c.swapcase() if rng.random() < 0.5 else c for c in text]
        cut = rng.randint(1, len(chars) - 1) if changed else rng.randint(0, len(chars))
        inner = rng.choice(["", " ", "  ", "\u00a0"])
        if changed and "".join(chars) == text:
            inner = inner or " "
        pad = rng.choice(["", " ", "\t"])
        out.append(pad + "".join(chars[:cut]) + inner + "".join(chars[cut:]) + pad)
    return out


def _numbers(run) -> dict:
    g = run.guide
    return {"case_types": g.case_types, "available": g.available, "tasks": g.tasks,
            "category_shares": g.category_shares, "n_workers": g.meta["n_workers"],
            "headline": g.meta["headline"]}


# 3 examples a run, each a whole study run (~1 s): the folding is also worked by hand on
# the audit's files (test_the_audits_guide_file_folds_c3,
# test_a_case_id_that_lost_its_leading_zero_is_named_not_applied); every CI run draws new ones.
@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), share=st.sampled_from([0.1, 0.5, 1.0]),
       copies=st.sampled_from([0.0, 0.2]))
def test_any_case_or_space_respelling_of_case_ids_gives_the_clean_guide(
        clean, monkeypatch, seed, share, copies):
    """Property: respell the case ids of any rows (case, spaces around and inside), and
    append copies of any rows with their case ids respelt (a second export of the same
    entries): with the rule wired, the guide's numbers are the clean diary's, to the last
    digit (each copy an exact duplicate, counted once)."""
    s, diary, expected = clean
    table = read_cases(s.cases)
    original = pipeline.match_worker_ids
    monkeypatch.setattr(pipeline, "match_worker_ids", lambda ingest, workers, mapping:
                        match_case_ids(original(ingest, workers, mapping), table, mapping))
    rng = random.Random(seed)
    pick = np.random.default_rng(seed)
    respelt = diary.copy()
    some = (pick.random(len(diary)) < share) & respelt["case_id"].notna().to_numpy()
    respelt.loc[some, "case_id"] = _respell(respelt.loc[some, "case_id"], rng)
    again = diary.loc[(pick.random(len(diary)) < copies) & diary["case_id"].notna()].copy()
    again["case_id"] = _respell(again["case_id"], rng, changed=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = run_study(pd.concat([respelt, again], ignore_index=True), s.cases, s.workers, **RUN)
    assert got.ingest.report.n_accepted == expected.ingest.report.n_accepted
    want = _numbers(expected)
    for name, value in _numbers(got).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, want[name], check_exact=False, rtol=1e-12)
        else:
            assert value == want[name], name
