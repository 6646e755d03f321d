"""The diary section's completeness by worker gives no one worker's figure (audit11).

"the lowest 70%" was the least complete worker's share of days complete: a figure from one
worker. By hand, 7 workers with shares complete 0.7, 1, 1, 1, 1, 1, 1: quantiles min 0.7,
p25 1.0, median 1.0, p75 1.0, max 1.0; the sentence keeps the median (1.0: 100%, from the
7; tied with p25, so at least three quarters had 100%: 6 of 7, and not "a quarter under
100%", which was 1 of 7, audit20) and drops the 70%; the count under 80% (1 of 7) is a count of one
worker, and "fewer than 5 of 7" would name it beside a lower quartile of 100% (at most 1
under): not shown (tests/guide/test_disclosure_counts.py); guide.json (and
data_quality.json) give no min or max.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.report.pieces_sections import diary_section

SUMMARY = {"n_workers": 7, "workers_below_80_percent": 1,
           "share_complete_quantiles": {"p25": 1.0, "median": 1.0, "p75": 1.0}}


def test_no_lowest_worker_in_the_sentence():
    guide = SimpleNamespace(meta={"completeness": SUMMARY}, completeness=pd.DataFrame())
    texts = [b.text for b in diary_section(guide).blocks if b.kind == "text"]
    by_worker = next(t for t in texts if t.startswith("By worker"))
    assert "70%" not in by_worker and "lowest" not in by_worker
    assert by_worker == ("By worker: three quarters of the diaries had at least 100% of their "
                         "working days complete; how many workers had under 80% "
                         "complete is not shown: with the figures above it could give back a "
                         "count of fewer than 5 workers (those under 80%, or the rest).")


def test_the_guide_publishes_no_lowest_or_highest_worker():
    """Shares complete by hand: 5 workers, W1 kept 3 of 5 working days complete (0.6), the
    others all 5 (1.0): quantiles p25 1.0, median 1.0, p75 1.0 (numpy's linear rule on
    0.6, 1, 1, 1, 1); the minimum, 0.6, is W1's own figure and is not published. Nor is
    the count under 80% (1 of 5): the quartiles (s1 = 1.0) leave 0 or 1, and "fewer than
    5 of 5" would say 1."""
    from timestudy.guide.diary import completeness_summary

    days = pd.DataFrame({
        "worker_id": [f"W{w}" for w in range(1, 6) for _ in range(5)],
        "week_start": pd.Timestamp("2026-03-09"),
        "status": ["complete"] * 3 + ["partial"] * 2 + ["complete"] * 20,
    })
    m = completeness_summary(days, min_workers=5)
    assert m["share_complete_quantiles"] == {"p25": 1.0, "median": 1.0, "p75": 1.0}
    assert m["workers_below_80_percent"] is None
    assert m["workers_below_80_percent_words"] is None
