"""Survey weights that differ between workers give no withheld figure back.

The disclosure tests so far ran with equal weights or a role allowance (``asye``). Here the
study of ``test_disclosure_totals`` (six workers, one week: W1 misses a day, two rare court
statements on PROCEEDINGS, a night visit, a liaison call, a night duty shift) is run with a
survey weight per worker (the diary's ``weight`` column, ``run_study(weight=...)``): W1 1.0,
W2 2.0, W3 1.5, W4 0.5, W5 3.0, W6 1.0.

The reader knows the weights and each worker's FTE-weeks (a manager does), so the weighted
FTE-weeks too, and every published figure of ``guide.json``. Weighted figures (minutes a
piece, hours per FTE-week, shares, hours per case-month, case-months) beside unweighted
counts (pieces, workers, cases) no longer give the FTE-weeks by the audit's trick (minutes a
piece x pieces / 60 / hours per FTE-week: 60 x 29 / 60 / 5.0 = 5.8 here, the weighted
FTE-weeks being 8.8), so the reader's sums are the ones the guide protects: they hold under
the weights (the first test), and with them no withheld figure can be solved for (the
second, with the least-squares reader of ``test_disclosure_totals``).

These weights make the six workers 4.63 in effect (Kish: (1 + 2 + 1.5 + 0.5 + 3 + 1)^2 /
(1 + 4 + 2.25 + 0.25 + 9 + 1) = 81 / 17.5): fewer than 5, so with ``min_workers`` 5 the
whole guide is withheld (the last test); the reader's test runs with ``min_workers`` 4,
where the same figures are withheld as with equal weights at 5.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from test_disclosure_totals import _reader, _s1

import timestudy

WEIGHTS = {"W1": 1.0, "W2": 2.0, "W3": 1.5, "W4": 0.5, "W5": 3.0, "W6": 1.0}


def _run(min_workers: int):
    diary, cases, workers = _s1()
    diary = diary.assign(weight=diary["worker_id"].map(WEIGHTS))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.run_study(diary, cases, workers, n_boot=19, weight="weight",
                                   timezone="Europe/London", min_workers=min_workers)


@pytest.fixture(scope="module")
def every_figure():
    return _run(1).guide


@pytest.fixture(scope="module")
def published():
    run = _run(4)
    return run, json.loads(run.guide.to_json())


def test_the_sums_a_reader_knows_hold_under_the_weights(every_figure):
    """Every figure shown (min_workers 1). By hand, the weighted FTE-weeks: W1 4 days (0.8)
    x 1 + 1.0 x (2 + 1.5 + 0.5 + 3 + 1) = 8.8. Case hours by worker (each day 30 min
    travel there, 1 h visit, 1 h notes, 30 min back: 3 h, W1 on 4 days): W1 12 + 2 court
    = 14, W2 15 + 4 court + 1.5 notes at home = 20.5, W3 15 + 1 night visit = 16, W4 15 +
    0.5 (the call's half hour not under their emails) = 15.5, W5 15, W6 15; weighted 14 +
    41 + 24 + 7.75 + 45 + 15 = 146.75 = the case hours per FTE-week x 8.8 = the case
    types' hours per case-month x case-months, summed. The tasks' hours per FTE-week add up
    to the hours worked, their non-case parts to the non-case hours, and each category's
    share x hours worked is its tasks' hours."""
    g = every_figure
    av = g.available_table()["estimate"]
    t, ct = g.tasks, g.case_types
    fte_weeks = 0.8 * 1.0 + 1.0 * (2.0 + 1.5 + 0.5 + 3.0 + 1.0)
    assert av["case_hours_per_fte_week"] * fte_weeks == pytest.approx(146.75, abs=1e-4)
    assert (ct["hours_per_case_month"] * ct["case_months"]).sum() == pytest.approx(146.75,
                                                                                abs=1e-4)
    assert t["hours_per_fte_week"].sum() == pytest.approx(av["hours_worked_per_fte_week"],
                                                          abs=1e-5)
    assert t["non_case_hours_per_fte_week"].sum() == pytest.approx(
        av["non_case_hours_per_fte_week"], abs=1e-5)
    shares = g.category_shares["share"].drop("out_of_hours")
    by_cat = t.groupby("category")["hours_per_fte_week"].sum()
    np.testing.assert_allclose(shares * av["hours_worked_per_fte_week"],
                               by_cat.reindex(shares.index), atol=1e-5)


def test_the_audit_trick_no_longer_gives_the_fte_weeks(every_figure):
    """Statutory visits: 60 min a piece x 29 pieces / 60 / 5.0 h per FTE-week = 5.8, the
    unweighted FTE-weeks; the figures per FTE-week are over the weighted 8.8. So a
    reader's FTE-weeks come from knowing the weights, and the sums above are all they
    give."""
    r = every_figure.tasks.loc["statutory_visit"]
    trick = r["direct_minutes"] * r["n_pieces"] / 60 / r["hours_per_fte_week"]
    assert trick == pytest.approx(5.8)


def test_no_withheld_figure_comes_back_under_the_weights(published):
    """With ``min_workers`` 4 (4.63 workers in effect: enough) the guide withholds what it
    withholds with equal weights at 5 (duty, the liaison call, the night visit and the court
    statements: 1 or 2 workers; PROCEEDINGS, 2 workers, with CP as its complement; the
    out-of-hours share, 3 workers; email admin and the category shares as complements),
    and the reader finds no withheld figure in the published sums."""
    run, raw = published
    assert _reader(run, raw) == []
    sup = {(s["table"], s["key"]) for s in raw["suppressed"]}
    assert {("tasks", "duty"), ("tasks", "professional_liaison"),
            ("tasks", "unannounced_visit"), ("tasks", "court_statement"),
            ("tasks", "email_admin"), ("case_types", "PROCEEDINGS"), ("case_types", "CP"),
            ("category_shares", "out_of_hours")} <= sup
    assert raw["meta"]["case_time"]["hours"] == 0.0  # both types withheld: none counted


def test_the_guide_is_withheld_when_the_weighted_workers_are_too_few_in_effect():
    """Six workers by head, 81 / 17.5 = 4.63 in effect: fewer than 5, so every figure goes
    (the old rule counted heads, 6, and published the hours worked per FTE-week)."""
    raw = json.loads(_run(5).guide.to_json())
    # the effective number said too (audit23): 81 / 17.5 = 4.63, to 1 decimal 4.6
    assert {"table": "all", "key": "*", "reason": "fewer than 5 workers in effect under "
            "their survey weights (6 by head, 4.6 in effect)"} in raw["suppressed"]
    assert raw["available_hours"]["measures"]["hours_worked_per_fte_week"] is None
    assert raw["meta"]["n_workers"] == 6  # the head count stays
    assert all(t["direct_minutes"] is None for t in raw["tasks"])
