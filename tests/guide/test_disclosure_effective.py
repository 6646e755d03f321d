"""A figure that one heavily weighted worker dominates is withheld (Kish's effective number).

The worker-count rule counts heads; a figure weighing its workers by their survey weights
rests on fewer workers *in effect*: Kish's ``(sum w)^2 / sum w^2``
(:func:`timestudy._lib.disclose.effective_workers`). A figure is withheld when either is
under ``min_workers``; ``n_workers`` stays the head count.

Two studies:

* the simulated one the problem was found in (``simulate_study(n_workers=6, weeks=2,
  seed=3)``), W001 weighted 20 and the other five 1: 6 workers by head, (20 + 5)^2 /
  (400 + 5) = 625 / 405 = 1.54 in effect. The old guide published hours worked per
  FTE-week of 54.5 (W001's own is 56.5, the others' 41.6 to 69.4, unweighted 49.3):
  essentially W001's hours. Now the whole guide is withheld.
* the hand-made six-worker study of ``test_disclosure_totals`` with ``min_workers`` 2 and
  W2 weighted 10: the court statements (W1 once, W2 twice) and PROCEEDINGS (W1's P1, W2's
  P2) rest on 2 workers by head, enough for 2, but (10 + 1)^2 / (100 + 1) = 1.20 in effect;
  the study is (10 + 5)^2 / (100 + 5) = 2.14 in effect, enough. Both rows go (with CP, as
  PROCEEDINGS' complement: the hidden rows together must be 2 in effect, and W1 and W2
  are 1.20), and no withheld figure comes back from the published sums (the least-squares
  reader of ``test_disclosure_totals``).
"""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest
from test_disclosure_totals import _reader, _s1

import timestudy
from timestudy._lib.disclose import effective_workers, too_few
from timestudy.guide.matrix_disclosure import publish_matrix


def _simulated(weight_w001: float, weight_rest: float = 1.0):
    s = timestudy.simulate_study(n_workers=6, weeks=2, seed=3)
    diary = s.diary.assign(w=s.diary["worker_id"].map(
        lambda i: weight_w001 if i == "W001" else weight_rest))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = timestudy.run_study(diary, s.cases, s.workers, n_boot=19, weight="w",
                                  sensitivity=False)
    return json.loads(run.guide.to_json())


def test_kish_by_hand():
    """(20 + 5)^2 / (20^2 + 5) = 625 / 405 = 1.543; equal weights (any) give 6."""
    ids = [f"W00{i}" for i in range(1, 7)]
    assert effective_workers(ids, [20, 1, 1, 1, 1, 1]) == pytest.approx(625 / 405)
    assert effective_workers(ids, [0.7] * 6) == 6.0
    assert effective_workers(ids * 3, [2.5] * 18) == 6.0  # rows, not workers, repeat
    assert bool(too_few(6, 5, 625 / 405)) and not bool(too_few(6, 5, 6.0))


def test_one_worker_weighted_20_of_6_withholds_the_guide():
    """Old: hours worked per FTE-week 54.54 published (resting on 6 workers by head). New:
    1.54 workers in effect, fewer than 5: every figure withheld, ``n_workers`` still 6."""
    raw = _simulated(20.0)
    assert raw["available_hours"]["measures"]["hours_worked_per_fte_week"] is None
    # the effective number said too (audit23): 625 / 405 = 1.543, to 1 decimal 1.5
    assert {"table": "all", "key": "*", "reason": "fewer than 5 workers in effect under "
            "their survey weights (6 by head, 1.5 in effect)"} in raw["suppressed"]
    assert raw["meta"]["n_workers"] == 6
    assert all(t["direct_minutes"] is None and t["hours_per_fte_week"] is None
               for t in raw["tasks"])
    assert all(c["hours_per_case_month"] is None for c in raw["case_types"])


def test_equal_weights_change_nothing():
    """Every worker weighted 3: 6 in effect, as by head; the hours worked per FTE-week are
    the unweighted 49.3 (a ratio of sums with one weight throughout), published."""
    raw = _simulated(3.0, 3.0)
    hours = raw["available_hours"]["measures"]["hours_worked_per_fte_week"]
    assert hours is not None and hours["estimate"] == pytest.approx(49.3, abs=0.05)
    assert not any(s["table"] == "all" for s in raw["suppressed"])
    assert not any("in effect" in s["reason"] for s in raw["suppressed"])


