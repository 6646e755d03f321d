"""Who is in post on the caseload day (capacity/in_post.py).

audit8: a worker whose entries stop a week before the caseload day (they left) counted
1.0 FTE in post: 8.0 FTE in post and a gap of -1.77 against 7.0 and -2.77 by hand. The
workers table's ``left`` says who left; without it the guide names the workers whose
diaries stop 5 or more weekdays before the caseload day.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.capacity.in_post import in_post, stopped_early
from timestudy.ingest import read_workers


def test_left_is_read_as_a_date(tmp_path):
    f = tmp_path / "workers.csv"
    f.write_text("worker_id,fte,left\nW1,1.0,\nW8,1.0,09/03/2026\n")
    w = read_workers(f)
    assert w["left"].tolist()[1] == pd.Timestamp("2026-03-09")
    assert pd.isna(w["left"].iloc[0])


def test_a_worker_who_left_on_or_before_the_day_is_not_in_post():
    """By hand: W8 left on 9 March. On 13 March, 1 worker and 1.0 FTE in post; on 9 March
    itself W8 has left; on 6 March both."""
    w = pd.DataFrame({"worker_id": ["W1", "W8"], "fte": [1.0, 1.0],
                      "left": pd.to_datetime([None, "2026-03-09"])})
    assert in_post(w, "2026-03-13")["fte"].sum() == 1.0
    assert in_post(w, "2026-03-09")["worker_id"].tolist() == ["W1"]
    assert in_post(w, "2026-03-06")["worker_id"].tolist() == ["W1", "W8"]
    assert in_post(w.drop(columns="left"), "2026-03-13") is not None


def test_diaries_that_stop_early_are_named_unless_left_is_given():
    """By hand: caseload day Friday 13 March. W8's last day Friday 6 March: 5 weekdays
    before (6, 9, 10, 11, 12): named. W7's Monday 9 March: 4 weekdays: not named."""
    last = pd.Series(pd.to_datetime(["2026-03-13", "2026-03-06", "2026-03-09"]),
                     index=["W1", "W8", "W7"])
    w = pd.DataFrame({"worker_id": ["W1", "W8", "W7"], "fte": 1.0})
    text = stopped_early(last, w, "2026-03-13")
    assert "W8 (last diary day 2026-03-06)" in text and "W7" not in text
    assert text.startswith("1 worker's diary stops")
    gone = w.assign(left=pd.to_datetime([None, "2026-03-09", None]))
    assert stopped_early(last, gone, "2026-03-13") is None


def test_the_guide_counts_a_leaver_out_of_post_and_names_a_diary_that_stops():
    """A 6-worker study, caseload day its last day (Friday 13 March). Giving W006 a left
    date of 9 March takes their FTE out of post (in post falls by exactly their FTE), their
    open cases become cases no one holds (still in the FTE needed, which is unchanged), and
    the gap widens by their FTE. Cutting W005's diary after 6 March, with no left date,
    names them in a warning."""
    import warnings

    from timestudy import run_study, simulate_study
    from timestudy.errors import DataQualityWarning

    s = simulate_study(n_workers=6, weeks=2, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = run_study(s.diary, s.cases, s.workers, sensitivity=False,
                           n_boot=19).guide.meta["headline"]
    gone = "W006"
    fte = float(s.workers.set_index("worker_id").loc[gone, "fte"])
    workers = s.workers.assign(left=pd.to_datetime(
        ["2026-03-09" if w == gone else None for w in s.workers["worker_id"]]))
    diary = s.diary[~((s.diary["worker_id"] == "W005")
                      & (s.diary["start"] >= pd.Timestamp("2026-03-07")))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        after = run_study(diary, s.cases, workers, sensitivity=False,
                          n_boot=19).guide.meta["headline"]
    assert after["fte_in_post"] == pytest.approx(before["fte_in_post"] - fte, abs=0.01)
    held = s.cases[(s.cases["worker_id"] == gone) & s.cases["closed"].isna()]
    assert after["unallocated_cases"] >= len(held) > 0
    said = [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)]
    assert any("W005 (last diary day 2026-03-06)" in m for m in said)
    assert not any(f"{gone} (last diary day" in m for m in said)
