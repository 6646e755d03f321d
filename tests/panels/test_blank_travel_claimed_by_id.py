"""The travel-on-no-case warning counts only travel no instance id claims (fix25c, item 1).

Travel with no case that carries the ``instance_id`` of a piece of the worker's own work is
that piece's (data_schema/README.md, ``instance_id``: the travel is in its full time). The
warning that a large share of travel is left on no case was worked out before the id
claimed it, by :func:`~timestudy.panels.attribution.return_journeys`, so it counted travel
that was in fact attributed.

By hand, W1's Monday:

- 08:00-09:30 travel, no case, id V1 (90 min): the drive to a distant placement;
- 09:30-10:30 email, no case (60 min): the drive's next entry is no visit, so no
  journey-to rule gives it a case, and nothing on a case came before it;
- 11:00-12:00 statutory visit on C1, id V1 (60 min);
- 14:00-15:00 travel, no case, no id (60 min): two hours after the visit (over the
  30-minute travel gap), no journey back.

Travel 90 + 60 = 150 min = 2.5 h. Before: all 150 on no case, "2.5 of 2.5 travel hours
(100%)". After: the 90 claimed by V1 are the visit's (direct 60, linked travel 90, full
150), 60 left: "1.0 of 2.5 travel hours (40%)", still over the quarter, warned. The 60
left is what the pieces hold as travel of its own with no case (full 60); every minute once:
90 + 60 + 60 + 60 = 270 full minutes.

With the last drive 20 minutes instead (travel 110 min), 20 are left: 18% (20 / 110), not
over a quarter: no warning (before: 110 of 110, 100%, warned).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work
from timestudy.panels.attribution import return_journeys


def _diary(last_drive=60.0):
    rows = [(None, "V1", "2026-03-02 08:00", 90.0, "travel", "travel"),
            (None, None, "2026-03-02 09:30", 60.0, "email_admin", "admin"),
            ("C1", "V1", "2026-03-02 11:00", 60.0, "statutory_visit", "direct_work"),
            (None, None, "2026-03-02 14:00", last_drive, "travel", "travel")]
    e = pd.DataFrame(rows, columns=["case_id", "instance_id", "start", "duration_min",
                                    "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    return e.assign(worker_id="W1")


def test_the_warning_counts_only_the_travel_no_id_claims():
    with pytest.warns(DataQualityWarning, match=r"^1\.0 of 2\.5 travel hours \(40%\)") as rec:
        r = return_journeys(_diary())
    assert not any("2.5 of 2.5" in str(w.message) for w in rec)
    assert r["case_id"].isna().tolist() == [True, True, False, True]  # no journey filled
    p = pieces_of_work(r, link_within_days={})
    v = p.loc[p["task_type"].eq("statutory_visit")].iloc[0]
    assert (v["direct_min"], v["linked_travel_min"], v["full_min"]) == (60.0, 90.0, 150.0)
    left = p.loc[p["task_type"].eq("travel") & p["case_id"].isna(), "full_min"].sum()
    assert left == 60.0  # what the warning names: the travel in no piece's full time
    assert p["full_min"].sum() == 270.0


def test_what_is_left_under_a_quarter_is_not_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        return_journeys(_diary(last_drive=20.0))


def test_without_the_id_column_all_blank_travel_is_counted():
    """Without ``instance_id`` the drive is claimed by nothing: 2.5 of 2.5 h, as before."""
    with pytest.warns(DataQualityWarning, match=r"^2\.5 of 2\.5 travel hours \(100%\)"):
        return_journeys(_diary().drop(columns="instance_id"))
