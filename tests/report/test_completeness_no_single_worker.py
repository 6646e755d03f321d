"""The diary section's completeness by worker gives no one worker's figure (audit11).

"the lowest 70%" was the least complete worker's share of days complete: a figure from one
worker. By hand, 7 workers with shares complete 0.7, 1, 1, 1, 1, 1, 1: quantiles min 0.7,
p25 1.0, median 1.0, p75 1.0, max 1.0; the sentence keeps the median and the quarter (1.0:
100%, from the 7) and the count under 80% (1 of 7), and drops the 70%; data_quality.json's
summary drops min and max.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.report.pieces_sections import diary_section

SUMMARY = {"n_workers": 7, "workers_below_80_percent": 1,
           "share_complete_quantiles": {"min": 0.7, "p25": 1.0, "median": 1.0, "p75": 1.0,
                                        "max": 1.0}}


def test_no_lowest_worker_in_the_sentence():
    guide = SimpleNamespace(meta={"completeness": SUMMARY}, completeness=pd.DataFrame())
    texts = [b.text for b in diary_section(guide).blocks if b.kind == "text"]
    by_worker = next(t for t in texts if t.startswith("By worker"))
    assert "70%" not in by_worker and "lowest" not in by_worker
    assert by_worker == ("By worker: half the diaries had at least 100% of their working days "
                         "complete (a quarter under 100%); 1 of 7 workers had under 80% "
                         "complete.")


def test_data_quality_summary_drops_the_extremes():
    from timestudy.report.run_sections import published_completeness

    q = published_completeness(SUMMARY)["share_complete_quantiles"]
    assert q == {"p25": 1.0, "median": 1.0, "p75": 1.0}
