"""The public pipeline on a held-out diary generator it has never seen (issue 15).

The generator (``benchmarks/heldout``) is written from the domain, not from
``timestudy.simulate``; its truth comes from its own labels. The fast tests check
that the pipeline reads its files and conserves minutes; the slow one checks
recovery at 100 workers against the issue's tolerances (direct minutes per piece
within 5%, full hours within 10%). Tasks that miss today are strict xfails with
the miss measured (``benchmarks/RESULTS.md``, "Held-out generator (issue 15)").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from heldout import generate  # noqa: E402
from heldout.check import compare, run_pipeline  # noqa: E402

from timestudy.panels import return_journeys, used_episodes  # noqa: E402

WRITTEN = ("court_statement", "assessment_writeup", "care_plan", "chronology", "conference_report")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    study = generate(20, seed=3)
    return study, run_pipeline(study, tmp_path_factory.mktemp("heldout"), n_boot=19, seed=0)


def test_pipeline_reads_every_row(small):
    study, run = small
    report = run.ingest.report
    assert report.n_rejected == 0
    assert report.n_accepted == len(study.diary)
    assert run.coverage.share_minutes_categorised > 0.99


def test_full_time_over_pieces_is_the_case_time(small):
    _, run = small
    # Case time counts the case-less journeys back from visits (fit_study's return_journeys).
    used = return_journeys(used_episodes(run.episodes, run.models.days))
    assert used["return_journey"].sum() > 0
    work = used.loc[used["category"] != "non_work"]
    # counted minutes: an entry overlapping the one before counts its minutes once (since
    # fix35c's generator, H006's admin 08:10-09:00 after notes to 08:20 on 25 March: 40)
    case_min = work.loc[work["case_id"].notna(), "counted_min"].sum()
    p = run.models.pieces
    assert p.loc[p["case_id"].notna(), "full_min"].sum() == pytest.approx(case_min, rel=1e-9)
    assert p["direct_min"].sum() == pytest.approx(work["counted_min"].sum(), rel=1e-9)
    assert work["duration_min"].sum() - work["counted_min"].sum() == 10


def test_the_generator_writes_what_it_promises(small):
    study, _ = small
    d, c = study.diary, study.complete
    assert d["instance_id"].notna().any() and d["instance_id"].isna().any()
    assert (d["activity"].eq("travel back to office") & d["case_id"].isna()).any()
    multi = study.truth["sittings_per_piece"]
    assert all(multi[t] > 1.3 for t in ("court_statement", "assessment_writeup"))
    direct = c.loc[c["kind"].eq("direct")]
    per_day = direct.groupby(["worker", "day", "case"])["task"].nunique()
    assert (per_day > 1).any()  # several tasks on one case on one day
    # days missing: fewer worker-days in the diary than in the complete one
    days_kept = pd.to_datetime(d["start"]).dt.date.groupby(d["worker_id"]).nunique().sum()
    assert days_kept < c.groupby(["worker", "day"]).ngroups + (d["activity_code"] == "AL").sum()


def test_truth_agrees_with_the_files_written():
    """Hours per case-month of the truth, again from the complete diary and cases files."""
    s = generate(20, seed=5, missing=False)
    start, after = pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-30")
    c = s.cases
    lo = pd.to_datetime(c["opened"]).clip(lower=start)
    hi = pd.to_datetime(c["closed"].replace("", None)).fillna(after).clip(upper=after)
    months = ((hi - lo).dt.days.clip(lower=0) / (365.25 / 12)).groupby(c["case_type"]).sum()
    work = s.diary.loc[~s.diary["activity_code"].isin(["BRK", "AL", "SICK"])]
    ctype = work["case_id"].map(c.set_index("case_id")["case_type"])
    hours = work.groupby(ctype)["duration_min"].sum() / 60
    for k, v in s.truth["hours_per_case_month"].items():
        assert hours[k] / months[k] == pytest.approx(v, rel=1e-5)


@pytest.mark.parametrize("module", ["world", "study"])
def test_generator_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"heldout.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_same_seed_same_study():
    a, b = generate(5, seed=7), generate(5, seed=7)
    pd.testing.assert_frame_equal(a.diary, b.diary)
    assert a.truth == b.truth
    assert not generate(5, seed=8).diary.equals(a.diary)


# Measured at seed 0, 100 workers (see RESULTS.md): tasks whose estimate misses the
# issue's tolerance today, with the mean error over seeds 0-9 (standard error over seeds),
# from benchmarks/heldout/check.py --seeds 0-9 (--complete for the complete diary).
# Since fix35c the generator's scheduled pieces arrive at a steady rate over the diary
# (heldout.work.first_arrival; before, every case's schedule restarted at the span's start,
# court statements came +20% in the diary's first three weeks and -33% in its fourth, and
# the edge rule's steady-flow half read them long: complete diaries +4.4% at seeds 0-9,
# +1.4% over seeds 0-19; +11.9% at seed 0, an xfail here). Court statements now -3.8% at
# seed 0 (mean -3.1%, SE 2.4%; complete diaries -2.3% over seeds 0-19, SE 1.3%).
# The three left miss by a few tenths of a point at seed 0, each's own noise on a small
# bias; the care plans' mostly the diary's faults (complete diary -1.3%, SE 0.5%).
MISSES: dict[tuple[str, str], str] = {
    ("direct minutes", t): f"{e} at seed 0: noise on a small bias (mean over seeds 0-9 {m}, "
    f"standard error {se}; complete diary {c})"
    for t, e, m, se, c in (
        ("assessment_writeup", "-5.4%", "-1.7%", "0.9%", "-0.5%"),
        ("care_plan", "-5.3%", "-3.7%", "0.7%", "-1.3%"),
        ("conference_report", "-5.1%", "-1.0%", "1.0%", "+0.0%"),
    )
}


def _cases():
    out = []
    for measure, tol in (("direct minutes", 0.05), ("full hours", 0.10)):
        for task in (
            "statutory_visit",
            "professional_liaison",
            "family_contact",
            "core_group",
            "email_admin",
            "team_meeting",
            *WRITTEN,
        ):
            why = MISSES.get((measure, task))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(measure, task, tol, marks=marks, id=f"{measure}-{task}"))
    return out


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    study = generate(100, seed=0, calls="each")  # window 0: each call its own piece
    run = run_pipeline(study, tmp_path_factory.mktemp("heldout100"), n_boot=99, seed=0)
    return compare(run, study.truth).set_index(["measure", "item"])


@pytest.mark.slow
@pytest.mark.parametrize(("measure", "task", "tol"), _cases())
def test_recovery_at_100_workers(big, measure, task, tol):
    row = big.loc[(measure, task)]
    assert np.isfinite(row["estimate"])
    assert abs(row["error"]) <= tol, f"{row['error']:+.1%} against truth {row['truth']:.4g}"


# Capacity figures at seed 0 (benchmarks/RESULTS.md, "Short days and days written in
# part"): before the short-day rule, light days (a flexi afternoon) were classed partial
# and left out, and CLA hours per case-month missed by +5.1%, non-case hours per FTE-week
# by +5.9% and available case hours by -4.3%. Now within 1.8% and 1.9% (with 48687dd).
_CAPACITY = [
    *(("hours per case-month", k, 0.05) for k in ("CIN", "CLA", "CP", "PROCEEDINGS")),
    *(("per FTE-week", k, 0.03) for k in ("hours_worked", "non_case_hours",
                                          "available_case_hours")),
]


@pytest.mark.slow
@pytest.mark.parametrize(("measure", "item", "tol"), _CAPACITY)
def test_capacity_recovered_at_100_workers(big, measure, item, tol):
    row = big.loc[(measure, item)]
    assert abs(row["error"]) <= tol, f"{row['error']:+.1%} against truth {row['truth']:.4g}"
