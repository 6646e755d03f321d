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
    case_min = work.loc[work["case_id"].notna(), "duration_min"].sum()
    p = run.models.pieces
    assert p.loc[p["case_id"].notna(), "full_min"].sum() == pytest.approx(case_min, rel=1e-9)
    assert p["direct_min"].sum() == pytest.approx(work["duration_min"].sum(), rel=1e-9)


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
# issue's tolerance today. Filled from benchmarks/heldout/check.py --calls each on main
# (linking windows in working days, window-0 pieces split at any break, the edge rule,
# days missing at random allowed for in the days per piece, short days kept whole);
# figures again at 3c0a531 + the piece equivalents (which leave the task times as they are).
_WHY = ("seed 0 only, noise: the missing-days correction lengthens the task's pieces by "
        "~12% at every seed and seed 0 was already long (before it: {before} at seed 0, "
        "-5% to -21% at seeds 1-4); mean over seeds 0-4 {mean}")
MISSES: dict[tuple[str, str], str] = {
    (m, t): f"{e} at seed 0 ({_WHY.format(before=b, mean=mean)})"
    for t, e, b, mean, measures in (
        ("conference_report", "+8.1%", "-2.1%", "+0.1%", ("direct minutes",)),
        ("court_statement", "+11.9%", "-2.3%", "+1.6%", ("direct minutes", "full hours")),
    )
    for m in measures
}
# Care plan direct minutes, -5.5% at seed 0 (2026-12-03, RESULTS.md "The care plan xfail"):
# mostly the estimate's own noise (standard error 4.9% on the log scale at 261 pieces, so a
# 5% tolerance is about one standard error) on a small bias (mean over seeds 0-4 -3.0%).
# Not the heavier days missed, as this note said before: without them (check.py
# --heavy-extra 0) seed 0 is -5.3%; without unwritten leave -5.9%; with neither -5.8%; on
# the complete diary -3.2% (-1.6% without light days). Full hours pass (10%).
MISSES[("direct minutes", "care_plan")] = (
    "-5.5% at seed 0: noise (standard error 4.9%) on a small bias (mean over seeds 0-4 -3.0%; "
    "-5.3% at seed 0 without the heavier days missed, -3.2% on the complete diary)"
)


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
