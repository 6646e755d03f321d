"""A case worked together is not covered: its holder's blank days stay missing (audit22c F2).

W1 holds case K and W2 co-works it: both write 60 minutes on K every day, Monday 2 to Friday
6 March 2026, except W1 writes nothing on Wednesday 4. Before, W2's work that Wednesday read
W1's blank day as leave a colleague covered: the day stayed in K's exposure while W1's own
hour on it was never written (by hand 2 hours a day, 42.15 per case-month; the audit's study
37.93, 10% under). Now a colleague who also worked the case on a day its holder wrote is a
co-worker: the day stays missing, out of both the hours and the exposure. A colleague seen on
the case only while the holder wrote nothing still reads as cover, as before.
"""

from __future__ import annotations

import pandas as pd

from timestudy.panels.absence_cover import absence_covered

DAYS = pd.bdate_range("2026-03-02", "2026-03-06")


def _days() -> pd.DataFrame:
    rows = [{"worker_id": w, "diary_date": d, "contracted": True, "absent": False,
             "status": "missing" if (w == "W1" and d.day == 4) else "complete",
             "used": not (w == "W1" and d.day == 4)} for w in ("W1", "W2") for d in DAYS]
    return pd.DataFrame(rows)


CASES = pd.DataFrame({"case_id": ["K"], "worker_id": ["W1"]})


def test_a_co_workers_day_on_the_case_does_not_make_the_holders_blank_day_leave():
    work = pd.DataFrame({"case_id": "K", "worker_id": "W2", "diary_date": DAYS})
    got = absence_covered(_days(), work, CASES)
    w1 = got.loc[got["worker_id"] == "W1"].set_index(got.loc[got["worker_id"] == "W1",
                                                             "diary_date"].dt.day)
    assert w1.loc[4, "status"] == "missing" and not w1.loc[4, "absent"]


def test_a_colleague_seen_only_while_the_holder_wrote_nothing_is_cover():
    work = pd.DataFrame({"case_id": ["K"], "worker_id": ["W2"],
                         "diary_date": pd.to_datetime(["2026-03-04"])})
    got = absence_covered(_days(), work, CASES)
    day = got.loc[(got["worker_id"] == "W1") & (got["diary_date"].dt.day == 4)].iloc[0]
    assert day["status"] == "absent" and day["absent"]


def test_a_joint_visit_beside_cover_is_still_cover():
    """review22b: W2 visits K with W1 on Monday 2 (W1 wrote), and works it alone on
    Wednesday 4 and Thursday 5, days W1 wrote nothing. 1 of 3 of W2's days on K had W1
    writing: cover, and both blank days read as absence covered (the first version of the
    rule read any day together as working the case together)."""
    days = _days()
    days.loc[(days["worker_id"] == "W1") & days["diary_date"].dt.day.isin([4, 5]),
             ["status", "used"]] = ["missing", False]
    work = pd.DataFrame({"case_id": "K", "worker_id": "W2",
                         "diary_date": pd.to_datetime(["2026-03-02", "2026-03-04",
                                                       "2026-03-05"])})
    got = absence_covered(days, work, CASES)
    w1 = got.loc[got["worker_id"] == "W1"]
    assert w1.loc[w1["diary_date"].dt.day.isin([4, 5]), "status"].tolist() == ["absent"] * 2
