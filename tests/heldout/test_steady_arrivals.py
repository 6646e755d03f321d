"""The held-out generator's scheduled pieces arrive at a steady rate over the diary (fix35c).

Visits, reviews and written work come round on each case at intervals of 70-130% of a
period. Each schedule began at a uniform point of one period from the span's first day
(six weeks before the diary), so every ongoing case's schedule restarted together: court
statements (a period of 61 days) came 0.7 to 1.0 periods in at up to 1.5 times their steady
rate and at half of it just after, over seeds 0-9 +20% in the diary's first three weeks and
-33% in its fourth. The edge rule's steady-flow half read that as long pieces: court
statements on complete diaries, seeds 0-19, flow +3.7% -> -4.0% with the schedules steady
(``tests/panels/test_edge_rule_steady_flow.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from heldout.work import DAYS_PER_MONTH, _regular  # noqa: E402
from heldout.world import AFTER, BEFORE  # noqa: E402

WEEKS = 4


def weekly_arrivals(lo: int, n_cases: int = 40_000, rate: float = 0.5) -> np.ndarray:
    """Arrivals per week over the diary and the span after it, per case, over the steady
    rate's (1 = steady), for ``n_cases`` cases open from ``lo`` throughout."""
    rng = np.random.default_rng(11)
    lo_all = np.full(n_cases, lo)
    hi_all = np.full(n_cases, 7 * WEEKS + AFTER - 1)
    _, _, day = _regular(rng, np.full((n_cases, 1), rate), lo_all, hi_all)
    weeks = np.bincount((day[day >= 0] // 7).astype(int), minlength=WEEKS + AFTER // 7)
    return weeks / (n_cases * 7 * rate / DAYS_PER_MONTH)


def test_ongoing_cases_schedules_arrive_steadily():
    # court statements' rate (0.5 a month) on cases open before the span: each week of the
    # diary and after it within 4% of the steady rate (about 2,300 arrivals a week; before
    # fix35c 1.08, 1.26, 1.16, 0.67 in the diary's four weeks, 0.84 the week after)
    got = weekly_arrivals(-BEFORE)
    assert np.abs(got - 1).max() < 0.04, got.round(3).tolist()


def test_a_case_opened_in_the_span_starts_its_schedule():
    # a case opened on the diary's first day: its first piece within one period (uniform),
    # none before; every case has one by day 61
    rng = np.random.default_rng(3)
    case, _, day = _regular(
        rng, np.full((2_000, 1), 0.5), np.zeros(2_000, int), np.full(2_000, 200)
    )
    first = np.full(2_000, 10**6)
    np.minimum.at(first, case, day)
    assert first.min() >= 0 and first.max() <= DAYS_PER_MONTH / 0.5
    assert abs(np.mean(first) / (DAYS_PER_MONTH / 0.5) - 0.5) < 0.03
