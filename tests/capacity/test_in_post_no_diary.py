"""A worker in post who wrote no diary at all is named, as a diary that stops early is.

audit20b (v2/, v6/): W11, 1.0 FTE in post holding two cases, wrote no diary entry. The
guide counted them in "9.0 FTE in post" with no warning, while W09, whose diary stopped
early, was named. data_schema/README.md (the workers table's ``left``) says the guide
names "a worker on leave who wrote nothing"; a worker on leave stays in post, so W11
still counts in the FTE in post, and is named for the analyst to give ``left`` if they
have gone.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.capacity.in_post import stopped_early


def test_a_worker_with_no_diary_is_named():
    """By hand: caseload day Friday 13 March. W1's diary runs to that day (not named);
    W11 is in the workers table, in post (no ``left``), with no diary day: named, "no
    diary entries". W12 left on 9 March: not in post, not named."""
    last = pd.Series(pd.to_datetime(["2026-03-13"]), index=["W1"])
    w = pd.DataFrame(
        {
            "worker_id": ["W1", "W11", "W12"],
            "fte": 1.0,
            "left": pd.to_datetime([None, None, "2026-03-09"]),
        }
    )
    text = stopped_early(last, w, "2026-03-13")
    assert text is not None, "a worker in post with no diary was not named"
    assert "W11 (no accepted diary entries)" in text
    assert text.startswith(
        "1 worker's diary stops 5 or more weekdays before the caseload "
        "day (2026-03-13) or holds no accepted entries, yet they count in post"
    )
    assert "W1 " not in text and "W12" not in text
    assert "`left`" in text


def test_a_leaver_and_a_worker_with_no_diary_in_one_sentence():
    """By hand: W8's last day Friday 6 March, 5 weekdays before Friday 13 March: named with
    its day; W11 with no diary: named. One sentence, 2 workers, in id order."""
    last = pd.Series(pd.to_datetime(["2026-03-13", "2026-03-06"]), index=["W1", "W8"])
    w = pd.DataFrame({"worker_id": ["W1", "W8", "W11"], "fte": 1.0})
    text = stopped_early(last, w, "2026-03-13")
    assert text.startswith("2 workers' diaries stop")
    assert "W11 (no accepted diary entries), W8 (last diary day 2026-03-06)" in text


def test_the_guide_names_a_worker_with_no_diary_and_counts_them_in_post():
    """A 6-worker study plus W099, 1.0 FTE, in the workers table with no diary entry:
    the run warns naming W099 (no accepted diary entries), as the audit's W11 was not, and the FTE
    in post is the 6 workers' plus 1.0 (in post, as a worker on leave is)."""
    from timestudy import run_study, simulate_study
    from timestudy.errors import DataQualityWarning

    s = simulate_study(n_workers=6, weeks=2, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=19)
        before = run.guide.meta["headline"]
    extra = s.workers.iloc[[0]].assign(worker_id="W099", fte=1.0)
    workers = pd.concat([s.workers, extra], ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = run_study(s.diary, s.cases, workers, sensitivity=False, n_boot=19)
        after = run.guide.meta["headline"]
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    assert any("W099 (no accepted diary entries)" in m for m in said), said
    assert after["fte_in_post"] == pytest.approx(before["fte_in_post"] + 1.0, abs=0.01)