@pytest.fixture(scope="module")
def heavy_w2():
    diary, cases, workers = _s1()
    diary = diary.assign(weight=diary["worker_id"].map(lambda w: 10.0 if w == "W2" else 1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = timestudy.run_study(diary, cases, workers, n_boot=19, weight="weight",
                                  timezone="Europe/London", min_workers=2)
    return run, json.loads(run.guide.to_json())


def test_a_row_of_two_workers_one_weighted_10_is_withheld(heavy_w2):
    """Court statements: W1 (1) and W2 (10), 2 by head, 121 / 101 = 1.20 in effect: the row
    goes, with the reason in words (no effective number published). PROCEEDINGS likewise,
    and CP with it (W1 and W2 alone are 1.20 in effect; with CP, all six are 2.14). The
    statutory visits (all six, 2.14 in effect) stay published."""
    _, raw = heavy_w2
    why = {(s["table"], s["key"]): s["reason"] for s in raw["suppressed"]}
    words = "fewer than 2 workers in effect under their survey weights"
    assert why[("tasks", "court_statement")] == words
    assert why[("case_types", "PROCEEDINGS")] == words
    assert why[("case_types", "CP")].startswith("secondary suppression")
    tasks = {t["task_type"]: t for t in raw["tasks"]}
    assert tasks["court_statement"]["direct_minutes"] is None
    assert tasks["court_statement"]["hours_per_fte_week"] is None
    assert tasks["court_statement"]["n_workers"] == 2  # the head count stays
    assert "n_workers_effective" not in tasks["court_statement"]
    assert tasks["statutory_visit"]["direct_minutes"] is not None
    types = {c["case_type"]: c for c in raw["case_types"]}
    assert types["PROCEEDINGS"]["hours_per_case_month"] is None
    assert types["CP"]["hours_per_case_month"] is None
    assert raw["available_hours"]["measures"]["hours_worked_per_fte_week"] is not None


def test_the_out_of_hours_share_of_three_workers_one_weighted_10_is_withheld(heavy_w2):
    """Out-of-hours time: W2's notes at home (10), W3's night visit (1), W5's duty (1): 3 by
    head, (10 + 1 + 1)^2 / (100 + 1 + 1) = 144 / 102 = 1.41 in effect, under 2. The share
    goes (the old guide published it), and the out-of-hours hours per FTE-week with it."""
    _, raw = heavy_w2
    why = {(s["table"], s["key"]): s["reason"] for s in raw["suppressed"]}
    assert why[("category_shares", "out_of_hours")] == (
        "fewer than 2 workers in effect under their survey weights")
    shares = {c["category"]: c for c in raw["category_shares"]}
    assert shares["out_of_hours"]["share"] is None
    assert raw["available_hours"]["measures"]["out_of_hours_per_fte_week"] is None


def test_a_matrix_cell_withheld_in_effect_takes_a_complement():
    """A row of two cells, each from 3 workers by head; the first's are 1.5 in effect (say
    weights 4, 1, 1: 36 / 18 = 2, or less). With ``min_workers`` 3 it goes, and as the row
    adds up to a published total, the second goes with it (complementary suppression)."""
    m = pd.DataFrame({"a": [2.0], "b": [3.0]}, index=["CP"])
    heads = pd.DataFrame({"a": [3], "b": [3]}, index=["CP"])
    eff = pd.DataFrame({"a": [1.5], "b": [3.0]}, index=["CP"])
    out, notes = publish_matrix(m, heads, 3, "task_case_hours", set(), set(),
                                row_totals=True, effective=eff)
    assert out.isna().all().all()
    assert notes[0].key == "CP/a" and "in effect" in notes[0].reason
    same, _ = publish_matrix(m, heads, 3, "task_case_hours", set(), set(), row_totals=True)
    assert same.notna().all().all()  # by head alone (the old rule) both were published


def test_nothing_withheld_in_effect_comes_back(heavy_w2):
    """The reader of ``test_disclosure_totals`` (the sums of shares, task rows, hours
    available and case types' hours) solves for no withheld figure."""
    run, raw = heavy_w2
    assert _reader(run, raw) == []
