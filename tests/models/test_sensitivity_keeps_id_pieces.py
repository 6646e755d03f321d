"""The sensitivity's other linking windows leave the pieces an ``instance_id`` defines as the
taxonomy's windows make them.

An id is the worker's own word that sittings are one piece; the sensitivity's "windows x 0"
asks what happens if pieces *without* an id were linked day by day. A court statement
written on Monday 2 and Thursday 5 March 2026 with id S1 (60 + 60 min) is one piece of 120
direct minutes under every window; a statement with no id (Monday 16 and Wednesday 18, 30 + 90
min) is one piece of 120 under the taxonomy's window and two of 30 and 90 under x 0. So at
x 0: 3 pieces, direct (120 + 30 + 90) / 3 = 80.0 min; were the id's piece split too, 4
pieces of 60 min. Every weekday from 2 February to 24 April has 30 minutes of admin at 09:00, so no
day is missing and no piece is near the diary's edges (no piece lengthened for days missed,
none censored).
"""

import pandas as pd

from timestudy.models import pieces_sensitivity


def test_an_instance_ids_piece_stays_whole_under_windows_times_zero():
    weekdays = pd.bdate_range("2026-02-02", "2026-04-24") + pd.Timedelta(hours=9)
    admin = pd.DataFrame({"worker_id": "W1", "case_id": None, "duration_min": 30.0,
                          "start": weekdays, "task_type": "admin", "category": "admin",
                          "instance_id": None})
    statements = pd.DataFrame({
        "worker_id": "W1", "case_id": "C1", "duration_min": [60.0, 60.0, 30.0, 90.0],
        "start": pd.to_datetime(["2026-03-02 10:00", "2026-03-05 10:00",
                                 "2026-03-16 10:00", "2026-03-18 10:00"]),
        "task_type": "court_statement", "category": "recording",
        "instance_id": ["S1", "S1", None, None]})
    ep = pd.concat([admin, statements], ignore_index=True)
    t = pieces_sensitivity(ep, link_within_days={"court_statement": 10}, scales=(0, 1),
                           gaps=()).set_index(["parameter", "value", "task_type"])
    zero = t.loc[("link_within_days", 0.0, "court_statement")]
    assert zero["n_pieces"] == 3
    assert abs(zero["direct_min"] - 80.0) < 1e-9
    one = t.loc[("link_within_days", 1.0, "court_statement")]
    assert (one["n_pieces"], one["direct_min"]) == (2, 120.0)
